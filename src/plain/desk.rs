//! What works at every prompt of plain mode, as in the full-screen wizard:
//! `c N` copies command N of the current resolution (`c` alone, at a
//! question, its check command), `a` copies them all as one block, `s`
//! saves the transcript, `?` says what can be typed where the agent is.
//!
//! Copies go through the same clipboard module as the wizard (system
//! clipboard, tmux, OSC 52, as `--clipboard` and the configuration say);
//! copy-all is `transcript::command_block`, the wizard's own block.

use std::io::Write;

use crate::clipboard::{Clipboard, ClipboardMode, Env};
use crate::core::catalog::dialect::Dialect;
use crate::core::catalog::{Catalog, Lang};
use crate::core::evidence::InUse;
use crate::core::placeholder::Values;
use crate::core::sanitize::clean_line;
use crate::core::walk::{Current, Walk};
use crate::strings::colon;
use crate::strings::plain::{self as words, plain_strings};
use crate::transcript;

pub(crate) use crate::strings::plain::Place;

/// The call's state a prompt can see, for the commands of every prompt.
pub(crate) struct Here<'a> {
    pub(crate) place: Place,
    pub(crate) catalog: &'a Catalog,
    pub(crate) values: &'a Values,
    pub(crate) evidence: &'a InUse,
    pub(crate) lang: Lang,
    pub(crate) dialect: Dialect,
}

/// The agent's tools, kept for the whole session.
pub(crate) struct Desk {
    clipboard: Clipboard,
    transcript: transcript::Settings,
    /// Whether lines are edited (a terminal): `?` then lists the keys.
    editing: bool,
    /// The commands copied, as filled in: the transcript lists them.
    copied: Vec<String>,
    /// The walk in progress, or the last one: what `c`, `a` and `s` act on.
    pub(crate) walk: Option<Walk>,
}

/// A command typed at a prompt that is not an answer to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Command {
    Help,
    CopyAll,
    Save,
    /// `c` alone, or `c N` (1-based).
    Copy(Option<usize>),
}

fn command(line: &str) -> Option<Command> {
    match line.trim() {
        "?" => Some(Command::Help),
        "a" => Some(Command::CopyAll),
        "s" => Some(Command::Save),
        "c" => Some(Command::Copy(None)),
        other => {
            let n = other.strip_prefix('c')?.trim();
            n.parse().ok().map(|n| Command::Copy(Some(n)))
        }
    }
}

impl Desk {
    /// `clipboard` is `--clipboard` (or ACTWIZ_CLIPBOARD, already read by
    /// the command line); `transcript` the configuration's folder and
    /// language.
    pub(crate) fn new(
        clipboard: Option<ClipboardMode>,
        transcript: transcript::Settings,
        editing: bool,
    ) -> anyhow::Result<Self> {
        let env = Env::from_process();
        let mode = ClipboardMode::resolve(clipboard, &env)?;
        Ok(Desk {
            clipboard: Clipboard::new(mode, env),
            transcript,
            editing,
            copied: Vec::new(),
            walk: None,
        })
    }

    /// Performs `line` when it is one of the commands of every prompt;
    /// `false` when it is not (it is then the answer to the prompt).
    pub(crate) fn handle(
        &mut self,
        line: &str,
        here: &Here<'_>,
        out: &mut impl Write,
    ) -> std::io::Result<bool> {
        let Some(command) = command(line) else {
            return Ok(false);
        };
        let lang = here.lang;
        match command {
            Command::Help => write!(out, "{}", words::help(lang, here.place, self.editing))?,
            Command::Save => self.save(here, out)?,
            Command::CopyAll => match self.resolution_block(here) {
                Ok(text) => {
                    let label = plain_strings(lang).all_commands.to_string();
                    self.copy(&text, label, here, out)?
                }
                Err(reason) => writeln!(out, "{reason}")?,
            },
            Command::Copy(n) => match self.command_text(here, n) {
                Ok((text, missing)) => {
                    let label = text.clone();
                    self.copy(&text, label, here, out)?;
                    if !missing.is_empty() {
                        let still = crate::strings::strings(lang).plain_still_missing;
                        writeln!(out, "{} {}", colon(lang, still), missing.join(", "))?;
                    }
                }
                Err(reason) => writeln!(out, "{reason}")?,
            },
        }
        Ok(true)
    }

    /// Every command of the current resolution, as the wizard's copy-all;
    /// else why there is nothing to copy.
    fn resolution_block(&self, here: &Here<'_>) -> Result<String, String> {
        let s = plain_strings(here.lang);
        let no_resolution = || s.no_resolution_yet.to_string();
        let walk = self.walk.as_ref().ok_or_else(no_resolution)?;
        let (_, flow) = walk
            .context(here.catalog)
            .map_err(|e| clean_line(&e.to_string()).into_owned())?;
        let Ok(Current::Resolution { resolution, .. }) = walk.current(here.catalog) else {
            return Err(no_resolution());
        };
        if resolution.commands.is_empty() {
            return Err(s.no_commands.to_string());
        }
        Ok(transcript::command_block(
            flow,
            resolution,
            here.values,
            here.lang,
            here.dialect,
        ))
    }

