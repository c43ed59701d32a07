//! [`Error`]: everything a call can fail with.

use crate::network::{is_not_http, is_unknown_host, TlsProblem};
use reqwest::StatusCode;
use std::fmt;
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
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The request could not be sent or the response not read: connection refused or
    /// reset, a host name that does not resolve, a proxy that failed, or a timeout of a
    /// `reqwest::Client` of your own. See [`Error::is_connect`] and [`Error::is_timeout`].
    /// A TLS failure is [`Error::Tls`].
    Transport(reqwest::Error),
    /// No TLS connection could be made: the server's certificate is not trusted (see
    /// [`TlsProblem`]), or the handshake failed. Never retried: waiting does not fix it.
    /// The message says what to fix (add the CA with `HALOPSA_CA_FILE` or
    /// [`ClientBuilder::add_ca_file`](crate::ClientBuilder::add_ca_file), check the URL).
    Tls {
        /// What went wrong.
        problem: TlsProblem,
        /// The TLS library's own words.
        detail: String,
        /// The error as reqwest reports it.
        source: reqwest::Error,
    },
    /// The response body is longer than the client's limit
    /// ([`ClientBuilder::max_response_bytes`](crate::ClientBuilder::max_response_bytes),
    /// 256 MiB by default). Found from the `Content-Length` before anything is read, or
    /// while reading, the moment the limit is passed; the rest is never read. Not retried.
    ResponseTooLarge {
        /// The limit, in bytes.
        limit: u64,
        /// The `Content-Length` the server declared, if any.
        content_length: Option<u64>,
    },
    /// A time limit ran out before the answer was complete: one attempt took longer than
    /// the client's `timeout`, or the call as a whole reached its `max_retry_time` (while
    /// an attempt was in flight, or while it waited for the request budget or a token).
    Timeout {
        /// Which limit ran out.
        limit: TimeLimit,
        /// That limit's length.
        after: Duration,
    },
    /// The server answered with a status that is not a success (other than a `401` that
    /// authentication could not fix, which is [`Error::Auth`]).
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
    Encode(serde_json::Error),
    /// The client configuration is invalid (no credentials, a bad URL, a bad setting).
    Config(String),
}

// `Display`, `Error` and `From` are written out rather than derived with `thiserror`: a
// user's first build then compiles no proc macro for our errors (docs/speed.md).
impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Transport(e) => write!(f, "transport error: {}", transport_message(e)),
            Error::Tls {
                problem,
                detail,
                source,
            } => f.write_str(&tls_message(*problem, detail, source)),
            Error::ResponseTooLarge {
                limit,
                content_length,
            } => {
                write!(
                    f,
                    "the response body is larger than the limit of {limit} bytes"
                )?;
                if let Some(length) = content_length {
                    write!(f, " (Content-Length: {length})")?;
                }
                f.write_str(
                    ": raise it with max_response_bytes (HALOPSA_MAX_RESPONSE_BYTES) if this \
                     answer is expected",
                )
            }
            Error::Timeout { limit, after } => {
                write!(f, "timed out: {}", timeout_message(*limit, *after))
            }
            Error::Api {
                status,
                message,
                body,
                ..
            } => write!(f, "HTTP {status}: {}", describe(message.as_deref(), body)),
            Error::Auth {
                status,
                message,
                body,
            } => {
                f.write_str("authentication failed")?;
                if let Some(status) = status {
                    write!(f, " (HTTP {status})")?;
                }
                write!(f, ": {}", describe(Some(message), body))
            }
            Error::Decode {
                operation,
                path,
                source,
                snippet,
            } => {
                f.write_str("cannot decode the response")?;
                if let Some(op) = operation {
                    write!(f, " of `{op}`")?;
                }
                write!(f, " at `{path}`: {source}; body near the error: {snippet}")
            }
            Error::Encode(e) => write!(f, "cannot encode the request body: {e}"),
            Error::Config(message) => write!(f, "invalid configuration: {message}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(e) | Error::Tls { source: e, .. } => Some(e),
            Error::Decode { source, .. } => Some(source),
            _ => None,
        }
    }
}

impl From<reqwest::Error> for Error {
    fn from(error: reqwest::Error) -> Self {
        Error::Transport(error)
    }
}

