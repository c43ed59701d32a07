//! The schema rules: names across the document, `$ref`s, supported constructs, field names
//! once converted to Rust.

use super::Checker;
use crate::load::Loaded;
use crate::naming::{self, EXTRA_FIELD};
use crate::openapi::*;
use std::collections::HashMap;

impl Checker {
    pub(super) fn add_schema<T>(
        &mut self,
        file: &Loaded<T>,
        owner: &mut HashMap<String, (String, String)>,
        rust_names: &mut HashMap<String, String>,
        name: &str,
        schema: &Schema,
    ) {
        let at = ["components", "schemas", name];
        if let Some((other_file, _)) = owner.get(name) {
            self.errors.push(file.error(
                &at,
                format!("schema `{name}` is already defined in {other_file}"),
            ));
            return;
        }
        let rust = naming::type_name(name);
        if !naming::is_nameable(name) {
            self.errors.push(file.error(
                &at,
                format!("schema `{name}` has no ASCII letter or digit to make a type name of"),
            ));
        } else if naming::RESERVED_TYPES.contains(&rust.as_str()) {
            self.errors.push(file.error(
                &at,
                format!("schema `{name}` becomes the Rust type `{rust}`, which generated code needs from the standard library"),
            ));
        }
        if let Some(other) = rust_names.insert(rust.clone(), name.to_owned()) {
            self.errors.push(file.error(
                &at,
                format!("schemas `{name}` and `{other}` both become the Rust type `{rust}`"),
            ));
        }
        owner.insert(name.to_owned(), (file.file.clone(), name.to_owned()));
        self.schemas.insert(name.to_owned(), schema.clone());
    }

    pub(super) fn resolve_schema(&self, reference: &str) -> Option<&Schema> {
        naming::schema_ref_name(reference).and_then(|name| self.schemas.get(&name))
    }

    pub(super) fn check_named_schema<T>(
        &mut self,
        file: &Loaded<T>,
        at: &[&str],
        name: &str,
        schema: &Schema,
    ) {
        if schema.reference.is_some() {
            self.errors.push(file.error(
                at,
                format!("schema `{name}` is only a `$ref`: use the target schema directly"),
            ));
            return;
        }
        if schema.schema_type != Some(SchemaType::Object) {
            self.errors
                .push(file.error(at, format!("named schema `{name}` must be `type: object`")));
        }
        self.check_schema(file, at, schema, true);
    }

