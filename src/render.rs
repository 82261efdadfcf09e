//! Plain-text renderings shared by the CLI and plain mode: the code card,
//! the runbook outline, a walk's state. Pure functions from the model to a `String`.

use std::collections::BTreeSet;
use std::fmt::Write;

use crate::core::catalog::dialect::Dialect;
use crate::core::catalog::{Code, CodeEntry, FlowFile, Lang, Node, Question, Resolution};
use crate::core::placeholder::Values;
use crate::core::sanitize::clean_line;
use crate::core::walk::Step;
use crate::printable;
use crate::strings::{colon, semicolon, strings};

/// The code card: code and message, the message in the other language,
/// family, activation types.
/// `same_tree` are the other codes the entry answers with this tree.
pub(crate) fn card(entry: &CodeEntry, flow: &FlowFile, same_tree: &[Code], lang: Lang) -> String {
    let s = strings(lang);
    let mut out = String::new();
    // A message, marked when the translation is not Microsoft's own.
    let message = |l: Lang| {
        let note = if entry.unofficial_messages.contains(&l) {
            format!("  ({})", s.unofficial_translation)
        } else {
            String::new()
        };
        format!("{}{note}", clean_line(entry.messages.get(l)))
    };
    let _ = writeln!(out, "{}  {}", entry.code, message(lang));
    // The headline carries the message in `lang`; add the other language,
    // which is what a caller with a differently localized Windows reads out.
    let other = lang.other();
    let _ = writeln!(
        out,
        "  {} {}",
        colon(lang, &format!("{} ({other})", s.message)),
        message(other)
    );
    let family = printable::family(flow, lang);
    let _ = writeln!(out, "  {} {family}", colon(lang, s.family));
    let types = printable::activation_types(entry, lang);
    let _ = writeln!(out, "  {} {types}", colon(lang, s.activation_types));
    if !entry.see_also.is_empty() {
        let codes: Vec<String> = entry.see_also.iter().map(|c| c.to_string()).collect();
        let _ = writeln!(out, "  {} {}", colon(lang, s.see_also), codes.join(", "));
    }
    if let Some(line) = printable::same_tree(same_tree, lang) {
        let _ = writeln!(out, "  {line}");
    }
    out
}

/// The card followed by the whole tree as an indented outline. A node met a
/// second time is referred to instead of printed again.
pub(crate) fn runbook(
    entry: &CodeEntry,
    flow: &FlowFile,
    same_tree: &[Code],
    lang: Lang,
    dialect: Dialect,
) -> String {
    let s = strings(lang);
    let mut out = card(entry, flow, same_tree, lang);
    let _ = writeln!(
        out,
        "  {} {}",
        colon(lang, s.source),
        clean_line(&entry.source)
    );
    let _ = writeln!(out, "\n{}", s.decision_tree);
    let mut printer = Outline {
        flow,
        lang,
        dialect,
        out: &mut out,
        seen: BTreeSet::new(),
        resolution_numbers: Vec::new(),
        question_count: 0,
    };
    printer.node(&entry.start, 1);
    out
}

struct Outline<'a> {
    flow: &'a FlowFile,
    lang: Lang,
    dialect: Dialect,
    out: &'a mut String,
    seen: BTreeSet<String>,
    resolution_numbers: Vec<String>,
    question_count: usize,
}

impl Outline<'_> {
    fn node(&mut self, id: &str, depth: usize) {
        let s = strings(self.lang);
        let pad = "  ".repeat(depth);
        match self.flow.node(id) {
            Some(Node::Question(q)) => {
                if !self.seen.insert(id.to_string()) {
                    let _ = writeln!(self.out, "{pad}-> {}", clean_line(q.text.get(self.lang)));
                    return;
                }
                self.question_count += 1;
                self.question(q, &pad, depth);
            }
            Some(Node::Resolution(r)) => {
                if let Some(n) = self.resolution_numbers.iter().position(|x| x == id) {
                    let _ = writeln!(
                        self.out,
                        "{pad}=> R{}. {} ({})",
                        n + 1,
                        clean_line(r.title.get(self.lang)),
                        s.same_as_above
                    );
                    return;
                }
                self.resolution_numbers.push(id.to_string());
                let number = self.resolution_numbers.len();
                let _ = writeln!(
                    self.out,
                    "{pad}=> R{number}. {} {}",
                    colon(self.lang, s.resolution),
                    clean_line(r.title.get(self.lang))
                );
                let body = resolution_body(self.flow, r, self.lang, self.dialect, &Values::new());
                for line in body.lines() {
                    let _ = writeln!(self.out, "{pad}   {line}");
                }
            }
            None => {
                let _ = writeln!(self.out, "{pad}?? {id}");
            }
        }
    }

    fn question(&mut self, q: &Question, pad: &str, depth: usize) {
        let s = strings(self.lang);
        let _ = writeln!(self.out, "{pad}? {}", clean_line(q.text.get(self.lang)));
        let _ = writeln!(
            self.out,
            "{pad}  {} {}",
            colon(self.lang, s.how_to_check),
            clean_line(q.how_to_check.get(self.lang))
        );
        if let Some(form) = q.check_form(self.dialect) {
            let _ = writeln!(self.out, "{pad}    > {}", clean_line(&form.text));
            if let Some(from) = printable::powershell_source(&form, self.lang) {
                let _ = writeln!(self.out, "{pad}      {}", from.line(self.lang));
            }
        }
        for (i, choice) in q.choices.iter().enumerate() {
            let _ = writeln!(
                self.out,
                "{pad}  {}) {}",
                i + 1,
                clean_line(choice.label.get(self.lang))
            );
            self.node(&choice.next, depth + 2);
        }
    }
}

