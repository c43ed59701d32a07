//! The fake as clients we did not write see it: raw HTTP requests (reqwest with nothing of
//! the SDK, a raw TCP socket, curl), shaped as other Halo clients send them, answered as
//! Halo answers them. Each assertion cites the Halo documentation page
//! (`shared/halopsa-docs/`) or fact (`shared/HALOPSA-FACTS.md`) it rests on; where neither
//! says, the comment says what the fake chose and why.

use halopsa::serde_json::{json, Value};
use halopsa_fake::FakeHalo;
use std::process::{Command, Stdio};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A raw HTTP client of a fake, with a valid token.
struct Raw {
    http: reqwest::Client,
    base: String,
    token: String,
}

impl Raw {
    fn of(fake: &FakeHalo) -> Self {
        Self {
            http: reqwest::Client::new(),
            base: fake.base_url().to_owned(),
            token: fake.issue_token(),
        }
    }

    /// Sends `method` to `{base}{path}` (path as written, query included) with a token;
    /// answers the status, the `Allow` header and the body as JSON (or as a string).
    async fn send(&self, method: &str, path: &str, body: &str) -> (u16, Option<String>, Value) {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let response = self
            .http
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .header("content-type", "application/json")
            .body(body.to_owned())
            .send()
            .await
            .expect("the fake answers");
        let status = response.status().as_u16();
        let allow = response
            .headers()
            .get("allow")
            .map(|v| v.to_str().unwrap().to_owned());
        let text = response.text().await.unwrap();
        let body = halopsa::serde_json::from_str(&text).unwrap_or(Value::String(text));
        (status, allow, body)
    }

    async fn get(&self, path: &str) -> Value {
        let (status, _, body) = self.send("GET", path, "").await;
        assert_eq!(status, 200, "GET {path}: {body}");
        body
    }
}

/// The ids of a list answer (a wrapper's `tickets`, or a bare array).
fn ids(list: &Value) -> Vec<i64> {
    let records = list.get("tickets").unwrap_or(list);
    records
        .as_array()
        .expect("records")
        .iter()
        .map(|r| r["id"].as_i64().expect("an id"))
        .collect()
}

async fn with_tickets(n: i64) -> (FakeHalo, Raw) {
    let fake = FakeHalo::start().await.unwrap();
    for i in 1..=n {
        fake.insert("Tickets", json!({"summary": format!("ticket {i}")}))
            .unwrap();
    }
    let raw = Raw::of(&fake);
    (fake, raw)
}

#[tokio::test]
async fn count_does_not_cut_a_paged_list_and_record_count_counts_every_match() {
    let (_fake, raw) = with_tickets(253).await;
    // A widely used client sends `count=50` with `pageinate=true` on every page. The Users
    // docs (001_…txt): "count: Number of results to return (without pagination)"; so with
    // paging, `count` does not apply, and page 2 is records 51 to 100.
    let page2 = raw
        .get("/api/Tickets?pageinate=true&page_size=50&page_no=2&count=50")
        .await;
    assert_eq!(ids(&page2), (51..=100).collect::<Vec<_>>());
    // HALOPSA-FACTS.md, Shapes: `record_count` is always present and counts the matches
    // (`"record_count": 717` on a page of 50).
    assert_eq!(page2["record_count"], 253);
    assert_eq!(page2["page_no"], 2);
    assert_eq!(page2["page_size"], 50);
    let last = raw
        .get("/api/Tickets?pageinate=true&page_size=50&page_no=6&count=50")
        .await;
    assert_eq!(ids(&last), [251, 252, 253]);
    // Without paging, `count` is the number of results; `record_count` still counts all.
    let counted = raw.get("/api/Tickets?count=50").await;
    assert_eq!(ids(&counted), (1..=50).collect::<Vec<_>>());
    assert_eq!(counted["record_count"], 253);
    // `count=0` is what .NET binds when `count` is not sent: no limit.
    assert_eq!(ids(&raw.get("/api/Tickets?count=0").await).len(), 253);
}

