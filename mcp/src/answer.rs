//! The answers' shapes and caps: an assistant never gets an unbounded answer. A list holds
//! at most [`Limits::max_records`] records and [`Limits::max_bytes`] bytes of them (as
//! compact JSON), a single record, value or text at most [`Limits::max_bytes`]; what is
//! left out is said in `note`. `fields` keeps only some fields of each record, first, so
//! that more records fit.

use crate::call::Page;
use serde_json::{json, Map, Value};

/// The caps of one answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The most records an answer holds (and the largest page asked of Halo).
    pub max_records: usize,
    /// The most bytes of records, value or text an answer holds, as compact JSON.
    pub max_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_records: DEFAULT_MAX_RECORDS,
            max_bytes: DEFAULT_MAX_BYTES,
        }
    }
}

/// The default of `--max-records`.
pub const DEFAULT_MAX_RECORDS: usize = 25;
/// The default of `--max-bytes`: about 15,000 tokens of JSON.
pub const DEFAULT_MAX_BYTES: usize = 60_000;

/// The size of a value as compact JSON.
fn size(value: &Value) -> usize {
    struct Count(usize);
    impl std::io::Write for Count {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0 += buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut count = Count(0);
    // Writing to a counter cannot fail, and a `Value` always encodes.
    let _ = serde_json::to_writer(&mut count, value);
    count.0
}

fn select(value: Value, fields: Option<&[String]>) -> Value {
    match fields {
        Some(fields) => halopsa_runtime::select::project(value, fields),
        None => value,
    }
}

/// Records, the fields selected, cut to the caps: how many were kept, and why others
/// were not.
fn cap(records: Vec<Value>, fields: Option<&[String]>, limits: &Limits) -> (Vec<Value>, Cut) {
    let given = records.len();
    let mut kept = Vec::with_capacity(given.min(limits.max_records));
    let mut bytes = 2;
    let mut cut = Cut::None;
    for record in records {
        if kept.len() == limits.max_records {
            cut = Cut::Records;
            break;
        }
        let record = select(record, fields);
        let len = size(&record) + usize::from(!kept.is_empty());
        if bytes + len > limits.max_bytes {
            cut = Cut::Bytes;
            break;
        }
        bytes += len;
        kept.push(record);
    }
    (kept, cut)
}

/// Why records were left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cut {
    None,
    Records,
    Bytes,
}

fn cut_note(cut: Cut, kept: usize, given: usize, limits: &Limits, fields: bool) -> Option<String> {
    let smaller = if fields {
        "fewer `fields`"
    } else {
        "`fields` (only the fields needed)"
    };
    match cut {
        Cut::None => None,
        Cut::Records => Some(format!(
            "Cut: {kept} of the {given} records Halo answered, the most an answer holds (--max-records {}).",
            limits.max_records
        )),
        Cut::Bytes => Some(format!(
            "Cut: {kept} of the {given} records Halo answered fit in {} bytes (--max-bytes); ask with {smaller} to get more in one answer.",
            limits.max_bytes
        )),
    }
}

/// The answer of one record: `record`, or a note when it is larger than the cap.
pub fn record(value: Value, fields: Option<&[String]>, limits: &Limits) -> Map<String, Value> {
    let value = select(value, fields);
    let mut out = Map::new();
    let len = size(&value);
    if len > limits.max_bytes {
        out.insert(
            "note".into(),
            json!(format!(
                "Cut: the record is {len} bytes, over the {} an answer holds (--max-bytes); ask again with `fields` (only the fields needed).",
                limits.max_bytes
            )),
        );
    } else {
        out.insert("record".into(), value);
    }
    out
}

/// The answer of saved records: `records`, capped.
pub fn records(
    records: Vec<Value>,
    fields: Option<&[String]>,
    limits: &Limits,
) -> Map<String, Value> {
    let given = records.len();
    let (kept, cut) = cap(records, fields, limits);
    let mut out = Map::new();
    let note = cut_note(cut, kept.len(), given, limits, fields.is_some());
    out.insert("records".into(), Value::Array(kept));
    if let Some(note) = note {
        out.insert("note".into(), json!(note));
    }
    out
}

/// The answer of a list: `records` (capped), `count`, `total` when Halo counts them, and
/// for a paged list `next_cursor` while there are more pages.
pub fn list(
    records: Vec<Value>,
    total: Option<i64>,
    page: Option<Page>,
    fields: Option<&[String]>,
    limits: &Limits,
) -> Map<String, Value> {
    let given = records.len();
    let received = i64::try_from(given).unwrap_or(i64::MAX);
    let (kept, cut) = cap(records, fields, limits);
    let mut notes = Vec::new();
    notes.extend(cut_note(cut, kept.len(), given, limits, fields.is_some()));
    let next = page.and_then(|page| {
        let more = match total {
            // Trust the records received: Halo may send fewer than asked for.
            Some(total) => {
                received > 0 && (page.number - 1).saturating_mul(page.size) + received < total
            }
            None => received >= page.size,
        };
        more.then(|| Page {
            number: page.number + 1,
            size: page.size,
        })
    });
    if cut != Cut::None && next.is_some() {
        notes.push("`next_cursor` goes on with the next page, after the records cut.".into());
    }
    if cut != Cut::None && page.is_none() {
        notes.push("This operation has no paging: narrow the query to see the others.".into());
    }
    let mut out = Map::new();
    out.insert("count".into(), json!(kept.len()));
    out.insert("records".into(), Value::Array(kept));
    if let Some(total) = total {
        out.insert("total".into(), json!(total));
    }
    if let Some(next) = next {
        out.insert("next_cursor".into(), json!(next.cursor()));
    }
    if !notes.is_empty() {
        out.insert("note".into(), json!(notes.join(" ")));
    }
    out
}

