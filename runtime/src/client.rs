//! [`Client`]: sends [`Request`]s to a Halo instance, with authentication, retries, the
//! optional request budget and tracing.

use crate::auth::{Auth, Secret};
use crate::budget::{Budget, RateLimit};
use crate::config::{ClientBuilder, DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT, USER_AGENT};
use crate::error::{error_message, is_retryable_status};
use crate::request::{Body, Request};
use crate::retry::{retry_after, RetryPolicy};
use crate::Error;
use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, CONTENT_TYPE};
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tracing::field::Empty;
use tracing::Instrument;

/// A connection to one Halo instance's API. Cheap to clone: clones share the connection
/// pool, the token cache and the request budget.
///
/// Build one with [`Client::builder`] or [`Client::from_env`]. Every call:
/// - authenticates (a cached OAuth2 token, fetched once however many calls run at once
///   and refreshed before it expires; after a `401` the token is refreshed and the call
///   sent once more);
/// - retries `429`, `502`, `503`, `504`, connection failures and timeouts with exponential
///   backoff and jitter, honouring `Retry-After`, for `GET`, `PUT`, `DELETE`, `HEAD` and
///   `OPTIONS`. A `POST` creates records in Halo and is only sent again when it certainly
///   did not reach the server (the connection failed), unless the call is made through
///   [`Client::with_post_retries`];
/// - waits for the request budget when one is set ([`ClientBuilder::halo_rate_limit`]);
/// - is traced: a `halopsa.request` span per attempt with `method`, `path`, `attempt`,
///   `status` and `duration_ms` (never a token, a secret, the query or the body).
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
    /// Whether `POST`s sent through this handle may be retried.
    retry_post: bool,
}

/// What clones of a client share.
pub(crate) struct Inner {
    pub(crate) http: reqwest::Client,
    pub(crate) api_url: String,
    pub(crate) auth: Auth,
    pub(crate) retry: RetryPolicy,
    pub(crate) timeout: Duration,
    pub(crate) budget: Option<Budget>,
    pub(crate) rate_limit: Option<RateLimit>,
    pub(crate) user_agent: HeaderValue,
}

/// Which server a request goes to, for the budget and for tracing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    /// The API (`{api_url}/…`): counts against the budget.
    Api,
    /// The token endpoint (`{auth_url}/token`).
    Token,
}

impl Target {
    fn as_str(self) -> &'static str {
        match self {
            Target::Api => "api",
            Target::Token => "token",
        }
    }
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.api_url)
            .field("auth", &self.inner.auth)
            .field("retry", &self.inner.retry)
            .field("timeout", &self.inner.timeout)
            .field("rate_limit", &self.inner.rate_limit)
            .field("retry_post", &self.retry_post)
            .finish()
    }
}

impl Client {
    /// A client for the API at `base_url` (`https://tenant.halopsa.com/api`) that sends
    /// `token` as a static bearer token, with the default timeouts and retries. Use
    /// [`Client::builder`] for OAuth2 client credentials and other settings.
    pub fn new(base_url: impl Into<String>, token: impl Into<String>) -> Self {
        let http = reqwest::Client::builder()
            .connect_timeout(DEFAULT_CONNECT_TIMEOUT)
            .build()
            .unwrap_or_default();
        Self::from_inner(Arc::new(Inner {
            http,
            api_url: base_url.into().trim_end_matches('/').to_owned(),
            auth: Auth::Bearer(Secret::new(token)),
            retry: RetryPolicy::default(),
            timeout: DEFAULT_TIMEOUT,
            budget: None,
            rate_limit: None,
            user_agent: HeaderValue::from_static(USER_AGENT),
        }))
    }

    /// A builder for a client: instance, credentials, timeouts, retries, budget.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }

    /// A client configured from environment variables; see [`ClientBuilder::from_env`] for
    /// their names.
    pub fn from_env() -> Result<Self, Error> {
        ClientBuilder::from_env().build()
    }

    pub(crate) fn from_inner(inner: Arc<Inner>) -> Self {
        Self {
            inner,
            retry_post: false,
        }
    }

    /// The API base URL.
    pub fn base_url(&self) -> &str {
        &self.inner.api_url
    }

