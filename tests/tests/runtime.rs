//! Behaviour of the runtime against a real HTTP server on loopback (wiremock): tokens,
//! refresh, retries, rate limits, errors, paging and what never shows up in logs.
#![forbid(unsafe_code)]

use futures_util::{StreamExt, TryStreamExt};
use halopsa::tickets::{self, ListTicketsQuery};
use halopsa::{Client, Error, Method, Request, StatusCode};
use halopsa_runtime::RateLimit;
use serde_json::{json, Value};
use std::time::{Duration, Instant};
use wiremock::matchers::{
    bearer_token, body_string_contains, header_regex, method, path, query_param,
};
use wiremock::{Mock, MockServer, Respond, ResponseTemplate};

#[path = "loopback/mod.rs"]
mod loopback;
use loopback::*;

// --- Authentication -------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn token_fetched_once_for_50_concurrent_calls() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/auth/token"))
        .and(query_param("tenant", "acme"))
        .and(body_string_contains("grant_type=client_credentials"))
        .and(body_string_contains(format!("client_id={CLIENT_ID}")))
        .and(body_string_contains("scope=all"))
        // Slow enough that every call is waiting for it.
        .respond_with(token_response("tok-1", 3600).set_delay(Duration::from_millis(200)))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/Tickets/1"))
        .and(bearer_token("tok-1"))
        .and(header_regex(
            "user-agent",
            r"^halopsa-runtime/\d+\.\d+\.\d+$",
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "id": 1 })))
        .expect(50)
        .mount(&server)
        .await;
    let client = build(builder(&server).tenant("acme"));
    let tasks: Vec<_> = (0..50)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { call(&client, get("/Tickets/1")).await })
        })
        .collect();
    for task in tasks {
        let result = task.await.map_err(|e| e.to_string());
        assert!(
            matches!(result, Ok(Ok(ref v)) if v["id"] == 1),
            "{result:?}"
        );
    }
}

#[tokio::test]
async fn token_refreshed_when_it_expires() {
    let server = MockServer::start().await;
    // Lives 1 s; refreshed half-way at the latest.
    Mock::given(method("POST"))
        .and(path("/auth/token"))
        .respond_with(token_response("tok-1", 1))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    mount_token(&server, "tok-2", 1).await;
    for token in ["tok-1", "tok-2"] {
        Mock::given(method("GET"))
            .and(path("/api/Tickets"))
            .and(bearer_token(token))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
            .expect(1)
            .mount(&server)
            .await;
    }
    let client = client(&server);
    assert!(call(&client, get("/Tickets")).await.is_ok());
    tokio::time::sleep(Duration::from_millis(700)).await;
    assert!(call(&client, get("/Tickets")).await.is_ok());
}

#[tokio::test]
async fn unauthorized_refreshes_the_token_once_and_succeeds() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/auth/token"))
        .respond_with(token_response("tok-1", 3600))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    mount_token(&server, "tok-2", 1).await;
    Mock::given(path("/api/Tickets/5"))
        .and(bearer_token("tok-1"))
        .respond_with(ResponseTemplate::new(401))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/api/Tickets/5"))
        .and(bearer_token("tok-2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "id": 5 })))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    let ticket = tickets::get_ticket(&client, 5, &Default::default()).await;
    assert!(
        matches!(&ticket, Ok(t) if t.id.value() == Some(&5)),
        "{ticket:?}"
    );
}

#[tokio::test]
async fn unauthorized_twice_is_an_auth_error_without_a_loop() {
    let server = MockServer::start().await;
    mount_token(&server, "tok", 2).await;
    Mock::given(path("/api/Tickets"))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_json(json!({ "Message": "Authorization has been denied" })),
        )
        .expect(2)
        .mount(&server)
        .await;
    let err = call(&client(&server), get("/Tickets")).await;
    match err {
        Err(e @ Error::Auth { .. }) => {
            assert_eq!(e.status(), Some(StatusCode::UNAUTHORIZED));
            assert_eq!(e.message(), Some("Authorization has been denied"));
            assert!(!e.is_retryable());
        }
        other => panic!("expected an auth error, got {other:?}"),
    }
}

