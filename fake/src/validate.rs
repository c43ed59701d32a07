//! Type checks of what a request sends against the spec's types: query and path parameters
//! (a value that does not parse is a `400`, as Halo's model binding answers) and JSON bodies
//! (a documented field of the wrong type is a `400` naming it). Undocumented keys are
//! accepted and kept, as Halo keeps them; `null` is accepted where the spec says
//! `nullable` (and for any-JSON values), so that what the fake stores and answers always
//! fits the spec.

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

/// A date-time: `yyyy-mm-ddThh:mm:ss`, optional fraction, and an offset (`Z`, `±hh:mm`)
/// or none (Halo's local times); every part in range.
fn is_date_time(s: &str) -> bool {
    let b = s.as_bytes();
    let num = |range: std::ops::Range<usize>, max: u32| {
        b.get(range.clone())
            .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
            && s[range].parse::<u32>().is_ok_and(|n| n <= max)
    };
    let date = b.len() >= 19
        && num(0..4, 9999)
        && b[4] == b'-'
        && num(5..7, 12)
        && b[7] == b'-'
        && num(8..10, 31)
        && s[5..7] != *"00"
        && s[8..10] != *"00";
    let time = date
        && matches!(b[10], b'T' | b't')
        && num(11..13, 23)
        && b[13] == b':'
        && num(14..16, 59)
        && b[16] == b':'
        && num(17..19, 60);
    if !time {
        return false;
    }
    let mut rest = &s[19..];
    if let Some(fraction) = rest.strip_prefix('.') {
        let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return false;
        }
        rest = &fraction[digits..];
    }
    match rest.as_bytes() {
        [] | [b'Z' | b'z'] => true,
        [b'+' | b'-', h1, h2, b':', m1, m2] => {
            [h1, h2, m1, m2].iter().all(|d| d.is_ascii_digit())
                && (*h1 - b'0') * 10 + (*h2 - b'0') <= 23
                && (*m1 - b'0') * 10 + (*m2 - b'0') <= 59
        }
        _ => false,
    }
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
    walk_nullable(value, ty, false, path, depth)
}

fn walk_nullable(
    value: &Value,
    ty: Ty,
    nullable: bool,
    path: &mut String,
    depth: usize,
) -> Result<(), String> {
    if depth > MAX_DEPTH {
        return Err(format!("`{path}` is nested too deeply"));
    }
    if value.is_null() && (nullable || ty == Ty::Any) {
        return Ok(());
    }
    let fits = match (ty, value) {
        (Ty::Any, _) => true,
        (Ty::Int32, Value::Number(n)) => whole(n).is_some_and(|i| i32::try_from(i).is_ok()),
        (Ty::Int64, Value::Number(n)) => whole(n).is_some(),
        (Ty::Number, Value::Number(_)) => true,
        (Ty::Bool, Value::Bool(_)) => true,
        (Ty::String, Value::String(_)) => true,
        (Ty::DateTime, Value::String(s)) => is_date_time(s),
        (Ty::Uuid, Value::String(s)) => is_uuid(s),
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
            for field in fields {
                if let Some(v) = map.get(field.key) {
                    let len = path.len();
                    push_key(path, field.key);
                    walk_nullable(v, field.ty, field.nullable, path, depth + 1)?;
                    let chars = v.as_str().map(|s| s.chars().count() as u64);
                    if let (Some(chars), Some(max)) = (chars, field.max_length) {
                        if chars > max {
                            return Err(format!("`{path}` is longer than {max} characters."));
                        }
                    }
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
        let what = if value.is_null() {
            "null"
        } else {
            "the JSON value"
        };
        Err(format!(
            "{} at `{at}` could not be converted to {}.",
            capitalised(what),
            describe(ty)
        ))
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn push_key(path: &mut String, key: &str) {
    if !path.is_empty() {
        path.push('.');
    }
    path.push_str(key);
}

/// An integer value of a JSON number: an integer within `i64` (the widest integer Halo's
/// fields hold), or a float with no fraction up to 2^53 (Halo sends `21.0` for integers and
/// takes it back). Past 2^53 a float stands for several integers, so it is not one.
pub(crate) fn whole(n: &serde_json::Number) -> Option<i64> {
    const EXACT: f64 = 9_007_199_254_740_992.0;
    n.as_i64().or_else(|| {
        n.as_f64()
            .filter(|f| f.fract() == 0.0 && f.abs() <= EXACT)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_times() {
        for ok in [
            "2024-06-20T14:45:15.9746271Z",
            "2024-06-21T10:45:15.975Z",
            "2022-09-26T16:15:38.897",
            "2019-04-23T15:33:00",
            "2024-06-20T14:45:15+02:00",
        ] {
            assert!(is_date_time(ok), "{ok}");
        }
        for bad in [
            "",
            "2024-01-01",
            "2024-01-01T12:99:00Z",
            "2024-13-01T00:00:00",
            "2024-01-01T00:00:00+2",
            "yesterday",
        ] {
            assert!(!is_date_time(bad), "{bad}");
        }
    }
}
