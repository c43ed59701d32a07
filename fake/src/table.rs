//! The types of the generated table (`operations.rs`): the API as data. The server core
//! reads only these; `cargo xtask generate` writes the values from the spec.

/// An HTTP method: the `http` crate's, which the server and the SDK's runtime
/// (`halopsa::Method`) use too.
pub use axum::http::Method;

/// A JSON type of the spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    /// `integer (int32)`.
    Int32,
    /// `integer`, `integer (int64)`.
    Int64,
    /// `number`.
    Number,
    /// `boolean`.
    Bool,
    /// `string`.
    String,
    /// `string (date-time)`.
    DateTime,
    /// `string (uuid)`.
    Uuid,
    /// Any JSON.
    Any,
    /// An array of this.
    Array(&'static Ty),
    /// An object whose values are this.
    Map(&'static Ty),
    /// A record: an index into `MODELS`.
    Record(usize),
}

/// A path or query parameter.
#[derive(Debug, Clone, Copy)]
pub struct Param {
    /// The name on the wire.
    pub name: &'static str,
    /// Its type.
    pub ty: Ty,
}

/// One piece of a path template.
#[derive(Debug, Clone, Copy)]
pub enum Part {
    /// Literal text.
    Literal(&'static str),
    /// The path parameter with this index in `Operation::path_params`.
    Param(usize),
}

/// The request body an operation takes.
#[derive(Debug, Clone, Copy)]
pub enum Body {
    /// None (a body sent anyway is ignored).
    None,
    /// JSON of this type.
    Json(Ty),
    /// `multipart/form-data` (accepted as sent).
    Multipart,
}

/// What an operation answers.
#[derive(Debug, Clone, Copy)]
pub enum Response {
    /// No body.
    Empty,
    /// The stored record (the `Get` role).
    Record,
    /// The saved record (the `Save` and `SavePath` roles).
    Saved,
    /// The stored records, a page of them (the `List` and `ListPath` roles): Halo's wrapper
    /// object with the records under `key` when the spec names one, else a bare array.
    List {
        /// The wrapper's key.
        key: Option<&'static str>,
    },
    /// A fixed body of the declared shape, built from the schema by the generator.
    Sample {
        /// Its `Content-Type`.
        content_type: &'static str,
        /// The body.
        body: &'static str,
    },
}

/// What an operation does to a resource (an index into `RESOURCES`) or to a list without an
/// item path (an index into `PATH_LISTS`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Lists the records.
    List(usize),
    /// Creates or updates records.
    Save(usize),
    /// Reads one record.
    Get(usize),
    /// Deletes one record.
    Delete(usize),
    /// Lists the records kept under a path without an item path (`GET /ToDo`).
    ListPath(usize),
    /// Saves records under a path without an item path (`POST /ToDo`).
    SavePath(usize),
    /// Anything else: answers its sample.
    Other,
}

/// One operation of the spec.
#[derive(Debug, Clone)]
pub struct Operation {
    /// The spec's operationId.
    pub operation_id: &'static str,
    /// Its method.
    pub method: Method,
    /// Its path template, as the spec writes it.
    pub path: &'static str,
    /// The template split into literals and parameters.
    pub parts: &'static [Part],
    /// Path parameters, in declaration order.
    pub path_params: &'static [Param],
    /// Query parameters.
    pub query: &'static [Param],
    /// The body it takes.
    pub body: Body,
    /// The success status.
    pub status: u16,
    /// What it answers.
    pub response: Response,
    /// What it does to a resource.
    pub role: Role,
    /// The record type it answers (one, saved, or listed): an index into `MODELS`.
    pub record: Option<usize>,
    /// Whether it pages (`page_no`, `page_size`).
    pub paged: bool,
}

/// How a resource's records are identified.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdType {
    /// Integer ids (new records get the highest id + 1).
    Integer,
    /// String ids (new records get the next number, as a string).
    String,
}

/// A stateful resource.
#[derive(Debug, Clone, Copy)]
pub struct Resource {
    /// Its name: the collection path without the `/` (`Tickets`).
    pub name: &'static str,
    /// The collection path.
    pub collection: &'static str,
    /// The item path.
    pub item: &'static str,
    /// The item path's parameter.
    pub id_param: &'static str,
    /// The type of its ids.
    pub id_type: IdType,
    /// Its record type: an index into `MODELS`.
    pub record: usize,
    /// Its list wrapper's key, when the spec names one.
    pub list_key: Option<&'static str>,
}

/// A list without an item path (`GET /ToDo`): its records are kept under its path.
#[derive(Debug, Clone, Copy)]
pub struct PathList {
    /// Its name: the path without the `/` (`ToDo`).
    pub name: &'static str,
    /// The path.
    pub path: &'static str,
    /// The type of its ids.
    pub id_type: IdType,
}

/// A record type: its schema name and documented fields.
#[derive(Debug, Clone, Copy)]
pub struct Model {
    /// The schema name.
    pub name: &'static str,
    /// The documented fields.
    pub fields: &'static [Field],
}

/// A documented field of a record type.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// Its key.
    pub key: &'static str,
    /// Its type.
    pub ty: Ty,
    /// Whether the spec allows `null`.
    pub nullable: bool,
    /// The most characters a string may have, when the spec says.
    pub max_length: Option<u64>,
}
