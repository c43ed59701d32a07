//! The client secret and tokens never show in `Debug`, in errors or in logs. In a test
//! binary of its own: it installs the global `tracing` subscriber, which captures every
//! event of the process, and no other test may run beside it.
#![forbid(unsafe_code)]

use halopsa::{Client, Error, Method, Request};
use serde_json::{json, Value};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const CLIENT_ID: &str = "test-client-id";
const SECRET: &str = "SECRET-d0f1e2c3b4a5";

fn token_response(token: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "access_token": token,
        "token_type": "Bearer",
        "expires_in": 3600,
    }))
}

async fn call(client: &Client, path: &str) -> Result<Value, Error> {
    client
        .send::<Value>(Request::new(Method::GET, path.to_owned()))
        .await
}

// --- Secrets --------------------------------------------------------------------------

/// Collects everything a `tracing` fmt subscriber writes.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if let Ok(mut out) = self.0.lock() {
            out.extend_from_slice(buf);
        }
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn text(&self) -> String {
        self.0
            .lock()
            .map(|out| String::from_utf8_lossy(&out).into_owned())
            .unwrap_or_default()
    }
}

#[tokio::test]
async fn secrets_never_show_in_debug_errors_or_logs() {
    use tracing_subscriber::fmt::format::FmtSpan;
    use tracing_subscriber::util::SubscriberInitExt;

    let captured = Captured::default();
    let writer = captured.clone();
    let installed = tracing_subscriber::fmt()
        .with_max_level(tracing_subscriber::filter::LevelFilter::TRACE)
        .with_span_events(FmtSpan::FULL)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish()
        .try_init();
    assert!(installed.is_ok(), "another subscriber is installed");

    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/auth/token"))
        .respond_with(token_response("TOKEN-ONE-a1b2c3"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/auth/token"))
        .respond_with(token_response("TOKEN-TWO-d4e5f6"))
        .mount(&server)
        .await;
    // 401 (refresh), then 503 (retry), then success; then a 401 for good.
    Mock::given(path("/api/Tickets"))
        .respond_with(ResponseTemplate::new(401))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path("/api/Tickets"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path("/api/Tickets"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path("/api/Tickets"))
        .respond_with(ResponseTemplate::new(401).set_body_string("denied"))
        .mount(&server)
        .await;

    let builder = Client::builder()
        .api_url(format!("{}/api", server.uri()))
        .client_credentials(CLIENT_ID, SECRET)
        .tenant("acme")
        .backoff(Duration::from_millis(5), Duration::from_millis(20));
    let builder_debug = format!("{builder:?}");
    let client = match builder.build() {
        Ok(client) => client,
        Err(e) => panic!("cannot build the client: {e}"),
    };
    assert!(call(&client, "/Tickets").await.is_ok());
    let err = call(&client, "/Tickets").await;
    let err = match err {
        Err(e) => e,
        Ok(v) => panic!("expected an auth error, got {v}"),
    };
    assert!(err.is_auth(), "{err:?}");

    let logs = captured.text();
    let everything = format!(
        "{builder_debug}\n{client:?}\n{:?}\n{err}\n{err:?}\n{logs}",
        client.with_post_retries()
    );
    for secret in [SECRET, "TOKEN-ONE-a1b2c3", "TOKEN-TWO-d4e5f6"] {
        assert!(
            !everything.contains(secret),
            "{secret} leaked in:\n{everything}"
        );
    }
    // The capture did see the requests, with their fields.
    assert!(logs.contains("halopsa.request"), "{logs}");
    assert!(logs.contains("path=/Tickets"), "{logs}");
    assert!(logs.contains("status=503"), "{logs}");
    assert!(logs.contains("attempt=2"), "{logs}");
    assert!(logs.contains("duration_ms="), "{logs}");
    assert!(logs.contains("retrying"), "{logs}");
    assert!(builder_debug.contains(CLIENT_ID) && builder_debug.contains("<redacted>"));
}
