//! Errors as values, each with its exit code, and how they are shown on stderr.

use std::fmt::Write as _;

/// The exit codes, documented in `docs/cli.md` ("Errors and exit codes").
pub mod exit {
    /// Success.
    pub const OK: u8 = 0;
    /// Any other failure: the output could not be written, an unexpected internal error.
    pub const FAILURE: u8 = 1;
    /// A usage error: the command line (an unknown command or flag, a value of the wrong
    /// type, a missing argument) or the `--body` given (not a file, not JSON, not the
    /// body's type).
    pub const USAGE: u8 = 2;
    /// The configuration: no instance or no credentials, a config file that does not parse,
    /// an unknown profile, a secret command that failed.
    pub const CONFIG: u8 = 3;
    /// Authentication or permission: the token endpoint refused the credentials, or Halo
    /// answered `401` (with a fresh token) or `403`.
    pub const AUTH: u8 = 4;
    /// Halo answered with another error status (`400`, `404`, `429` or `5xx` after the
    /// retries, …).
    pub const API: u8 = 5;
    /// No usable answer: the connection failed (DNS, refused, TLS, a certificate not
    /// trusted), a time limit ran out, or the answer was over the size limit.
    pub const NETWORK: u8 = 6;
    /// Halo answered a success whose body is not what the spec documents.
    pub const DECODE: u8 = 7;
}

/// Why a command failed.
#[derive(Debug)]
pub enum CliError {
    /// The command line, or the body file it names, is wrong.
    Usage(String),
    /// The configuration cannot be used.
    Config(String),
    /// A call failed; `request` is its method and path, when known.
    Halo {
        /// The SDK's error.
        error: halopsa::Error,
        /// `GET /Tickets/5`.
        request: Option<String>,
    },
    /// The output could not be written.
    Output(std::io::Error),
}

impl From<halopsa::Error> for CliError {
    fn from(error: halopsa::Error) -> Self {
        match error {
            halopsa::Error::Config(message) => CliError::Config(message),
            error => CliError::Halo {
                error,
                request: None,
            },
        }
    }
}

impl From<std::io::Error> for CliError {
    fn from(error: std::io::Error) -> Self {
        CliError::Output(error)
    }
}

impl CliError {
    /// The process's exit code for this error.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Usage(_) => exit::USAGE,
            CliError::Config(_) => exit::CONFIG,
            CliError::Output(_) => exit::FAILURE,
            CliError::Halo { error, .. } => match error {
                halopsa::Error::Auth { .. } => exit::AUTH,
                halopsa::Error::Api { status, .. } if status.as_u16() == 401 => exit::AUTH,
                halopsa::Error::Api { status, .. } if status.as_u16() == 403 => exit::AUTH,
                halopsa::Error::Api { .. } => exit::API,
                halopsa::Error::Transport(_)
                | halopsa::Error::Tls { .. }
                | halopsa::Error::Timeout { .. }
                | halopsa::Error::ResponseTooLarge { .. } => exit::NETWORK,
                halopsa::Error::Decode { .. } => exit::DECODE,
                halopsa::Error::Config(_) => exit::CONFIG,
                _ => exit::FAILURE,
            },
        }
    }

    /// Whether the output went to a closed pipe (`halopsa … | head`): not worth a message.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, CliError::Output(e) if e.kind() == std::io::ErrorKind::BrokenPipe)
    }

    /// The message for stderr: `error: …`, and with `verbose` the whole body of an error
    /// answer. Never a secret: the SDK's errors hold none, and the configuration's
    /// messages name variables, not values.
    pub fn render(&self, verbose: bool) -> String {
        let mut out = String::new();
        match self {
            CliError::Usage(message) => {
                let _ = writeln!(out, "error: {message}");
                let _ = writeln!(out, "\nFor more information, try '--help'.");
            }
            CliError::Config(message) => {
                let _ = writeln!(out, "error: {message}");
                let _ = writeln!(
                    out,
                    "hint: `halopsa config show` shows the settings in use and where they come from"
                );
            }
            CliError::Output(e) => {
                let _ = writeln!(out, "error: cannot write the output: {e}");
            }
            CliError::Halo { error, request } => {
                let prefix = request
                    .as_deref()
                    .map(|r| format!("{r}: "))
                    .unwrap_or_default();
                let _ = writeln!(out, "error: {prefix}{}", describe(error));
                if let halopsa::Error::Api { body, .. } | halopsa::Error::Auth { body, .. } = error
                {
                    if verbose && !body.is_empty() {
                        let _ = writeln!(out, "response body:\n{body}");
                    }
                }
                match error {
                    halopsa::Error::Auth { .. } => {
                        let _ = writeln!(
                            out,
                            "hint: check the client id and secret (or the token), and the tenant: `halopsa config show`"
                        );
                    }
                    halopsa::Error::Decode { .. } => {
                        let _ = writeln!(
                            out,
                            "hint: --raw prints the body as Halo sent it, without decoding it"
                        );
                    }
                    _ => {}
                }
            }
        }
        out
    }
}

/// An SDK error in words: `HTTP 404 Not Found: <Halo's message>`.
fn describe(error: &halopsa::Error) -> String {
    match error {
        halopsa::Error::Api {
            status,
            message: Some(message),
            ..
        } => format!("HTTP {status}: {message}"),
        other => other.to_string(),
    }
}
