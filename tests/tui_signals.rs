//! A signal that ends the wizard (`kill -INT`, `-QUIT`, `-USR1`, `-ALRM`,
//! `-TERM`, `-HUP`) must leave the terminal as it found it (alternate screen
//! left, bracketed paste off, cursor shown) and exit with 128 + the signal's
//! number, as a shell reports it. Runs the binary on a real pseudo-terminal.
//!
//! Waits are bounded polls; no timing assertion.
#![cfg(target_os = "linux")] // signal numbers are Linux's

mod common;

use std::io::Read;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{native_pty_system, CommandBuilder, PtySize};

const WAIT: Duration = Duration::from_secs(20);

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

fn signal_ends_the_wizard_cleanly(name: &str, number: u32) {
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 30,
            cols: 100,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("open a pty");
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_actwiz"));
    cmd.args(["--lang", "en"]);
    cmd.env("TERM", "xterm-256color");
    cmd.env("ACTWIZ_CLIPBOARD", "none");
    cmd.env_remove("ACTWIZ_CONFIG");
    for (var, value) in common::NO_CONFIG_FOLDER {
        cmd.env(var, value);
    }
    let mut child = pair.slave.spawn_command(cmd).expect("spawn actwiz");
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().expect("pty reader");
    let raw = Arc::new(Mutex::new(Vec::new()));
    let raw2 = Arc::clone(&raw);
    std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            raw2.lock().unwrap().extend_from_slice(&buf[..n]);
        }
    });
    let start = Instant::now();
    while !String::from_utf8_lossy(&raw.lock().unwrap()).contains("Search") {
        assert!(start.elapsed() < WAIT, "{name}: the wizard did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    let pid = child.process_id().expect("pid");
    let sent = std::process::Command::new("kill")
        .args(["-s", name, &pid.to_string()])
        .status()
        .expect("run kill");
    assert!(sent.success());
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("child status") {
            break status;
        }
        if start.elapsed() > WAIT {
            let _ = child.kill();
            panic!("{name}: actwiz did not exit");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(status.exit_code(), 128 + number, "{name}: {status:?}");
    // Read what is left, then check the terminal was given back.
    std::thread::sleep(Duration::from_millis(200));
    let raw = raw.lock().unwrap().clone();
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
