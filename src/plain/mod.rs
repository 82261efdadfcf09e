//! Plain mode: the same wizard as a line-by-line dialogue on stdin/stdout.
//!
//! It serves screen readers, dumb terminals and scripts that pipe answers in.
//! Every prompt is numbered text; every answer is one line. End of input
//! ends the session cleanly, wherever it is. At every prompt `c N`, `a`,
//! `s` and `?` copy, copy all, save the transcript and help (`desk`); on a
//! terminal the line is edited and earlier answers come back with ↑
//! (`line`).

pub(crate) mod desk;
mod evidence;
pub(crate) mod line;
mod results;
mod walk;

use std::io::Write;

use desk::{Desk, Here, Place};
use evidence::{print_facts, read_evidence};

use crate::core::catalog::dialect::Dialect;
use crate::core::catalog::{Catalog, Code, Lang};
use crate::core::evidence::{Evidence, InUse};
use crate::core::placeholder::Values;
use crate::core::sanitize::clean_line;
use crate::core::search::SearchIndex;
use crate::recent::Recent;
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

/// Where the dialogue reads and writes, and what every prompt can do.
pub(crate) struct Io<'a, W: Write> {
    /// The answers: a line editor on a terminal, plain lines otherwise.
    pub(crate) lines: &'a mut dyn line::Lines,
    pub(crate) out: &'a mut W,
    /// The clipboard, the transcript's settings and the current walk: what
    /// `c N`, `a` and `s` use at every prompt.
    pub(crate) desk: Desk,
    /// The codes opened recently: listed first for an empty query, and
    /// noted (and saved) each time a code opens.
    pub(crate) recent: Recent,
}

/// Runs the dialogue until the user quits or input ends.
/// `evidence` is what was loaded at start (`--evidence`, `diagnose`); `e`
/// at any prompt adds more.
pub(crate) fn run<W: Write>(
    catalog: &Catalog,
    initial_query: Option<&str>,
    evidence: Evidence,
    lang: Lang,
    dialect: Dialect,
    io: &mut Io<W>,
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
            None => {
                let at = here(Place::Search, catalog, &values, &in_use, lang, dialect);
                match prompt(io, s.plain_search_prompt, &at)? {
                    Some(q) if !is_quit(&q) => q,
                    _ => return Ok(()),
                }
            }
        };
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
        let at_pick = here(Place::Pick, catalog, &values, &in_use, lang, dialect);
        let code = match pick_code(&index, &query, &at_pick, io)? {
            Pick::Code(code) => code,
            Pick::Search(next) => {
                pending = next;
                continue;
            }
            Pick::Quit => return Ok(()),
        };
        io.recent.note(code);
        // Recent codes are a convenience: a file that cannot be written is
        // no reason to stop the call.
        let _ = io.recent.save();
        let next = walk::walk_code(catalog, code, &mut values, &mut in_use, lang, dialect, io)?;
        match next {
            Next::Quit => return Ok(()),
            Next::Search => continue,
        }
    }
}

/// The state a prompt shows to the commands of every prompt.
fn here<'a>(
    place: Place,
    catalog: &'a Catalog,
    values: &'a Values,
    evidence: &'a InUse,
    lang: Lang,
    dialect: Dialect,
) -> Here<'a> {
    Here {
        place,
        catalog,
        values,
        evidence,
        lang,
        dialect,
    }
}

fn is_quit(line: &str) -> bool {
    matches!(line.trim(), "q" | "quit" | "exit" | "quitter")
}

/// `e` at any prompt: paste evidence.
fn is_evidence_command(line: &str) -> bool {
    line.trim() == "e"
}

/// Prints `label`, reads one answer (trimmed, cleaned to one line). `None`
/// at end of input. The commands of every prompt (`c N`, `a`, `s`, `?`)
/// are performed here, and the prompt asked again.
fn prompt(
    io: &mut Io<'_, impl Write>,
    label: &str,
    here: &Here<'_>,
) -> std::io::Result<Option<String>> {
    loop {
        let Some(line) = io.lines.prompt(label, io.out)? else {
            return Ok(None);
        };
        let answer = clean_line(line.trim()).into_owned();
        if !answer.is_empty() {
            io.lines.remember(&answer);
        }
        if !io.desk.handle(&answer, here, io.out)? {
            return Ok(Some(answer));
        }
    }
}

/// Searches and lets the user choose a code. An empty query lists every
/// code, recent ones first; a search with one result opens it.
fn pick_code(
    index: &SearchIndex,
    query: &str,
    at: &Here<'_>,
    io: &mut Io<'_, impl Write>,
) -> std::io::Result<Pick> {
    let (catalog, lang) = (at.catalog, at.lang);
    let s = strings(lang);
    if query.trim().is_empty() {
        let rows = crate::recent::listing(catalog, io.recent.codes());
        let codes: Vec<Code> = rows.iter().map(|r| r.code).collect();
        let recent = rows.iter().filter(|r| r.family.is_none()).count();
        let title = crate::strings::plain::every_code(lang, codes.len(), recent > 0);
        writeln!(io.out, "{title}")?;
        results::print_listing(&rows, catalog, lang, io.out)?;
        return choose(&codes, codes.len(), at, io);
    }
    if let Some(code) = crate::core::search::whole_code(query) {
        if catalog.get(code).is_some() {
            return Ok(Pick::Code(code));
        }
    }
    // Every match, to say how many are not listed.
    let outcome = index.search(query, usize::MAX);
    let mut codes: Vec<Code> = outcome.hits.iter().map(|h| h.code).collect();
    // One result: nothing to choose.
    if let [code] = codes[..] {
        if outcome.unknown_codes.is_empty() {
            writeln!(io.out, "{}", crate::strings::plain::opening(lang, code))?;
            return Ok(Pick::Code(code));
        }
    }
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
    results::print_results(&codes[..shown], catalog, lang, io.out)?;
    if codes.len() > shown {
        let more = codes.len() - shown;
        writeln!(io.out, "  {}", crate::strings::plain_more(lang, more))?;
    }
    choose(&codes, shown, at, io)
}

/// Asks which of the first `shown` of `codes` to open.
fn choose(
    codes: &[Code],
    shown: usize,
    at: &Here<'_>,
    io: &mut Io<'_, impl Write>,
) -> std::io::Result<Pick> {
    let lang = at.lang;
    let label = crate::strings::plain_pick_prompt(lang, shown);
    loop {
        let Some(answer) = prompt(io, &label, at)? else {
            return Ok(Pick::Quit);
        };
        if is_quit(&answer) {
            return Ok(Pick::Quit);
        }
        if answer.is_empty() {
            return Ok(codes.first().map_or(Pick::Search(None), |c| Pick::Code(*c)));
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
