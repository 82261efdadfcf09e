//! Rules for entries that carry several codes (`same_tree`): each listed
//! code has its own official message in both languages and its own source,
//! and no code is listed twice in a folder, whether as an entry's `code` or
//! in some `same_tree`. (Two entries' `code`s are compared by `validate`.)

use std::collections::HashMap;

use super::{ParsedFile, Problem};
use crate::core::model::{Code, Lang};

pub(super) fn check(files: &[ParsedFile]) -> Vec<Problem> {
    let mut problems = Vec::new();
    // Where each code was first listed: file and path, and whether it was
    // an entry's own `code`.
    let mut first: HashMap<Code, (&str, String, bool)> = HashMap::new();
    for file in files {
        let from = problems.len();
        let at = |path: String, message: String| Problem {
            file: file.origin.clone(),
            position: file.positions.find(&path),
            path: Some(path),
            message,
        };
        for (i, entry) in file.flow.codes.iter().enumerate() {
            let listed = std::iter::once((entry.code, format!("codes[{i}].code"), true)).chain(
                entry
                    .same_tree
                    .iter()
                    .enumerate()
                    .map(|(j, s)| (s.code, format!("codes[{i}].same_tree[{j}].code"), false)),
            );
            for (code, path, own) in listed {
                match first.get(&code) {
                    // Two entries' own codes: `validate` reports those.
                    Some((_, _, true)) if own => {}
                    Some((other_file, other_path, _)) => {
                        let message = format!(
                            "code {code} is listed twice (also at {other_path}{}): \
                             list each code once, in one entry",
                            if *other_file == file.origin {
                                String::new()
                            } else {
                                format!(" in {other_file}")
                            }
                        );
                        problems.push(at(path, message));
                    }
                    None => {
                        first.insert(code, (&file.origin, path, own));
                    }
                }
            }
            for (j, sibling) in entry.same_tree.iter().enumerate() {
                let path = format!("codes[{i}].same_tree[{j}]");
                for lang in Lang::ALL {
                    if sibling.messages.exact(lang).is_none() {
                        problems.push(at(
                            format!("{path}.messages.{lang}"),
                            format!(
                                "missing translation: {path}.messages has no '{lang}' text \
                                 (each code keeps its own official message)"
                            ),
                        ));
                    }
                }
                for (k, alias) in sibling.aliases.iter().enumerate() {
                    if alias.text.trim().is_empty() {
                        problems.push(at(
                            format!("{path}.aliases[{k}].text"),
                            "empty alias text".into(),
                        ));
                    }
                }
                if sibling.source.trim().is_empty() {
                    problems.push(at(
                        format!("{path}.source"),
                        format!("{path} needs a source note saying where its message comes from"),
                    ));
                }
            }
        }
        // In file order, as the other rules report.
        problems[from..].sort_by_key(|p| p.position);
    }
    problems
}
