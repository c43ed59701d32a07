//! The wire-compatibility rules, as pure functions of two value schemas: whether one
//! schema accepts every value of another ([`accepts`]), a schema's type in words
//! ([`signature`]), and every difference between two value schemas with its wire verdict
//! ([`compare_values`]). Requests are judged by what the old crate may send (the new API
//! must accept it), responses by what the old crate can decode (every value the new API
//! may send).

use super::change::{breaking, compatible, Kind, Verdict, Wire};
use super::reasons;
use super::schemas::Renames;
use crate::openapi::{AdditionalProperties, Schema, SchemaType};
use std::collections::BTreeSet;

/// Which ways a value travels: sent in requests, received in responses.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Dirs {
    /// Sent by the crate.
    pub(super) request: bool,
    /// Received by the crate.
    pub(super) response: bool,
}

impl Dirs {
    /// Sent only.
    pub(super) const REQUEST: Dirs = Dirs {
        request: true,
        response: false,
    };

    /// Received only.
    pub(super) const RESPONSE: Dirs = Dirs {
        request: false,
        response: true,
    };

    /// Whether the value travels at all.
    pub(super) fn any(self) -> bool {
        self.request || self.response
    }
}

/// How a value is carried: as JSON or as text (a path or query parameter), and whether
/// it is a record's field (`Field<T>`, which takes `null` and absence in its stride).
#[derive(Debug, Clone, Copy)]
pub(super) struct Carrier {
    pub(super) dirs: Dirs,
    pub(super) text: bool,
    pub(super) tri_state: bool,
}

impl Carrier {
    /// JSON travelling these ways (a body, a response, a schema of its own).
    pub(super) fn json(dirs: Dirs) -> Self {
        Carrier {
            dirs,
            text: false,
            tri_state: false,
        }
    }

    /// A record's field travelling these ways.
    pub(super) fn field(dirs: Dirs) -> Self {
        Carrier {
            dirs,
            text: false,
            tri_state: true,
        }
    }

    /// A path or query parameter: text, sent only.
    pub(super) fn parameter() -> Self {
        Carrier {
            dirs: Dirs::REQUEST,
            text: true,
            tri_state: false,
        }
    }
}

/// A schema with the side it belongs to (for resolving names across a rename).
#[derive(Clone, Copy)]
pub(super) struct Side<'a> {
    pub(super) schema: &'a Schema,
    pub(super) old: bool,
}

impl<'a> Side<'a> {
    /// A schema of the old spec.
    pub(super) fn old(schema: &'a Schema) -> Self {
        Side { schema, old: true }
    }

    /// A schema of the new spec.
    pub(super) fn new(schema: &'a Schema) -> Self {
        Side { schema, old: false }
    }

    /// Another schema of the same side.
    fn with<'b>(self, schema: &'b Schema) -> Side<'b> {
        Side {
            schema,
            old: self.old,
        }
    }

    /// The name of the schema it refers to, by its name in the new spec.
    fn ref_name(self, names: &Renames) -> Option<String> {
        let name = crate::naming::schema_ref_name(self.schema.reference.as_deref()?)?;
        Some(if self.old { names.canon(&name) } else { name })
    }
}

/// One difference between two value schemas, before it is attached to a subject.
pub(super) struct Facet {
    pub(super) kind: Kind,
    /// Where, inside the value (`items: `), empty at the top.
    pub(super) at: String,
    pub(super) detail: String,
    pub(super) wire: Verdict<Wire>,
    /// Whether it is the value's type (the Rust type may follow it).
    pub(super) is_type: bool,
}

impl Facet {
    /// A change of documentation text only.
    pub(super) fn description(at: &str) -> Self {
        Facet {
            kind: Kind::DescriptionChanged,
            at: at.to_owned(),
            detail: "description changes".into(),
            wire: compatible(reasons::NOTHING_ON_THE_WIRE),
            is_type: false,
        }
    }
}

/// The differences between two value schemas (a field's, a parameter's, a body's, a
/// response's), each with its wire verdict for the way the value travels.
pub(super) fn compare_values(names: &Renames, o: Side, n: Side, c: Carrier) -> Vec<Facet> {
    let mut out = Vec::new();
    compare_into(names, o, n, c, "", &mut out);
    out
}

/// The wire verdict of a difference, from whether the new API accepts what the old crate
/// sends (`request_ok`) and whether the old crate decodes what the new API sends
/// (`response_ok`), for the ways the value travels.
fn judge(
    c: Carrier,
    (request_ok, response_ok): (bool, bool),
    why_request: &str,
    why_response: &str,
) -> Verdict<Wire> {
    if !c.dirs.any() {
        return compatible(reasons::NOT_SENT_OR_RECEIVED);
    }
    if c.dirs.request && !request_ok {
        return breaking(why_request);
    }
    if c.dirs.response && !response_ok {
        return breaking(why_response);
    }
    compatible(match (c.dirs.request, c.dirs.response) {
        (true, true) => reasons::ACCEPTED_AND_DECODED,
        (true, false) => reasons::ACCEPTED,
        _ => reasons::DECODED,
    })
}

