//! Type checks of what a request sends against the spec's types: query and path parameters
//! (a value that does not parse is a `400`, as Halo's model binding answers) and JSON bodies
//! (a documented field of the wrong type is a `400` naming it). Undocumented keys are
//! accepted and kept, as Halo keeps them; `null` is accepted for every field (nearly every
//! Halo field is nullable).

use crate::operations::MODELS;
use crate::table::Ty;
use serde_json::Value;

/// Whether a query or path parameter's text is a value of `ty`.
pub(crate) fn param_ok(raw: &str, ty: Ty) -> bool {
    let raw = raw.trim();
    match ty {
        Ty::Int32 => raw.parse::<i32>().is_ok(),
        Ty::Int64 => raw.parse::<i64>().is_ok(),
        Ty::Number => raw.parse::<f64>().is_ok_and(f64::is_finite),
        Ty::Bool => raw.eq_ignore_ascii_case("true") || raw.eq_ignore_ascii_case("false"),
        Ty::DateTime => is_date_time(raw),
        Ty::Uuid => is_uuid(raw),
        _ => true,
    }
}

/// A date-time as Halo reads them: `yyyy-mm-dd`, optionally followed by a time.
fn is_date_time(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit)
        && (b.len() == 10 || b[10] == b'T' || b[10] == b' ')
}

/// A GUID: 32 hex digits in groups 8-4-4-4-12.
fn is_uuid(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.bytes().all(|c| c.is_ascii_hexdigit()))
}

/// Checks a JSON value against a type; the error names the path of the first misfit
/// (`[0].summary`) and what was expected.
pub(crate) fn check(value: &Value, ty: Ty) -> Result<(), String> {
    let mut path = String::new();
    walk(value, ty, &mut path, 0)
}

/// Deeper than this, a body is refused rather than walked.
const MAX_DEPTH: usize = 64;

fn walk(value: &Value, ty: Ty, path: &mut String, depth: usize) -> Result<(), String> {
    if depth > MAX_DEPTH {
        return Err(format!("`{path}` is nested too deeply"));
    }
    if value.is_null() {
        return Ok(());
    }
    let fits = match (ty, value) {
        (Ty::Any, _) => true,
        (Ty::Int32, Value::Number(n)) => whole(n).is_some_and(|i| i32::try_from(i).is_ok()),
        (Ty::Int64, Value::Number(n)) => whole(n).is_some(),
        (Ty::Number, Value::Number(_)) => true,
        (Ty::Bool, Value::Bool(_)) => true,
        (Ty::String, Value::String(_)) => true,
        (Ty::DateTime, Value::String(s)) => s.is_empty() || is_date_time(s),
        (Ty::Uuid, Value::String(s)) => s.is_empty() || is_uuid(s),
        (Ty::Array(item), Value::Array(items)) => {
            for (i, v) in items.iter().enumerate() {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                walk(v, *item, path, depth + 1)?;
                path.truncate(len);
            }
            true
        }
        (Ty::Map(item), Value::Object(map)) => {
            for (k, v) in map {
                let len = path.len();
                push_key(path, k);
                walk(v, *item, path, depth + 1)?;
                path.truncate(len);
            }
            true
        }
        (Ty::Record(model), Value::Object(map)) => {
            let fields = MODELS.get(model).map_or(&[][..], |m| m.fields);
            for (key, field_ty) in fields {
                if let Some(v) = map.get(*key) {
                    let len = path.len();
                    push_key(path, key);
                    walk(v, *field_ty, path, depth + 1)?;
                    path.truncate(len);
                }
            }
            true
        }
        _ => false,
    };
    if fits {
        Ok(())
    } else {
        let at = if path.is_empty() {
            "the body"
        } else {
            path.as_str()
        };
        Err(format!(
            "The JSON value at `{at}` could not be converted to {}.",
            describe(ty)
        ))
    }
}

fn push_key(path: &mut String, key: &str) {
    if !path.is_empty() {
        path.push('.');
    }
    path.push_str(key);
}

/// An integer value of a JSON number: an integer, or a float with no fraction (Halo sends
/// `21.0` for integers and takes it back).
fn whole(n: &serde_json::Number) -> Option<i64> {
    n.as_i64().or_else(|| {
        n.as_f64()
            .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
            .map(|f| f as i64)
    })
}

/// What a type is called in an error message.
pub(crate) fn describe(ty: Ty) -> String {
    match ty {
        Ty::Int32 => "an integer (int32)".into(),
        Ty::Int64 => "an integer".into(),
        Ty::Number => "a number".into(),
        Ty::Bool => "a boolean".into(),
        Ty::String => "a string".into(),
        Ty::DateTime => "a date-time".into(),
        Ty::Uuid => "a GUID".into(),
        Ty::Any => "any JSON".into(),
        Ty::Array(item) => format!("an array of {}", describe(*item)),
        Ty::Map(item) => format!("an object of {}", describe(*item)),
        Ty::Record(m) => format!("a `{}` object", MODELS.get(m).map_or("record", |m| m.name)),
    }
}
