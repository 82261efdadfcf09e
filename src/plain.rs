//! Plain mode: the same wizard as a line-by-line dialogue on stdin/stdout.
//!
//! It serves screen readers, dumb terminals and scripts that pipe answers in.
//! Every prompt is numbered text; every answer is one line. End of input
//! ends the session cleanly, wherever it is.

use std::io::{BufRead, Write};

use crate::core::catalog::dialect::Dialect;
use crate::core::catalog::{Catalog, Code, Lang, Question};
use crate::core::evidence::{Evidence, InUse};
use crate::core::placeholder::Values;
use crate::core::sanitize::clean_line;
use crate::core::search::SearchIndex;
use crate::core::walk::{Current, Walk};
use crate::strings::evidence::evidence_strings;
use crate::strings::{colon, semicolon, strings};

/// How many search results are offered at once.
const RESULTS: usize = 9;

/// What the user asked for at a prompt.
enum Next {
    Quit,
    Search,
}

/// What the user did with a list of search results.
enum Pick {
    Code(Code),
    /// Search again, with this text when it was typed at the pick prompt.
    Search(Option<String>),
    Quit,
}

/// Where the dialogue reads and writes.
pub(crate) struct Io<'a, R: BufRead, W: Write> {
    pub input: &'a mut R,
    pub out: &'a mut W,
    /// Write each answer after its prompt: when answers are piped in, the
    /// terminal does not echo them, and the log would be unreadable.
    pub echo: bool,
}

/// Runs the dialogue until the user quits or input ends.
/// `evidence` is what was loaded at start (`--evidence`, `diagnose`); `e`
/// at any prompt adds more.
pub(crate) fn run<R: BufRead, W: Write>(
    catalog: &Catalog,
    initial_query: Option<&str>,
    evidence: Evidence,
    lang: Lang,
    dialect: Dialect,
    io: &mut Io<R, W>,
) -> std::io::Result<()> {
    let s = strings(lang);
    let index = SearchIndex::new(catalog);
    let mut values = Values::new();
    let mut in_use = InUse::new(evidence);
    writeln!(io.out, "{}", s.plain_intro)?;
    writeln!(io.out, "{}", evidence_strings(lang).plain_evidence_hint)?;
    if !in_use.is_empty() {
        print_facts(&in_use.evidence, lang, io)?;
    }
    let mut pending = initial_query.map(str::to_string);
    loop {
        let query = match pending.take() {
            Some(q) => q,
            None => match prompt(io, s.plain_search_prompt)? {
                Some(q) if !is_quit(&q) => q,
                _ => return Ok(()),
            },
        };
        if query.trim().is_empty() {
            continue;
        }
        if is_evidence_command(&query) {
            // Evidence that names one code with a flow opens it.
            if !read_evidence(&mut in_use, lang, io)? {
                return Ok(());
            }
            let known: Vec<Code> = in_use
                .evidence
                .codes
                .iter()
                .map(|c| c.code)
                .filter(|c| catalog.get(*c).is_some())
                .collect();
            if let [code] = known[..] {
                pending = Some(code.to_string());
            }
            continue;
        }
        let code = match pick_code(catalog, &index, &query, lang, io)? {
            Pick::Code(code) => code,
            Pick::Search(next) => {
                pending = next;
                continue;
            }
            Pick::Quit => return Ok(()),
        };
        match walk_code(catalog, code, &mut values, &mut in_use, lang, dialect, io)? {
            Next::Quit => return Ok(()),
            Next::Search => continue,
        }
    }
}

fn is_quit(line: &str) -> bool {
    matches!(line.trim(), "q" | "quit" | "exit" | "quitter")
}

/// `e` at any prompt: paste evidence.
fn is_evidence_command(line: &str) -> bool {
    line.trim() == "e"
}

