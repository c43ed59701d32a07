//! [`List`]: Halo's list responses, a bare JSON array or a wrapper object, as one type;
//! and [`OneOrMany`], the answer to a POST of records (one saved record, or several).
//!
//! Halo answers a list either with a bare array (`[{…}, {…}]`) or with a wrapper object:
//! `record_count`, the records under a key that depends on the resource (`tickets`,
//! `users`, …) and other keys (`page_no`, `page_size`, `columns`, …). [`List`] decodes
//! both. When the key is known (the spec names it), the records are decoded straight from
//! the input; when it is not, the wrapper's one array that can hold records is found after
//! the object has been read. Every other key is kept, as models keep theirs.

use crate::extra::Scratch;
use crate::model::{ExtraEntry, KeySeed};
use crate::{Extra, Field, Lenient};
use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{self, DeserializeOwned, DeserializeSeed, Deserializer, MapAccess, SeqAccess};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use std::fmt;
use std::marker::PhantomData;

/// The wrapper key that holds the total number of records.
pub const RECORD_COUNT: &str = "record_count";

/// Array-valued wrapper keys that describe the list rather than hold its records.
const METADATA_ARRAYS: &[&str] = &["columns"];

/// A list of records, as Halo sends it: a bare JSON array, or a wrapper object with
/// `record_count` and the records under a resource-specific key.
///
/// It dereferences to a slice of the records, and iterates over them. Encoding gives back
/// the shape received: a bare array stays an array; a wrapper keeps its key, its
/// `record_count` and every other key, as received.
#[derive(Debug, Clone, PartialEq)]
pub struct List<T> {
    /// The records, in the order received.
    pub items: Vec<T>,
    /// `record_count` of a wrapper: the total over all pages (absent for a bare array).
    pub record_count: Field<i64>,
    /// The wrapper key the records came under (`tickets`); `None` for a bare array.
    pub items_key: Option<String>,
    /// The wrapper's other keys (`page_no`, `page_size`, `columns`, …), kept as received.
    pub extra_fields: Extra,
}

impl<T> Default for List<T> {
    fn default() -> Self {
        List {
            items: Vec::new(),
            record_count: Field::Absent,
            items_key: None,
            extra_fields: Extra::new(),
        }
    }
}

impl<T> List<T> {
    /// The total number of records the server reported (`record_count`), if it did.
    pub fn record_count(&self) -> Option<i64> {
        self.record_count.get()
    }

    /// The records, without the wrapper.
    pub fn into_items(self) -> Vec<T> {
        self.items
    }

    /// Whether the server sent a wrapper object rather than a bare array.
    pub fn is_wrapped(&self) -> bool {
        self.items_key.is_some() || !self.record_count.is_absent() || !self.extra_fields.is_empty()
    }
}

impl<T> From<Vec<T>> for List<T> {
    fn from(items: Vec<T>) -> Self {
        List {
            items,
            ..List::default()
        }
    }
}

impl<T> std::ops::Deref for List<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        &self.items
    }
}

impl<T> IntoIterator for List<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl<'a, T> IntoIterator for &'a List<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

impl<T: Serialize> Serialize for List<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if !self.is_wrapped() {
            return self.items.serialize(serializer);
        }
        let mut map = serializer.serialize_map(None)?;
        crate::model::encode_field(&mut map, RECORD_COUNT, &self.record_count)?;
        if let Some(key) = &self.items_key {
            map.serialize_entry(key, &self.items)?;
        }
        self.extra_fields.encode(&mut map)?;
        map.end()
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for List<T> {
    /// Decodes either shape; the records' key of a wrapper is found from the wrapper.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        ListSeed::new(None).deserialize(deserializer)
    }
}

/// Decodes a [`List`] whose wrapper key may be known in advance: the records under that
/// key are decoded straight from the input, with no second pass.
pub struct ListSeed<T> {
    key: Option<&'static str>,
    item: PhantomData<fn() -> T>,
}

impl<T> ListSeed<T> {
    /// A seed for lists whose wrapper holds the records under `key` (when known).
    pub fn new(key: Option<&'static str>) -> Self {
        ListSeed {
            key,
            item: PhantomData,
        }
    }
}

impl<'de, T: DeserializeOwned> DeserializeSeed<'de> for ListSeed<T> {
    type Value = List<T>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<List<T>, D::Error> {
        deserializer.deserialize_any(self)
    }
}

const EXPECTING_LIST: &str =
    "a list: a JSON array, or an object with `record_count` and an array of records";

