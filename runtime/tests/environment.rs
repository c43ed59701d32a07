//! The certificates a client trusts from the environment: `SSL_CERT_FILE` (read by the
//! TLS backend: by `native-tls` once per process, when the first client is built; by
//! `rustls` whenever a client is built) and `HALOPSA_CA_FILE` (read by
//! `Client::from_env`), against TLS servers whose certificates come from CAs of the test's
//! own.
//!
//! One test in this file: it sets the process's environment, which no other test may be
//! reading at the same time.

mod support;

use halopsa_runtime::{Client, Error, Method, Request, TlsProblem};
use support::{Answer, Ca};

async fn get(client: &Client) -> Result<serde_json::Value, Error> {
    client.send(Request::new(Method::GET, "/Tickets")).await
}

#[tokio::test]
async fn ssl_cert_file_and_halopsa_ca_file_are_trusted() {
    for name in ["SSL_CERT_FILE", "SSL_CERT_DIR", "HALOPSA_CA_FILE"] {
        std::env::remove_var(name);
    }
    std::env::set_var("HALOPSA_TOKEN", "t");

    // SSL_CERT_FILE, set before the first client of the process is built.
    let first = Ca::new();
    let server = support::https(Answer::Json(r#"{"ok":true}"#), &first).await;
    let first_file = first.write("ssl-cert-file");
    std::env::set_var("SSL_CERT_FILE", &first_file);
    std::env::set_var("HALOPSA_API_URL", server.api_url("https"));
    let client = Client::from_env().unwrap();
    let trusted = get(&client).await;
    std::env::remove_var("SSL_CERT_FILE");
    assert_eq!(trusted.unwrap()["ok"], true);

    // HALOPSA_CA_FILE, for a server of another CA.
    let second = Ca::new();
    let server = support::https(Answer::Json(r#"{"ok":true}"#), &second).await;
    std::env::set_var("HALOPSA_API_URL", server.api_url("https"));
    let error = get(&Client::from_env().unwrap()).await.unwrap_err();
    assert_eq!(
        error.tls_problem(),
        Some(TlsProblem::Certificate),
        "{error}"
    );
    let second_file = second.write("halopsa-ca-file");
    std::env::set_var("HALOPSA_CA_FILE", &second_file);
    assert_eq!(get(&Client::from_env().unwrap()).await.unwrap()["ok"], true);
    std::env::set_var("HALOPSA_CA_FILE", "/nonexistent/ca.pem");
    let error = Client::from_env().unwrap_err();
    assert!(error.to_string().contains("/nonexistent/ca.pem"), "{error}");
    std::env::remove_var("HALOPSA_CA_FILE");
    assert_eq!(server.connections(), 2);

    // HALOPSA_MAX_RESPONSE_BYTES: a limit that is not a number is an error, not a default.
    std::env::set_var("HALOPSA_MAX_RESPONSE_BYTES", "lots");
    let error = Client::from_env().unwrap_err();
    assert!(
        error.to_string().contains("HALOPSA_MAX_RESPONSE_BYTES"),
        "{error}"
    );
    std::env::set_var("HALOPSA_MAX_RESPONSE_BYTES", "3");
    std::env::set_var("HALOPSA_CA_FILE", &second_file);
    let error = get(&Client::from_env().unwrap()).await.unwrap_err();
    assert!(
        matches!(error, Error::ResponseTooLarge { limit: 3, .. }),
        "{error}"
    );
    std::env::remove_var("HALOPSA_MAX_RESPONSE_BYTES");
    std::env::remove_var("HALOPSA_CA_FILE");
    for file in [first_file, second_file] {
        let _ = std::fs::remove_dir_all(file.parent().unwrap());
    }
}
