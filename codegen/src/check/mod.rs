//! Stage 2, check: validates the loaded spec as a whole and merges it into one document.
//!
//! Reports, all together and each with file and location: unresolved `$ref`s, duplicate
//! operation ids and schema names, path template parameters that are not declared (and
//! declared ones that are not in the template), constructs the generator does not support,
//! and names that collide once converted to Rust.

mod operations;
mod schemas;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::halo;
use crate::load::{Loaded, LoadedSpec};
use crate::naming;
use crate::openapi::*;
use crate::template;
use indexmap::IndexMap;
use std::collections::HashMap;

/// The checked spec: the merged document plus, per area, which paths and schemas it owns.
#[derive(Debug, Clone)]
pub struct CheckedSpec {
    /// The merged document (what `openapi.json` holds).
    pub document: RootFile,
    /// The areas in tag order.
    pub areas: Vec<CheckedArea>,
}

/// One documentation area after checking.
#[derive(Debug, Clone)]
pub struct CheckedArea {
    /// The area's tag.
    pub tag: Tag,
    /// The paths it defines, in file order.
    pub paths: IndexMap<String, PathItem>,
    /// The names of the schemas it defines, in file order (the root's go to no area).
    pub schemas: Vec<String>,
}

/// Media types the generator understands for request bodies.
pub const JSON: &str = "application/json";
/// Multipart form bodies.
pub const MULTIPART: &str = "multipart/form-data";
/// XML text responses (TwiML).
pub const TEXT_XML: &str = "text/xml";
/// Plain text responses.
pub const TEXT_PLAIN: &str = "text/plain";

/// Where an operation id is: its file and node, put into words (`tickets.yaml:12`) only
/// when an error names it (finding a line indexes the file's positions).
#[derive(Clone)]
struct Site<'a> {
    area: &'a Loaded<AreaFile>,
    at: Vec<&'a str>,
}

impl Site<'_> {
    fn describe(&self) -> String {
        format!(
            "{}:{}",
            self.area.file,
            self.area.locator.find(&self.at).line
        )
    }
}

