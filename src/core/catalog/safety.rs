//! The rules that keep a flow safe to follow blind (issue 8), checked with
//! the rest of validation:
//!
//! - **Way out**: every question has an answer for "I can't check / not
//!   sure" (`way_out: true`), or says why it needs none (`no_way_out:`).
//! - **A way out is never costly**: a way-out answer does not lead straight
//!   to a resolution that carries, or needs, a caution. Only the direct
//!   target is checked: a way out may lead to another question (an easier
//!   check), whose answers are new, informed answers with a way out of
//!   their own.
//! - **Cautions are data**: a command matching a costly pattern
//!   ([`super::costly`]) carries a `caution:` in both languages, and so does
//!   a resolution whose steps say to reinstall Windows. A check command
//!   (run to answer a question) must not be costly at all.
//! - **Language-neutral commands** ([`super::language_neutral`]): no
//!   translated account names, no search of translated output.
//! - **Real sources**: `check` cannot know whether a document says what a
//!   flow claims; it refuses sources that name nothing ("see above",
//!   "TODO", "n/a"). Advice beyond the sources is fine when the source says
//!   so ("actwiz's own advice, not from the article").

use super::costly::{self, Cost};
use super::language_neutral;
use super::report::Report;
use crate::core::model::{FlowFile, Lang, Resolution};

pub(super) fn check(flow: &FlowFile, report: &mut Report) {
    check_way_outs(flow, report);
    check_cautions(flow, report);
    check_language_neutral(flow, report);
    check_sources(flow, report);
}

/// Why following `r` is costly, if it is: it carries a caution, or would
/// need one (a costly command, a reinstall).
fn costly_because(r: &Resolution) -> Option<String> {
    if r.caution.is_some() {
        return Some("it carries a caution".into());
    }
    for (i, c) in r.commands.iter().enumerate() {
        if c.caution.is_some() {
            return Some(format!("its command {} carries a caution", i + 1));
        }
        if let Some(cost) = costly::cost_of(c) {
            return Some(format!("its command {} {cost}", i + 1));
        }
    }
    reinstall_step(r).map(|(_, marker)| format!("its steps say '{marker}'"))
}

/// The first step of `r` that says to reinstall Windows, in either language.
fn reinstall_step(r: &Resolution) -> Option<(usize, &'static str)> {
    r.steps.iter().enumerate().find_map(|(i, step)| {
        Lang::ALL
            .iter()
            .find_map(|l| step.exact(*l).and_then(costly::reinstall_marker))
            .map(|m| (i, m))
    })
}

fn check_way_outs(flow: &FlowFile, report: &mut Report) {
    for (id, q) in &flow.questions {
        let path = format!("questions.{id}");
        let has_way_out = q.choices.iter().any(|c| c.way_out);
        match (&q.no_way_out, has_way_out) {
            (None, false) => report.at(
                &format!("{path}.choices"),
                format!(
                    "question '{id}' has no way out: mark the answer for \"I can't check / not sure\" \
                     with `way_out: true`, or say why none is needed with `no_way_out: <reason>`"
                ),
            ),
            (Some(reason), _) if reason.trim().is_empty() => report.at(
                &format!("{path}.no_way_out"),
                format!("no_way_out of question '{id}' is empty: say why it needs no \"I can't check\" answer"),
            ),
            (Some(_), true) => report.at(
                &format!("{path}.no_way_out"),
                format!("question '{id}' has both a way_out choice and no_way_out: keep one"),
            ),
            _ => {}
        }
        for (i, choice) in q.choices.iter().enumerate().filter(|(_, c)| c.way_out) {
            let Some(why) = flow.resolutions.get(&choice.next).and_then(costly_because) else {
                continue;
            };
            report.at(
                &format!("{path}.choices[{i}].next"),
                format!(
                    "way-out choice '{}' leads to '{}', a costly step ({why}): \"I can't check\" \
                     must lead to a safe step (what to collect, whom to escalate to)",
                    choice.id, choice.next
                ),
            );
        }
    }
}

fn check_cautions(flow: &FlowFile, report: &mut Report) {
    let needs_caution = |cost: Cost| {
        format!(
            "this command needs a `caution:` (en and fr) saying what it can lose and what to do first: it {cost}"
        )
    };
    for (id, q) in &flow.questions {
        let forms = [
            ("check_command", q.check_command.as_deref()),
            ("check_powershell", q.check_powershell.as_deref()),
        ];
        for (key, command) in forms {
            let Some(command) = command else {
                continue;
            };
            if let Some(cost) = costly::command_cost(command, "", None) {
                report.at(
                    &format!("questions.{id}.{key}"),
                    format!(
                        "a check command must not change anything (make it a resolution's command, \
                         with a caution), but this one {cost}"
                    ),
                );
            }
        }
    }
    for (id, r) in &flow.resolutions {
        let path = format!("resolutions.{id}");
        if let Some(caution) = &r.caution {
            report.localized(&format!("{path}.caution"), caution);
        } else if let Some((i, marker)) = reinstall_step(r) {
            report.at(
                &format!("{path}.steps[{i}]"),
                format!(
                    "this step says '{marker}': resolution '{id}' needs a `caution:` (en and fr) \
                     saying what is lost and what to do first (backup, approval)"
                ),
            );
        }
        for (i, c) in r.commands.iter().enumerate() {
            let cpath = format!("{path}.commands[{i}]");
            match (&c.caution, costly::cost_of(c)) {
                (Some(caution), _) => report.localized(&format!("{cpath}.caution"), caution),
                (None, Some(cost)) => report.at(&format!("{cpath}.command"), needs_caution(cost)),
                (None, None) => {}
            }
        }
    }
}

