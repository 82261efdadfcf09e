//! Validation of parsed flow files. Every problem is collected, none stops
//! the others from being found.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::load::{ParsedFile, PositionIndex};
use super::model::{Code, FlowFile, Lang, Localized, Node, PlaceholderKind, Question, Shell};
use super::problem::Problem;
use crate::core::placeholder;
use crate::core::walk;

mod suggest;

/// Collects problems for one file, positioned through its index.
pub(super) struct Report<'a> {
    origin: &'a str,
    positions: &'a PositionIndex,
    problems: &'a mut Vec<Problem>,
}

impl Report<'_> {
    pub(super) fn at(&mut self, path: &str, message: impl Into<String>) {
        self.problems.push(Problem {
            file: self.origin.to_string(),
            position: self.positions.find(path),
            path: Some(path.to_string()),
            message: message.into(),
        });
    }

    /// A problem at byte `offset` of the text `value` of the field `path`.
    pub(super) fn in_text(&mut self, path: &str, value: &str, offset: usize, message: String) {
        self.problems.push(Problem {
            file: self.origin.to_string(),
            position: self.positions.find_in_text(path, value, offset),
            path: Some(path.to_string()),
            message,
        });
    }

    pub(super) fn localized(&mut self, path: &str, text: &Localized) {
        for lang in Lang::ALL {
            if text.exact(lang).is_none() {
                self.at(
                    &format!("{path}.{lang}"),
                    format!("missing translation: {path} has no '{lang}' text"),
                );
            }
        }
    }

    fn source(&mut self, path: &str, source: &str) {
        if source.trim().is_empty() {
            self.at(
                &format!("{path}.source"),
                format!("{path} needs a source note saying where its facts come from"),
            );
        }
    }
}

/// Validates a set of files that form one folder: each file on its own, then
/// codes defined twice across the folder.
pub fn validate_folder(files: &[ParsedFile]) -> Vec<Problem> {
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
}

fn check_placeholders(flow: &FlowFile, report: &mut Report) {
    for (name, decl) in &flow.placeholders {
        let path = format!("placeholders.{name}");
        report.localized(&format!("{path}.label"), &decl.label);
        if let Some(default) = &decl.default {
            if let Err(err) = placeholder::check_value(flow, name, decl.kind, default) {
                report.at(
                    &format!("{path}.default"),
                    format!(
                        "default '{default}' of placeholder '{name}' is invalid: {}",
                        err.message(Lang::En)
                    ),
                );
            }
        }
    }
    let mut used: BTreeSet<String> = BTreeSet::new();
    let mut check = |report: &mut Report, path: String, command: &str, shell: Shell| {
        for (offset, message) in malformed_placeholders(command) {
            report.in_text(&path, command, offset, message);
        }
        for (offset, message) in hidden_characters(command) {
            report.in_text(&path, command, offset, message);
        }
        for (offset, message) in unquoted_free_text(flow, command, shell) {
            report.in_text(&path, command, offset, message);
        }
        for name in placeholder::names(command) {
            if !flow.placeholders.contains_key(&name) {
                report.at(
                    &path,
                    format!("placeholder '{{{name}}}' is used but not declared in 'placeholders'"),
                );
            }
            used.insert(name);
        }
    };
    for (id, q) in &flow.questions {
        if let Some(cmd) = &q.check_command {
            check(
                report,
                format!("questions.{id}.check_command"),
                cmd,
                Shell::Cmd,
            );
        }
    }
    for (id, r) in &flow.resolutions {
        for (i, c) in r.commands.iter().enumerate() {
            check(
                report,
                format!("resolutions.{id}.commands[{i}].command"),
                &c.command,
                c.shell,
            );
        }
    }
}

/// Characters a command would be copied with though nobody sees them:
/// control characters, bidi controls, zero-width characters, U+2028/U+2029.
/// Returns (byte offset, message) pairs.
fn hidden_characters(command: &str) -> Vec<(usize, String)> {
    command
        .char_indices()
        .filter(|(_, c)| crate::core::sanitize::is_unsafe(*c) || *c == '\n' || *c == '\t')
        .map(|(i, c)| {
            (
                i,
                format!(
                    "invisible or control character U+{:04X} in a command: it would be pasted into the shell unseen",
                    u32::from(c)
                ),
            )
        })
        .collect()
}

/// Free-text placeholders (`windows_path`: spaces allowed) standing outside
/// quotes: `Remove-Item {p}` filled with `C:\tmp -Recurse` would be two
/// arguments. cmd.exe knows only double quotes; PowerShell also single ones.
/// Returns (byte offset, message) pairs.
fn unquoted_free_text(flow: &FlowFile, command: &str, shell: Shell) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (range, name) in placeholder::spans(command) {
        let free_text = flow
            .placeholders
            .get(name)
            .is_some_and(|d| d.kind == PlaceholderKind::WindowsPath);
        if free_text && !quoted(command, range.clone(), shell) {
            let quotes = match shell {
                Shell::Cmd => "double quotes (\"{name}\")",
                Shell::Powershell => "quotes ('{name}' or \"{name}\")",
            };
            found.push((
                range.start,
                format!(
                    "placeholder '{{{name}}}' takes free text (spaces) and must stand inside {}",
                    quotes.replace("{name}", &format!("{{{name}}}"))
                ),
            ));
        }
    }
    found
}

