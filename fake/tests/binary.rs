//! The `halopsa-fake` program: prints its URL and credentials, and an SDK configured the
//! way `HALOPSA_HOST` configures it (`https://{host}/api`, tokens from `/auth/token`) works
//! against it.

use halopsa::tickets::{self, ListTicketsQuery};
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

#[tokio::test]
async fn the_binary_serves_a_hosted_layout() {
    let seed = format!(
        "{}/../tests/fixtures/real/ticket_get_response.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let dir = std::env::temp_dir().join(format!("halopsa-fake-bin-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let seed_file = dir.join("seed.json");
    let ticket = std::fs::read_to_string(seed).unwrap();
    std::fs::write(&seed_file, format!("{{\"Tickets\": {ticket}}}")).unwrap();

    let mut child = Command::new(env!("CARGO_BIN_EXE_halopsa-fake"))
        .args([
            "--port",
            "0",
            "--client-id",
            "my-id",
            "--client-secret",
            "my-secret",
        ])
        .arg("--seed")
        .arg(&seed_file)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut host = None;
    for line in lines.by_ref().take(10) {
        let line = line.unwrap();
        if let Some(url) = line.strip_prefix("HALOPSA_HOST=") {
            host = Some(url.to_owned());
            break;
        }
    }
    let host = host.expect("the binary prints HALOPSA_HOST");
    let client = halopsa::Client::builder()
        .host(&host)
        .client_credentials("my-id", "my-secret")
        .build()
        .unwrap();
    let result = tickets::list_tickets(&client, &ListTicketsQuery::new()).await;
    let wrong = halopsa::Client::builder()
        .host(&host)
        .client_credentials("my-id", "nope")
        .build()
        .unwrap();
    let refused = tickets::list_tickets(&wrong, &ListTicketsQuery::new()).await;
    child.kill().unwrap();
    child.wait().unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    let list = result.unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].id, halopsa::Field::Value(9950));
    assert!(refused.unwrap_err().is_auth());
}

#[tokio::test]
async fn the_binary_serves_tls_and_writes_its_ca_for_clients() {
    let dir = std::env::temp_dir().join(format!("halopsa-fake-bin-tls-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let ca_out = dir.join("ca.pem");
    let mut child = Command::new(env!("CARGO_BIN_EXE_halopsa-fake"))
        .args([
            "--port",
            "0",
            "--client-id",
            "my-id",
            "--client-secret",
            "my-secret",
            "--tls",
        ])
        .arg("--tls-ca-out")
        .arg(&ca_out)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let (mut host, mut ca_file) = (None, None);
    for line in lines.by_ref().take(10) {
        let line = line.unwrap();
        if let Some(url) = line.strip_prefix("HALOPSA_HOST=") {
            host = Some(url.to_owned());
        }
        if let Some(path) = line.strip_prefix("HALOPSA_CA_FILE=") {
            ca_file = Some(path.to_owned());
            break;
        }
    }
    let host = host.expect("the binary prints HALOPSA_HOST");
    let ca_file = ca_file.expect("the binary prints HALOPSA_CA_FILE");
    assert!(host.starts_with("https://127.0.0.1:"), "{host}");
    assert_eq!(std::path::Path::new(&ca_file), ca_out);
    // curl, with the CA the binary wrote.
    let curl = Command::new("curl")
        .args([
            "--silent",
            "--show-error",
            "--noproxy",
            "*",
            "--max-time",
            "30",
        ])
        .args(["--cacert", &ca_file])
        .args([
            "--data",
            "grant_type=client_credentials&client_id=my-id&client_secret=my-secret",
        ])
        .arg(format!("{host}/auth/token"))
        .output()
        .expect("curl runs (install it: apt-get install curl)");
    // And the SDK, trusting the same file.
    let client = halopsa::Client::builder()
        .host(&host)
        .client_credentials("my-id", "my-secret")
        .add_ca_file(&ca_file)
        .build()
        .unwrap();
    let result = tickets::list_tickets(&client, &ListTicketsQuery::new()).await;
    child.kill().unwrap();
    child.wait().unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(curl.status.success(), "{curl:?}");
    let token: serde_json::Value = serde_json::from_slice(&curl.stdout).unwrap();
    assert!(token["access_token"].is_string(), "{token}");
    assert_eq!(result.unwrap().len(), 0);
}
