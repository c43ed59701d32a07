//! What the commands read: typed values of the command line that are not plain scalars,
//! request bodies (`--body FILE|-`) and form fields (`--form KEY=VALUE`). Everything is
//! checked before a request is made; a bad value is a usage error. A body is read up to a
//! limit (the connection's `max_response_bytes`, 256 MiB by default), checked while
//! reading: an endless standard input fails instead of filling memory.

use crate::error::CliError;
use serde::de::DeserializeOwned;
use std::io::{IsTerminal, Read};
use std::path::Path;

/// The help of `--body` for a JSON body.
pub const BODY_HELP: &str =
    "The request body: a JSON file, or - for standard input (see the command's description)";

/// The help of `--form`.
pub const FORM_HELP: &str = "A form field of the body, KEY=VALUE (repeat for more fields)";

/// The help of `--body` for a form body.
pub const FORM_BODY_HELP: &str =
    "The form's fields as a JSON object of strings, from a file or - for standard input";

/// Parses a command-line value of a type clap has no parser for (a date-time, JSON): as
/// JSON, or else as a JSON string of the text given.
pub fn json_arg<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    serde_json::from_str(text)
        .or_else(|_| serde_json::from_value(serde_json::Value::String(text.to_owned())))
        .map_err(|e| format!("`{text}` is not a valid value: {e}"))
}

/// Parses `KEY=VALUE`.
pub fn form_field(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((key, value)) if !key.is_empty() => Ok((key.to_owned(), value.to_owned())),
        _ => Err(format!("`{text}` is not KEY=VALUE")),
    }
}

/// Reads `reader` to its end, or fails once it has given more than `limit` bytes.
fn read_limited(reader: impl Read, limit: u64) -> std::io::Result<Result<Vec<u8>, u64>> {
    let mut bytes = Vec::new();
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Ok(Err(limit));
    }
    Ok(Ok(bytes))
}

/// The bytes of `--body`: the file, or standard input for `-`; at most `limit`.
fn read_bytes(path: &Path, limit: u64) -> Result<Vec<u8>, CliError> {
    let read = if path == Path::new("-") {
        let stdin = std::io::stdin();
        if stdin.is_terminal() {
            eprintln!("reading the body from standard input (end it with Ctrl-D)");
        }
        read_limited(stdin.lock(), limit)
    } else {
        std::fs::File::open(path).and_then(|file| read_limited(file, limit))
    };
    match read {
        Ok(Ok(bytes)) => Ok(bytes),
        Ok(Err(limit)) => Err(CliError::Usage(format!(
            "--body {}: longer than the limit of {limit} bytes \
             (max_response_bytes in the profile, or HALOPSA_MAX_RESPONSE_BYTES)",
            path.display()
        ))),
        Err(e) if path == Path::new("-") => Err(CliError::Usage(format!(
            "--body -: cannot read standard input: {e}"
        ))),
        Err(e) => Err(CliError::Usage(format!("--body {}: {e}", path.display()))),
    }
}

fn parse_json(path: &Path, limit: u64) -> Result<serde_json::Value, CliError> {
    let bytes = read_bytes(path, limit)?;
    serde_json::from_slice(&bytes)
        .map_err(|e| CliError::Usage(format!("--body {}: not JSON: {e}", path.display())))
}

fn decode<T: DeserializeOwned>(path: &Path, value: serde_json::Value) -> Result<T, CliError> {
    serde_json::from_value(value).map_err(|e| {
        CliError::Usage(format!(
            "--body {}: not the body this operation takes: {e}",
            path.display()
        ))
    })
}

/// A JSON body of at most `limit` bytes, decoded into the SDK's body type (records decode
/// leniently, and keep every key).
pub fn read_body<T: DeserializeOwned>(path: &Path, limit: u64) -> Result<T, CliError> {
    decode(path, parse_json(path, limit)?)
}

/// A JSON array body; a single object is taken as an array of one (Halo's create and update
/// operations take arrays of records, people write one record).
pub fn read_body_list<T: DeserializeOwned>(path: &Path, limit: u64) -> Result<Vec<T>, CliError> {
    let value = match parse_json(path, limit)? {
        object @ serde_json::Value::Object(_) => serde_json::Value::Array(vec![object]),
        other => other,
    };
    decode(path, value)
}

/// A form body: the `--body` object's fields first, then the `--form` fields, in order.
pub fn read_form(
    fields: Vec<(String, String)>,
    body: Option<&Path>,
    limit: u64,
) -> Result<Vec<(String, String)>, CliError> {
    let mut form = Vec::new();
    if let Some(path) = body {
        let serde_json::Value::Object(object) = parse_json(path, limit)? else {
            return Err(CliError::Usage(format!(
                "--body {}: a form body is a JSON object of strings",
                path.display()
            )));
        };
        for (key, value) in object {
            let value = match value {
                serde_json::Value::String(s) => s,
                other => other.to_string(),
            };
            form.push((key, value));
        }
    }
    form.extend(fields);
    Ok(form)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_and_fields() {
        assert_eq!(
            form_field("Body=a=b"),
            Ok(("Body".to_owned(), "a=b".to_owned()))
        );
        assert!(form_field("=x").is_err());
        assert!(form_field("x").is_err());
        let date: halopsa::DateTime = json_arg("2024-06-20T14:45:15Z").expect("a date");
        assert_eq!(date.as_str(), "2024-06-20T14:45:15Z");
        let ids: Vec<i64> = json_arg("[1, 2]").expect("ids");
        assert_eq!(ids, vec![1, 2]);
        assert!(json_arg::<Vec<i64>>("[1, \"x\"]").is_err());
    }

    #[test]
    fn input_is_read_up_to_the_limit() {
        let ten = &b"0123456789"[..];
        assert_eq!(read_limited(ten, 10).ok(), Some(Ok(ten.to_vec())));
        assert_eq!(read_limited(ten, 9).ok(), Some(Err(9)));
        // An endless reader stops one byte past the limit.
        let endless = std::io::repeat(b'x');
        assert_eq!(read_limited(endless, 1 << 20).ok(), Some(Err(1 << 20)));
    }
}
