//! The wizard's side of [`crate::clipboard`]: one session clipboard, and a
//! copy whose outcome becomes a status line.

use std::io::Write;

use crate::clipboard::{Clipboard, ClipboardMode, Env};
use crate::core::catalog::Lang;

pub use crate::clipboard::CopyMethod as Method;

/// Kept for the whole session: on X11 and Wayland the system clipboard
/// loses the text when its owner is dropped.
pub(crate) struct SessionClipboard {
    inner: Clipboard,
}

impl SessionClipboard {
    /// `mode` is `--clipboard` (or ACTWIZ_CLIPBOARD, or the configuration).
    pub(super) fn new(mode: Option<ClipboardMode>) -> anyhow::Result<Self> {
        let env = Env::from_process();
        let mode = ClipboardMode::resolve(mode, &env)?;
        Ok(SessionClipboard {
            inner: Clipboard::new(mode, env),
        })
    }

    /// Copies `text`; OSC 52 is written to `term` in one write.
    pub(super) fn copy(
        &mut self,
        text: &str,
        term: &mut dyn Write,
        lang: Lang,
    ) -> Result<Method, String> {
        self.inner
            .copy(text, term)
            .map(|outcome| outcome.method)
            .map_err(|e| e.message(lang))
    }
}
