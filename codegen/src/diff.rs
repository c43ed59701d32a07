//! Spec diff: what a change of the spec means for the users of the generated crate.
//!
//! [`diff`] compares two [`Api`]s (the spec before and after a change) at the level of the
//! model, not of text: areas, schemas and their fields, operations with their path and
//! query parameters, request bodies, responses and paging. Schemas are matched by name,
//! fields by JSON name, operations by `operationId` (then, for a renamed `operationId`, by
//! method and path); [`TypeId`](crate::model::TypeId)s are never compared, since they
//! differ between two models. Formatting, comments and order are not changes.
//!
//! Every [`Change`] carries two verdicts, each with its reason:
//!
//! - [`Semver`]: does code written against the old `halopsa` still compile against the
//!   new one? `Major` when it may not (an item removed or renamed, a type changed, an
//!   argument added), `Minor` when items are only added (records and query structs are
//!   `#[non_exhaustive]`, so a new field or optional parameter is an addition), `Patch`
//!   when only documentation (and `openapi.json`) changes;
//! - [`Wire`]: does a program built on the old crate still work against the API the new
//!   spec describes? Requests are judged by what the old crate may send (the new API must
//!   accept every value the old spec allowed), responses by what the old crate can decode
//!   (every value the new spec allows must decode into the old type; unknown keys are kept
//!   in `extra_fields`, and enum values are `String`s). A record's field is judged in the
//!   directions the record travels: sent in a request body, received in a response, or
//!   both.
//!
//! The rules, one row per kind of change, are the table "What a spec change means for
//! users" in `spec/README.md`. This module does no I/O; `cargo xtask diff` loads the two
//! specs and prints the [`Report`].

use crate::model::{Api, BodyKind, Model, Operation, Param, ResponseKind, RustType};
use crate::openapi::{self, AdditionalProperties, Schema, SchemaType};
use serde::Serialize;
use std::collections::{BTreeSet, HashMap, HashSet};

/// The effect of a change on the Rust API of the generated crate, in Cargo's semver terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Semver {
    /// Documentation (and `openapi.json`) only: every program compiles as before.
    Patch,
    /// Items added: every program compiles as before.
    Minor,
    /// An item removed, renamed or changed: a program may no longer compile.
    Major,
}

impl Semver {
    /// `major`, `minor` or `patch`.
    pub fn as_str(self) -> &'static str {
        match self {
            Semver::Patch => "patch",
            Semver::Minor => "minor",
            Semver::Major => "major",
        }
    }
}

/// The effect of a change on a program built on the old crate, talking to the new API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Wire {
    /// The old program's requests are still accepted and the answers still decode as before.
    Compatible,
    /// A request the old program may send is no longer valid, or an answer no longer
    /// decodes into the old type.
    Breaking,
}

impl Wire {
    /// `compatible` or `breaking`.
    pub fn as_str(self) -> &'static str {
        match self {
            Wire::Compatible => "compatible",
            Wire::Breaking => "breaking",
        }
    }
}

/// What a change is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Subject {
    /// The document as a whole (`info`, servers, security).
    Api,
    /// A documentation area: one module.
    Area {
        /// The module name.
        module: String,
    },
    /// A schema: one record type.
    Schema {
        /// The schema name (the new one, for a rename).
        schema: String,
    },
    /// A property of a schema: one field of a record.
    Field {
        /// The schema name.
        schema: String,
        /// The JSON name.
        field: String,
    },
    /// An operation: one endpoint function.
    Operation {
        /// The operationId (the new one, for a rename).
        operation_id: String,
    },
    /// A path or query parameter of an operation.
    Parameter {
        /// The operationId.
        operation_id: String,
        /// `path` or `query`.
        location: String,
        /// The parameter's name on the wire.
        name: String,
    },
    /// The request body of an operation (a multipart form field included).
    Body {
        /// The operationId.
        operation_id: String,
    },
    /// The success response of an operation.
    Response {
        /// The operationId.
        operation_id: String,
    },
}

/// The kind of a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// Something new.
    Added,
    /// Something gone.
    Removed,
    /// The same thing under another name.
    Renamed,
    /// The same thing in another module.
    Moved,
    /// Another type or format.
    TypeChanged,
    /// Now required.
    MadeRequired,
    /// No longer required.
    MadeOptional,
    /// `null` now allowed.
    NullableAdded,
    /// `null` no longer allowed.
    NullableRemoved,
    /// Values added to an `enum` (or the `enum` dropped).
    EnumValuesAdded,
    /// Values removed from an `enum` (or an `enum` imposed).
    EnumValuesRemoved,
    /// A smaller (or a new) `maxLength`.
    MaxLengthNarrowed,
    /// A larger (or no more) `maxLength`.
    MaxLengthWidened,
    /// Description, summary or other documentation text.
    DescriptionChanged,
    /// Arguments in another order.
    Reordered,
    /// Another path template.
    PathChanged,
    /// Another HTTP method.
    MethodChanged,
    /// The wrapper key of a list response.
    ListKeyChanged,
    /// `x-halopsa-inferred` or `x-halopsa-untyped` changed.
    ProvenanceChanged,
    /// Another success status.
    StatusChanged,
    /// The operation now pages (`…_pages`, `…_stream`).
    PagingAdded,
    /// The operation no longer pages.
    PagingRemoved,
    /// Anything else the merged document shows.
    Changed,
}

/// One change, with its verdicts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// What it is about.
    pub subject: Subject,
    /// What happened to it.
    pub kind: Kind,
    /// One sentence for a user of the crate, naming the Rust items.
    pub summary: String,
    /// The effect on the Rust API.
    pub rust: Semver,
    /// Why.
    pub rust_reason: String,
    /// The effect on the wire.
    pub wire: Wire,
    /// Why.
    pub wire_reason: String,
    /// The Rust items concerned (`tickets::Faults::summary`, `email::get_mailbox`).
    pub items: Vec<String>,
}

impl Change {
    /// Whether a user of the crate must act: the Rust API breaks, or the wire does.
    pub fn is_breaking(&self) -> bool {
        self.rust == Semver::Major || self.wire == Wire::Breaking
    }
}

/// Every change between two specs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The changes: breaking ones first, then by Rust verdict, each group in spec order.
    pub changes: Vec<Change>,
}

impl Report {
    /// Whether the two specs describe the same API.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// The overall Rust verdict: the highest of the changes', `None` when nothing changed.
    pub fn rust(&self) -> Option<Semver> {
        self.changes.iter().map(|c| c.rust).max()
    }

    /// The overall wire verdict.
    pub fn wire(&self) -> Wire {
        self.changes
            .iter()
            .map(|c| c.wire)
            .max()
            .unwrap_or(Wire::Compatible)
    }
}

/// The version after a change of the given level, by Cargo's semver rules: for `0.0.z`
/// every change bumps `z`; for `0.y.z` a major change bumps `y`, a minor or patch change
/// `z`; from `1.0.0` on, major bumps `x`, minor `y`, patch `z`. `None` (no change) keeps
/// the version. A pre-release or build suffix is dropped.
pub fn next_version(current: &str, level: Option<Semver>) -> Result<String, String> {
    let core = current.split(['-', '+']).next().unwrap_or_default().trim();
    let parts: Vec<u64> = core
        .split('.')
        .map(|p| p.parse::<u64>())
        .collect::<Result<_, _>>()
        .map_err(|_| format!("`{current}` is not a semver version"))?;
    let [x, y, z] = parts[..] else {
        return Err(format!("`{current}` is not a semver version (x.y.z)"));
    };
    let Some(level) = level else {
        return Ok(format!("{x}.{y}.{z}"));
    };
    Ok(match (x, y, level) {
        (0, 0, _) => format!("0.0.{}", z + 1),
        (0, _, Semver::Major) => format!("0.{}.0", y + 1),
        (0, _, _) => format!("0.{y}.{}", z + 1),
        (_, _, Semver::Major) => format!("{}.0.0", x + 1),
        (_, _, Semver::Minor) => format!("{x}.{}.0", y + 1),
        (_, _, Semver::Patch) => format!("{x}.{y}.{}", z + 1),
    })
}

/// Compares the spec before (`old`) and after (`new`) a change.
pub fn diff(old: &Api, new: &Api) -> Report {
    let mut d = Differ::new(old, new);
    d.api();
    d.areas();
    d.schemas();
    d.operations();
    if d.changes.is_empty() && normalized(&old.document) != normalized(&new.document) {
        d.push(
            Subject::Api,
            Kind::Changed,
            "the OpenAPI document (`openapi.json`) changes in a way the Rust API does not show"
                .into(),
            (Semver::Patch, "no Rust item changes".into()),
            compatible("no operation, parameter or schema changes"),
            vec![],
        );
    }
    let mut changes = d.changes;
    // Stable: spec order within each group.
    changes.sort_by_key(|c| {
        (
            !c.is_breaking(),
            std::cmp::Reverse(c.rust),
            c.wire == Wire::Compatible,
        )
    });
    Report { changes }
}

/// The document as JSON with every array sorted: what it says, whatever the order.
fn normalized(doc: &openapi::RootFile) -> serde_json::Value {
    fn sort(value: &mut serde_json::Value) {
        match value {
            serde_json::Value::Array(items) => {
                items.iter_mut().for_each(sort);
                items.sort_by_cached_key(|v| v.to_string());
            }
            serde_json::Value::Object(map) => map.values_mut().for_each(sort),
            _ => {}
        }
    }
    let mut value = serde_json::to_value(doc).unwrap_or_default();
    sort(&mut value);
    value
}

fn compatible(why: &str) -> (Wire, String) {
    (Wire::Compatible, why.to_owned())
}

