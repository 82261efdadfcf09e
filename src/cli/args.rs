//! Command-line arguments.

use std::path::PathBuf;

use clap::builder::{EnumValueParser, TypedValueParser};
use clap::{Parser, Subcommand};

use crate::clipboard::ClipboardMode;

use crate::core::catalog::dialect::Dialect;
use crate::core::catalog::Lang;

/// `--clipboard` (and ACTWIZ_CLIPBOARD): the modes of [`ClipboardMode`],
/// as clap lists them, and the empty value: an empty ACTWIZ_CLIPBOARD is
/// no choice, the configuration file decides.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ClipboardArg {
    Auto,
    System,
    #[value(alias = "osc-52")]
    Osc52,
    None,
    #[value(name = "", hide = true)]
    Unset,
}

impl ClipboardArg {
    /// The mode chosen, if any.
    pub fn mode(self) -> Option<ClipboardMode> {
        match self {
            ClipboardArg::Auto => Some(ClipboardMode::Auto),
            ClipboardArg::System => Some(ClipboardMode::System),
            ClipboardArg::Osc52 => Some(ClipboardMode::Osc52),
            ClipboardArg::None => Some(ClipboardMode::None),
            ClipboardArg::Unset => Option::None,
        }
    }
}

impl From<ClipboardMode> for ClipboardArg {
    fn from(mode: ClipboardMode) -> ClipboardArg {
        match mode {
            ClipboardMode::Auto => ClipboardArg::Auto,
            ClipboardMode::System => ClipboardArg::System,
            ClipboardMode::Osc52 => ClipboardArg::Osc52,
            ClipboardMode::None => ClipboardArg::None,
        }
    }
}

/// `--lang`: the languages of [`Lang`], as clap lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum LangArg {
    #[value(alias = "english")]
    En,
    #[value(alias = "french", alias = "francais", alias = "français")]
    Fr,
}

impl From<LangArg> for Lang {
    fn from(arg: LangArg) -> Lang {
        match arg {
            LangArg::En => Lang::En,
            LangArg::Fr => Lang::Fr,
        }
    }
}

/// Realistic commands, shown at the end of `--help`.
const EXAMPLES: &str = "\
Examples:
  actwiz lookup c004f074
      The code card and the whole decision tree, as a printable runbook.
  actwiz lookup -1073418124
      The same code, given as a signed decimal HRESULT.
  actwiz search F074
      Codes ending in F074 (any part of a code, or words of the message).
  actwiz search \"horloge decalee\" --lang fr
  actwiz lookup 0xC004F074 --shell powershell
      French words, typed without accents.
  actwiz walk 0xC004F074 --answer 3 --answer 1 --set kms_host=kms1.contoso.com
      Follow the tree with two answers; commands are filled with the value.
  actwiz walk 0xC004F074 -a 3 --json | jq .state
      The same walk for a script: \"pending\" (a question) or \"resolved\".
  actwiz evidence dlv.txt --json
      What pasted slmgr /dlv output (or events, Test-NetConnection, ...) says.
  actwiz walk 0xC004F074 --evidence Application.evtx --json
      Values filled from the caller's exported log, the answer suggested.
  actwiz check team-flows/
      Validate your own flow folder before using it with --flows.
  printf '0xC004F074\\n2\\nq\\n' | actwiz --plain
      The wizard as a line-by-line dialogue, for screen readers and scripts.";

