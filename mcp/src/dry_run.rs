//! Dry runs: the request a write would send (method, full URL with its query, body), as a
//! tool's answer, sent nowhere. The credentials are never in it: the `Authorization`
//! header is shown as `Bearer <redacted>`.

use serde_json::{json, Map, Value};

/// The answer of a dry run of `request` on `client`'s instance.
pub fn describe(client: &halopsa::Client, request: &halopsa::Request) -> Map<String, Value> {
    let mut url = format!("{}{}", client.base_url(), request.path);
    if !request.query.is_empty() {
        let query: Vec<String> = request
            .query
            .iter()
            .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
            .collect();
        url.push('?');
        url.push_str(&query.join("&"));
    }
    let mut shown = Map::new();
    shown.insert("method".into(), json!(request.method.as_str()));
    shown.insert("url".into(), json!(url));
    let mut headers = Map::new();
    headers.insert("Authorization".into(), json!("Bearer <redacted>"));
    headers.insert("Accept".into(), json!("application/json"));
    match &request.body {
        halopsa::Body::Empty => {}
        halopsa::Body::Json(bytes) => {
            headers.insert("Content-Type".into(), json!("application/json"));
            let body = serde_json::from_slice::<Value>(bytes)
                .unwrap_or_else(|_| json!(String::from_utf8_lossy(bytes)));
            shown.insert("body".into(), body);
        }
        halopsa::Body::Multipart(fields) => {
            headers.insert("Content-Type".into(), json!("multipart/form-data"));
            let form: Map<String, Value> =
                fields.iter().map(|(k, v)| (k.clone(), json!(v))).collect();
            shown.insert("body".into(), Value::Object(form));
        }
    }
    shown.insert("headers".into(), Value::Object(headers));
    let mut out = Map::new();
    out.insert("request".into(), Value::Object(shown));
    out.insert(
        "note".into(),
        json!("Dry run: nothing was sent to Halo. Call again without `dry_run` to send it."),
    );
    out
}

/// Percent-encodes a query name or value (`application/x-www-form-urlencoded`, as the
/// client sends it).
fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'*' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_the_request_without_credentials() {
        let client = halopsa::Client::new("https://acme.halopsa.com/api", "secret-token-123");
        let mut request = halopsa::Request::new(halopsa::Method::POST, "/Tickets")
            .json(&json!([{"summary": "Printer on fire"}]))
            .unwrap();
        request.push_query("reason", "a b&c");
        let shown = describe(&client, &request);
        assert_eq!(
            shown["request"]["url"],
            "https://acme.halopsa.com/api/Tickets?reason=a+b%26c"
        );
        assert_eq!(shown["request"]["method"], "POST");
        assert_eq!(shown["request"]["body"][0]["summary"], "Printer on fire");
        let text = Value::Object(shown).to_string();
        assert!(!text.contains("secret-token-123"), "{text}");
        assert!(text.contains("<redacted>"));
    }
}
