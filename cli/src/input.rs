//! What the commands read: typed values of the command line that are not plain scalars,
//! request bodies (`--body FILE|-`) and form fields (`--form KEY=VALUE`). Everything is
//! checked before a request is made; a bad value is a usage error.

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

/// The text of `--body`: the file, or standard input for `-`.
fn read_text(path: &Path) -> Result<String, CliError> {
    if path == Path::new("-") {
        let stdin = std::io::stdin();
        if stdin.is_terminal() {
            eprintln!("reading the body from standard input (end it with Ctrl-D)");
        }
        let mut text = String::new();
        stdin
            .lock()
            .read_to_string(&mut text)
            .map_err(|e| CliError::Usage(format!("--body -: cannot read standard input: {e}")))?;
        Ok(text)
    } else {
        std::fs::read_to_string(path)
            .map_err(|e| CliError::Usage(format!("--body {}: {e}", path.display())))
    }
}

fn parse_json(path: &Path) -> Result<serde_json::Value, CliError> {
    let text = read_text(path)?;
    serde_json::from_str(&text)
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

/// A JSON body, decoded into the SDK's body type (records decode leniently, and keep every
/// key).
pub fn read_body<T: DeserializeOwned>(path: &Path) -> Result<T, CliError> {
    decode(path, parse_json(path)?)
}

/// A JSON array body; a single object is taken as an array of one (Halo's create and update
/// operations take arrays of records, people write one record).
pub fn read_body_list<T: DeserializeOwned>(path: &Path) -> Result<Vec<T>, CliError> {
    let value = match parse_json(path)? {
        object @ serde_json::Value::Object(_) => serde_json::Value::Array(vec![object]),
        other => other,
    };
    decode(path, value)
}

/// A form body: the `--body` object's fields first, then the `--form` fields, in order.
pub fn read_form(
    fields: Vec<(String, String)>,
    body: Option<&Path>,
) -> Result<Vec<(String, String)>, CliError> {
    let mut form = Vec::new();
    if let Some(path) = body {
        let serde_json::Value::Object(object) = parse_json(path)? else {
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
}
