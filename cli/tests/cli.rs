//! The `halopsa` binary, run as a person runs it, against the fake Halo: an operation of
//! every area, paging with `--all`, `--dry-run`, bad arguments, a wrong secret, a retried
//! `429`, the exit codes; the output is asserted, not only the exit code.

use assert_cmd::Command;
use halopsa_fake::{Failure, FakeHalo};
use predicates::prelude::*;
use serde_json::{json, Value};
use std::time::Duration;

const CLIENT_ID: &str = "cli-test-client";
const SECRET: &str = "cli-test-secret-7f3a9c";

/// A fake Halo, served by its own runtime while the test runs the binary.
struct Fake {
    fake: FakeHalo,
    _runtime: tokio::runtime::Runtime,
}

impl std::ops::Deref for Fake {
    type Target = FakeHalo;
    fn deref(&self) -> &FakeHalo {
        &self.fake
    }
}

fn fake() -> Fake {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("a runtime");
    let fake = runtime
        .block_on(
            FakeHalo::builder()
                .client_credentials(CLIENT_ID, SECRET)
                .start(),
        )
        .expect("the fake starts");
    Fake {
        fake,
        _runtime: runtime,
    }
}

/// `halopsa` with only what a test sets: no HALOPSA_* variable and no config file of
/// the machine's.
fn bare() -> Command {
    let mut cmd = Command::cargo_bin("halopsa").expect("the binary");
    for (name, _) in std::env::vars() {
        if name.starts_with("HALOPSA_") {
            cmd.env_remove(name);
        }
    }
    cmd.env(
        "HALOPSA_CONFIG",
        "/nonexistent/halopsa-cli-test/config.toml",
    );
    cmd.timeout(Duration::from_secs(60));
    cmd
}

/// `halopsa` configured for the fake through the environment, as `Client::from_env` is.
fn halopsa(fake: &FakeHalo) -> Command {
    let mut cmd = bare();
    cmd.env("HALOPSA_HOST", fake.base_url())
        .env("HALOPSA_CLIENT_ID", CLIENT_ID)
        .env("HALOPSA_CLIENT_SECRET", SECRET);
    cmd
}

fn stdout_of(cmd: &mut Command) -> String {
    let out = cmd.assert().success().get_output().stdout.clone();
    String::from_utf8(out).expect("UTF-8")
}

fn json_of(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

#[test]
fn tickets_list_a_clients_open_tickets_as_a_table() {
    let fake = fake();
    fake.insert(
        "Tickets",
        json!({"summary": "Printer on fire", "client_id": 12}),
    )
    .unwrap();
    fake.insert(
        "Tickets",
        json!({"summary": "Other client's", "client_id": 13}),
    )
    .unwrap();
    let out = stdout_of(halopsa(&fake).args([
        "tickets",
        "list",
        "--client-id",
        "12",
        "--open-only",
        "-o",
        "table",
        "--fields",
        "id,summary",
    ]));
    assert_eq!(out, "ID  SUMMARY\n1   Printer on fire\n");
    let calls = fake.requests_of("listTickets");
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].query_param("open_only").as_deref(), Some("true"));
    assert_eq!(calls[0].query_param("client_id").as_deref(), Some("12"));
    // `--flag=false` sends false.
    halopsa(&fake)
        .args(["tickets", "list", "--open-only=false"])
        .assert()
        .success();
    assert_eq!(
        fake.requests_of("listTickets")[1]
            .query_param("open_only")
            .as_deref(),
        Some("false")
    );
}