    /// The token endpoint's base (`https://acme.halopsa.com/auth`), when authenticating
    /// with client credentials.
    pub fn auth_url(&self) -> Option<&str> {
        match &self.inner.auth {
            Auth::ClientCredentials(oauth) => oauth.token_url.strip_suffix("/token"),
            Auth::Bearer(_) => None,
        }
    }

    /// The retry policy.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }

    /// A handle to the same client (same pool, token and budget) whose `POST`s are retried
    /// like `GET`s. Use it for a call that is safe to repeat, or when a duplicate record is
    /// better than a missing one:
    ///
    /// ```no_run
    /// # async fn f(client: &halopsa_runtime::Client, req: halopsa_runtime::Request) -> Result<(), halopsa_runtime::Error> {
    /// let created: serde_json::Value = client.with_post_retries().send(req).await?;
    /// # Ok(()) }
    /// ```
    pub fn with_post_retries(&self) -> Self {
        Self {
            inner: Arc::clone(&self.inner),
            retry_post: true,
        }
    }

    /// Sends a request and decodes the JSON response as `T` (an empty body is `null`).
    pub async fn send<T: DeserializeOwned>(&self, request: Request) -> Result<T, Error> {
        let body = self.send_bytes(request).await?;
        crate::decode::decode_json(&body)
    }

    /// Sends a request and returns the response body.
    pub async fn send_bytes(&self, request: Request) -> Result<Vec<u8>, Error> {
        let may_resend = is_idempotent(&request.method) || request.retry_post || self.retry_post;
        let inner = &self.inner;
        let mut refreshed = false;
        loop {
            let token = inner.auth.token(inner).await?;
            let result = inner
                .execute(
                    Target::Api,
                    &request.method,
                    &request.path,
                    may_resend,
                    || inner.api_request(&request, &token),
                )
                .await;
            match result {
                Ok(body) => return Ok(body),
                Err(Error::Api {
                    status: StatusCode::UNAUTHORIZED,
                    message,
                    body,
                    ..
                }) => {
                    // One refresh and one more try; a second 401 is final.
                    if !refreshed && inner.auth.invalidate(&token).await {
                        refreshed = true;
                        tracing::debug!(
                            method = %request.method,
                            path = %request.path,
                            "401: refreshing the token and trying once more"
                        );
                        continue;
                    }
                    return Err(Error::Auth {
                        status: Some(StatusCode::UNAUTHORIZED),
                        message: message
                            .unwrap_or_else(|| "the API refused the access token".to_owned()),
                        body,
                    });
                }
                Err(other) => return Err(other),
            }
        }
    }
}

/// Methods that may be sent twice without doing anything twice.
fn is_idempotent(method: &Method) -> bool {
    [
        Method::GET,
        Method::HEAD,
        Method::OPTIONS,
        Method::PUT,
        Method::DELETE,
    ]
    .contains(method)
}

impl Inner {
    /// One attempt of an API request.
    fn api_request(&self, request: &Request, token: &Secret) -> reqwest::RequestBuilder {
        let url = format!("{}{}", self.api_url, request.path);
        let mut builder = self
            .http
            .request(request.method.clone(), url)
            .bearer_auth(token.expose())
            .header(ACCEPT, "application/json");
        if !request.query.is_empty() {
            builder = builder.query(&request.query);
        }
        match &request.body {
            Body::Empty => builder,
            Body::Json(bytes) => builder
                .header(CONTENT_TYPE, "application/json")
                .body(bytes.clone()),
            Body::Multipart(fields) => {
                let form = fields
                    .iter()
                    .fold(reqwest::multipart::Form::new(), |form, (k, v)| {
                        form.text(k.clone(), v.clone())
                    });
                builder.multipart(form)
            }
        }
    }