fn breaking(why: &str) -> (Wire, String) {
    (Wire::Breaking, why.to_owned())
}

/// Which ways a schema travels: sent in requests, received in responses.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Dirs {
    request: bool,
    response: bool,
}

/// How a value is carried: as JSON or as text (a path or query parameter), and whether
/// it is a record's field (`Field<T>`, which takes `null` and absence in its stride).
#[derive(Debug, Clone, Copy)]
struct Carrier {
    dirs: Dirs,
    text: bool,
    tri_state: bool,
}

/// A schema with the side it belongs to (for resolving names across a rename).
#[derive(Clone, Copy)]
struct Side<'a> {
    schema: &'a Schema,
    old: bool,
}

/// One difference between two value schemas, before it is attached to a subject.
struct Facet {
    kind: Kind,
    /// Where, inside the value (`items of`), empty at the top.
    at: String,
    detail: String,
    wire: (Wire, String),
    /// Whether it is the value's type (the Rust type may follow it).
    is_type: bool,
}

/// The shape of a value, for deciding whether one schema accepts the values of another.
#[derive(Debug, Clone)]
enum Shape<'a> {
    Any,
    Bool,
    /// An integer of this many bits (64 unless `int32`).
    Int(u8),
    Number,
    /// A string of this format.
    Str(Option<&'a str>),
    Array(Option<&'a Schema>),
    Map(Option<&'a Schema>),
    /// An object of no declared shape.
    Object,
    /// A named schema (by its name in the new spec).
    Ref(String),
}

struct Differ<'a> {
    old: &'a Api,
    new: &'a Api,
    /// Old schema name → new schema name, for the schemas renamed.
    renames: HashMap<String, String>,
    /// Which ways each schema (by its new name, or its old name if removed) travels.
    usage: HashMap<String, Dirs>,
    changes: Vec<Change>,
}

impl<'a> Differ<'a> {
    fn new(old: &'a Api, new: &'a Api) -> Self {
        let mut d = Differ {
            old,
            new,
            renames: HashMap::new(),
            usage: HashMap::new(),
            changes: Vec::new(),
        };
        d.renames = d.find_renames();
        for (api, is_old) in [(old, true), (new, false)] {
            for (name, dirs) in usage(api) {
                let name = if is_old { d.canon(&name) } else { name };
                let entry = d.usage.entry(name).or_default();
                entry.request |= dirs.request;
                entry.response |= dirs.response;
            }
        }
        d
    }

    /// The name a schema of the old spec has in the new one.
    fn canon(&self, old_name: &str) -> String {
        self.renames
            .get(old_name)
            .cloned()
            .unwrap_or_else(|| old_name.to_owned())
    }

    fn push(
        &mut self,
        subject: Subject,
        kind: Kind,
        summary: String,
        rust: (Semver, String),
        wire: (Wire, String),
        items: Vec<String>,
    ) {
        self.changes.push(Change {
            subject,
            kind,
            summary,
            rust: rust.0,
            rust_reason: rust.1,
            wire: wire.0,
            wire_reason: wire.1,
            items,
        });
    }

    // ---- the document ----

    fn api(&mut self) {
        let (o, n) = (&self.old.document.info, &self.new.document.info);
        for (what, a, b) in [
            ("title", Some(&o.title), Some(&n.title)),
            ("version", Some(&o.version), Some(&n.version)),
            (
                "description",
                o.description.as_ref(),
                n.description.as_ref(),
            ),
        ] {
            if a != b {
                self.push(
                    Subject::Api,
                    Kind::DescriptionChanged,
                    format!("the API's {what} in the crate documentation changes"),
                    (Semver::Patch, "documentation only".into()),
                    compatible("nothing sent or received changes"),
                    vec!["halopsa".into()],
                );
            }
        }
    }

    // ---- areas ----

    fn areas(&mut self) {
        for n in &self.new.areas {
            match self.old.areas.iter().find(|o| o.module == n.module) {
                None => self.push(
                    Subject::Area {
                        module: n.module.clone(),
                    },
                    Kind::Added,
                    format!("new module `{}` ({})", n.module, n.tag),
                    (Semver::Minor, "a new module is an addition".into()),
                    compatible("a new area adds endpoints; old calls are unchanged"),
                    vec![n.module.clone()],
                ),
                Some(o) => {
                    if o.tag != n.tag
                        || o.description != n.description
                        || o.module_doc != n.module_doc
                        || o.file != n.file
                    {
                        self.push(
                            Subject::Area {
                                module: n.module.clone(),
                            },
                            Kind::DescriptionChanged,
                            format!("the documentation of module `{}` changes", n.module),
                            (Semver::Patch, "the module's documentation only".into()),
                            compatible("nothing sent or received changes"),
                            vec![n.module.clone()],
                        );
                    }
                }
            }
        }
        for o in &self.old.areas {
            if !self.new.areas.iter().any(|n| n.module == o.module) {
                self.push(
                    Subject::Area {
                        module: o.module.clone(),
                    },
                    Kind::Removed,
                    format!("module `{}` removed", o.module),
                    (
                        Semver::Major,
                        "code naming the module no longer compiles".into(),
                    ),
                    compatible("the module's endpoints and schemas are judged one by one"),
                    vec![o.module.clone()],
                );
            }
        }
    }

    // ---- schemas ----

    /// Removed and added schemas with the same definition (descriptions aside), each the
    /// only such candidate on its side: a rename.
    fn find_renames(&self) -> HashMap<String, String> {
        let shape = |s: &Schema| {
            let mut v = serde_json::to_value(s).unwrap_or_default();
            if let Some(map) = v.as_object_mut() {
                map.remove("description");
            }
            v
        };
        let old_schemas = &self.old.document.components.schemas;
        let new_schemas = &self.new.document.components.schemas;
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
        renames
    }

    fn schemas(&mut self) {
        let renamed_to: HashMap<String, String> = self
            .renames
            .iter()
            .map(|(o, n)| (n.clone(), o.clone()))
            .collect();
        for n in &self.new.types {
            let old_name = renamed_to
                .get(&n.schema_name)
                .map(|s| s.as_str())
                .unwrap_or(&n.schema_name);
            match self.old.types.iter().find(|o| o.schema_name == old_name) {
                None => self.push(
                    Subject::Schema {
                        schema: n.schema_name.clone(),
                    },
                    Kind::Added,
                    format!(
                        "new record type `{}` (schema `{}`)",
                        record_path(n),
                        n.schema_name
                    ),
                    (Semver::Minor, "a new type is an addition".into()),
                    compatible("a new schema changes nothing already sent or received"),
                    vec![record_path(n)],
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
                || self.renames.contains_key(&o.schema_name)
            {
                continue;
            }
            self.push(
                Subject::Schema {
                    schema: o.schema_name.clone(),
                },
                Kind::Removed,
                format!(
                    "record type `{}` removed (schema `{}`)",
                    record_path(o),
                    o.schema_name
                ),
                (
                    Semver::Major,
                    "code naming the type no longer compiles".into(),
                ),
                compatible(
                    "type names are not sent; the operations that used it are judged one by one",
                ),
                vec![record_path(o)],
            );
        }
    }

    fn schema(&mut self, o: &Model, n: &Model) {
        let subject = Subject::Schema {
            schema: n.schema_name.clone(),
        };
        let (op, np) = (record_path(o), record_path(n));
        if o.schema_name != n.schema_name {
            let rust = if op == np {
                (
                    Semver::Patch,
                    format!("the Rust type keeps its name, `{np}`"),
                )
            } else {
                (
                    Semver::Major,
                    "code naming the old type no longer compiles".into(),
                )
            };
            let summary = if op == np {
                format!(
                    "schema `{}` renamed `{}`: the record type stays `{np}`",
                    o.schema_name, n.schema_name
                )
            } else {
                format!(
                    "schema `{}` renamed `{}`: the record type is now `{np}` (was `{op}`)",
                    o.schema_name, n.schema_name
                )
            };
            self.push(
                subject.clone(),
                Kind::Renamed,
                summary,
                rust,
                compatible("type names are not sent; the JSON is the same"),
                vec![op.clone(), np.clone()],
            );
        } else if op != np {
            self.push(
                subject.clone(),
                Kind::Moved,
                format!("record type `{op}` moved to `{np}`"),
                (
                    Semver::Major,
                    "code naming the type by its old path no longer compiles".into(),
                ),
                compatible("type names are not sent; the JSON is the same"),
                vec![op.clone(), np.clone()],
            );
        }
        let os = self.old.document.components.schemas.get(&o.schema_name);
        let ns = self.new.document.components.schemas.get(&n.schema_name);
        let (Some(os), Some(ns)) = (os, ns) else {
            return;
        };
        if os.description != ns.description {
            self.push(
                subject.clone(),
                Kind::DescriptionChanged,
                format!("the documentation of `{np}` changes"),
                (Semver::Patch, "documentation only".into()),
                compatible("nothing sent or received changes"),
                vec![np.clone()],
            );
        }
        // The schema itself, properties aside (a record's Rust type is its name).
        let dirs = self.dirs(&n.schema_name);
        let carrier = Carrier {
            dirs,
            text: false,
            tri_state: false,
        };
        let strip = |s: &Schema| Schema {
            properties: None,
            required: None,
            description: None,
            additional_properties: None,
            ..s.clone()
        };
        let (os_bare, ns_bare) = (strip(os), strip(ns));
        for f in self.compare_values(
            Side {
                schema: &os_bare,
                old: true,
            },
            Side {
                schema: &ns_bare,
                old: false,
            },
            carrier,
        ) {
            self.push(
                subject.clone(),
                f.kind,
                format!("schema `{}`: {}{}", n.schema_name, f.at, f.detail),
                (
                    Semver::Patch,
                    "a record's Rust type is its fields; the schema's own type only shows in `openapi.json`".into(),
                ),
                f.wire,
                vec![np.clone()],
            );
        }
        if additional(os) != additional(ns) {
            self.push(
                subject.clone(),
                Kind::Changed,
                format!("schema `{}`: `additionalProperties` changes", n.schema_name),
                (
                    Semver::Patch,
                    "every record keeps undocumented keys in `extra_fields` anyway".into(),
                ),
                compatible("undocumented keys are kept and sent back either way"),
                vec![np.clone()],
            );
        }
        self.fields(o, n, os, ns, dirs);
    }

    fn fields(&mut self, o: &Model, n: &Model, os: &Schema, ns: &Schema, dirs: Dirs) {
        let required = |s: &Schema, name: &str| {
            s.required
                .as_deref()
                .unwrap_or_default()
                .iter()
                .any(|r| r == name)
        };
        let empty = Schema::default();
        let schema = n.schema_name.clone();
        for nf in &n.fields {
            let item = format!("{}::{}", record_path(n), nf.rust_name);
            let subject = Subject::Field {
                schema: schema.clone(),
                field: nf.json_name.clone(),
            };
            let nprop = ns
                .properties
                .as_ref()
                .and_then(|p| p.get(&nf.json_name))
                .unwrap_or(&empty);
            let now_required = required(ns, &nf.json_name);
            let Some(of) = o.fields.iter().find(|f| f.json_name == nf.json_name) else {
                let renamed_from = o.fields.iter().find(|f| {
                    f.rust_name == nf.rust_name
                        && !n.fields.iter().any(|x| x.json_name == f.json_name)
                });
                if let Some(of) = renamed_from {
                    // Same Rust field, another JSON key.
                    let same = self.old_field_ty(of) == self.new_field_ty(nf);
                    self.push(
                        subject,
                        Kind::Renamed,
                        format!(
                            "`{item}` is now read from and written to JSON key `{}` (was `{}`)",
                            nf.json_name, of.json_name
                        ),
                        if same {
                            (Semver::Patch, "the Rust field keeps its name and type".into())
                        } else {
                            (Semver::Major, "the Rust field's type changes".into())
                        },
                        self.wire_for(
                            dirs,
                            breaking(
                                "the old crate sends the old key, and finds the new one only in `extra_fields`",
                            ),
                        ),
                        vec![item],
                    );
                    continue;
                }
                let wire = if now_required && dirs.request {
                    breaking("a required field the old crate does not send (the record is sent in requests)")
                } else if now_required {
                    compatible(
                        "required only in responses: the old crate keeps it in `extra_fields`",
                    )
                } else {
                    compatible("optional: the old crate does not send it, and keeps it in `extra_fields` when received")
                };
                self.push(
                    subject,
                    Kind::Added,
                    format!(
                        "new field `{item}` (`{}`, JSON `{}`{})",
                        self.new_field_ty(nf),
                        nf.json_name,
                        if now_required { ", required" } else { "" }
                    ),
                    (
                        Semver::Minor,
                        "records are `#[non_exhaustive]` and built from `Default`: a new field is an addition".into(),
                    ),
                    wire,
                    vec![item],
                );
                continue;
            };
            let oprop = os
                .properties
                .as_ref()
                .and_then(|p| p.get(&of.json_name))
                .unwrap_or(&empty);
            let was_required = required(os, &of.json_name);
            let (ot, nt) = (self.old_field_ty(of), self.new_field_ty(nf));
            let rust_changed = ot != nt;
            let facets = self.compare_values(
                Side {
                    schema: oprop,
                    old: true,
                },
                Side {
                    schema: nprop,
                    old: false,
                },
                Carrier {
                    dirs,
                    text: false,
                    tri_state: true,
                },
            );
            let mut typed = false;
            for f in facets {
                typed |= f.is_type;
                let rust = if f.is_type && rust_changed {
                    (
                        Semver::Major,
                        format!("the field's type changes: `{ot}` → `{nt}`"),
                    )
                } else if f.is_type {
                    (
                        Semver::Patch,
                        format!("the field's Rust type stays `{nt}`; its documentation changes"),
                    )
                } else {
                    (
                        Semver::Patch,
                        "the field's documentation only: its Rust type stays".into(),
                    )
                };
                let summary = match f.kind {
                    Kind::TypeChanged if rust_changed => {
                        format!("`{item}` is now `{nt}` (was `{ot}`): {}{}", f.at, f.detail)
                    }
                    _ => format!("`{item}`: {}{}", f.at, f.detail),
                };
                self.push(
                    subject.clone(),
                    f.kind,
                    summary,
                    rust,
                    f.wire,
                    vec![item.clone()],
                );
            }
            if rust_changed && !typed {
                self.push(
                    subject.clone(),
                    Kind::TypeChanged,
                    format!("`{item}` is now `{nt}` (was `{ot}`)"),
                    (
                        Semver::Major,
                        format!("the field's type changes: `{ot}` → `{nt}`"),
                    ),
                    compatible("the JSON is the same; only the Rust type's name or path changes"),
                    vec![item.clone()],
                );
            }
            if was_required != now_required {
                let (kind, summary, wire) = if now_required {
                    (
                        Kind::MadeRequired,
                        format!("`{item}` is now required (JSON `{}`)", nf.json_name),
                        if dirs.request {
                            breaking("the old crate may send the record without it (the record is sent in requests)")
                        } else {
                            compatible("the record is only received: a field always present decodes as before")
                        },
                    )
                } else {
                    (
                        Kind::MadeOptional,
                        format!("`{item}` is no longer required (JSON `{}`)", nf.json_name),
                        compatible("every field is a `Field` (absent, null or a value) in the old crate too"),
                    )
                };
                self.push(
                    subject.clone(),
                    kind,
                    summary,
                    (Semver::Patch, "`required` shows in the field's documentation only; every field is a `Field`".into()),
                    wire,
                    vec![item.clone()],
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
                Subject::Field {
                    schema: schema.clone(),
                    field: of.json_name.clone(),
                },
                Kind::Removed,
                format!(
                    "field `{item}` removed (JSON `{}`: a value the server still sends is kept in `extra_fields`)",
                    of.json_name
                ),
                (Semver::Major, "code using the field no longer compiles".into()),
                compatible(
                    "a key the old crate still sends is ignored, and one the server still sends is kept in `extra_fields`",
                ),
                vec![item],
            );
        }
    }

    fn old_field_ty(&self, f: &crate::model::ModelField) -> String {
        field_ty(self.old, &f.ty, f.boxed)
    }

    fn new_field_ty(&self, f: &crate::model::ModelField) -> String {
        field_ty(self.new, &f.ty, f.boxed)
    }

    /// Which ways the schema (by its new name) travels.
    fn dirs(&self, name: &str) -> Dirs {
        self.usage.get(name).copied().unwrap_or_default()
    }

    /// A wire verdict that only matters when the record travels at all.
    fn wire_for(&self, dirs: Dirs, verdict: (Wire, String)) -> (Wire, String) {
        if dirs.request || dirs.response {
            verdict
        } else {
            compatible("no operation sends or receives the record")
        }
    }

    // ---- values ----

    /// The differences between two value schemas (a field's, a parameter's, a body's, a
    /// response's), each with its wire verdict for the way the value travels.
    fn compare_values(&self, o: Side, n: Side, c: Carrier) -> Vec<Facet> {
        let mut out = Vec::new();
        self.compare_into(o, n, c, "", &mut out);
        out
    }

    fn compare_into(&self, o: Side, n: Side, c: Carrier, at: &str, out: &mut Vec<Facet>) {
        let (os, ns) = (o.schema, n.schema);
        let unused = !(c.dirs.request || c.dirs.response);
        let judge =
            |request: Option<bool>, response: Option<bool>, why_req: &str, why_resp: &str| {
                if unused {
                    return compatible("no operation sends or receives it");
                }
                if c.dirs.request && request == Some(false) {
                    return breaking(why_req);
                }
                if c.dirs.response && response == Some(false) {
                    return breaking(why_resp);
                }
                compatible(match (c.dirs.request, c.dirs.response) {
                    (true, true) => "accepted in requests and decoded in responses as before",
                    (true, false) => "the new API accepts every value the old crate sends",
                    _ => "the old crate decodes every value the new API sends",
                })
            };
        // Type and format.
        let (osig, nsig) = (self.signature(o), self.signature(n));
        if osig != nsig {
            let request_ok = self.accepts(n, o, c.text);
            let response_ok = self.accepts(o, n, c.text);
            let wire = judge(
                Some(request_ok),
                Some(response_ok),
                &format!("the new API does not accept every {osig} the old crate sends"),
                &format!("a {nsig} the new API sends does not decode as the old {osig}"),
            );
            out.push(Facet {
                kind: Kind::TypeChanged,
                at: at.to_owned(),
                detail: format!("type {osig} → {nsig}"),
                wire,
                is_type: true,
            });
        } else if let (Some(oi), Some(ni)) = (array_items(os), array_items(ns)) {
            // Same item type: compare the items' other facets.
            self.compare_into(
                Side {
                    schema: oi,
                    old: o.old,
                },
                Side {
                    schema: ni,
                    old: n.old,
                },
                Carrier {
                    tri_state: false,
                    ..c
                },
                &format!("{at}items: "),
                out,
            );
        }
        // nullable.
        let (on, nn) = (os.nullable == Some(true), ns.nullable == Some(true));
        if on != nn && os.reference.is_none() && ns.reference.is_none() {
            let wire = if c.text {
                compatible("a parameter is never sent as `null`")
            } else if nn {
                judge(
                    Some(true),
                    Some(c.tri_state),
                    "",
                    "a `null` the new API sends does not decode into the old type",
                )
            } else {
                judge(
                    Some(false),
                    Some(true),
                    "the old crate may send `null`, which the new API no longer accepts",
                    "",
                )
            };
            out.push(Facet {
                kind: if nn {
                    Kind::NullableAdded
                } else {
                    Kind::NullableRemoved
                },
                at: at.to_owned(),
                detail: if nn {
                    "now nullable".into()
                } else {
                    "no longer nullable".into()
                },
                wire,
                is_type: false,
            });
        }
        // enum.
        let values = |s: &Schema| -> Option<BTreeSet<String>> {
            s.enumeration.as_ref().map(|v| {
                v.iter()
                    .map(|x| x.as_str().map_or_else(|| x.to_string(), str::to_owned))
                    .collect()
            })
        };
        let (oe, ne) = (values(os), values(ns));
        if oe != ne {
            let removed: Vec<String> = match (&oe, &ne) {
                (Some(a), Some(b)) => a.difference(b).cloned().collect(),
                _ => vec![],
            };
            let added: Vec<String> = match (&oe, &ne) {
                (Some(a), Some(b)) => b.difference(a).cloned().collect(),
                _ => vec![],
            };
            let strings =
                "enum values are plain values in the old crate (`String`s), never checked";
            if ne.is_some() && oe.is_none() {
                out.push(Facet {
                    kind: Kind::EnumValuesRemoved,
                    at: at.to_owned(),
                    detail: format!("now restricted to the values {}", join(ne.iter().flatten())),
                    wire: judge(
                        Some(false),
                        Some(true),
                        "the old crate may send a value outside the new `enum`",
                        strings,
                    ),
                    is_type: false,
                });
            }
            if oe.is_some() && ne.is_none() {
                out.push(Facet {
                    kind: Kind::EnumValuesAdded,
                    at: at.to_owned(),
                    detail: "no longer restricted to a list of values".into(),
                    wire: judge(Some(true), Some(true), "", strings),
                    is_type: false,
                });
            }
            if !removed.is_empty() {
                out.push(Facet {
                    kind: Kind::EnumValuesRemoved,
                    at: at.to_owned(),
                    detail: format!("values {} no longer allowed", join(&removed)),
                    wire: judge(
                        Some(false),
                        Some(true),
                        "the old crate may send a value the new API no longer accepts",
                        strings,
                    ),
                    is_type: false,
                });
            }
            if !added.is_empty() {
                out.push(Facet {
                    kind: Kind::EnumValuesAdded,
                    at: at.to_owned(),
                    detail: format!("new allowed values {}", join(&added)),
                    wire: judge(Some(true), Some(true), "", strings),
                    is_type: false,
                });
            }
        }
        // maxLength.
        if os.max_length != ns.max_length {
            let limit = |m: Option<u64>| m.map_or("no limit".to_owned(), |m| format!("{m}"));
            let narrowed = match (os.max_length, ns.max_length) {
                (None, Some(_)) => true,
                (Some(a), Some(b)) => b < a,
                _ => false,
            };
            out.push(Facet {
                kind: if narrowed {
                    Kind::MaxLengthNarrowed
                } else {
                    Kind::MaxLengthWidened
                },
                at: at.to_owned(),
                detail: format!(
                    "`maxLength` {} → {}",
                    limit(os.max_length),
                    limit(ns.max_length)
                ),
                wire: judge(
                    Some(!narrowed),
                    Some(true),
                    "the old crate may send a string longer than the new limit",
                    "",
                ),
                is_type: false,
            });
        }
        // description.
        if os.description != ns.description {
            out.push(Facet {
                kind: Kind::DescriptionChanged,
                at: at.to_owned(),
                detail: "description changes".into(),
                wire: compatible("nothing sent or received changes"),
                is_type: false,
            });
        }
    }

    /// The type of a value schema in words (`integer (int32)`, `array of \`Faults\``), with
    /// a referenced schema by its name in the new spec.
    fn signature(&self, s: Side) -> String {
        let schema = s.schema;
        if let Some(name) = ref_name(schema) {
            let name = if s.old { self.canon(&name) } else { name };
            return format!("`{name}`");
        }
        let base = match schema.schema_type {
            None => "any JSON".to_owned(),
            Some(SchemaType::Array) => match schema.items.as_deref() {
                Some(items) => format!(
                    "array of {}",
                    self.signature(Side {
                        schema: items,
                        old: s.old
                    })
                ),
                None => "array".to_owned(),
            },
            Some(SchemaType::Object) => match &schema.additional_properties {
                Some(AdditionalProperties::Schema(values)) => format!(
                    "map of {}",
                    self.signature(Side {
                        schema: values,
                        old: s.old
                    })
                ),
                _ => "object".to_owned(),
            },
            Some(t) => format!("{t:?}").to_lowercase(),
        };
        match &schema.format {
            Some(f) if schema.schema_type != Some(SchemaType::Array) => format!("`{base} ({f})`"),
            _ if base.starts_with('`') || base.contains('`') => base,
            _ => format!("`{base}`"),
        }
    }

    fn shape<'s>(&self, s: Side<'s>) -> Shape<'s> {
        let schema = s.schema;
        if let Some(name) = ref_name(schema) {
            return Shape::Ref(if s.old { self.canon(&name) } else { name });
        }
        match schema.schema_type {
            None => Shape::Any,
            Some(SchemaType::Boolean) => Shape::Bool,
            Some(SchemaType::Integer) => Shape::Int(if schema.format.as_deref() == Some("int32") {
                32
            } else {
                64
            }),
            Some(SchemaType::Number) => Shape::Number,
            Some(SchemaType::String) => Shape::Str(schema.format.as_deref()),
            Some(SchemaType::Array) => Shape::Array(schema.items.as_deref()),
            Some(SchemaType::Object) => match &schema.additional_properties {
                Some(AdditionalProperties::Schema(values)) => Shape::Map(Some(values)),
                _ => Shape::Object,
            },
        }
    }

    /// Whether every value `narrow` allows is a value `wide` allows (as JSON, or as text
    /// for a parameter).
    fn accepts(&self, wide: Side, narrow: Side, text: bool) -> bool {
        let (w, n) = (self.shape(wide), self.shape(narrow));
        let inner = |w: Option<&Schema>, n: Option<&Schema>| match (w, n) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(w), Some(n)) => self.accepts(
                Side {
                    schema: w,
                    old: wide.old,
                },
                Side {
                    schema: n,
                    old: narrow.old,
                },
                false,
            ),
        };
        match (w, n) {
            (Shape::Any, _) => true,
            (_, Shape::Any) => false,
            (Shape::Bool, Shape::Bool) | (Shape::Number, Shape::Int(_) | Shape::Number) => true,
            (Shape::Int(a), Shape::Int(b)) => a >= b,
            (Shape::Str(None), Shape::Str(_)) => true,
            (Shape::Str(Some(a)), Shape::Str(Some(b))) => a == b,
            (Shape::Str(None), Shape::Int(_) | Shape::Number | Shape::Bool) => text,
            (Shape::Array(a), Shape::Array(b)) => inner(a, b),
            (Shape::Map(a), Shape::Map(b)) => inner(a, b),
            (Shape::Object, Shape::Object | Shape::Map(_) | Shape::Ref(_)) => true,
            (Shape::Ref(a), Shape::Ref(b)) => a == b,
            _ => false,
        }
    }

    // ---- operations ----

    fn operations(&mut self) {
        let old_ops: Vec<(&crate::model::Area, &Operation)> = self.old.operations().collect();
        let new_ops: Vec<(&crate::model::Area, &Operation)> = self.new.operations().collect();
        let by_id = |ops: &[(&'a crate::model::Area, &'a Operation)], id: &str| {
            ops.iter().find(|(_, op)| op.operation_id == id).copied()
        };
        // A renamed operationId: the same method and path, each side unmatched by id.
        let unmatched_old: Vec<_> = old_ops
            .iter()
            .filter(|(_, o)| by_id(&new_ops, &o.operation_id).is_none())
            .copied()
            .collect();
        let mut renamed: HashMap<String, String> = HashMap::new();
        for (_, n) in new_ops
            .iter()
            .filter(|(_, n)| by_id(&old_ops, &n.operation_id).is_none())
        {
            if let Some((_, o)) = unmatched_old
                .iter()
                .find(|(_, o)| o.method == n.method && o.path == n.path)
            {
                renamed.insert(n.operation_id.clone(), o.operation_id.clone());
            }
        }
        for &(na, n) in &new_ops {
            let old_id = renamed
                .get(&n.operation_id)
                .cloned()
                .unwrap_or_else(|| n.operation_id.clone());
            match by_id(&old_ops, &old_id) {
                Some((oa, o)) => self.operation(oa, o, na, n),
                None => {
                    let mut items = vec![fn_path(&na.module, &n.fn_name)];
                    items.push(fn_path(&na.module, &n.request_fn));
                    if let Some(q) = &n.query_struct {
                        items.push(fn_path(&na.module, q));
                    }
                    if let Some(p) = &n.paging {
                        items.push(fn_path(&na.module, &p.pages_fn));
                        items.push(fn_path(&na.module, &p.stream_fn));
                    }
                    self.push(
                        Subject::Operation {
                            operation_id: n.operation_id.clone(),
                        },
                        Kind::Added,
                        format!(
                            "new endpoint `{}` (`{} {}`)",
                            fn_path(&na.module, &n.fn_name),
                            n.method.as_str(),
                            n.path
                        ),
                        (Semver::Minor, "new functions are an addition".into()),
                        compatible("a new endpoint changes no existing call"),
                        items,
                    );
                }
            }
        }
        let renamed_from: HashSet<&String> = renamed.values().collect();
        for &(oa, o) in &old_ops {
            if by_id(&new_ops, &o.operation_id).is_some() || renamed_from.contains(&o.operation_id)
            {
                continue;
            }
            let mut items = vec![
                fn_path(&oa.module, &o.fn_name),
                fn_path(&oa.module, &o.request_fn),
            ];
            if let Some(q) = &o.query_struct {
                items.push(fn_path(&oa.module, q));
            }
            self.push(
                Subject::Operation {
                    operation_id: o.operation_id.clone(),
                },
                Kind::Removed,
                format!(
                    "endpoint `{}` removed (`{} {}`)",
                    fn_path(&oa.module, &o.fn_name),
                    o.method.as_str(),
                    o.path
                ),
                (
                    Semver::Major,
                    "code calling the function no longer compiles".into(),
                ),
                breaking("the old crate still calls an endpoint the new API does not have"),
                items,
            );
        }
    }

    fn operation(
        &mut self,
        oa: &crate::model::Area,
        o: &Operation,
        na: &crate::model::Area,
        n: &Operation,
    ) {
        let id = n.operation_id.clone();
        let subject = Subject::Operation {
            operation_id: id.clone(),
        };
        let (of, nf) = (
            fn_path(&oa.module, &o.fn_name),
            fn_path(&na.module, &n.fn_name),
        );
        if o.operation_id != n.operation_id || of != nf {
            let mut items = vec![of.clone(), nf.clone()];
            if let (Some(oq), Some(nq)) = (&o.query_struct, &n.query_struct) {
                if oq != nq {
                    items.push(fn_path(&oa.module, oq));
                    items.push(fn_path(&na.module, nq));
                }
            }
            let (kind, summary) = if o.operation_id != n.operation_id {
                (
                    Kind::Renamed,
                    format!(
                        "operation `{}` renamed `{}`: the function is now `{nf}` (was `{of}`)",
                        o.operation_id, n.operation_id
                    ),
                )
            } else {
                (Kind::Moved, format!("`{of}` moved to `{nf}`"))
            };
            let rust = if of == nf {
                (Semver::Patch, "the function keeps its name; the operationId shows in its documentation and in decode errors".into())
            } else {
                (Semver::Major, "code calling the function (or naming its query struct) by the old path no longer compiles".into())
            };
            self.push(
                subject.clone(),
                kind,
                summary,
                rust,
                compatible("the same method and path: the request is the same"),
                items,
            );
        }
        if o.method != n.method {
            self.push(
                subject.clone(),
                Kind::MethodChanged,
                format!(
                    "`{nf}` now sends `{}` (was `{}`)",
                    n.method.as_str(),
                    o.method.as_str()
                ),
                (
                    Semver::Patch,
                    "the method shows in the documentation only".into(),
                ),
                breaking("the old crate sends the old method"),
                vec![nf.clone()],
            );
        }
        if template_shape(&o.path) != template_shape(&n.path) {
            self.push(
                subject.clone(),
                Kind::PathChanged,
                format!("`{nf}` now requests `{}` (was `{}`)", n.path, o.path),
                (Semver::Patch, "the path shows in the documentation only (its parameters are judged one by one)".into()),
                breaking("the old crate requests the old path"),
                vec![nf.clone()],
            );
        }
        if o.summary != n.summary || o.description != n.description {
            self.push(
                subject.clone(),
                Kind::DescriptionChanged,
                format!("the documentation of `{nf}` changes"),
                (Semver::Patch, "documentation only".into()),
                compatible("nothing sent or received changes"),
                vec![nf.clone()],
            );
        }
        self.path_params(o, n, &nf);
        self.query_params(oa, o, na, n, &nf);
        self.body(o, n, &nf);
        self.response(o, n, &nf);
        self.paging(oa, o, na, n, &nf);
    }

    fn path_params(&mut self, o: &Operation, n: &Operation, nf: &str) {
        let id = &n.operation_id;
        let subject = |name: &str| Subject::Parameter {
            operation_id: id.clone(),
            location: "path".into(),
            name: name.to_owned(),
        };
        // By name, then what is left by position (a renamed placeholder).
        let mut pairs: Vec<(&Param, &Param)> = Vec::new();
        let mut added = Vec::new();
        for (i, np) in n.path_params.iter().enumerate() {
            match o.path_params.iter().find(|p| p.name == np.name) {
                Some(op) => pairs.push((op, np)),
                None => match o.path_params.get(i) {
                    Some(op) if !n.path_params.iter().any(|p| p.name == op.name) => {
                        self.push(
                            subject(&np.name),
                            Kind::Renamed,
                            format!(
                                "argument `{}` of `{nf}` renamed `{}`",
                                op.rust_name, np.rust_name
                            ),
                            (
                                Semver::Patch,
                                "argument names are not part of a function's type".into(),
                            ),
                            compatible("a path parameter's name is not sent"),
                            vec![nf.to_owned()],
                        );
                        pairs.push((op, np));
                    }
                    _ => added.push(np),
                },
            }
        }
        for np in added {
            self.push(
                subject(&np.name),
                Kind::Added,
                format!(
                    "`{nf}` takes a new argument `{}` (path parameter `{}`)",
                    np.rust_name, np.name
                ),
                (
                    Semver::Major,
                    "a new argument: existing calls no longer compile".into(),
                ),
                breaking("the old crate requests a path without it"),
                vec![nf.to_owned()],
            );
        }
        for op in &o.path_params {
            if pairs.iter().any(|(p, _)| p.name == op.name) {
                continue;
            }
            self.push(
                subject(&op.name),
                Kind::Removed,
                format!(
                    "`{nf}` no longer takes argument `{}` (path parameter `{}`)",
                    op.rust_name, op.name
                ),
                (
                    Semver::Major,
                    "an argument removed: existing calls no longer compile".into(),
                ),
                breaking("the old crate requests a path with it"),
                vec![nf.to_owned()],
            );
        }
        // Order.
        let old_order: Vec<&str> = o
            .path_params
            .iter()
            .filter(|p| pairs.iter().any(|(x, _)| x.name == p.name))
            .map(|p| p.name.as_str())
            .collect();
        let new_order: Vec<&str> = n
            .path_params
            .iter()
            .filter_map(|p| {
                pairs
                    .iter()
                    .find(|(_, x)| x.name == p.name)
                    .map(|(x, _)| x.name.as_str())
            })
            .collect();
        if old_order != new_order {
            self.push(
                subject(&n.path_params[0].name),
                Kind::Reordered,
                format!("the path arguments of `{nf}` change order"),
                (
                    Semver::Major,
                    "existing calls pass their arguments in the old order".into(),
                ),
                compatible("the path is built from the arguments as named"),
                vec![nf.to_owned()],
            );
        }
        let (odoc, ndoc) = (self.doc_params(self.old, o), self.doc_params(self.new, n));
        for (op, np) in pairs {
            let (ot, nt) = (arg_ty(self.old, op), arg_ty(self.new, np));
            self.param_facets(
                subject(&np.name),
                (odoc.get(op.name.as_str()), ndoc.get(np.name.as_str())),
                (&ot, &nt),
                &format!("argument `{}` of `{nf}`", np.rust_name),
                nf,
            );
        }
    }

    fn query_params(
        &mut self,
        oa: &crate::model::Area,
        o: &Operation,
        na: &crate::model::Area,
        n: &Operation,
        nf: &str,
    ) {
        let id = &n.operation_id;
        let subject = |name: &str| Subject::Parameter {
            operation_id: id.clone(),
            location: "query".into(),
            name: name.to_owned(),
        };
        let qs = |area: &crate::model::Area, op: &Operation| {
            op.query_struct.as_ref().map(|q| fn_path(&area.module, q))
        };
        let (oq, nq) = (qs(oa, o), qs(na, n));
        match (&oq, &nq) {
            (None, Some(q)) => self.push(
                Subject::Operation {
                    operation_id: id.clone(),
                },
                Kind::Added,
                format!("`{nf}` takes a new argument `query: &{q}` (its first query parameters)"),
                (
                    Semver::Major,
                    "a new argument: existing calls no longer compile".into(),
                ),
                compatible("the old crate sends no query parameter; each new one is judged below"),
                vec![nf.to_owned(), q.clone()],
            ),
            (Some(q), None) => self.push(
                Subject::Operation {
                    operation_id: id.clone(),
                },
                Kind::Removed,
                format!("`{nf}` no longer takes a `query` argument, and `{q}` is gone"),
                (
                    Semver::Major,
                    "an argument and a type removed: existing calls no longer compile".into(),
                ),
                compatible("each removed query parameter is judged below"),
                vec![nf.to_owned(), q.clone()],
            ),
            _ => {}
        }
        let q_item = |p: &Param, q: &Option<String>| match q {
            Some(q) => format!("{q}::{}", p.rust_name),
            None => nf.to_owned(),
        };
        // A query struct derives `Default` only while no parameter is required.
        let loses_default = if oq.is_some() && o.query.iter().all(|p| !p.required) {
            " (and the struct no longer implements `Default`)"
        } else {
            ""
        };
        let (odoc, ndoc) = (self.doc_params(self.old, o), self.doc_params(self.new, n));
        for np in &n.query {
            let item = q_item(np, &nq);
            let Some(op) = o.query.iter().find(|p| p.name == np.name) else {
                let (rust, wire) = if np.required {
                    (
                        (
                            Semver::Major,
                            format!(
                                "`{}::new` takes a new argument{loses_default}",
                                nq.clone().unwrap_or_default()
                            ),
                        ),
                        breaking("a required parameter the old crate does not send"),
                    )
                } else {
                    (
                        (Semver::Minor, "query structs are `#[non_exhaustive]` and built with `new`: a new field and setter are an addition".into()),
                        compatible("optional: the old crate does not send it"),
                    )
                };
                self.push(
                    subject(&np.name),
                    Kind::Added,
                    format!(
                        "new {} query parameter `{}` of `{nf}` (`{item}`{})",
                        if np.required { "required" } else { "optional" },
                        np.name,
                        if np.required {
                            ", an argument of `new`"
                        } else {
                            " and its setter"
                        }
                    ),
                    rust,
                    wire,
                    vec![item],
                );
                continue;
            };
            if op.required != np.required {
                let q = nq.clone().unwrap_or_default();
                let (kind, summary, wire) = if np.required {
                    (
                        Kind::MadeRequired,
                        format!("query parameter `{}` of `{nf}` is now required: an argument of `{q}::new`, no longer a setter", np.name),
                        breaking("the old crate may call without it"),
                    )
                } else {
                    (
                        Kind::MadeOptional,
                        format!("query parameter `{}` of `{nf}` is now optional: a setter `{item}`, no longer an argument of `{q}::new`", np.name),
                        compatible("the old crate always sends it, which is still accepted"),
                    )
                };
                self.push(
                    subject(&np.name),
                    kind,
                    summary,
                    (Semver::Major, format!("`{q}::new` changes its arguments, and the field `{item}` its type (`T` ↔ `Option<T>`){}", if np.required { loses_default } else { "" })),
                    wire,
                    vec![item.clone()],
                );
            }
            let (ot, nt) = (arg_ty(self.old, op), arg_ty(self.new, np));
            self.param_facets(
                subject(&np.name),
                (odoc.get(op.name.as_str()), ndoc.get(np.name.as_str())),
                (&ot, &nt),
                &format!("query parameter `{}` of `{nf}` (`{item}`)", np.name),
                &item,
            );
        }
        for op in &o.query {
            if n.query.iter().any(|p| p.name == op.name) {
                continue;
            }
            let item = q_item(op, &oq);
            self.push(
                subject(&op.name),
                Kind::Removed,
                format!("query parameter `{}` of `{nf}` removed (`{item}`)", op.name),
                (
                    Semver::Major,
                    "code setting the parameter no longer compiles".into(),
                ),
                compatible("a query parameter the old crate still sends is ignored by the server"),
                vec![item],
            );
        }
        // The order of `new`'s arguments.
        let required = |op: &Operation, other: &Operation| -> Vec<String> {
            op.query
                .iter()
                .filter(|p| {
                    p.required && other.query.iter().any(|x| x.required && x.name == p.name)
                })
                .map(|p| p.name.clone())
                .collect()
        };
        if required(o, n) != required(n, o) {
            let q = nq.clone().unwrap_or_default();
            self.push(
                Subject::Operation {
                    operation_id: id.clone(),
                },
                Kind::Reordered,
                format!("`{q}::new` takes its arguments in another order"),
                (
                    Semver::Major,
                    "existing calls pass their arguments in the old order".into(),
                ),
                compatible("the query string is built from the parameters as named"),
                vec![format!("{q}::new")],
            );
        }
    }

    /// The facets of a parameter (path or query) present on both sides.
    fn param_facets(
        &mut self,
        subject: Subject,
        docs: (Option<&&openapi::Parameter>, Option<&&openapi::Parameter>),
        (ot, nt): (&str, &str),
        what: &str,
        item: &str,
    ) {
        let empty = Schema::default();
        let (Some(op), Some(np)) = docs else {
            return;
        };
        let os = op.schema.as_ref().unwrap_or(&empty);
        let ns = np.schema.as_ref().unwrap_or(&empty);
        let mut facets = self.compare_values(
            Side {
                schema: os,
                old: true,
            },
            Side {
                schema: ns,
                old: false,
            },
            Carrier {
                dirs: Dirs {
                    request: true,
                    response: false,
                },
                text: true,
                tri_state: false,
            },
        );
        if op.description != np.description {
            facets.push(Facet {
                kind: Kind::DescriptionChanged,
                at: String::new(),
                detail: "description changes".into(),
                wire: compatible("nothing sent or received changes"),
                is_type: false,
            });
        }
        let rust_changed = ot != nt;
        let mut typed = false;
        for f in facets {
            typed |= f.is_type;
            let rust = if f.is_type && rust_changed {
                (
                    Semver::Major,
                    format!("its Rust type changes: `{ot}` → `{nt}`"),
                )
            } else if f.is_type {
                (Semver::Patch, format!("its Rust type stays `{nt}`"))
            } else {
                (
                    Semver::Patch,
                    "documentation only (`openapi.json`); enum values are `String`s".into(),
                )
            };
            let summary = if f.is_type && rust_changed {
                format!("{what} is now `{nt}` (was `{ot}`): {}{}", f.at, f.detail)
            } else {
                format!("{what}: {}{}", f.at, f.detail)
            };
            self.push(
                subject.clone(),
                f.kind,
                summary,
                rust,
                f.wire,
                vec![item.to_owned()],
            );
        }
        if rust_changed && !typed {
            self.push(
                subject,
                Kind::TypeChanged,
                format!("{what} is now `{nt}` (was `{ot}`)"),
                (
                    Semver::Major,
                    format!("its Rust type changes: `{ot}` → `{nt}`"),
                ),
                compatible("the value sent is the same"),
                vec![item.to_owned()],
            );
        }
    }

    /// The spec's parameters of an operation by name, `$ref`s resolved.
    fn doc_params<'b>(
        &self,
        api: &'b Api,
        op: &Operation,
    ) -> HashMap<&'b str, &'b openapi::Parameter> {
        let Some(doc) = doc_operation(api, op) else {
            return HashMap::new();
        };
        doc.parameters
            .iter()
            .filter_map(|p| {
                let p = match p
                    .reference
                    .as_deref()
                    .and_then(crate::naming::parameter_ref_name)
                {
                    Some(name) => api.document.components.parameters.get(&name)?,
                    None => p,
                };
                Some((p.name.as_deref()?, p))
            })
            .collect()
    }

    fn body(&mut self, o: &Operation, n: &Operation, nf: &str) {
        let subject = Subject::Body {
            operation_id: n.operation_id.clone(),
        };
        let (ot, nt) = (body_ty(self.old, &o.body), body_ty(self.new, &n.body));
        let (od, nd) = (doc_operation(self.old, o), doc_operation(self.new, n));
        let ob = od.and_then(|d| d.request_body.as_ref());
        let nb = nd.and_then(|d| d.request_body.as_ref());
        match (&o.body, &n.body) {
            (BodyKind::None, BodyKind::None) => return,
            (BodyKind::None, _) => {
                let required = nb.and_then(|b| b.required) == Some(true);
                self.push(
                    subject,
                    Kind::Added,
                    format!("`{nf}` takes a new argument, the request body (`{nt}`)"),
                    (
                        Semver::Major,
                        "a new argument: existing calls no longer compile".into(),
                    ),
                    if required {
                        breaking("a required body the old crate does not send")
                    } else {
                        compatible("an optional body: the old crate sends none")
                    },
                    vec![nf.to_owned()],
                );
                return;
            }
            (_, BodyKind::None) => {
                self.push(
                    subject,
                    Kind::Removed,
                    format!("`{nf}` no longer takes a request body (was `{ot}`)"),
                    (
                        Semver::Major,
                        "an argument removed: existing calls no longer compile".into(),
                    ),
                    compatible("the body the old crate still sends is not read"),
                    vec![nf.to_owned()],
                );
                return;
            }
            _ => {}
        }
        let (Some(ob), Some(nb)) = (ob, nb) else {
            return;
        };
        if ob.description != nb.description {
            self.push(
                subject.clone(),
                Kind::DescriptionChanged,
                format!("the documentation of `{nf}`'s body changes"),
                (Semver::Patch, "documentation only".into()),
                compatible("nothing sent or received changes"),
                vec![nf.to_owned()],
            );
        }
        if ob.required.unwrap_or(false) != nb.required.unwrap_or(false) {
            self.push(
                subject.clone(),
                if nb.required == Some(true) {
                    Kind::MadeRequired
                } else {
                    Kind::MadeOptional
                },
                format!(
                    "the request body of `{nf}` is now {}",
                    if nb.required == Some(true) {
                        "required"
                    } else {
                        "optional"
                    }
                ),
                (
                    Semver::Patch,
                    "`openapi.json` only: the body is an argument either way".into(),
                ),
                compatible("the crate always sends the body it takes"),
                vec![nf.to_owned()],
            );
        }
        let media = |b: &openapi::RequestBody| {
            b.content
                .iter()
                .next()
                .map(|(m, c)| (m.clone(), c.schema.clone()))
        };
        let (Some((om, os)), Some((nm, ns))) = (media(ob), media(nb)) else {
            return;
        };
        let (os, ns) = (os.unwrap_or_default(), ns.unwrap_or_default());
        if om != nm {
            self.push(
                subject,
                Kind::TypeChanged,
                format!("`{nf}` now sends its body as `{nm}` (was `{om}`): `{nt}` (was `{ot}`)"),
                if ot == nt {
                    (Semver::Patch, "the argument keeps its type".into())
                } else {
                    (
                        Semver::Major,
                        format!("the body argument changes type: `{ot}` → `{nt}`"),
                    )
                },
                breaking("the old crate sends the old media type"),
                vec![nf.to_owned()],
            );
            return;
        }
        let carrier = Carrier {
            dirs: Dirs {
                request: true,
                response: false,
            },
            text: false,
            tri_state: false,
        };
        if matches!(n.body, BodyKind::Multipart) {
            // Form fields: not in the Rust API (`&[(String, String)]`).
            let props = |s: &Schema| s.properties.clone().unwrap_or_default();
            let (op, np) = (props(&os), props(&ns));
            let req = |s: &Schema, k: &str| {
                s.required
                    .as_deref()
                    .unwrap_or_default()
                    .iter()
                    .any(|r| r == k)
            };
            for (k, nv) in &np {
                match op.get(k) {
                    None => self.push(
                        subject.clone(),
                        Kind::Added,
                        format!(
                            "`{nf}`: new form field `{k}`{}",
                            if req(&ns, k) { " (required)" } else { "" }
                        ),
                        (
                            Semver::Patch,
                            "form fields are not Rust items (`&[(String, String)]`)".into(),
                        ),
                        if req(&ns, k) {
                            breaking(
                                "a required form field the old crate's callers do not know to send",
                            )
                        } else {
                            compatible("optional")
                        },
                        vec![nf.to_owned()],
                    ),
                    Some(ov) => {
                        for f in self.compare_values(
                            Side {
                                schema: ov,
                                old: true,
                            },
                            Side {
                                schema: nv,
                                old: false,
                            },
                            carrier,
                        ) {
                            self.push(
                                subject.clone(),
                                f.kind,
                                format!("`{nf}`: form field `{k}`: {}{}", f.at, f.detail),
                                (Semver::Patch, "form fields are not Rust items".into()),
                                f.wire,
                                vec![nf.to_owned()],
                            );
                        }
                        if req(&os, k) != req(&ns, k) {
                            self.push(
                                subject.clone(),
                                if req(&ns, k) {
                                    Kind::MadeRequired
                                } else {
                                    Kind::MadeOptional
                                },
                                format!(
                                    "`{nf}`: form field `{k}` is now {}",
                                    if req(&ns, k) { "required" } else { "optional" }
                                ),
                                (Semver::Patch, "form fields are not Rust items".into()),
                                if req(&ns, k) {
                                    breaking("callers may not send it")
                                } else {
                                    compatible("sending it is still accepted")
                                },
                                vec![nf.to_owned()],
                            );
                        }
                    }
                }
            }
            for k in op.keys().filter(|k| !np.contains_key(*k)) {
                self.push(
                    subject.clone(),
                    Kind::Removed,
                    format!("`{nf}`: form field `{k}` removed"),
                    (Semver::Patch, "form fields are not Rust items".into()),
                    compatible("a form field still sent is ignored"),
                    vec![nf.to_owned()],
                );
            }
            return;
        }
        let facets = self.compare_values(
            Side {
                schema: &os,
                old: true,
            },
            Side {
                schema: &ns,
                old: false,
            },
            carrier,
        );
        let rust_changed = ot != nt;
        let mut typed = false;
        for f in facets {
            typed |= f.is_type;
            let rust = if f.is_type && rust_changed {
                (
                    Semver::Major,
                    format!("the body argument changes type: `{ot}` → `{nt}`"),
                )
            } else {
                (Semver::Patch, format!("the body argument stays `{nt}`"))
            };
            let summary = if f.is_type && rust_changed {
                format!(
                    "`{nf}` now takes a body `{nt}` (was `{ot}`): {}{}",
                    f.at, f.detail
                )
            } else {
                format!("the request body of `{nf}`: {}{}", f.at, f.detail)
            };
            self.push(
                subject.clone(),
                f.kind,
                summary,
                rust,
                f.wire,
                vec![nf.to_owned()],
            );
        }
        if rust_changed && !typed {
            self.push(
                subject,
                Kind::TypeChanged,
                format!("`{nf}` now takes a body `{nt}` (was `{ot}`)"),
                (
                    Semver::Major,
                    format!("the body argument changes type: `{ot}` → `{nt}`"),
                ),
                compatible("the JSON sent is the same"),
                vec![nf.to_owned()],
            );
        }
    }

    fn response(&mut self, o: &Operation, n: &Operation, nf: &str) {
        let subject = Subject::Response {
            operation_id: n.operation_id.clone(),
        };
        let (or, nr) = (&o.response, &n.response);
        let (ot, nt) = (
            response_ty(self.old, &or.kind),
            response_ty(self.new, &nr.kind),
        );
        let rust_changed = ot != nt;
        let rust_major = (
            Semver::Major,
            format!("the function's return type changes: `{ot}` → `{nt}`"),
        );
        if or.status != nr.status {
            self.push(
                subject.clone(),
                Kind::StatusChanged,
                format!(
                    "`{nf}` is now answered with `{}` (was `{}`)",
                    nr.status, or.status
                ),
                (
                    Semver::Patch,
                    "the status shows in the documentation only".into(),
                ),
                compatible("the crate accepts any success status"),
                vec![nf.to_owned()],
            );
        }
        if or.description != nr.description {
            self.push(
                subject.clone(),
                Kind::DescriptionChanged,
                format!("the documentation of what `{nf}` returns changes"),
                (Semver::Patch, "documentation only".into()),
                compatible("nothing sent or received changes"),
                vec![nf.to_owned()],
            );
        }
        if or.inferred != nr.inferred {
            self.push(
                subject.clone(),
                Kind::ProvenanceChanged,
                format!(
                    "the response shape of `{nf}` is now {} (`x-halopsa-inferred`)",
                    if nr.inferred {
                        "inferred from Halo's conventions"
                    } else {
                        "stated by the docs"
                    }
                ),
                (Semver::Patch, "documentation only".into()),
                compatible("the response is decoded as before"),
                vec![nf.to_owned()],
            );
        }
        use ResponseKind as R;
        let (ob, nb) = (wire_body(self.old, o), wire_body(self.new, n));
        let changed = |kind: Kind, summary: String, wire: (Wire, String)| Change {
            subject: subject.clone(),
            kind,
            summary,
            rust: if rust_changed {
                rust_major.0
            } else {
                Semver::Patch
            },
            rust_reason: if rust_changed {
                rust_major.1.clone()
            } else {
                format!("the return type stays `{nt}`")
            },
            wire: wire.0,
            wire_reason: wire.1,
            items: vec![nf.to_owned()],
        };
        let what = format!("`{nf}` now returns `{nt}` (was `{ot}`)");
        match (&ob, &nb) {
            (Body::Json(os), Body::Json(ns)) => {
                let facets = self.compare_values(
                    Side {
                        schema: os,
                        old: true,
                    },
                    Side {
                        schema: ns,
                        old: false,
                    },
                    Carrier {
                        dirs: Dirs {
                            request: false,
                            response: true,
                        },
                        text: false,
                        tri_state: false,
                    },
                );
                // `List` decodes a bare array and Halo's wrapper alike: between the two
                // shapes of one item type, nothing changes for the old crate.
                let both_lists = matches!((&or.kind, &nr.kind), (R::List { .. }, R::List { .. }));
                let mut typed = false;
                for mut f in facets {
                    typed |= f.is_type;
                    if f.is_type && both_lists && !rust_changed {
                        f.wire = compatible(
                            "`List` decodes a bare array and Halo's wrapper object alike",
                        );
                    }
                    let summary = if f.is_type && rust_changed {
                        format!("{what}: {}{}", f.at, f.detail)
                    } else {
                        format!("the response of `{nf}`: {}{}", f.at, f.detail)
                    };
                    let mut c = changed(f.kind, summary, f.wire);
                    if !f.is_type {
                        c.rust = Semver::Patch;
                        c.rust_reason = "documentation only".into();
                    }
                    self.changes.push(c);
                }
                if rust_changed && !typed {
                    let c = changed(
                        Kind::TypeChanged,
                        what.clone(),
                        compatible("the response schema is the same (a change inside it is judged where it is made)"),
                    );
                    self.changes.push(c);
                }
                if let (R::List { key: ok, .. }, R::List { key: nk, .. }) = (&or.kind, &nr.kind) {
                    if ok != nk {
                        let show = |k: &Option<String>| {
                            k.as_ref()
                                .map_or("not named".to_owned(), |k| format!("`{k}`"))
                        };
                        self.push(
                            subject.clone(),
                            Kind::ListKeyChanged,
                            format!("the records of `{nf}`'s wrapper are under {} (was {})", show(nk), show(ok)),
                            (Semver::Patch, "the return type stays; the key shows in the documentation".into()),
                            compatible("the old crate finds the wrapper's one array of records whatever its key (a bare array too)"),
                            vec![nf.to_owned()],
                        );
                    }
                }
            }
            (Body::None, Body::None) | (Body::Text, Body::Text) => {}
            (Body::Any, Body::Any) => {
                if let (R::Untyped { reason: a }, R::Untyped { reason: b }) = (&or.kind, &nr.kind) {
                    if a != b {
                        self.push(
                            subject.clone(),
                            Kind::ProvenanceChanged,
                            format!(
                                "the reason `{nf}` returns raw JSON changes (`x-halopsa-untyped`)"
                            ),
                            (Semver::Patch, "documentation only".into()),
                            compatible("the response is decoded as before"),
                            vec![nf.to_owned()],
                        );
                    }
                } else if rust_changed {
                    let c = changed(
                        Kind::TypeChanged,
                        what.clone(),
                        compatible("any JSON decodes as before"),
                    );
                    self.changes.push(c);
                }
            }
            (Body::None, _) => {
                let c = changed(
                    Kind::TypeChanged,
                    format!("{what}: a response body is now documented"),
                    compatible("the old crate ignores the body"),
                );
                self.changes.push(c);
            }
            (Body::Any, Body::Json(_) | Body::None) => {
                let c = changed(
                    Kind::TypeChanged,
                    format!("{what}: the response is now documented"),
                    compatible("the old crate takes any JSON (and an empty body)"),
                );
                self.changes.push(c);
            }
            (_, Body::Any) => {
                let c = changed(
                    Kind::TypeChanged,
                    format!("{what}: the response is no longer documented"),
                    breaking("the old crate decodes a typed body the new spec no longer promises"),
                );
                self.changes.push(c);
            }
            (_, Body::None) => {
                let c = changed(
                    Kind::TypeChanged,
                    format!("{what}: no response body any more"),
                    breaking("the old crate expects a body; an empty one does not decode"),
                );
                self.changes.push(c);
            }
            _ => {
                let c = changed(
                    Kind::TypeChanged,
                    format!("{what}: the response changes between text and JSON"),
                    breaking("the old crate decodes the body as the old media type"),
                );
                self.changes.push(c);
            }
        }
    }

    fn paging(
        &mut self,
        oa: &crate::model::Area,
        o: &Operation,
        na: &crate::model::Area,
        n: &Operation,
        nf: &str,
    ) {
        let subject = Subject::Operation {
            operation_id: n.operation_id.clone(),
        };
        match (&o.paging, &n.paging) {
            (None, Some(p)) => self.push(
                subject,
                Kind::PagingAdded,
                format!(
                    "`{nf}` now pages: new `{}` and `{}`",
                    fn_path(&na.module, &p.pages_fn),
                    fn_path(&na.module, &p.stream_fn)
                ),
                (Semver::Minor, "new functions are an addition".into()),
                compatible("the existing calls are unchanged"),
                vec![
                    fn_path(&na.module, &p.pages_fn),
                    fn_path(&na.module, &p.stream_fn),
                ],
            ),
            (Some(p), None) => self.push(
                subject,
                Kind::PagingRemoved,
                format!(
                    "`{nf}` no longer pages: `{}` and `{}` removed",
                    fn_path(&oa.module, &p.pages_fn),
                    fn_path(&oa.module, &p.stream_fn)
                ),
                (
                    Semver::Major,
                    "code calling the paging functions no longer compiles".into(),
                ),
                compatible("the paging parameters and the response are judged on their own"),
                vec![
                    fn_path(&oa.module, &p.pages_fn),
                    fn_path(&oa.module, &p.stream_fn),
                ],
            ),
            (Some(a), Some(b)) if a.paginate != b.paginate => self.push(
                subject,
                Kind::Changed,
                format!(
                    "`{}` {} asks for Halo's paged wrapper (`pageinate`)",
                    b.stream_fn,
                    if b.paginate.is_some() {
                        "now"
                    } else {
                        "no longer"
                    }
                ),
                (Semver::Patch, "the functions keep their signatures".into()),
                compatible("the records are found in either shape"),
                vec![fn_path(&na.module, &b.pages_fn)],
            ),
            _ => {}
        }
    }
}

