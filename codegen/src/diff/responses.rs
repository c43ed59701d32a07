//! Success responses: the function's return type, the success status, the response's
//! provenance, and its schema (judged as received: every value the new API may send
//! must decode into the old type).

use super::change::{
    breaking, compatible, major, patch, Change, Draft, Kind, Subject, Verdict, Wire,
};
use super::compat::{compare_values, Carrier, Dirs, Side};
use super::types::response_ty;
use super::{reasons, spec, Differ};
use crate::model::{Api, Operation, ResponseKind};
use crate::openapi::Schema;

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
        _ => spec::response_schema(api, op).map_or(Body::Any, Body::Json),
    }
}

impl Differ<'_> {
    pub(super) fn response(&mut self, o: &Operation, n: &Operation, nf: &str) {
        let subject = Subject::response(&n.operation_id);
        let (or, nr) = (&o.response, &n.response);
        let (ot, nt) = (
            response_ty(self.old, &or.kind),
            response_ty(self.new, &nr.kind),
        );
        let rust_changed = ot != nt;
        if or.status != nr.status {
            self.push(
                Draft::new(
                    subject.clone(),
                    Kind::StatusChanged,
                    format!(
                        "`{nf}` is now answered with `{}` (was `{}`)",
                        nr.status, or.status
                    ),
                )
                .item(nf)
                .judged(
                    patch(reasons::STATUS_IN_DOCS_ONLY),
                    compatible(reasons::ANY_SUCCESS_STATUS),
                ),
            );
        }
        if or.description != nr.description {
            self.push(
                Draft::new(
                    subject.clone(),
                    Kind::DescriptionChanged,
                    format!("the documentation of what `{nf}` returns changes"),
                )
                .item(nf)
                .judged(
                    patch(reasons::DOCS_ONLY),
                    compatible(reasons::NOTHING_ON_THE_WIRE),
                ),
            );
        }
        if or.inferred != nr.inferred {
            self.push(
                Draft::new(
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
                )
                .item(nf)
                .judged(
                    patch(reasons::DOCS_ONLY),
                    compatible(reasons::DECODED_AS_BEFORE),
                ),
            );
        }
        use ResponseKind as R;
        // A change of the response: major when the return type changes.
        let rust_verdict = || {
            if rust_changed {
                major(reasons::return_type_changes(&ot, &nt))
            } else {
                patch(reasons::return_type_stays(&nt))
            }
        };
        let changed = |kind: Kind, summary: String, wire: Verdict<Wire>| -> Change {
            Draft::new(subject.clone(), kind, summary)
                .item(nf)
                .judged(rust_verdict(), wire)
        };
        let what = format!("`{nf}` now returns `{nt}` (was `{ot}`)");
        match (wire_body(self.old, o), wire_body(self.new, n)) {
            (Body::Json(os), Body::Json(ns)) => {
                let facets = compare_values(
                    &self.renames,
                    Side::old(os),
                    Side::new(ns),
                    Carrier::json(Dirs::RESPONSE),
                );
                // `List` decodes a bare array and Halo's wrapper alike: between the two
                // shapes of one item type, nothing changes for the old crate.
                let both_lists = matches!((&or.kind, &nr.kind), (R::List { .. }, R::List { .. }));
                let facets = facets
                    .into_iter()
                    .map(|mut f| {
                        if f.is_type && both_lists && !rust_changed {
                            f.wire = compatible(reasons::LIST_DECODES_BOTH_SHAPES);
                        }
                        f
                    })
                    .collect();
                let typed = self.push_facets(&subject, nf, facets, |f| {
                    if !f.is_type {
                        let summary = format!("the response of `{nf}`: {}{}", f.at, f.detail);
                        (summary, patch(reasons::DOCS_ONLY))
                    } else if rust_changed {
                        (format!("{what}: {}{}", f.at, f.detail), rust_verdict())
                    } else {
                        let summary = format!("the response of `{nf}`: {}{}", f.at, f.detail);
                        (summary, rust_verdict())
                    }
                });
                if rust_changed && !typed {
                    self.push(changed(
                        Kind::TypeChanged,
                        what.clone(),
                        compatible(reasons::SAME_RESPONSE_SCHEMA),
                    ));
                }
                if let (R::List { key: ok, .. }, R::List { key: nk, .. }) = (&or.kind, &nr.kind) {
                    if ok != nk {
                        let show = |k: &Option<String>| {
                            k.as_ref()
                                .map_or("not named".to_owned(), |k| format!("`{k}`"))
                        };
                        self.push(
                            Draft::new(
                                subject.clone(),
                                Kind::ListKeyChanged,
                                format!(
                                    "the records of `{nf}`'s wrapper are under {} (was {})",
                                    show(nk),
                                    show(ok)
                                ),
                            )
                            .item(nf)
                            .judged(
                                patch(reasons::LIST_KEY_IN_DOCS_ONLY),
                                compatible(reasons::WRAPPER_ARRAY_FOUND_BY_ANY_KEY),
                            ),
                        );
                    }
                }
            }
            (Body::None, Body::None) | (Body::Text, Body::Text) => {}
            (Body::Any, Body::Any) => {
                if let (R::Untyped { reason: a }, R::Untyped { reason: b }) = (&or.kind, &nr.kind) {
                    if a != b {
                        self.push(
                            Draft::new(
                                subject.clone(),
                                Kind::ProvenanceChanged,
                                format!(
                                    "the reason `{nf}` returns raw JSON changes (`x-halopsa-untyped`)"
                                ),
                            )
                            .item(nf)
                            .judged(
                                patch(reasons::DOCS_ONLY),
                                compatible(reasons::DECODED_AS_BEFORE),
                            ),
                        );
                    }
                } else if rust_changed {
                    self.push(changed(
                        Kind::TypeChanged,
                        what.clone(),
                        compatible(reasons::ANY_JSON_DECODES),
                    ));
                }
            }
            (Body::None, _) => self.push(changed(
                Kind::TypeChanged,
                format!("{what}: a response body is now documented"),
                compatible(reasons::BODY_IGNORED),
            )),
            (Body::Any, Body::Json(_) | Body::None) => self.push(changed(
                Kind::TypeChanged,
                format!("{what}: the response is now documented"),
                compatible(reasons::ANY_JSON_TAKEN),
            )),
            (_, Body::Any) => self.push(changed(
                Kind::TypeChanged,
                format!("{what}: the response is no longer documented"),
                breaking(reasons::TYPED_BODY_NO_LONGER_PROMISED),
            )),
            (_, Body::None) => self.push(changed(
                Kind::TypeChanged,
                format!("{what}: no response body any more"),
                breaking(reasons::EMPTY_BODY_DOES_NOT_DECODE),
            )),
            _ => self.push(changed(
                Kind::TypeChanged,
                format!("{what}: the response changes between text and JSON"),
                breaking(reasons::OLD_MEDIA_TYPE_DECODED),
            )),
        }
    }
}
