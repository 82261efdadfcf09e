//! The actwiz binary: parses the command line and hands over to the CLI or
//! the wizard (see ARCHITECTURE.md).

#![forbid(unsafe_code)]

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

use actwiz::cli::{self, Cli, UserError};
use actwiz::{config, locale, output};

fn main() -> ExitCode {
    let mut cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => return argument_error(&err),
    };
    let env = |name: &str| std::env::var(name).ok();
    match config::load_for(&cli, env) {
        Ok(Some(settings)) => settings.apply(&mut cli, env),
        Ok(None) => {}
        Err(err) => {
            output::eprint_line(&format!("actwiz: {err}"));
            return ExitCode::from(1);
        }
    }
    let lang = locale::resolve(cli.lang, env);
    let result = match &cli.command {
        Some(command) => cli::run(&cli, command, lang),
        // Full screen on a terminal; else (--plain, a pipe, TERM=dumb) the
        // line-by-line dialogue.
        None => cli::run_wizard(&cli, lang),
    };
    match result {
        Ok(code) => code,
        Err(err) if output::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            match err.downcast_ref::<UserError>() {
                Some(user) => output::eprint_line(&format!("actwiz: {user}")),
                None => output::eprint_line(&format!("actwiz: error: {err:#}")),
            }
            ExitCode::from(1)
        }
    }
}

/// Reports a command-line error, which may quote what was typed, through the
/// sanitizing writer; `--help` and `--version` (no user text) keep clap's own
/// output, colours included.
fn argument_error(err: &clap::Error) -> ExitCode {
    if !err.use_stderr() {
        let _ = err.print();
        return ExitCode::SUCCESS;
    }
    let mut stderr = output::stderr();
    let _ = write!(stderr, "{}", err.render());
    ExitCode::from(u8::try_from(err.exit_code()).unwrap_or(2))
}
