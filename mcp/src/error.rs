//! [`ToolError`]: why a tool call failed, as the assistant reads it (an MCP tool result with
//! `isError`): Halo's status and message, the wait Halo asked for, or which argument is
//! wrong. Built from the SDK's errors, which never hold a secret or a token.

use std::fmt;
use std::time::Duration;

/// A failed tool call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ToolError {
    /// The HTTP status Halo answered, when it answered.
    pub status: Option<u16>,
    /// What went wrong, for the assistant (and the person reading along).
    pub message: String,
    /// The wait Halo asked for (`Retry-After`), for a `429` or `503`.
    pub retry_after: Option<Duration>,
}

impl ToolError {
    /// An error that is not an answer of Halo's.
    pub fn new(message: impl Into<String>) -> Self {
        ToolError {
            status: None,
            message: message.into(),
            retry_after: None,
        }
    }

    /// Arguments that do not fit the tool's input schema.
    pub fn arguments(error: impl fmt::Display) -> Self {
        ToolError::new(format!(
            "invalid arguments: {error} (the tool's input schema says what it takes)"
        ))
    }
}

impl fmt::Display for ToolError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ToolError {}

impl From<halopsa::Error> for ToolError {
    fn from(error: halopsa::Error) -> Self {
        let status = error.status();
        let retry_after = error.retry_after();
        let message = match (&error, status) {
            (halopsa::Error::Api { .. }, Some(status)) => {
                let reason = status.canonical_reason().unwrap_or("");
                let said = error
                    .message()
                    .map(str::to_owned)
                    .unwrap_or_else(|| body_start(error.body().unwrap_or_default()));
                let mut text = format!("Halo answered HTTP {} {reason}: {said}", status.as_u16());
                match (status.as_u16(), retry_after) {
                    (429, Some(wait)) => text.push_str(&format!(
                        " Halo's rate limit: it asks to wait {} s before the next call (Retry-After); the server already retried as long as it may.",
                        wait.as_secs_f64().ceil()
                    )),
                    (429, None) => text.push_str(
                        " Halo's rate limit (about 300 calls per 5 minutes): wait a minute before the next call.",
                    ),
                    (404, _) => text.push_str(" Nothing has that id, or the path is wrong."),
                    (403, _) => text.push_str(
                        " The API application's permissions do not allow this call.",
                    ),
                    _ => {}
                }
                text
            }
            (halopsa::Error::Auth { .. }, _) => format!(
                "{error}. Check the API application's client id and secret (HALOPSA_CLIENT_ID, HALOPSA_CLIENT_SECRET) and its permissions."
            ),
            (halopsa::Error::Config(_), _) => format!(
                "{error}. The server's connection settings are the HALOPSA_* environment variables."
            ),
            _ => error.to_string(),
        };
        ToolError {
            status: status.map(|s| s.as_u16()),
            message,
            retry_after,
        }
    }
}

/// The start of a body that is not Halo's JSON error (an HTML page from a proxy), on one
/// line.
fn body_start(body: &str) -> String {
    let body = body.trim();
    if body.is_empty() {
        return "(no message)".to_owned();
    }
    let mut text: String = body
        .chars()
        .take(200)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if body.chars().count() > 200 {
        text.push('…');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use halopsa::StatusCode;

    fn api(status: u16, body: &str, message: Option<&str>, wait: Option<u64>) -> halopsa::Error {
        halopsa::Error::Api {
            status: StatusCode::from_u16(status).unwrap(),
            message: message.map(str::to_owned),
            body: body.to_owned(),
            retry_after: wait.map(Duration::from_secs),
        }
    }

    #[test]
    fn halo_errors_say_status_message_and_wait() {
        let e = ToolError::from(api(404, "{}", Some("Ticket 7 not found"), None));
        assert_eq!(e.status, Some(404));
        assert!(
            e.message
                .starts_with("Halo answered HTTP 404 Not Found: Ticket 7 not found"),
            "{e}"
        );
        let e = ToolError::from(api(429, "", None, Some(2)));
        assert_eq!(e.retry_after, Some(Duration::from_secs(2)));
        assert!(e.message.contains("wait 2 s"), "{e}");
        let e = ToolError::from(api(502, "<html>\n<b>Bad gateway</b></html>", None, None));
        assert!(
            e.message.ends_with("<html> <b>Bad gateway</b></html>"),
            "{e}"
        );
    }
}
