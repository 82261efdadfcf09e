//! Terminal events become [`Msg`]s. Reading polls with a short timeout so
//! the loop also notices SIGTERM and SIGHUP (a flag set by signal-hook).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use crossterm::event::{self, Event, MouseButton, MouseEventKind};

use super::app::Msg;

/// How long one wait for input lasts before the signal flag is checked.
const TICK: Duration = Duration::from_millis(200);

/// How long the loop has to stop by itself after SIGTERM or SIGHUP.
#[cfg(unix)]
const GRACE: Duration = Duration::from_millis(1500);

/// Set when the process is asked to stop (SIGTERM, SIGHUP).
#[derive(Clone, Default)]
pub struct StopFlag(Arc<AtomicBool>);

impl StopFlag {
    /// Registers the flag for SIGTERM and SIGHUP (unix only; elsewhere the
    /// console closes the process itself).
    ///
    /// A watchdog thread receives the signal and sets the flag; the loop sees
    /// it within a tick and leaves cleanly. If it has not within `GRACE`, the
    /// watchdog restores the terminal and exits: after a hangup the terminal
    /// is gone and crossterm's reader can spin without ever returning, and a
    /// process that ignores SIGTERM must not outlive its session.
    pub fn install() -> StopFlag {
        let flag = StopFlag::default();
        #[cfg(unix)]
        {
            use signal_hook::consts::{SIGHUP, SIGTERM};
            if let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP]) {
                let raised = Arc::clone(&flag.0);
                std::thread::spawn(move || {
                    if let Some(signal) = signals.forever().next() {
                        raised.store(true, Ordering::SeqCst);
                        std::thread::sleep(GRACE);
                        super::terminal::emergency_restore();
                        std::process::exit(128 + signal);
                    }
                });
            }
        }
        flag
    }

    pub fn is_set(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

/// Turns one terminal event into a message, if it means something here.
pub fn to_msg(event: Event, mouse: bool) -> Option<Msg> {
    match event {
        Event::Key(key) => Some(Msg::Key(key)),
        Event::Paste(text) => Some(Msg::Paste(text)),
        Event::Resize(w, h) => Some(Msg::Resize(w, h)),
        Event::Mouse(m) if mouse => match m.kind {
            MouseEventKind::Down(MouseButton::Left) => Some(Msg::Click {
                column: m.column,
                row: m.row,
            }),
            MouseEventKind::ScrollUp => Some(Msg::Scroll(-1)),
            MouseEventKind::ScrollDown => Some(Msg::Scroll(1)),
            _ => None,
        },
        _ => None,
    }
}

/// Waits for the next message: an event, or `Terminate` once the stop flag
/// is set. `Ok(None)` means nothing happened within one tick.
pub fn next(stop: &StopFlag, mouse: bool) -> std::io::Result<Option<Msg>> {
    if stop.is_set() {
        return Ok(Some(Msg::Terminate));
    }
    let ready = match event::poll(TICK) {
        Ok(ready) => ready,
        Err(e) if e.kind() == std::io::ErrorKind::Interrupted => false,
        Err(e) => return Err(e),
    };
    if ready {
        return Ok(to_msg(event::read()?, mouse));
    }
    Ok(stop.is_set().then_some(Msg::Terminate))
}