/// The time limits of a call, for [`Error::Timeout`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TimeLimit {
    /// One attempt's limit, [`ClientBuilder::timeout`](crate::ClientBuilder::timeout):
    /// from sending the request to the end of the response body. Such an attempt is
    /// retried when the request may be sent again.
    Attempt,
    /// The whole call's limit, [`ClientBuilder::max_retry_time`](crate::ClientBuilder::max_retry_time)
    /// ([`RetryPolicy::max_elapsed`](crate::RetryPolicy::max_elapsed)): every attempt,
    /// every wait between them, the request budget and the token included.
    Call,
}

fn timeout_message(limit: TimeLimit, after: Duration) -> String {
    match limit {
        TimeLimit::Attempt => format!("no complete answer within the attempt timeout of {after:?}"),
        TimeLimit::Call => format!("the call did not finish within its time limit of {after:?}"),
    }
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
    /// `504`, a connection failure or a timeout; not a TLS failure, a host name that does
    /// not exist or a response over the size limit. (The client already retries these for
    /// `GET` and `DELETE`; for a `POST` it only does when asked to, see
    /// [`crate::Client::with_post_retries`].)
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Transport(e) => {
                (e.is_connect() || e.is_timeout() || e.is_request() || e.is_body())
                    && !is_unknown_host(e)
                    && !is_not_http(e)
            }
            Error::Timeout { .. } => true,
            Error::Api { status, .. } => is_retryable_status(*status),
            Error::Auth {
                status: Some(status),
                ..
            } => is_retryable_status(*status),
            _ => false,
        }
    }

    /// Whether a time limit ran out: an attempt's timeout, the call's `max_retry_time`, or a
    /// timeout of a `reqwest::Client` of your own.
    pub fn is_timeout(&self) -> bool {
        match self {
            Error::Timeout { .. } => true,
            Error::Transport(e) => e.is_timeout(),
            _ => false,
        }
    }

    /// Whether no connection to the server could be made (the request was not sent); a
    /// TLS failure ([`Error::Tls`]) included.
    pub fn is_connect(&self) -> bool {
        match self {
            Error::Transport(e) => e.is_connect(),
            Error::Tls { .. } => true,
            _ => false,
        }
    }

    /// The TLS problem, when no TLS connection could be made.
    pub fn tls_problem(&self) -> Option<TlsProblem> {
        match self {
            Error::Tls { problem, .. } => Some(*problem),
            _ => None,
        }
    }

    /// A failure to get an answer, classified: a TLS failure becomes [`Error::Tls`], any
    /// other stays [`Error::Transport`].
    pub(crate) fn from_transport(error: reqwest::Error) -> Self {
        match crate::network::tls_problem(&error) {
            Some((problem, detail)) => Error::Tls {
                problem,
                detail,
                source: error,
            },
            None => Error::Transport(error),
        }
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

/// An error and its causes, which reqwest keeps in its source chain.
fn chain(error: &reqwest::Error) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// A transport error, its causes, and what to do about a host name that does not exist
/// or an answer that is not HTTP.
fn transport_message(error: &reqwest::Error) -> String {
    if is_unknown_host(error) {
        return format!(
            "the host name does not resolve ({}): check the host or tenant \
             (HALOPSA_HOST, HALOPSA_TENANT, HALOPSA_API_URL or the profile)",
            chain(error)
        );
    }
    if is_not_http(error) {
        return format!(
            "the server's answer is not HTTP ({}): check the URL's scheme and port \
             (https:// for a server with TLS)",
            chain(error)
        );
    }
    let kind = if error.is_timeout() {
        "timed out: "
    } else if error.is_connect() {
        "cannot connect: "
    } else {
        ""
    };
    format!("{kind}{}", chain(error))
}

/// A TLS failure, where, and what to fix.
fn tls_message(problem: TlsProblem, detail: &str, error: &reqwest::Error) -> String {
    let url = error.url().map(|u| u.as_str()).unwrap_or("the server");
    let detail = format!("{url}: {detail}");
    match problem {
        TlsProblem::Certificate => format!(
            "the server's certificate is not trusted ({detail}): if the instance uses a \
             certificate of your own CA, add that CA's PEM file with HALOPSA_CA_FILE (the \
             command line's profile: ca_file; the SDK: ClientBuilder::add_ca_file) or to \
             the system's trusted certificates (or SSL_CERT_FILE); else check the host \
             name and that the certificate has not expired"
        ),
        TlsProblem::Handshake => format!(
            "the TLS handshake failed ({detail}): check that the URL is the server's https:// \
             address and port (http:// for a server without TLS), and that no proxy in \
             between breaks TLS"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::error::Error as _;

    /// A real `reqwest::Error` (a URL that does not parse).
    fn reqwest_error() -> reqwest::Error {
        match reqwest::Client::new().get("http://[::1").build() {
            Err(e) => e,
            Ok(_) => panic!("the URL is invalid"),
        }
    }

    fn json_error() -> serde_json::Error {
        match serde_json::from_str::<u8>("x") {
            Err(e) => e,
            Ok(_) => panic!("not JSON"),
        }
    }

    /// The messages and sources, as `thiserror` wrote them before they were written out.
    #[test]
    fn every_variant_keeps_its_message_and_source() {
        let cases: Vec<(Error, String, bool)> = vec![
            (
                Error::ResponseTooLarge {
                    limit: 10,
                    content_length: Some(20),
                },
                "the response body is larger than the limit of 10 bytes (Content-Length: 20): \
                 raise it with max_response_bytes (HALOPSA_MAX_RESPONSE_BYTES) if this answer \
                 is expected"
                    .into(),
                false,
            ),
            (
                Error::ResponseTooLarge {
                    limit: 10,
                    content_length: None,
                },
                "the response body is larger than the limit of 10 bytes: raise it with \
                 max_response_bytes (HALOPSA_MAX_RESPONSE_BYTES) if this answer is expected"
                    .into(),
                false,
            ),
            (
                Error::Timeout {
                    limit: TimeLimit::Call,
                    after: Duration::from_secs(3),
                },
                "timed out: the call did not finish within its time limit of 3s".into(),
                false,
            ),
            (
                Error::Api {
                    status: StatusCode::NOT_FOUND,
                    message: Some("No such ticket".into()),
                    body: "{}".into(),
                    retry_after: None,
                },
                "HTTP 404 Not Found: No such ticket".into(),
                false,
            ),
            (
                Error::Auth {
                    status: Some(StatusCode::UNAUTHORIZED),
                    message: "invalid_client".into(),
                    body: String::new(),
                },
                "authentication failed (HTTP 401 Unauthorized): invalid_client".into(),
                false,
            ),
            (
                Error::Auth {
                    status: None,
                    message: "no token".into(),
                    body: String::new(),
                },
                "authentication failed: no token".into(),
                false,
            ),
            (
                Error::Decode {
                    operation: Some("getTicket"),
                    path: "id".into(),
                    source: json_error(),
                    snippet: "x".into(),
                },
                format!(
                    "cannot decode the response of `getTicket` at `id`: {}; body near the \
                     error: x",
                    json_error()
                ),
                true,
            ),
            (
                Error::Decode {
                    operation: None,
                    path: "id".into(),
                    source: json_error(),
                    snippet: "x".into(),
                },
                format!(
                    "cannot decode the response at `id`: {}; body near the error: x",
                    json_error()
                ),
                true,
            ),
            (
                Error::Encode(json_error()),
                format!("cannot encode the request body: {}", json_error()),
                false,
            ),
            (
                Error::Config("no client id".into()),
                "invalid configuration: no client id".into(),
                false,
            ),
            (
                Error::from(reqwest_error()),
                format!("transport error: {}", transport_message(&reqwest_error())),
                true,
            ),
            (
                Error::Tls {
                    problem: TlsProblem::Certificate,
                    detail: "unknown issuer".into(),
                    source: reqwest_error(),
                },
                tls_message(TlsProblem::Certificate, "unknown issuer", &reqwest_error()),
                true,
            ),
        ];
        for (error, message, has_source) in cases {
            assert_eq!(error.to_string(), message, "{error:?}");
            assert_eq!(error.source().is_some(), has_source, "{error:?}");
        }
    }

    #[test]
    fn a_date_time_error_quotes_the_text() {
        let e = crate::datetime::DateTimeParseError("soon".into());
        assert_eq!(e.to_string(), "not a Halo date-time: \"soon\"");
        assert!(e.source().is_none());
    }
}
