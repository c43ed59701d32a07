//! Stage 3, model: the one description of the API that every output reads (the SDK, the
//! endpoint tests, the OpenAPI bundle).
//!
//! Every decision about names and representation is taken here and recorded: Rust names
//! (by the rules of [`crate::naming`]), every `$ref` resolved once to a [`TypeId`] into the
//! type table, which fields are boxed, how arguments are taken ([`ArgForm`]), what kind of response
//! an operation has (one record, a saved record, a list with its wrapper key, a plain
//! value, no body, untyped JSON), and which operations page, with their parameters.
//! Emitters only read it: none derives a name or matches on a spec name.

mod build;
mod operations;
mod resources;
#[cfg(test)]
mod tests;
mod types;

pub use build::build;
pub use operations::*;
pub use resources::*;
pub use types::*;

use crate::openapi::RootFile;

/// The whole API, ready for the emitters.
#[derive(Debug, Clone)]
pub struct Api {
    /// API title.
    pub title: String,
    /// API version.
    pub version: String,
    /// Every record type, indexed by [`TypeId`]: the root file's first, then each area's.
    pub types: Vec<Model>,
    /// The root file's schemas (module [`COMMON_MODULE`](crate::naming::COMMON_MODULE)).
    pub common: Vec<TypeId>,
    /// One module per documentation area, in tag order.
    pub areas: Vec<Area>,
    /// The stateful resources: a collection path and an item path (`/Mailbox`,
    /// `/Mailbox/{id}`) serving one record type. Operations point here by [`Role`].
    pub resources: Vec<Resource>,
    /// The lists without an item path (`GET /ToDo`): each keeps records under its path.
    /// Operations point here by [`Role::ListPath`] and [`Role::SavePath`].
    pub path_lists: Vec<PathList>,
    /// The merged OpenAPI document (what `openapi.json` holds).
    pub document: RootFile,
}

impl Api {
    /// The record type behind a handle.
    pub fn model(&self, id: TypeId) -> &Model {
        &self.types[id.0]
    }

    /// Every operation with its area, in spec order.
    pub fn operations(&self) -> impl Iterator<Item = (&Area, &Operation)> {
        self.areas
            .iter()
            .flat_map(|area| area.operations.iter().map(move |op| (area, op)))
    }
}

/// A handle into [`Api::types`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TypeId(pub usize);

/// One documentation area: one module.
#[derive(Debug, Clone)]
pub struct Area {
    /// The tag name.
    pub tag: String,
    /// The module name.
    pub module: String,
    /// Its command in the command line (`tickets`): [`crate::naming::cli_area_command`].
    pub command: String,
    /// The prefix of its tools' names in the MCP server (`tickets`, `collab`):
    /// [`crate::naming::tool_prefix`].
    pub tool_prefix: String,
    /// The area's description: what it holds, in a sentence.
    pub description: Option<String>,
    /// More about the area for its module's page (the tag's `x-halopsa-module-doc`).
    pub module_doc: Option<String>,
    /// The spec file it comes from.
    pub file: String,
    /// Record types defined by the area.
    pub models: Vec<TypeId>,
    /// Operations, in spec order.
    pub operations: Vec<Operation>,
    /// The other areas whose record types this area's records and operations use (its
    /// cargo feature turns theirs on), by module name, in tag order.
    pub uses: Vec<String>,
}
