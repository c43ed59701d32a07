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
//! users" in `spec/README.md`. One module per part of the spec: the document and its
//! areas, schemas and fields, operations, parameters, request bodies, responses; the
//! wire-compatibility rules of two value schemas are pure functions of their own
//! (`compat`), and every reason text is a named constant (`reasons`). This module does no
//! I/O: `cargo xtask diff` loads the two specs, and [`Outcome`] renders the [`Report`]
//! as a pull-request comment (Markdown) or JSON, and its changelog entry.

mod bodies;
mod change;
mod compat;
mod document;
mod operations;
mod parameters;
mod reasons;
mod render;
mod responses;
mod schemas;
mod spec;
mod types;
mod version;

pub use change::{Change, Kind, Report, Semver, Subject, UnknownLevel, Wire};
pub use render::{changelog_entry, replace_unreleased, Outcome, CHANGELOG_HEADER};
pub use version::{next_version, Bump, VersionError};

use crate::model::Api;
use change::{Draft, Verdict};
use compat::{Dirs, Facet};
use schemas::Renames;
use std::collections::HashMap;

/// Compares the spec before (`old`) and after (`new`) a change.
pub fn diff(old: &Api, new: &Api) -> Report {
    let mut d = Differ::new(old, new);
    d.api();
    d.areas();
    d.schemas();
    d.operations();
    d.document();
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

/// One comparison: the two models, what is known across them, and the changes found so
/// far. Each part of the spec adds its methods in its own module.
struct Differ<'a> {
    old: &'a Api,
    new: &'a Api,
    /// The schemas renamed.
    renames: Renames,
    /// Which ways each schema (by its new name, or its old name if removed) travels.
    usage: HashMap<String, Dirs>,
    changes: Vec<Change>,
}

impl<'a> Differ<'a> {
    fn new(old: &'a Api, new: &'a Api) -> Self {
        let renames = Renames::find(old, new);
        let mut usage: HashMap<String, Dirs> = HashMap::new();
        for (api, is_old) in [(old, true), (new, false)] {
            for (name, dirs) in schemas::usage(api) {
                let name = if is_old { renames.canon(&name) } else { name };
                let entry = usage.entry(name).or_default();
                entry.request |= dirs.request;
                entry.response |= dirs.response;
            }
        }
        Differ {
            old,
            new,
            renames,
            usage,
            changes: Vec::new(),
        }
    }

    fn push(&mut self, change: Change) {
        self.changes.push(change);
    }

    /// Adds a change for each facet of a value (of `subject`, concerning `item`), with the
    /// summary and Rust verdict `describe` gives it; whether a facet was the value's type.
    fn push_facets(
        &mut self,
        subject: &Subject,
        item: &str,
        facets: Vec<Facet>,
        describe: impl Fn(&Facet) -> (String, Verdict<Semver>),
    ) -> bool {
        let mut typed = false;
        for f in facets {
            typed |= f.is_type;
            let (summary, rust) = describe(&f);
            self.push(
                Draft::new(subject.clone(), f.kind, summary)
                    .item(item)
                    .judged(rust, f.wire),
            );
        }
        typed
    }

    /// Which ways the schema (by its new name) travels.
    fn dirs(&self, name: &str) -> Dirs {
        self.usage.get(name).copied().unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_spec_against_itself_is_no_change() {
        let spec = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
        let api = crate::model(&spec).expect("the spec builds");
        assert_eq!(diff(&api, &api), Report::default());
    }
}
