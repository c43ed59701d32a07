//! The server's command line: which tools are on offer, in which mode, with which caps,
//! and how it runs (`--list-tools` prints the `tools/list` answer and stops).

use crate::answer::{Limits, DEFAULT_MAX_BYTES, DEFAULT_MAX_RECORDS};
use crate::catalog::{Catalog, Selection, UnknownName};
use crate::connection::{Tuning, DEFAULT_MAX_RETRY_TIME};
use crate::server::Options;
use clap::builder::TypedValueParser;
use clap::Parser;
use std::time::Duration;

const ABOUT: &str = "A Model Context Protocol server for HaloPSA: the API's operations as tools for AI assistants, over standard input and output.";

const LONG_ABOUT: &str = "A Model Context Protocol server for HaloPSA: the API's operations \
as typed tools for AI assistants (Claude Desktop, IDE agents, your own), over standard input \
and output.

Connection settings are the SDK's environment variables: HALOPSA_HOST (or HALOPSA_TENANT, or \
HALOPSA_API_URL), HALOPSA_CLIENT_ID and HALOPSA_CLIENT_SECRET (or HALOPSA_TOKEN), \
HALOPSA_SCOPE. Secrets never appear in an answer, an error or the log (standard error).

Only read-only tools are offered unless --allow-writes (every tool) or --tools (those named, \
writes included); a write can be a dry run that shows its request. --areas narrows to some \
areas; --compact offers three tools (list, describe, call) instead of one per operation.";

/// The command line.
#[derive(Parser, Debug)]
#[command(name = "halopsa-mcp", version, about = ABOUT, long_about = LONG_ABOUT)]
pub struct Args {
    /// Offer the tools that change data in Halo too (create, update, delete, actions).
    #[arg(long, help_heading = "Tools")]
    pub allow_writes: bool,
    /// Offer only these tools (by name, e.g. tickets_list,tickets_create), writes included.
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "NAME,…",
        help_heading = "Tools"
    )]
    pub tools: Vec<String>,
    /// Offer only the tools of these areas: tickets, automation, email, chat, collaboration.
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "AREA,…",
        help_heading = "Tools"
    )]
    pub areas: Vec<String>,
    /// Three tools (list_operations, describe_operation, call_operation) instead of one per
    /// operation: a far smaller tool list for the assistant's context.
    #[arg(long, help_heading = "Tools")]
    pub compact: bool,
    /// Every write is a dry run: it answers the request it would send, and sends nothing.
    #[arg(long, help_heading = "Tools")]
    pub dry_run: bool,
    /// Answers as JSON text only: no output schemas on the tools (a smaller tool list) and
    /// no structured content in the answers (cheaper calls).
    #[arg(long, help_heading = "Answers")]
    pub text_only: bool,
    /// The most records one answer holds (and the largest page asked of Halo, at most 100).
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_RECORDS,
          value_parser = clap::value_parser!(u32).range(1..).map(|n| n as usize), help_heading = "Answers")]
    pub max_records: usize,
    /// The most bytes of records (compact JSON) one answer holds.
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_MAX_BYTES,
          value_parser = clap::value_parser!(u32).range(100..).map(|n| n as usize), help_heading = "Answers")]
    pub max_bytes: usize,
    /// The longest one call may take, retries of 429 and 5xx answers included (seconds).
    #[arg(long, value_name = "SECONDS", default_value_t = DEFAULT_MAX_RETRY_TIME.as_secs_f64(),
          value_parser = seconds, help_heading = "Connection")]
    pub max_retry_time: f64,
    /// Space calls out to stay within Halo's rate limit (300 requests per 5 minutes).
    #[arg(long, help_heading = "Connection")]
    pub halo_rate_limit: bool,
    /// Print the `tools/list` answer (JSON) for these settings and stop; needs no connection.
    #[arg(long)]
    pub list_tools: bool,
    /// The connection: a profile, an instance, timeouts; the same flags, profiles and
    /// `HALOPSA_*` variables as the `halopsa` command line.
    #[command(flatten)]
    pub connection: halopsa_runtime::profile::Flags,
}

fn seconds(text: &str) -> Result<f64, String> {
    let s: f64 = text
        .parse()
        .map_err(|_| format!("`{text}` is not a number of seconds"))?;
    if s > 0.0 && s.is_finite() && s < 86_400.0 {
        Ok(s)
    } else {
        Err("expected more than 0 and less than 86400 seconds".to_owned())
    }
}

impl Args {
    /// The server's options; an area or tool name that does not exist is an error.
    pub fn options(&self) -> Result<Options, UnknownName> {
        let selection = Selection {
            areas: self.areas.clone(),
            tools: self.tools.clone(),
            allow_writes: self.allow_writes,
        };
        Ok(Options {
            catalog: Catalog::select(crate::tools::TOOLS, &selection)?,
            compact: self.compact,
            limits: Limits {
                max_records: self.max_records,
                max_bytes: self.max_bytes,
            },
            dry_run: self.dry_run,
            structured: !self.text_only,
        })
    }

    /// What the server adds to the environment's connection settings.
    pub fn tuning(&self) -> Tuning {
        Tuning {
            max_retry_time: Duration::from_secs_f64(self.max_retry_time),
            halo_rate_limit: self.halo_rate_limit,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_choose_tools_and_caps() {
        let args = Args::try_parse_from([
            "halopsa-mcp",
            "--areas",
            "tickets,email",
            "--max-records",
            "5",
        ])
        .unwrap();
        let options = args.options().unwrap();
        assert_eq!(options.limits.max_records, 5);
        assert!(options
            .catalog
            .tools()
            .iter()
            .all(|t| (t.area == "tickets" || t.area == "email") && t.read_only));
        assert!(Args::try_parse_from(["halopsa-mcp", "--max-records", "0"]).is_err());
        assert!(Args::try_parse_from(["halopsa-mcp", "--max-retry-time", "-1"]).is_err());
        let args = Args::try_parse_from(["halopsa-mcp", "--areas", "nope"]).unwrap();
        assert!(args.options().is_err());
    }
}
