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
    /// Takes a turn at `now`, given the time `next` the next turn would come with no
    /// burst (the GCRA's theoretical arrival time): the `next` after this turn, or, when
    /// no turn is free yet, the time one will be.
    fn take(&self, next: Option<Instant>, now: Instant) -> Result<Instant, Instant> {
        let due = next.map_or(now, |next| next.max(now));
        let free_at = due.checked_sub(self.ahead).map_or(now, |at| at.max(now));
        if free_at > now {
            return Err(free_at);
        }
        // An interval too long for the clock: no request after this one ever fits.
        Ok(due
            .checked_add(self.period)
            .unwrap_or_else(|| far_future(due)))
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
/// A request takes a turn when one is free, and otherwise sleeps until one will be and
/// asks again. Nothing is booked ahead: a request that stops waiting (its deadline, a
/// dropped future) takes nothing from the others.
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
        while let Err(free_at) = self.try_acquire(Instant::now()) {
            tokio::time::sleep_until(free_at).await;
        }
    }

    /// Takes a turn at `now`, or says when one will be free.
    fn try_acquire(&self, now: Instant) -> Result<(), Instant> {
        // The lock only guards one number; a panic elsewhere cannot leave it torn.
        let mut next = self.next.lock().unwrap_or_else(PoisonError::into_inner);
        *next = Some(self.schedule.take(*next, now)?);
        Ok(())
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
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;

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
        assert_eq!(budget.try_acquire(now), Ok(()));
        let never = budget.try_acquire(now).expect_err("no second turn");
        assert!(never > now + Duration::from_secs(86_400 * 365));
    }

    #[test]
    fn asking_too_early_takes_nothing() {
        // One request every 2 s, no burst.
        let limit = RateLimit::new(3, Duration::from_secs(4)).with_burst(1);
        let budget = Budget::new(&limit).expect("a valid limit");
        let start = Instant::now();
        assert_eq!(budget.try_acquire(start), Ok(()));
        let free_at = start + Duration::from_secs(2);
        // Asking again and again before then (a request that then gives up) books nothing.
        for _ in 0..3 {
            assert_eq!(budget.try_acquire(start), Err(free_at));
        }
        assert_eq!(budget.try_acquire(free_at), Ok(()));
        assert_eq!(
            budget.try_acquire(free_at),
            Err(free_at + Duration::from_secs(2))
        );
    }

    /// When requests asked for at `asked` (in order) under `limit` are sent: each takes a
    /// turn when it asks, or asks again when the budget says a turn is free, as
    /// [`Budget::acquire`] does (requests that ask at the same time, in order).
    fn send_times(limit: RateLimit, asked: &[Duration]) -> Vec<Duration> {
        let budget = Budget::new(&limit).expect("a valid limit");
        let start = Instant::now();
        let mut waiting: BinaryHeap<Reverse<(Duration, usize)>> = asked
            .iter()
            .enumerate()
            .map(|(i, at)| Reverse((*at, i)))
            .collect();
        let mut sent = vec![Duration::ZERO; asked.len()];
        let mut asks = 0;
        while let Some(Reverse((at, i))) = waiting.pop() {
            asks += 1;
            assert!(asks < 100 * asked.len() * asked.len() + 100, "no progress");
            match budget.try_acquire(start + at) {
                Ok(()) => sent[i] = at,
                Err(free_at) => {
                    assert!(free_at > start + at, "asked to wait for the past");
                    waiting.push(Reverse((free_at - start, i)));
                }
            }
        }
        sent
    }

    /// Checks what a budget promises: no window of `per` holds more than `requests`, and
    /// no request goes before it asked.
    fn check(limit: RateLimit, asked: &[Duration]) -> Vec<Duration> {
        let sent = send_times(limit, asked);
        for (i, (at, asked_at)) in sent.iter().zip(asked).enumerate() {
            assert!(at >= asked_at, "request {i} sent before it asked");
        }
        let mut sorted = sent.clone();
        sorted.sort();
        for (i, at) in sorted.iter().enumerate() {
            let in_window = sorted[i..]
                .iter()
                .take_while(|t| **t < *at + limit.per)
                .count();
            assert!(
                in_window <= limit.requests as usize,
                "{in_window} requests in the window from {at:?} under {limit:?}"
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
