//! The answers' shapes and caps: an assistant never gets an unbounded answer. A list holds
//! at most [`Limits::max_records`] records and [`Limits::max_bytes`] bytes of them (as
//! compact JSON), a single record, value or text at most [`Limits::max_bytes`]; what is
//! left out is said in `note`. `fields` keeps only some fields of each record, first, so
//! that more records fit.
//!
//! An answer is JSON text, written straight from the SDK's typed records (every key as
//! received, numbers as received), and, when the server gives structured content, the
//! same as a JSON value. Building that value costs more than the rest of the answer, so it
//! is built only then, and only of the records kept.

use crate::call::Page;
use serde::Serialize;
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

/// How answers are made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Shape {
    /// The caps.
    pub limits: Limits,
    /// Whether answers carry structured content (the JSON value) beside their text.
    pub structured: bool,
}

/// A tool's answer: its JSON text, and the same as an object when the server gives
/// structured content.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// The answer as compact JSON text.
    pub text: String,
    /// The answer as a JSON object, for structured content.
    pub structured: Option<Map<String, Value>>,
}

impl Outcome {
    /// An answer made of a JSON object.
    pub fn from_map(map: Map<String, Value>, structured: bool) -> Self {
        Outcome {
            text: Value::Object(map.clone()).to_string(),
            structured: structured.then_some(map),
        }
    }
}

/// Writes an answer's object key by key, as text and (when asked) as a value.
struct Envelope {
    text: String,
    map: Option<Map<String, Value>>,
}

impl Envelope {
    fn new(structured: bool) -> Self {
        Envelope {
            text: String::from("{"),
            map: structured.then(Map::new),
        }
    }

    fn key(&mut self, key: &str) {
        if self.text.len() > 1 {
            self.text.push(',');
        }
        self.text
            .push_str(&Value::String(key.to_owned()).to_string());
        self.text.push(':');
    }

    /// A key whose value is given as JSON text, and built as a value only if needed.
    fn raw(&mut self, key: &str, text: &str, value: impl FnOnce() -> Value) {
        self.key(key);
        self.text.push_str(text);
        if let Some(map) = &mut self.map {
            map.insert(key.to_owned(), value());
        }
    }

    fn value(&mut self, key: &str, value: Value) {
        self.key(key);
        self.text.push_str(&value.to_string());
        if let Some(map) = &mut self.map {
            map.insert(key.to_owned(), value);
        }
    }

    fn finish(mut self) -> Outcome {
        self.text.push('}');
        Outcome {
            text: self.text,
            structured: self.map,
        }
    }
}

/// A value as JSON, for an answer: a typed value always encodes (its keys are strings).
fn encode<T: Serialize + ?Sized>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

fn encode_text<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "null".to_owned())
}

/// One record (or item) for an answer: its text, and its value when fields were selected.
fn render<T: Serialize>(item: &T, fields: Option<&[String]>) -> (String, Option<Value>) {
    match fields {
        Some(fields) => {
            let value = halopsa_runtime::select::project(encode(item), fields);
            (value.to_string(), Some(value))
        }
        None => (encode_text(item), None),
    }
}

/// Why records were left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cut {
    None,
    Records,
    Bytes,
}

/// The records kept: as a JSON array's text, and (structured) as values.
struct Kept {
    count: usize,
    text: String,
    values: Option<Vec<Value>>,
    cut: Cut,
}

/// Renders records, the fields selected, up to the caps.
fn cap<T: Serialize>(items: &[T], fields: Option<&[String]>, shape: &Shape) -> Kept {
    let limits = &shape.limits;
    let mut text = String::from("[");
    let mut values = shape.structured.then(Vec::new);
    let mut count = 0;
    let mut cut = Cut::None;
    for item in items {
        if count == limits.max_records {
            cut = Cut::Records;
            break;
        }
        let (record, value) = render(item, fields);
        if text.len() + record.len() + 2 > limits.max_bytes {
            cut = Cut::Bytes;
            break;
        }
        if count > 0 {
            text.push(',');
        }
        text.push_str(&record);
        if let Some(values) = &mut values {
            values.push(value.unwrap_or_else(|| encode(item)));
        }
        count += 1;
    }
    text.push(']');
    Kept {
        count,
        text,
        values,
        cut,
    }
}

