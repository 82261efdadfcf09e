//! Exports of the catalog for people who read trees outside actwiz: a
//! Markdown runbook for a wiki, Mermaid flowcharts (GitHub and most wikis
//! render them) and Graphviz DOT.
//!
//! Pure functions from the catalog to a `String`: no terminal, no files.
//! Every text from a flow goes through the sanitizer, then through the
//! escaping of the target format.

mod dot;
mod graph;
mod markdown;
mod mermaid;

use std::collections::BTreeMap;

use crate::core::catalog::{Catalog, Code, CodeEntry, FlowFile, Lang};

pub(crate) use graph::Graph;

/// The output format of an export.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Format {
    Markdown,
    Mermaid,
    Dot,
}

// The tests go through every format by name.
#[cfg(test)]
impl Format {
    pub(crate) const ALL: [Format; 3] = [Format::Markdown, Format::Mermaid, Format::Dot];

    pub(crate) fn name(self) -> &'static str {
        match self {
            Format::Markdown => "markdown",
            Format::Mermaid => "mermaid",
            Format::Dot => "dot",
        }
    }
}

/// Which codes an export covers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Selection {
    All,
    Code(Code),
    /// A family id, in any case.
    Family(String),
}

/// Why an export cannot be made.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub(crate) enum ExportError {
    #[error("unknown code {0}: `actwiz list` shows the known codes")]
    UnknownCode(Code),
    #[error("unknown family '{name}' (known: {known})")]
    UnknownFamily { name: String, known: String },
}

/// The codes of one flow file that an export covers, in file order.
pub(crate) struct Family<'a> {
    pub flow: &'a FlowFile,
    pub codes: Vec<&'a CodeEntry>,
    /// For a code whose entry carries others: those others (see
    /// `Catalog::same_tree`).
    pub same_tree: BTreeMap<Code, Vec<Code>>,
}

/// The selected codes, grouped by the file that holds their tree, families
/// in catalog order. A code replaced by a later layer appears once, with the
/// tree in effect.
pub(crate) fn select<'a>(
    catalog: &'a Catalog,
    selection: &Selection,
) -> Result<Vec<Family<'a>>, ExportError> {
    let wanted = |entry: &CodeEntry, flow: &FlowFile| match selection {
        Selection::All => true,
        Selection::Code(code) => entry.code == *code,
        Selection::Family(name) => flow.family.eq_ignore_ascii_case(name.trim()),
    };
    let mut families: Vec<Family<'a>> = Vec::new();
    for (entry, flow) in catalog.entries() {
        if !wanted(entry, flow) {
            continue;
        }
        let family = match families.iter().position(|f| std::ptr::eq(f.flow, flow)) {
            Some(i) => &mut families[i],
            None => {
                families.push(Family {
                    flow,
                    codes: Vec::new(),
                    same_tree: BTreeMap::new(),
                });
                let last = families.len() - 1;
                &mut families[last]
            }
        };
        family.codes.push(entry);
        let others = catalog.same_tree(entry.code);
        if !others.is_empty() {
            family.same_tree.insert(entry.code, others);
        }
    }
    if families.is_empty() {
        match selection {
            Selection::All => {}
            Selection::Code(code) => return Err(ExportError::UnknownCode(*code)),
            Selection::Family(name) => {
                return Err(ExportError::UnknownFamily {
                    name: crate::core::sanitize::clean_line(name).into_owned(),
                    known: catalog.families().join(", "),
                })
            }
        }
    }
    let order = catalog.families();
    let rank = |f: &Family| order.iter().position(|name| *name == f.flow.family);
    families.sort_by_key(|f| rank(f));
    for family in &mut families {
        // In file order; codes sharing an entry in the order listed there.
        let position = |entry: &CodeEntry| {
            family.flow.codes.iter().enumerate().find_map(|(i, c)| {
                let k = c.all_codes().position(|k| k == entry.code)?;
                Some((i, k))
            })
        };
        family.codes.sort_by_key(|entry| position(entry));
    }
    Ok(families)
}

/// The export of `selection` in `format` and `lang`.
pub(crate) fn export(
    catalog: &Catalog,
    selection: &Selection,
    format: Format,
    lang: Lang,
) -> Result<String, ExportError> {
    let families = select(catalog, selection)?;
    Ok(match format {
        Format::Markdown => markdown::runbook(&families, lang),
        Format::Mermaid => mermaid::flowchart(&Graph::new(&families, lang)),
        Format::Dot => dot::digraph(&Graph::new(&families, lang)),
    })
}

#[cfg(test)]
mod tests;
