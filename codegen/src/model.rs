//! Stage 3, model: the one description of the API that every output reads (the SDK, the
//! endpoint tests, the OpenAPI bundle).
//!
//! Every decision about names and representation is taken here and recorded: Rust names
//! (by the rules of [`crate::naming`]), every `$ref` resolved once to a [`TypeId`] into the
//! type table, which fields are boxed, which arguments are borrowed, what kind of response
//! an operation has (one record, a saved record, a list with its wrapper key, a plain
//! value, no body, untyped JSON), and which operations page, with their parameters.
//! Emitters only read it: none derives a name or matches on a spec name.

use crate::check::{CheckedSpec, JSON, MULTIPART, TEXT_PLAIN, TEXT_XML};
use crate::halo;
use crate::naming::{self, COMMON_MODULE};
use crate::openapi::{self, ParameterLocation, RootFile, Schema, SchemaType};
use crate::template::{split_template, TemplatePart};
use std::collections::{HashMap, HashSet};

/// The whole API, ready for the emitters.
#[derive(Debug, Clone)]
pub struct Api {
    /// API title.
    pub title: String,
    /// API version.
    pub version: String,
    /// Every record type, indexed by [`TypeId`]: the root file's first, then each area's.
    pub types: Vec<Model>,
    /// The root file's schemas (module [`COMMON_MODULE`]).
    pub common: Vec<TypeId>,
    /// One module per documentation area, in tag order.
    pub areas: Vec<Area>,
    /// The stateful resources: a collection path and an item path (`/Mailbox`,
    /// `/Mailbox/{id}`) serving one record type. Operations point here by [`Role`].
    pub resources: Vec<Resource>,
    /// The merged OpenAPI document (what `openapi.json` holds).
    pub document: RootFile,
}

/// A stateful resource: records listed and saved on a collection path, read and deleted
/// on an item path.
#[derive(Debug, Clone)]
pub struct Resource {
    /// The collection path without its leading `/` (`Mailbox`).
    pub name: String,
    /// The module of the area that serves it.
    pub module: String,
    /// The record type.
    pub record: TypeId,
    /// The collection path (`/Mailbox`).
    pub collection: String,
    /// The item path (`/Mailbox/{id}`).
    pub item: String,
    /// The item path's parameter (`id`).
    pub id_param: String,
    /// The type of a record's id: its documented `id` field's type, or else the item path
    /// parameter's (`I64` for most, `String` for `ChatProfile`). A server that keeps the
    /// records (the fake) gives new records ids of this type.
    pub id_type: RustType,
    /// The wrapper key of its list response, when the spec names one.
    pub list_key: Option<String>,
}

/// What an operation does to a [`Resource`], by its index in [`Api::resources`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// `GET` on the collection path: a list of records.
    List(usize),
    /// `POST` on the collection path: create or update records, answered with the saved one.
    Save(usize),
    /// `GET` on the item path: one record.
    Get(usize),
    /// `DELETE` on the item path.
    Delete(usize),
    /// Anything else: an action, a webhook, a lookup.
    Other,
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
    /// Its command in the command line (`tickets`): [`naming::cli_area_command`].
    pub command: String,
    /// The prefix of its tools' names in the MCP server (`tickets`, `collab`):
    /// [`naming::tool_prefix`].
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

/// A record type.
#[derive(Debug, Clone)]
pub struct Model {
    /// Rust type name.
    pub name: String,
    /// Schema name in the spec.
    pub schema_name: String,
    /// The module that defines it.
    pub module: String,
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
    /// Whether the value is boxed: records nested in records are, so that a record stays
    /// small and a list of them moves less memory.
    pub boxed: bool,
    /// Description.
    pub description: Option<String>,
    /// What the spec says of the type, for the doc comment (`integer (int32), nullable`).
    pub type_note: String,
    /// Whether the spec allows `null` (`nullable: true`). A server that checks bodies
    /// against the spec (the fake) refuses `null` elsewhere.
    pub nullable: bool,
    /// The most characters a string may have (`maxLength`), when the spec says.
    pub max_length: Option<u64>,
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
    /// A generated record type.
    Model(TypeId),
}

