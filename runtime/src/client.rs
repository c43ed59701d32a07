//! [`Client`]: sends [`Request`]s to a Halo instance, with authentication, retries, the
//! optional request budget and tracing. The HTTP side (attempts, retries, deadline) is
//! [`crate::transport`]; tokens are [`crate::auth`].

use crate::auth::{Auth, Token};
use crate::config::{ClientBuilder, Settings};
use crate::request::{Body, Request};
use crate::retry::RetryPolicy;
use crate::transport::{Step, Target, Transport};
use crate::Error;
use bytes::Bytes;
use reqwest::header::{HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE};
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use std::sync::Arc;

/// A connection to one Halo instance's API. Cheap to clone: clones share the connection
/// pool, the token cache and the request budget.
///
/// Build one with [`Client::builder`] or [`Client::from_env`]. Every call:
/// - authenticates (a cached OAuth2 token, fetched once however many calls run at once
///   and refreshed before it expires, checked again before every retry; after a `401`
///   the token is refreshed and the call sent once more);
/// - retries `429`, `502`, `503`, `504`, connection failures and timeouts with exponential
///   backoff and jitter, honouring `Retry-After`, for `GET`, `PUT`, `DELETE`, `HEAD` and
///   `OPTIONS`. A `POST` creates records in Halo and is only sent again when it certainly
///   did not reach the server (the connection failed), unless the call is made through
///   [`Client::with_post_retries`]. What waiting does not fix fails at once: a TLS
///   failure ([`Error::Tls`]), a host name that does not exist, an answer that is not
///   HTTP, a response over [`ClientBuilder::max_response_bytes`];
/// - ends by its deadline, [`ClientBuilder::max_retry_time`] after it started, whatever
///   is in flight;
/// - waits for the request budget when one is set ([`ClientBuilder::halo_rate_limit`]);
/// - is traced: a `halopsa.request` span per attempt with `method`, `path`, `attempt`,
///   `status` and `duration_ms` (never a token, a secret, the query or the body).
#[derive(Clone)]
pub struct Client {
    /// `Err` only for a client from [`Client::new`] whose settings could not be used.
    inner: Result<Arc<Inner>, Arc<Unusable>>,
    /// Whether `POST`s sent through this handle may be retried.
    retry_post: bool,
}

/// What clones of a client share.
struct Inner {
    api_url: String,
    auth: Auth,
    transport: Transport,
}

/// A client from [`Client::new`] that cannot send anything, and why.
struct Unusable {
    api_url: String,
    reason: String,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.inner {
            Ok(inner) => f
                .debug_struct("Client")
                .field("base_url", &inner.api_url)
                .field("auth", &inner.auth)
                .field("transport", &inner.transport)
                .field("retry_post", &self.retry_post)
                .finish(),
            Err(unusable) => f
                .debug_struct("Client")
                .field("base_url", &unusable.api_url)
                .field("unusable", &unusable.reason)
                .finish(),
        }
    }
}

impl ClientBuilder {
    /// Checks the settings and builds the client.
    ///
    /// Fails with [`Error::Config`] for a missing or bad setting, a setting that cannot
    /// apply (a connect timeout for a `reqwest::Client` of your own), and an HTTP client
    /// that cannot be made (TLS setup). It never panics.
    pub fn build(self) -> Result<Client, Error> {
        let Settings {
            api_url,
            auth,
            transport,
        } = self.settings()?;
        Ok(Client {
            inner: Ok(Arc::new(Inner {
                api_url,
                auth,
                transport,
            })),
            retry_post: false,
        })
    }
}

