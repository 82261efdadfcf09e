//! Settings an agent keeps from one run to the next, in a small TOML file.
//!
//! ```toml
//! lang = "fr"            # en | fr
//! shell = "powershell"   # cmd | powershell: the shell commands are shown for
//! clipboard = "osc52"    # auto | system | osc52 | none
//! mouse = true
//! no_color = false
//! flows = ["team-flows"] # the config flow layer; relative to this file
//! transcript_language = "en"        # the ticket's language, if not the interface's
//! transcript_dir = "~/tickets"      # where `s` saves transcripts; relative to this file
//! ```
//!
//! The file is `--config FILE` or `ACTWIZ_CONFIG` when given (it must then
//! exist), else `config.toml` in the user's configuration folder when there
//! is one there (see [`default_path`]). The command line and the
//! environment win over the file: see [`Config::apply`].

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::cli::Cli;
use crate::clipboard::ClipboardMode;
use crate::core::catalog::dialect::Dialect;
use crate::core::catalog::Lang;

/// What a configuration file may set. Every field is optional.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The language when neither `--lang` nor `ACTWIZ_LANG` says; beats the
    /// locale variables, since it is the agent's own choice.
    pub lang: Option<Lang>,
    /// The clipboard mode when neither `--clipboard` nor `ACTWIZ_CLIPBOARD`
    /// says.
    #[serde(default, deserialize_with = "clipboard_mode")]
    pub clipboard: Option<ClipboardMode>,
    /// The shell commands are shown for when neither `--shell` nor
    /// `ACTWIZ_SHELL` says.
    #[serde(default, deserialize_with = "dialect")]
    pub shell: Option<Dialect>,
    /// Mouse capture in the wizard (`--no-mouse` turns it off for one run).
    pub mouse: Option<bool>,
    /// The monochrome theme, as `--no-color`.
    pub no_color: Option<bool>,
    /// The config flow layer (a team's git checkout, say): loaded above the
    /// built-in and system flows, below the user's folder and `--flows`
    /// (see `catalog::layers`). Relative paths are taken from the file's own
    /// folder.
    #[serde(default)]
    pub flows: Vec<PathBuf>,
    /// The language transcripts are written in, when the tickets are kept
    /// in another language than the one the agent works in.
    pub transcript_language: Option<Lang>,
    /// Where transcripts are saved (created if missing); relative paths are
    /// taken from the file's own folder, `~/` from the home folder.
    /// `ACTWIZ_TRANSCRIPT_DIR` beats it. Default:
    /// [`crate::transcript::default_dir`].
    pub transcript_dir: Option<PathBuf>,
}

/// The largest configuration file read.
const MAX_CONFIG_BYTES: u64 = 1024 * 1024;

/// A configuration file that cannot be used; the message names the file and,
/// when the problem has one, its line and column.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{path}: cannot read the configuration file: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}:{line}:{column}: {message}")]
    Invalid {
        path: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{path}: {message}")]
    InvalidAnywhere { path: String, message: String },
}

fn clipboard_mode<'de, D>(deserializer: D) -> Result<Option<ClipboardMode>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    let name = String::deserialize(deserializer)?;
    name.parse().map(Some).map_err(serde::de::Error::custom)
}

fn dialect<'de, D>(deserializer: D) -> Result<Option<Dialect>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    let name = String::deserialize(deserializer)?;
    name.parse().map(Some).map_err(serde::de::Error::custom)
}

