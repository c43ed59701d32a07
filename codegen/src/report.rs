//! Coverage report: what the spec holds, per documentation area and in total.

use crate::check::CheckedSpec;
use crate::openapi::{ParameterLocation, RootFile};
use std::fmt::Write;

/// Counts for one area (or the total).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    /// Operations.
    pub endpoints: usize,
    /// Path parameters over all operations.
    pub path_params: usize,
    /// Query parameters over all operations.
    pub query_params: usize,
    /// Operations with a request body.
    pub request_bodies: usize,
    /// Schemas the area defines.
    pub schemas: usize,
    /// Properties over those schemas.
    pub fields: usize,
}

impl std::ops::AddAssign for Counts {
    fn add_assign(&mut self, o: Self) {
        self.endpoints += o.endpoints;
        self.path_params += o.path_params;
        self.query_params += o.query_params;
        self.request_bodies += o.request_bodies;
        self.schemas += o.schemas;
        self.fields += o.fields;
    }
}

/// The report: counts per area and the operations that have no description.
#[derive(Debug, Clone)]
pub struct Report {
    /// `(area, counts)`; the root's shared schemas are listed as `(shared)`.
    pub areas: Vec<(String, Counts)>,
    /// `(area, "METHOD path", operationId)` of operations without a description.
    pub undescribed: Vec<(String, String, String)>,
}

/// Counts what the checked spec holds.
pub fn report(spec: &CheckedSpec) -> Report {
    let doc: &RootFile = &spec.document;
    let fields_of = |name: &str| {
        doc.components.schemas[name]
            .properties
            .as_ref()
            .map_or(0, |p| p.len())
    };
    let mut areas = Vec::new();
    let mut undescribed = Vec::new();
    let area_schemas: Vec<&String> = spec.areas.iter().flat_map(|a| &a.schemas).collect();
    let shared: Vec<&String> = doc
        .components
        .schemas
        .keys()
        .filter(|k| !area_schemas.contains(k))
        .collect();
    areas.push((
        "(shared)".to_owned(),
        Counts {
            schemas: shared.len(),
            fields: shared.iter().map(|s| fields_of(s)).sum(),
            ..Counts::default()
        },
    ));
    for area in &spec.areas {
        let mut c = Counts {
            schemas: area.schemas.len(),
            fields: area.schemas.iter().map(|s| fields_of(s)).sum(),
            ..Counts::default()
        };
        for (path, item) in &area.paths {
            for (method, op) in item.operations() {
                c.endpoints += 1;
                c.request_bodies += usize::from(op.request_body.is_some());
                for p in &op.parameters {
                    let location = match p.reference.as_deref().and_then(|r| r.rsplit('/').next()) {
                        Some(name) => doc.components.parameters[name].location,
                        None => p.location,
                    };
                    match location {
                        Some(ParameterLocation::Path) => c.path_params += 1,
                        _ => c.query_params += 1,
                    }
                }
                if op
                    .description
                    .as_deref()
                    .is_none_or(|d| d.trim().is_empty())
                {
                    undescribed.push((
                        area.tag.name.clone(),
                        format!("{} {path}", method.as_str()),
                        op.operation_id.clone(),
                    ));
                }
            }
        }
        areas.push((area.tag.name.clone(), c));
    }
    Report { areas, undescribed }
}

impl Report {
    /// The total over all areas.
    pub fn total(&self) -> Counts {
        let mut total = Counts::default();
        for (_, c) in &self.areas {
            total += *c;
        }
        total
    }

    /// The report as a text table.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let row = |out: &mut String, name: &str, c: &Counts| {
            let _ = writeln!(
                out,
                "{name:<15} {:>9} {:>11} {:>12} {:>14} {:>7} {:>6}",
                c.endpoints, c.path_params, c.query_params, c.request_bodies, c.schemas, c.fields
            );
        };
        let _ = writeln!(
            out,
            "{:<15} {:>9} {:>11} {:>12} {:>14} {:>7} {:>6}",
            "area",
            "endpoints",
            "path params",
            "query params",
            "request bodies",
            "schemas",
            "fields"
        );
        for (name, c) in &self.areas {
            row(&mut out, name, c);
        }
        row(&mut out, "total", &self.total());
        let _ = writeln!(out);
        if self.undescribed.is_empty() {
            let _ = writeln!(out, "Operations without a description: none");
        } else {
            let _ = writeln!(out, "Operations without a description:");
            for (area, endpoint, id) in &self.undescribed {
                let _ = writeln!(out, "  {area}: {endpoint} ({id})");
            }
        }
        out
    }
}
