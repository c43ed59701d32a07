//! `cargo xtask diff [BASE]`: what the spec change between a git revision and the working
//! tree means for the users of `halopsa`, as a pull-request comment (Markdown) or JSON.
//!
//! The base spec is read with git plumbing (`git ls-tree`, `git cat-file`) into
//! `target/spec-diff/`, both specs are built into models,
//! [`halopsa_codegen::diff::diff`] compares them and
//! [`Outcome`] renders the result. `--changelog` writes the
//! entry for the change into `generated/CHANGELOG.md`, replacing the unreleased entry if
//! there is one. This module is the command line and its I/O; what it prints is made in
//! the library, where it is tested.

use halopsa_codegen::diff::{self, Outcome, Report, Semver, Wire};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

/// Arguments of `cargo xtask diff`.
#[derive(clap::Args)]
pub struct Args {
    /// The git revision whose spec is the base (a commit, branch or tag).
    #[arg(default_value = "HEAD")]
    base: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Markdown)]
    format: Format,
    /// Exit with status 1 when a change reaches this Rust API level (`major` for CI).
    #[arg(long, value_parser = level_parser())]
    fail_on: Option<Semver>,
    /// Exit with status 1 when a change breaks the wire.
    #[arg(long)]
    fail_on_breaking: bool,
    /// Exit with status 1 when the version in `Cargo.toml` (`[workspace.package] version`)
    /// is not bumped enough since BASE for the change (for a pull request's CI).
    #[arg(long)]
    fail_on_unbumped: bool,
    /// Write the change's entry into `generated/CHANGELOG.md` (replacing the unreleased
    /// entry, if any).
    #[arg(long)]
    changelog: bool,
}

/// Parses `major`, `minor` or `patch` into a [`Semver`], listing them in the help.
fn level_parser() -> impl clap::builder::TypedValueParser<Value = Semver> {
    use clap::builder::TypedValueParser;
    clap::builder::PossibleValuesParser::new(Semver::ALL.map(Semver::as_str))
        .try_map(|level| level.parse::<Semver>())
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Markdown,
    Json,
}

/// The exit status for a verdict that reached `--fail-on`; errors exit with 2.
const FAIL: u8 = 1;
const ERROR: u8 = 2;

/// Runs `cargo xtask diff`.
pub fn run(root: &Path, args: Args) -> ExitCode {
    match compare(root, &args) {
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(ERROR)
        }
        Ok(code) => code,
    }
}

fn compare(root: &Path, args: &Args) -> Result<ExitCode, String> {
    let commit = git(
        root,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{}^{{commit}}", args.base),
        ],
    )
    .map_err(|e| format!("`{}` is not a commit: {e}", args.base))?;
    let commit = String::from_utf8_lossy(&commit).trim().to_owned();
    let scratch = root.join("target/spec-diff");
    let base_dir = checkout_spec(root, &commit, &scratch)?;
    // The two models are built at once, one on another thread.
    let (old, new) = std::thread::scope(|scope| {
        let old = scope.spawn(|| halopsa_codegen::model(&base_dir));
        let new = build(&root.join("spec"), "the spec in the working tree");
        (old.join(), new)
    });
    let old = match old {
        Err(panic) => {
            return Err(format!(
                "internal error (a generator bug) while reading the spec at `{}`: {}",
                args.base,
                halopsa_codegen::mutate::panic_message(panic.as_ref())
            ))
        }
        Ok(Err(e)) => return Err(format!("the spec at `{}` does not build:\n{e}", args.base)),
        Ok(Ok(api)) => api,
    };
    let new = new?;
    let report = diff::diff(&old, &new);
    let current = base_version(root, &commit)?;
    let mut outcome =
        Outcome::new(&args.base, &commit, &current, &report).map_err(|e| e.to_string())?;
    if args.fail_on_unbumped {
        let head = halopsa_codegen::workspace_version(root).map_err(|e| e.to_string())?;
        outcome = outcome.with_bump(&head).map_err(|e| e.to_string())?;
    }
    let text = match args.format {
        Format::Markdown => outcome.markdown(),
        Format::Json => outcome.json().map_err(|e| e.to_string())?,
    };
    // A reader that stops early (`| head`) is not an error.
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            return Err(format!("cannot write the report: {e}"))
        }
        _ => {}
    }
    if args.changelog {
        let path = root.join("generated/CHANGELOG.md");
        let message = write_changelog(&path, &report, &outcome.next_version)?;
        eprintln!("{message}");
    }
    let failed = args
        .fail_on
        .is_some_and(|level| report.rust().is_some_and(|r| r >= level))
        || (args.fail_on_breaking && report.wire() == Wire::Breaking)
        || outcome.bump.as_ref().is_some_and(|bump| !bump.enough);
    Ok(if failed {
        ExitCode::from(FAIL)
    } else {
        ExitCode::SUCCESS
    })
}

