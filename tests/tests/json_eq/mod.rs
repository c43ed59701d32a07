#![allow(dead_code)] // Each test file uses only part of this module.

//! JSON equality for round-trip tests: same keys, same values, numbers compared by their
//! exact decimal value (`18.0` equals `18`, `1.8E+1` equals `18`, `-0.0` equals `0`, but
//! `16777141142156685312` does not equal `1.6777141142156685e19`), object key order
//! ignored.
//!
//! Texts are compared through [`Json`], a reader of our own that keeps each number's
//! text: `serde_json::Value` cannot be the judge, since it holds numbers in `i64`, `u64`
//! or `f64` (and, without `float_roundtrip`, may read a long decimal one unit in the last
//! place off), which is exactly what is being tested. It shares no code with the SDK.

use serde_json::Value;
use std::fmt;

/// A JSON value whose numbers are kept as their text.
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    /// A number's text, as written (valid JSON number grammar).
    Number(String),
    String(String),
    Array(Vec<Json>),
    /// Entries in order; keys are unique.
    Object(Vec<(String, Json)>),
}

impl Json {
    /// Reads a JSON text.
    pub fn parse(text: &str) -> Result<Json, String> {
        let mut reader = Reader {
            bytes: text.as_bytes(),
            text,
            pos: 0,
        };
        let value = reader.value(0)?;
        reader.space();
        if reader.pos != text.len() {
            return Err(format!("trailing text at {}", reader.pos));
        }
        Ok(value)
    }

    /// Writes the value as JSON, compact or indented.
    pub fn write(&self, pretty: bool) -> String {
        let mut out = String::new();
        self.write_to(&mut out, pretty, 0);
        out
    }

    fn write_to(&self, out: &mut String, pretty: bool, indent: usize) {
        let newline = |out: &mut String, level: usize| {
            if pretty {
                out.push('\n');
                out.push_str(&"  ".repeat(level));
            }
        };
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Json::Number(n) => out.push_str(n),
            Json::String(s) => out.push_str(&string_text(s)),
            Json::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    newline(out, indent + 1);
                    item.write_to(out, pretty, indent + 1);
                }
                if !items.is_empty() {
                    newline(out, indent);
                }
                out.push(']');
            }
            Json::Object(entries) => {
                out.push('{');
                for (i, (key, value)) in entries.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    newline(out, indent + 1);
                    out.push_str(&string_text(key));
                    out.push_str(if pretty { ": " } else { ":" });
                    value.write_to(out, pretty, indent + 1);
                }
                if !entries.is_empty() {
                    newline(out, indent);
                }
                out.push('}');
            }
        }
    }
}

impl fmt::Display for Json {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.write(false))
    }
}

/// A string as a JSON string literal (escaping is `serde_json`'s: strings are not what
/// is under test here).
fn string_text(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

struct Reader<'a> {
    bytes: &'a [u8],
    text: &'a str,
    pos: usize,
}

