//! The subset of OpenAPI 3.0.3 the generator accepts, as serde types.
//!
//! Every struct denies unknown fields, so a construct the generator does not understand is
//! a load error with file, line and column, never silently ignored. The same types
//! serialize back into the merged `openapi.json`.

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

/// The root file: document metadata, tags (one per documentation area) and shared components.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RootFile {
    /// OpenAPI version; must be `3.0.3`.
    pub openapi: String,
    /// Title, version and description.
    pub info: Info,
    /// Server URLs.
    #[serde(default)]
    pub servers: Vec<Server>,
    /// Security requirements applying to every operation.
    #[serde(default)]
    pub security: Vec<IndexMap<String, Vec<String>>>,
    /// One tag per documentation area.
    pub tags: Vec<Tag>,
    /// Shared components.
    pub components: Components,
    /// Must be empty: paths live in area files.
    pub paths: IndexMap<String, PathItem>,
}

/// One documentation area's file: its paths and the schemas it defines.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AreaFile {
    /// The area's paths.
    pub paths: IndexMap<String, PathItem>,
    /// The schemas the area defines.
    #[serde(default)]
    pub components: AreaComponents,
}

/// `components` of an area file: schemas only.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AreaComponents {
    /// Schemas by name.
    #[serde(default)]
    pub schemas: IndexMap<String, Schema>,
}

/// Document metadata.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Info {
    /// API title.
    pub title: String,
    /// API version.
    pub version: String,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// A server URL template.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Server {
    /// URL template.
    pub url: String,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Template variables.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub variables: IndexMap<String, ServerVariable>,
}

/// A server URL template variable.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ServerVariable {
    /// Default value.
    pub default: String,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// A documentation area.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Tag {
    /// Tag name; the generated module is its snake_case form.
    pub name: String,
    /// Description of the area.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The area file, relative to the root file.
    #[serde(rename = "x-halopsa-file")]
    pub file: String,
    /// More about the area for its module's page, after the description: what it holds
    /// and how its records relate.
    #[serde(
        default,
        rename = "x-halopsa-module-doc",
        skip_serializing_if = "Option::is_none"
    )]
    pub module_doc: Option<String>,
    /// The prefix of the area's tool names in the MCP server, when its command would make
    /// them too long (`collab` for `Collaboration`).
    #[serde(
        default,
        rename = "x-halopsa-tool-prefix",
        skip_serializing_if = "Option::is_none"
    )]
    pub tool_prefix: Option<String>,
}

/// Shared components of the root file.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Components {
    /// Security schemes, passed through to `openapi.json`.
    #[serde(
        default,
        rename = "securitySchemes",
        skip_serializing_if = "IndexMap::is_empty"
    )]
    pub security_schemes: IndexMap<String, serde_json::Value>,
    /// Shared parameters.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub parameters: IndexMap<String, Parameter>,
    /// Schemas (in the merged document: every area's too).
    #[serde(default)]
    pub schemas: IndexMap<String, Schema>,
}

/// The operations on one path.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PathItem {
    /// `GET`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub get: Option<Operation>,
    /// `PUT`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub put: Option<Operation>,
    /// `POST`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub post: Option<Operation>,
    /// `DELETE`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delete: Option<Operation>,
}

impl PathItem {
    /// The operations with their methods, in a fixed order ([`Method::ALL`]).
    pub fn operations(&self) -> impl Iterator<Item = (Method, &Operation)> {
        Method::ALL
            .into_iter()
            .filter_map(|method| self.operation(method).map(|op| (method, op)))
    }

    /// The operation of one method, when the path has one.
    pub fn operation(&self, method: Method) -> Option<&Operation> {
        match method {
            Method::Get => self.get.as_ref(),
            Method::Put => self.put.as_ref(),
            Method::Post => self.post.as_ref(),
            Method::Delete => self.delete.as_ref(),
        }
    }
}

/// An HTTP method a path item may hold: the generator's one method type (the model's
/// [`crate::model::Method`] is this one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// GET.
    Get,
    /// PUT.
    Put,
    /// POST.
    Post,
    /// DELETE.
    Delete,
}

impl Method {
    /// Every method, in the order a path item's operations are read.
    pub const ALL: [Method; 4] = [Method::Get, Method::Put, Method::Post, Method::Delete];

    /// The method as HTTP writes it, and as the `http` crate names its constant
    /// (`http::Method::GET`, which the runtime and the fake use).
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
        }
    }

    /// The method's key in a path item of the spec (`get`).
    pub fn key(self) -> &'static str {
        match self {
            Method::Get => "get",
            Method::Put => "put",
            Method::Post => "post",
            Method::Delete => "delete",
        }
    }
}

/// One operation.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Operation {
    /// Unique id; the Rust function name is its snake_case form.
    #[serde(rename = "operationId")]
    pub operation_id: String,
    /// Exactly one tag: the documentation area.
    pub tags: Vec<String>,
    /// One-line summary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// Longer description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Path and query parameters.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parameters: Vec<Parameter>,
    /// The request body.
    #[serde(
        default,
        rename = "requestBody",
        skip_serializing_if = "Option::is_none"
    )]
    pub request_body: Option<RequestBody>,
    /// Responses by status.
    pub responses: IndexMap<String, Response>,
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ParameterLocation {
    /// In the path template.
    Path,
    /// In the query string.
    Query,
}