#[tokio::test]
async fn paging_edges() {
    let (_fake, raw) = with_tickets(250).await;
    // Tickets docs (003_…txt): "page_size: Page size for pagination (maximum: 100)";
    // HALOPSA-FACTS.md, Limits: "Pages hold at most 100 records, whatever page_size asks
    // for".
    let big = raw
        .get("/api/Tickets?pageinate=true&page_size=500&page_no=1")
        .await;
    assert_eq!(ids(&big).len(), 100);
    assert_eq!(big["page_size"], 100);
    // Past the end: no records, and `record_count` tells the client there are no more.
    let past = raw
        .get("/api/Tickets?pageinate=true&page_size=100&page_no=4")
        .await;
    assert_eq!(ids(&past), Vec::<i64>::new());
    assert_eq!(past["record_count"], 250);
    // Pages count from 1 ("Page number for pagination (first page is 1)" in the spec's
    // shared parameter); the docs say nothing of 0 or less: the fake answers page 1, so a
    // client counting from 0 sees its first page twice rather than an error.
    for page_no in ["0", "-3"] {
        let first = raw
            .get(&format!(
                "/api/Tickets?pageinate=true&page_size=10&page_no={page_no}"
            ))
            .await;
        assert_eq!(ids(&first), (1..=10).collect::<Vec<_>>(), "{page_no}");
        assert_eq!(first["page_no"], 1);
    }
    // A page size of 0 or less is not documented: the fake takes the default page (50)
    // rather than empty pages, which would never end a client's walk.
    let zero = raw
        .get("/api/Tickets?pageinate=true&page_size=0&page_no=1")
        .await;
    assert_eq!(ids(&zero).len(), 50);
    assert_eq!(zero["page_size"], 50);
    // Users docs: "page_no: Page number (when paginating)", "page_size: Page size (when
    // paginating)"; "pageinate: Enable pagination". Without `pageinate=true` they do
    // nothing: every record comes back, and the wrapper has no `page_no`.
    let unpaged = raw.get("/api/Tickets?page_size=10&page_no=2").await;
    assert_eq!(ids(&unpaged).len(), 250);
    assert!(unpaged.get("page_no").is_none(), "{unpaged}");
    let off = raw.get("/api/Tickets?pageinate=false&page_size=10").await;
    assert_eq!(ids(&off).len(), 250);
}

#[tokio::test]
async fn pageinate_is_a_boolean_in_any_case_and_nothing_else() {
    let (_fake, raw) = with_tickets(60).await;
    // The docs type `pageinate` as `boolean`. Python clients write `True`, others `TRUE`:
    // a boolean's text in any case is a boolean (as .NET reads one).
    for given in ["true", "True", "TRUE"] {
        let page = raw
            .get(&format!("/api/Tickets?pageinate={given}&page_size=20"))
            .await;
        assert_eq!(ids(&page).len(), 20, "pageinate={given}");
        assert_eq!(page["page_no"], 1, "pageinate={given}");
    }
    // `1` (PHP's `http_build_query` of `true`) is not a boolean's text: .NET's model
    // binding refuses it, and so does the fake, with Halo's error body, rather than
    // accept what Halo may refuse.
    let (status, _, body) = raw
        .send("GET", "/api/Tickets?pageinate=1&page_size=20", "")
        .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["ClassName"], "BadRequest");
    assert!(
        body["Message"].as_str().unwrap().contains("pageinate"),
        "{body}"
    );
}

