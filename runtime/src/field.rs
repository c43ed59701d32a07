//! [`Field`]: one model field, which may be absent, null, a value, or something else.
//!
//! A field decodes from its value's JSON text (`serde_json`'s raw-value protocol, see
//! `raw`): so a number reaches a Rust number only when that number holds it exactly
//! (`number`), and whatever does not decode is kept as the text it was. Fields that
//! expect no number may read directly instead, when the reader allows it (`read_mode`):
//! then a value that could have lost digits makes the body be read again from its text.

use crate::number;
use crate::raw::read_text;
use crate::read_mode;
use crate::RawJson;
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
/// [`Field::Other`], as the JSON text received, and sent back unchanged. So an integer
/// field holds `21` and `21.0` (and `-0.0`) as `Value(21)` (and `Value(0)`), while `"21"`
/// and a GUID string stay `Other`, so that they re-encode as strings. A number the type
/// cannot hold exactly (`2^64` in an `i64`, `2^53 + 1` or `0.1000000000000000055511151231257827`
/// in an `f64`) is `Other` too, and sent back with its digits. Read a field with
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
    /// A value that does not have the documented type, or a number that the type cannot
    /// hold exactly: its JSON text, as received. [`RawJson`] is one pointer wide, so that
    /// a field is no larger than its value (a rare case should not double the size of
    /// every record).
    Other(RawJson),
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

    /// A field holding a value of an unexpected shape (its JSON text is written as
    /// `serde_json` writes the value).
    pub fn from_other(value: serde_json::Value) -> Self {
        Field::Other(RawJson::from_value(&value))
    }

    /// The JSON text of a value that did not have the documented type (or of a number
    /// the type cannot hold exactly), as received.
    pub fn other(&self) -> Option<&RawJson> {
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
    /// converts without loss (`"21"` for an integer field; `21.5` and `2^64` do not).
    pub fn get(&self) -> Option<T>
    where
        T: Clone,
    {
        match self {
            Field::Value(v) => Some(v.clone()),
            Field::Other(v) => T::coerce(v.get()),
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

/// How a type decodes inside a [`Field`]: which JSON values are its values and which are
/// kept aside as [`Field::Other`].
pub trait Lenient: Sized {
    /// Decodes one field value.
    fn decode_field<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Field<Self>, D::Error>;

    /// Converts a kept-aside value (its JSON text) without loss, when that is possible.
    fn coerce(_raw: &str) -> Option<Self> {
        None
    }

    /// The value that `null` is, when the type has one (only for any-JSON values): used
    /// for array elements, where `null` is not "no value".
    fn from_null() -> Option<Self> {
        None
    }
}

// ---------------------------------------------------------------------------------------
// Reading from the text.

/// The field a JSON text makes: `null`, the value `value` reads from the text, or the
/// text kept aside.
#[inline]
fn from_text<T>(text: &str, value: impl FnOnce(&str) -> Option<T>) -> Field<T> {
    // The text is valid JSON: one starting with `n` is `null`.
    if text.as_bytes().first() == Some(&b'n') {
        return Field::Null;
    }
    match value(text) {
        Some(v) => Field::Value(v),
        None => Field::Other(RawJson::trusted(text)),
    }
}

/// Decodes a scalar field from its JSON text.
#[inline]
fn decode_scalar<'de, T, D, F>(d: D, value: F) -> Result<Field<T>, D::Error>
where
    D: Deserializer<'de>,
    F: FnOnce(&str) -> Option<T>,
{
    read_text(d, |text| Ok(from_text(text, value)))
}

/// The string a JSON text holds, when it is a string.
fn string(text: &str) -> Option<String> {
    let inner = text.strip_prefix('"')?.strip_suffix('"')?;
    if inner.contains('\\') {
        serde_json::from_str(text).ok()
    } else {
        // No escape: the text between the quotes is the string (`serde_json` has checked
        // that it holds no control character).
        Some(inner.to_owned())
    }
}

/// How many containers are being decoded, each from its own text, on this thread.
///
/// Each container field decodes from a new `serde_json` reader, whose recursion limit
/// counts from zero; this count bounds the nesting across them, so that a hostile body
/// cannot overflow the stack. Past the limit a container is kept as its text.
mod nesting {
    use std::cell::Cell;

    /// As deep as `serde_json` lets one reader go.
    const LIMIT: u32 = 128;

    thread_local! {
        static DEPTH: Cell<u32> = const { Cell::new(0) };
    }

    /// One level of nesting, given back when dropped.
    pub(super) struct Level(());

    impl Level {
        /// Enters one more level, or `None` past the limit.
        pub(super) fn enter() -> Option<Level> {
            DEPTH
                .try_with(|depth| {
                    let now = depth.get();
                    (now < LIMIT).then(|| {
                        depth.set(now + 1);
                        Level(())
                    })
                })
                .ok()
                .flatten()
        }
    }

    impl Drop for Level {
        fn drop(&mut self) {
            let _ = DEPTH.try_with(|depth| depth.set(depth.get().saturating_sub(1)));
        }
    }
}

/// Decodes a container field (array, object, record) from its text: `null`; the value
/// `visitor` reads when the text starts with `open`; else, or when `visitor` meets an
/// element it does not take (it fails, on a text that is valid JSON), the text kept whole.
#[inline(never)]
fn container_from_text<'de, D, V, T>(
    d: D,
    open: u8,
    visitor: fn() -> V,
) -> Result<Field<T>, D::Error>
where
    D: Deserializer<'de>,
    V: for<'a> Visitor<'a, Value = Field<T>>,
{
    read_text(d, |text| {
        Ok(from_text(text, |text| {
            if text.as_bytes().first() != Some(&open) {
                return None;
            }
            let _level = nesting::Level::enter()?;
            let mut de = serde_json::Deserializer::from_str(text);
            match de.deserialize_any(visitor()) {
                Ok(Field::Value(v)) => Some(v),
                _ => None,
            }
        }))
    })
}

// ---------------------------------------------------------------------------------------
// Reading directly (`read_mode::direct`): what arrives exactly is taken; a value that
// could have lost digits marks the read as lost, and the body is read again from its text.

/// The text of a value read directly, for `Field::Other`: exact for strings, booleans
/// and integers.
fn other_of<T>(value: serde_json::Value) -> Field<T> {
    Field::Other(RawJson::from_value(&value))
}

/// A value that could have lost digits: the read is marked lost and redone, so what is
/// returned here is never kept.
#[cold]
fn lost<T>() -> Field<T> {
    read_mode::lost();
    Field::Null
}

/// Skips the rest of a map read directly, after a loss.
#[cold]
fn lost_map<'de, A: MapAccess<'de>, T>(mut map: A) -> Result<Field<T>, A::Error> {
    while map
        .next_entry::<de::IgnoredAny, de::IgnoredAny>()?
        .is_some()
    {}
    Ok(lost())
}

/// Skips the rest of a sequence read directly, after a loss.
#[cold]
fn lost_seq<'de, A: SeqAccess<'de>, T>(mut seq: A) -> Result<Field<T>, A::Error> {
    while seq.next_element::<de::IgnoredAny>()?.is_some() {}
    Ok(lost())
}

/// Visitor methods for values read directly that a visitor does not take as its value:
/// strings, booleans and integers are kept exactly, floats and containers are lost.
macro_rules! direct_others {
    ($($kind:ident)*) => { $( direct_others!(@one $kind); )* };
    (@one null) => {
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(Field::Null)
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(Field::Null)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(self)
        }
    };
    (@one bool) => {
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
            Ok(other_of(v.into()))
        }
    };
    (@one int) => {
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok(other_of(v.into()))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Ok(other_of(v.into()))
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Ok(lost())
        }
    };
    (@one str) => {
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(other_of(v.into()))
        }
    };
    (@one map) => {
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
            lost_map(map)
        }
    };
    (@one seq) => {
        fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
            lost_seq(seq)
        }
    };
}

