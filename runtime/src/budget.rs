//! [`RateLimit`]: an optional client-side request budget that spaces requests out so a
//! bulk job stays under Halo's rate limit instead of running into `429`s.

use crate::Error;
use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};
use std::num::NonZeroU32;
use std::time::Duration;

/// A request budget: at most `requests` API requests in any window of `per`, of which up
/// to `burst` may go out back to back; the rest are spaced evenly.
///
/// Off by default. [`RateLimit::halo`] follows Halo's hosted limit of 300 requests per
/// 5 minutes. The budget is shared by every clone of a client, retries included; token
/// requests are not counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    /// Requests allowed in one window.
    pub requests: u32,
    /// The length of the window.
    pub per: Duration,
    /// Requests that may go out at once before spacing starts.
    pub burst: u32,
}

impl RateLimit {
    /// Halo's hosted limit: 300 requests per 5 minutes, bursts of 10.
    pub fn halo() -> Self {
        Self {
            requests: 300,
            per: Duration::from_secs(300),
            burst: 10,
        }
    }

    /// At most `requests` per `per`, with a burst of one tenth of them (at least 1).
    pub fn new(requests: u32, per: Duration) -> Self {
        Self {
            requests,
            per,
            burst: (requests / 10).max(1),
        }
    }

    /// Sets how many requests may go out back to back.
    pub fn with_burst(mut self, burst: u32) -> Self {
        self.burst = burst;
        self
    }

    /// The governor quota: a burst, then one request per `per / (requests - burst)`, so
    /// that no window of `per` holds more than `requests`.
    fn quota(&self) -> Result<Quota, Error> {
        if self.requests == 0 || self.per.is_zero() {
            return Err(Error::Config(
                "a rate limit needs at least one request per non-zero window".to_owned(),
            ));
        }
        let burst = self.burst.clamp(1, self.requests.saturating_sub(1).max(1));
        let spaced = (self.requests - burst).max(1);
        let period = self.per / spaced;
        let burst = NonZeroU32::new(burst)
            .ok_or_else(|| Error::Config("the rate limit burst must be at least 1".to_owned()))?;
        Quota::with_period(period)
            .map(|quota| quota.allow_burst(burst))
            .ok_or_else(|| Error::Config("the rate limit window is too short".to_owned()))
    }
}

/// A running budget, shared by the clones of a client.
pub(crate) struct Budget {
    limiter: DefaultDirectRateLimiter,
}

impl Budget {
    /// A budget that follows `limit`.
    pub(crate) fn new(limit: &RateLimit) -> Result<Self, Error> {
        Ok(Self {
            limiter: RateLimiter::direct(limit.quota()?),
        })
    }

    /// Waits until one more request fits in the budget.
    pub(crate) async fn acquire(&self) {
        self.limiter.until_ready().await;
    }
}

impl std::fmt::Debug for Budget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Budget").finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotas() {
        assert!(RateLimit::halo().quota().is_ok());
        assert!(RateLimit::new(1, Duration::from_secs(1)).quota().is_ok());
        assert!(RateLimit::new(0, Duration::from_secs(1)).quota().is_err());
        assert!(RateLimit::new(5, Duration::ZERO).quota().is_err());
        let quota = RateLimit::halo().quota().ok();
        assert_eq!(
            quota.map(|q| (q.burst_size().get(), q.replenish_interval())),
            Some((10, Duration::from_secs(300) / 290))
        );
    }
}
