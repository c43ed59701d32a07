//! Typed responses: the list type in both of Halo's shapes, the saved-record type, decode
//! errors that name the operation, the raw-JSON escape hatch, and the real captured
//! responses decoding through the typed endpoint functions.

#![forbid(unsafe_code)]

#[path = "support/mod.rs"]
mod support;

use halopsa::{email, tickets, Error, Field, List, OneOrMany};
use serde_json::{json, Value};

const TICKET_GET: &str = include_str!("../fixtures/real/ticket_get_response.json");
const TICKET_CREATE: &str = include_str!("../fixtures/real/ticket_create_response.json");
const USERS_LIST: &str = include_str!("../fixtures/real/users_list_response.json");

/// A decode error's operation, path and snippet; fails the test on anything else.
fn decode_error<T: std::fmt::Debug>(
    result: Result<T, Error>,
) -> (Option<&'static str>, String, String, String) {
    match result {
        Err(e @ Error::Decode { .. }) => {
            let text = e.to_string();
            let Error::Decode {
                operation,
                path,
                snippet,
                ..
            } = e
            else {
                unreachable!()
            };
            (operation, path, snippet, text)
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}

fn list<T: serde::de::DeserializeOwned>(
    key: Option<&'static str>,
    body: &str,
) -> Result<List<T>, Error> {
    halopsa::__private::decode_list("listThings", key, body.as_bytes())
}

#[test]
fn a_bare_array_is_a_list_without_wrapper() {
    let list: List<tickets::Faults> =
        list(Some("tickets"), r#"[{"id":1},{"id":2,"x":true}]"#).unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[1].id, Field::Value(2));
    assert_eq!(list.record_count(), None);
    assert!(!list.is_wrapped());
    assert_eq!(
        serde_json::to_value(&list).unwrap(),
        json!([{"id":1},{"id":2,"x":true}])
    );
}

#[test]
fn a_wrapper_with_the_named_key_keeps_its_other_keys() {
    let body = r#"{"page_no":1,"record_count":"717","tickets":[{"id":5}],"columns":[{"id":1}]}"#;
    let list: List<tickets::Faults> = list(Some("tickets"), body).unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(
        list.record_count(),
        Some(717),
        "a count sent as a string still reads"
    );
    assert_eq!(list.items_key.as_deref(), Some("tickets"));
    assert_eq!(list.extra_fields.get_raw("page_no"), Some("1"));
    assert_eq!(list.extra_fields.get_raw("columns"), Some(r#"[{"id":1}]"#));
    assert_eq!(
        serde_json::to_value(&list).unwrap(),
        serde_json::from_str::<Value>(body).unwrap(),
        "encodes back to what was received"
    );
}

#[test]
fn a_wrapper_with_an_unknown_key_is_found() {
    // The key is not known in advance; `columns` describes the list and is not taken.
    let body = r#"{"columns":[{"id":9}],"record_count":2,"users":[{"id":1},{"id":2}]}"#;
    let list: List<tickets::Faults> = list(None, body).unwrap();
    assert_eq!(list.items_key.as_deref(), Some("users"));
    assert_eq!(
        list.iter().map(|t| t.id.get()).collect::<Vec<_>>(),
        [Some(1), Some(2)]
    );
    assert_eq!(list.extra_fields.keys().collect::<Vec<_>>(), ["columns"]);
    // A spec that names another key than the server sends still works.
    let list: List<tickets::Faults> = list_with_wrong_key(body);
    assert_eq!(list.len(), 2);
}

fn list_with_wrong_key(body: &str) -> List<tickets::Faults> {
    list(Some("tickets"), body).unwrap()
}

#[test]
fn a_wrapper_with_only_a_count_is_an_empty_list() {
    let list: List<tickets::Faults> =
        list(Some("tickets"), r#"{"record_count":0,"page_no":1}"#).unwrap();
    assert!(list.is_empty());
    assert_eq!(list.record_count(), Some(0));
}

#[test]
fn shapes_that_are_not_lists_are_decode_errors_naming_the_operation() {
    for (body, expected) in [
        (r#"{"id":5,"summary":"one ticket"}"#, "expected a list"),
        (r#"{"record_count":2,"a":[{}],"b":[{}]}"#, "several arrays"),
        ("<html><body>Bad gateway</body></html>", "expected value"),
        ("", "null"),
        ("42", "a list"),
    ] {
        let (operation, _path, snippet, text) = decode_error(list::<tickets::Faults>(None, body));
        assert_eq!(operation, Some("listThings"));
        assert!(text.contains("listThings"), "{text}");
        assert!(text.contains(expected), "{body:?}: {text}");
        assert!(
            body.is_empty() || snippet.contains(&body[..body.len().min(10)]),
            "{snippet}"
        );
    }
}

#[test]
fn a_record_where_the_body_is_empty_or_html_is_a_decode_error() {
    for body in ["", "<html>502</html>", "[]"] {
        let result: Result<tickets::Faults, Error> =
            halopsa::__private::decode_response("getTicket", body.as_bytes());
        let (operation, _, _, text) = decode_error(result);
        assert_eq!(operation, Some("getTicket"), "{text}");
    }
}

#[test]
fn a_saved_record_is_one_or_many() {
    let one: OneOrMany<tickets::Faults> = serde_json::from_str(r#"{"id":7}"#).unwrap();
    assert!(matches!(one, OneOrMany::One(_)));
    assert_eq!(one[0].id, Field::Value(7));
    let many: OneOrMany<tickets::Faults> =
        serde_json::from_str(r#"[{"id":7},{"id":8,"k":1}]"#).unwrap();
    assert_eq!(many.len(), 2);
    assert_eq!(
        serde_json::to_string(&many).unwrap(),
        r#"[{"id":7},{"id":8,"k":1}]"#
    );
    assert_eq!(many.into_vec().len(), 2);
}

#[tokio::test]
async fn real_ticket_responses_decode_through_the_typed_functions() {
    let (_server, client) = support::serve(TICKET_GET).await;
    let ticket = tickets::get_ticket(&client, 1, &Default::default())
        .await
        .unwrap();
    support::assert_encodes_to(&ticket, TICKET_GET);
    assert!(ticket.id.value().is_some());

    let (_server, client) = support::serve(TICKET_CREATE).await;
    let saved = tickets::create_tickets(&client, &[tickets::Faults::default()])
        .await
        .unwrap();
    let OneOrMany::One(ticket) = &saved else {
        panic!("Halo answers a create with one record")
    };
    support::assert_encodes_to(ticket, TICKET_CREATE);
}

#[tokio::test]
async fn a_real_user_search_decodes_as_a_list_of_users() {
    // The address book is declared a bare array; Halo's user search answers a wrapper
    // with the records under `users`, which the list type finds.
    let (_server, client) = support::serve(USERS_LIST).await;
    let users = email::list_email_address_book(&client, &Default::default())
        .await
        .unwrap();
    assert_eq!(users.items_key.as_deref(), Some("users"));
    assert_eq!(users.record_count(), Some(1));
    assert_eq!(users.len(), 1);
    assert_eq!(users[0].id.get(), Some(38));
    support::assert_encodes_to(&users, USERS_LIST);
}

#[tokio::test]
async fn any_operation_can_answer_raw_json() {
    // The escape hatch: build the request, send it, keep the JSON as it is.
    let (_server, client) = support::serve(r#"{"surprise":[1,2,3]}"#).await;
    let request = email::get_mailbox_request(3, &Default::default()).unwrap();
    let raw: Value = client.send(request).await.unwrap();
    assert_eq!(raw, json!({"surprise": [1, 2, 3]}));
}
