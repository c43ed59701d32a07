//! Project tasks. `cargo xtask generate` regenerates `generated/` from `spec/`;
//! `--check` fails, listing the files, when `generated/` is stale. `cargo xtask report`
//! prints what the spec covers.

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
    /// Regenerate `generated/` (and `tests/tests/endpoints/generated.rs`) from `spec/`.
    Generate {
        /// Change nothing; fail and list the files when `generated/` is not up to date.
        #[arg(long)]
        check: bool,
    },
    /// Print endpoints, parameters, bodies, schemas and fields per documentation area.
    Report,
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = workspace_root();
    let spec = root.join("spec");
    match cli.command {
        Command::Generate { check } => match halopsa_codegen::run_workspace(&root, check) {
            Ok(report) if check && !report.is_clean() => {
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
            Ok(report) if check => {
                println!(
                    "generated files are up to date ({} files)",
                    report.unchanged.len()
                );
                ExitCode::SUCCESS
            }
            Ok(report) => {
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
            Err(err) => {
                eprintln!("{err}");
                ExitCode::FAILURE
            }
        },
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
    }
}