#[tokio::test]
async fn search_id_filters_and_order_as_other_clients_send_them() {
    let fake = FakeHalo::start().await.unwrap();
    fake.seed(json!({"Tickets": [
        {"summary": "Printer on fire", "client_id": 12, "status_id": 2},
        {"summary": "Email down", "client_id": 12, "status_id": 1},
        {"summary": "printer jammed", "client_id": 13, "status_id": 1},
        {"summary": "VPN", "client_id": 14.0, "status_id": 2},
    ]}))
    .unwrap();
    let raw = Raw::of(&fake);
    // Tickets docs: "search: General search string"; the fake matches any string field,
    // without case.
    assert_eq!(ids(&raw.get("/api/Tickets?search=PRINTER").await), [1, 3]);
    // "client_id: Filter by client ID", "client_ids: (array of int) Filter by multiple
    // client IDs"; query names in any case, as ASP.NET binds them; a record's `14.0`
    // (HALOPSA-FACTS.md, Values: "Integers sometimes arrive as decimals") is 14.
    assert_eq!(ids(&raw.get("/api/Tickets?Client_Id=12").await), [1, 2]);
    assert_eq!(ids(&raw.get("/api/Tickets?client_ids=13,14").await), [3, 4]);
    assert_eq!(
        ids(&raw.get("/api/Tickets?search=printer&client_id=13").await),
        [3]
    );
    // "order: Field name to order by (primary)", "order2: … (secondary)", "orderdesc:
    // Descending order on primary sort", "orderdesc2: Descending order on secondary sort".
    assert_eq!(
        ids(&raw
            .get("/api/Tickets?order=status_id&order2=summary&orderdesc2=true")
            .await),
        [3, 2, 4, 1]
    );
    // Strings order without case (SQL Server's default collation, which Halo runs on, is
    // case-insensitive): Email down, printer jammed, Printer on fire, VPN.
    assert_eq!(
        ids(&raw.get("/api/Tickets?order=Summary").await),
        [2, 3, 1, 4]
    );
    assert_eq!(
        ids(&raw.get("/api/Tickets?order=summary&orderdesc=True").await),
        [4, 1, 3, 2]
    );
    // `orderdesc` alone: the default order (by id), descending.
    assert_eq!(
        ids(&raw.get("/api/Tickets?orderdesc=true").await),
        [4, 3, 2, 1]
    );
}

