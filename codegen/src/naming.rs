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
//! - a Rust keyword gets a trailing `_` (`type` → `type_`);
//! - a query parameter whose name is a method that its query struct has (its own `new`
//!   and `append_to`, or one of a trait it implements, derived or blanket: `default`,
//!   `clone`, `eq`, `into`, … see [`QUERY_STRUCT_METHODS`]) gets a trailing `_` too
//!   (`default` → field and setter `default_`): the setter, an inherent method, would
//!   shadow that method (`Self::default()`, `query.clone()` would call the setter). When
//!   the renamed name is another parameter's (`default` and `default_`), `check` reports
//!   both. Record fields need no such rule: they are fields, never methods, and a field
//!   does not shadow a method of the same name.
//!
//! The command line (`halopsa`, crate `halopsa-cli`) names things for people, in
//! kebab-case, by the same word splitting:
//! - an area's command is its module name with `-` for `_` (`tickets`);
//! - an operation's command is its operationId in kebab-case, with the area's name left out
//!   when it is the word (or words) right after the verb, singular or plural
//!   (`listTickets` in `Tickets` → `list`, `getTicketsZapier` → `get-zapier`,
//!   `listChatMessages` in `Chat` → `list-messages`; `getMailbox` in `Email` →
//!   `get-mailbox`): see [`cli_operation_command`];
//! - a query parameter is the flag `--` + its Rust field name in kebab-case, without the
//!   keyword `_` (`open_only` → `--open-only`, `type` → `--type`);
//! - a path parameter is a positional argument shown as its name in capitals (`<ID>`).
//!
//! `check` reports two operations of an area that get the same command, an area or
//! operation command that the command line already has ([`RESERVED_CLI_COMMANDS`],
//! [`RESERVED_CLI_OPERATION_COMMANDS`]), and a parameter whose flag or argument the
//! command line already has ([`RESERVED_CLI_FLAGS`]).
//!
//! The MCP server (`halopsa-mcp`) names its tools by the command line's words, joined by
//! `_` (assistants' clients accept `[a-z0-9_]` everywhere):
//! - a tool is its area's tool prefix, `_`, and the operation's command
//!   (`tickets_list`, `email_get_mailbox`): see [`tool_name`]; the prefix is the area's
//!   command, or the tag's `x-halopsa-tool-prefix` where that is too long for the
//!   [`MAX_TOOL_NAME`] characters clients allow (`collab` for `Collaboration`);
//! - a parameter is the argument named by its flag's words (`open_only`, `type`): see
//!   [`tool_argument`].
//!
//! `check` reports a tool name longer than [`MAX_TOOL_NAME`], two operations with the same
//! tool name, and a parameter whose argument the server already gives every tool
//! ([`RESERVED_TOOL_ARGUMENTS`]) or that another parameter of the operation has.

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

/// Methods every query struct has, which a query parameter's setter (an inherent method
/// named after its field) would shadow: its own (`new`, and `append_to`, which its
/// endpoint function calls), those of the traits it derives (`Debug`, `Clone`, `Default`,
/// `PartialEq`), and those of the traits every type has (`From`/`Into`,
/// `TryFrom`/`TryInto`, `Borrow`/`BorrowMut`, `ToOwned` through `Clone`, `Any`).
pub const QUERY_STRUCT_METHODS: &[&str] = &[
    "new",
    "append_to",
    "fmt",
    "clone",
    "clone_from",
    "default",
    "eq",
    "ne",
    "from",
    "into",
    "try_from",
    "try_into",
    "borrow",
    "borrow_mut",
    "to_owned",
    "clone_into",
    "type_id",
];

/// Top-level commands of the command line that are not areas: an area cannot take them.
pub const RESERVED_CLI_COMMANDS: &[&str] = &["config", "completions", "man", "help"];

/// Commands every area command has (clap's `help`): an operation cannot take them.
pub const RESERVED_CLI_OPERATION_COMMANDS: &[&str] = &["help"];

