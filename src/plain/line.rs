//! Where plain mode's lines come from: the one module that knows rustyline.
//!
//! On a terminal (stdin and stdout both one, TERM not `dumb`) each prompt is
//! a rustyline editor: ← → Home End move in the line, ↑ ↓ recall the
//! answers given earlier in the session. Anywhere else (a pipe, a file,
//! tests, a dumb terminal or a screen reader's console) lines are read as
//! they come, byte for byte, and nothing but the prompt and the echoed
//! answer is written: no escape sequence can reach a log.
//!
//! rustyline writes the prompt to the terminal itself, so that text does
//! not go through `crate::output`: it is cleaned to one line here first.

use std::io::{BufRead, Write};

use crate::core::sanitize::clean_line;

/// A source of answers, one line at a time.
pub(crate) trait Lines {
    /// Shows `prompt` (on `out` or the terminal) and reads one answer,
    /// without its line end; `None` at the end of input (Ctrl+D, a closed
    /// pipe) or when the agent interrupts (Ctrl+C).
    fn prompt(&mut self, prompt: &str, out: &mut dyn Write) -> std::io::Result<Option<String>>;

    /// One line of pasted text, with no prompt and kept out of the history
    /// (evidence pasted after `e`); `None` at the end of input.
    fn pasted(&mut self, out: &mut dyn Write) -> std::io::Result<Option<String>>;

    /// `line` was an answer worth recalling with ↑.
    fn remember(&mut self, _line: &str) {}
}

/// Lines read as they come from a pipe or a file.
pub(crate) struct Piped<R: BufRead> {
    input: R,
    /// Write each answer after its prompt: when answers are piped in, the
    /// terminal does not echo them, and the log would be unreadable.
    echo: bool,
}

impl<R: BufRead> Piped<R> {
    pub(crate) fn new(input: R, echo: bool) -> Self {
        Piped { input, echo }
    }

    fn raw_line(&mut self) -> std::io::Result<Option<String>> {
        // Bytes, not `read_line`: one invalid UTF-8 byte (a paste from
        // another code page) must not end the call; it becomes U+FFFD.
        let mut bytes = Vec::new();
        if self.input.read_until(b'\n', &mut bytes)? == 0 {
            return Ok(None);
        }
        let line = String::from_utf8_lossy(&bytes);
        Ok(Some(line.trim_end_matches(['\r', '\n']).to_string()))
    }
}

impl<R: BufRead> Lines for Piped<R> {
    fn prompt(&mut self, prompt: &str, out: &mut dyn Write) -> std::io::Result<Option<String>> {
        write!(out, "{prompt} ")?;
        out.flush()?;
        let Some(line) = self.raw_line()? else {
            writeln!(out)?;
            return Ok(None);
        };
        if self.echo {
            writeln!(out, "{}", clean_line(line.trim()))?;
        }
        Ok(Some(line))
    }

    fn pasted(&mut self, _out: &mut dyn Write) -> std::io::Result<Option<String>> {
        self.raw_line()
    }
}

/// How many answers ↑ can recall.
const HISTORY: usize = 200;

/// A line editor on the terminal.
pub(crate) struct Edited {
    editor: rustyline::DefaultEditor,
    /// Lines of a multi-line paste not handed out yet (a bracketed paste
    /// arrives in one piece).
    queued: std::collections::VecDeque<String>,
}

impl Edited {
    /// `None` when the terminal cannot be set up for editing: plain lines
    /// are read then.
    pub(crate) fn new() -> Option<Self> {
        let config = rustyline::Config::builder()
            .auto_add_history(false)
            .history_ignore_dups(true)
            .ok()?
            .history_ignore_space(true)
            .max_history_size(HISTORY)
            .ok()?
            .build();
        let editor = rustyline::DefaultEditor::with_config(config).ok()?;
        Some(Edited {
            editor,
            queued: Default::default(),
        })
    }

    fn read(&mut self, prompt: &str, out: &mut dyn Write) -> std::io::Result<Option<String>> {
        if let Some(line) = self.queued.pop_front() {
            return Ok(Some(line));
        }
        // What was printed before the prompt must be on the screen first.
        out.flush()?;
        match self.editor.readline(prompt) {
            Ok(text) => {
                let mut lines = text
                    .split('\n')
                    .map(|l| l.trim_end_matches('\r').to_string());
                let first = lines.next().unwrap_or_default();
                self.queued.extend(lines);
                Ok(Some(first))
            }
            Err(rustyline::error::ReadlineError::Eof)
            | Err(rustyline::error::ReadlineError::Interrupted) => Ok(None),
            Err(rustyline::error::ReadlineError::Io(err)) => Err(err),
            Err(other) => Err(std::io::Error::other(other.to_string())),
        }
    }
}

impl Lines for Edited {
    fn prompt(&mut self, prompt: &str, out: &mut dyn Write) -> std::io::Result<Option<String>> {
        let shown = format!("{} ", clean_line(prompt));
        self.read(&shown, out)
    }

    fn pasted(&mut self, out: &mut dyn Write) -> std::io::Result<Option<String>> {
        self.read("", out)
    }

    fn remember(&mut self, line: &str) {
        // A history that cannot take a line is no reason to stop the call.
        let _ = self.editor.add_history_entry(line.trim());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn piped_lines_are_read_as_they_come_and_echoed() {
        let input: &[u8] = b"0xC004F074\r\n  2 \nk\xffms\n";
        let mut lines = Piped::new(input, true);
        let mut out = Vec::new();
        assert_eq!(
            lines.prompt("Search:", &mut out).unwrap().as_deref(),
            Some("0xC004F074")
        );
        assert_eq!(
            lines.prompt("Answer:", &mut out).unwrap().as_deref(),
            Some("  2 ")
        );
        assert_eq!(
            lines.pasted(&mut out).unwrap().as_deref(),
            Some("k\u{fffd}ms")
        );
        assert_eq!(lines.prompt("Again:", &mut out).unwrap(), None);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "Search: 0xC004F074\nAnswer: 2\nAgain: \n"
        );
    }

    #[test]
    fn without_echo_only_the_prompt_is_written() {
        let input: &[u8] = b"q\n";
        let mut lines = Piped::new(input, false);
        let mut out = Vec::new();
        lines.prompt("Search:", &mut out).unwrap();
        assert_eq!(out, b"Search: ");
    }
}