/// Whether `range` of `command` lies inside a pair of quotes `shell` reads.
fn quoted(command: &str, range: std::ops::Range<usize>, shell: Shell) -> bool {
    let is_quote = |c: char| c == '"' || (c == '\'' && shell == Shell::Powershell);
    let mut open: Option<char> = None;
    for c in command[..range.start].chars() {
        match open {
            Some(q) if c == q => open = None,
            None if is_quote(c) => open = Some(c),
            _ => {}
        }
    }
    match open {
        Some(q) => command[range.end..].contains(q),
        None => false,
    }
}

/// Braces in a command that look like a placeholder but are not one, so that
/// filling would leave them in the copied command: `{kms_host` (never
/// closed), `{kms host}` or `{kms-host}` (not a name), a `}` nothing opens.
/// Returns (byte offset, message) pairs.
///
/// A placeholder is exactly what [`placeholder::spans`] finds. Other braces
/// are left alone when they can be PowerShell's (`{ $_.Id -eq 8198 }`,
/// `@{Name='x'}`): a block that opens with a space, `$` or a capital, and
/// braces that pair up.
fn malformed_placeholders(command: &str) -> Vec<(usize, String)> {
    let spans = placeholder::spans(command);
    let in_span = |i: usize| spans.iter().any(|(range, _)| range.contains(&i));
    let looks_like_name = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_';
    let mut found = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    for (i, c) in command.char_indices() {
        if in_span(i) {
            continue;
        }
        match c {
            '{' => {
                let rest = &command[i + 1..];
                let inside = rest.split_once('}').map(|(inside, _)| inside);
                match inside {
                    // `{kms host}`, `{kms-host}`: meant as a placeholder.
                    Some(inside)
                        if inside.starts_with(looks_like_name)
                            && !inside.contains('{')
                            && inside
                                .chars()
                                .all(|c| looks_like_name(c) || matches!(c, ' ' | '-' | '.')) =>
                    {
                        let text = &command[i..i + inside.len() + 2];
                        found.push((
                            i,
                            format!(
                                "malformed placeholder '{text}': a placeholder name is lowercase letters, digits and '_'"
                            ),
                        ));
                        // Its '}' is accounted for.
                        open.push(usize::MAX);
                    }
                    _ => open.push(i),
                }
            }
            '}' if open.pop().is_none() => found.push((
                i,
                "stray '}': no '{' opens it, and it would be copied as is".to_string(),
            )),
            _ => {}
        }
    }
    for i in open.into_iter().filter(|i| *i != usize::MAX) {
        let name: String = command[i + 1..]
            .chars()
            .take_while(|c| looks_like_name(*c))
            .collect();
        let message = if name.is_empty() {
            "'{' is never closed by a '}'".to_string()
        } else {
            format!("unclosed placeholder '{{{name}': add the closing '}}'")
        };
        found.push((i, message));
    }
    found.sort();
    found
}

/// Where a placeholder name was first declared, and with which type.
#[derive(Clone, Debug)]
pub struct FirstDeclaration {
    pub origin: String,
    pub position: Option<super::load::Position>,
    pub kind: super::model::PlaceholderKind,
}

/// A placeholder name declared with another type than where it was first
/// declared (`seen`, filled as files are read; seed it with the built-in
/// declarations so that a folder is checked against the flows it is loaded
/// over). Values are kept by name across flows: one name, one type.
pub fn check_placeholder_types(
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
fn kind_name(kind: super::model::PlaceholderKind) -> String {
    match serde_json::to_value(kind) {
        Ok(serde_json::Value::String(name)) => name,
        _ => format!("{kind:?}"),
    }
}

/// `see_also` entries naming a code that `known` does not know.
pub fn check_see_also(files: &[ParsedFile], known: &dyn Fn(Code) -> bool) -> Vec<Problem> {
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

/// Ids of the nodes a node leads to directly.
fn successors<'f>(flow: &'f FlowFile, id: &str) -> Vec<&'f str> {
    match flow.questions.get(id) {
        Some(q) => q.choices.iter().map(|c| c.next.as_str()).collect(),
        None => Vec::new(),
    }
}

fn check_graph(flow: &FlowFile, report: &mut Report) {
    // Reachability from every code's start.
    let mut reached: BTreeSet<&str> = BTreeSet::new();
    let mut stack: Vec<&str> = flow.codes.iter().map(|c| c.start.as_str()).collect();
    while let Some(id) = stack.pop() {
        if flow.node(id).is_some() && reached.insert(id) {
            stack.extend(successors(flow, id));
        }
    }
    for id in flow.questions.keys() {
        if !reached.contains(id.as_str()) {
            report.at(
                &format!("questions.{id}"),
                format!("question '{id}' is unreachable: no code's tree leads to it"),
            );
        }
    }
    for id in flow.resolutions.keys() {
        if !reached.contains(id.as_str()) {
            report.at(
                &format!("resolutions.{id}"),
                format!("resolution '{id}' is unreachable: no code's tree leads to it"),
            );
        }
    }

    // Cycles: depth-first search with an explicit path; each cycle once.
    let mut done: BTreeSet<&str> = BTreeSet::new();
    let mut reported: BTreeSet<Vec<&str>> = BTreeSet::new();
    for id in flow.questions.keys() {
        find_cycles(flow, id, &mut Vec::new(), &mut done, &mut reported, report);
    }
}