/// Flags of the command line (global, and those of operations: `--all`, `--body`,
/// `--form`), in kebab-case: a parameter's flag or argument cannot take them.
pub const RESERVED_CLI_FLAGS: &[&str] = &[
    "all",
    "body",
    "form",
    "help",
    "version",
    "profile",
    "tenant",
    "host",
    "api-url",
    "auth-url",
    "oauth-client-id",
    "oauth-scope",
    "output",
    "fields",
    "raw",
    "dry-run",
    "verbose",
    "quiet",
    "timeout",
    "max-attempts",
];

/// The longest tool name the MCP server may have: some clients allow about 60 characters
/// for the server's name and the tool's together.
pub const MAX_TOOL_NAME: usize = 40;

/// Arguments the MCP server gives tools itself (`cursor` of a paged list, `fields`,
/// `dry_run` of a write, `body`): a parameter's argument cannot take them.
pub const RESERVED_TOOL_ARGUMENTS: &[&str] = &["body", "cursor", "fields", "dry_run"];

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
    let mut name = word_chars(converted);
    if KEYWORDS.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// The rules of [`identifier`] but the keyword one.
fn word_chars(converted: &str) -> String {
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

/// The Rust field (and setter) name of a query parameter: its [`field_name`], with a
/// trailing `_` when that is a method of the query struct ([`QUERY_STRUCT_METHODS`]).
pub fn query_field_name(param: &str) -> String {
    let mut name = field_name(param);
    if QUERY_STRUCT_METHODS.contains(&name.as_str()) {
        name.push('_');
    }
    name
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

/// The words of a name, lowercase, as snake_case splits them (no keyword `_`).
fn cli_words(name: &str) -> Vec<String> {
    word_chars(&ascii_words(name).to_snake_case())
        .split('_')
        .map(str::to_owned)
        .collect()
}

/// Whether two lowercase words are one noun, singular or plural (`ticket`, `tickets`;
/// `mailbox`, `mailboxes`; `category`, `categories`).
fn same_noun(a: &str, b: &str) -> bool {
    let plural = |one: &str, many: &str| {
        many.strip_suffix('s') == Some(one)
            || many.strip_suffix("es") == Some(one)
            || (one.strip_suffix('y').is_some()
                && many.strip_suffix("ies") == one.strip_suffix('y'))
    };
    a == b || plural(a, b) || plural(b, a)
}

/// The command line's command of an area (`tickets`, `chat-collaboration`).
pub fn cli_area_command(tag: &str) -> String {
    cli_words(tag).join("-")
}

/// The command line's command of an operation, within its area's command: the
/// operationId's words in kebab-case; when the words right after the first (the verb) are
/// the area's name, singular or plural, they are left out (`listTickets` in area `Tickets`
/// → `list`, `getTicketsZapier` → `get-zapier`, `getMailbox` in `Email` → `get-mailbox`).
pub fn cli_operation_command(operation_id: &str, area_tag: &str) -> String {
    let mut words = cli_words(operation_id);
    let area = cli_words(area_tag);
    let n = area.len();
    if words.len() > n {
        let after_verb = &words[1..=n];
        let named =
            after_verb[..n - 1] == area[..n - 1] && same_noun(&after_verb[n - 1], &area[n - 1]);
        if named {
            words.drain(1..=n);
        }
    }
    words.join("-")
}

/// The command line's flag of a query parameter, without the leading `--` (`open-only`).
pub fn cli_flag(param: &str) -> String {
    cli_words(param).join("-")
}

/// The MCP server's tool prefix of an area: its tag's `x-halopsa-tool-prefix` when it has
/// one, else its command line command (`tickets`), in the tool names' words.
pub fn tool_prefix(tag: &str, declared: Option<&str>) -> String {
    cli_words(declared.unwrap_or(tag)).join("_")
}

/// The MCP server's tool name of an operation: the area's tool prefix and the operation's
/// command line command, their words joined by `_` (`tickets_list`,
/// `email_get_mailbox`, `collab_list_call_log`).
pub fn tool_name(prefix: &str, operation_command: &str) -> String {
    format!("{prefix}_{}", cli_words(operation_command).join("_"))
}

/// The MCP server's argument of a path or query parameter: its flag's words joined by `_`
/// (`open_only`, `type`, `n1st`).
pub fn tool_argument(param: &str) -> String {
    cli_words(param).join("_")
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
        // A query parameter named after a method of its struct is renamed like a keyword;
        // elsewhere (a record's field) the name stays.
        assert_eq!(query_field_name("default"), "default_");
        assert_eq!(query_field_name("Clone"), "clone_");
        assert_eq!(query_field_name("new"), "new_");
        assert_eq!(query_field_name("append-to"), "append_to_");
        assert_eq!(query_field_name("type"), "type_");
        assert_eq!(query_field_name("default_"), "default_");
        assert_eq!(query_field_name("defaults"), "defaults");
        assert_eq!(field_name("default"), "default");
        assert!(!is_nameable("²"));
        assert!(is_nameable("a²"));
        assert_eq!(
            schema_ref_name("#/components/schemas/A~1B"),
            Some("A/B".into())
        );
        assert_eq!(schema_ref_name("#/components/schemas/A/B"), None);
    }

    #[test]
    fn command_line_names_follow_the_rules() {
        assert_eq!(cli_area_command("Tickets"), "tickets");
        assert_eq!(
            cli_area_command("Chat & Collaboration"),
            "chat-collaboration"
        );
        let command = |id: &str, area: &str| cli_operation_command(id, area);
        // The area's noun right after the verb is left out, singular or plural.
        assert_eq!(command("listTickets", "Tickets"), "list");
        assert_eq!(command("getTicket", "Tickets"), "get");
        assert_eq!(command("getTicketsZapier", "Tickets"), "get-zapier");
        assert_eq!(command("listChatMessages", "Chat"), "list-messages");
        assert_eq!(command("listChats", "Chat"), "list");
        assert_eq!(command("listMailboxes", "Mailbox"), "list");
        assert_eq!(command("getCategory", "Categories"), "get");
        assert_eq!(
            command("listChatCollaborations", "Chat & Collaboration"),
            "list"
        );
        // Elsewhere it stays, and so does every other word.
        assert_eq!(command("getMailbox", "Email"), "get-mailbox");
        assert_eq!(command("createFaultDraft", "Tickets"), "create-fault-draft");
        assert_eq!(
            command("processMailTickets", "Tickets"),
            "process-mail-tickets"
        );
        assert_eq!(command("tickets", "Tickets"), "tickets");
        assert_eq!(
            command("getWhatsAppData", "Collaboration"),
            "get-whats-app-data"
        );
        assert_eq!(command("getTicketsV2", "Tickets"), "get-v2");
        assert_eq!(cli_flag("open_only"), "open-only");
        assert_eq!(cli_flag("type"), "type");
        assert_eq!(cli_flag("first-name"), "first-name");
        assert_eq!(cli_flag("1st"), "n1st");
        // The Rust names are unchanged by the shared word rules.
        assert_eq!(field_name("type"), "type_");
    }

    #[test]
    fn tool_names_follow_the_command_line_words() {
        let tool = |id: &str, tag: &str, prefix: Option<&str>| {
            tool_name(&tool_prefix(tag, prefix), &cli_operation_command(id, tag))
        };
        assert_eq!(tool("listTickets", "Tickets", None), "tickets_list");
        assert_eq!(tool("getMailbox", "Email", None), "email_get_mailbox");
        assert_eq!(
            tool("listChatCollaborations", "Chat & Collaboration", None),
            "chat_collaboration_list"
        );
        assert_eq!(
            tool(
                "deleteTwilioWhatsAppDetails",
                "Collaboration",
                Some("collab")
            ),
            "collab_delete_twilio_whats_app_details"
        );
        assert_eq!(tool_argument("open_only"), "open_only");
        assert_eq!(tool_argument("type"), "type");
        assert_eq!(tool_argument("first-name"), "first_name");
        assert_eq!(tool_argument("1st"), "n1st");
    }
}