/// Runs git in `root`; its standard output, or its error.
fn git(root: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if out.status.success() {
        Ok(out.stdout)
    } else {
        let err = String::from_utf8_lossy(&out.stderr).trim().to_owned();
        Err(if err.is_empty() {
            format!("`git {}` failed", args.join(" "))
        } else {
            err
        })
    }
}

/// Writes the `spec/` of `commit` into `scratch/<commit>/spec` (recreated) and returns it.
fn checkout_spec(root: &Path, commit: &str, scratch: &Path) -> Result<PathBuf, String> {
    let dir = scratch.join(commit).join("spec");
    if scratch.exists() {
        std::fs::remove_dir_all(scratch)
            .map_err(|e| format!("cannot clear {}: {e}", scratch.display()))?;
    }
    let listing = git(root, &["ls-tree", "-r", "-z", commit, "--", "spec/"])?;
    let mut files = 0;
    for entry in listing.split(|b| *b == 0).filter(|e| !e.is_empty()) {
        let entry = String::from_utf8_lossy(entry);
        // `<mode> SP <type> SP <object> TAB <path>`
        let Some((meta, path)) = entry.split_once('\t') else {
            continue;
        };
        let mut meta = meta.split(' ');
        let (Some(_mode), Some("blob"), Some(object)) = (meta.next(), meta.next(), meta.next())
        else {
            continue;
        };
        let Some(relative) = path.strip_prefix("spec/") else {
            continue;
        };
        let target = dir.join(relative);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        let bytes = git(root, &["cat-file", "blob", object])?;
        std::fs::write(&target, bytes)
            .map_err(|e| format!("cannot write {}: {e}", target.display()))?;
        files += 1;
    }
    if files == 0 {
        return Err(format!("commit {commit} has no spec/ directory"));
    }
    Ok(dir)
}

/// Builds the model of a spec, a generator panic reported as an error.
fn build(dir: &Path, what: &str) -> Result<halopsa_codegen::model::Api, String> {
    let dir_owned = dir.to_path_buf();
    match crate::guarded(dir, move || halopsa_codegen::model(&dir_owned)) {
        Err(bug) => Err(bug),
        Ok(Err(e)) => Err(format!("{what} does not build:\n{e}")),
        Ok(Ok(api)) => Ok(api),
    }
}

/// The version of `halopsa` at `commit`: the `[package] version` of its
/// `generated/Cargo.toml`.
fn base_version(root: &Path, commit: &str) -> Result<String, String> {
    let file = "generated/Cargo.toml";
    let text = git(root, &["cat-file", "blob", &format!("{commit}:{file}")])
        .map_err(|e| format!("cannot read {file} at {commit}: {e}"))?;
    package_version(&String::from_utf8_lossy(&text))
        .ok_or_else(|| format!("no [package] version in {file} at {commit}"))
}

/// The `[package] version` of a manifest.
fn package_version(text: &str) -> Option<String> {
    let mut in_package = false;
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_package = line == "[package]";
        } else if in_package {
            if let Some(value) = line.strip_prefix("version") {
                let value = value.trim_start().trim_start_matches('=').trim();
                return Some(value.trim_matches('"').to_owned());
            }
        }
    }
    None
}

/// Writes the entry of `report` into the changelog at `path` (created if missing).
fn write_changelog(path: &Path, report: &Report, version: &str) -> Result<String, String> {
    if report.is_empty() {
        return Ok(format!("no change: {} left as it is", path.display()));
    }
    let current = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => diff::CHANGELOG_HEADER.to_owned(),
        Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
    };
    let text = diff::replace_unreleased(&current, &diff::changelog_entry(report, version));
    if text == current {
        return Ok(format!("{} is up to date", path.display()));
    }
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(format!("wrote the {version} entry of {}", path.display()))
}