#[tokio::test]
async fn static_bearer_token_is_sent_and_a_401_is_final() {
    let server = MockServer::start().await;
    Mock::given(path("/api/Tickets"))
        .and(bearer_token("static-token"))
        .respond_with(ResponseTemplate::new(401))
        .expect(1)
        .mount(&server)
        .await;
    let client = build(
        Client::builder()
            .api_url(format!("{}/api", server.uri()))
            .bearer_token("static-token"),
    );
    let err = call(&client, get("/Tickets")).await;
    assert!(matches!(&err, Err(e) if e.is_auth()), "{err:?}");
}

#[tokio::test]
async fn invalid_client_is_an_auth_error_that_hides_the_secret() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/auth/token"))
        // A server that echoes what it was sent.
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({
            "error": "invalid_client",
            "error_description": format!("bad secret {SECRET}"),
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/api/Tickets"))
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    let err = match call(&client(&server), get("/Tickets")).await {
        Err(e) => e,
        Ok(v) => panic!("expected an error, got {v}"),
    };
    assert!(err.is_auth(), "{err:?}");
    assert_eq!(err.status(), Some(StatusCode::UNAUTHORIZED));
    let shown = format!("{err} {err:?}");
    assert!(shown.contains("bad secret <redacted>"), "{shown}");
    assert!(!shown.contains(SECRET), "{shown}");
}

// --- Retries and rate limits ----------------------------------------------------------

#[tokio::test]
async fn rate_limited_call_waits_for_retry_after() {
    let server = MockServer::start().await;
    mount_token(&server, "tok", 1).await;
    Mock::given(path("/api/Tickets"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "1"))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/api/Tickets"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([1])))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    let started = Instant::now();
    let result = call(&client, get("/Tickets")).await;
    assert!(matches!(&result, Ok(v) if *v == json!([1])), "{result:?}");
    // The backoff alone is a few milliseconds: only Retry-After makes it wait this long.
    assert!(started.elapsed() >= Duration::from_millis(900));
}

#[tokio::test]
async fn retry_after_past_the_time_limit_gives_up_at_once() {
    let server = MockServer::start().await;
    mount_token(&server, "tok", 1).await;
    Mock::given(path("/api/Tickets"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "120"))
        .expect(1)
        .mount(&server)
        .await;
    let client = build(builder(&server).max_retry_time(Duration::from_secs(10)));
    let err = call(&client, get("/Tickets")).await;
    match err {
        Err(e) => {
            assert_eq!(e.status(), Some(StatusCode::TOO_MANY_REQUESTS));
            assert_eq!(e.retry_after(), Some(Duration::from_secs(120)));
            assert!(e.is_retryable());
        }
        Ok(v) => panic!("expected a 429, got {v}"),
    }
}

#[tokio::test]
async fn service_unavailable_is_retried_for_get_and_delete() {
    let server = MockServer::start().await;
    mount_token(&server, "tok", 1).await;
    for m in ["GET", "DELETE"] {
        Mock::given(method(m))
            .and(path("/api/Tickets/7"))
            .respond_with(ResponseTemplate::new(503))
            .up_to_n_times(2)
            .expect(2)
            .mount(&server)
            .await;
        Mock::given(method(m))
            .and(path("/api/Tickets/7"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "id": 7 })))
            .expect(1)
            .mount(&server)
            .await;
    }
    let client = client(&server);
    assert!(call(&client, get("/Tickets/7")).await.is_ok());
    let delete = Request::new(Method::DELETE, "/Tickets/7".to_owned());
    assert!(call(&client, delete).await.is_ok());
}

