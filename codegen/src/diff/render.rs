//! The report as people read it: the pull-request comment (Markdown), JSON, and the
//! changelog entry. Pure text; `cargo xtask diff` prints and writes it.

use super::change::{Change, Kind, Report, Semver, Wire};
use super::version::{next_version, Bump, VersionError};
use serde::Serialize;

/// A comparison and what it is a comparison of: what `cargo xtask diff` prints.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome<'a> {
    /// The revision given.
    pub base: String,
    /// The commit it names.
    pub base_commit: String,
    /// The version of `halopsa` at the base.
    pub current_version: String,
    /// The version after this change.
    pub next_version: String,
    /// The overall Rust API verdict (`null`: no change).
    pub rust: Option<Semver>,
    /// The overall wire verdict.
    pub wire: Wire,
    /// Every change.
    pub changes: &'a [Change],
    /// The version bump of the pull request against what the change needs, when asked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bump: Option<Bump>,
}

impl<'a> Outcome<'a> {
    /// The outcome of `report`, a comparison with the spec at `base` (the revision given,
    /// naming `base_commit`) where `halopsa` is at `current_version`.
    pub fn new(
        base: &str,
        base_commit: &str,
        current_version: &str,
        report: &'a Report,
    ) -> Result<Self, VersionError> {
        Ok(Outcome {
            base: base.to_owned(),
            base_commit: base_commit.to_owned(),
            current_version: current_version.to_owned(),
            next_version: next_version(current_version, report.rust())?,
            rust: report.rust(),
            wire: report.wire(),
            changes: &report.changes,
            bump: None,
        })
    }

    /// With the bump to `head_version` (the version in the working tree) judged against
    /// the change.
    pub fn with_bump(mut self, head_version: &str) -> Result<Self, VersionError> {
        self.bump = Some(Bump::check(&self.current_version, head_version, self.rust)?);
        Ok(self)
    }

    /// As pretty JSON, ending with a newline.
    pub fn json(&self) -> Result<String, serde_json::Error> {
        Ok(serde_json::to_string_pretty(self)? + "\n")
    }

    /// The pull-request comment.
    pub fn markdown(&self) -> String {
        let short = &self.base_commit[..self.base_commit.len().min(12)];
        let mut out = String::new();
        let Some(rust) = self.rust else {
            out.push_str("## Spec change: none\n\n");
            out.push_str(&format!(
                "The spec at `{}` (`{short}`) and the working tree describe the same API \
                 (formatting, comments and order aside): `halopsa` stays {}.\n",
                self.base, self.current_version
            ));
            return out;
        };
        out.push_str(&format!(
            "## Spec change: `halopsa` {} → {}\n\n",
            self.current_version, self.next_version
        ));
        out.push_str("| | verdict | meaning |\n| --- | --- | --- |\n");
        out.push_str(&format!(
            "| Rust API | **{}** | {} |\n",
            rust.as_str(),
            rust_meaning(rust, &self.current_version)
        ));
        out.push_str(&format!(
            "| wire | **{}** | {} |\n\n",
            self.wire.as_str(),
            wire_meaning(self.wire, &self.current_version)
        ));
        let breaking = self.changes.iter().filter(|c| c.is_breaking()).count();
        out.push_str(&format!(
            "The spec at `{}` (`{short}`) against the working tree: {} change{}, {breaking} of them breaking. \
             Next version by Cargo's semver: {}.\n\n",
            self.base,
            self.changes.len(),
            if self.changes.len() == 1 { "" } else { "s" },
            self.next_version
        ));
        if let Some(bump) = &self.bump {
            out.push_str(&bump_paragraph(bump));
        }
        out.push_str("| change | Rust API | wire | why |\n| --- | --- | --- | --- |\n");
        for c in self.changes {
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
}

/// Whether the version bump covers the change, in one paragraph.
fn bump_paragraph(bump: &Bump) -> String {
    if bump.enough {
        format!(
            "Version bump: {} at the base, {} here, which covers the change (it needs {}).\n\n",
            bump.base, bump.head, bump.needed
        )
    } else {
        format!(
            "**Version bump: {} at the base, {} here, but the change needs {}.** Set it as \
             `[workspace.package] version` in `Cargo.toml` (and the exact versions under \
             `[workspace.dependencies]`), then run `cargo xtask generate`.\n\n",
            bump.base, bump.head, bump.needed
        )
    }
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

/// The start of a new `generated/CHANGELOG.md`.
pub const CHANGELOG_HEADER: &str = "# Changelog\n\n\
All notable changes to the `halopsa` crate. The format follows\n\
[Keep a Changelog](https://keepachangelog.com/en/1.1.0/), and versions follow Cargo's\n\
[semver rules](https://doc.rust-lang.org/cargo/reference/semver.html) (for `0.y.z`, a\n\
breaking change bumps `y`). Entries are written from the spec change by\n\
`cargo xtask diff --changelog`, which replaces the unreleased entry each time it runs.\n";

/// The changelog entry of a report, under `## [version] - Unreleased`: its changes
/// grouped as Breaking, Added and Changed.
pub fn changelog_entry(report: &Report, version: &str) -> String {
    let mut entry = format!("## [{version}] - Unreleased\n");
    let is_addition =
        |c: &Change| matches!(c.kind, Kind::Added | Kind::PagingAdded) && !c.is_breaking();
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