/// HTTP methods the spec uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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

impl Method {
    /// The method as HTTP writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
        }
    }
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
    /// Whether a string is taken borrowed: `&str` for a path parameter, `impl Into<String>`
    /// for a query setter.
    pub borrowed: bool,
    /// Description.
    pub description: Option<String>,
    /// Its flag in the command line, without `--` (`open-only`): [`naming::cli_flag`].
    /// A path parameter is a positional argument; its flag names it in the help
    /// (`<ID>`, in capitals).
    pub flag: String,
    /// Its argument in the MCP server's tools (`open_only`): [`naming::tool_argument`].
    pub argument: String,
}

/// One piece of a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPart {
    /// Literal text.
    Literal(String),
    /// The path parameter with this index in [`Operation::path_params`].
    Param(usize),
}

/// What an operation sends as its body, and how the function takes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyKind {
    /// No body.
    None,
    /// A JSON array of this item type, taken as a slice (`&[T]`).
    JsonSlice(RustType),
    /// JSON of another documented type, taken by reference (`&T`).
    Json(RustType),
    /// JSON with no documented schema: any JSON value.
    AnyJson,
    /// `multipart/form-data` key/value pairs.
    Multipart,
}

/// What an operation answers, as the SDK returns it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResponseKind {
    /// No body is documented: the function returns `()` and ignores any body.
    Empty,
    /// One record.
    Record(TypeId),
    /// The saved record of a POST of records: one, or (accepted too) an array of them.
    Saved(TypeId),
    /// A list of records: a bare array or Halo's wrapper object.
    List {
        /// Type of one record.
        item: RustType,
        /// The wrapper key holding the records, when the spec names it.
        key: Option<String>,
    },
    /// Another documented schema (an array of strings, a number, …).
    Value(RustType),
    /// A text body (`text/xml`, `text/plain`), returned as a `String`.
    Text,
    /// Nothing is known of the body: raw JSON, and why.
    Untyped {
        /// Why the body is untyped (the spec's `x-halopsa-untyped`).
        reason: String,
    },
}

/// An operation's success response.
#[derive(Debug, Clone)]
pub struct Response {
    /// The success status (`200`).
    pub status: String,
    /// What the SDK returns.
    pub kind: ResponseKind,
    /// Whether the shape comes from Halo's conventions rather than the docs.
    pub inferred: bool,
    /// The response's description, unless it is only the status text (`OK`).
    pub description: Option<String>,
}

/// A paginated list operation: its list response plus the paging query parameters.
#[derive(Debug, Clone)]
pub struct Paging {
    /// Rust field of the page-number parameter.
    pub page_no: String,
    /// Rust field of the page-size parameter.
    pub page_size: String,
    /// Rust field of the parameter that asks for a paged wrapper, when the operation has one.
    pub paginate: Option<String>,
    /// Type of one record.
    pub item: RustType,
    /// The function streaming pages.
    pub pages_fn: String,
    /// The function streaming records.
    pub stream_fn: String,
}

/// One endpoint.
#[derive(Debug, Clone)]
pub struct Operation {
    /// The spec's operationId.
    pub operation_id: String,
    /// Rust function name.
    pub fn_name: String,
    /// Its command in the command line, below its area's
    /// ([`naming::cli_operation_command`]): `list` for `listTickets`, so
    /// `halopsa tickets list`.
    pub command: String,
    /// Its tool name in the MCP server ([`naming::tool_name`]): `tickets_list`.
    pub tool: String,
    /// The function that builds the request.
    pub request_fn: String,
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
    /// The success response.
    pub response: Response,
    /// Summary.
    pub summary: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Paging, for paginated lists.
    pub paging: Option<Paging>,
    /// What it does to a stateful resource.
    pub role: Role,
}

