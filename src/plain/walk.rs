//! Plain mode's walk: a code's questions one after the other, then its
//! resolution and the values its commands need.

use std::io::Write;

use super::desk::Place;
use super::evidence::{print_suggestion, read_evidence};
use super::{here, is_evidence_command, is_quit, prompt, Io, Next};
use crate::core::catalog::dialect::Dialect;
use crate::core::catalog::{Catalog, Code, Lang};
use crate::core::evidence::InUse;
use crate::core::placeholder::Values;
use crate::core::sanitize::clean_line;
use crate::core::walk::{Current, Walk};
use crate::strings::evidence::evidence_strings;
use crate::strings::{colon, strings};

/// Asks the code's questions, then shows the resolution.
pub(super) fn walk_code(
    catalog: &Catalog,
    code: Code,
    values: &mut Values,
    in_use: &mut InUse,
    lang: Lang,
    dialect: Dialect,
    io: &mut Io<'_, impl Write>,
) -> std::io::Result<Next> {
    let s = strings(lang);
    let Ok(mut walk) = Walk::start(catalog, code) else {
        return Ok(Next::Search);
    };
    let Some((entry, flow)) = catalog.get(code) else {
        return Ok(Next::Search);
    };
    writeln!(
        io.out,
        "\n{}  {}",
        code,
        clean_line(entry.messages.get(lang))
    )?;
    if let Some(line) = crate::printable::same_tree(&catalog.same_tree(code), lang) {
        writeln!(io.out, "  {line}")?;
    }
    loop {
        in_use.prefill(flow, values, lang);
        match walk.current(catalog) {
            Ok(Current::Question { question, .. }) => {
                let number = walk.path().len() + 1;
                writeln!(
                    io.out,
                    "\n{} {number}. {}",
                    s.question,
                    clean_line(question.text.get(lang))
                )?;
                writeln!(
                    io.out,
                    "  {} {}",
                    colon(lang, s.how_to_check),
                    clean_line(question.how_to_check.get(lang))
                )?;
                if let Some(form) = question.check_form(dialect) {
                    let filled = values.fill(flow, &form.text);
                    writeln!(io.out, "    > {}", clean_line(&filled.text))?;
                    for refusal in crate::printable::refusals(flow, values, &form.text, lang) {
                        writeln!(io.out, "      {refusal}")?;
                    }
                }
                for (i, c) in question.choices.iter().enumerate() {
                    writeln!(io.out, "  {}) {}", i + 1, clean_line(c.label.get(lang)))?;
                }
                print_suggestion(question, &in_use.evidence, lang, io)?;
                let label =
                    crate::strings::plain_answer_prompt(lang, number, question.choices.len());
                io.desk.walk = Some(walk.clone());
                let at = here(Place::Question, catalog, values, in_use, lang, dialect);
                let Some(answer) = prompt(io, &label, &at)? else {
                    return Ok(Next::Quit);
                };
                match answer.as_str() {
                    a if is_quit(a) => return Ok(Next::Quit),
                    a if is_evidence_command(a) => {
                        if !read_evidence(in_use, lang, io)? {
                            return Ok(Next::Quit);
                        }
                    }
                    "b" => {
                        if !walk.back() {
                            return Ok(Next::Search);
                        }
                    }
                    "r" => walk.restart(),
                    "n" => return Ok(Next::Search),
                    a => match walk.answer(catalog, a) {
                        Ok(()) => in_use.note_last_answer(catalog, &walk),
                        Err(err) => writeln!(io.out, "{err}")?,
                    },
                }
            }
            Ok(Current::Resolution { resolution, .. }) => {
                // The whole resolution first: what the values are for.
                writeln!(
                    io.out,
                    "\n{} {}",
                    colon(lang, s.resolution),
                    clean_line(resolution.title.get(lang))
                )?;
                write!(
                    io.out,
                    "{}",
                    crate::render::resolution_body(flow, resolution, lang, dialect, values)
                )?;
                io.desk.walk = Some(walk.clone());
                if !ask_values(catalog, flow, resolution, values, in_use, lang, dialect, io)? {
                    return Ok(Next::Quit);
                }
                let at = here(Place::Resolution, catalog, values, in_use, lang, dialect);
                let Some(answer) = prompt(io, s.plain_after_prompt, &at)? else {
                    return Ok(Next::Quit);
                };
                match answer.as_str() {
                    "b" => {
                        walk.back();
                    }
                    "r" => walk.restart(),
                    a if is_quit(a) => return Ok(Next::Quit),
                    a if is_evidence_command(a) => {
                        if !read_evidence(in_use, lang, io)? {
                            return Ok(Next::Quit);
                        }
                    }
                    _ => return Ok(Next::Search),
                }
            }
            Err(err) => {
                writeln!(io.out, "{err}")?;
                return Ok(Next::Search);
            }
        }
    }
}

