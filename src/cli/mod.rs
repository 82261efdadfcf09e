//! The scriptable command line: a thin front end over the core.

pub mod args;
mod json;
mod search_text;

use search_text::Highlight;

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Context, Result};

use crate::catalog::{read_folder, Catalog, Code, Lang, Problems};
use crate::clipboard::{self, ClipboardMode, CopyMethod, Env};
use crate::fill::Values;
use crate::search::{self, SearchIndex};
use crate::strings::strings;
use crate::walk::{Current, Walk};
pub use args::{Cli, Command};

/// An error already explained to the user on stderr; exit with status 1.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UserError(pub String);

/// Loads the built-in flows, then each `--flows` folder. Overrides are
/// reported on stderr, as the user asked for them but may not expect them.
pub fn load_catalog(cli: &Cli, lang: Lang) -> Result<Catalog> {
    let mut folders = vec![Catalog::builtin_sources()];
    for dir in &cli.flows {
        folders.push(read_folder(dir).map_err(|p| UserError(p.to_string()))?);
    }
    let catalog = Catalog::from_folders(folders).map_err(|p| UserError(p.to_string()))?;
    for o in catalog.overrides() {
        eprintln!(
            "actwiz: {}: {} {} {}",
            o.by,
            o.code,
            strings(lang).overrides,
            o.replaced
        );
    }
    Ok(catalog)
}

/// Runs a subcommand. Returns the exit code.
pub fn run(cli: &Cli, command: &Command, lang: Lang) -> Result<ExitCode> {
    // `check` validates folders on their own and completions need nothing;
    // the others need the catalog.
    match command {
        Command::Check { paths } => return check(paths, lang),
        Command::Completions { shell } => return completions(*shell),
        _ => {}
    }
    let catalog = load_catalog(cli, lang)?;
    let out = &mut std::io::stdout().lock();
    match command {
        Command::List { family, json } => list(&catalog, family.as_deref(), *json, lang, out)?,
        Command::Lookup { code, json } => {
            let code = resolve_code(&catalog, code, lang)?;
            lookup(&catalog, code, *json, lang, out)?
        }
        Command::Search { query, limit, json } => {
            let style = Highlight::for_stdout(cli.no_color);
            return search(&catalog, &query.join(" "), *limit, *json, style, lang, out);
        }
        Command::Walk {
            code,
            answers,
            values,
            json,
            copy,
            command_number,
        } => {
            let code = resolve_code(&catalog, code, lang)?;
            let copy = copy.then(|| CopyRequest {
                number: command_number.unwrap_or(1),
                mode: cli.clipboard.clone(),
            });
            walk(&catalog, code, answers, values, copy, *json, lang, out)?
        }
        Command::Check { paths } => return check(paths, lang),
        Command::Completions { shell } => return completions(*shell),
    }
    Ok(ExitCode::SUCCESS)
}

/// Prints the completion script for `shell` (subcommands, options, values).
fn completions(shell: clap_complete::Shell) -> Result<ExitCode> {
    use clap::CommandFactory;
    // Into memory first: clap_complete panics when its writer fails, and a
    // closed pipe must stay a quiet exit.
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "actwiz", &mut script);
    std::io::stdout().lock().write_all(&script)?;
    Ok(ExitCode::SUCCESS)
}

/// Parses a code the user typed (any form the search understands: with or
/// without 0x, any case, spaces or dashes inside, decimal HRESULTs), and
/// makes sure the catalog knows it.
pub fn resolve_code(catalog: &Catalog, input: &str, lang: Lang) -> Result<Code> {
    let s = strings(lang);
    let code = match input.parse::<Code>() {
        Ok(code) => code,
        Err(err) => match search::parse_code_query(input).codes.as_slice() {
            [only] => *only,
            _ => return Err(UserError(err.to_string()).into()),
        },
    };
    if catalog.get(code).is_none() {
        let nearest: Vec<String> = search::nearest_codes(code, catalog.codes())
            .iter()
            .map(|c| c.to_string())
            .collect();
        return Err(UserError(format!(
            "{} {code}; {}: {}",
            s.unknown_code,
            s.nearest_codes,
            if nearest.is_empty() {
                "-".to_string()
            } else {
                nearest.join(", ")
            }
        ))
        .into());
    }
    Ok(code)
}

