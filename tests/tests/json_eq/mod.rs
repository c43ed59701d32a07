#![allow(dead_code)] // Each test file uses only part of this module.

//! JSON equality for round-trip tests: same keys, same values, numbers compared by value
//! (`18.0` equals `18`, `-0.0` equals `0`), object key order ignored.

use serde_json::Value;

/// `Ok` when `a` and `b` hold the same JSON; else the path of the first difference.
pub fn same_json(a: &Value, b: &Value) -> Result<(), String> {
    diff(a, b, "$")
}

fn diff(a: &Value, b: &Value, path: &str) -> Result<(), String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for key in x.keys() {
                if !y.contains_key(key) {
                    return Err(format!("{path}.{key}: missing on the right"));
                }
            }
            for (key, vy) in y {
                let vx = x
                    .get(key)
                    .ok_or_else(|| format!("{path}.{key}: missing on the left"))?;
                diff(vx, vy, &format!("{path}.{key}"))?;
            }
            Ok(())
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .try_for_each(|(i, (vx, vy))| diff(vx, vy, &format!("{path}[{i}]"))),
        (Value::Number(x), Value::Number(y)) => {
            let same = match (as_int(x), as_int(y)) {
                (Some(i), Some(j)) => i == j,
                (Some(i), None) => float_is_int(y.as_f64(), i),
                (None, Some(j)) => float_is_int(x.as_f64(), j),
                (None, None) => x.as_f64() == y.as_f64(),
            };
            if same {
                Ok(())
            } else {
                Err(format!("{path}: {x} != {y}"))
            }
        }
        _ if a == b => Ok(()),
        _ => Err(format!("{path}: {a} != {b}")),
    }
}

fn as_int(n: &serde_json::Number) -> Option<i128> {
    n.as_i64()
        .map(i128::from)
        .or_else(|| n.as_u64().map(i128::from))
}

/// True when a float is exactly the integer (so `21.0` is `21`, but `2^53` is not `2^53 + 1`).
fn float_is_int(float: Option<f64>, int: i128) -> bool {
    float.is_some_and(|f| f.fract() == 0.0 && f.abs() < 1e38 && f as i128 == int)
}

/// Asserts that two JSON texts hold the same JSON.
#[track_caller]
pub fn assert_same_json(left: &str, right: &str) {
    let a: Value = serde_json::from_str(left).expect("left is JSON");
    let b: Value = serde_json::from_str(right).expect("right is JSON");
    if let Err(at) = same_json(&a, &b) {
        panic!("JSON differs at {at}");
    }
}
