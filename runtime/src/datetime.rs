//! [`DateTime`]: a Halo date-time, kept exactly as received, read through chrono.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A date-time as Halo sends it.
///
/// Halo mixes formats within one record: `2024-06-20T14:45:15.9746271Z` (UTC, up to seven
/// fractional digits), `2024-08-16T07:30:00Z`, and local times with no offset at all
/// (`2019-04-23T15:33:00`). The text is kept as received, so it re-encodes unchanged;
/// [`DateTime::parse`] gives typed access. Halo writes "not set" as
/// `1900-01-01T00:00:00`, `1899-12-30T00:00:00` or `0001-01-01T00:00:00`: those parse as
/// `None`.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct DateTime {
    raw: String,
}

/// A parsed date-time: a UTC instant when the text had an offset, a local wall-clock time
/// when it had none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Timestamp {
    /// The text had an offset (`Z` or `±hh:mm`): an instant, converted to UTC.
    Utc(chrono::DateTime<Utc>),
    /// The text had no offset: a wall-clock time in the instance's time zone.
    Local(NaiveDateTime),
}

/// A date-time text that is not in any format Halo uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateTimeParseError(pub String);

impl std::fmt::Display for DateTimeParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "not a Halo date-time: {:?}", self.0)
    }
}

impl std::error::Error for DateTimeParseError {}

/// Halo's "not set" dates, each at midnight: `(year, month, day)`.
const NOT_SET: [(i32, u32, u32); 3] = [(1900, 1, 1), (1899, 12, 30), (1, 1, 1)];

impl DateTime {
    /// Wraps a date-time text as received; it is parsed only on demand.
    pub fn from_raw(raw: impl Into<String>) -> Self {
        Self { raw: raw.into() }
    }

    /// The text as received.
    pub fn as_str(&self) -> &str {
        &self.raw
    }

    /// Takes the text out.
    pub fn into_string(self) -> String {
        self.raw
    }

    /// Parses the text; `Ok(None)` for Halo's "not set" markers.
    ///
    /// Accepted: `YYYY-MM-DD`, then `T` (or a space) and `hh:mm`, optionally `:ss` and a
    /// fraction of any number of digits (nanoseconds are kept, digits past the ninth are
    /// dropped), then optionally `Z`, `±hh:mm`, `±hhmm` or `±hh`. A text with an offset is an
    /// instant ([`Timestamp::Utc`]); one without is a wall-clock time ([`Timestamp::Local`]).
    pub fn parse(&self) -> Result<Option<Timestamp>, DateTimeParseError> {
        parse_text(&self.raw).ok_or_else(|| DateTimeParseError(self.raw.clone()))
    }

    /// The parsed value; `None` when the text is a "not set" marker or does not parse.
    pub fn timestamp(&self) -> Option<Timestamp> {
        parse_text(&self.raw).flatten()
    }

    /// True when the text is one of Halo's "not set" markers.
    pub fn is_unset(&self) -> bool {
        matches!(parse_text(&self.raw), Some(None))
    }

    /// The instant, when the text had an offset.
    pub fn utc(&self) -> Option<chrono::DateTime<Utc>> {
        match self.timestamp() {
            Some(Timestamp::Utc(t)) => Some(t),
            _ => None,
        }
    }

    /// The wall-clock time as written (for an instant: its UTC wall-clock time).
    pub fn naive(&self) -> Option<NaiveDateTime> {
        match self.timestamp() {
            Some(Timestamp::Utc(t)) => Some(t.naive_utc()),
            Some(Timestamp::Local(t)) => Some(t),
            None => None,
        }
    }

    /// True when the text is in a format Halo uses (a "not set" marker is one).
    pub fn is_valid(&self) -> bool {
        scan(&self.raw).is_some()
    }
}

impl crate::Field<DateTime> {
    /// The parsed date-time: `None` when the field is absent, null, a "not set" marker,
    /// or not a date-time.
    pub fn timestamp(&self) -> Option<Timestamp> {
        self.value().and_then(DateTime::timestamp)
    }
}

/// A cursor over the bytes of a date-time text.
struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn eat(&mut self, byte: u8) -> bool {
        let hit = self.peek() == Some(byte);
        if hit {
            self.pos += 1;
        }
        hit
    }

    /// A separator, then exactly `n` ASCII digits as a number.
    fn after(&mut self, separator: u8, n: usize) -> Option<u32> {
        if self.eat(separator) {
            self.digits(n)
        } else {
            None
        }
    }

    /// Exactly `n` ASCII digits as a number.
    fn digits(&mut self, n: usize) -> Option<u32> {
        let slice = self.bytes.get(self.pos..self.pos + n)?;
        let mut value = 0u32;
        for &b in slice {
            if !b.is_ascii_digit() {
                return None;
            }
            value = value * 10 + u32::from(b - b'0');
        }
        self.pos += n;
        Some(value)
    }
}