/// A parameter, or a `$ref` to a shared one.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Parameter {
    /// Reference to `#/components/parameters/…`.
    #[serde(default, rename = "$ref", skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// Parameter name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Location.
    #[serde(default, rename = "in", skip_serializing_if = "Option::is_none")]
    pub location: Option<ParameterLocation>,
    /// Whether it must be given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required: Option<bool>,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Value schema.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<Schema>,
}

/// A request body.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RequestBody {
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Whether the body must be given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required: Option<bool>,
    /// Exactly one media type.
    pub content: IndexMap<String, MediaType>,
}

/// The schema of one media type.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MediaType {
    /// The schema; absent when the docs document none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<Schema>,
}

/// A response.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Response {
    /// Description (`OK`).
    pub description: String,
    /// Content by media type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<IndexMap<String, MediaType>>,
    /// `x-halopsa-inferred: true`: the shape comes from Halo's conventions, not from a
    /// sentence of the docs.
    #[serde(
        default,
        rename = "x-halopsa-inferred",
        skip_serializing_if = "Option::is_none"
    )]
    pub inferred: Option<bool>,
    /// `x-halopsa-untyped: <reason>`: neither the docs nor Halo's conventions say what the
    /// body holds; the SDK returns raw JSON and says why.
    #[serde(
        default,
        rename = "x-halopsa-untyped",
        skip_serializing_if = "Option::is_none"
    )]
    pub untyped: Option<String>,
    /// `x-halopsa-list-items: <key>`: the schema is a list wrapper object holding
    /// `record_count` and the records under this key.
    #[serde(
        default,
        rename = "x-halopsa-list-items",
        skip_serializing_if = "Option::is_none"
    )]
    pub list_items: Option<String>,
}

/// A JSON type name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SchemaType {
    /// `object`.
    Object,
    /// `array`.
    Array,
    /// `string`.
    String,
    /// `integer`.
    Integer,
    /// `number`.
    Number,
    /// `boolean`.
    Boolean,
}

/// `additionalProperties`: `true`/`false` or a schema.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(untagged)]
pub enum AdditionalProperties {
    /// `true` or `false`.
    Bool(bool),
    /// A schema for the values.
    Schema(Box<Schema>),
}

/// A schema.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Schema {
    /// Reference to `#/components/schemas/…`.
    #[serde(
        default,
        deserialize_with = "non_null",
        rename = "$ref",
        skip_serializing_if = "Option::is_none"
    )]
    pub reference: Option<String>,
    /// JSON type; absent means any JSON value.
    #[serde(
        default,
        deserialize_with = "non_null",
        rename = "type",
        skip_serializing_if = "Option::is_none"
    )]
    pub schema_type: Option<SchemaType>,
    /// Format (`int32`, `int64`, `double`, `float`, `date-time`, `uuid`).
    #[serde(
        default,
        deserialize_with = "non_null",
        skip_serializing_if = "Option::is_none"
    )]
    pub format: Option<String>,
    /// Whether `null` is allowed.
    #[serde(
        default,
        deserialize_with = "non_null",
        skip_serializing_if = "Option::is_none"
    )]
    pub nullable: Option<bool>,
    /// Description.
    #[serde(
        default,
        deserialize_with = "non_null",
        skip_serializing_if = "Option::is_none"
    )]
    pub description: Option<String>,
    /// Maximum string length.
    #[serde(
        default,
        deserialize_with = "non_null",
        rename = "maxLength",
        skip_serializing_if = "Option::is_none"
    )]
    pub max_length: Option<u64>,
    /// Fewest items of an array (`minItems: 1` on the body of a `POST` of records).
    #[serde(
        default,
        deserialize_with = "non_null",
        rename = "minItems",
        skip_serializing_if = "Option::is_none"
    )]
    pub min_items: Option<u64>,
    /// Allowed values.
    #[serde(
        default,
        deserialize_with = "non_null",
        rename = "enum",
        skip_serializing_if = "Option::is_none"
    )]
    pub enumeration: Option<Vec<serde_json::Value>>,
    /// Item schema of an array.
    #[serde(
        default,
        deserialize_with = "non_null",
        skip_serializing_if = "Option::is_none"
    )]
    pub items: Option<Box<Schema>>,
    /// Properties of an object, in order.
    #[serde(
        default,
        deserialize_with = "non_null",
        skip_serializing_if = "Option::is_none"
    )]
    pub properties: Option<IndexMap<String, Schema>>,
    /// Required properties.
    #[serde(
        default,
        deserialize_with = "non_null",
        skip_serializing_if = "Option::is_none"
    )]
    pub required: Option<Vec<String>>,
    /// Extra keys.
    #[serde(
        default,
        deserialize_with = "non_null",
        rename = "additionalProperties",
        skip_serializing_if = "Option::is_none"
    )]
    pub additional_properties: Option<AdditionalProperties>,
}

/// Reads an optional key that, when given, must not be `null`: YAML's `type: null` (or a
/// key left empty) is an error, not the same as leaving the key out.
fn non_null<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Option<T>, D::Error> {
    match Option::<T>::deserialize(deserializer)? {
        Some(value) => Ok(Some(value)),
        None => Err(serde::de::Error::custom(
            "a key given as `null` (or left empty): leave the key out, or give it a value",
        )),
    }
}
