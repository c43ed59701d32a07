//! The HaloPSA SDK generator: a pipeline from `spec/` to the `halopsa` crate.
//!
//! load → check → model → emit → format → write. Each stage is one module. One run of
//! load → check → model gives the [`model::Api`] that every output reads: the SDK crate
//! ([`emit`]), its OpenAPI bundle ([`bundle`]), the endpoint behaviour tests
//! ([`endpoint_tests`]) and the fake server's generated parts ([`fake`]).
pub mod bundle;
pub mod check;
pub mod diagnostics;
pub mod emit;
pub mod endpoint_tests;
pub mod fake;
pub mod format;
pub mod halo;
pub mod load;
pub mod locate;
pub mod model;
pub mod naming;
pub mod openapi;
pub mod report;
pub mod samples;
pub mod template;
pub mod write;

use format::FormattedFile;
use std::path::Path;

/// Runs load → check → model on the spec in `spec_dir`: the one description of the API
/// that every output is generated from.
pub fn model(spec_dir: &Path) -> Result<model::Api, diagnostics::Error> {
    let loaded = load::load(spec_dir)?;
    let checked = check::check(&loaded)?;
    Ok(model::build(&checked))
}

/// The files of the SDK crate (`generated/`): its Rust sources and manifest, and the
/// OpenAPI bundle, formatted.
pub fn sdk_files(api: &model::Api) -> Result<Vec<FormattedFile>, diagnostics::Error> {
    let mut files = emit::emit(api);
    files.push(bundle::emit(api)?);
    format::format(files)
}

/// The endpoint behaviour test ([`endpoint_tests::PATH`], relative to the workspace root),
/// formatted.
pub fn endpoint_test_files(api: &model::Api) -> Result<Vec<FormattedFile>, diagnostics::Error> {
    format::format(vec![endpoint_tests::emit(api)])
}

/// The fake server's generated files ([`fake::TABLE_PATH`], [`fake::TEST_PATH`], relative
/// to the workspace root), formatted.
pub fn fake_files(api: &model::Api) -> Result<Vec<FormattedFile>, diagnostics::Error> {
    format::format(fake::emit(api))
}

/// Runs load → check → model → emit → format on the spec in `spec_dir` and returns the
/// files of the generated crate, without writing anything.
pub fn generate(spec_dir: &Path) -> Result<Vec<FormattedFile>, diagnostics::Error> {
    sdk_files(&model(spec_dir)?)
}

/// Generates the crate from `spec_dir` into `out_dir`; with `check`, writes nothing and
/// reports what differs.
pub fn run(
    spec_dir: &Path,
    out_dir: &Path,
    check: bool,
) -> Result<write::WriteReport, diagnostics::Error> {
    write::write(out_dir, &generate(spec_dir)?, check)
}

/// Everything `cargo xtask generate` does for the workspace at `root`, from one
/// load → check → model run: the crate into `generated/`, the endpoint behaviour test
/// into `tests/tests/`, and the fake server's table and test into `fake/`. Paths in the report are relative to `root`.
pub fn run_workspace(root: &Path, check: bool) -> Result<write::WriteReport, diagnostics::Error> {
    let api = model(&root.join("spec"))?;
    let mut report = write::write(&root.join("generated"), &sdk_files(&api)?, check)?;
    for names in [
        &mut report.changed,
        &mut report.unchanged,
        &mut report.stale,
    ] {
        for n in names.iter_mut() {
            *n = format!("generated/{n}");
        }
    }
    for files in [endpoint_test_files(&api)?, fake_files(&api)?] {
        let written = write::write_files(root, &files, check)?;
        report.changed.extend(written.changed);
        report.unchanged.extend(written.unchanged);
    }
    Ok(report)
}
