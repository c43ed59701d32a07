//! The formatting memo: formatted files kept between runs of one generator binary, so that
//! a run whose emitted code has not changed (the usual `cargo xtask generate --check`)
//! skips formatting, most of its time.
//!
//! Opt-in ([`enable`], which the xtask calls): an entry is the formatted text of one file,
//! named by a hash of the unformatted text, the file's path and source, and the generator
//! binary's own path, size and modification time, so a rebuilt generator (another formatter
//! or other emitters) never reads the entries of the one before. A missing or unreadable
//! entry is formatted anew; the memo never fails a run. [`prune`] keeps only the entries
//! the run used, so the memo is one run's output in size.

use std::collections::HashSet;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::PathBuf;
use std::sync::{Mutex, OnceLock};

/// Where the memo is and what this binary adds to every key.
struct Memo {
    dir: PathBuf,
    salt: u64,
    used: Mutex<HashSet<String>>,
}

static MEMO: OnceLock<Memo> = OnceLock::new();

/// Keeps formatted files in the directory `halopsa-format-memo` beside the running
/// binary (`target/debug/` for the xtask). Does nothing when the binary cannot be found.
pub fn enable() {
    let Some((exe, meta)) = std::env::current_exe()
        .ok()
        .and_then(|exe| std::fs::metadata(&exe).ok().map(|meta| (exe, meta)))
    else {
        return;
    };
    let Some(dir) = exe.parent().map(|p| p.join("halopsa-format-memo")) else {
        return;
    };
    let mut hasher = DefaultHasher::new();
    exe.hash(&mut hasher);
    meta.len().hash(&mut hasher);
    meta.modified().ok().hash(&mut hasher);
    let _ = MEMO.set(Memo {
        dir,
        salt: hasher.finish(),
        used: Mutex::new(HashSet::new()),
    });
}

/// Where the last run's record ([`crate::last_run`]) is kept, and the salt of this
/// binary, when the memo is on: beside the memo's directory.
pub(crate) fn last_run() -> Option<(PathBuf, u64)> {
    let memo = MEMO.get()?;
    Some((memo.dir.with_file_name("halopsa-last-run"), memo.salt))
}

/// Whether the memo is on (the xtask called [`enable`]).
pub(crate) fn is_on() -> bool {
    MEMO.get().is_some()
}

/// The entry name of one file's formatting, when the memo is on.
pub(crate) fn key(path: &str, source: &str, text: &str) -> Option<String> {
    let memo = MEMO.get()?;
    let mut hasher = DefaultHasher::new();
    (memo.salt, path, source, text).hash(&mut hasher);
    Some(hex128(hasher))
}

/// 128 bits of what `hasher` was fed, in hex: its hash, then its state once more with
/// that hash fed back in (the names of memo entries, the keys of the last run's record).
pub(crate) fn hex128(mut hasher: DefaultHasher) -> String {
    let first = hasher.finish();
    first.hash(&mut hasher);
    format!("{first:016x}{:016x}", hasher.finish())
}

/// The formatted text kept under `key`, marked as used by this run.
pub(crate) fn get(key: &str) -> Option<String> {
    let memo = MEMO.get()?;
    let text = std::fs::read_to_string(memo.dir.join(key)).ok()?;
    memo.used.lock().ok()?.insert(key.to_owned());
    Some(text)
}

/// Keeps `text` under `key` (written aside and renamed, so a concurrent run never reads
/// half an entry).
pub(crate) fn put(key: &str, text: &str) {
    let Some(memo) = MEMO.get() else { return };
    if std::fs::create_dir_all(&memo.dir).is_err() {
        return;
    }
    let partial = memo
        .dir
        .join(format!("{key}.{}.partial", std::process::id()));
    if std::fs::write(&partial, text).is_ok()
        && std::fs::rename(&partial, memo.dir.join(key)).is_ok()
    {
        if let Ok(mut used) = memo.used.lock() {
            used.insert(key.to_owned());
        }
    } else {
        let _ = std::fs::remove_file(&partial);
    }
}

/// Removes the entries this run did not use (another spec's, an older generator's).
pub fn prune() {
    let Some(memo) = MEMO.get() else { return };
    let Ok(used) = memo.used.lock() else { return };
    let Ok(entries) = std::fs::read_dir(&memo.dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        if !name.to_str().is_some_and(|n| used.contains(n)) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}
