//! Nothing a server sends can make the runtime panic or overflow, and the limits hold:
//! `expires_in` and `Retry-After` of any size or shape, `max_retry_time` as a hard
//! deadline against a server that hangs, the token checked before a retry that waited,
//! and clients that cannot be built. Against a real HTTP server on loopback (wiremock).
//!
//! Timings are asserted only with wide margins (a call that must end near a 300 ms
//! deadline must end within 2 s, where the server would hang for 30 s).
#![forbid(unsafe_code)]

use halopsa::{Client, Error, StatusCode};
use halopsa_runtime::{ClientBuilder, RateLimit, TimeLimit};
use serde_json::{json, Value};
use std::time::{Duration, Instant};
use wiremock::matchers::{bearer_token, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// How long a hanging server takes to answer: far past every deadline below.
const HANG: Duration = Duration::from_secs(30);
/// The most a call with a 300 ms deadline may take here (it should take about 300 ms).
const NEAR_DEADLINE: Duration = Duration::from_secs(2);

#[path = "loopback/mod.rs"]
mod loopback;
use loopback::*;

fn ok_json() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({ "ok": true }))
}

// --- expires_in -------------------------------------------------------------------------

#[tokio::test]
async fn expires_in_of_any_size_or_shape_is_safe() {
    // (raw expires_in, token requests for two calls in a row)
    let cases = [
        ("1e19", 1),
        ("18446744073709551615", 1),
        ("1e300", 1),
        (r#""99999999999999999999999""#, 1),
        (r#""3600""#, 1),
        (r#""soon""#, 1),
        ("null", 1),
        (r#"{"seconds":3600}"#, 1),
        // Already expired: each call gets a new token, and uses it.
        ("-5", 2),
        ("-1e300", 2),
        (r#""-1""#, 2),
    ];
    for (expires_in, fetches) in cases {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/auth/token"))
            .respond_with(token_with_expiry("tok", expires_in))
            .expect(fetches)
            .named(format!("token with expires_in {expires_in}"))
            .mount(&server)
            .await;
        Mock::given(path("/api/Tickets"))
            .and(bearer_token("tok"))
            .respond_with(ok_json())
            .expect(2)
            .mount(&server)
            .await;
        let client = build(builder(&server));
        for _ in 0..2 {
            let result = call(&client, get("/Tickets")).await;
            assert!(
                matches!(&result, Ok(v) if v["ok"] == true),
                "expires_in {expires_in}: {result:?}"
            );
        }
        server.verify().await;
    }
}

// --- Retry-After ------------------------------------------------------------------------

/// Serves one `429` with `Retry-After: {value}` and then successes.
async fn rate_limited_once(value: &str, later_calls: u64) -> MockServer {
    let server = MockServer::start().await;
    mount_token(&server, "tok", 1).await;
    Mock::given(path("/api/Tickets"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", value))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/api/Tickets"))
        .respond_with(ok_json())
        .expect(later_calls)
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn retry_after_too_long_for_the_deadline_returns_the_429_at_once() {
    let huge = [
        ("18446744073709551615", Some(Duration::from_secs(u64::MAX))),
        ("18446744073709551616", Some(Duration::MAX)),
        ("1e30", Some(Duration::MAX)),
        ("Fri, 31 Dec 9999 23:59:59 GMT", None),
        ("3600", Some(Duration::from_secs(3600))),
    ];
    for (value, expected) in huge {
        let server = rate_limited_once(value, 0).await;
        let client = build(builder(&server).max_retry_time(Duration::from_secs(60)));
        let started = Instant::now();
        match call(&client, get("/Tickets")).await {
            Err(e) => {
                assert_eq!(
                    e.status(),
                    Some(StatusCode::TOO_MANY_REQUESTS),
                    "{value}: {e:?}"
                );
                assert!(e.is_retryable());
                if let Some(expected) = expected {
                    assert_eq!(e.retry_after(), Some(expected), "{value}");
                } else {
                    let years = Duration::from_secs(100 * 365 * 86_400);
                    assert!(e.retry_after().is_some_and(|d| d > years), "{value}");
                }
            }
            Ok(v) => panic!("Retry-After {value}: expected the 429, got {v}"),
        }
        assert!(
            started.elapsed() < NEAR_DEADLINE,
            "{value}: it did not wait"
        );
        server.verify().await;
    }
}

#[tokio::test]
async fn retry_after_past_the_cap_is_not_waited_for_even_without_a_deadline() {
    // No deadline at all (a limit too large to be added to the current time)...
    let no_deadline = |server: &MockServer| builder(server).max_retry_time(Duration::MAX);
    // ...and a server that asks for more than MAX_RETRY_AFTER: the 429 comes back at once.
    let asked = halopsa_runtime::MAX_RETRY_AFTER + Duration::from_secs(1);
    let server = rate_limited_once(&asked.as_secs().to_string(), 0).await;
    let started = Instant::now();
    let result = call(&build(no_deadline(&server)), get("/Tickets")).await;
    assert!(
        matches!(&result, Err(e) if e.status() == Some(StatusCode::TOO_MANY_REQUESTS)),
        "{result:?}"
    );
    assert!(started.elapsed() < NEAR_DEADLINE);
    server.verify().await;

    // A short Retry-After is still honoured without a deadline.
    let server = rate_limited_once("0", 1).await;
    let result = call(&build(no_deadline(&server)), get("/Tickets")).await;
    assert!(matches!(&result, Ok(v) if v["ok"] == true), "{result:?}");
    server.verify().await;
}

#[tokio::test]
async fn garbage_retry_after_falls_back_to_backoff() {
    for value in ["soon", "-1", "NaN", "12 seconds", "Someday, 99 Foo 2025"] {
        let server = rate_limited_once(value, 1).await;
        let started = Instant::now();
        let result = call(&build(builder(&server)), get("/Tickets")).await;
        assert!(
            matches!(&result, Ok(v) if v["ok"] == true),
            "{value}: {result:?}"
        );
        assert!(started.elapsed() < NEAR_DEADLINE, "{value}");
        server.verify().await;
    }
}

// --- max_retry_time is a hard deadline ----------------------------------------------------

/// A client whose calls must end within 300 ms, with a 5 s attempt timeout.
fn deadline_300ms(server: &MockServer) -> ClientBuilder {
    builder(server)
        .max_retry_time(Duration::from_millis(300))
        .timeout(Duration::from_secs(5))
}

fn assert_call_deadline(result: &Result<Value, Error>, started: Instant) {
    assert!(
        matches!(
            result,
            Err(Error::Timeout {
                limit: TimeLimit::Call,
                after,
            }) if *after == Duration::from_millis(300)
        ),
        "{result:?}"
    );
    let Err(e) = result else { return };
    assert!(e.is_timeout() && e.is_retryable(), "{e:?}");
    assert!(e.to_string().contains("timed out"), "{e}");
    let elapsed = started.elapsed();
    assert!(
        elapsed >= Duration::from_millis(250),
        "ended before the deadline: {elapsed:?}"
    );
    assert!(
        elapsed < NEAR_DEADLINE,
        "ended long after the deadline: {elapsed:?}"
    );
}

#[tokio::test]
async fn deadline_cuts_an_attempt_in_flight() {
    let server = MockServer::start().await;
    mount_token(&server, "tok", 1).await;
    Mock::given(path("/api/Slow"))
        .respond_with(ok_json().set_delay(HANG))
        .expect(2)
        .mount(&server)
        .await;
    let client = build(deadline_300ms(&server));
    for request in [get("/Slow"), post("/Slow")] {
        let started = Instant::now();
        let result = call(&client, request).await;
        assert_call_deadline(&result, started);
    }
}

#[tokio::test]
async fn deadline_counts_the_attempts_before_the_one_in_flight() {
    let server = MockServer::start().await;
    mount_token(&server, "tok", 1).await;
    Mock::given(path("/api/Tickets"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/api/Tickets"))
        .respond_with(ok_json().set_delay(HANG))
        .expect(1)
        .mount(&server)
        .await;
    let started = Instant::now();
    let result = call(&build(deadline_300ms(&server)), get("/Tickets")).await;
    assert_call_deadline(&result, started);
}

#[tokio::test]
async fn deadline_covers_the_token_request() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/auth/token"))
        .respond_with(token_with_expiry("tok", "3600").set_delay(HANG))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/api/Tickets"))
        .respond_with(ok_json())
        .expect(0)
        .mount(&server)
        .await;
    let started = Instant::now();
    let result = call(&build(deadline_300ms(&server)), get("/Tickets")).await;
    assert_call_deadline(&result, started);
}

#[tokio::test]
async fn deadline_covers_the_wait_for_the_request_budget() {
    let server = MockServer::start().await;
    Mock::given(path("/api/Tickets"))
        .respond_with(ok_json())
        .expect(1)
        .mount(&server)
        .await;
    // One request per minute: the second call would wait a minute for the budget.
    let client = build(
        Client::builder()
            .api_url(format!("{}/api", server.uri()))
            .bearer_token("tok")
            .rate_limit(RateLimit::new(1, Duration::from_secs(60)).with_burst(1))
            .max_retry_time(Duration::from_millis(300)),
    );
    assert!(call(&client, get("/Tickets")).await.is_ok());
    let started = Instant::now();
    let result = call(&client, get("/Tickets")).await;
    assert_call_deadline(&result, started);
}

#[tokio::test]
async fn attempt_timeout_is_its_own_limit() {
    let server = MockServer::start().await;
    mount_token(&server, "tok", 1).await;
    Mock::given(path("/api/Slow"))
        .respond_with(ok_json().set_delay(HANG))
        .expect(2)
        .mount(&server)
        .await;
    let client = build(
        builder(&server)
            .timeout(Duration::from_millis(100))
            .max_attempts(2),
    );
    let started = Instant::now();
    let result = call(&client, get("/Slow")).await;
    assert!(
        matches!(
            &result,
            Err(Error::Timeout {
                limit: TimeLimit::Attempt,
                after,
            }) if *after == Duration::from_millis(100)
        ),
        "{result:?}"
    );
    assert!(started.elapsed() < NEAR_DEADLINE);
}

// --- The token is checked before a retry that waited ----------------------------------------

#[tokio::test]
async fn retry_after_a_wait_refreshes_a_token_that_expired_meanwhile() {
    let server = MockServer::start().await;
    // tok-1 lives 1 s, so it is replaced after 0.5 s; the 429 asks for 1 s.
    Mock::given(method("POST"))
        .and(path("/auth/token"))
        .respond_with(token_with_expiry("tok-1", "1"))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/auth/token"))
        .respond_with(token_with_expiry("tok-2", "3600"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/api/Tickets"))
        .and(bearer_token("tok-1"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "1"))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    // The expired token is never sent again: no request is spent on a 401.
    Mock::given(path("/api/Tickets"))
        .and(bearer_token("tok-1"))
        .respond_with(ResponseTemplate::new(401))
        .expect(0)
        .named("tok-1 sent after it expired")
        .mount(&server)
        .await;
    Mock::given(path("/api/Tickets"))
        .and(bearer_token("tok-2"))
        .respond_with(ok_json())
        .expect(1)
        .mount(&server)
        .await;
    let result = call(&build(builder(&server)), get("/Tickets")).await;
    assert!(matches!(&result, Ok(v) if v["ok"] == true), "{result:?}");
    server.verify().await;
}

// --- Building a client ------------------------------------------------------------------

#[tokio::test]
async fn a_client_new_that_cannot_be_used_fails_every_call_without_panicking() {
    for (base_url, token) in [
        ("not a url", "tok"),
        ("ftp://halo.example.com/api", "tok"),
        ("http://127.0.0.1:9/api", ""),
        ("http://127.0.0.1:9/api", "line\nbreak"),
    ] {
        let client = Client::new(base_url, token);
        let result = call(&client, get("/Tickets")).await;
        assert!(
            matches!(&result, Err(Error::Config(_))),
            "{base_url:?} {token:?}: {result:?}"
        );
        let result = client
            .with_post_retries()
            .send_bytes(post("/Tickets"))
            .await;
        assert!(matches!(&result, Err(Error::Config(_))), "{result:?}");
        let shown = format!("{client:?} {result:?}");
        assert!(!shown.contains("line\nbreak"), "{shown}");
    }
}

#[tokio::test]
async fn own_http_client_gets_the_attempt_timeout_and_user_agent() {
    let server = MockServer::start().await;
    Mock::given(path("/api/Slow"))
        .respond_with(ok_json().set_delay(HANG))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/api/Tickets"))
        .and(wiremock::matchers::header_regex(
            "user-agent",
            r"^my-app/1\.0 halopsa-runtime/\d+\.\d+\.\d+$",
        ))
        .respond_with(ok_json())
        .expect(1)
        .mount(&server)
        .await;
    let client = build(
        Client::builder()
            .api_url(format!("{}/api", server.uri()))
            .bearer_token("tok")
            .http_client(reqwest::Client::new())
            .user_agent("my-app/1.0")
            .timeout(Duration::from_millis(200))
            .max_attempts(1),
    );
    let result = call(&client, get("/Tickets")).await;
    assert!(result.is_ok(), "{result:?}");
    let started = Instant::now();
    let result = call(&client, get("/Slow")).await;
    assert!(
        matches!(
            &result,
            Err(Error::Timeout {
                limit: TimeLimit::Attempt,
                ..
            })
        ),
        "{result:?}"
    );
    assert!(started.elapsed() < NEAR_DEADLINE);
}

#[tokio::test]
async fn limits_of_any_size_do_not_overflow() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/auth/token"))
        .respond_with(token_with_expiry("tok", "1e19"))
        .expect(2)
        .mount(&server)
        .await;
    // A 401 (refresh), a 503 whose Retry-After is 0, then a success.
    Mock::given(path("/api/Tickets"))
        .respond_with(ResponseTemplate::new(401))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/api/Tickets"))
        .respond_with(ResponseTemplate::new(503).insert_header("Retry-After", "0"))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/api/Tickets"))
        .respond_with(ok_json())
        .expect(1)
        .mount(&server)
        .await;
    let huge = |limit: Duration| {
        builder(&server)
            .timeout(limit)
            .connect_timeout(limit)
            .max_retry_time(limit)
            .refresh_margin(limit)
            .max_attempts(u32::MAX)
            .backoff(Duration::ZERO, Duration::from_millis(1))
    };
    // Duration::MAX cannot be added to any instant; half of it can, once.
    assert!(huge(Duration::MAX).build().is_ok());
    let client = build(huge(Duration::from_secs(u64::MAX / 2)));
    let result = call(&client, get("/Tickets")).await;
    assert!(matches!(&result, Ok(v) if v["ok"] == true), "{result:?}");
    server.verify().await;
}
