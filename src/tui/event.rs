//! Terminal events become [`Msg`]s. Reading polls with a short timeout so
//! the loop also notices SIGTERM and SIGHUP (a flag set by signal-hook).

use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::Arc;
use std::time::Duration;

use crossterm::event::{self, Event, MouseButton, MouseEventKind};

use super::app::Msg;

/// How long one wait for input lasts before the signal flag is checked.
const TICK: Duration = Duration::from_millis(200);

/// How long the loop has to stop by itself after a stop signal.
#[cfg(unix)]
const GRACE: Duration = Duration::from_millis(1500);

/// The signal that asked the process to stop (0 while none did).
#[derive(Clone, Default)]
pub(crate) struct StopFlag(Arc<AtomicI32>);

impl StopFlag {
    /// Registers the flag for the signals whose default action would end the
    /// process with the terminal left raw: SIGTERM, SIGHUP, SIGINT (raw mode
    /// turns Ctrl-C into a key, but `kill -INT` still sends it), SIGQUIT,
    /// SIGUSR1 and SIGALRM (unix only; elsewhere the console closes the
    /// process itself). The process then exits with 128 + the signal's number,
    /// as a shell reports a process killed by it.
    ///
    /// A watchdog thread receives the signal and sets the flag; the loop sees
    /// it within a tick and leaves cleanly. If it has not within `GRACE`, the
    /// watchdog restores the terminal and exits: after a hangup the terminal
    /// is gone and crossterm's reader can spin without ever returning, and a
    /// process that ignores SIGTERM must not outlive its session.
    pub(crate) fn install() -> StopFlag {
        let flag = StopFlag::default();
        #[cfg(unix)]
        {
            use signal_hook::consts::{SIGALRM, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1};
            let stop_signals = [SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGUSR1, SIGALRM];
            if let Ok(mut signals) = signal_hook::iterator::Signals::new(stop_signals) {
                let raised = Arc::clone(&flag.0);
                std::thread::spawn(move || {
                    if let Some(signal) = signals.forever().next() {
                        raised.store(signal, Ordering::SeqCst);
                        std::thread::sleep(GRACE);
                        super::terminal::emergency_restore();
                        std::process::exit(128 + signal);
                    }
                });
            }
        }
        flag
    }

    pub(crate) fn is_set(&self) -> bool {
        self.signal().is_some()
    }

    /// The signal received, if any.
    pub(crate) fn signal(&self) -> Option<i32> {
        match self.0.load(Ordering::Relaxed) {
            0 => None,
            signal => Some(signal),
        }
    }
}

/// Turns one terminal event into a message, if it means something here.
pub(crate) fn to_msg(event: Event, mouse: bool) -> Option<Msg> {
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

/// How many waiting events are read in one go, at most (a bound against
/// endless input; far above any paste: 64 K keys).
const BATCH: usize = 1 << 16;

/// How long the drain waits for more input after each event. Not zero: the
/// /dev/tty reader does not look at the terminal at all for a zero timeout,
/// and a paste reaches the terminal in chunks, a few microseconds apart.
const DRAIN: Duration = Duration::from_millis(3);

/// Turns events read in one go into messages. Keys that came together
/// become one [`Msg::KeyBurst`] (the app decides whether that was a paste);
/// a lone key stays a [`Msg::Key`].
pub(crate) fn batch(events: Vec<Event>, mouse: bool) -> Vec<Msg> {
    let mut out = Vec::new();
    let mut keys = Vec::new();
    let flush = |keys: &mut Vec<crossterm::event::KeyEvent>, out: &mut Vec<Msg>| match keys.len() {
        0 => {}
        1 => out.push(Msg::Key(keys.remove(0))),
        _ => out.push(Msg::KeyBurst(std::mem::take(keys))),
    };
    for event in events {
        match event {
            Event::Key(key) => keys.push(key),
            other => {
                flush(&mut keys, &mut out);
                out.extend(to_msg(other, mouse));
            }
        }
    }
    flush(&mut keys, &mut out);
    out
}

/// Waits for the next messages: the events waiting now, or `Terminate` once
/// the stop flag is set. Empty when nothing happened within one tick.
pub(crate) fn next(stop: &StopFlag, mouse: bool) -> std::io::Result<Vec<Msg>> {
    if stop.is_set() {
        return Ok(vec![Msg::Terminate]);
    }
    let ready = match event::poll(TICK) {
        Ok(ready) => ready,
        Err(e) if e.kind() == std::io::ErrorKind::Interrupted => false,
        Err(e) => return Err(e),
    };
    if ready {
        // Everything waiting comes too, before the next redraw: a paste
        // without bracketed paste arrives as many keys at once, and a line
        // break in it must not act on a screen the user has not seen.
        let mut events = vec![event::read()?];
        while events.len() < BATCH && event::poll(DRAIN)? {
            events.push(event::read()?);
        }
        return Ok(batch(events, mouse));
    }
    Ok(if stop.is_set() {
        vec![Msg::Terminate]
    } else {
        Vec::new()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    fn key(c: char) -> Event {
        Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
    }

    #[test]
    fn keys_read_together_become_one_burst() {
        assert_eq!(
            batch(vec![key('a')], false),
            vec![Msg::Key(KeyEvent::new(
                KeyCode::Char('a'),
                KeyModifiers::NONE
            ))]
        );
        let msgs = batch(
            vec![key('a'), key('b'), Event::Resize(80, 24), key('c')],
            false,
        );
        assert!(matches!(&msgs[0], Msg::KeyBurst(k) if k.len() == 2));
        assert_eq!(msgs[1], Msg::Resize(80, 24));
        assert!(matches!(&msgs[2], Msg::Key(_)));
        assert_eq!(
            batch(vec![Event::Paste("x\ny".into())], false),
            vec![Msg::Paste("x\ny".into())]
        );
    }
}
