//! Record types: their fields and the Rust types the generator uses.

use super::TypeId;

/// A record type.
#[derive(Debug, Clone)]
pub struct Model {
    /// Rust type name.
    pub name: String,
    /// Schema name in the spec.
    pub schema_name: String,
    /// The module that defines it.
    pub module: String,
    /// Description.
    pub description: Option<String>,
    /// Documented fields in spec order.
    pub fields: Vec<ModelField>,
}

/// One documented field of a record.
#[derive(Debug, Clone)]
pub struct ModelField {
    /// JSON key.
    pub json_name: String,
    /// Rust field name.
    pub rust_name: String,
    /// Value type (inside `Field<…>`).
    pub ty: RustType,
    /// Whether the value is boxed: records nested in records are, so that a record stays
    /// small and a list of them moves less memory.
    pub boxed: bool,
    /// Description.
    pub description: Option<String>,
    /// What the spec says of the type, for the doc comment (`integer (int32), nullable`).
    pub type_note: String,
    /// Whether the spec allows `null` (`nullable: true`). A server that checks bodies
    /// against the spec (the fake) refuses `null` elsewhere.
    pub nullable: bool,
    /// The most characters a string may have (`maxLength`), when the spec says.
    pub max_length: Option<u64>,
}

/// A Rust type the generator uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RustType {
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `f64`.
    F64,
    /// `bool`.
    Bool,
    /// `String`.
    String,
    /// `DateTime` (runtime).
    DateTime,
    /// `uuid::Uuid`.
    Uuid,
    /// `serde_json::Value`.
    Json,
    /// `Vec<T>`.
    Vec(Box<RustType>),
    /// `BTreeMap<String, T>`.
    Map(Box<RustType>),
    /// A generated record type.
    Model(TypeId),
}
