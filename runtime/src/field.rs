//! [`Field`]: one model field, which may be absent, null, a value, or something else.

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use std::fmt;
use std::marker::PhantomData;

/// One field of a model, as it was received or as the caller set it.
///
/// Halo treats an absent key and an explicit `null` differently on update (an absent key
/// leaves the stored value alone), so the SDK keeps them apart: a field the caller did not
/// set is [`Field::Absent`] and is not sent, [`Field::Null`] sends `null`, and
/// [`Field::Value`] sends the value.
///
/// A value of an unexpected shape never fails the whole record: it is kept as
/// [`Field::Other`], exactly as received, and sent back unchanged. So an integer field
/// holds `21` and `21.0` (and `-0.0`) as `Value(21)` (and `Value(0)`), while `"21"` and a
/// GUID string stay `Other`, so that they re-encode as strings. Read a field with
/// [`Field::value`] for values of the documented shape only, or with [`Field::get`], which
/// also converts an `Other` that holds the same value in another spelling (`"21"` → `21`).
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Field<T> {
    /// The key was not present. Absent fields are never sent.
    #[default]
    Absent,
    /// The key was present with the value `null`; sent as `null`.
    Null,
    /// A value of the documented type.
    Value(T),
    /// A value that does not have the documented type, kept exactly as received. Boxed,
    /// so that a field is no larger than its value (a rare case should not double the
    /// size of every record).
    Other(Box<serde_json::Value>),
}

impl<T> Field<T> {
    /// The value when the field holds one of the documented type.
    pub fn value(&self) -> Option<&T> {
        match self {
            Field::Value(v) => Some(v),
            _ => None,
        }
    }

    /// Mutable access to the value when the field holds one of the documented type.
    pub fn value_mut(&mut self) -> Option<&mut T> {
        match self {
            Field::Value(v) => Some(v),
            _ => None,
        }
    }

    /// Takes the documented value out, leaving the field untouched otherwise.
    pub fn into_value(self) -> Option<T> {
        match self {
            Field::Value(v) => Some(v),
            _ => None,
        }
    }

    /// A field holding a value of an unexpected shape.
    pub fn from_other(value: serde_json::Value) -> Self {
        Field::Other(Box::new(value))
    }

    /// The raw JSON of a value that did not have the documented type.
    pub fn other(&self) -> Option<&serde_json::Value> {
        match self {
            Field::Other(v) => Some(v),
            _ => None,
        }
    }

    /// True when the key is absent (the field will not be sent).
    pub fn is_absent(&self) -> bool {
        matches!(self, Field::Absent)
    }

    /// True when the key is present with `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Field::Null)
    }

    /// Sets the field to a value.
    pub fn set(&mut self, value: T) {
        *self = Field::Value(value);
    }

    /// A reference-holding view of this field.
    pub fn as_ref(&self) -> Field<&T> {
        match self {
            Field::Absent => Field::Absent,
            Field::Null => Field::Null,
            Field::Value(v) => Field::Value(v),
            Field::Other(v) => Field::Other(v.clone()),
        }
    }
}

impl<T: Lenient> Field<T> {
    /// The value, read leniently: a documented value, or an [`Field::Other`] value that
    /// converts without loss (`"21"` for an integer field, `21.5` kept apart).
    pub fn get(&self) -> Option<T>
    where
        T: Clone,
    {
        match self {
            Field::Value(v) => Some(v.clone()),
            Field::Other(v) => T::coerce(v),
            _ => None,
        }
    }
}

impl<T> From<T> for Field<T> {
    fn from(value: T) -> Self {
        Field::Value(value)
    }
}

impl From<&str> for Field<String> {
    fn from(value: &str) -> Self {
        Field::Value(value.to_owned())
    }
}

impl<T> From<Option<T>> for Field<T> {
    /// `Some` becomes a value and `None` becomes `null` (an explicit clear).
    fn from(value: Option<T>) -> Self {
        match value {
            Some(v) => Field::Value(v),
            None => Field::Null,
        }
    }
}