#[test]
fn tickets_get_create_and_delete() {
    let fake = fake();
    // Piped: compact JSON, every key as the server sent it.
    fake.insert(
        "Tickets",
        json!({"summary": "Printer on fire", "unknown_key": "kept"}),
    )
    .unwrap();
    let out = stdout_of(halopsa(&fake).args(["tickets", "get", "1"]));
    assert_eq!(out.lines().count(), 1, "{out}");
    let ticket = json_of(&out);
    assert_eq!(ticket["summary"], "Printer on fire");
    assert_eq!(ticket["unknown_key"], "kept");
    // One record on standard input is sent as an array of one; the saved record is printed.
    let out = stdout_of(
        halopsa(&fake)
            .args(["tickets", "create", "--body", "-"])
            .write_stdin(r#"{"summary": "From the command line"}"#),
    );
    assert_eq!(json_of(&out)["id"], 2);
    assert_eq!(
        fake.requests_of("createTickets")[0].json(),
        Some(json!([{"summary": "From the command line"}]))
    );
    let out = stdout_of(halopsa(&fake).args(["tickets", "delete", "2"]));
    assert_eq!(out, "");
    assert!(fake.record("Tickets", 2).is_none());
}

#[test]
fn automation_email_chat_collaboration() {
    let fake = fake();
    // automation
    fake.insert("Notifications", json!({"id": 4, "title": "Disk full"}))
        .unwrap();
    let out = stdout_of(halopsa(&fake).args(["automation", "get-notification", "4"]));
    assert_eq!(json_of(&out)["title"], "Disk full");
    // email: `email get-mailbox 3`, and one email rule as a table of its fields
    fake.insert("Mailbox", json!({"id": 3, "name": "Support"}))
        .unwrap();
    let out = stdout_of(halopsa(&fake).args(["email", "get-mailbox", "3"]));
    assert_eq!(json_of(&out)["name"], "Support");
    fake.insert("EmailRule", json!({"id": 5, "name": "Spam"}))
        .unwrap();
    let out = stdout_of(halopsa(&fake).args(["email", "get-rule", "5", "-o", "table"]));
    assert_eq!(out, "FIELD  VALUE\nid     5\nname   Spam\n");
    // chat: re-send a chat message
    let out = stdout_of(
        halopsa(&fake)
            .args(["chat", "create-message", "--body", "-"])
            .write_stdin(r#"[{"chat_id": 42, "message": "Hello again"}]"#),
    );
    assert_eq!(json_of(&out)["message"], "Hello again");
    let out = stdout_of(halopsa(&fake).args(["chat", "list-messages", "-o", "ndjson"]));
    assert_eq!(out.lines().count(), 1, "{out}");
    assert_eq!(json_of(out.lines().next().unwrap())["chat_id"], 42);
    // collaboration: a text answer, printed as it is; a form body
    let out = stdout_of(halopsa(&fake).args(["collaboration", "get-twilio-twiml"]));
    assert!(
        out.starts_with("<?xml") && out.contains("<Response>"),
        "{out}"
    );
    halopsa(&fake)
        .args([
            "collaboration",
            "receive-twilio-callback",
            "--form",
            "Body=hello there",
            "--form",
            "From=+15551234567",
        ])
        .assert()
        .success();
    let call = &fake.requests_of("receiveTwilioCallback")[0];
    let body = &call.body;
    assert!(
        body.contains("hello there") && body.contains("+15551234567"),
        "{body}"
    );
}

#[test]
fn all_walks_every_page_as_ndjson() {
    let fake = fake();
    for i in 0..230 {
        fake.insert("Tickets", json!({"summary": format!("ticket {i}")}))
            .unwrap();
    }
    let out = stdout_of(halopsa(&fake).args(["tickets", "list", "--all", "--fields", "id"]));
    let ids: Vec<i64> = out
        .lines()
        .map(|l| json_of(l)["id"].as_i64().expect("an id"))
        .collect();
    assert_eq!(ids, (1..=230).collect::<Vec<_>>());
    let pages: Vec<Option<String>> = fake
        .requests_of("listTickets")
        .iter()
        .map(|r| r.query_param("page_no"))
        .collect();
    assert_eq!(
        pages,
        vec![Some("1".into()), Some("2".into()), Some("3".into())]
    );
    // Without --all: the first page (the fake's 50), as an array.
    let out =
        stdout_of(halopsa(&fake).args(["tickets", "list", "--pageinate", "--page-size", "20"]));
    assert_eq!(json_of(&out).as_array().map(Vec::len), Some(20));
    // A list that is not paged has no --all.
    halopsa(&fake)
        .args(["email", "list-rules", "--all"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--all"));
}

#[test]
fn dry_run_prints_the_request_and_sends_nothing() {
    let fake = fake();
    let dir = tempfile::tempdir().unwrap();
    let body = dir.path().join("ticket.json");
    std::fs::write(&body, r#"{"summary": "Printer on fire"}"#).unwrap();
    let out = stdout_of(halopsa(&fake).args([
        "tickets",
        "create",
        "--body",
        body.to_str().unwrap(),
        "--dry-run",
    ]));
    let expected = format!(
        "POST {base}/api/Tickets\nAuthorization: Bearer <redacted> (client credentials: client id {CLIENT_ID}, secret from the variable HALOPSA_CLIENT_SECRET (never shown), token from {base}/auth/token)\nAccept: application/json\nContent-Type: application/json\n\n[\n  {{\n    \"summary\": \"Printer on fire\"\n  }}\n]\n",
        base = fake.base_url()
    );
    assert_eq!(out, expected);
    let out = stdout_of(halopsa(&fake).args([
        "tickets",
        "list",
        "--open-only",
        "--search",
        "a&b c",
        "--all",
        "--dry-run",
        "-vv",
    ]));
    assert!(
        out.starts_with(&format!(
            "GET {}/api/Tickets?open_only=true&page_no=1&page_size=100&pageinate=true&search=a%26b+c\n",
            fake.base_url()
        )),
        "{out}"
    );
    assert!(!out.contains(SECRET));
    // A dry run needs no credentials, and reads none.
    let mut cmd = bare();
    let out = stdout_of(cmd.env("HALOPSA_TENANT", "acme").args([
        "email",
        "get-mailbox",
        "3",
        "--dry-run",
    ]));
    assert!(
        out.starts_with("GET https://acme.halopsa.com/api/Mailbox/3\n"),
        "{out}"
    );
    assert!(fake.requests().is_empty(), "{:?}", fake.requests());
}

#[test]
fn bad_arguments_are_usage_errors_before_anything_is_sent() {
    let fake = fake();
    halopsa(&fake)
        .args(["email", "get-mailbox", "abc"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("invalid value 'abc'"));
    halopsa(&fake)
        .args(["tickets", "list", "--client-id", "twelve"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--client-id"));
    halopsa(&fake)
        .args(["tickets", "list", "--open-only", "yes"])
        .assert()
        .code(2);
    halopsa(&fake)
        .args(["tickets", "create"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--body"));
    halopsa(&fake)
        .args(["tickets", "create", "--body", "-"])
        .write_stdin("{not json")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not JSON"));
    halopsa(&fake)
        .args(["tickets", "frobnicate"])
        .assert()
        .code(2);
    assert!(fake.requests().is_empty(), "{:?}", fake.requests());
}

#[test]
fn a_wrong_secret_is_an_auth_error_and_no_secret_is_printed() {
    let fake = fake();
    let wrong = "wrong-secret-5b1e";
    let assert = halopsa(&fake)
        .env("HALOPSA_CLIENT_SECRET", wrong)
        .args(["tickets", "list", "-vv"])
        .assert()
        .code(4)
        .stderr(predicate::str::contains("invalid_client"));
    let out = assert.get_output();
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!all.contains(wrong) && !all.contains(SECRET), "{all}");
    assert!(all.contains("GET /Tickets"), "{all}");
    // `config show` and --verbose name where the secret comes from, never its value.
    let out = stdout_of(halopsa(&fake).args(["config", "show"]));
    assert!(
        out.contains("HALOPSA_CLIENT_SECRET") && !out.contains(SECRET),
        "{out}"
    );
}

#[test]
fn a_429_is_retried_after_retry_after() {
    let fake = fake();
    fake.insert("Mailbox", json!({"id": 3, "name": "Support"}))
        .unwrap();
    fake.fail(
        Failure::new(429)
            .operation("getMailbox")
            .retry_after(Duration::from_secs(1)),
    );
    let assert = halopsa(&fake)
        .args(["email", "get-mailbox", "3"])
        .assert()
        .success()
        .stderr(predicate::str::contains("retrying"));
    assert_eq!(
        json_of(&String::from_utf8_lossy(&assert.get_output().stdout))["name"],
        "Support"
    );
    assert_eq!(fake.requests_of("getMailbox").len(), 2);
    // Too many of them: an API error, with the status.
    fake.fail(Failure::new(429).operation("getMailbox").times(3));
    halopsa(&fake)
        .args(["email", "get-mailbox", "3", "--max-attempts", "2", "-q"])
        .assert()
        .code(5)
        .stderr(
            predicate::str::contains("HTTP 429").and(predicate::str::contains("retrying").not()),
        );
}

#[test]
fn api_network_and_configuration_errors_have_their_exit_codes() {
    let fake = fake();
    halopsa(&fake)
        .args(["email", "get-mailbox", "99"])
        .assert()
        .code(5)
        .stderr(predicate::str::contains(
            "GET /Mailbox/99: HTTP 404 Not Found",
        ));
    bare()
        .env("HALOPSA_HOST", "http://127.0.0.1:1")
        .env("HALOPSA_TOKEN", "t")
        .args(["email", "get-mailbox", "3", "--max-attempts", "1"])
        .assert()
        .code(6);
    bare()
        .args(["email", "get-mailbox", "3"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("no Halo instance configured"));
    bare()
        .env("HALOPSA_TENANT", "acme")
        .args(["email", "get-mailbox", "3"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("no credentials"));
}

#[test]
fn profiles_from_the_config_file() {
    let fake = fake();
    fake.insert("Mailbox", json!({"id": 3, "name": "Support"}))
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "default_profile = \"nowhere\"\n\n[profiles.nowhere]\ntenant = \"nowhere\"\n\n[profiles.fake]\nhost = \"{}\"\nclient_id = \"{CLIENT_ID}\"\nclient_secret_env = \"FAKE_SECRET\"\n",
            fake.base_url()
        ),
    )
    .unwrap();
    let with_config = || {
        let mut cmd = bare();
        cmd.env("HALOPSA_CONFIG", &config)
            .env("FAKE_SECRET", SECRET);
        cmd
    };
    let out = stdout_of(with_config().args(["--profile", "fake", "email", "get-mailbox", "3"]));
    assert_eq!(json_of(&out)["name"], "Support");
    let out = stdout_of(
        with_config()
            .env("HALOPSA_PROFILE", "fake")
            .args(["config", "show"]),
    );
    assert!(
        out.contains("profile `fake`") && out.contains("FAKE_SECRET"),
        "{out}"
    );
    assert!(!out.contains(SECRET), "{out}");
    // The default profile when nothing else is set.
    let out = stdout_of(with_config().args(["email", "get-mailbox", "3", "--dry-run"]));
    assert!(
        out.starts_with("GET https://nowhere.halopsa.com/api/Mailbox/3"),
        "{out}"
    );
    with_config()
        .args(["--profile", "nope", "email", "get-mailbox", "3"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("fake, nowhere"));
}

#[test]
fn raw_prints_the_body_as_received() {
    let fake = fake();
    fake.insert("Tickets", json!({"summary": "s"})).unwrap();
    let out = stdout_of(halopsa(&fake).args(["tickets", "list", "--raw", "--pageinate"]));
    let body = json_of(&out);
    assert_eq!(body["record_count"], 1);
    assert_eq!(body["tickets"][0]["summary"], "s");
    halopsa(&fake)
        .args(["tickets", "list", "--raw", "--all"])
        .assert()
        .code(2);
}

#[test]
fn completions_and_man_page() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let out = stdout_of(bare().args(["completions", shell]));
        assert!(out.contains("get-mailbox"), "{shell}: {out}");
    }
    let out = stdout_of(bare().arg("man"));
    assert!(
        out.starts_with(".ie") || out.contains(".TH halopsa"),
        "{out}"
    );
    let dir = tempfile::tempdir().unwrap();
    bare()
        .args(["man", "--dir", dir.path().to_str().unwrap()])
        .assert()
        .success();
    assert!(dir.path().join("halopsa-tickets-list.1").is_file());
    // --help and --version are not errors.
    bare()
        .args(["tickets", "list", "--help"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("Only open tickets").or(predicate::str::contains("open-only")),
        );
    bare().arg("--version").assert().success();
    bare().assert().code(2);
}
