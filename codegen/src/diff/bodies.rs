//! Request bodies: a body argument added or removed, its media type, requiredness and
//! schema (judged as sent in requests), and the fields of a multipart form.

use super::change::{breaking, compatible, major, patch, Draft, Kind, Subject};
use super::compat::{compare_values, Carrier, Dirs, Side};
use super::schemas::required;
use super::types::body_ty;
use super::{reasons, spec, Differ};
use crate::model::{BodyKind, Operation};
use crate::openapi::{self, Schema};

/// The first media type of a body, with its schema.
fn media(b: &openapi::RequestBody) -> Option<(String, Schema)> {
    b.content
        .iter()
        .next()
        .map(|(m, c)| (m.clone(), c.schema.clone().unwrap_or_default()))
}

impl Differ<'_> {
    pub(super) fn body(&mut self, o: &Operation, n: &Operation, nf: &str) {
        let subject = Subject::body(&n.operation_id);
        let (ot, nt) = (body_ty(self.old, &o.body), body_ty(self.new, &n.body));
        let ob = spec::request_body(self.old, o);
        let nb = spec::request_body(self.new, n);
        match (&o.body, &n.body) {
            (BodyKind::None, BodyKind::None) => return,
            (BodyKind::None, _) => {
                let required = nb.and_then(|b| b.required) == Some(true);
                self.push(
                    Draft::new(
                        subject,
                        Kind::Added,
                        format!("`{nf}` takes a new argument, the request body (`{nt}`)"),
                    )
                    .item(nf)
                    .judged(
                        major(reasons::NEW_ARGUMENT),
                        if required {
                            breaking(reasons::REQUIRED_BODY_NOT_SENT)
                        } else {
                            compatible(reasons::OPTIONAL_BODY)
                        },
                    ),
                );
                return;
            }
            (_, BodyKind::None) => {
                self.push(
                    Draft::new(
                        subject,
                        Kind::Removed,
                        format!("`{nf}` no longer takes a request body (was `{ot}`)"),
                    )
                    .item(nf)
                    .judged(
                        major(reasons::ARGUMENT_GONE),
                        compatible(reasons::BODY_NOT_READ),
                    ),
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
                Draft::new(
                    subject.clone(),
                    Kind::DescriptionChanged,
                    format!("the documentation of `{nf}`'s body changes"),
                )
                .item(nf)
                .judged(
                    patch(reasons::DOCS_ONLY),
                    compatible(reasons::NOTHING_ON_THE_WIRE),
                ),
            );
        }
        if ob.required.unwrap_or(false) != nb.required.unwrap_or(false) {
            let now_required = nb.required == Some(true);
            let (kind, how) = if now_required {
                (Kind::MadeRequired, "required")
            } else {
                (Kind::MadeOptional, "optional")
            };
            self.push(
                Draft::new(
                    subject.clone(),
                    kind,
                    format!("the request body of `{nf}` is now {how}"),
                )
                .item(nf)
                .judged(
                    patch(reasons::BODY_IS_AN_ARGUMENT_EITHER_WAY),
                    compatible(reasons::BODY_ALWAYS_SENT),
                ),
            );
        }
        let (Some((om, os)), Some((nm, ns))) = (media(ob), media(nb)) else {
            return;
        };
        if om != nm {
            self.push(
                Draft::new(
                    subject,
                    Kind::TypeChanged,
                    format!(
                        "`{nf}` now sends its body as `{nm}` (was `{om}`): `{nt}` (was `{ot}`)"
                    ),
                )
                .item(nf)
                .judged(
                    if ot == nt {
                        patch(reasons::ARGUMENT_KEEPS_TYPE)
                    } else {
                        major(reasons::body_type_changes(&ot, &nt))
                    },
                    breaking(reasons::OLD_MEDIA_TYPE_SENT),
                ),
            );
            return;
        }
        if matches!(n.body, BodyKind::Multipart) {
            self.form_fields(subject, &os, &ns, nf);
            return;
        }
        let facets = compare_values(
            &self.renames,
            Side::old(&os),
            Side::new(&ns),
            Carrier::json(Dirs::REQUEST),
        );
        let rust_changed = ot != nt;
        let typed = self.push_facets(&subject, nf, facets, |f| {
            if f.is_type && rust_changed {
                (
                    format!(
                        "`{nf}` now takes a body `{nt}` (was `{ot}`): {}{}",
                        f.at, f.detail
                    ),
                    major(reasons::body_type_changes(&ot, &nt)),
                )
            } else {
                (
                    format!("the request body of `{nf}`: {}{}", f.at, f.detail),
                    patch(reasons::body_type_stays(&nt)),
                )
            }
        });
        if rust_changed && !typed {
            self.push(
                Draft::new(
                    subject,
                    Kind::TypeChanged,
                    format!("`{nf}` now takes a body `{nt}` (was `{ot}`)"),
                )
                .item(nf)
                .judged(
                    major(reasons::body_type_changes(&ot, &nt)),
                    compatible(reasons::SAME_JSON_SENT),
                ),
            );
        }
    }

    /// The fields of a multipart form: not in the Rust API (`&[(String, String)]`), on
    /// the wire as sent in requests.
    fn form_fields(&mut self, subject: Subject, os: &Schema, ns: &Schema, nf: &str) {
        let props = |s: &Schema| s.properties.clone().unwrap_or_default();
        let (op, np) = (props(os), props(ns));
        for (k, nv) in &np {
            let Some(ov) = op.get(k) else {
                let now_required = required(ns, k);
                self.push(
                    Draft::new(
                        subject.clone(),
                        Kind::Added,
                        format!(
                            "`{nf}`: new form field `{k}`{}",
                            if now_required { " (required)" } else { "" }
                        ),
                    )
                    .item(nf)
                    .judged(
                        patch(reasons::FORM_FIELDS_NOT_RUST_ITEMS_ARE_PAIRS),
                        if now_required {
                            breaking(reasons::REQUIRED_FORM_FIELD)
                        } else {
                            compatible(reasons::OPTIONAL)
                        },
                    ),
                );
                continue;
            };
            let facets = compare_values(
                &self.renames,
                Side::old(ov),
                Side::new(nv),
                Carrier::json(Dirs::REQUEST),
            );
            self.push_facets(&subject, nf, facets, |f| {
                (
                    format!("`{nf}`: form field `{k}`: {}{}", f.at, f.detail),
                    patch(reasons::FORM_FIELDS_NOT_RUST_ITEMS),
                )
            });
            if required(os, k) != required(ns, k) {
                let (kind, how, wire) = if required(ns, k) {
                    (
                        Kind::MadeRequired,
                        "required",
                        breaking(reasons::CALLERS_MAY_NOT_SEND_IT),
                    )
                } else {
                    (
                        Kind::MadeOptional,
                        "optional",
                        compatible(reasons::SENDING_IT_STILL_ACCEPTED),
                    )
                };
                self.push(
                    Draft::new(
                        subject.clone(),
                        kind,
                        format!("`{nf}`: form field `{k}` is now {how}"),
                    )
                    .item(nf)
                    .judged(patch(reasons::FORM_FIELDS_NOT_RUST_ITEMS), wire),
                );
            }
        }
        for k in op.keys().filter(|k| !np.contains_key(*k)) {
            self.push(
                Draft::new(
                    subject.clone(),
                    Kind::Removed,
                    format!("`{nf}`: form field `{k}` removed"),
                )
                .item(nf)
                .judged(
                    patch(reasons::FORM_FIELDS_NOT_RUST_ITEMS),
                    compatible(reasons::FORM_FIELD_IGNORED),
                ),
            );
        }
    }
}
