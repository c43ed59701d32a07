//! The operation rules: parameters (declared, in the template, supported), bodies and
//! responses.

use super::schemas::type_name;
use super::{Checker, JSON, MULTIPART, TEXT_PLAIN, TEXT_XML};
use crate::halo;
use crate::load::Loaded;
use crate::naming;
use crate::openapi::*;
use crate::template::template_params;
use std::collections::HashMap;

impl Checker {
    /// Checks the fields of an inline (non-`$ref`) parameter.
    pub(super) fn check_parameter_fields<T>(
        &mut self,
        file: &Loaded<T>,
        at: &[&str],
        p: &Parameter,
    ) {
        if p.name.is_none() {
            self.errors.push(file.error(at, "parameter without `name`"));
        }
        if p.location.is_none() {
            self.errors
                .push(file.error(at, "parameter without `in` (`path` or `query`)"));
        }
        match &p.schema {
            None => self
                .errors
                .push(file.error(at, "parameter without `schema`")),
            Some(schema) => {
                let scalar = matches!(
                    schema.schema_type,
                    Some(
                        SchemaType::String
                            | SchemaType::Integer
                            | SchemaType::Number
                            | SchemaType::Boolean
                    )
                ) && schema.reference.is_none();
                if !scalar {
                    self.errors.push(file.error(
                        &[at, &["schema"]].concat(),
                        "parameters must be strings, integers, numbers or booleans",
                    ));
                }
                self.check_schema(file, &[at, &["schema"]].concat(), schema, false);
            }
        }
        if p.location == Some(ParameterLocation::Path) && p.required != Some(true) {
            self.errors
                .push(file.error(at, "a path parameter must have `required: true`"));
        }
    }

