//! End to end on a real pseudo-terminal: the binary runs a whole call, and
//! the screen is read back through a terminal emulator (vt100).
//!
//! Waits are bounded polls ("until this text shows, for a few seconds"), so
//! the test makes no timing assertion.
#![cfg(unix)]

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine;
use common::pty::{self, Pty, COLS, ROWS};

/// The binary on a pty, its screen kept by a terminal emulator.
struct Session {
    pty: Pty,
    screen: Arc<Mutex<vt100::Parser>>,
}

impl Session {
    fn start(args: &[&str], cwd: &std::path::Path) -> Session {
        let mut cmd = pty::command(args);
        cmd.cwd(cwd);
        cmd.env("ACTWIZ_CLIPBOARD", "osc52");
        // Transcripts go to a folder of the test's own (created on save).
        cmd.env("ACTWIZ_TRANSCRIPT_DIR", cwd.join("tickets"));
        // Plain OSC 52, not wrapped for a multiplexer the tests may run in.
        for var in ["TMUX", "STY", "NO_COLOR", "SSH_TTY", "SSH_CONNECTION"] {
            cmd.env_remove(var);
        }
        let size = |n: u16| std::num::NonZeroU16::new(n).expect("non-zero size");
        let screen = Arc::new(Mutex::new(vt100::Parser::new(size(ROWS), size(COLS), 0)));
        let shown = Arc::clone(&screen);
        let pty = Pty::spawn(cmd, move |bytes| shown.lock().unwrap().process(bytes));
        Session { pty, screen }
    }

    fn contents(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    fn raw(&self) -> Vec<u8> {
        self.pty.raw()
    }

    /// Waits until `text` is on the screen; fails with the screen if not.
    fn wait_for(&self, text: &str) {
        if !pty::until(|| self.contents().contains(text)) {
            panic!("'{text}' did not show; the screen:\n{}", self.contents());
        }
    }

    fn send(&mut self, bytes: &str) {
        self.pty.send(bytes);
    }

    fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        match self.pty.wait_exit() {
            Some(status) => status,
            None => panic!("actwiz did not exit; the screen:\n{}", self.contents()),
        }
    }
}

/// Payloads of every OSC 52 sequence in `raw` (ESC ] 52 ; c ; data BEL|ST).
fn osc52_payloads(raw: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    let prefix = b"\x1b]52;c;";
    let mut i = 0;
    while let Some(pos) = find(&raw[i..], prefix) {
        let start = i + pos + prefix.len();
        let rest = &raw[start..];
        let end = rest
            .iter()
            .position(|&b| b == 0x07 || b == 0x1b)
            .unwrap_or(rest.len());
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(&rest[..end])
            .expect("OSC 52 payload is base64");
        out.push(String::from_utf8(decoded).expect("OSC 52 payload is UTF-8"));
        i = start + end;
    }
    out
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[test]
fn a_whole_call_on_a_real_terminal() {
    let dir = tempfile::tempdir().expect("temp dir");
    let flows = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/tui");
    let mut s = Session::start(&["--lang", "en", "--flows", flows], dir.path());

    // 1. Type a partial code, once the --flows folder, loaded after the
    // first frame, is in (issue 10).
    s.wait_for("Search: a code");
    s.wait_for("codes loaded, --flows folders included");
    s.send("DE0074");
    s.wait_for("0xC0DE0074");
    // 2. Open the flow.
    s.send("\r");
    s.wait_for("Question 1");
    s.wait_for("Does the client find an SRV record");
    // 3. Answer until a resolution.
    s.send("2");
    s.wait_for("Point the client at the KMS host");
    // 4. Fill the placeholder of the first command: Enter goes on to the
    //    port (it has a default), Enter there copies.
    s.send("\r");
    s.wait_for("Values for the command");
    s.send("kms1.contoso.com\r");
    s.wait_for("> 1688");
    s.send("\r");
    // 5. The command went out through OSC 52, exactly as filled.
    s.wait_for("Sent to the terminal (OSC 52)");
    let expected = r"cscript %windir%\system32\slmgr.vbs /skms kms1.contoso.com:1688";
    let copies = osc52_payloads(&s.raw());
    assert_eq!(copies, vec![expected.to_string()]);
    // 6. Save the transcript: the status gives the file's full path.
    s.send("s");
    s.wait_for("Transcript saved to");
    let dir_path = dir.path().join("tickets");
    let saved = std::fs::read_dir(&dir_path)
        .expect("read temp dir")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "md"))
        .expect("a saved transcript");
    s.wait_for(&saved.display().to_string());
    // 7. Go back one question.
    s.send("\x1b[D");
    s.wait_for("Question 1");
    // 8. Switch the language.
    s.send("L");
    s.wait_for("Le client trouve-t-il un enregistrement SRV");
    // 9. Quit: the terminal is restored and the resolution stays in the scrollback.
    s.send("q");
    let status = s.wait_exit();
    assert!(status.success(), "exit status {status:?}");
    // Let the reader drain what was written just before the exit.
    pty::until(|| find(&s.raw(), "Indiquez l’hôte KMS au client".as_bytes()).is_some());
    let raw = s.raw();
    let left = find(&raw, b"\x1b[?1049l").expect("alternate screen left");
    let shown = raw
        .windows(6)
        .rposition(|w| w == b"\x1b[?25h")
        .expect("cursor shown");
    assert!(
        shown > left,
        "cursor shown after leaving the alternate screen"
    );
    let after = String::from_utf8_lossy(&raw[left..]);
    assert!(after.contains("Indiquez l’hôte KMS au client"), "{after}");
    assert!(after.contains(expected), "{after}");
    assert!(
        find(&raw, b"\x1b[?2004l").is_some(),
        "bracketed paste turned off"
    );
}