fn check(paths: &[std::path::PathBuf], lang: Lang) -> Result<ExitCode> {
    let mut problems = Vec::new();
    let mut count = 0;
    let folders = if paths.is_empty() {
        vec![Ok(Catalog::builtin_sources())]
    } else {
        paths.iter().map(|p| read_folder(p)).collect()
    };
    for folder in folders {
        match folder {
            Ok(sources) => {
                count += sources.len();
                if let Err(Problems(found)) = Catalog::from_folders(vec![sources]) {
                    problems.extend(found);
                }
            }
            Err(Problems(found)) => problems.extend(found),
        }
    }
    if problems.is_empty() {
        println!("{count} file(s): {}", strings(lang).flows_clean);
        Ok(ExitCode::SUCCESS)
    } else {
        let stdout = &mut std::io::stdout().lock();
        for p in &problems {
            writeln!(stdout, "{p}")?;
        }
        eprintln!("actwiz: {} problem(s)", problems.len());
        Ok(ExitCode::from(1))
    }
}

fn list(
    catalog: &Catalog,
    family: Option<&str>,
    as_json: bool,
    lang: Lang,
    out: &mut impl Write,
) -> Result<()> {
    if let Some(f) = family {
        if !catalog.families().contains(&f) {
            return Err(UserError(format!(
                "unknown family '{f}'; known: {}",
                catalog.families().join(", ")
            ))
            .into());
        }
    }
    let entries: Vec<_> = catalog
        .entries()
        .filter(|(_, flow)| family.is_none_or(|f| flow.family == f))
        .collect();
    if as_json {
        let items: Vec<_> = entries
            .iter()
            .map(|(e, f)| json::code_summary(e, f))
            .collect();
        writeln!(out, "{}", serde_json::to_string_pretty(&items)?)?;
        return Ok(());
    }
    let width = entries
        .iter()
        .map(|(_, f)| f.family.len())
        .max()
        .unwrap_or(0);
    for (entry, flow) in entries {
        writeln!(
            out,
            "{}  {:width$}  {}",
            entry.code,
            flow.family,
            crate::sanitize::clean_line(entry.messages.get(lang))
        )?;
    }
    Ok(())
}

fn lookup(
    catalog: &Catalog,
    code: Code,
    as_json: bool,
    lang: Lang,
    out: &mut impl Write,
) -> Result<()> {
    let (entry, flow) = catalog
        .get(code)
        .context("code vanished from the catalog")?;
    if as_json {
        writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&json::code_with_tree(entry, flow))?
        )?;
    } else {
        write!(out, "{}", crate::render::runbook(entry, flow, lang))?;
    }
    Ok(())
}

/// `walk --copy`: which command, and where to.
struct CopyRequest {
    number: usize,
    mode: Option<String>,
}

#[allow(clippy::too_many_arguments)]
fn walk(
    catalog: &Catalog,
    code: Code,
    answers: &[String],
    pairs: &[String],
    copy: Option<CopyRequest>,
    as_json: bool,
    lang: Lang,
    out: &mut impl Write,
) -> Result<()> {
    let s = strings(lang);
    let (entry, flow) = catalog
        .get(code)
        .context("code vanished from the catalog")?;
    let mut values = Values::new();
    for pair in pairs {
        values
            .set_pair(flow, pair, lang)
            .map_err(|e| UserError(e.to_string()))?;
    }
    let mut walk = Walk::start(catalog, code)?;
    for answer in answers {
        walk.answer(catalog, answer)
            .map_err(|e| UserError(e.to_string()))?;
    }
    let current = walk.current(catalog)?;
    let copied = match (&copy, current) {
        (None, _) => None,
        (Some(request), Current::Resolution { resolution, .. }) => {
            Some(copy_command(flow, resolution, &values, request, lang)?)
        }
        (Some(_), Current::Question { .. }) => {
            return Err(UserError(s.copy_needs_resolution.to_string()).into())
        }
    };
    if as_json {
        let mut value = serde_json::json!({
            "code": code.to_string(),
            "message": crate::sanitize::clean(entry.messages.get(lang)),
            "family": flow.family,
            "lang": lang,
            "path": json::path(flow, walk.path(), lang),
        });
        if let serde_json::Value::Object(map) = &mut value {
            if let Some((command, method)) = &copied {
                map.insert(
                    "copied".into(),
                    serde_json::json!({"command": command, "method": method.label(Lang::En)}),
                );
            }
            match current {
                Current::Question { id, question } => {
                    map.insert("question".into(), json::question(id, question, lang));
                }
                Current::Resolution { id, resolution } => {
                    map.insert(
                        "resolution".into(),
                        json::resolution(id, flow, resolution, lang, &values),
                    );
                }
            }
        }
        writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
        return Ok(());
    }
    write!(out, "{}", crate::render::card(entry, flow, lang))?;
    if !walk.path().is_empty() {
        writeln!(out, "\n{}:", s.path_so_far)?;
        write!(out, "{}", crate::render::path(flow, walk.path(), lang))?;
    }
    writeln!(out)?;
    match current {
        Current::Question { question, .. } => {
            write!(out, "{}", crate::render::question(question, lang))?;
            writeln!(out, "\n{}.", s.answer_with)?;
        }
        Current::Resolution { resolution, .. } => {
            writeln!(
                out,
                "{}: {}",
                s.resolution,
                crate::sanitize::clean_line(resolution.title.get(lang))
            )?;
            write!(
                out,
                "{}",
                crate::render::resolution_body(flow, resolution, lang, &values)
            )?;
            let missing: std::collections::BTreeSet<String> = resolution
                .commands
                .iter()
                .flat_map(|c| values.fill(flow, &c.command).missing)
                .collect();
            if !missing.is_empty() {
                let names: Vec<String> = missing.into_iter().collect();
                writeln!(out, "\n{}: {}", s.missing_values, names.join(", "))?;
            }
        }
    }
    if let Some((command, method)) = &copied {
        eprintln!("{} {}: {command}", s.copied_to, method.label(lang));
    }
    Ok(())
}

