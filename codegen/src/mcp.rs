//! Emits the MCP server's tool table (`mcp/`, crate `halopsa-mcp`): [`TOOLS_PATH`].
//!
//! One tool per operation, named by the model ([`Operation::tool`], by
//! [`crate::naming::tool_name`]), with:
//! - a description from the spec: the summary, the description, what the body is, what the
//!   operation answers, how it pages;
//! - a self-contained JSON Schema of its input, a plain object without `$ref`: the path
//!   parameters and query parameters by their argument names
//!   ([`crate::naming::tool_argument`]), typed as the model types them and required where
//!   the spec says; the body as `body`, the model's record types spelled out (nested
//!   records to [`NESTED_DEPTH`] levels, a record already being spelled out as any
//!   object); and the server's own arguments: `cursor` for a paged list (instead of
//!   `page_no`), `fields` for an answer of records, `dry_run` for a write;
//! - a JSON Schema of its output: the answer's envelope (`records`, `record`, `value`,
//!   `text`, `ok`, with `next_cursor` and `note`), each record's documented fields with
//!   what the spec says of their type;
//! - annotations from the method: read-only for `GET`, destructive for `DELETE`
//!   (idempotent is the runtime's rule, `halopsa_runtime::is_idempotent`, applied by
//!   `mcp/src/catalog.rs` to the method);
//! - a function that decodes the arguments into the SDK's types, and calls the SDK
//!   function (after the request builder for a dry run), handing the typed answer to the
//!   hand-written code (`mcp/src/call.rs`).
//!
//! Selection, safety, paging, caps, errors and the protocol are hand-written in `mcp/src/`.

use crate::model::*;
use crate::output::{Content, OutputFile};
use crate::prose::{answers, help_text, paragraphs};
use crate::rust_types::ident;
use crate::samples::{response_type, type_path};
use proc_macro2::TokenStream;
use quote::quote;
use serde_json::{json, Map, Value};

/// Where the tool table goes, relative to the workspace root. `mcp/src/lib.rs` includes it
/// as `#[rustfmt::skip] mod tools;`.
pub const TOOLS_PATH: &str = "mcp/src/tools.rs";

/// How many levels of records nested in a body record an input schema spells out; deeper,
/// a nested record is any object (Halo takes nested records by their `id`: `{"id": 5}`).
pub const NESTED_DEPTH: usize = 1;

/// Emits the tool table.
pub fn emit(api: &Api) -> Vec<OutputFile> {
    vec![OutputFile {
        path: TOOLS_PATH.to_owned(),
        source: "spec/".to_owned(),
        content: Content::Rust(tools(api)),
    }]
}

/// Whether an operation changes something in Halo: every method but `GET`.
pub fn is_write(op: &Operation) -> bool {
    op.method != Method::Get
}

/// Whether an operation answers records, which `fields` can select from.
fn has_records(op: &Operation) -> bool {
    matches!(
        op.response.kind,
        ResponseKind::Record(_) | ResponseKind::Saved(_) | ResponseKind::List { .. }
    )
}

/// A query parameter the server sets itself for a paged list: the page number and the
/// flag that asks for Halo's paged wrapper.
fn server_paged(op: &Operation, p: &Param) -> bool {
    op.paging.as_ref().is_some_and(|paging| {
        p.rust_name == paging.page_no || paging.paginate.as_deref() == Some(p.rust_name.as_str())
    })
}

/// The JSON Schema of a scalar or value type, as the model types it.
struct Schemas<'a> {
    api: &'a Api,
}

