//! Stage 3, model: turns the checked spec into a Rust-oriented description of the crate:
//! module, type, field and function names (heck, Rust keywords handled) and Rust types.

use crate::check::{module_name, split_template, CheckedSpec, TemplatePart, JSON, MULTIPART};
use crate::openapi::{self, ParameterLocation, Schema, SchemaType};
use heck::{ToSnakeCase, ToUpperCamelCase};
use std::collections::HashMap;

/// The module that holds the root file's shared schemas.
pub const COMMON_MODULE: &str = "common";

/// The field of every model that keeps undocumented keys.
pub const EXTRA_FIELD: &str = "extra_fields";

/// The whole crate.
#[derive(Debug, Clone)]
pub struct Api {
    /// API title.
    pub title: String,
    /// API version.
    pub version: String,
    /// Schemas of the root file (module [`COMMON_MODULE`]).
    pub common: Vec<Model>,
    /// One module per documentation area, in tag order.
    pub areas: Vec<Area>,
}

/// One documentation area: one module.
#[derive(Debug, Clone)]
pub struct Area {
    /// The tag name.
    pub tag: String,
    /// The module name.
    pub module: String,
    /// The area's description.
    pub description: Option<String>,
    /// The spec file it comes from.
    pub file: String,
    /// Models defined by the area.
    pub models: Vec<Model>,
    /// Operations, in spec order.
    pub operations: Vec<Operation>,
}

/// A record type.
#[derive(Debug, Clone)]
pub struct Model {
    /// Rust type name.
    pub name: String,
    /// Schema name in the spec.
    pub schema_name: String,
    /// Description.
    pub description: Option<String>,
    /// Documented fields in spec order.
    pub fields: Vec<ModelField>,
}

/// One documented field of a record.
#[derive(Debug, Clone)]
pub struct ModelField {
    /// JSON key.
    pub json_name: String,
    /// Rust field name.
    pub rust_name: String,
    /// Value type (inside `Field<…>`).
    pub ty: RustType,
    /// Description.
    pub description: Option<String>,
    /// What the spec says of the type, for the doc comment (`integer (int32), nullable`).
    pub type_note: String,
}

/// A Rust type the generator uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RustType {
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `f64`.
    F64,
    /// `bool`.
    Bool,
    /// `String`.
    String,
    /// `DateTime` (runtime).
    DateTime,
    /// `uuid::Uuid`.
    Uuid,
    /// `serde_json::Value`.
    Json,
    /// `Vec<T>`.
    Vec(Box<RustType>),
    /// `BTreeMap<String, T>`.
    Map(Box<RustType>),
    /// A generated model.
    Model {
        /// Module holding it.
        module: String,
        /// Type name.
        name: String,
    },
}

/// HTTP methods the spec uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// GET.
    Get,
    /// PUT.
    Put,
    /// POST.
    Post,
    /// DELETE.
    Delete,
}

/// A path or query parameter.
#[derive(Debug, Clone)]
pub struct Param {
    /// Name on the wire.
    pub name: String,
    /// Rust name.
    pub rust_name: String,
    /// Scalar type.
    pub ty: RustType,
    /// Whether it must be given.
    pub required: bool,
    /// Description.
    pub description: Option<String>,
}

/// One piece of a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPart {
    /// Literal text.
    Literal(String),
    /// The path parameter with this index in [`Operation::path_params`].
    Param(usize),
}

/// What an operation sends as its body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyKind {
    /// No body.
    None,
    /// JSON of a documented type.
    Json(RustType),
    /// JSON with no documented schema: any JSON value.
    AnyJson,
    /// `multipart/form-data` key/value pairs.
    Multipart,
}

/// A paginated list operation.
#[derive(Debug, Clone)]
pub struct Paging {
    /// Rust name of the array field in the response.
    pub items_field: String,
    /// Type of one record.
    pub item: RustType,
}

/// One endpoint.
#[derive(Debug, Clone)]
pub struct Operation {
    /// The spec's operationId.
    pub operation_id: String,
    /// Rust function name.
    pub fn_name: String,
    /// HTTP method.
    pub method: Method,
    /// Path template as written in the spec.
    pub path: String,
    /// The template, split.
    pub path_parts: Vec<PathPart>,
    /// Path parameters, in declaration order.
    pub path_params: Vec<Param>,
    /// Query parameters, in declaration order.
    pub query: Vec<Param>,
    /// Name of the query struct (`ListTicketsQuery`), when there are query parameters.
    pub query_struct: Option<String>,
    /// The body.
    pub body: BodyKind,
    /// Description of the body.
    pub body_description: Option<String>,
    /// The decoded response type.
    pub response: RustType,
    /// The success status.
    pub status: String,
    /// Summary.
    pub summary: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Paging, for paginated lists.
    pub paging: Option<Paging>,
}