impl Client {
    /// A client for the API at `base_url` (`https://tenant.halopsa.com/api`) that sends
    /// `token` as a static bearer token, with the default timeouts and retries. Use
    /// [`Client::builder`] for OAuth2 client credentials and other settings.
    ///
    /// This never panics. When the settings cannot be used (`base_url` is not an http(s)
    /// URL, `token` is empty or cannot be sent in a header, the HTTP client cannot be made),
    /// every call of the client fails with [`Error::Config`] saying why;
    /// `Client::builder().api_url(…).bearer_token(…).build()` reports it at once instead.
    pub fn new(base_url: impl Into<String>, token: impl Into<String>) -> Self {
        let base_url = base_url.into();
        match Self::builder()
            .api_url(base_url.clone())
            .bearer_token(token)
            .build()
        {
            Ok(client) => client,
            Err(error) => Self {
                inner: Err(Arc::new(Unusable {
                    api_url: base_url.trim_end_matches('/').to_owned(),
                    reason: match error {
                        Error::Config(reason) => reason,
                        other => other.to_string(),
                    },
                })),
                retry_post: false,
            },
        }
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

    /// The API base URL.
    pub fn base_url(&self) -> &str {
        match &self.inner {
            Ok(inner) => &inner.api_url,
            Err(unusable) => &unusable.api_url,
        }
    }

    /// The token endpoint's base (`https://acme.halopsa.com/auth`), when authenticating
    /// with client credentials.
    pub fn auth_url(&self) -> Option<&str> {
        self.inner.as_ref().ok()?.auth.auth_url()
    }

    /// The retry policy.
    pub fn retry_policy(&self) -> &RetryPolicy {
        match &self.inner {
            Ok(inner) => inner.transport.retry(),
            Err(_) => &RetryPolicy::DEFAULT,
        }
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
            inner: self.inner.clone(),
            retry_post: true,
        }
    }

    /// Sends a request and decodes the JSON response as `T` (an empty body is `null`).
    pub async fn send<T: DeserializeOwned>(&self, request: Request) -> Result<T, Error> {
        let body = self.send_bytes(request).await?;
        crate::decode::decode_json(&body)
    }

    /// Sends a request and returns the response body, as received (no copy).
    pub async fn send_bytes(&self, request: Request) -> Result<Bytes, Error> {
        match &self.inner {
            Ok(inner) => inner.send(request, self.retry_post).await,
            Err(unusable) => Err(Error::Config(unusable.reason.clone())),
        }
    }
}

/// A request's body, ready to be sent any number of times.
enum Payload {
    Empty,
    /// Shared by every attempt, not copied.
    Json(Bytes),
    /// Encoded once, shared by every attempt.
    Multipart(crate::form_data::FormData),
}

impl Inner {
    /// One call: attempts until a success, a final error, or the retry policy or the
    /// deadline stops it.
    async fn send(&self, request: Request, retry_post: bool) -> Result<Bytes, Error> {
        let Request {
            method,
            path,
            query,
            body,
            retry_post: request_retry_post,
        } = request;
        let may_resend = crate::retry::is_idempotent(&method) || request_retry_post || retry_post;
        let url = format!("{}{}", self.api_url, path);
        let payload = match body {
            Body::Empty => Payload::Empty,
            Body::Json(bytes) => Payload::Json(Bytes::from(bytes)),
            Body::Multipart(fields) => Payload::Multipart(crate::form_data::encode(&fields)),
        };
        let deadline = self.transport.deadline();
        let mut call = self
            .transport
            .call(Target::Api, &method, &path, may_resend, deadline);
        let mut refreshed = false;
        loop {
            // Before every attempt, so one that follows a wait does not send a token that
            // expired meanwhile.
            let token = self.auth.token(&self.transport, deadline).await?;
            let attempt = self.attempt(&method, &url, &query, &payload, &token);
            match call.send(attempt).await {
                Step::Done(body) => return Ok(body),
                Step::Again => {}
                Step::Failed(Error::Api {
                    status: StatusCode::UNAUTHORIZED,
                    message,
                    body,
                    ..
                }) => {
                    // One refresh and one more try; a second 401 is final.
                    if !refreshed && self.auth.invalidate(&token) {
                        refreshed = true;
                        tracing::debug!(
                            method = %method,
                            path = %path,
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
                Step::Failed(other) => return Err(other),
            }
        }
    }

    /// The request of one attempt.
    fn attempt(
        &self,
        method: &Method,
        url: &str,
        query: &[(&'static str, String)],
        payload: &Payload,
        token: &Token,
    ) -> reqwest::RequestBuilder {
        let mut builder = self
            .transport
            .http()
            .request(method.clone(), url)
            .header(AUTHORIZATION, token.header().clone())
            .header(ACCEPT, HeaderValue::from_static("application/json"));
        if !query.is_empty() {
            builder = builder.query(query);
        }
        match payload {
            Payload::Empty => builder,
            Payload::Json(bytes) => builder
                .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
                .body(bytes.clone()),
            Payload::Multipart(form) => builder
                .header(CONTENT_TYPE, form.content_type.clone())
                .body(form.body.clone()),
        }
    }
}

/// Generated code shares clients between tasks: keep `Client` cheap to clone and thread-safe.
const _: fn() = || {
    fn assert_shareable<T: Clone + Send + Sync + 'static>() {}
    assert_shareable::<Client>();
};
