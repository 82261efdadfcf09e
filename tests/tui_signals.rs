//! A signal that ends the wizard (`kill -INT`, `-QUIT`, `-USR1`, `-ALRM`,
//! `-TERM`, `-HUP`) must leave the terminal as it found it (alternate screen
//! left, bracketed paste off, cursor shown) and exit with 128 + the signal's
//! number, as a shell reports it. Runs the binary on a real pseudo-terminal.
//!
//! Waits are bounded polls; no timing assertion.
#![cfg(target_os = "linux")] // signal numbers are Linux's

mod common;

use std::time::Duration;

use common::pty::{self, Pty};

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

fn signal_ends_the_wizard_cleanly(name: &str, number: u32) {
    let mut cmd = pty::command(&["--lang", "en"]);
    cmd.env("ACTWIZ_CLIPBOARD", "none");
    let mut run = Pty::spawn(cmd, |_| {});
    let started = pty::until(|| String::from_utf8_lossy(&run.raw()).contains("Search"));
    assert!(started, "{name}: the wizard did not start");
    let pid = run.child.process_id().expect("pid");
    let sent = std::process::Command::new("kill")
        .args(["-s", name, &pid.to_string()])
        .status()
        .expect("run kill");
    assert!(sent.success());
    let Some(status) = run.wait_exit() else {
        panic!("{name}: actwiz did not exit");
    };
    assert_eq!(status.exit_code(), 128 + number, "{name}: {status:?}");
    // Read what is left, then check the terminal was given back.
    std::thread::sleep(Duration::from_millis(200));
    let raw = run.raw();
    let entered = find(&raw, b"\x1b[?1049h").expect("entered the alternate screen");
    let after = &raw[entered..];
    for (what, seq) in [
        ("left the alternate screen", &b"\x1b[?1049l"[..]),
        ("bracketed paste off", &b"\x1b[?2004l"[..]),
        ("cursor shown", &b"\x1b[?25h"[..]),
    ] {
        assert!(find(after, seq).is_some(), "{name}: not {what}");
    }
}

#[test]
fn stop_signals_restore_the_terminal_and_exit_128_plus_signal() {
    for (name, number) in [
        ("INT", 2),
        ("QUIT", 3),
        ("USR1", 10),
        ("ALRM", 14),
        ("TERM", 15),
        ("HUP", 1),
    ] {
        signal_ends_the_wizard_cleanly(name, number);
    }
}
