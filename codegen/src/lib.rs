//! The HaloPSA SDK generator: a pipeline from `spec/` to the `halopsa` crate.
//!
//! load → check → model → emit → format → write. Each stage is one module. One run of
//! load → check → model gives the [`model::Api`] that every output reads: the SDK crate
//! ([`emit`]), its OpenAPI bundle ([`bundle`]), the endpoint behaviour tests
//! ([`endpoint_tests`]), the fake server's generated parts ([`fake`]), the command
//! line's commands ([`cli`]) and the MCP server's tools ([`mcp`]).

#![forbid(unsafe_code)]

pub mod bundle;
pub mod check;
pub mod cli;
pub mod diagnostics;
pub mod diff;
pub mod emit;
pub mod endpoint_tests;
pub mod examples;
pub mod fake;
pub mod format;
pub mod halo;
pub mod load;
pub mod locate;
pub mod mcp;
pub mod model;
pub mod mutate;
pub mod naming;
pub mod openapi;
pub mod output;
pub mod prose;
pub mod report;
pub mod rust_types;
pub mod rustdoc;
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
pub fn sdk_files(
    api: &model::Api,
    version: &str,
) -> Result<Vec<FormattedFile>, diagnostics::Error> {
    crate_files(api, &emit::CrateConfig::sdk(version))
}

/// The files of a crate generated from `api`, named and placed as `config` says.
pub fn crate_files(
    api: &model::Api,
    config: &emit::CrateConfig,
) -> Result<Vec<FormattedFile>, diagnostics::Error> {
    let mut files = emit::emit(api, config);
    files.push(bundle::emit(api)?);
    format::format(files)
}

/// The endpoint behaviour test ([`endpoint_tests::PATH`], relative to the workspace root),
/// formatted.
pub fn endpoint_test_files(api: &model::Api) -> Result<Vec<FormattedFile>, diagnostics::Error> {
    format::format(vec![endpoint_tests::emit(api)])
}

/// The version the crates are released at: `[workspace.package] version` of the
/// workspace's `Cargo.toml` at `root`.
pub fn workspace_version(root: &Path) -> Result<String, diagnostics::Error> {
    let path = root.join("Cargo.toml");
    let text = std::fs::read_to_string(&path).map_err(|source| diagnostics::Error::Io {
        path: path.display().to_string(),
        source,
    })?;
    let manifest: toml::Table = toml::from_str(&text).map_err(|e| diagnostics::Error::Format {
        file: path.display().to_string(),
        message: e.to_string(),
    })?;
    manifest
        .get("workspace")
        .and_then(|w| w.get("package"))
        .and_then(|p| p.get("version"))
        .and_then(|v| v.as_str())
        .map(str::to_owned)
        .ok_or_else(|| diagnostics::Error::Format {
            file: path.display().to_string(),
            message: "no `[workspace.package] version`".to_owned(),
        })
}

/// The version given to crates generated outside a workspace.
pub const DEFAULT_VERSION: &str = "0.1.0";

/// The fake server's generated files ([`fake::TABLE_PATH`], [`fake::TEST_PATH`], relative
/// to the workspace root), formatted.
pub fn fake_files(api: &model::Api) -> Result<Vec<FormattedFile>, diagnostics::Error> {
    format::format(fake::emit(api))
}

/// The command line's generated commands ([`cli::COMMANDS_PATH`], relative to the workspace
/// root), formatted.
pub fn cli_files(api: &model::Api) -> Result<Vec<FormattedFile>, diagnostics::Error> {
    format::format(cli::emit(api))
}

/// The MCP server's generated tool table ([`mcp::TOOLS_PATH`], relative to the workspace
/// root), formatted.
pub fn mcp_files(api: &model::Api) -> Result<Vec<FormattedFile>, diagnostics::Error> {
    format::format(mcp::emit(api))
}

/// Runs load → check → model → emit → format on the spec in `spec_dir` and returns the
/// files of the generated crate (at [`DEFAULT_VERSION`]), without writing anything.
pub fn generate(spec_dir: &Path) -> Result<Vec<FormattedFile>, diagnostics::Error> {
    sdk_files(&model(spec_dir)?, DEFAULT_VERSION)
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
/// into `tests/tests/`, the fake server's table and test into `fake/`, the command
/// line's commands into `cli/` and the MCP server's tools into `mcp/`. Paths in the
/// report are relative to `root`.
pub fn run_workspace(root: &Path, check: bool) -> Result<write::WriteReport, diagnostics::Error> {
    let api = model(&root.join("spec"))?;
    let version = workspace_version(root)?;
    let mut report = write::WriteReport::default();
    let sdk = write::write(&root.join("generated"), &sdk_files(&api, &version)?, check)?;
    report.merge(sdk, "generated/");
    for files in [
        endpoint_test_files(&api)?,
        fake_files(&api)?,
        cli_files(&api)?,
        mcp_files(&api)?,
    ] {
        report.merge(write::write_files(root, &files, check)?, "");
    }
    // The odd-but-valid fixture spec's crate, compiled by the workspace: names that need
    // renaming, keywords, unicode, cycles, every construct, in code that must build.
    let odd = model(&root.join(ODD_SPEC))?;
    let config = emit::CrateConfig {
        name: "halopsa-odd-fixture".into(),
        version: version.clone(),
        runtime_path: "../../runtime".into(),
        publish: false,
        fake_crate: None,
    };
    let odd = write::write(&root.join(ODD_CRATE), &crate_files(&odd, &config)?, check)?;
    report.merge(odd, &format!("{ODD_CRATE}/"));
    Ok(report)
}

/// The spec of odd but valid constructs, relative to the workspace root.
pub const ODD_SPEC: &str = "tests/fixtures/specs/odd_but_valid";

/// Where its crate is generated, relative to the workspace root.
pub const ODD_CRATE: &str = "tests/odd-crate";
