//! The records: one table per stateful resource (and per list-and-save collection without
//! an item path, such as `ToDo` and `ChatMessage`), keyed by id.
//!
//! A `POST` of records upserts each one: no `id`, `null`, `0`, `-1` or `""` makes a new
//! record with a new id (integer ids: the highest + 1; string ids: the next free number, as
//! a string); a known id updates the keys sent and keeps every other key, unknown keys
//! included; an unknown id makes a record with that id. Keys are replaced whole: sending
//! `customfields` replaces the whole array, as Halo does.

use crate::table::IdType;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashMap};

/// The key of a record's id.
pub(crate) const ID: &str = "id";

/// A record.
pub(crate) type Record = Map<String, Value>;

/// A record id, ordered numbers first.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Key {
    /// An integer id.
    Int(i64),
    /// A string id.
    Str(String),
}

impl Key {
    /// The id as JSON.
    fn to_json(&self) -> Value {
        match self {
            Key::Int(i) => Value::from(*i),
            Key::Str(s) => Value::from(s.as_str()),
        }
    }
}

/// One table.
#[derive(Debug, Clone)]
pub(crate) struct Table {
    id_type: IdType,
    records: BTreeMap<Key, Record>,
}

impl Table {
    fn new(id_type: IdType) -> Self {
        Self {
            id_type,
            records: BTreeMap::new(),
        }
    }

    /// The key a JSON id names, or `Ok(None)` for "new record"; an id of the wrong shape is
    /// an error.
    pub(crate) fn key_of(&self, id: Option<&Value>) -> Result<Option<Key>, String> {
        let bad = || {
            Err("The `id` of a record must be an integer, or a string for string ids.".to_owned())
        };
        match id {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) => match crate::validate::whole(n) {
                Some(0 | -1) => Ok(None),
                Some(i) => Ok(Some(
                    self.key_from_text(&i.to_string()).unwrap_or(Key::Int(i)),
                )),
                None => bad(),
            },
            Some(Value::String(s)) if s.is_empty() || s == "0" || s == "-1" => Ok(None),
            Some(Value::String(s)) => self
                .key_from_text(s)
                .map(Some)
                .ok_or(())
                .or_else(|()| bad()),
            Some(_) => bad(),
        }
    }

    /// The key of an id written in a path or query.
    pub(crate) fn key_from_text(&self, text: &str) -> Option<Key> {
        match self.id_type {
            IdType::Integer => text.trim().parse().ok().map(Key::Int),
            IdType::String => Some(Key::Str(text.to_owned())),
        }
    }

    fn new_key(&self) -> Key {
        match self.id_type {
            IdType::Integer => {
                let max = self
                    .records
                    .keys()
                    .filter_map(|k| match k {
                        Key::Int(i) => Some(*i),
                        Key::Str(_) => None,
                    })
                    .max()
                    .unwrap_or(0);
                Key::Int(max.saturating_add(1).max(1))
            }
            IdType::String => {
                let mut n = self.records.len() as u64 + 1;
                while self.records.contains_key(&Key::Str(n.to_string())) {
                    n += 1;
                }
                Key::Str(n.to_string())
            }
        }
    }

    /// Creates or updates one record; returns the stored record.
    pub(crate) fn upsert(&mut self, mut record: Record) -> Result<Record, String> {
        let key = match self.key_of(record.get(ID))? {
            Some(key) => key,
            None => self.new_key(),
        };
        record.insert(ID.to_owned(), key.to_json());
        let stored = match self.records.get_mut(&key) {
            Some(existing) => {
                for (k, v) in record {
                    existing.insert(k, v);
                }
                existing.clone()
            }
            None => {
                // The id first, as Halo sends it.
                let mut ordered = Record::new();
                ordered.insert(ID.to_owned(), key.to_json());
                ordered.extend(record.into_iter().filter(|(k, _)| k != ID));
                self.records.insert(key, ordered.clone());
                ordered
            }
        };
        Ok(stored)
    }

    /// One record.
    pub(crate) fn get(&self, key: &Key) -> Option<&Record> {
        self.records.get(key)
    }

    /// Removes one record; whether it was there.
    pub(crate) fn delete(&mut self, key: &Key) -> bool {
        self.records.remove(key).is_some()
    }

    /// Every record, by id.
    pub(crate) fn records(&self) -> impl Iterator<Item = &Record> {
        self.records.values()
    }
}

/// Every table, by name.
#[derive(Debug, Clone, Default)]
pub(crate) struct Store {
    tables: HashMap<String, Table>,
}

impl Store {
    /// The table of this name, made on first use.
    pub(crate) fn table(&mut self, name: &str, id_type: IdType) -> &mut Table {
        self.tables
            .entry(name.to_owned())
            .or_insert_with(|| Table::new(id_type))
    }

    /// The table of this name, if anything was ever stored in it.
    pub(crate) fn get(&self, name: &str) -> Option<&Table> {
        self.tables.get(name)
    }

    /// Empties every table.
    pub(crate) fn clear(&mut self) {
        self.tables.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn record(v: Value) -> Record {
        match v {
            Value::Object(m) => m,
            _ => Record::new(),
        }
    }

    #[test]
    fn upserts() {
        let mut t = Table::new(IdType::Integer);
        let a = t.upsert(record(json!({"summary": "a", "x": 1}))).unwrap();
        assert_eq!(a, record(json!({"id": 1, "summary": "a", "x": 1})));
        let b = t.upsert(record(json!({"id": -1, "summary": "b"}))).unwrap();
        assert_eq!(b["id"], 2);
        let a2 = t
            .upsert(record(json!({"id": 1.0, "summary": "A"})))
            .unwrap();
        assert_eq!(a2, record(json!({"id": 1, "summary": "A", "x": 1})));
        let c = t.upsert(record(json!({"id": 40}))).unwrap();
        assert_eq!(c["id"], 40);
        assert_eq!(t.upsert(record(json!({}))).unwrap()["id"], 41);
        assert!(t.upsert(record(json!({"id": true}))).is_err());
        assert!(t.upsert(record(json!({"id": "x"}))).is_err());
        assert!(t.delete(&Key::Int(40)) && !t.delete(&Key::Int(40)));
    }

    #[test]
    fn string_ids() {
        let mut t = Table::new(IdType::String);
        assert_eq!(t.upsert(record(json!({}))).unwrap()["id"], "1");
        assert_eq!(t.upsert(record(json!({"id": "abc"}))).unwrap()["id"], "abc");
        assert_eq!(t.upsert(record(json!({"id": 7}))).unwrap()["id"], "7");
        assert!(t.get(&Key::Str("abc".into())).is_some());
    }
}
