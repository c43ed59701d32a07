//! [`DateTime`]: a Halo date-time, kept exactly as received, read through chrono.

use chrono::{NaiveDate, NaiveDateTime, Utc};
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
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a Halo date-time: {0:?}")]
pub struct DateTimeParseError(pub String);

const NOT_SET: [&str; 3] = ["1900-01-01", "1899-12-30", "0001-01-01"];

impl DateTime {
    /// Wraps a date-time text as received; it is parsed only on demand.
    pub fn from_raw(raw: impl Into<String>) -> Self {
        Self { raw: raw.into() }
    }

    /// The text as received.
    pub fn as_str(&self) -> &str {
        &self.raw
    }

    /// Parses the text; `Ok(None)` for Halo's "not set" markers.
    pub fn parse(&self) -> Result<Option<Timestamp>, DateTimeParseError> {
        let err = || DateTimeParseError(self.raw.clone());
        let text = self.raw.trim();
        let (local, utc) = match text.strip_suffix(['Z', 'z']) {
            Some(rest) => (rest, true),
            None => (text, false),
        };
        if !utc && has_offset(local) {
            let parsed = chrono::DateTime::parse_from_rfc3339(local).map_err(|_| err())?;
            return Ok(Some(Timestamp::Utc(parsed.with_timezone(&Utc))));
        }
        let naive = NaiveDateTime::parse_from_str(local, "%Y-%m-%dT%H:%M:%S%.f")
            .or_else(|_| NaiveDateTime::parse_from_str(local, "%Y-%m-%d %H:%M:%S%.f"))
            .or_else(|_| {
                NaiveDate::parse_from_str(local, "%Y-%m-%d")
                    .map(|d| d.and_hms_opt(0, 0, 0).unwrap_or_default())
            })
            .map_err(|_| err())?;
        if naive.time() == chrono::NaiveTime::MIN
            && NOT_SET.contains(&naive.date().format("%Y-%m-%d").to_string().as_str())
        {
            return Ok(None);
        }
        Ok(Some(if utc {
            Timestamp::Utc(naive.and_utc())
        } else {
            Timestamp::Local(naive)
        }))
    }

    /// True when the text is one of Halo's "not set" markers.
    pub fn is_unset(&self) -> bool {
        matches!(self.parse(), Ok(None))
    }

    /// The instant, when the text had an offset.
    pub fn utc(&self) -> Option<chrono::DateTime<Utc>> {
        match self.parse() {
            Ok(Some(Timestamp::Utc(t))) => Some(t),
            _ => None,
        }
    }

    /// The wall-clock time as written (for an instant: its UTC wall-clock time).
    pub fn naive(&self) -> Option<NaiveDateTime> {
        match self.parse() {
            Ok(Some(Timestamp::Utc(t))) => Some(t.naive_utc()),
            Ok(Some(Timestamp::Local(t))) => Some(t),
            _ => None,
        }
    }
}

/// True when the text after the date has a `+hh:mm` or `-hh:mm` offset.
fn has_offset(text: &str) -> bool {
    text.get(10..)
        .is_some_and(|time| time.contains('+') || time.contains('-'))
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
