//! Sending requests over HTTP, for API calls ([`crate::client`]) and token requests
//! ([`crate::auth`]) alike: one attempt at a time within the call's deadline, retries with
//! backoff and `Retry-After`, the request budget, the `User-Agent` and a tracing span per
//! attempt.
//!
//! The caller drives a [`Call`]: it builds each attempt's request itself (so that an API
//! call can check its token before every attempt, after any wait), hands it to
//! [`Call::send`], and gets back a body, a final error, or word that the call waited and
//! the request should be sent again.

use crate::body::read_limited;
use crate::budget::{Budget, RateLimit};
use crate::error::{error_message, is_retryable_status, TimeLimit};
use crate::network::{is_not_http, is_unknown_host};
use crate::retry::{retry_after, RetryPolicy, MAX_RETRY_AFTER};
use crate::Error;
use bytes::Bytes;
use reqwest::header::{HeaderValue, USER_AGENT};
use reqwest::{Method, StatusCode};
use std::future::Future;
use std::time::Duration;
use tokio::time::Instant;
use tracing::field::Empty;
use tracing::Instrument;

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

/// A limit this long or longer is no limit at all. Tokio's timers reach about 30 years
/// ahead, and an instant near the end of what an `Instant` holds would overflow in them.
pub(crate) const NO_LIMIT: Duration = Duration::from_secs(30 * 365 * 86_400);

/// The instant `limit` after `start`; `None` for no limit ([`NO_LIMIT`] or longer).
fn after(start: Instant, limit: Duration) -> Option<Instant> {
    if limit >= NO_LIMIT {
        return None;
    }
    start.checked_add(limit)
}

/// When a call must be over: `max_elapsed` after it started.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Deadline {
    /// `None` when `max_elapsed` is [`NO_LIMIT`] or longer: no deadline.
    at: Option<Instant>,
    /// `max_elapsed`, for the error.
    limit: Duration,
}

impl Deadline {
    /// A deadline `limit` from now.
    pub(crate) fn after(limit: Duration) -> Self {
        Self {
            at: after(Instant::now(), limit),
            limit,
        }
    }

    /// The time left; `None` without a deadline.
    fn remaining(&self) -> Option<Duration> {
        self.at
            .map(|at| at.saturating_duration_since(Instant::now()))
    }

    fn passed(&self) -> Error {
        Error::Timeout {
            limit: TimeLimit::Call,
            after: self.limit,
        }
    }

    /// Runs `future` until it ends or the deadline passes, whichever comes first.
    pub(crate) async fn bound<F: Future>(&self, future: F) -> Result<F::Output, Error> {
        match self.at {
            Some(at) => tokio::time::timeout_at(at, future)
                .await
                .map_err(|_| self.passed()),
            None => Ok(future.await),
        }
    }
}

/// The HTTP client and what every request shares: retry policy, attempt timeout, request
/// budget, `User-Agent`.
pub(crate) struct Transport {
    http: reqwest::Client,
    /// Set on each request when `http` is the caller's own client; a client the builder
    /// made sends it by default.
    user_agent: Option<HeaderValue>,
    /// The limit of one attempt.
    timeout: Duration,
    /// The longest response body read, in bytes.
    max_response_bytes: u64,
    retry: RetryPolicy,
    budget: Option<Budget>,
    rate_limit: Option<RateLimit>,
}

impl std::fmt::Debug for Transport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Transport")
            .field("timeout", &self.timeout)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("retry", &self.retry)
            .field("rate_limit", &self.rate_limit)
            .finish_non_exhaustive()
    }
}

impl Transport {
    /// A transport over `http`. `user_agent` is sent on each request when given (for a
    /// client that does not send it by default). Response bodies longer than
    /// `max_response_bytes` are not read.
    pub(crate) fn new(
        http: reqwest::Client,
        user_agent: Option<HeaderValue>,
        timeout: Duration,
        max_response_bytes: u64,
        retry: RetryPolicy,
        rate_limit: Option<RateLimit>,
    ) -> Result<Self, Error> {
        if retry.max_attempts == 0 {
            return Err(Error::Config("max_attempts must be at least 1".to_owned()));
        }
        let budget = rate_limit.as_ref().map(Budget::new).transpose()?;
        Ok(Self {
            http,
            user_agent,
            timeout,
            max_response_bytes,
            retry,
            budget,
            rate_limit,
        })
    }

