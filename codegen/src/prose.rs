//! The spec's texts made fit for people: normalised help text, first lines, paragraphs,
//! and the sentence saying what an operation answers. The command line's help
//! ([`crate::cli`]) and the MCP server's tool descriptions ([`crate::mcp`]) use them.

use crate::model::*;

/// Spec text made fit for a terminal: line breaks normalised, the bidirectional-text
/// controls written out by name, each line's trailing space dropped.
pub fn help_text(text: &str) -> String {
    let text: String = crate::rustdoc::plain_text(text)
        .chars()
        .map(|c| match c {
            c if c.is_control() && c != '\n' && c != '\t' => ' ',
            c => c,
        })
        .collect();
    let lines: Vec<&str> = text.trim().lines().map(str::trim_end).collect();
    lines.join("\n")
}

/// The first line of a text, for the short help (`-h`, command lists).
pub fn first_line(text: &str) -> String {
    help_text(text)
        .lines()
        .next()
        .unwrap_or_default()
        .to_owned()
}

/// Joins the paragraphs that are there.
pub fn paragraphs(parts: &[Option<String>]) -> String {
    let parts: Vec<&str> = parts
        .iter()
        .flatten()
        .map(|s| s.as_str())
        .filter(|s| !s.is_empty())
        .collect();
    parts.join("\n\n")
}

/// What an operation answers, in one sentence with its method, path and operationId.
pub fn answers(api: &Api, op: &Operation) -> String {
    let model = |id: &TypeId| api.model(*id).name.clone();
    let what = match &op.response.kind {
        ResponseKind::Empty => "no body".to_owned(),
        ResponseKind::Record(id) => format!("one {} record", model(id)),
        ResponseKind::Saved(id) => format!("the saved {} record", model(id)),
        ResponseKind::List { item, .. } => match item {
            RustType::Model(id) => format!("a list of {} records", model(id)),
            _ => "a list".to_owned(),
        },
        ResponseKind::Value(_) => "a JSON value".to_owned(),
        ResponseKind::Text => "text, printed as it is".to_owned(),
        ResponseKind::Untyped { .. } => "JSON the docs do not describe".to_owned(),
    };
    format!(
        "{} {} (operationId {}) answers {what}.",
        op.method.as_str(),
        op.path,
        op.operation_id
    )
}
