//! Field selection: keeping only some fields of JSON records, by name or by a dotted path
//! into nested objects and arrays (`user.name`, `tags.1`). The command line's `--fields`
//! and the MCP server's `fields` argument both select with [`project`].

use serde_json::{Map, Value};

/// The value at `path` in `value`: a key of the object as it is (`user.name` when the
/// record has that key), else each dot-separated part in turn, an object's key or an
/// array's index.
pub fn lookup<'a>(value: &'a Value, path: &str) -> Option<&'a Value> {
    if let Some(v) = value.as_object().and_then(|o| o.get(path)) {
        return Some(v);
    }
    path.split('.').try_fold(value, |v, key| match v {
        Value::Object(o) => o.get(key),
        Value::Array(a) => key.parse::<usize>().ok().and_then(|i| a.get(i)),
        _ => None,
    })
}

/// Keeps the given fields of a record (an object), named as given and in that order; a
/// field the record lacks is left out. An array has each of its items projected; any
/// other value is left as it is.
pub fn project<S: AsRef<str>>(value: Value, fields: &[S]) -> Value {
    match value {
        Value::Object(_) => {
            let mut out = Map::new();
            for field in fields {
                let field = field.as_ref();
                if let Some(v) = lookup(&value, field) {
                    out.insert(field.to_owned(), v.clone());
                }
            }
            Value::Object(out)
        }
        Value::Array(items) => {
            Value::Array(items.into_iter().map(|v| project(v, fields)).collect())
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keeps_what_is_asked_in_order() {
        let record =
            json!({"id": 1, "summary": "s", "x": 2, "user": {"name": "n"}, "tags": ["a", "b"]});
        let fields = ["summary", "id", "user.name", "tags.1", "missing"];
        assert_eq!(
            project(record.clone(), &fields).to_string(),
            r#"{"summary":"s","id":1,"user.name":"n","tags.1":"b"}"#
        );
        assert_eq!(project(json!([record, 5]), &["id"]), json!([{"id": 1}, 5]));
        assert_eq!(project(json!("text"), &["id"]), json!("text"));
    }
}
