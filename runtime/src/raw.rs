//! Raw JSON text in and out of serde, without an allocation per value.
//!
//! `serde_json` hands out the exact text of a value through a private protocol: its
//! `RawValue` asks for a newtype struct with a reserved name, and the deserializer answers
//! with a one-entry map whose value is the text (borrowed from the input when it can be).
//! Serializing a struct with that name and one field of that name writes the text as is.
//! [`RawValue`] uses that protocol; this module uses it too, so that [`crate::Extra`] can
//! keep every undocumented value in one buffer instead of one `Box<RawValue>` each, and
//! so that a model field can read its value's text ([`read_text`]) and take a number only
//! when its Rust type holds it exactly (see `number`).
//!
//! The reserved name is not hard-coded: it is learned once, at run time, by watching which
//! name `Box<RawValue>` asks a deserializer for. When that fails (a future `serde_json`
//! that works differently) every path still works, only slower: values are decoded
//! through [`serde_json::Value`] and written through a checked [`RawValue`].

use crate::prefixed::put;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeStruct, Serializer};
use serde::Deserialize;
use serde_json::value::RawValue;
use std::cell::Cell;
use std::fmt;
use std::sync::OnceLock;

/// The name `serde_json` reserves for raw values, when it could be learned.
#[inline]
pub(crate) fn token() -> Option<&'static str> {
    static TOKEN: OnceLock<Option<&'static str>> = OnceLock::new();
    *TOKEN.get_or_init(|| {
        let seen = Cell::new(None);
        let _ = <Box<RawValue>>::deserialize(NameProbe(&seen));
        seen.get()
    })
}

/// A deserializer that only records the name of the newtype struct it is asked for.
struct NameProbe<'a>(&'a Cell<Option<&'static str>>);

impl<'de> Deserializer<'de> for NameProbe<'_> {
    type Error = de::value::Error;

    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, Self::Error> {
        Err(de::Error::custom("name probe"))
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        _visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.0.set(Some(name));
        Err(de::Error::custom("name probe"))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
        byte_buf option unit unit_struct seq tuple tuple_struct map struct enum
        identifier ignored_any
    }
}

/// Serializes a JSON text as is. The text must be one valid JSON value.
pub(crate) struct RawText<'a>(pub(crate) &'a str);

impl Serialize for RawText<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match token() {
            Some(name) => {
                let mut s = serializer.serialize_struct(name, 1)?;
                s.serialize_field(name, self.0)?;
                s.end()
            }
            None => {
                let raw: &RawValue =
                    serde_json::from_str(self.0).map_err(serde::ser::Error::custom)?;
                raw.serialize(serializer)
            }
        }
    }
}

/// Appends the JSON text of one value to a buffer (as [`put`] does): the exact input text when the
/// deserializer is `serde_json`'s, else the value re-encoded. `token` is [`token`]'s
/// answer, looked up once by the caller.
pub(crate) struct AppendRaw<'a> {
    pub(crate) buf: &'a mut String,
    pub(crate) token: Option<&'static str>,
}

impl<'de> DeserializeSeed<'de> for AppendRaw<'_> {
    type Value = ();

    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        match self.token {
            Some(token) => deserializer.deserialize_newtype_struct(
                token,
                RawVisitor {
                    buf: self.buf,
                    token,
                },
            ),
            None => {
                let value = serde_json::Value::deserialize(deserializer)?;
                write_value(self.buf, &value)
            }
        }
    }
}

/// Appends a value, re-encoded as JSON.
fn write_value<E: de::Error>(buf: &mut String, value: &serde_json::Value) -> Result<(), E> {
    let text = serde_json::to_string(value).map_err(E::custom)?;
    put(buf, &text);
    Ok(())
}

/// Takes the raw text when it is offered, and any other shape as a value to re-encode.
struct RawVisitor<'a> {
    buf: &'a mut String,
    token: &'static str,
}

impl<'de> Visitor<'de> for RawVisitor<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    #[inline]
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        match map.next_key_seed(RawKey(self.token))? {
            // The raw-value protocol: one entry whose value is the text.
            Some(None) => map.next_value_seed(AppendStr(self.buf)),
            // A real object (from a deserializer that does not know the protocol).
            Some(Some(first)) => rest_of_object(self.buf, first, map),
            None => {
                put(self.buf, "{}");
                Ok(())
            }
        }
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        let value = serde_json::Value::deserialize(d)?;
        write_value(self.buf, &value)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        let value = serde_json::Value::deserialize(de::value::SeqAccessDeserializer::new(seq))?;
        write_value(self.buf, &value)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        let value = serde_json::Value::deserialize(d)?;
        write_value(self.buf, &value)
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        put(self.buf, "null");
        Ok(())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        put(self.buf, "null");
        Ok(())
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<(), E> {
        write_value(self.buf, &v.into())
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<(), E> {
        write_value(self.buf, &v.into())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<(), E> {
        write_value(self.buf, &v.into())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<(), E> {
        write_value(self.buf, &v.into())
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        write_value(self.buf, &v.into())
    }
}

/// Appends an object whose first key has been read.
#[cold]
fn rest_of_object<'de, A: MapAccess<'de>>(
    buf: &mut String,
    first: String,
    mut map: A,
) -> Result<(), A::Error> {
    let mut object = serde_json::Map::new();
    object.insert(first, map.next_value()?);
    while let Some((k, v)) = map.next_entry::<String, serde_json::Value>()? {
        object.insert(k, v);
    }
    write_value(buf, &serde_json::Value::Object(object))
}

/// The first key of a map: `None` for the raw-value protocol's reserved key, else the key.
struct RawKey(&'static str);

impl<'de> DeserializeSeed<'de> for RawKey {
    type Value = Option<String>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for RawKey {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string key")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        let is_token = std::ptr::eq(v, self.0) || v == self.0;
        Ok((!is_token).then(|| v.to_owned()))
    }
}

/// Appends a string as is (the raw text of the raw-value protocol).
struct AppendStr<'a>(&'a mut String);

impl<'de> DeserializeSeed<'de> for AppendStr<'_> {
    type Value = ();

    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for AppendStr<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("raw JSON text")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        put(self.0, v);
        Ok(())
    }
}

