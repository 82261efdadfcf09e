//! The Markdown runbook: every selected code with its messages, and every
//! node of its tree in the order met: questions with how to check, the check
//! command and every choice (linked to where it leads), resolutions with
//! cause, steps, commands, cautions and sources.
//!
//! Texts are sanitized, then escaped so that a flow's text cannot become
//! HTML, a link or a heading in the wiki; commands go in fenced blocks
//! longer than any run of backticks they hold.

use std::collections::{BTreeMap, VecDeque};
use std::fmt::Write;

use super::Family;
use crate::core::catalog::dialect::{Dialect, Form};
use crate::core::catalog::{
    Code, CodeEntry, FlowFile, Lang, Localized, Node, Question, Resolution, Shell,
};
use crate::core::sanitize::{clean, clean_line};
use crate::printable::{self, PowershellSource};
use crate::strings::strings;

/// Labels this export needs that the rest of the interface does not.
struct Labels {
    title: &'static str,
    caution: &'static str,
    check_command: &'static str,
    choices: &'static str,
    no_way_out: &'static str,
    way_out: &'static str,
    elevated: &'static str,
    missing: &'static str,
    unofficial: &'static str,
    tree_at: &'static str,
}

const EN: Labels = Labels {
    title: "Windows activation error codes: runbook",
    caution: "Caution",
    check_command: "Command that shows the answer",
    choices: "Answers",
    no_way_out: "No \"I can't check\" answer because",
    way_out: "when you cannot check",
    elevated: "run as administrator",
    missing: "not defined in the flow file",
    unofficial: "actwiz's translation, Microsoft published none",
    tree_at: "The questions and answers are those of",
};

const FR: Labels = Labels {
    title: "Codes d’erreur d’activation de Windows : procédures",
    caution: "Attention",
    check_command: "Commande qui donne la réponse",
    choices: "Réponses",
    no_way_out: "Pas de réponse « je ne peux pas vérifier », car",
    way_out: "si vous ne pouvez pas vérifier",
    elevated: "à lancer en administrateur",
    missing: "absent du fichier de flux",
    unofficial: "traduction d’actwiz, Microsoft n’en publie pas",
    tree_at: "Les questions et réponses sont celles de",
};

fn labels(lang: Lang) -> &'static Labels {
    match lang {
        Lang::En => &EN,
        Lang::Fr => &FR,
    }
}

