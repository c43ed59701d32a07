//! Decoding response bodies, with errors that name the field and show the body.

use crate::Error;
use serde::de::DeserializeOwned;

/// Decodes a JSON body. An empty body decodes as JSON `null`. On failure the error names
/// the path of the offending field (`tickets[3].id`) and shows the body around it.
pub fn decode_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, Error> {
    let body: &[u8] = if body.iter().all(u8::is_ascii_whitespace) {
        b"null"
    } else {
        body
    };
    // Checking UTF-8 once, for the whole body, is faster than `from_slice` checking every
    // string and every raw value on its own.
    let decoded = match std::str::from_utf8(body) {
        Ok(text) => serde_json::from_str(text),
        Err(_) => serde_json::from_slice(body),
    };
    match decoded {
        Ok(value) => Ok(value),
        Err(_) => {
            // Decode again, slowly, only to learn where it failed.
            let mut de = serde_json::Deserializer::from_slice(body);
            match serde_path_to_error::deserialize::<_, T>(&mut de) {
                Ok(value) => Ok(value),
                Err(err) => {
                    let path = err.path().to_string();
                    let source = err.into_inner();
                    Err(Error::Decode {
                        snippet: snippet(body, source.line(), source.column()),
                        path,
                        source,
                    })
                }
            }
        }
    }
}

/// Up to 80 characters of the body before and after a line and column.
fn snippet(body: &[u8], line: usize, column: usize) -> String {
    let text = String::from_utf8_lossy(body);
    let offset: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .fold(0, usize::saturating_add)
        .saturating_add(column.saturating_sub(1));
    let start = text.floor_char_boundary_compat(offset.saturating_sub(80));
    let end = text.floor_char_boundary_compat(offset.saturating_add(80));
    text.get(start..end).unwrap_or_default().to_owned()
}

trait FloorCharBoundary {
    fn floor_char_boundary_compat(&self, index: usize) -> usize;
}

impl FloorCharBoundary for str {
    fn floor_char_boundary_compat(&self, mut index: usize) -> usize {
        index = index.min(self.len());
        // Index 0 is a boundary: the loop ends there at the latest.
        while index > 0 && !self.is_char_boundary(index) {
            index -= 1;
        }
        index
    }
}
