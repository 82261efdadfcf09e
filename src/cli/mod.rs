//! The scriptable command line: a thin front end over the core.

pub mod args;
mod authoring;
pub mod evidence;
mod json;
mod progress;
mod search_text;

use search_text::Highlight;

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Context, Result};
use serde_json::Value;

use crate::core::catalog::cache::Cache;
use crate::core::catalog::{read_folder, Catalog, Code, Lang, Problems};
use crate::clipboard::{self, ClipboardMode, CopyMethod, Env};
use crate::core::placeholder::{SetError, Values};
use crate::core::search::{self, SearchIndex};
use crate::strings::{colon, semicolon, strings};
use crate::core::walk::{Current, Walk, WalkError};
pub use args::{Cli, Command};

/// An error already explained to the user on stderr; exit with status 1.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UserError(pub String);

/// A user error of a subcommand, with what a script needs to act on it:
/// a stable `kind` and details. Under `--json` it is also printed on stdout
/// as `{"error": {"kind", "message", ...details}}`; on stderr it reads as
/// its message, like a [`UserError`].
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct Failure {
    pub kind: &'static str,
    pub message: String,
    pub details: serde_json::Map<String, Value>,
}

impl Failure {
    pub fn new(kind: &'static str, message: impl Into<String>) -> Failure {
        Failure {
            kind,
            message: message.into(),
            details: serde_json::Map::new(),
        }
    }

    /// Adds a detail for scripts.
    pub fn with(mut self, key: &str, value: impl Into<Value>) -> Failure {
        self.details.insert(key.to_string(), value.into());
        self
    }

    /// The `--json` form.
    pub fn to_json(&self) -> Value {
        let mut error = serde_json::Map::new();
        error.insert("kind".into(), self.kind.into());
        error.insert(
            "message".into(),
            crate::core::sanitize::clean(&self.message).into_owned().into(),
        );
        for (key, value) in &self.details {
            error.insert(key.clone(), value.clone());
        }
        serde_json::json!({ "error": error })
    }
}

/// Turns a subcommand's error into what `main` reports on stderr, after
/// printing its JSON form on stdout when the command was run with `--json`.
fn report(err: anyhow::Error, as_json: bool) -> anyhow::Error {
    if is_broken_pipe(&err) {
        return err;
    }
    let failure = match err.downcast::<Failure>() {
        Ok(failure) => failure,
        Err(err) => match err.downcast::<UserError>() {
            Ok(user) => Failure::new("error", user.0),
            Err(other) => {
                if as_json {
                    print_json(&Failure::new("internal", format!("{other:#}")).to_json());
                }
                return other;
            }
        },
    };
    if as_json {
        print_json(&failure.to_json());
    }
    UserError(failure.message).into()
}

