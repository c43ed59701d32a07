//! Schemas and their fields: record types added, removed, renamed or moved, and each
//! field's JSON key, type, requiredness and constraints. A record's field is judged in
//! the directions the record travels ([`usage`]).

use super::change::{breaking, compatible, major, minor, patch, Draft, Kind, Subject};
use super::compat::{compare_values, Carrier, Dirs, Side};
use super::types::{field_ty, record_path};
use super::{reasons, Differ};
use crate::model::{Api, BodyKind, Model, ModelField, ResponseKind, RustType};
use crate::openapi::Schema;
use std::collections::{HashMap, HashSet};

/// The schemas renamed between two specs: old name → new name.
#[derive(Debug, Default)]
pub(super) struct Renames(HashMap<String, String>);

impl Renames {
    /// Removed and added schemas with the same definition (descriptions aside), each the
    /// only such candidate on its side: a rename.
    pub(super) fn find(old: &Api, new: &Api) -> Self {
        let shape = |s: &Schema| {
            let mut v = serde_json::to_value(s).unwrap_or_default();
            if let Some(map) = v.as_object_mut() {
                map.remove("description");
            }
            v
        };
        let old_schemas = &old.document.components.schemas;
        let new_schemas = &new.document.components.schemas;
        let removed: Vec<(&String, serde_json::Value)> = old_schemas
            .iter()
            .filter(|(name, _)| !new_schemas.contains_key(*name))
            .map(|(name, s)| (name, shape(s)))
            .collect();
        let added: Vec<(&String, serde_json::Value)> = new_schemas
            .iter()
            .filter(|(name, _)| !old_schemas.contains_key(*name))
            .map(|(name, s)| (name, shape(s)))
            .collect();
        let mut renames = HashMap::new();
        for (old_name, old_shape) in &removed {
            let matches: Vec<&&String> = added
                .iter()
                .filter(|(_, s)| s == old_shape)
                .map(|(n, _)| n)
                .collect();
            let rivals = removed.iter().filter(|(_, s)| s == old_shape).count();
            if let ([new_name], 1) = (&matches[..], rivals) {
                renames.insert((*old_name).clone(), (**new_name).clone());
            }
        }
        Renames(renames)
    }

    /// The name a schema of the old spec has in the new one.
    pub(super) fn canon(&self, old_name: &str) -> String {
        self.0
            .get(old_name)
            .cloned()
            .unwrap_or_else(|| old_name.to_owned())
    }

    /// Whether the old schema of this name was renamed.
    fn is_renamed(&self, old_name: &str) -> bool {
        self.0.contains_key(old_name)
    }

    /// The old name of a schema of the new spec that was renamed.
    fn old_name_of(&self, new_name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(_, n)| n.as_str() == new_name)
            .map(|(o, _)| o.as_str())
    }
}

/// Which ways every schema of `api` travels, by name: the schemas of request bodies and
/// of responses, and the schemas their fields use, transitively.
pub(super) fn usage(api: &Api) -> HashMap<String, Dirs> {
    let mut requests = Vec::new();
    let mut responses = Vec::new();
    for (_, op) in api.operations() {
        if let BodyKind::Json(t) | BodyKind::JsonSlice(t) = &op.body {
            requests.push(t.clone());
        }
        match &op.response.kind {
            ResponseKind::Record(id) | ResponseKind::Saved(id) => {
                responses.push(RustType::Model(*id))
            }
            ResponseKind::List { item, .. } => responses.push(item.clone()),
            ResponseKind::Value(t) => responses.push(t.clone()),
            _ => {}
        }
    }
    let mut dirs: HashMap<String, Dirs> = HashMap::new();
    for (roots, request) in [(requests, true), (responses, false)] {
        let mut stack = roots;
        let mut seen = HashSet::new();
        while let Some(t) = stack.pop() {
            match t {
                RustType::Vec(inner) | RustType::Map(inner) => stack.push(*inner),
                RustType::Model(id) => {
                    if !seen.insert(id) {
                        continue;
                    }
                    let m = api.model(id);
                    let d = dirs.entry(m.schema_name.clone()).or_default();
                    if request {
                        d.request = true;
                    } else {
                        d.response = true;
                    }
                    stack.extend(m.fields.iter().map(|f| f.ty.clone()));
                }
                _ => {}
            }
        }
    }
    dirs
}