#[test]
fn pasted_lines_become_one_search_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let flows = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/tui");
    let mut s = Session::start(&["--lang", "en", "--flows", flows], dir.path());
    s.wait_for("Search: a code");
    // The --flows folder loads after the first frame (issue 10).
    s.wait_for("codes loaded, --flows folders included");
    // Bracketed paste: the terminal wraps the text in ESC [200~ … ESC [201~.
    s.send("\x1b[200~no Key\r\nManagement\x1b[201~");
    s.wait_for("> no Key Management");
    // Edit in the middle: Home, then type before the text.
    s.send("\x1b[H");
    s.send("x ");
    s.wait_for("> x no Key Management");
    // Ctrl-U clears up to the cursor, Ctrl-E goes to the end.
    s.send("\x15\x05");
    s.wait_for("> no Key Management ");
    // Without bracketed paste the same text arrives as keys, all at once:
    // the line break becomes a space and does not open a result.
    s.send("\x15\x0b");
    s.wait_for("Every code, by family");
    s.send("kms\rhost");
    s.wait_for("> kms host");
    std::thread::sleep(Duration::from_millis(300));
    assert!(!s.contents().contains("Question 1"), "{}", s.contents());
    s.send("\x03");
    let status = s.wait_exit();
    assert!(status.success(), "exit status {status:?}");
}

#[test]
fn sigterm_restores_the_terminal() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut s = Session::start(&["--lang", "en", "--mouse", "kms"], dir.path());
    s.wait_for("Search: a code");
    let pid = s.pty.child.process_id().expect("child pid");
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .expect("run kill");
    assert!(killed.success());
    let status = s.wait_exit();
    // 128 + SIGTERM, as a shell reports a process the signal ended (issue 9).
    assert_eq!(status.exit_code(), 143, "exit status {status:?}");
    pty::until(|| find(&s.raw(), b"\x1b[?1049l").is_some());
    let raw = s.raw();
    assert!(
        find(&raw, b"\x1b[?1049l").is_some(),
        "alternate screen left"
    );
    assert!(
        find(&raw, b"\x1b[?1000l").is_some(),
        "mouse capture turned off"
    );
    assert!(find(&raw, b"\x1b[?25h").is_some(), "cursor shown");
}

/// A paste of 5 KB that arrives as key events (no bracketed paste, as the
/// Windows console sends it): the screen shows the result of the whole
/// paste, and no line break inside it acts (no code opens, no question is
/// answered) on a screen the agent never saw.
#[test]
fn a_long_paste_without_bracketed_paste_is_handled_whole() {
    let dir = tempfile::tempdir().expect("temp dir");
    let flows = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/tui");
    let mut s = Session::start(&["--lang", "en", "--flows", flows], dir.path());
    s.wait_for("Search: a code");
    // The --flows folder loads after the first frame (issue 10).
    s.wait_for("codes loaded, --flows folders included");
    // One line, no break: only the code at its very end matches.
    let mut text = "x ".repeat(2500);
    text.push_str("Error: 0xC0DE0039");
    assert!(text.len() > 5000);
    s.send(&text);
    // Nothing else is sent: the result must show without another key.
    s.wait_for("the Key Management Service (KMS) did not answer");
    // Clear, then a paste of many lines: every break stays inside the text.
    s.send("\x15\x0b");
    s.wait_for("Every code, by family");
    let mut lines = String::new();
    while lines.len() < 5000 {
        lines.push_str("Log Name: Application\rSource: Security-SPP\r1\r2\r");
    }
    lines.push_str("Error: 0xC0DE0074\r");
    s.send(&lines);
    s.wait_for("no Key Management Service (KMS) could be contacted");
    std::thread::sleep(Duration::from_millis(300));
    let screen = s.contents();
    assert!(!screen.contains("Question"), "an Enter acted: {screen}");
    assert!(screen.contains("Search: a code"), "{screen}");
    s.send("\x03");
    let status = s.wait_exit();
    assert!(status.success(), "exit status {status:?}");
}