impl Schemas<'_> {
    /// The schema of a value of type `t`; records nested below `depth` levels, or already
    /// being spelled out (`path`), are any object.
    fn value(&self, t: &RustType, path: &mut Vec<TypeId>, depth: usize) -> Value {
        match t {
            RustType::I32 => json!({"type": "integer", "minimum": i32::MIN, "maximum": i32::MAX}),
            RustType::I64 => json!({"type": "integer"}),
            RustType::F64 => json!({"type": "number"}),
            RustType::Bool => json!({"type": "boolean"}),
            RustType::String => json!({"type": "string"}),
            RustType::DateTime => json!({"type": "string", "format": "date-time"}),
            RustType::Uuid => json!({"type": "string", "format": "uuid"}),
            RustType::Json => json!({}),
            RustType::Vec(item) => json!({"type": "array", "items": self.value(item, path, depth)}),
            RustType::Map(value) => {
                json!({"type": "object", "additionalProperties": self.value(value, path, depth)})
            }
            RustType::Model(id) => self.record(*id, path, depth),
        }
    }

    /// A record: its documented fields, each with its description; other keys allowed
    /// (the SDK keeps them).
    fn record(&self, id: TypeId, path: &mut Vec<TypeId>, depth: usize) -> Value {
        let model = self.api.model(id);
        if path.contains(&id) || depth > NESTED_DEPTH {
            return json!({
                "type": "object",
                "description": format!("A `{}` record (for a nested record, `{{\"id\": …}}` is enough).", model.schema_name),
            });
        }
        path.push(id);
        let mut properties = Map::new();
        for f in &model.fields {
            let mut schema = self.value(&f.ty, path, depth + 1);
            if let Value::Object(object) = &mut schema {
                if f.nullable {
                    if let Some(Value::String(t)) = object.get("type").cloned() {
                        object.insert("type".into(), json!([t, "null"]));
                    }
                }
                if let (Some(max), Some("string")) =
                    (f.max_length, object.get("type").and_then(Value::as_str))
                {
                    object.insert("maxLength".into(), json!(max));
                }
                if let Some(d) = f.description.as_deref().map(help_text) {
                    if !d.is_empty() && !object.contains_key("description") {
                        object.insert("description".into(), json!(d));
                    }
                }
            }
            properties.insert(f.json_name.clone(), schema);
        }
        path.pop();
        let mut schema = Map::new();
        schema.insert("type".into(), json!("object"));
        if let Some(d) = model.description.as_deref().map(help_text) {
            if !d.is_empty() {
                schema.insert("description".into(), json!(d));
            }
        }
        schema.insert("properties".into(), Value::Object(properties));
        Value::Object(schema)
    }

    /// A record as the server answers it: its documented fields, each described by what
    /// the spec says of its type. No field is typed: the SDK keeps a value of another
    /// shape as it was received (`"21"` for an integer), and any field may be `null`.
    fn answered_record(&self, t: &RustType) -> Value {
        let RustType::Model(id) = t else {
            return json!({});
        };
        let model = self.api.model(*id);
        let properties: Map<String, Value> = model
            .fields
            .iter()
            .map(|f| (f.json_name.clone(), json!({"description": f.type_note})))
            .collect();
        json!({
            "type": "object",
            "description": format!("A `{}` record: the documented fields below, and any other Halo sends.", model.schema_name),
            "properties": properties,
        })
    }
}

/// The input schema of an operation's tool.
pub fn input_schema(api: &Api, op: &Operation) -> Value {
    let schemas = Schemas { api };
    let mut properties = Map::new();
    let mut required = Vec::new();
    for p in op.path_params.iter().chain(&op.query) {
        if server_paged(op, p) {
            continue;
        }
        let mut schema = schemas.value(&p.ty, &mut Vec::new(), 0);
        let wire = if op.path_params.iter().any(|q| q.name == p.name) {
            "Path"
        } else {
            "Query"
        };
        let description = paragraphs(&[
            p.description.as_deref().map(help_text),
            (p.argument != p.name).then(|| format!("{wire} parameter `{}`.", p.name)),
            op.paging
                .as_ref()
                .filter(|paging| paging.page_size == p.rust_name)
                .map(|_| "Records per page; the server caps it (see `note`).".to_owned()),
        ]);
        if let (Value::Object(object), false) = (&mut schema, description.is_empty()) {
            object.insert("description".into(), json!(description));
        }
        if p.required {
            required.push(json!(p.argument));
        }
        properties.insert(p.argument.clone(), schema);
    }
    let body_description = op.body_description.as_deref().map(help_text);
    let body = match &op.body {
        BodyKind::None => None,
        BodyKind::Json(t) => Some(schemas.value(t, &mut Vec::new(), 0)),
        BodyKind::JsonSlice(item) => Some(json!({
            "type": "array",
            "items": schemas.value(item, &mut Vec::new(), 0),
        })),
        BodyKind::AnyJson => Some(json!({})),
        BodyKind::Multipart => Some(json!({
            "type": "object",
            "additionalProperties": {"type": "string"},
        })),
    };
    if let Some(mut body) = body {
        let note = match &op.body {
            BodyKind::AnyJson => Some("Any JSON: the docs document no schema for it.".to_owned()),
            BodyKind::Multipart => {
                Some("Form fields, sent as multipart/form-data text fields.".to_owned())
            }
            BodyKind::JsonSlice(RustType::Model(_)) => Some(
                "An array of records: a record without `id` is created, one with an `id` updated (only the fields given)."
                    .to_owned(),
            ),
            _ => None,
        };
        let description = paragraphs(&[body_description, note]);
        if let (Value::Object(object), false) = (&mut body, description.is_empty()) {
            // The body's own description (its record's) goes after the operation's.
            let own = object.remove("description");
            let text = match own.as_ref().and_then(Value::as_str) {
                Some(own) => format!("{description}\n\n{own}"),
                None => description,
            };
            object.insert("description".into(), json!(text));
        }
        if op.body != BodyKind::Multipart {
            required.push(json!("body"));
        }
        properties.insert("body".into(), body);
    }
    if op.paging.is_some() {
        properties.insert(
            "cursor".into(),
            json!({
                "type": "string",
                "description": "The `next_cursor` of the previous page's answer, for the next page; leave it out for the first page.",
            }),
        );
    }
    if has_records(op) {
        properties.insert(
            "fields".into(),
            json!({
                "type": "array",
                "items": {"type": "string"},
                "description": "Keep only these fields of each record, in this order (dotted for nested: `user.name`): more records fit in an answer.",
            }),
        );
    }
    if is_write(op) {
        properties.insert(
            "dry_run".into(),
            json!({
                "type": "boolean",
                "description": "Show the request that would be sent (method, URL, query, body), and send nothing.",
            }),
        );
    }
    let mut schema = Map::new();
    schema.insert("type".into(), json!("object"));
    schema.insert("properties".into(), Value::Object(properties));
    if !required.is_empty() {
        schema.insert("required".into(), Value::Array(required));
    }
    schema.insert("additionalProperties".into(), json!(false));
    Value::Object(schema)
}