#[tokio::test]
async fn service_unavailable_is_not_retried_for_post_unless_asked() {
    let server = MockServer::start().await;
    mount_token(&server, "tok", 1).await;
    Mock::given(method("POST"))
        .and(path("/api/Tickets"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/Tickets"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/Tickets"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({ "id": 9 })))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    // Sent once: a 503 from a proxy does not say whether Halo created the ticket.
    let err = call(&client, post("/Tickets")).await;
    match &err {
        Err(e) => {
            assert_eq!(e.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
            assert!(e.is_retryable());
        }
        Ok(v) => panic!("expected a 503, got {v}"),
    }
    // Through a handle that opts in, the second 503 is retried.
    let created = call(&client.with_post_retries(), post("/Tickets")).await;
    assert!(matches!(&created, Ok(v) if v["id"] == 9), "{created:?}");
}

#[tokio::test]
async fn attempts_are_bounded() {
    let server = MockServer::start().await;
    mount_token(&server, "tok", 1).await;
    Mock::given(path("/api/Tickets"))
        .respond_with(ResponseTemplate::new(502).set_body_string("Bad Gateway"))
        .expect(4)
        .mount(&server)
        .await;
    let client = build(builder(&server).max_attempts(4));
    let err = call(&client, get("/Tickets")).await;
    assert!(
        matches!(&err, Err(e) if e.status() == Some(StatusCode::BAD_GATEWAY)),
        "{err:?}"
    );
}

#[tokio::test]
async fn timeout_is_retried_for_get_not_for_post() {
    let server = MockServer::start().await;
    mount_token(&server, "tok", 1).await;
    let slow = ResponseTemplate::new(200)
        .set_body_json(json!({}))
        .set_delay(Duration::from_secs(2));
    Mock::given(method("GET"))
        .and(path("/api/Slow"))
        .respond_with(slow.clone())
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/Slow"))
        .respond_with(slow)
        .expect(1)
        .mount(&server)
        .await;
    let client = build(
        builder(&server)
            .timeout(Duration::from_millis(150))
            .max_attempts(2),
    );
    let err = call(&client, get("/Slow")).await;
    assert!(
        matches!(&err, Err(e) if e.is_timeout() && e.is_retryable()),
        "{err:?}"
    );
    assert!(err.is_err_and(|e| e.to_string().contains("timed out")));
    let err = call(&client, post("/Slow")).await;
    assert!(matches!(&err, Err(e) if e.is_timeout()), "{err:?}");
}

#[tokio::test]
async fn connection_refused_is_a_retryable_transport_error() {
    let port = match std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()) {
        Ok(addr) => addr.port(),
        Err(e) => panic!("cannot bind: {e}"),
    };
    let client = build(
        Client::builder()
            .api_url(format!("http://127.0.0.1:{port}/api"))
            .bearer_token("tok")
            .backoff(Duration::from_millis(5), Duration::from_millis(10)),
    );
    let err = call(&client, post("/Tickets")).await;
    assert!(
        matches!(&err, Err(e) if e.is_connect() && e.is_retryable() && e.status().is_none()),
        "{err:?}"
    );
}