/// Leaving a flow keeps its path: after Esc and another search, reopening
/// the code resumes at the question the agent was on.
#[test]
fn reopening_a_code_resumes_the_walk() {
    let dir = tempfile::tempdir().expect("temp dir");
    let flows = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/tui");
    let mut s = Session::start(&["--lang", "en", "--flows", flows], dir.path());
    s.wait_for("Search: a code");
    // The --flows folder loads after the first frame (issue 10).
    s.wait_for("codes loaded, --flows folders included");
    s.send("DE0074\r");
    s.wait_for("Question 1, at most 1 more");
    s.send("1");
    s.wait_for("Question 2, the last one");
    // Esc to the search, clear it, look at another code.
    s.send("\x1b");
    s.wait_for("Search: a code");
    s.send("\x15DE0039");
    s.wait_for("did not answer");
    s.send("\x15DE0074\r");
    s.wait_for("Resumed at question 2");
    s.wait_for("Question 2, the last one");
    s.wait_for("0xC0DE0074 › 1. Yes, it names the KMS host");
    // Quitting now asks first; another key stays.
    s.send("q");
    s.wait_for("Quit in the middle of the walk?");
    s.send("j");
    s.wait_for("Question 2");
    s.send("q");
    s.wait_for("Quit in the middle of the walk?");
    s.send("q");
    let status = s.wait_exit();
    assert!(status.success(), "exit status {status:?}");
}

/// `slmgr /dlv` output of a client in notification, pasted on the search
/// screen (bracketed paste): the code it names opens, its facts are loaded
/// and listed in the facts panel beside the flow.
#[test]
fn pasting_slmgr_dlv_output_on_the_search_screen_opens_its_code() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut s = Session::start(&["--lang", "en"], dir.path());
    s.wait_for("Search: a code");
    let dlv = include_str!("fixtures/evidence/slmgr-dlv-client.txt").replace(
        "License Status: Initial grace period",
        "License Status: Notification\r\nNotification Reason: 0xC004F009 (grace time expired).",
    );
    s.send(&format!("\x1b[200~{dlv}\x1b[201~"));
    s.wait_for("Facts from evidence");
    s.wait_for("0xC004F009");
    s.wait_for("license_status Notification");
    s.wait_for("Evidence read: 21 new");
    // 0xC004F009 goes straight to its resolution.
    assert!(s.contents().contains("Resolution:"), "{}", s.contents());
    s.send("\x03");
    let status = s.wait_exit();
    assert!(status.success(), "exit status {status:?}");
}

/// F4 opens the evidence box over a question; slmgr /dlv output typed in
/// as keys (a terminal without bracketed paste sends each line break as
/// Enter) stays in the box, line breaks and all, until Ctrl-D reads it:
/// then the facts show beside the flow, which was not answered.
#[test]
fn the_evidence_box_reads_slmgr_dlv_pasted_as_keys() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut s = Session::start(&["--lang", "en", "0xC004F074"], dir.path());
    s.wait_for("Question 1");
    // F4, as xterm sends it.
    s.send("\x1bOS");
    s.wait_for("Ctrl+D read");
    let dlv = include_str!("fixtures/evidence/slmgr-dlv-client.txt").replace("\r\n", "\r");
    s.send(&dlv);
    s.wait_for("KMS host caching is enabled");
    s.wait_for("29 lines");
    assert!(
        !s.contents().contains("Evidence read"),
        "read before Ctrl-D: {}",
        s.contents()
    );
    s.send("\x04");
    s.wait_for("Facts from evidence");
    s.wait_for("kms_host kms01.contoso.com");
    s.wait_for("partial_product_key 2YT43");
    s.wait_for("Evidence read:");
    let screen = s.contents();
    assert!(screen.contains("Question 1"), "no Enter answered: {screen}");
    // Esc from a reopened box goes back to the same question.
    s.send("\x1bOS");
    s.wait_for("Ctrl+D read");
    s.send("\x1b");
    s.wait_for("F4 paste");
    assert!(s.contents().contains("Question 1"), "{}", s.contents());
    s.send("\x03");
    let status = s.wait_exit();
    assert!(status.success(), "exit status {status:?}");
}