impl<T: Serialize> Serialize for Field<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Field::Absent | Field::Null => serializer.serialize_none(),
            Field::Value(v) => v.serialize(serializer),
            Field::Other(v) => v.serialize(serializer),
        }
    }
}

impl<'de, T: Lenient> Deserialize<'de> for Field<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::decode_field(deserializer)
    }
}

/// How a type decodes inside a [`Field`]: which JSON shapes are its values and which are
/// kept aside as [`Field::Other`].
pub trait Lenient: Sized {
    /// Decodes one field value.
    fn decode_field<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Field<Self>, D::Error>;

    /// Converts a kept-aside value without loss, when that is possible.
    fn coerce(_value: &serde_json::Value) -> Option<Self> {
        None
    }

    /// The value that `null` is, when the type has one (only for any-JSON values): used
    /// for array elements, where `null` is not "no value".
    fn from_null() -> Option<Self> {
        None
    }
}

/// A value of an unexpected shape, kept aside.
fn boxed<T>(value: serde_json::Value) -> Field<T> {
    Field::Other(Box::new(value))
}

/// Shapes of JSON a lenient visitor did not take as a value: they become `Field::Other`.
fn other_from_map<'de, A: MapAccess<'de>, T>(map: A) -> Result<Field<T>, A::Error> {
    serde_json::Value::deserialize(de::value::MapAccessDeserializer::new(map)).map(boxed)
}

fn other_from_seq<'de, A: SeqAccess<'de>, T>(seq: A) -> Result<Field<T>, A::Error> {
    serde_json::Value::deserialize(de::value::SeqAccessDeserializer::new(seq)).map(boxed)
}

fn float_value(v: f64) -> serde_json::Value {
    serde_json::Number::from_f64(v).map_or(serde_json::Value::Null, serde_json::Value::Number)
}

/// Visitor methods that keep JSON scalars of an unexpected shape as `Field::Other`.
macro_rules! keep_scalars_as_other {
    ($($kind:ident)*) => { $( keep_scalars_as_other!(@one $kind); )* };
    (@one bool) => {
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
            Ok(boxed(v.into()))
        }
    };
    (@one i64) => {
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok(boxed(v.into()))
        }
    };
    (@one u64) => {
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Ok(boxed(v.into()))
        }
    };
    (@one f64) => {
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
            Ok(boxed(float_value(v)))
        }
    };
    (@one str) => {
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(boxed(v.into()))
        }
    };
}

