//! The actwiz binary: parses the command line and hands over to the CLI or
//! the wizard (see ARCHITECTURE.md).

#![forbid(unsafe_code)]

use std::io::Write;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};

use actwiz::cli::{self, Cli, CliError, Exit};
use actwiz::{config, locale, output};

fn main() -> ExitCode {
    let mut cli = match parse_arguments() {
        Ok(cli) => cli,
        Err(err) => return argument_error(&err),
    };
    let env = |name: &str| std::env::var(name).ok();
    match config::load_for(&cli, env) {
        Ok(Some(settings)) => settings.apply(&mut cli, env),
        // The environment's settings (ACTWIZ_TRANSCRIPT_DIR) still apply.
        Ok(None) => config::Config::default().apply(&mut cli, env),
        Err(err) => {
            output::eprint_line(&format!("actwiz: {err}"));
            return Exit::Failure.into();
        }
    }
    let lang = locale::resolve(cli.lang, env);
    let result = match &cli.command {
        Some(command) => cli::run(&cli, command, lang),
        // Full screen on a terminal; else (--plain, a pipe, TERM=dumb) the
        // line-by-line dialogue.
        None => cli::run_wizard(&cli, lang).map_err(CliError::from),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            if let Some(line) = err.stderr_line() {
                output::eprint_line(&line);
            }
            err.exit().into()
        }
    }
}

/// `Cli::try_parse`, without freeing clap's description of every
/// subcommand and option afterwards (a fifth of `actwiz --version`): the
/// process needs it only for this parse.
fn parse_arguments() -> Result<Cli, clap::Error> {
    let command = Box::leak(Box::new(Cli::command()));
    let mut matches = command.try_get_matches_from_mut(std::env::args_os())?;
    Cli::from_arg_matches_mut(&mut matches).map_err(|err| err.format(command))
}

/// Reports a command-line error, which may quote what was typed, through the
/// sanitizing writer; `--help` and `--version` (no user text) keep clap's own
/// output, colours included.
fn argument_error(err: &clap::Error) -> ExitCode {
    if !err.use_stderr() {
        let _ = err.print();
        return Exit::Success.into();
    }
    let mut stderr = output::stderr();
    let _ = write!(stderr, "{}", err.render());
    // clap's own status: 2 (`Exit::Usage`) for a usage error.
    u8::try_from(err.exit_code()).map_or(Exit::Usage.into(), ExitCode::from)
}
