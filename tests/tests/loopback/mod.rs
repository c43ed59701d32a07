#![allow(dead_code)] // Each test file uses only part of this module.

//! Shared pieces of the runtime's loopback tests: a client for a wiremock server with
//! quick backoff and short timeouts, token responses, and raw calls.

use halopsa::{Client, Error, Method, Request};
use halopsa_runtime::ClientBuilder;
use serde_json::{json, Value};
use std::time::Duration;
use wiremock::matchers::{body_string_contains, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The client id the tests use.
pub const CLIENT_ID: &str = "test-client-id";
/// The client secret the tests use: it must never show up in output.
pub const SECRET: &str = "SECRET-d0f1e2c3b4a5";

pub fn builder(server: &MockServer) -> ClientBuilder {
    Client::builder()
        .api_url(format!("{}/api", server.uri()))
        .client_credentials(CLIENT_ID, SECRET)
        .backoff(Duration::from_millis(5), Duration::from_millis(20))
        .max_attempts(3)
        .timeout(Duration::from_secs(5))
}

/// A built [`builder`] client.
pub fn client(server: &MockServer) -> Client {
    build(builder(server))
}

/// Builds a client, failing the test when it cannot be built.
pub fn build(builder: ClientBuilder) -> Client {
    match builder.build() {
        Ok(client) => client,
        Err(e) => panic!("cannot build the client: {e}"),
    }
}

/// A token response with `expires_in` seconds.
pub fn token_response(token: &str, expires_in: u64) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "access_token": token,
        "token_type": "Bearer",
        "expires_in": expires_in,
        "scope": "all",
    }))
}

/// Serves one token to any number of token requests, `expected` times exactly.
pub async fn mount_token(server: &MockServer, token: &str, expected: u64) {
    Mock::given(method("POST"))
        .and(path("/auth/token"))
        .and(body_string_contains("grant_type=client_credentials"))
        .respond_with(token_response(token, 3600))
        .expect(expected)
        .mount(server)
        .await;
}

/// A GET of `path` below the API base.
pub fn get(path: &str) -> Request {
    Request::new(Method::GET, path.to_owned())
}

/// A POST of `path` with a one-record JSON body.
pub fn post(path: &str) -> Request {
    match Request::new(Method::POST, path.to_owned()).json(&json!([{ "summary": "new" }])) {
        Ok(request) => request,
        Err(e) => panic!("cannot encode: {e}"),
    }
}

/// Sends `request` and returns the raw JSON answer.
pub async fn call(client: &Client, request: Request) -> Result<Value, Error> {
    client.send::<Value>(request).await
}

/// A token response whose `expires_in` is the raw JSON `expires_in` (any text, to try what
/// a server may send).
pub fn token_with_expiry(token: &str, expires_in: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(
        format!(r#"{{"access_token":"{token}","token_type":"Bearer","expires_in":{expires_in}}}"#),
        "application/json",
    )
}
