//! [`Extra`]: the keys of a record that the spec does not document, kept as raw JSON.

use serde::Serialize;
use serde_json::value::RawValue;
use std::fmt;

/// Undocumented keys of a record, in the order received, each with its raw JSON text.
///
/// A real Halo ticket has about 250 keys, far more than any documentation lists. They are
/// kept byte for byte and sent back unchanged, so a read-modify-write loses nothing.
#[derive(Clone, Default)]
pub struct Extra {
    entries: Vec<(String, Box<RawValue>)>,
}

impl Extra {
    /// No keys.
    pub fn new() -> Self {
        Self::default()
    }

    /// Number of kept keys.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when no key is kept.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The kept keys and their raw JSON, in the order received.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &RawValue)> {
        self.entries.iter().map(|(k, v)| (k.as_str(), &**v))
    }

    /// The raw JSON of one key.
    pub fn get_raw(&self, key: &str) -> Option<&RawValue> {
        self.entries
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| &**v)
    }

    /// Decodes one key as `T`; `None` when the key is not there.
    pub fn get<T: serde::de::DeserializeOwned>(
        &self,
        key: &str,
    ) -> Option<Result<T, serde_json::Error>> {
        self.get_raw(key).map(|raw| serde_json::from_str(raw.get()))
    }

    /// Sets a key to a value, replacing an earlier one of the same name in place.
    pub fn insert<T: Serialize + ?Sized>(
        &mut self,
        key: impl Into<String>,
        value: &T,
    ) -> Result<(), serde_json::Error> {
        let raw = serde_json::value::to_raw_value(value)?;
        let key = key.into();
        match self.entries.iter_mut().find(|(k, _)| *k == key) {
            Some(entry) => entry.1 = raw,
            None => self.entries.push((key, raw)),
        }
        Ok(())
    }

    /// Removes a key, returning its raw JSON.
    pub fn remove(&mut self, key: &str) -> Option<Box<RawValue>> {
        let index = self.entries.iter().position(|(k, _)| k == key)?;
        Some(self.entries.remove(index).1)
    }

    /// Appends a key as received (used while decoding).
    pub(crate) fn push_raw(&mut self, key: String, value: Box<RawValue>) {
        self.entries.push((key, value));
    }
}

impl PartialEq for Extra {
    fn eq(&self, other: &Self) -> bool {
        self.entries.len() == other.entries.len()
            && self
                .entries
                .iter()
                .zip(&other.entries)
                .all(|((ka, va), (kb, vb))| ka == kb && va.get() == vb.get())
    }
}

impl fmt::Debug for Extra {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(self.entries.iter().map(|(k, v)| (k, v.get())))
            .finish()
    }
}
