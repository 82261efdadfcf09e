//! Drawing: reads the [`App`], never changes it, does no I/O.
//!
//! Every screen has a header line, its body, a status line and a footer of
//! keys built from the keymap. [`measure`] works out where each part goes
//! once per frame; the app keeps that [`Layout`] (so a click lands on what
//! is drawn, and paging knows the body's height) and [`draw`] draws into it.

pub(crate) mod form;
pub(crate) mod help;
pub(crate) mod paste;
pub(crate) mod search;
pub(crate) mod walk;

use ratatui::layout::{Constraint, Position, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use ratatui::Frame;

use super::app::{App, CopyWhat, Screen, Status, MIN_HEIGHT, MIN_WIDTH};
use super::keys::{self, Ctx};
use super::layout::{FrameRows, Layout};
use super::says;
use super::text;
use crate::strings::strings;

/// Styles. The monochrome theme (NO_COLOR, `--no-color`) uses only bold,
/// underline and reverse; in both, the selection also has a `>` marker and
/// errors a `✗`, so nothing is told by colour alone.
#[derive(Clone, Copy, Debug)]
pub struct Theme {
    pub mono: bool,
}

impl Theme {
    fn color(self, style: Style, color: Color) -> Style {
        if self.mono {
            style
        } else {
            style.fg(color)
        }
    }

    pub fn selected(self) -> Style {
        if self.mono {
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        } else {
            Style::new()
                .fg(Color::Black)
                .bg(Color::Cyan)
                .add_modifier(Modifier::BOLD)
        }
    }

    pub fn matched(self) -> Style {
        self.color(
            Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            Color::Yellow,
        )
    }

    pub fn heading(self) -> Style {
        self.color(Style::new().add_modifier(Modifier::BOLD), Color::Cyan)
    }

    pub(crate) fn strong(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    pub(crate) fn dim(self) -> Style {
        if self.mono {
            Style::new()
        } else {
            Style::new().fg(Color::DarkGray)
        }
    }

    pub fn command(self) -> Style {
        self.color(Style::new().add_modifier(Modifier::BOLD), Color::Green)
    }

    pub fn error(self) -> Style {
        self.color(Style::new().add_modifier(Modifier::BOLD), Color::Red)
    }

    /// A caution: what a step or a command can lose. Reversed in the
    /// monochrome theme, black on yellow otherwise, so it cannot be missed.
    pub fn caution(self) -> Style {
        if self.mono {
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        } else {
            Style::new()
                .fg(Color::Black)
                .bg(Color::Yellow)
                .add_modifier(Modifier::BOLD)
        }
    }

    pub fn key(self) -> Style {
        self.color(Style::new().add_modifier(Modifier::BOLD), Color::Yellow)
    }

    pub fn field(self) -> Style {
        Style::new().add_modifier(Modifier::UNDERLINED)
    }
}

/// `label` followed by a colon (see [`crate::strings::colon`]) and a space
/// ("Cause: " in English, "Cause : " in French).
pub fn colon(lang: crate::core::catalog::Lang, label: &str) -> String {
    format!("{} ", crate::strings::colon(lang, label))
}

/// The selection marker: the same in colour and in monochrome.
pub(crate) const MARK: &str = "> ";
pub(crate) const NO_MARK: &str = "  ";

/// Most rows the status line may wrap to (a long copied command shows whole).
const STATUS_ROWS: usize = 4;

/// The status line's rows at `width`: the whole text, wrapped.
pub(crate) fn status_rows(app: &App, width: u16) -> Vec<Line<'static>> {
    let Some((text, _)) = status_text(app) else {
        return vec![Line::raw("")];
    };
    let text = crate::core::sanitize::clean_line(&text).into_owned();
    let room = usize::from(width).saturating_sub(2).max(1);
    let mut lines = text::wrap(&[Span::raw(text)], room, Span::raw(" "), Span::raw("   "));
    lines.truncate(STATUS_ROWS);
    lines
}

fn frame_layout(app: &App, area: Rect) -> FrameRows {
    // The body keeps at least half the screen.
    let rows = (status_rows(app, area.width).len() as u16)
        .min(area.height / 4)
        .max(1);
    let [header, body, status, footer] = ratatui::layout::Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(rows),
        Constraint::Length(1),
    ])
    .areas(area);
    FrameRows {
        header,
        body,
        status,
        footer,
    }
}

/// Where everything goes at the app's terminal size, for the next frame.
/// The event loop measures once per frame and hands the result to the app
/// (`Msg::Measured`) before drawing.
pub fn measure(app: &App) -> Layout {
    measure_at(app, Rect::new(0, 0, app.size.0, app.size.1))
}