/// A string-shaped value read directly: a string that `parse` takes is the value, any
/// other string is kept.
struct DirectString<F>(F);
impl<'de, T, F: FnOnce(&str) -> Option<T>> Visitor<'de> for DirectString<F> {
    type Value = Field<T>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(match (self.0)(v) {
            Some(value) => Field::Value(value),
            None => other_of(v.into()),
        })
    }
    direct_others!(null bool int map seq);
}

/// A string field read directly.
struct DirectOwnedString;
impl<'de> Visitor<'de> for DirectOwnedString {
    type Value = Field<String>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Field::Value(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Field::Value(v))
    }
    direct_others!(null bool int map seq);
}

/// A boolean field read directly.
struct DirectBool;
impl<'de> Visitor<'de> for DirectBool {
    type Value = Field<bool>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a boolean")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Field::Value(v))
    }
    direct_others!(null int str map seq);
}

// ---------------------------------------------------------------------------------------
// The types.

/// Decodes a number field from its text: the number when `read` takes it, else `null` or
/// the text kept aside (off the common path).
#[inline]
fn decode_number<'de, T, D: Deserializer<'de>>(
    d: D,
    read: impl FnOnce(&str) -> Option<T>,
) -> Result<Field<T>, D::Error> {
    read_text(d, |text| {
        Ok(match read(text) {
            Some(v) => Field::Value(v),
            None => null_or_other(text),
        })
    })
}