    /// Command `n` of the resolution (or the question's check command for
    /// `c` alone), filled with the values given; else why not.
    /// The names of the placeholders still without a value come with it.
    fn command_text(
        &self,
        here: &Here<'_>,
        n: Option<usize>,
    ) -> Result<(String, Vec<String>), String> {
        let lang = here.lang;
        let walk = self
            .walk
            .as_ref()
            .ok_or_else(|| plain_strings(lang).no_resolution_yet.to_string())?;
        let (_, flow) = walk
            .context(here.catalog)
            .map_err(|e| clean_line(&e.to_string()).into_owned())?;
        let template = match (walk.current(here.catalog), n) {
            (Ok(Current::Question { question, .. }), None) => question
                .check_form(here.dialect)
                .map(|f| f.text.into_owned())
                .ok_or_else(|| plain_strings(lang).no_check_command.to_string())?,
            (Ok(Current::Resolution { resolution, .. }), _) if resolution.commands.is_empty() => {
                return Err(plain_strings(lang).no_commands.to_string())
            }
            (Ok(Current::Resolution { resolution, .. }), Some(n)) => {
                let count = resolution.commands.len();
                match n.checked_sub(1).and_then(|i| resolution.commands.get(i)) {
                    Some(c) => c.form(here.dialect).text.into_owned(),
                    None => return Err(words::no_such_command(lang, n, count)),
                }
            }
            (Ok(Current::Resolution { resolution, .. }), None) => {
                return Err(words::no_such_command(lang, 0, resolution.commands.len()))
            }
            _ => return Err(plain_strings(lang).no_resolution_yet.to_string()),
        };
        let filled = here.values.fill(flow, &template);
        Ok((clean_line(&filled.text).into_owned(), filled.missing))
    }

    /// Copies `text`, then says where it went and what (`shown`).
    fn copy(
        &mut self,
        text: &str,
        shown: String,
        here: &Here<'_>,
        out: &mut impl Write,
    ) -> std::io::Result<()> {
        // What was printed comes first; OSC 52 goes to the terminal itself.
        out.flush()?;
        let mut term = crate::output::osc52_terminal(true);
        match self.clipboard.copy(text, &mut term) {
            Ok(outcome) => {
                self.copied
                    .extend(text.lines().filter(|l| !is_comment(l)).map(str::to_string));
                let to = words::copied_to(here.lang, outcome.method);
                writeln!(out, "{to} {}", clean_line(&shown))
            }
            Err(err) => writeln!(
                out,
                "{} {}",
                colon(here.lang, plain_strings(here.lang).not_copied),
                clean_line(&err.message(here.lang))
            ),
        }
    }

    /// Saves the transcript of the current walk; prints its path.
    fn save(&mut self, here: &Here<'_>, out: &mut impl Write) -> std::io::Result<()> {
        let s = plain_strings(here.lang);
        let Some(walk) = &self.walk else {
            return writeln!(out, "{}", s.nothing_to_save);
        };
        let call = transcript::Call {
            catalog: here.catalog,
            walk,
            values: here.values,
            copied: &self.copied,
            evidence: here.evidence,
            dialect: here.dialect,
            at: Some(std::time::SystemTime::now()),
        };
        let markdown = call.markdown(self.transcript.lang(here.lang));
        match transcript::save::save(&self.transcript.dir(), walk.code(), &markdown) {
            Ok(path) => writeln!(
                out,
                "{} {}",
                s.saved,
                clean_line(&path.display().to_string())
            ),
            Err(err) => writeln!(
                out,
                "{} {}",
                colon(here.lang, s.not_saved),
                clean_line(&err)
            ),
        }
    }
}

/// A comment line of a copied block (REM or #), not a command.
fn is_comment(line: &str) -> bool {
    line.starts_with("REM ") || line.starts_with('#')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_of_every_prompt_are_told_from_answers() {
        assert_eq!(command("?"), Some(Command::Help));
        assert_eq!(command(" a "), Some(Command::CopyAll));
        assert_eq!(command("s"), Some(Command::Save));
        assert_eq!(command("c"), Some(Command::Copy(None)));
        assert_eq!(command("c 2"), Some(Command::Copy(Some(2))));
        assert_eq!(command("c3"), Some(Command::Copy(Some(3))));
        for answer in ["1", "kms", "cscript", "c x", "0xC004F074", ""] {
            assert_eq!(command(answer), None, "{answer}");
        }
    }
}
