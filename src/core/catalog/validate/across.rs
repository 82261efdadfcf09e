//! Checks across files: one type per placeholder name, and `see_also` codes
//! that exist.

use super::*;

/// Where a placeholder name was first declared, and with which type.
#[derive(Clone, Debug)]
pub(crate) struct FirstDeclaration {
    pub origin: String,
    pub position: Option<crate::core::catalog::load::Position>,
    pub kind: PlaceholderKind,
}

/// A placeholder name declared with another type than where it was first
/// declared (`seen`, filled as files are read; seed it with the built-in
/// declarations so that a folder is checked against the flows it is loaded
/// over). Values are kept by name across flows: one name, one type.
pub(crate) fn check_placeholder_types(
    files: &[ParsedFile],
    seen: &mut BTreeMap<String, FirstDeclaration>,
) -> Vec<Problem> {
    let mut problems = Vec::new();
    for file in files {
        let mut report = Report {
            origin: &file.origin,
            positions: &file.positions,
            problems: &mut problems,
        };
        for (name, decl) in &file.flow.placeholders {
            let path = format!("placeholders.{name}.type");
            match seen.get(name) {
                Some(first) if first.kind != decl.kind => {
                    let at = match first.position {
                        Some(p) => format!("{}:{}:{}", first.origin, p.line, p.column),
                        None => first.origin.clone(),
                    };
                    report.at(
                        &path,
                        format!(
                            "placeholder '{name}' is declared as '{}' here but as '{}' at {at}: \
                             values are kept by name across flows, so a name has one type in every file",
                            kind_name(decl.kind),
                            kind_name(first.kind)
                        ),
                    );
                }
                Some(_) => {}
                None => {
                    seen.insert(
                        name.clone(),
                        FirstDeclaration {
                            origin: file.origin.clone(),
                            position: file.positions.find(&path),
                            kind: decl.kind,
                        },
                    );
                }
            }
        }
    }
    problems
}

/// The name a flow file uses for `kind` (`host_name`, `windows_path`).
pub(super) fn kind_name(kind: PlaceholderKind) -> String {
    match serde_json::to_value(kind) {
        Ok(serde_json::Value::String(name)) => name,
        _ => format!("{kind:?}"),
    }
}

/// `see_also` entries naming a code that `known` does not know.
pub(crate) fn check_see_also(files: &[ParsedFile], known: &dyn Fn(Code) -> bool) -> Vec<Problem> {
    let mut problems = Vec::new();
    for file in files {
        let mut report = Report {
            origin: &file.origin,
            positions: &file.positions,
            problems: &mut problems,
        };
        for (i, entry) in file.flow.codes.iter().enumerate() {
            for (j, other) in entry.see_also.iter().enumerate() {
                if !known(*other) {
                    report.at(
                        &format!("codes[{i}].see_also[{j}]"),
                        format!(
                            "code {} names {other} in see_also, but no flow defines that code",
                            entry.code
                        ),
                    );
                }
            }
        }
    }
    problems
}