/// Checks the loaded spec and merges it.
pub fn check(spec: &LoadedSpec) -> Result<CheckedSpec, Diagnostics> {
    let mut c = Checker {
        errors: Vec::new(),
        schemas: IndexMap::new(),
    };
    let root = &spec.root;
    if root.doc.openapi != "3.0.3" {
        c.errors
            .push(root.error(&["openapi"], "`openapi` must be `3.0.3`"));
    }
    if !root.doc.paths.is_empty() {
        c.errors.push(root.error(
            &["paths"],
            "the root file's `paths` must be empty: paths belong in area files",
        ));
    }

    // Schema names: one namespace for the whole document.
    let mut schema_owner: HashMap<String, (String, String)> = HashMap::new();
    let mut rust_names: HashMap<String, String> = HashMap::new();
    for (name, schema) in &root.doc.components.schemas {
        c.add_schema(root, &mut schema_owner, &mut rust_names, name, schema);
    }
    for area in &spec.areas {
        for (name, schema) in &area.doc.components.schemas {
            c.add_schema(area, &mut schema_owner, &mut rust_names, name, schema);
        }
    }

    // Shared parameters.
    for (name, param) in &root.doc.components.parameters {
        let at = ["components", "parameters", name.as_str()];
        if param.reference.is_some() {
            c.errors
                .push(root.error(&at, "a shared parameter cannot itself be a `$ref`"));
        } else {
            c.check_parameter_fields(root, &at, param);
        }
    }

    // Tags and modules.
    let mut modules: HashMap<String, &str> = HashMap::new();
    for (i, tag) in root.doc.tags.iter().enumerate() {
        let module = naming::module_name(&tag.name);
        let at = ["tags", &i.to_string(), "name"];
        if !naming::is_nameable(&tag.name) {
            c.errors.push(root.error(
                &at,
                format!(
                    "tag `{}` has no ASCII letter or digit to make a module name of",
                    tag.name
                ),
            ));
        } else if naming::RESERVED_MODULES.contains(&module.as_str()) {
            c.errors.push(root.error(
                &at,
                format!(
                    "tag `{}` becomes the module `{module}`, a name the crate already uses",
                    tag.name
                ),
            ));
        } else {
            let command = naming::cli_area_command(&tag.name);
            if naming::RESERVED_CLI_COMMANDS.contains(&command.as_str()) {
                c.errors.push(root.error(
                    &at,
                    format!(
                        "tag `{}` becomes the command `halopsa {command}`, which the command line already has",
                        tag.name
                    ),
                ));
            }
        }
        if let Some(text) = &tag.module_doc {
            let at = ["tags", &i.to_string(), "x-halopsa-module-doc"];
            if text.trim().is_empty() {
                c.errors.push(root.error(
                    &at,
                    "`x-halopsa-module-doc` is blank: leave it out, or say what the area holds",
                ));
            } else if let Some(line) = text
                .lines()
                .map(str::trim_start)
                .find(|l| l.starts_with('#') && l.trim_start_matches('#').starts_with([' ', '\t']))
            {
                c.errors.push(root.error(
                    &at,
                    format!(
                        "`x-halopsa-module-doc` has a heading (`{}`): the module page's headings \
                         are the generator's, write paragraphs",
                        line.trim()
                    ),
                ));
            }
        }
        if let Some(other) = modules.insert(module.clone(), &tag.name) {
            c.errors.push(root.error(
                &at,
                format!(
                    "tag `{}` and tag `{other}` both become the module `{module}`",
                    tag.name
                ),
            ));
        }
    }

    // Schemas, recursively.
    for (name, schema) in &root.doc.components.schemas {
        c.check_named_schema(root, &["components", "schemas", name], name, schema);
        // Each area is a cargo feature: the shared module, always built, cannot use them.
        for (prop, prop_schema) in schema.properties.iter().flatten() {
            let target = [
                prop_schema,
                prop_schema.items.as_deref().unwrap_or(prop_schema),
            ]
            .into_iter()
            .find_map(|s| s.reference.as_deref().and_then(naming::schema_ref_name));
            if let Some(target) = target {
                if !root.doc.components.schemas.contains_key(&target)
                    && c.schemas.contains_key(&target)
                {
                    c.errors.push(root.error(
                        &["components", "schemas", name, "properties", prop],
                        format!("shared schema `{name}` uses `{target}`, a schema of an area: areas are optional (cargo features), so shared schemas may only use shared schemas"),
                    ));
                }
            }
        }
    }
    for area in &spec.areas {
        for (name, schema) in &area.doc.components.schemas {
            c.check_named_schema(area, &["components", "schemas", name], name, schema);
        }
    }

    // Operations.
    let mut operation_ids: HashMap<String, Site> = HashMap::new();
    // Every generated function and type name, with the operation or schema it comes from.
    let mut function_names: HashMap<String, String> = HashMap::new();
    let mut query_structs: HashMap<String, String> = HashMap::new();
    let mut paths_seen: HashMap<String, String> = HashMap::new();
    let mut shapes_seen: HashMap<String, String> = HashMap::new();
    // The MCP server's tool names, with where each comes from.
    let mut tools: HashMap<String, String> = HashMap::new();
    for (i, tag) in root.doc.tags.iter().enumerate() {
        if let Some(prefix) = &tag.tool_prefix {
            let words = naming::tool_prefix(&tag.name, Some(prefix));
            if words != *prefix || prefix.is_empty() {
                c.errors.push(root.error(
                    &["tags", &i.to_string(), "x-halopsa-tool-prefix"],
                    format!("the tool prefix `{prefix}` must be lowercase words of ASCII letters and digits joined by `_` (`{words}`)"),
                ));
            }
        }
    }
    for (area, tag) in spec.areas.iter().zip(&root.doc.tags) {
        // The command line's commands of this area's operations, with where each comes from.
        let mut commands: HashMap<String, (String, Site)> = HashMap::new();
        let area_command = naming::cli_area_command(&tag.name);
        let tool_prefix = naming::tool_prefix(&tag.name, tag.tool_prefix.as_deref());
        for (path, item) in &area.doc.paths {
            let path_at = ["paths", path.as_str()];
            if let Some(problem) = template::problem(path) {
                c.errors.push(area.error(&path_at, problem));
            }
            if let Some(other) = paths_seen.insert(path.clone(), area.file.clone()) {
                c.errors.push(area.error(
                    &path_at,
                    format!("path `{path}` is also defined in {other}"),
                ));
            } else if let Some(other) = shapes_seen.insert(template::shape(path), path.clone()) {
                c.errors.push(area.error(
                    &path_at,
                    format!("path `{path}` is the path `{other}` with other parameter names"),
                ));
            }
            for (method, op) in item.operations() {
                let method = method.key();
                let at = ["paths", path.as_str(), method];
                c.check_operation(root, area, &at, tag, path, op);
                let id = &op.operation_id;
                let id_at = [path.as_str(), method, "operationId"];
                let id_at = [&["paths"], &id_at[..]].concat();
                let here = Site {
                    area,
                    at: id_at.clone(),
                };
                if let Some(other) = operation_ids.insert(id.clone(), here.clone()) {
                    let other = other.describe();
                    c.errors.push(area.error(
                        &id_at,
                        format!("duplicate operationId `{id}` (first at {other})"),
                    ));
                    continue;
                }
                let command = naming::cli_operation_command(id, &tag.name);
                if naming::RESERVED_CLI_OPERATION_COMMANDS.contains(&command.as_str()) {
                    c.errors.push(area.error(
                        &id_at,
                        format!("operationId `{id}` becomes the command `halopsa {area_command} {command}`, which the command line already has"),
                    ));
                } else if let Some((other, there)) =
                    commands.insert(command.clone(), (id.clone(), here))
                {
                    let there = there.describe();
                    c.errors.push(area.error(
                        &id_at,
                        format!("operationId `{id}` and `{other}` (at {there}) both become the command `halopsa {area_command} {command}`"),
                    ));
                }
                let tool = naming::tool_name(&tool_prefix, &command);
                if tool.len() > naming::MAX_TOOL_NAME {
                    c.errors.push(area.error(
                        &id_at,
                        format!("operationId `{id}` becomes the MCP tool `{tool}`, {} characters, over the {} that clients allow: give tag `{}` a shorter `x-halopsa-tool-prefix`", tool.len(), naming::MAX_TOOL_NAME, tag.name),
                    ));
                } else if let Some(other) = tools.insert(tool.clone(), id.clone()) {
                    c.errors.push(area.error(
                        &id_at,
                        format!(
                            "operationId `{id}` and `{other}` both become the MCP tool `{tool}`"
                        ),
                    ));
                }
                let function = naming::function_name(id);
                let mut functions = vec![function.clone(), naming::request_function(&function)];
                if op
                    .parameters
                    .iter()
                    .any(|p| p.name.as_deref() == Some(halo::PAGE_NO))
                    || op.parameters.iter().any(|p| {
                        p.reference
                            .as_deref()
                            .and_then(naming::parameter_ref_name)
                            .is_some_and(|n| n == halo::PAGE_NO)
                    })
                {
                    functions.push(naming::pages_function(&function));
                    functions.push(naming::stream_function(&function));
                }
                for name in functions {
                    if let Some(other) = function_names.insert(name.clone(), id.clone()) {
                        c.errors.push(area.error(
                            &id_at,
                            format!(
                                "operationId `{id}` and `{other}` both generate the function `{name}`"
                            ),
                        ));
                    }
                }
                if !op.parameters.is_empty() {
                    let query = naming::query_struct_name(id);
                    if let Some(schema) = rust_names.get(&query) {
                        c.errors.push(area.error(
                            &id_at,
                            format!(
                                "the query struct `{query}` of `{id}` has the name of schema `{schema}`'s Rust type"
                            ),
                        ));
                    } else if let Some(other) = query_structs.insert(query.clone(), id.clone()) {
                        c.errors.push(area.error(
                            &id_at,
                            format!("operationId `{id}` and `{other}` both generate the query struct `{query}`"),
                        ));
                    }
                }
            }
        }
    }

    if !c.errors.is_empty() {
        return Err(Diagnostics(c.errors));
    }

    let mut document = root.doc.clone();
    document.components.schemas = c.schemas.clone();
    let mut areas = Vec::new();
    for (area, tag) in spec.areas.iter().zip(&root.doc.tags) {
        for (path, item) in &area.doc.paths {
            document.paths.insert(path.clone(), item.clone());
        }
        areas.push(CheckedArea {
            tag: tag.clone(),
            paths: area.doc.paths.clone(),
            schemas: area.doc.components.schemas.keys().cloned().collect(),
        });
    }
    Ok(CheckedSpec { document, areas })
}

struct Checker {
    errors: Vec<Diagnostic>,
    /// Every schema of the document by name (root first, then areas in tag order).
    schemas: IndexMap<String, Schema>,
}
