//! The evidence box (F4): what to paste, the text so far (its last lines,
//! the cursor at the end), and "nothing recognised" when a read found none.
//! It covers the body only, so the status line and the footer (its keys)
//! stay in view.

use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use ratatui::Frame;

use super::{text, Theme};
use crate::core::sanitize::clean_line;
use crate::strings::evidence::evidence_strings;
use crate::tui::app::{App, PasteBox};
use crate::tui::says;

pub(crate) fn draw(
    frame: &mut Frame,
    app: &App,
    open: &PasteBox,
    theme: Theme,
    body: Rect,
) -> Position {
    let es = evidence_strings(app.lang);
    let block = Block::bordered()
        .title(Span::styled(
            format!(" {} ", es.paste_title),
            theme.heading(),
        ))
        .title_bottom(
            Line::styled(
                format!(" {} ", says::pasted_lines(app.lang, open.line_count())),
                theme.dim(),
            )
            .right_aligned(),
        )
        .padding(ratatui::widgets::Padding::horizontal(1));
    let inner = block.inner(body);
    let width = usize::from(inner.width).max(1);
    let mut lines: Vec<Line<'static>> = Vec::new();
    lines.extend(text::wrap_plain(es.paste_hint, theme.strong(), width, 0));
    lines.extend(text::wrap_plain(es.paste_languages, theme.dim(), width, 0));
    if open.nothing_read {
        lines.extend(text::wrap(
            &[Span::styled(
                es.nothing_recognised.to_string(),
                theme.error(),
            )],
            width,
            Span::styled("✗ ", theme.error()),
            Span::raw("  "),
        ));
    }
    if open.full {
        lines.extend(text::wrap(
            &[Span::styled(es.paste_full.to_string(), theme.error())],
            width,
            Span::styled("✗ ", theme.error()),
            Span::raw("  "),
        ));
    }
    lines.push(Line::raw(""));
    // The text's last lines: the end is where the next line goes.
    let room = usize::from(inner.height).saturating_sub(lines.len()).max(1);
    let mut pasted: Vec<&str> = open.text.split('\n').collect();
    let first = pasted.len().saturating_sub(room);
    pasted.drain(..first);
    let last = pasted.len().saturating_sub(1);
    let mut cursor = Position::new(inner.x, inner.y + lines.len() as u16);
    for (i, line) in pasted.iter().enumerate() {
        let line = clean_line(&line.replace('\t', "    ")).into_owned();
        let shown = if i == last {
            // The line being typed keeps its end (and a cell for the cursor).
            let shown = text::truncate_start(&line, width.saturating_sub(1));
            cursor = Position::new(
                inner.x + text::width(&shown) as u16,
                inner.y + lines.len() as u16,
            );
            shown
        } else {
            text::truncate(&line, width)
        };
        lines.push(Line::styled(shown, theme.command()));
    }
    frame.render_widget(Clear, body);
    frame.render_widget(Paragraph::new(lines).block(block), body);
    let bottom = (inner.y + inner.height).saturating_sub(1);
    Position::new(cursor.x, cursor.y.min(bottom))
}
