//! The only module that knows YAML.
//!
//! serde_yaml builds the typed model and reports syntax and type errors with
//! their position. serde gives no positions once a value is built, so a second,
//! event-level pass (yaml-rust2) records where each field sits, and validation
//! uses that index to point its own messages at a line and column.
//!
//! serde also stops at its first error and keeps the last of two equal keys
//! in a map. So yaml-rust2 also builds a positioned tree ([`tree`]) that
//! reports duplicate keys, and when serde fails, a structure pass over that
//! tree ([`schema`]) reports every unknown field, wrong type and missing field
//! of the file; serde's own error is kept when the pass finds nothing.
//!
//! serde_yaml is deprecated upstream; swapping it for a maintained fork only
//! touches this file.

mod guard;
mod schema;
mod tree;

use std::collections::HashMap;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use super::problem::Problem;
use crate::core::model::FlowFile;

pub(crate) use super::problem::Position;

/// Where each field of a file sits, keyed by a dotted path such as
/// `questions.srv_resolves.choices[1].next`. Mapping entries point at their key.
#[derive(Clone, Debug, Default)]
pub struct PositionIndex {
    positions: HashMap<String, Position>,
    /// Where each scalar value starts, and how it is quoted.
    values: HashMap<String, (Position, Quoting)>,
    /// The lines of the file, to check a position computed inside a value.
    lines: Vec<String>,
}

/// How a scalar value is written, which decides how its characters map to
/// columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Quoting {
    Plain,
    Single,
    Double,
    /// A `|` or `>` block: its text does not sit on the key's line.
    Block,
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

    /// The position of the character at byte `offset` of the text `value`
    /// found at `path`, when the value sits on one line of the file;
    /// otherwise the position of the field (see [`PositionIndex::find`]).
    pub(crate) fn find_in_text(&self, path: &str, value: &str, offset: usize) -> Option<Position> {
        self.find_inside(path, value, offset)
            .or_else(|| self.find(path))
    }

    fn find_inside(&self, path: &str, value: &str, offset: usize) -> Option<Position> {
        let (start, quoting) = *self.values.get(path)?;
        let before = value.get(..offset)?;
        let wanted = value.get(offset..)?.chars().next()?;
        // Characters the file spells with more than one (escapes, doubled quotes).
        let width = |c: char| match (quoting, c) {
            (Quoting::Plain, _) => Some(1),
            (Quoting::Single, '\'') => Some(2),
            (Quoting::Single, _) => Some(1),
            (Quoting::Double, '"' | '\\' | '\n' | '\t' | '\r' | '\0') => Some(2),
            (Quoting::Double, c) if c.is_control() => None,
            (Quoting::Double, _) => Some(1),
            (Quoting::Block, _) => None,
        };
        let opening = usize::from(quoting != Quoting::Plain);
        let mut column = start.column + opening;
        for c in before.chars() {
            column += width(c)?;
        }
        // Only trust it when the file has that very character there (the
        // value is not folded over several lines, nor spelled with escapes).
        let line = self.lines.get(start.line.checked_sub(1)?)?;
        (line.chars().nth(column - 1)? == wanted).then_some(Position {
            line: start.line,
            column,
        })
    }
}

/// A parsed flow file. `positions` is empty unless [`ParsedFile::locate`]
/// filled it: positions cost a second pass over the text, which only a file
/// with a problem to point at needs.
#[derive(Clone, Debug)]
pub struct ParsedFile {
    pub origin: String,
    pub flow: FlowFile,
    pub positions: PositionIndex,
}

impl ParsedFile {
    /// Records where each field of `text` (this file's text) sits, so that
    /// validation can point at a line and column.
    pub(crate) fn locate(&mut self, text: &str) {
        self.positions = index_positions(strip_bom(text));
    }
}