/// The field of a text that is not a value of the field's type: `null`, or kept aside.
#[cold]
fn null_or_other<T>(text: &str) -> Field<T> {
    from_text(text, |_| None)
}

macro_rules! lenient_integer {
    ($ty:ty) => {
        /// Always read from the text (numbers).
        impl Lenient for $ty {
            #[inline]
            fn decode_field<'de, D: Deserializer<'de>>(d: D) -> Result<Field<Self>, D::Error> {
                decode_number(d, number::integer)
            }
            fn coerce(raw: &str) -> Option<Self> {
                match string(raw) {
                    Some(s) => number::integer(s.trim()),
                    None => number::integer(raw),
                }
            }
        }
    };
}

lenient_integer!(i32);
lenient_integer!(i64);

/// Always read from the text (numbers).
impl Lenient for f64 {
    #[inline]
    fn decode_field<'de, D: Deserializer<'de>>(d: D) -> Result<Field<Self>, D::Error> {
        decode_number(d, number::float)
    }
    fn coerce(raw: &str) -> Option<Self> {
        match string(raw) {
            Some(s) => number::float(s.trim()),
            None => number::float(raw),
        }
    }
}

impl Lenient for bool {
    #[inline]
    fn decode_field<'de, D: Deserializer<'de>>(d: D) -> Result<Field<Self>, D::Error> {
        if read_mode::direct() {
            return direct_bool(d);
        }
        exact_bool(d)
    }
    fn coerce(raw: &str) -> Option<Self> {
        match string(raw) {
            Some(s) => s.trim().to_ascii_lowercase().parse().ok(),
            None => match number::integer::<i64>(raw) {
                Some(0) => Some(false),
                Some(1) => Some(true),
                _ => None,
            },
        }
    }
}

impl Lenient for String {
    #[inline]
    fn decode_field<'de, D: Deserializer<'de>>(d: D) -> Result<Field<Self>, D::Error> {
        if read_mode::direct() {
            return direct_string(d);
        }
        exact_string(d)
    }
    fn coerce(raw: &str) -> Option<Self> {
        // A number (as sent: `42`, `1E+2`) or a boolean, as its text.
        match raw.as_bytes().first() {
            Some(b'-' | b'0'..=b'9' | b't' | b'f') => Some(raw.to_owned()),
            _ => None,
        }
    }
}

/// A string-shaped type: read directly through `DirectString`, or from the text.
#[inline]
fn decode_string_shaped<'de, T, D, F>(d: D, parse: F) -> Result<Field<T>, D::Error>
where
    D: Deserializer<'de>,
    F: FnOnce(&str) -> Option<T>,
{
    if read_mode::direct() {
        return direct_string_shaped(d, parse);
    }
    exact_string_shaped(d, parse)
}

/// Reads a string-shaped field directly (its own function, as [`direct_string`]).
#[inline(never)]
fn direct_string_shaped<'de, T, D, F>(d: D, parse: F) -> Result<Field<T>, D::Error>
where
    D: Deserializer<'de>,
    F: FnOnce(&str) -> Option<T>,
{
    d.deserialize_any(DirectString(parse))
}

// The two paths of the types that may read directly, each in a function of its own: the
// check between them stays small, and each path compiles as it did alone.

/// Reads a boolean field directly (its own function, as [`direct_string`]).
#[inline(never)]
fn direct_bool<'de, D: Deserializer<'de>>(d: D) -> Result<Field<bool>, D::Error> {
    d.deserialize_any(DirectBool)
}

#[inline(never)]
fn exact_bool<'de, D: Deserializer<'de>>(d: D) -> Result<Field<bool>, D::Error> {
    decode_scalar(d, |text| match text {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    })
}

/// Reads a string field directly (its own function, where the string's allocation is
/// inlined: measured fewer instructions).
#[inline(never)]
fn direct_string<'de, D: Deserializer<'de>>(d: D) -> Result<Field<String>, D::Error> {
    d.deserialize_any(DirectOwnedString)
}

#[inline(never)]
fn exact_string<'de, D: Deserializer<'de>>(d: D) -> Result<Field<String>, D::Error> {
    decode_scalar(d, string)
}

#[inline(never)]
fn exact_string_shaped<'de, T, D, F>(d: D, parse: F) -> Result<Field<T>, D::Error>
where
    D: Deserializer<'de>,
    F: FnOnce(&str) -> Option<T>,
{
    decode_scalar(d, |text| parse(&string(text)?))
}

impl Lenient for uuid::Uuid {
    #[inline]
    fn decode_field<'de, D: Deserializer<'de>>(d: D) -> Result<Field<Self>, D::Error> {
        decode_string_shaped(d, |s| uuid::Uuid::parse_str(s).ok())
    }
}

