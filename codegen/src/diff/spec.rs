//! The spec's own text behind the model's operations: what the model does not carry and
//! the wire rules need. The model keeps a parameter's, body's or response's Rust type; a
//! value's constraints (`enum`, `maxLength`, `nullable`, format), the descriptions of
//! parameters and bodies, and the JSON schema a response is decoded from are read here.

use crate::model::{Api, Operation};
use crate::openapi::{self, Schema};
use std::collections::HashMap;

/// The spec's own operation behind a model operation.
pub(super) fn operation<'a>(api: &'a Api, op: &Operation) -> Option<&'a openapi::Operation> {
    api.document.paths.get(&op.path)?.operation(op.method)
}

/// The spec's parameters of an operation by name, `$ref`s resolved.
pub(super) fn parameters<'a>(
    api: &'a Api,
    op: &Operation,
) -> HashMap<&'a str, &'a openapi::Parameter> {
    let Some(doc) = operation(api, op) else {
        return HashMap::new();
    };
    doc.parameters
        .iter()
        .filter_map(|p| {
            let p = match p
                .reference
                .as_deref()
                .and_then(crate::naming::parameter_ref_name)
            {
                Some(name) => api.document.components.parameters.get(&name)?,
                None => p,
            };
            Some((p.name.as_deref()?, p))
        })
        .collect()
}

/// The spec's request body of an operation.
pub(super) fn request_body<'a>(api: &'a Api, op: &Operation) -> Option<&'a openapi::RequestBody> {
    operation(api, op)?.request_body.as_ref()
}

/// The JSON schema of an operation's success response.
pub(super) fn response_schema<'a>(api: &'a Api, op: &Operation) -> Option<&'a Schema> {
    let doc = operation(api, op)?;
    let (_, r) = doc.responses.iter().find(|(s, _)| s.starts_with('2'))?;
    r.content.as_ref()?.get(crate::check::JSON)?.schema.as_ref()
}
