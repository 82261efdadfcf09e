//! Plain mode: the same wizard as a line-by-line dialogue on stdin/stdout.
//!
//! It serves screen readers, dumb terminals and scripts that pipe answers in.
//! Every prompt is numbered text; every answer is one line. End of input
//! ends the session cleanly, wherever it is.

use std::io::{BufRead, Write};

use crate::catalog::{Catalog, Code, Lang};
use crate::fill::Values;
use crate::sanitize::clean_line;
use crate::search::SearchIndex;
use crate::strings::strings;
use crate::walk::{Current, Walk};

/// How many search results are offered at once.
const RESULTS: usize = 9;

/// What the user asked for at a prompt.
enum Next {
    Quit,
    Search,
}

/// Where the dialogue reads and writes.
pub struct Io<'a, R: BufRead, W: Write> {
    pub input: &'a mut R,
    pub out: &'a mut W,
    /// Write each answer after its prompt: when answers are piped in, the
    /// terminal does not echo them, and the log would be unreadable.
    pub echo: bool,
}

/// Runs the dialogue until the user quits or input ends.
pub fn run<R: BufRead, W: Write>(
    catalog: &Catalog,
    initial_query: Option<&str>,
    lang: Lang,
    io: &mut Io<R, W>,
) -> std::io::Result<()> {
    let s = strings(lang);
    let index = SearchIndex::new(catalog);
    let mut values = Values::new();
    writeln!(io.out, "{}", s.plain_intro)?;
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
        let Some(code) = pick_code(catalog, &index, &query, lang, io)? else {
            continue;
        };
        match walk_code(catalog, code, &mut values, lang, io)? {
            Next::Quit => return Ok(()),
            Next::Search => continue,
        }
    }
}

fn is_quit(line: &str) -> bool {
    matches!(line.trim(), "q" | "quit" | "exit" | "quitter")
}

/// Prints `label`, reads one line. `None` at end of input.
fn prompt(
    io: &mut Io<'_, impl BufRead, impl Write>,
    label: &str,
) -> std::io::Result<Option<String>> {
    write!(io.out, "{label} ")?;
    io.out.flush()?;
    let mut line = String::new();
    if io.input.read_line(&mut line)? == 0 {
        writeln!(io.out)?;
        return Ok(None);
    }
    let answer = clean_line(line.trim()).into_owned();
    if io.echo {
        writeln!(io.out, "{answer}")?;
    }
    Ok(Some(answer))
}

/// Searches and lets the user choose a code. `None` to search again.
fn pick_code(
    catalog: &Catalog,
    index: &SearchIndex,
    query: &str,
    lang: Lang,
    io: &mut Io<'_, impl BufRead, impl Write>,
) -> std::io::Result<Option<Code>> {
    let s = strings(lang);
    if let Ok(code) = query.parse::<Code>() {
        if catalog.get(code).is_some() {
            return Ok(Some(code));
        }
    }
    let outcome = index.search(query, RESULTS);
    for unknown in &outcome.unknown_codes {
        let nearest: Vec<String> = unknown.nearest.iter().map(|c| c.to_string()).collect();
        writeln!(
            io.out,
            "{} {}; {}: {}",
            s.unknown_code,
            unknown.code,
            s.nearest_codes,
            nearest.join(", ")
        )?;
    }
    if outcome.hits.is_empty() {
        writeln!(io.out, "{}", s.no_results)?;
        return Ok(None);
    }
    for (i, hit) in outcome.hits.iter().enumerate() {
        let (message, family) = match catalog.get(hit.code) {
            Some((entry, flow)) => (entry.messages.get(lang), flow.family.as_str()),
            None => ("", ""),
        };
        writeln!(
            io.out,
            "  {}) {}  {}  {}",
            i + 1,
            hit.code,
            family,
            clean_line(message)
        )?;
    }
    let Some(answer) = prompt(io, s.plain_pick_prompt)? else {
        return Ok(None);
    };
    let chosen = if answer.is_empty() {
        Some(0)
    } else {
        answer.parse::<usize>().ok().and_then(|n| n.checked_sub(1))
    };
    Ok(chosen.and_then(|i| outcome.hits.get(i)).map(|h| h.code))
}

/// Asks the code's questions, then shows the resolution.
fn walk_code(
    catalog: &Catalog,
    code: Code,
    values: &mut Values,
    lang: Lang,
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
    loop {
        match walk.current(catalog) {
            Ok(Current::Question { question, .. }) => {
                writeln!(
                    io.out,
                    "\n{} {}. {}",
                    s.question,
                    walk.path().len() + 1,
                    clean_line(question.text.get(lang))
                )?;
                writeln!(
                    io.out,
                    "  {}: {}",
                    s.how_to_check,
                    clean_line(question.how_to_check.get(lang))
                )?;
                if let Some(cmd) = &question.check_command {
                    writeln!(io.out, "    > {}", clean_line(&values.fill(flow, cmd).text))?;
                }
                for (i, c) in question.choices.iter().enumerate() {
                    writeln!(io.out, "  {}) {}", i + 1, clean_line(c.label.get(lang)))?;
                }
                let Some(answer) = prompt(io, s.plain_answer_prompt)? else {
                    return Ok(Next::Quit);
                };
                match answer.as_str() {
                    a if is_quit(a) => return Ok(Next::Quit),
                    "b" => {
                        if !walk.back() {
                            return Ok(Next::Search);
                        }
                    }
                    "r" => walk.restart(),
                    "n" => return Ok(Next::Search),
                    a => {
                        if let Err(err) = walk.answer(catalog, a) {
                            writeln!(io.out, "{err}")?;
                        }
                    }
                }
            }
            Ok(Current::Resolution { resolution, .. }) => {
                writeln!(
                    io.out,
                    "\n{}: {}",
                    s.resolution,
                    clean_line(resolution.title.get(lang))
                )?;
                ask_values(flow, resolution, values, lang, io)?;
                write!(
                    io.out,
                    "{}",
                    crate::render::resolution_body(flow, resolution, lang, values)
                )?;
                let Some(answer) = prompt(io, s.plain_after_prompt)? else {
                    return Ok(Next::Quit);
                };
                match answer.as_str() {
                    "b" => {
                        walk.back();
                    }
                    "r" => walk.restart(),
                    a if is_quit(a) => return Ok(Next::Quit),
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

/// Asks for each placeholder the resolution's commands still miss. An empty
/// answer keeps the default (or leaves the placeholder); a bad one is refused
/// with the reason and asked again.
fn ask_values(
    flow: &crate::catalog::FlowFile,
    resolution: &crate::catalog::Resolution,
    values: &mut Values,
    lang: Lang,
    io: &mut Io<'_, impl BufRead, impl Write>,
) -> std::io::Result<()> {
    let mut names: Vec<String> = Vec::new();
    for c in &resolution.commands {
        for name in crate::placeholder::names(&c.command) {
            if !names.contains(&name) && values.typed(&name).is_none() {
                names.push(name);
            }
        }
    }
    for name in names {
        let Some(decl) = flow.placeholders.get(&name) else {
            continue;
        };
        loop {
            let default = decl
                .default
                .as_deref()
                .map(|d| format!(" [{d}]"))
                .unwrap_or_default();
            let label = format!("{}{default}:", clean_line(decl.label.get(lang)));
            let Some(answer) = prompt(io, &label)? else {
                return Ok(());
            };
            if answer.is_empty() {
                break;
            }
            match values.set(flow, &name, &answer, lang) {
                Ok(()) => break,
                Err(err) => writeln!(io.out, "{err}")?,
            }
        }
    }
    Ok(())
}