fn too_small_for(app: &App, area: Rect) -> bool {
    app.too_small() || area.width < MIN_WIDTH || area.height < MIN_HEIGHT
}

fn measure_at(app: &App, area: Rect) -> Layout {
    let help = help::measure(app, area);
    if too_small_for(app, area) {
        return Layout {
            area,
            help,
            ..Layout::default()
        };
    }
    let frame = frame_layout(app, area);
    let (search, walk) = match app.screen {
        Screen::Search => (Some(search::layout(app, frame.body)), None),
        Screen::Walk => (None, Some(walk::layout(app, frame.body))),
    };
    Layout {
        area,
        frame,
        search,
        walk,
        help,
    }
}

/// Draws the whole app and places the terminal cursor on the focused item.
pub fn draw(frame: &mut Frame, app: &App) {
    draw_screen(frame, app);
    // The one gate of the wizard's text to the terminal (see `tui::scrub`).
    super::scrub::buffer(frame.buffer_mut());
}

fn draw_screen(frame: &mut Frame, app: &App) {
    let area = frame.area();
    if too_small_for(app, area) {
        too_small(frame, app, area);
        return;
    }
    // The layout the app was given for this frame; measured here only when
    // the frame is not the size it was measured at (never in the event loop).
    let measured;
    let layout = if app.layout.area == area {
        &app.layout
    } else {
        measured = measure_at(app, area);
        &measured
    };
    let theme = Theme { mono: app.mono };
    let parts = layout.frame;
    header(frame, app, theme, parts.header);
    let ctx = app.ctx();
    let cursor = match (&layout.search, &layout.walk) {
        (Some(l), _) => search::draw(frame, app, theme, l, parts.body),
        (None, Some(l)) => walk::draw(frame, app, theme, l),
        (None, None) => Position::new(parts.body.x, parts.body.y),
    };
    status(frame, app, theme, parts.status);
    footer(frame, app, theme, parts.footer, ctx);
    // Overlays, the one on top last: the form, the evidence box, the help.
    let mut cursor = cursor;
    if let (Some(form), None) = (&app.form, app.help) {
        cursor = form::draw(frame, app, form, theme, area);
    }
    if let (Some(open), None) = (&app.paste_box, app.help) {
        cursor = paste::draw(frame, app, open, theme, parts.body);
    }
    if app.help.is_some() {
        cursor = help::draw(frame, app, theme, area);
    }
    frame.set_cursor_position(cursor);
}

fn header(frame: &mut Frame, app: &App, theme: Theme, area: Rect) {
    let s = strings(app.lang);
    // The shell the commands are shown for, then the language: both switch live.
    let lang = format!(
        " {} · {} ",
        app.dialect.label(),
        app.lang.code().to_uppercase()
    );
    let room = usize::from(area.width).saturating_sub(text::width(&lang) + 1);
    let title = match (&app.walk, app.screen) {
        (Some(walk), Screen::Walk) => match app.catalog.get(walk.code()) {
            // What tells the code apart, not a preamble many codes share.
            Some((entry, _)) => {
                let message =
                    match crate::core::shared_message::parts(app.catalog, entry.code, app.lang) {
                        Some(p) if !p.preamble.is_empty() => format!("…{}", p.distinct),
                        _ => entry.messages.get(app.lang).to_string(),
                    };
                format!(
                    " actwiz · {} {}",
                    entry.code,
                    crate::core::sanitize::clean_line(&message)
                )
            }
            None => format!(" {}", s.tui_title),
        },
        _ => format!(" {}", s.tui_title),
    };
    let title = text::truncate(&title, room);
    let pad = usize::from(area.width).saturating_sub(text::width(&title) + text::width(&lang));
    let line = Line::from(vec![
        Span::styled(title, theme.heading()),
        Span::raw(" ".repeat(pad)),
        Span::styled(lang, theme.dim()),
    ]);
    frame.render_widget(Paragraph::new(line), area);
}

