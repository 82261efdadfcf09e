//! Plain mode on a real pseudo-terminal: the line is edited (← → Home End)
//! and ↑ brings back earlier answers; recent codes persist across runs.
//!
//! Waits are bounded polls ("until this text shows, for a few seconds"), so
//! the test makes no timing assertion.
#![cfg(unix)]

mod common;

use common::pty::{self, Pty};

const LEFT: &str = "\x1b[D";
const HOME: &str = "\x1b[H";
const END: &str = "\x1b[F";
const UP: &str = "\x1b[A";

struct Session(Pty);

/// `raw` without escape sequences (CSI, OSC) and carriage returns: what
/// was printed, for counting.
fn strip(raw: &[u8]) -> String {
    let text = String::from_utf8_lossy(raw);
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\x1b' => match chars.next() {
                Some('[') => {
                    for c in chars.by_ref() {
                        if ('@'..='~').contains(&c) {
                            break;
                        }
                    }
                }
                Some(']') => {
                    for c in chars.by_ref() {
                        if c == '\x07' {
                            break;
                        }
                    }
                }
                _ => {}
            },
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

impl Session {
    fn start(recent: &std::path::Path, cwd: &std::path::Path) -> Session {
        let mut cmd = pty::command(&["--plain", "--lang", "en"]);
        cmd.cwd(cwd);
        cmd.env("ACTWIZ_CLIPBOARD", "none");
        cmd.env("ACTWIZ_TRANSCRIPT_DIR", cwd.join("tickets"));
        cmd.env("ACTWIZ_RECENT", recent);
        Session(Pty::spawn(cmd, |_| {}))
    }

    /// What was printed, without escape sequences.
    fn text(&self) -> String {
        strip(&self.0.raw())
    }

    /// Waits until `text` shows `times` times in all; fails with the output
    /// if not.
    fn wait_for(&self, text: &str, times: usize) {
        if !pty::until(|| self.text().matches(text).count() >= times) {
            panic!(
                "'{text}' did not show {times} times; the output:\n{}",
                self.text()
            );
        }
    }

    /// Waits until the last thing written is the prompt `label`: the
    /// editor waits for a key.
    fn wait_prompt(&self, label: &str) {
        if !pty::until(|| self.text().trim_end().ends_with(label)) {
            panic!("no prompt '{label}' waiting; the output:\n{}", self.text());
        }
    }

    fn send(&mut self, bytes: &str) {
        self.0.send(bytes);
    }

    fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        match self.0.wait_exit() {
            Some(status) => status,
            None => panic!("actwiz did not exit; the output:\n{}", self.text()),
        }
    }
}

const SEARCH: &str = "Search (a code, part of one, or words; q = quit):";
const ANSWER: &str = "(b = back, r = restart, n = new search, q = quit):";
const PICK: &str = "(Enter = 1, other text = new search, q = quit):";
const HEADER: &str = "\n0xC004F074  The Software Protection Service";

#[test]
fn the_line_is_edited_and_up_brings_back_earlier_answers() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut s = Session::start(&dir.path().join("recent.txt"), dir.path());
    s.wait_prompt(SEARCH);
    // "xC004F74": Home puts the 0 first, End then ← ← put the missing 0
    // before 74. Only the edited line, 0xC004F074, opens the code.
    s.send(&format!("xC004F74{HOME}0{END}{LEFT}{LEFT}0\r"));
    s.wait_for(HEADER, 1);
    s.wait_prompt(ANSWER);
    // n: back to the search; ↑ ↑ is the code typed before (↑ alone is n).
    s.send("n\r");
    s.wait_prompt(SEARCH);
    s.send(&format!("{UP}{UP}\r"));
    s.wait_for(HEADER, 2);
    s.wait_prompt(ANSWER);
    // ? lists the editing keys on a terminal.
    s.send("?\r");
    s.wait_for("Editing: ← → Home End move in the line", 1);
    s.wait_prompt(ANSWER);
    s.send("q\r");
    assert!(s.wait_exit().success());
    // Only the edited line was taken: no search for the raw keys.
    assert!(!s.text().contains("No match."), "{}", s.text());
}

#[test]
fn recent_codes_persist_across_two_runs() {
    let dir = tempfile::tempdir().expect("temp dir");
    let recent = dir.path().join("recent.txt");
    let mut first = Session::start(&recent, dir.path());
    first.wait_prompt(SEARCH);
    first.send("0xC004F074\r");
    first.wait_prompt(ANSWER);
    // Ctrl+D ends the session as end of input does.
    first.send("\x04");
    assert!(first.wait_exit().success());

    let mut second = Session::start(&recent, dir.path());
    second.wait_prompt(SEARCH);
    second.send("\r");
    second.wait_prompt(PICK);
    let text = second.text();
    assert!(text.contains("\nRecent:\n  1) 0xC004F074  "), "{text}");
    second.send("q\r");
    assert!(second.wait_exit().success());
}
