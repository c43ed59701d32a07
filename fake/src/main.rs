//! `halopsa-fake`: the fake HaloPSA server as a program, for tests in any language.
//!
//! ```sh
//! cargo run -p halopsa-fake -- --port 8080 --client-id ID --client-secret SECRET
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

use clap::Parser;
use halopsa_fake::{FakeHalo, RateLimit};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

/// Prints a line on stdout for whoever started the fake; a closed pipe (a caller that
/// stopped reading) is not a reason to stop serving, so write errors are ignored.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

/// A fake HaloPSA server: in memory, stateful, generated from the spec. The API is served
/// under /api and tokens at /auth/token; controls (faults, log, records) under /_fake.
#[derive(Parser, Debug)]
#[command(name = "halopsa-fake", version)]
struct Args {
    /// Port on 127.0.0.1 (0: any free port).
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// Address to bind, instead of 127.0.0.1.
    #[arg(long, default_value = "127.0.0.1")]
    bind: std::net::IpAddr,
    /// OAuth client id (generated when not given).
    #[arg(long)]
    client_id: Option<String>,
    /// OAuth client secret (generated when not given).
    #[arg(long)]
    client_secret: Option<String>,
    /// A tenant that token requests must name.
    #[arg(long)]
    tenant: Option<String>,
    /// Token lifetime in seconds.
    #[arg(long, default_value_t = 3600)]
    token_lifetime: u64,
    /// A bearer token that is always accepted (for tools that cannot fetch one).
    #[arg(long)]
    static_token: Option<String>,
    /// A seed document to load: {"Tickets": [...], ...}.
    #[arg(long)]
    seed: Vec<PathBuf>,
    /// A rate limit: REQUESTS/SECONDS (`300/300` is Halo's).
    #[arg(long, value_parser = parse_rate)]
    rate_limit: Option<RateLimit>,
    /// Latency added to every call, in milliseconds.
    #[arg(long, default_value_t = 0)]
    latency_ms: u64,
    /// Serve https:// with a certificate for 127.0.0.1 and localhost signed by a CA made
    /// at start (write its PEM with --tls-ca-out, for clients to trust).
    #[arg(long, conflicts_with_all = ["tls_cert", "tls_key"])]
    tls: bool,
    /// Write the PEM of the generated CA to this file (with --tls).
    #[arg(long, value_name = "PATH", requires = "tls")]
    tls_ca_out: Option<PathBuf>,
    /// Serve https:// with this certificate chain (PEM), instead of a generated one.
    #[arg(long, value_name = "PATH", requires = "tls_key")]
    tls_cert: Option<PathBuf>,
    /// The private key of --tls-cert (PEM).
    #[arg(long, value_name = "PATH", requires = "tls_cert")]
    tls_key: Option<PathBuf>,
    /// The largest request body, in bytes; a larger one is answered 413.
    #[arg(long, default_value_t = halopsa_fake::DEFAULT_MAX_BODY)]
    max_body: usize,
}

fn parse_rate(text: &str) -> Result<RateLimit, String> {
    let (requests, seconds) = text
        .split_once('/')
        .ok_or("expected REQUESTS/SECONDS, e.g. 300/300")?;
    let requests = requests.trim().parse().map_err(|e| format!("{e}"))?;
    let seconds: u64 = seconds.trim().parse().map_err(|e| format!("{e}"))?;
    Ok(RateLimit::new(requests, Duration::from_secs(seconds)))
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    let mut builder = FakeHalo::builder()
        .addr(std::net::SocketAddr::new(args.bind, args.port))
        .token_lifetime(Duration::from_secs(args.token_lifetime))
        .latency(Duration::from_millis(args.latency_ms))
        .max_body(args.max_body);
    if let (Some(id), Some(secret)) = (&args.client_id, &args.client_secret) {
        builder = builder.client_credentials(id, secret);
    } else if args.client_id.is_some() || args.client_secret.is_some() {
        eprintln!("halopsa-fake: give both --client-id and --client-secret, or neither");
        return ExitCode::FAILURE;
    }
    if let Some(tenant) = args.tenant {
        builder = builder.tenant(tenant);
    }
    if let Some(token) = &args.static_token {
        builder = builder.static_token(token);
    }
    if let Some(limit) = args.rate_limit {
        builder = builder.rate_limit(limit);
    }
    if args.tls {
        builder = builder.tls();
    }
    if let (Some(cert), Some(key)) = (&args.tls_cert, &args.tls_key) {
        let read = |path: &PathBuf| {
            std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
        };
        match (read(cert), read(key)) {
            (Ok(cert), Ok(key)) => builder = builder.tls_pem(cert, key),
            (Err(e), _) | (_, Err(e)) => {
                eprintln!("halopsa-fake: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    let fake = match builder.start().await {
        Ok(fake) => fake,
        Err(e) => {
            eprintln!("halopsa-fake: {e}");
            return ExitCode::FAILURE;
        }
    };
    for path in &args.seed {
        match fake.seed_file(path) {
            Ok(n) => say!("seeded {n} records from {}", path.display()),
            Err(e) => {
                eprintln!("halopsa-fake: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    if let (Some(path), Some(ca)) = (&args.tls_ca_out, fake.ca_pem()) {
        if let Err(e) = std::fs::write(path, ca) {
            eprintln!("halopsa-fake: cannot write {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
    }
    say!("halopsa-fake serving {}", fake.base_url());
    say!("HALOPSA_HOST={}", fake.base_url());
    if let Some(path) = &args.tls_ca_out {
        say!("HALOPSA_CA_FILE={}", path.display());
    }
    say!("HALOPSA_CLIENT_ID={}", fake.client_id());
    say!("HALOPSA_CLIENT_SECRET={}", fake.client_secret());
    if let Some(token) = &args.static_token {
        say!("static token: {token}");
    }
    say!(
        "API {}  token endpoint {}/token  controls {}/_fake",
        fake.api_url(),
        fake.auth_url(),
        fake.base_url()
    );
    if let Err(e) = tokio::signal::ctrl_c().await {
        eprintln!("halopsa-fake: cannot wait for Ctrl-C: {e}");
        return ExitCode::FAILURE;
    }
    fake.stop();
    ExitCode::SUCCESS
}
