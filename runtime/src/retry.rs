//! [`RetryPolicy`]: when and how often a failed request is sent again.

use reqwest::header::{HeaderMap, RETRY_AFTER};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Whether a request with this method may be sent twice without doing anything twice
/// (`GET`, `HEAD`, `OPTIONS`, `PUT`, `DELETE`; RFC 9110, section 9.2.2). The client retries
/// these without being asked; the MCP server announces its tools of these methods as
/// idempotent. This is the rule's one home.
pub fn is_idempotent(method: &reqwest::Method) -> bool {
    use reqwest::Method;
    [
        Method::GET,
        Method::HEAD,
        Method::OPTIONS,
        Method::PUT,
        Method::DELETE,
    ]
    .contains(method)
}

/// The longest `Retry-After` a call waits for. A server that asks for more (or a
/// `Retry-After` of any size, or a date years ahead) gets no retry: the call returns its
/// `429` or `503` at once, with the delay asked for in [`crate::Error::retry_after`].
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(3600);

/// How failed requests are retried: `429`, `502`, `503`, `504`, connection failures and
/// timeouts, with exponential backoff and jitter, honouring `Retry-After`.
///
/// The delay before retry `n` (from 1) is `initial_backoff * 2^(n-1)`, capped at
/// `max_backoff`, then drawn at random between half of it and all of it; when the server
/// sent `Retry-After`, the delay is at least that. A call gives up and returns the last
/// error after `max_attempts` attempts, or at once when the next delay would end at or
/// after its deadline (`max_elapsed` after it started) or is a `Retry-After` longer than
/// [`MAX_RETRY_AFTER`].
///
/// `max_elapsed` is a hard deadline for the whole call: every attempt, every delay, the
/// wait for the request budget and for a token. An attempt still in flight when it
/// passes is abandoned and the call fails with [`crate::Error::Timeout`]
/// ([`crate::TimeLimit::Call`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included (1 means no retry). Sending a request once more
    /// with a fresh token after a `401` counts as an attempt, and happens even when this
    /// is 1.
    pub max_attempts: u32,
    /// The delay before the first retry, before jitter.
    pub initial_backoff: Duration,
    /// The longest delay computed by backoff (a longer `Retry-After` is still honoured, up
    /// to [`MAX_RETRY_AFTER`]).
    pub max_backoff: Duration,
    /// The longest time a call may take, everything included: a hard deadline. 30 years
    /// or more (`Duration::MAX`) means no deadline.
    pub max_elapsed: Duration,
}

impl Default for RetryPolicy {
    /// 5 attempts, backoff from 1 s to 30 s, at most 3 minutes in all.
    fn default() -> Self {
        Self::DEFAULT
    }
}

impl RetryPolicy {
    /// 5 attempts, backoff from 1 s to 30 s, at most 3 minutes in all.
    pub(crate) const DEFAULT: RetryPolicy = RetryPolicy {
        max_attempts: 5,
        initial_backoff: Duration::from_secs(1),
        max_backoff: Duration::from_secs(30),
        max_elapsed: Duration::from_secs(180),
    };

    /// A policy that never retries.
    pub fn none() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// The backoff before retry `retry` (1 for the first retry), with jitter.
    pub(crate) fn backoff(&self, retry: u32) -> Duration {
        let exp = retry.saturating_sub(1).min(31);
        let full = self
            .initial_backoff
            .saturating_mul(1u32 << exp)
            .min(self.max_backoff);
        let half = full / 2;
        let spread = u64::try_from(full.saturating_sub(half).as_millis()).unwrap_or(u64::MAX);
        half.saturating_add(Duration::from_millis(fastrand::u64(0..=spread)))
    }

    /// The delay before retry `retry`: the backoff, or `Retry-After` when that is longer.
    pub(crate) fn delay(&self, retry: u32, retry_after: Option<Duration>) -> Duration {
        let backoff = self.backoff(retry);
        match retry_after {
            Some(after) => after.max(backoff),
            None => backoff,
        }
    }
}

/// Reads `Retry-After`: delay-seconds (`120`) or an HTTP date, as the delay from now.
///
/// Any value is safe: a number too large for a `Duration` (`18446744073709551616`, `1e30`)
/// reads as [`Duration::MAX`], a date in the past as zero, and anything else (negative,
/// not a number, not a date) as no `Retry-After` at all.
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    if let Ok(seconds) = value.parse::<f64>() {
        return match Duration::try_from_secs_f64(seconds) {
            Ok(delay) => Some(delay),
            // Past what a Duration holds: as long as can be.
            Err(_) if seconds > 0.0 => Some(Duration::MAX),
            // Negative or NaN: not a delay.
            Err(_) => None,
        };
    }
    let at = http_date_seconds(value)?;
    let now = SystemTime::now().duration_since(UNIX_EPOCH).ok()?;
    Some(Duration::from_secs(at.saturating_sub(now.as_secs())))
}