#[tokio::test]
async fn a_post_of_one_record_answers_it_and_of_several_answers_all() {
    let fake = FakeHalo::start().await.unwrap();
    let raw = Raw::of(&fake);
    // Tickets docs: "POST /Tickets … Creates one or more Fault records. Request Body:
    // Array of Faults objects … Response: 201 Created, Faults schema", and the real answer
    // to a POST of one ticket (fixtures/real/ticket_create_response.json) is the ticket
    // as an object.
    let (status, _, one) = raw
        .send("POST", "/api/Tickets", r#"[{"summary": "one"}]"#)
        .await;
    assert_eq!(status, 201, "{one}");
    assert_eq!(one, json!({"id": 1, "summary": "one"}));
    // Several: what Halo answers is not documented; the fake answers every saved record,
    // in the order sent (the SDK reads either as `OneOrMany`), so a client learns each id.
    let (status, _, many) = raw
        .send(
            "POST",
            "/api/Tickets",
            r#"[{"summary": "two"}, {"id": 1, "summary": "ONE"}, {"summary": "three"}]"#,
        )
        .await;
    assert_eq!(status, 201, "{many}");
    assert_eq!(
        many,
        json!([
            {"id": 2, "summary": "two"},
            {"id": 1, "summary": "ONE"},
            {"id": 3, "summary": "three"},
        ])
    );
    assert_eq!(fake.records("Tickets").len(), 3);
    // "one or more": an empty array saves nothing and is refused, with Halo's error body
    // (the spec says `minItems: 1`).
    let (status, _, body) = raw.send("POST", "/api/Tickets", "[]").await;
    assert_eq!(status, 400, "{body}");
    assert!(body["Message"].is_string(), "{body}");
    // A list path without an item path saves the same way (`POST /ToDo`).
    let (status, _, todos) = raw
        .send("POST", "/api/ToDo", r#"[{"text": "a"}, {"text": "b"}]"#)
        .await;
    assert_eq!(status, 200, "{todos}");
    assert_eq!(todos.as_array().map(Vec::len), Some(2), "{todos}");
}

#[tokio::test]
async fn shapes_clients_send_by_mistake_get_halos_answer_never_a_5xx() {
    let fake = FakeHalo::start().await.unwrap();
    fake.insert("Tickets", json!({"summary": "a"})).unwrap();
    let raw = Raw::of(&fake);
    let ticket = r#"[{"id": 1, "summary": "b"}]"#;
    // (method, path, body, status, `Allow` when 405). The docs give each path its methods:
    // `/Tickets` GET and POST, `/Tickets/{id}` GET and DELETE. Another method on a path
    // that exists is 405 with `Allow`, an unknown path 404; both with Halo's error body
    // (HALOPSA-FACTS.md, Shapes: `{ "ClassName": "…", "Message": "…" }`).
    let cases: &[(&str, &str, &str, u16, Option<&str>)] = &[
        // An update POSTed to the item path, as REST habits suggest: Halo updates by a
        // POST of the record with its id to the collection.
        ("POST", "/api/Tickets/1", ticket, 405, Some("GET, DELETE")),
        ("PUT", "/api/Tickets/1", ticket, 405, Some("GET, DELETE")),
        ("PATCH", "/api/Tickets/1", ticket, 405, Some("GET, DELETE")),
        ("PUT", "/api/Tickets", ticket, 405, Some("GET, POST")),
        ("DELETE", "/api/Tickets", "", 405, Some("GET, POST")),
        ("HEAD", "/api/Tickets/zapier", "", 405, Some("GET")),
        // Paths match in any case and with a trailing slash (Halo's routing is
        // case-insensitive: clients write `api/tickets`).
        ("GET", "/api/tickets", "", 200, None),
        ("GET", "/API/TICKETS/1", "", 200, None),
        ("GET", "/api/Tickets/1/", "", 200, None),
        ("POST", "/api/tickets/", ticket, 201, None),
        // A doubled slash is not a path of the API.
        ("GET", "/api//Tickets", "", 404, None),
        ("GET", "//api/Tickets", "", 404, None),
        ("GET", "/Tickets", "", 404, None),
        ("GET", "/api/Ticket", "", 404, None),
        ("GET", "/api/Tickets/1/actions", "", 404, None),
        // Ids that are not integers: the path parameter does not bind (Tickets docs:
        // "id: integer (int32), required").
        ("GET", "/api/Tickets/abc", "", 400, None),
        ("GET", "/api/Tickets/1.5", "", 400, None),
        ("GET", "/api/Tickets/%20", "", 400, None),
        ("DELETE", "/api/Tickets/0x10", "", 400, None),
        ("GET", "/api/Tickets/99", "", 404, None),
        // A body that is one record, not an array ("Request Body: Array of Faults").
        ("POST", "/api/Tickets", r#"{"summary": "c"}"#, 400, None),
        ("POST", "/api/Tickets", "summary=c", 400, None),
        ("POST", "/api/Tickets", "", 400, None),
    ];
    for &(method, path, body, expected, allow) in cases {
        let (status, got_allow, answer) = raw.send(method, path, body).await;
        assert_eq!(status, expected, "{method} {path}: {answer}");
        if let Some(allow) = allow {
            assert_eq!(got_allow.as_deref(), Some(allow), "{method} {path}");
        }
        if status >= 400 && method != "HEAD" {
            assert!(
                answer["ClassName"].is_string() && answer["Message"].is_string(),
                "{method} {path}: {answer}"
            );
        }
    }
    // Nothing answered 5xx, and the record is as the two good POSTs left it.
    assert!(fake.requests().iter().all(|r| r.status < 500));
    assert_eq!(fake.record("Tickets", 1).unwrap()["summary"], "b");
}

/// A token request by hand, form-encoded as Halo takes it, the tenant as `?tenant=`.
async fn token(fake: &FakeHalo, tenant: Option<&str>, secret: &str) -> (u16, Value) {
    let mut url = format!("{}/token", fake.auth_url());
    if let Some(tenant) = tenant {
        url.push_str(&format!("?tenant={tenant}"));
    }
    let response = reqwest::Client::new()
        .post(url)
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", fake.client_id()),
            ("client_secret", secret),
            ("scope", "all"),
        ])
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

#[tokio::test]
async fn a_wrong_tenant_is_told_apart_from_a_wrong_secret() {
    // HALOPSA-FACTS.md, Endpoints: hosted instances are `https://{tenant}.halopsa.com`,
    // and "Hosted multi-tenant instances also need the tenant: `{auth_url}/token?tenant=
    // {tenant}` (some clients send `tenant` in the form body instead)".
    let fake = FakeHalo::builder().tenant("acme").start().await.unwrap();
    let secret = fake.client_secret().to_owned();
    assert_eq!(token(&fake, Some("acme"), &secret).await.0, 200);
    // Host names have no case.
    assert_eq!(token(&fake, Some("ACME"), &secret).await.0, 200);
    // "A wrong client id gives `401` with `invalid_client`."
    let (status, wrong_secret) = token(&fake, Some("acme"), "nope").await;
    assert_eq!(status, 401);
    assert_eq!(wrong_secret["error"], "invalid_client");
    // Another tenant: a different answer, naming the tenant, whatever the secret.
    for secret in [secret.as_str(), "nope"] {
        let (status, wrong_tenant) = token(&fake, Some("globex"), secret).await;
        assert_eq!(status, 400, "{wrong_tenant}");
        assert_eq!(wrong_tenant["error"], "invalid_request");
        let description = wrong_tenant["error_description"].as_str().unwrap();
        assert!(description.contains("'globex'"), "{description}");
        assert!(description.contains("tenant"), "{description}");
        assert_ne!(wrong_tenant, wrong_secret);
    }
    // No tenant at all: says the tenant is missing.
    let (status, missing) = token(&fake, None, &secret).await;
    assert_eq!(status, 400);
    assert!(
        missing["error_description"]
            .as_str()
            .unwrap()
            .starts_with("tenant is missing"),
        "{missing}"
    );
    // The tenant as a form field works too.
    let form = reqwest::Client::new()
        .post(format!("{}/token", fake.auth_url()))
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", fake.client_id()),
            ("client_secret", &secret),
            ("tenant", "acme"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(form.status(), 200);
    // An instance without a tenant (on-premise: "On-premise instances need no tenant")
    // ignores one that is sent.
    let on_premise = FakeHalo::start().await.unwrap();
    let secret = on_premise.client_secret().to_owned();
    assert_eq!(token(&on_premise, Some("any"), &secret).await.0, 200);
}

/// Reads an HTTP/1.1 response head from a socket (up to the blank line). A fake that never
/// answers fails the test after a minute instead of hanging it (a guard, not a measure).
async fn response_head(socket: &mut tokio::net::tcp::OwnedReadHalf) -> String {
    let read = async {
        let mut head = Vec::new();
        let mut byte = [0u8; 1];
        while !head.ends_with(b"\r\n\r\n") {
            match socket.read(&mut byte).await {
                Ok(1) => head.push(byte[0]),
                _ => break,
            }
        }
        String::from_utf8_lossy(&head).into_owned()
    };
    tokio::time::timeout(std::time::Duration::from_secs(60), read)
        .await
        .expect("the fake answers while the body is still coming")
}

#[tokio::test]
async fn a_body_that_never_ends_is_refused_once_past_the_limit() {
    const LIMIT: usize = 64 * 1024;
    let fake = FakeHalo::builder().max_body(LIMIT).start().await.unwrap();
    let token = fake.issue_token();
    // A raw client streams a chunked body without end. A server that read the whole body
    // before checking its size would never answer.
    let socket = tokio::net::TcpStream::connect(fake.addr()).await.unwrap();
    let (mut read, mut write) = socket.into_split();
    let head = format!(
        "POST /api/Tickets HTTP/1.1\r\nHost: fake\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
    );
    // Far more than the limit and the socket buffers together: reaching it means the fake
    // went on reading.
    const GIVE_UP: usize = 1024 * 1024 * 1024;
    let writer = tokio::spawn(async move {
        write.write_all(head.as_bytes()).await?;
        write.write_all(b"1\r\n[\r\n").await?;
        let chunk = format!("2000\r\n{}\r\n", " ".repeat(0x2000));
        let mut sent = 0usize;
        while sent < GIVE_UP {
            write.write_all(chunk.as_bytes()).await?;
            sent += 0x2000;
        }
        Ok::<usize, std::io::Error>(sent)
    });
    let answer = response_head(&mut read).await;
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer:?}");
    // The writer stops when the fake closes the connection, long before GIVE_UP.
    let sent = writer.await.unwrap();
    assert!(
        sent.is_err(),
        "the fake read {sent:?} bytes of an endless body"
    );
    // A body that declares more than the limit is refused before it is sent.
    let mut socket = tokio::net::TcpStream::connect(fake.addr()).await.unwrap();
    let declared = format!(
        "POST /api/Tickets HTTP/1.1\r\nHost: fake\r\nAuthorization: Bearer {token}\r\n\
         Content-Length: 10737418240\r\n\r\n"
    );
    socket.write_all(declared.as_bytes()).await.unwrap();
    let (mut read, _write) = socket.into_split();
    let answer = response_head(&mut read).await;
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer:?}");
    // Up to the limit is read; past it by one byte is 413, naming the limit; nothing was
    // saved, and the fake still serves.
    let raw = Raw::of(&fake);
    let padded = |len: usize| {
        let mut body = String::from(r#"[{"summary": "x"}]"#);
        body.push_str(&" ".repeat(len - body.len()));
        body
    };
    let (status, _, answer) = raw.send("POST", "/api/Tickets", &padded(LIMIT + 1)).await;
    assert_eq!(status, 413);
    assert!(
        answer["Message"].as_str().unwrap().contains("65536 bytes"),
        "{answer}"
    );
    assert!(fake.records("Tickets").is_empty());
    let (status, _, _) = raw.send("POST", "/api/Tickets", &padded(LIMIT)).await;
    assert_eq!(status, 201);
    assert_eq!(fake.records("Tickets").len(), 1);
    let refused: Vec<u16> = fake.requests().iter().map(|r| r.status).collect();
    assert_eq!(refused, [413, 413, 413, 201]);
}

/// The `halopsa-fake` program, with its printed variables.
struct Program {
    child: std::process::Child,
    host: String,
}

impl Drop for Program {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn program(args: &[&str]) -> Program {
    use std::io::{BufRead, BufReader};
    let mut child = Command::new(env!("CARGO_BIN_EXE_halopsa-fake"))
        .args(args)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    // Everything it prints is read, to the end: a closed pipe would fail its next line.
    let (found, host) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(url) = line.strip_prefix("HALOPSA_HOST=") {
                let _ = found.send(url.to_owned());
            }
        }
    });
    let host = host.recv().expect("the program prints HALOPSA_HOST");
    Program { child, host }
}

