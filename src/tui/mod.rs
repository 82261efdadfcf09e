//! The full-screen wizard (`actwiz` with no subcommand, on a terminal).
//!
//! Elm style: [`app::App`] holds the state and changes only in
//! [`app::App::update`]; `view/` draws it without I/O; [`run`] is the loop
//! that reads events, performs the effects (copy, save) and redraws.

pub mod app;
mod clip;
pub(crate) mod event;
pub(crate) mod field;
mod finder;
pub(crate) mod keys;
pub(crate) mod layout;
pub(crate) mod says;
mod scrub;
pub(crate) mod terminal;
pub(crate) mod text;
pub mod view;

use std::io::Write;

use crate::core::catalog::{Catalog, Lang};
use app::{App, Effect, Msg};

pub use clip::Method as CopyMethod;

/// How the wizard starts.
#[derive(Clone, Debug)]
pub struct TuiOptions {
    pub lang: Lang,
    /// The shell commands are shown for at start (a key switches it).
    pub dialect: crate::core::catalog::dialect::Dialect,
    /// `CODE_OR_QUERY` from the command line: a known code opens its flow,
    /// other text fills the search field.
    pub initial_query: Option<String>,
    /// Let the mouse select and scroll (off by default: it stops the
    /// terminal's own text selection).
    pub mouse: bool,
    /// Monochrome theme (`--no-color`; NO_COLOR is read by [`no_color_env`]).
    pub no_color: bool,
    /// `--clipboard` / ACTWIZ_CLIPBOARD: auto, system, osc52 or none.
    pub clipboard: Option<crate::clipboard::ClipboardMode>,
    /// Shown on the status line at start (a `--flows` folder skipped, and why).
    pub notice: Option<String>,
    /// Facts loaded at start (`--evidence FILE`, `actwiz diagnose`).
    pub evidence: Option<crate::core::evidence::Evidence>,
    /// The transcript's language and folder.
    pub transcript: crate::transcript::Settings,
}

/// True when the NO_COLOR convention asks for no colours (set and not empty).
pub(crate) fn no_color_env() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

/// Builds the app for `catalog` and `options` (no terminal needed).
pub fn new_app<'c>(catalog: &'c Catalog, options: &TuiOptions) -> App<'c> {
    let mut app = App::new(catalog, options.lang);
    app.dialect = options.dialect;
    app.mono = options.no_color || no_color_env();
    app.mouse = options.mouse;
    app.transcript = options.transcript.clone();
    if let Some(evidence) = &options.evidence {
        app.evidence.add(evidence.clone());
    }
    if let Some(query) = &options.initial_query {
        app.start_with(query);
    }
    if let Some(notice) = &options.notice {
        app.status = Some(app::Status::Error(notice.clone()));
    }
    app
}

/// Runs the wizard until the user quits.
///
/// The terminal is restored on every way out (return, error, panic,
/// SIGTERM/SIGHUP). After leaving the alternate screen, this function itself
/// prints the last resolution reached and the commands copied to stdout, so
/// they stay in the scrollback; it returns that same text (already printed:
/// the caller must not print it again).
///
/// `updates`, when given, brings the `--flows` folders loaded on another
/// thread ([`Msg::Loading`], then [`Msg::Loaded`]).
pub fn run(
    catalog: Catalog,
    options: TuiOptions,
    updates: Option<std::sync::mpsc::Receiver<Msg>>,
) -> anyhow::Result<Option<String>> {
    let stop = event::StopFlag::install();
    let mut app = new_app(&catalog, &options);
    if updates.is_some() {
        app.loading = Some(app::Loading::default());
    }
    app.set_recent(crate::recent::Recent::from_env(|name| {
        std::env::var(name).ok()
    }));
    let mut clipboard = clip::SessionClipboard::new(options.clipboard)?;
    let (mut guard, mut terminal) = terminal::TerminalGuard::enter(options.mouse)?;
    let size = terminal.size()?;
    app.update(Msg::Resize(size.width, size.height));

    let result = (|| -> anyhow::Result<()> {
        while !app.quit {
            measure(&mut app);
            terminal.draw(|frame| view::draw(frame, &app))?;
            // After the first frame, while the agent reads it.
            app.prepare_search();
            let mut queue: std::collections::VecDeque<Msg> =
                event::next(&stop, options.mouse)?.into();
            if let Some(updates) = &updates {
                queue.extend(updates.try_iter());
            }
            while let Some(msg) = queue.pop_front() {
                // An effect's outcome is handled before the next event.
                for effect in app.update(msg).into_iter().rev() {
                    queue.push_front(perform(effect, &mut clipboard, &app));
                }
                if app.quit {
                    break;
                }
            }
        }
        Ok(())
    })();

    drop(terminal);
    guard.restore();
    // Recent codes are a convenience: a file that cannot be written is no
    // reason to fail the call's exit.
    let _ = app.recent.save();
    result?;
    let text = app.exit_text();
    if let Some(text) = &text {
        let mut out = crate::output::stdout();
        // The terminal may be gone (SIGHUP): nothing to do about it then.
        let _ = writeln!(out, "{}", text.trim_end());
        let _ = out.flush();
    }
    // Stopped by a signal: say so in the exit status (128 + its number), as
    // a shell does for a process the signal killed; the terminal is restored.
    if let Some(signal) = stop.signal() {
        std::process::exit(128 + signal);
    }
    Ok(text)
}

/// Measures the frame about to be drawn and gives the app its layout: once
/// per frame, before `view::draw` (see `layout`).
pub fn measure(app: &mut App) {
    let layout = view::measure(app);
    app.update(Msg::Measured(layout));
}

/// Performs an effect between two frames; returns its outcome as a message.
fn perform(effect: Effect, clipboard: &mut clip::SessionClipboard, app: &App) -> Msg {
    let lang = app.lang;
    match effect {
        Effect::Copy { text, what } => {
            // OSC 52 goes straight to the terminal, in one write.
            let mut out = crate::output::raw_terminal_stdout().lock();
            let result = clipboard.copy(&text, &mut out, lang);
            Msg::Copied { what, result }
        }
        Effect::Save { code, markdown } => Msg::Saved(
            crate::transcript::save::save(&app.transcript.dir(), code, &markdown)
                .map(|path| path.display().to_string()),
        ),
    }
}
