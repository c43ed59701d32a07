//! Stage 6, write: writes the files whose content changed, or (check mode) lists the files
//! that differ from what the spec produces. Line endings are not content: a file checked
//! out with CRLF line endings (git's `core.autocrlf` on Windows, an editor) that says
//! what the generator says is up to date, and is left as it is.

use crate::diagnostics::Error;
use crate::format::FormattedFile;
use std::path::Path;

/// What a write or a check found.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct WriteReport {
    /// Files written (or, in check mode, that would be).
    pub changed: Vec<String>,
    /// Files left alone because they were already up to date.
    pub unchanged: Vec<String>,
    /// Files under `src/` that the spec no longer produces (removed, or listed in check mode).
    pub stale: Vec<String>,
}

impl WriteReport {
    /// True when nothing differs.
    pub fn is_clean(&self) -> bool {
        self.changed.is_empty() && self.stale.is_empty()
    }

    /// Adds another write's report, its paths under `prefix`.
    pub fn merge(&mut self, other: WriteReport, prefix: &str) {
        let under = |names: Vec<String>| names.into_iter().map(|n| format!("{prefix}{n}"));
        self.changed.extend(under(other.changed));
        self.unchanged.extend(under(other.unchanged));
        self.stale.extend(under(other.stale));
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error {
    let path = path.display().to_string();
    move |source| Error::Io { path, source }
}

/// Writes (or with `check`, compares) `files` under `out_dir`, and removes (or lists) the
/// files of `out_dir/src` that the spec no longer produces.
pub fn write(out_dir: &Path, files: &[FormattedFile], check: bool) -> Result<WriteReport, Error> {
    let mut report = write_files(out_dir, files, check)?;
    let src = out_dir.join("src");
    if let Ok(entries) = std::fs::read_dir(&src) {
        let mut names: Vec<String> = entries
            .filter_map(|e| e.ok())
            .map(|e| format!("src/{}", e.file_name().to_string_lossy()))
            .filter(|name| !files.iter().any(|f| &f.path == name))
            .collect();
        names.sort();
        for name in names {
            if !check {
                let path = out_dir.join(&name);
                std::fs::remove_file(&path).map_err(io(&path))?;
            }
            report.stale.push(name);
        }
    }
    Ok(report)
}

/// Writes (or with `check`, compares) `files` under `base`, only those whose content
/// changed.
pub fn write_files(
    base: &Path,
    files: &[FormattedFile],
    check: bool,
) -> Result<WriteReport, Error> {
    let mut report = WriteReport::default();
    for file in files {
        let path = base.join(&file.path);
        let current = std::fs::read_to_string(&path).ok();
        if current.is_some_and(|current| same_text(&current, &file.text)) {
            report.unchanged.push(file.path.clone());
            continue;
        }
        report.changed.push(file.path.clone());
        if !check {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(io(parent))?;
            }
            std::fs::write(&path, &file.text).map_err(io(&path))?;
        }
    }
    Ok(report)
}

/// Whether a file on disk says what the generator's `text` (LF line endings) says, its
/// line endings aside.
fn same_text(current: &str, text: &str) -> bool {
    current == text || lf_text(current) == text
}

/// A file's text with CRLF line endings made LF, as the generator writes them.
pub(crate) fn lf_text(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains('\r') {
        std::borrow::Cow::Owned(text.replace("\r\n", "\n"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> FormattedFile {
        FormattedFile {
            path: path.to_owned(),
            text: text.to_owned(),
        }
    }

    #[test]
    fn line_endings_are_not_content() {
        assert!(same_text("a\nb\n", "a\nb\n"));
        assert!(same_text("a\r\nb\r\n", "a\nb\n"));
        assert!(!same_text("a\r\nc\r\n", "a\nb\n"));
        // A lone CR is content.
        assert!(!same_text("a\rb\n", "a\nb\n"));
        assert!(!same_text("a\r\nb", "a\nb\n"));
    }

    #[test]
    fn a_crlf_checkout_is_up_to_date_and_left_alone() {
        let dir = std::env::temp_dir().join(format!("halopsa-write-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("crlf.rs"), "// @generated\r\nfn f() {}\r\n").unwrap();
        std::fs::write(dir.join("stale.rs"), "// @generated\r\nfn old() {}\r\n").unwrap();
        let files = [
            file("crlf.rs", "// @generated\nfn f() {}\n"),
            file("stale.rs", "// @generated\nfn new() {}\n"),
        ];
        let checked = write_files(&dir, &files, true).unwrap();
        assert_eq!(checked.unchanged, ["crlf.rs"]);
        assert_eq!(checked.changed, ["stale.rs"]);
        let written = write_files(&dir, &files, false).unwrap();
        assert_eq!(written, checked);
        let read = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap();
        assert_eq!(read("crlf.rs"), "// @generated\r\nfn f() {}\r\n");
        assert_eq!(read("stale.rs"), "// @generated\nfn new() {}\n");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
