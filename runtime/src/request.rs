//! [`Request`]: one API call, built by generated code and sent by [`crate::Client`].

use crate::Error;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use reqwest::Method;
use serde::Serialize;

/// Everything but RFC 3986's unreserved characters is percent-encoded in a path segment.
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encodes a path parameter so it stays one path segment.
pub fn encode_path_param(value: &str) -> String {
    utf8_percent_encode(value, PATH_SEGMENT).to_string()
}

/// The body of a request.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Body {
    /// No body.
    #[default]
    Empty,
    /// A JSON document, already encoded (so a retry sends the same bytes).
    Json(Vec<u8>),
    /// `multipart/form-data` text fields, in order.
    Multipart(Vec<(String, String)>),
}

/// One API call: method, path below the API base URL, query pairs and body.
#[derive(Debug, Clone)]
pub struct Request {
    /// The HTTP method.
    pub method: Method,
    /// The path below the API base URL, path parameters already encoded (`/Tickets/5`).
    pub path: String,
    /// Query parameters in the order they are sent.
    pub query: Vec<(&'static str, String)>,
    /// The body.
    pub body: Body,
    /// Whether a failed `POST` may be sent again (off unless the caller opts in).
    pub retry_post: bool,
}

impl Request {
    /// A request without query or body.
    pub fn new(method: Method, path: impl Into<String>) -> Self {
        Self {
            method,
            path: path.into(),
            query: Vec::new(),
            body: Body::Empty,
            retry_post: false,
        }
    }

    /// Appends a query parameter.
    pub fn push_query(&mut self, name: &'static str, value: impl ToString) {
        self.query.push((name, value.to_string()));
    }

    /// Appends a query parameter when it is set.
    pub fn push_query_opt<T: ToString>(&mut self, name: &'static str, value: Option<&T>) {
        if let Some(value) = value {
            self.push_query(name, value.to_string());
        }
    }

    /// Sets a JSON body.
    pub fn json<T: Serialize + ?Sized>(mut self, body: &T) -> Result<Self, Error> {
        self.body = Body::Json(serde_json::to_vec(body).map_err(Error::Encode)?);
        Ok(self)
    }

    /// Sets a `multipart/form-data` body of text fields.
    pub fn multipart<K: ToString, V: ToString>(mut self, fields: &[(K, V)]) -> Self {
        self.body = Body::Multipart(
            fields
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        );
        self
    }
}