/// The text without a leading UTF-8 byte-order mark.
fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// Parses one flow file. `origin` names it in messages (a path, or
/// `flows/dns.yaml` for the built-in ones). Returns the file when serde could
/// build it, and every problem found on the way, in file order: a file with a
/// duplicate key is still returned, so that validation can go on.
///
/// A valid file is parsed once, by serde_yaml; the positioned passes run only
/// when there is a problem to point at. The file comes back without
/// positions: call [`ParsedFile::locate`] before validating it to have them.
pub fn parse_flow(origin: &str, text: &str) -> (Option<ParsedFile>, Vec<Problem>) {
    let text = strip_bom(text);
    let parsed = guard::within_limits(text)
        .map_err(|(position, message)| vec![at(origin, position, message)])
        .and_then(|()| {
            serde_yaml::from_str::<FlowFile>(text).map_err(|err| problems_of(origin, text, &err))
        });
    match parsed {
        Ok(flow) => {
            let file = ParsedFile {
                origin: origin.to_string(),
                flow,
                positions: PositionIndex::default(),
            };
            (Some(file), Vec::new())
        }
        Err(problems) => (None, problems),
    }
}

fn at(origin: &str, position: Position, message: String) -> Problem {
    Problem {
        file: origin.to_string(),
        position: Some(position),
        path: None,
        message,
    }
}

fn duplicate_keys(origin: &str, tree: Option<&tree::Tree>) -> Vec<Problem> {
    tree.iter()
        .flat_map(|(_, duplicates)| duplicates)
        .map(|d| {
            at(
                origin,
                d.again,
                format!(
                    "duplicate key '{}' (first at {}:{})",
                    d.key, d.first.line, d.first.column
                ),
            )
        })
        .collect()
}

/// Every problem of a file serde refused, positioned: control characters,
/// syntax, duplicate keys, then every structure problem.
fn problems_of(origin: &str, text: &str, err: &serde_yaml::Error) -> Vec<Problem> {
    if let Some((position, message)) = guard::control_character(text) {
        return vec![at(origin, position, message)];
    }
    // Syntax first, with serde_yaml's limits on nesting and aliases, so that
    // the passes below only ever walk a reasonable tree.
    if let Err(err) = serde_yaml::from_str::<serde::de::IgnoredAny>(text) {
        return vec![serde_problem(origin, text, &err)];
    }
    let tree = match tree::build(text) {
        Ok(tree) => tree,
        Err(tree::TooBig(position, message)) => return vec![at(origin, position, message)],
    };
    let mut problems = duplicate_keys(origin, tree.as_ref());
    let findings = match &tree {
        Some((root, _)) => schema::check::<FlowFile>(root),
        None => Vec::new(),
    };
    // The pass runs the same visitors as serde, so serde's error is
    // among its findings; it is kept when the pass found nothing
    // (a duplicate field is already reported as a duplicate key).
    // (A repeated id in a map of questions, resolutions or placeholders is
    // refused by the model; the tree reports it better, with both places.)
    let repeated = |message: &str| {
        message.contains("duplicate field `") || message.contains(crate::core::model::DUPLICATE_KEY)
    };
    let has_duplicates = !problems.is_empty();
    if findings.is_empty() && !(has_duplicates && repeated(&err.to_string())) {
        problems.push(serde_problem(origin, text, err));
    }
    problems.extend(
        findings
            .into_iter()
            .filter(|(_, m)| !(has_duplicates && repeated(m)))
            .map(|(pos, m)| at(origin, pos, m)),
    );
    problems.sort_by_key(|p| p.position);
    problems
}