fn compare_into(names: &Renames, o: Side, n: Side, c: Carrier, at: &str, out: &mut Vec<Facet>) {
    let (os, ns) = (o.schema, n.schema);
    let facet = |kind: Kind, detail: String, wire: Verdict<Wire>| Facet {
        kind,
        at: at.to_owned(),
        detail,
        wire,
        is_type: false,
    };
    // Type and format.
    let (osig, nsig) = (signature(names, o), signature(names, n));
    if osig != nsig {
        let ok = (accepts(names, n, o, c.text), accepts(names, o, n, c.text));
        let wire = judge(
            c,
            ok,
            &reasons::type_not_accepted(&osig),
            &reasons::type_does_not_decode(&osig, &nsig),
        );
        out.push(Facet {
            is_type: true,
            ..facet(Kind::TypeChanged, format!("type {osig} → {nsig}"), wire)
        });
    } else if let (Some(oi), Some(ni)) = (array_items(os), array_items(ns)) {
        // Same item type: compare the items' other facets.
        let items = Carrier {
            tri_state: false,
            ..c
        };
        compare_into(
            names,
            o.with(oi),
            n.with(ni),
            items,
            &format!("{at}items: "),
            out,
        );
    }
    // nullable.
    let (on, nn) = (os.nullable == Some(true), ns.nullable == Some(true));
    if on != nn && os.reference.is_none() && ns.reference.is_none() {
        let wire = if c.text {
            compatible(reasons::PARAMETER_NEVER_NULL)
        } else if nn {
            judge(c, (true, c.tri_state), "", reasons::NULL_DOES_NOT_DECODE)
        } else {
            judge(c, (false, true), reasons::NULL_NOT_ACCEPTED, "")
        };
        out.push(if nn {
            facet(Kind::NullableAdded, "now nullable".into(), wire)
        } else {
            facet(Kind::NullableRemoved, "no longer nullable".into(), wire)
        });
    }
    // enum.
    let (oe, ne) = (enum_values(os), enum_values(ns));
    if oe != ne {
        let (removed, added): (Vec<String>, Vec<String>) = match (&oe, &ne) {
            (Some(a), Some(b)) => (
                a.difference(b).cloned().collect(),
                b.difference(a).cloned().collect(),
            ),
            _ => (vec![], vec![]),
        };
        let strings = reasons::ENUM_VALUES_ARE_STRINGS;
        if ne.is_some() && oe.is_none() {
            out.push(facet(
                Kind::EnumValuesRemoved,
                format!("now restricted to the values {}", join(ne.iter().flatten())),
                judge(c, (false, true), reasons::OUTSIDE_NEW_ENUM, strings),
            ));
        }
        if oe.is_some() && ne.is_none() {
            out.push(facet(
                Kind::EnumValuesAdded,
                "no longer restricted to a list of values".into(),
                judge(c, (true, true), "", strings),
            ));
        }
        if !removed.is_empty() {
            out.push(facet(
                Kind::EnumValuesRemoved,
                format!("values {} no longer allowed", join(&removed)),
                judge(
                    c,
                    (false, true),
                    reasons::ENUM_VALUE_NO_LONGER_ACCEPTED,
                    strings,
                ),
            ));
        }
        if !added.is_empty() {
            out.push(facet(
                Kind::EnumValuesAdded,
                format!("new allowed values {}", join(&added)),
                judge(c, (true, true), "", strings),
            ));
        }
    }
    // maxLength: a smaller one refuses longer strings; lengths are never checked decoding.
    if let Some((narrowed, detail)) = bound("maxLength", os.max_length, ns.max_length, |a, b| b < a)
    {
        out.push(facet(
            if narrowed {
                Kind::MaxLengthNarrowed
            } else {
                Kind::MaxLengthWidened
            },
            detail,
            judge(c, (!narrowed, true), reasons::LONGER_THAN_NEW_LIMIT, ""),
        ));
    }
    // minItems: a larger one refuses shorter arrays; counts are never checked decoding.
    if let Some((raised, detail)) = bound("minItems", os.min_items, ns.min_items, |a, b| b > a) {
        out.push(facet(
            if raised {
                Kind::MinItemsRaised
            } else {
                Kind::MinItemsLowered
            },
            detail,
            judge(c, (!raised, true), reasons::FEWER_THAN_NEW_MINIMUM, ""),
        ));
    }
    // description.
    if os.description != ns.description {
        out.push(Facet::description(at));
    }
}

/// A changed bound of a schema (`maxLength`, `minItems`), or `None`: whether the new bound
/// admits fewer values (a bound imposed, or `tighter(old, new)`), and the change in words.
fn bound(
    name: &str,
    old: Option<u64>,
    new: Option<u64>,
    tighter: fn(u64, u64) -> bool,
) -> Option<(bool, String)> {
    if old == new {
        return None;
    }
    let limit = |m: Option<u64>| m.map_or("no limit".to_owned(), |m| format!("{m}"));
    let tighter = match (old, new) {
        (None, Some(_)) => true,
        (Some(a), Some(b)) => tighter(a, b),
        _ => false,
    };
    Some((tighter, format!("`{name}` {} → {}", limit(old), limit(new))))
}