    /// The HTTP client, to build requests with.
    pub(crate) fn http(&self) -> &reqwest::Client {
        &self.http
    }

    pub(crate) fn retry(&self) -> &RetryPolicy {
        &self.retry
    }

    /// The deadline of a call that starts now.
    pub(crate) fn deadline(&self) -> Deadline {
        Deadline::after(self.retry.max_elapsed)
    }

    /// Starts a call. `may_resend` says whether its request may reach the server twice;
    /// when it is false, only failures to connect (the request was never sent) are retried.
    pub(crate) fn call<'a>(
        &'a self,
        target: Target,
        method: &'a Method,
        path: &'a str,
        may_resend: bool,
        deadline: Deadline,
    ) -> Call<'a> {
        Call {
            transport: self,
            target,
            method,
            path,
            may_resend,
            deadline,
            attempt: 0,
        }
    }
}

/// One call: a request sent until it succeeds, fails for good, or runs out of attempts or
/// time.
pub(crate) struct Call<'a> {
    transport: &'a Transport,
    target: Target,
    method: &'a Method,
    path: &'a str,
    may_resend: bool,
    deadline: Deadline,
    /// Attempts made so far.
    attempt: u32,
}

/// What to do after an attempt.
pub(crate) enum Step {
    /// The body of a success.
    Done(Bytes),
    /// The attempt failed in a way worth retrying, and the call has waited its delay:
    /// build the request again and send it.
    Again,
    /// The call is over (the error may still be one the caller handles, such as a `401`).
    Failed(Error),
}

/// How one exchange ended, short of a transport failure.
enum Answer {
    Success {
        status: StatusCode,
        body: Bytes,
    },
    Failure {
        status: StatusCode,
        retry_after: Option<Duration>,
        body: Bytes,
    },
}

