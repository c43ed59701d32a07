//! Whatever is sent, the fake answers (400, 404, 405, 413 as Halo would) and never panics:
//! after every bad request it still serves good ones.

use halopsa::serde_json::{json, Value};
use halopsa_fake::FakeHalo;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

struct Raw {
    http: reqwest::Client,
    api: String,
    token: String,
}

impl Raw {
    async fn send(&self, method: &str, path: &str, body: Vec<u8>) -> (u16, Value) {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let response = self
            .http
            .request(method, format!("{}{path}", self.api))
            .bearer_auth(&self.token)
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .expect("the fake answers");
        let status = response.status().as_u16();
        let text = response.text().await.unwrap();
        (
            status,
            halopsa::serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }
}

async fn setup() -> (FakeHalo, Raw) {
    let fake = FakeHalo::start().await.unwrap();
    let raw = Raw {
        http: reqwest::Client::new(),
        api: fake.api_url(),
        token: fake.issue_token(),
    };
    (fake, raw)
}

fn message(body: &Value) -> &str {
    body["Message"].as_str().unwrap_or_default()
}

#[tokio::test]
async fn bad_bodies_are_400_with_a_message() {
    let (fake, raw) = setup().await;
    let cases: Vec<(&str, &[u8], &str)> = vec![
        ("malformed JSON", b"[{\"summary\": ", "not valid JSON"),
        (
            "not an array",
            b"{\"summary\": \"x\"}",
            "could not be converted to an array",
        ),
        (
            "an array of numbers",
            b"[1, 2]",
            "`[0]` could not be converted",
        ),
        (
            "a wrong field type",
            b"[{\"summary\": 5}]",
            "`[0].summary` could not be converted to a string",
        ),
        (
            "a wrong nested type",
            b"[{\"user\": [1]}]",
            "`[0].user` could not be converted",
        ),
        (
            "an integer out of range",
            b"[{\"status_id\": 1e20}]",
            "`[0].status_id`",
        ),
        ("a fractional id", b"[{\"id\": 1.5}]", "`[0].id`"),
        ("a boolean id", b"[{\"id\": true}]", "`[0].id`"),
        (
            "non-UTF-8",
            b"[{\"summary\": \"\xff\xfe\"}]",
            "not valid JSON",
        ),
        ("empty", b"", "non-empty request body"),
        ("an empty array", b"[]", "no records"),
        ("deeply nested", &[b'['; 10_000], "not valid JSON"),
    ];
    for (what, body, expected) in cases {
        let (status, answer) = raw.send("POST", "/Tickets", body.to_vec()).await;
        assert_eq!(status, 400, "{what}: {answer}");
        assert!(message(&answer).contains(expected), "{what}: {answer}");
        assert_eq!(answer["ClassName"], "BadRequest");
    }
    assert!(fake.records("Tickets").is_empty());
    // maxLength: IncomingWebhook's `result` holds at most 2000 characters.
    let long = format!("[{{\"result\": \"{}\"}}]", "é".repeat(2001)).into_bytes();
    let (status, answer) = raw.send("POST", "/IncomingWebhook", long).await;
    assert_eq!(status, 400, "{answer}");
    assert!(
        message(&answer).contains("`[0].result` is longer than 2000 characters"),
        "{answer}"
    );
    // Undocumented keys, nulls, and decimals for integers are fine.
    let (status, saved) = raw
        .send(
            "POST",
            "/Tickets",
            br#"[{"summary": null, "client_id": 21.0, "x": {"y": [1]}}]"#.to_vec(),
        )
        .await;
    assert_eq!(status, 201, "{saved}");
    assert_eq!(saved["x"], json!({"y": [1]}));
}

#[tokio::test]
async fn bad_parameters_are_400_and_unknown_paths_404() {
    let (fake, raw) = setup().await;
    let cases = [
        ("GET", "/Tickets?page_size=abc", 400),
        ("GET", "/Tickets?pageinate=maybe", 400),
        ("GET", "/Tickets?client_id=1.5", 400),
        ("GET", "/Tickets?lastupdatefromdate=yesterday", 400),
        ("GET", "/Tickets/abc", 400),
        ("GET", "/Tickets/99999999999999999999999", 400),
        ("GET", "/Tickets/2147483648", 400),
        ("GET", "/Tickets/-5", 404),
        ("GET", "/Tickets/%FF%FE", 400),
        ("GET", "/Tickets/1%2F2", 400),
        ("GET", "/TicketApproval/1&x", 400),
        ("DELETE", "/TicketApproval/1&x", 400),
        ("GET", "/NoSuchThing", 404),
        ("GET", "/Tickets/1/2/3", 404),
        ("GET", "/", 404),
        ("GET", "", 404),
        ("PATCH", "/Tickets", 405),
        ("PUT", "/Tickets/1", 405),
        ("OPTIONS", "/IncomingEvent/Process", 405),
        ("GET", "/Tickets?%FF=%FE&&&=&page_no=", 200),
        ("GET", "/tickets?PAGE_SIZE=2", 200),
        ("GET", "/Tickets/", 200),
    ];
    for (method, path, expected) in cases {
        let (status, answer) = raw.send(method, path, Vec::new()).await;
        assert_eq!(status, expected, "{method} {path}: {answer}");
        if status >= 400 {
            assert!(!message(&answer).is_empty(), "{method} {path}: {answer}");
        }
    }
    let long = format!("/Tickets/{}", "9".repeat(10_000));
    assert_eq!(raw.send("GET", &long, Vec::new()).await.0, 400);
    // Outside /api.
    let outside = raw
        .http
        .get(format!("{}/nothing", fake.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(outside.status(), 404);
    let token_get = raw
        .http
        .get(format!("{}/token", fake.auth_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(token_get.status(), 405);
    let token_garbage = raw
        .http
        .post(format!("{}/token", fake.auth_url()))
        .body(vec![0xff, 0x00, 0x26, 0x3d])
        .send()
        .await
        .unwrap();
    assert_eq!(token_garbage.status(), 400);
    let allow = raw
        .http
        .put(format!("{}/IncomingEvent/Process", raw.api))
        .bearer_auth(&raw.token)
        .send()
        .await
        .unwrap();
    assert_eq!(allow.status(), 405);
    assert_eq!(allow.headers()["allow"], "POST");
    // An action whose body the spec does not require does without one.
    assert_eq!(raw.send("POST", "/Tickets/vote", Vec::new()).await.0, 200);
    // Every one was logged, and the fake still works.
    assert!(fake.requests().len() > 20);
    assert_eq!(raw.send("GET", "/Tickets", Vec::new()).await.0, 200);
}

#[tokio::test]
async fn broken_http_does_not_stop_the_server() {
    let (fake, raw) = setup().await;
    for junk in [
        &b"\xff\xfe\xfd garbage\r\n\r\n"[..],
        b"GET /api/Tickets HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\n\r\n",
        b"POST /api/Tickets HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n[",
        b"GET /api/Tickets/\xc3\x28 HTTP/1.1\r\nHost: x\r\n\r\n",
    ] {
        let mut socket = tokio::net::TcpStream::connect(fake.addr()).await.unwrap();
        socket.write_all(junk).await.unwrap();
        let _ = socket.shutdown().await;
        let mut answer = Vec::new();
        let _ = tokio::time::timeout(
            std::time::Duration::from_secs(2),
            socket.read_to_end(&mut answer),
        )
        .await;
    }
    // A body over the limit is 413.
    let (status, _) = raw
        .send("POST", "/Tickets", vec![b' '; 33 * 1024 * 1024])
        .await;
    assert_eq!(status, 413);
    assert_eq!(raw.send("GET", "/Tickets", Vec::new()).await.0, 200);
}
