//! The last run's record: what a run of the xtask read and left on disk, so that the next
//! run of the same generator binary, finding its inputs and outputs as that run left
//! them, has nothing to do and says so without generating anything.
//!
//! Beside the formatting memo ([`crate::memo`], and only when it is on): a run whose
//! outputs all match the spec records a key (a hash of the generator binary, of every
//! file under the input directories, names and bytes, and of the other input files) and,
//! for every output, its path and a hash of its text. The next run computes the key
//! again; when it is the same, every output still has its text (line endings aside, as
//! [`crate::write`] compares them) and the output directories hold no other file, the run
//! is the report of that run with every file unchanged. Anything else (a spec edit, a
//! rebuilt generator, a file edited, added or removed, no record) runs the whole
//! pipeline, which writes a new record. The generator is deterministic (the tests check
//! that two runs write the same bytes), so the same inputs give the same outputs.

use crate::memo::hex128;
use crate::write::WriteReport;
use std::hash::{DefaultHasher, Hash};
use std::path::{Path, PathBuf};

/// What a run reads: every file under `dirs` (recursively) and the `files`.
#[derive(Debug, Clone)]
pub struct Inputs {
    /// Directories read whole (the specs).
    pub dirs: Vec<PathBuf>,
    /// Single files read (the workspace manifest).
    pub files: Vec<PathBuf>,
}

/// What a run leaves: the files it generated (paths relative to the root) and the
/// directories in which it removes any other file.
#[derive(Debug, Clone)]
pub struct Outputs {
    /// Generated files, relative to the root.
    pub files: Vec<String>,
    /// Directories, relative to the root, that hold generated files only.
    pub owned_dirs: Vec<String>,
}

/// The first line of a record: its format.
const HEADER: &str = "halopsa-codegen last run 1";

/// The record's key for `inputs` under `root`, with `salt` (the generator binary's
/// identity); `None` when an input cannot be read (the pipeline then says what is wrong).
fn key(salt: u64, inputs: &Inputs) -> Option<String> {
    let mut hasher = DefaultHasher::new();
    salt.hash(&mut hasher);
    for dir in &inputs.dirs {
        dir.hash(&mut hasher);
        hash_tree(dir, Path::new(""), &mut hasher)?;
    }
    for file in &inputs.files {
        file.hash(&mut hasher);
        std::fs::read(file).ok()?.hash(&mut hasher);
    }
    Some(hex128(hasher))
}

/// Feeds every entry under `dir` (sorted, names relative to the top) into `hasher`.
fn hash_tree(dir: &Path, relative: &Path, hasher: &mut DefaultHasher) -> Option<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .ok()?
        .collect::<Result<Vec<_>, _>>()
        .ok()?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = relative.join(entry.file_name());
        let kind = entry.file_type().ok()?;
        name.hash(hasher);
        if kind.is_dir() {
            hash_tree(&entry.path(), &name, hasher)?;
        } else {
            std::fs::read(entry.path()).ok()?.hash(hasher);
        }
    }
    Some(())
}

/// The hash of a generated file's text, line endings aside (as [`crate::write`] compares).
fn text_hash(text: &str) -> String {
    let mut hasher = DefaultHasher::new();
    crate::write::lf_text(text).hash(&mut hasher);
    hex128(hasher)
}

/// The names in `dir`, sorted; empty when it does not exist.
fn listing(dir: &Path) -> Option<Vec<String>> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Some(Vec::new());
    };
    let mut names = entries
        .map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect::<Option<Vec<_>>>()?;
    names.sort();
    Some(names)
}

/// The files of `outputs` directly in `dir` (relative to the root), by name, sorted.
fn owned_names(outputs: &[String], dir: &str) -> Vec<String> {
    let prefix = format!("{dir}/");
    let mut names: Vec<String> = outputs
        .iter()
        .filter_map(|f| f.strip_prefix(&prefix))
        .filter(|name| !name.contains('/'))
        .map(str::to_owned)
        .collect();
    names.sort();
    names
}

/// The report of a run that would change nothing, when the record at `record` says so
/// for the `inputs` under `root`.
pub fn unchanged(record: &Path, salt: u64, root: &Path, inputs: &Inputs) -> Option<WriteReport> {
    let text = std::fs::read_to_string(record).ok()?;
    let mut lines = text.lines();
    if lines.next()? != HEADER || lines.next()?.strip_prefix("key ")? != key(salt, inputs)? {
        return None;
    }
    let mut files = Vec::new();
    let mut owned_dirs = Vec::new();
    for line in lines {
        if let Some(rest) = line.strip_prefix("file ") {
            let (hash, path) = rest.split_once(' ')?;
            let current = std::fs::read_to_string(root.join(path)).ok()?;
            if text_hash(&current) != hash {
                return None;
            }
            files.push(path.to_owned());
        } else {
            owned_dirs.push(line.strip_prefix("dir ")?.to_owned());
        }
    }
    for dir in &owned_dirs {
        if listing(&root.join(dir))? != owned_names(&files, dir) {
            return None;
        }
    }
    Some(WriteReport {
        unchanged: files,
        ..WriteReport::default()
    })
}

