//! One parse of a YAML file: its value tree (as JSON values, for serde to read into the
//! typed documents) and where each node is: a node path (`paths./Tickets.get.operationId`)
//! mapped to its line and column, so load and check errors can point at the spec text.
//!
//! One event stream from yaml-rust2 gives both. The positions are only needed for an
//! error, so they are indexed the first time one is asked for, from a second parse of the
//! text: a spec that loads cleanly pays nothing for them (on a 100,000-operation spec,
//! indexing every node up front took most of the load's time and gigabytes of memory).
//!
//! Plain scalars are resolved by YAML 1.2's core schema (`true`, `12`, `1.5`, `~`), quoted
//! ones stay strings, and keys are always strings. Aliases are refused (the spec has no use
//! for them, and expanding them is how a small hostile file becomes a huge tree); anchors
//! alone are harmless and ignored.

use serde_json::{Map, Value};
use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser, Tag};
use yaml_rust2::scanner::{Marker, TScalarStyle};
use yaml_rust2::Yaml;

/// How deep mappings and sequences may nest: far more than any spec needs, and few enough
/// that reading the tree into typed documents cannot overflow the stack.
pub const MAX_DEPTH: usize = 128;

/// A line and column in a spec file (both 1-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Position {
    /// Line, from 1.
    pub line: usize,
    /// Column, from 1.
    pub column: usize,
}

impl Position {
    fn of(mark: Marker) -> Self {
        Position {
            line: mark.line(),
            column: mark.col() + 1,
        }
    }
}

/// A YAML text that could not be read: where, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// Where the problem is.
    pub position: Position,
    /// What is wrong, without the position.
    pub message: String,
}

/// The positions of the nodes of one YAML file.
#[derive(Default)]
pub struct Locator {
    /// The file's text, parsed again for [`Index`] when a position is first asked for.
    text: String,
    /// Where every node is, once asked for.
    index: OnceLock<Index>,
    /// Keys given twice in one mapping: where the second is, the key, and where the first is.
    duplicates: Vec<(Position, String, Position)>,
    /// Keys whose value is YAML's null (`null`, `~`, or nothing): where, and the key.
    nulls: Vec<(Position, String)>,
}

/// Where each node of a file is.
#[derive(Debug, Default)]
struct Index {
    /// Where each node's key (in a mapping) or item (in a sequence) starts.
    positions: HashMap<String, Position>,
    /// Where each mapping value starts, where it is not its key's position.
    values: HashMap<String, Position>,
}

impl fmt::Debug for Locator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Locator")
            .field("text_bytes", &self.text.len())
            .field("index", &self.index.get())
            .field("duplicates", &self.duplicates)
            .field("nulls", &self.nulls)
            .finish()
    }
}

/// Parses a YAML text once: the value of its first document, and what locates its nodes.
pub fn parse(text: &str) -> Result<(Value, Locator), SyntaxError> {
    let mut builder = Builder::default();
    let mut parser = Parser::new_from_str(text);
    if let Err(err) = parser.load(&mut builder, true) {
        return Err(SyntaxError {
            position: Position::of(*err.marker()),
            message: err.info().to_owned(),
        });
    }
    if let Some(error) = builder.error {
        return Err(error);
    }
    let locator = Locator {
        text: text.to_owned(),
        index: OnceLock::new(),
        duplicates: builder.duplicates,
        nulls: builder.nulls,
    };
    Ok((builder.root.unwrap_or(Value::Null), locator))
}

impl Locator {
    /// Keys whose value is YAML's null (`type: null`, `type: ~`, or `type:` with nothing):
    /// where the value is, and the key. The spec has no use for null values.
    pub fn nulls(&self) -> &[(Position, String)] {
        &self.nulls
    }

    /// Keys given twice in one mapping (YAML forbids it; a parser would keep the last):
    /// where the second one is, the key, and where the first one is.
    pub fn duplicates(&self) -> &[(Position, String, Position)] {
        &self.duplicates
    }

    /// The position of the node at `path` (its key, in a mapping), or of its nearest
    /// ancestor that is indexed.
    pub fn find<S: AsRef<str>>(&self, path: &[S]) -> Position {
        self.nearest(path, &self.index().positions)
    }

