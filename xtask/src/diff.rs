//! `cargo xtask diff [BASE]`: what the spec change between a git revision and the working
//! tree means for the users of `halopsa`, as a pull-request comment (Markdown) or JSON.
//!
//! The base spec is read with git plumbing (`git ls-tree`, `git cat-file`) into
//! `target/spec-diff/`, both specs are built into models, and
//! [`halopsa_codegen::diff::diff`] compares them. `--changelog` writes the entry for the
//! change into `generated/CHANGELOG.md`, replacing the unreleased entry if there is one.

use halopsa_codegen::diff::{self, Change, Report, Semver, Wire};
use serde::Serialize;
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
    #[arg(long, value_enum)]
    fail_on: Option<Level>,
    /// Exit with status 1 when a change breaks the wire.
    #[arg(long)]
    fail_on_breaking: bool,
    /// Write the change's entry into `generated/CHANGELOG.md` (replacing the unreleased
    /// entry, if any).
    #[arg(long)]
    changelog: bool,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Markdown,
    Json,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Level {
    Major,
    Minor,
    Patch,
}

impl Level {
    fn semver(self) -> Semver {
        match self {
            Level::Major => Semver::Major,
            Level::Minor => Semver::Minor,
            Level::Patch => Semver::Patch,
        }
    }
}

/// The comparison and what it is a comparison of.
#[derive(Serialize)]
struct Outcome<'a> {
    /// The revision given.
    base: &'a str,
    /// The commit it names.
    base_commit: &'a str,
    /// The version of `halopsa` in `generated/Cargo.toml`.
    current_version: &'a str,
    /// The version after this change.
    next_version: &'a str,
    /// The overall Rust API verdict (`null`: no change).
    rust: Option<Semver>,
    /// The overall wire verdict.
    wire: Wire,
    /// Every change.
    changes: &'a [Change],
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
    let current = current_version(root)?;
    let next = diff::next_version(&current, report.rust())?;
    let outcome = Outcome {
        base: &args.base,
        base_commit: &commit,
        current_version: &current,
        next_version: &next,
        rust: report.rust(),
        wire: report.wire(),
        changes: &report.changes,
    };
    let text = match args.format {
        Format::Markdown => markdown(&outcome),
        Format::Json => serde_json::to_string_pretty(&outcome).map_err(|e| e.to_string())? + "\n",
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
        let message = write_changelog(&path, &report, &next)?;
        eprintln!("{message}");
    }
    let failed = args
        .fail_on
        .is_some_and(|level| report.rust().is_some_and(|r| r >= level.semver()))
        || (args.fail_on_breaking && report.wire() == Wire::Breaking);
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

/// The version of `halopsa` in `generated/Cargo.toml`.
fn current_version(root: &Path) -> Result<String, String> {
    let path = root.join("generated/Cargo.toml");
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut in_package = false;
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_package = line == "[package]";
        } else if in_package {
            if let Some(value) = line.strip_prefix("version") {
                let value = value.trim_start().trim_start_matches('=').trim();
                return Ok(value.trim_matches('"').to_owned());
            }
        }
    }
    Err(format!("no [package] version in {}", path.display()))
}

/// A table cell: one line, no `|`.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

fn rust_meaning(level: Semver, current: &str) -> String {
    match level {
        Semver::Major => format!("code written against `halopsa` {current} may no longer compile"),
        Semver::Minor => {
            format!("items added: code written against `halopsa` {current} still compiles")
        }
        Semver::Patch => format!(
            "documentation only: code written against `halopsa` {current} compiles as before"
        ),
    }
}

fn wire_meaning(wire: Wire, current: &str) -> String {
    match wire {
        Wire::Breaking => format!(
            "a program built on `halopsa` {current} may fail against the API the new spec describes"
        ),
        Wire::Compatible => format!(
            "a program built on `halopsa` {current} works against the API the new spec describes"
        ),
    }
}

/// The pull-request comment.
fn markdown(o: &Outcome) -> String {
    let short = &o.base_commit[..o.base_commit.len().min(12)];
    let mut out = String::new();
    let Some(rust) = o.rust else {
        out.push_str("## Spec change: none\n\n");
        out.push_str(&format!(
            "The spec at `{}` (`{short}`) and the working tree describe the same API \
             (formatting, comments and order aside): `halopsa` stays {}.\n",
            o.base, o.current_version
        ));
        return out;
    };
    out.push_str(&format!(
        "## Spec change: `halopsa` {} → {}\n\n",
        o.current_version, o.next_version
    ));
    out.push_str("| | verdict | meaning |\n| --- | --- | --- |\n");
    out.push_str(&format!(
        "| Rust API | **{}** | {} |\n",
        rust.as_str(),
        rust_meaning(rust, o.current_version)
    ));
    out.push_str(&format!(
        "| wire | **{}** | {} |\n\n",
        o.wire.as_str(),
        wire_meaning(o.wire, o.current_version)
    ));
    let breaking = o.changes.iter().filter(|c| c.is_breaking()).count();
    out.push_str(&format!(
        "The spec at `{}` (`{short}`) against the working tree: {} change{}, {breaking} of them breaking. \
         Next version by Cargo's semver: {}.\n\n",
        o.base,
        o.changes.len(),
        if o.changes.len() == 1 { "" } else { "s" },
        o.next_version
    ));
    out.push_str("| change | Rust API | wire | why |\n| --- | --- | --- | --- |\n");
    for c in o.changes {
        let mark = |hot: bool, text: &str| {
            if hot {
                format!("**{text}**")
            } else {
                text.to_owned()
            }
        };
        out.push_str(&format!(
            "| {} | {} | {} | Rust: {}. Wire: {}. |\n",
            cell(&c.summary),
            mark(c.rust == Semver::Major, c.rust.as_str()),
            mark(c.wire == Wire::Breaking, c.wire.as_str()),
            cell(&c.rust_reason),
            cell(&c.wire_reason)
        ));
    }
    out.push_str(
        "\n<sub>`cargo xtask diff`; the rules are the table \"What a spec change means for users\" \
         in `spec/README.md`.</sub>\n",
    );
    out
}