/// The status line text, in the current language.
pub(crate) fn status_text(app: &App) -> Option<(String, bool)> {
    let s = strings(app.lang);
    let Some(status) = app.status.as_ref() else {
        // The `--flows` folders still loading: said when nothing else is.
        return app.loading.as_ref().map(|l| {
            let text = says::loading(app.lang, &l.folder, l.files_done, l.files_total, l.codes);
            (text, false)
        });
    };
    let text = match status {
        Status::Copied { method, what } => {
            let what = match what {
                CopyWhat::Command(c) => c.clone(),
                CopyWhat::Commands(block) => says::commands_copied(app.lang, block),
                CopyWhat::Transcript => s.tui_transcript.to_string(),
            };
            // OSC 52 is write-only: the terminal may ignore it silently.
            let verb = if method.is_confirmed() {
                s.tui_copied_to
            } else {
                s.tui_sent_to
            };
            let to = format!("{verb} {}", method.label(app.lang));
            let copied = format!("{}{what}", colon(app.lang, &to));
            // A copied command's caution comes first, where the eye is.
            if let Some(caution) = caution_of_copied(app, status) {
                return Some((
                    format!("!! {}{caution} | {copied}", colon(app.lang, s.caution)),
                    true,
                ));
            }
            copied
        }
        Status::CopyFailed(why) => format!("✗ {}{why}", colon(app.lang, s.tui_copy_failed)),
        Status::Saved(path) => format!("{} {path}", s.tui_saved),
        Status::SaveFailed(why) => format!("✗ {}{why}", colon(app.lang, s.tui_save_failed)),
        Status::NoCheckCommand => s.tui_no_check_command.to_string(),
        Status::NoCommand => s.tui_no_command.to_string(),
        Status::Restarted => says::restarted(app.lang),
        Status::Language => s.tui_language.to_string(),
        Status::Shell => says::shell(app.lang, app.dialect),
        Status::Error(e) => format!("✗ {}{e}", colon(app.lang, s.tui_flow_broken)),
        Status::Resumed { number, resolved } => says::resumed(app.lang, *number, *resolved),
        Status::Undone => says::undone(app.lang),
        Status::NothingToUndo => says::nothing_to_undo(app.lang),
        Status::ConfirmQuit => says::confirm_quit(app.lang),
        Status::NoSuchChoice(n) => says::no_such_choice(app.lang, *n),
        Status::NoSuchCommand(n) => says::no_such_command(app.lang, *n),
        Status::GoTo(n) => says::go_to(app.lang, *n),
        Status::Evidence { new, facts } => {
            says::evidence_added(app.lang, *new, *facts, app.screen == Screen::Search)
        }
        Status::Loaded(codes) => says::loaded(app.lang, *codes),
    };
    Some((text, status.is_error()))
}

/// The caution of the command a `Copied` status is about: the current
/// resolution's command that fills in to the copied text.
fn caution_of_copied(app: &App, status: &Status) -> Option<String> {
    let Status::Copied {
        what: CopyWhat::Command(copied),
        ..
    } = status
    else {
        return None;
    };
    let walk = app.walk.as_ref()?;
    let flow = app.flow()?;
    let Ok(crate::core::walk::Current::Resolution { resolution, .. }) = walk.current(app.catalog)
    else {
        return None;
    };
    resolution.commands.iter().find_map(|c| {
        let caution = c.caution.as_ref()?;
        let filled = app.values.fill(flow, &c.form(app.dialect).text).text;
        (crate::core::sanitize::clean_line(&filled) == copied.as_str())
            .then(|| crate::core::sanitize::clean_line(caution.get(app.lang)).into_owned())
    })
}

fn status(frame: &mut Frame, app: &App, theme: Theme, area: Rect) {
    let is_error = app.status.as_ref().is_some_and(Status::is_error);
    let style = if is_error {
        theme.error()
    } else {
        theme.strong()
    };
    let lines: Vec<Line> = status_rows(app, area.width)
        .into_iter()
        .map(|l| l.style(style))
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}