/// Whether `name` is in the schema's `required` list.
pub(super) fn required(s: &Schema, name: &str) -> bool {
    s.required
        .as_deref()
        .unwrap_or_default()
        .iter()
        .any(|r| r == name)
}

/// A property of a schema.
fn property<'s>(s: &'s Schema, name: &str) -> Option<&'s Schema> {
    s.properties.as_ref()?.get(name)
}

/// The `additionalProperties` of a schema, as JSON.
fn additional(s: &Schema) -> Option<serde_json::Value> {
    s.additional_properties
        .as_ref()
        .map(|a| serde_json::to_value(a).unwrap_or_default())
}

impl Differ<'_> {
    pub(super) fn schemas(&mut self) {
        for n in &self.new.types {
            let old_name = self
                .renames
                .old_name_of(&n.schema_name)
                .unwrap_or(&n.schema_name);
            match self.old.types.iter().find(|o| o.schema_name == old_name) {
                None => self.push(
                    Draft::new(
                        Subject::schema(&n.schema_name),
                        Kind::Added,
                        format!(
                            "new record type `{}` (schema `{}`)",
                            record_path(n),
                            n.schema_name
                        ),
                    )
                    .item(record_path(n))
                    .judged(
                        minor(reasons::NEW_TYPE),
                        compatible(reasons::NEW_SCHEMA_ON_THE_WIRE),
                    ),
                ),
                Some(o) => self.schema(o, n),
            }
        }
        for o in &self.old.types {
            if self
                .new
                .types
                .iter()
                .any(|n| n.schema_name == o.schema_name)
                || self.renames.is_renamed(&o.schema_name)
            {
                continue;
            }
            self.push(
                Draft::new(
                    Subject::schema(&o.schema_name),
                    Kind::Removed,
                    format!(
                        "record type `{}` removed (schema `{}`)",
                        record_path(o),
                        o.schema_name
                    ),
                )
                .item(record_path(o))
                .judged(
                    major(reasons::TYPE_GONE),
                    compatible(reasons::TYPE_NAMES_NOT_SENT_JUDGED_ONE_BY_ONE),
                ),
            );
        }
    }

    fn schema(&mut self, o: &Model, n: &Model) {
        let subject = Subject::schema(&n.schema_name);
        let (op, np) = (record_path(o), record_path(n));
        if o.schema_name != n.schema_name {
            let (summary, rust) = if op == np {
                (
                    format!(
                        "schema `{}` renamed `{}`: the record type stays `{np}`",
                        o.schema_name, n.schema_name
                    ),
                    patch(reasons::type_keeps_name(&np)),
                )
            } else {
                (
                    format!(
                        "schema `{}` renamed `{}`: the record type is now `{np}` (was `{op}`)",
                        o.schema_name, n.schema_name
                    ),
                    major(reasons::OLD_TYPE_NAME_GONE),
                )
            };
            self.push(
                Draft::new(subject.clone(), Kind::Renamed, summary)
                    .items([op.clone(), np.clone()])
                    .judged(rust, compatible(reasons::TYPE_NAMES_NOT_SENT)),
            );
        } else if op != np {
            self.push(
                Draft::new(
                    subject.clone(),
                    Kind::Moved,
                    format!("record type `{op}` moved to `{np}`"),
                )
                .items([op.clone(), np.clone()])
                .judged(
                    major(reasons::OLD_TYPE_PATH_GONE),
                    compatible(reasons::TYPE_NAMES_NOT_SENT),
                ),
            );
        }
        let os = self.old.document.components.schemas.get(&o.schema_name);
        let ns = self.new.document.components.schemas.get(&n.schema_name);
        let (Some(os), Some(ns)) = (os, ns) else {
            return;
        };
        if os.description != ns.description {
            self.push(
                Draft::new(
                    subject.clone(),
                    Kind::DescriptionChanged,
                    format!("the documentation of `{np}` changes"),
                )
                .item(np.clone())
                .judged(
                    patch(reasons::DOCS_ONLY),
                    compatible(reasons::NOTHING_ON_THE_WIRE),
                ),
            );
        }
        // The schema itself, properties aside (a record's Rust type is its name).
        let dirs = self.dirs(&n.schema_name);
        let strip = |s: &Schema| Schema {
            properties: None,
            required: None,
            description: None,
            additional_properties: None,
            ..s.clone()
        };
        let (os_bare, ns_bare) = (strip(os), strip(ns));
        let facets = compare_values(
            &self.renames,
            Side::old(&os_bare),
            Side::new(&ns_bare),
            Carrier::json(dirs),
        );
        self.push_facets(&subject, &np, facets, |f| {
            (
                format!("schema `{}`: {}{}", n.schema_name, f.at, f.detail),
                patch(reasons::RECORD_TYPE_IS_ITS_FIELDS),
            )
        });
        if additional(os) != additional(ns) {
            self.push(
                Draft::new(
                    subject.clone(),
                    Kind::Changed,
                    format!("schema `{}`: `additionalProperties` changes", n.schema_name),
                )
                .item(np.clone())
                .judged(
                    patch(reasons::EXTRA_FIELDS_ANYWAY),
                    compatible(reasons::UNDOCUMENTED_KEYS_KEPT),
                ),
            );
        }
        self.fields(o, n, os, ns, dirs);
    }

    fn fields(&mut self, o: &Model, n: &Model, os: &Schema, ns: &Schema, dirs: Dirs) {
        let empty = Schema::default();
        for nf in &n.fields {
            let item = format!("{}::{}", record_path(n), nf.rust_name);
            let subject = Subject::field(&n.schema_name, &nf.json_name);
            let now_required = required(ns, &nf.json_name);
            let Some(of) = o.fields.iter().find(|f| f.json_name == nf.json_name) else {
                let renamed_from = o.fields.iter().find(|f| {
                    f.rust_name == nf.rust_name
                        && !n.fields.iter().any(|x| x.json_name == f.json_name)
                });
                let change = match renamed_from {
                    Some(of) => self.field_key_renamed(subject, &item, of, nf, dirs),
                    None => self.field_added(subject, &item, nf, now_required, dirs),
                };
                self.push(change);
                continue;
            };
            let oprop = property(os, &of.json_name).unwrap_or(&empty);
            let nprop = property(ns, &nf.json_name).unwrap_or(&empty);
            let (ot, nt) = (self.old_field_ty(of), self.new_field_ty(nf));
            let rust_changed = ot != nt;
            let facets = compare_values(
                &self.renames,
                Side::old(oprop),
                Side::new(nprop),
                Carrier::field(dirs),
            );
            let typed = self.push_facets(&subject, &item, facets, |f| {
                let rust = if f.is_type && rust_changed {
                    major(reasons::field_type_changes(&ot, &nt))
                } else if f.is_type {
                    patch(reasons::field_type_stays(&nt))
                } else {
                    patch(reasons::FIELD_DOCS_ONLY)
                };
                let summary = match f.kind {
                    Kind::TypeChanged if rust_changed => {
                        format!("`{item}` is now `{nt}` (was `{ot}`): {}{}", f.at, f.detail)
                    }
                    _ => format!("`{item}`: {}{}", f.at, f.detail),
                };
                (summary, rust)
            });
            if rust_changed && !typed {
                self.push(
                    Draft::new(
                        subject.clone(),
                        Kind::TypeChanged,
                        format!("`{item}` is now `{nt}` (was `{ot}`)"),
                    )
                    .item(&item)
                    .judged(
                        major(reasons::field_type_changes(&ot, &nt)),
                        compatible(reasons::SAME_JSON_OTHER_RUST_NAME),
                    ),
                );
            }
            if required(os, &of.json_name) != now_required {
                let (kind, summary, wire) = if now_required {
                    (
                        Kind::MadeRequired,
                        format!("`{item}` is now required (JSON `{}`)", nf.json_name),
                        if dirs.request {
                            breaking(reasons::MAY_SEND_RECORD_WITHOUT_IT)
                        } else {
                            compatible(reasons::ALWAYS_PRESENT_DECODES)
                        },
                    )
                } else {
                    (
                        Kind::MadeOptional,
                        format!("`{item}` is no longer required (JSON `{}`)", nf.json_name),
                        compatible(reasons::EVERY_FIELD_IS_A_FIELD),
                    )
                };
                self.push(
                    Draft::new(subject.clone(), kind, summary)
                        .item(&item)
                        .judged(patch(reasons::REQUIRED_IN_DOCS_ONLY), wire),
                );
            }
        }
        for of in &o.fields {
            if n.fields.iter().any(|f| f.json_name == of.json_name)
                || n.fields.iter().any(|f| {
                    f.rust_name == of.rust_name
                        && !o.fields.iter().any(|x| x.json_name == f.json_name)
                })
            {
                continue;
            }
            let item = format!("{}::{}", record_path(o), of.rust_name);
            self.push(
                Draft::new(
                    Subject::field(&n.schema_name, &of.json_name),
                    Kind::Removed,
                    format!(
                        "field `{item}` removed (JSON `{}`: a value the server still sends is kept in `extra_fields`)",
                        of.json_name
                    ),
                )
                .item(item)
                .judged(
                    major(reasons::FIELD_GONE),
                    compatible(reasons::REMOVED_KEY_IGNORED_OR_KEPT),
                ),
            );
        }
    }

    /// The same Rust field under another JSON key.
    fn field_key_renamed(
        &self,
        subject: Subject,
        item: &str,
        of: &ModelField,
        nf: &ModelField,
        dirs: Dirs,
    ) -> super::Change {
        let same = self.old_field_ty(of) == self.new_field_ty(nf);
        Draft::new(
            subject,
            Kind::Renamed,
            format!(
                "`{item}` is now read from and written to JSON key `{}` (was `{}`)",
                nf.json_name, of.json_name
            ),
        )
        .item(item)
        .judged(
            if same {
                patch(reasons::FIELD_KEEPS_NAME_AND_TYPE)
            } else {
                major(reasons::FIELD_TYPE_CHANGES)
            },
            if dirs.any() {
                breaking(reasons::OLD_KEY_SENT)
            } else {
                compatible(reasons::RECORD_NOT_SENT_OR_RECEIVED)
            },
        )
    }

    /// A new field.
    fn field_added(
        &self,
        subject: Subject,
        item: &str,
        nf: &ModelField,
        now_required: bool,
        dirs: Dirs,
    ) -> super::Change {
        let wire = if now_required && dirs.request {
            breaking(reasons::REQUIRED_FIELD_NOT_SENT)
        } else if now_required {
            compatible(reasons::REQUIRED_IN_RESPONSES_ONLY)
        } else {
            compatible(reasons::OPTIONAL_FIELD)
        };
        Draft::new(
            subject,
            Kind::Added,
            format!(
                "new field `{item}` (`{}`, JSON `{}`{})",
                self.new_field_ty(nf),
                nf.json_name,
                if now_required { ", required" } else { "" }
            ),
        )
        .item(item)
        .judged(minor(reasons::NEW_FIELD), wire)
    }

    fn old_field_ty(&self, f: &ModelField) -> String {
        field_ty(self.old, &f.ty, f.boxed)
    }

    fn new_field_ty(&self, f: &ModelField) -> String {
        field_ty(self.new, &f.ty, f.boxed)
    }
}