/// An HTTP date as seconds since 1970 (0 for a date before it, which is in the past).
///
/// The three forms HTTP allows (RFC 9110 §5.6.7: IMF-fixdate, RFC 850, asctime) are read by
/// `httpdate`, which is strict and covers 1970 to 9999; anything else a server or proxy
/// writes as RFC 2822 (a numeric offset, a year before 1970) is read by chrono.
fn http_date_seconds(value: &str) -> Option<u64> {
    if let Ok(at) = httpdate::parse_http_date(value) {
        return Some(at.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs()));
    }
    let at = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    Some(u64::try_from(at.timestamp()).unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn backoff_grows_and_is_capped() {
        let policy = RetryPolicy {
            max_attempts: 10,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_millis(1000),
            max_elapsed: Duration::from_secs(60),
        };
        for _ in 0..100 {
            let first = policy.backoff(1);
            assert!(first >= Duration::from_millis(50) && first <= Duration::from_millis(100));
            let third = policy.backoff(3);
            assert!(third >= Duration::from_millis(200) && third <= Duration::from_millis(400));
            let late = policy.backoff(40);
            assert!(late >= Duration::from_millis(500) && late <= Duration::from_millis(1000));
        }
        assert!(policy.delay(1, Some(Duration::from_secs(7))) == Duration::from_secs(7));
        assert_eq!(policy.delay(1, Some(Duration::MAX)), Duration::MAX);
    }

    #[test]
    fn backoff_of_any_size_does_not_overflow() {
        let policy = RetryPolicy {
            max_attempts: u32::MAX,
            initial_backoff: Duration::MAX,
            max_backoff: Duration::MAX,
            max_elapsed: Duration::MAX,
        };
        for retry in [0, 1, 2, 31, 32, u32::MAX] {
            assert!(policy.backoff(retry) >= Duration::MAX / 2);
        }
        let zero = RetryPolicy {
            initial_backoff: Duration::ZERO,
            max_backoff: Duration::ZERO,
            ..policy
        };
        assert_eq!(zero.backoff(u32::MAX), Duration::ZERO);
    }

    #[test]
    fn parses_retry_after() {
        let mut headers = HeaderMap::new();
        assert_eq!(retry_after(&headers), None);
        headers.insert(RETRY_AFTER, HeaderValue::from_static("3"));
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(3)));
        headers.insert(RETRY_AFTER, HeaderValue::from_static("0.25"));
        assert_eq!(retry_after(&headers), Some(Duration::from_millis(250)));
        headers.insert(
            RETRY_AFTER,
            HeaderValue::from_static("Wed, 21 Oct 2015 07:28:00 GMT"),
        );
        assert_eq!(retry_after(&headers), Some(Duration::ZERO));
        // The other two forms HTTP allows, and RFC 2822 with a numeric offset.
        for past in [
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Friday, 31-Dec-99 23:59:59 GMT",
            "Sun Nov  6 08:49:37 1994",
            "Sun, 06 Nov 1994 08:49:37 +0000",
        ] {
            headers.insert(RETRY_AFTER, HeaderValue::from_static(past));
            assert_eq!(retry_after(&headers), Some(Duration::ZERO), "{past}");
        }
        for future in ["Fri, 31 Dec 9999 23:59:59 GMT", "Fri Dec 31 23:59:59 9999"] {
            headers.insert(RETRY_AFTER, HeaderValue::from_static(future));
            let delay = retry_after(&headers);
            assert!(
                delay.is_some_and(|d| d > Duration::ZERO),
                "{future}: {delay:?}"
            );
        }
        headers.insert(RETRY_AFTER, HeaderValue::from_static("soon"));
        assert_eq!(retry_after(&headers), None);
        // Values of any size do not overflow.
        headers.insert(
            RETRY_AFTER,
            HeaderValue::from_static("18446744073709551615"),
        );
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(u64::MAX)));
        for huge in ["18446744073709551616", "1e30", "inf"] {
            headers.insert(RETRY_AFTER, HeaderValue::from_static(huge));
            assert_eq!(retry_after(&headers), Some(Duration::MAX), "{huge}");
        }
        for garbage in ["-1", "-0.5", "NaN", "", "12 seconds"] {
            headers.insert(RETRY_AFTER, HeaderValue::from_static(garbage));
            assert_eq!(retry_after(&headers), None, "{garbage}");
        }
        headers.insert(
            RETRY_AFTER,
            HeaderValue::from_static("Fri, 31 Dec 9999 23:59:59 GMT"),
        );
        assert!(retry_after(&headers).is_some_and(|d| d > Duration::from_secs(200 * 365 * 86_400)));
        headers.insert(
            RETRY_AFTER,
            HeaderValue::from_static("Mon, 01 Jan 1900 00:00:00 GMT"),
        );
        assert_eq!(retry_after(&headers), Some(Duration::ZERO));
    }
}