/// Reads pasted evidence until two empty lines in a row, a line with a
/// single dot, or the end of input (one empty line is not the end: slmgr
/// and ipconfig print blank lines inside their output). Merges it into
/// `in_use` and lists the facts. `false` when input ended.
fn read_evidence(
    in_use: &mut InUse,
    lang: Lang,
    io: &mut Io<'_, impl BufRead, impl Write>,
) -> std::io::Result<bool> {
    let s = evidence_strings(lang);
    writeln!(io.out, "{}", s.plain_paste_prompt)?;
    io.out.flush()?;
    let mut text = String::new();
    let mut blank = false;
    let mut ended = false;
    // Bounded like the evidence reader: what is beyond is not read.
    while text.len() <= crate::core::evidence::MAX_TEXT_BYTES {
        let mut bytes = Vec::new();
        if io.input.read_until(b'\n', &mut bytes)? == 0 {
            ended = true;
            break;
        }
        let line = String::from_utf8_lossy(&bytes);
        let line = line.trim_end_matches(['\r', '\n']);
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
        text.push_str(line);
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
fn print_facts(
    evidence: &Evidence,
    lang: Lang,
    io: &mut Io<'_, impl BufRead, impl Write>,
) -> std::io::Result<()> {
    let s = evidence_strings(lang);
    if !evidence.codes.is_empty() {
        writeln!(io.out, "{}", colon(lang, s.codes))?;
        for seen in &evidence.codes {
            writeln!(
                io.out,
                "  {}  ({})",
                seen.code,
                clean_line(&seen.from.to_string())
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
                clean_line(&fact.from.to_string())
            )?;
        }
    }
    Ok(())
}

/// "Suggested answer: 2) No (because …; slmgr /dlv, line 14)".
fn print_suggestion(
    question: &Question,
    evidence: &Evidence,
    lang: Lang,
    io: &mut Io<'_, impl BufRead, impl Write>,
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
        .map(|(_, fact)| clean_line(&fact.from.to_string()).into_owned())
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

/// Prints `label`, reads one line. `None` at end of input.
fn prompt(
    io: &mut Io<'_, impl BufRead, impl Write>,
    label: &str,
) -> std::io::Result<Option<String>> {
    write!(io.out, "{label} ")?;
    io.out.flush()?;
    // Bytes, not `read_line`: one invalid UTF-8 byte (a paste from another
    // code page) must not end the call; it becomes U+FFFD.
    let mut bytes = Vec::new();
    if io.input.read_until(b'\n', &mut bytes)? == 0 {
        writeln!(io.out)?;
        return Ok(None);
    }
    let line = String::from_utf8_lossy(&bytes);
    let answer = clean_line(line.trim()).into_owned();
    if io.echo {
        writeln!(io.out, "{answer}")?;
    }
    Ok(Some(answer))
}

/// Searches and lets the user choose a code.
fn pick_code(
    catalog: &Catalog,
    index: &SearchIndex,
    query: &str,
    lang: Lang,
    io: &mut Io<'_, impl BufRead, impl Write>,
) -> std::io::Result<Pick> {
    let s = strings(lang);
    if let Some(code) = crate::core::search::whole_code(query) {
        if catalog.get(code).is_some() {
            return Ok(Pick::Code(code));
        }
    }
    // Every match, to say how many are not listed.
    let outcome = index.search(query, usize::MAX);
    let mut codes: Vec<Code> = outcome.hits.iter().map(|h| h.code).collect();
    for unknown in &outcome.unknown_codes {
        let nearest: Vec<String> = unknown.nearest.iter().map(|c| c.to_string()).collect();
        writeln!(
            io.out,
            "{} {}{}{} {}",
            s.unknown_code,
            unknown.code,
            semicolon(lang),
            colon(lang, s.nearest_codes),
            nearest.join(", ")
        )?;
    }
    if codes.is_empty() {
        // As in the full-screen wizard, the nearest codes are offered.
        codes = outcome
            .nearest_offers()
            .into_iter()
            .map(|(c, _)| c)
            .collect();
    }
    if codes.is_empty() {
        writeln!(io.out, "{}", s.no_results)?;
        return Ok(Pick::Search(None));
    }
    let shown = codes.len().min(RESULTS);
    for (i, code) in codes.iter().take(shown).enumerate() {
        let (message, family) = match catalog.get(*code) {
            Some((entry, flow)) => (entry.messages.get(lang), flow.family.as_str()),
            None => ("", ""),
        };
        writeln!(
            io.out,
            "  {}) {}  {}  {}",
            i + 1,
            code,
            family,
            clean_line(message)
        )?;
    }
    if codes.len() > shown {
        let more = codes.len() - shown;
        writeln!(io.out, "  {}", crate::strings::plain_more(lang, more))?;
    }
    let label = crate::strings::plain_pick_prompt(lang, shown);
    loop {
        let Some(answer) = prompt(io, &label)? else {
            return Ok(Pick::Quit);
        };
        if is_quit(&answer) {
            return Ok(Pick::Quit);
        }
        if answer.is_empty() {
            return Ok(Pick::Code(codes[0]));
        }
        if !answer.chars().all(|c| c.is_ascii_digit()) {
            return Ok(Pick::Search(Some(answer)));
        }
        match answer.parse::<usize>() {
            Ok(n) if (1..=shown).contains(&n) => return Ok(Pick::Code(codes[n - 1])),
            _ => writeln!(
                io.out,
                "{}",
                crate::strings::plain_no_such_result(lang, &answer, shown)
            )?,
        }
    }
}

/// Asks the code's questions, then shows the resolution.
fn walk_code(
    catalog: &Catalog,
    code: Code,
    values: &mut Values,
    in_use: &mut InUse,
    lang: Lang,
    dialect: Dialect,
    io: &mut Io<'_, impl BufRead, impl Write>,
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
                let Some(answer) = prompt(io, &label)? else {
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
                if !ask_values(flow, resolution, values, in_use, lang, dialect, io)? {
                    return Ok(Next::Quit);
                }
                let Some(answer) = prompt(io, s.plain_after_prompt)? else {
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
fn ask_values(
    flow: &crate::core::catalog::FlowFile,
    resolution: &crate::core::catalog::Resolution,
    values: &mut Values,
    in_use: &mut InUse,
    lang: Lang,
    dialect: Dialect,
    io: &mut Io<'_, impl BufRead, impl Write>,
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
            let Some(answer) = prompt(io, &label)? else {
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