/// The footer: the main keys of this screen, built from the keymap. Help
/// comes first and quit last; the others fill the room left, in table order.
fn footer(frame: &mut Frame, app: &App, theme: Theme, area: Rect, ctx: Ctx) {
    let items: Vec<(String, &str, keys::Action)> = keys::footer(ctx)
        .into_iter()
        .filter(|binding| available(app, binding.action))
        .map(|binding| match binding.short {
            Some((k, en, fr)) => (
                k.to_string(),
                match app.lang {
                    crate::core::catalog::Lang::En => en,
                    crate::core::catalog::Lang::Fr => fr,
                },
                binding.action,
            ),
            None => (
                binding
                    .keys_in(ctx)
                    .next()
                    .map(|k| k.label(app.lang))
                    .unwrap_or_default(),
                binding.brief_label(ctx, app.lang),
                binding.action,
            ),
        })
        .collect();
    let item_width =
        |(k, l, _): &(String, &str, keys::Action)| text::width(k) + 1 + text::width(l) + 2;
    let mut room = usize::from(area.width).saturating_sub(1);
    let mut keep = vec![false; items.len()];
    // Help, quit, the language and the evidence box first (each is
    // needed at any moment of a call), then the rest while it fits.
    let first = |a: keys::Action| {
        matches!(
            a,
            keys::Action::Help
                | keys::Action::Quit
                | keys::Action::ToggleLang
                | keys::Action::Evidence
        )
    };
    let order = items
        .iter()
        .enumerate()
        .filter(|(_, i)| first(i.2))
        .chain(items.iter().enumerate().filter(|(_, i)| !first(i.2)))
        .map(|(n, _)| n)
        .collect::<Vec<_>>();
    for n in order {
        let w = item_width(&items[n]);
        if w <= room {
            room -= w;
            keep[n] = true;
        }
    }
    let mut spans = vec![Span::raw(" ")];
    let quit_last = items
        .iter()
        .enumerate()
        .filter(|(_, i)| i.2 != keys::Action::Quit)
        .chain(
            items
                .iter()
                .enumerate()
                .filter(|(_, i)| i.2 == keys::Action::Quit),
        );
    for (n, (k, label, _)) in quit_last {
        if keep[n] {
            spans.push(Span::styled(k.clone(), theme.key()));
            spans.push(Span::raw(format!(" {label}  ")));
        }
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// Whether `action` has something to act on here: the footer offers no key
/// that would only answer "nothing to copy".
fn available(app: &App, action: keys::Action) -> bool {
    use crate::core::walk::Current;
    match (action, app.ctx(), app.current()) {
        (keys::Action::Copy, Ctx::Question, Some(Current::Question { question, .. })) => {
            question.check_command.is_some()
        }
        (
            keys::Action::Copy | keys::Action::Select,
            Ctx::Resolution,
            Some(Current::Resolution { resolution, .. }),
        ) => !resolution.commands.is_empty(),
        _ => true,
    }
}

fn too_small(frame: &mut Frame, app: &App, area: Rect) {
    let s = strings(app.lang);
    frame.render_widget(Clear, area);
    let lines = [
        Line::styled(s.tui_too_small, Style::new().add_modifier(Modifier::BOLD)),
        Line::raw(format!(
            "{} {MIN_WIDTH}×{MIN_HEIGHT}, {} {}×{}",
            s.tui_too_small_need, s.tui_now, area.width, area.height
        )),
    ];
    let width = usize::from(area.width);
    let wrapped: Vec<Line> = lines
        .iter()
        .flat_map(|l| text::wrap(&l.spans, width.max(1), Span::raw(""), Span::raw("")))
        .collect();
    let top = area.height.saturating_sub(wrapped.len() as u16) / 2;
    let rect = Rect::new(area.x, area.y + top, area.width, area.height - top);
    frame.render_widget(Paragraph::new(wrapped), rect);
    frame.set_cursor_position(Position::new(rect.x, rect.y));
}

/// A rectangle of at most `width`×`height` centred in `area`.
pub(crate) fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// Spans of `text` with the characters in `ranges` (char indices) highlighted.
pub(crate) fn highlighted(
    text: &str,
    ranges: &[std::ops::Range<usize>],
    base: Style,
    hit: Style,
) -> Vec<Span<'static>> {
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut run = String::new();
    let mut run_hit = false;
    for (i, c) in text.chars().enumerate() {
        let is_hit = ranges.iter().any(|r| r.contains(&i));
        if is_hit != run_hit && !run.is_empty() {
            let style = if run_hit { base.patch(hit) } else { base };
            spans.push(Span::styled(std::mem::take(&mut run), style));
        }
        run_hit = is_hit;
        run.push(c);
    }
    if !run.is_empty() {
        let style = if run_hit { base.patch(hit) } else { base };
        spans.push(Span::styled(run, style));
    }
    spans
}

/// Cuts a line of spans to `max` cells, ending with `…` when cut.
pub fn fit(spans: Vec<Span<'static>>, max: usize) -> Line<'static> {
    let total: usize = spans.iter().map(|s| s.width()).sum();
    if total <= max {
        return Line::from(spans);
    }
    let mut out = Vec::new();
    let mut used = 0;
    for span in spans {
        let w = span.width();
        if used + w < max {
            used += w;
            out.push(span);
            continue;
        }
        let cut = text::truncate(&span.content, max - used);
        out.push(Span::styled(cut, span.style));
        break;
    }
    Line::from(out)
}
