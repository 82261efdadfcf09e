//! Two dialects for every command: cmd.exe as the flows write it, and
//! PowerShell, for machines where VBScript (so slmgr.vbs) is gone.
//!
//! A command's PowerShell form is, in this order: its `powershell:` text;
//! its own text when it is written for PowerShell (`shell: powershell`) or
//! for both shells (`shell: any`); the form [`slmgr`] generates from the
//! one mapping [`table`] when it runs slmgr. A cmd command with none of
//! these is shown as it is, marked for cmd.exe. `check` makes sure the
//! built-in and user flows never reach that last case for slmgr.

mod check;
pub mod commands;
pub mod slmgr;
pub mod table;
pub mod wmi;

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::core::model::{Command, Question, Shell};

pub(super) use check::check;

/// The shell the user works in: the commands are shown for it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Dialect {
    #[default]
    Cmd,
    Powershell,
}

impl Dialect {
    pub const ALL: [Dialect; 2] = [Dialect::Cmd, Dialect::Powershell];

    pub fn name(self) -> &'static str {
        match self {
            Dialect::Cmd => "cmd",
            Dialect::Powershell => "powershell",
        }
    }

    /// How the interface names it (the same in both languages).
    pub fn label(self) -> &'static str {
        match self {
            Dialect::Cmd => "cmd",
            Dialect::Powershell => "PowerShell",
        }
    }

    pub fn other(self) -> Dialect {
        match self {
            Dialect::Cmd => Dialect::Powershell,
            Dialect::Powershell => Dialect::Cmd,
        }
    }
}

impl fmt::Display for Dialect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Dialect {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "cmd" | "cmd.exe" => Ok(Dialect::Cmd),
            "powershell" | "pwsh" | "ps" => Ok(Dialect::Powershell),
            other => Err(format!(
                "unknown shell '{other}' (expected cmd or powershell)"
            )),
        }
    }
}

/// Where a form's text comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// The command's own text.
    Written,
    /// The command's `powershell:` (or `check_powershell:`) text.
    Given,
    /// Generated from the slmgr table.
    Generated,
    /// The command's own text, written to run unchanged in both shells
    /// (`shell: any`).
    BothShells,
}

/// A command's text in one dialect, and the shell that runs that text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Form<'a> {
    pub text: Cow<'a, str>,
    /// `Cmd` or `Powershell`: what to paste it into (a `shell: any` text
    /// takes the dialect asked for).
    pub shell: Shell,
    pub origin: Origin,
}

/// The form of a command written `text` for `shell`, with its optional
/// PowerShell text, in `dialect`.
pub fn form<'a>(
    text: &'a str,
    shell: Shell,
    powershell: Option<&'a str>,
    dialect: Dialect,
) -> Form<'a> {
    form_with(text, shell, powershell, dialect, || {
        generated(text).map(Cow::Owned)
    })
}

/// The PowerShell text generated from a cmd `text`, if it runs slmgr and
/// the table maps its option.
fn generated(text: &str) -> Option<String> {
    slmgr::powershell(text).and_then(Result::ok)
}

/// [`form`], with the generated text from `generate` (computed or kept).
fn form_with<'a>(
    text: &'a str,
    shell: Shell,
    powershell: Option<&'a str>,
    dialect: Dialect,
    generate: impl FnOnce() -> Option<Cow<'a, str>>,
) -> Form<'a> {
    let written = |shell| Form {
        text: Cow::Borrowed(text),
        shell,
        origin: Origin::Written,
    };
    match (dialect, shell) {
        (_, Shell::Powershell) => written(Shell::Powershell),
        (dialect, Shell::Any) => Form {
            text: Cow::Borrowed(text),
            shell: match dialect {
                Dialect::Cmd => Shell::Cmd,
                Dialect::Powershell => Shell::Powershell,
            },
            origin: Origin::BothShells,
        },
        (Dialect::Cmd, _) => written(Shell::Cmd),
        (Dialect::Powershell, Shell::Cmd) => {
            if let Some(given) = powershell {
                return Form {
                    text: Cow::Borrowed(given),
                    shell: Shell::Powershell,
                    origin: Origin::Given,
                };
            }
            match generate() {
                Some(generated) => Form {
                    text: generated,
                    shell: Shell::Powershell,
                    origin: Origin::Generated,
                },
                // No PowerShell form: shown as written, for cmd.exe.
                _ => written(Shell::Cmd),
            }
        }
    }
}

