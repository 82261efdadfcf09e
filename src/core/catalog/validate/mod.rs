//! Validation of parsed flow files. Every problem is collected, none stops
//! the others from being found.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::load::ParsedFile;
use super::problem::Problem;
use crate::core::model::{Code, FlowFile, Lang, Node, PlaceholderKind, Question, Shell};
use crate::core::placeholder;
use crate::core::walk;

mod across;
mod commands;
mod graph;
mod suggest;

use super::report::Report;
pub(crate) use across::{check_placeholder_types, check_see_also, FirstDeclaration};
use commands::*;
use graph::*;

/// Validates a set of files that form one folder: each file on its own, then
/// codes defined twice across the folder.
pub(crate) fn validate_folder(files: &[ParsedFile]) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut first_definition: HashMap<Code, &str> = HashMap::new();
    for file in files {
        validate_file(file, &mut problems);
        let mut report = Report {
            origin: &file.origin,
            positions: &file.positions,
            problems: &mut problems,
        };
        for (i, entry) in file.flow.codes.iter().enumerate() {
            match first_definition.get(&entry.code) {
                Some(other) => report.at(
                    &format!("codes[{i}].code"),
                    format!("code {} is defined twice (also in {other})", entry.code),
                ),
                None => {
                    first_definition.insert(entry.code, &file.origin);
                }
            }
        }
    }
    problems
}

fn validate_file(file: &ParsedFile, problems: &mut Vec<Problem>) {
    let flow = &file.flow;
    let mut report = Report {
        origin: &file.origin,
        positions: &file.positions,
        problems,
    };

    if flow.family.is_empty()
        || !flow
            .family
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        report.at(
            "family",
            format!(
                "family '{}' must be lowercase letters, digits and dashes",
                flow.family
            ),
        );
    }
    report.localized("title", &flow.title);
    if flow.source.trim().is_empty() {
        report.at("source", "the file needs a source note");
    }
    if flow.codes.is_empty() {
        report.at("codes", "the file defines no code");
    }

    check_placeholders(flow, &mut report);
    check_codes(flow, &mut report);
    check_nodes(flow, &mut report);
    check_graph(flow, &mut report);
    check_examples(flow, &mut report);
    super::safety::check(flow, &mut report);
    super::dialect::check(flow, &mut report);
}

fn check_codes(flow: &FlowFile, report: &mut Report) {
    let mut seen: BTreeMap<Code, usize> = BTreeMap::new();
    for (i, entry) in flow.codes.iter().enumerate() {
        let path = format!("codes[{i}]");
        if let Some(first) = seen.insert(entry.code, i) {
            report.at(
                &format!("{path}.code"),
                format!(
                    "code {} is defined twice in this file (first at codes[{first}])",
                    entry.code
                ),
            );
        }
        report.localized(&format!("{path}.messages"), &entry.messages);
        if entry.activation_types.is_empty() {
            report.at(
                &format!("{path}.activation_types"),
                format!("code {} lists no activation type", entry.code),
            );
        }
        if flow.node(&entry.start).is_none() {
            report.at(
                &format!("{path}.start"),
                format!(
                    "code {} starts at '{}', which is neither a question nor a resolution of this file",
                    entry.code, entry.start
                ),
            );
        }
        for (j, alias) in entry.aliases.iter().enumerate() {
            if alias.text.trim().is_empty() {
                report.at(&format!("{path}.aliases[{j}].text"), "empty alias text");
            }
        }
        report.source(&path, &entry.source);
    }
}

fn check_nodes(flow: &FlowFile, report: &mut Report) {
    for id in flow.questions.keys() {
        if flow.resolutions.contains_key(id) {
            report.at(
                &format!("resolutions.{id}"),
                format!("'{id}' is both a question and a resolution"),
            );
        }
    }
    for (id, q) in &flow.questions {
        let path = format!("questions.{id}");
        report.localized(&format!("{path}.text"), &q.text);
        report.localized(&format!("{path}.how_to_check"), &q.how_to_check);
        report.source(&path, &q.source);
        check_choices(flow, &path, q, report);
        suggest::check(&path, q, report);
    }
    for (id, r) in &flow.resolutions {
        let path = format!("resolutions.{id}");
        report.localized(&format!("{path}.title"), &r.title);
        report.localized(&format!("{path}.cause"), &r.cause);
        if r.steps.is_empty() {
            report.at(
                &format!("{path}.steps"),
                "a resolution needs at least one step",
            );
        }
        for (i, step) in r.steps.iter().enumerate() {
            report.localized(&format!("{path}.steps[{i}]"), step);
        }
        for (i, c) in r.commands.iter().enumerate() {
            let cpath = format!("{path}.commands[{i}]");
            if c.command.trim().is_empty() {
                report.at(&format!("{cpath}.command"), "empty command");
            }
            if c.command.contains('\n') {
                report.at(
                    &format!("{cpath}.command"),
                    "a command must be a single line",
                );
            }
            report.localized(&format!("{cpath}.explain"), &c.explain);
            if let Some(run_on) = &c.run_on {
                report.localized(&format!("{cpath}.run_on"), run_on);
            }
        }
        for (i, link) in r.links.iter().enumerate() {
            let lpath = format!("{path}.links[{i}]");
            report.localized(&format!("{lpath}.title"), &link.title);
            if !link.url.starts_with("https://") {
                report.at(
                    &format!("{lpath}.url"),
                    format!("link '{}' must be an https:// address", link.url),
                );
            }
        }
        report.source(&path, &r.source);
    }
}

fn check_choices(flow: &FlowFile, path: &str, q: &Question, report: &mut Report) {
    if q.choices.len() < 2 {
        report.at(
            &format!("{path}.choices"),
            "a question needs at least two choices",
        );
    }
    let mut ids = BTreeSet::new();
    for (i, choice) in q.choices.iter().enumerate() {
        let cpath = format!("{path}.choices[{i}]");
        if !ids.insert(choice.id.to_ascii_lowercase()) {
            report.at(
                &format!("{cpath}.id"),
                format!("choice id '{}' is used twice in this question", choice.id),
            );
        }
        if choice.id.parse::<usize>().is_ok() {
            report.at(
                &format!("{cpath}.id"),
                format!(
                    "choice id '{}' is a number, which would clash with choice numbers",
                    choice.id
                ),
            );
        }
        report.localized(&format!("{cpath}.label"), &choice.label);
        if flow.node(&choice.next).is_none() {
            report.at(
                &format!("{cpath}.next"),
                format!(
                    "choice '{}' leads to '{}', which is neither a question nor a resolution of this file",
                    choice.id, choice.next
                ),
            );
        }
    }
}
