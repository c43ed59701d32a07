//! Compact mode: three tools instead of one per operation, for assistants with a small
//! context: [`LIST`] the operations on offer, [`DESCRIBE`] one (its description and
//! schemas), [`CALL`] one with its arguments. The operations on offer, and what a call
//! may do, are the same as in the full mode.

use crate::catalog::{schema, Catalog};
use rmcp::model::{Tool, ToolAnnotations};
use serde_json::{json, Map, Value};
use std::sync::Arc;

/// The tool that lists the operations.
pub const LIST: &str = "list_operations";
/// The tool that describes one operation.
pub const DESCRIBE: &str = "describe_operation";
/// The tool that calls one operation.
pub const CALL: &str = "call_operation";

/// The three tools, their annotations from the operations on offer.
pub fn tools(catalog: &Catalog, structured: bool) -> Vec<Tool> {
    let writes = catalog.tools().iter().any(|t| t.is_write());
    let destructive = catalog.tools().iter().any(|t| t.destructive);
    let read = |title: &str| {
        let mut a = ToolAnnotations::new()
            .read_only(true)
            .destructive(false)
            .idempotent(true)
            .open_world(false);
        a.title = Some(title.to_owned());
        a
    };
    let mut call = ToolAnnotations::new()
        .read_only(!writes)
        .destructive(destructive)
        .idempotent(!writes)
        .open_world(false);
    call.title = Some("Call a HaloPSA operation".to_owned());
    let tools = vec![
        Tool::new_with_raw(
            LIST,
            Some("List the HaloPSA API operations this server offers: name, title, area, method and path, and whether it changes data. Then `describe_operation` gives one's arguments, and `call_operation` calls it.".into()),
            Arc::new(schema(r#"{
                "type": "object",
                "properties": {
                    "area": {"type": "string", "description": "Only this area's operations (tickets, automation, email, chat, collaboration)."},
                    "search": {"type": "string", "description": "Only operations whose name or title contains this text (any case)."}
                },
                "additionalProperties": false
            }"#)),
        )
        .with_title("List HaloPSA operations")
        .with_raw_output_schema(Arc::new(schema(r#"{
            "type": "object",
            "properties": {
                "operations": {"type": "array", "items": {"type": "object"}},
                "count": {"type": "integer"}
            }
        }"#)))
        .with_annotations(read("List HaloPSA operations")),
        Tool::new_with_raw(
            DESCRIBE,
            Some("Describe one HaloPSA operation: what it does and answers, its arguments' JSON Schema (for `call_operation`'s `arguments`) and its answer's.".into()),
            Arc::new(schema(r#"{
                "type": "object",
                "properties": {
                    "name": {"type": "string", "description": "The operation's name, as `list_operations` gives it (`tickets_list`)."}
                },
                "required": ["name"],
                "additionalProperties": false
            }"#)),
        )
        .with_title("Describe a HaloPSA operation")
        .with_raw_output_schema(Arc::new(schema(r#"{
            "type": "object",
            "properties": {
                "name": {"type": "string"},
                "title": {"type": "string"},
                "description": {"type": "string"},
                "input_schema": {"type": "object"},
                "output_schema": {"type": "object"},
                "annotations": {"type": "object"}
            }
        }"#)))
        .with_annotations(read("Describe a HaloPSA operation")),
        Tool::new_with_raw(
            CALL,
            Some("Call one HaloPSA operation with its arguments, as `describe_operation` describes them. Lists answer one page and a `next_cursor` for the next; answers are capped, with a `note` saying what was cut.".into()),
            Arc::new(schema(r#"{
                "type": "object",
                "properties": {
                    "name": {"type": "string", "description": "The operation's name (`tickets_list`)."},
                    "arguments": {"type": "object", "description": "Its arguments, as its input schema says."}
                },
                "required": ["name"],
                "additionalProperties": false
            }"#)),
        )
        .with_title("Call a HaloPSA operation")
        .with_raw_output_schema(Arc::new(schema(r#"{"type": "object"}"#)))
        .with_annotations(call),
    ];
    if structured {
        return tools;
    }
    tools
        .into_iter()
        .map(|mut tool| {
            tool.output_schema = None;
            tool
        })
        .collect()
}

/// `list_operations`: the operations on offer, narrowed by `area` and `search`.
pub fn list(
    catalog: &Catalog,
    arguments: &Map<String, Value>,
) -> Result<Map<String, Value>, String> {
    let text = |key: &str| match arguments.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.to_lowercase())),
        Some(_) => Err(format!("invalid arguments: `{key}` must be a string")),
    };
    let (area, search) = (text("area")?, text("search")?);
    if let Some(unknown) = arguments
        .keys()
        .find(|k| !["area", "search"].contains(&k.as_str()))
    {
        return Err(format!("invalid arguments: unknown argument `{unknown}`"));
    }
    let operations: Vec<Value> = catalog
        .tools()
        .iter()
        .filter(|t| area.as_deref().is_none_or(|a| t.area == a))
        .filter(|t| {
            search
                .as_deref()
                .is_none_or(|s| t.name.contains(s) || t.title.to_lowercase().contains(s))
        })
        .map(|t| {
            json!({
                "name": t.name,
                "title": t.title,
                "area": t.area,
                "method": t.method,
                "path": t.path,
                "writes": t.is_write(),
            })
        })
        .collect();
    let mut out = Map::new();
    out.insert("count".into(), json!(operations.len()));
    out.insert("operations".into(), Value::Array(operations));
    Ok(out)
}

/// `describe_operation`: one operation's description, schemas and annotations.
pub fn describe(
    catalog: &Catalog,
    arguments: &Map<String, Value>,
) -> Result<Map<String, Value>, String> {
    let name = operation_name(arguments, &["name"])?;
    let spec = catalog.get(name).ok_or_else(|| not_offered(name))?;
    let tool = spec.tool(true);
    let mut out = Map::new();
    out.insert("name".into(), json!(spec.name));
    out.insert("title".into(), json!(spec.title));
    out.insert("description".into(), json!(spec.description));
    out.insert(
        "input_schema".into(),
        Value::Object((*tool.input_schema).clone()),
    );
    if let Some(output) = tool.output_schema {
        out.insert("output_schema".into(), Value::Object((*output).clone()));
    }
    out.insert("annotations".into(), json!(tool.annotations));
    Ok(out)
}

/// `call_operation`'s operation name and arguments.
pub fn call_target(arguments: &Map<String, Value>) -> Result<(&str, Map<String, Value>), String> {
    let name = operation_name(arguments, &["name", "arguments"])?;
    let args = match arguments.get("arguments") {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(args)) => args.clone(),
        Some(_) => return Err("invalid arguments: `arguments` must be an object".to_owned()),
    };
    Ok((name, args))
}

fn operation_name<'a>(
    arguments: &'a Map<String, Value>,
    known: &[&str],
) -> Result<&'a str, String> {
    if let Some(unknown) = arguments.keys().find(|k| !known.contains(&k.as_str())) {
        return Err(format!("invalid arguments: unknown argument `{unknown}`"));
    }
    arguments
        .get("name")
        .and_then(Value::as_str)
        .ok_or_else(|| "invalid arguments: `name` (a string) is required".to_owned())
}

/// The message for an operation that is not on offer.
pub fn not_offered(name: &str) -> String {
    format!("no operation `{name}` on offer: `list_operations` lists them")
}
