//! [`RateLimit`]: an optional client-side request budget that spaces requests out so a
//! bulk job stays under Halo's rate limit instead of running into `429`s.

use crate::Error;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;
use tokio::time::Instant;

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

    /// The schedule: one request per `per / (requests - burst)` after a burst, so that
    /// no window of `per` holds more than `requests`.
    fn schedule(&self) -> Result<Schedule, Error> {
        if self.requests == 0 || self.per.is_zero() {
            return Err(Error::Config(
                "a rate limit needs at least one request per non-zero window".to_owned(),
            ));
        }
        let burst = self.burst.clamp(1, self.requests.saturating_sub(1).max(1));
        let spaced = (self.requests - burst).max(1);
        let period = self.per / spaced;
        if period.is_zero() {
            return Err(Error::Config(
                "the rate limit window is too short".to_owned(),
            ));
        }
        Ok(Schedule {
            period,
            ahead: period.saturating_mul(burst - 1),
        })
    }
}

/// The numbers of a budget: the generic cell rate algorithm (GCRA) with an interval of
/// `period` and a tolerance of `ahead`, which lets `burst` requests go out at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Schedule {
    /// The interval between two spaced requests.
    period: Duration,
    /// How far the schedule may run ahead of the clock: `burst - 1` periods.
    ahead: Duration,
}

impl Schedule {
    /// Books the next request asked for at `now`, given the time `next` its turn would
    /// have come with no burst (the GCRA's theoretical arrival time): returns when it may
    /// be sent and the `next` of the request after it.
    fn book(&self, next: Option<Instant>, now: Instant) -> (Instant, Instant) {
        let due = next.map_or(now, |next| next.max(now));
        let send_at = due.checked_sub(self.ahead).map_or(now, |at| at.max(now));
        // An interval too long for the clock: no request after this one ever fits.
        let after = due
            .checked_add(self.period)
            .unwrap_or_else(|| far_future(due));
        (send_at, after)
    }
}

/// A time further than any wait: tokio's own "never" (about 30 years), or `from` itself
/// when even that cannot be represented.
fn far_future(from: Instant) -> Instant {
    from.checked_add(Duration::from_secs(86_400 * 365 * 30))
        .unwrap_or(from)
}

/// A running budget, shared by the clones of a client.
///
/// Each request books its turn under a lock and then sleeps until it comes, so waiting
/// requests go out in the order they asked, without polling. A request whose wait is cut
/// short (its deadline, a dropped future) leaves its turn unused: the budget stays on the
/// safe side.
pub(crate) struct Budget {
    schedule: Schedule,
    next: Mutex<Option<Instant>>,
}

impl Budget {
    /// A budget that follows `limit`.
    pub(crate) fn new(limit: &RateLimit) -> Result<Self, Error> {
        Ok(Self {
            schedule: limit.schedule()?,
            next: Mutex::new(None),
        })
    }

    /// Waits until one more request fits in the budget.
    pub(crate) async fn acquire(&self) {
        let send_at = self.book(Instant::now());
        tokio::time::sleep_until(send_at).await;
    }

    /// Books the turn of a request asked for at `now`.
    fn book(&self, now: Instant) -> Instant {
        // The lock only guards two numbers; a panic elsewhere cannot leave them torn.
        let mut next = self.next.lock().unwrap_or_else(PoisonError::into_inner);
        let (send_at, after) = self.schedule.book(*next, now);
        *next = Some(after);
        send_at
    }
}

impl std::fmt::Debug for Budget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Budget")
            .field("schedule", &self.schedule)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedules() {
        assert!(RateLimit::new(1, Duration::from_secs(1)).schedule().is_ok());
        assert!(RateLimit::new(0, Duration::from_secs(1))
            .schedule()
            .is_err());
        assert!(RateLimit::new(5, Duration::ZERO).schedule().is_err());
        assert!(RateLimit::new(u32::MAX, Duration::from_nanos(1))
            .schedule()
            .is_err());
        assert_eq!(
            RateLimit::halo().schedule().ok(),
            Some(Schedule {
                period: Duration::from_secs(300) / 290,
                ahead: Duration::from_secs(300) / 290 * 9,
            })
        );
        // The longest window there is: the first request goes, no other ever does.
        let budget = Budget::new(&RateLimit::new(2, Duration::MAX).with_burst(1));
        let budget = budget.expect("a valid limit");
        let now = Instant::now();
        assert_eq!(budget.book(now), now);
        assert!(budget.book(now) > now + Duration::from_secs(86_400 * 365));
    }

    /// The send times of requests asked for at `asked` (in order) under `limit`.
    fn send_times(limit: RateLimit, asked: &[Duration]) -> Vec<Duration> {
        let budget = Budget::new(&limit).expect("a valid limit");
        let start = Instant::now();
        asked
            .iter()
            .map(|at| budget.book(start + *at) - start)
            .collect()
    }

    /// Checks what a budget promises: no window of `per` holds more than `requests`, no
    /// request goes before it asked, and requests go in the order they asked.
    fn check(limit: RateLimit, asked: &[Duration]) -> Vec<Duration> {
        let sent = send_times(limit, asked);
        for (i, (at, asked_at)) in sent.iter().zip(asked).enumerate() {
            assert!(at >= asked_at, "request {i} sent before it asked");
            if i > 0 {
                assert!(*at >= sent[i - 1], "request {i} overtook the one before");
            }
            let in_window = sent[i..]
                .iter()
                .take_while(|t| **t < *at + limit.per)
                .count();
            assert!(
                in_window <= limit.requests as usize,
                "{in_window} requests in the window from request {i} under {limit:?}"
            );
        }
        sent
    }

    #[test]
    fn a_burst_goes_at_once_then_requests_are_spaced() {
        let limit = RateLimit::new(30, Duration::from_secs(30)).with_burst(5);
        let sent = check(limit, &[Duration::ZERO; 40]);
        // 30 s / (30 - 5) = 1.2 s between spaced requests.
        assert!(sent[..5].iter().all(Duration::is_zero), "{sent:?}");
        assert_eq!(sent[5], Duration::from_millis(1200));
        assert_eq!(sent[6], Duration::from_millis(2400));
        assert_eq!(sent[39], Duration::from_millis(1200 * 35));
    }

    #[test]
    fn an_idle_budget_refills_up_to_the_burst() {
        let limit = RateLimit::new(4, Duration::from_secs(4)).with_burst(2);
        // Two at once, a long pause, then three at once: the pause refills two turns only.
        let mut asked = vec![Duration::ZERO; 2];
        asked.extend([Duration::from_secs(100); 3]);
        let sent = check(limit, &asked);
        let secs = Duration::from_secs;
        assert_eq!(sent, [secs(0), secs(0), secs(100), secs(100), secs(102)]);
    }

    #[test]
    fn any_arrivals_keep_every_window_within_the_limit() {
        let mut rng = fastrand::Rng::with_seed(20_261_203);
        for _ in 0..200 {
            let requests = rng.u32(1..50);
            let limit = RateLimit::new(requests, Duration::from_millis(rng.u64(1..10_000)))
                .with_burst(rng.u32(0..60));
            let mut at = Duration::ZERO;
            let asked: Vec<Duration> = (0..rng.usize(1..300))
                .map(|_| {
                    // Mostly together, sometimes after a pause as long as several windows.
                    if rng.u8(..10) == 0 {
                        at += Duration::from_millis(rng.u64(0..30_000));
                    }
                    at
                })
                .collect();
            check(limit, &asked);
        }
    }
}