/// The output schema of an operation's tool: the envelope the server answers with.
pub fn output_schema(api: &Api, op: &Operation) -> Value {
    let schemas = Schemas { api };
    let mut properties = Map::new();
    match &op.response.kind {
        ResponseKind::Empty => {
            properties.insert(
                "ok".into(),
                json!({"type": "boolean", "description": "The call succeeded; Halo answers no body."}),
            );
        }
        ResponseKind::Record(id) => {
            properties.insert(
                "record".into(),
                schemas.answered_record(&RustType::Model(*id)),
            );
        }
        ResponseKind::Saved(id)
        | ResponseKind::List {
            item: RustType::Model(id),
            ..
        } => {
            properties.insert(
                "records".into(),
                json!({"type": "array", "items": schemas.answered_record(&RustType::Model(*id))}),
            );
        }
        ResponseKind::List { .. } => {
            properties.insert("records".into(), json!({"type": "array"}));
        }
        ResponseKind::Value(_) | ResponseKind::Untyped { .. } => {
            properties.insert(
                "value".into(),
                json!({"description": "The answer, as Halo sent it."}),
            );
        }
        ResponseKind::Text => {
            properties.insert("text".into(), json!({"type": "string"}));
        }
    }
    if let ResponseKind::List { .. } = op.response.kind {
        properties.insert(
            "count".into(),
            json!({"type": "integer", "description": "Records in this answer."}),
        );
        properties.insert(
            "total".into(),
            json!({"type": "integer", "description": "Records in all, as Halo counts them (`record_count`)."}),
        );
    }
    if op.paging.is_some() {
        properties.insert(
            "next_cursor".into(),
            json!({"type": "string", "description": "Give it as `cursor` for the next page; absent on the last page."}),
        );
    }
    if is_write(op) {
        properties.insert(
            "request".into(),
            json!({
                "type": "object",
                "description": "A dry run's request, not sent.",
                "properties": {
                    "method": {"type": "string"},
                    "url": {"type": "string"},
                    "body": {},
                },
            }),
        );
    }
    properties.insert(
        "note".into(),
        json!({"type": "string", "description": "What was left out of the answer, and why."}),
    );
    json!({"type": "object", "properties": properties})
}

/// The tool's title: the summary, else the first line of the description.
fn title(op: &Operation) -> String {
    op.summary
        .as_deref()
        .or(op.description.as_deref())
        .map(crate::prose::first_line)
        .unwrap_or_else(|| op.operation_id.clone())
}

