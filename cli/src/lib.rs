//! `halopsa`, the HaloPSA command line: every operation of the API as a command,
//! `halopsa <area> <operation> [path parameters] [--query-parameter value]… [--body FILE|-]`.
//!
//! The commands (`commands`) are generated from the same model of the spec as the SDK
//! (`cargo xtask generate`); the rest is hand-written: the connection settings
//! (`config`), reading arguments and bodies (`input`), writing answers (`output`, `run`),
//! errors and exit codes (`error`). This library is the binary's code, there for its tests;
//! it is not an API of its own.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

#[rustfmt::skip]
mod commands;
pub mod config;
pub mod error;
pub mod input;
pub mod output;
pub mod run;

use clap::{CommandFactory, Parser, Subcommand};
use error::{exit, CliError};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

const ABOUT: &str =
    "The HaloPSA API from the command line: every operation of the API as a command.";

const LONG_ABOUT: &str =
    "The HaloPSA API from the command line: every operation of the API as a command, \
named for people, typed and documented as the API docs document it:

  halopsa <area> <operation> [path parameters] [--query-parameter value]… [--body FILE|-]

  halopsa tickets list --open-only -o table --fields id,summary
  halopsa tickets list --all > tickets.ndjson
  halopsa email get-mailbox 3
  halopsa tickets create --body ticket.json --dry-run

Connection settings come from the HALOPSA_* environment variables (as the SDK's \
Client::from_env reads them) or a profile of ~/.config/halopsa/config.toml, and the \
connection flags; `halopsa config show` shows what is used. Output is JSON (pretty on a \
terminal, compact when piped), NDJSON or a table.";

const AFTER_HELP: &str = "Exit codes: 0 success, 1 other failure, 2 usage, 3 configuration, \
4 authentication or permission, 5 API error, 6 network, 7 unexpected response.";

/// The command line.
#[derive(Parser)]
#[command(
    name = "halopsa",
    version,
    about = ABOUT,
    long_about = LONG_ABOUT,
    after_help = AFTER_HELP,
    subcommand_required = true,
    arg_required_else_help = true,
    propagate_version = true
)]
pub struct Cli {
    #[command(flatten)]
    connection: config::Flags,
    #[command(flatten)]
    output: OutputFlags,
    #[command(subcommand)]
    command: Command,
}

/// The output flags.
#[derive(clap::Args)]
struct OutputFlags {
    /// Output format: json (pretty on a terminal, compact when piped), ndjson, table.
    #[arg(
        short,
        long,
        global = true,
        value_enum,
        default_value_t,
        help_heading = "Output"
    )]
    output: output::Format,
    /// Keep only these fields of each record, in this order (dotted for nested: user.name).
    #[arg(long, global = true, value_name = "A,B,…", help_heading = "Output")]
    fields: Option<output::Fields>,
    /// Print the request that would be sent (method, URL with query, body) and send nothing.
    #[arg(long, global = true, help_heading = "Output")]
    dry_run: bool,
    /// Print the answer's body as received, not decoded.
    #[arg(long, global = true, conflicts_with_all = ["fields"], help_heading = "Output")]
    raw: bool,
    /// Say more on stderr: the configuration in use, each request (-vv: each attempt).
    #[arg(short, long, global = true, action = clap::ArgAction::Count, help_heading = "Output")]
    verbose: u8,
    /// Say nothing on stderr but errors: no progress, no hints, no retry notices.
    #[arg(
        short,
        long,
        global = true,
        conflicts_with = "verbose",
        help_heading = "Output"
    )]
    quiet: bool,
}

#[derive(Subcommand)]
enum Command {
    #[command(flatten)]
    Area(commands::Area),
    /// The connection settings: where they come from, and the config file.
    #[command(subcommand_required = true, arg_required_else_help = true)]
    Config {
        #[command(subcommand)]
        command: ConfigCommand,
    },
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    #[command(long_about = "Print a shell completion script to standard output.

