//! Mutation testing of the generator: seeded mutants of the real spec (a line deleted, a
//! scalar's type changed, a block duplicated, the file truncated, odd characters…) must
//! each give a crate or located errors, never a panic or another failure, and quickly.
//! `cargo xtask fuzz --cases N --seed S` runs longer campaigns.

#![forbid(unsafe_code)]

use std::path::Path;

#[test]
fn mutants_of_the_spec_never_panic() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join("mutations");
    let _ = std::fs::remove_dir_all(&scratch);
    let summary = halopsa_codegen::mutate::campaign(&root.join("spec"), &scratch, 300, 2026, 50)
        .expect("the scratch directory is writable");
    assert_eq!(summary.cases, 300);
    assert!(
        summary.bugs.is_empty(),
        "mutants the generator failed on (kept in {}): {:#?}",
        scratch.display(),
        summary.bugs
    );
    // Both outcomes occur: the mutations reach past the parser.
    assert!(summary.accepted > 0 && summary.rejected > 0, "{summary:?}");
}

#[test]
fn the_mutator_is_deterministic() {
    use halopsa_codegen::mutate::{mutate, Rng};
    let text = "paths:\n  /A:\n    get:\n      operationId: a\n";
    let run = |seed| {
        let mut rng = Rng::new(seed);
        (0..20)
            .map(|_| mutate(text, &mut rng).0)
            .collect::<Vec<_>>()
    };
    assert_eq!(run(7), run(7));
    assert_ne!(run(7), run(8));
}
