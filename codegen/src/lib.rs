//! The HaloPSA SDK generator: a pipeline from `spec/` to the `halopsa` crate.
//!
//! load → check → model → emit → format → write. Each stage is one module.
pub mod check;
pub mod diagnostics;
pub mod emit;
pub mod endpoint_tests;
pub mod format;
pub mod load;
pub mod locate;
pub mod model;
pub mod openapi;
pub mod report;
pub mod write;

use std::path::Path;

/// Runs load → check → model → emit → format on the spec in `spec_dir` and returns the
/// files of the generated crate, without writing anything.
pub fn generate(spec_dir: &Path) -> Result<Vec<format::FormattedFile>, diagnostics::Error> {
    let loaded = load::load(spec_dir)?;
    let checked = check::check(&loaded)?;
    let api = model::build(&checked);
    format::format(emit::emit(&api, &checked.document)?)
}

/// Runs load → check → model → emit → format and returns the behaviour test that calls
/// every endpoint ([`endpoint_tests::PATH`], relative to the workspace root).
pub fn generate_endpoint_tests(
    spec_dir: &Path,
) -> Result<format::FormattedFile, diagnostics::Error> {
    let loaded = load::load(spec_dir)?;
    let checked = check::check(&loaded)?;
    let api = model::build(&checked);
    let mut files = format::format(vec![endpoint_tests::emit(&api)])?;
    files.pop().ok_or_else(|| diagnostics::Error::Format {
        file: endpoint_tests::PATH.to_owned(),
        message: "nothing emitted".to_owned(),
    })
}

/// Generates the crate from `spec_dir` into `out_dir`; with `check`, writes nothing and
/// reports what differs.
pub fn run(
    spec_dir: &Path,
    out_dir: &Path,
    check: bool,
) -> Result<write::WriteReport, diagnostics::Error> {
    let files = generate(spec_dir)?;
    write::write(out_dir, &files, check)
}

/// Everything `cargo xtask generate` does for the workspace at `root`: the crate into
/// `generated/` and the endpoint behaviour test into `tests/tests/`. Paths in the report
/// are relative to `root`.
pub fn run_workspace(root: &Path, check: bool) -> Result<write::WriteReport, diagnostics::Error> {
    let spec = root.join("spec");
    let mut report = run(&spec, &root.join("generated"), check)?;
    let prefix = |names: &mut Vec<String>| {
        for n in names.iter_mut() {
            *n = format!("generated/{n}");
        }
    };
    prefix(&mut report.changed);
    prefix(&mut report.unchanged);
    prefix(&mut report.stale);
    let tests = write::write_files(root, &[generate_endpoint_tests(&spec)?], check)?;
    report.changed.extend(tests.changed);
    report.unchanged.extend(tests.unchanged);
    Ok(report)
}