impl<'de, T: DeserializeOwned> de::Visitor<'de> for ListSeed<T> {
    type Value = List<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(EXPECTING_LIST)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<List<T>, A::Error> {
        Ok(List::from(Vec::<T>::deserialize(
            SeqAccessDeserializer::new(seq),
        )?))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<List<T>, A::Error> {
        let mut list = List::default();
        let mut found = false;
        let mut scratch = Scratch::new();
        while let Some(key) = map.next_key_seed(KeySeed)? {
            if !found && key != RECORD_COUNT && self.key == Some(&*key) {
                list.items = map.next_value()?;
                list.items_key = Some(key.into_owned());
                found = true;
            } else {
                wrapper_entry(&mut map, &key, &mut list.record_count, &mut scratch)?;
            }
        }
        list.extra_fields = scratch.finish();
        if !found {
            if let Some((key, raw)) =
                find_items(&mut list.extra_fields, list.record_count.is_absent())
                    .map_err(de::Error::custom)?
            {
                list.items = serde_json::from_str(raw.get()).map_err(|e| items_error(&key, e))?;
                list.items_key = Some(key);
            }
        }
        Ok(list)
    }
}

/// Reads one entry of a list wrapper that is not the records: `record_count`, or a key
/// kept in the wrapper's extra fields. (Not generic over the record type: compiled once
/// per reader, not once per list type.)
fn wrapper_entry<'de, A: MapAccess<'de>>(
    map: &mut A,
    key: &str,
    record_count: &mut Field<i64>,
    scratch: &mut Scratch,
) -> Result<(), A::Error> {
    if key == RECORD_COUNT {
        *record_count = map.next_value_seed(LenientSeed::<i64>(PhantomData))?;
        Ok(())
    } else {
        map.next_value_seed(ExtraEntry { scratch, key })
    }
}

/// The error of records found under `key` that do not decode.
#[cold]
fn items_error<E: de::Error>(key: &str, error: serde_json::Error) -> E {
    E::custom(format!("in `{key}`: {error}"))
}

/// Finds, among a wrapper's kept keys, the one array that holds the records, and takes
/// it out: its key and text. A wrapper without any such array is an empty list (`None`)
/// when it reports `record_count`, and not a list otherwise; one with several is
/// ambiguous, and an error.
fn find_items(
    extra_fields: &mut Extra,
    record_count_absent: bool,
) -> Result<Option<(String, Box<RawValue>)>, String> {
    let candidates: Vec<&str> = extra_fields
        .iter()
        .filter(|(key, raw)| raw.starts_with('[') && !METADATA_ARRAYS.contains(key))
        .map(|(key, _)| key)
        .collect();
    match candidates.as_slice() {
        [] if !record_count_absent => Ok(None),
        [] => {
            let keys: Vec<&str> = extra_fields.keys().collect();
            Err(format!(
                "expected {EXPECTING_LIST}; got an object with the keys {keys:?}"
            ))
        }
        [key] => {
            let key = (*key).to_owned();
            let raw = extra_fields
                .remove(&key)
                .ok_or_else(|| format!("the wrapper key `{key}` vanished"))?;
            Ok(Some((key, raw)))
        }
        several => Err(format!(
            "the list wrapper has several arrays ({several:?}): cannot tell which holds the records"
        )),
    }
}

/// Decodes one value the tolerant way a model field is decoded.
struct LenientSeed<T>(PhantomData<T>);

impl<'de, T: Lenient> DeserializeSeed<'de> for LenientSeed<T> {
    type Value = Field<T>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Field<T>, D::Error> {
        T::decode_field(deserializer)
    }
}

/// What Halo answers to a POST of records: documented as the one saved record; an array of
/// saved records is accepted too (what a POST of several records answers is not
/// documented). It dereferences to a slice either way.
#[derive(Debug, Clone, PartialEq)]
pub enum OneOrMany<T> {
    /// One record (the documented answer).
    One(T),
    /// Several records.
    Many(Vec<T>),
}

impl<T> OneOrMany<T> {
    /// The records, as a `Vec` of one or many.
    pub fn into_vec(self) -> Vec<T> {
        match self {
            OneOrMany::One(one) => vec![one],
            OneOrMany::Many(many) => many,
        }
    }

    /// The first record, if any.
    pub fn into_first(self) -> Option<T> {
        match self {
            OneOrMany::One(one) => Some(one),
            OneOrMany::Many(many) => many.into_iter().next(),
        }
    }
}

impl<T> std::ops::Deref for OneOrMany<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        match self {
            OneOrMany::One(one) => std::slice::from_ref(one),
            OneOrMany::Many(many) => many,
        }
    }
}

impl<T: Serialize> Serialize for OneOrMany<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            OneOrMany::One(one) => one.serialize(serializer),
            OneOrMany::Many(many) => many.serialize(serializer),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for OneOrMany<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(OneOrManyVisitor(PhantomData))
    }
}

struct OneOrManyVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> de::Visitor<'de> for OneOrManyVisitor<T> {
    type Value = OneOrMany<T>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a saved record (a JSON object) or an array of them")
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        T::deserialize(MapAccessDeserializer::new(map)).map(OneOrMany::One)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        Vec::<T>::deserialize(SeqAccessDeserializer::new(seq)).map(OneOrMany::Many)
    }
}