impl Kept {
    fn put(self, envelope: &mut Envelope, key: &str) {
        let values = self.values;
        envelope.raw(key, &self.text, || Value::Array(values.unwrap_or_default()));
    }
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

/// The answer of an operation without a body: `ok`.
pub fn done(shape: &Shape) -> Outcome {
    let mut envelope = Envelope::new(shape.structured);
    envelope.value("ok", json!(true));
    envelope.finish()
}

/// The answer of one record: `record`, or a note when it is larger than the cap.
pub fn record<T: Serialize>(item: &T, fields: Option<&[String]>, shape: &Shape) -> Outcome {
    let (text, value) = render(item, fields);
    let mut envelope = Envelope::new(shape.structured);
    if text.len() > shape.limits.max_bytes {
        envelope.value(
            "note",
            json!(format!(
                "Cut: the record is {} bytes, over the {} an answer holds (--max-bytes); ask again with `fields` (only the fields needed).",
                text.len(),
                shape.limits.max_bytes
            )),
        );
    } else {
        envelope.raw("record", &text, || value.unwrap_or_else(|| encode(item)));
    }
    envelope.finish()
}

/// The answer of saved records: `records`, capped.
pub fn records<T: Serialize>(items: &[T], fields: Option<&[String]>, shape: &Shape) -> Outcome {
    let kept = cap(items, fields, shape);
    let note = cut_note(
        kept.cut,
        kept.count,
        items.len(),
        &shape.limits,
        fields.is_some(),
    );
    let mut envelope = Envelope::new(shape.structured);
    kept.put(&mut envelope, "records");
    if let Some(note) = note {
        envelope.value("note", json!(note));
    }
    envelope.finish()
}

/// The answer of a list: `records` (capped), `count`, `total` when Halo counts them, and
/// for a paged list `next_cursor` while there are more pages.
pub fn list<T: Serialize>(
    items: &[T],
    total: Option<i64>,
    page: Option<Page>,
    fields: Option<&[String]>,
    shape: &Shape,
) -> Outcome {
    let received = i64::try_from(items.len()).unwrap_or(i64::MAX);
    let kept = cap(items, fields, shape);
    let (count, cut) = (kept.count, kept.cut);
    let mut notes = Vec::new();
    notes.extend(cut_note(
        cut,
        count,
        items.len(),
        &shape.limits,
        fields.is_some(),
    ));
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
    let mut envelope = Envelope::new(shape.structured);
    kept.put(&mut envelope, "records");
    envelope.value("count", json!(count));
    if let Some(total) = total {
        envelope.value("total", json!(total));
    }
    if let Some(next) = next {
        envelope.value("next_cursor", json!(next.cursor()));
    }
    if !notes.is_empty() {
        envelope.value("note", json!(notes.join(" ")));
    }
    envelope.finish()
}

/// The answer of another value: `value`; an array is capped as records are, anything else
/// larger than the cap is left out with a note.
pub fn value<T: Serialize>(value: &T, shape: &Shape) -> Outcome {
    let value = encode(value);
    let mut envelope = Envelope::new(shape.structured);
    match value {
        Value::Array(items) => {
            let kept = cap(&items, None, shape);
            let note = cut_note(kept.cut, kept.count, items.len(), &shape.limits, false);
            kept.put(&mut envelope, "value");
            if let Some(note) = note {
                envelope.value("note", json!(note.replace("records", "items")));
            }
        }
        value => {
            let text = value.to_string();
            if text.len() > shape.limits.max_bytes {
                envelope.value(
                    "note",
                    json!(format!(
                        "Cut: Halo's answer is {} bytes of JSON, over the {} an answer holds (--max-bytes).",
                        text.len(),
                        shape.limits.max_bytes
                    )),
                );
            } else {
                envelope.raw("value", &text, || value);
            }
        }
    }
    envelope.finish()
}

/// The answer of a text body: `text`, cut at the cap.
pub fn text(mut text: String, shape: &Shape) -> Outcome {
    let len = text.len();
    let mut note = None;
    if len > shape.limits.max_bytes {
        let mut end = shape.limits.max_bytes;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
        note = Some(format!(
            "Cut: the text is {len} bytes; the first {end} are here (--max-bytes)."
        ));
    }
    let mut envelope = Envelope::new(shape.structured);
    envelope.value("text", json!(text));
    if let Some(note) = note {
        envelope.value("note", json!(note));
    }
    envelope.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tickets(n: usize) -> Vec<Value> {
        (1..=n)
            .map(|i| json!({"id": i, "summary": "x".repeat(50), "user": {"name": "n"}}))
            .collect()
    }

    fn shape(max_records: usize, max_bytes: usize) -> Shape {
        Shape {
            limits: Limits {
                max_records,
                max_bytes,
            },
            structured: true,
        }
    }

    /// The structured content, checked to be what the text says.
    fn answer(outcome: Outcome) -> Map<String, Value> {
        let map = outcome.structured.expect("structured content");
        let text: Value = serde_json::from_str(&outcome.text).expect("the text is JSON");
        assert_eq!(text, Value::Object(map.clone()));
        map
    }

    #[test]
    fn a_page_has_a_cursor_until_the_last() {
        let all = Shape {
            structured: true,
            ..Shape::default()
        };
        let page = Page { number: 1, size: 2 };
        let out = answer(list(&tickets(2), Some(5), Some(page), None, &all));
        assert_eq!(out["next_cursor"], "2:2");
        assert_eq!(out["count"], 2);
        assert_eq!(out["total"], 5);
        assert!(!out.contains_key("note"));
        let last = Page { number: 3, size: 2 };
        let out = answer(list(&tickets(1), Some(5), Some(last), None, &all));
        assert!(!out.contains_key("next_cursor"));
        // Without a total, a full page may have a next one; a short page is the last.
        let out = answer(list(&tickets(2), None, Some(page), None, &all));
        assert_eq!(out["next_cursor"], "2:2");
        let out = answer(list(&tickets(1), None, Some(page), None, &all));
        assert!(!out.contains_key("next_cursor"));
    }

    #[test]
    fn answers_are_capped_with_a_note() {
        let out = answer(list(&tickets(10), None, None, None, &shape(3, 1_000_000)));
        assert_eq!(out["count"], 3);
        let note = out["note"].as_str().unwrap();
        assert!(
            note.contains("3 of the 10") && note.contains("no paging"),
            "{note}"
        );

        let small = shape(100, 300);
        let out = answer(records(&tickets(10), None, &small));
        let kept = out["records"].as_array().unwrap();
        assert!(!kept.is_empty() && kept.len() < 10);
        assert!(serde_json::to_string(kept).unwrap().len() <= 300);
        assert!(out["note"].as_str().unwrap().contains("--max-bytes"));
        // Fewer fields: every record fits.
        let fields = vec!["id".to_owned()];
        let out = answer(records(&tickets(10), Some(&fields), &small));
        assert_eq!(out["records"].as_array().unwrap().len(), 10);
        assert_eq!(out["records"][0], json!({"id": 1}));
        assert!(!out.contains_key("note"));
    }

    #[test]
    fn a_record_value_or_text_over_the_cap_is_cut() {
        let tiny = shape(10, 20);
        let out = answer(record(&json!({"summary": "x".repeat(50)}), None, &tiny));
        assert!(!out.contains_key("record") && out["note"].as_str().unwrap().contains("fields"));
        let out = answer(value(&json!({"a": "x".repeat(50)}), &tiny));
        assert!(!out.contains_key("value"));
        let out = answer(text("é".repeat(20), &tiny));
        assert_eq!(out["text"].as_str().unwrap().len(), 20);
        assert!(out["note"].as_str().unwrap().contains("40 bytes"));
    }

    #[test]
    fn without_structured_content_the_text_is_the_same() {
        let page = Page { number: 1, size: 2 };
        let text_only = Shape::default();
        let out = list(&tickets(2), Some(5), Some(page), None, &text_only);
        assert!(out.structured.is_none());
        let both = list(
            &tickets(2),
            Some(5),
            Some(page),
            None,
            &Shape {
                structured: true,
                ..text_only
            },
        );
        assert_eq!(out.text, both.text);
    }
}