fn check_language_neutral(flow: &FlowFile, report: &mut Report) {
    let check = |report: &mut Report, path: String, command: &str| {
        for (at, message) in language_neutral::account_names(command) {
            report.in_text(&path, command, at, message);
        }
        if let Some((at, message)) = language_neutral::localized_output_search(command) {
            report.in_text(&path, command, at, message);
        }
    };
    for (id, q) in &flow.questions {
        if let Some(command) = &q.check_command {
            check(report, format!("questions.{id}.check_command"), command);
        }
        if let Some(command) = &q.check_powershell {
            check(report, format!("questions.{id}.check_powershell"), command);
        }
    }
    for (id, r) in &flow.resolutions {
        for (i, c) in r.commands.iter().enumerate() {
            check(
                report,
                format!("resolutions.{id}.commands[{i}].command"),
                &c.command,
            );
            if let Some(ps) = &c.powershell {
                check(
                    report,
                    format!("resolutions.{id}.commands[{i}].powershell"),
                    ps,
                );
            }
        }
    }
}

/// Sources that name nothing, compared lowercase without end punctuation.
const VAGUE_SOURCES: &[&str] = &[
    "see above",
    "as above",
    "above",
    "same",
    "same source",
    "ibid",
    "idem",
    "id",
    "voir ci-dessus",
    "ci-dessus",
    "comme ci-dessus",
    "même source",
    "todo",
    "tbd",
    "fixme",
    "n/a",
    "na",
    "none",
    "unknown",
    "source",
    "aucune",
    "inconnue",
];

/// Beginnings of a source that only point elsewhere in the file.
const BACK_REFERENCES: &[&str] = &[
    "see above",
    "same as",
    "as above",
    "see question",
    "see resolution",
    "see the question",
    "see the resolution",
    "voir ci-dessus",
    "voir la question",
    "voir la résolution",
    "comme ci-dessus",
    "cf. ci-dessus",
    "idem",
    "ibid",
    "todo",
];

/// Whether `source` names nothing: blank sources are reported on their own.
fn is_vague(source: &str) -> bool {
    let s = source
        .trim()
        .trim_end_matches(|c: char| c.is_ascii_punctuation() || c == '…')
        .trim()
        .to_lowercase();
    !source.trim().is_empty()
        && (s.is_empty()
            || VAGUE_SOURCES.contains(&s.as_str())
            || BACK_REFERENCES.iter().any(|b| s.starts_with(b)))
}

fn check_sources(flow: &FlowFile, report: &mut Report) {
    let check = |report: &mut Report, path: String, source: &str| {
        if is_vague(source) {
            report.at(
                &path,
                format!(
                    "source '{}' names no document: say which document supports this (title or file, \
                     section, URL), or mark it as actwiz's own advice",
                    source.trim()
                ),
            );
        }
    };
    check(report, "source".into(), &flow.source);
    for (i, entry) in flow.codes.iter().enumerate() {
        check(report, format!("codes[{i}].source"), &entry.source);
        for (j, alias) in entry.aliases.iter().enumerate() {
            if let Some(source) = &alias.source {
                let path = format!("codes[{i}].aliases[{j}].source");
                if source.trim().is_empty() {
                    report.at(&path, "empty source: name the document or drop the field");
                }
                check(report, path, source);
            }
        }
    }
    for (id, q) in &flow.questions {
        check(report, format!("questions.{id}.source"), &q.source);
    }
    for (id, r) in &flow.resolutions {
        check(report, format!("resolutions.{id}.source"), &r.source);
    }
}

#[cfg(test)]
mod tests {
    use super::is_vague;

    #[test]
    fn vague_sources_are_refused_documents_and_own_advice_are_not() {
        for s in [
            "see above",
            "Same as above.",
            "TODO",
            "n/a",
            "?",
            "...",
            "Idem (question 2)",
        ] {
            assert!(is_vague(s), "{s}");
        }
        for s in [
            "",
            "KB 978305",
            "error-0xc004e002-during-activation.md (SupportArticles-docs), Method 2",
            "actwiz's own advice, not from the article",
            "Test fixture.",
        ] {
            assert!(!is_vague(s), "{s}");
        }
    }
}
