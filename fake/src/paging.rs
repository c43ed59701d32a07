//! Lists as Halo answers them: filtered, ordered, then either paged or cut to `count`.
//!
//! Honoured query parameters (names in any case):
//! - `search`: records with a string field containing the text (any case);
//! - `<field>_id` and `id` naming a documented field of the record (`client_id=12`):
//!   records whose field equals the value; `<field>_ids` (`client_ids=1,2`): one of a
//!   comma-separated list;
//! - `order` … `order5` (field names, any case) and `orderdesc` … `orderdesc5` (`true`):
//!   the order, key by key, strings compared without case as Halo's database does; by id
//!   when no `order` is set (`orderdesc=true` alone: by id, descending);
//! - `pageinate=true` (`True`, `TRUE`: a boolean in any case), with `page_no` (from 1; `0`
//!   or less is page 1) and `page_size` (default 50, capped at 100; `0` or less is the
//!   default): one page. `page_no` and `page_size` are for paging only ("Page number (when
//!   paginating)", the Users docs): without `pageinate=true` they change nothing;
//! - `count`: at most that many records, *without* paging only ("Number of results to
//!   return (without pagination)", the Users docs): a paged list ignores it, and `0` or
//!   less is no limit (.NET's default for an integer parameter that is not sent).
//!
//! `record_count` counts every record that matches the filters, whatever the page or
//! `count` cut. The answer is Halo's wrapper (`page_no`, `page_size` when paged,
//! `record_count`, the records under the key the spec names) where the spec declares one,
//! else a bare array. Every other query parameter is accepted, logged and ignored.

use crate::store::Record;
use crate::table::Model;
use serde_json::{Map, Value};
use std::cmp::Ordering;

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
    let flag = |name: &str| get(name).is_some_and(|v| v.eq_ignore_ascii_case("true"));
    // A positive integer, or nothing (`0`, negative numbers and text are not a value).
    let positive = |name: &str| {
        get(name)
            .and_then(|v| v.parse::<i64>().ok())
            .filter(|n| *n > 0)
            .map(|n| usize::try_from(n).unwrap_or(usize::MAX))
    };
    let documented = |field: &str| model.is_some_and(|m| m.fields.iter().any(|f| f.key == field));
    let mut filters: Vec<(String, Vec<String>)> = Vec::new();
    for (name, value) in query {
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        let name = name.to_ascii_lowercase();
        if (name == "id" || name.ends_with("_id")) && documented(&name) {
            filters.push((name, vec![value.to_owned()]));
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
    let keys: Vec<(&str, bool)> = ["", "2", "3", "4", "5"]
        .iter()
        .filter_map(|n| {
            let field = get(&format!("order{n}"))?;
            Some((field, flag(&format!("orderdesc{n}"))))
        })
        .collect();
    if keys.is_empty() {
        if flag("orderdesc") {
            rows.reverse();
        }
    } else {
        // A stable sort: records equal on every key stay in id order.
        rows.sort_by(|a, b| {
            keys.iter()
                .map(|(field, desc)| {
                    let order = compare(field_of(a, field), field_of(b, field));
                    if *desc {
                        order.reverse()
                    } else {
                        order
                    }
                })
                .find(|o| o.is_ne())
                .unwrap_or(Ordering::Equal)
        });
    }
    let total = rows.len();
    let paginate = flag("pageinate");
    let page_no = positive("page_no").unwrap_or(1);
    let page_size = positive("page_size")
        .unwrap_or(DEFAULT_PAGE_SIZE)
        .min(MAX_PAGE_SIZE);
    let kept: Vec<Value> = if paginate {
        rows.into_iter()
            .skip((page_no - 1).saturating_mul(page_size))
            .take(page_size)
            .map(|r| Value::Object(r.clone()))
            .collect()
    } else {
        rows.into_iter()
            .take(positive("count").unwrap_or(usize::MAX))
            .map(|r| Value::Object(r.clone()))
            .collect()
    };
    match key {
        None => Value::Array(kept),
        Some(key) => {
            let mut wrapper = Map::new();
            if paginate {
                wrapper.insert("page_no".into(), page_no.into());
                wrapper.insert("page_size".into(), page_size.into());
            }
            wrapper.insert("record_count".into(), total.into());
            wrapper.insert(key.to_owned(), Value::Array(kept));
            Value::Object(wrapper)
        }
    }
}

/// A record's field by name: the exact key, else the key in another case (`order=Summary`).
fn field_of<'a>(record: &'a Record, field: &str) -> Option<&'a Value> {
    record.get(field).or_else(|| {
        record
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(field))
            .map(|(_, v)| v)
    })
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

/// The order of two field values: numbers, booleans, strings without case (Halo's database
/// collation); a missing field or `null` first.
fn compare(a: Option<&Value>, b: Option<&Value>) -> Ordering {
    match (a, b) {
        (Some(Value::Number(x)), Some(Value::Number(y))) => x
            .as_f64()
            .partial_cmp(&y.as_f64())
            .unwrap_or(Ordering::Equal),
        (Some(Value::String(x)), Some(Value::String(y))) => x.to_lowercase().cmp(&y.to_lowercase()),
        (Some(Value::Bool(x)), Some(Value::Bool(y))) => x.cmp(y),
        (None | Some(Value::Null), None | Some(Value::Null)) => Ordering::Equal,
        (None | Some(Value::Null), _) => Ordering::Less,
        (_, None | Some(Value::Null)) => Ordering::Greater,
        _ => Ordering::Equal,
    }
}
