//! The connection to Halo: the SDK's client, configured from the environment exactly as
//! the SDK reads it (`halopsa::ClientBuilder::from_env`: `HALOPSA_HOST` or
//! `HALOPSA_TENANT` or `HALOPSA_API_URL`, `HALOPSA_CLIENT_ID` and `HALOPSA_CLIENT_SECRET`
//! or `HALOPSA_TOKEN`, …), with the runtime's retries and rate budget.
//!
//! This is the one place the server reads connection settings: when the SDK and the
//! command line share profiles, this module switches to them.

use std::time::Duration;

/// What the server adds to the environment's settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tuning {
    /// The longest one call may take, retries included: an assistant waits for it.
    pub max_retry_time: Duration,
    /// Space calls out to stay within Halo's 300 requests per 5 minutes.
    pub halo_rate_limit: bool,
}

impl Default for Tuning {
    fn default() -> Self {
        Tuning {
            max_retry_time: DEFAULT_MAX_RETRY_TIME,
            halo_rate_limit: false,
        }
    }
}

/// The default of `--max-retry-time`: shorter than the SDK's 3 minutes, since an
/// assistant (and its user) waits.
pub const DEFAULT_MAX_RETRY_TIME: Duration = Duration::from_secs(30);

/// The client, from the environment. Its errors name the variables to set and never hold
/// a secret.
pub fn client(tuning: &Tuning) -> Result<halopsa::Client, halopsa::Error> {
    let mut builder = halopsa::ClientBuilder::from_env()
        .max_retry_time(tuning.max_retry_time)
        .user_agent(concat!("halopsa-mcp/", env!("CARGO_PKG_VERSION")));
    if tuning.halo_rate_limit {
        builder = builder.halo_rate_limit();
    }
    builder.build()
}
