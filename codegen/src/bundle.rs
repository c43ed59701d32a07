//! The OpenAPI bundle: the merged spec as one `openapi.json`, for other OpenAPI tools.
//!
//! Two things the spec states by convention are written out, so that a tool reading only
//! `openapi.json` (schemathesis, a client generator) sees what the SDK and Halo do:
//!
//! - an `integer` without a `format` is `format: int64` (the type mapping of
//!   `spec/README.md`: the SDK reads it as `i64`, the widest integer Halo's fields hold);
//! - the answer to a `POST` of records (the SDK's `OneOrMany`) is the saved record, or an
//!   array of the saved records when several were sent: `oneOf` the record and an array of
//!   it.

use crate::model::{Api, ResponseKind};
use crate::output::{Content, OutputFile};
use serde_json::{json, Map, Value};

/// Where the bundle goes, relative to `generated/`.
pub const PATH: &str = "openapi.json";

/// Emits `openapi.json` from the merged document the model carries.
pub fn emit(api: &Api) -> Result<OutputFile, crate::diagnostics::Error> {
    let error = |message: String| crate::diagnostics::Error::Format {
        file: PATH.into(),
        message,
    };
    let mut document = serde_json::to_value(&api.document).map_err(|e| error(e.to_string()))?;
    for (_, op) in api.operations() {
        if !matches!(op.response.kind, ResponseKind::Saved(_)) {
            continue;
        }
        let method = op.method.as_str().to_ascii_lowercase();
        let schema = document
            .pointer_mut(&format!(
                "/paths/{}/{method}/responses/{}/content/application~1json/schema",
                op.path.replace('~', "~0").replace('/', "~1"),
                op.response.status
            ))
            .ok_or_else(|| error(format!("no response schema for `{}`", op.operation_id)))?;
        let one = schema.take();
        *schema = json!({"oneOf": [
            one.clone(),
            {
                "type": "array",
                "description": "Several records sent: every saved record, in the order sent.",
                "items": one,
            },
        ]});
    }
    int64_by_default(&mut document);
    let mut json = serde_json::to_string_pretty(&document).map_err(|e| error(e.to_string()))?;
    json.push('\n');
    Ok(OutputFile {
        path: PATH.into(),
        source: "spec/".into(),
        content: Content::Text(json),
    })
}

/// Writes `format: int64` (right after `type`) into every `type: integer` schema without a
/// format.
fn int64_by_default(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if map.get("type") == Some(&Value::from("integer")) && !map.contains_key("format") {
                let mut with_format = Map::new();
                for (key, v) in std::mem::take(map) {
                    let is_type = key == "type";
                    with_format.insert(key, v);
                    if is_type {
                        with_format.insert("format".into(), Value::from("int64"));
                    }
                }
                *map = with_format;
            }
            map.values_mut().for_each(int64_by_default);
        }
        Value::Array(items) => items.iter_mut().for_each(int64_by_default),
        _ => {}
    }
}