impl Lenient for crate::DateTime {
    #[inline]
    fn decode_field<'de, D: Deserializer<'de>>(d: D) -> Result<Field<Self>, D::Error> {
        decode_string_shaped(d, crate::datetime::from_str)
    }
}

/// Any JSON, always read from the text. A value whose every number `serde_json::Value`
/// holds exactly is a `Value`; one with a number it would change (`2^64`,
/// `0.1000000000000000055511151231257827`, or a decimal `serde_json` reads a unit in the
/// last place off) is kept as `Other`, its text.
impl Lenient for serde_json::Value {
    fn decode_field<'de, D: Deserializer<'de>>(d: D) -> Result<Field<Self>, D::Error> {
        decode_scalar(d, |text| {
            if number::value_holds_all(text) {
                serde_json::from_str(text).ok()
            } else {
                None
            }
        })
    }
    fn coerce(_raw: &str) -> Option<Self> {
        // `Other` holds a number a `Value` cannot hold: there is no lossless conversion.
        None
    }
    fn from_null() -> Option<Self> {
        Some(serde_json::Value::Null)
    }
}

/// The error that makes a container read from its text keep that text: an element of
/// another shape.
fn odd<E: de::Error>() -> E {
    E::custom("an element of another shape")
}

/// One element of a container: its value, or `None` when the container does not take it.
struct ElementSeed<T>(PhantomData<T>);
impl<'de, T: Lenient> DeserializeSeed<'de> for ElementSeed<T> {
    type Value = Option<T>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<T>, D::Error> {
        Ok(match T::decode_field(d)? {
            Field::Value(v) => Some(v),
            Field::Null => T::from_null(),
            Field::Other(_) | Field::Absent => None,
        })
    }
}

/// An array: the vector when every element decodes (`null` only where the element type
/// has a null). Read from the text, one that does not fails (`odd`), and the caller keeps
/// the text; read directly, the read is lost.
struct VecVisitor<T>(PhantomData<T>);
impl<'de, T: Lenient> Visitor<'de> for VecVisitor<T> {
    type Value = Field<Vec<T>>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut values: Vec<T> = Vec::new();
        while let Some(element) = seq.next_element_seed(ElementSeed::<T>(PhantomData))? {
            match element {
                Some(v) => values.push(v),
                None if read_mode::direct() => return lost_seq(seq),
                None => return Err(odd()),
            }
        }
        Ok(Field::Value(values))
    }
    direct_others!(null bool int str map);
}

impl<T: Lenient> Lenient for Vec<T> {
    fn decode_field<'de, D: Deserializer<'de>>(d: D) -> Result<Field<Self>, D::Error> {
        if read_mode::direct() {
            return d.deserialize_any(VecVisitor(PhantomData));
        }
        container_from_text(d, b'[', || VecVisitor(PhantomData))
    }
}

/// An object whose every value decodes (`additionalProperties: {…}` in the spec), as
/// [`VecVisitor`] for arrays.
struct MapVisitor<T>(PhantomData<T>);
impl<'de, T: Lenient> Visitor<'de> for MapVisitor<T> {
    type Value = Field<std::collections::BTreeMap<String, T>>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut values = std::collections::BTreeMap::new();
        while let Some(key) = map.next_key::<String>()? {
            match map.next_value_seed(ElementSeed::<T>(PhantomData))? {
                Some(value) => {
                    values.insert(key, value);
                }
                None if read_mode::direct() => return lost_map(map),
                None => return Err(odd()),
            }
        }
        Ok(Field::Value(values))
    }
    direct_others!(null bool int str seq);
}

impl<T: Lenient> Lenient for std::collections::BTreeMap<String, T> {
    fn decode_field<'de, D: Deserializer<'de>>(d: D) -> Result<Field<Self>, D::Error> {
        if read_mode::direct() {
            return d.deserialize_any(MapVisitor(PhantomData));
        }
        container_from_text(d, b'{', || MapVisitor(PhantomData))
    }
}

/// A model's object.
struct ModelVisitor<T>(PhantomData<T>);
impl<'de, T: crate::Model> Visitor<'de> for ModelVisitor<T> {
    type Value = Field<T>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object")
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Field<T>, A::Error> {
        crate::model::decode_map::<T, A>(map).map(Field::Value)
    }
    direct_others!(null bool int str seq);
}

/// Decodes a model inside a field: an object becomes the model, `null` is `Null`, and any
/// other shape is kept as `Other`. Generated models implement [`Lenient`] with it (through
/// `impl_model_serde!`).
pub fn decode_model_field<'de, T: crate::Model, D: Deserializer<'de>>(
    d: D,
) -> Result<Field<T>, D::Error> {
    if read_mode::direct() {
        return d.deserialize_any(ModelVisitor(PhantomData));
    }
    container_from_text(d, b'{', || ModelVisitor(PhantomData))
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
