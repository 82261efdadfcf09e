//! Terminal lifecycle: raw mode, alternate screen, bracketed paste and
//! (opt-in) mouse capture, all undone by one guard.
//!
//! `ratatui::try_init` installs a panic hook that leaves raw mode and the
//! alternate screen; the guard's `Drop` (run on return, on error and while a
//! panic unwinds) also turns off mouse capture and bracketed paste, which
//! ratatui does not, and shows the cursor again.

use std::io::Write;

use crate::output::raw_terminal_stdout as stdout;

use crossterm::cursor::Show;
use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::execute;
use ratatui::DefaultTerminal;

pub(crate) struct TerminalGuard {
    mouse: bool,
    restored: bool,
}

impl TerminalGuard {
    /// Enters the full-screen mode. On failure, whatever was turned on is
    /// turned off again before the error is returned.
    pub(crate) fn enter(mouse: bool) -> std::io::Result<(TerminalGuard, DefaultTerminal)> {
        // With NO_COLOR set, crossterm would drop every attribute (bold,
        // reverse); the app reads NO_COLOR itself and draws a monochrome theme.
        crossterm::style::force_color_output(true);
        let mut guard = TerminalGuard {
            mouse: false,
            restored: false,
        };
        let terminal = ratatui::try_init()?;
        execute!(stdout(), EnableBracketedPaste)?;
        if mouse {
            execute!(stdout(), EnableMouseCapture)?;
            guard.mouse = true;
        }
        Ok((guard, terminal))
    }

    /// Restores the terminal now (also done on drop).
    pub(crate) fn restore(&mut self) {
        if self.restored {
            return;
        }
        self.restored = true;
        let mut out = stdout();
        if self.mouse {
            let _ = execute!(out, DisableMouseCapture);
        }
        let _ = execute!(out, DisableBracketedPaste);
        ratatui::restore();
        let _ = execute!(out, Show);
        let _ = out.flush();
    }
}

/// Restores the terminal from outside the main loop (the signal watchdog),
/// when the loop could not do it in time. Every mode is turned off, whether
/// it was on or not; errors are ignored, as the terminal may be gone.
/// Only the Unix signal watchdog needs it.
#[cfg(unix)]
pub(crate) fn emergency_restore() {
    let mut out = stdout();
    let _ = execute!(out, DisableMouseCapture, DisableBracketedPaste);
    ratatui::restore();
    let _ = execute!(out, Show);
    let _ = out.flush();
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        self.restore();
    }
}
