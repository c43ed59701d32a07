//! Project tasks. `cargo xtask generate` regenerates `generated/` (and the other generated
//! files) from `spec/`; `--check` fails, listing the files, when they are stale.
//! `cargo xtask report` prints what the spec covers; `cargo xtask fuzz` runs the generator
//! over seeded mutants of the spec; `cargo xtask diff [BASE]` says what the spec change
//! since a git revision means for users of the crate ([`diff`]).
//!
//! The workspace is found at run time (cargo's `locate-project` from the current
//! directory), never from a path baked in at build time: two checkouts sharing one
//! `CARGO_TARGET_DIR` share one xtask binary.

#![forbid(unsafe_code)]

mod diff;

use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(about = "HaloPSA SDK project tasks")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Regenerate `generated/`, the endpoint tests and the odd-spec crate from `spec/`.
    Generate {
        /// Change nothing; fail and list the files when they are not up to date.
        #[arg(long)]
        check: bool,
        /// Generate only the SDK crate of another spec directory (with `--out`).
        #[arg(long, requires = "out")]
        spec: Option<PathBuf>,
        /// Where to write that crate.
        #[arg(long, requires = "spec")]
        out: Option<PathBuf>,
    },
    /// Print endpoints, parameters, bodies, schemas and fields per documentation area.
    Report,
    /// Run the generator over seeded mutants of `spec/`: every mutant must give a crate or
    /// located errors, never a panic.
    Fuzz {
        /// How many mutants.
        #[arg(long, default_value_t = 1000)]
        cases: usize,
        /// The seed of the mutations (the same seed gives the same mutants).
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Also format every N-th mutant's output (formatting is the slow stage).
        #[arg(long, default_value_t = 20)]
        format_every: usize,
    },
    /// Compare the spec at a git revision with the working tree: every change, with its
    /// verdict for the Rust API (major/minor/patch) and the wire (compatible/breaking),
    /// and the next version of `halopsa`.
    Diff(diff::Args),
}

/// The workspace root: where cargo's `locate-project --workspace` says, else the nearest
/// directory up from the current one that holds `spec/openapi.yaml`.
fn workspace_root() -> Result<PathBuf, String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let located = std::process::Command::new(cargo)
        .args(["locate-project", "--workspace", "--message-format", "plain"])
        .output()
        .ok()
        .filter(|out| out.status.success())
        .and_then(|out| String::from_utf8(out.stdout).ok())
        .and_then(|manifest| Path::new(manifest.trim()).parent().map(Path::to_path_buf));
    if let Some(root) = located.filter(|r| r.join("spec").is_dir()) {
        return Ok(root);
    }
    let here = std::env::current_dir().map_err(|e| format!("no current directory: {e}"))?;
    here.ancestors()
        .find(|dir| dir.join("spec/openapi.yaml").is_file())
        .map(Path::to_path_buf)
        .ok_or_else(|| {
            format!(
                "no workspace with spec/openapi.yaml found from {}",
                here.display()
            )
        })
}

/// Runs `f`, turning a panic into an error that names the spec being processed: a panic
/// in the generator is a bug, and the message says where to look.
pub(crate) fn guarded<T>(
    spec: &Path,
    f: impl FnOnce() -> T + std::panic::UnwindSafe,
) -> Result<T, String> {
    std::panic::set_hook(Box::new(|_| {}));
    let result = std::panic::catch_unwind(f);
    let _ = std::panic::take_hook();
    result.map_err(|payload| {
        format!(
            "internal error (a generator bug) while generating from {}: {}",
            spec.display(),
            halopsa_codegen::mutate::panic_message(payload.as_ref())
        )
    })
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = match workspace_root() {
        Ok(root) => root,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let spec = root.join("spec");
    match cli.command {
        Command::Generate {
            check,
            spec: other,
            out,
        } => {
            let (spec, job): (PathBuf, Box<dyn FnOnce() -> _ + std::panic::UnwindSafe>) =
                match (other, out) {
                    (Some(other), Some(out)) => (
                        other.clone(),
                        Box::new(move || halopsa_codegen::run(&other, &out, check)),
                    ),
                    _ => (
                        spec,
                        Box::new(move || {
                            // Formatting is most of a run: the workspace's files, formatted,
                            // are kept beside this binary for the next run (another spec's
                            // would only crowd them out).
                            halopsa_codegen::memo::enable();
                            let report = halopsa_codegen::run_workspace(&root, check);
                            if report.is_ok() {
                                halopsa_codegen::memo::prune();
                            }
                            report
                        }),
                    ),
                };
            match guarded(&spec, job) {
                Err(bug) => {
                    eprintln!("{bug}");
                    ExitCode::FAILURE
                }
                Ok(Err(err)) => {
                    eprintln!("{err}");
                    ExitCode::FAILURE
                }
                Ok(Ok(report)) if check && !report.is_clean() => {
                    eprintln!(
                        "generated files are not what spec/ produces; run `cargo xtask generate`:"
                    );
                    for f in &report.changed {
                        eprintln!("  differs: {f}");
                    }
                    for f in &report.stale {
                        eprintln!("  stale:   {f}");
                    }
                    ExitCode::FAILURE
                }
                Ok(Ok(report)) if check => {
                    println!(
                        "generated files are up to date ({} files)",
                        report.unchanged.len()
                    );
                    ExitCode::SUCCESS
                }
                Ok(Ok(report)) => {
                    for f in &report.changed {
                        println!("wrote   {f}");
                    }
                    for f in &report.stale {
                        println!("removed {f}");
                    }
                    println!(
                        "{} written, {} unchanged, {} removed",
                        report.changed.len(),
                        report.unchanged.len(),
                        report.stale.len()
                    );
                    ExitCode::SUCCESS
                }
            }
        }
        Command::Diff(args) => diff::run(&root, args),
        Command::Report => {
            let result = halopsa_codegen::load::load(&spec)
                .and_then(|l| halopsa_codegen::check::check(&l).map_err(Into::into));
            match result {
                Ok(checked) => {
                    print!("{}", halopsa_codegen::report::report(&checked).render());
                    ExitCode::SUCCESS
                }
                Err(err) => {
                    eprintln!("{err}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Fuzz {
            cases,
            seed,
            format_every,
        } => {
            let scratch = root.join("target/fuzz-spec");
            std::panic::set_hook(Box::new(|_| {}));
            let summary =
                halopsa_codegen::mutate::campaign(&spec, &scratch, cases, seed, format_every);
            let _ = std::panic::take_hook();
            match summary {
                Err(e) => {
                    eprintln!("error: {}: {e}", scratch.display());
                    ExitCode::FAILURE
                }
                Ok(s) => {
                    println!(
                        "{} mutants of spec/ (seed {seed}): {} generated a crate, {} were located errors, {} bugs; slowest {:.2} s",
                        s.cases,
                        s.accepted,
                        s.rejected,
                        s.bugs.len(),
                        s.slowest.as_secs_f64()
                    );
                    for (case, kind, file, message) in &s.bugs {
                        println!(
                            "  case {case} ({kind} in {file}, kept in {}): {message}",
                            scratch.display()
                        );
                    }
                    if s.bugs.is_empty() {
                        ExitCode::SUCCESS
                    } else {
                        ExitCode::FAILURE
                    }
                }
            }
        }
    }
}