/// The tool's description: the summary (unless the description restates it), the
/// description, what it answers, and how it pages or writes.
pub fn description(api: &Api, op: &Operation) -> String {
    let summary = op.summary.as_deref().map(help_text);
    let description = op.description.as_deref().map(help_text);
    let restated = |d: &String| {
        summary
            .as_deref()
            .is_some_and(|s| d.starts_with(s.trim_end_matches('.')))
    };
    let returns = op
        .response
        .description
        .as_deref()
        .map(help_text)
        .map(|d| format!("Returns: {d}"));
    let paging = op.paging.as_ref().map(|_| {
        "One page per call: give the answer's `next_cursor` as `cursor` for the next.".to_owned()
    });
    let write = is_write(op).then(|| {
        "Changes data in Halo; `dry_run: true` shows the request without sending it.".to_owned()
    });
    paragraphs(&[
        summary
            .clone()
            .filter(|_| !description.as_ref().is_some_and(restated)),
        description,
        Some(answers(api, op)),
        returns,
        paging,
        write,
    ])
}

/// JSON as a raw string literal (`r#"…"#`), with as many `#` as it needs.
fn raw_string(text: &str) -> TokenStream {
    let mut hashes = "#".to_owned();
    while text.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    let literal = format!("r{hashes}\"{text}\"{hashes}");
    literal.parse().unwrap_or_else(|_| quote!(#text))
}

/// The table entry of one operation.
fn entry(api: &Api, area: &Area, op: &Operation) -> TokenStream {
    let name = &op.tool;
    let area_name = &area.command;
    let operation_id = &op.operation_id;
    let method = op.method.as_str();
    let path = &op.path;
    let title = title(op);
    let description = description(api, op);
    let input =
        raw_string(&serde_json::to_string_pretty(&input_schema(api, op)).unwrap_or_default());
    let output =
        raw_string(&serde_json::to_string_pretty(&output_schema(api, op)).unwrap_or_default());
    let read_only = op.method == Method::Get;
    let destructive = op.method == Method::Delete;
    let paged = op.paging.is_some();
    let records = has_records(op);
    quote! {
        ToolSpec {
            name: #name,
            area: #area_name,
            operation_id: #operation_id,
            method: #method,
            path: #path,
            title: #title,
            description: #description,
            input_schema: #input,
            output_schema: #output,
            read_only: #read_only,
            destructive: #destructive,
            paged: #paged,
            records: #records,
        },
    }
}

/// The function that runs one operation's tool.
fn function(api: &Api, area: &Area, op: &Operation) -> TokenStream {
    let function = ident(&op.tool);
    let module = ident(&area.module);
    let sdk_fn = ident(&op.fn_name);
    let request_fn = ident(&op.request_fn);

    // The arguments, as the SDK types them.
    let mut fields = Vec::new();
    for p in op.path_params.iter().chain(&op.query) {
        if server_paged(op, p) {
            continue;
        }
        let name = ident(&p.rust_name);
        let t = type_path(api, &p.ty);
        let argument = &p.argument;
        let rename = (p.rust_name != p.argument).then(|| quote!(rename = #argument,));
        let required = p.required || op.path_params.iter().any(|q| q.name == p.name);
        fields.push(if required {
            quote! {
                #[serde(#rename)]
                #name: #t,
            }
        } else {
            quote! {
                #[serde(#rename default)]
                #name: Option<#t>,
            }
        });
    }
    match &op.body {
        BodyKind::None => {}
        BodyKind::Multipart => fields.push(quote! {
            #[serde(default)]
            body: crate::call::Form,
        }),
        BodyKind::JsonSlice(item) => {
            let t = type_path(api, item);
            fields.push(quote!(body: Vec<#t>,));
        }
        BodyKind::Json(t) => {
            let t = type_path(api, t);
            fields.push(quote!(body: #t,));
        }
        BodyKind::AnyJson => fields.push(quote!(body: halopsa::serde_json::Value,)),
    }
    let args_struct = if fields.is_empty() {
        quote! {
            #[derive(serde::Deserialize)]
            #[serde(deny_unknown_fields)]
            struct Args {}
        }
    } else {
        quote! {
            #[derive(serde::Deserialize)]
            #[serde(deny_unknown_fields)]
            struct Args {
                #(#fields)*
            }
        }
    };

    // The SDK function's arguments: path parameters, query, body.
    let mut setup = Vec::new();
    let mut call_args: Vec<TokenStream> = op
        .path_params
        .iter()
        .map(|p| {
            let name = ident(&p.rust_name);
            p.arg.pass(quote!(args.#name))
        })
        .collect();
    if let Some(q) = &op.query_struct {
        let q = ident(q);
        let required: Vec<TokenStream> = op
            .query
            .iter()
            .filter(|p| p.required)
            .map(|p| {
                let name = ident(&p.rust_name);
                quote!(args.#name)
            })
            .collect();
        let optional: Vec<TokenStream> = op
            .query
            .iter()
            .filter(|p| !p.required && !server_paged(op, p))
            .map(|p| {
                let name = ident(&p.rust_name);
                quote!(query.#name = args.#name;)
            })
            .collect();
        let paging = op.paging.as_ref().map(|paging| {
            let (page_no, page_size) = (ident(&paging.page_no), ident(&paging.page_size));
            let paginate = paging.paginate.as_ref().map(|field| {
                let field = ident(field);
                quote!(query.#field = Some(true);)
            });
            quote! {
                let page = call.page(query.#page_size)?;
                query.#page_no = Some(page.number);
                query.#page_size = Some(page.size);
                #paginate
            }
        });
        let mutable = (!optional.is_empty() || paging.is_some()).then(|| quote!(mut));
        setup.push(quote! {
            let #mutable query = halopsa::#module::#q::new(#(#required),*);
            #(#optional)*
            #paging
        });
        call_args.push(quote!(&query));
    }
    match &op.body {
        BodyKind::None => {}
        BodyKind::Multipart => call_args.push(quote!(&args.body.0)),
        _ => call_args.push(quote!(&args.body)),
    }
    let dry_run = is_write(op).then(|| {
        quote! {
            if call.dry_run() {
                return call.show(halopsa::#module::#request_fn(#(#call_args),*)?);
            }
        }
    });
    let response_ty = response_type(api, &op.response.kind);
    let sdk_call = quote!(halopsa::#module::#sdk_fn(call.client()?, #(#call_args),*).await?);
    let answer = match &op.response.kind {
        ResponseKind::Empty => quote! {
            #sdk_call;
            Ok(call.done())
        },
        ResponseKind::Record(_) => quote! {
            let response: #response_ty = #sdk_call;
            call.record(&response)
        },
        ResponseKind::Saved(_) => quote! {
            let response: #response_ty = #sdk_call;
            call.saved(response)
        },
        ResponseKind::List { .. } if op.paging.is_some() => quote! {
            let response: #response_ty = #sdk_call;
            call.list(response, Some(page))
        },
        ResponseKind::List { .. } => quote! {
            let response: #response_ty = #sdk_call;
            call.list(response, None)
        },
        ResponseKind::Value(_) | ResponseKind::Untyped { .. } => quote! {
            let response: #response_ty = #sdk_call;
            call.value(&response)
        },
        ResponseKind::Text => quote! {
            let response: #response_ty = #sdk_call;
            call.text(response)
        },
    };
    let doc = format!(
        " `{}`: `{} {}` (`{}`).",
        op.tool,
        op.method.as_str(),
        op.path,
        op.operation_id
    );
    let args = if fields.is_empty() {
        quote!(let Args {} = call.arguments()?;)
    } else {
        quote!(let args: Args = call.arguments()?;)
    };
    quote! {
        #[doc = #doc]
        async fn #function(call: &Call<'_>) -> Result<Outcome, ToolError> {
            #args_struct
            #args
            #(#setup)*
            #dry_run
            #answer
        }
    }
}

fn tools(api: &Api) -> TokenStream {
    let mut entries = Vec::new();
    let mut arms = Vec::new();
    let mut functions = Vec::new();
    for (area, op) in api.operations() {
        entries.push(entry(api, area, op));
        let name = &op.tool;
        let tool_fn = ident(&op.tool);
        arms.push(quote!(#name => #tool_fn(call).await,));
        functions.push(function(api, area, op));
    }
    let count = entries.len();
    let doc = format!(
        " The MCP server's {count} tools, one per operation of the {} areas, generated from \
         the same model as the SDK.",
        api.areas.len()
    );
    let empty = api.areas.is_empty().then(|| quote!(let _ = call;));
    quote! {
        #![doc = #doc]
        //!
        //! [`TOOLS`] describes each (name, description, input and output schemas, what it
        //! does to Halo); [`run`] runs one: its function decodes the arguments into the
        //! SDK's types and calls the SDK function; what is done with the typed answer
        //! (paging, caps, fields, dry runs, errors) is `crate::call`'s.

        use crate::call::{Call, Outcome, ToolError};
        use crate::catalog::ToolSpec;

        /// Every operation as a tool, in spec order.
        pub static TOOLS: &[ToolSpec] = &[
            #(#entries)*
        ];

        /// Runs the tool `name`; `None` when no tool has that name.
        pub async fn run(name: &str, call: &Call<'_>) -> Option<Result<Outcome, ToolError>> {
            #empty
            Some(match name {
                #(#arms)*
                _ => return None,
            })
        }

        #(#functions)*
    }
}