#[tokio::test]
async fn request_budget_spaces_requests_out() {
    let server = MockServer::start().await;
    Mock::given(path("/api/Tickets"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .expect(4)
        .mount(&server)
        .await;
    // 3 requests per 300 ms, one at a time: one request every 150 ms.
    let client = build(
        Client::builder()
            .api_url(format!("{}/api", server.uri()))
            .bearer_token("tok")
            .rate_limit(RateLimit::new(3, Duration::from_millis(300)).with_burst(1)),
    );
    let started = Instant::now();
    for _ in 0..4 {
        assert!(call(&client, get("/Tickets")).await.is_ok());
    }
    assert!(started.elapsed() >= Duration::from_millis(300));
}

// --- Errors ---------------------------------------------------------------------------

#[tokio::test]
async fn halo_error_message_is_read() {
    let server = MockServer::start().await;
    mount_token(&server, "tok", 1).await;
    Mock::given(path("/api/Tickets/404"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({
            "ClassName": "HaloException",
            "Message": "Ticket 404 not found",
        })))
        .expect(1)
        .mount(&server)
        .await;
    let err = call(&client(&server), get("/Tickets/404")).await;
    match err {
        Err(e) => {
            assert_eq!(e.status(), Some(StatusCode::NOT_FOUND));
            assert_eq!(e.message(), Some("Ticket 404 not found"));
            assert!(!e.is_retryable());
            assert_eq!(e.to_string(), "HTTP 404 Not Found: Ticket 404 not found");
        }
        Ok(v) => panic!("expected a 404, got {v}"),
    }
}

#[tokio::test]
async fn html_error_page_is_kept_as_the_body() {
    let server = MockServer::start().await;
    mount_token(&server, "tok", 1).await;
    let page = format!(
        "<!DOCTYPE html><html><head><title>500 Internal Server Error</title></head><body>{}</body></html>",
        "<p>nginx</p>".repeat(50)
    );
    Mock::given(path("/api/Tickets"))
        .respond_with(ResponseTemplate::new(500).set_body_raw(page.clone(), "text/html"))
        .expect(1)
        .mount(&server)
        .await;
    let err = call(&client(&server), get("/Tickets")).await;
    match err {
        Err(e) => {
            assert_eq!(e.status(), Some(StatusCode::INTERNAL_SERVER_ERROR));
            assert_eq!(e.message(), None);
            assert_eq!(e.body(), Some(page.as_str()));
            let shown = e.to_string();
            assert!(shown.starts_with("HTTP 500 Internal Server Error: <!DOCTYPE html>"));
            assert!(shown.len() < 300, "{shown}");
        }
        Ok(v) => panic!("expected a 500, got {v}"),
    }
}

#[tokio::test]
async fn empty_bodies() {
    let server = MockServer::start().await;
    mount_token(&server, "tok", 1).await;
    Mock::given(method("POST"))
        .and(path("/api/Tickets"))
        .respond_with(ResponseTemplate::new(502))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/Tickets/1"))
        .respond_with(ResponseTemplate::new(200))
        .expect(2)
        .mount(&server)
        .await;
    let client = client(&server);
    match call(&client, post("/Tickets")).await {
        Err(e) => {
            assert_eq!(e.status(), Some(StatusCode::BAD_GATEWAY));
            assert_eq!(e.body(), Some(""));
            assert_eq!(e.to_string(), "HTTP 502 Bad Gateway: (empty body)");
        }
        Ok(v) => panic!("expected a 502, got {v}"),
    }
    // An empty success is JSON null: fine as raw JSON, a decode error for a record.
    let raw = call(&client, get("/Tickets/1")).await;
    assert!(matches!(raw, Ok(Value::Null)), "{raw:?}");
    let ticket = tickets::get_ticket(&client, 1, &Default::default()).await;
    assert!(matches!(ticket, Err(Error::Decode { .. })), "{ticket:?}");
}

#[tokio::test]
async fn truncated_json_is_a_decode_error_naming_the_field() {
    let server = MockServer::start().await;
    mount_token(&server, "tok", 1).await;
    let body = r#"{"page_no":1,"record_count":2,"tickets":[{"id":1,"summary":"first"},{"id":2,"summary":"sec"#;
    Mock::given(path("/api/Tickets"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
        .expect(1)
        .mount(&server)
        .await;
    let result = tickets::list_tickets(&client(&server), &ListTicketsQuery::new()).await;
    match result {
        Err(e @ Error::Decode { .. }) => {
            let Error::Decode { path, snippet, .. } = &e else {
                unreachable!()
            };
            assert_eq!(path, "tickets[1].summary");
            assert!(snippet.contains(r#""summary":"sec"#), "{snippet}");
            assert!(!e.is_retryable());
            assert!(e.to_string().contains("tickets[1].summary"), "{e}");
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}

// --- Paging ---------------------------------------------------------------------------

/// Serves `total` tickets, `cap` at most per page whatever `page_size` asks for, as Halo
/// does; `ignore_page_no` serves page 1 every time.
struct TicketPages {
    total: usize,
    cap: usize,
    ignore_page_no: bool,
}

impl Respond for TicketPages {
    fn respond(&self, request: &wiremock::Request) -> ResponseTemplate {
        let param = |name: &str| {
            request
                .url
                .query_pairs()
                .find(|(k, _)| k == name)
                .and_then(|(_, v)| v.parse::<usize>().ok())
        };
        let page_no = if self.ignore_page_no {
            1
        } else {
            param("page_no").unwrap_or(1)
        };
        let asked = param("page_size").unwrap_or(50);
        let size = asked.min(self.cap);
        let start = ((page_no.max(1) - 1) * size).min(self.total);
        let end = (start + size).min(self.total);
        let tickets: Vec<Value> = (start..end)
            .map(|i| json!({ "id": i + 1, "summary": format!("ticket {}", i + 1) }))
            .collect();
        ResponseTemplate::new(200).set_body_json(json!({
            "page_no": page_no,
            "page_size": asked,
            "record_count": self.total,
            "tickets": tickets,
        }))
    }
}

async fn ticket_server(pages: TicketPages, expected_requests: u64) -> MockServer {
    let server = MockServer::start().await;
    mount_token(&server, "tok", 1).await;
    Mock::given(method("GET"))
        .and(path("/api/Tickets"))
        .and(query_param("pageinate", "true"))
        .and(query_param("page_size", "1000"))
        .respond_with(pages)
        .expect(expected_requests)
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn stream_walks_717_records_in_8_pages_of_at_most_100() {
    let pages = TicketPages {
        total: 717,
        cap: 100,
        ignore_page_no: false,
    };
    let server = ticket_server(pages, 16).await;
    let client = client(&server);
    let query = ListTicketsQuery::new().page_size(1000).open_only(true);

    let ids: Vec<i64> = tickets::list_tickets_stream(&client, &query)
        .map_ok(|t| t.id.value().copied().unwrap_or(-1))
        .try_collect()
        .await
        .unwrap_or_else(|e| panic!("stream failed: {e}"));
    assert_eq!(ids.len(), 717);
    assert_eq!(ids, (1..=717).collect::<Vec<i64>>());

    let pages: Vec<(i64, usize)> = tickets::list_tickets_pages(&client, &query)
        .map_ok(|p| (p.page_no, p.items.len()))
        .try_collect()
        .await
        .unwrap_or_else(|e| panic!("pages failed: {e}"));
    let expected: Vec<(i64, usize)> = (1..=8)
        .map(|n| (n, if n == 8 { 17 } else { 100 }))
        .collect();
    assert_eq!(pages, expected);

    let requests = server.received_requests().await.unwrap_or_default();
    let page_nos: Vec<String> = requests
        .iter()
        .filter(|r| r.url.path() == "/api/Tickets")
        .filter_map(|r| {
            r.url
                .query_pairs()
                .find(|(k, _)| k == "page_no")
                .map(|(_, v)| v.into_owned())
        })
        .take(8)
        .collect();
    assert_eq!(page_nos, ["1", "2", "3", "4", "5", "6", "7", "8"]);
    assert!(requests
        .iter()
        .filter(|r| r.url.path() == "/api/Tickets")
        .all(|r| r
            .url
            .query_pairs()
            .any(|(k, v)| k == "open_only" && v == "true")));
}

#[tokio::test]
async fn stream_ends_when_the_server_ignores_page_no() {
    let pages = TicketPages {
        total: 250,
        cap: 100,
        ignore_page_no: true,
    };
    // 100 + 100 + 100 ≥ 250: three pages, then stop, although no page is ever short.
    let server = ticket_server(pages, 3).await;
    let query = ListTicketsQuery::new().page_size(1000);
    let count = tickets::list_tickets_stream(&client(&server), &query)
        .try_fold(0usize, |n, _| async move { Ok(n + 1) })
        .await;
    assert!(matches!(count, Ok(300)), "{count:?}");
}

#[tokio::test]
async fn stream_stops_on_an_empty_page_and_on_errors() {
    let server = MockServer::start().await;
    mount_token(&server, "tok", 1).await;
    let page = |n: i64, ids: Vec<i64>| {
        Mock::given(path("/api/Tickets"))
            .and(query_param("page_no", n.to_string()))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "record_count": 1000,
                "tickets": ids.iter().map(|id| json!({ "id": id })).collect::<Vec<_>>(),
            })))
            .expect(1)
    };
    page(1, (1..=100).collect()).mount(&server).await;
    page(2, vec![]).mount(&server).await;
    let client = client(&server);
    let items: Vec<_> = tickets::list_tickets_stream(&client, &ListTicketsQuery::new())
        .collect()
        .await;
    assert_eq!(items.len(), 100);
    assert!(items.iter().all(Result::is_ok));

    // An error ends the stream after it is yielded.
    let failing = MockServer::start().await;
    mount_token(&failing, "tok", 1).await;
    Mock::given(path("/api/Tickets"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({ "Message": "bad" })))
        .expect(1)
        .mount(&failing)
        .await;
    let results: Vec<_> =
        tickets::list_tickets_pages(&self::client(&failing), &ListTicketsQuery::new())
            .collect()
            .await;
    assert_eq!(results.len(), 1);
    assert!(matches!(&results[0], Err(e) if e.message() == Some("bad")));
}
