//! Faults on demand: failing the next calls of an operation, a rate limit answering `429`,
//! latency, and a `POST` that commits and then fails.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

/// A failure to inject: the next `times` matching calls answer `status`.
///
/// ```
/// # use std::time::Duration;
/// let outage = halopsa_fake::Failure::new(503)
///     .operation("listTickets")
///     .times(2)
///     .retry_after(Duration::from_secs(1));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    /// The operationId it applies to (`token` for the token endpoint); `None`: any call.
    pub operation: Option<String>,
    /// How many calls fail.
    pub times: u32,
    /// The status answered.
    pub status: u16,
    /// `Retry-After`, in whole seconds (rounded up), when set.
    pub retry_after: Option<Duration>,
    /// The body; Halo's JSON error (`{"ClassName", "Message"}`) when not set.
    pub body: Option<String>,
    /// Whether the call is carried out first (a `POST` saves its records) and only its
    /// answer is replaced: the answer was lost, the change was not.
    pub after_commit: bool,
}

impl Failure {
    /// The next call of any operation answers `status`.
    pub fn new(status: u16) -> Self {
        Self {
            operation: None,
            times: 1,
            status,
            retry_after: None,
            body: None,
            after_commit: false,
        }
    }

    /// Only calls of this operation (its operationId, or `token`).
    pub fn operation(mut self, operation_id: impl Into<String>) -> Self {
        self.operation = Some(operation_id.into());
        self
    }

    /// This many calls fail (default 1).
    pub fn times(mut self, times: u32) -> Self {
        self.times = times;
        self
    }

    /// Sends `Retry-After`.
    pub fn retry_after(mut self, after: Duration) -> Self {
        self.retry_after = Some(after);
        self
    }

    /// Answers this body instead of Halo's JSON error.
    pub fn body(mut self, body: impl Into<String>) -> Self {
        self.body = Some(body.into());
        self
    }

    /// Carries the call out, then answers the failure (a lost answer).
    pub fn after_commit(mut self) -> Self {
        self.after_commit = true;
        self
    }
}

/// A rate limit: at most `requests` API calls in any window of `per`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    /// Calls allowed per window.
    pub requests: u32,
    /// The rolling window.
    pub per: Duration,
}

impl RateLimit {
    /// A limit of `requests` per `per`.
    pub fn new(requests: u32, per: Duration) -> Self {
        Self { requests, per }
    }

    /// Hosted Halo's: 300 requests per rolling 5 minutes.
    pub fn halo() -> Self {
        Self::new(300, Duration::from_secs(300))
    }
}

/// The faults in force.
#[derive(Debug, Default)]
pub(crate) struct Faults {
    failures: Vec<Failure>,
    rate: Option<(RateLimit, VecDeque<Instant>)>,
    pub(crate) latency: Duration,
}

impl Faults {
    pub(crate) fn push(&mut self, failure: Failure) {
        if failure.times > 0 {
            self.failures.push(failure);
        }
    }

    /// Takes one call of the first failure that applies to `operation`.
    pub(crate) fn take(&mut self, operation: &str) -> Option<Failure> {
        let i = self.failures.iter().position(|f| {
            f.operation
                .as_deref()
                .is_none_or(|o| o.eq_ignore_ascii_case(operation))
        })?;
        Some(self.consume(i))
    }

    /// Takes one call of the first failure that names `operation` (not those for any call).
    pub(crate) fn take_named(&mut self, operation: &str) -> Option<Failure> {
        let i = self.failures.iter().position(|f| {
            f.operation
                .as_deref()
                .is_some_and(|o| o.eq_ignore_ascii_case(operation))
        })?;
        Some(self.consume(i))
    }

    fn consume(&mut self, i: usize) -> Failure {
        let failure = self.failures[i].clone();
        self.failures[i].times -= 1;
        if self.failures[i].times == 0 {
            self.failures.remove(i);
        }
        failure
    }

    pub(crate) fn set_rate_limit(&mut self, limit: Option<RateLimit>) {
        self.rate = limit.map(|l| (l, VecDeque::new()));
    }

    /// Counts one call against the rate limit; `Err(wait)` when over it.
    pub(crate) fn admit(&mut self, now: Instant) -> Result<(), Duration> {
        let Some((limit, calls)) = &mut self.rate else {
            return Ok(());
        };
        while calls
            .front()
            .is_some_and(|t| now.saturating_duration_since(*t) >= limit.per)
        {
            calls.pop_front();
        }
        if calls.len() < limit.requests as usize {
            calls.push_back(now);
            return Ok(());
        }
        let oldest = calls.front().copied().unwrap_or(now);
        Err(limit
            .per
            .saturating_sub(now.saturating_duration_since(oldest)))
    }

    /// Clears every fault.
    pub(crate) fn clear(&mut self) {
        *self = Self::default();
    }
}
