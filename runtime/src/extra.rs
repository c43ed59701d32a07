//! [`Extra`]: the keys of a record that the spec does not document, kept as raw JSON.

use crate::prefixed::{put, take};
use crate::raw::{token, AppendRaw, RawText};
use serde::de::{DeserializeSeed, Deserializer};
use serde::Serialize;
use serde_json::value::RawValue;
use std::cell::RefCell;
use std::fmt;

/// Undocumented keys of a record, in the order received, each with its raw JSON text.
///
/// A real Halo ticket has about 250 keys, far more than any documentation lists. They are
/// kept byte for byte and sent back unchanged, so a read-modify-write loses nothing.
///
/// All keys and values live in one text buffer (one allocation per record, not two per
/// key), so keeping them costs little more than skipping them.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Extra {
    /// Entry after entry: the key's length, the key (unescaped), the value's length, the
    /// value (raw JSON). Lengths are written as [`put`] does, in ASCII, so the buffer
    /// stays a `String`.
    buf: String,
}

/// The entries of a buffer, in order.
struct Entries<'a> {
    buf: &'a str,
    pos: usize,
}

impl<'a> Iterator for Entries<'a> {
    type Item = (&'a str, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        let key = take(self.buf, &mut self.pos)?;
        let value = take(self.buf, &mut self.pos)?;
        Some((key, value))
    }
}

impl Extra {
    /// No keys.
    pub fn new() -> Self {
        Self::default()
    }

    /// Number of kept keys (counted: this walks the entries).
    pub fn len(&self) -> usize {
        self.iter().count()
    }

    /// True when no key is kept.
    pub fn is_empty(&self) -> bool {
        self.buf.is_empty()
    }

    /// The kept keys and the raw JSON text of their values, in the order received.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> + '_ {
        Entries {
            buf: &self.buf,
            pos: 0,
        }
    }

    /// The kept keys, in the order received.
    pub fn keys(&self) -> impl Iterator<Item = &str> + '_ {
        self.iter().map(|(k, _)| k)
    }

    /// True when `key` is kept.
    pub fn contains_key(&self, key: &str) -> bool {
        self.keys().any(|k| k == key)
    }

    /// The raw JSON text of one key's value (the last one, if the key came twice).
    pub fn get_raw(&self, key: &str) -> Option<&str> {
        self.iter()
            .filter(|(k, _)| *k == key)
            .last()
            .map(|(_, v)| v)
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

    /// Removes every key.
    pub fn clear(&mut self) {
        self.buf.clear();
    }

    /// Appends an entry.
    fn push_text(&mut self, key: &str, value: &str) {
        put(&mut self.buf, key);
        put(&mut self.buf, value);
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
    #[inline]
    fn push_from<'de, D: Deserializer<'de>>(
        &mut self,
        key: &str,
        deserializer: D,
        token: Option<&'static str>,
    ) -> Result<(), D::Error> {
        let start = self.buf.len();
        put(&mut self.buf, key);
        let decoded = AppendRaw {
            buf: &mut self.buf,
            token,
        }
        .deserialize(deserializer);
        match decoded {
            Ok(()) => Ok(()),
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

/// How many scratch buffers a thread keeps (one per level of record nesting in use).
const POOL_SIZE: usize = 8;
/// A scratch buffer larger than this is not kept for reuse.
const POOL_MAX_BYTES: usize = 1 << 20;

thread_local! {
    static POOL: RefCell<Vec<Extra>> = const { RefCell::new(Vec::new()) };
}

/// Where a record's unknown keys collect while it is decoded.
///
/// Its buffers come from a per-thread pool, already sized like the last record's, so they
/// rarely grow; at the end the record takes them as its [`Extra`] (no copy) and the pool
/// gets fresh ones of the same size.
pub(crate) struct Scratch {
    extra: Extra,
    /// `serde_json`'s raw-value token, looked up on the first unknown key.
    token: Option<&'static str>,
    /// Whether `extra` came from (and goes back to) the pool.
    pooled: bool,
}

impl Scratch {
    /// An empty scratch; the pool is only visited when an unknown key arrives.
    pub(crate) fn new() -> Self {
        Scratch {
            extra: Extra::new(),
            token: None,
            pooled: false,
        }
    }

    /// Decodes one value from `deserializer` and appends it under `key`.
    pub(crate) fn push_from<'de, D: Deserializer<'de>>(
        &mut self,
        key: &str,
        deserializer: D,
    ) -> Result<(), D::Error> {
        if !self.pooled {
            self.pooled = true;
            self.token = token();
            let reused = POOL
                .try_with(|pool| pool.try_borrow_mut().ok().and_then(|mut p| p.pop()))
                .ok()
                .flatten();
            if let Some(extra) = reused {
                self.extra = extra;
            }
        }
        self.extra.push_from(key, deserializer, self.token)
    }

    /// The collected keys, as the record's [`Extra`].
    pub(crate) fn finish(&mut self) -> Extra {
        if self.extra.is_empty() {
            return Extra::new();
        }
        let text = self.extra.buf.len();
        let fresh = Extra {
            buf: String::with_capacity(text + text / 8),
        };
        let mut out = std::mem::replace(&mut self.extra, fresh);
        // Give back what a record much smaller than the last one does not use.
        if out.buf.capacity() > 2 * text {
            out.buf.shrink_to_fit();
        }
        out
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if !self.pooled {
            return;
        }
        let mut extra = std::mem::take(&mut self.extra);
        if extra.buf.capacity() > POOL_MAX_BYTES {
            return;
        }
        extra.clear();
        let _ = POOL.try_with(|pool| {
            if let Ok(mut pool) = pool.try_borrow_mut() {
                if pool.len() < POOL_SIZE {
                    pool.push(extra);
                }
            }
        });
    }
}

impl fmt::Debug for Extra {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}
