//! How answers are written: JSON (pretty on a terminal, compact when piped), NDJSON (one
//! record per line), or a table for a person; `--fields` keeps only some fields.

use serde_json::Value;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// `--output`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// JSON: pretty on a terminal, compact when piped (a list is an array of its records;
    /// with --all, one record per line).
    #[default]
    Json,
    /// One JSON record per line (a single record is one line).
    Ndjson,
    /// A table of the records, for a person (with --fields, those columns).
    Table,
}

/// `--fields id,summary,user.name`: the fields kept, in order; a dotted name reaches into
/// a nested object (or array, by index).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fields(pub Vec<String>);

impl std::str::FromStr for Fields {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let fields: Vec<String> = text
            .split(',')
            .map(|f| f.trim().to_owned())
            .filter(|f| !f.is_empty())
            .collect();
        if fields.is_empty() {
            return Err("expected field names separated by commas, e.g. id,summary".to_owned());
        }
        Ok(Fields(fields))
    }
}

use halopsa_runtime::select::lookup;

/// Keeps the given fields of a record, named as given; a field the record lacks is left
/// out. Values that are not objects are left as they are (the rule of
/// `halopsa_runtime::select::project`, shared with the MCP server's `fields`).
pub fn project(value: Value, fields: &Fields) -> Value {
    halopsa_runtime::select::project(value, &fields.0)
}

/// The most columns a table shows when `--fields` does not choose them.
pub const DEFAULT_COLUMNS: usize = 8;
/// The most terminal columns a cell takes.
pub const CELL_WIDTH: usize = 48;

/// A value as a table cell: text as it is, numbers and booleans as JSON, `null` empty,
/// objects and arrays as compact JSON; one line, at most [`CELL_WIDTH`] terminal columns
/// (a CJK character or an emoji takes two).
fn cell(value: Option<&Value>) -> String {
    let text = match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    };
    let text: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if text.width() <= CELL_WIDTH {
        return text;
    }
    let mut cut = String::new();
    let mut width = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        // One column is kept for the ellipsis.
        if width + w > CELL_WIDTH - 1 {
            break;
        }
        width += w;
        cut.push(c);
    }
    cut.push('…');
    cut
}

fn is_shown(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::String(s) => !s.is_empty(),
        Value::Array(_) | Value::Object(_) => false,
        _ => true,
    }
}

/// The columns of a table of `records`: the `--fields`, or `id` and then the fields that
/// hold a scalar value in some record, in the order they first appear, at most
/// [`DEFAULT_COLUMNS`].
pub fn columns(records: &[Value], fields: Option<&Fields>) -> Vec<String> {
    if let Some(fields) = fields {
        return fields.0.clone();
    }
    let mut columns: Vec<String> = Vec::new();
    for record in records {
        if let Value::Object(object) = record {
            for (key, value) in object {
                if is_shown(value) && !columns.contains(key) {
                    columns.push(key.clone());
                }
            }
        }
    }
    if let Some(i) = columns.iter().position(|c| c == "id") {
        let id = columns.remove(i);
        columns.insert(0, id);
    }
    columns.truncate(DEFAULT_COLUMNS);
    columns
}

/// Lays out rows under a header, columns two spaces apart and as wide as their widest cell
/// in terminal columns (comfy-table measures with `unicode-width`), trailing spaces cut.
fn render_rows(header: Vec<String>, rows: Vec<Vec<String>>) -> String {
    let mut table = comfy_table::Table::new();
    table
        .load_preset(comfy_table::presets::NOTHING)
        .set_content_arrangement(comfy_table::ContentArrangement::Disabled)
        .set_header(header)
        .add_rows(rows);
    for column in table.column_iter_mut() {
        column.set_padding((0, 2));
    }
    let mut out = String::new();
    for line in table.lines() {
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// A table of records: a header of upper-case column names, one row per record.
pub fn table(records: &[Value], fields: Option<&Fields>) -> String {
    let columns = columns(records, fields);
    if columns.is_empty() {
        // Not records (ids, strings): one column of values.
        let rows = records.iter().map(|r| vec![cell(Some(r))]).collect();
        return render_rows(vec!["VALUE".to_owned()], rows);
    }
    let header = columns.iter().map(|c| c.to_uppercase()).collect();
    let rows = records
        .iter()
        .map(|r| columns.iter().map(|c| cell(lookup(r, c))).collect())
        .collect();
    render_rows(header, rows)
}

/// One record as a table: a row per field (the `--fields`, or every field with a value).
pub fn record_table(record: &Value, fields: Option<&Fields>) -> String {
    let rows: Vec<Vec<String>> = match (record, fields) {
        (_, Some(fields)) => fields
            .0
            .iter()
            .map(|f| vec![f.clone(), cell(lookup(record, f))])
            .collect(),
        (Value::Object(object), None) => object
            .iter()
            .filter(|(_, v)| !matches!(v, Value::Null) && *v != &Value::String(String::new()))
            .map(|(k, v)| vec![k.clone(), cell(Some(v))])
            .collect(),
        (other, None) => vec![vec!["VALUE".to_owned(), cell(Some(other))]],
    };
    render_rows(vec!["FIELD".to_owned(), "VALUE".to_owned()], rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn fields_keep_what_is_asked_in_order() {
        let fields: Fields = "summary, id,user.name,tags.1".parse().unwrap();
        let record =
            json!({"id": 1, "summary": "s", "x": 2, "user": {"name": "n"}, "tags": ["a", "b"]});
        assert_eq!(
            project(record, &fields).to_string(),
            r#"{"summary":"s","id":1,"user.name":"n","tags.1":"b"}"#
        );
        assert!(",".parse::<Fields>().is_err());
    }

    #[test]
    fn tables_align_and_choose_columns() {
        let records = vec![
            json!({"summary": "Printer on fire", "id": 1, "notes": null, "user": {"a": 1}}),
            json!({"summary": "x", "id": 22, "status": 3}),
        ];
        assert_eq!(
            table(&records, None),
            "ID  SUMMARY          STATUS\n1   Printer on fire\n22  x                3\n"
        );
        assert_eq!(table(&[json!(1), json!("a")], None), "VALUE\n1\na\n");
        // Wide characters (CJK, emoji) take two columns: the columns after them still line up.
        let wide = vec![
            json!({"id": 1, "summary": "プリンターが燃えている", "status": 1}),
            json!({"id": 2, "summary": "🔥 fire", "status": 2}),
            json!({"id": 3, "summary": "plain", "status": 3}),
        ];
        assert_eq!(
            table(&wide, None),
            "ID  SUMMARY                 STATUS\n\
             1   プリンターが燃えている  1\n\
             2   🔥 fire                 2\n\
             3   plain                   3\n"
        );
        let cut = cell(Some(&json!("漢".repeat(40))));
        assert_eq!(cut.width(), CELL_WIDTH - 1, "{cut}");
        assert!(cut.ends_with('…'));
        let long = json!({"id": 1, "details": "y".repeat(100)});
        let text = record_table(&long, None);
        assert!(text.contains('…') && text.starts_with("FIELD"), "{text}");
    }
}
