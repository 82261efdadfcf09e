use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

use actwiz::cli::{self, Cli, UserError};
use actwiz::{config, locale, output};

/// The full-screen wizard needs a real terminal on both ends.
fn full_screen_possible(cli: &Cli) -> bool {
    use std::io::IsTerminal;
    !cli.plain
        && std::io::stdin().is_terminal()
        && output::stdout_is_terminal()
        && std::env::var("TERM").map_or(true, |t| t != "dumb")
}

/// Runs the full-screen wizard; it prints the last resolution itself on exit.
fn run_tui(cli: &Cli, lang: actwiz::core::catalog::Lang) -> anyhow::Result<ExitCode> {
    let (catalog, skipped) = cli::load_catalog_for_wizard(cli, lang)?;
    let query = cli.query.join(" ");
    let options = actwiz::tui::TuiOptions {
        notice: (!skipped.is_empty()).then(|| skipped.join(" | ")),
        lang,
        initial_query: (!query.trim().is_empty()).then_some(query),
        mouse: cli.mouse,
        no_color: cli.no_color,
        clipboard: cli.clipboard.clone(),
    };
    actwiz::tui::run(catalog, options)?;
    Ok(ExitCode::SUCCESS)
}

/// Runs the wizard as a line-by-line dialogue on stdin/stdout.
fn run_plain(cli: &Cli, lang: actwiz::core::catalog::Lang) -> anyhow::Result<ExitCode> {
    // Skipped folders are reported on stderr, before the dialogue starts.
    let (catalog, _) = cli::load_catalog_for_wizard(cli, lang)?;
    let query = cli.query.join(" ");
    let initial = (!query.trim().is_empty()).then_some(query.as_str());
    use std::io::IsTerminal;
    let stdin = std::io::stdin();
    let echo = !stdin.is_terminal();
    let mut io = actwiz::plain::Io {
        input: &mut stdin.lock(),
        out: &mut output::stdout(),
        echo,
    };
    actwiz::plain::run(&catalog, initial, lang, &mut io)?;
    Ok(ExitCode::SUCCESS)
}

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
        None if full_screen_possible(&cli) => run_tui(&cli, lang),
        // --plain, a pipe, or TERM=dumb: the line-by-line dialogue.
        None => run_plain(&cli, lang),
    };
    match result {
        Ok(code) => code,
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
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

/// `actwiz list | head` closes the pipe early; that is not an error.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