/// Cause, numbered steps, commands (filled from `values`) and links.
pub(crate) fn resolution_body(
    flow: &FlowFile,
    r: &Resolution,
    lang: Lang,
    dialect: Dialect,
    values: &Values,
) -> String {
    let s = strings(lang);
    let r = printable::Resolution::new(flow, r, lang, dialect, values);
    let mut out = String::new();
    if let Some(caution) = &r.caution {
        let _ = writeln!(out, "{}", printable::caution(lang, caution));
    }
    let _ = writeln!(out, "{} {}", colon(lang, s.cause), r.cause);
    let _ = writeln!(out, "{}", colon(lang, s.steps));
    for (i, step) in r.steps.iter().enumerate() {
        let _ = writeln!(out, "  {}. {step}", i + 1);
    }
    if !r.commands.is_empty() {
        let _ = writeln!(out, "{}", colon(lang, s.commands));
        for (i, c) in r.commands.iter().enumerate() {
            let notes =
                printable::command_notes(lang, dialect, c.shell, c.elevated, c.run_on.as_deref());
            let notes = if notes.is_empty() {
                String::new()
            } else {
                format!("  [{}]", notes.join(&semicolon(lang)))
            };
            if let Some(caution) = &c.caution {
                let _ = writeln!(out, "  {}", printable::caution(lang, caution));
            }
            let _ = writeln!(out, "  [{}] {}{notes}", i + 1, c.explain);
            let _ = writeln!(out, "      > {}", c.filled);
            if let Some(from) = &c.powershell_from {
                let _ = writeln!(out, "        {from}");
            }
            for refusal in &c.refused {
                let _ = writeln!(out, "        {refusal}");
            }
        }
    }
    if !r.links.is_empty() {
        let _ = writeln!(out, "{}", colon(lang, s.links));
        for link in &r.links {
            let _ = writeln!(out, "  - {} <{}>", link.title, link.url);
        }
    }
    out
}

/// The answers given so far, as "question -> answer" lines.
pub(crate) fn path(flow: &FlowFile, steps: &[Step], lang: Lang) -> String {
    let mut out = String::new();
    for (i, (question, answer)) in printable::answers(flow, steps, lang).enumerate() {
        let _ = writeln!(out, "  {}. {question} -> {answer}", i + 1);
    }
    out
}

/// A pending question with its numbered choices; its check command is
/// filled from `values` and the defaults, like a resolution's commands.
pub(crate) fn question(
    flow: &FlowFile,
    q: &Question,
    lang: Lang,
    dialect: Dialect,
    values: &Values,
) -> String {
    let s = strings(lang);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {}",
        colon(lang, s.question),
        clean_line(q.text.get(lang))
    );
    let _ = writeln!(
        out,
        "  {} {}",
        colon(lang, s.how_to_check),
        clean_line(q.how_to_check.get(lang))
    );
    if let Some(form) = q.check_form(dialect) {
        let _ = writeln!(
            out,
            "    > {}",
            clean_line(&values.fill(flow, &form.text).text)
        );
        for refusal in printable::refusals(flow, values, &form.text, lang) {
            let _ = writeln!(out, "      {refusal}");
        }
        if let Some(from) = printable::powershell_source(&form, lang) {
            let _ = writeln!(out, "      {}", from.line(lang));
        }
    }
    for (i, c) in q.choices.iter().enumerate() {
        let _ = writeln!(
            out,
            "  {}) {}  [{}]",
            i + 1,
            clean_line(c.label.get(lang)),
            c.id
        );
    }
    out
}
