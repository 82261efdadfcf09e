//! Mermaid flowcharts: questions as decisions (diamonds), choice labels on
//! the edges, resolutions as ends (stadiums), codes as where a tree starts.
//!
//! Node ids are generated (`f0_n3`), never taken from a file, so a flow's
//! ids cannot collide with Mermaid keywords such as `end`. Labels are quoted
//! and every character Mermaid could read as syntax, HTML or Markdown is
//! written as an entity code (`#quot;`, `#35;`, ...).

use std::fmt::Write;

use super::graph::{Graph, Kind};

pub(super) fn flowchart(graph: &Graph) -> String {
    let mut out = String::from("flowchart TD\n");
    for cluster in &graph.clusters {
        let _ = writeln!(
            out,
            "  subgraph {}[\"{}\"]",
            cluster.id,
            escape(&cluster.title)
        );
        for node in &cluster.nodes {
            let label = label(&node.lines);
            let shape = match node.kind {
                Kind::Code => format!("[[\"{label}\"]]"),
                Kind::Question => format!("{{\"{label}\"}}"),
                Kind::Resolution | Kind::CautionResolution => format!("([\"{label}\"])"),
                Kind::Missing => format!("[\"{label}\"]"),
            };
            let _ = writeln!(out, "    {}{shape}", node.id);
        }
        for edge in &cluster.edges {
            let arrow = if edge.way_out { "-.->" } else { "-->" };
            match &edge.label {
                Some(text) => {
                    let _ = writeln!(
                        out,
                        "    {} {arrow}|\"{}\"| {}",
                        edge.from,
                        escape(text),
                        edge.to
                    );
                }
                None => {
                    let _ = writeln!(out, "    {} {arrow} {}", edge.from, edge.to);
                }
            }
        }
        out.push_str("  end\n");
    }
    // Ends that call for care stand out; a class applied to no node is fine.
    out.push_str("  classDef code fill:#e8f0fe,stroke:#1a73e8\n");
    out.push_str("  classDef caution fill:#fde8e8,stroke:#c5221f,stroke-width:2px\n");
    for cluster in &graph.clusters {
        for node in &cluster.nodes {
            match node.kind {
                Kind::Code => {
                    let _ = writeln!(out, "  class {} code", node.id);
                }
                Kind::CautionResolution => {
                    let _ = writeln!(out, "  class {} caution", node.id);
                }
                _ => {}
            }
        }
    }
    out
}

fn label(lines: &[String]) -> String {
    let escaped: Vec<String> = lines.iter().map(|l| escape(l)).collect();
    escaped.join("<br/>")
}

/// A sanitized text as the inside of a quoted Mermaid label.
pub(super) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '&' => out.push_str("#amp;"),
            '|' => out.push_str("#124;"),
            '`' => out.push_str("#96;"),
            '\n' | '\r' | '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}