  bash:       halopsa completions bash > ~/.local/share/bash-completion/completions/halopsa
  zsh:        halopsa completions zsh > \"${fpath[1]}/_halopsa\"
  fish:       halopsa completions fish > ~/.config/fish/completions/halopsa.fish
  powershell: halopsa completions powershell | Out-String | Invoke-Expression")]
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff), or write one page per command into a directory.
    Man {
        /// Write halopsa.1, halopsa-tickets.1, halopsa-tickets-list.1, … into this directory.
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum ConfigCommand {
    /// Show the settings in use and where each comes from (secrets by origin only).
    Show,
    /// Print the config file's path.
    Path,
}

/// The clap command tree (for completions, man pages and help snapshots).
pub fn command() -> clap::Command {
    Cli::command()
}

/// Runs the command line with the process's arguments and environment.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() {
                exit::USAGE
            } else {
                exit::OK
            };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let verbose = cli.output.verbose > 0;
    init_logging(cli.output.verbose, cli.output.quiet);
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("error: cannot start: {e}");
            return ExitCode::from(exit::FAILURE);
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::from(exit::OK),
        Err(e) if e.is_broken_pipe() => ExitCode::from(exit::OK),
        Err(e) => {
            let _ = std::io::stderr().write_all(e.render(verbose).as_bytes());
            ExitCode::from(e.exit_code())
        }
    }
}

/// Retry notices (warnings) by default, each attempt with `-vv`, nothing with `-q`. The SDK
/// never logs a secret, a token, a query or a body.
fn init_logging(verbose: u8, quiet: bool) {
    use tracing_subscriber::filter::LevelFilter;
    let level = match (quiet, verbose) {
        (true, _) => LevelFilter::ERROR,
        (false, 0 | 1) => LevelFilter::WARN,
        (false, _) => LevelFilter::DEBUG,
    };
    let _ = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .without_time()
        .with_target(false)
        .with_max_level(level)
        .try_init();
}

async fn run(cli: Cli) -> Result<(), CliError> {
    let env = &config::process_env;
    match cli.command {
        Command::Completions { shell } => {
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut command(), "halopsa", &mut out);
            write_stdout(&out)
        }
        Command::Man { dir: None } => {
            let mut out = Vec::new();
            clap_mangen::Man::new(command()).render(&mut out)?;
            write_stdout(&out)
        }
        Command::Man { dir: Some(dir) } => {
            std::fs::create_dir_all(&dir)?;
            clap_mangen::generate_to(command(), &dir)?;
            Ok(())
        }
        Command::Config { command } => {
            let text = match command {
                ConfigCommand::Show => config::resolve(&cli.connection, env)?.show(),
                ConfigCommand::Path => match config::path(env) {
                    Some(path) => format!("{}\n", path.display()),
                    None => {
                        return Err(CliError::Config(
                            "no config file path: set HOME or HALOPSA_CONFIG".to_owned(),
                        ))
                    }
                },
            };
            write_stdout(text.as_bytes())
        }
        Command::Area(area) => {
            let output = cli.output;
            if output.raw && output.output != output::Format::Json {
                return Err(CliError::Usage(
                    "--raw prints the body as received; it cannot be used with --output".to_owned(),
                ));
            }
            let connection = config::resolve(&cli.connection, env)?;
            if output.verbose > 0 {
                let url = connection
                    .urls()
                    .map(|(api, _)| api)
                    .unwrap_or_else(|_| "no instance".to_owned());
                eprintln!(
                    "halopsa: settings from {}: {url}, {}",
                    connection.source,
                    connection.auth_description()
                );
            }
            let settings = run::Settings {
                format: output.output,
                fields: output.fields,
                dry_run: output.dry_run,
                raw: output.raw,
                quiet: output.quiet,
                verbose: output.verbose,
            };
            let ctx = run::Context::new(connection, settings, env)?;
            area.run(&ctx).await.map_err(|e| ctx.annotate(e))
        }
    }
}

fn write_stdout(bytes: &[u8]) -> Result<(), CliError> {
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(bytes)?;
    stdout.flush()?;
    Ok(())
}