/// serde's problem, positioned: where serde gives no position (a second
/// YAML document), the start of the second document.
fn serde_problem(origin: &str, text: &str, err: &serde_yaml::Error) -> Problem {
    let position = err.location().map(|loc| Position {
        line: loc.line(),
        column: loc.column(),
    });
    Problem {
        file: origin.to_string(),
        position: position.or_else(|| guard::second_document(text)),
        path: None,
        message: tidy_serde_message(&err.to_string()),
    }
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
        values: builder.values,
        lines: text.lines().map(str::to_string).collect(),
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
    values: HashMap<String, (Position, Quoting)>,
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
            Event::Scalar(value, style, ..) => {
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
                } else if let Some(path) = self.enter_value(mark) {
                    let quoting = match style {
                        TScalarStyle::Plain => Quoting::Plain,
                        TScalarStyle::SingleQuoted => Quoting::Single,
                        TScalarStyle::DoubleQuoted => Quoting::Double,
                        TScalarStyle::Literal | TScalarStyle::Folded => Quoting::Block,
                    };
                    self.values
                        .entry(path)
                        .or_insert((tree::position(mark), quoting));
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
        let mut parsed = parse_flow("demo.yaml", SMALL).0.unwrap();
        assert!(parsed.positions.find("family").is_none(), "only on demand");
        parsed.locate(SMALL);
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
        let (file, problems) = parse_flow("demo.yaml", &text);
        assert!(file.is_none());
        let err = &problems[0];
        assert_eq!(err.position, Some(Position { line: 9, column: 5 }));
        assert!(
            err.message.contains("unknown field `colour`"),
            "{}",
            err.message
        );
    }

    #[test]
    fn syntax_error_is_positioned() {
        let (file, problems) = parse_flow("demo.yaml", "family: [unclosed\n");
        assert!(file.is_none());
        assert!(problems[0].position.is_some());
    }

    #[test]
    fn every_problem_of_a_file_is_reported() {
        let text = SMALL
            .replace("    start: fix\n", "    start: fix\n    colour: red\n")
            .replace("    cause: {en: c, fr: c}\n", "    caus: {en: c, fr: c}\n")
            .replace("[kms_client]", "kms_client");
        let (file, problems) = parse_flow("demo.yaml", &text);
        assert!(file.is_none());
        let shown: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(
            shown,
            [
                "demo.yaml:7:23: codes[0].activation_types: invalid type: string \"kms_client\", expected a sequence",
                "demo.yaml:9:5: codes[0]: unknown field `colour`, expected one of `code`, `messages`, `unofficial_messages`, `aliases`, `activation_types`, `keywords`, `symptoms`, `start`, `see_also`, `source`, `same_tree`, `overrides`",
                "demo.yaml:13:5: resolutions.fix: missing field `cause`",
                "demo.yaml:14:5: resolutions.fix: unknown field `caus`, expected one of `title`, `cause`, `steps`, `commands`, `links`, `caution`, `source`",
            ]
        );
    }

    #[test]
    fn duplicate_keys_do_not_stop_loading() {
        let text = SMALL.replace("    start: fix\n", "    start: fix\n    start: fix\n");
        let (file, problems) = parse_flow("demo.yaml", &text);
        assert!(file.is_none(), "serde refuses a duplicate field");
        assert_eq!(
            problems[0].to_string(),
            "demo.yaml:9:5: duplicate key 'start' (first at 8:5)"
        );
        assert_eq!(problems.len(), 1, "{problems:?}");
    }

    /// No input makes loading panic or hang: truncated files, odd YAML,
    /// aliases, deep nesting.
    #[test]
    fn odd_inputs_give_problems_not_panics() {
        let mut inputs: Vec<String> = [
            "",
            "~",
            "[]",
            "- a",
            "42",
            "family:",
            "---\n---\n",
            "a: &x [*x]",
            "a: &x {b: 1}\nc: *x\nc: *x",
            "? [a]\n: b",
            "codes: [{code: 0x1}]",
            "codes:\n  - code: \"0xC004F074\"\n    start: [a]\n    see_also: {a: b}",
            "{family: x, title: {en: a, en: b}}",
            "\t",
            "key: \"unterminated",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        inputs.push(format!("{}1{}", "[".repeat(500), "]".repeat(500)));
        inputs.push(format!("{}a", "- ".repeat(300)));
        inputs.push(
            "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n\
             c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n\
             e: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
                .to_string(),
        );
        for cut in (0..SMALL.len()).filter(|i| SMALL.is_char_boundary(*i)) {
            inputs.push(SMALL[..cut].to_string());
        }
        for input in &inputs {
            let (file, problems) = parse_flow("demo.yaml", input);
            assert!(file.is_some() || !problems.is_empty(), "{input:?}");
        }
    }
}