const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for",
    "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
    "self", "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where",
    "while", "async", "await", "dyn", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

/// A Rust identifier for a name: keywords get a trailing `_`, a leading digit a leading `n`.
fn identifier(mut name: String) -> String {
    if name.is_empty() {
        name.push_str("unnamed");
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'n');
    }
    if KEYWORDS.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// The Rust field (or parameter) name of a JSON key.
pub fn field_name(json: &str) -> String {
    identifier(json.to_snake_case())
}

/// The Rust type name of a schema.
pub fn type_name(schema: &str) -> String {
    identifier(schema.to_upper_camel_case())
}

/// Builds the crate description from a checked spec.
pub fn build(spec: &CheckedSpec) -> Api {
    let doc = &spec.document;
    let mut owner: HashMap<&str, String> = HashMap::new();
    for area in &spec.areas {
        for name in &area.schemas {
            owner.insert(name, module_name(&area.tag.name));
        }
    }
    let ctx = Context {
        owner,
        schemas: &doc.components.schemas,
        parameters: &doc.components.parameters,
    };
    let common = doc
        .components
        .schemas
        .iter()
        .filter(|(name, _)| !ctx.owner.contains_key(name.as_str()))
        .map(|(name, schema)| ctx.model(name, schema))
        .collect();
    let areas = spec
        .areas
        .iter()
        .map(|area| Area {
            tag: area.tag.name.clone(),
            module: module_name(&area.tag.name),
            description: area.tag.description.clone(),
            file: area.tag.file.clone(),
            models: area
                .schemas
                .iter()
                .map(|name| ctx.model(name, &doc.components.schemas[name]))
                .collect(),
            operations: area
                .paths
                .iter()
                .flat_map(|(path, item)| {
                    item.operations()
                        .map(|(method, op)| ctx.operation(path, method, op))
                        .collect::<Vec<_>>()
                })
                .collect(),
        })
        .collect();
    Api {
        title: doc.info.title.clone(),
        version: doc.info.version.clone(),
        common,
        areas,
    }
}

struct Context<'a> {
    owner: HashMap<&'a str, String>,
    schemas: &'a indexmap::IndexMap<String, Schema>,
    parameters: &'a indexmap::IndexMap<String, openapi::Parameter>,
}

