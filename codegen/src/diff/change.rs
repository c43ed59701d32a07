//! What the diff reports: a [`Change`] with its two verdicts, the [`Report`] of them all,
//! and the [`Draft`] a change is built from.

use serde::Serialize;

/// The effect of a change on the Rust API of the generated crate, in Cargo's semver terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Semver {
    /// Documentation (and `openapi.json`) only: every program compiles as before.
    Patch,
    /// Items added: every program compiles as before.
    Minor,
    /// An item removed, renamed or changed: a program may no longer compile.
    Major,
}

impl Semver {
    /// Every level, the highest first (as a command line lists them).
    pub const ALL: [Semver; 3] = [Semver::Major, Semver::Minor, Semver::Patch];

    /// `major`, `minor` or `patch`.
    pub fn as_str(self) -> &'static str {
        match self {
            Semver::Patch => "patch",
            Semver::Minor => "minor",
            Semver::Major => "major",
        }
    }
}

/// A level name that is not `major`, `minor` or `patch`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a semver level (major, minor or patch)")]
pub struct UnknownLevel(pub String);

impl std::str::FromStr for Semver {
    type Err = UnknownLevel;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Semver::ALL
            .into_iter()
            .find(|level| level.as_str() == s)
            .ok_or_else(|| UnknownLevel(s.to_owned()))
    }
}

/// The effect of a change on a program built on the old crate, talking to the new API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Wire {
    /// The old program's requests are still accepted and the answers still decode as before.
    Compatible,
    /// A request the old program may send is no longer valid, or an answer no longer
    /// decodes into the old type.
    Breaking,
}

impl Wire {
    /// `compatible` or `breaking`.
    pub fn as_str(self) -> &'static str {
        match self {
            Wire::Compatible => "compatible",
            Wire::Breaking => "breaking",
        }
    }
}

/// What a change is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Subject {
    /// The document as a whole (`info`, servers, security).
    Api,
    /// A documentation area: one module.
    Area {
        /// The module name.
        module: String,
    },
    /// A schema: one record type.
    Schema {
        /// The schema name (the new one, for a rename).
        schema: String,
    },
    /// A property of a schema: one field of a record.
    Field {
        /// The schema name.
        schema: String,
        /// The JSON name.
        field: String,
    },
    /// An operation: one endpoint function.
    Operation {
        /// The operationId (the new one, for a rename).
        operation_id: String,
    },
    /// A path or query parameter of an operation.
    Parameter {
        /// The operationId.
        operation_id: String,
        /// `path` or `query`.
        location: String,
        /// The parameter's name on the wire.
        name: String,
    },
    /// The request body of an operation (a multipart form field included).
    Body {
        /// The operationId.
        operation_id: String,
    },
    /// The success response of an operation.
    Response {
        /// The operationId.
        operation_id: String,
    },
}

/// The kind of a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// Something new.
    Added,
    /// Something gone.
    Removed,
    /// The same thing under another name.
    Renamed,
    /// The same thing in another module.
    Moved,
    /// Another type or format.
    TypeChanged,
    /// Now required.
    MadeRequired,
    /// No longer required.
    MadeOptional,
    /// `null` now allowed.
    NullableAdded,
    /// `null` no longer allowed.
    NullableRemoved,
    /// Values added to an `enum` (or the `enum` dropped).
    EnumValuesAdded,
    /// Values removed from an `enum` (or an `enum` imposed).
    EnumValuesRemoved,
    /// A smaller (or a new) `maxLength`.
    MaxLengthNarrowed,
    /// A larger (or no more) `maxLength`.
    MaxLengthWidened,
    /// A larger (or a new) `minItems`.
    MinItemsRaised,
    /// A smaller (or no more) `minItems`.
    MinItemsLowered,
    /// Another name of the operation's tool in the MCP server.
    ToolRenamed,
    /// Another command of the operation in the command line (its area's or its own).
    CommandRenamed,
    /// Description, summary or other documentation text.
    DescriptionChanged,
    /// Arguments in another order.
    Reordered,
    /// Another path template.
    PathChanged,
    /// Another HTTP method.
    MethodChanged,
    /// The wrapper key of a list response.
    ListKeyChanged,
    /// `x-halopsa-inferred` or `x-halopsa-untyped` changed.
    ProvenanceChanged,
    /// Another success status.
    StatusChanged,
    /// The operation now pages (`…_pages`, `…_stream`).
    PagingAdded,
    /// The operation no longer pages.
    PagingRemoved,
    /// Anything else the merged document shows.
    Changed,
}

/// One change, with its verdicts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// What it is about.
    pub subject: Subject,
    /// What happened to it.
    pub kind: Kind,
    /// One sentence for a user of the crate, naming the Rust items.
    pub summary: String,
    /// The effect on the Rust API.
    pub rust: Semver,
    /// Why.
    pub rust_reason: String,
    /// The effect on the wire.
    pub wire: Wire,
    /// Why.
    pub wire_reason: String,
    /// The Rust items concerned (`tickets::Faults::summary`, `email::get_mailbox`).
    pub items: Vec<String>,
}

