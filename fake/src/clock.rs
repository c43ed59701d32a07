//! The fake's clock: real time plus an offset that tests can advance (token expiry and the
//! rate-limit window read it), so that nothing has to sleep for an hour.

use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Real time, shifted by [`Clock::advance`].
#[derive(Debug, Default)]
pub(crate) struct Clock {
    offset: Mutex<Duration>,
}

impl Clock {
    /// Now, on the fake's clock.
    pub(crate) fn now(&self) -> Instant {
        Instant::now() + *crate::lock(&self.offset)
    }

    /// Moves the clock forward.
    pub(crate) fn advance(&self, by: Duration) {
        let mut offset = crate::lock(&self.offset);
        *offset = offset.saturating_add(by);
    }
}