    /// Sends the request `build` makes, retrying as the policy says, and returns the body
    /// of a success or the last error. `may_resend` says whether the request may reach the
    /// server twice; when it is false, only connection failures (the request was never
    /// sent) are retried.
    pub(crate) async fn execute<F>(
        &self,
        target: Target,
        method: &Method,
        path: &str,
        may_resend: bool,
        build: F,
    ) -> Result<Vec<u8>, Error>
    where
        F: Fn() -> reqwest::RequestBuilder,
    {
        let policy = &self.retry;
        let started = Instant::now();
        let mut attempt: u32 = 0;
        loop {
            attempt += 1;
            if target == Target::Api {
                if let Some(budget) = &self.budget {
                    budget.acquire().await;
                }
            }
            let span = tracing::debug_span!(
                "halopsa.request",
                server = target.as_str(),
                method = %method,
                path = %path,
                attempt,
                status = Empty,
                duration_ms = Empty,
                error = Empty,
            );
            let sent = Instant::now();
            let result = self.attempt(build()).instrument(span.clone()).await;
            let duration_ms = u64::try_from(sent.elapsed().as_millis()).unwrap_or(u64::MAX);
            span.record("duration_ms", duration_ms);
            let (error, wait_at_least, retryable) = match result {
                Ok((status, _, body)) if status.is_success() => {
                    span.record("status", status.as_u16());
                    span.in_scope(|| {
                        tracing::debug!(status = status.as_u16(), duration_ms, "response")
                    });
                    return Ok(body);
                }
                Ok((status, headers, body)) => {
                    span.record("status", status.as_u16());
                    span.in_scope(|| {
                        tracing::debug!(status = status.as_u16(), duration_ms, "error response")
                    });
                    let wait = retry_after(&headers);
                    let body = String::from_utf8_lossy(&body).into_owned();
                    let error = Error::Api {
                        status,
                        message: error_message(&body),
                        body,
                        retry_after: wait,
                    };
                    (error, wait, may_resend && is_retryable_status(status))
                }
                Err(error) => {
                    let kind = transport_kind(&error);
                    span.record("error", kind);
                    span.in_scope(|| tracing::debug!(error = kind, duration_ms, "transport error"));
                    let retryable = error.is_connect()
                        || (may_resend
                            && (error.is_timeout() || error.is_request() || error.is_body()));
                    (Error::Transport(error), None, retryable)
                }
            };
            drop(span);
            if !retryable || attempt >= policy.max_attempts {
                return Err(error);
            }
            let delay = policy.delay(attempt, wait_at_least);
            if started.elapsed() + delay > policy.max_elapsed {
                tracing::debug!(
                    server = target.as_str(),
                    method = %method,
                    path = %path,
                    attempt,
                    delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
                    "giving up: the next retry would pass the time limit"
                );
                return Err(error);
            }
            tracing::warn!(
                server = target.as_str(),
                method = %method,
                path = %path,
                attempt,
                status = error.status().map(|s| s.as_u16()),
                error = retry_reason(&error),
                delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
                "retrying"
            );
            tokio::time::sleep(delay).await;
        }
    }

    /// Sends one attempt and reads the whole response.
    async fn attempt(
        &self,
        builder: reqwest::RequestBuilder,
    ) -> Result<(StatusCode, HeaderMap, Vec<u8>), reqwest::Error> {
        let response = builder
            .header(reqwest::header::USER_AGENT, self.user_agent.clone())
            .timeout(self.timeout)
            .send()
            .await?;
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.bytes().await?;
        Ok((status, headers, body.to_vec()))
    }
}

/// A short name for a transport failure.
fn transport_kind(error: &reqwest::Error) -> &'static str {
    if error.is_timeout() {
        "timeout"
    } else if error.is_connect() {
        "connect"
    } else if error.is_body() || error.is_decode() {
        "body"
    } else if error.is_request() {
        "request"
    } else {
        "other"
    }
}

/// Why a retry happens, for the log (no body: it may be large).
fn retry_reason(error: &Error) -> &'static str {
    match error {
        Error::Transport(e) => transport_kind(e),
        Error::Api { status, .. } if *status == StatusCode::TOO_MANY_REQUESTS => "rate limited",
        Error::Api { .. } => "server unavailable",
        _ => "other",
    }
}

/// Generated code shares clients between tasks: keep `Client` cheap to clone and thread-safe.
const _: fn() = || {
    fn assert_shareable<T: Clone + Send + Sync + 'static>() {}
    assert_shareable::<Client>();
};