    /// The position of the value at `path` (after its key, in a mapping), or of its nearest
    /// ancestor: where a value of the wrong shape is.
    pub fn find_value<S: AsRef<str>>(&self, path: &[S]) -> Position {
        let key = join(path);
        match self.index().values.get(&key) {
            Some(at) => *at,
            None => self.find(path),
        }
    }

    /// Where every node is: the text parsed again (as it parsed the first time), this
    /// time recording each node's path and position.
    fn index(&self) -> &Index {
        self.index.get_or_init(|| {
            let mut builder = Builder {
                index: true,
                ..Builder::default()
            };
            let _ = Parser::new_from_str(&self.text).load(&mut builder, true);
            Index {
                positions: builder.positions,
                values: builder.values,
            }
        })
    }

    fn nearest<S: AsRef<str>>(&self, path: &[S], index: &HashMap<String, Position>) -> Position {
        (0..=path.len())
            .rev()
            .find_map(|n| index.get(&join(&path[..n])).copied())
            .unwrap_or(Position { line: 1, column: 1 })
    }
}

/// A node path as an index key.
fn join<S: AsRef<str>>(path: &[S]) -> String {
    let parts: Vec<&str> = path.iter().map(AsRef::as_ref).collect();
    parts.join("\u{1f}")
}

/// Appends a segment to a joined path.
fn push_segment(path: &mut String, segments: &mut Vec<usize>, segment: &str) {
    segments.push(path.len());
    if segments.len() > 1 {
        path.push('\u{1f}');
    }
    path.push_str(segment);
}

/// Removes a joined path's last segment.
fn pop_segment(path: &mut String, segments: &mut Vec<usize>) {
    if let Some(start) = segments.pop() {
        path.truncate(start);
    }
}

/// A plain scalar's value by YAML 1.2's core schema; a quoted one, or one tagged `!!str`,
/// is a string. A number JSON cannot hold (`.nan`, `.inf`) stays its text.
fn scalar_value(text: String, style: TScalarStyle, tag: Option<&str>) -> Value {
    if style != TScalarStyle::Plain || tag == Some("str") {
        return Value::String(text);
    }
    match Yaml::from_str(&text) {
        Yaml::Null => Value::Null,
        Yaml::Boolean(b) => Value::Bool(b),
        Yaml::Integer(i) => Value::from(i),
        // An integer past i64 (which yaml-rust2 reads as a float) keeps every digit as u64.
        Yaml::Real(real) => match text.parse::<u64>() {
            Ok(big) => Value::from(big),
            Err(_) => real
                .parse::<f64>()
                .ok()
                .and_then(serde_json::Number::from_f64)
                .map_or(Value::String(text), Value::Number),
        },
        _ => Value::String(text),
    }
}

/// The tag of a node as the core schema's short name (`str` for `!!str`); any other tag
/// is refused.
fn core_tag(tag: Option<&Tag>) -> Result<Option<&str>, String> {
    match tag {
        None => Ok(None),
        Some(tag) if tag.handle == "tag:yaml.org,2002:" => match tag.suffix.as_str() {
            known @ ("str" | "int" | "float" | "bool" | "null" | "map" | "seq") => Ok(Some(known)),
            other => Err(format!("the tag `!!{other}` is not supported in the spec")),
        },
        Some(tag) => Err(format!(
            "the tag `{}{}` is not supported in the spec",
            tag.handle, tag.suffix
        )),
    }
}

enum Frame {
    Map {
        key: Option<String>,
        seen: HashMap<String, Position>,
        value: Map<String, Value>,
    },
    Seq {
        index: usize,
        value: Vec<Value>,
    },
}