/// Which ways every schema of `api` travels, by name: the schemas of request bodies and
/// of responses, and the schemas their fields use, transitively.
fn usage(api: &Api) -> HashMap<String, Dirs> {
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

/// The spec's own operation behind a model operation.
fn doc_operation<'b>(api: &'b Api, op: &Operation) -> Option<&'b openapi::Operation> {
    let item = api.document.paths.get(&op.path)?;
    match op.method {
        crate::model::Method::Get => item.get.as_ref(),
        crate::model::Method::Put => item.put.as_ref(),
        crate::model::Method::Post => item.post.as_ref(),
        crate::model::Method::Delete => item.delete.as_ref(),
    }
}

/// What a response is on the wire: no body, raw JSON, a JSON schema, or text.
enum Body<'s> {
    None,
    Any,
    Json(&'s Schema),
    Text,
}

fn wire_body<'s>(api: &'s Api, op: &Operation) -> Body<'s> {
    match &op.response.kind {
        ResponseKind::Empty => Body::None,
        ResponseKind::Untyped { .. } => Body::Any,
        ResponseKind::Text => Body::Text,
        _ => response_schema(api, op).map_or(Body::Any, Body::Json),
    }
}

/// The JSON schema of an operation's success response.
fn response_schema<'b>(api: &'b Api, op: &Operation) -> Option<&'b Schema> {
    let doc = doc_operation(api, op)?;
    let (_, r) = doc.responses.iter().find(|(s, _)| s.starts_with('2'))?;
    r.content.as_ref()?.get(crate::check::JSON)?.schema.as_ref()
}

