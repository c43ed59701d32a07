//! Path and query parameters: arguments and query-struct fields added, removed, renamed,
//! reordered or made required, and each one's type and constraints (judged as text sent
//! in requests).

use super::change::{breaking, compatible, major, minor, patch, Draft, Kind, Subject};
use super::compat::{compare_values, Carrier, Facet, Side};
use super::types::{fn_path, rust_ty};
use super::{reasons, spec, Differ};
use crate::model::{Area, Operation, Param};
use crate::openapi::{self, Schema};

impl Differ<'_> {
    pub(super) fn path_params(&mut self, o: &Operation, n: &Operation, nf: &str) {
        let subject = |name: &str| Subject::parameter(&n.operation_id, "path", name);
        // By name, then what is left by position (a renamed placeholder).
        let mut pairs: Vec<(&Param, &Param)> = Vec::new();
        let mut added = Vec::new();
        for (i, np) in n.path_params.iter().enumerate() {
            match o.path_params.iter().find(|p| p.name == np.name) {
                Some(op) => pairs.push((op, np)),
                None => match o.path_params.get(i) {
                    Some(op) if !n.path_params.iter().any(|p| p.name == op.name) => {
                        self.push(
                            Draft::new(
                                subject(&np.name),
                                Kind::Renamed,
                                format!(
                                    "argument `{}` of `{nf}` renamed `{}`",
                                    op.rust_name, np.rust_name
                                ),
                            )
                            .item(nf)
                            .judged(
                                patch(reasons::ARGUMENT_NAMES_NOT_IN_TYPE),
                                compatible(reasons::PATH_PARAMETER_NAME_NOT_SENT),
                            ),
                        );
                        pairs.push((op, np));
                    }
                    _ => added.push(np),
                },
            }
        }
        for np in added {
            self.push(
                Draft::new(
                    subject(&np.name),
                    Kind::Added,
                    format!(
                        "`{nf}` takes a new argument `{}` (path parameter `{}`)",
                        np.rust_name, np.name
                    ),
                )
                .item(nf)
                .judged(
                    major(reasons::NEW_ARGUMENT),
                    breaking(reasons::PATH_WITHOUT_IT),
                ),
            );
        }
        for op in &o.path_params {
            if pairs.iter().any(|(p, _)| p.name == op.name) {
                continue;
            }
            self.push(
                Draft::new(
                    subject(&op.name),
                    Kind::Removed,
                    format!(
                        "`{nf}` no longer takes argument `{}` (path parameter `{}`)",
                        op.rust_name, op.name
                    ),
                )
                .item(nf)
                .judged(
                    major(reasons::ARGUMENT_GONE),
                    breaking(reasons::PATH_WITH_IT),
                ),
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
                Draft::new(
                    subject(&n.path_params[0].name),
                    Kind::Reordered,
                    format!("the path arguments of `{nf}` change order"),
                )
                .item(nf)
                .judged(
                    major(reasons::ARGUMENTS_IN_OLD_ORDER),
                    compatible(reasons::PATH_BUILT_BY_NAME),
                ),
            );
        }
        let (odoc, ndoc) = (spec::parameters(self.old, o), spec::parameters(self.new, n));
        for (op, np) in pairs {
            let (ot, nt) = (rust_ty(self.old, &op.ty), rust_ty(self.new, &np.ty));
            self.param_facets(
                subject(&np.name),
                (odoc.get(op.name.as_str()), ndoc.get(np.name.as_str())),
                (&ot, &nt),
                &format!("argument `{}` of `{nf}`", np.rust_name),
                nf,
            );
        }
    }

    pub(super) fn query_params(
        &mut self,
        oa: &Area,
        o: &Operation,
        na: &Area,
        n: &Operation,
        nf: &str,
    ) {
        let id = &n.operation_id;
        let subject = |name: &str| Subject::parameter(id, "query", name);
        let qs = |area: &Area, op: &Operation| {
            op.query_struct.as_ref().map(|q| fn_path(&area.module, q))
        };
        let (oq, nq) = (qs(oa, o), qs(na, n));
        match (&oq, &nq) {
            (None, Some(q)) => self.push(
                Draft::new(
                    Subject::operation(id),
                    Kind::Added,
                    format!(
                        "`{nf}` takes a new argument `query: &{q}` (its first query parameters)"
                    ),
                )
                .items([nf.to_owned(), q.clone()])
                .judged(
                    major(reasons::NEW_ARGUMENT),
                    compatible(reasons::NO_QUERY_SENT_BEFORE),
                ),
            ),
            (Some(q), None) => self.push(
                Draft::new(
                    Subject::operation(id),
                    Kind::Removed,
                    format!("`{nf}` no longer takes a `query` argument, and `{q}` is gone"),
                )
                .items([nf.to_owned(), q.clone()])
                .judged(
                    major(reasons::ARGUMENT_AND_TYPE_GONE),
                    compatible(reasons::REMOVED_QUERY_JUDGED_BELOW),
                ),
            ),
            _ => {}
        }
        let q_item = |p: &Param, q: &Option<String>| match q {
            Some(q) => format!("{q}::{}", p.rust_name),
            None => nf.to_owned(),
        };
        let new_fn = nq.clone().unwrap_or_default();
        // A query struct derives `Default` only while no parameter is required.
        let loses_default = if oq.is_some() && o.query.iter().all(|p| !p.required) {
            reasons::NO_LONGER_DEFAULT
        } else {
            ""
        };
        let (odoc, ndoc) = (spec::parameters(self.old, o), spec::parameters(self.new, n));
        for np in &n.query {
            let item = q_item(np, &nq);
            let Some(op) = o.query.iter().find(|p| p.name == np.name) else {
                let (how, rust, wire) = if np.required {
                    (
                        ("required", ", an argument of `new`"),
                        major(reasons::new_takes_argument(&new_fn, loses_default)),
                        breaking(reasons::REQUIRED_PARAMETER_NOT_SENT),
                    )
                } else {
                    (
                        ("optional", " and its setter"),
                        minor(reasons::NEW_QUERY_FIELD),
                        compatible(reasons::OPTIONAL_PARAMETER),
                    )
                };
                self.push(
                    Draft::new(
                        subject(&np.name),
                        Kind::Added,
                        format!(
                            "new {} query parameter `{}` of `{nf}` (`{item}`{})",
                            how.0, np.name, how.1
                        ),
                    )
                    .item(item)
                    .judged(rust, wire),
                );
                continue;
            };
            if op.required != np.required {
                let (kind, summary, wire) = if np.required {
                    (
                        Kind::MadeRequired,
                        format!("query parameter `{}` of `{nf}` is now required: an argument of `{new_fn}::new`, no longer a setter", np.name),
                        breaking(reasons::MAY_CALL_WITHOUT_IT),
                    )
                } else {
                    (
                        Kind::MadeOptional,
                        format!("query parameter `{}` of `{nf}` is now optional: a setter `{item}`, no longer an argument of `{new_fn}::new`", np.name),
                        compatible(reasons::ALWAYS_SENT_STILL_ACCEPTED),
                    )
                };
                let rust = major(reasons::new_changes_arguments(
                    &new_fn,
                    &item,
                    if np.required { loses_default } else { "" },
                ));
                self.push(
                    Draft::new(subject(&np.name), kind, summary)
                        .item(&item)
                        .judged(rust, wire),
                );
            }
            let (ot, nt) = (rust_ty(self.old, &op.ty), rust_ty(self.new, &np.ty));
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
                Draft::new(
                    subject(&op.name),
                    Kind::Removed,
                    format!("query parameter `{}` of `{nf}` removed (`{item}`)", op.name),
                )
                .item(item)
                .judged(
                    major(reasons::PARAMETER_SETTER_GONE),
                    compatible(reasons::IGNORED_BY_SERVER),
                ),
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
            self.push(
                Draft::new(
                    Subject::operation(id),
                    Kind::Reordered,
                    format!("`{new_fn}::new` takes its arguments in another order"),
                )
                .item(format!("{new_fn}::new"))
                .judged(
                    major(reasons::ARGUMENTS_IN_OLD_ORDER),
                    compatible(reasons::QUERY_BUILT_BY_NAME),
                ),
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
        let mut facets = compare_values(
            &self.renames,
            Side::old(os),
            Side::new(ns),
            Carrier::parameter(),
        );
        if op.description != np.description {
            facets.push(Facet::description(""));
        }
        let rust_changed = ot != nt;
        let typed = self.push_facets(&subject, item, facets, |f| {
            if f.is_type && rust_changed {
                (
                    format!("{what} is now `{nt}` (was `{ot}`): {}{}", f.at, f.detail),
                    major(reasons::parameter_type_changes(ot, nt)),
                )
            } else if f.is_type {
                (
                    format!("{what}: {}{}", f.at, f.detail),
                    patch(reasons::parameter_type_stays(nt)),
                )
            } else {
                (
                    format!("{what}: {}{}", f.at, f.detail),
                    patch(reasons::PARAMETER_DOCS_ONLY),
                )
            }
        });
        if rust_changed && !typed {
            self.push(
                Draft::new(
                    subject,
                    Kind::TypeChanged,
                    format!("{what} is now `{nt}` (was `{ot}`)"),
                )
                .item(item)
                .judged(
                    major(reasons::parameter_type_changes(ot, nt)),
                    compatible(reasons::SAME_VALUE_SENT),
                ),
            );
        }
    }
}
