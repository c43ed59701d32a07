//! Seeding: records from JSON, as Halo sends them.
//!
//! A seed document is an object from table names to records: `{"Tickets": […],
//! "ToDo": […]}`. Each value is one record, an array of records, or a list wrapper as a
//! list answers (`{"record_count": 1, "tickets": […]}`), so a saved Halo response loads
//! as is. Table names are the resources' (`Tickets`, `Mailbox`, …) and the paths of lists
//! without an item path (`ToDo`, `EmailAddressBook`, …), in any case.

use crate::operations::{PATH_LISTS, RESOURCES};
use crate::store::Record;
use crate::table::IdType;
use serde_json::Value;

/// The name and id type of a table, from a name in any case.
pub(crate) fn table(name: &str) -> Option<(&'static str, IdType)> {
    let name = name.trim().trim_start_matches('/');
    tables().find(|(table, _)| table.eq_ignore_ascii_case(name))
}

/// Every table name a seed may use.
pub fn table_names() -> Vec<&'static str> {
    tables().map(|(name, _)| name).collect()
}

/// Every table with its id type: the resources', then the lists' without an item path.
fn tables() -> impl Iterator<Item = (&'static str, IdType)> {
    let resources = RESOURCES.iter().map(|r| (r.name, r.id_type));
    resources.chain(PATH_LISTS.iter().map(|l| (l.name, l.id_type)))
}

/// The records of one seed value: a record, an array of records, or a list wrapper.
pub(crate) fn records(value: Value) -> Result<Vec<Record>, String> {
    match value {
        Value::Array(items) => items
            .into_iter()
            .enumerate()
            .map(|(i, item)| match item {
                Value::Object(record) => Ok(record),
                _ => Err(format!("item {i} is not a JSON object")),
            })
            .collect(),
        Value::Object(object) => {
            let arrays: Vec<&String> = object
                .iter()
                .filter(|(_, v)| v.is_array())
                .map(|(k, _)| k)
                .collect();
            let wrapper = !object.contains_key("id")
                && (object.contains_key("record_count") || object.len() == 1)
                && arrays.len() == 1;
            match (wrapper, arrays.first()) {
                (true, Some(key)) => {
                    let key = (*key).clone();
                    let mut object = object;
                    records(object.remove(&key).unwrap_or(Value::Null))
                }
                _ => Ok(vec![object]),
            }
        }
        _ => Err("a seed value must be a record, an array of records or a list wrapper".into()),
    }
}

/// A table's name, id type and the records to load into it.
pub(crate) type Load = (&'static str, IdType, Vec<Record>);

/// The tables and records of a seed document.
pub(crate) fn document(value: Value) -> Result<Vec<Load>, String> {
    let Value::Object(tables) = value else {
        return Err("a seed document is a JSON object from table names to records".into());
    };
    let mut out = Vec::new();
    for (name, value) in tables {
        let (table, id_type) = table(&name).ok_or_else(|| {
            format!(
                "no table `{name}`; the tables are: {}",
                table_names().join(", ")
            )
        })?;
        let records = records(value).map_err(|e| format!("`{name}`: {e}"))?;
        out.push((table, id_type, records));
    }
    Ok(out)
}