impl Reader<'_> {
    fn space(&mut self) {
        while matches!(self.bytes.get(self.pos), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> Result<(), String> {
        self.space();
        if self.bytes.get(self.pos) == Some(&byte) {
            self.pos += 1;
            Ok(())
        } else {
            Err(format!("expected `{}` at {}", byte as char, self.pos))
        }
    }

    fn value(&mut self, depth: usize) -> Result<Json, String> {
        if depth > 200 {
            return Err("too deep".to_owned());
        }
        self.space();
        let rest = &self.text[self.pos..];
        for (word, value) in [
            ("null", Json::Null),
            ("true", Json::Bool(true)),
            ("false", Json::Bool(false)),
        ] {
            if rest.starts_with(word) {
                self.pos += word.len();
                return Ok(value);
            }
        }
        match self.bytes.get(self.pos) {
            Some(b'"') => self.string().map(Json::String),
            Some(b'[') => {
                self.pos += 1;
                let mut items = Vec::new();
                self.space();
                if self.bytes.get(self.pos) == Some(&b']') {
                    self.pos += 1;
                    return Ok(Json::Array(items));
                }
                loop {
                    items.push(self.value(depth + 1)?);
                    self.space();
                    match self.bytes.get(self.pos) {
                        Some(b',') => self.pos += 1,
                        Some(b']') => {
                            self.pos += 1;
                            return Ok(Json::Array(items));
                        }
                        _ => return Err(format!("expected `,` or `]` at {}", self.pos)),
                    }
                }
            }
            Some(b'{') => {
                self.pos += 1;
                let mut entries: Vec<(String, Json)> = Vec::new();
                self.space();
                if self.bytes.get(self.pos) == Some(&b'}') {
                    self.pos += 1;
                    return Ok(Json::Object(entries));
                }
                loop {
                    self.space();
                    let key = self.string()?;
                    self.eat(b':')?;
                    let value = self.value(depth + 1)?;
                    // A repeated key: the last one counts (as serde_json's maps do).
                    entries.retain(|(k, _)| *k != key);
                    entries.push((key, value));
                    self.space();
                    match self.bytes.get(self.pos) {
                        Some(b',') => self.pos += 1,
                        Some(b'}') => {
                            self.pos += 1;
                            return Ok(Json::Object(entries));
                        }
                        _ => return Err(format!("expected `,` or `}}` at {}", self.pos)),
                    }
                }
            }
            Some(b'-' | b'0'..=b'9') => {
                let start = self.pos;
                while matches!(
                    self.bytes.get(self.pos),
                    Some(b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E')
                ) {
                    self.pos += 1;
                }
                let number = &self.text[start..self.pos];
                decimal(number).ok_or_else(|| format!("not a JSON number: {number}"))?;
                Ok(Json::Number(number.to_owned()))
            }
            _ => Err(format!("expected a value at {}", self.pos)),
        }
    }

    fn string(&mut self) -> Result<String, String> {
        let start = self.pos;
        if self.bytes.get(self.pos) != Some(&b'"') {
            return Err(format!("expected a string at {start}"));
        }
        self.pos += 1;
        loop {
            match self.bytes.get(self.pos) {
                Some(b'\\') => self.pos += 2,
                Some(b'"') => {
                    self.pos += 1;
                    break;
                }
                Some(_) => self.pos += 1,
                None => return Err("unterminated string".to_owned()),
            }
        }
        serde_json::from_str(&self.text[start..self.pos]).map_err(|e| e.to_string())
    }
}

/// A JSON number's exact value: sign, significant digits (no leading or trailing zeros;
/// empty for zero) and the power of ten of the first one. `None` when the text is not a
/// JSON number.
fn decimal(text: &str) -> Option<(bool, String, i128)> {
    let (negative, rest) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (mantissa, exponent) = match rest.find(['e', 'E']) {
        Some(at) => {
            let exp = &rest[at + 1..];
            let digits = exp.strip_prefix(['+', '-']).unwrap_or(exp);
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            // Far past any f64 or integer: saturate.
            let value: i128 = digits.parse().unwrap_or(i128::from(i64::MAX));
            (
                &rest[..at],
                if exp.starts_with('-') { -value } else { value },
            )
        }
        None => (rest, 0),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty()
        || !all_digits(int)
        || !all_digits(frac)
        || (int.len() > 1 && int.starts_with('0'))
        || (mantissa.contains('.') && frac.is_empty())
    {
        return None;
    }
    let digits = format!("{int}{frac}");
    let Some(first) = digits.find(|c| c != '0') else {
        return Some((false, String::new(), 0));
    };
    let significant = digits[first..].trim_end_matches('0').to_owned();
    let power = int.len() as i128 - 1 - first as i128 + exponent;
    Some((negative, significant, power))
}

/// True when two JSON number texts have exactly the same value.
pub fn same_number_text(a: &str, b: &str) -> bool {
    matches!((decimal(a), decimal(b)), (Some(x), Some(y)) if x == y)
}

/// `Ok` when `a` and `b` hold the same JSON, numbers compared exactly; else the path of
/// the first difference.
pub fn same_json_text(a: &Json, b: &Json) -> Result<(), String> {
    diff_text(a, b, "$")
}

fn diff_text(a: &Json, b: &Json, path: &str) -> Result<(), String> {
    match (a, b) {
        (Json::Object(x), Json::Object(y)) => {
            for (key, _) in x {
                if !y.iter().any(|(k, _)| k == key) {
                    return Err(format!("{path}.{key}: missing on the right"));
                }
            }
            for (key, vy) in y {
                let (_, vx) = x
                    .iter()
                    .find(|(k, _)| k == key)
                    .ok_or_else(|| format!("{path}.{key}: missing on the left"))?;
                diff_text(vx, vy, &format!("{path}.{key}"))?;
            }
            Ok(())
        }
        (Json::Array(x), Json::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .try_for_each(|(i, (vx, vy))| diff_text(vx, vy, &format!("{path}[{i}]"))),
        (Json::Number(x), Json::Number(y)) if same_number_text(x, y) => Ok(()),
        _ if a == b => Ok(()),
        _ => Err(format!("{path}: {a} != {b}")),
    }
}

/// `Ok` when `a` and `b` hold the same JSON (numbers compared by value as `Value` holds
/// them: `18.0` equals `18`); else the path of the first difference. For values that went
/// through `serde_json::Value` on purpose.
pub fn same_json(a: &Value, b: &Value) -> Result<(), String> {
    diff(a, b, "$", false)
}

/// As [`same_json`], but a number of `b` may also be what `serde_json` reads back from the
/// text of `a`'s. Without its `float_roundtrip` feature `serde_json` may read a long
/// decimal a unit in the last place off, even one it wrote itself; a value that reaches a
/// `Value` through JSON text (a kept raw number, encoded with `serde_json::to_value`) gets
/// that reading, and no encoder can do better.
pub fn same_json_as_serde_json_reads(a: &Value, b: &Value) -> Result<(), String> {
    diff(a, b, "$", true)
}

/// `serde_json`'s reading of a number's text.
fn reread(n: &serde_json::Number) -> Option<serde_json::Number> {
    serde_json::from_str(&n.to_string()).ok()
}

fn diff(a: &Value, b: &Value, path: &str, reread_ok: bool) -> Result<(), String> {
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
                diff(vx, vy, &format!("{path}.{key}"), reread_ok)?;
            }
            Ok(())
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .try_for_each(|(i, (vx, vy))| diff(vx, vy, &format!("{path}[{i}]"), reread_ok)),
        // `Number`'s text is the number `Value` holds, written exactly.
        (Value::Number(x), Value::Number(y))
            if same_number_text(&x.to_string(), &y.to_string())
                || (reread_ok && reread(x).as_ref() == Some(y)) =>
        {
            Ok(())
        }
        _ if a == b => Ok(()),
        _ => Err(format!("{path}: {a} != {b}")),
    }
}

/// Asserts that two JSON texts hold the same JSON, numbers compared exactly.
#[track_caller]
pub fn assert_same_json(left: &str, right: &str) {
    let a = Json::parse(left).expect("left is JSON");
    let b = Json::parse(right).expect("right is JSON");
    if let Err(at) = same_json_text(&a, &b) {
        panic!("JSON differs at {at}");
    }
}