/// Defines a scalar visitor whose every JSON shape maps to a `Field`.
macro_rules! scalar_visitor {
    ($name:ident, $ty:ty, $expecting:literal,
     bool => $b:expr, i64 => $i:expr, u64 => $u:expr, f64 => $f:expr, str => $s:expr) => {
        struct $name;
        impl<'de> Visitor<'de> for $name {
            type Value = Field<$ty>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str($expecting)
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(Field::Null)
            }
            fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(Field::Null)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
                d.deserialize_any(self)
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
                #[allow(clippy::redundant_closure_call)]
                Ok(($b)(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                #[allow(clippy::redundant_closure_call)]
                Ok(($i)(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                #[allow(clippy::redundant_closure_call)]
                Ok(($u)(v))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                #[allow(clippy::redundant_closure_call)]
                Ok(($f)(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                #[allow(clippy::redundant_closure_call)]
                Ok(($s)(v))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                other_from_map(map)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                other_from_seq(seq)
            }
        }
    };
}

/// An integral float (`21.0`, `-0.0`) as an integer, when it is one exactly.
fn integral(v: f64) -> Option<i64> {
    // `i64::MAX as f64` is 2^63, one past the largest i64: the upper bound is exclusive.
    (v.fract() == 0.0 && v >= i64::MIN as f64 && v < i64::MAX as f64).then_some(v as i64)
}

macro_rules! lenient_integer {
    ($visitor:ident, $ty:ty) => {
        scalar_visitor!($visitor, $ty, "an integer",
            bool => |v: bool| boxed(serde_json::Value::Bool(v)),
            i64 => |v: i64| <$ty>::try_from(v).map_or_else(|_| boxed(v.into()), Field::Value),
            u64 => |v: u64| <$ty>::try_from(v).map_or_else(|_| boxed(v.into()), Field::Value),
            f64 => |v: f64| integral(v)
                .and_then(|i| <$ty>::try_from(i).ok())
                .map_or_else(|| boxed(float_value(v)), Field::Value),
            str => |v: &str| boxed(serde_json::Value::String(v.to_owned())));

        impl Lenient for $ty {
            fn decode_field<'de, D: Deserializer<'de>>(d: D) -> Result<Field<Self>, D::Error> {
                d.deserialize_any($visitor)
            }
            fn coerce(value: &serde_json::Value) -> Option<Self> {
                match value {
                    serde_json::Value::String(s) => {
                        let s = s.trim();
                        s.parse().ok().or_else(|| {
                            s.parse::<f64>()
                                .ok()
                                .and_then(integral)
                                .and_then(|i| <$ty>::try_from(i).ok())
                        })
                    }
                    serde_json::Value::Number(n) => n
                        .as_i64()
                        .or_else(|| n.as_f64().and_then(integral))
                        .and_then(|i| <$ty>::try_from(i).ok()),
                    _ => None,
                }
            }
        }
    };
}

lenient_integer!(I32Visitor, i32);
lenient_integer!(I64Visitor, i64);

/// An integer as a float, when the float holds it exactly (so it re-encodes as the same
/// value).
fn exact_f64(int: i128, float: f64) -> Option<f64> {
    (float as i128 == int).then_some(float)
}

scalar_visitor!(F64Visitor, f64, "a number",
    bool => |v: bool| boxed(serde_json::Value::Bool(v)),
    i64 => |v: i64| exact_f64(v as i128, v as f64).map_or_else(|| boxed(v.into()), Field::Value),
    u64 => |v: u64| exact_f64(v as i128, v as f64).map_or_else(|| boxed(v.into()), Field::Value),
    f64 => Field::Value,
    str => |v: &str| boxed(serde_json::Value::String(v.to_owned())));

impl Lenient for f64 {
    fn decode_field<'de, D: Deserializer<'de>>(d: D) -> Result<Field<Self>, D::Error> {
        d.deserialize_any(F64Visitor)
    }
    fn coerce(value: &serde_json::Value) -> Option<Self> {
        match value {
            serde_json::Value::String(s) => s.trim().parse().ok().filter(|f: &f64| f.is_finite()),
            serde_json::Value::Number(n) => n.as_f64(),
            _ => None,
        }
    }
}

scalar_visitor!(BoolVisitor, bool, "a boolean",
    bool => Field::Value,
    i64 => |v: i64| boxed(v.into()),
    u64 => |v: u64| boxed(v.into()),
    f64 => |v: f64| boxed(float_value(v)),
    str => |v: &str| boxed(serde_json::Value::String(v.to_owned())));

impl Lenient for bool {
    fn decode_field<'de, D: Deserializer<'de>>(d: D) -> Result<Field<Self>, D::Error> {
        d.deserialize_any(BoolVisitor)
    }
    fn coerce(value: &serde_json::Value) -> Option<Self> {
        match value {
            serde_json::Value::Number(n) if n.as_i64() == Some(0) => Some(false),
            serde_json::Value::Number(n) if n.as_i64() == Some(1) => Some(true),
            serde_json::Value::String(s) => s.trim().to_ascii_lowercase().parse().ok(),
            _ => None,
        }
    }
}

struct StringVisitor;
impl<'de> Visitor<'de> for StringVisitor {
    type Value = Field<String>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Field::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Field::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Field::Value(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Field::Value(v))
    }
    keep_scalars_as_other!(bool i64 u64 f64);
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        other_from_map(map)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        other_from_seq(seq)
    }
}

impl Lenient for String {
    fn decode_field<'de, D: Deserializer<'de>>(d: D) -> Result<Field<Self>, D::Error> {
        d.deserialize_any(StringVisitor)
    }
    fn coerce(value: &serde_json::Value) -> Option<Self> {
        match value {
            serde_json::Value::Number(n) => Some(n.to_string()),
            serde_json::Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }
}

/// Decodes a string-shaped type through `String`, keeping strings that do not parse.
fn decode_parsed<'de, T, D>(d: D, parse: fn(&str) -> Option<T>) -> Result<Field<T>, D::Error>
where
    D: Deserializer<'de>,
{
    Ok(match String::decode_field(d)? {
        Field::Value(s) => match parse(&s) {
            Some(v) => Field::Value(v),
            None => boxed(serde_json::Value::String(s)),
        },
        Field::Absent => Field::Absent,
        Field::Null => Field::Null,
        Field::Other(v) => Field::Other(v),
    })
}

impl Lenient for uuid::Uuid {
    fn decode_field<'de, D: Deserializer<'de>>(d: D) -> Result<Field<Self>, D::Error> {
        decode_parsed(d, |s| uuid::Uuid::parse_str(s).ok())
    }
}

impl Lenient for crate::DateTime {
    fn decode_field<'de, D: Deserializer<'de>>(d: D) -> Result<Field<Self>, D::Error> {
        crate::datetime::decode_field(d)
    }
}

impl Lenient for serde_json::Value {
    fn decode_field<'de, D: Deserializer<'de>>(d: D) -> Result<Field<Self>, D::Error> {
        Ok(match serde_json::Value::deserialize(d)? {
            serde_json::Value::Null => Field::Null,
            v => Field::Value(v),
        })
    }
    fn coerce(value: &serde_json::Value) -> Option<Self> {
        Some(value.clone())
    }
    fn from_null() -> Option<Self> {
        Some(serde_json::Value::Null)
    }
}

/// Decodes a sequence as the vector and any other shape as `Field::Other`. Elements are
/// decoded leniently: when one of them is not of the element type (or is `null` where
/// the element type has no null), the whole array is kept as `Field::Other`, unchanged.
struct VecVisitor<T>(std::marker::PhantomData<T>);
impl<'de, T: Lenient + Serialize> Visitor<'de> for VecVisitor<T> {
    type Value = Field<Vec<T>>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Field::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Field::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut values: Vec<T> = Vec::new();
        while let Some(element) = seq.next_element_seed(ElementSeed::<T>(PhantomData))? {
            match element {
                Field::Value(v) => values.push(v),
                Field::Null => match T::from_null() {
                    Some(v) => values.push(v),
                    None => return other_array(values, serde_json::Value::Null, seq),
                },
                Field::Other(odd) => return other_array(values, *odd, seq),
                Field::Absent => return other_array(values, serde_json::Value::Null, seq),
            }
        }
        Ok(Field::Value(values))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        other_from_map(map)
    }
    keep_scalars_as_other!(bool i64 u64 f64 str);
}

impl<T: Lenient + Serialize> Lenient for Vec<T> {
    fn decode_field<'de, D: Deserializer<'de>>(d: D) -> Result<Field<Self>, D::Error> {
        d.deserialize_any(VecVisitor(PhantomData))
    }
}

/// Decodes an object as a map of leniently decoded values (`additionalProperties: {…}` in
/// the spec) and any other shape as `Field::Other`. When one value is not of the value type
/// (or is `null` where that type has no null), the whole object is kept as `Field::Other`.
struct MapVisitor<T>(std::marker::PhantomData<T>);
impl<'de, T: Lenient + Serialize> Visitor<'de> for MapVisitor<T> {
    type Value = Field<std::collections::BTreeMap<String, T>>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Field::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Field::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut values = std::collections::BTreeMap::new();
        while let Some(key) = map.next_key::<String>()? {
            let odd = match map.next_value_seed(ElementSeed::<T>(PhantomData))? {
                Field::Value(v) => {
                    values.insert(key, v);
                    continue;
                }
                Field::Null => match T::from_null() {
                    Some(v) => {
                        values.insert(key, v);
                        continue;
                    }
                    None => serde_json::Value::Null,
                },
                Field::Other(odd) => *odd,
                Field::Absent => serde_json::Value::Null,
            };
            let mut object = serde_json::Map::new();
            for (k, v) in &values {
                object.insert(
                    k.clone(),
                    serde_json::to_value(v).map_err(de::Error::custom)?,
                );
            }
            object.insert(key, odd);
            while let Some((k, v)) = map.next_entry::<String, serde_json::Value>()? {
                object.insert(k, v);
            }
            return Ok(boxed(serde_json::Value::Object(object)));
        }
        Ok(Field::Value(values))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        other_from_seq(seq)
    }
    keep_scalars_as_other!(bool i64 u64 f64 str);
}

impl<T: Lenient + Serialize> Lenient for std::collections::BTreeMap<String, T> {
    fn decode_field<'de, D: Deserializer<'de>>(d: D) -> Result<Field<Self>, D::Error> {
        d.deserialize_any(MapVisitor(PhantomData))
    }
}

/// One array element, decoded leniently.
struct ElementSeed<T>(PhantomData<T>);
impl<'de, T: Lenient> DeserializeSeed<'de> for ElementSeed<T> {
    type Value = Field<T>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Field<T>, D::Error> {
        T::decode_field(d)
    }
}

/// The rest of an array that has an element of an unexpected shape, kept whole as JSON:
/// the elements read so far, the odd one, then the others.
fn other_array<'de, T: Serialize, A: SeqAccess<'de>>(
    values: Vec<T>,
    odd: serde_json::Value,
    mut seq: A,
) -> Result<Field<Vec<T>>, A::Error> {
    let mut items = Vec::with_capacity(values.len() + 1);
    for v in &values {
        items.push(serde_json::to_value(v).map_err(de::Error::custom)?);
    }
    items.push(odd);
    while let Some(v) = seq.next_element::<serde_json::Value>()? {
        items.push(v);
    }
    Ok(boxed(serde_json::Value::Array(items)))
}

/// Decodes a model inside a field: an object becomes the model, `null` is `Null`, and any
/// other shape is kept as `Other`.
pub(crate) struct ModelVisitor<T>(pub(crate) std::marker::PhantomData<T>);
impl<'de, T: crate::Model> Visitor<'de> for ModelVisitor<T> {
    type Value = Field<T>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Field::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Field::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        crate::model::decode_map::<T, A>(map).map(Field::Value)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        other_from_seq(seq)
    }
    keep_scalars_as_other!(bool i64 u64 f64 str);
}

/// Decodes a model inside a field: an object becomes the model, `null` is `Null`, and any
/// other shape is kept as `Other`. Generated models implement [`Lenient`] with it (through
/// `impl_model_serde!`).
pub fn decode_model_field<'de, T: crate::Model, D: Deserializer<'de>>(
    d: D,
) -> Result<Field<T>, D::Error> {
    d.deserialize_any(ModelVisitor(std::marker::PhantomData))
}

/// A model nested in another is boxed, so that records stay small (a `Vec` of tickets
/// moves less memory), and decodes like the model itself.
impl<T: crate::Model> Lenient for Box<T> {
    fn decode_field<'de, D: Deserializer<'de>>(d: D) -> Result<Field<Self>, D::Error> {
        Ok(match decode_model_field::<T, D>(d)? {
            Field::Absent => Field::Absent,
            Field::Null => Field::Null,
            Field::Value(v) => Field::Value(Box::new(v)),
            Field::Other(v) => Field::Other(v),
        })
    }
}
