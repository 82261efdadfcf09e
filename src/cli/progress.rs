//! Progress of a long catalog load on stderr, when stderr is a terminal:
//! one line, rewritten in place, shown only once loading has taken a
//! moment (a warm start or the built-in catalog prints nothing) and erased
//! when loading ends, before the wizard draws or a command prints.

use std::time::{Duration, Instant};

use crate::core::catalog::Progress;

/// How long loading runs before progress is shown, and how often it is
/// redrawn.
const QUIET_FOR: Duration = Duration::from_millis(200);
const REDRAW_EVERY: Duration = Duration::from_millis(100);

pub(crate) struct OnStderr {
    enabled: bool,
    started: Instant,
    drawn: Option<Instant>,
}

impl OnStderr {
    pub(super) fn new() -> OnStderr {
        OnStderr {
            enabled: crate::output::stderr_is_terminal(),
            started: Instant::now(),
            drawn: None,
        }
    }

    pub(super) fn show(&mut self, progress: Progress) {
        let now = Instant::now();
        let due = match self.drawn {
            None => now.duration_since(self.started) >= QUIET_FOR,
            Some(at) => now.duration_since(at) >= REDRAW_EVERY,
        };
        let last = progress.files_done == progress.files_total;
        if !self.enabled || !(due || (last && self.drawn.is_some())) {
            return;
        }
        self.drawn = Some(now);
        crate::output::rewrite_stderr_line(&format!(
            "actwiz: loading {}: {}/{} files, {} codes",
            progress.folder.display(),
            progress.files_done,
            progress.files_total,
            progress.codes
        ));
    }

    /// Erases the line, if one was drawn.
    pub(super) fn finish(&mut self) {
        if self.drawn.take().is_some() {
            crate::output::rewrite_stderr_line("");
        }
    }
}
