//! Decoding response bodies, with errors that name the operation and the field and show
//! the body.

use crate::json_text::string_end;
use crate::list::{List, ListSeed};
use crate::Error;
use serde::de::{DeserializeOwned, DeserializeSeed};
use std::marker::PhantomData;

/// Decodes a JSON body. An empty body decodes as JSON `null`. On failure the error names
/// the path of the offending field (`tickets[3].id`) and shows the body around it.
pub fn decode_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, Error> {
    decode_seed(None, body, PhantomData::<T>::default)
}

/// Decodes the response of `operation` (its operationId, named in errors).
pub fn decode_response<T: DeserializeOwned>(
    operation: &'static str,
    body: &[u8],
) -> Result<T, Error> {
    decode_seed(Some(operation), body, PhantomData::<T>::default)
}

/// Decodes the list response of `operation`: a bare array, or a wrapper object holding the
/// records under `key` (decoded straight) or under a key found from the wrapper.
pub fn decode_list<T: DeserializeOwned>(
    operation: &'static str,
    key: Option<&'static str>,
    body: &[u8],
) -> Result<List<T>, Error> {
    decode_seed(Some(operation), body, || ListSeed::new(key))
}

/// Decodes `body` with the seed `seed` makes. Only one reader is used (UTF-8 text), so each
/// response type is compiled once; locating an error does not decode again (see
/// [`json_path_at`]). Model fields read their values directly where that loses nothing,
/// and the body is decoded again from the values' texts when it would have
/// (`read_mode`).
fn decode_seed<V, S, F>(operation: Option<&'static str>, body: &[u8], seed: F) -> Result<V, Error>
where
    S: for<'de> DeserializeSeed<'de, Value = V>,
    F: Fn() -> S,
{
    let body: &[u8] = if body.iter().all(u8::is_ascii_whitespace) {
        b"null"
    } else {
        body
    };
    // Checking UTF-8 once, for the whole body, is faster than `from_slice` checking every
    // string and every raw value on its own.
    let source = match std::str::from_utf8(body) {
        Ok(text) => match crate::read_mode::read_exactly(|| {
            finish(&mut serde_json::Deserializer::from_str(text), seed())
        }) {
            Ok(value) => return Ok(value),
            Err(source) => source,
        },
        Err(_) => not_utf8(body),
    };
    Err(decode_error(operation, body, source))
}

/// Why a body that is not UTF-8 is not JSON: the reader reports where the text stops
/// being it. (This and [`decode_error`] are not generic: compiled once, not once per
/// response type.)
#[cold]
fn not_utf8(body: &[u8]) -> serde_json::Error {
    match serde_json::from_slice::<serde::de::IgnoredAny>(body) {
        Err(source) => source,
        Ok(_) => serde::de::Error::custom("the body is not UTF-8"),
    }
}

/// The error for a body that failed to decode: the path and the text around the failure.
#[cold]
fn decode_error(operation: Option<&'static str>, body: &[u8], source: serde_json::Error) -> Error {
    let text = String::from_utf8_lossy(body);
    let offset = offset_of(&text, source.line(), source.column());
    Error::Decode {
        operation,
        snippet: snippet(&text, offset),
        path: json_path_at(&text, offset),
        source,
    }
}

/// Runs `seed` over the whole input and checks nothing follows it.
fn finish<'de, R: serde_json::de::Read<'de>, S: DeserializeSeed<'de>>(
    de: &mut serde_json::Deserializer<R>,
    seed: S,
) -> Result<S::Value, serde_json::Error> {
    let value = seed.deserialize(&mut *de)?;
    de.end()?;
    Ok(value)
}

/// The byte offset of a 1-based line and column (as `serde_json` reports them).
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let offset: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum::<usize>()
        .saturating_add(column.saturating_sub(1));
    offset.min(text.len())
}

/// One open container while scanning for a path.
enum Frame {
    /// An object, and the key whose value is being read.
    Object(Option<String>),
    /// An array, and the index of the element being read.
    Array(usize),
}

/// The path (`tickets[1].summary`, `.` for the top level) of the value being read at
/// `offset` of a JSON text, found by scanning the text's structure up to there. It works on
/// text that is not valid JSON past the offset, which is where decode errors are.
fn json_path_at(text: &str, offset: usize) -> String {
    let bytes = text.as_bytes();
    let mut stack: Vec<Frame> = Vec::new();
    let mut expecting_key = false;
    let mut i = 0;
    while i < offset.min(bytes.len()) {
        match bytes[i] {
            b'{' => {
                stack.push(Frame::Object(None));
                expecting_key = true;
            }
            b'[' => stack.push(Frame::Array(0)),
            b'}' | b']' => {
                stack.pop();
                expecting_key = false;
            }
            b',' => match stack.last_mut() {
                Some(Frame::Array(index)) => *index += 1,
                Some(Frame::Object(key)) => {
                    *key = None;
                    expecting_key = true;
                }
                None => {}
            },
            b':' => expecting_key = false,
            b'"' => {
                let end = string_end(bytes, i);
                if expecting_key {
                    if let Some(Frame::Object(key)) = stack.last_mut() {
                        let raw = text.get(i..end).unwrap_or_default();
                        *key = Some(
                            serde_json::from_str::<String>(raw)
                                .unwrap_or_else(|_| raw.trim_matches('"').to_owned()),
                        );
                    }
                }
                i = end;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    let mut path = String::new();
    for frame in &stack {
        match frame {
            Frame::Object(Some(key)) => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Frame::Object(None) => {}
            Frame::Array(index) => path.push_str(&format!("[{index}]")),
        }
    }
    if path.is_empty() {
        path.push('.');
    }
    path
}

/// Up to 80 characters of the body before and after an offset.
fn snippet(text: &str, offset: usize) -> String {
    let start = text.floor_char_boundary_compat(offset.saturating_sub(80));
    let end = text.floor_char_boundary_compat((offset + 80).min(text.len()));
    text[start..end].to_owned()
}

trait FloorCharBoundary {
    fn floor_char_boundary_compat(&self, index: usize) -> usize;
}

impl FloorCharBoundary for str {
    fn floor_char_boundary_compat(&self, mut index: usize) -> usize {
        index = index.min(self.len());
        while !self.is_char_boundary(index) {
            index -= 1;
        }
        index
    }
}

#[cfg(test)]
mod tests {
    use super::json_path_at;

    fn at(text: &str, marker: &str) -> String {
        json_path_at(text, text.find(marker).expect("marker in text"))
    }

    #[test]
    fn paths_follow_the_structure_up_to_the_offset() {
        let text = r#"{"a":[1,{"b\"c":[true,{"d":XX}]}],"e":{"f":1}}"#;
        assert_eq!(at(text, "XX"), r#"a[1].b"c[1].d"#);
        assert_eq!(at(text, r#"1}}"#), "e.f");
        assert_eq!(at(text, "true"), r#"a[1].b"c[0]"#);
        assert_eq!(json_path_at(text, 0), ".");
        assert_eq!(at(r#"[{"id":1},"x,y"]"#, r#""x"#), "[1]");
        assert_eq!(at(r#"{"k":"a{[b","z":XX}"#, "XX"), "z");
    }
}