fn ref_name(s: &Schema) -> Option<String> {
    crate::naming::schema_ref_name(s.reference.as_deref()?)
}

fn array_items(s: &Schema) -> Option<&Schema> {
    (s.schema_type == Some(SchemaType::Array) && s.reference.is_none())
        .then_some(s.items.as_deref())
        .flatten()
}

fn additional(s: &Schema) -> Option<serde_json::Value> {
    s.additional_properties
        .as_ref()
        .map(|a| serde_json::to_value(a).unwrap_or_default())
}

/// A path template with its parameters' names left out (`/Tickets/{}`).
fn template_shape(path: &str) -> String {
    let mut out = String::new();
    let mut in_param = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_param = true;
                out.push_str("{}");
            }
            '}' => in_param = false,
            c if !in_param => out.push(c),
            _ => {}
        }
    }
    out
}

fn join<'s>(values: impl IntoIterator<Item = &'s String>) -> String {
    values
        .into_iter()
        .map(|v| format!("`{v}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn fn_path(module: &str, item: &str) -> String {
    format!("{module}::{item}")
}

fn record_path(m: &Model) -> String {
    format!("{}::{}", m.module, m.name)
}

/// A Rust type as the crate writes it, with records by module path: two types that render
/// alike are the same Rust type.
fn rust_ty(api: &Api, t: &RustType) -> String {
    match t {
        RustType::I32 => "i32".into(),
        RustType::I64 => "i64".into(),
        RustType::F64 => "f64".into(),
        RustType::Bool => "bool".into(),
        RustType::String => "String".into(),
        RustType::DateTime => "DateTime".into(),
        RustType::Uuid => "Uuid".into(),
        RustType::Json => "serde_json::Value".into(),
        RustType::Vec(item) => format!("Vec<{}>", rust_ty(api, item)),
        RustType::Map(value) => format!("BTreeMap<String, {}>", rust_ty(api, value)),
        RustType::Model(id) => record_path(api.model(*id)),
    }
}

fn field_ty(api: &Api, t: &RustType, boxed: bool) -> String {
    let t = rust_ty(api, t);
    if boxed {
        format!("Field<Box<{t}>>")
    } else {
        format!("Field<{t}>")
    }
}

/// The type of a parameter (a `String` is taken as `&str` or `impl Into<String>`).
fn arg_ty(api: &Api, p: &Param) -> String {
    rust_ty(api, &p.ty)
}

fn body_ty(api: &Api, b: &BodyKind) -> String {
    match b {
        BodyKind::None => "no body".into(),
        BodyKind::JsonSlice(t) => format!("&[{}]", rust_ty(api, t)),
        BodyKind::Json(t) => format!("&{}", rust_ty(api, t)),
        BodyKind::AnyJson => "&serde_json::Value".into(),
        BodyKind::Multipart => "&[(String, String)]".into(),
    }
}

fn response_ty(api: &Api, k: &ResponseKind) -> String {
    match k {
        ResponseKind::Empty => "()".into(),
        ResponseKind::Record(id) => rust_ty(api, &RustType::Model(*id)),
        ResponseKind::Saved(id) => format!("OneOrMany<{}>", rust_ty(api, &RustType::Model(*id))),
        ResponseKind::List { item, .. } => format!("List<{}>", rust_ty(api, item)),
        ResponseKind::Value(t) => rust_ty(api, t),
        ResponseKind::Text => "String".into(),
        ResponseKind::Untyped { .. } => "serde_json::Value".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_follow_cargo() {
        let next = |v, l| next_version(v, l).unwrap();
        assert_eq!(next("0.1.0", Some(Semver::Major)), "0.2.0");
        assert_eq!(next("0.1.0", Some(Semver::Minor)), "0.1.1");
        assert_eq!(next("0.1.3", Some(Semver::Patch)), "0.1.4");
        assert_eq!(next("0.0.3", Some(Semver::Minor)), "0.0.4");
        assert_eq!(next("1.2.3", Some(Semver::Major)), "2.0.0");
        assert_eq!(next("1.2.3", Some(Semver::Minor)), "1.3.0");
        assert_eq!(next("1.2.3", Some(Semver::Patch)), "1.2.4");
        assert_eq!(next("0.1.0", None), "0.1.0");
        assert_eq!(next("0.3.0-beta.1", Some(Semver::Patch)), "0.3.1");
        assert!(next_version("one", None).is_err());
    }

    #[test]
    fn templates_ignore_parameter_names() {
        assert_eq!(template_shape("/A/{id}&{seq}"), "/A/{}&{}");
        assert_eq!(template_shape("/A/{x}"), template_shape("/A/{y}"));
    }

    #[test]
    fn the_spec_against_itself_is_no_change() {
        let spec = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
        let api = crate::model(&spec).expect("the spec builds");
        assert_eq!(diff(&api, &api), Report::default());
    }
}