/// From a Windows activation error code to its fix.
///
/// Without a subcommand, opens the interactive wizard. Give it a code to open
/// that code's flow, or any text to start searching.
#[derive(Debug, Parser)]
#[command(
    name = "actwiz",
    version,
    allow_negative_numbers = true,
    after_long_help = EXAMPLES
)]
pub struct Cli {
    /// Language of the output: en or fr (default: ACTWIZ_LANG, LC_ALL, LC_MESSAGES, LANG).
    #[arg(
        long,
        global = true,
        ignore_case = true,
        value_parser = EnumValueParser::<LangArg>::new().map(Lang::from),
        value_name = "en|fr"
    )]
    pub lang: Option<Lang>,

    /// The shell commands are shown for: cmd (as the flows write them) or
    /// powershell (through the WMI provider, without slmgr.vbs).
    // Its own id: `completions` has a `shell` argument of another type.
    #[arg(
        id = "dialect",
        long = "shell",
        global = true,
        env = "ACTWIZ_SHELL",
        value_enum,
        value_name = "SHELL"
    )]
    pub shell: Option<ShellArg>,

    /// Load the flow files of DIR above the other flow layers (may be repeated; see `actwiz flows path`).
    #[arg(long = "flows", global = true, value_name = "DIR")]
    pub flows: Vec<PathBuf>,

    /// The folders of the configuration file's `flows = [...]`: the config
    /// flow layer (set by `Config::apply`, never on the command line).
    #[arg(skip)]
    pub config_flows: Vec<PathBuf>,

    /// The transcript's language and folder: the configuration's
    /// `transcript_language`, ACTWIZ_TRANSCRIPT_DIR or `transcript_dir`.
    #[arg(skip)]
    pub transcript: crate::transcript::Settings,

    /// Where copies go: auto, system, osc52 or none.
    // Checked here, at startup, not when the first copy fails.
    #[arg(
        long,
        global = true,
        env = "ACTWIZ_CLIPBOARD",
        value_name = "MODE",
        ignore_case = true
    )]
    pub clipboard: Option<ClipboardArg>,

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

    /// Read every --flows folder afresh, without the cache of validated
    /// folders (also when ACTWIZ_NO_CACHE is set). The cache lives in
    /// %LOCALAPPDATA%\actwiz\cache on Windows, $XDG_CACHE_HOME/actwiz or
    /// ~/.cache/actwiz elsewhere.
    #[arg(long, global = true)]
    pub no_cache: bool,

    /// Read settings from FILE [default: %APPDATA%\actwiz\config.toml on Windows,
    /// $XDG_CONFIG_HOME/actwiz/config.toml or ~/.config/actwiz/config.toml elsewhere].
    #[arg(long, global = true, env = "ACTWIZ_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Open the wizard with the facts of FILE loaded: pasted output saved to
    /// a file (slmgr /dlv, an activation event, Test-NetConnection, ...) or
    /// an exported .evtx log; `-` reads standard input. A code it names
    /// opens when no CODE_OR_QUERY is given.
    #[arg(long, value_name = "FILE")]
    pub evidence: Option<PathBuf>,

    /// A code to open (0xC004F074, c004f074, -1073418124), or text to search for.
    #[arg(value_name = "CODE_OR_QUERY")]
    pub query: Vec<String>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the known codes.
    List {
        /// Only this family, in any case (e.g. dns, kms-connect).
        #[arg(long)]
        family: Option<String>,
        /// Show where each code comes from: its flow layer (built-in,
        /// system, config, user, --flows) and its file.
        #[arg(long)]
        source: bool,
        /// Print JSON for scripts (errors too, as {"error": {...}}).
        #[arg(long)]
        json: bool,
    },
    /// Show a code and its whole decision tree, as a printable runbook.
    #[command(allow_negative_numbers = true)]
    Lookup {
        /// The error code: 0xC004F074, c004f074, C004-F074 or -1073418124.
        code: String,
        /// Print JSON for scripts (errors too, as {"error": {...}}).
        #[arg(long)]
        json: bool,
    },
    /// Find codes from a code, part of one, or message text.
    #[command(allow_negative_numbers = true)]
    Search {
        /// Words, a code or a fragment of one.
        #[arg(required = true)]
        query: Vec<String>,
        /// Show at most N results (1 or more).
        #[arg(
            long,
            value_name = "N",
            default_value_t = 10,
            value_parser = parse_limit
        )]
        limit: usize,
        /// Print JSON for scripts (errors too, as {"error": {...}}).
        #[arg(long)]
        json: bool,
    },
    /// Follow a code's tree with the given answers.
    #[command(allow_negative_numbers = true)]
    Walk {
        /// The error code: 0xC004F074, c004f074, C004-F074 or -1073418124.
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
        /// Read this evidence (pasted output saved to a file, an exported
        /// .evtx log, or - for standard input): placeholders are filled from
        /// its facts and the pending question gets a suggested answer.
        #[arg(long, value_name = "FILE")]
        evidence: Option<PathBuf>,
        /// Print JSON for scripts: "state" says "pending" or "resolved";
        /// errors too, as {"error": {...}}.
        #[arg(long)]
        json: bool,
    },
    /// Read evidence: slmgr /dli, /dlv, /xpr output, activation events (as
    /// text, XML or an exported .evtx log), Test-NetConnection, nslookup or
    /// Resolve-DnsName for _vlmcs._tcp, w32tm /query /status, ipconfig /all.
    Evidence {
        /// The file to read; - or nothing reads standard input.
        #[arg(value_name = "FILE")]
        file: Option<PathBuf>,
        /// List the facts evidence can give (the names `suggest:` rules use).
        #[arg(long, conflicts_with = "file")]
        facts: bool,
        /// Print JSON for scripts: {"codes": [...], "facts": {name: {"value", "from"}}}.
        #[arg(long)]
        json: bool,
    },
    /// On Windows: read this machine's activation state (read-only), then
    /// open the wizard on the error code found, with the facts loaded.
    Diagnose {
        /// Print what was read as JSON instead of opening the wizard.
        #[arg(long)]
        json: bool,
    },
    /// Where flows come from: `actwiz flows path` prints the flow layers.
    Flows {
        #[command(subcommand)]
        action: FlowsAction,
    },
    /// Validate flow files: every flow layer in effect, or the given folders
    /// or files (each as a layer over the built-in flows).
    Check {
        /// A folder of flow files (or one file); none checks every layer in effect.
        #[arg(value_name = "DIR")]
        paths: Vec<PathBuf>,
    },
    /// Export trees: a Markdown runbook for a wiki, Mermaid or Graphviz DOT.
    #[command(allow_negative_numbers = true)]
    Export {
        /// markdown (a runbook of every code), mermaid or dot.
        #[arg(long, value_enum, default_value = "markdown")]
        format: super::authoring::ExportFormat,
        /// Only this code's tree.
        #[arg(long, conflicts_with = "family")]
        code: Option<String>,
        /// Only this family's codes (e.g. dns, kms-connect).
        #[arg(long)]
        family: Option<String>,
    },
    /// Print the man page (roff): `actwiz man > actwiz.1`.
    Man,
    /// Print the JSON Schema of the flow format (editors complete and check
    /// flow files with it; the repository keeps it in assets/flow.schema.json).
    Schema,
    /// Print a shell completion script (e.g. `actwiz completions powershell >> $PROFILE`).
    Completions {
        /// The shell the script is for.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

/// What `actwiz flows` does.
#[derive(Debug, Subcommand)]
pub enum FlowsAction {
    /// Print the flow layers in effect, lowest first: each folder and
    /// whether it exists.
    Path {
        /// As JSON: `{"layers": [{"layer", "folder", "state"}]}`, lowest
        /// first; `state` is builtin, exists, empty_skipped, absent_skipped
        /// or missing.
        #[arg(long)]
        json: bool,
    },
}

impl Cli {
    /// The flow layers in effect above the built-in flows, lowest first:
    /// system, config, user, `--flows`.
    pub(crate) fn flow_layers(&self) -> Vec<crate::core::catalog::Layer> {
        crate::core::catalog::layers::in_effect(&self.config_flows, &self.flows, |name| {
            std::env::var(name).ok()
        })
    }
}

impl Command {
    /// Whether the command's output (errors included) is JSON.
    pub fn json(&self) -> bool {
        match self {
            Command::List { json, .. }
            | Command::Lookup { json, .. }
            | Command::Search { json, .. }
            | Command::Walk { json, .. }
            | Command::Evidence { json, .. }
            | Command::Diagnose { json, .. } => *json,
            Command::Check { .. }
            | Command::Completions { .. }
            | Command::Export { .. }
            | Command::Flows { .. }
            | Command::Man
            | Command::Schema => false,
        }
    }
}

fn parse_limit(s: &str) -> Result<usize, String> {
    match s.trim().parse::<usize>() {
        Ok(0) => Err("0 would show nothing: give 1 or more".into()),
        Ok(n) => Ok(n),
        Err(_) => Err(format!("'{s}' is not a number of results (1 or more)")),
    }
}

/// `--shell`: the dialects of [`Dialect`], as clap lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ShellArg {
    Cmd,
    #[value(alias = "pwsh")]
    Powershell,
}