/// The values of a schema's `enum`, as text.
fn enum_values(s: &Schema) -> Option<BTreeSet<String>> {
    s.enumeration.as_ref().map(|v| {
        v.iter()
            .map(|x| x.as_str().map_or_else(|| x.to_string(), str::to_owned))
            .collect()
    })
}

/// The type of a value schema in words (`integer (int32)`, `array of \`Faults\``), with
/// a referenced schema by its name in the new spec.
pub(super) fn signature(names: &Renames, s: Side) -> String {
    let schema = s.schema;
    if let Some(name) = s.ref_name(names) {
        return format!("`{name}`");
    }
    let base = match schema.schema_type {
        None => "any JSON".to_owned(),
        Some(SchemaType::Array) => match schema.items.as_deref() {
            Some(items) => format!("array of {}", signature(names, s.with(items))),
            None => "array".to_owned(),
        },
        Some(SchemaType::Object) => match &schema.additional_properties {
            Some(AdditionalProperties::Schema(values)) => {
                format!("map of {}", signature(names, s.with(values)))
            }
            _ => "object".to_owned(),
        },
        Some(t) => format!("{t:?}").to_lowercase(),
    };
    match &schema.format {
        Some(f) if schema.schema_type != Some(SchemaType::Array) => format!("`{base} ({f})`"),
        _ if base.starts_with('`') || base.contains('`') => base,
        _ => format!("`{base}`"),
    }
}

/// The shape of a value, for deciding whether one schema accepts the values of another.
#[derive(Debug, Clone)]
enum Shape<'a> {
    Any,
    Bool,
    /// An integer of this many bits (64 unless `int32`).
    Int(u8),
    Number,
    /// A string of this format.
    Str(Option<&'a str>),
    Array(Option<&'a Schema>),
    Map(Option<&'a Schema>),
    /// An object of no declared shape.
    Object,
    /// A named schema (by its name in the new spec).
    Ref(String),
}

fn shape<'s>(names: &Renames, s: Side<'s>) -> Shape<'s> {
    let schema = s.schema;
    if let Some(name) = s.ref_name(names) {
        return Shape::Ref(name);
    }
    match schema.schema_type {
        None => Shape::Any,
        Some(SchemaType::Boolean) => Shape::Bool,
        Some(SchemaType::Integer) => Shape::Int(if schema.format.as_deref() == Some("int32") {
            32
        } else {
            64
        }),
        Some(SchemaType::Number) => Shape::Number,
        Some(SchemaType::String) => Shape::Str(schema.format.as_deref()),
        Some(SchemaType::Array) => Shape::Array(schema.items.as_deref()),
        Some(SchemaType::Object) => match &schema.additional_properties {
            Some(AdditionalProperties::Schema(values)) => Shape::Map(Some(values)),
            _ => Shape::Object,
        },
    }
}

/// Whether every value `narrow` allows is a value `wide` allows (as JSON, or as text
/// for a parameter).
pub(super) fn accepts(names: &Renames, wide: Side, narrow: Side, text: bool) -> bool {
    let inner = |w: Option<&Schema>, n: Option<&Schema>| match (w, n) {
        (None, _) => true,
        (Some(_), None) => false,
        (Some(w), Some(n)) => accepts(names, wide.with(w), narrow.with(n), false),
    };
    match (shape(names, wide), shape(names, narrow)) {
        (Shape::Any, _) => true,
        (_, Shape::Any) => false,
        (Shape::Bool, Shape::Bool) | (Shape::Number, Shape::Int(_) | Shape::Number) => true,
        (Shape::Int(a), Shape::Int(b)) => a >= b,
        (Shape::Str(None), Shape::Str(_)) => true,
        (Shape::Str(Some(a)), Shape::Str(Some(b))) => a == b,
        (Shape::Str(None), Shape::Int(_) | Shape::Number | Shape::Bool) => text,
        (Shape::Array(a), Shape::Array(b)) => inner(a, b),
        (Shape::Map(a), Shape::Map(b)) => inner(a, b),
        (Shape::Object, Shape::Object | Shape::Map(_) | Shape::Ref(_)) => true,
        (Shape::Ref(a), Shape::Ref(b)) => a == b,
        _ => false,
    }
}

/// The items of an inline array schema.
fn array_items(s: &Schema) -> Option<&Schema> {
    (s.schema_type == Some(SchemaType::Array) && s.reference.is_none())
        .then_some(s.items.as_deref())
        .flatten()
}

/// Values as a list of code spans: `` `a`, `b` ``.
fn join<'s>(values: impl IntoIterator<Item = &'s String>) -> String {
    values
        .into_iter()
        .map(|v| format!("`{v}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
