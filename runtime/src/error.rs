//! [`Error`]: everything a call can fail with.

use reqwest::StatusCode;

/// An error from an API call.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The request could not be sent or the response not read (connect, timeout, TLS).
    #[error("transport error: {0}")]
    Transport(#[from] reqwest::Error),
    /// The server answered with a status that is not a success.
    #[error("HTTP {status}: {}", .message.as_deref().unwrap_or(.body.as_str()))]
    Api {
        /// The HTTP status.
        status: StatusCode,
        /// Halo's `Message` when the body is a JSON error object.
        message: Option<String>,
        /// The raw body (JSON, an HTML page from a proxy, or empty).
        body: String,
    },
    /// A success response whose body is not what the spec documents.
    #[error("cannot decode the response at `{path}`: {source}; body starts: {snippet}")]
    Decode {
        /// Where in the JSON the error is (`tickets[3].id`).
        path: String,
        /// The JSON error.
        source: serde_json::Error,
        /// The start of the body, for context.
        snippet: String,
    },
    /// A request body could not be encoded as JSON.
    #[error("cannot encode the request body: {0}")]
    Encode(serde_json::Error),
    /// The client configuration is invalid (bad base URL).
    #[error("invalid configuration: {0}")]
    Config(String),
}

impl Error {
    /// The HTTP status, for API errors.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api { status, .. } => Some(*status),
            Error::Transport(e) => e.status(),
            _ => None,
        }
    }

    /// Builds an API error from a status and body, reading Halo's `Message` if present.
    pub fn api(status: StatusCode, body: String) -> Self {
        let message = serde_json::from_str::<serde_json::Value>(&body)
            .ok()
            .and_then(|v| {
                v.get("Message")
                    .or_else(|| v.get("message"))
                    .and_then(|m| m.as_str().map(str::to_owned))
            });
        Error::Api {
            status,
            message,
            body,
        }
    }
}