/// Builds the API description from a checked spec.
pub fn build(spec: &CheckedSpec) -> Api {
    let doc = &spec.document;
    // The type table: one entry per schema, the root's first.
    let mut module_of: HashMap<&str, String> = HashMap::new();
    for area in &spec.areas {
        for name in &area.schemas {
            module_of.insert(name, naming::module_name(&area.tag.name));
        }
    }
    let ids: HashMap<&str, TypeId> = doc
        .components
        .schemas
        .keys()
        .enumerate()
        .map(|(i, name)| (name.as_str(), TypeId(i)))
        .collect();
    let ctx = Context {
        ids,
        schemas: &doc.components.schemas,
        parameters: &doc.components.parameters,
    };
    let types = doc
        .components
        .schemas
        .iter()
        .map(|(name, schema)| {
            let module = module_of
                .get(name.as_str())
                .cloned()
                .unwrap_or_else(|| COMMON_MODULE.to_owned());
            ctx.model(name, module, schema)
        })
        .collect();
    let common = doc
        .components
        .schemas
        .keys()
        .filter(|name| !module_of.contains_key(name.as_str()))
        .map(|name| ctx.ids[name.as_str()])
        .collect();
    let areas = spec
        .areas
        .iter()
        .map(|area| Area {
            tag: area.tag.name.clone(),
            module: naming::module_name(&area.tag.name),
            command: naming::cli_area_command(&area.tag.name),
            tool_prefix: naming::tool_prefix(&area.tag.name, area.tag.tool_prefix.as_deref()),
            description: area.tag.description.clone(),
            module_doc: area.tag.module_doc.clone(),
            file: area.tag.file.clone(),
            models: area.schemas.iter().map(|n| ctx.ids[n.as_str()]).collect(),
            operations: area
                .paths
                .iter()
                .flat_map(|(path, item)| {
                    item.operations()
                        .map(|(method, op)| ctx.operation(&area.tag, path, method, op))
                        .collect::<Vec<_>>()
                })
                .collect(),
            uses: Vec::new(),
        })
        .collect();
    let mut api = Api {
        title: doc.info.title.clone(),
        version: doc.info.version.clone(),
        types,
        common,
        areas,
        resources: Vec::new(),
        document: doc.clone(),
    };
    find_resources(&mut api);
    find_uses(&mut api);
    api
}

/// Records, for each area, the other areas whose types it uses: directly, or through a
/// record of another area, or of the shared module, that uses them.
fn find_uses(api: &mut Api) {
    fn collect(api: &Api, t: &RustType, into: &mut HashSet<TypeId>) {
        match t {
            RustType::Vec(inner) | RustType::Map(inner) => collect(api, inner, into),
            RustType::Model(id) if into.insert(*id) => {
                for f in &api.model(*id).fields {
                    collect(api, &f.ty, into);
                }
            }
            _ => {}
        }
    }
    let mut uses = Vec::new();
    for area in &api.areas {
        let mut types = HashSet::new();
        for id in &area.models {
            collect(api, &RustType::Model(*id), &mut types);
        }
        for op in &area.operations {
            let params = op.path_params.iter().chain(&op.query).map(|p| &p.ty);
            let body = match &op.body {
                BodyKind::Json(t) | BodyKind::JsonSlice(t) => Some(t),
                _ => None,
            };
            let response = match &op.response.kind {
                ResponseKind::Record(id) | ResponseKind::Saved(id) => Some(RustType::Model(*id)),
                ResponseKind::List { item, .. } => Some(item.clone()),
                ResponseKind::Value(t) => Some(t.clone()),
                _ => None,
            };
            for t in params.chain(body).chain(response.as_ref()) {
                collect(api, t, &mut types);
            }
        }
        let used: HashSet<&str> = types
            .iter()
            .map(|id| api.model(*id).module.as_str())
            .collect();
        let modules: Vec<String> = api
            .areas
            .iter()
            .map(|a| a.module.clone())
            .filter(|m| *m != area.module && used.contains(m.as_str()))
            .collect();
        uses.push(modules);
    }
    for (area, modules) in api.areas.iter_mut().zip(uses) {
        area.uses = modules;
    }
}

