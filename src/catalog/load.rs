//! The only module that knows YAML.
//!
//! serde_yaml builds the typed model and reports syntax and type errors with
//! their position. serde gives no positions once a value is built, so a second,
//! event-level pass (yaml-rust2) records where each field sits, and validation
//! uses that index to point its own messages at a line and column.
//!
//! serde_yaml is deprecated upstream; swapping it for a maintained fork only
//! touches this file.

use std::collections::HashMap;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

use super::model::FlowFile;
use super::problem::Problem;

/// Line and column (both 1-based) of a place in a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// Where each field of a file sits, keyed by a dotted path such as
/// `questions.srv_resolves.choices[1].next`. Mapping entries point at their key.
#[derive(Clone, Debug, Default)]
pub struct PositionIndex {
    positions: HashMap<String, Position>,
}

impl PositionIndex {
    /// The position of `path`, or of its nearest recorded ancestor (a missing
    /// field is reported at the mapping that lacks it).
    pub fn find(&self, path: &str) -> Option<Position> {
        let mut current = path;
        loop {
            if let Some(pos) = self.positions.get(current) {
                return Some(*pos);
            }
            let cut = current.rfind(['.', '['])?;
            current = &current[..cut];
        }
    }
}

/// A parsed flow file with the positions of its fields.
#[derive(Clone, Debug)]
pub struct ParsedFile {
    pub origin: String,
    pub flow: FlowFile,
    pub positions: PositionIndex,
}

/// Parses one flow file. `origin` names it in messages (a path, or
/// `flows/dns.yaml` for the built-in ones).
pub fn parse_flow(origin: &str, text: &str) -> Result<ParsedFile, Problem> {
    let flow: FlowFile = serde_yaml::from_str(text).map_err(|err| {
        let position = err.location().map(|loc| Position {
            line: loc.line(),
            column: loc.column(),
        });
        Problem {
            file: origin.to_string(),
            position,
            path: None,
            message: tidy_serde_message(&err.to_string()),
        }
    })?;
    Ok(ParsedFile {
        origin: origin.to_string(),
        flow,
        positions: index_positions(text),
    })
}

/// serde_yaml appends " at line L column C" to its messages; the position is
/// already printed in front, so drop the repetition.
fn tidy_serde_message(message: &str) -> String {
    match message.find(" at line ") {
        Some(cut) => message[..cut].to_string(),
        None => message.to_string(),
    }
}

/// Records the position of every mapping key and sequence item.
fn index_positions(text: &str) -> PositionIndex {
    let mut builder = IndexBuilder::default();
    let mut parser = Parser::new_from_str(text);
    // serde_yaml already accepted the text; should this parser still disagree,
    // the index is just less complete and messages fall back to field paths.
    let _ = parser.load(&mut builder, false);
    PositionIndex {
        positions: builder.positions,
    }
}

enum Frame {
    /// In a mapping; `key` is the key whose value comes next, if any.
    /// `item` is the sequence item this mapping is, whose recorded position
    /// moves to the first key (the parser marks block mappings oddly).
    Map {
        key: Option<String>,
        item: Option<String>,
    },
    /// In a sequence; `next` is the index of the next item.
    Seq { next: usize },
}

#[derive(Default)]
struct IndexBuilder {
    stack: Vec<(Frame, String)>,
    positions: HashMap<String, Position>,
}

impl IndexBuilder {
    /// The path of the value about to start, if we are at a value position,
    /// and records its position. Returns `None` when the event is a map key.
    fn enter_value(&mut self, mark: Marker) -> Option<String> {
        let position = Position {
            line: mark.line(),
            // yaml-rust2 counts columns from 0.
            column: mark.col() + 1,
        };
        match self.stack.last_mut() {
            None => Some(String::new()),
            Some((Frame::Seq { next }, path)) => {
                let item = format!("{path}[{next}]");
                *next += 1;
                self.positions.entry(item.clone()).or_insert(position);
                Some(item)
            }
            Some((Frame::Map { key, .. }, path)) => key.take().map(|k| {
                if path.is_empty() {
                    k
                } else {
                    format!("{path}.{k}")
                }
            }),
        }
    }
}

impl MarkedEventReceiver for IndexBuilder {
    fn on_event(&mut self, event: Event, mark: Marker) {
        match event {
            Event::Scalar(value, ..) => {
                let is_key = matches!(self.stack.last(), Some((Frame::Map { key: None, .. }, _)));
                if is_key {
                    if let Some((Frame::Map { key, item }, path)) = self.stack.last_mut() {
                        let position = Position {
                            line: mark.line(),
                            column: mark.col() + 1,
                        };
                        if let Some(item) = item.take() {
                            self.positions.insert(item, position);
                        }
                        let full = if path.is_empty() {
                            value.clone()
                        } else {
                            format!("{path}.{value}")
                        };
                        self.positions.entry(full).or_insert(position);
                        *key = Some(value);
                    }
                } else {
                    self.enter_value(mark);
                }
            }
            Event::MappingStart(..) => {
                let in_seq = matches!(self.stack.last(), Some((Frame::Seq { .. }, _)));
                let path = self.enter_value(mark).unwrap_or_default();
                let item = in_seq.then(|| path.clone());
                self.stack.push((Frame::Map { key: None, item }, path));
            }
            Event::SequenceStart(..) => {
                let path = self.enter_value(mark).unwrap_or_default();
                self.stack.push((Frame::Seq { next: 0 }, path));
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
            }
            Event::Alias(_) => {
                self.enter_value(mark);
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = "family: demo\ntitle: {en: Demo, fr: Démo}\nsource: test\ncodes:\n  - code: \"0xC004F074\"\n    messages: {en: a, fr: b}\n    activation_types: [kms_client]\n    start: fix\n    source: s\nresolutions:\n  fix:\n    title: {en: t, fr: t}\n    cause: {en: c, fr: c}\n    steps:\n      - {en: s, fr: s}\n    source: s\n";

    #[test]
    fn indexes_keys_and_items() {
        let parsed = parse_flow("demo.yaml", SMALL).unwrap();
        let idx = &parsed.positions;
        assert_eq!(idx.find("family"), Some(Position { line: 1, column: 1 }));
        assert_eq!(idx.find("codes[0]"), Some(Position { line: 5, column: 5 }));
        assert_eq!(
            idx.find("codes[0].start"),
            Some(Position { line: 8, column: 5 })
        );
        assert_eq!(
            idx.find("resolutions.fix"),
            Some(Position {
                line: 11,
                column: 3
            })
        );
        // A field that is absent falls back to its parent.
        assert_eq!(
            idx.find("resolutions.fix.links[0].url"),
            Some(Position {
                line: 11,
                column: 3
            })
        );
    }

    #[test]
    fn unknown_field_is_positioned() {
        let text = SMALL.replace("    start: fix\n", "    start: fix\n    colour: red\n");
        let err = parse_flow("demo.yaml", &text).unwrap_err();
        assert_eq!(err.position, Some(Position { line: 9, column: 5 }));
        assert!(
            err.message.contains("unknown field `colour`"),
            "{}",
            err.message
        );
    }

    #[test]
    fn syntax_error_is_positioned() {
        let err = parse_flow("demo.yaml", "family: [unclosed\n").unwrap_err();
        assert!(err.position.is_some());
    }
}
