//! Models against real Halo responses and against each quirk of how Halo sends values
//! (see the facts in the README of `tests/fixtures/real/`): every record decodes, and
//! encoding it gives back the same JSON, unknown keys included.

mod json_eq;

use halopsa::common::Attachment;
use halopsa::tickets::{FaultUser, Faults, FaultsView};
use halopsa::{chrono, DateTime, Extra, Field, Model, Timestamp};
use json_eq::{assert_same_json, same_json};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

const TICKET_GET: &str = include_str!("../fixtures/real/ticket_get_response.json");
const TICKET_CREATE: &str = include_str!("../fixtures/real/ticket_create_response.json");
const USER_GET: &str = include_str!("../fixtures/real/user_get_response.json");
const USERS_LIST: &str = include_str!("../fixtures/real/users_list_response.json");
const ATTACHMENT: &str = include_str!("../fixtures/real/attachment_upload_response.json");

/// Decodes `text` as `T` four ways (borrowing from a string, from a reader, as the SDK
/// decodes responses, from a `serde_json::Value`), checks they agree, and checks that
/// encoding gives back the same JSON, numbers with the same value. Returns the decoded
/// record.
#[track_caller]
fn round_trip<T>(text: &str) -> T
where
    T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let record: T = serde_json::from_str(text).expect("decodes from a string");
    let encoded = serde_json::to_string(&record).expect("encodes");
    assert_same_json(text, &encoded);

    let from_reader: T = serde_json::from_reader(text.as_bytes()).expect("decodes from a reader");
    assert_eq!(from_reader, record, "from_reader agrees with from_str");

    let sdk: T = halopsa_runtime::decode::decode_json(text.as_bytes()).expect("the SDK decodes");
    assert_eq!(sdk, record, "the SDK's decoder agrees with from_str");

    let value: Value = serde_json::from_str(text).expect("is JSON");
    let from_value: T = serde_json::from_value(value.clone()).expect("decodes from a Value");
    let encoded = serde_json::to_value(&from_value).expect("encodes to a Value");
    same_json(&value, &encoded).expect("from_value round trip");

    // Decoding the encoded text gives the same record.
    let again: T = serde_json::from_str(&serde_json::to_string(&record).expect("encodes"))
        .expect("decodes again");
    assert_eq!(again, record, "decode . encode . decode is decode");
    record
}

fn key_count(text: &str) -> usize {
    serde_json::from_str::<serde_json::Map<String, Value>>(text)
        .expect("an object")
        .len()
}

/// How many documented fields a model encodes (its keys minus the kept unknown ones).
fn documented_count<T: Model + Serialize>(record: &T) -> usize {
    let encoded = serde_json::to_value(record).expect("encodes");
    encoded.as_object().map_or(0, |o| o.len()) - record.extra_fields().len()
}

// ---------------------------------------------------------------------------------------
// Real responses.

#[test]
fn real_ticket_get_round_trips_as_faults() {
    let ticket: Faults = round_trip(TICKET_GET);
    assert_eq!(ticket.id, Field::Value(9950));
    assert_eq!(
        ticket.summary.value().map(String::as_str),
        Some("Test 2024-08-12")
    );
    assert_eq!(
        documented_count(&ticket) + ticket.extra_fields.len(),
        key_count(TICKET_GET)
    );
    assert!(ticket.extra_fields.len() > 150, "unknown keys are kept");
    // The embedded priority's id is a GUID.
    let priority = ticket.priority.value().expect("priority decodes");
    assert!(priority.id.value().is_some());
    // -0.0 in a number field.
    assert_eq!(
        ticket.estimate.value().map(|v| v.to_bits()),
        Some((-0.0f64).to_bits())
    );
    // Mixed date formats in one record.
    assert!(matches!(
        ticket.dateoccurred.timestamp(),
        Some(Timestamp::Utc(_))
    ));
    assert_eq!(
        ticket.customfields.value().map(Vec::len),
        Some(
            serde_json::from_str::<Value>(TICKET_GET).expect("JSON")["customfields"]
                .as_array()
                .map_or(0, Vec::len)
        )
    );
}