/// The fields of a date-time text, checked for range.
struct Parts {
    year: u32,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
    nano: u32,
    /// Seconds east of UTC, when the text has an offset.
    offset: Option<i32>,
}

// `u32::is_multiple_of` is newer than the workspace's minimum Rust (1.80).
#[allow(unknown_lints, clippy::manual_is_multiple_of)]
fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Reads a Halo date-time text without building any date type: fast enough to check
/// every date-time field while decoding.
fn scan(text: &str) -> Option<Parts> {
    let mut c = Cursor {
        bytes: text.trim().as_bytes(),
        pos: 0,
    };
    let year = c.digits(4)?;
    let month = c.after(b'-', 2)?;
    let day = c.after(b'-', 2)?;
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return None;
    }
    let (mut hour, mut minute, mut second, mut nano) = (0, 0, 0, 0);
    if c.eat(b'T') || c.eat(b't') || c.eat(b' ') {
        hour = c.digits(2)?;
        minute = c.after(b':', 2)?;
        if c.eat(b':') {
            second = c.digits(2)?;
            if c.eat(b'.') || c.eat(b',') {
                let start = c.pos;
                let mut scale = 100_000_000u32;
                while let Some(b) = c.peek().filter(u8::is_ascii_digit) {
                    nano += u32::from(b - b'0') * scale;
                    scale /= 10;
                    c.pos += 1;
                }
                if c.pos == start {
                    return None;
                }
            }
        }
    }
    if hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let offset = match c.peek() {
        None => None,
        Some(b'Z' | b'z') => {
            c.pos += 1;
            Some(0)
        }
        Some(sign @ (b'+' | b'-')) => {
            c.pos += 1;
            let hours = c.digits(2)?;
            let minutes = if c.eat(b':') {
                c.digits(2)?
            } else {
                c.digits(2).unwrap_or(0)
            };
            if hours > 23 || minutes > 59 {
                return None;
            }
            let seconds = i32::try_from(hours * 3600 + minutes * 60).ok()?;
            Some(if sign == b'-' { -seconds } else { seconds })
        }
        Some(_) => return None,
    };
    if c.pos != c.bytes.len() {
        return None;
    }
    Some(Parts {
        year,
        month,
        day,
        hour,
        minute,
        second,
        nano,
        offset,
    })
}

/// Parses a Halo date-time: `None` when it is not one, `Some(None)` for a "not set" marker.
fn parse_text(text: &str) -> Option<Option<Timestamp>> {
    let p = scan(text)?;
    let midnight = p.hour == 0 && p.minute == 0 && p.second == 0 && p.nano == 0;
    let year = i32::try_from(p.year).ok()?;
    if midnight
        && NOT_SET
            .iter()
            .any(|&(y, m, d)| (y, m, d) == (year, p.month, p.day))
    {
        return Some(None);
    }
    let date = NaiveDate::from_ymd_opt(year, p.month, p.day)?;
    let time = NaiveTime::from_hms_nano_opt(p.hour, p.minute, p.second, p.nano)?;
    let naive = NaiveDateTime::new(date, time);
    Some(Some(match p.offset {
        None => Timestamp::Local(naive),
        Some(offset) => {
            let utc =
                naive.checked_sub_signed(chrono::TimeDelta::try_seconds(i64::from(offset))?)?;
            Timestamp::Utc(utc.and_utc())
        }
    }))
}

/// The date-time a field's string holds, when it is in a Halo format; any other string
/// (or shape) is kept aside as [`crate::Field::Other`].
#[inline]
pub(crate) fn from_str(s: &str) -> Option<DateTime> {
    scan(s).is_some().then(|| DateTime { raw: s.to_owned() })
}

impl From<chrono::DateTime<Utc>> for DateTime {
    fn from(value: chrono::DateTime<Utc>) -> Self {
        Self::from_raw(value.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))
    }
}

impl From<NaiveDateTime> for DateTime {
    fn from(value: NaiveDateTime) -> Self {
        Self::from_raw(value.format("%Y-%m-%dT%H:%M:%S%.f").to_string())
    }
}

impl fmt::Debug for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DateTime({:?})", self.raw)
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}

impl Serialize for DateTime {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.raw)
    }
}

impl<'de> Deserialize<'de> for DateTime {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Self::from_raw)
    }
}
