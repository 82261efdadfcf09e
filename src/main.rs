use std::process::ExitCode;

use clap::Parser;

use actwiz::cli::{self, Cli, UserError};
use actwiz::locale;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let lang = locale::resolve(cli.lang, |k| std::env::var(k).ok());
    let result = match &cli.command {
        Some(command) => cli::run(&cli, command, lang),
        None => {
            use clap::CommandFactory;
            let _ = Cli::command().print_help();
            Ok(ExitCode::SUCCESS)
        }
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            match err.downcast_ref::<UserError>() {
                Some(user) => eprintln!("actwiz: {user}"),
                None => eprintln!("actwiz: error: {err:#}"),
            }
            ExitCode::from(1)
        }
    }
}
