//! The fake over TLS, as an on-premise Halo behind a company's own CA: the SDK trusts the
//! fake's CA when told to and refuses it, at once, when not; a certificate and key made by
//! the `openssl` command serve too; `curl`, which we did not write, agrees on both.
//! (`curl` and `openssl` must be installed: `.ci/run` checks.) The tests run on a
//! multi-threaded runtime: the fake serves on its workers while a test waits for `curl`.

use halopsa::tickets::{self, Faults, ListTicketsQuery};
use halopsa::{Field, TlsProblem};
use halopsa_fake::FakeHalo;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

/// A directory of this test's own under the system's temporary directory.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("halopsa-fake-tls-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temporary directory");
    dir
}

fn run(command: &mut Command) -> Output {
    let program = command.get_program().to_string_lossy().into_owned();
    command.output().unwrap_or_else(|e| {
        panic!("cannot run `{program}` ({e}): install it (Debian: apt-get install {program})")
    })
}

/// `curl` asking the fake for a token, trusting `ca` (or only the system's certificates).
fn curl_token(fake: &FakeHalo, ca: Option<&Path>) -> Output {
    let mut curl = Command::new("curl");
    curl.args([
        "--silent",
        "--show-error",
        "--noproxy",
        "*",
        "--max-time",
        "30",
    ]);
    if let Some(ca) = ca {
        curl.arg("--cacert").arg(ca);
    }
    curl.arg("--data")
        .arg(format!(
            "grant_type=client_credentials&client_id={}&client_secret={}&scope=all",
            fake.client_id(),
            fake.client_secret()
        ))
        .arg(format!("{}/token", fake.auth_url()));
    run(&mut curl)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sdk_trusts_the_fakes_ca_when_told_and_fails_at_once_when_not() {
    let fake = FakeHalo::builder().tls().start().await.unwrap();
    assert!(fake.base_url().starts_with("https://127.0.0.1:"));
    let ca = fake.ca_pem().expect("a generated CA").to_owned();
    assert!(ca.starts_with("-----BEGIN CERTIFICATE-----"), "{ca}");

    // The fake's own client builder trusts its CA.
    let client = fake.client();
    let mut ticket = Faults::default();
    ticket.summary = Field::Value("Printer on fire".to_owned());
    tickets::create_tickets(&client, &[ticket]).await.unwrap();
    let list = tickets::list_tickets(&client, &ListTicketsQuery::new())
        .await
        .unwrap();
    assert_eq!(list.len(), 1);

    // A client that does not trust it: one connection, no retry, a message that says
    // what to do.
    let before = fake.connections();
    let untrusting = halopsa::Client::builder()
        .host(fake.base_url())
        .client_credentials(fake.client_id(), fake.client_secret())
        .max_attempts(5)
        .backoff(Duration::from_millis(1), Duration::from_millis(5))
        .build()
        .unwrap();
    let error = tickets::list_tickets(&untrusting, &ListTicketsQuery::new())
        .await
        .unwrap_err();
    assert_eq!(
        error.tls_problem(),
        Some(TlsProblem::Certificate),
        "{error}"
    );
    assert!(error.to_string().contains("HALOPSA_CA_FILE"), "{error}");
    assert_eq!(fake.connections() - before, 1, "{error}");

    // The same CA from a file, as HALOPSA_CA_FILE gives it.
    let dir = scratch("sdk");
    let ca_file = dir.join("ca.pem");
    std::fs::write(&ca_file, &ca).unwrap();
    let trusting = halopsa::Client::builder()
        .host(fake.base_url())
        .client_credentials(fake.client_id(), fake.client_secret())
        .add_ca_file(&ca_file)
        .build()
        .unwrap();
    let list = tickets::list_tickets(&trusting, &ListTicketsQuery::new())
        .await
        .unwrap();
    assert_eq!(list.len(), 1);

    // Refused credentials are not retried either: one token request, an auth error.
    fake.clear_requests();
    let wrong = fake
        .client_builder()
        .client_credentials(fake.client_id(), "not-the-secret")
        .max_attempts(5)
        .build()
        .unwrap();
    let error = tickets::list_tickets(&wrong, &ListTicketsQuery::new())
        .await
        .unwrap_err();
    assert!(error.is_auth() && !error.is_retryable(), "{error}");
    assert_eq!(fake.requests_of("token").len(), 1, "{error}");

    // curl agrees: trusted with --cacert, refused without (exit 60: certificate problem).
    let trusted = curl_token(&fake, Some(&ca_file));
    assert!(trusted.status.success(), "{trusted:?}");
    let token: serde_json::Value = serde_json::from_slice(&trusted.stdout).unwrap();
    assert!(token["access_token"].is_string(), "{token}");
    let refused = curl_token(&fake, None);
    assert_eq!(refused.status.code(), Some(60), "{refused:?}");
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_certificate_and_key_made_by_openssl_serve_too() {
    let dir = scratch("openssl");
    let (cert, key) = (dir.join("cert.pem"), dir.join("key.pem"));
    let made = run(Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
        ])
        .args(["-nodes", "-days", "2", "-subj", "/CN=localhost"])
        .args(["-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"])
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&cert));
    assert!(made.status.success(), "{made:?}");
    let fake = FakeHalo::builder()
        .tls_pem(std::fs::read(&cert).unwrap(), std::fs::read(&key).unwrap())
        .start()
        .await
        .unwrap();
    assert_eq!(fake.ca_pem(), None);
    // The self-signed certificate is its own CA.
    let client = fake.client_builder().add_ca_file(&cert).build().unwrap();
    let list = tickets::list_tickets(&client, &ListTicketsQuery::new())
        .await
        .unwrap();
    assert_eq!(list.len(), 0);
    let trusted = curl_token(&fake, Some(&cert));
    assert!(trusted.status.success(), "{trusted:?}");

    // A key that is not PEM is refused with a message, not a panic.
    let error = FakeHalo::builder()
        .tls_pem(std::fs::read(&cert).unwrap(), b"not a key".to_vec())
        .start()
        .await
        .unwrap_err();
    assert!(error.to_string().contains("key"), "{error}");
    let _ = std::fs::remove_dir_all(dir);
}
