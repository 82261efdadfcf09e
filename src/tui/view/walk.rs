//! The flow screens: a question with its choices, or a resolution with its
//! commands. Both are one scrolling body under a breadcrumb.

use std::ops::Range;

use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

use super::{text, Theme, MARK, NO_MARK};
use crate::catalog::Node;
use crate::sanitize::clean_line;
use crate::strings::strings;
use crate::tui::app::App;
use crate::walk::Current;

/// Rows of the breadcrumb, at most.
const CRUMB_ROWS: usize = 2;

pub struct WalkLayout {
    pub crumbs: Rect,
    pub block: Rect,
    pub body: Rect,
}

pub fn layout(app: &App, area: Rect) -> WalkLayout {
    let body = super::frame_layout(area).body;
    let crumb_rows = breadcrumb(app, Theme { mono: true }, usize::from(body.width)).len() as u16;
    let [crumbs, block] =
        Layout::vertical([Constraint::Length(crumb_rows), Constraint::Min(0)]).areas(body);
    let inner = Rect {
        x: block.x + 1,
        y: block.y + 1,
        width: block.width.saturating_sub(2),
        height: block.height.saturating_sub(2),
    };
    WalkLayout {
        crumbs,
        block,
        body: inner,
    }
}

fn screen(app: &App) -> Rect {
    Rect::new(0, 0, app.size.0, app.size.1)
}

/// Rows available to the scrolling body.
pub fn body_height(app: &App) -> usize {
    usize::from(layout(app, screen(app)).body.height)
}

/// The body's lines and, for each choice or command, the rows it takes.
pub struct Body {
    pub lines: Vec<Line<'static>>,
    pub items: Vec<Range<usize>>,
    pub title: String,
}

pub fn item_rows(app: &App) -> Vec<Range<usize>> {
    let width = usize::from(layout(app, screen(app)).body.width);
    body(app, Theme { mono: true }, width).items
}

pub fn max_scroll(app: &App) -> usize {
    let l = layout(app, screen(app));
    let b = body(app, Theme { mono: true }, usize::from(l.body.width));
    b.lines.len().saturating_sub(usize::from(l.body.height))
}

/// The choice or command drawn at a screen cell, if any.
pub fn item_at(app: &App, area: Rect, column: u16, row: u16) -> Option<usize> {
    let l = layout(app, area);
    if !l.body.contains(Position::new(column, row)) {
        return None;
    }
    let line = app.scroll.min(max_scroll(app)) + usize::from(row - l.body.y);
    body(app, Theme { mono: true }, usize::from(l.body.width))
        .items
        .iter()
        .position(|r| r.contains(&line))
}

/// The path so far: code › answer › answer, kept to its last rows.
fn breadcrumb(app: &App, theme: Theme, width: usize) -> Vec<Line<'static>> {
    let Some(walk) = &app.walk else {
        return Vec::new();
    };
    let Ok((entry, flow)) = walk.context(app.catalog) else {
        return Vec::new();
    };
    let mut spans = vec![Span::styled(entry.code.to_string(), theme.strong())];
    for step in walk.path() {
        let label = match flow.node(&step.question) {
            Some(Node::Question(q)) => q
                .choices
                .iter()
                .find(|c| c.id == step.choice)
                .map(|c| clean_line(c.label.get(app.lang)).into_owned())
                .unwrap_or_else(|| step.choice.clone()),
            _ => step.choice.clone(),
        };
        spans.push(Span::styled(" › ", theme.dim()));
        spans.push(Span::raw(label));
    }
    let mut lines = text::wrap(&spans, width.max(1), Span::raw(" "), Span::raw("   "));
    if lines.len() > CRUMB_ROWS {
        lines.drain(..lines.len() - CRUMB_ROWS);
        if let Some(first) = lines.first_mut() {
            first.spans.insert(0, Span::raw(" …"));
        }
    }
    lines
}