#[derive(Default)]
struct Builder {
    /// Whether to record every node's path and position (`positions`, `values`).
    index: bool,
    stack: Vec<Frame>,
    /// The current node's path, joined as [`join`] joins it (kept as one string, so a node
    /// costs one index key, not a copy of its ancestors' names).
    path: String,
    /// Where each segment of `path` starts (its separator included).
    segments: Vec<usize>,
    positions: HashMap<String, Position>,
    values: HashMap<String, Position>,
    duplicates: Vec<(Position, String, Position)>,
    nulls: Vec<(Position, String)>,
    /// The first document's value, once it is complete.
    root: Option<Value>,
    /// The first thing that makes the text unfit (an alias, an unknown tag).
    error: Option<SyntaxError>,
}

impl Builder {
    /// Called when a node starts: records its path (its key or index in the parent).
    /// Returns true when the node is a map key rather than a value.
    fn enter_node(&mut self, mark: Marker, scalar: Option<&str>) -> bool {
        let position = Position::of(mark);
        match self.stack.last_mut() {
            Some(Frame::Map { key, seen, .. }) if key.is_none() => {
                let name = scalar.unwrap_or_default().to_owned();
                if let Some(first) = seen.insert(name.clone(), position) {
                    self.duplicates.push((position, name.clone(), first));
                }
                if self.index {
                    push_segment(&mut self.path, &mut self.segments, &name);
                    self.positions.insert(self.path.clone(), position);
                    pop_segment(&mut self.path, &mut self.segments);
                }
                *key = Some(name);
                true
            }
            Some(Frame::Map { key, .. }) => {
                if self.index {
                    let key = key.as_deref().unwrap_or_default();
                    push_segment(&mut self.path, &mut self.segments, key);
                    self.values.insert(self.path.clone(), position);
                }
                false
            }
            Some(Frame::Seq { index, .. }) => {
                if self.index {
                    push_segment(&mut self.path, &mut self.segments, &index.to_string());
                    self.positions.insert(self.path.clone(), position);
                }
                *index += 1;
                false
            }
            None => false,
        }
    }

    /// Called when a value ends: puts it where it belongs (under its key, at the end of its
    /// sequence, or as the document: only the first document counts) and leaves its path.
    fn leave_node(&mut self, value: Value) {
        match self.stack.last_mut() {
            Some(Frame::Map {
                key, value: map, ..
            }) => {
                if let Some(key) = key.take() {
                    map.insert(key, value);
                }
            }
            Some(Frame::Seq { value: items, .. }) => items.push(value),
            None => {
                self.root.get_or_insert(value);
            }
        }
        if self.index && !self.stack.is_empty() {
            pop_segment(&mut self.path, &mut self.segments);
        }
    }

    /// Records the first reason the text is refused.
    fn fail(&mut self, mark: Marker, message: String) {
        self.error.get_or_insert(SyntaxError {
            position: Position::of(mark),
            message,
        });
    }