/// Runs curl; answers its standard output.
fn curl(args: &[&str], stdin: Stdio) -> String {
    let out = Command::new("curl")
        .args(["--silent", "--show-error"])
        .args(args)
        .stdin(stdin)
        .output()
        .expect("curl runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn curl_against_the_program_tenant_and_body_limit() {
    let fake = program(&[
        "--port",
        "0",
        "--client-id",
        "id",
        "--client-secret",
        "secret",
        "--tenant",
        "acme",
        "--max-body",
        "65536",
    ]);
    let token_url = |tenant: &str| format!("{}/auth/token?tenant={tenant}", fake.host);
    let form = [
        "--data-urlencode",
        "grant_type=client_credentials",
        "--data-urlencode",
        "client_id=id",
        "--data-urlencode",
        "client_secret=secret",
    ];
    let ok = curl(
        &[&form[..], &[token_url("acme").as_str()]].concat(),
        Stdio::null(),
    );
    let token: Value = halopsa::serde_json::from_str(&ok).expect(&ok);
    let token = token["access_token"].as_str().expect(&ok).to_owned();
    let other = curl(
        &[&form[..], &["-w", "\n%{http_code}", &token_url("globex")]].concat(),
        Stdio::null(),
    );
    assert!(other.ends_with("\n400"), "{other}");
    assert!(other.contains("Unknown tenant 'globex'"), "{other}");
    // curl uploads its standard input, /dev/zero, chunked and without end; the program's
    // `--max-body 65536` refuses it once past 64 KiB.
    let zero = std::fs::File::open("/dev/zero").expect("/dev/zero");
    let auth = format!("Authorization: Bearer {token}");
    let status = curl(
        &[
            // A guard against a fake that never answers, not a measure.
            "--max-time",
            "60",
            "-o",
            "/dev/null",
            "-w",
            "%{http_code}",
            "-X",
            "POST",
            "-H",
            &auth,
            "-H",
            "Content-Type: application/json",
            "-T",
            "-",
            &format!("{}/api/Tickets", fake.host),
        ],
        Stdio::from(zero),
    );
    assert_eq!(status, "413");
    // The program still serves, and lower-case paths match.
    let list = curl(
        &["-H", &auth, &format!("{}/api/tickets?count=5", fake.host)],
        Stdio::null(),
    );
    assert_eq!(
        halopsa::serde_json::from_str::<Value>(&list).expect(&list)["record_count"],
        0
    );
}