/// Builds the body of the current node at `width`.
pub fn body(app: &App, theme: Theme, width: usize) -> Body {
    let s = strings(app.lang);
    let lang = app.lang;
    let mut lines: Vec<Line<'static>> = Vec::new();
    let mut items = Vec::new();
    let blank = |lines: &mut Vec<Line<'static>>| lines.push(Line::raw(""));
    let Some(walk) = &app.walk else {
        return Body {
            lines,
            items,
            title: String::new(),
        };
    };
    let flow = walk.context(app.catalog).ok().map(|(_, f)| f);
    let fill = |template: &str| match flow {
        Some(flow) => clean_line(&app.values.fill(flow, template).text).into_owned(),
        None => clean_line(template).into_owned(),
    };
    // "Label: text" as one paragraph, the label styled as a heading.
    let labelled = |label: &str, text: &str| {
        text::wrap(
            &[
                Span::styled(super::colon(lang, label), theme.heading()),
                Span::raw(clean_line(text).into_owned()),
            ],
            width,
            Span::raw(""),
            Span::raw(""),
        )
    };
    let title;
    match walk.current(app.catalog) {
        Ok(Current::Question { question, .. }) => {
            title = format!(" {} {} ", s.question, walk.path().len() + 1);
            lines.extend(text::wrap_plain(
                &clean_line(question.text.get(lang)),
                theme.strong(),
                width,
                0,
            ));
            blank(&mut lines);
            lines.extend(labelled(s.how_to_check, question.how_to_check.get(lang)));
            if let Some(check) = &question.check_command {
                lines.extend(text::wrap(
                    &[Span::styled(fill(check), theme.command())],
                    width,
                    Span::raw("  $ "),
                    Span::raw("    "),
                ));
                let copy = crate::tui::keys::BINDINGS
                    .iter()
                    .find(|b| b.action == crate::tui::keys::Action::Copy)
                    .map(|b| b.keys_label(crate::tui::keys::Ctx::Question))
                    .unwrap_or_default();
                lines.push(Line::from(vec![
                    Span::raw("    "),
                    Span::styled(copy, theme.key()),
                    Span::styled(format!(" {}", s.tui_copy_check), theme.dim()),
                ]));
            }
            blank(&mut lines);
            lines.push(Line::styled(
                super::colon(lang, s.tui_your_answer),
                theme.heading(),
            ));
            for (i, choice) in question.choices.iter().enumerate() {
                let selected = i == app.item;
                let base = if selected {
                    theme.selected()
                } else {
                    Default::default()
                };
                let number = format!("{}. ", i + 1);
                let start = lines.len();
                let mut wrapped = text::wrap(
                    &[Span::styled(
                        clean_line(choice.label.get(lang)).into_owned(),
                        base,
                    )],
                    width,
                    Span::styled(
                        format!("{}{number}", if selected { MARK } else { NO_MARK }),
                        base,
                    ),
                    Span::raw(" ".repeat(2 + number.len())),
                );
                if selected {
                    pad_lines(&mut wrapped, width, base);
                }
                lines.extend(wrapped);
                items.push(start..lines.len());
            }
        }
        Ok(Current::Resolution { resolution, .. }) => {
            title = format!(
                " {}{} ",
                super::colon(lang, s.resolution),
                clean_line(resolution.title.get(lang))
            );
            lines.extend(labelled(s.cause, resolution.cause.get(lang)));
            blank(&mut lines);
            lines.push(Line::styled(super::colon(lang, s.steps), theme.heading()));
            for (i, step) in resolution.steps.iter().enumerate() {
                let number = format!("  {}. ", i + 1);
                lines.extend(text::wrap(
                    &[Span::raw(clean_line(step.get(lang)).into_owned())],
                    width,
                    Span::raw(number.clone()),
                    Span::raw(" ".repeat(number.len())),
                ));
            }
            if !resolution.commands.is_empty() {
                blank(&mut lines);
                lines.extend(text::wrap(
                    &[
                        Span::styled(format!("{} ", s.commands), theme.heading()),
                        Span::styled(format!("({})", s.tui_select_to_copy), theme.dim()),
                    ],
                    width,
                    Span::raw(""),
                    Span::raw(""),
                ));
            }
            for (i, command) in resolution.commands.iter().enumerate() {
                let selected = i == app.item;
                let base = if selected {
                    theme.selected()
                } else {
                    Default::default()
                };
                let number = format!("{}. ", i + 1);
                let indent = 2 + number.len();
                let start = lines.len();
                let mut wrapped = text::wrap(
                    &[Span::styled(
                        fill(&command.command),
                        base.patch(theme.command()),
                    )],
                    width,
                    Span::styled(
                        format!("{}{number}", if selected { MARK } else { NO_MARK }),
                        base,
                    ),
                    Span::styled(" ".repeat(indent), base),
                );
                if selected {
                    pad_lines(&mut wrapped, width, base);
                }
                lines.extend(wrapped);
                let mut notes = vec![clean_line(command.explain.get(lang)).into_owned()];
                if command.elevated {
                    notes.push(s.elevated.to_string());
                }
                if let Some(on) = &command.run_on {
                    notes.push(format!(
                        "{}{}",
                        super::colon(lang, s.run_on),
                        clean_line(on.get(lang))
                    ));
                }
                lines.extend(text::wrap(
                    &[Span::styled(notes.join(" · "), theme.dim())],
                    width,
                    Span::raw(" ".repeat(indent)),
                    Span::raw(" ".repeat(indent)),
                ));
                items.push(start..lines.len());
            }
            if !resolution.links.is_empty() {
                blank(&mut lines);
                lines.push(Line::styled(super::colon(lang, s.links), theme.heading()));
                for link in &resolution.links {
                    lines.extend(text::wrap(
                        &[Span::raw(format!(
                            "{}{}",
                            super::colon(lang, &clean_line(link.title.get(lang))),
                            clean_line(&link.url)
                        ))],
                        width,
                        Span::raw("  - "),
                        Span::raw("    "),
                    ));
                }
            }
        }
        Err(e) => {
            title = format!(" {} ", s.tui_flow_broken);
            lines.extend(text::wrap_plain(&format!("✗ {e}"), theme.error(), width, 0));
        }
    }
    Body {
        lines,
        items,
        title,
    }
}

