//! The scriptable command line: a thin front end over the core.

pub(crate) mod args;
mod authoring;
mod catalogs;
mod commands;
mod diagnose;
mod error;
pub(crate) mod evidence;
mod json;
mod layers;
mod progress;
mod search_text;
mod walk;

use search_text::Highlight;

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Context, Result};
use serde_json::Value;

use crate::clipboard::{self, ClipboardMode, CopyMethod, Env};
use crate::core::catalog::cache::Cache;
use crate::core::catalog::{Catalog, Code, Lang, Problems};
use crate::core::placeholder::{SetError, Values};
use crate::core::search::{self, SearchIndex};
use crate::core::walk::{Current, Walk, WalkError};
use crate::strings::{colon, semicolon, strings};
pub use args::{Cli, Command};
use catalogs::load_catalog_for;
pub use catalogs::run_wizard;
pub(crate) use catalogs::{load_catalog, open_wizard};
use catalogs::{load_layers, report_overrides};
use commands::*;
pub use error::{CliError, Exit, Failure};
use walk::*;

/// Sorts a subcommand's error (see [`CliError`]), after printing its JSON
/// form on stdout when the command was run with `--json`.
fn report(err: anyhow::Error, as_json: bool) -> CliError {
    let err = CliError::from(err);
    if as_json {
        if let Some(json) = err.to_json() {
            print_json(&json);
        }
    }
    err
}

/// Best effort: the error is reported on stderr anyway.
fn print_json(value: &Value) {
    if let Ok(text) = serde_json::to_string_pretty(value) {
        let _ = writeln!(crate::output::stdout(), "{text}");
    }
}

/// Runs a subcommand. Returns the exit code.
pub fn run(cli: &Cli, command: &Command, lang: Lang) -> Result<ExitCode, CliError> {
    // `check` validates folders on their own and completions need nothing;
    // the others need the catalog.
    if cli.evidence.is_some() {
        // One way per use: the wizard takes `--evidence` before any
        // subcommand, `walk` its own.
        let wizard_only = crate::strings::evidence::evidence_strings(lang).wizard_only;
        return Err(Failure::new("error", wizard_only).into());
    }
    match command {
        Command::Check { paths } => return Ok(check(cli, paths, lang)?),
        Command::Flows { action } => {
            return Ok(layers::flows_path(
                cli,
                action,
                lang,
                &mut crate::output::stdout(),
            )?)
        }
        Command::Completions { shell } => return Ok(completions(cli, *shell, lang)?),
        Command::Man => return Ok(authoring::man()?),
        Command::Schema => return Ok(authoring::schema()?),
        Command::Evidence { file, facts, json } => {
            return run_evidence(cli, file.as_deref(), *facts, *json, lang)
                .map_err(|err| report(err, *json))
        }
        Command::Diagnose { json } => {
            return diagnose::run(cli, *json, lang).map_err(|err| report(err, *json))
        }
        _ => {}
    }
    run_on_catalog(cli, command, lang).map_err(|err| report(err, command.json()))
}

/// The subcommands that need the catalog.
fn run_on_catalog(cli: &Cli, command: &Command, lang: Lang) -> Result<ExitCode> {
    // A lookup needs only the file of its code (when it is built in).
    let only = match command {
        Command::Lookup { code, .. } => search::whole_code(code),
        _ => None,
    };
    let catalog = load_catalog_for(cli, lang, only)?;
    // The process ends after the command: freeing the catalog string by
    // string would be wasted work (a few percent of a `lookup`).
    let catalog = std::mem::ManuallyDrop::new(catalog);
    // Written in large blocks (a runbook is hundreds of lines); `walk`,
    // which may copy to the terminal between its lines, writes as it goes.
    let out = &mut crate::output::stdout_buffered();
    match command {
        Command::List {
            family,
            source,
            json,
        } => list(&catalog, family.as_deref(), *source, *json, lang, out)?,
        Command::Lookup { code, json } => {
            let code = resolve_code(&catalog, code, lang)?;
            lookup(&catalog, code, *json, lang, cli.dialect(), out)?
        }
        Command::Search { query, limit, json } => {
            let style = Highlight::for_stdout(cli.no_color);
            let exit = search(&catalog, &query.join(" "), *limit, *json, style, lang, out)?;
            out.flush()?;
            return Ok(exit);
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
                mode: cli.clipboard_mode(),
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
            let out = &mut crate::output::stdout();
            walk(&catalog, code, request, *json, lang, cli.dialect(), out)?
        }
        Command::Evidence { file, facts, json } => {
            return run_evidence(cli, file.as_deref(), *facts, *json, lang)
        }
        Command::Diagnose { json } => return diagnose::run(cli, *json, lang),
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
        Command::Check { paths } => return check(cli, paths, lang),
        Command::Flows { action } => {
            let exit = layers::flows_path(cli, action, lang, out)?;
            out.flush()?;
            return Ok(exit);
        }
        Command::Completions { shell } => return completions(cli, *shell, lang),
        Command::Man => return authoring::man(),
        Command::Schema => return authoring::schema(),
    }
    out.flush()?;
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
pub(crate) fn resolve_code(catalog: &Catalog, input: &str, lang: Lang) -> Result<Code> {
    let Some(code) = search::whole_code(input) else {
        let reason = match input.parse::<Code>() {
            Err(err) => err.to_string(),
            Ok(_) => String::new(),
        };
        return Err(Failure::new("malformed_code", reason)
            .with("input", crate::core::sanitize::clean(input).into_owned())
            .into());
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
