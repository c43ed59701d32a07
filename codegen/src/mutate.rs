//! Seeded mutations of a spec, for robustness testing: whatever a hand edit does to the
//! YAML, the generator must answer with a located error or a crate, never a panic, and
//! quickly. `cargo xtask fuzz` and the test suite run the generator over mutants of the
//! real spec.
//!
//! Mutations work on the text, line by line, as a careless edit would: delete a line (a
//! key), change a scalar's type, duplicate a block (a node), truncate the file, swap two
//! lines, indent or dedent a line, insert odd characters, rename a key.

use crate::diagnostics::Error;
use std::path::Path;
use std::time::{Duration, Instant};

/// A small deterministic random number generator (xorshift64*): the same seed gives the
/// same mutants on every machine.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed (any value; 0 is replaced).
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    /// The next number.
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }
}

/// The kinds of mutation, as applied by [`mutate`].
pub const KINDS: &[&str] = &[
    "delete a line",
    "change a scalar's type",
    "duplicate a block",
    "truncate the file",
    "swap two lines",
    "indent a line",
    "dedent a line",
    "insert odd characters",
    "rename a key",
    "empty a value",
];

/// Scalars a value may be changed to.
const SCALARS: &[&str] = &[
    "42",
    "-1",
    "3.5",
    "true",
    "null",
    "''",
    "[]",
    "{}",
    "[1, x]",
    "{a: 1}",
    "~",
    "'m²'",
    "\"\\u202e\"",
    "'#/components/schemas/Nope'",
    "object",
    "array",
    "'{id'",
    "1e400",
];

/// Odd text to insert.
const ODD: &[&str] = &[
    "\t",
    "\u{feff}",
    "\u{202e}",
    "²",
    "🎫",
    "{",
    "}",
    "'",
    "\"",
    ":",
    " - ",
    "&a",
    "*a",
    "!!binary",
    "\r",
    "%YAML 1.2",
];

/// One mutant of `text`, and which kind of mutation made it.
pub fn mutate(text: &str, rng: &mut Rng) -> (String, &'static str) {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    if lines.is_empty() {
        return (String::new(), KINDS[3]);
    }
    let kind = rng.below(KINDS.len());
    let at = rng.below(lines.len());
    match kind {
        0 => {
            lines.remove(at);
        }
        1 => {
            if let Some(colon) = lines[at].find(": ") {
                let scalar = SCALARS[rng.below(SCALARS.len())];
                lines[at] = format!("{}: {scalar}", &lines[at][..colon]);
            }
        }
        2 => {
            let indent = indent_of(&lines[at]);
            let end = (at + 1..lines.len())
                .find(|&i| indent_of(&lines[i]) <= indent)
                .unwrap_or(lines.len());
            let block: Vec<String> = lines[at..end].to_vec();
            for (i, line) in block.into_iter().enumerate() {
                lines.insert(end + i, line);
            }
        }
        3 => {
            let cut = rng.below(text.len());
            let cut = (0..=cut)
                .rev()
                .find(|&i| text.is_char_boundary(i))
                .unwrap_or(0);
            return (text[..cut].to_owned(), KINDS[3]);
        }
        4 => {
            let other = rng.below(lines.len());
            lines.swap(at, other);
        }
        5 => lines[at].insert_str(0, "  "),
        6 => {
            let trimmed = lines[at].strip_prefix("  ").map(str::to_owned);
            if let Some(t) = trimmed {
                lines[at] = t;
            }
        }
        7 => {
            let odd = ODD[rng.below(ODD.len())];
            let line = &mut lines[at];
            let pos = rng.below(line.len() + 1);
            let pos = (0..=pos)
                .rev()
                .find(|&i| line.is_char_boundary(i))
                .unwrap_or(0);
            line.insert_str(pos, odd);
        }
        8 => {
            if let Some(colon) = lines[at].find(':') {
                let indent = indent_of(&lines[at]);
                let names = [
                    "type",
                    "items",
                    "$ref",
                    "properties",
                    "operationId",
                    "in",
                    "name",
                    "self",
                    "m²",
                    "extra_fields",
                    "Result",
                    "page_no",
                ];
                let name = names[rng.below(names.len())];
                lines[at] = format!("{}{name}{}", " ".repeat(indent), &lines[at][colon..]);
            }
        }
        _ => {
            if let Some(colon) = lines[at].find(':') {
                lines[at].truncate(colon + 1);
            }
        }
    }
    let mut out = lines.join("\n");
    out.push('\n');
    (out, KINDS[kind])
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// How the generator answered one mutant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// It generated a crate.
    Accepted,
    /// It reported located errors.
    Rejected,
    /// It failed in another way (I/O, an internal error): a bug.
    Failed(String),
    /// It panicked: a bug.
    Panicked(String),
}

