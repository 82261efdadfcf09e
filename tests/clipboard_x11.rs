//! The system clipboard on a real X11 server.
//!
//! Needs `Xvfb` (a headless X server to own a clipboard on) and `xclip` (an
//! independent X client to read the clipboard back, as a paste would). When
//! one is missing the test is skipped with the reason printed, except with
//! `CI=true`, where it fails: CI installs both (`.ci/run`).
//!
//! This file holds a single test on purpose: it sets `DISPLAY` in this test
//! binary's own environment (arboard reads it there), which is only sound
//! while no other thread reads the environment.

mod common;

use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use actwiz::clipboard::{Clipboard, ClipboardMode, CopyMethod, Env};

/// A private Xvfb server, killed when dropped.
struct Xvfb {
    child: Child,
    display: String,
}

impl Xvfb {
    /// Starts Xvfb on a display it picks itself (`-displayfd`), so that no
    /// lock file or socket of another server can make us guess wrong. When
    /// the server fails, its own error output is in the panic message: a
    /// missing keymap compiler or an unwritable socket folder is then named.
    fn start(program: &Path) -> Xvfb {
        let mut child = Command::new(program)
            .args(["-displayfd", "1", "-nolisten", "tcp"])
            .args(["-screen", "0", "640x480x24"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("spawn {}: {e}", program.display()));
        let stdout = child.stdout.take().expect("stdout is piped");
        let stderr = child.stderr.take().expect("stderr is piped");
        // Xvfb writes the display number on its stdout once it accepts
        // clients; read it on a thread so a hung server cannot hang the test.
        let (number_tx, number_rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = number_tx.send(line);
        });
        let errors = std::thread::spawn(move || {
            let mut text = String::new();
            let _ = BufReader::new(stderr).read_to_string(&mut text);
            text
        });
        let number = number_rx
            .recv_timeout(Duration::from_secs(20))
            .unwrap_or_default();
        let number = number.trim();
        if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
            let _ = child.kill();
            let status = child.wait();
            let errors = errors.join().unwrap_or_default();
            panic!(
                "Xvfb did not start ({status:?}); it printed:\n{errors}\n\
                 (on Debian, xvfb needs xkb-data and x11-xkb-utils: see .ci/run)"
            );
        }
        Xvfb {
            child,
            display: format!(":{number}"),
        }
    }
}

impl Drop for Xvfb {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs `cmd`, killing it after 10 s.
fn run(cmd: &mut Command) -> io::Result<Output> {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    let deadline = Instant::now() + Duration::from_secs(10);
    while child.try_wait()?.is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    child.wait_with_output()
}

fn read_clipboard(xclip: &Path, display: &str) -> Output {
    run(Command::new(xclip)
        .args(["-o", "-selection", "clipboard", "-t", "UTF8_STRING"])
        .env("DISPLAY", display))
    .expect("run xclip")
}

#[test]
fn system_mode_copies_to_the_x11_clipboard_while_the_session_lives() {
    let Some(xvfb) = common::require_tool(
        "Xvfb",
        "xvfb xclip",
        "to run a headless X server that owns a clipboard",
    ) else {
        return;
    };
    let Some(xclip) = common::require_tool(
        "xclip",
        "xvfb xclip",
        "to read the X11 clipboard back as another client",
    ) else {
        return;
    };
    let server = Xvfb::start(&xvfb);
    // arboard connects to the display named by this process's DISPLAY. The
    // only test in this binary, so no other thread reads the environment.
    std::env::set_var("DISPLAY", &server.display);
    let env = Env {
        display: Some(server.display.clone()),
        needs_display_server: true,
        ..Env::default()
    };

    let texts = [
        r"cscript %windir%\system32\slmgr.vbs /skms kms1.contoso.com:1688",
        "clé Ωmega",
        "slmgr.vbs /atp 123456123456123456123456123456123456123456123456",
    ];
    let mut clipboard = Clipboard::new(ClipboardMode::System, env.clone());
    for text in texts {
        let outcome = clipboard
            .copy(text, &mut io::sink())
            .unwrap_or_else(|e| panic!("copy {text:?}: {e}"));
        assert_eq!(outcome.method, CopyMethod::System);
        assert!(!outcome.cleaned);
        let out = read_clipboard(&xclip, &server.display);
        assert!(
            out.status.success(),
            "xclip: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(String::from_utf8_lossy(&out.stdout), text);
    }

    // Auto mode with a local display (no SSH, no tmux) also takes the system
    // clipboard, and cleans what it copies.
    let mut auto = Clipboard::new(ClipboardMode::Auto, env);
    let outcome = auto
        .copy("slmgr /ato\u{1b}[201~", &mut io::sink())
        .expect("auto copy");
    assert_eq!(outcome.method, CopyMethod::System);
    assert!(outcome.cleaned);
    let out = read_clipboard(&xclip, &server.display);
    assert_eq!(String::from_utf8_lossy(&out.stdout), "slmgr /ato");
    drop(auto);

    // What the documentation of `Clipboard` says: with no clipboard manager
    // (Xvfb runs none), the text goes away with the last arboard clipboard.
    let _ = clipboard.copy("gone after drop", &mut io::sink());
    drop(clipboard);
    let out = read_clipboard(&xclip, &server.display);
    assert_ne!(String::from_utf8_lossy(&out.stdout), "gone after drop");
    drop(server);
}
