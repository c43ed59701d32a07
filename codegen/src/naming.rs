//! The naming rules: how every name of the spec becomes a Rust name. `check` uses them to
//! report names that cannot be used or that collide; `model` uses them to name things.
//! No other stage derives a Rust name from a spec name.
//!
//! The rules:
//! - fields, parameters, functions and modules are `snake_case`, types `UpperCamelCase`
//!   (heck's conversions);
//! - any character other than an ASCII letter, digit or `_` becomes `_` (runs of `_` are
//!   merged, and `_` at either end dropped): `m²` becomes `m`, `first-name` `first_name`;
//!   a name with no ASCII letter or digit at all cannot be used, and `check` reports it;
//! - a name starting with a digit gets a leading `n` (`1st` → `n1st`);
//! - a Rust keyword gets a trailing `_` (`type` → `type_`).

use heck::{ToSnakeCase, ToUpperCamelCase};

/// The module that holds the root file's shared schemas.
pub const COMMON_MODULE: &str = "common";

/// The field of every model that keeps undocumented keys.
pub const EXTRA_FIELD: &str = "extra_fields";

/// Module names an area cannot take: the shared module, the crate root file, and the
/// names the crate root re-exports.
pub const RESERVED_MODULES: &[&str] = &[
    COMMON_MODULE,
    "lib",
    "main",
    "paging",
    "chrono",
    "serde_json",
    "uuid",
    "list",
    "decode",
    "model",
];

/// Type names a schema or query struct cannot take: the standard types that generated
/// code names without a path.
pub const RESERVED_TYPES: &[&str] = &[
    "Result", "Option", "Vec", "String", "Box", "Default", "Some", "None", "Ok", "Err", "Self",
];

/// Argument names of every endpoint function, which a path parameter cannot take.
pub const RESERVED_ARGUMENTS: &[&str] = &["client", "query", "body", "form", "request"];

/// Methods of every query struct, which a query parameter's setter cannot take.
pub const RESERVED_QUERY_FIELDS: &[&str] = &["new", "append_to"];

const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for",
    "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
    "self", "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where",
    "while", "async", "await", "dyn", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen", "union",
];

/// Whether a spec name can be made a Rust name: it holds an ASCII letter or digit.
pub fn is_nameable(name: &str) -> bool {
    name.chars().any(|c| c.is_ascii_alphanumeric())
}

/// Makes a converted name a Rust identifier, by the rules of this module.
fn identifier(converted: &str) -> String {
    let mut name = String::with_capacity(converted.len());
    for c in converted.chars() {
        let c = if c.is_ascii_alphanumeric() { c } else { '_' };
        if !(c == '_' && (name.is_empty() || name.ends_with('_'))) {
            name.push(c);
        }
    }
    while name.ends_with('_') {
        name.pop();
    }
    if name.is_empty() {
        name.push_str("unnamed");
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'n');
    }
    if KEYWORDS.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// Converts to snake_case; characters heck drops or keeps oddly are handled after.
fn snake(name: &str) -> String {
    identifier(&ascii_words(name).to_snake_case())
}

/// Converts to UpperCamelCase.
fn camel(name: &str) -> String {
    identifier(&ascii_words(name).to_upper_camel_case())
}

/// Replaces characters that cannot be in an identifier by spaces, so that heck sees them
/// as word breaks.
fn ascii_words(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect()
}

/// The Rust field (or parameter) name of a JSON key or parameter name.
pub fn field_name(json: &str) -> String {
    snake(json)
}

/// The Rust type name of a schema.
pub fn type_name(schema: &str) -> String {
    camel(schema)
}

/// The Rust module name of a tag.
pub fn module_name(tag: &str) -> String {
    snake(tag)
}

/// The Rust function name of an operation.
pub fn function_name(operation_id: &str) -> String {
    snake(operation_id)
}

/// The query struct of an operation (`ListTicketsQuery`).
pub fn query_struct_name(operation_id: &str) -> String {
    format!("{}Query", camel(operation_id))
}

/// The function that builds an operation's request (`list_tickets_request`).
pub fn request_function(function: &str) -> String {
    format!("{function}_request")
}

/// The function that streams an operation's pages (`list_tickets_pages`).
pub fn pages_function(function: &str) -> String {
    format!("{function}_pages")
}

/// The function that streams an operation's records (`list_tickets_stream`).
pub fn stream_function(function: &str) -> String {
    format!("{function}_stream")
}

/// The name of a schema referenced as `#/components/schemas/<name>` (`~1` and `~0`
/// unescaped, as JSON Pointer says), or `None` for any other reference.
pub fn schema_ref_name(reference: &str) -> Option<String> {
    pointer_name(reference, "#/components/schemas/")
}

/// The name of a parameter referenced as `#/components/parameters/<name>`.
pub fn parameter_ref_name(reference: &str) -> Option<String> {
    pointer_name(reference, "#/components/parameters/")
}

fn pointer_name(reference: &str, prefix: &str) -> Option<String> {
    let name = reference.strip_prefix(prefix)?;
    if name.is_empty() || name.contains('/') {
        return None;
    }
    Some(name.replace("~1", "/").replace("~0", "~"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_rules() {
        assert_eq!(field_name("first-name"), "first_name");
        assert_eq!(field_name("m²"), "m");
        assert_eq!(field_name("type"), "type_");
        assert_eq!(field_name("1st"), "n1st");
        assert_eq!(field_name("category_1"), "category_1");
        assert_eq!(type_name("Faults_View"), "FaultsView");
        assert_eq!(type_name("self"), "Self_");
        assert_eq!(module_name("Chat & Collaboration"), "chat_collaboration");
        assert_eq!(query_struct_name("listTickets"), "ListTicketsQuery");
        assert!(!is_nameable("²"));
        assert!(is_nameable("a²"));
        assert_eq!(
            schema_ref_name("#/components/schemas/A~1B"),
            Some("A/B".into())
        );
        assert_eq!(schema_ref_name("#/components/schemas/A/B"), None);
    }
}
