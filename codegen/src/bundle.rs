//! The OpenAPI bundle: the merged spec as one `openapi.json`, for other OpenAPI tools.

use crate::model::Api;
use crate::output::{Content, OutputFile};

/// Where the bundle goes, relative to `generated/`.
pub const PATH: &str = "openapi.json";

/// Emits `openapi.json` from the merged document the model carries.
pub fn emit(api: &Api) -> Result<OutputFile, crate::diagnostics::Error> {
    let mut json = serde_json::to_string_pretty(&api.document).map_err(|e| {
        crate::diagnostics::Error::Format {
            file: PATH.into(),
            message: e.to_string(),
        }
    })?;
    json.push('\n');
    Ok(OutputFile {
        path: PATH.into(),
        source: "spec/".into(),
        content: Content::Text(json),
    })
}
