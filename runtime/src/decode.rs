//! Decoding response bodies, with errors that name the operation and the field and show
//! the body.

use crate::list::{List, ListSeed};
use crate::Error;
use serde::de::{DeserializeOwned, DeserializeSeed};
use std::marker::PhantomData;

/// Decodes a JSON body. An empty body decodes as JSON `null`. On failure the error names
/// the path of the offending field (`tickets[3].id`) and shows the body around it.
pub fn decode_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, Error> {
    decode_seed(None, body, || PhantomData::<T>)
}

/// Decodes the response of `operation` (its operationId, named in errors).
pub fn decode_response<T: DeserializeOwned>(
    operation: &'static str,
    body: &[u8],
) -> Result<T, Error> {
    decode_seed(Some(operation), body, || PhantomData::<T>)
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

/// Decodes `body` with the seeds `seed` makes (one for the fast pass, one more to locate
/// an error).
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
    let decoded = match std::str::from_utf8(body) {
        Ok(text) => finish(&mut serde_json::Deserializer::from_str(text), seed()),
        Err(_) => finish(&mut serde_json::Deserializer::from_slice(body), seed()),
    };
    match decoded {
        Ok(value) => Ok(value),
        Err(_) => {
            // Decode again, slowly, only to learn where it failed.
            let mut de = serde_json::Deserializer::from_slice(body);
            let mut track = serde_path_to_error::Track::new();
            let located = seed()
                .deserialize(serde_path_to_error::Deserializer::new(&mut de, &mut track))
                .and_then(|value| de.end().map(|()| value));
            located.map_err(|source| Error::Decode {
                operation,
                snippet: snippet(body, source.line(), source.column()),
                path: track.path().to_string(),
                source,
            })
        }
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

/// Up to 80 characters of the body before and after a line and column.
fn snippet(body: &[u8], line: usize, column: usize) -> String {
    let text = String::from_utf8_lossy(body);
    let offset: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum::<usize>()
        + column.saturating_sub(1);
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
