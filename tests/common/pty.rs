//! actwiz on a real pseudo-terminal, for the tests that need one (the
//! wizard end to end, signals, plain mode's line editor): the command in a
//! neutral environment, a thread that keeps every byte written, keys sent,
//! and bounded waits (no timing assertion: a wait only fails when nothing
//! happens for many seconds).
#![allow(dead_code)] // each test crate uses its own part of this module

use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{native_pty_system, Child, CommandBuilder, ExitStatus, MasterPty, PtySize};

pub const ROWS: u16 = 30;
pub const COLS: u16 = 100;
/// How long a wait polls before it fails.
pub const WAIT: Duration = Duration::from_secs(20);

/// The binary with `args`, as a terminal user starts it: a TERM, no
/// configuration file or folder of the person running the tests.
pub fn command(args: &[&str]) -> CommandBuilder {
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_actwiz"));
    cmd.args(args);
    cmd.env("TERM", "xterm-256color");
    cmd.env_remove("ACTWIZ_CONFIG");
    for (var, value) in super::NO_CONFIG_FOLDER {
        cmd.env(var, value);
    }
    cmd
}

/// A running binary on a ROWS x COLS pty.
pub struct Pty {
    raw: Arc<Mutex<Vec<u8>>>,
    writer: Box<dyn Write + Send>,
    pub child: Box<dyn Child + Send + Sync>,
    _master: Box<dyn MasterPty + Send>,
}

impl Pty {
    /// Starts `cmd`; every chunk it writes is kept, and also given to
    /// `on_output` (a terminal emulator, say), in order.
    pub fn spawn(cmd: CommandBuilder, mut on_output: impl FnMut(&[u8]) + Send + 'static) -> Pty {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let child = pair.slave.spawn_command(cmd).expect("spawn actwiz");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let writer = pair.master.take_writer().expect("pty writer");
        let raw = Arc::new(Mutex::new(Vec::new()));
        let kept = Arc::clone(&raw);
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                kept.lock().unwrap().extend_from_slice(&buf[..n]);
                on_output(&buf[..n]);
            }
        });
        Pty {
            raw,
            writer,
            child,
            _master: pair.master,
        }
    }

    /// Every byte written so far.
    pub fn raw(&self) -> Vec<u8> {
        self.raw.lock().unwrap().clone()
    }

    pub fn send(&mut self, bytes: &str) {
        self.writer
            .write_all(bytes.as_bytes())
            .expect("write to pty");
        self.writer.flush().expect("flush pty");
    }

    /// The exit status, once the binary has exited; `None` (after killing
    /// it) when it has not within [`WAIT`].
    pub fn wait_exit(&mut self) -> Option<ExitStatus> {
        let start = Instant::now();
        while start.elapsed() < WAIT {
            if let Some(status) = self.child.try_wait().expect("child status") {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(30));
        }
        let _ = self.child.kill();
        None
    }
}

/// Polls `done` until it holds, for at most [`WAIT`]; whether it did.
pub fn until(mut done: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < WAIT {
        if done() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(30));
    }
    false
}
