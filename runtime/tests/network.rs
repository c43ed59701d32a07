//! What no well-behaved server does, against servers on loopback written with tokio alone:
//! a body without end and a `Content-Length` of a terabyte fail with the size limit, while
//! reading, without filling memory and without a retry; a certificate from a CA the client
//! does not trust, an `https://` URL for a plain HTTP server and an `http://` URL for a TLS
//! server fail at once, on the first connection, with a message that says what to fix; a CA
//! added from the builder (PEM or file) is trusted.
//!
//! CI runs these with each TLS backend: the default (`native-tls`) and
//! `--no-default-features --features rustls`.

mod support;

use halopsa_runtime::{Client, ClientBuilder, Error, Method, Request, TlsProblem};
use std::time::Duration;
use support::{Answer, Ca};

/// A client of `api_url` with a bearer token (no token request) and fast retries: a
/// failure that were retried would show as more than one connection.
fn client(api_url: &str) -> ClientBuilder {
    Client::builder()
        .api_url(api_url)
        .bearer_token("t")
        .max_attempts(5)
        .backoff(Duration::from_millis(1), Duration::from_millis(5))
}

async fn get(client: &Client) -> Result<serde_json::Value, Error> {
    client.send(Request::new(Method::GET, "/Tickets")).await
}

fn too_large(result: &Result<serde_json::Value, Error>) -> (u64, Option<u64>) {
    match result {
        Err(Error::ResponseTooLarge {
            limit,
            content_length,
        }) => (*limit, *content_length),
        other => panic!("expected ResponseTooLarge, got {other:?}"),
    }
}

// --- the response size limit ------------------------------------------------------------

#[tokio::test]
async fn an_endless_chunked_body_stops_at_the_limit() {
    let server = support::http(Answer::EndlessChunks(200)).await;
    let client = client(&server.api_url("http"))
        .max_response_bytes(1 << 20)
        .build()
        .unwrap();
    let result = get(&client).await;
    assert_eq!(too_large(&result), (1 << 20, None));
    let message = result.unwrap_err().to_string();
    assert!(
        message.contains("1048576 bytes") && message.contains("max_response_bytes"),
        "{message}"
    );
    assert_eq!(server.connections(), 1, "not retried");
}

#[tokio::test]
async fn an_endless_body_stops_at_the_default_limit_of_256_mib() {
    assert_eq!(
        halopsa_runtime::config::DEFAULT_MAX_RESPONSE_BYTES,
        256 * 1024 * 1024
    );
    let server = support::http(Answer::EndlessChunks(200)).await;
    let client = client(&server.api_url("http")).build().unwrap();
    let result = get(&client).await;
    assert_eq!(too_large(&result), (256 << 20, None));
    assert_eq!(server.connections(), 1);
}

#[tokio::test]
async fn an_endless_error_body_is_not_retried_either() {
    // 503 is retried when its body can be read; an endless one cannot.
    let server = support::http(Answer::EndlessChunks(503)).await;
    let client = client(&server.api_url("http"))
        .max_response_bytes(64 << 10)
        .build()
        .unwrap();
    let result = get(&client).await;
    assert_eq!(too_large(&result), (64 << 10, None));
    assert!(!result.unwrap_err().is_retryable());
    assert_eq!(server.connections(), 1);
}

#[tokio::test]
async fn a_huge_content_length_is_refused_before_reading() {
    let terabyte = 1u64 << 40;
    let server = support::http(Answer::ContentLength(terabyte)).await;
    let client = client(&server.api_url("http")).build().unwrap();
    let result = get(&client).await;
    assert_eq!(too_large(&result), (256 << 20, Some(terabyte)));
    assert!(result
        .unwrap_err()
        .to_string()
        .contains("Content-Length: 1099511627776"));
    assert_eq!(server.connections(), 1);
}

#[tokio::test]
async fn a_body_of_exactly_the_limit_is_read_one_byte_more_is_not() {
    for chunk in [1000, 7, 100_000] {
        let server = support::http(Answer::Chunked {
            length: 1000,
            chunk,
        })
        .await;
        let exact = client(&server.api_url("http"))
            .max_response_bytes(1000)
            .build()
            .unwrap();
        assert_eq!(get(&exact).await.unwrap(), serde_json::json!([]), "{chunk}");
        let under = client(&server.api_url("http"))
            .max_response_bytes(999)
            .build()
            .unwrap();
        assert_eq!(too_large(&get(&under).await), (999, None), "{chunk}");
    }
    let server = support::http(Answer::Json("[1, 2]")).await;
    let under = client(&server.api_url("http"))
        .max_response_bytes(5)
        .build()
        .unwrap();
    assert_eq!(too_large(&get(&under).await), (5, Some(6)));
    let exact = client(&server.api_url("http"))
        .max_response_bytes(6)
        .build()
        .unwrap();
    assert_eq!(get(&exact).await.unwrap(), serde_json::json!([1, 2]));
}