    /// Checks a collection about to start: its tag, and that it is not a mapping's key.
    fn check_collection(&mut self, mark: Marker, tag: Option<&Tag>) {
        if let Err(message) = core_tag(tag) {
            self.fail(mark, message);
        }
        if matches!(self.stack.last(), Some(Frame::Map { key: None, .. })) {
            self.fail(mark, "a mapping key must be a plain value".to_owned());
        }
        if self.stack.len() >= MAX_DEPTH {
            self.fail(
                mark,
                format!("nested more than {MAX_DEPTH} levels deep (the spec needs far fewer)"),
            );
        }
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, event: Event, mark: Marker) {
        match event {
            Event::Scalar(value, style, _, tag) => {
                let tag = match core_tag(tag.as_ref()) {
                    Ok(tag) => tag,
                    Err(message) => {
                        self.fail(mark, message);
                        None
                    }
                };
                if !self.enter_node(mark, Some(&value)) {
                    let plain = style == TScalarStyle::Plain;
                    let null =
                        plain && matches!(value.as_str(), "null" | "Null" | "NULL" | "~" | "");
                    if let (
                        true,
                        Some(Frame::Map {
                            key: Some(key),
                            seen,
                            ..
                        }),
                    ) = (null, self.stack.last())
                    {
                        // A value left empty is marked where the next token starts: name
                        // the key's own position instead.
                        let position = match seen.get(key) {
                            Some(at) if value.is_empty() => *at,
                            _ => Position::of(mark),
                        };
                        self.nulls.push((position, key.clone()));
                    }
                    self.leave_node(scalar_value(value, style, tag));
                }
            }
            Event::Alias(_) => {
                self.fail(
                    mark,
                    "aliases (`*name`) are not supported in the spec: write the value out"
                        .to_owned(),
                );
                if !self.enter_node(mark, None) {
                    self.leave_node(Value::Null);
                }
            }
            Event::MappingStart(_, tag) => {
                self.check_collection(mark, tag.as_ref());
                self.enter_node(mark, None);
                self.stack.push(Frame::Map {
                    key: None,
                    seen: HashMap::new(),
                    value: Map::new(),
                });
            }
            Event::SequenceStart(_, tag) => {
                self.check_collection(mark, tag.as_ref());
                self.enter_node(mark, None);
                self.stack.push(Frame::Seq {
                    index: 0,
                    value: Vec::new(),
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                let value = match self.stack.pop() {
                    Some(Frame::Map { value, .. }) => Value::Object(value),
                    Some(Frame::Seq { value, .. }) => Value::Array(value),
                    None => Value::Null,
                };
                self.leave_node(value);
            }
            Event::DocumentStart if self.root.is_some() => self.fail(
                mark,
                "the file holds more than one YAML document (`---`): the spec is one per file"
                    .to_owned(),
            ),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn value(text: &str) -> Value {
        parse(text).expect("parses").0
    }

    #[test]
    fn scalars_follow_the_core_schema_and_quotes_keep_strings() {
        let doc = "a: 12\nb: '12'\nc: true\nd: \"true\"\ne: 1.5\nf: ~\ng: text\n\
                   h: 18446744073709551615\ni: !!str 7\nj: .nan\n'200': x\nk: [1, two]\n";
        assert_eq!(
            value(doc),
            json!({"a": 12, "b": "12", "c": true, "d": "true", "e": 1.5, "f": null,
                   "g": "text", "h": 18446744073709551615u64, "i": "7", "j": ".nan",
                   "200": "x", "k": [1, "two"]})
        );
    }

    #[test]
    fn positions_of_keys_and_values() {
        let (_, locator) = parse("paths:\n  /A:\n    get:   [1]\n").expect("parses");
        assert_eq!(
            locator.find(&["paths", "/A", "get"]),
            Position { line: 3, column: 5 }
        );
        assert_eq!(
            locator.find_value(&["paths", "/A", "get"]),
            Position {
                line: 3,
                column: 12
            }
        );
        assert_eq!(
            locator.find(&["paths", "/A", "nothing"]),
            Position { line: 2, column: 3 }
        );
    }

    #[test]
    fn positions_are_indexed_only_when_asked_for() {
        let (_, locator) = parse("a:\n  b: 1\n  b: 2\n  c:\n").expect("parses");
        // Duplicates and nulls are found by the first parse; no position is indexed.
        assert_eq!(locator.duplicates().len(), 1);
        assert_eq!(locator.nulls().len(), 1);
        assert!(locator.index.get().is_none());
        assert_eq!(locator.find(&["a", "c"]), Position { line: 4, column: 3 });
        assert!(locator.index.get().is_some());
    }

    #[test]
    fn aliases_tags_complex_keys_depth_and_documents_are_refused() {
        let refused = [
            ("a: &x 1\nb: *x\n", "aliases"),
            ("a: !!binary aGk=\n", "`!!binary`"),
            ("a: !custom 1\n", "`!custom`"),
            ("? [a]\n: 1\n", "plain value"),
            ("a: 1\n---\nb: 2\n", "more than one YAML document"),
        ];
        for (text, expected) in refused {
            let err = parse(text).expect_err(text);
            assert!(err.message.contains(expected), "{text}: {}", err.message);
        }
        let deep = format!(
            "{}1{}",
            "[".repeat(MAX_DEPTH + 1),
            "]".repeat(MAX_DEPTH + 1)
        );
        let err = parse(&deep).expect_err("too deep");
        assert!(err.message.contains("levels deep"), "{}", err.message);
        let fine = format!("{}1{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse(&fine).is_ok());
    }
}
