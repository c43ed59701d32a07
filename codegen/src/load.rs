//! Stage 1, load: reads the root file and every area file it names into typed documents.
//!
//! A YAML syntax error or a construct the generator does not accept (an unknown key, a
//! wrong type) is reported with file, line and column. Every file is tried, so one run
//! reports the problems of all of them.

use crate::diagnostics::{Diagnostic, Diagnostics, Error};
use crate::locate::{self, Locator, Position};
use crate::openapi::{AreaFile, RootFile};
use serde::de::DeserializeOwned;
use std::path::Path;

/// The root file's name inside the spec directory.
pub const ROOT_FILE: &str = "openapi.yaml";

/// One loaded file: its name, its typed document and where its nodes are.
#[derive(Debug)]
pub struct Loaded<T> {
    /// File name relative to the spec directory.
    pub file: String,
    /// The typed document.
    pub doc: T,
    /// Node positions, for check errors.
    pub locator: Locator,
}

impl<T> Loaded<T> {
    /// A diagnostic at the node `path` of this file.
    pub fn error(&self, path: &[&str], message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            file: self.file.clone(),
            position: self.locator.find(path),
            message: message.into(),
        }
    }
}

/// The whole spec as loaded: the root and the areas in the root's tag order.
#[derive(Debug)]
pub struct LoadedSpec {
    /// The root file.
    pub root: Loaded<RootFile>,
    /// One area per root tag, in tag order.
    pub areas: Vec<Loaded<AreaFile>>,
}

/// Loads the spec in `dir`.
pub fn load(dir: &Path) -> Result<LoadedSpec, Error> {
    let mut diagnostics = Vec::new();
    let root = match load_file::<RootFile>(dir, ROOT_FILE)? {
        Ok(root) => root,
        Err(d) => return Err(Diagnostics(vec![d]).into()),
    };
    // The area files are parsed on all processors, the largest first; the results come
    // back in tag order.
    // Each file's size, `None` when it is not a file.
    let mut tags: Vec<(usize, &str, Option<u64>)> = root
        .doc
        .tags
        .iter()
        .enumerate()
        .map(|(index, tag)| {
            let size = std::fs::metadata(dir.join(&tag.file))
                .ok()
                .filter(|m| m.is_file())
                .map(|m| m.len());
            (index, tag.file.as_str(), size)
        })
        .collect();
    tags.sort_by_key(|&(index, _, size)| (std::cmp::Reverse(size), index));
    let mut results = crate::parallel::map(&tags, |&(index, file, size)| {
        if size.is_none() {
            let path = ["tags", &index.to_string(), "x-halopsa-file"];
            return Ok(Err(
                root.error(&path, format!("area file `{file}` not found"))
            ));
        }
        load_file::<AreaFile>(dir, file)
    })
    .into_iter()
    .zip(&tags)
    .map(|(result, &(index, _, _))| (index, result))
    .collect::<Vec<_>>();
    results.sort_by_key(|(index, _)| *index);
    let mut areas = Vec::new();
    for (_, result) in results {
        match result? {
            Ok(area) => areas.push(area),
            Err(d) => diagnostics.push(d),
        }
    }
    if diagnostics.is_empty() {
        Ok(LoadedSpec { root, areas })
    } else {
        Err(Diagnostics(diagnostics).into())
    }
}

/// Reads and parses one file; `Ok(Err(_))` is a spec problem, `Err(_)` an I/O failure.
fn load_file<T: DeserializeOwned>(
    dir: &Path,
    name: &str,
) -> Result<Result<Loaded<T>, Diagnostic>, Error> {
    let path = dir.join(name);
    let bytes = std::fs::read(&path).map_err(|source| Error::Io {
        path: path.display().to_string(),
        source,
    })?;
    Ok(text_of(name, &bytes).and_then(|text| parse(name, text)))
}

/// The text of a file: UTF-8, without a byte order mark, and with no NUL byte.
fn text_of<'a>(name: &str, bytes: &'a [u8]) -> Result<&'a str, Diagnostic> {
    let at = |offset: usize, message: &str| Diagnostic {
        file: name.to_owned(),
        position: position_of(&bytes[..offset]),
        message: message.to_owned(),
    };
    let text = std::str::from_utf8(bytes)
        .map_err(|e| at(e.valid_up_to(), "the file is not valid UTF-8 from here"))?;
    if let Some(offset) = text.find('\0') {
        return Err(at(offset, "the file holds a NUL byte"));
    }
    Ok(text.strip_prefix('\u{feff}').unwrap_or(text))
}

/// The line and column just after `before`.
fn position_of(before: &[u8]) -> Position {
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    Position { line, column }
}

/// Parses one file's text.
pub fn parse<T: DeserializeOwned>(name: &str, text: &str) -> Result<Loaded<T>, Diagnostic> {
    if text.trim().is_empty() {
        return Err(Diagnostic {
            file: name.to_owned(),
            position: Position { line: 1, column: 1 },
            message: "the file is empty".to_owned(),
        });
    }
    let (value, locator) = locate::parse(text).map_err(|e| Diagnostic {
        file: name.to_owned(),
        position: e.position,
        message: e.message,
    })?;
    if let Some((position, key, first)) = locator.duplicates().first() {
        return Err(Diagnostic {
            file: name.to_owned(),
            position: *position,
            message: format!(
                "key `{key}` is given twice in one mapping (first at line {})",
                first.line
            ),
        });
    }
    if let Some((position, key)) = locator.nulls().first() {
        return Err(Diagnostic {
            file: name.to_owned(),
            position: *position,
            message: format!(
                "`{key}` is null: leave the key out, or give it a value (`null` means nothing here)"
            ),
        });
    }
    // The typed document is read from the same parse; a value of the wrong shape is
    // located by the path serde was at.
    match serde_path_to_error::deserialize::<_, T>(value) {
        Ok(doc) => Ok(Loaded {
            file: name.to_owned(),
            doc,
            locator,
        }),
        Err(err) => {
            let steps: Vec<_> = err.path().iter().cloned().collect();
            let path: Vec<String> = steps.iter().map(segment).collect();
            let inner = err.into_inner().to_string();
            // serde's own wording: an unknown key is shown at the key, any other problem at
            // the value of the wrong shape.
            let unknown_key = inner.starts_with("unknown field");
            let position = match unknown_key {
                true => locator.find(&path),
                false => locator.find_value(&path),
            };
            // The message names the mapping that holds the problem (the key names itself).
            let holder = match unknown_key {
                true => &steps[..steps.len().saturating_sub(1)],
                false => &steps[..],
            };
            let message = match holder.is_empty() {
                true => inner,
                false => format!("{}: {inner}", dotted(holder)),
            };
            Err(Diagnostic {
                file: name.to_owned(),
                position,
                message,
            })
        }
    }
}

/// A node path as people write it: `paths./A.get.parameters[0].in`.
fn dotted(path: &[serde_path_to_error::Segment]) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for step in path {
        match step {
            Segment::Seq { index } => out.push_str(&format!("[{index}]")),
            other => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(&segment(other));
            }
        }
    }
    out
}

/// A step of serde's path as the locator names it: a key, or a sequence index.
fn segment(segment: &serde_path_to_error::Segment) -> String {
    use serde_path_to_error::Segment;
    match segment {
        Segment::Seq { index } => index.to_string(),
        Segment::Map { key } | Segment::Enum { variant: key } => key.clone(),
        Segment::Unknown => String::new(),
    }
}
