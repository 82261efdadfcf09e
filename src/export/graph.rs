//! The trees of the selected codes as one graph, shared by the Mermaid and
//! DOT exporters: nodes with their (sanitized, wrapped) label lines, edges
//! with their choice labels. The exporters only escape and lay it out.

use std::collections::{BTreeMap, VecDeque};

use super::Family;
use crate::core::catalog::{FlowFile, Lang, Node};
use crate::core::sanitize::clean_line;

/// Labels are wrapped to this many characters a line, so that a picture
/// stays readable.
const WRAP: usize = 36;

/// What a node stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// An error code: where a tree starts.
    Code,
    /// A question: a decision.
    Question,
    /// A resolution: an end.
    Resolution,
    /// A resolution whose steps can lose data, a licence or an activation.
    CautionResolution,
    /// An id the file does not define (only in a flow that failed `check`).
    Missing,
}

pub(crate) struct GraphNode {
    /// Unique in the whole graph, made of ASCII letters, digits and `_`.
    pub id: String,
    pub kind: Kind,
    /// Sanitized lines; the exporters escape them.
    pub lines: Vec<String>,
}

pub(crate) struct Edge {
    pub from: String,
    pub to: String,
    /// The choice's label; none from a code to its first node.
    pub label: Option<String>,
    /// The "I can't check" answer.
    pub way_out: bool,
}

/// One family's part of the graph.
pub(crate) struct Cluster {
    pub id: String,
    pub title: String,
    pub nodes: Vec<GraphNode>,
    pub edges: Vec<Edge>,
}

/// The trees of the selected codes, one cluster per flow file.
pub(crate) struct Graph {
    pub clusters: Vec<Cluster>,
}

impl Graph {
    pub(crate) fn new(families: &[Family<'_>], lang: Lang) -> Graph {
        let clusters = families
            .iter()
            .enumerate()
            .map(|(i, family)| cluster(i, family, lang))
            .collect();
        Graph { clusters }
    }
}

fn cluster(index: usize, family: &Family<'_>, lang: Lang) -> Cluster {
    let flow = family.flow;
    let prefix = format!("f{index}");
    let mut nodes = Vec::new();
    let mut edges = Vec::new();
    let mut ids = Ids {
        flow,
        prefix: &prefix,
        map: BTreeMap::new(),
        queue: VecDeque::new(),
    };
    for (c, entry) in family.codes.iter().enumerate() {
        let code_id = format!("{prefix}_c{c}");
        let mut lines = vec![entry.code.to_string()];
        lines.extend(wrap(&clean_line(entry.messages.get(lang)), WRAP));
        if let Some(others) = family.same_tree.get(&entry.code) {
            let codes: Vec<String> = others.iter().map(|c| c.to_string()).collect();
            let s = crate::strings::strings(lang);
            lines.push(format!("({} {})", s.same_tree_as, codes.join(", ")));
        }
        nodes.push(GraphNode {
            id: code_id.clone(),
            kind: Kind::Code,
            lines,
        });
        let to = ids.get(&entry.start);
        edges.push(Edge {
            from: code_id,
            to,
            label: None,
            way_out: false,
        });
    }
    while let Some(id) = ids.queue.pop_front() {
        let this = ids.get(id);
        match flow.node(id) {
            Some(Node::Question(q)) => {
                nodes.push(GraphNode {
                    id: this.clone(),
                    kind: Kind::Question,
                    lines: wrap(&clean_line(q.text.get(lang)), WRAP),
                });
                for choice in &q.choices {
                    let to = ids.get(&choice.next);
                    edges.push(Edge {
                        from: this.clone(),
                        to,
                        label: Some(clean_line(choice.label.get(lang)).into_owned()),
                        way_out: choice.way_out,
                    });
                }
            }
            Some(Node::Resolution(r)) => nodes.push(GraphNode {
                id: this,
                kind: if r.caution.is_some() {
                    Kind::CautionResolution
                } else {
                    Kind::Resolution
                },
                lines: wrap(&clean_line(r.title.get(lang)), WRAP),
            }),
            None => nodes.push(GraphNode {
                id: this,
                kind: Kind::Missing,
                lines: vec![format!("?? {}", clean_line(id))],
            }),
        }
    }
    Cluster {
        id: format!("cluster_{prefix}"),
        title: format!(
            "{} — {}",
            clean_line(&flow.family),
            clean_line(flow.title.get(lang))
        ),
        nodes,
        edges,
    }
}

/// Graph ids of the file's nodes, given in the order they are met, and
/// the nodes still to visit.
struct Ids<'f, 'p> {
    flow: &'f FlowFile,
    prefix: &'p str,
    map: BTreeMap<&'f str, String>,
    queue: VecDeque<&'f str>,
}

impl<'f> Ids<'f, '_> {
    /// The graph id of file node `id`; a new one queues the node.
    fn get(&mut self, id: &str) -> String {
        if let Some(existing) = self.map.get(id) {
            return existing.clone();
        }
        let new = format!("{}_n{}", self.prefix, self.map.len());
        // Keep the key borrowed from the file.
        let key = match self.flow.node_with_id(id) {
            Some((key, _)) => key,
            None => leak_free_key(self.flow, id),
        };
        self.map.insert(key, new.clone());
        self.queue.push_back(key);
        new
    }
}

/// A `next` that names no node of the file has no key to borrow from the
/// file's maps; borrow it from the choice or code entry that names it.
fn leak_free_key<'f>(flow: &'f FlowFile, id: &str) -> &'f str {
    let from_codes = flow.codes.iter().map(|c| c.start.as_str());
    let from_choices = flow
        .questions
        .values()
        .flat_map(|q| q.choices.iter().map(|c| c.next.as_str()));
    from_codes
        .chain(from_choices)
        .find(|candidate| *candidate == id)
        .unwrap_or("")
}

/// `text` in lines of at most `width` characters, broken at spaces (a word
/// longer than `width` stays whole).
pub(crate) fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let needed = line.chars().count() + usize::from(!line.is_empty()) + word.chars().count();
        if !line.is_empty() && needed > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}