impl From<ShellArg> for Dialect {
    fn from(arg: ShellArg) -> Dialect {
        match arg {
            ShellArg::Cmd => Dialect::Cmd,
            ShellArg::Powershell => Dialect::Powershell,
        }
    }
}

impl From<Dialect> for ShellArg {
    fn from(dialect: Dialect) -> ShellArg {
        match dialect {
            Dialect::Cmd => ShellArg::Cmd,
            Dialect::Powershell => ShellArg::Powershell,
        }
    }
}

impl Cli {
    /// The clipboard mode chosen (flag, ACTWIZ_CLIPBOARD or configuration).
    pub(crate) fn clipboard_mode(&self) -> Option<ClipboardMode> {
        self.clipboard.and_then(ClipboardArg::mode)
    }

    /// The dialect commands are shown in (cmd unless told).
    pub fn dialect(&self) -> Dialect {
        self.shell.map(Dialect::from).unwrap_or_default()
    }
}

#[cfg(test)]
mod value_tests {
    use super::*;

    #[test]
    fn language_and_clipboard_are_value_enums_in_any_case() {
        let cli = Cli::try_parse_from(["actwiz", "--lang", "French", "--clipboard", "OSC-52"])
            .expect("valid arguments");
        assert_eq!(cli.lang, Some(Lang::Fr));
        assert_eq!(cli.clipboard_mode(), Some(ClipboardMode::Osc52));
        // An empty value (ACTWIZ_CLIPBOARD=) is no choice.
        let cli = Cli::try_parse_from(["actwiz", "--clipboard", ""]).expect("empty is allowed");
        assert_eq!(cli.clipboard_mode(), None);
        for bad in [["--lang", "de"], ["--clipboard", "xsel"]] {
            let err = Cli::try_parse_from(["actwiz", bad[0], bad[1]]).expect_err("refused");
            assert!(err.to_string().contains("possible values"), "{err}");
        }
    }
}