    pub(super) fn check_operation(
        &mut self,
        root: &Loaded<RootFile>,
        area: &Loaded<AreaFile>,
        at: &[&str],
        tag: &Tag,
        path: &str,
        op: &Operation,
    ) {
        fn sub<'s>(at: &[&'s str], extra: &[&'s str]) -> Vec<&'s str> {
            [at, extra].concat()
        }
        if op.tags.len() != 1 || op.tags[0] != tag.name {
            self.errors.push(area.error(
                &sub(at, &["tags"]),
                format!(
                    "an operation in {} must have exactly the tag `{}`",
                    area.file, tag.name
                ),
            ));
        }
        let id = &op.operation_id;
        let camel_ok = id.chars().next().is_some_and(|c| c.is_ascii_lowercase())
            && id.chars().all(|c| c.is_ascii_alphanumeric());
        if !camel_ok {
            self.errors.push(area.error(
                &sub(at, &["operationId"]),
                format!("operationId `{id}` must be camelCase ASCII letters and digits"),
            ));
        }
        if op.summary.is_none() && op.description.is_none() {
            self.errors.push(area.error(
                at,
                format!("operation `{id}` has neither `summary` nor `description`"),
            ));
        }

        // Parameters.
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut path_params = Vec::new();
        let mut query_names = Vec::new();
        let mut query_params: HashMap<String, (Parameter, usize)> = HashMap::new();
        let mut path_fields: HashMap<String, String> = HashMap::new();
        for (i, p) in op.parameters.iter().enumerate() {
            let index = i.to_string();
            let p_at = sub(at, &["parameters", &index]);
            let resolved =
                match &p.reference {
                    Some(reference) => {
                        if p.name.is_some() || p.location.is_some() || p.schema.is_some() {
                            self.errors.push(area.error(
                                &p_at,
                                "a parameter `$ref` cannot have other keys beside it",
                            ));
                        }
                        match naming::parameter_ref_name(reference)
                            .and_then(|name| root.doc.components.parameters.get(&name))
                        {
                            Some(shared) => shared.clone(),
                            None => {
                                self.errors.push(area.error(
                                    &[p_at.as_slice(), &["$ref"]].concat(),
                                    format!("unresolved `$ref` `{reference}`"),
                                ));
                                continue;
                            }
                        }
                    }
                    None => {
                        self.check_parameter_fields(area, &p_at, p);
                        p.clone()
                    }
                };
            let (Some(name), Some(location)) = (&resolved.name, resolved.location) else {
                continue;
            };
            if let Some(first) = seen.insert(name.clone(), i) {
                self.errors.push(area.error(
                    &p_at,
                    format!("parameter `{name}` is declared twice (first as parameter {first})"),
                ));
            }
            if !naming::is_nameable(name) {
                self.errors.push(area.error(
                    &p_at,
                    format!(
                        "parameter `{name}` has no ASCII letter or digit to make a Rust name of"
                    ),
                ));
            }
            let field = naming::field_name(name);
            let flag = naming::cli_flag(name);
            let argument = naming::tool_argument(name);
            if naming::RESERVED_TOOL_ARGUMENTS.contains(&argument.as_str()) {
                self.errors.push(area.error(
                    &p_at,
                    format!("parameter `{name}` becomes the MCP tools' argument `{argument}`, which the server already gives its tools"),
                ));
            }
            if naming::RESERVED_CLI_FLAGS.contains(&flag.as_str()) {
                self.errors.push(area.error(
                    &p_at,
                    format!("parameter `{name}` becomes the command line's `--{flag}` (or the argument `{field}`), which the command line already has"),
                ));
            }
            match location {
                ParameterLocation::Path => {
                    if naming::RESERVED_ARGUMENTS.contains(&field.as_str()) {
                        self.errors.push(area.error(
                            &p_at,
                            format!("path parameter `{name}` becomes the argument `{field}`, which every endpoint function already has"),
                        ));
                    } else if let Some(other) = path_fields.insert(field.clone(), name.clone()) {
                        self.errors.push(area.error(
                            &p_at,
                            format!("path parameters `{name}` and `{other}` both become the argument `{field}`"),
                        ));
                    }
                    path_params.push(name.clone());
                }
                ParameterLocation::Query => {
                    query_names.push(name.clone());
                    query_params.insert(name.clone(), (resolved.clone(), i));
                }
            }
        }
        let mut query_fields: HashMap<String, &str> = HashMap::new();
        for name in &query_names {
            let field = naming::query_field_name(name);
            // The command line takes path and query parameters as arguments of one command.
            if let Some(other) = path_fields.get(&field) {
                self.errors.push(area.error(
                    &sub(at, &["parameters"]),
                    format!(
                        "query parameter `{name}` and path parameter `{other}` both become the command line's argument `{field}`"
                    ),
                ));
            }
            if let Some(other) = query_fields.insert(field.clone(), name) {
                self.errors.push(area.error(
                    &sub(at, &["parameters"]),
                    format!(
                        "query parameters `{name}` and `{other}` both become the field `{field}`"
                    ),
                ));
            }
        }
        let template = template_params(path);
        for name in &template {
            if !path_params.contains(name) {
                self.errors.push(area.error(
                    at,
                    format!("path template parameter `{{{name}}}` of `{path}` is not declared as a path parameter"),
                ));
            }
        }
        for name in &path_params {
            if !template.contains(name) {
                self.errors.push(area.error(
                    &sub(at, &["parameters"]),
                    format!("path parameter `{name}` does not appear in the path `{path}`"),
                ));
            }
        }

        // Request body.
        if let Some(body) = &op.request_body {
            let b_at = sub(at, &["requestBody"]);
            if body.content.len() != 1 {
                self.errors.push(area.error(
                    &sub(at, &["requestBody", "content"]),
                    "a request body needs exactly one media type",
                ));
            }
            for (media, content) in &body.content {
                let m_at = [b_at.as_slice(), &["content", media.as_str()]].concat();
                match (media.as_str(), &content.schema) {
                    (JSON, Some(schema)) => self.check_schema(
                        area,
                        &[m_at.as_slice(), &["schema"]].concat(),
                        schema,
                        false,
                    ),
                    (JSON, None) => self.errors.push(area.error(
                        &m_at,
                        "a JSON body needs a `schema` (write `schema: {}` for any JSON)",
                    )),
                    (MULTIPART, Some(schema)) => {
                        let s_at = [m_at.as_slice(), &["schema"]].concat();
                        let string_map = matches!(
                            &schema.additional_properties,
                            Some(AdditionalProperties::Schema(s)) if s.schema_type == Some(SchemaType::String)
                        );
                        let text_fields = schema.properties.as_ref().is_some_and(|props| {
                            props.values().all(|p| {
                                p.reference.is_none()
                                    && matches!(
                                        p.schema_type,
                                        Some(
                                            SchemaType::String
                                                | SchemaType::Integer
                                                | SchemaType::Number
                                                | SchemaType::Boolean
                                        )
                                    )
                            })
                        });
                        if schema.schema_type != Some(SchemaType::Object)
                            || !(string_map || text_fields)
                        {
                            self.errors.push(area.error(
                                &s_at,
                                "a multipart body must be `type: object` with `additionalProperties: {type: string}` or with `properties` of scalar types (one form field each)",
                            ));
                        }
                    }
                    (MULTIPART, None) => self
                        .errors
                        .push(area.error(&m_at, "a multipart body needs a schema")),
                    (other, _) => self.errors.push(area.error(
                        &m_at,
                        format!(
                            "media type `{other}` is not supported (use `{JSON}` or `{MULTIPART}`)"
                        ),
                    )),
                }
            }
        }

        // Responses.
        let mut success = 0;
        for (status, response) in &op.responses {
            let r_at = sub(at, &["responses", status]);
            let is_success =
                status.len() == 3 && status.starts_with('2') && status.parse::<u16>().is_ok();
            if !is_success {
                self.errors.push(area.error(
                    &r_at,
                    format!("response `{status}` is not supported: document success statuses (2xx) only"),
                ));
                continue;
            }
            success += 1;
            let mut schema = None;
            if let Some(content) = &response.content {
                for (media, m) in content {
                    let m_at = [r_at.as_slice(), &["content", media.as_str()]].concat();
                    let text = media == TEXT_XML || media == TEXT_PLAIN;
                    if content.len() != 1 {
                        self.errors
                            .push(area.error(&m_at, "a response needs exactly one media type"));
                    }
                    if text
                        && m.schema
                            .as_ref()
                            .is_some_and(|s| s.schema_type != Some(SchemaType::String))
                    {
                        self.errors.push(area.error(
                            &m_at,
                            format!(
                                "a `{media}` response is text: its schema must be `type: string`"
                            ),
                        ));
                    }
                    if media != JSON && !text {
                        self.errors.push(area.error(
                            &m_at,
                            format!("response media type `{media}` is not supported (use `{JSON}`, `{TEXT_XML}` or `{TEXT_PLAIN}`)"),
                        ));
                    }
                    match &m.schema {
                        Some(s) => {
                            self.check_schema(area, &[m_at.as_slice(), &["schema"]].concat(), s, false);
                            schema = Some(s);
                        }
                        None => self.errors.push(area.error(
                            &m_at,
                            "a response `content` needs a `schema`; leave `content` out for a response without a body",
                        )),
                    }
                }
            }
            if response.untyped.is_some() && response.content.is_some() {
                self.errors.push(area.error(
                    &sub(&r_at, &["x-halopsa-untyped"]),
                    "`x-halopsa-untyped` is for a response whose body nothing documents: remove its `content`",
                ));
            }
            if let Some(key) = &response.list_items {
                let wrapper = schema
                    .and_then(|s| s.reference.as_deref())
                    .and_then(|r| self.resolve_schema(r));
                let props = wrapper.and_then(|w| w.properties.as_ref());
                let has_count = props.is_some_and(|p| p.contains_key(halo::RECORD_COUNT));
                let items_ok = props.and_then(|p| p.get(key)).is_some_and(|s| {
                    s.schema_type == Some(SchemaType::Array)
                        && s.items.as_ref().is_some_and(|i| i.reference.is_some())
                });
                if !has_count || !items_ok {
                    self.errors.push(area.error(
                        &sub(&r_at, &["x-halopsa-list-items"]),
                        format!("`x-halopsa-list-items: {key}` needs a response schema (a `$ref`) with `{}` and the property `{key}`, an array of records", halo::RECORD_COUNT),
                    ));
                }
            }
        }
        if success != 1 {
            self.errors.push(area.error(
                &sub(at, &["responses"]),
                "an operation needs exactly one success response",
            ));
        }

        // Paging parameters: what the SDK's page walk sets must be optional and typed as it
        // sets them.
        for (name, wanted) in [
            (halo::PAGE_NO, SchemaType::Integer),
            (halo::PAGE_SIZE, SchemaType::Integer),
            (halo::PAGINATE, SchemaType::Boolean),
        ] {
            if let Some((p, index)) = query_params.get(name) {
                let schema = p.schema.as_ref();
                let ty = schema.and_then(|s| s.schema_type);
                let int32 = schema.and_then(|s| s.format.as_deref()) == Some("int32");
                if ty != Some(wanted) || int32 || p.required == Some(true) {
                    let index = index.to_string();
                    self.errors.push(area.error(
                        &sub(at, &["parameters", &index]),
                        format!(
                            "the paging parameter `{name}` must be an optional `{}` (not int32)",
                            type_name(Some(wanted))
                        ),
                    ));
                }
            }
        }
    }
}
