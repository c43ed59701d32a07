//! The HaloPSA SDK generator: a pipeline from `spec/` to the `halopsa` crate.
//!
//! load → check → model → emit → format → write. Each stage is one module.
pub mod check;
pub mod diagnostics;
pub mod emit;
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
    format::format(emit::emit(&api, &checked.document))
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