/// Records the run that left `outputs` under `root` from `inputs` (outputs read back as
/// they are on disk now). A record that cannot be written is no record: the next run
/// runs the pipeline.
pub fn record(record: &Path, salt: u64, root: &Path, inputs: &Inputs, outputs: &Outputs) {
    let _ = std::fs::remove_file(record);
    let Some(key) = key(salt, inputs) else { return };
    let mut text = format!("{HEADER}\nkey {key}\n");
    for path in &outputs.files {
        let Ok(current) = std::fs::read_to_string(root.join(path)) else {
            return;
        };
        text.push_str(&format!("file {} {path}\n", text_hash(&current)));
    }
    for dir in &outputs.owned_dirs {
        text.push_str(&format!("dir {dir}\n"));
    }
    let partial = record.with_extension(format!("{}.partial", std::process::id()));
    if std::fs::write(&partial, text).is_err() || std::fs::rename(&partial, record).is_err() {
        let _ = std::fs::remove_file(&partial);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A scratch workspace: `spec/a.yaml`, `spec/more/b.yaml`, `Cargo.toml`, and the
    /// outputs `out/src/lib.rs`, `out/Cargo.toml`, `other.rs`.
    struct Scratch {
        root: PathBuf,
    }

    impl Scratch {
        fn new(name: &str) -> Self {
            let root = std::env::temp_dir()
                .join(format!("halopsa-last-run-{name}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&root);
            for (path, text) in [
                ("spec/a.yaml", "a: 1\n"),
                ("spec/more/b.yaml", "b: 2\n"),
                ("Cargo.toml", "[workspace.package]\nversion = \"0.1.0\"\n"),
                ("out/src/lib.rs", "// lib\n"),
                ("out/Cargo.toml", "[package]\n"),
                ("other.rs", "// other\n"),
            ] {
                let path = root.join(path);
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(path, text).unwrap();
            }
            Scratch { root }
        }

        fn path(&self, relative: &str) -> PathBuf {
            self.root.join(relative)
        }

        fn inputs(&self) -> Inputs {
            Inputs {
                dirs: vec![self.path("spec")],
                files: vec![self.path("Cargo.toml")],
            }
        }

        fn outputs() -> Outputs {
            Outputs {
                files: ["out/src/lib.rs", "out/Cargo.toml", "other.rs"]
                    .map(str::to_owned)
                    .to_vec(),
                owned_dirs: vec!["out/src".to_owned()],
            }
        }

        fn record(&self, salt: u64) {
            record(
                &self.path("record"),
                salt,
                &self.root,
                &self.inputs(),
                &Self::outputs(),
            );
        }

        fn unchanged(&self, salt: u64) -> Option<WriteReport> {
            unchanged(&self.path("record"), salt, &self.root, &self.inputs())
        }
    }

    impl Drop for Scratch {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.root);
        }
    }

    #[test]
    fn a_run_as_the_last_one_left_it_is_unchanged() {
        let s = Scratch::new("same");
        assert!(s.unchanged(7).is_none(), "no record yet");
        s.record(7);
        let report = s.unchanged(7).expect("nothing changed");
        assert_eq!(report.unchanged, Scratch::outputs().files);
        assert!(report.is_clean());
        // A CRLF checkout of an output says the same.
        std::fs::write(s.path("other.rs"), "// other\r\n").unwrap();
        assert!(s.unchanged(7).is_some());
    }

    /// A change made to a scratch workspace after its run was recorded.
    type Change = fn(&Scratch);

    #[test]
    fn any_change_to_inputs_outputs_or_generator_runs_the_pipeline() {
        let changes: [(&str, Change); 8] = [
            ("a spec file edited", |s| {
                std::fs::write(s.path("spec/a.yaml"), "a: 2\n").unwrap()
            }),
            ("a nested spec file edited", |s| {
                std::fs::write(s.path("spec/more/b.yaml"), "b: 3\n").unwrap()
            }),
            ("a spec file added", |s| {
                std::fs::write(s.path("spec/c.yaml"), "").unwrap()
            }),
            ("a spec file renamed", |s| {
                std::fs::rename(s.path("spec/a.yaml"), s.path("spec/z.yaml")).unwrap()
            }),
            ("the manifest edited", |s| {
                std::fs::write(s.path("Cargo.toml"), "[workspace.package]\n").unwrap()
            }),
            ("an output edited", |s| {
                std::fs::write(s.path("other.rs"), "// edited\n").unwrap()
            }),
            ("an output removed", |s| {
                std::fs::remove_file(s.path("out/Cargo.toml")).unwrap()
            }),
            ("a file added among the outputs", |s| {
                std::fs::write(s.path("out/src/old.rs"), "").unwrap()
            }),
        ];
        for (what, change) in changes {
            let s = Scratch::new("change");
            s.record(7);
            change(&s);
            assert!(s.unchanged(7).is_none(), "{what}: seen as unchanged");
        }
        let s = Scratch::new("salt");
        s.record(7);
        assert!(s.unchanged(8).is_none(), "another generator binary");
        std::fs::write(s.path("record"), "halopsa-codegen last run 0\n").unwrap();
        assert!(s.unchanged(7).is_none(), "another record format");
    }
}
