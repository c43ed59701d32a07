//! Runtime of the `halopsa` SDK: the hand-written code that generated endpoints and models
//! call. Users depend on `halopsa`, which re-exports what they need from here.
//!
//! Modules, top down (each uses only those below it): [`Client`] (`client`) sends
//! [`Request`]s; it is built from a [`ClientBuilder`] (`config`); tokens come from `auth`;
//! both send over HTTP through `transport` (attempts, retries, deadline, budget), which
//! uses [`RetryPolicy`] (`retry`), [`RateLimit`] (`budget`), [`Error`] (`error`), the
//! size-limited body reader (`body`) and the failures that are not retried (`network`).
//! The TLS backend and the CAs a client trusts are `tls`.
//! Models ([`Field`], [`RawJson`], [`Extra`], [`DateTime`], `decode`, with `number`, `raw`
//! and `read_mode`) stand apart.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod auth;
mod body;
mod budget;
mod client;
pub mod config;
mod datetime;
pub mod decode;
mod error;
mod extra;
mod field;
mod form_data;
mod json_text;
pub mod list;
pub mod model;
mod network;
mod number;
pub mod paging;
mod prefixed;
#[cfg(feature = "profiles")]
pub mod profile;
mod raw;
mod raw_json;
mod read_mode;
mod request;
mod retry;
#[cfg(feature = "select")]
pub mod select;
mod tls;
mod transport;

pub use auth::MAX_TOKEN_LIFETIME;
pub use budget::RateLimit;
pub use client::Client;
pub use config::ClientBuilder;
pub use datetime::{DateTime, DateTimeParseError, Timestamp};
pub use error::{Error, TimeLimit};
pub use extra::Extra;
pub use field::{Field, Lenient};
pub use list::{List, OneOrMany};
pub use model::Model;
pub use network::TlsProblem;
pub use raw_json::RawJson;
pub use request::{encode_path_param, Body, Request};
pub use reqwest::{Method, StatusCode};
pub use retry::{is_idempotent, RetryPolicy, MAX_RETRY_AFTER};
pub use {bytes, chrono, serde_json, uuid};

/// Re-exports used by generated code; not part of the public API.
#[doc(hidden)]
pub mod __private {
    pub use crate::decode::{decode_list, decode_response};
    pub use crate::field::decode_model_field;
    pub use crate::impl_model_serde;
    pub use crate::model::encode_field;
    pub use crate::request::encode_path_param;
    pub use serde;
    pub use serde::de::MapAccess;
    pub use serde::ser::SerializeMap;
}
