//! Operations: endpoint functions added, removed, renamed or moved, their method, path
//! and documentation, and paging. An operation is matched by `operationId`, then (for a
//! renamed `operationId`) by method and path; its parameters, body and response are
//! compared in their own modules.

use super::change::{breaking, compatible, major, minor, patch, Draft, Kind, Subject};
use super::types::fn_path;
use super::{reasons, Differ};
use crate::model::{Area, Operation};
use std::collections::{HashMap, HashSet};

/// An operation with its area.
type Located<'a> = (&'a Area, &'a Operation);

/// The operation of this `operationId`.
fn by_id<'a>(ops: &[Located<'a>], id: &str) -> Option<Located<'a>> {
    ops.iter().find(|(_, op)| op.operation_id == id).copied()
}

/// A path template with its parameters' names left out (`/Tickets/{}`).
pub(super) fn template_shape(path: &str) -> String {
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

impl<'a> Differ<'a> {
    pub(super) fn operations(&mut self) {
        let old_ops: Vec<Located<'a>> = self.old.operations().collect();
        let new_ops: Vec<Located<'a>> = self.new.operations().collect();
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
            let old_id = renamed.get(&n.operation_id).unwrap_or(&n.operation_id);
            match by_id(&old_ops, old_id) {
                Some((oa, o)) => self.operation(oa, o, na, n),
                None => self.operation_added(na, n),
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
                Draft::new(
                    Subject::operation(&o.operation_id),
                    Kind::Removed,
                    format!(
                        "endpoint `{}` removed (`{} {}`)",
                        fn_path(&oa.module, &o.fn_name),
                        o.method.as_str(),
                        o.path
                    ),
                )
                .items(items)
                .judged(
                    major(reasons::FUNCTION_GONE),
                    breaking(reasons::ENDPOINT_GONE),
                ),
            );
        }
    }

    fn operation_added(&mut self, na: &Area, n: &Operation) {
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
            Draft::new(
                Subject::operation(&n.operation_id),
                Kind::Added,
                format!(
                    "new endpoint `{}` (`{} {}`)",
                    fn_path(&na.module, &n.fn_name),
                    n.method.as_str(),
                    n.path
                ),
            )
            .items(items)
            .judged(
                minor(reasons::NEW_FUNCTIONS),
                compatible(reasons::NEW_ENDPOINT),
            ),
        );
    }

    fn operation(&mut self, oa: &Area, o: &Operation, na: &Area, n: &Operation) {
        let subject = Subject::operation(&n.operation_id);
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
                patch(reasons::FUNCTION_KEEPS_NAME)
            } else {
                major(reasons::OLD_FUNCTION_PATH_GONE)
            };
            self.push(
                Draft::new(subject.clone(), kind, summary)
                    .items(items)
                    .judged(rust, compatible(reasons::SAME_REQUEST)),
            );
        }
        if o.tool != n.tool {
            self.push(
                Draft::new(
                    subject.clone(),
                    Kind::ToolRenamed,
                    format!(
                        "the MCP tool of `{nf}` is now `{}` (was `{}`)",
                        n.tool, o.tool
                    ),
                )
                .item(&nf)
                .judged(
                    patch(reasons::TOOL_NOT_IN_CRATE),
                    compatible(reasons::TOOL_RENAMED_SAME_REQUEST),
                ),
            );
        }
        let (old_command, new_command) = (
            format!("{} {}", oa.command, o.command),
            format!("{} {}", na.command, n.command),
        );
        if old_command != new_command {
            self.push(
                Draft::new(
                    subject.clone(),
                    Kind::CommandRenamed,
                    format!(
                        "the command line's command of `{nf}` is now `{new_command}` (was `{old_command}`)"
                    ),
                )
                .item(&nf)
                .judged(
                    patch(reasons::COMMAND_NOT_IN_CRATE),
                    compatible(reasons::COMMAND_RENAMED_SAME_REQUEST),
                ),
            );
        }
        if o.method != n.method {
            self.push(
                Draft::new(
                    subject.clone(),
                    Kind::MethodChanged,
                    format!(
                        "`{nf}` now sends `{}` (was `{}`)",
                        n.method.as_str(),
                        o.method.as_str()
                    ),
                )
                .item(&nf)
                .judged(
                    patch(reasons::METHOD_IN_DOCS_ONLY),
                    breaking(reasons::OLD_METHOD_SENT),
                ),
            );
        }
        if template_shape(&o.path) != template_shape(&n.path) {
            self.push(
                Draft::new(
                    subject.clone(),
                    Kind::PathChanged,
                    format!("`{nf}` now requests `{}` (was `{}`)", n.path, o.path),
                )
                .item(&nf)
                .judged(
                    patch(reasons::PATH_IN_DOCS_ONLY),
                    breaking(reasons::OLD_PATH_REQUESTED),
                ),
            );
        }
        if o.summary != n.summary || o.description != n.description {
            self.push(
                Draft::new(
                    subject.clone(),
                    Kind::DescriptionChanged,
                    format!("the documentation of `{nf}` changes"),
                )
                .item(&nf)
                .judged(
                    patch(reasons::DOCS_ONLY),
                    compatible(reasons::NOTHING_ON_THE_WIRE),
                ),
            );
        }
        self.path_params(o, n, &nf);
        self.query_params(oa, o, na, n, &nf);
        self.body(o, n, &nf);
        self.response(o, n, &nf);
        self.paging(oa, o, na, n, &nf);
    }

    fn paging(&mut self, oa: &Area, o: &Operation, na: &Area, n: &Operation, nf: &str) {
        let subject = Subject::operation(&n.operation_id);
        let change = match (&o.paging, &n.paging) {
            (None, Some(p)) => {
                let (pages, stream) = (
                    fn_path(&na.module, &p.pages_fn),
                    fn_path(&na.module, &p.stream_fn),
                );
                Draft::new(
                    subject,
                    Kind::PagingAdded,
                    format!("`{nf}` now pages: new `{pages}` and `{stream}`"),
                )
                .items([pages, stream])
                .judged(
                    minor(reasons::NEW_FUNCTIONS),
                    compatible(reasons::EXISTING_CALLS_UNCHANGED),
                )
            }
            (Some(p), None) => {
                let (pages, stream) = (
                    fn_path(&oa.module, &p.pages_fn),
                    fn_path(&oa.module, &p.stream_fn),
                );
                Draft::new(
                    subject,
                    Kind::PagingRemoved,
                    format!("`{nf}` no longer pages: `{pages}` and `{stream}` removed"),
                )
                .items([pages, stream])
                .judged(
                    major(reasons::PAGING_FUNCTIONS_GONE),
                    compatible(reasons::PAGING_JUDGED_ON_THEIR_OWN),
                )
            }
            (Some(a), Some(b)) if a.paginate != b.paginate => Draft::new(
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
            )
            .item(fn_path(&na.module, &b.pages_fn))
            .judged(
                patch(reasons::SIGNATURES_KEPT),
                compatible(reasons::RECORDS_FOUND_IN_EITHER_SHAPE),
            ),
            _ => return,
        };
        self.push(change);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_ignore_parameter_names() {
        assert_eq!(template_shape("/A/{id}&{seq}"), "/A/{}&{}");
        assert_eq!(template_shape("/A/{x}"), template_shape("/A/{y}"));
    }
}
