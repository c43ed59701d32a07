//! Building the model from the checked spec: the types, the areas and their operations,
//! then the resources and which areas use which.

use super::resources::{find_path_lists, find_resources};
use super::*;
use crate::check::{CheckedSpec, JSON, MULTIPART, TEXT_PLAIN, TEXT_XML};
use crate::halo;
use crate::naming::{self, COMMON_MODULE};
use crate::openapi::{self, ParameterLocation, Schema, SchemaType};
use crate::template::{split_template, TemplatePart};
use std::collections::{HashMap, HashSet};

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
        path_lists: Vec::new(),
        document: doc.clone(),
    };
    find_resources(&mut api);
    find_path_lists(&mut api);
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
        let location = p.location.unwrap_or(ParameterLocation::Query);
        (
            location,
            Param {
                rust_name: match location {
                    ParameterLocation::Query => naming::query_field_name(&name),
                    ParameterLocation::Path => naming::field_name(&name),
                },
                flag: naming::cli_flag(&name),
                argument: naming::tool_argument(&name),
                name,
                arg: ArgForm::of(&ty),
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
        method: Method,
        op: &openapi::Operation,
    ) -> Operation {
        let (mut path_params, mut query) = (Vec::new(), Vec::new());
        for p in &op.parameters {
            match self.param(p) {
                (ParameterLocation::Path, param) => path_params.push(param),
                (ParameterLocation::Query, param) => query.push(param),
            }
        }
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
