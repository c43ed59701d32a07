//! [`RawJson`]: the JSON text of one value, kept exactly as received.

use crate::raw::RawText;
use serde::{Serialize, Serializer};
use std::fmt;

/// The JSON text of one value, as received: what a [`crate::Field::Other`] holds.
///
/// It is text, not a [`serde_json::Value`], so that nothing is lost: a `Value` holds a
/// number in an `i64`, a `u64` or an `f64`, and would send `16777141142156685312` back as
/// `1.6777141142156685e19`. Encoding writes the text as is. Two `RawJson`s are equal when
/// their texts are.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct RawJson {
    /// One valid JSON value, without surrounding whitespace. Boxed twice, so that a
    /// `Field` holding one is no larger than one holding its value.
    text: Box<Box<str>>,
}

impl RawJson {
    /// Wraps a text that is known to be one valid JSON value (read by `serde_json`).
    pub(crate) fn trusted(text: &str) -> Self {
        RawJson {
            text: Box::new(text.into()),
        }
    }

    /// Checks that `text` is one JSON value and wraps it (surrounding whitespace is
    /// dropped).
    pub fn from_text(text: &str) -> Result<Self, serde_json::Error> {
        serde_json::from_str::<serde::de::IgnoredAny>(text)?;
        Ok(Self::trusted(text.trim_matches([' ', '\t', '\n', '\r'])))
    }

    /// The JSON text of a value.
    pub fn from_value(value: &serde_json::Value) -> Self {
        Self::trusted(&value.to_string())
    }

    /// The JSON text.
    pub fn get(&self) -> &str {
        &self.text
    }

    /// Decodes the text as `T`. Through [`serde_json::Value`] or `f64`, a number that they
    /// cannot hold is rounded (and one past `f64`'s range fails).
    pub fn parse<T: serde::de::DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_str(self.get())
    }

    /// Decodes the text as a [`serde_json::Value`] (see [`RawJson::parse`] for numbers).
    pub fn to_value(&self) -> Result<serde_json::Value, serde_json::Error> {
        self.parse()
    }
}

impl From<serde_json::Value> for RawJson {
    fn from(value: serde_json::Value) -> Self {
        Self::from_value(&value)
    }
}

impl Serialize for RawJson {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        RawText(self.get()).serialize(serializer)
    }
}

impl fmt::Debug for RawJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.get())
    }
}

impl fmt::Display for RawJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.get())
    }
}
