//! The request log: every request the fake received, in order.

use serde_json::Value;

/// One request as the fake received it, and what it answered.
#[derive(Debug, Clone, PartialEq)]
pub struct LoggedRequest {
    /// `GET`, `POST`, …
    pub method: String,
    /// The path as sent (percent-encoded), from `/`: `/api/Tickets/5`, `/auth/token`.
    pub path: String,
    /// The query string as sent, without `?` (empty when none).
    pub query: String,
    /// The body (bytes that are not UTF-8 become U+FFFD).
    pub body: String,
    /// The bearer token sent in `Authorization`, if any.
    pub token: Option<String>,
    /// The operation the path matched (`listTickets`), `token` for the token endpoint, or
    /// `None` for a path that matched nothing.
    pub operation_id: Option<&'static str>,
    /// The status the fake answered.
    pub status: u16,
}

impl LoggedRequest {
    /// The query parameters, decoded, in the order sent.
    pub fn query_pairs(&self) -> Vec<(String, String)> {
        form_urlencoded::parse(self.query.as_bytes())
            .into_owned()
            .collect()
    }

    /// The value of one query parameter (the last, if sent several times).
    pub fn query_param(&self, name: &str) -> Option<String> {
        self.query_pairs()
            .into_iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v)
    }

    /// The body as JSON, when it is JSON.
    pub fn json(&self) -> Option<Value> {
        serde_json::from_str(&self.body).ok()
    }
}