impl Config {
    /// Parses the text of the file at `path` (named in errors). Relative
    /// flow folders are resolved against the folder holding `path`.
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let shown = path.display().to_string();
        let mut config: Config = toml::from_str(text).map_err(|err| {
            // toml's message may span lines (it quotes the source); the
            // first line is the reason.
            let message = err.message().lines().next().unwrap_or("").to_string();
            match err.span() {
                Some(span) => {
                    let (line, column) = line_column(text, span.start);
                    ConfigError::Invalid {
                        path: shown.clone(),
                        line,
                        column,
                        message,
                    }
                }
                None => ConfigError::InvalidAnywhere {
                    path: shown.clone(),
                    message,
                },
            }
        })?;
        let base = path.parent().unwrap_or(Path::new(""));
        for folder in config.flows.iter_mut().chain(&mut config.transcript_dir) {
            if let Some(home) = home_relative(folder) {
                *folder = home;
            } else if folder.is_relative() {
                *folder = base.join(&*folder);
            }
        }
        Ok(config)
    }

    /// Reads the file at `path`. `required` is true when the user named the
    /// file: a missing file is then an error rather than "no settings".
    pub fn load(path: &Path, required: bool) -> Result<Option<Config>, ConfigError> {
        if !required && !path.exists() {
            return Ok(None);
        }
        // Only a regular file of bounded size (`--config /dev/zero` must
        // not read forever).
        let shown = || path.display().to_string();
        let bytes = crate::core::catalog::read::read_regular_file(path, MAX_CONFIG_BYTES).map_err(
            |reason| ConfigError::InvalidAnywhere {
                path: shown(),
                message: format!(
                    "cannot read the configuration file: {}",
                    reason.trim_start_matches("cannot read: ")
                ),
            },
        )?;
        let text = String::from_utf8(bytes).map_err(|err| {
            let valid = &err.as_bytes()[..err.utf8_error().valid_up_to()];
            let before = std::str::from_utf8(valid).unwrap_or_default();
            let at = crate::core::catalog::read::position_at(before, before.len());
            ConfigError::Invalid {
                path: shown(),
                line: at.line,
                column: at.column,
                message: "invalid UTF-8: the configuration file must be UTF-8 text".into(),
            }
        })?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        Config::parse(text, path).map(Some)
    }

    /// Fills in what the command line left unset. `env` reads environment
    /// variables; the ones that beat the file are `ACTWIZ_LANG` (the
    /// language) and `ACTWIZ_CLIPBOARD`, which clap has already put into
    /// `cli.clipboard`.
    pub fn apply(&self, cli: &mut Cli, env: impl Fn(&str) -> Option<String>) {
        let env_lang = env("ACTWIZ_LANG").is_some_and(|v| !v.trim().is_empty());
        if cli.lang.is_none() && !env_lang {
            cli.lang = self.lang;
        }
        if cli.clipboard_mode().is_none() {
            if let Some(mode) = self.clipboard {
                cli.clipboard = Some(mode.into());
            }
        }
        // ACTWIZ_SHELL is in `cli.shell` already (clap reads it).
        if cli.shell.is_none() {
            cli.shell = self.shell.map(Into::into);
        }
        if self.mouse == Some(true) && !cli.no_mouse {
            cli.mouse = true;
        }
        if self.no_color == Some(true) {
            cli.no_color = true;
        }
        // A layer of their own, below the user's folder and `--flows`.
        cli.config_flows = self.flows.clone();
        cli.transcript.lang = self.transcript_language;
        cli.transcript.dir = env("ACTWIZ_TRANSCRIPT_DIR")
            .filter(|v| !v.trim().is_empty())
            .map(PathBuf::from)
            .or_else(|| self.transcript_dir.clone());
    }
}

/// `~/x` as a path in the home folder (TOML has no shell to expand it).
fn home_relative(path: &Path) -> Option<PathBuf> {
    let rest = path.strip_prefix("~").ok()?;
    Some(dirs::home_dir()?.join(rest))
}

/// Where the configuration file is looked for when none is named:
/// `%APPDATA%\actwiz\config.toml` on Windows; elsewhere
/// `$XDG_CONFIG_HOME/actwiz/config.toml`, or `~/.config/actwiz/config.toml`
/// when XDG_CONFIG_HOME is unset.
pub(crate) fn default_path(env: impl Fn(&str) -> Option<String>) -> Option<PathBuf> {
    let set = |name: &str| env(name).filter(|v| !v.trim().is_empty());
    let folder = if cfg!(windows) {
        PathBuf::from(set("APPDATA")?)
    } else if let Some(xdg) = set("XDG_CONFIG_HOME") {
        PathBuf::from(xdg)
    } else {
        PathBuf::from(set("HOME")?).join(".config")
    };
    Some(folder.join("actwiz").join("config.toml"))
}

