//! Property tests: records with random unknown keys, nulls and quirky values (integers as
//! decimals and strings, GUIDs in integer fields, `-0.0`, every date-time format, "not set"
//! markers, escapes, values of unexpected shapes) decode, and encoding them gives back
//! the same JSON.

mod json_eq;

use halopsa::common::Attachment;
use halopsa::tickets::{Faults, FaultsView};
use json_eq::same_json;
use proptest::prelude::*;
use serde_json::{json, Map, Value};

/// Documented keys of `Faults` (and of the records it embeds), so that generated records
/// hit documented fields as well as unknown ones.
const FAULTS_KEYS: &[&str] = &[
    "id",
    "summary",
    "details",
    "details_html",
    "reference",
    "guid",
    "status_id",
    "tickettype_id",
    "itil_requesttype_id",
    "sla_id",
    "sla_name",
    "priority_id",
    "client_id",
    "client_name",
    "site_id",
    "site_name",
    "user_id",
    "user_name",
    "user_email",
    "reportedby",
    "emailtolist",
    "agent_id",
    "team_id",
    "team",
    "category_1",
    "dateoccurred",
    "datecreated",
    "lastactiondate",
    "last_update",
    "deadlinedate",
    "fixbydate",
    "onhold",
    "excludefromsla",
    "inactive",
    "deleted",
    "is_project",
    "source",
    "impact",
    "estimate",
    "organisation_id",
    "contract_id",
    "workflow_step",
    "child_count",
    "attachment_count",
];
const USER_KEYS: &[&str] = &[
    "id",
    "name",
    "firstname",
    "emailaddress",
    "site_id",
    "site_id_int",
    "inactive",
    "linked_agent_id",
    "datecreated",
    "customfields",
];
const PRIORITY_KEYS: &[&str] = &[
    "id",
    "slaid",
    "priorityid",
    "name",
    "fixtime",
    "responsetime",
    "ishidden",
    "workdaysoverride",
    "startofdaytime",
];
const TICKETTYPE_KEYS: &[&str] = &["id", "guid", "name", "use", "sequence", "visible"];
const CUSTOMFIELD_KEYS: &[&str] = &["id", "name", "label", "type", "value", "display"];

/// Strings Halo sends, and strings that test the encoder.
fn quirky_string() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9 ]{0,12}",
        Just(String::new()),
        Just("21".to_owned()),
        Just(" 18 ".to_owned()),
        Just("85c6afd4-244f-4cba-1146-08dc588ca950".to_owned()),
        Just("00:00:00".to_owned()),
        prop::sample::select(vec![
            "2024-06-20T14:45:15.9746271Z",
            "2024-06-21T10:45:15.975Z",
            "2024-08-16T07:30:00Z",
            "2022-09-26T16:15:38.897",
            "2019-01-09T09:37:08.7",
            "2019-04-23T15:33:00",
            "1900-01-01T00:00:00",
            "1899-12-30T00:00:00",
            "0001-01-01T00:00:00",
            "2024-02-30T00:00:00",
        ])
        .prop_map(str::to_owned),
        "\\PC{0,8}",
        Just("quote \" backslash \\ newline \n tab \t nul \u{0}".to_owned()),
    ]
}

/// Numbers Halo sends: integers, integral decimals, `-0.0`, decimals that parse exactly.
fn quirky_number() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        (-1000i32..1000).prop_map(|n| json!(f64::from(n))),
        Just(json!(-0.0)),
        Just(json!(-1)),
        (any::<i32>(), 0u32..4).prop_map(|(m, e)| json!(f64::from(m) / 10f64.powi(e as i32))),
        Just(json!(9_007_199_254_740_993i64)),
    ]
}

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        quirky_number(),
        quirky_string().prop_map(Value::String),
    ]
}

