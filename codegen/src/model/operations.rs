//! Operations: their parameters, bodies, responses and paging.

use super::{Role, RustType, TypeId};

pub use crate::openapi::Method;

/// How a function of the SDK takes a parameter's value, and so how callers pass it. Decided
/// here, by [`ArgForm::of`]; written by [`crate::rust_types`] for every output (the SDK, its
/// examples, the command line, the MCP server).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArgForm {
    /// Its value type, by value (`i64`, `bool`, `Uuid`).
    Owned,
    /// A string, borrowed: `&str` for a path parameter, `impl Into<String>` for a query
    /// setter.
    Str,
}

impl ArgForm {
    /// The form of a parameter of type `ty`: strings are borrowed, other values owned.
    pub fn of(ty: &RustType) -> Self {
        if *ty == RustType::String {
            ArgForm::Str
        } else {
            ArgForm::Owned
        }
    }
}

/// A path or query parameter.
#[derive(Debug, Clone)]
pub struct Param {
    /// Name on the wire.
    pub name: String,
    /// Rust name.
    pub rust_name: String,
    /// Scalar type.
    pub ty: RustType,
    /// Whether it must be given.
    pub required: bool,
    /// How the SDK's functions take it: [`ArgForm::of`] its type.
    pub arg: ArgForm,
    /// Description.
    pub description: Option<String>,
    /// Its flag in the command line, without `--` (`open-only`): [`crate::naming::cli_flag`].
    /// A path parameter is a positional argument; its flag names it in the help
    /// (`<ID>`, in capitals).
    pub flag: String,
    /// Its argument in the MCP server's tools (`open_only`): [`crate::naming::tool_argument`].
    pub argument: String,
}

/// One piece of a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPart {
    /// Literal text.
    Literal(String),
    /// The path parameter with this index in [`Operation::path_params`].
    Param(usize),
}

/// What an operation sends as its body, and how the function takes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyKind {
    /// No body.
    None,
    /// A JSON array of this item type, taken as a slice (`&[T]`).
    JsonSlice(RustType),
    /// JSON of another documented type, taken by reference (`&T`).
    Json(RustType),
    /// JSON with no documented schema: any JSON value.
    AnyJson,
    /// `multipart/form-data` key/value pairs.
    Multipart,
}

/// What an operation answers, as the SDK returns it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResponseKind {
    /// No body is documented: the function returns `()` and ignores any body.
    Empty,
    /// One record.
    Record(TypeId),
    /// The saved record of a POST of records: one, or (accepted too) an array of them.
    Saved(TypeId),
    /// A list of records: a bare array or Halo's wrapper object.
    List {
        /// Type of one record.
        item: RustType,
        /// The wrapper key holding the records, when the spec names it.
        key: Option<String>,
    },
    /// Another documented schema (an array of strings, a number, …).
    Value(RustType),
    /// A text body (`text/xml`, `text/plain`), returned as a `String`.
    Text,
    /// Nothing is known of the body: raw JSON, and why.
    Untyped {
        /// Why the body is untyped (the spec's `x-halopsa-untyped`).
        reason: String,
    },
}

/// An operation's success response.
#[derive(Debug, Clone)]
pub struct Response {
    /// The success status (`200`).
    pub status: String,
    /// What the SDK returns.
    pub kind: ResponseKind,
    /// Whether the shape comes from Halo's conventions rather than the docs.
    pub inferred: bool,
    /// The response's description, unless it is only the status text (`OK`).
    pub description: Option<String>,
}

/// A paginated list operation: its list response plus the paging query parameters.
#[derive(Debug, Clone)]
pub struct Paging {
    /// Rust field of the page-number parameter.
    pub page_no: String,
    /// Rust field of the page-size parameter.
    pub page_size: String,
    /// Rust field of the parameter that asks for a paged wrapper, when the operation has one.
    pub paginate: Option<String>,
    /// Type of one record.
    pub item: RustType,
    /// The function streaming pages.
    pub pages_fn: String,
    /// The function streaming records.
    pub stream_fn: String,
}

/// One endpoint.
#[derive(Debug, Clone)]
pub struct Operation {
    /// The spec's operationId.
    pub operation_id: String,
    /// Rust function name.
    pub fn_name: String,
    /// Its command in the command line, below its area's
    /// ([`crate::naming::cli_operation_command`]): `list` for `listTickets`, so
    /// `halopsa tickets list`.
    pub command: String,
    /// Its tool name in the MCP server ([`crate::naming::tool_name`]): `tickets_list`.
    pub tool: String,
    /// The function that builds the request.
    pub request_fn: String,
    /// HTTP method.
    pub method: Method,
    /// Path template as written in the spec.
    pub path: String,
    /// The template, split.
    pub path_parts: Vec<PathPart>,
    /// Path parameters, in declaration order.
    pub path_params: Vec<Param>,
    /// Query parameters, in declaration order.
    pub query: Vec<Param>,
    /// Name of the query struct (`ListTicketsQuery`), when there are query parameters.
    pub query_struct: Option<String>,
    /// The body.
    pub body: BodyKind,
    /// Description of the body.
    pub body_description: Option<String>,
    /// The success response.
    pub response: Response,
    /// Summary.
    pub summary: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Paging, for paginated lists.
    pub paging: Option<Paging>,
    /// What it does to a stateful resource.
    pub role: Role,
}