impl Call<'_> {
    /// Sends one attempt (waiting for the request budget first), and on a failure worth
    /// retrying waits the delay, unless the policy says to give up.
    pub(crate) async fn send(&mut self, request: reqwest::RequestBuilder) -> Step {
        self.attempt = self.attempt.saturating_add(1);
        let transport = self.transport;
        if self.target == Target::Api {
            if let Some(budget) = &transport.budget {
                if let Err(e) = self.deadline.bound(budget.acquire()).await {
                    return Step::Failed(e);
                }
            }
        }
        let request = match &transport.user_agent {
            Some(agent) => request.header(USER_AGENT, agent.clone()),
            None => request,
        };
        let span = tracing::debug_span!(
            "halopsa.request",
            server = self.target.as_str(),
            method = %self.method,
            path = %self.path,
            attempt = self.attempt,
            status = Empty,
            duration_ms = Empty,
            error = Empty,
        );
        let sent = Instant::now();
        let result = self.exchange(request, sent).instrument(span.clone()).await;
        let duration_ms = u64::try_from(sent.elapsed().as_millis()).unwrap_or(u64::MAX);
        span.record("duration_ms", duration_ms);
        let (error, wait_at_least, retryable) = match result {
            Ok(Answer::Success { status, body }) => {
                span.record("status", status.as_u16());
                span.in_scope(|| {
                    tracing::debug!(status = status.as_u16(), duration_ms, "response")
                });
                return Step::Done(body);
            }
            Ok(Answer::Failure {
                status,
                retry_after,
                body,
            }) => {
                span.record("status", status.as_u16());
                span.in_scope(|| {
                    tracing::debug!(status = status.as_u16(), duration_ms, "error response")
                });
                let body = String::from_utf8_lossy(&body).into_owned();
                let error = Error::Api {
                    status,
                    message: error_message(&body),
                    body,
                    retry_after,
                };
                (
                    error,
                    retry_after,
                    self.may_resend && is_retryable_status(status),
                )
            }
            Err(error) => {
                let kind = failure_kind(&error);
                span.record("error", kind);
                span.in_scope(|| tracing::debug!(error = kind, duration_ms, "no answer"));
                let retryable = match &error {
                    // A name that does not exist stays so; a resolver that cannot be
                    // reached may recover.
                    Error::Transport(e) if is_unknown_host(e) || is_not_http(e) => false,
                    Error::Transport(e) => {
                        e.is_connect()
                            || (self.may_resend
                                && (e.is_timeout() || e.is_request() || e.is_body()))
                    }
                    Error::Timeout {
                        limit: TimeLimit::Attempt,
                        ..
                    } => self.may_resend,
                    _ => false,
                };
                (error, None, retryable)
            }
        };
        drop(span);
        self.wait_to_retry(error, wait_at_least, retryable).await
    }

    /// Sends the request and reads the whole response, within the attempt's timeout (from
    /// `sent`) and the call's deadline, whichever ends first.
    async fn exchange(
        &self,
        request: reqwest::RequestBuilder,
        sent: Instant,
    ) -> Result<Answer, Error> {
        let limit = self.transport.max_response_bytes;
        let exchange = async {
            let response = request.send().await.map_err(Error::from_transport)?;
            let status = response.status();
            if status.is_success() {
                let body = read_limited(response, limit).await?;
                return Ok(Answer::Success { status, body });
            }
            // Only an error answer needs a header; a success's are never copied.
            let retry_after = retry_after(response.headers());
            Ok(Answer::Failure {
                status,
                retry_after,
                body: read_limited(response, limit).await?,
            })
        };
        let attempt_ends = after(sent, self.transport.timeout);
        let (at, limit) = match (attempt_ends, self.deadline.at) {
            (Some(attempt), Some(call)) if call <= attempt => (call, TimeLimit::Call),
            (Some(attempt), _) => (attempt, TimeLimit::Attempt),
            (None, Some(call)) => (call, TimeLimit::Call),
            (None, None) => return exchange.await,
        };
        match tokio::time::timeout_at(at, exchange).await {
            Ok(result) => result,
            Err(_) => Err(Error::Timeout {
                limit,
                after: match limit {
                    TimeLimit::Call => self.deadline.limit,
                    _ => self.transport.timeout,
                },
            }),
        }
    }

    /// Waits before the next attempt, or gives `error` back when the call should stop: the
    /// error is final, the attempts are used up, or the delay would pass the deadline or is
    /// a `Retry-After` longer than [`MAX_RETRY_AFTER`].
    async fn wait_to_retry(
        &self,
        error: Error,
        retry_after: Option<Duration>,
        retryable: bool,
    ) -> Step {
        let policy = &self.transport.retry;
        if !retryable || self.attempt >= policy.max_attempts {
            return Step::Failed(error);
        }
        let delay = policy.delay(self.attempt, retry_after);
        let delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX);
        let too_long = retry_after.is_some_and(|after| after > MAX_RETRY_AFTER);
        if too_long || self.deadline.remaining().is_some_and(|left| delay >= left) {
            tracing::debug!(
                server = self.target.as_str(),
                method = %self.method,
                path = %self.path,
                attempt = self.attempt,
                delay_ms,
                "giving up: the wait before the next attempt is too long for the call's deadline"
            );
            return Step::Failed(error);
        }
        tracing::warn!(
            server = self.target.as_str(),
            method = %self.method,
            path = %self.path,
            attempt = self.attempt,
            status = error.status().map(|s| s.as_u16()),
            error = retry_reason(&error),
            delay_ms,
            "retrying"
        );
        tokio::time::sleep(delay).await;
        Step::Again
    }
}

/// A short name for a failure to get an answer.
fn failure_kind(error: &Error) -> &'static str {
    match error {
        Error::Timeout {
            limit: TimeLimit::Call,
            ..
        } => "deadline",
        Error::Timeout { .. } => "timeout",
        Error::Tls { .. } => "tls",
        Error::ResponseTooLarge { .. } => "too large",
        Error::Transport(e) if is_unknown_host(e) => "unknown host",
        Error::Transport(e) if is_not_http(e) => "not http",
        Error::Transport(e) if e.is_timeout() => "timeout",
        Error::Transport(e) if e.is_connect() => "connect",
        Error::Transport(e) if e.is_body() || e.is_decode() => "body",
        Error::Transport(e) if e.is_request() => "request",
        _ => "other",
    }
}

/// Why a retry happens, for the log (no body: it may be large).
fn retry_reason(error: &Error) -> &'static str {
    match error {
        Error::Api { status, .. } if *status == StatusCode::TOO_MANY_REQUESTS => "rate limited",
        Error::Api { .. } => "server unavailable",
        other => failure_kind(other),
    }
}
