//! A positioned YAML tree, built from yaml-rust2 events.
//!
//! serde_yaml keeps no positions once a value is built, and stops at the first
//! problem; this tree keeps the line and column of every node so that the
//! structure pass ([`super::schema`]) can report every problem of a file, and
//! it notices duplicate mapping keys, which serde_yaml silently drops when it
//! fills a map.

use std::collections::HashMap;
use std::rc::Rc;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use super::Position;

/// One YAML node and where it starts.
#[derive(Debug)]
pub(super) struct Node {
    pub pos: Position,
    pub kind: Kind,
}

#[derive(Debug)]
pub(super) enum Kind {
    /// A scalar; `plain` when written without quotes or block indicators
    /// (only plain scalars can be null, booleans or numbers).
    Scalar {
        value: String,
        plain: bool,
    },
    Seq(Vec<Rc<Node>>),
    /// Entries in file order, duplicates included.
    Map(Vec<(Rc<Node>, Rc<Node>)>),
}

impl Node {
    /// The text of a scalar node.
    pub(super) fn scalar(&self) -> Option<&str> {
        match &self.kind {
            Kind::Scalar { value, .. } => Some(value),
            _ => None,
        }
    }
}

/// A mapping key written twice in the same mapping.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct DuplicateKey {
    pub key: String,
    pub first: Position,
    pub again: Position,
}

/// The most nodes a tree holds. Only files serde refused are built into a
/// tree (to point at every problem); a real flow file of the largest size
/// allowed has far fewer nodes, a hostile one is cut short.
pub(super) const MAX_NODES: usize = 300_000;

/// A file with more than [`MAX_NODES`] nodes: where the limit was reached.
#[derive(Debug)]
pub(super) struct TooBig(pub Position, pub String);

/// A tree's root and the keys repeated in its mappings.
pub(super) type Tree = (Rc<Node>, Vec<DuplicateKey>);

/// The tree of the first document of `text` and its duplicate keys, or
/// `None` when yaml-rust2 cannot read it (serde_yaml's error is reported
/// then). Nesting is bounded by serde_yaml, which has read `text` first.
pub(super) fn build(text: &str) -> Result<Option<Tree>, TooBig> {
    let mut builder = TreeBuilder::default();
    let loaded = Parser::new_from_str(text).load(&mut builder, false);
    if let Some(position) = builder.stopped_at {
        return Err(TooBig(
            position,
            format!("too many YAML nodes: a flow file may have at most {MAX_NODES}"),
        ));
    }
    if loaded.is_err() {
        return Ok(None);
    }
    Ok(builder.root.map(|root| (root, builder.duplicates)))
}

pub(super) fn position(mark: Marker) -> Position {
    // yaml-rust2 counts lines from 1 and columns from 0.
    Position {
        line: mark.line(),
        column: mark.col() + 1,
    }
}

/// A collection still being read.
enum Open {
    Seq {
        pos: Position,
        anchor: usize,
        items: Vec<Rc<Node>>,
    },
    Map {
        pos: Position,
        anchor: usize,
        entries: Vec<(Rc<Node>, Rc<Node>)>,
        key: Option<Rc<Node>>,
    },
}

#[derive(Default)]
struct TreeBuilder {
    stack: Vec<Open>,
    anchors: HashMap<usize, Rc<Node>>,
    root: Option<Rc<Node>>,
    duplicates: Vec<DuplicateKey>,
    nodes: usize,
    /// Where the node limit was reached; later events are ignored.
    stopped_at: Option<Position>,
}

impl TreeBuilder {
    /// A node is complete: remember its anchor and give it to its parent.
    fn complete(&mut self, node: Rc<Node>, anchor: usize) {
        if anchor > 0 {
            self.anchors.insert(anchor, node.clone());
        }
        match self.stack.last_mut() {
            None => {
                if self.root.is_none() {
                    self.root = Some(node);
                }
            }
            Some(Open::Seq { items, .. }) => items.push(node),
            Some(Open::Map { entries, key, .. }) => match key.take() {
                Some(k) => entries.push((k, node)),
                None => {
                    if let Some(name) = node.scalar() {
                        let first = entries
                            .iter()
                            .find(|(k, _)| k.scalar() == Some(name))
                            .map(|(k, _)| k.pos);
                        if let Some(first) = first {
                            self.duplicates.push(DuplicateKey {
                                key: name.to_string(),
                                first,
                                again: node.pos,
                            });
                        }
                    }
                    *key = Some(node);
                }
            },
        }
    }
}

impl MarkedEventReceiver for TreeBuilder {
    fn on_event(&mut self, event: Event, mark: Marker) {
        let pos = position(mark);
        if self.stopped_at.is_some() {
            return;
        }
        if matches!(
            event,
            Event::Scalar(..)
                | Event::Alias(_)
                | Event::SequenceStart(..)
                | Event::MappingStart(..)
        ) {
            self.nodes += 1;
            if self.nodes > MAX_NODES {
                self.stopped_at = Some(pos);
                return;
            }
        }
        match event {
            Event::Scalar(value, style, anchor, _) => {
                let plain = style == TScalarStyle::Plain;
                let node = Node {
                    pos,
                    kind: Kind::Scalar { value, plain },
                };
                self.complete(Rc::new(node), anchor);
            }
            Event::Alias(anchor) => {
                // yaml-rust2 refuses an unknown anchor; an alias inside its own
                // anchor (a recursive structure) reads as null here.
                let node = self.anchors.get(&anchor).cloned().unwrap_or_else(|| {
                    Rc::new(Node {
                        pos,
                        kind: Kind::Scalar {
                            value: String::new(),
                            plain: true,
                        },
                    })
                });
                self.complete(node, 0);
            }
            Event::SequenceStart(anchor, _) => self.stack.push(Open::Seq {
                pos,
                anchor,
                items: Vec::new(),
            }),
            Event::MappingStart(anchor, _) => self.stack.push(Open::Map {
                pos,
                anchor,
                entries: Vec::new(),
                key: None,
            }),
            Event::SequenceEnd | Event::MappingEnd => {
                let (node, anchor) = match self.stack.pop() {
                    Some(Open::Seq { pos, anchor, items }) => (
                        Node {
                            pos,
                            kind: Kind::Seq(items),
                        },
                        anchor,
                    ),
                    Some(Open::Map {
                        pos,
                        anchor,
                        entries,
                        ..
                    }) => {
                        // A block mapping is marked where the parser noticed
                        // it, not at its first key; point at the first key,
                        // as serde_yaml does.
                        let pos = entries.first().map_or(pos, |(k, _)| pos.min(k.pos));
                        (
                            Node {
                                pos,
                                kind: Kind::Map(entries),
                            },
                            anchor,
                        )
                    }
                    None => return,
                };
                self.complete(Rc::new(node), anchor);
            }
            _ => {}
        }
    }
}
