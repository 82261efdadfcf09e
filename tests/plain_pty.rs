//! Plain mode on a real pseudo-terminal: the line is edited (← → Home End)
//! and ↑ brings back earlier answers; recent codes persist across runs.
//!
//! Waits are bounded polls ("until this text shows, for a few seconds"), so
//! the test makes no timing assertion.
#![cfg(unix)]

mod common;

use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{native_pty_system, Child, CommandBuilder, MasterPty, PtySize};

const WAIT: Duration = Duration::from_secs(15);
const LEFT: &str = "\x1b[D";
const HOME: &str = "\x1b[H";
const END: &str = "\x1b[F";
const UP: &str = "\x1b[A";

struct Session {
    /// Everything the binary wrote, escape sequences removed.
    text: Arc<Mutex<String>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    _master: Box<dyn MasterPty + Send>,
}

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
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: 30,
                cols: 100,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_actwiz"));
        cmd.args(["--plain", "--lang", "en"]);
        cmd.cwd(cwd);
        cmd.env("TERM", "xterm-256color");
        cmd.env("ACTWIZ_CLIPBOARD", "none");
        cmd.env("ACTWIZ_TRANSCRIPT_DIR", cwd.join("tickets"));
        cmd.env_remove("ACTWIZ_CONFIG");
        for (var, value) in common::NO_CONFIG_FOLDER {
            cmd.env(var, value);
        }
        cmd.env("ACTWIZ_RECENT", recent);
        let child = pair.slave.spawn_command(cmd).expect("spawn actwiz");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let writer = pair.master.take_writer().expect("pty writer");
        let text = Arc::new(Mutex::new(String::new()));
        let text2 = Arc::clone(&text);
        std::thread::spawn(move || {
            let mut raw = Vec::new();
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                raw.extend_from_slice(&buf[..n]);
                *text2.lock().unwrap() = strip(&raw);
            }
        });
        Session {
            text,
            writer,
            child,
            _master: pair.master,
        }
    }

    fn text(&self) -> String {
        self.text.lock().unwrap().clone()
    }

    /// Waits until `text` shows `times` times in all; fails with the output
    /// if not.
    fn wait_for(&self, text: &str, times: usize) {
        let start = Instant::now();
        while start.elapsed() < WAIT {
            if self.text().matches(text).count() >= times {
                return;
            }
            std::thread::sleep(Duration::from_millis(30));
        }
        panic!(
            "'{text}' did not show {times} times; the output:\n{}",
            self.text()
        );
    }

    /// Waits until the last thing written is the prompt `label`: the
    /// editor waits for a key.
    fn wait_prompt(&self, label: &str) {
        let start = Instant::now();
        while start.elapsed() < WAIT {
            if self.text().trim_end().ends_with(label) {
                return;
            }
            std::thread::sleep(Duration::from_millis(30));
        }
        panic!("no prompt '{label}' waiting; the output:\n{}", self.text());
    }

    fn send(&mut self, bytes: &str) {
        self.writer
            .write_all(bytes.as_bytes())
            .expect("write to pty");
        self.writer.flush().expect("flush pty");
    }

    fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let start = Instant::now();
        while start.elapsed() < WAIT {
            if let Some(status) = self.child.try_wait().expect("child status") {
                return status;
            }
            std::thread::sleep(Duration::from_millis(30));
        }
        let _ = self.child.kill();
        panic!("actwiz did not exit; the output:\n{}", self.text());
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