/// Copies the resolution's command `request.number` (1-based), filled in.
/// Refuses a command that still has placeholders: a half-filled command in
/// an administrator's paste is worse than none.
fn copy_command(
    flow: &crate::catalog::FlowFile,
    resolution: &crate::catalog::Resolution,
    values: &Values,
    request: &CopyRequest,
    lang: Lang,
) -> Result<(String, CopyMethod)> {
    let s = strings(lang);
    let count = resolution.commands.len();
    let command = request
        .number
        .checked_sub(1)
        .and_then(|i| resolution.commands.get(i))
        .ok_or_else(|| {
            UserError(format!(
                "{} {}: 1-{count}",
                s.no_such_command, request.number
            ))
        })?;
    let filled = values.fill(flow, &command.command);
    if !filled.is_complete() {
        return Err(UserError(format!(
            "{}: {}",
            s.missing_values,
            filled.missing.join(", ")
        ))
        .into());
    }
    let env = Env::from_process();
    let mode = ClipboardMode::resolve(request.mode.as_deref(), &env)
        .map_err(|e| UserError(e.to_string()))?;
    let mut terminal = terminal_writer();
    let outcome = clipboard::copy_text(mode, &env, &filled.text, &mut terminal)
        .map_err(|e| UserError(e.message(lang)))?;
    Ok((filled.text, outcome.method))
}

/// Where OSC 52 goes: the controlling terminal, so that stdout stays clean
/// for `--json` and pipes; stderr when there is none.
fn terminal_writer() -> Box<dyn Write> {
    #[cfg(unix)]
    const TTY: &str = "/dev/tty";
    #[cfg(windows)]
    const TTY: &str = "CONOUT$";
    match std::fs::OpenOptions::new().write(true).open(TTY) {
        Ok(tty) => Box::new(tty),
        Err(_) => Box::new(std::io::stderr()),
    }
}

fn search(
    catalog: &Catalog,
    query: &str,
    limit: usize,
    as_json: bool,
    style: Highlight,
    lang: Lang,
    out: &mut impl Write,
) -> Result<ExitCode> {
    let s = strings(lang);
    let outcome = SearchIndex::new(catalog).search(query, limit);
    for unknown in &outcome.unknown_codes {
        let nearest: Vec<String> = unknown.nearest.iter().map(|c| c.to_string()).collect();
        eprintln!(
            "actwiz: {} {}; {}: {}",
            s.unknown_code,
            unknown.code,
            s.nearest_codes,
            nearest.join(", ")
        );
    }
    if as_json {
        let items: Vec<_> = outcome
            .hits
            .iter()
            .filter_map(|hit| {
                let (entry, flow) = catalog.get(hit.code)?;
                Some(json::search_hit(hit, entry, flow))
            })
            .collect();
        writeln!(out, "{}", serde_json::to_string_pretty(&items)?)?;
    } else {
        write!(
            out,
            "{}",
            search_text::results(catalog, &outcome.hits, style, lang)
        )?;
    }
    if outcome.hits.is_empty() {
        eprintln!("actwiz: {}", s.no_results);
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