fn find_cycles<'f>(
    flow: &'f FlowFile,
    id: &'f str,
    path: &mut Vec<&'f str>,
    done: &mut BTreeSet<&'f str>,
    reported: &mut BTreeSet<Vec<&'f str>>,
    report: &mut Report,
) {
    if let Some(at) = path.iter().position(|p| *p == id) {
        let mut cycle: Vec<&str> = path[at..].to_vec();
        // Rotate so the same cycle found from another entry is recognised.
        if let Some(min) = cycle
            .iter()
            .enumerate()
            .min_by_key(|(_, n)| **n)
            .map(|(i, _)| i)
        {
            cycle.rotate_left(min);
        }
        if reported.insert(cycle.clone()) {
            let mut shown = cycle.clone();
            shown.push(cycle[0]);
            report.at(
                &format!("questions.{}", cycle[0]),
                format!("cycle: {}", shown.join(" -> ")),
            );
        }
        return;
    }
    if done.contains(id) || !flow.questions.contains_key(id) {
        return;
    }
    path.push(id);
    for next in successors(flow, id) {
        find_cycles(flow, next, path, done, reported, report);
    }
    path.pop();
    done.insert(id);
}

fn check_examples(flow: &FlowFile, report: &mut Report) {
    let mut covered: BTreeSet<&str> = BTreeSet::new();
    for (i, example) in flow.tests.iter().enumerate() {
        let path = format!("tests[{i}]");
        let Some(entry) = flow.code(example.code) else {
            report.at(
                &format!("{path}.code"),
                format!(
                    "example path uses code {}, which this file does not define",
                    example.code
                ),
            );
            continue;
        };
        if !flow.resolutions.contains_key(&example.expect) {
            report.at(
                &format!("{path}.expect"),
                format!(
                    "example path expects '{}', which is not a resolution of this file",
                    example.expect
                ),
            );
            continue;
        }
        match walk::follow(flow, &entry.start, &example.answers) {
            Ok((_, reached)) if reached == example.expect => {
                covered.insert(
                    flow.resolutions
                        .get_key_value(&example.expect)
                        .map(|(k, _)| k.as_str())
                        .unwrap_or(""),
                );
            }
            Ok((_, reached)) => {
                let what = match flow.node(&reached) {
                    Some(Node::Question(_)) => format!("stops at question '{reached}'"),
                    _ => format!("reaches '{reached}'"),
                };
                report.at(
                    &path,
                    format!(
                        "example path for {} with answers [{}] {what}, not '{}'",
                        example.code,
                        example.answers.join(", "),
                        example.expect
                    ),
                );
            }
            Err(err) => report.at(
                &path,
                format!(
                    "example path for {} with answers [{}] fails: {err}",
                    example.code,
                    example.answers.join(", ")
                ),
            ),
        }
    }
    for id in flow.resolutions.keys() {
        if !covered.contains(id.as_str()) {
            report.at(
                &format!("resolutions.{id}"),
                format!("resolution '{id}' is not reached by any example path under 'tests'"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::malformed_placeholders;

    fn messages(command: &str) -> Vec<String> {
        malformed_placeholders(command)
            .into_iter()
            .map(|(at, m)| format!("{at}: {m}"))
            .collect()
    }

    #[test]
    fn broken_placeholders_are_found() {
        assert_eq!(
            messages("slmgr.vbs /skms {kms_host"),
            ["16: unclosed placeholder '{kms_host': add the closing '}'"]
        );
        assert_eq!(
            messages("ping {kms host} {dns-server}"),
            [
                "5: malformed placeholder '{kms host}': a placeholder name is lowercase letters, digits and '_'",
                "16: malformed placeholder '{dns-server}': a placeholder name is lowercase letters, digits and '_'",
            ]
        );
        assert_eq!(
            messages("/skms {kms_host}}:{kms_port}"),
            ["16: stray '}': no '{' opens it, and it would be copied as is"]
        );
        assert_eq!(messages("ping { "), ["5: '{' is never closed by a '}'"]);
    }

    #[test]
    fn placeholders_and_powershell_braces_are_left_alone() {
        for command in [
            "cscript slmgr.vbs /skms {kms_host}:{kms_port}",
            "Get-WinEvent -LogName Application | Where-Object { $_.Id -eq 12288 }",
            "Get-Service | ForEach-Object {$_.Name}",
            "New-Object PSObject -Property @{Name='x'; Value={kms_host}}",
            "& {Get-Process}",
            "",
            "{}",
        ] {
            assert!(
                messages(command).is_empty(),
                "{command}: {:?}",
                messages(command)
            );
        }
    }
}