impl Command {
    /// This command in `dialect`. A generated form is worked out once per
    /// command and kept (the wizard asks for it at every frame).
    pub fn form(&self, dialect: Dialect) -> Form<'_> {
        form_with(
            &self.command,
            self.shell,
            self.powershell.as_deref(),
            dialect,
            || {
                self.generated
                    .get_or_init(|| generated(&self.command))
                    .as_deref()
                    .map(Cow::Borrowed)
            },
        )
    }
}

impl Question {
    /// The check command in `dialect`, if the question has one.
    pub fn check_form(&self, dialect: Dialect) -> Option<Form<'_>> {
        self.check_command.as_deref().map(|text| {
            form(
                text,
                self.check_shell,
                self.check_powershell.as_deref(),
                dialect,
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_commands_generated_form_is_worked_out_once_and_kept() {
        let text = r"cscript %windir%\system32\slmgr.vbs /dlv";
        let command: Command = serde_json::from_value(serde_json::json!({
            "command": text,
            "explain": {"en": "Shows the licence.", "fr": "Affiche la licence."},
        }))
        .expect("a valid command");
        let first = command.form(Dialect::Powershell);
        let again = command.form(Dialect::Powershell);
        assert_eq!(first.origin, Origin::Generated);
        assert_eq!(first, form(text, Shell::Cmd, None, Dialect::Powershell));
        // Both borrow the one text kept in the command.
        match (&first.text, &again.text) {
            (Cow::Borrowed(a), Cow::Borrowed(b)) => assert!(std::ptr::eq(*a, *b)),
            other => panic!("not kept: {other:?}"),
        }
        // The kept text is no part of the command's value.
        let fresh: Command = serde_json::from_value(serde_json::to_value(&command).expect("json"))
            .expect("round trip");
        assert_eq!(fresh, command);
    }

    #[test]
    fn forms_follow_the_documented_order() {
        let slmgr = r"cscript %windir%\system32\slmgr.vbs /dlv";
        let ps = form(slmgr, Shell::Cmd, None, Dialect::Powershell);
        assert_eq!(ps.origin, Origin::Generated);
        assert_eq!(ps.shell, Shell::Powershell);
        assert!(ps
            .text
            .starts_with("Get-CimInstance SoftwareLicensingService"));
        let cmd = form(slmgr, Shell::Cmd, None, Dialect::Cmd);
        assert_eq!((cmd.text.as_ref(), cmd.shell), (slmgr, Shell::Cmd));
        let given = form(
            "net stop sppsvc",
            Shell::Cmd,
            Some("Stop-Service sppsvc"),
            Dialect::Powershell,
        );
        assert_eq!(
            (given.text.as_ref(), given.origin),
            ("Stop-Service sppsvc", Origin::Given)
        );
        let any = form("ipconfig /all", Shell::Any, None, Dialect::Powershell);
        assert_eq!(
            (any.text.as_ref(), any.shell),
            ("ipconfig /all", Shell::Powershell)
        );
        let any = form("ipconfig /all", Shell::Any, None, Dialect::Cmd);
        assert_eq!(any.shell, Shell::Cmd);
        let only_ps = form(
            "Restart-Service sppsvc -Force",
            Shell::Powershell,
            None,
            Dialect::Cmd,
        );
        assert_eq!(only_ps.shell, Shell::Powershell);
        let fallback = form("sc query sppsvc", Shell::Cmd, None, Dialect::Powershell);
        assert_eq!(
            (fallback.shell, fallback.origin),
            (Shell::Cmd, Origin::Written)
        );
    }

    #[test]
    fn dialects_parse_in_the_usual_spellings() {
        assert_eq!("PowerShell".parse(), Ok(Dialect::Powershell));
        assert_eq!(" cmd ".parse(), Ok(Dialect::Cmd));
        assert!("bash".parse::<Dialect>().is_err());
    }
}
