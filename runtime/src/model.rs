//! The [`Model`] trait that generated records implement, and the lossless encoding and
//! decoding they share.

use crate::extra::Scratch;
use crate::Extra;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use std::borrow::Cow;
use std::fmt;

/// A record of the API: documented fields plus every other key the server sent.
///
/// Generated structs implement it; [`deserialize`] and [`serialize`] turn it into serde's
/// `Deserialize` and `Serialize`. Decoding reads each key once: a documented key goes to
/// its field, any other key is kept, as raw JSON, in [`Model::extra_fields_mut`].
pub trait Model: Default {
    /// Decodes the value of `key` into its field. Returns `false`, without reading the
    /// value, when `key` is not a documented field.
    fn decode_field<'de, A: MapAccess<'de>>(
        &mut self,
        key: &str,
        map: &mut A,
    ) -> Result<bool, A::Error>;

    /// Writes every field that is not absent, in spec order.
    fn encode_fields<S: SerializeMap>(&self, map: &mut S) -> Result<(), S::Error>;

    /// Keys the server sent that the spec does not document.
    fn extra_fields(&self) -> &Extra;

    /// Mutable access to the undocumented keys.
    fn extra_fields_mut(&mut self) -> &mut Extra;
}

/// A map key, borrowed from the input when it can be.
pub(crate) struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Cow<'de, str>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Cow<'de, str>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a field name")
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v))
    }
}

/// The value of an undocumented key, appended to the record's scratch buffer as raw JSON.
pub(crate) struct ExtraEntry<'a> {
    pub(crate) scratch: &'a mut Scratch,
    pub(crate) key: &'a str,
}

impl<'de> DeserializeSeed<'de> for ExtraEntry<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        self.scratch.push_from(self.key, d)
    }
}

/// Decodes a model from the entries of a JSON object.
pub fn decode_map<'de, T: Model, A: MapAccess<'de>>(mut map: A) -> Result<T, A::Error> {
    let mut model = T::default();
    let mut scratch = Scratch::new();
    while let Some(key) = map.next_key_seed(KeySeed)? {
        if !model.decode_field(&key, &mut map)? {
            map.next_value_seed(ExtraEntry {
                scratch: &mut scratch,
                key: &key,
            })?;
        }
    }
    *model.extra_fields_mut() = scratch.finish();
    Ok(model)
}

struct ModelMapVisitor<T>(std::marker::PhantomData<T>);

impl<'de, T: Model> Visitor<'de> for ModelMapVisitor<T> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        decode_map(map)
    }
}

/// `Deserialize` for a model: a JSON object, every key kept.
pub fn deserialize<'de, T: Model, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_map(ModelMapVisitor(std::marker::PhantomData))
}

/// `Serialize` for a model: documented fields that are not absent, then the kept keys.
pub fn serialize<T: Model, S: Serializer>(model: &T, serializer: S) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(None)?;
    model.encode_fields(&mut map)?;
    model.extra_fields().encode(&mut map)?;
    map.end()
}

/// Writes one field unless it is absent.
pub fn encode_field<S: SerializeMap, T: serde::Serialize>(
    map: &mut S,
    key: &'static str,
    field: &crate::Field<T>,
) -> Result<(), S::Error> {
    if field.is_absent() {
        Ok(())
    } else {
        map.serialize_entry(key, field)
    }
}

/// Implements `Serialize`, `Deserialize` and [`crate::Lenient`] for a type that implements
/// [`Model`].
#[macro_export]
macro_rules! impl_model_serde {
    ($ty:ty) => {
        impl $crate::__private::serde::Serialize for $ty {
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                $crate::model::serialize(self, serializer)
            }
        }
        impl<'de> $crate::__private::serde::Deserialize<'de> for $ty {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                $crate::model::deserialize(deserializer)
            }
        }
        impl $crate::Lenient for $ty {
            fn decode_field<'de, D: $crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<$crate::Field<Self>, D::Error> {
                $crate::__private::decode_model_field(deserializer)
            }
        }
    };
}
