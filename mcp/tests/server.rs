//! The server's calls against the fake Halo, without a protocol client: what each answer
//! holds, and what reached Halo (the fake's request log). The same against the real binary
//! and the official Python client: `mcp/tests/client_check.py`.

use halopsa_fake::{Failure, FakeHalo};
use halopsa_mcp::answer::Limits;
use halopsa_mcp::catalog::{Catalog, Selection};
use halopsa_mcp::server::{Options, Server};
use serde_json::{json, Map, Value};

fn options(selection: Selection, max_records: usize) -> Options {
    Options {
        catalog: Catalog::select(halopsa_mcp::tools::TOOLS, &selection).expect("a selection"),
        compact: false,
        limits: Limits {
            max_records,
            max_bytes: 60_000,
        },
        dry_run: false,
        structured: true,
    }
}

fn args(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

async fn seeded() -> FakeHalo {
    let fake = FakeHalo::start().await.expect("the fake starts");
    let tickets: Vec<Value> = (1..=7)
        .map(|i| json!({"id": i, "summary": format!("Ticket {i}")}))
        .collect();
    fake.seed(json!({ "Tickets": tickets })).expect("seeds");
    fake
}

/// A call's structured content and text, and whether it is an error.
async fn call(server: &Server, name: &str, arguments: Value) -> (Value, String, bool) {
    let result = server
        .call(name, args(arguments))
        .await
        .expect("a known tool");
    let text = result
        .content
        .first()
        .and_then(|c| c.as_text())
        .map(|t| t.text.clone())
        .unwrap_or_default();
    (
        result.structured_content.unwrap_or(Value::Null),
        text,
        result.is_error == Some(true),
    )
}

#[tokio::test]
async fn pages_follow_the_cursor_and_the_cap() {
    let fake = seeded().await;
    // At most 3 records an answer: pages of 3 whatever is asked.
    let server = Server::new(options(Selection::default(), 3), fake.client());
    let (first, text, error) = call(&server, "tickets_list", json!({"page_size": 50})).await;
    assert!(!error, "{text}");
    assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), first);
    assert_eq!(first["count"], 3);
    assert_eq!(first["total"], 7);
    let mut ids: Vec<Value> = first["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].clone())
        .collect();
    let mut cursor = first["next_cursor"].clone();
    while let Value::String(c) = cursor {
        let (page, text, error) = call(&server, "tickets_list", json!({"cursor": c})).await;
        assert!(!error, "{text}");
        ids.extend(
            page["records"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["id"].clone()),
        );
        cursor = page["next_cursor"].clone();
    }
    assert_eq!(ids, (1..=7).map(|i| json!(i)).collect::<Vec<_>>());
    let asked: Vec<Option<String>> = fake
        .requests_of("listTickets")
        .iter()
        .map(|r| r.query_param("page_size"))
        .collect();
    assert_eq!(asked, vec![Some("3".to_owned()); 3]);
}

#[tokio::test]
async fn errors_are_tool_errors_with_halos_status() {
    let fake = seeded().await;
    let server = Server::new(options(Selection::default(), 25), fake.client());
    let (out, text, error) = call(&server, "tickets_get", json!({"id": 99})).await;
    assert!(error);
    assert_eq!(out["error"]["status"], 404);
    assert!(text.starts_with("Halo answered HTTP 404"), "{text}");
    let (_, text, error) = call(&server, "tickets_get", json!({"id": 1, "bogus": 2})).await;
    assert!(error && text.contains("unknown field `bogus`"), "{text}");
    fake.fail(Failure::new(500).operation("getTicket"));
    let (out, _, error) = call(&server, "tickets_get", json!({"id": 1})).await;
    assert!(error);
    assert_eq!(out["error"]["status"], 500);
    // An unknown tool is a protocol error, not a tool result.
    assert!(server.call("no_such_tool", Map::new()).await.is_err());
}

#[tokio::test]
async fn writes_need_to_be_allowed_and_can_be_dry_runs() {
    let fake = seeded().await;
    let read_only = Server::new(options(Selection::default(), 25), fake.client());
    let body = json!({"body": [{"summary": "Printer on fire"}]});
    let (_, text, error) = call(&read_only, "tickets_create", body.clone()).await;
    assert!(error && text.contains("--allow-writes"), "{text}");
    assert!(fake.requests_of("createTickets").is_empty());

    let named = Selection {
        tools: vec!["tickets_create".into()],
        ..Selection::default()
    };
    let server = Server::new(options(named, 25), fake.client());
    let mut dry = body.clone();
    dry["dry_run"] = json!(true);
    let (out, _, error) = call(&server, "tickets_create", dry).await;
    assert!(!error);
    assert_eq!(out["request"]["method"], "POST");
    assert!(
        fake.requests_of("createTickets").is_empty(),
        "a dry run sends nothing"
    );
    let (out, text, error) = call(&server, "tickets_create", body).await;
    assert!(!error, "{text}");
    assert_eq!(out["records"][0]["summary"], "Printer on fire");
    assert_eq!(fake.records("Tickets").len(), 8);
    // Only the tools named are on offer.
    let (_, text, error) = call(&server, "tickets_get", json!({"id": 1})).await;
    assert!(error && text.contains("not on offer"), "{text}");
}
