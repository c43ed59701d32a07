#![allow(dead_code)] // Each test file uses only part of this module.

//! Shared pieces of the endpoint behaviour tests: a loopback mock server that answers
//! every request with one body, and the check of the request it received.

#[path = "../json_eq/mod.rs"]
mod json_eq;

use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// What the spec says the request must be.
pub struct Expected {
    /// HTTP method.
    pub method: &'static str,
    /// Path below the API base, path parameters percent-encoded.
    pub path: &'static str,
    /// The query string, pairs in spec order, form-encoded (empty: no query).
    pub query: &'static str,
    /// `none`, `json` or `multipart`.
    pub body_kind: &'static str,
    /// For `json`: the JSON the body must equal.
    pub body: &'static str,
}

/// Starts a mock server answering every request with `body` (JSON), and a client for it.
pub async fn serve(body: &str) -> (MockServer, halopsa::Client) {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_raw(body.to_owned(), "application/json"))
        .mount(&server)
        .await;
    let client = halopsa::Client::new(format!("{}/api", server.uri()), "test-token");
    (server, client)
}

/// Parses JSON text (test data).
pub fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).expect("test JSON is valid")
}

/// Checks the one request the server received against `expected`.
pub async fn check(server: &MockServer, expected: Expected) {
    let requests = server
        .received_requests()
        .await
        .expect("request recording is on");
    assert_eq!(requests.len(), 1, "exactly one request is sent");
    let request = &requests[0];
    assert_eq!(request.method.as_str(), expected.method);
    assert_eq!(request.url.path(), format!("/api{}", expected.path));
    assert_eq!(request.url.query().unwrap_or(""), expected.query);
    let content_type = request
        .headers
        .get("content-type")
        .map(|v| v.to_str().unwrap_or_default().to_owned())
        .unwrap_or_default();
    match expected.body_kind {
        "none" => assert!(request.body.is_empty(), "no body is sent"),
        "json" => {
            assert!(
                content_type.starts_with("application/json"),
                "{content_type}"
            );
            let sent: serde_json::Value =
                serde_json::from_slice(&request.body).expect("the body is JSON");
            let wanted: serde_json::Value =
                serde_json::from_str(expected.body).expect("the expectation is JSON");
            assert_eq!(sent, wanted);
        }
        "multipart" => {
            assert!(
                content_type.starts_with("multipart/form-data; boundary="),
                "{content_type}"
            );
            let text = String::from_utf8_lossy(&request.body);
            let body_at = text.find("name=\"Body\"").expect("field Body is sent");
            let from_at = text.find("name=\"From\"").expect("field From is sent");
            assert!(body_at < from_at, "fields keep their order");
            assert!(text.contains("hello there") && text.contains("+15551234567"));
        }
        other => panic!("unknown body kind {other}"),
    }
}

/// Asserts that a decoded response encodes back to the JSON the server sent: no key lost,
/// no value changed (key order aside; a number may change only its spelling, `18.0` to
/// `18`).
pub fn assert_encodes_to<T: serde::Serialize>(value: &T, sent: &str) {
    let encoded = serde_json::to_value(value).expect("a decoded response encodes");
    if let Err(difference) = json_eq::same_json(&encoded, &json(sent)) {
        panic!("the decoded response does not encode to what was sent: {difference}");
    }
}

/// Collects every item of a stream of results, failing the test on an error.
pub async fn collect<T, S>(stream: S) -> Vec<T>
where
    S: futures_util::Stream<Item = Result<T, halopsa::Error>>,
{
    use futures_util::TryStreamExt;
    std::pin::pin!(stream)
        .try_collect()
        .await
        .expect("the stream yields no error")
}