    /// Checks one schema and everything under it.
    pub(super) fn check_schema<T>(
        &mut self,
        file: &Loaded<T>,
        at: &[&str],
        schema: &Schema,
        named: bool,
    ) {
        let err = |msg: String| file.error(at, msg);
        if let Some(reference) = &schema.reference {
            if schema.schema_type.is_some()
                || schema.items.is_some()
                || schema.properties.is_some()
                || schema.format.is_some()
                || schema.description.is_some()
                || schema.nullable.is_some()
                || schema.max_length.is_some()
                || schema.min_items.is_some()
                || schema.enumeration.is_some()
                || schema.required.is_some()
                || schema.additional_properties.is_some()
            {
                self.errors.push(err(
                    "a `$ref` cannot have keys beside it (OpenAPI 3.0 tools ignore them): the referenced schema's description is used".into(),
                ));
            }
            if self.resolve_schema(reference).is_none() {
                self.errors.push(file.error(
                    &[at, &["$ref"]].concat(),
                    format!("unresolved `$ref` `{reference}`"),
                ));
            }
            return;
        }
        if schema.nullable.is_some() && schema.schema_type.is_none() {
            self.errors.push(err(
                "`nullable` needs a `type` (a schema without `type` is any JSON, null included)"
                    .into(),
            ));
        }
        let format = schema.format.as_deref();
        let ok_format = matches!(
            (schema.schema_type, format),
            (_, None)
                | (Some(SchemaType::Integer), Some("int32" | "int64"))
                | (Some(SchemaType::Number), Some("double" | "float"))
                | (Some(SchemaType::String), Some("date-time" | "uuid"))
        );
        if !ok_format {
            self.errors.push(err(format!(
                "format `{}` is not supported for type `{}`",
                format.unwrap_or_default(),
                type_name(schema.schema_type)
            )));
        }
        if schema.max_length.is_some() && schema.schema_type != Some(SchemaType::String) {
            self.errors
                .push(err("`maxLength` applies to strings only".into()));
        }
        if schema.min_items.is_some() && schema.schema_type != Some(SchemaType::Array) {
            self.errors
                .push(err("`minItems` applies to arrays only".into()));
        }
        match schema.schema_type {
            Some(SchemaType::Array) => match &schema.items {
                Some(items) => self.check_schema(file, &[at, &["items"]].concat(), items, false),
                None => self.errors.push(err(
                    "an array schema needs `items` (`items: {}` for any)".into(),
                )),
            },
            _ if schema.items.is_some() => self
                .errors
                .push(err("`items` is only allowed on `type: array`".into())),
            _ => {}
        }
        let is_object = schema.schema_type == Some(SchemaType::Object);
        if let Some(props) = &schema.properties {
            if !is_object {
                self.errors
                    .push(err("`properties` is only allowed on `type: object`".into()));
            } else if !named {
                self.errors.push(err(
                    "inline object schemas with properties are not supported: define it under `components.schemas` and `$ref` it".into(),
                ));
            }
            let mut fields: HashMap<String, &str> = HashMap::new();
            for (prop, prop_schema) in props {
                let prop_at = [at, &["properties", prop.as_str()]].concat();
                let field = naming::field_name(prop);
                if !naming::is_nameable(prop) {
                    self.errors.push(file.error(
                        &prop_at,
                        format!("property `{prop}` has no ASCII letter or digit to make a field name of"),
                    ));
                }
                if let Some(other) = fields.insert(field.clone(), prop) {
                    self.errors.push(file.error(
                        &prop_at,
                        format!(
                            "properties `{prop}` and `{other}` both become the field `{field}`"
                        ),
                    ));
                }
                if field == EXTRA_FIELD {
                    self.errors.push(file.error(
                        &prop_at,
                        format!("property `{prop}` collides with the field that keeps undocumented keys"),
                    ));
                }
                self.check_schema(file, &prop_at, prop_schema, false);
            }
        }
        if let Some(required) = &schema.required {
            for name in required {
                let known = schema
                    .properties
                    .as_ref()
                    .is_some_and(|p| p.contains_key(name));
                if !known {
                    self.errors.push(file.error(
                        &[at, &["required"]].concat(),
                        format!("required property `{name}` is not among the properties"),
                    ));
                }
            }
        }
        if let Some(AdditionalProperties::Schema(extra)) = &schema.additional_properties {
            if !is_object {
                self.errors.push(err(
                    "`additionalProperties` is only allowed on `type: object`".into(),
                ));
            }
            self.check_schema(
                file,
                &[at, &["additionalProperties"]].concat(),
                extra,
                false,
            );
        }
        if let Some(values) = &schema.enumeration {
            let ok = values.iter().all(|v| match schema.schema_type {
                Some(SchemaType::String) => v.is_string(),
                Some(SchemaType::Integer) => v.is_i64(),
                _ => false,
            });
            if !ok {
                self.errors.push(err(
                    "`enum` is supported on string and integer schemas, with values of that type"
                        .into(),
                ));
            }
        }
    }
}

pub(super) fn type_name(t: Option<SchemaType>) -> &'static str {
    match t {
        None => "any",
        Some(SchemaType::Object) => "object",
        Some(SchemaType::Array) => "array",
        Some(SchemaType::String) => "string",
        Some(SchemaType::Integer) => "integer",
        Some(SchemaType::Number) => "number",
        Some(SchemaType::Boolean) => "boolean",
    }
}
