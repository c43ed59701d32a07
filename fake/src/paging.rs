//! Lists as Halo answers them: filtered, ordered, cut to `count`, and paged.
//!
//! Honoured query parameters:
//! - `search`: records with a string field containing the text (any case);
//! - `<field>_id` and `id` naming a documented field of the record (`client_id=12`):
//!   records whose field equals the value; `<field>_ids` (`client_ids=1,2`): one of a
//!   comma-separated list;
//! - `order` (a field name) and `orderdesc` (`true`): the order, by id when not set;
//! - `count`: at most that many records (counted in `record_count`);
//! - `pageinate`, `page_no`, `page_size`: with `pageinate=true`, or `page_no` or `page_size`
//!   set, one page (`page_size` default 50, capped at 100; `page_no` from 1); else all.
//!
//! The answer is Halo's wrapper (`page_no`, `page_size`, `record_count`, the records under
//! the key the spec names) where the spec declares one, else a bare array. Every other
//! query parameter is accepted, logged and ignored.

use crate::store::Record;
use crate::table::Model;
use serde_json::{Map, Value};

/// Halo's largest page.
pub const MAX_PAGE_SIZE: usize = 100;
/// The page size when `page_size` is not sent.
pub const DEFAULT_PAGE_SIZE: usize = 50;

/// The answer to a list request over `records` (in id order).
pub(crate) fn list<'a>(
    records: impl Iterator<Item = &'a Record>,
    query: &[(String, String)],
    model: Option<&Model>,
    key: Option<&str>,
) -> Value {
    let get = |name: &str| {
        query
            .iter()
            .rev()
            .find(|(k, v)| k.eq_ignore_ascii_case(name) && !v.trim().is_empty())
            .map(|(_, v)| v.trim())
    };
    let documented = |field: &str| model.is_some_and(|m| m.fields.iter().any(|f| f.key == field));
    let mut filters: Vec<(String, Vec<String>)> = Vec::new();
    for (name, value) in query {
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        if (name == "id" || name.ends_with("_id")) && documented(name) {
            filters.push((name.clone(), vec![value.to_owned()]));
        } else if let Some(stem) = name.strip_suffix("_ids") {
            let field = format!("{stem}_id");
            if documented(&field) {
                filters.push((
                    field,
                    value.split(',').map(|v| v.trim().to_owned()).collect(),
                ));
            }
        }
    }
    let search = get("search").map(str::to_lowercase);
    let mut rows: Vec<&Record> = records
        .filter(|r| {
            filters.iter().all(|(field, values)| {
                r.get(field)
                    .is_some_and(|v| values.iter().any(|x| same(v, x)))
            })
        })
        .filter(|r| match &search {
            Some(text) => r
                .values()
                .any(|v| v.as_str().is_some_and(|s| s.to_lowercase().contains(text))),
            None => true,
        })
        .collect();
    if let Some(field) = get("order") {
        rows.sort_by(|a, b| compare(a.get(field), b.get(field)));
    }
    if get("orderdesc").is_some_and(|v| v.eq_ignore_ascii_case("true")) {
        rows.reverse();
    }
    if let Some(count) = get("count").and_then(|c| c.parse::<usize>().ok()) {
        rows.truncate(count);
    }
    let total = rows.len();
    let page_no = get("page_no").and_then(|p| p.parse::<usize>().ok());
    let page_size = get("page_size").and_then(|p| p.parse::<usize>().ok());
    let paginate = get("pageinate").is_some_and(|v| v.eq_ignore_ascii_case("true"))
        || page_no.is_some()
        || page_size.is_some();
    let (page_no, page_size) = (
        page_no.unwrap_or(1).max(1),
        page_size
            .unwrap_or(DEFAULT_PAGE_SIZE)
            .clamp(1, MAX_PAGE_SIZE),
    );
    let page: Vec<Value> = if paginate {
        rows.into_iter()
            .skip((page_no - 1).saturating_mul(page_size))
            .take(page_size)
            .map(|r| Value::Object(r.clone()))
            .collect()
    } else {
        rows.into_iter().map(|r| Value::Object(r.clone())).collect()
    };
    match key {
        None => Value::Array(page),
        Some(key) => {
            let mut wrapper = Map::new();
            if paginate {
                wrapper.insert("page_no".into(), page_no.into());
                wrapper.insert("page_size".into(), page_size.into());
            }
            wrapper.insert("record_count".into(), total.into());
            wrapper.insert(key.to_owned(), Value::Array(page));
            Value::Object(wrapper)
        }
    }
}

/// Whether a JSON value is the value written as `text` (`12` and `12.0` are `"12"`).
fn same(value: &Value, text: &str) -> bool {
    match value {
        Value::String(s) => s == text,
        Value::Number(n) => match (n.as_f64(), text.parse::<f64>()) {
            (Some(a), Ok(b)) => a == b,
            _ => n.to_string() == text,
        },
        Value::Bool(b) => text.eq_ignore_ascii_case(if *b { "true" } else { "false" }),
        _ => false,
    }
}

fn compare(a: Option<&Value>, b: Option<&Value>) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    match (a, b) {
        (Some(Value::Number(x)), Some(Value::Number(y))) => x
            .as_f64()
            .partial_cmp(&y.as_f64())
            .unwrap_or(Ordering::Equal),
        (Some(Value::String(x)), Some(Value::String(y))) => x.cmp(y),
        (Some(Value::Bool(x)), Some(Value::Bool(y))) => x.cmp(y),
        (None | Some(Value::Null), None | Some(Value::Null)) => Ordering::Equal,
        (None | Some(Value::Null), _) => Ordering::Less,
        (_, None | Some(Value::Null)) => Ordering::Greater,
        _ => Ordering::Equal,
    }
}