/// Finds the stateful resources and gives each operation its [`Role`]. A resource is a
/// collection path with an item path below it (`/X` and `/X/{id}`) whose operations agree
/// on one record type: the one `GET /X/{id}` answers, or else the one `GET /X` lists.
fn find_resources(api: &mut Api) {
    let mut resources = Vec::new();
    let mut items = HashSet::new();
    for area in &api.areas {
        // The first operation of each path and method, looked up by them.
        let mut by_path: HashMap<(&str, Method), &Operation> = HashMap::new();
        for o in &area.operations {
            by_path.entry((o.path.as_str(), o.method)).or_insert(o);
        }
        for op in &area.operations {
            // Each item path once (its GET or its DELETE, whichever comes first).
            if op.path_params.len() != 1 || items.contains(op.path.as_str()) {
                continue;
            }
            let id_param = &op.path_params[0].name;
            let Some(collection) = op.path.strip_suffix(&format!("/{{{id_param}}}")) else {
                continue;
            };
            if collection.contains('{') || collection.is_empty() {
                continue;
            }
            let at = |path: &str, method: Method| by_path.get(&(path, method)).copied();
            let record = match at(&op.path, Method::Get).map(|o| &o.response.kind) {
                Some(ResponseKind::Record(id)) => Some(*id),
                _ => match at(collection, Method::Get).map(|o| &o.response.kind) {
                    Some(ResponseKind::List {
                        item: RustType::Model(id),
                        ..
                    }) => Some(*id),
                    _ => None,
                },
            };
            let Some(record) = record else { continue };
            let list_key = match at(collection, Method::Get).map(|o| &o.response.kind) {
                Some(ResponseKind::List { key, .. }) => key.clone(),
                _ => None,
            };
            let id_type = api
                .model(record)
                .fields
                .iter()
                .find(|f| f.json_name == halo::ID)
                .map_or_else(|| op.path_params[0].ty.clone(), |f| f.ty.clone());
            items.insert(op.path.as_str());
            resources.push(Resource {
                id_type,
                name: collection.trim_start_matches('/').to_owned(),
                module: area.module.clone(),
                record,
                collection: collection.to_owned(),
                item: op.path.clone(),
                id_param: id_param.clone(),
                list_key,
            });
        }
    }
    let roles = Roles::new(&resources);
    let roles: Vec<Vec<Role>> = api
        .areas
        .iter()
        .map(|area| area.operations.iter().map(|op| roles.of(op)).collect())
        .collect();
    for (area, roles) in api.areas.iter_mut().zip(roles) {
        for (op, role) in area.operations.iter_mut().zip(roles) {
            op.role = role;
        }
    }
    api.resources = resources;
}

/// The resources by their collection and item paths, each list in resource order.
struct Roles<'a> {
    resources: &'a [Resource],
    by_path: HashMap<&'a str, Vec<usize>>,
}

impl<'a> Roles<'a> {
    fn new(resources: &'a [Resource]) -> Self {
        let mut by_path: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, r) in resources.iter().enumerate() {
            by_path.entry(r.collection.as_str()).or_default().push(i);
            by_path.entry(r.item.as_str()).or_default().push(i);
        }
        Roles { resources, by_path }
    }

    /// The role of one operation: [`role`] over the resources whose paths it is at.
    fn of(&self, op: &Operation) -> Role {
        let Some(candidates) = self.by_path.get(op.path.as_str()) else {
            return Role::Other;
        };
        candidates
            .iter()
            .find_map(|&i| role(i, &self.resources[i], op))
            .unwrap_or(Role::Other)
    }
}

