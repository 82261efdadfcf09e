//! The `?` overlay: every key of the keymap, screen by screen.

use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use ratatui::Frame;

use super::{centered, text, Theme};
use crate::strings::strings;
use crate::tui::app::App;
use crate::tui::keys::{Ctx, BINDINGS};
use crate::tui::layout::HelpLayout;

fn popup(area: Rect) -> Rect {
    centered(
        area,
        area.width.saturating_sub(4).min(80),
        area.height.saturating_sub(2),
    )
}

/// The help's lines at `width`, built from the keymap.
pub(crate) fn lines(app: &App, theme: Theme, width: usize) -> Vec<Line<'static>> {
    build(app, theme, width).0
}

/// The help's size at the screen `area`, and where each section starts.
pub(crate) fn measure(app: &App, area: Rect) -> HelpLayout {
    let rect = popup(area);
    let width = usize::from(rect.width.saturating_sub(4));
    let (lines, sections) = build(app, Theme { mono: true }, width);
    HelpLayout {
        lines: lines.len(),
        height: usize::from(rect.height.saturating_sub(2)),
        sections,
    }
}

/// The lines, and the row where each screen's section starts.
fn build(app: &App, theme: Theme, width: usize) -> (Vec<Line<'static>>, Vec<(Ctx, usize)>) {
    let s = strings(app.lang);
    let mut out = Vec::new();
    let mut starts = Vec::new();
    out.extend(text::wrap_plain(s.tui_help_fields, theme.dim(), width, 0));
    // The keys that edit a field act the same in both fields: they get a
    // section of their own instead of being listed twice.
    let sections = [
        (Ctx::Search, s.tui_ctx_search, false),
        (Ctx::Question, s.tui_ctx_question, false),
        (Ctx::Resolution, s.tui_ctx_resolution, false),
        (Ctx::Form, s.tui_ctx_form, false),
        (Ctx::Search, s.tui_ctx_fields, true),
        (Ctx::Paste, s.tui_ctx_paste, false),
        (Ctx::Help, s.tui_ctx_help, false),
    ];
    for (ctx, name, edits) in sections {
        out.push(Line::raw(""));
        if !edits {
            starts.push((ctx, out.len()));
        }
        out.push(Line::styled(name.to_string(), theme.heading()));
        for binding in BINDINGS
            .iter()
            // The box's few edits are listed with its keys.
            .filter(|b| b.acts_in(ctx) && (b.is_edit() == edits || ctx == Ctx::Paste))
        {
            let keys = binding.keys_label(ctx, app.lang);
            if keys.is_empty() {
                continue;
            }
            let keys = format!("  {keys:<16} ");
            let indent = text::width(&keys);
            out.extend(text::wrap(
                &[Span::raw(binding.label(ctx, app.lang))],
                width,
                Span::styled(keys, theme.key()),
                Span::raw(" ".repeat(indent)),
            ));
        }
    }
    (out, starts)
}

pub(crate) fn draw(frame: &mut Frame, app: &App, theme: Theme, area: Rect) -> Position {
    let s = strings(app.lang);
    let rect = popup(area);
    let block = Block::bordered()
        .title(Span::styled(
            format!(" {} ", s.tui_help_title),
            theme.heading(),
        ))
        .title_bottom(Line::styled(" Esc/q ", theme.key()).right_aligned())
        .padding(ratatui::widgets::Padding::horizontal(1));
    let inner = block.inner(rect);
    let all = lines(app, theme, usize::from(inner.width));
    let scroll = app
        .help
        .unwrap_or(0)
        .min(all.len().saturating_sub(usize::from(inner.height)));
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(all).block(block).scroll((scroll as u16, 0)),
        rect,
    );
    Position::new(inner.x, inner.y)
}