fn pad_lines(lines: &mut [Line<'static>], width: usize, style: ratatui::style::Style) {
    for line in lines {
        let used = line.width();
        line.spans
            .push(Span::styled(" ".repeat(width.saturating_sub(used)), style));
    }
}

pub fn draw(frame: &mut Frame, app: &App, theme: Theme, area: Rect) -> Position {
    let s = strings(app.lang);
    let full = Rect::new(0, 0, frame.area().width, frame.area().height);
    let l = layout(app, full);
    let _ = area;
    frame.render_widget(
        Paragraph::new(breadcrumb(app, theme, usize::from(l.crumbs.width))),
        l.crumbs,
    );
    let b = body(app, theme, usize::from(l.body.width));
    let height = usize::from(l.body.height);
    let scroll = app.scroll.min(b.lines.len().saturating_sub(height));
    let more = scroll + height < b.lines.len();
    let mut block = Block::new()
        .borders(Borders::TOP | Borders::BOTTOM)
        .title(Span::styled(
            text::truncate(&b.title, usize::from(l.block.width).saturating_sub(2)),
            theme.heading(),
        ));
    if more {
        block = block
            .title_bottom(Line::styled(format!(" ↓ {} ", s.tui_more), theme.key()).right_aligned());
    }
    if scroll > 0 {
        block = block.title(Line::styled(" ↑ PgUp ", theme.key()).right_aligned());
    }
    frame.render_widget(block, l.block);
    let visible: Vec<Line> = b.lines.into_iter().skip(scroll).take(height).collect();
    frame.render_widget(Paragraph::new(visible), l.body);
    // The cursor sits on the selected choice or command when it is visible.
    match b.items.get(app.item) {
        Some(range) if range.start >= scroll && range.start < scroll + height => {
            Position::new(l.body.x, l.body.y + (range.start - scroll) as u16)
        }
        _ => Position::new(l.body.x, l.body.y),
    }
}
