//! Stage 6, write: writes the files whose content changed, or (check mode) lists the files
//! that differ from what the spec produces.

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
        if current.as_deref() == Some(file.text.as_str()) {
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
