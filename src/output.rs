//! The one way out to stdout and stderr for everything but the full-screen
//! wizard's frames.
//!
//! Messages print text from flow files (file names, keys, ids, codes) and
//! from the user (queries, values); an escape sequence in any of them could
//! rewrite the agent's clipboard (OSC 52) or hide a line. Rather than trust
//! every message to call [`crate::core::sanitize::clean`], the writers here clean
//! every byte written through them, and nothing else may write to stdout or
//! stderr: `.clippy.toml` forbids `println!`, `eprintln!`, `print!`,
//! `eprint!`, `dbg!`, `std::io::stdout` and `std::io::stderr` outside this
//! module (and the TUI's terminal, whose frames are scrubbed cell by cell).
//!
//! Kept as they are: newlines and tabs, and two SGR sequences actwiz itself
//! writes to highlight search matches (`ESC[1;4m`, `ESC[0m`): they can at most
//! make text bold and underlined. Invalid UTF-8 becomes U+FFFD.

use std::io::{self, Write};

use crate::core::sanitize;

/// The highlight sequences let through (see the module documentation).
pub const HIGHLIGHT_ON: &str = "\u{1b}[1;4m";
pub const HIGHLIGHT_OFF: &str = "\u{1b}[0m";

/// A writer that cleans what goes through it before `inner` sees it.
pub struct Sanitized<W: Write> {
    inner: W,
    /// The start of a UTF-8 sequence cut between two writes.
    pending: Vec<u8>,
}

impl<W: Write> Sanitized<W> {
    pub fn new(inner: W) -> Self {
        Sanitized {
            inner,
            pending: Vec::new(),
        }
    }

    /// Cleans `text` and writes it, keeping only the allowed highlights.
    fn write_text(&mut self, text: &str) -> io::Result<()> {
        if !text.as_bytes().contains(&0x1b) {
            // No escape, so no highlight to keep: the usual case.
            return self.inner.write_all(sanitize::clean(text).as_bytes());
        }
        let mut rest = text;
        loop {
            let next = [HIGHLIGHT_ON, HIGHLIGHT_OFF]
                .iter()
                .filter_map(|seq| rest.find(seq).map(|at| (at, *seq)))
                .min();
            match next {
                Some((at, seq)) => {
                    self.inner
                        .write_all(sanitize::clean(&rest[..at]).as_bytes())?;
                    self.inner.write_all(seq.as_bytes())?;
                    rest = &rest[at + seq.len()..];
                }
                None => return self.inner.write_all(sanitize::clean(rest).as_bytes()),
            }
        }
    }
}

impl<W: Write> Write for Sanitized<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.pending.is_empty() {
            if let Ok(text) = std::str::from_utf8(buf) {
                // Whole characters, as nearly every write is: no copy.
                self.write_text(text)?;
                return Ok(buf.len());
            }
        }
        let mut bytes = std::mem::take(&mut self.pending);
        bytes.extend_from_slice(buf);
        let mut text = String::with_capacity(bytes.len());
        let mut rest: &[u8] = &bytes;
        loop {
            match std::str::from_utf8(rest) {
                Ok(valid) => {
                    text.push_str(valid);
                    break;
                }
                Err(err) => {
                    let (valid, after) = rest.split_at(err.valid_up_to());
                    text.push_str(std::str::from_utf8(valid).unwrap_or_default());
                    match err.error_len() {
                        // Cut at the end: wait for the rest of the sequence.
                        None => {
                            self.pending = after.to_vec();
                            break;
                        }
                        Some(len) => {
                            text.push(char::REPLACEMENT_CHARACTER);
                            rest = &after[len..];
                        }
                    }
                }
            }
        }
        self.write_text(&text)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.pending.is_empty() {
            self.pending.clear();
            self.inner
                .write_all(char::REPLACEMENT_CHARACTER.to_string().as_bytes())?;
        }
        self.inner.flush()
    }
}

impl<W: Write> Drop for Sanitized<W> {
    fn drop(&mut self) {
        // Errors were reported by the last write; a closed pipe is no news.
        let _ = self.flush();
    }
}

/// Standard output, cleaned.
#[allow(clippy::disallowed_methods)] // the one place allowed to open stdout
pub fn stdout() -> Sanitized<io::StdoutLock<'static>> {
    Sanitized::new(io::stdout().lock())
}

/// Standard output, cleaned, in large blocks: for bulk output (a list, a
/// runbook, search hits, an export), which standard output alone writes a
/// line at a time, one system call each. The caller flushes it at the end,
/// to see any error (dropping it flushes too, but silently).
#[allow(clippy::disallowed_methods)] // the one place allowed to open stdout
pub fn stdout_buffered() -> Sanitized<io::BufWriter<io::StdoutLock<'static>>> {
    Sanitized::new(io::BufWriter::with_capacity(64 * 1024, io::stdout().lock()))
}

/// Standard error, cleaned.
#[allow(clippy::disallowed_methods)] // the one place allowed to open stderr
pub fn stderr() -> Sanitized<io::StderrLock<'static>> {
    Sanitized::new(io::stderr().lock())
}