/// Loads the configuration the command line and environment point to:
/// `cli.config` (from `--config` or ACTWIZ_CONFIG) must exist; the default
/// file may be absent.
pub fn load_for(
    cli: &Cli,
    env: impl Fn(&str) -> Option<String>,
) -> Result<Option<Config>, ConfigError> {
    match &cli.config {
        Some(path) => Config::load(path, true),
        None => match default_path(env) {
            Some(path) => Config::load(&path, false),
            None => Ok(None),
        },
    }
}

/// 1-based line and column (in characters) of byte `offset` in `text`.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut end = offset.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let before = &text[..end];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::locale::env_of;
    use clap::Parser;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(text, Path::new("/home/agent/.config/actwiz/config.toml"))
    }

    fn cli(args: &[&str]) -> Cli {
        Cli::try_parse_from(std::iter::once("actwiz").chain(args.iter().copied()))
            .expect("test arguments are valid")
    }

    #[test]
    fn reads_every_setting() {
        let config = parse(
            "lang = \"fr\"\nclipboard = \"OSC52\"\nmouse = true\nno_color = true\n\
             flows = [\"team\", \"/srv/flows\"]\n",
        )
        .expect("valid");
        assert_eq!(config.lang, Some(Lang::Fr));
        assert_eq!(config.clipboard, Some(ClipboardMode::Osc52));
        assert_eq!(config.mouse, Some(true));
        assert_eq!(config.no_color, Some(true));
        assert_eq!(
            config.flows,
            [
                PathBuf::from("/home/agent/.config/actwiz/team"),
                PathBuf::from("/srv/flows")
            ]
        );
        assert_eq!(parse("").expect("empty is valid"), Config::default());
    }

    #[test]
    fn errors_name_file_line_and_column() {
        let err = parse("lang = \"fr\"\nmouse = \"yes\"\n").unwrap_err();
        let shown = err.to_string();
        assert!(
            shown.starts_with("/home/agent/.config/actwiz/config.toml:2:9: "),
            "{shown}"
        );

        let err = parse("lang = \"fr\"\n\ncolour = true\n").unwrap_err();
        let shown = err.to_string();
        assert!(shown.contains("config.toml:3:1: "), "{shown}");
        assert!(shown.contains("colour"), "{shown}");

        let err = parse("lang = \"de\"\n").unwrap_err().to_string();
        assert!(err.contains(":1:8: "), "{err}");

        let err = parse("shell = \"bash\"\n").unwrap_err().to_string();
        assert!(err.contains("expected cmd or powershell"), "{err}");
        assert_eq!(
            parse("shell = \"PowerShell\"\n").unwrap().shell,
            Some(Dialect::Powershell)
        );
        let err = parse("clipboard = \"xsel\"\n").unwrap_err().to_string();
        assert!(err.contains(":1:13: "), "{err}");
        assert!(err.contains("auto, system, osc52 or none"), "{err}");

        let err = parse("lang = \"fr\n").unwrap_err().to_string();
        assert!(err.contains("config.toml:1:"), "{err}");
    }

    #[test]
    fn command_line_and_environment_beat_the_file() {
        let config = Config {
            lang: Some(Lang::Fr),
            clipboard: Some(ClipboardMode::Osc52),
            shell: Some(Dialect::Powershell),
            mouse: Some(true),
            no_color: Some(true),
            flows: vec![PathBuf::from("/cfg/flows")],
            transcript_language: Some(Lang::En),
            transcript_dir: Some(PathBuf::from("/cfg/tickets")),
        };

        let mut plain = cli(&[]);
        config.apply(&mut plain, env_of(&[]));
        assert_eq!(plain.lang, Some(Lang::Fr));
        assert_eq!(plain.clipboard_mode(), Some(ClipboardMode::Osc52));
        assert!(plain.mouse && plain.no_color);
        assert_eq!(plain.dialect(), Dialect::Powershell);
        assert_eq!(plain.transcript.lang, Some(Lang::En));
        assert_eq!(plain.transcript.dir, Some(PathBuf::from("/cfg/tickets")));

        let mut flagged = cli(&[
            "--lang",
            "en",
            "--clipboard",
            "none",
            "--no-mouse",
            "--shell",
            "cmd",
            "--flows",
            "/cli/flows",
        ]);
        config.apply(&mut flagged, env_of(&[]));
        assert_eq!(flagged.lang, Some(Lang::En));
        assert_eq!(flagged.clipboard_mode(), Some(ClipboardMode::None));
        assert!(!flagged.mouse);
        assert_eq!(flagged.dialect(), Dialect::Cmd);
        assert_eq!(flagged.config_flows, [PathBuf::from("/cfg/flows")]);
        assert_eq!(flagged.flows, [PathBuf::from("/cli/flows")]);

        // ACTWIZ_LANG beats the file; the locale variables do not.
        let mut by_env = cli(&[]);
        config.apply(&mut by_env, env_of(&[("ACTWIZ_LANG", "en")]));
        assert_eq!(by_env.lang, None);
        let mut by_locale = cli(&[]);
        config.apply(&mut by_locale, env_of(&[("LANG", "en_US.UTF-8")]));
        assert_eq!(by_locale.lang, Some(Lang::Fr));

        // ACTWIZ_TRANSCRIPT_DIR beats the file's transcript_dir.
        let mut by_env = cli(&[]);
        config.apply(&mut by_env, env_of(&[("ACTWIZ_TRANSCRIPT_DIR", "/env/t")]));
        assert_eq!(by_env.transcript.dir, Some(PathBuf::from("/env/t")));
    }

    #[test]
    fn transcript_settings_are_read_and_resolved() {
        let config =
            parse("transcript_language = \"en\"\ntranscript_dir = \"tickets\"\n").expect("valid");
        assert_eq!(config.transcript_language, Some(Lang::En));
        assert_eq!(
            config.transcript_dir,
            Some(PathBuf::from("/home/agent/.config/actwiz/tickets"))
        );
        if let Some(home) = dirs::home_dir() {
            let config = parse("transcript_dir = \"~/tickets\"\n").expect("valid");
            assert_eq!(config.transcript_dir, Some(home.join("tickets")));
        }
        let err = parse("transcript_language = \"de\"\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains(":1:23: "), "{err}");
    }

    #[test]
    fn default_path_follows_the_platform() {
        if cfg!(windows) {
            assert_eq!(
                default_path(env_of(&[("APPDATA", r"C:\Users\a\AppData\Roaming")])),
                Some(PathBuf::from(
                    r"C:\Users\a\AppData\Roaming\actwiz\config.toml"
                ))
            );
        } else {
            assert_eq!(
                default_path(env_of(&[("XDG_CONFIG_HOME", "/x"), ("HOME", "/h")])),
                Some(PathBuf::from("/x/actwiz/config.toml"))
            );
            assert_eq!(
                default_path(env_of(&[("XDG_CONFIG_HOME", ""), ("HOME", "/h")])),
                Some(PathBuf::from("/h/.config/actwiz/config.toml"))
            );
            assert_eq!(default_path(env_of(&[])), None);
        }
    }

    #[test]
    fn a_named_file_must_exist_the_default_one_need_not() {
        let dir = tempfile::tempdir().expect("temp dir");
        let missing = dir.path().join("config.toml");
        assert!(matches!(Config::load(&missing, false), Ok(None)));
        let err = Config::load(&missing, true).unwrap_err().to_string();
        assert!(err.contains("config.toml: cannot read"), "{err}");
    }

    #[test]
    fn line_column_counts_characters() {
        assert_eq!(line_column("ab\ncdé f", 0), (1, 1));
        assert_eq!(line_column("ab\ncdé f", 3), (2, 1));
        // 'é' is two bytes; the column counts it once.
        assert_eq!(line_column("ab\ncdé f", 8), (2, 5));
    }
}