/// The role of one operation for resource `i`, if it has one there.
fn role(i: usize, r: &Resource, op: &Operation) -> Option<Role> {
    let same = |id: &TypeId| *id == r.record;
    let role = match (&op.response.kind, op.method) {
        (
            ResponseKind::List {
                item: RustType::Model(id),
                ..
            },
            Method::Get,
        ) if op.path == r.collection && same(id) => Role::List(i),
        (ResponseKind::Saved(id), Method::Post) if op.path == r.collection && same(id) => {
            Role::Save(i)
        }
        (ResponseKind::Record(id), Method::Get) if op.path == r.item && same(id) => Role::Get(i),
        (ResponseKind::Empty, Method::Delete) if op.path == r.item => Role::Delete(i),
        _ => return None,
    };
    Some(role)
}

struct Context<'a> {
    ids: HashMap<&'a str, TypeId>,
    schemas: &'a indexmap::IndexMap<String, Schema>,
    parameters: &'a indexmap::IndexMap<String, openapi::Parameter>,
}

impl Context<'_> {
    fn model(&self, name: &str, module: String, schema: &Schema) -> Model {
        let required = schema.required.as_deref().unwrap_or_default();
        let fields = schema
            .properties
            .iter()
            .flatten()
            .map(|(json, prop)| {
                let ty = self.rust_type(prop);
                ModelField {
                    json_name: json.clone(),
                    rust_name: naming::field_name(json),
                    boxed: matches!(ty, RustType::Model(_)),
                    ty,
                    description: prop.description.clone().or_else(|| {
                        self.referenced(prop)
                            .and_then(|s| s.description.as_deref())
                            .map(first_sentence)
                    }),
                    type_note: type_note(prop, required.contains(json)),
                    nullable: prop.nullable == Some(true),
                    max_length: prop.max_length,
                }
            })
            .collect();
        Model {
            name: naming::type_name(name),
            schema_name: name.to_owned(),
            module,
            description: schema.description.clone(),
            fields,
        }
    }

    /// The schema a `$ref` schema points to.
    fn referenced(&self, schema: &Schema) -> Option<&Schema> {
        let name = naming::schema_ref_name(schema.reference.as_deref()?)?;
        self.schemas.get(&name)
    }

    fn rust_type(&self, schema: &Schema) -> RustType {
        if let Some(reference) = &schema.reference {
            return naming::schema_ref_name(reference)
                .and_then(|name| self.ids.get(name.as_str()).copied())
                .map_or(RustType::Json, RustType::Model);
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
        let shared = p
            .reference
            .as_deref()
            .and_then(naming::parameter_ref_name)
            .and_then(|name| self.parameters.get(&name));
        let p = shared.unwrap_or(p);
        let name = p.name.clone().unwrap_or_default();
        let schema = p.schema.clone().unwrap_or_default();
        let ty = self.rust_type(&schema);
        (
            p.location.unwrap_or(ParameterLocation::Query),
            Param {
                rust_name: naming::field_name(&name),
                flag: naming::cli_flag(&name),
                argument: naming::tool_argument(&name),
                name,
                borrowed: ty == RustType::String,
                ty,
                required: p.required.unwrap_or(false),
                description: p.description.clone(),
            },
        )
    }

    fn body(&self, body: Option<&openapi::RequestBody>) -> BodyKind {
        let Some((media, content)) = body.and_then(|b| b.content.iter().next()) else {
            return BodyKind::None;
        };
        if media == MULTIPART {
            return BodyKind::Multipart;
        }
        match content.schema.as_ref() {
            None => BodyKind::AnyJson,
            Some(schema) if media == JSON => match self.rust_type(schema) {
                RustType::Json => BodyKind::AnyJson,
                RustType::Vec(item) => BodyKind::JsonSlice(*item),
                other => BodyKind::Json(other),
            },
            Some(_) => BodyKind::AnyJson,
        }
    }

    fn response(&self, op: &openapi::Operation, method: Method, body: &BodyKind) -> Response {
        let Some((status, r)) = op.responses.iter().find(|(s, _)| s.starts_with('2')) else {
            return Response {
                status: "200".to_owned(),
                kind: ResponseKind::Untyped {
                    reason: "the spec documents no success response".to_owned(),
                },
                inferred: false,
                description: None,
            };
        };
        let schema = r
            .content
            .as_ref()
            .and_then(|c| c.get(JSON))
            .and_then(|m| m.schema.as_ref());
        let text = r
            .content
            .as_ref()
            .is_some_and(|c| c.contains_key(TEXT_XML) || c.contains_key(TEXT_PLAIN));
        let kind = match (schema, &r.untyped) {
            _ if text => ResponseKind::Text,
            (_, Some(reason)) => ResponseKind::Untyped {
                reason: reason.clone(),
            },
            (None, None) => ResponseKind::Empty,
            (Some(schema), None) => match &r.list_items {
                Some(key) => ResponseKind::List {
                    item: self
                        .referenced(schema)
                        .and_then(|wrapper| wrapper.properties.as_ref()?.get(key))
                        .map(|array| match self.rust_type(array) {
                            RustType::Vec(item) => *item,
                            other => other,
                        })
                        .unwrap_or(RustType::Json),
                    key: Some(key.clone()),
                },
                None => match self.rust_type(schema) {
                    RustType::Model(id)
                        if method == Method::Post && matches!(body, BodyKind::JsonSlice(_)) =>
                    {
                        ResponseKind::Saved(id)
                    }
                    RustType::Model(id) => ResponseKind::Record(id),
                    RustType::Vec(item) if matches!(*item, RustType::Model(_)) => {
                        ResponseKind::List {
                            item: *item,
                            key: None,
                        }
                    }
                    RustType::Json => ResponseKind::Untyped {
                        reason: "the documented schema is any JSON".to_owned(),
                    },
                    other => ResponseKind::Value(other),
                },
            },
        };
        Response {
            status: status.clone(),
            kind,
            inferred: r.inferred == Some(true),
            description: Some(r.description.trim().to_owned())
                .filter(|d| !is_status_text(d) && !d.is_empty()),
        }
    }

    fn operation(
        &self,
        tag: &openapi::Tag,
        path: &str,
        method: &str,
        op: &openapi::Operation,
    ) -> Operation {
        let (mut path_params, mut query) = (Vec::new(), Vec::new());
        for p in &op.parameters {
            match self.param(p) {
                (ParameterLocation::Path, param) => path_params.push(param),
                (ParameterLocation::Query, param) => query.push(param),
            }
        }
        let method = match method {
            "get" => Method::Get,
            "put" => Method::Put,
            "post" => Method::Post,
            _ => Method::Delete,
        };
        let fn_name = naming::function_name(&op.operation_id);
        let body = self.body(op.request_body.as_ref());
        let response = self.response(op, method, &body);
        let query_field = |wire: &str| {
            query
                .iter()
                .find(|p| p.name == wire)
                .map(|p| p.rust_name.clone())
        };
        let paging = match &response.kind {
            ResponseKind::List { item, .. } => {
                match (query_field(halo::PAGE_NO), query_field(halo::PAGE_SIZE)) {
                    (Some(page_no), Some(page_size)) => Some(Paging {
                        page_no,
                        page_size,
                        paginate: query_field(halo::PAGINATE),
                        item: item.clone(),
                        pages_fn: naming::pages_function(&fn_name),
                        stream_fn: naming::stream_function(&fn_name),
                    }),
                    _ => None,
                }
            }
            _ => None,
        };
        Operation {
            operation_id: op.operation_id.clone(),
            request_fn: naming::request_function(&fn_name),
            command: naming::cli_operation_command(&op.operation_id, &tag.name),
            tool: naming::tool_name(
                &naming::tool_prefix(&tag.name, tag.tool_prefix.as_deref()),
                &naming::cli_operation_command(&op.operation_id, &tag.name),
            ),
            fn_name,
            method,
            path: path.to_owned(),
            path_parts: split_path(path, &path_params),
            query_struct: (!query.is_empty()).then(|| naming::query_struct_name(&op.operation_id)),
            path_params,
            query,
            body,
            body_description: op.request_body.as_ref().and_then(|b| b.description.clone()),
            response,
            summary: op.summary.clone(),
            description: op.description.clone(),
            paging,
            role: Role::Other,
        }
    }
}

