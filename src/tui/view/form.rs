//! The placeholder form: one field per value the command needs, checked by
//! its type; the error shows under the field.

use std::collections::BTreeMap;

use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use ratatui::Frame;

use super::{centered, text, Theme, MARK, NO_MARK};
use crate::core::placeholder;
use crate::core::sanitize::clean_line;
use crate::strings::strings;
use crate::tui::app::{App, Form};

pub(crate) fn draw(
    frame: &mut Frame,
    app: &App,
    form: &Form,
    theme: Theme,
    area: Rect,
) -> Position {
    let s = strings(app.lang);
    let width = area.width.saturating_sub(4).min(76);
    let inner_width = usize::from(width.saturating_sub(4));
    let mut lines: Vec<Line<'static>> = Vec::new();
    // The command as it will be copied, with the values that are good so far.
    let good: BTreeMap<String, String> = form
        .fields
        .iter()
        .filter_map(|f| {
            let flow = app.flow()?;
            f.check(flow, app.lang).ok().map(|v| (f.name.clone(), v))
        })
        .collect();
    let (preview, _) = placeholder::fill(&form.template, &good);
    lines.extend(text::wrap(
        &[Span::styled(
            clean_line(&preview).into_owned(),
            theme.command(),
        )],
        inner_width,
        Span::raw("$ "),
        Span::raw("  "),
    ));
    lines.push(Line::raw(""));
    let mut cursor_row = 0;
    let mut cursor_col = 0;
    for (i, field) in form.fields.iter().enumerate() {
        let focused = i == form.focus;
        lines.extend(text::wrap(
            &[
                Span::styled(
                    clean_line(field.label.get(app.lang)).into_owned(),
                    theme.strong(),
                ),
                Span::styled(format!(" ({})", field.name), theme.dim()),
                Span::styled(from_evidence(app, field), theme.key()),
            ],
            inner_width,
            Span::raw(""),
            Span::raw(""),
        ));
        // The part of a long value around the cursor, padded to the room.
        let room = inner_width.saturating_sub(text::width(MARK));
        let (shown, column) = field.value.window(room);
        let pad = room.saturating_sub(text::width(shown));
        let style = if focused {
            theme.selected()
        } else {
            theme.field()
        };
        if focused {
            cursor_row = lines.len();
            cursor_col = text::width(MARK) + column;
        }
        lines.push(Line::from(vec![
            Span::raw(if focused { MARK } else { NO_MARK }),
            Span::styled(format!("{shown}{}", " ".repeat(pad)), style),
        ]));
        if let Some(error) = app.flow().and_then(|flow| field.error(flow, app.lang)) {
            lines.extend(text::wrap(
                &[Span::styled(error, theme.error())],
                inner_width,
                Span::styled("  ✗ ", theme.error()),
                Span::raw("    "),
            ));
        }
    }
    lines.push(Line::raw(""));
    lines.extend(text::wrap_plain(
        s.tui_form_help,
        theme.dim(),
        inner_width,
        0,
    ));

    let height = (lines.len() as u16 + 2).min(area.height.saturating_sub(2));
    let rect = centered(area, width, height);
    let block = Block::bordered()
        .title(Span::styled(
            format!(" {} ", s.tui_form_title),
            theme.heading(),
        ))
        .padding(ratatui::widgets::Padding::horizontal(1));
    let inner = block.inner(rect);
    // Keep the focused field visible when the form is taller than the window.
    let scroll = (cursor_row + 2).saturating_sub(usize::from(inner.height));
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .scroll((scroll as u16, 0)),
        rect,
    );
    Position::new(
        inner.x + cursor_col as u16,
        inner.y + cursor_row.saturating_sub(scroll) as u16,
    )
}

/// " · from evidence (slmgr /dlv, line 24)" while the field holds the value
/// a fact filled in; empty otherwise.
fn from_evidence(app: &App, field: &crate::tui::app::FormField) -> String {
    match app.evidence.origin_of(&field.name, &app.values) {
        Some(origin) if app.values.typed(&field.name) == Some(field.value.text()) => format!(
            " · {} ({})",
            crate::strings::evidence::evidence_strings(app.lang).from_evidence,
            clean_line(&origin.to_string())
        ),
        _ => String::new(),
    }
}