/// Asks a value for each placeholder of the resolution's commands, once
/// each, saying which commands it is for and what Enter keeps (the value
/// typed earlier in the session, else the default, else nothing). A bad
/// value is refused with the reason and asked again. Then prints the
/// commands that have placeholders, filled. `false` when the user quit
/// (`q`, as at every prompt) or input ended.
// The call's whole state is needed here: one more argument than clippy likes.
#[allow(clippy::too_many_arguments)]
fn ask_values(
    catalog: &Catalog,
    flow: &crate::core::catalog::FlowFile,
    resolution: &crate::core::catalog::Resolution,
    values: &mut Values,
    in_use: &mut InUse,
    lang: Lang,
    dialect: Dialect,
    io: &mut Io<'_, impl Write>,
) -> std::io::Result<bool> {
    let s = strings(lang);
    // Each placeholder, in order of first use, with the commands using it.
    let mut uses: Vec<(String, Vec<usize>)> = Vec::new();
    for (i, c) in resolution.commands.iter().enumerate() {
        for name in crate::core::placeholder::names(&c.form(dialect).text) {
            match uses.iter_mut().find(|(n, _)| *n == name) {
                Some((_, commands)) => {
                    if !commands.contains(&(i + 1)) {
                        commands.push(i + 1);
                    }
                }
                None => uses.push((name, vec![i + 1])),
            }
        }
    }
    if uses.is_empty() {
        return Ok(true);
    }
    writeln!(io.out)?;
    for (name, commands) in &uses {
        let Some(decl) = flow.placeholders.get(name) else {
            continue;
        };
        let which = crate::strings::plain_for_commands(lang, commands);
        loop {
            let mut enter = match values.effective(flow, name) {
                Some(v) => crate::strings::plain_keep(lang, &clean_line(&v)),
                None => s.plain_leave_unfilled.to_string(),
            };
            if let Some(origin) = in_use.origin_of(name, values) {
                let from = evidence_strings(lang).from_evidence;
                enter = format!(
                    "{enter}, {} {}",
                    colon(lang, from),
                    clean_line(&origin.to_string())
                );
            }
            let label = crate::strings::plain_value_prompt(
                lang,
                &clean_line(decl.label.get(lang)),
                name,
                &which,
                &enter,
            );
            let at = here(Place::Value, catalog, values, in_use, lang, dialect);
            let Some(answer) = prompt(io, &label, &at)? else {
                return Ok(false);
            };
            if is_quit(&answer) {
                return Ok(false);
            }
            if is_evidence_command(&answer) {
                if !read_evidence(in_use, lang, io)? {
                    return Ok(false);
                }
                in_use.prefill(flow, values, lang);
                continue;
            }
            if answer.is_empty() {
                break;
            }
            match values.set(flow, name, &answer, lang) {
                Ok(()) => break,
                Err(err) => {
                    // The prompt names the placeholder: give the reason alone.
                    let reason = match err {
                        crate::core::placeholder::SetError::Invalid { reason, .. } => reason,
                        other => other.to_string(),
                    };
                    writeln!(io.out, "  {} {reason}", colon(lang, s.plain_refused))?;
                }
            }
        }
    }
    writeln!(io.out, "\n{}", colon(lang, s.plain_filled))?;
    let mut missing: Vec<String> = Vec::new();
    for (i, c) in resolution.commands.iter().enumerate() {
        let form = c.form(dialect);
        if crate::core::placeholder::names(&form.text).is_empty() {
            continue;
        }
        let filled = values.fill(flow, &form.text);
        writeln!(io.out, "  [{}] > {}", i + 1, clean_line(&filled.text))?;
        for refusal in crate::printable::refusals(flow, values, &form.text, lang) {
            writeln!(io.out, "      {refusal}")?;
        }
        for name in filled.missing {
            if !missing.contains(&name) {
                missing.push(name);
            }
        }
    }
    if !missing.is_empty() {
        writeln!(
            io.out,
            "{} {}",
            colon(lang, s.plain_still_missing),
            missing.join(", ")
        )?;
    }
    Ok(true)
}