impl Context<'_> {
    fn model(&self, name: &str, schema: &Schema) -> Model {
        let fields = schema
            .properties
            .iter()
            .flatten()
            .map(|(json, prop)| ModelField {
                json_name: json.clone(),
                rust_name: field_name(json),
                ty: self.rust_type(prop),
                description: prop.description.clone().or_else(|| {
                    prop.reference
                        .as_ref()
                        .and_then(|r| self.resolve(r))
                        .and_then(|s| s.description.clone())
                        .map(|d| first_sentence(&d))
                }),
                type_note: type_note(prop, schema.required.iter().flatten().any(|r| r == json)),
            })
            .collect();
        Model {
            name: type_name(name),
            schema_name: name.to_owned(),
            description: schema.description.clone(),
            fields,
        }
    }

    fn resolve(&self, reference: &str) -> Option<&Schema> {
        let name = reference.rsplit('/').next()?;
        self.schemas.get(name)
    }

    fn rust_type(&self, schema: &Schema) -> RustType {
        if let Some(reference) = &schema.reference {
            let name = reference.rsplit('/').next().unwrap_or_default();
            return RustType::Model {
                module: self
                    .owner
                    .get(name)
                    .cloned()
                    .unwrap_or_else(|| COMMON_MODULE.to_owned()),
                name: type_name(name),
            };
        }
        match (schema.schema_type, schema.format.as_deref()) {
            (Some(SchemaType::Integer), Some("int32")) => RustType::I32,
            (Some(SchemaType::Integer), _) => RustType::I64,
            (Some(SchemaType::Number), _) => RustType::F64,
            (Some(SchemaType::Boolean), _) => RustType::Bool,
            (Some(SchemaType::String), Some("date-time")) => RustType::DateTime,
            (Some(SchemaType::String), Some("uuid")) => RustType::Uuid,
            (Some(SchemaType::String), _) => RustType::String,
            (Some(SchemaType::Array), _) => RustType::Vec(Box::new(
                schema
                    .items
                    .as_deref()
                    .map_or(RustType::Json, |items| self.rust_type(items)),
            )),
            (Some(SchemaType::Object), _) => match &schema.additional_properties {
                Some(openapi::AdditionalProperties::Schema(values)) => {
                    RustType::Map(Box::new(self.rust_type(values)))
                }
                _ => RustType::Json,
            },
            (None, _) => RustType::Json,
        }
    }

    fn param(&self, p: &openapi::Parameter) -> (ParameterLocation, Param) {
        let p = match p.reference.as_deref().and_then(|r| r.rsplit('/').next()) {
            Some(name) => &self.parameters[name],
            None => p,
        };
        let name = p.name.clone().unwrap_or_default();
        let schema = p.schema.clone().unwrap_or_default();
        (
            p.location.unwrap_or(ParameterLocation::Query),
            Param {
                rust_name: field_name(&name),
                name,
                ty: self.rust_type(&schema),
                required: p.required.unwrap_or(false),
                description: p.description.clone(),
            },
        )
    }

    fn operation(&self, path: &str, method: &str, op: &openapi::Operation) -> Operation {
        let (mut path_params, mut query) = (Vec::new(), Vec::new());
        for p in &op.parameters {
            match self.param(p) {
                (ParameterLocation::Path, param) => path_params.push(param),
                (ParameterLocation::Query, param) => query.push(param),
            }
        }
        let path_parts = split_path(path, &path_params);
        let (body, body_description) = match &op.request_body {
            None => (BodyKind::None, None),
            Some(b) => {
                let kind = match b.content.iter().next() {
                    Some((media, _)) if media == MULTIPART => BodyKind::Multipart,
                    Some((media, m)) if media == JSON => match &m.schema {
                        Some(schema) => BodyKind::Json(self.rust_type(schema)),
                        None => BodyKind::AnyJson,
                    },
                    _ => BodyKind::AnyJson,
                };
                (kind, b.description.clone())
            }
        };
        let (status, response) = op
            .responses
            .iter()
            .next()
            .map(|(status, r)| {
                let schema = r
                    .content
                    .as_ref()
                    .and_then(|c| c.get(JSON))
                    .and_then(|m| m.schema.as_ref());
                (
                    status.clone(),
                    schema.map_or(RustType::Json, |s| self.rust_type(s)),
                )
            })
            .unwrap_or(("200".to_owned(), RustType::Json));
        let paging = op.page_items.as_ref().and_then(|items| {
            let wrapper = op.responses.values().find_map(|r| {
                r.content
                    .as_ref()?
                    .get(JSON)?
                    .schema
                    .as_ref()?
                    .reference
                    .clone()
            })?;
            let array = self.resolve(&wrapper)?.properties.as_ref()?.get(items)?;
            Some(Paging {
                items_field: field_name(items),
                item: match self.rust_type(array) {
                    RustType::Vec(item) => *item,
                    other => other,
                },
            })
        });
        Operation {
            operation_id: op.operation_id.clone(),
            fn_name: identifier(op.operation_id.to_snake_case()),
            method: match method {
                "get" => Method::Get,
                "put" => Method::Put,
                "post" => Method::Post,
                _ => Method::Delete,
            },
            path: path.to_owned(),
            path_parts,
            query_struct: (!query.is_empty())
                .then(|| format!("{}Query", op.operation_id.to_upper_camel_case())),
            path_params,
            query,
            body,
            body_description,
            response,
            status,
            summary: op.summary.clone(),
            description: op.description.clone(),
            paging,
        }
    }
}

/// Splits a path template into literal text and references to `params`.
fn split_path(path: &str, params: &[Param]) -> Vec<PathPart> {
    split_template(path)
        .into_iter()
        .filter_map(|part| match part {
            TemplatePart::Literal(text) => Some(PathPart::Literal(text.to_owned())),
            TemplatePart::Param(name) => params
                .iter()
                .position(|p| p.name == name)
                .map(PathPart::Param),
        })
        .collect()
}

/// The first sentence of a description (for a field typed by a `$ref`).
fn first_sentence(text: &str) -> String {
    let line = text.lines().next().unwrap_or_default();
    match line.find(". ") {
        Some(i) => line[..=i].to_owned(),
        None => line.to_owned(),
    }
}

/// A short note of what the spec says of a field's type.
fn type_note(schema: &Schema, required: bool) -> String {
    let mut note = match &schema.reference {
        Some(r) => format!("`{}`", r.rsplit('/').next().unwrap_or_default()),
        None => {
            let base = match schema.schema_type {
                None => "any JSON".to_owned(),
                Some(SchemaType::Array) => match schema.items.as_deref() {
                    Some(items) => format!("array of {}", type_note(items, false)),
                    None => "array".to_owned(),
                },
                Some(t) => format!("{t:?}").to_lowercase(),
            };
            match &schema.format {
                Some(f) => format!("{base} ({f})"),
                None => base,
            }
        }
    };
    if schema.nullable == Some(true) {
        note.push_str(", nullable");
    }
    if let Some(max) = schema.max_length {
        note.push_str(&format!(", at most {max} characters"));
    }
    if required {
        note.push_str(", required");
    }
    if let Some(values) = &schema.enumeration {
        let values: Vec<String> = values.iter().map(|v| v.to_string()).collect();
        note.push_str(&format!(", one of {}", values.join(", ")));
    }
    note
}
