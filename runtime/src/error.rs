//! [`Error`]: everything a call can fail with.

use reqwest::StatusCode;
use std::time::Duration;

/// How many characters of a body an error message shows (the full body stays in the error).
const DISPLAY_BODY_CHARS: usize = 200;

/// An error from an API call.
///
/// The variants tell apart a failure to talk to the server at all ([`Error::Transport`]),
/// an answer that is an error ([`Error::Api`]), a refused authentication ([`Error::Auth`]),
/// and a success whose body is not what was expected ([`Error::Decode`]).
/// [`Error::status`] and [`Error::is_retryable`] work across variants.
///
/// No variant ever holds the client secret or a token.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The request could not be sent or the response not read: connection refused, DNS,
    /// TLS, timeout. See [`Error::is_connect`] and [`Error::is_timeout`].
    #[error("transport error: {}", transport_message(.0))]
    Transport(#[from] reqwest::Error),
    /// The server answered with a status that is not a success (other than a `401` that
    /// authentication could not fix, which is [`Error::Auth`]).
    #[error("HTTP {status}: {}", describe(.message.as_deref(), .body))]
    Api {
        /// The HTTP status.
        status: StatusCode,
        /// Halo's `Message` when the body is a JSON error object.
        message: Option<String>,
        /// The raw body (JSON, an HTML page from a proxy, or empty).
        body: String,
        /// The delay the server asked for in `Retry-After`, if it sent one.
        retry_after: Option<Duration>,
    },
    /// Authentication failed: the token endpoint refused the credentials (`invalid_client`),
    /// answered something that is not a token, or the API still answered `401` after a
    /// fresh token.
    #[error("authentication failed{}: {}", .status.map(|s| format!(" (HTTP {s})")).unwrap_or_default(), describe(Some(.message.as_str()), .body))]
    Auth {
        /// The HTTP status, when the failure is an HTTP answer.
        status: Option<StatusCode>,
        /// What went wrong (the server's `error_description`, `error` or `Message` when it
        /// sent one).
        message: String,
        /// The raw body of the answer, if any (never a token: a token response that fails
        /// to decode is not kept).
        body: String,
    },
    /// A success response whose body is not what the spec documents.
    #[error("cannot decode the response{} at `{path}`: {source}; body near the error: {snippet}", .operation.map(|op| format!(" of `{op}`")).unwrap_or_default())]
    Decode {
        /// The operation whose response it is (`getMailbox`), when known.
        operation: Option<&'static str>,
        /// Where in the JSON the error is (`tickets[3].id`).
        path: String,
        /// The JSON error.
        source: serde_json::Error,
        /// Up to 80 characters of the body either side of the error.
        snippet: String,
    },
    /// A request body could not be encoded as JSON.
    #[error("cannot encode the request body: {0}")]
    Encode(serde_json::Error),
    /// The client configuration is invalid (no credentials, a bad URL, a bad setting).
    #[error("invalid configuration: {0}")]
    Config(String),
}

/// The statuses worth sending a request again for: rate limited or a gateway in trouble.
pub(crate) fn is_retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 429 | 502 | 503 | 504)
}

impl Error {
    /// The HTTP status, when the error is an HTTP answer.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api { status, .. } => Some(*status),
            Error::Auth { status, .. } => *status,
            Error::Transport(e) => e.status(),
            _ => None,
        }
    }

    /// Whether sending the same request again later may succeed: `429`, `502`, `503`,
    /// `504`, a connection failure or a timeout. (The client already retries these for
    /// `GET` and `DELETE`; for a `POST` it only does when asked to, see
    /// [`crate::Client::with_post_retries`].)
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Transport(e) => {
                e.is_connect() || e.is_timeout() || e.is_request() || e.is_body()
            }
            Error::Api { status, .. } => is_retryable_status(*status),
            Error::Auth {
                status: Some(status),
                ..
            } => is_retryable_status(*status),
            _ => false,
        }
    }

    /// Whether the request or the response timed out.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Transport(e) if e.is_timeout())
    }

    /// Whether no connection to the server could be made (the request was not sent).
    pub fn is_connect(&self) -> bool {
        matches!(self, Error::Transport(e) if e.is_connect())
    }

    /// Whether this is an authentication failure.
    pub fn is_auth(&self) -> bool {
        matches!(self, Error::Auth { .. })
    }

    /// The server's message: Halo's `Message` for API errors, the reason for
    /// authentication failures.
    pub fn message(&self) -> Option<&str> {
        match self {
            Error::Api { message, .. } => message.as_deref(),
            Error::Auth { message, .. } => Some(message),
            _ => None,
        }
    }

    /// The raw response body of an API or authentication error.
    pub fn body(&self) -> Option<&str> {
        match self {
            Error::Api { body, .. } | Error::Auth { body, .. } => Some(body),
            _ => None,
        }
    }

    /// The delay the server asked for with `Retry-After`, for API errors.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::Api { retry_after, .. } => *retry_after,
            _ => None,
        }
    }
}

/// The message of a JSON error body: Halo's `Message`, or OAuth's `error_description` or
/// `error`.
pub(crate) fn error_message(body: &str) -> Option<String> {
    let value = serde_json::from_str::<serde_json::Value>(body).ok()?;
    ["Message", "message", "error_description", "error"]
        .iter()
        .find_map(|key| value.get(key).and_then(|m| m.as_str()))
        .filter(|m| !m.is_empty())
        .map(str::to_owned)
}

/// The message, else the start of the body, else a note that the body was empty.
fn describe(message: Option<&str>, body: &str) -> String {
    if let Some(message) = message {
        return message.to_owned();
    }
    let body = body.trim();
    if body.is_empty() {
        return "(empty body)".to_owned();
    }
    let mut shown: String = body
        .chars()
        .take(DISPLAY_BODY_CHARS)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if body.chars().nth(DISPLAY_BODY_CHARS).is_some() {
        shown.push('…');
    }
    shown
}

/// A transport error and its causes, which reqwest keeps in its source chain.
fn transport_message(error: &reqwest::Error) -> String {
    let kind = if error.is_timeout() {
        "timed out: "
    } else if error.is_connect() {
        "cannot connect: "
    } else {
        ""
    };
    let mut text = format!("{kind}{error}");
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
