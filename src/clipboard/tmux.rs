//! `tmux load-buffer -w -`: handing the text to the tmux server.
//!
//! This works whatever `set-clipboard` and `allow-passthrough` say: the text
//! becomes the newest paste buffer (prefix + `]` pastes it), and `-w` (tmux
//! 3.2 and later) also asks tmux to set the outer terminal's clipboard with
//! OSC 52 when that terminal supports it. The text goes on stdin; no shell is
//! involved.

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::ClipboardError;
use crate::core::sanitize::clean_line;

/// How long tmux may take before it is given up on (and killed).
const TIMEOUT: Duration = Duration::from_secs(5);

/// Runs `tmux load-buffer -w -` with `TMUX` set to `tmux_env` (the value of the
/// `TMUX` variable, which names the server's socket) and `text` on stdin.
pub(super) fn load_buffer(tmux_env: &str, text: &str) -> Result<(), ClipboardError> {
    let mut child = Command::new("tmux")
        .args(["load-buffer", "-w", "-"])
        .env("TMUX", tmux_env)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| ClipboardError::Tmux(format!("cannot run tmux: {e}")))?;
    let written = match child.stdin.take() {
        // Dropping stdin at the end of this block closes it: tmux sees EOF.
        Some(mut stdin) => stdin.write_all(text.as_bytes()),
        None => Ok(()),
    };
    let deadline = Instant::now() + TIMEOUT;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(10)),
            Ok(None) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(ClipboardError::Tmux(format!(
                    "tmux did not answer within {} seconds",
                    TIMEOUT.as_secs()
                )));
            }
            Err(e) => return Err(ClipboardError::Tmux(e.to_string())),
        }
    };
    let mut stderr = String::new();
    if let Some(pipe) = child.stderr.take() {
        let _ = pipe.take(4096).read_to_string(&mut stderr);
    }
    if !status.success() {
        let detail = clean_line(stderr.trim()).into_owned();
        let detail = if detail.is_empty() {
            status.to_string()
        } else {
            detail
        };
        return Err(ClipboardError::Tmux(detail));
    }
    written.map_err(|e| ClipboardError::Tmux(format!("cannot send the text to tmux: {e}")))
}
