//! Evidence in plain mode: `e` at a prompt reads pasted output, and the
//! facts and suggested answers it gives are listed.

use std::io::Write;

use super::Io;
use crate::core::catalog::{Lang, Question};
use crate::core::evidence::{Evidence, InUse};
use crate::core::sanitize::clean_line;
use crate::strings::colon;
use crate::strings::evidence::evidence_strings;

/// Reads pasted evidence until two empty lines in a row, a line with a
/// single dot, or the end of input (one empty line is not the end: slmgr
/// and ipconfig print blank lines inside their output). Merges it into
/// `in_use` and lists the facts. `false` when input ended.
pub(super) fn read_evidence(
    in_use: &mut InUse,
    lang: Lang,
    io: &mut Io<'_, impl Write>,
) -> std::io::Result<bool> {
    let s = evidence_strings(lang);
    writeln!(io.out, "{}", s.plain_paste_prompt)?;
    io.out.flush()?;
    let mut text = String::new();
    let mut blank = false;
    let mut ended = false;
    // Bounded like the evidence reader: what is beyond is not read.
    while text.len() <= crate::core::evidence::MAX_TEXT_BYTES {
        let Some(line) = io.lines.pasted(io.out)? else {
            ended = true;
            break;
        };
        if line.trim() == s.plain_paste_end {
            break;
        }
        if line.trim().is_empty() {
            if blank {
                break;
            }
            blank = true;
        } else {
            blank = false;
        }
        text.push_str(&line);
        text.push('\n');
    }
    let read = crate::core::evidence::read_text(&text);
    if read.is_empty() {
        writeln!(io.out, "{}", s.nothing_recognised)?;
    } else if in_use.add(read) == 0 {
        writeln!(io.out, "{}", s.plain_nothing_new)?;
    }
    print_facts(&in_use.evidence, lang, io)?;
    Ok(!ended)
}

/// The codes and facts known, each with where it came from.
pub(super) fn print_facts(
    evidence: &Evidence,
    lang: Lang,
    io: &mut Io<'_, impl Write>,
) -> std::io::Result<()> {
    let s = evidence_strings(lang);
    if !evidence.codes.is_empty() {
        writeln!(io.out, "{}", colon(lang, s.codes))?;
        for seen in &evidence.codes {
            writeln!(
                io.out,
                "  {}  ({})",
                seen.code,
                clean_line(&seen.from.shown(lang))
            )?;
        }
    }
    if !evidence.facts.is_empty() {
        writeln!(io.out, "{}", colon(lang, s.facts))?;
        let width = evidence.facts.keys().map(|k| k.len()).max().unwrap_or(0);
        for (name, fact) in &evidence.facts {
            writeln!(
                io.out,
                "  {name:width$}  {}  ({})",
                clean_line(&fact.value),
                clean_line(&fact.from.shown(lang))
            )?;
        }
    }
    Ok(())
}

/// "Suggested answer: 2) No (why: …; slmgr /dlv, line 14)".
pub(super) fn print_suggestion(
    question: &Question,
    evidence: &Evidence,
    lang: Lang,
    io: &mut Io<'_, impl Write>,
) -> std::io::Result<()> {
    let Some(suggested) = crate::core::evidence::suggestion_for(question, evidence) else {
        return Ok(());
    };
    let s = evidence_strings(lang);
    let Some((i, choice)) = question
        .choices
        .iter()
        .enumerate()
        .find(|(_, c)| c.id == suggested.choice)
    else {
        return Ok(());
    };
    let from: Vec<String> = suggested
        .facts
        .iter()
        .map(|(_, fact)| clean_line(&fact.from.shown(lang)).into_owned())
        .collect();
    writeln!(
        io.out,
        "  {} {}) {} ({} {}; {})",
        colon(lang, s.suggested),
        i + 1,
        clean_line(choice.label.get(lang)),
        s.because,
        clean_line(suggested.because.get(lang)),
        from.join(", ")
    )
}