// --- TLS -----------------------------------------------------------------------------------

#[tokio::test]
async fn a_ca_added_from_the_builder_is_trusted() {
    let ca = Ca::new();
    let server = support::https(Answer::Json(r#"{"ok":true}"#), &ca).await;
    let url = server.api_url("https");
    let from_pem = client(&url).add_ca_pem(&ca.pem).build().unwrap();
    assert_eq!(get(&from_pem).await.unwrap()["ok"], true);
    let file = ca.write("builder");
    let from_file = client(&url).add_ca_file(&file).build().unwrap();
    assert_eq!(get(&from_file).await.unwrap()["ok"], true);
    // `localhost` is in the certificate too.
    let by_name = client(&url.replace("127.0.0.1", "localhost"))
        .add_ca_file(&file)
        .build()
        .unwrap();
    assert_eq!(get(&by_name).await.unwrap()["ok"], true);
    let _ = std::fs::remove_dir_all(file.parent().unwrap());
}

#[tokio::test]
async fn a_certificate_from_an_unknown_ca_fails_at_once_saying_what_to_do() {
    let ca = Ca::new();
    let server = support::https(Answer::Json(r#"{"ok":true}"#), &ca).await;
    let client = client(&server.api_url("https")).build().unwrap();
    let error = get(&client).await.unwrap_err();
    assert_eq!(
        error.tls_problem(),
        Some(TlsProblem::Certificate),
        "{error}"
    );
    assert!(!error.is_retryable());
    let message = error.to_string();
    assert!(
        message.contains("certificate is not trusted") && message.contains("HALOPSA_CA_FILE"),
        "{message}"
    );
    assert_eq!(server.connections(), 1, "not retried: {message}");
    // Another CA does not help.
    let other = Ca::new();
    let wrong = support::https(Answer::Json("{}"), &other).await;
    let client = self::client(&wrong.api_url("https"))
        .add_ca_pem(&ca.pem)
        .build()
        .unwrap();
    let error = get(&client).await.unwrap_err();
    assert_eq!(
        error.tls_problem(),
        Some(TlsProblem::Certificate),
        "{error}"
    );
    assert_eq!(wrong.connections(), 1);
}

#[tokio::test]
async fn https_to_a_plain_http_server_is_a_handshake_failure_not_retried() {
    let server = support::http(Answer::Json("{}")).await;
    let client = client(&server.api_url("https")).build().unwrap();
    let error = get(&client).await.unwrap_err();
    assert_eq!(error.tls_problem(), Some(TlsProblem::Handshake), "{error}");
    assert!(
        error.to_string().contains("TLS handshake failed"),
        "{error}"
    );
    assert_eq!(server.connections(), 1, "{error}");
}

#[tokio::test]
async fn http_to_a_tls_server_is_not_http_and_not_retried() {
    let ca = Ca::new();
    let server = support::https(Answer::Json("{}"), &ca).await;
    let client = client(&server.api_url("http")).build().unwrap();
    let error = get(&client).await.unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert!(!error.is_retryable());
    assert!(error.to_string().contains("not HTTP"), "{error}");
    assert_eq!(server.connections(), 1, "{error}");
}

#[test]
fn ca_files_that_cannot_be_used_are_refused_when_building() {
    let missing = client("https://127.0.0.1:9/api")
        .add_ca_file("/nonexistent/ca.pem")
        .build();
    assert!(
        matches!(&missing, Err(Error::Config(m)) if m.contains("/nonexistent/ca.pem")),
        "{missing:?}"
    );
    let not_pem = client("https://127.0.0.1:9/api")
        .add_ca_pem("not a certificate")
        .build();
    assert!(
        matches!(&not_pem, Err(Error::Config(m)) if m.contains("no PEM certificate")),
        "{not_pem:?}"
    );
    let own = client("https://127.0.0.1:9/api")
        .http_client(reqwest_client())
        .add_ca_pem(Ca::new().pem)
        .build();
    assert!(
        matches!(&own, Err(Error::Config(m)) if m.contains("http_client")),
        "{own:?}"
    );
}

/// A `reqwest::Client` of the caller's own.
fn reqwest_client() -> reqwest::Client {
    reqwest::Client::new()
}