#[test]
fn real_ticket_create_round_trips_as_faults() {
    let ticket: Faults = round_trip(TICKET_CREATE);
    assert_eq!(
        documented_count(&ticket) + ticket.extra_fields.len(),
        key_count(TICKET_CREATE)
    );
    assert!(ticket.user.value().is_some(), "the embedded user decodes");
    assert!(
        ticket.tickettype.value().is_some(),
        "the embedded ticket type decodes"
    );
}

#[test]
fn real_tickets_round_trip_as_a_page() {
    let page = format!(
        r#"{{"page_no":1,"page_size":50,"record_count":717,"tickets":[{TICKET_GET},{TICKET_CREATE}]}}"#
    );
    let view: FaultsView = round_trip(&page);
    assert_eq!(view.record_count, Field::Value(717));
    assert_eq!(view.tickets.value().map(Vec::len), Some(2));
}

#[test]
fn real_documented_fields_have_their_documented_shape() {
    // No documented field of the real tickets falls back to `Other`.
    for text in [TICKET_GET, TICKET_CREATE] {
        let ticket: Faults = serde_json::from_str(text).expect("decodes");
        let debug = format!("{ticket:?}");
        assert!(
            !debug.contains("Other("),
            "a documented field is of an unexpected shape"
        );
    }
}

#[test]
fn real_user_round_trips_as_a_user_record() {
    // There is no `Users` model in the spec; the ticket's embedded user has the same shape.
    let user: FaultUser = round_trip(USER_GET);
    // `site_id` arrives as the decimal `18.0`.
    assert!(USER_GET.contains("\"site_id\": 18.0"));
    assert_eq!(user.site_id, Field::Value(18));
    assert_eq!(
        documented_count(&user) + user.extra_fields.len(),
        key_count(USER_GET)
    );
}

/// A users list, `{record_count, users: […]}`, written by hand against the `Model` trait
/// (the spec documents no model for it).
#[derive(Debug, Clone, Default, PartialEq)]
struct UsersList {
    record_count: Field<i64>,
    users: Field<Vec<FaultUser>>,
    extra_fields: Extra,
}

impl Model for UsersList {
    fn decode_field<'de, A: halopsa::__private::MapAccess<'de>>(
        &mut self,
        key: &str,
        map: &mut A,
    ) -> Result<bool, A::Error> {
        match key {
            "record_count" => self.record_count = map.next_value()?,
            "users" => self.users = map.next_value()?,
            _ => return Ok(false),
        }
        Ok(true)
    }
    fn encode_fields<S: halopsa::__private::SerializeMap>(
        &self,
        map: &mut S,
    ) -> Result<(), S::Error> {
        halopsa::__private::encode_field(map, "record_count", &self.record_count)?;
        halopsa::__private::encode_field(map, "users", &self.users)
    }
    fn extra_fields(&self) -> &Extra {
        &self.extra_fields
    }
    fn extra_fields_mut(&mut self) -> &mut Extra {
        &mut self.extra_fields
    }
}

halopsa::__private::impl_model_serde!(UsersList);

#[test]
fn real_users_list_round_trips() {
    let list: UsersList = round_trip(USERS_LIST);
    assert_eq!(list.record_count, Field::Value(1));
    let users = list.users.value().expect("users decode");
    assert_eq!(users.len(), 1);
    assert_eq!(users[0].site_id, Field::Value(18));
    assert_eq!(
        users[0]
            .extra_fields
            .get::<String>("use")
            .and_then(Result::ok)
            .as_deref(),
        Some("user")
    );
    // The same text also round trips as plain JSON.
    let value: Value = round_trip(USERS_LIST);
    assert_eq!(value["record_count"], json!(1));
}