pub(super) fn runbook(families: &[Family<'_>], lang: Lang) -> String {
    let l = labels(lang);
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", l.title);
    // A table of contents: one line per code, linked to its section.
    for family in families {
        for entry in &family.codes {
            let _ = writeln!(
                out,
                "- [{}](#{}) {}",
                entry.code,
                code_anchor(entry),
                text(entry.messages.get(lang))
            );
        }
    }
    for family in families {
        let _ = writeln!(
            out,
            "\n## {} — {}\n",
            text(&family.flow.family),
            text(family.flow.title.get(lang))
        );
        // A code whose tree was printed for another code of its entry
        // points there instead of printing it again.
        let mut printed = Vec::new();
        for entry in &family.codes {
            let others = family
                .same_tree
                .get(&entry.code)
                .map_or(&[][..], |c| c.as_slice());
            let tree_at = others.iter().copied().find(|c| printed.contains(c));
            code_section(&mut out, family.flow, entry, others, tree_at, lang);
            printed.push(entry.code);
        }
    }
    out
}

/// `same_tree`: the other codes of the entry; `tree_at`: one of them whose
/// section already holds the tree.
fn code_section(
    out: &mut String,
    flow: &FlowFile,
    entry: &CodeEntry,
    same_tree: &[Code],
    tree_at: Option<Code>,
    lang: Lang,
) {
    let s = strings(lang);
    let l = labels(lang);
    let _ = writeln!(out, "<a id=\"{}\"></a>\n", code_anchor(entry));
    let _ = writeln!(out, "### {}\n", entry.code);
    for message_lang in [lang, lang.other()] {
        let note = if entry.unofficial_messages.contains(&message_lang) {
            format!(" ({})", l.unofficial)
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "- **{} ({message_lang})**: {}{note}",
            s.message,
            text(entry.messages.get(message_lang))
        );
    }
    let types = crate::printable::activation_types(entry, lang);
    let _ = writeln!(out, "- **{}**: {}", s.activation_types, text(&types));
    if !entry.see_also.is_empty() {
        let links: Vec<String> = entry
            .see_also
            .iter()
            .map(|code| format!("[{code}](#{})", format!("{code}").to_ascii_lowercase()))
            .collect();
        let _ = writeln!(out, "- **{}**: {}", s.see_also, links.join(", "));
    }
    if !same_tree.is_empty() {
        let links: Vec<String> = same_tree
            .iter()
            .map(|code| format!("[{code}](#{})", code.to_string().to_ascii_lowercase()))
            .collect();
        let label = crate::printable::capitalized(s.same_tree_as);
        let _ = writeln!(out, "- **{label}**: {}", links.join(", "));
    }
    let _ = writeln!(out, "- **{}**: {}\n", s.source, text(&entry.source));
    if let Some(other) = tree_at {
        let _ = writeln!(
            out,
            "{} [{other}](#{}).\n",
            l.tree_at,
            other.to_string().to_ascii_lowercase()
        );
        return;
    }

    // The tree, breadth first: numbered Q1, Q2... and R1, R2... per code.
    let order = tree_order(flow, &entry.start);
    let names = node_names(flow, &order);
    for id in &order {
        let anchor = node_anchor(entry, id);
        let name = names.get(id.as_str()).cloned().unwrap_or_default();
        match flow.node(id) {
            Some(Node::Question(q)) => question(out, q, &name, &anchor, entry, &names, lang),
            Some(Node::Resolution(r)) => resolution(out, r, &name, &anchor, lang),
            None => {
                let _ = writeln!(out, "<a id=\"{anchor}\"></a>\n");
                let _ = writeln!(out, "#### {name}: `{}` ({})\n", inline_code(id), l.missing);
            }
        }
    }
}

fn question(
    out: &mut String,
    q: &Question,
    name: &str,
    anchor: &str,
    entry: &CodeEntry,
    names: &BTreeMap<&str, String>,
    lang: Lang,
) {
    let s = strings(lang);
    let l = labels(lang);
    let _ = writeln!(out, "<a id=\"{anchor}\"></a>\n");
    let _ = writeln!(out, "#### {name}. {}\n", text(q.text.get(lang)));
    let _ = writeln!(
        out,
        "*{}*: {}\n",
        s.how_to_check,
        text(q.how_to_check.get(lang))
    );
    if let Some(command) = &q.check_command {
        let _ = writeln!(out, "{}:\n", l.check_command);
        fenced(out, command);
        if let Some(form) = q.check_form(Dialect::Powershell) {
            powershell_form(out, form, command, lang);
        }
    }
    let _ = writeln!(out, "{}:\n", l.choices);
    for (i, choice) in q.choices.iter().enumerate() {
        let target = names.get(choice.next.as_str()).cloned().unwrap_or_default();
        let way_out = if choice.way_out {
            format!(" *({})*", l.way_out)
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "{}. {}{way_out} → [{target}](#{})",
            i + 1,
            text(choice.label.get(lang)),
            node_anchor(entry, &choice.next)
        );
    }
    if let Some(reason) = &q.no_way_out {
        let _ = writeln!(out, "\n{} {}", l.no_way_out, text(reason));
    }
    let _ = writeln!(out, "\n*{}*: {}\n", s.source, text(&q.source));
}

fn resolution(out: &mut String, r: &Resolution, name: &str, anchor: &str, lang: Lang) {
    let s = strings(lang);
    let l = labels(lang);
    let _ = writeln!(out, "<a id=\"{anchor}\"></a>\n");
    let _ = writeln!(out, "#### {name}. {}\n", text(r.title.get(lang)));
    if let Some(caution) = &r.caution {
        caution_block(out, l, caution, lang);
    }
    let _ = writeln!(out, "**{}**: {}\n", s.cause, text(r.cause.get(lang)));
    let _ = writeln!(out, "**{}**:\n", s.steps);
    for (i, step) in r.steps.iter().enumerate() {
        let _ = writeln!(out, "{}. {}", i + 1, text(step.get(lang)));
    }
    out.push('\n');
    if !r.commands.is_empty() {
        let _ = writeln!(out, "**{}**:\n", s.commands);
        for command in &r.commands {
            let mut notes = Vec::new();
            if command.elevated {
                notes.push(l.elevated.to_string());
            }
            if let Some(on) = &command.run_on {
                notes.push(format!("{} {}", s.run_on, text(on.get(lang))));
            }
            let notes = if notes.is_empty() {
                String::new()
            } else {
                format!(" ({})", notes.join("; "))
            };
            let _ = writeln!(out, "- {}{notes}\n", text(command.explain.get(lang)));
            if let Some(caution) = &command.caution {
                caution_block(out, l, caution, lang);
            }
            fenced(out, &command.command);
            powershell_form(
                out,
                command.form(Dialect::Powershell),
                &command.command,
                lang,
            );
        }
    }
    if !r.links.is_empty() {
        let _ = writeln!(out, "**{}**:\n", s.links);
        for link in &r.links {
            let _ = writeln!(
                out,
                "- [{}](<{}>)",
                text(link.title.get(lang)),
                link_target(&link.url)
            );
        }
        out.push('\n');
    }
    let _ = writeln!(out, "*{}*: {}\n", s.source, text(&r.source));
}

/// The PowerShell form of a command, when it differs from the cmd text,
/// and where it comes from (generated, or each command it runs).
fn powershell_form(out: &mut String, form: Form<'_>, cmd: &str, lang: Lang) {
    if form.shell != Shell::Powershell || form.text == cmd {
        return;
    }
    let ps = crate::strings::powershell::powershell_strings(lang);
    let _ = writeln!(out, "{}:\n", ps.in_powershell);
    fenced(out, &form.text);
    let from: Vec<String> = match printable::powershell_source(&form, lang) {
        Some(PowershellSource::Generated) => vec![ps.generated.to_string()],
        Some(PowershellSource::Commands(parts)) => parts
            .into_iter()
            .map(|part| {
                let what = match part.of {
                    Some(of) => format!("{} `{of}`", part.what),
                    None => part.what,
                };
                match part.reference {
                    Some(reference) => format!("[`{}`](<{reference}>): {what}", part.name),
                    None => format!("`{}`: {what}", text(&part.name)),
                }
            })
            .collect(),
        None => Vec::new(),
    };
    if !from.is_empty() {
        let _ = writeln!(out, "*{}*\n", from.join("; "));
    }
}

fn caution_block(out: &mut String, l: &Labels, caution: &Localized, lang: Lang) {
    let _ = writeln!(out, "> **⚠ {}**: {}\n", l.caution, text(caution.get(lang)));
}

/// A command in a fenced block, fenced with more backticks than it holds.
fn fenced(out: &mut String, command: &str) {
    let command = clean(command);
    let longest = command.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    let _ = writeln!(out, "{fence}\n{}\n{fence}\n", command.trim_end());
}

/// Node ids in breadth-first order from `start`, each once.
fn tree_order(flow: &FlowFile, start: &str) -> Vec<String> {
    let mut order: Vec<String> = Vec::new();
    let mut queue = VecDeque::from([start.to_string()]);
    while let Some(id) = queue.pop_front() {
        if order.contains(&id) {
            continue;
        }
        if let Some(Node::Question(q)) = flow.node(&id) {
            queue.extend(q.choices.iter().map(|c| c.next.clone()));
        }
        order.push(id);
    }
    order
}

/// Q1, Q2... for questions and R1, R2... for resolutions, in tree order.
fn node_names<'o>(flow: &FlowFile, order: &'o [String]) -> BTreeMap<&'o str, String> {
    let (mut questions, mut resolutions, mut missing) = (0, 0, 0);
    let mut names = BTreeMap::new();
    for id in order {
        let name = match flow.node(id) {
            Some(Node::Question(_)) => {
                questions += 1;
                format!("Q{questions}")
            }
            Some(Node::Resolution(_)) => {
                resolutions += 1;
                format!("R{resolutions}")
            }
            None => {
                missing += 1;
                format!("X{missing}")
            }
        };
        names.insert(id.as_str(), name);
    }
    names
}

fn code_anchor(entry: &CodeEntry) -> String {
    entry.code.to_string().to_ascii_lowercase()
}

/// An anchor unique in the document: the code, then the node id with
/// anything but ASCII letters, digits, `-` and `_` replaced.
fn node_anchor(entry: &CodeEntry, id: &str) -> String {
    let id: String = clean_line(id)
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    format!("{}-{id}", code_anchor(entry))
}

/// A flow's text as inline Markdown: one line, with the characters that
/// would make markup (HTML, links, emphasis, code, tables) escaped.
pub(super) fn text(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in clean_line(raw).chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' | '~' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// Inside an inline code span: backticks cannot be escaped there.
fn inline_code(raw: &str) -> String {
    clean_line(raw).replace('`', "'")
}

/// A URL inside `<...>`: no spaces or angle brackets.
fn link_target(url: &str) -> String {
    clean_line(url)
        .chars()
        .map(|c| match c {
            ' ' => "%20".to_string(),
            '<' => "%3C".to_string(),
            '>' => "%3E".to_string(),
            c => c.to_string(),
        })
        .collect()
}
