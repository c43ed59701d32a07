//! Stage 2, check: validates the loaded spec as a whole and merges it into one document.
//!
//! Reports, all together and each with file and location: unresolved `$ref`s, duplicate
//! operation ids and schema names, path template parameters that are not declared (and
//! declared ones that are not in the template), constructs the generator does not support,
//! and names that collide once converted to Rust.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::halo;
use crate::load::{Loaded, LoadedSpec};
use crate::naming::{self, EXTRA_FIELD};
use crate::openapi::*;
use crate::template::{self, template_params};
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
    let mut operation_ids: HashMap<String, String> = HashMap::new();
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
        let mut commands: HashMap<String, (String, String)> = HashMap::new();
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
                let here = format!("{}:{}", area.file, area.locator.find(&id_at).line);
                if let Some(other) = operation_ids.insert(id.clone(), here.clone()) {
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

impl Checker {
    fn add_schema<T>(
        &mut self,
        file: &Loaded<T>,
        owner: &mut HashMap<String, (String, String)>,
        rust_names: &mut HashMap<String, String>,
        name: &str,
        schema: &Schema,
    ) {
        let at = ["components", "schemas", name];
        if let Some((other_file, _)) = owner.get(name) {
            self.errors.push(file.error(
                &at,
                format!("schema `{name}` is already defined in {other_file}"),
            ));
            return;
        }
        let rust = naming::type_name(name);
        if !naming::is_nameable(name) {
            self.errors.push(file.error(
                &at,
                format!("schema `{name}` has no ASCII letter or digit to make a type name of"),
            ));
        } else if naming::RESERVED_TYPES.contains(&rust.as_str()) {
            self.errors.push(file.error(
                &at,
                format!("schema `{name}` becomes the Rust type `{rust}`, which generated code needs from the standard library"),
            ));
        }
        if let Some(other) = rust_names.insert(rust.clone(), name.to_owned()) {
            self.errors.push(file.error(
                &at,
                format!("schemas `{name}` and `{other}` both become the Rust type `{rust}`"),
            ));
        }
        owner.insert(name.to_owned(), (file.file.clone(), name.to_owned()));
        self.schemas.insert(name.to_owned(), schema.clone());
    }

    fn resolve_schema(&self, reference: &str) -> Option<&Schema> {
        naming::schema_ref_name(reference).and_then(|name| self.schemas.get(&name))
    }

    fn check_named_schema<T>(
        &mut self,
        file: &Loaded<T>,
        at: &[&str],
        name: &str,
        schema: &Schema,
    ) {
        if schema.reference.is_some() {
            self.errors.push(file.error(
                at,
                format!("schema `{name}` is only a `$ref`: use the target schema directly"),
            ));
            return;
        }
        if schema.schema_type != Some(SchemaType::Object) {
            self.errors
                .push(file.error(at, format!("named schema `{name}` must be `type: object`")));
        }
        self.check_schema(file, at, schema, true);
    }

    /// Checks one schema and everything under it.
    fn check_schema<T>(&mut self, file: &Loaded<T>, at: &[&str], schema: &Schema, named: bool) {
        let err = |msg: String| file.error(at, msg);
        if let Some(reference) = &schema.reference {
            if schema.schema_type.is_some()
                || schema.items.is_some()
                || schema.properties.is_some()
                || schema.format.is_some()
                || schema.description.is_some()
                || schema.nullable.is_some()
                || schema.max_length.is_some()
                || schema.min_items.is_some()
                || schema.enumeration.is_some()
                || schema.required.is_some()
                || schema.additional_properties.is_some()
            {
                self.errors.push(err(
                    "a `$ref` cannot have keys beside it (OpenAPI 3.0 tools ignore them): the referenced schema's description is used".into(),
                ));
            }
            if self.resolve_schema(reference).is_none() {
                self.errors.push(file.error(
                    &[at, &["$ref"]].concat(),
                    format!("unresolved `$ref` `{reference}`"),
                ));
            }
            return;
        }
        if schema.nullable.is_some() && schema.schema_type.is_none() {
            self.errors.push(err(
                "`nullable` needs a `type` (a schema without `type` is any JSON, null included)"
                    .into(),
            ));
        }
        let format = schema.format.as_deref();
        let ok_format = matches!(
            (schema.schema_type, format),
            (_, None)
                | (Some(SchemaType::Integer), Some("int32" | "int64"))
                | (Some(SchemaType::Number), Some("double" | "float"))
                | (Some(SchemaType::String), Some("date-time" | "uuid"))
        );
        if !ok_format {
            self.errors.push(err(format!(
                "format `{}` is not supported for type `{}`",
                format.unwrap_or_default(),
                type_name(schema.schema_type)
            )));
        }
        if schema.max_length.is_some() && schema.schema_type != Some(SchemaType::String) {
            self.errors
                .push(err("`maxLength` applies to strings only".into()));
        }
        if schema.min_items.is_some() && schema.schema_type != Some(SchemaType::Array) {
            self.errors
                .push(err("`minItems` applies to arrays only".into()));
        }
        match schema.schema_type {
            Some(SchemaType::Array) => match &schema.items {
                Some(items) => self.check_schema(file, &[at, &["items"]].concat(), items, false),
                None => self.errors.push(err(
                    "an array schema needs `items` (`items: {}` for any)".into(),
                )),
            },
            _ if schema.items.is_some() => self
                .errors
                .push(err("`items` is only allowed on `type: array`".into())),
            _ => {}
        }
        let is_object = schema.schema_type == Some(SchemaType::Object);
        if let Some(props) = &schema.properties {
            if !is_object {
                self.errors
                    .push(err("`properties` is only allowed on `type: object`".into()));
            } else if !named {
                self.errors.push(err(
                    "inline object schemas with properties are not supported: define it under `components.schemas` and `$ref` it".into(),
                ));
            }
            let mut fields: HashMap<String, &str> = HashMap::new();
            for (prop, prop_schema) in props {
                let prop_at = [at, &["properties", prop.as_str()]].concat();
                let field = naming::field_name(prop);
                if !naming::is_nameable(prop) {
                    self.errors.push(file.error(
                        &prop_at,
                        format!("property `{prop}` has no ASCII letter or digit to make a field name of"),
                    ));
                }
                if let Some(other) = fields.insert(field.clone(), prop) {
                    self.errors.push(file.error(
                        &prop_at,
                        format!(
                            "properties `{prop}` and `{other}` both become the field `{field}`"
                        ),
                    ));
                }
                if field == EXTRA_FIELD {
                    self.errors.push(file.error(
                        &prop_at,
                        format!("property `{prop}` collides with the field that keeps undocumented keys"),
                    ));
                }
                self.check_schema(file, &prop_at, prop_schema, false);
            }
        }
        if let Some(required) = &schema.required {
            for name in required {
                let known = schema
                    .properties
                    .as_ref()
                    .is_some_and(|p| p.contains_key(name));
                if !known {
                    self.errors.push(file.error(
                        &[at, &["required"]].concat(),
                        format!("required property `{name}` is not among the properties"),
                    ));
                }
            }
        }
        if let Some(AdditionalProperties::Schema(extra)) = &schema.additional_properties {
            if !is_object {
                self.errors.push(err(
                    "`additionalProperties` is only allowed on `type: object`".into(),
                ));
            }
            self.check_schema(
                file,
                &[at, &["additionalProperties"]].concat(),
                extra,
                false,
            );
        }
        if let Some(values) = &schema.enumeration {
            let ok = values.iter().all(|v| match schema.schema_type {
                Some(SchemaType::String) => v.is_string(),
                Some(SchemaType::Integer) => v.is_i64(),
                _ => false,
            });
            if !ok {
                self.errors.push(err(
                    "`enum` is supported on string and integer schemas, with values of that type"
                        .into(),
                ));
            }
        }
    }

    /// Checks the fields of an inline (non-`$ref`) parameter.
    fn check_parameter_fields<T>(&mut self, file: &Loaded<T>, at: &[&str], p: &Parameter) {
        if p.name.is_none() {
            self.errors.push(file.error(at, "parameter without `name`"));
        }
        if p.location.is_none() {
            self.errors
                .push(file.error(at, "parameter without `in` (`path` or `query`)"));
        }
        match &p.schema {
            None => self
                .errors
                .push(file.error(at, "parameter without `schema`")),
            Some(schema) => {
                let scalar = matches!(
                    schema.schema_type,
                    Some(
                        SchemaType::String
                            | SchemaType::Integer
                            | SchemaType::Number
                            | SchemaType::Boolean
                    )
                ) && schema.reference.is_none();
                if !scalar {
                    self.errors.push(file.error(
                        &[at, &["schema"]].concat(),
                        "parameters must be strings, integers, numbers or booleans",
                    ));
                }
                self.check_schema(file, &[at, &["schema"]].concat(), schema, false);
            }
        }
        if p.location == Some(ParameterLocation::Path) && p.required != Some(true) {
            self.errors
                .push(file.error(at, "a path parameter must have `required: true`"));
        }
    }

    fn check_operation(
        &mut self,
        root: &Loaded<RootFile>,
        area: &Loaded<AreaFile>,
        at: &[&str],
        tag: &Tag,
        path: &str,
        op: &Operation,
    ) {
        fn sub<'s>(at: &[&'s str], extra: &[&'s str]) -> Vec<&'s str> {
            [at, extra].concat()
        }
        if op.tags.len() != 1 || op.tags[0] != tag.name {
            self.errors.push(area.error(
                &sub(at, &["tags"]),
                format!(
                    "an operation in {} must have exactly the tag `{}`",
                    area.file, tag.name
                ),
            ));
        }
        let id = &op.operation_id;
        let camel_ok = id.chars().next().is_some_and(|c| c.is_ascii_lowercase())
            && id.chars().all(|c| c.is_ascii_alphanumeric());
        if !camel_ok {
            self.errors.push(area.error(
                &sub(at, &["operationId"]),
                format!("operationId `{id}` must be camelCase ASCII letters and digits"),
            ));
        }
        if op.summary.is_none() && op.description.is_none() {
            self.errors.push(area.error(
                at,
                format!("operation `{id}` has neither `summary` nor `description`"),
            ));
        }

        // Parameters.
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut path_params = Vec::new();
        let mut query_names = Vec::new();
        let mut query_params: HashMap<String, (Parameter, usize)> = HashMap::new();
        let mut path_fields: HashMap<String, String> = HashMap::new();
        for (i, p) in op.parameters.iter().enumerate() {
            let index = i.to_string();
            let p_at = sub(at, &["parameters", &index]);
            let resolved =
                match &p.reference {
                    Some(reference) => {
                        if p.name.is_some() || p.location.is_some() || p.schema.is_some() {
                            self.errors.push(area.error(
                                &p_at,
                                "a parameter `$ref` cannot have other keys beside it",
                            ));
                        }
                        match naming::parameter_ref_name(reference)
                            .and_then(|name| root.doc.components.parameters.get(&name))
                        {
                            Some(shared) => shared.clone(),
                            None => {
                                self.errors.push(area.error(
                                    &[p_at.as_slice(), &["$ref"]].concat(),
                                    format!("unresolved `$ref` `{reference}`"),
                                ));
                                continue;
                            }
                        }
                    }
                    None => {
                        self.check_parameter_fields(area, &p_at, p);
                        p.clone()
                    }
                };
            let (Some(name), Some(location)) = (&resolved.name, resolved.location) else {
                continue;
            };
            if let Some(first) = seen.insert(name.clone(), i) {
                self.errors.push(area.error(
                    &p_at,
                    format!("parameter `{name}` is declared twice (first as parameter {first})"),
                ));
            }
            if !naming::is_nameable(name) {
                self.errors.push(area.error(
                    &p_at,
                    format!(
                        "parameter `{name}` has no ASCII letter or digit to make a Rust name of"
                    ),
                ));
            }
            let field = naming::field_name(name);
            let flag = naming::cli_flag(name);
            let argument = naming::tool_argument(name);
            if naming::RESERVED_TOOL_ARGUMENTS.contains(&argument.as_str()) {
                self.errors.push(area.error(
                    &p_at,
                    format!("parameter `{name}` becomes the MCP tools' argument `{argument}`, which the server already gives its tools"),
                ));
            }
            if naming::RESERVED_CLI_FLAGS.contains(&flag.as_str()) {
                self.errors.push(area.error(
                    &p_at,
                    format!("parameter `{name}` becomes the command line's `--{flag}` (or the argument `{field}`), which the command line already has"),
                ));
            }
            match location {
                ParameterLocation::Path => {
                    if naming::RESERVED_ARGUMENTS.contains(&field.as_str()) {
                        self.errors.push(area.error(
                            &p_at,
                            format!("path parameter `{name}` becomes the argument `{field}`, which every endpoint function already has"),
                        ));
                    } else if let Some(other) = path_fields.insert(field.clone(), name.clone()) {
                        self.errors.push(area.error(
                            &p_at,
                            format!("path parameters `{name}` and `{other}` both become the argument `{field}`"),
                        ));
                    }
                    path_params.push(name.clone());
                }
                ParameterLocation::Query => {
                    if naming::RESERVED_QUERY_FIELDS.contains(&field.as_str()) {
                        self.errors.push(area.error(
                            &p_at,
                            format!("query parameter `{name}` becomes the field `{field}`, whose setter would clash with the query struct's method `{field}`"),
                        ));
                    }
                    query_names.push(name.clone());
                    query_params.insert(name.clone(), (resolved.clone(), i));
                }
            }
        }
        let mut query_fields: HashMap<String, &str> = HashMap::new();
        for name in &query_names {
            let field = naming::field_name(name);
            // The command line takes path and query parameters as arguments of one command.
            if let Some(other) = path_fields.get(&field) {
                self.errors.push(area.error(
                    &sub(at, &["parameters"]),
                    format!(
                        "query parameter `{name}` and path parameter `{other}` both become the command line's argument `{field}`"
                    ),
                ));
            }
            if let Some(other) = query_fields.insert(field.clone(), name) {
                self.errors.push(area.error(
                    &sub(at, &["parameters"]),
                    format!(
                        "query parameters `{name}` and `{other}` both become the field `{field}`"
                    ),
                ));
            }
        }
        let template = template_params(path);
        for name in &template {
            if !path_params.contains(name) {
                self.errors.push(area.error(
                    at,
                    format!("path template parameter `{{{name}}}` of `{path}` is not declared as a path parameter"),
                ));
            }
        }
        for name in &path_params {
            if !template.contains(name) {
                self.errors.push(area.error(
                    &sub(at, &["parameters"]),
                    format!("path parameter `{name}` does not appear in the path `{path}`"),
                ));
            }
        }

        // Request body.
        if let Some(body) = &op.request_body {
            let b_at = sub(at, &["requestBody"]);
            if body.content.len() != 1 {
                self.errors.push(area.error(
                    &sub(at, &["requestBody", "content"]),
                    "a request body needs exactly one media type",
                ));
            }
            for (media, content) in &body.content {
                let m_at = [b_at.as_slice(), &["content", media.as_str()]].concat();
                match (media.as_str(), &content.schema) {
                    (JSON, Some(schema)) => self.check_schema(
                        area,
                        &[m_at.as_slice(), &["schema"]].concat(),
                        schema,
                        false,
                    ),
                    (JSON, None) => self.errors.push(area.error(
                        &m_at,
                        "a JSON body needs a `schema` (write `schema: {}` for any JSON)",
                    )),
                    (MULTIPART, Some(schema)) => {
                        let s_at = [m_at.as_slice(), &["schema"]].concat();
                        let string_map = matches!(
                            &schema.additional_properties,
                            Some(AdditionalProperties::Schema(s)) if s.schema_type == Some(SchemaType::String)
                        );
                        let text_fields = schema.properties.as_ref().is_some_and(|props| {
                            props.values().all(|p| {
                                p.reference.is_none()
                                    && matches!(
                                        p.schema_type,
                                        Some(
                                            SchemaType::String
                                                | SchemaType::Integer
                                                | SchemaType::Number
                                                | SchemaType::Boolean
                                        )
                                    )
                            })
                        });
                        if schema.schema_type != Some(SchemaType::Object)
                            || !(string_map || text_fields)
                        {
                            self.errors.push(area.error(
                                &s_at,
                                "a multipart body must be `type: object` with `additionalProperties: {type: string}` or with `properties` of scalar types (one form field each)",
                            ));
                        }
                    }
                    (MULTIPART, None) => self
                        .errors
                        .push(area.error(&m_at, "a multipart body needs a schema")),
                    (other, _) => self.errors.push(area.error(
                        &m_at,
                        format!(
                            "media type `{other}` is not supported (use `{JSON}` or `{MULTIPART}`)"
                        ),
                    )),
                }
            }
        }

        // Responses.
        let mut success = 0;
        for (status, response) in &op.responses {
            let r_at = sub(at, &["responses", status]);
            let is_success =
                status.len() == 3 && status.starts_with('2') && status.parse::<u16>().is_ok();
            if !is_success {
                self.errors.push(area.error(
                    &r_at,
                    format!("response `{status}` is not supported: document success statuses (2xx) only"),
                ));
                continue;
            }
            success += 1;
            let mut schema = None;
            if let Some(content) = &response.content {
                for (media, m) in content {
                    let m_at = [r_at.as_slice(), &["content", media.as_str()]].concat();
                    let text = media == TEXT_XML || media == TEXT_PLAIN;
                    if content.len() != 1 {
                        self.errors
                            .push(area.error(&m_at, "a response needs exactly one media type"));
                    }
                    if text
                        && m.schema
                            .as_ref()
                            .is_some_and(|s| s.schema_type != Some(SchemaType::String))
                    {
                        self.errors.push(area.error(
                            &m_at,
                            format!(
                                "a `{media}` response is text: its schema must be `type: string`"
                            ),
                        ));
                    }
                    if media != JSON && !text {
                        self.errors.push(area.error(
                            &m_at,
                            format!("response media type `{media}` is not supported (use `{JSON}`, `{TEXT_XML}` or `{TEXT_PLAIN}`)"),
                        ));
                    }
                    match &m.schema {
                        Some(s) => {
                            self.check_schema(area, &[m_at.as_slice(), &["schema"]].concat(), s, false);
                            schema = Some(s);
                        }
                        None => self.errors.push(area.error(
                            &m_at,
                            "a response `content` needs a `schema`; leave `content` out for a response without a body",
                        )),
                    }
                }
            }
            if response.untyped.is_some() && response.content.is_some() {
                self.errors.push(area.error(
                    &sub(&r_at, &["x-halopsa-untyped"]),
                    "`x-halopsa-untyped` is for a response whose body nothing documents: remove its `content`",
                ));
            }
            if let Some(key) = &response.list_items {
                let wrapper = schema
                    .and_then(|s| s.reference.as_deref())
                    .and_then(|r| self.resolve_schema(r));
                let props = wrapper.and_then(|w| w.properties.as_ref());
                let has_count = props.is_some_and(|p| p.contains_key(halo::RECORD_COUNT));
                let items_ok = props.and_then(|p| p.get(key)).is_some_and(|s| {
                    s.schema_type == Some(SchemaType::Array)
                        && s.items.as_ref().is_some_and(|i| i.reference.is_some())
                });
                if !has_count || !items_ok {
                    self.errors.push(area.error(
                        &sub(&r_at, &["x-halopsa-list-items"]),
                        format!("`x-halopsa-list-items: {key}` needs a response schema (a `$ref`) with `{}` and the property `{key}`, an array of records", halo::RECORD_COUNT),
                    ));
                }
            }
        }
        if success != 1 {
            self.errors.push(area.error(
                &sub(at, &["responses"]),
                "an operation needs exactly one success response",
            ));
        }

        // Paging parameters: what the SDK's page walk sets must be optional and typed as it
        // sets them.
        for (name, wanted) in [
            (halo::PAGE_NO, SchemaType::Integer),
            (halo::PAGE_SIZE, SchemaType::Integer),
            (halo::PAGINATE, SchemaType::Boolean),
        ] {
            if let Some((p, index)) = query_params.get(name) {
                let schema = p.schema.as_ref();
                let ty = schema.and_then(|s| s.schema_type);
                let int32 = schema.and_then(|s| s.format.as_deref()) == Some("int32");
                if ty != Some(wanted) || int32 || p.required == Some(true) {
                    let index = index.to_string();
                    self.errors.push(area.error(
                        &sub(at, &["parameters", &index]),
                        format!(
                            "the paging parameter `{name}` must be an optional `{}` (not int32)",
                            type_name(Some(wanted))
                        ),
                    ));
                }
            }
        }
    }
}

fn type_name(t: Option<SchemaType>) -> &'static str {
    match t {
        None => "any",
        Some(SchemaType::Object) => "object",
        Some(SchemaType::Array) => "array",
        Some(SchemaType::String) => "string",
        Some(SchemaType::Integer) => "integer",
        Some(SchemaType::Number) => "number",
        Some(SchemaType::Boolean) => "boolean",
    }
}