/// Runs load → check → model → emit (the SDK, the endpoint tests and the command line's
/// commands; with `format`, formatted too) on the spec in `dir`, catching any panic. Returns the outcome and how long it took.
pub fn run(dir: &Path, format: bool) -> (Outcome, Duration) {
    let start = Instant::now();
    let result = std::panic::catch_unwind(|| -> Result<(), Error> {
        let api = crate::model(dir)?;
        if format {
            crate::sdk_files(&api, crate::DEFAULT_VERSION)?;
            crate::endpoint_test_files(&api)?;
            crate::cli_files(&api)?;
        } else {
            drop(crate::emit::emit(
                &api,
                &crate::emit::CrateConfig::sdk(crate::DEFAULT_VERSION),
            ));
            drop(crate::endpoint_tests::emit(&api));
            drop(crate::cli::emit(&api));
        }
        Ok(())
    });
    let outcome = match result {
        Ok(Ok(())) => Outcome::Accepted,
        Ok(Err(Error::Spec(_))) => Outcome::Rejected,
        Ok(Err(other)) => Outcome::Failed(other.to_string()),
        Err(payload) => Outcome::Panicked(panic_message(payload.as_ref())),
    };
    (outcome, start.elapsed())
}

/// The message of a panic payload.
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".to_owned())
}

/// Counts of a mutation run.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// Mutants run.
    pub cases: usize,
    /// Mutants that generated a crate.
    pub accepted: usize,
    /// Mutants rejected with located errors.
    pub rejected: usize,
    /// Panics and other failures: `(case, kind of mutation, file, message)`.
    pub bugs: Vec<(usize, &'static str, String, String)>,
    /// The slowest case's time.
    pub slowest: Duration,
}

/// Runs `cases` mutants of the spec in `spec` (one file mutated each time), in the scratch
/// directory `scratch`, from `seed`. Every `format_every`-th case is also formatted (the
/// slow stage, which cannot panic on what emit produced).
pub fn campaign(
    spec: &Path,
    scratch: &Path,
    cases: usize,
    seed: u64,
    format_every: usize,
) -> std::io::Result<Summary> {
    let mut files: Vec<(String, String)> = Vec::new();
    for entry in std::fs::read_dir(spec)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "yaml") {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            files.push((name, std::fs::read_to_string(&path)?));
        }
    }
    files.sort();
    std::fs::create_dir_all(scratch)?;
    let mut rng = Rng::new(seed);
    let mut summary = Summary::default();
    for case in 0..cases {
        let target = rng.below(files.len());
        let (mutant, kind) = mutate(&files[target].1, &mut rng);
        for (i, (name, text)) in files.iter().enumerate() {
            let content = if i == target { &mutant } else { text };
            std::fs::write(scratch.join(name), content)?;
        }
        let format = format_every > 0 && case % format_every == 0;
        let (outcome, took) = run(scratch, format);
        summary.cases += 1;
        summary.slowest = summary.slowest.max(took);
        match outcome {
            Outcome::Accepted => summary.accepted += 1,
            Outcome::Rejected => summary.rejected += 1,
            Outcome::Failed(message) | Outcome::Panicked(message) => {
                let file = files[target].0.clone();
                let keep = scratch.join(format!("failure-{case}-{file}"));
                std::fs::write(keep, &mutant)?;
                summary.bugs.push((case, kind, file, message));
            }
        }
    }
    Ok(summary)
}
