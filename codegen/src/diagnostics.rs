//! Spec errors: each names the file, line, column and what is wrong.

use crate::locate::Position;
use std::fmt;

/// One problem found in the spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The spec file, relative to the spec directory.
    pub file: String,
    /// Where in the file.
    pub position: Position,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.position.line, self.position.column, self.message
        )
    }
}

/// Everything wrong with a spec, reported together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "error: {d}")?;
        }
        write!(f, "{} error(s) in the spec", self.0.len())
    }
}

impl std::error::Error for Diagnostics {}

/// A generator failure.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The spec is invalid.
    #[error("{0}")]
    Spec(#[from] Diagnostics),
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// An emitted file could not be produced (a generator bug).
    #[error("cannot produce {file}: {message}")]
    Format {
        /// The output file.
        file: String,
        /// The parse error.
        message: String,
    },
}
