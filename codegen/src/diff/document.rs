//! The document as a whole: the API's `info` and the documentation areas (one module
//! each), and what the merged document says beyond the model.

use super::change::{compatible, major, minor, patch, Draft, Kind, Subject};
use super::{reasons, Differ};
use crate::openapi;

/// The document as JSON with every array sorted: what it says, whatever the order.
pub(super) fn normalized(doc: &openapi::RootFile) -> serde_json::Value {
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

impl Differ<'_> {
    pub(super) fn api(&mut self) {
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
                    Draft::new(
                        Subject::Api,
                        Kind::DescriptionChanged,
                        format!("the API's {what} in the crate documentation changes"),
                    )
                    .item("halopsa")
                    .judged(
                        patch(reasons::DOCS_ONLY),
                        compatible(reasons::NOTHING_ON_THE_WIRE),
                    ),
                );
            }
        }
    }

    /// What the document says beyond the model (servers, security, an example): reported
    /// only when nothing else changed.
    pub(super) fn document(&mut self) {
        if self.changes.is_empty()
            && normalized(&self.old.document) != normalized(&self.new.document)
        {
            self.push(
                Draft::new(
                    Subject::Api,
                    Kind::Changed,
                    "the OpenAPI document (`openapi.json`) changes in a way the Rust API does not show",
                )
                .judged(
                    patch(reasons::NO_RUST_ITEM),
                    compatible(reasons::NO_OPERATION_CHANGES),
                ),
            );
        }
    }

    pub(super) fn areas(&mut self) {
        for n in &self.new.areas {
            match self.old.areas.iter().find(|o| o.module == n.module) {
                None => self.push(
                    Draft::new(
                        Subject::area(&n.module),
                        Kind::Added,
                        format!("new module `{}` ({})", n.module, n.tag),
                    )
                    .item(&n.module)
                    .judged(minor(reasons::NEW_MODULE), compatible(reasons::NEW_AREA)),
                ),
                Some(o) => {
                    if o.tag != n.tag
                        || o.description != n.description
                        || o.module_doc != n.module_doc
                        || o.file != n.file
                    {
                        self.push(
                            Draft::new(
                                Subject::area(&n.module),
                                Kind::DescriptionChanged,
                                format!("the documentation of module `{}` changes", n.module),
                            )
                            .item(&n.module)
                            .judged(
                                patch(reasons::MODULE_DOCS_ONLY),
                                compatible(reasons::NOTHING_ON_THE_WIRE),
                            ),
                        );
                    }
                }
            }
        }
        for o in &self.old.areas {
            if !self.new.areas.iter().any(|n| n.module == o.module) {
                self.push(
                    Draft::new(
                        Subject::area(&o.module),
                        Kind::Removed,
                        format!("module `{}` removed", o.module),
                    )
                    .item(&o.module)
                    .judged(
                        major(reasons::MODULE_GONE),
                        compatible(reasons::AREA_JUDGED_ONE_BY_ONE),
                    ),
                );
            }
        }
    }
}