impl Change {
    /// Whether a user of the crate must act: the Rust API breaks, or the wire does.
    pub fn is_breaking(&self) -> bool {
        self.rust == Semver::Major || self.wire == Wire::Breaking
    }
}

/// Every change between two specs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The changes: breaking ones first, then by Rust verdict, each group in spec order.
    pub changes: Vec<Change>,
}

impl Report {
    /// Whether the two specs describe the same API.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// The overall Rust verdict: the highest of the changes', `None` when nothing changed.
    pub fn rust(&self) -> Option<Semver> {
        self.changes.iter().map(|c| c.rust).max()
    }

    /// The overall wire verdict.
    pub fn wire(&self) -> Wire {
        self.changes
            .iter()
            .map(|c| c.wire)
            .max()
            .unwrap_or(Wire::Compatible)
    }
}

/// A verdict and why: a level ([`Semver`] or [`Wire`]) with its reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Verdict<L> {
    pub(super) level: L,
    pub(super) reason: String,
}

/// `major`, for this reason.
pub(super) fn major(reason: impl Into<String>) -> Verdict<Semver> {
    Verdict {
        level: Semver::Major,
        reason: reason.into(),
    }
}

/// `minor`, for this reason.
pub(super) fn minor(reason: impl Into<String>) -> Verdict<Semver> {
    Verdict {
        level: Semver::Minor,
        reason: reason.into(),
    }
}

/// `patch`, for this reason.
pub(super) fn patch(reason: impl Into<String>) -> Verdict<Semver> {
    Verdict {
        level: Semver::Patch,
        reason: reason.into(),
    }
}

/// Compatible on the wire, for this reason.
pub(super) fn compatible(reason: impl Into<String>) -> Verdict<Wire> {
    Verdict {
        level: Wire::Compatible,
        reason: reason.into(),
    }
}

/// Breaking on the wire, for this reason.
pub(super) fn breaking(reason: impl Into<String>) -> Verdict<Wire> {
    Verdict {
        level: Wire::Breaking,
        reason: reason.into(),
    }
}

/// A change being described: what it is about, what happened, its summary and the Rust
/// items concerned; [`Draft::judged`] adds the two verdicts and makes it a [`Change`].
pub(super) struct Draft {
    subject: Subject,
    kind: Kind,
    summary: String,
    items: Vec<String>,
}

impl Draft {
    /// A change of `kind` to `subject`, summed up in one sentence.
    pub(super) fn new(subject: Subject, kind: Kind, summary: impl Into<String>) -> Self {
        Draft {
            subject,
            kind,
            summary: summary.into(),
            items: Vec::new(),
        }
    }

    /// One more Rust item concerned.
    pub(super) fn item(mut self, item: impl Into<String>) -> Self {
        self.items.push(item.into());
        self
    }

    /// More Rust items concerned.
    pub(super) fn items(mut self, items: impl IntoIterator<Item = String>) -> Self {
        self.items.extend(items);
        self
    }

    /// The change, with its verdict for the Rust API and for the wire.
    pub(super) fn judged(self, rust: Verdict<Semver>, wire: Verdict<Wire>) -> Change {
        Change {
            subject: self.subject,
            kind: self.kind,
            summary: self.summary,
            rust: rust.level,
            rust_reason: rust.reason,
            wire: wire.level,
            wire_reason: wire.reason,
            items: self.items,
        }
    }
}

impl Subject {
    /// A documentation area.
    pub(super) fn area(module: &str) -> Self {
        Subject::Area {
            module: module.to_owned(),
        }
    }

    /// A schema.
    pub(super) fn schema(schema: &str) -> Self {
        Subject::Schema {
            schema: schema.to_owned(),
        }
    }

    /// A field of a schema.
    pub(super) fn field(schema: &str, field: &str) -> Self {
        Subject::Field {
            schema: schema.to_owned(),
            field: field.to_owned(),
        }
    }

    /// An operation.
    pub(super) fn operation(operation_id: &str) -> Self {
        Subject::Operation {
            operation_id: operation_id.to_owned(),
        }
    }

    /// A path (`path`) or query (`query`) parameter.
    pub(super) fn parameter(operation_id: &str, location: &str, name: &str) -> Self {
        Subject::Parameter {
            operation_id: operation_id.to_owned(),
            location: location.to_owned(),
            name: name.to_owned(),
        }
    }

    /// A request body.
    pub(super) fn body(operation_id: &str) -> Self {
        Subject::Body {
            operation_id: operation_id.to_owned(),
        }
    }

    /// A success response.
    pub(super) fn response(operation_id: &str) -> Self {
        Subject::Response {
            operation_id: operation_id.to_owned(),
        }
    }
}