/// The answer of another value: `value`; an array is capped as records are, anything else
/// larger than the cap is left out with a note.
pub fn value(value: Value, limits: &Limits) -> Map<String, Value> {
    let mut out = Map::new();
    match value {
        Value::Array(items) => {
            let given = items.len();
            let (kept, cut) = cap(items, None, limits);
            if let Some(note) = cut_note(cut, kept.len(), given, limits, false) {
                out.insert("note".into(), json!(note.replace("records", "items")));
            }
            out.insert("value".into(), Value::Array(kept));
        }
        value => {
            let len = size(&value);
            if len > limits.max_bytes {
                out.insert(
                    "note".into(),
                    json!(format!(
                        "Cut: Halo's answer is {len} bytes of JSON, over the {} an answer holds (--max-bytes).",
                        limits.max_bytes
                    )),
                );
            } else {
                out.insert("value".into(), value);
            }
        }
    }
    out
}

/// The answer of a text body: `text`, cut at the cap.
pub fn text(mut text: String, limits: &Limits) -> Map<String, Value> {
    let mut out = Map::new();
    let len = text.len();
    if len > limits.max_bytes {
        let mut end = limits.max_bytes;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
        out.insert(
            "note".into(),
            json!(format!(
                "Cut: the text is {len} bytes; the first {end} are here (--max-bytes)."
            )),
        );
    }
    out.insert("text".into(), json!(text));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tickets(n: usize) -> Vec<Value> {
        (1..=n)
            .map(|i| json!({"id": i, "summary": "x".repeat(50), "user": {"name": "n"}}))
            .collect()
    }

    #[test]
    fn a_page_has_a_cursor_until_the_last() {
        let limits = Limits::default();
        let page = Page { number: 1, size: 2 };
        let out = list(tickets(2), Some(5), Some(page), None, &limits);
        assert_eq!(out["next_cursor"], "2:2");
        assert_eq!(out["count"], 2);
        assert_eq!(out["total"], 5);
        assert!(!out.contains_key("note"));
        let last = Page { number: 3, size: 2 };
        let out = list(tickets(1), Some(5), Some(last), None, &limits);
        assert!(!out.contains_key("next_cursor"));
        // Without a total, a full page may have a next one; a short page is the last.
        let out = list(tickets(2), None, Some(page), None, &limits);
        assert_eq!(out["next_cursor"], "2:2");
        let out = list(tickets(1), None, Some(page), None, &limits);
        assert!(!out.contains_key("next_cursor"));
    }

    #[test]
    fn answers_are_capped_with_a_note() {
        let limits = Limits {
            max_records: 3,
            max_bytes: 1_000_000,
        };
        let out = list(tickets(10), None, None, None, &limits);
        assert_eq!(out["count"], 3);
        let note = out["note"].as_str().unwrap();
        assert!(
            note.contains("3 of the 10") && note.contains("no paging"),
            "{note}"
        );

        let limits = Limits {
            max_records: 100,
            max_bytes: 300,
        };
        let out = records(tickets(10), None, &limits);
        let kept = out["records"].as_array().unwrap();
        assert!(!kept.is_empty() && kept.len() < 10);
        assert!(serde_json::to_string(kept).unwrap().len() <= 300);
        assert!(out["note"].as_str().unwrap().contains("--max-bytes"));
        // Fewer fields: every record fits.
        let fields = vec!["id".to_owned()];
        let out = records(tickets(10), Some(&fields), &limits);
        assert_eq!(out["records"].as_array().unwrap().len(), 10);
        assert_eq!(out["records"][0], json!({"id": 1}));
        assert!(!out.contains_key("note"));
    }

    #[test]
    fn a_record_value_or_text_over_the_cap_is_cut() {
        let limits = Limits {
            max_records: 10,
            max_bytes: 20,
        };
        let out = record(json!({"summary": "x".repeat(50)}), None, &limits);
        assert!(!out.contains_key("record") && out["note"].as_str().unwrap().contains("fields"));
        let out = value(json!({"a": "x".repeat(50)}), &limits);
        assert!(!out.contains_key("value"));
        let out = text("é".repeat(20), &limits);
        assert_eq!(out["text"].as_str().unwrap().len(), 20);
        assert!(out["note"].as_str().unwrap().contains("40 bytes"));
    }
}
