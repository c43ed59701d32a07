//! [`Extra`]: the keys of a record that the spec does not document, kept as raw JSON.

use crate::raw::{AppendRaw, RawText};
use serde::de::{DeserializeSeed, Deserializer};
use serde::Serialize;
use serde_json::value::RawValue;
use std::fmt;

/// Undocumented keys of a record, in the order received, each with its raw JSON text.
///
/// A real Halo ticket has about 250 keys, far more than any documentation lists. They are
/// kept byte for byte and sent back unchanged, so a read-modify-write loses nothing.
///
/// All keys and values live in one text buffer (an allocation per record, not per key),
/// so keeping them costs little more than skipping them.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Extra {
    /// Each entry's key (unescaped) followed by its value (raw JSON), entry after entry.
    buf: String,
    /// Where each entry's key and value end in `buf`; an entry starts where the one
    /// before it ends.
    spans: Vec<Span>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
struct Span {
    key_end: usize,
    value_end: usize,
}

impl Extra {
    /// No keys.
    pub fn new() -> Self {
        Self::default()
    }

    /// Number of kept keys.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// True when no key is kept.
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// The kept keys and the raw JSON text of their values, in the order received.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> + '_ {
        let mut start = 0;
        self.spans.iter().map(move |span| {
            let key = self.buf.get(start..span.key_end).unwrap_or_default();
            let value = self.buf.get(span.key_end..span.value_end).unwrap_or_default();
            start = span.value_end;
            (key, value)
        })
    }

    /// The kept keys, in the order received.
    pub fn keys(&self) -> impl Iterator<Item = &str> + '_ {
        self.iter().map(|(k, _)| k)
    }

    /// True when `key` is kept.
    pub fn contains_key(&self, key: &str) -> bool {
        self.get_raw(key).is_some()
    }

    /// The raw JSON text of one key's value (the last one, if the key came twice).
    pub fn get_raw(&self, key: &str) -> Option<&str> {
        self.iter().filter(|(k, _)| *k == key).last().map(|(_, v)| v)
    }

    /// Decodes one key's value as `T`; `None` when the key is not there.
    pub fn get<T: serde::de::DeserializeOwned>(
        &self,
        key: &str,
    ) -> Option<Result<T, serde_json::Error>> {
        self.get_raw(key).map(serde_json::from_str)
    }

    /// Sets a key to a value, replacing an earlier one of the same name in place.
    pub fn insert<T: Serialize + ?Sized>(
        &mut self,
        key: impl Into<String>,
        value: &T,
    ) -> Result<(), serde_json::Error> {
        let text = serde_json::to_string(value)?;
        self.set_text(&key.into(), &text);
        Ok(())
    }

    /// Sets a key to raw JSON, replacing an earlier one of the same name in place.
    pub fn insert_raw(&mut self, key: impl Into<String>, value: &RawValue) {
        self.set_text(&key.into(), value.get());
    }

    /// Removes a key (every entry of that name), returning the raw JSON of its value.
    pub fn remove(&mut self, key: &str) -> Option<Box<RawValue>> {
        let removed = self.get_raw(key)?.to_owned();
        self.rewrite(key, None);
        RawValue::from_string(removed).ok()
    }

    /// Appends an entry; for decoding, where keys arrive in order.
    fn push_text(&mut self, key: &str, value: &str) {
        self.buf.push_str(key);
        let key_end = self.buf.len();
        self.buf.push_str(value);
        self.spans.push(Span {
            key_end,
            value_end: self.buf.len(),
        });
    }

    /// Replaces the value of `key` in place, or appends it.
    fn set_text(&mut self, key: &str, value: &str) {
        if self.contains_key(key) {
            self.rewrite(key, Some(value));
        } else {
            self.push_text(key, value);
        }
    }

    /// Rewrites the entries: the first entry of `key` gets `value` (or is dropped when
    /// `value` is `None`), later entries of `key` are dropped, the others are kept.
    fn rewrite(&mut self, key: &str, value: Option<&str>) {
        let mut out = Extra {
            buf: String::with_capacity(self.buf.len()),
            spans: Vec::with_capacity(self.spans.len()),
        };
        let mut replacement = value;
        for (k, v) in self.iter() {
            if k != key {
                out.push_text(k, v);
            } else if let Some(new) = replacement.take() {
                out.push_text(k, new);
            }
        }
        *self = out;
    }

    /// Decodes one value from `deserializer` and appends it under `key`, as raw text.
    ///
    /// With `serde_json` the text is the input's own bytes; with another deserializer the
    /// value is re-encoded as JSON.
    pub(crate) fn push_from<'de, D: Deserializer<'de>>(
        &mut self,
        key: &str,
        deserializer: D,
    ) -> Result<(), D::Error> {
        let start = self.buf.len();
        self.buf.push_str(key);
        let key_end = self.buf.len();
        match AppendRaw(&mut self.buf).deserialize(deserializer) {
            Ok(()) => {
                self.spans.push(Span {
                    key_end,
                    value_end: self.buf.len(),
                });
                Ok(())
            }
            Err(err) => {
                self.buf.truncate(start);
                Err(err)
            }
        }
    }

    /// Writes every entry into a serializer's map, values as raw JSON.
    pub(crate) fn encode<S: serde::ser::SerializeMap>(&self, map: &mut S) -> Result<(), S::Error> {
        for (key, value) in self.iter() {
            map.serialize_entry(key, &RawText(value))?;
        }
        Ok(())
    }
}

impl fmt::Debug for Extra {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}