/// Reads one value and hands its JSON text to `read`: the input's own bytes when the
/// deserializer is `serde_json`'s (through the raw-value protocol, no copy when the input
/// is borrowed), else the value re-encoded (numbers as that deserializer holds them).
#[inline]
pub(crate) fn read_text<'de, D, F, R>(deserializer: D, read: F) -> Result<R, D::Error>
where
    D: Deserializer<'de>,
    F: FnOnce(&str) -> Result<R, serde_json::Error>,
{
    match token() {
        Some(token) => deserializer.deserialize_newtype_struct(token, TextVisitor { read, token }),
        None => {
            let value = serde_json::Value::deserialize(deserializer)?;
            read_value(read, &value)
        }
    }
}

/// Hands a value's JSON text to `read`.
#[cold]
fn read_value<F, R, E>(read: F, value: &serde_json::Value) -> Result<R, E>
where
    F: FnOnce(&str) -> Result<R, serde_json::Error>,
    E: de::Error,
{
    read(&value.to_string()).map_err(E::custom)
}

/// Takes the raw text when it is offered, and any other shape as a value to re-encode.
struct TextVisitor<F> {
    read: F,
    token: &'static str,
}

/// Visitor methods that re-encode a value handed over as a Rust value.
macro_rules! text_of_value {
    ($($method:ident($ty:ty)),*) => {$(
        fn $method<E: de::Error>(self, v: $ty) -> Result<R, E> {
            read_value(self.read, &serde_json::Value::from(v))
        }
    )*};
}

impl<'de, F, R> Visitor<'de> for TextVisitor<F>
where
    F: FnOnce(&str) -> Result<R, serde_json::Error>,
{
    type Value = R;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    #[inline]
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<R, A::Error> {
        match map.next_key_seed(RawKey(self.token))? {
            // The raw-value protocol: one entry whose value is the text.
            Some(None) => map.next_value_seed(TextSeed(self.read)),
            // A real object (from a deserializer that does not know the protocol).
            Some(Some(first)) => {
                let mut object = serde_json::Map::new();
                object.insert(first, map.next_value()?);
                while let Some((k, v)) = map.next_entry::<String, serde_json::Value>()? {
                    object.insert(k, v);
                }
                read_value(self.read, &serde_json::Value::Object(object))
            }
            None => read_value(
                self.read,
                &serde_json::Value::Object(serde_json::Map::new()),
            ),
        }
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<R, D::Error> {
        let value = serde_json::Value::deserialize(d)?;
        read_value(self.read, &value)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<R, A::Error> {
        let value = serde_json::Value::deserialize(de::value::SeqAccessDeserializer::new(seq))?;
        read_value(self.read, &value)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<R, D::Error> {
        let value = serde_json::Value::deserialize(d)?;
        read_value(self.read, &value)
    }

    fn visit_none<E: de::Error>(self) -> Result<R, E> {
        read_value(self.read, &serde_json::Value::Null)
    }

    fn visit_unit<E: de::Error>(self) -> Result<R, E> {
        read_value(self.read, &serde_json::Value::Null)
    }

    text_of_value!(
        visit_bool(bool),
        visit_i64(i64),
        visit_u64(u64),
        visit_f64(f64),
        visit_str(&str),
        visit_string(String)
    );
}

/// Hands the raw text of the raw-value protocol to the reader.
struct TextSeed<F>(F);

impl<'de, F, R> DeserializeSeed<'de> for TextSeed<F>
where
    F: FnOnce(&str) -> Result<R, serde_json::Error>,
{
    type Value = R;

    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<R, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de, F, R> Visitor<'de> for TextSeed<F>
where
    F: FnOnce(&str) -> Result<R, serde_json::Error>,
{
    type Value = R;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("raw JSON text")
    }

    #[inline]
    fn visit_str<E: de::Error>(self, v: &str) -> Result<R, E> {
        (self.0)(v).map_err(E::custom)
    }
}