/// Whether stdout is a terminal (for colours).
#[allow(clippy::disallowed_methods)]
pub(crate) fn stdout_is_terminal() -> bool {
    use std::io::IsTerminal;
    io::stdout().is_terminal()
}

/// Raw standard output for the full-screen wizard's terminal backend, whose
/// frames are scrubbed cell by cell (`tui::scrub`), and for OSC 52, which is
/// built from cleaned text. Nothing else may use it.
#[allow(clippy::disallowed_methods)]
pub(crate) fn raw_terminal_stdout() -> io::Stdout {
    io::stdout()
}

/// Raw standard error, for OSC 52 when there is no controlling terminal.
#[allow(clippy::disallowed_methods)]
pub(crate) fn raw_terminal_stderr() -> io::Stderr {
    io::stderr()
}

/// Where an OSC 52 copy goes: stdout when `stdout_first` and it is the
/// terminal (plain mode's dialogue), else the controlling terminal, so that
/// stdout stays clean for `--json`, pipes and logs; stderr when there is
/// none.
#[allow(clippy::disallowed_methods)]
pub(crate) fn osc52_terminal(stdout_first: bool) -> Box<dyn Write> {
    if stdout_first && stdout_is_terminal() {
        return Box::new(raw_terminal_stdout());
    }
    #[cfg(unix)]
    const TTY: &str = "/dev/tty";
    #[cfg(windows)]
    const TTY: &str = "CONOUT$";
    match std::fs::OpenOptions::new().write(true).open(TTY) {
        Ok(tty) => Box::new(tty),
        Err(_) => Box::new(raw_terminal_stderr()),
    }
}

/// Whether stderr is a terminal (for progress lines).
#[allow(clippy::disallowed_methods)]
pub(crate) fn stderr_is_terminal() -> bool {
    use std::io::IsTerminal;
    io::stderr().is_terminal()
}

/// Rewrites the current line of stderr with `text` (cleaned to one line):
/// carriage return and erase-line are actwiz's own, the text is not.
/// An empty `text` just erases the line. Best effort, like a progress line.
#[allow(clippy::disallowed_methods)]
pub(crate) fn rewrite_stderr_line(text: &str) {
    let mut err = io::stderr().lock();
    let _ = write!(err, "\r\u{1b}[K{}", sanitize::clean_line(text));
    let _ = err.flush();
}

/// Writes a line on stderr, cleaned. Failures are ignored: stderr is the
/// last place to report anything.
pub fn eprint_line(text: &str) {
    let mut err = stderr();
    let _ = writeln!(err, "{text}");
}

/// Whether `err` comes from a closed pipe: `actwiz list | head` closes it
/// early, which is not an error.
pub(crate) fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn through(chunks: &[&[u8]]) -> String {
        let mut out = Vec::new();
        {
            let mut w = Sanitized::new(&mut out);
            for chunk in chunks {
                w.write_all(chunk).unwrap();
            }
        }
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn cleans_everything_written() {
        let text = "file\u{1b}]52;c;ZXZpbA==\u{7}.yaml: key \u{1b}[1K\r'x\u{9b}2J' \u{202e}\n";
        assert_eq!(through(&[text.as_bytes()]), "file.yaml: key 'x' \n");
    }

    #[test]
    fn formatted_pieces_are_cleaned_too() {
        let mut out = Vec::new();
        {
            let mut w = Sanitized::new(&mut out);
            let (file, message) = ("a\u{1b}[2Jb", "\u{9d}0;t\u{7}c");
            write!(w, "{file}:{}: {message}", 3).unwrap();
        }
        assert_eq!(String::from_utf8(out).unwrap(), "ab:3: c");
    }

    #[test]
    fn utf8_cut_between_writes_is_kept_and_invalid_bytes_replaced() {
        let e = "é".as_bytes();
        assert_eq!(through(&[&e[..1], &e[1..]]), "é");
        assert_eq!(through(&[b"a\xffb"]), "a\u{fffd}b");
        assert_eq!(through(&[b"a\xc3"]), "a\u{fffd}");
        // C1 CSI as UTF-8, cut in two.
        assert_eq!(through(&[b"a\xc2", b"\x9b2Jb"]), "ab");
    }

    #[test]
    fn only_the_two_highlight_sequences_pass() {
        let text = format!("{HIGHLIGHT_ON}F074{HIGHLIGHT_OFF} \u{1b}[31mred\u{1b}[1;4");
        assert_eq!(
            through(&[text.as_bytes()]),
            format!("{HIGHLIGHT_ON}F074{HIGHLIGHT_OFF} red")
        );
    }

    #[test]
    fn write_errors_are_returned_not_panics() {
        struct Full;
        impl Write for Full {
            fn write(&mut self, _: &[u8]) -> io::Result<usize> {
                Err(io::Error::new(io::ErrorKind::StorageFull, "no space"))
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let mut w = Sanitized::new(Full);
        assert!(writeln!(w, "text").is_err());
    }
}
