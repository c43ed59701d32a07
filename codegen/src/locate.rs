//! Where each node of a YAML file is: maps a node path (`paths./Tickets.get.operationId`)
//! to its line and column, so check errors can point at the spec text.

use std::collections::HashMap;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

/// A line and column in a spec file (both 1-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Position {
    /// Line, from 1.
    pub line: usize,
    /// Column, from 1.
    pub column: usize,
}

/// The positions of the nodes of one YAML file.
#[derive(Debug, Default)]
pub struct Locator {
    positions: HashMap<String, Position>,
    /// Keys given twice in one mapping: where the second is, the key, and where the first is.
    duplicates: Vec<(Position, String, Position)>,
    /// Keys whose value is YAML's null (`null`, `~`, or nothing): where, and the key.
    nulls: Vec<(Position, String)>,
}

impl Locator {
    /// Indexes a YAML text. A text that does not parse gives an empty index (the loader
    /// reports the syntax error itself).
    pub fn new(text: &str) -> Self {
        let mut builder = Builder::default();
        let mut parser = Parser::new_from_str(text);
        if parser.load(&mut builder, false).is_err() {
            return Self::default();
        }
        Self {
            positions: builder.positions,
            duplicates: builder.duplicates,
            nulls: builder.nulls,
        }
    }

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

    /// The position of the node at `path` (segments joined by `.`), or of its nearest
    /// ancestor that is indexed.
    pub fn find(&self, path: &[&str]) -> Position {
        (0..=path.len())
            .rev()
            .find_map(|n| self.positions.get(&path[..n].join("\u{1f}")).copied())
            .unwrap_or(Position { line: 1, column: 1 })
    }
}

enum Frame {
    Map {
        key: Option<String>,
        seen: HashMap<String, Position>,
    },
    Seq {
        index: usize,
    },
}

#[derive(Default)]
struct Builder {
    stack: Vec<Frame>,
    path: Vec<String>,
    positions: HashMap<String, Position>,
    duplicates: Vec<(Position, String, Position)>,
    nulls: Vec<(Position, String)>,
}

impl Builder {
    /// Called when a node starts: records its path (its key or index in the parent).
    /// Returns true when the node is a map key rather than a value.
    fn enter_node(&mut self, mark: Marker, scalar: Option<&str>) -> bool {
        let position = Position {
            line: mark.line(),
            column: mark.col() + 1,
        };
        match self.stack.last_mut() {
            Some(Frame::Map { key, seen }) if key.is_none() => {
                let name = scalar.unwrap_or_default().to_owned();
                if let Some(first) = seen.insert(name.clone(), position) {
                    self.duplicates.push((position, name.clone(), first));
                }
                let mut path = self.path.clone();
                path.push(name.clone());
                self.positions.insert(path.join("\u{1f}"), position);
                *key = Some(name);
                true
            }
            Some(Frame::Map { key, .. }) => {
                self.path.push(key.take().unwrap_or_default());
                false
            }
            Some(Frame::Seq { index }) => {
                self.path.push(index.to_string());
                *index += 1;
                self.positions.insert(self.path.join("\u{1f}"), position);
                false
            }
            None => false,
        }
    }

    fn leave_node(&mut self) {
        if !self.stack.is_empty() {
            self.path.pop();
        }
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, event: Event, mark: Marker) {
        match event {
            Event::Scalar(value, style, ..) => {
                // A value left empty is marked where the next token starts: name the key's
                // own position instead.
                let key = match self.stack.last() {
                    Some(Frame::Map {
                        key: Some(key),
                        seen,
                    }) => Some((key.clone(), seen.get(key).copied())),
                    _ => None,
                };
                if !self.enter_node(mark, Some(&value)) {
                    let plain = style == yaml_rust2::scanner::TScalarStyle::Plain;
                    let null =
                        plain && matches!(value.as_str(), "null" | "Null" | "NULL" | "~" | "");
                    if let (Some((key, key_at)), true) = (key, null) {
                        let position = match key_at {
                            Some(at) if value.is_empty() => at,
                            _ => Position {
                                line: mark.line(),
                                column: mark.col() + 1,
                            },
                        };
                        self.nulls.push((position, key));
                    }
                    self.leave_node();
                }
            }
            Event::Alias(_) if !self.enter_node(mark, None) => self.leave_node(),
            Event::MappingStart(..) => {
                self.enter_node(mark, None);
                self.stack.push(Frame::Map {
                    key: None,
                    seen: HashMap::new(),
                });
            }
            Event::SequenceStart(..) => {
                self.enter_node(mark, None);
                self.stack.push(Frame::Seq { index: 0 });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
                self.leave_node();
            }
            _ => {}
        }
    }
}