/// Best effort: the error is reported on stderr anyway.
fn print_json(value: &Value) {
    if let Ok(text) = serde_json::to_string_pretty(value) {
        let _ = writeln!(crate::output::stdout(), "{text}");
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Loads the built-in flows, then each `--flows` folder (through the cache
/// unless `--no-cache`). Overrides are reported on stderr, as the user asked
/// for them but may not expect them.
pub fn load_catalog(cli: &Cli, lang: Lang) -> Result<Catalog> {
    let catalog = load_layers(cli, &cli.flows).map_err(|p| UserError(p.to_string()))?;
    report_overrides(&catalog, lang);
    Ok(catalog)
}

/// The built-in catalog and `folders`, through the cache unless
/// `--no-cache`, with progress on stderr for a long cold load.
fn load_layers(cli: &Cli, folders: &[std::path::PathBuf]) -> Result<Catalog, Problems> {
    let cache = (!cli.no_cache)
        .then(|| Cache::from_env(|name| std::env::var(name).ok()))
        .flatten();
    let mut progress = progress::OnStderr::new();
    let loaded = Catalog::load(folders, cache.as_ref(), &mut |p| progress.show(p));
    progress.finish();
    loaded
}

/// Tells on stderr which codes a user folder redefines.
fn report_overrides(catalog: &Catalog, lang: Lang) {
    for o in catalog.overrides() {
        crate::output::eprint_line(&format!(
            "actwiz: {}: {} {} {}",
            o.by,
            o.code,
            strings(lang).overrides,
            o.replaced
        ));
    }
}

/// Opens the wizard (full screen when both ends are a terminal, the plain
/// dialogue otherwise) on `query`, with `evidence` loaded.
pub fn open_wizard(
    cli: &Cli,
    lang: Lang,
    query: Option<String>,
    evidence: Option<crate::core::evidence::Evidence>,
) -> Result<ExitCode> {
    use std::io::IsTerminal;
    let (catalog, skipped) = load_catalog_for_wizard(cli, lang)?;
    let full_screen = !cli.plain
        && std::io::stdin().is_terminal()
        && crate::output::stdout_is_terminal()
        && std::env::var("TERM").map_or(true, |t| t != "dumb");
    if full_screen {
        let options = crate::tui::TuiOptions {
            notice: (!skipped.is_empty()).then(|| skipped.join(" | ")),
            lang,
            initial_query: query,
            mouse: cli.mouse,
            no_color: cli.no_color,
            clipboard: cli.clipboard.clone(),
        };
        let _ = evidence;
        crate::tui::run(catalog, options)?;
    } else {
        let stdin = std::io::stdin();
        let echo = !stdin.is_terminal();
        let mut io = crate::plain::Io {
            input: &mut stdin.lock(),
            out: &mut crate::output::stdout(),
            echo,
        };
        crate::plain::run(&catalog, query.as_deref(), lang, &mut io)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Loads the catalog for the wizard (full screen or plain): a `--flows`
/// folder that cannot be read or does not validate is skipped, so that a
/// colleague's broken folder never takes the built-in flows down. Returns
/// the catalog and one notice per skipped folder (also printed on stderr).
pub fn load_catalog_for_wizard(cli: &Cli, lang: Lang) -> Result<(Catalog, Vec<String>)> {
    // The usual case, every folder loads, costs one load (through the cache).
    // Only when that fails are the folders tried one by one, each with those
    // kept before it, to find which to skip.
    let (catalog, notices) = match load_layers(cli, &cli.flows) {
        Ok(catalog) => (catalog, Vec::new()),
        Err(_) => {
            let mut kept: Vec<std::path::PathBuf> = Vec::new();
            let mut notices = Vec::new();
            for dir in &cli.flows {
                let mut with = kept.clone();
                with.push(dir.clone());
                match load_layers(cli, &with) {
                    Ok(_) => kept = with,
                    Err(Problems(problems)) => notices.push(skipped_notice(dir, &problems, lang)),
                }
            }
            let catalog = load_layers(cli, &kept).map_err(|p| UserError(p.to_string()))?;
            (catalog, notices)
        }
    };
    for notice in &notices {
        crate::output::eprint_line(&format!("actwiz: {notice}"));
    }
    report_overrides(&catalog, lang);
    Ok((catalog, notices))
}

/// "team-flows: folder skipped, 3 problem(s); the first: …".
fn skipped_notice(
    dir: &std::path::Path,
    problems: &[crate::core::catalog::Problem],
    lang: Lang,
) -> String {
    let first = problems.first().map(|p| p.to_string()).unwrap_or_default();
    let (skipped, first_label, hint) = match lang {
        Lang::Fr => (
            "dossier ignoré",
            "le premier",
            "actwiz check les liste tous",
        ),
        Lang::En => ("folder skipped", "the first", "actwiz check lists them all"),
    };
    format!(
        "{}: {skipped}, {} problem(s) ({hint}){}{} {first}",
        dir.display(),
        problems.len(),
        semicolon(lang),
        colon(lang, first_label)
    )
}

/// Runs a subcommand. Returns the exit code.
pub fn run(cli: &Cli, command: &Command, lang: Lang) -> Result<ExitCode> {
    // `check` validates folders on their own and completions need nothing;
    // the others need the catalog.
    match command {
        Command::Check { paths } => return check(paths, lang),
        Command::Completions { shell } => return completions(cli, *shell, lang),
        Command::Man => return authoring::man(),
        Command::Schema => return authoring::schema(),
        Command::Evidence { file, facts, json } => {
            return run_evidence(file.as_deref(), *facts, *json, lang)
                .map_err(|err| report(err, *json))
        }
        Command::Diagnose { json } => {
            return crate::diagnose::run_cli(cli, *json, lang).map_err(|err| report(err, *json))
        }
        _ => {}
    }
    run_on_catalog(cli, command, lang).map_err(|err| report(err, command.json()))
}

/// The subcommands that need the catalog.
fn run_on_catalog(cli: &Cli, command: &Command, lang: Lang) -> Result<ExitCode> {
    let catalog = load_catalog(cli, lang).map_err(|err| match err.downcast::<UserError>() {
        Ok(UserError(text)) => {
            let problems: Vec<Value> = text.lines().map(|l| Value::from(l.trim())).collect();
            Failure::new("flows", text)
                .with("problems", problems)
                .into()
        }
        Err(other) => other,
    })?;
    let out = &mut crate::output::stdout();
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
            evidence,
            json,
            copy,
            command_number,
        } => {
            let code = resolve_code(&catalog, code, lang)?;
            let copy = copy.then(|| CopyRequest {
                number: command_number.unwrap_or(1),
                mode: cli.clipboard.clone(),
            });
            let evidence = match evidence {
                Some(path) => Some(evidence::read(Some(path), lang)?),
                None => None,
            };
            let request = WalkRequest {
                answers,
                pairs: values,
                evidence: evidence.as_ref(),
                copy,
            };
            walk(&catalog, code, request, *json, lang, out)?
        }
        Command::Evidence { file, facts, json } => {
            return run_evidence(file.as_deref(), *facts, *json, lang)
        }
        Command::Diagnose { json } => return crate::diagnose::run_cli(cli, *json, lang),
        Command::Export {
            format,
            code,
            family,
        } => authoring::export(
            &catalog,
            *format,
            code.as_deref(),
            family.as_deref(),
            lang,
            out,
        )?,
        Command::Check { paths } => return check(paths, lang),
        Command::Completions { shell } => return completions(cli, *shell, lang),
        Command::Man => return authoring::man(),
        Command::Schema => return authoring::schema(),
    }
    Ok(ExitCode::SUCCESS)
}

/// Prints the completion script for `shell` (subcommands, options, values,
/// and the codes and families of the flows in effect).
fn completions(cli: &Cli, shell: clap_complete::Shell, lang: Lang) -> Result<ExitCode> {
    let catalog = load_catalog(cli, lang)?;
    // Into memory first: clap_complete panics when its writer fails, and a
    // closed pipe must stay a quiet exit.
    let mut script = Vec::new();
    let mut command = authoring::completion_command(&catalog, lang);
    clap_complete::generate(shell, &mut command, "actwiz", &mut script);
    if shell == clap_complete::Shell::PowerShell {
        // clap's PowerShell script completes flags only: add the values.
        let text = String::from_utf8_lossy(&script).into_owned();
        script = authoring::powershell_values(&text, &catalog, lang).into_bytes();
    }
    crate::output::stdout().write_all(&script)?;
    Ok(ExitCode::SUCCESS)
}

/// Parses a code the user typed (any form the search understands: with or
/// without 0x, any case, spaces or dashes inside, decimal HRESULTs), and
/// makes sure the catalog knows it.
pub fn resolve_code(catalog: &Catalog, input: &str, lang: Lang) -> Result<Code> {
    let code = match input.parse::<Code>() {
        Ok(code) => code,
        Err(err) => match search::parse_code_query(input).codes.as_slice() {
            [only] => *only,
            _ => {
                return Err(Failure::new("malformed_code", err.to_string())
                    .with("input", crate::core::sanitize::clean(input).into_owned())
                    .into())
            }
        },
    };
    if catalog.get(code).is_none() {
        let nearest = search::nearest_codes(code, catalog.codes());
        return Err(unknown_code(code, &nearest, lang).into());
    }
    Ok(code)
}

/// "Unknown code 0xC004F075; nearest known codes: 0xC004F074, …".
fn unknown_code(code: Code, nearest: &[Code], lang: Lang) -> Failure {
    let s = strings(lang);
    let nearest: Vec<String> = nearest.iter().map(|c| c.to_string()).collect();
    let message = format!(
        "{} {code}{}{} {}",
        s.unknown_code,
        semicolon(lang),
        colon(lang, s.nearest_codes),
        if nearest.is_empty() {
            "-".to_string()
        } else {
            nearest.join(", ")
        }
    );
    Failure::new("unknown_code", message)
        .with("code", code.to_string())
        .with("nearest", nearest)
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
    let stdout = &mut crate::output::stdout();
    if problems.is_empty() {
        writeln!(
            stdout,
            "{} {}",
            colon(lang, &format!("{count} file(s)")),
            strings(lang).flows_clean
        )?;
        stdout.flush()?;
        Ok(ExitCode::SUCCESS)
    } else {
        for p in &problems {
            writeln!(stdout, "{p}")?;
        }
        stdout.flush()?;
        crate::output::eprint_line(&format!("actwiz: {} problem(s)", problems.len()));
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
    // Any case: `--family DNS` is the `dns` family.
    let family = match family {
        None => None,
        Some(f) => match catalog
            .families()
            .into_iter()
            .find(|known| known.eq_ignore_ascii_case(f.trim()))
        {
            Some(known) => Some(known),
            None => {
                let known = catalog.families();
                return Err(Failure::new(
                    "unknown_family",
                    format!(
                        "unknown family '{}'; known: {}",
                        crate::core::sanitize::clean_line(f),
                        known.join(", ")
                    ),
                )
                .with("family", crate::core::sanitize::clean(f).into_owned())
                .with("known", known)
                .into());
            }
        },
    };
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
            crate::core::sanitize::clean_line(entry.messages.get(lang))
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

/// What `walk` is asked to do besides following the tree.
struct WalkRequest<'a> {
    answers: &'a [String],
    /// `--set NAME=VALUE` pairs.
    pairs: &'a [String],
    evidence: Option<&'a crate::core::evidence::Evidence>,
    copy: Option<CopyRequest>,
}

fn walk(
    catalog: &Catalog,
    code: Code,
    request: WalkRequest,
    as_json: bool,
    lang: Lang,
    out: &mut impl Write,
) -> Result<()> {
    let WalkRequest {
        answers,
        pairs,
        evidence,
        copy,
    } = request;
    let s = strings(lang);
    let (entry, flow) = catalog
        .get(code)
        .context("code vanished from the catalog")?;
    let mut values = Values::new();
    for pair in pairs {
        values
            .set_pair(flow, pair, lang)
            .map_err(|e| set_failure(&e, pair))?;
    }
    // Typed values win over evidence: the agent may know better.
    let prefilled = evidence
        .map(|e| crate::core::evidence::prefill(flow, e, &mut values, lang))
        .unwrap_or_default();
    let mut walk = Walk::start(catalog, code)?;
    for (i, answer) in answers.iter().enumerate() {
        let question = match walk.current(catalog)? {
            Current::Question { id, question } => Some((id, question)),
            Current::Resolution { .. } => None,
        };
        walk.answer(catalog, answer)
            .map_err(|e| answer_failure(&e, answer, i + 1, question))?;
    }
    let current = walk.current(catalog)?;
    let copied = match (&copy, current) {
        (None, _) => None,
        (Some(request), Current::Resolution { resolution, .. }) => {
            Some(copy_command(flow, resolution, &values, request, lang)?)
        }
        (Some(_), Current::Question { .. }) => {
            return Err(Failure::new("copy_needs_resolution", s.copy_needs_resolution).into())
        }
    };
    // The placeholders the shown commands still lack, in order.
    let templates: Vec<&str> = match current {
        Current::Question { question, .. } => {
            question.check_command.iter().map(|c| c.as_str()).collect()
        }
        Current::Resolution { resolution, .. } => resolution
            .commands
            .iter()
            .map(|c| c.command.as_str())
            .collect(),
    };
    let mut missing: Vec<String> = Vec::new();
    // Values left out because this flow's commands refuse them, with why.
    let mut refused: Vec<(String, String)> = Vec::new();
    for template in templates {
        let filled = values.fill(flow, template);
        for name in filled.missing {
            if !missing.contains(&name) {
                missing.push(name);
            }
        }
        for (name, reason) in filled.refused {
            if !refused.iter().any(|(n, _)| *n == name) {
                refused.push((name, reason.message(lang)));
            }
        }
    }
    if as_json {
        let state = match current {
            Current::Question { .. } => "pending",
            Current::Resolution { .. } => "resolved",
        };
        let mut value = serde_json::json!({
            "code": code.to_string(),
            "state": state,
            "message": crate::core::sanitize::clean(entry.messages.get(lang)),
            "messages": {
                "en": crate::core::sanitize::clean(entry.messages.get(Lang::En)),
                "fr": crate::core::sanitize::clean(entry.messages.get(Lang::Fr)),
            },
            "unofficial_messages": entry.unofficial_messages,
            "family": flow.family,
            "lang": lang,
            "path": json::path(flow, walk.path(), lang),
            "missing": missing,
        });
        if !refused.is_empty() {
            if let serde_json::Value::Object(map) = &mut value {
                let list: Vec<Value> = refused
                    .iter()
                    .map(|(name, reason)| serde_json::json!({"name": name, "reason": reason}))
                    .collect();
                map.insert("refused".into(), list.into());
            }
        }
        if let serde_json::Value::Object(map) = &mut value {
            if let Some((command, method)) = &copied {
                map.insert(
                    "copied".into(),
                    serde_json::json!({"command": command, "method": method.label(Lang::En)}),
                );
            }
            if evidence.is_some() {
                map.insert("from_evidence".into(), evidence_json::prefilled(&prefilled));
            }
            match current {
                Current::Question { id, question } => {
                    let mut value = json::question(id, flow, question, lang, &values);
                    if let (Some(evidence), Value::Object(q)) = (evidence, &mut value) {
                        q.insert(
                            "suggested".into(),
                            evidence_json::suggested(question, evidence, lang),
                        );
                    }
                    map.insert("question".into(), value);
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
        writeln!(out, "\n{}", colon(lang, s.path_so_far))?;
        write!(out, "{}", crate::render::path(flow, walk.path(), lang))?;
    }
    writeln!(out)?;
    let missing_line = (!missing.is_empty()).then(|| {
        let shown: Vec<String> = missing
            .iter()
            .map(|name| match refused.iter().find(|(n, _)| n == name) {
                Some((_, reason)) => format!("{name} ({reason})"),
                None => name.clone(),
            })
            .collect();
        format!("{} {}", colon(lang, s.missing_values), shown.join(", "))
    });
    match current {
        Current::Question { question, .. } => {
            write!(
                out,
                "{}",
                crate::render::question(flow, question, lang, &values)
            )?;
            if let Some(evidence) = evidence {
                evidence_text::suggestion(question, evidence, lang, out)?;
            }
            if let Some(line) = &missing_line {
                writeln!(out, "\n{line}")?;
            }
            writeln!(out, "\n{}.", s.answer_with)?;
        }
        Current::Resolution { resolution, .. } => {
            writeln!(
                out,
                "{} {}",
                colon(lang, s.resolution),
                crate::core::sanitize::clean_line(resolution.title.get(lang))
            )?;
            write!(
                out,
                "{}",
                crate::render::resolution_body(flow, resolution, lang, &values)
            )?;
            if let Some(line) = &missing_line {
                writeln!(out, "\n{line}")?;
            }
        }
    }
    if !prefilled.is_empty() {
        evidence_text::prefilled(&prefilled, lang, out)?;
    }
    if let Some((command, method)) = &copied {
        let to = format!("{} {}", s.copied_to, method.label(lang));
        crate::output::eprint_line(&format!("{} {command}", colon(lang, &to)));
    }
    Ok(())
}

/// `actwiz evidence`: exit 1 when nothing was recognised.
fn run_evidence(
    file: Option<&std::path::Path>,
    facts: bool,
    as_json: bool,
    lang: Lang,
) -> Result<ExitCode> {
    let out = &mut crate::output::stdout();
    if facts {
        evidence::print_fact_names(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    let found = evidence::read(file, lang)?;
    Ok(if evidence::print(&found, as_json, lang, out)? {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// The evidence parts of `walk --json`.
mod evidence_json {
    use serde_json::{json, Value};

    use crate::core::catalog::{Lang, Question};
    use crate::core::evidence::{Evidence, Origin};

    fn clean(text: &str) -> Value {
        Value::from(crate::core::sanitize::clean(text).into_owned())
    }

    /// `{"kms_host": "slmgr /dlv, line 14", ...}`: values filled from evidence.
    pub fn prefilled(filled: &[(String, Origin)]) -> Value {
        let mut map = serde_json::Map::new();
        for (name, origin) in filled {
            map.insert(name.clone(), clean(&origin.to_string()));
        }
        Value::Object(map)
    }

    /// `{"choice": ID, "because": "...", "facts": {...}}`, or null.
    pub fn suggested(question: &Question, evidence: &Evidence, lang: Lang) -> Value {
        let Some(suggested) = crate::core::evidence::suggestion_for(question, evidence) else {
            return Value::Null;
        };
        let mut facts = serde_json::Map::new();
        for (name, fact) in &suggested.facts {
            facts.insert(
                name.clone(),
                json!({"value": clean(&fact.value), "from": clean(&fact.from.to_string())}),
            );
        }
        json!({
            "choice": suggested.choice,
            "because": clean(suggested.because.get(lang)),
            "facts": facts,
        })
    }
}

/// The evidence parts of `walk` in text.
mod evidence_text {
    use std::io::Write;

    use anyhow::Result;

    use crate::core::catalog::{Lang, Question};
    use crate::core::evidence::{Evidence, Origin};
    use crate::strings::colon;
    use crate::strings::evidence::evidence_strings;

    fn clean(text: &str) -> String {
        crate::core::sanitize::clean_line(text).into_owned()
    }

    pub fn suggestion(
        question: &Question,
        evidence: &Evidence,
        lang: Lang,
        out: &mut impl Write,
    ) -> Result<()> {
        let Some(suggested) = crate::core::evidence::suggestion_for(question, evidence) else {
            return Ok(());
        };
        let s = evidence_strings(lang);
        let from: Vec<String> = suggested
            .facts
            .iter()
            .map(|(_, fact)| clean(&fact.from.to_string()))
            .collect();
        writeln!(
            out,
            "\n{} {} ({} {}; {})",
            colon(lang, s.suggested),
            suggested.choice,
            s.because,
            clean(suggested.because.get(lang)),
            from.join(", ")
        )?;
        Ok(())
    }

    pub fn prefilled(filled: &[(String, Origin)], lang: Lang, out: &mut impl Write) -> Result<()> {
        let s = evidence_strings(lang);
        writeln!(out, "\n{}", colon(lang, s.evidence_used))?;
        for (name, origin) in filled {
            writeln!(
                out,
                "  {name}: {} ({})",
                s.from_evidence,
                clean(&origin.to_string())
            )?;
        }
        Ok(())
    }
}

/// A refused `--set`, for scripts.
fn set_failure(err: &SetError, pair: &str) -> Failure {
    let clean = |t: &str| crate::core::sanitize::clean(t).into_owned();
    match err {
        SetError::Unknown(name, known) => Failure::new("unknown_placeholder", err.to_string())
            .with("name", clean(name))
            .with(
                "known",
                known
                    .split(", ")
                    .filter(|k| !k.is_empty())
                    .map(str::to_string)
                    .collect::<Vec<_>>(),
            ),
        SetError::Invalid { name, reason } => Failure::new("invalid_value", err.to_string())
            .with("name", clean(name))
            .with("reason", clean(reason)),
        SetError::Malformed(_) => {
            Failure::new("malformed_value", err.to_string()).with("input", clean(pair))
        }
    }
}

/// A refused `--answer` (the `number`th), for scripts.
fn answer_failure(
    err: &WalkError,
    answer: &str,
    number: usize,
    question: Option<(&str, &crate::core::catalog::Question)>,
) -> Failure {
    let kind = match err {
        WalkError::NoSuchChoice { .. } => "bad_answer",
        WalkError::AlreadyResolved => "too_many_answers",
        WalkError::UnknownCode(_) | WalkError::MissingNode(_) => "broken_flow",
    };
    let mut failure = Failure::new(kind, err.to_string())
        .with("answer", crate::core::sanitize::clean(answer).into_owned())
        .with("answer_number", number);
    if let Some((id, question)) = question {
        let choices: Vec<&str> = question.choices.iter().map(|c| c.id.as_str()).collect();
        failure = failure.with("question", id).with("choices", choices);
    }
    failure
}

/// Copies the resolution's command `request.number` (1-based), filled in.
/// Refuses a command that still has placeholders: a half-filled command in
/// an administrator's paste is worse than none.
fn copy_command(
    flow: &crate::core::catalog::FlowFile,
    resolution: &crate::core::catalog::Resolution,
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
            let label = format!("{} {}", s.no_such_command, request.number);
            Failure::new(
                "no_such_command",
                format!("{} 1-{count}", colon(lang, &label)),
            )
            .with("number", request.number)
            .with("count", count)
        })?;
    let filled = values.fill(flow, &command.command);
    if !filled.is_complete() {
        return Err(Failure::new(
            "missing_values",
            format!(
                "{} {}",
                colon(lang, s.missing_values),
                filled.missing.join(", ")
            ),
        )
        .with("missing", filled.missing.clone())
        .into());
    }
    let env = Env::from_process();
    let mode = ClipboardMode::resolve(request.mode.as_deref(), &env)
        .map_err(|e| Failure::new("clipboard", e.to_string()))?;
    let mut terminal = terminal_writer();
    let outcome = clipboard::copy_text(mode, &env, &filled.text, &mut terminal)
        .map_err(|e| Failure::new("clipboard", e.message(lang)))?;
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
        Err(_) => Box::new(crate::output::raw_terminal_stderr()),
    }
}

/// Ranked matches. Exit 1 when nothing matched. A well-formed code the
/// catalog lacks is reported once, with its nearest known codes: on stderr
/// in text; in JSON, those codes follow the matches in the array, marked
/// `"kind": "nearest"` and `"nearest_to"` the unknown code.
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
    if as_json {
        let mut items: Vec<_> = outcome
            .hits
            .iter()
            .filter_map(|hit| {
                let (entry, flow) = catalog.get(hit.code)?;
                Some(json::search_hit(hit, entry, flow))
            })
            .collect();
        let mut listed: Vec<Code> = outcome.hits.iter().map(|h| h.code).collect();
        for unknown in &outcome.unknown_codes {
            for &near in &unknown.nearest {
                let Some((entry, flow)) = catalog.get(near) else {
                    continue;
                };
                if listed.contains(&near) {
                    continue;
                }
                listed.push(near);
                items.push(json::nearest_code(entry, flow, unknown.code));
            }
        }
        writeln!(out, "{}", serde_json::to_string_pretty(&items)?)?;
    } else {
        write!(
            out,
            "{}",
            search_text::results(catalog, &outcome.hits, style, lang)
        )?;
        for unknown in &outcome.unknown_codes {
            crate::output::eprint_line(&format!(
                "actwiz: {}",
                unknown_code(unknown.code, &unknown.nearest, lang)
            ));
        }
        if outcome.hits.is_empty() && outcome.unknown_codes.is_empty() {
            crate::output::eprint_line(&format!("actwiz: {}", s.no_results));
        }
    }
    if outcome.hits.is_empty() {
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
