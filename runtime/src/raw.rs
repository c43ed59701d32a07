//! Raw JSON text in and out of serde, without an allocation per value.
//!
//! `serde_json` hands out the exact text of a value through a private protocol: its
//! `RawValue` asks for a newtype struct with a reserved name, and the deserializer answers
//! with a one-entry map whose value is the text (borrowed from the input when it can be).
//! Serializing a struct with that name and one field of that name writes the text as is.
//! [`RawValue`] uses that protocol; this module uses it too, so that [`crate::Extra`] can
//! keep every undocumented value in one buffer instead of one `Box<RawValue>` each.
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
