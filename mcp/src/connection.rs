//! The connection to Halo: the SDK's client, configured by the runtime's shared connection
//! settings ([`halopsa_runtime::profile`]), exactly as the `halopsa` command line reads
//! them: a profile of the config file (`--profile`, `HALOPSA_PROFILE`), else the
//! `HALOPSA_*` environment the SDK's `Client::from_env` reads, else the default profile,
//! with the connection flags over either; then the runtime's retries and rate budget.
//!
//! This is the one place the server reads connection settings.

use halopsa_runtime::profile::{self, Flags};

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

/// The client, from the shared connection settings. Its errors name the variables or the
/// profile to set and never hold a secret.
pub fn client(flags: &Flags, tuning: &Tuning) -> Result<halopsa::Client, halopsa::Error> {
    let env = &profile::process_env;
    let mut builder = profile::resolve(flags, env)?
        .builder(env)?
        .max_retry_time(tuning.max_retry_time)
        .user_agent(concat!("halopsa-mcp/", env!("CARGO_PKG_VERSION")));
    if tuning.halo_rate_limit {
        builder = builder.halo_rate_limit();
    }
    builder.build()
}