#[test]
fn real_attachment_round_trips_as_attachment() {
    let attachment: Attachment = round_trip(ATTACHMENT);
    assert_eq!(attachment.id, Field::Value(2967));
    assert_eq!(attachment.type_, Field::Value(0));
    assert!(attachment.guid.value().is_some());
    assert_eq!(
        attachment.datecreated.value().map(DateTime::as_str),
        Some("2024-07-02T08:31:38.7600102Z")
    );
    assert_eq!(attachment.extra_fields.get_raw("user_id"), Some("-1"));
    assert_eq!(
        documented_count(&attachment) + attachment.extra_fields.len(),
        key_count(ATTACHMENT)
    );
}

#[test]
fn unknown_keys_are_kept_byte_for_byte_in_order() {
    let text = r#"{"zz":1.50,"id":7,"aa":[1, 2,{"b" : null}],"mm":"\u00e9\"x","nn":-0.0}"#;
    let ticket: Faults = serde_json::from_str(text).expect("decodes");
    let kept: Vec<(&str, &str)> = ticket.extra_fields.iter().collect();
    assert_eq!(
        kept,
        [
            ("zz", "1.50"),
            ("aa", r#"[1, 2,{"b" : null}]"#),
            ("mm", r#""\u00e9\"x""#),
            ("nn", "-0.0"),
        ]
    );
    assert_eq!(
        serde_json::to_string(&ticket).expect("encodes"),
        r#"{"id":7,"zz":1.50,"aa":[1, 2,{"b" : null}],"mm":"\u00e9\"x","nn":-0.0}"#
    );
}

// ---------------------------------------------------------------------------------------
// One test per quirk in the facts.

fn decode(text: &str) -> Faults {
    serde_json::from_str(text).expect("decodes")
}

fn encode<T: Serialize>(record: &T) -> String {
    serde_json::to_string(record).expect("encodes")
}

/// The JSON text a field kept aside.
fn other<T>(field: &Field<T>) -> Option<&str> {
    field.other().map(halopsa::RawJson::get)
}

#[test]
fn quirk_nearly_every_field_is_nullable() {
    let text = r#"{"id":null,"summary":null,"guid":null,"dateoccurred":null,"onhold":null,
        "estimate":null,"user":null,"customfields":null,"unknown":null}"#;
    let ticket = decode(text);
    assert_eq!(ticket.id, Field::Null);
    assert_eq!(ticket.summary, Field::Null);
    assert_eq!(ticket.guid, Field::Null);
    assert_eq!(ticket.dateoccurred, Field::Null);
    assert_eq!(ticket.onhold, Field::Null);
    assert_eq!(ticket.estimate, Field::Null);
    assert_eq!(ticket.user, Field::Null);
    assert_eq!(ticket.customfields, Field::Null);
    assert_eq!(ticket.extra_fields.get_raw("unknown"), Some("null"));
    assert_same_json(text, &encode(&ticket));
}

#[test]
fn quirk_the_server_adds_fields_freely() {
    let mut text = String::from("{\"id\":1");
    for i in 0..300 {
        text.push_str(&format!(",\"added_{i}\":{{\"n\":{i},\"s\":\"v{i}\"}}"));
    }
    text.push('}');
    let ticket = decode(&text);
    assert_eq!(ticket.extra_fields.len(), 300);
    assert_eq!(
        ticket.extra_fields.get_raw("added_299"),
        Some(r#"{"n":299,"s":"v299"}"#)
    );
    assert_eq!(encode(&ticket), text);
}

#[test]
fn quirk_date_times_come_in_mixed_formats() {
    let utc = |s: &str| {
        chrono::DateTime::parse_from_rfc3339(s)
            .expect("test date")
            .with_timezone(&chrono::Utc)
    };
    let local = |s: &str| {
        chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f").expect("test date")
    };
    let cases = [
        (
            "2024-06-20T14:45:15.9746271Z",
            Timestamp::Utc(utc("2024-06-20T14:45:15.9746271Z")),
        ),
        (
            "2024-06-21T10:45:15.975Z",
            Timestamp::Utc(utc("2024-06-21T10:45:15.975Z")),
        ),
        (
            "2024-08-16T07:30:00Z",
            Timestamp::Utc(utc("2024-08-16T07:30:00Z")),
        ),
        (
            "2022-09-26T16:15:38.897",
            Timestamp::Local(local("2022-09-26T16:15:38.897")),
        ),
        (
            "2019-01-09T09:37:08.7",
            Timestamp::Local(local("2019-01-09T09:37:08.7")),
        ),
        (
            "2019-04-23T15:33:00",
            Timestamp::Local(local("2019-04-23T15:33:00")),
        ),
        (
            "2024-08-16T08:30:00+01:00",
            Timestamp::Utc(utc("2024-08-16T07:30:00Z")),
        ),
    ];
    for (raw, expected) in cases {
        let text = format!(r#"{{"dateoccurred":"{raw}","unknown_date":"{raw}"}}"#);
        let ticket = decode(&text);
        let date = ticket.dateoccurred.value().expect("a date-time value");
        assert_eq!(date.as_str(), raw);
        assert_eq!(date.parse(), Ok(Some(expected)), "{raw}");
        assert_eq!(ticket.dateoccurred.timestamp(), Some(expected));
        assert_eq!(encode(&ticket), text, "re-encodes exactly as received");
    }
    // 0 to 7 fractional digits.
    for digits in 0..=7 {
        let fraction = if digits == 0 {
            String::new()
        } else {
            format!(".{}", "1234567".get(..digits).expect("digits"))
        };
        for offset in ["", "Z"] {
            let raw = format!("2024-06-20T14:45:15{fraction}{offset}");
            let date = DateTime::from_raw(raw.clone());
            let naive = date.naive().expect("parses");
            let nanos = "123456700"
                .get(..digits)
                .map_or(0, |d| format!("{d:0<9}").parse::<u32>().expect("digits"));
            assert_eq!(naive.and_utc().timestamp_subsec_nanos(), nanos, "{raw}");
            assert_eq!(date.utc().is_some(), offset == "Z", "{raw}");
        }
    }
    // A string that is not a date-time is kept aside, not lost.
    let ticket = decode(r#"{"dateoccurred":"next Tuesday"}"#);
    assert_eq!(other(&ticket.dateoccurred), Some(r#""next Tuesday""#));
    assert_eq!(encode(&ticket), r#"{"dateoccurred":"next Tuesday"}"#);
}

#[test]
fn quirk_not_set_markers_read_as_not_set() {
    for marker in [
        "1900-01-01T00:00:00",
        "1899-12-30T00:00:00",
        "0001-01-01T00:00:00",
    ] {
        let text = format!(r#"{{"deadlinedate":"{marker}"}}"#);
        let ticket = decode(&text);
        let date = ticket.deadlinedate.value().expect("a date-time value");
        assert!(date.is_unset(), "{marker}");
        assert_eq!(date.parse(), Ok(None));
        assert_eq!(date.timestamp(), None);
        assert_eq!(ticket.deadlinedate.timestamp(), None);
        assert_eq!(encode(&ticket), text, "the raw marker survives");
    }
    // Not a marker: the same dates at another time of day.
    assert!(!DateTime::from_raw("1900-01-01T08:30:00").is_unset());
    // Id and string markers are kept as the values they are.
    let ticket = decode(r#"{"contract_id":-1,"sla_name":""}"#);
    assert_eq!(ticket.contract_id, Field::Value(-1));
    assert_eq!(ticket.sla_name, Field::Value(String::new()));
    assert_eq!(encode(&ticket), r#"{"sla_name":"","contract_id":-1}"#);
}

#[test]
fn quirk_integers_arrive_as_decimals() {
    let text = r#"{"client_id":21.0,"site_id":18.0,"id":9950}"#;
    let ticket = decode(text);
    assert_eq!(ticket.client_id, Field::Value(21));
    assert_eq!(ticket.site_id, Field::Value(18));
    // Same value, new spelling.
    assert_same_json(text, &encode(&ticket));
    // A decimal that is not an integer is kept aside, not rounded.
    let ticket = decode(r#"{"client_id":21.5}"#);
    assert_eq!(other(&ticket.client_id), Some("21.5"));
    assert_eq!(ticket.client_id.get(), None);
    assert_eq!(encode(&ticket), r#"{"client_id":21.5}"#);
}

#[test]
fn quirk_integers_arrive_as_strings() {
    let text = r#"{"client_id":"21","site_id":" 18 ","agent_id":"3.0"}"#;
    let ticket = decode(text);
    // Kept as the string it is, so that it re-encodes as one …
    assert_eq!(other(&ticket.client_id), Some(r#""21""#));
    assert_eq!(encode(&ticket), text);
    // … and read as the integer it means.
    assert_eq!(ticket.client_id.get(), Some(21));
    assert_eq!(ticket.site_id.get(), Some(18));
    assert_eq!(ticket.agent_id.get(), Some(3));
}

#[test]
fn quirk_an_integer_id_arrives_as_a_guid() {
    let guid = "85c6afd4-244f-4cba-1146-08dc588ca950";
    let text = format!(r#"{{"id":"{guid}","summary":"kept","priority":{{"id":"{guid}"}}}}"#);
    let ticket = decode(&text);
    // The record decodes; the GUID is kept and reachable.
    assert_eq!(other(&ticket.id), Some(format!("\"{guid}\"").as_str()));
    assert_eq!(ticket.id.get(), None);
    assert_eq!(ticket.summary.value().map(String::as_str), Some("kept"));
    // Where the id is documented as a GUID (the embedded priority) it is a value.
    let priority = ticket.priority.value().expect("priority");
    assert_eq!(
        priority.id.value().map(ToString::to_string).as_deref(),
        Some(guid)
    );
    assert_same_json(&text, &encode(&ticket));
}

#[test]
fn quirk_numbers_come_as_negative_zero() {
    let text = r#"{"estimate":-0.0,"id":-0.0,"timetakenadjusted":-0.0}"#;
    let ticket = decode(text);
    assert_eq!(
        ticket.estimate.value().map(|v| v.to_bits()),
        Some((-0.0f64).to_bits())
    );
    assert_eq!(ticket.id, Field::Value(0));
    assert_eq!(
        ticket.extra_fields.get_raw("timetakenadjusted"),
        Some("-0.0")
    );
    let encoded = encode(&ticket);
    assert_eq!(
        encoded,
        r#"{"id":0,"estimate":-0.0,"timetakenadjusted":-0.0}"#
    );
    assert_same_json(text, &encoded);
}

#[test]
fn quirk_time_spans_come_as_strings() {
    let text = r#"{"priority":{"startofdaytime":"15:25:00"},"timetaken_span":"00:00:00"}"#;
    let ticket = decode(text);
    let priority = ticket.priority.value().expect("priority");
    assert_eq!(
        priority.startofdaytime.value().map(String::as_str),
        Some("15:25:00")
    );
    assert_eq!(
        ticket.extra_fields.get_raw("timetaken_span"),
        Some(r#""00:00:00""#)
    );
    assert_eq!(encode(&ticket), text);
}

#[test]
fn quirk_nested_objects_are_objects() {
    let text = r#"{"tickettype":{"id":28,"name":"Incident"},"user":{"id":5}}"#;
    let ticket = decode(text);
    assert_eq!(
        ticket.user.value().map(|u| u.id.clone()),
        Some(Field::Value(5))
    );
    assert_eq!(encode(&ticket), text);
    // An array where an object is documented is kept aside, not lost.
    let text = r#"{"user":[{"id":5}]}"#;
    let ticket = decode(text);
    assert_eq!(other(&ticket.user), Some(r#"[{"id":5}]"#));
    assert_eq!(encode(&ticket), text);
}

#[test]
fn quirk_lists_are_wrapped_in_objects() {
    let text = r#"{"page_no":1,"page_size":50,"record_count":717,"tickets":[{"id":1},{"id":2.0}],"odd":true}"#;
    let view: FaultsView = serde_json::from_str(text).expect("decodes");
    assert_eq!(view.record_count, Field::Value(717));
    let ids: Vec<_> = view
        .tickets
        .value()
        .map(|t| t.iter().map(|t| t.id.clone()).collect())
        .unwrap_or_default();
    assert_eq!(ids, [Field::Value(1), Field::Value(2)]);
    assert_same_json(text, &encode(&view));
}

#[test]
fn quirk_an_array_with_an_odd_element_is_kept_whole() {
    let text = r#"{"customfields":[{"id":1,"name":"CFa","value":"x"},5,null]}"#;
    let ticket = decode(text);
    assert_eq!(
        other(&ticket.customfields),
        Some(r#"[{"id":1,"name":"CFa","value":"x"},5,null]"#)
    );
    assert_eq!(encode(&ticket), text);
}

#[test]
fn quirk_updates_send_exactly_what_the_caller_set() {
    // A field the caller did not set is absent, and absent fields are not sent.
    let mut update = Faults::default();
    update.id = Field::Value(9950);
    assert_eq!(update.summary, Field::Absent);
    assert_eq!(encode(&update), r#"{"id":9950}"#);
    // Null and a value are sent as such.
    update.summary = Field::Null;
    update.details.set("new".to_owned());
    update.team = None::<String>.into();
    assert_eq!(
        encode(&update),
        r#"{"id":9950,"summary":null,"details":"new","team":null}"#
    );
    // Unknown keys set by the caller are sent too.
    update
        .extra_fields
        .insert("customfield_extra", &json!({"a": 1}))
        .expect("inserts");
    assert_eq!(
        encode(&update),
        r#"{"id":9950,"summary":null,"details":"new","team":null,"customfield_extra":{"a":1}}"#
    );
    // Absent, null and a value decode apart.
    let decoded = decode(r#"{"summary":null,"details":"x"}"#);
    assert_eq!(decoded.id, Field::Absent);
    assert_eq!(decoded.summary, Field::Null);
    assert_eq!(decoded.details, Field::Value("x".to_owned()));
}

#[test]
fn quirk_booleans_and_strings_of_another_shape_are_kept() {
    let text = r#"{"onhold":1,"deleted":"true","summary":42,"guid":""}"#;
    let ticket = decode(text);
    assert_eq!(other(&ticket.onhold), Some("1"));
    assert_eq!(ticket.onhold.get(), Some(true));
    assert_eq!(ticket.deleted.get(), Some(true));
    assert_eq!(ticket.summary.get().as_deref(), Some("42"));
    assert_eq!(other(&ticket.guid), Some(r#""""#));
    assert_same_json(text, &encode(&ticket));
}

#[test]
fn quirk_numbers_that_do_not_fit_are_kept() {
    let text = r#"{"id":18446744073709551615,"estimate":9007199254740993,"client_id":1e300}"#;
    let ticket = decode(text);
    assert_eq!(other(&ticket.id), Some("18446744073709551615"));
    assert_eq!(other(&ticket.estimate), Some("9007199254740993"));
    assert_eq!(other(&ticket.client_id), Some("1e300"));
    assert_same_json(text, &encode(&ticket));
}

/// Every number a field's type cannot hold exactly is kept as sent, wherever it is: in an
/// integer field, a number field, a string field, an any-JSON field, an array, a nested
/// record, an unknown key. The encoding is compared as text: the digits must be the same.
#[test]
fn numbers_are_sent_back_with_the_digits_received() {
    let lost_by_f64 = [
        "16777141142156685312",
        "-18044680724963509",
        "-95044274475264561",
        "9007199254740993",
        "0.1000000000000000055511151231257827",
        "1.00000000000000001",
        "123456789012345678901234567890",
        "1e400",
        "-1e-400",
        "3e-324",
    ];
    for n in lost_by_f64 {
        // `estimate` is a number (f64), `id` an integer, `summary` a string, `priority` a
        // record holding `fixtime` (f64), `customfields` records holding any JSON.
        let text = format!(
            r#"{{"id":{n},"summary":{n},"estimate":{n},"priority":{{"fixtime":{n}}},"customfields":[{{"value":{n}}},{{"value":[{n}]}}],"user":{n},"unknown":{n}}}"#
        );
        let ticket = decode(&text);
        assert_eq!(other(&ticket.estimate), Some(n), "{n}");
        // The same JSON, and each number with its very digits (only the order of the
        // keys changes: documented fields come first).
        let encoded = encode(&ticket);
        assert_same_json(&text, &encoded);
        assert_eq!(encoded.matches(n).count(), 8, "{n} in {encoded}");
        let again = decode(&encode(&ticket));
        assert_eq!(again, ticket, "{n}");
        // The SDK's decoder reads the string field directly first, meets a number that
        // could have lost digits, and reads the body again from the text.
        let sdk: Faults = halopsa_runtime::decode::decode_json(text.as_bytes()).expect("decodes");
        assert_eq!(sdk, ticket, "{n}");
    }
    // An integer that an integer field holds is a value, in any spelling.
    for (n, value) in [
        ("-9223372036854775808", i64::MIN),
        ("9223372036854775807", i64::MAX),
        ("9007199254740993.0", 9_007_199_254_740_993),
        ("1E+2", 100),
        ("-0.0", 0),
    ] {
        let ticket = decode(&format!(r#"{{"id":{n}}}"#));
        assert_eq!(ticket.id, Field::Value(value), "{n}");
    }
    for n in ["9223372036854775808", "1e19", "0.5", "-9223372036854775809"] {
        let ticket = decode(&format!(r#"{{"id":{n}}}"#));
        assert_eq!(other(&ticket.id), Some(n), "{n}");
    }
    // A number that `f64` holds, and writes back with the same value, is a value.
    for (n, value) in [
        ("0.1", 0.1),
        ("1e308", 1e308),
        ("5e-324", 5e-324),
        ("-0.0", -0.0),
        ("1.6777141142156685e19", 1.677_714_114_215_668_5e19),
        ("9007199254740992", 9_007_199_254_740_992.0),
        ("1E+2", 100.0),
    ] {
        let ticket = decode(&format!(r#"{{"estimate":{n}}}"#));
        assert_eq!(ticket.estimate, Field::Value(value), "{n}");
        // Read back as text: `serde_json::Value` itself may read `1.6777141142156685e19`
        // a unit in the last place off.
        let encoded = encode(&ticket);
        let written = encoded
            .strip_prefix(r#"{"estimate":"#)
            .and_then(|rest| rest.strip_suffix('}'))
            .expect("one key");
        assert!(
            json_eq::same_number_text(written, n),
            "{n} came back as {encoded}"
        );
    }
}

#[test]
fn lenient_reads_convert_only_without_loss() {
    let ticket = decode(
        r#"{"id":"9007199254740993","client_id":" 21.0 ","estimate":"0.1","site_id":"1e400"}"#,
    );
    assert_eq!(ticket.id.get(), Some(9_007_199_254_740_993));
    assert_eq!(ticket.client_id.get(), Some(21));
    assert_eq!(ticket.estimate.get(), Some(0.1));
    assert_eq!(ticket.site_id.get(), None);
    let ticket = decode(r#"{"estimate":9007199254740993,"summary":1E+2}"#);
    assert_eq!(ticket.estimate.get(), None);
    assert_eq!(ticket.summary.get().as_deref(), Some("1E+2"));
}

// ---------------------------------------------------------------------------------------
// Non-borrowing deserializers and escaped keys.

#[test]
fn decodes_from_values_readers_and_escaped_keys() {
    let text = r#"{"su\u006dmary":"s","unknown\n":{"a":[1,"\u00e9"]},"id":1}"#;
    let ticket: Faults = round_trip(text);
    assert_eq!(ticket.summary.value().map(String::as_str), Some("s"));
    assert_eq!(
        ticket.extra_fields.get_raw("unknown\n"),
        Some(r#"{"a":[1,"\u00e9"]}"#)
    );
    // Through a `serde_json::Value`, the unknown value is re-encoded (same value).
    let from_value: Faults =
        serde_json::from_value(serde_json::from_str(text).expect("JSON")).expect("decodes");
    assert_eq!(
        from_value
            .extra_fields
            .get::<Value>("unknown\n")
            .and_then(Result::ok),
        Some(json!({"a": [1, "é"]}))
    );
    // A model nested in an untagged enum goes through serde's buffered content.
    #[derive(serde::Deserialize)]
    #[serde(untagged)]
    enum Either {
        Ticket(Faults),
    }
    let Either::Ticket(buffered) = serde_json::from_str(text).expect("decodes");
    assert_eq!(buffered.summary, ticket.summary);
    assert_eq!(
        buffered
            .extra_fields
            .get::<Value>("unknown\n")
            .and_then(Result::ok),
        Some(json!({"a": [1, "é"]}))
    );
    assert_same_json(text, &encode(&buffered));
}

#[test]
fn extra_can_be_read_and_edited() {
    let mut ticket = decode(r#"{"a":1,"b":"two","c":[3]}"#);
    let extra = &mut ticket.extra_fields;
    assert_eq!(extra.keys().collect::<Vec<_>>(), ["a", "b", "c"]);
    assert_eq!(extra.get::<i64>("a").and_then(Result::ok), Some(1));
    assert!(extra.contains_key("b"));
    extra.insert("b", "deux").expect("inserts");
    assert_eq!(
        extra.remove("a").map(|r| r.get().to_owned()).as_deref(),
        Some("1")
    );
    extra.insert("d", &4).expect("inserts");
    assert_eq!(encode(&ticket), r#"{"b":"deux","c":[3],"d":4}"#);
    assert_eq!(ticket.extra_fields.len(), 3);
}

// ---------------------------------------------------------------------------------------
// Decode errors.

#[test]
fn decode_error_names_the_path_and_shows_the_value() {
    let body = br#"{"record_count":2,"tickets":[{"id":1},{"summary":"fine","id":tru}]}"#;
    let err = halopsa_runtime::decode::decode_json::<FaultsView>(body).expect_err("fails");
    let halopsa::Error::Decode { path, snippet, .. } = &err else {
        panic!("a decode error: {err}");
    };
    assert_eq!(path, "tickets[1].id");
    assert!(snippet.contains(r#""id":tru"#), "{snippet}");
    let message = err.to_string();
    assert!(
        message.contains("tickets[1].id") && message.contains("tru}"),
        "{message}"
    );

    // A record where a list is expected.
    let body = br#"{"tickets":[{"id":1}]}"#;
    let err = halopsa_runtime::decode::decode_json::<Vec<Faults>>(body).expect_err("fails");
    assert!(matches!(err, halopsa::Error::Decode { .. }), "{err}");

    // A list element that is not a record, at the top level, names its index.
    let body = br#"[{"id":1},"not a ticket"]"#;
    let err = halopsa_runtime::decode::decode_json::<Vec<Faults>>(body).expect_err("fails");
    let halopsa::Error::Decode { path, snippet, .. } = &err else {
        panic!("a decode error: {err}");
    };
    assert_eq!(path, "[1]");
    assert!(snippet.contains("not a ticket"), "{snippet}");
}
