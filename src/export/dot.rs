//! Graphviz DOT: one cluster per family, codes as ellipses, questions as
//! boxes, resolutions as rounded filled boxes (red edge when they carry a
//! caution), choice labels on the edges, "I can't check" edges dashed.

use std::fmt::Write;

use super::graph::{Graph, Kind};

pub(super) fn digraph(graph: &Graph) -> String {
    let mut out = String::from("digraph actwiz {\n");
    out.push_str("  rankdir=TB;\n");
    out.push_str("  node [fontname=\"Helvetica\", fontsize=10];\n");
    out.push_str("  edge [fontname=\"Helvetica\", fontsize=9];\n");
    for cluster in &graph.clusters {
        let _ = writeln!(out, "  subgraph {} {{", cluster.id);
        let _ = writeln!(out, "    label=\"{}\";", escape(&cluster.title));
        for node in &cluster.nodes {
            let style = match node.kind {
                Kind::Code => "shape=ellipse, style=\"filled,bold\", fillcolor=\"#e8f0fe\"",
                Kind::Question => "shape=box",
                Kind::Resolution => "shape=box, style=\"rounded,filled\", fillcolor=\"#e6f4ea\"",
                Kind::CautionResolution => {
                    "shape=box, style=\"rounded,filled,bold\", fillcolor=\"#fde8e8\", color=\"#c5221f\""
                }
                Kind::Missing => "shape=box, style=dashed",
            };
            let lines: Vec<String> = node.lines.iter().map(|l| escape(l)).collect();
            let _ = writeln!(
                out,
                "    {} [{style}, label=\"{}\"];",
                node.id,
                lines.join("\\n")
            );
        }
        for edge in &cluster.edges {
            let mut attributes = Vec::new();
            if let Some(text) = &edge.label {
                attributes.push(format!("label=\"{}\"", escape(text)));
            }
            if edge.way_out {
                attributes.push("style=dashed".to_string());
            }
            let attributes = if attributes.is_empty() {
                String::new()
            } else {
                format!(" [{}]", attributes.join(", "))
            };
            let _ = writeln!(out, "    {} -> {}{attributes};", edge.from, edge.to);
        }
        out.push_str("  }\n");
    }
    out.push_str("}\n");
    out
}

/// A sanitized text as the inside of a DOT double-quoted string. A
/// backslash is doubled so that `\N`, `\l` and the like stay text.
pub(super) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' | '\r' | '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}