/// Whether a response description is only the status text.
fn is_status_text(text: &str) -> bool {
    matches!(text, "OK" | "Created" | "Accepted" | "No Content")
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
        Some(r) => format!("`{}`", naming::schema_ref_name(r).unwrap_or_default()),
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

#[cfg(test)]
mod tests {
    #[test]
    fn the_spec_has_the_resources_its_paths_pair() {
        let spec = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
        let api = crate::model(&spec).expect("the spec builds");
        let names: Vec<&str> = api.resources.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names.len(), 25, "{names:?}");
        assert!(
            names.contains(&"Tickets") && names.contains(&"Mailbox"),
            "{names:?}"
        );
        let tickets = api
            .resources
            .iter()
            .position(|r| r.name == "Tickets")
            .unwrap();
        assert_eq!(api.resources[tickets].list_key.as_deref(), Some("tickets"));
        // The record's `id` field decides the id type (Faults: integer; the path: int32),
        // the path parameter where the record documents no `id` (ConfirmClosure).
        let id_type = |name: &str| {
            let r = api.resources.iter().find(|r| r.name == name).unwrap();
            r.id_type.clone()
        };
        assert_eq!(id_type("Tickets"), super::RustType::I64);
        assert_eq!(id_type("ChatProfile"), super::RustType::String);
        assert_eq!(id_type("ConfirmClosure"), super::RustType::I32);
        // `nullable: true` is recorded per field.
        let faults = api
            .types
            .iter()
            .find(|m| m.schema_name == "Faults")
            .unwrap();
        let nullable = |key: &str| {
            faults
                .fields
                .iter()
                .find(|f| f.json_name == key)
                .unwrap()
                .nullable
        };
        assert!(nullable("client_id"));
        assert!(!nullable("id"));
        let webhook = api
            .types
            .iter()
            .find(|m| m.schema_name == "IncomingWebhook")
            .unwrap();
        let result = webhook
            .fields
            .iter()
            .find(|f| f.json_name == "result")
            .unwrap();
        assert_eq!(result.max_length, Some(2000));
        let roles: Vec<_> = api
            .operations()
            .filter(|(_, op)| op.path.starts_with("/Tickets"))
            .map(|(_, op)| (op.operation_id.as_str(), op.role))
            .collect();
        // Command line names: per area, per operation, per parameter.
        let commands: Vec<(&str, &str)> = api
            .operations()
            .map(|(area, op)| (area.command.as_str(), op.command.as_str()))
            .collect();
        for expected in [
            ("tickets", "list"),
            ("tickets", "get"),
            ("tickets", "get-zapier"),
            ("email", "get-mailbox"),
            ("chat", "list-messages"),
        ] {
            assert!(commands.contains(&expected), "{expected:?}: {commands:?}");
        }
        let list_tickets = api
            .operations()
            .find(|(_, op)| op.operation_id == "listTickets")
            .map(|(_, op)| op)
            .unwrap();
        let open_only = list_tickets.query.iter().find(|p| p.name == "open_only");
        assert_eq!(open_only.map(|p| p.flag.as_str()), Some("open-only"));
        use super::Role::*;
        for (id, role) in [
            ("listTickets", List(tickets)),
            ("createTickets", Save(tickets)),
            ("getTicket", Get(tickets)),
            ("deleteTicket", Delete(tickets)),
            ("voteTickets", Other),
        ] {
            assert!(roles.contains(&(id, role)), "{id}: {roles:?}");
        }
    }
}
