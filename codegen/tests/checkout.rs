//! The generated files in a git checkout: `.gitattributes` marks every one of them
//! generated, with LF line endings (asked of git itself), and `cargo xtask generate
//! --check` on a checkout whose text files have CRLF line endings (git's `core.autocrlf`
//! on Windows, or files copied from such a checkout) finds what it finds on the original.

#![forbid(unsafe_code)]

use std::path::{Path, PathBuf};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Copies `from` (a file or a directory) to `to`, text with CRLF line endings.
fn copy_crlf(from: &Path, to: &Path) {
    if from.is_dir() {
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            copy_crlf(&entry.path(), &to.join(entry.file_name()));
        }
        return;
    }
    let text = std::fs::read_to_string(from).unwrap();
    assert!(!text.contains('\r'), "{} has CR already", from.display());
    std::fs::create_dir_all(to.parent().unwrap()).unwrap();
    std::fs::write(to, text.replace('\n', "\r\n")).unwrap();
}

#[test]
fn a_crlf_checkout_checks_like_the_original() {
    let root = workspace();
    let original = halopsa_codegen::run_workspace(&root, true).expect("the workspace generates");
    assert!(original.unchanged.len() >= 10, "{original:?}");
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join("crlf-checkout");
    let _ = std::fs::remove_dir_all(&scratch);
    // What the generator reads, and every file it writes.
    let inputs = ["Cargo.toml", "spec", halopsa_codegen::ODD_SPEC];
    let outputs = original.unchanged.iter().chain(&original.changed);
    for path in inputs.iter().copied().chain(outputs.map(String::as_str)) {
        if root.join(path).exists() {
            copy_crlf(&root.join(path), &scratch.join(path));
        }
    }
    let crlf = halopsa_codegen::run_workspace(&scratch, true).expect("the CRLF copy generates");
    assert_eq!(crlf, original);

    // A real difference still shows, CRLF or not.
    let lib = scratch.join("generated/src/lib.rs");
    let text = std::fs::read_to_string(&lib).unwrap();
    std::fs::write(&lib, text.replacen("\r\n", "\r\n// edited by hand\r\n", 1)).unwrap();
    let edited = halopsa_codegen::run_workspace(&scratch, true).unwrap();
    assert!(
        edited.changed.contains(&"generated/src/lib.rs".to_owned()),
        "{edited:?}"
    );
}

/// Every file `cargo xtask generate` writes is `linguist-generated` (collapsed in
/// pull-request diffs) with `eol=lf`, as `git check-attr` reads `.gitattributes`.
#[test]
fn every_generated_file_is_marked_in_gitattributes() {
    let root = workspace();
    let report = halopsa_codegen::run_workspace(&root, true).expect("the workspace generates");
    let paths: Vec<&String> = report.unchanged.iter().chain(&report.changed).collect();
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(&root)
        .args(["check-attr", "linguist-generated", "eol", "--"])
        .args(&paths)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let attributes = String::from_utf8(out.stdout).unwrap();
    for path in paths {
        for expected in ["linguist-generated: true", "eol: lf"] {
            assert!(
                attributes.contains(&format!("{path}: {expected}\n")),
                "{path} lacks `{expected}` in .gitattributes:\n{attributes}"
            );
        }
    }
}