/// Any JSON, a few levels deep.
fn any_json() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_]{1,6}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// An object with some of `keys` (quirky values) and random unknown keys (any JSON).
fn record(keys: &'static [&'static str]) -> impl Strategy<Value = Map<String, Value>> {
    (
        prop::collection::vec((prop::sample::select(keys), leaf()), 0..12),
        prop::collection::vec(("[a-z_\\\\\"é]{1,10}", any_json()), 0..12),
    )
        .prop_map(|(known, unknown)| {
            let mut map = Map::new();
            for (k, v) in unknown {
                map.insert(k, v);
            }
            for (k, v) in known {
                map.insert(k.to_owned(), v);
            }
            map
        })
}

/// A nested record, or something else in its place.
fn nested(keys: &'static [&'static str]) -> impl Strategy<Value = Value> {
    prop_oneof![
        4 => record(keys).prop_map(Value::Object),
        1 => any_json(),
    ]
}

/// A ticket: documented and unknown keys, embedded records, custom fields.
fn ticket() -> impl Strategy<Value = Value> {
    (
        record(FAULTS_KEYS),
        prop::option::of(nested(USER_KEYS)),
        prop::option::of(nested(PRIORITY_KEYS)),
        prop::option::of(nested(TICKETTYPE_KEYS)),
        prop::option::of(prop_oneof![
            4 => prop::collection::vec(nested(CUSTOMFIELD_KEYS), 0..4).prop_map(Value::Array),
            1 => any_json(),
        ]),
    )
        .prop_map(|(mut map, user, priority, tickettype, customfields)| {
            for (key, value) in [
                ("user", user),
                ("priority", priority),
                ("tickettype", tickettype),
                ("customfields", customfields),
            ] {
                if let Some(value) = value {
                    map.insert(key.to_owned(), value);
                }
            }
            Value::Object(map)
        })
}

/// Decodes `text` as `T`, encodes it, and checks the JSON is the same; also checks that
/// decoding the encoding gives the same record, and that decoding through a
/// `serde_json::Value` (no borrowing) gives the same JSON.
fn check_round_trip<T>(original: &Value, text: &str) -> Result<(), TestCaseError>
where
    T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let record: T = serde_json::from_str(text).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let encoded = serde_json::to_string(&record).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let back: Value =
        serde_json::from_str(&encoded).map_err(|e| TestCaseError::fail(e.to_string()))?;
    same_json(original, &back).map_err(TestCaseError::fail)?;

    let again: T =
        serde_json::from_str(&encoded).map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert_eq!(&again, &record);

    let from_value: T =
        serde_json::from_value(original.clone()).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let back = serde_json::to_value(&from_value).map_err(|e| TestCaseError::fail(e.to_string()))?;
    same_json(original, &back).map_err(TestCaseError::fail)?;
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn tickets_round_trip(value in ticket(), pretty in any::<bool>()) {
        let text = if pretty {
            serde_json::to_string_pretty(&value)
        } else {
            serde_json::to_string(&value)
        }
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
        check_round_trip::<Faults>(&value, &text)?;
    }

    #[test]
    fn ticket_pages_round_trip(
        tickets in prop::collection::vec(ticket(), 0..4),
        record_count in leaf(),
        extra in record(&["page_no", "page_size"]),
    ) {
        let mut page = extra;
        page.insert("record_count".to_owned(), record_count);
        page.insert("tickets".to_owned(), Value::Array(tickets));
        let value = Value::Object(page);
        let text = serde_json::to_string(&value).map_err(|e| TestCaseError::fail(e.to_string()))?;
        check_round_trip::<FaultsView>(&value, &text)?;
    }

    #[test]
    fn any_object_round_trips_as_any_record(map in prop::collection::btree_map("\\PC{0,6}", any_json(), 0..16)) {
        let value = Value::Object(map.into_iter().collect());
        let text = serde_json::to_string(&value).map_err(|e| TestCaseError::fail(e.to_string()))?;
        check_round_trip::<Attachment>(&value, &text)?;
        check_round_trip::<Faults>(&value, &text)?;
    }
}
