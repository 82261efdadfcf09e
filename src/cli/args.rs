//! Command-line arguments.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::catalog::Lang;

/// From a Windows activation error code to its fix.
///
/// Without a subcommand, opens the interactive wizard. Give it a code to open
/// that code's flow, or any text to start searching.
#[derive(Debug, Parser)]
#[command(name = "actwiz", version)]
pub struct Cli {
    /// Language of the output: en or fr (default: ACTWIZ_LANG, LC_ALL, LC_MESSAGES, LANG).
    #[arg(long, global = true, value_parser = parse_lang, value_name = "en|fr")]
    pub lang: Option<Lang>,

    /// Load the flow files of DIR after the built-in ones (may be repeated).
    #[arg(long = "flows", global = true, value_name = "DIR")]
    pub flows: Vec<PathBuf>,

    /// Where copies go: auto, system, osc52 or none.
    #[arg(long, global = true, env = "ACTWIZ_CLIPBOARD", value_name = "MODE")]
    pub clipboard: Option<String>,

    /// No colours (also when NO_COLOR is set).
    #[arg(long, global = true)]
    pub no_color: bool,

    /// Run the wizard as a line-by-line dialogue (for screen readers and scripts).
    #[arg(long)]
    pub plain: bool,

    /// Let the mouse select and scroll (off by default: it stops text selection).
    #[arg(long)]
    pub mouse: bool,

    /// Keep the mouse off for this run, even if the configuration file turns it on.
    #[arg(long, conflicts_with = "mouse")]
    pub no_mouse: bool,

    /// Read settings from FILE [default: %APPDATA%\actwiz\config.toml on Windows,
    /// $XDG_CONFIG_HOME/actwiz/config.toml or ~/.config/actwiz/config.toml elsewhere].
    #[arg(long, global = true, env = "ACTWIZ_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// A code to open, or text to search for.
    #[arg(value_name = "CODE_OR_QUERY")]
    pub query: Vec<String>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the known codes.
    List {
        /// Only this family (e.g. dns, kms-connect).
        #[arg(long)]
        family: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Show a code and its whole decision tree, as a printable runbook.
    Lookup {
        code: String,
        #[arg(long)]
        json: bool,
    },
    /// Find codes from a code, part of one, or message text.
    Search {
        /// Words, a code or a fragment of one.
        #[arg(required = true)]
        query: Vec<String>,
        #[arg(long, default_value_t = 10)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    /// Follow a code's tree with the given answers.
    Walk {
        code: String,
        /// A choice id or its 1-based number (repeat for each question).
        #[arg(long = "answer", short = 'a', value_name = "CHOICE")]
        answers: Vec<String>,
        /// A placeholder value for the commands (repeatable).
        #[arg(long = "set", value_name = "NAME=VALUE")]
        values: Vec<String>,
        /// Copy the resolution's command to the clipboard.
        #[arg(long)]
        copy: bool,
        /// Which command to copy (1-based, default 1).
        #[arg(long = "command", value_name = "N", requires = "copy")]
        command_number: Option<usize>,
        #[arg(long)]
        json: bool,
    },
    /// Validate flow files: the built-in ones, or the given folders or files.
    Check {
        #[arg(value_name = "DIR")]
        paths: Vec<PathBuf>,
    },
    /// Print a shell completion script (e.g. `actwiz completions powershell >> $PROFILE`).
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    s.parse()
}