const CHANGELOG_HEADER: &str = "# Changelog\n\n\
All notable changes to the `halopsa` crate. The format follows\n\
[Keep a Changelog](https://keepachangelog.com/en/1.1.0/), and versions follow Cargo's\n\
[semver rules](https://doc.rust-lang.org/cargo/reference/semver.html) (for `0.y.z`, a\n\
breaking change bumps `y`). Entries are written from the spec change by\n\
`cargo xtask diff --changelog`, which replaces the unreleased entry each time it runs.\n";

/// The changelog entry of a report, under `## [version] - Unreleased`.
pub fn changelog_entry(report: &Report, version: &str) -> String {
    let mut entry = format!("## [{version}] - Unreleased\n");
    let is_addition = |c: &Change| {
        matches!(c.kind, diff::Kind::Added | diff::Kind::PagingAdded) && !c.is_breaking()
    };
    let groups: [(&str, Vec<&Change>); 3] = [
        (
            "Breaking",
            report.changes.iter().filter(|c| c.is_breaking()).collect(),
        ),
        (
            "Added",
            report.changes.iter().filter(|c| is_addition(c)).collect(),
        ),
        (
            "Changed",
            report
                .changes
                .iter()
                .filter(|c| !c.is_breaking() && !is_addition(c))
                .collect(),
        ),
    ];
    for (title, changes) in groups {
        if changes.is_empty() {
            continue;
        }
        entry.push_str(&format!("\n### {title}\n\n"));
        for c in changes {
            let mut line = format!("- {}.", capitalized(&c.summary));
            if c.rust == Semver::Major {
                line.push_str(&format!(" {}.", capitalized(&c.rust_reason)));
            }
            if c.wire == Wire::Breaking {
                line.push_str(&format!(" On the wire: {}.", c.wire_reason));
            }
            line.push('\n');
            entry.push_str(&line);
        }
    }
    entry
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Puts `entry` into `text` (a changelog): in place of the unreleased entry if there is
/// one, else before the first released one, else at the end.
pub fn replace_unreleased(text: &str, entry: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let is_entry = |l: &str| l.starts_with("## ");
    let unreleased = |l: &str| is_entry(l) && l.trim_end().ends_with("- Unreleased");
    let (start, end) = match lines.iter().position(|l| unreleased(l)) {
        Some(start) => {
            let end = lines[start + 1..]
                .iter()
                .position(|l| is_entry(l))
                .map_or(lines.len(), |i| start + 1 + i);
            (start, end)
        }
        None => {
            let at = lines
                .iter()
                .position(|l| is_entry(l))
                .unwrap_or(lines.len());
            (at, at)
        }
    };
    let mut out: Vec<String> = lines[..start].iter().map(|l| l.to_string()).collect();
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    out.push(String::new());
    out.extend(entry.trim_end().lines().map(str::to_owned));
    if end < lines.len() {
        out.push(String::new());
        out.extend(lines[end..].iter().map(|l| l.to_string()));
    }
    let mut text = out.join("\n");
    text.push('\n');
    text
}

/// Writes the entry of `report` into the changelog at `path` (created if missing).
fn write_changelog(path: &Path, report: &Report, version: &str) -> Result<String, String> {
    if report.is_empty() {
        return Ok(format!("no change: {} left as it is", path.display()));
    }
    let current = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => CHANGELOG_HEADER.to_owned(),
        Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
    };
    let text = replace_unreleased(&current, &changelog_entry(report, version));
    if text == current {
        return Ok(format!("{} is up to date", path.display()));
    }
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(format!("wrote the {version} entry of {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_unreleased_entry_is_replaced_not_repeated() {
        let released = "## [0.1.0] - 2025-01-01\n\n### Added\n\n- Everything.\n";
        let start = format!("{CHANGELOG_HEADER}\n{released}");
        let once = replace_unreleased(&start, "## [0.2.0] - Unreleased\n\n### Added\n\n- A.\n");
        assert!(once.contains("## [0.2.0] - Unreleased\n\n### Added\n\n- A.\n\n## [0.1.0]"));
        let twice = replace_unreleased(&once, "## [0.2.0] - Unreleased\n\n### Added\n\n- A.\n");
        assert_eq!(once, twice);
        let other = replace_unreleased(&twice, "## [0.1.1] - Unreleased\n\n### Changed\n\n- B.\n");
        assert_eq!(other.matches("Unreleased").count(), 1);
        assert!(other.contains("- B.\n\n## [0.1.0] - 2025-01-01"));
        assert!(other.starts_with("# Changelog\n"));
        let fresh = replace_unreleased(CHANGELOG_HEADER, "## [0.1.1] - Unreleased\n");
        assert!(fresh.ends_with("`cargo xtask diff --changelog`, which replaces the unreleased entry each time it runs.\n\n## [0.1.1] - Unreleased\n"));
    }
}
