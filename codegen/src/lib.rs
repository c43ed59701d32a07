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
pub mod last_run;
pub mod load;
pub mod locate;
pub mod mcp;
pub mod memo;
pub mod model;
pub mod mutate;
pub mod naming;
pub mod openapi;
pub mod output;
pub mod parallel;
pub mod prose;
pub mod report;
pub mod rust_types;
pub mod rustdoc;
pub mod samples;
pub mod template;
pub mod timings;
pub mod write;

use format::FormattedFile;
use std::path::Path;

/// Runs load → check → model on the spec in `spec_dir`: the one description of the API
/// that every output is generated from.
pub fn model(spec_dir: &Path) -> Result<model::Api, diagnostics::Error> {
    let loaded = timings::stage("load", || load::load(spec_dir))?;
    let checked = timings::stage("check", || check::check(&loaded))?;
    Ok(timings::stage("model", || model::build(&checked)))
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
    let mut files = timings::stage("emit sdk", || emit::emit(api, config));
    files.push(timings::stage("emit openapi.json", || bundle::emit(api))?);
    timings::stage("format sdk", || format::format(files))
}

/// The endpoint behaviour test ([`endpoint_tests::PATH`], relative to the workspace root),
/// formatted.
pub fn endpoint_test_files(api: &model::Api) -> Result<Vec<FormattedFile>, diagnostics::Error> {
    let files = timings::stage("emit endpoint tests", || vec![endpoint_tests::emit(api)]);
    timings::stage("format endpoint tests", || format::format(files))
}

/// The version the crates are released at: `[workspace.package] version` of the
/// workspace's `Cargo.toml` at `root`.
pub fn workspace_version(root: &Path) -> Result<String, diagnostics::Error> {
    let path = root.join("Cargo.toml");
    let text = std::fs::read_to_string(&path).map_err(|source| diagnostics::Error::Io {
        path: path.display().to_string(),
        source,
    })?;
    manifest_version(&text).ok_or_else(|| diagnostics::Error::Format {
        file: path.display().to_string(),
        message: "no `version = \"…\"` line in its `[workspace.package]` table".to_owned(),
    })
}

/// The `version = "…"` line of the `[workspace.package]` table of a manifest, as our root
/// `Cargo.toml` writes it (a plain line, a basic string). A line scan rather than a TOML
/// parser: the generator reads nothing else of TOML, and a parser is a tenth of its
/// dependencies' build.
fn manifest_version(text: &str) -> Option<String> {
    let mut in_table = false;
    for line in text.lines().map(str::trim) {
        if line.starts_with('[') {
            in_table = line.split('#').next().map(str::trim) == Some("[workspace.package]");
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        if in_table && key.trim() == "version" {
            let value = value.split('#').next()?.trim();
            return value
                .strip_prefix('"')?
                .strip_suffix('"')
                .filter(|v| !v.is_empty() && !v.contains(['"', '\\']))
                .map(str::to_owned);
        }
    }
    None
}

/// The version given to crates generated outside a workspace.
pub const DEFAULT_VERSION: &str = "0.1.0";

/// The fake server's generated files ([`fake::TABLE_PATH`], [`fake::TEST_PATH`], relative
/// to the workspace root), formatted.
pub fn fake_files(api: &model::Api) -> Result<Vec<FormattedFile>, diagnostics::Error> {
    let files = timings::stage("emit fake", || fake::emit(api));
    timings::stage("format fake", || format::format(files))
}

/// The command line's generated commands ([`cli::COMMANDS_PATH`], relative to the workspace
/// root), formatted.
pub fn cli_files(api: &model::Api) -> Result<Vec<FormattedFile>, diagnostics::Error> {
    let files = timings::stage("emit cli", || cli::emit(api));
    timings::stage("format cli", || format::format(files))
}

/// The MCP server's generated tool table ([`mcp::TOOLS_PATH`], relative to the workspace
/// root), formatted.
pub fn mcp_files(api: &model::Api) -> Result<Vec<FormattedFile>, diagnostics::Error> {
    let files = timings::stage("emit mcp", || mcp::emit(api));
    timings::stage("format mcp", || format::format(files))
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
    let files = generate(spec_dir)?;
    timings::stage("write", || write::write(out_dir, &files, check))
}

/// Everything `cargo xtask generate` does for the workspace at `root`, from one
/// load → check → model run: the crate into `generated/`, the endpoint behaviour test
/// into `tests/tests/`, the fake server's table and test into `fake/`, the command
/// line's commands into `cli/` and the MCP server's tools into `mcp/`. Paths in the
/// report are relative to `root`.
///
/// With the memo on (the xtask), a run whose inputs and outputs are as the last run left
/// them returns that run's report at once ([`last_run`]).
pub fn run_workspace(root: &Path, check: bool) -> Result<write::WriteReport, diagnostics::Error> {
    let inputs = last_run::Inputs {
        dirs: vec![root.join("spec"), root.join(ODD_SPEC)],
        files: vec![root.join("Cargo.toml")],
    };
    let memo = memo::last_run();
    if let Some((record, salt)) = &memo {
        let unchanged = timings::stage("last run", || {
            last_run::unchanged(record, *salt, root, &inputs)
        });
        if let Some(report) = unchanged {
            return Ok(report);
        }
    }
    let report = generate_workspace(root, check)?;
    if let Some((record, salt)) = &memo {
        // Only a run that leaves the outputs as the spec says is worth recording.
        if !check || report.is_clean() {
            let outputs = last_run::Outputs {
                files: [&report.changed, &report.unchanged]
                    .into_iter()
                    .flatten()
                    .cloned()
                    .collect(),
                // Where the write stage removes any file the spec does not produce.
                owned_dirs: vec![format!("{SDK_CRATE}/src"), format!("{ODD_CRATE}/src")],
            };
            last_run::record(record, *salt, root, &inputs, &outputs);
        }
    }
    Ok(report)
}

/// The whole pipeline of [`run_workspace`].
fn generate_workspace(root: &Path, check: bool) -> Result<write::WriteReport, diagnostics::Error> {
    let api = model(&root.join("spec"))?;
    let version = workspace_version(root)?;
    let mut report = write::WriteReport::default();
    let sdk = write::write(&root.join(SDK_CRATE), &sdk_files(&api, &version)?, check)?;
    report.merge(sdk, &format!("{SDK_CRATE}/"));
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

/// Where the SDK crate is generated, relative to the workspace root.
pub const SDK_CRATE: &str = "generated";

/// The spec of odd but valid constructs, relative to the workspace root.
pub const ODD_SPEC: &str = "tests/fixtures/specs/odd_but_valid";

/// Where its crate is generated, relative to the workspace root.
pub const ODD_CRATE: &str = "tests/odd-crate";

#[cfg(test)]
mod tests {
    use super::manifest_version;

    #[test]
    fn reads_the_workspace_package_version_only() {
        let text = "[package]\nversion = \"9.9.9\"\n\n[workspace.package]\nedition = \"2021\"\nversion = \"0.3.1\" # released\n[workspace.dependencies]\nversion = \"1\"\n";
        assert_eq!(manifest_version(text).as_deref(), Some("0.3.1"));
        assert_eq!(manifest_version("[package]\nversion = \"1.0.0\"\n"), None);
        assert_eq!(manifest_version("[workspace.package]\nversion = 1\n"), None);
    }
}
