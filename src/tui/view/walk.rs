//! The flow screens: a question with its choices, or a resolution with its
//! commands. Both are one scrolling body under a breadcrumb.

use std::ops::Range;

use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

use super::{text, Theme, MARK, NO_MARK};
use crate::core::catalog::Node;
use crate::core::sanitize::clean_line;
use crate::core::walk::Current;
use crate::strings::strings;
use crate::tui::app::App;
use crate::tui::keys::Key;
use crate::tui::layout::WalkLayout;
use crossterm::event::KeyCode;

/// Rows of the breadcrumb, at most.
const CRUMB_ROWS: usize = 2;
/// The indent of the breadcrumb's continuation rows, and what replaces it on
/// the first row shown when earlier rows are left out (same display width).
const CRUMB_INDENT: &str = "   ";
const CRUMB_CUT: &str = " … ";

/// From this width on, the facts panel sits beside the flow; below it, the
/// facts follow the flow's body (scrolled to like the rest).
pub(crate) const FACTS_PANEL_MIN_WIDTH: u16 = 100;
const FACTS_PANEL_WIDTH: u16 = 38;

/// The flow screen's parts within the frame's `body`, and the rows of its
/// scrolling body (measured in the monochrome theme: styles take no room).
pub(crate) fn layout(app: &App, body: Rect) -> WalkLayout {
    let mut area = body;
    let mut facts = None;
    if !app.evidence.is_empty() && area.width >= FACTS_PANEL_MIN_WIDTH {
        let [main, panel] =
            Layout::horizontal([Constraint::Min(0), Constraint::Length(FACTS_PANEL_WIDTH)])
                .areas(area);
        area = main;
        facts = Some(panel);
    }
    let crumb_rows = breadcrumb(app, Theme { mono: true }, usize::from(area.width)).len() as u16;
    let [crumbs, block] =
        Layout::vertical([Constraint::Length(crumb_rows), Constraint::Min(0)]).areas(area);
    let inner = Rect {
        x: block.x + 1,
        y: block.y + 1,
        width: block.width.saturating_sub(2),
        height: block.height.saturating_sub(2),
    };
    let measured = self::body(
        app,
        Theme { mono: true },
        usize::from(inner.width),
        facts.is_none(),
    );
    let pin = pins(&measured, inner);
    let (pinned, body) = match pin {
        true => {
            // The caution's rows, then a blank row, then the body.
            let rows = measured.pinned.len() as u16;
            let [pinned, _, body] = Layout::vertical([
                Constraint::Length(rows),
                Constraint::Length(1),
                Constraint::Min(0),
            ])
            .areas(inner);
            (Some(pinned), body)
        }
        false => (None, inner),
    };
    let measured = measured.placed(pin);
    WalkLayout {
        crumbs,
        block,
        pinned,
        body,
        facts,
        lines: measured.lines.len(),
        items: measured.items,
    }
}

/// Whether `b`'s caution stays above the scroll: when it takes at most
/// half of `inner` (a caution longer than that on a small terminal would
/// leave no room for what it warns about, so it scrolls with the body).
fn pins(b: &Body, inner: Rect) -> bool {
    !b.pinned.is_empty() && (b.pinned.len() + 1) * 2 <= usize::from(inner.height)
}

/// The body's lines and, for each choice or command, the rows it takes.
pub(crate) struct Body {
    /// The resolution's caution: above the scroll when there is room.
    pub pinned: Vec<Line<'static>>,
    pub lines: Vec<Line<'static>>,
    pub items: Vec<Range<usize>>,
    pub title: String,
}

impl Body {
    /// Unpinned, the caution goes first in the scrolling lines, followed by
    /// a blank row, and every item moves down by as many rows.
    fn placed(mut self, pin: bool) -> Body {
        if pin || self.pinned.is_empty() {
            return self;
        }
        let mut lines = std::mem::take(&mut self.pinned);
        lines.push(Line::raw(""));
        let shift = lines.len();
        lines.append(&mut self.lines);
        self.lines = lines;
        for item in &mut self.items {
            *item = item.start + shift..item.end + shift;
        }
        self
    }
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
    // Numbered, so that `g` then a number goes back to that question.
    for (i, step) in walk.path().iter().enumerate() {
        let label = match flow.node(&step.question) {
            Some(Node::Question(q)) => q
                .choices
                .iter()
                .find(|c| c.id == step.choice)
                .map(|c| clean_line(c.label.get(app.lang)).into_owned())
                .unwrap_or_else(|| step.choice.clone()),
            _ => step.choice.clone(),
        };
        spans.push(Span::styled(format!(" › {}. ", i + 1), theme.dim()));
        spans.push(Span::raw(label));
    }
    let mut lines = text::wrap(
        &spans,
        width.max(1),
        Span::raw(" "),
        Span::raw(CRUMB_INDENT),
    );
    if lines.len() > CRUMB_ROWS {
        lines.drain(..lines.len() - CRUMB_ROWS);
        // The first row kept says that the path goes on to the left: its
        // indent becomes ` … `, of the same width, so nothing is pushed off.
        if let Some(first) = lines.first_mut() {
            if let Some(indent) = first.spans.first_mut() {
                *indent = Span::styled(CRUMB_CUT, theme.dim());
            }
        }
    }
    lines
}

/// Builds the body of the current node at `width`.
pub(crate) fn body(app: &App, theme: Theme, width: usize, facts_inline: bool) -> Body {
    let s = strings(app.lang);
    let lang = app.lang;
    let mut pinned: Vec<Line<'static>> = Vec::new();
    let mut lines: Vec<Line<'static>> = Vec::new();
    let mut items = Vec::new();
    let blank = |lines: &mut Vec<Line<'static>>| lines.push(Line::raw(""));
    let Some(walk) = &app.walk else {
        return Body {
            pinned: Vec::new(),
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
    // Why a value typed earlier is not in this command (wrapped, as errors).
    let refused = |template: &str, indent: usize| -> Vec<Line<'static>> {
        let Some(flow) = flow else {
            return Vec::new();
        };
        crate::printable::refusals(flow, &app.values, template, lang)
            .into_iter()
            .flat_map(|refusal| {
                text::wrap(
                    &[Span::styled(refusal, theme.error())],
                    width,
                    Span::raw(" ".repeat(indent)),
                    Span::raw(" ".repeat(indent + 2)),
                )
            })
            .collect()
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
            title = format!(
                " {} ",
                crate::tui::says::progress(
                    lang,
                    walk.path().len() + 1,
                    walk.max_questions_after(app.catalog)
                )
            );
            lines.extend(text::wrap_plain(
                &clean_line(question.text.get(lang)),
                theme.strong(),
                width,
                0,
            ));
            blank(&mut lines);
            lines.extend(labelled(s.how_to_check, question.how_to_check.get(lang)));
            // The form for the shell chosen now (P switches it live).
            if let Some(form) = question.check_form(app.dialect) {
                let check = form.text.as_ref();
                lines.extend(text::wrap(
                    &[Span::styled(fill(check), theme.command())],
                    width,
                    Span::raw("  $ "),
                    Span::raw("    "),
                ));
                lines.extend(refused(check, 4));
                if let Some(from) = crate::printable::powershell_source(&form, lang) {
                    lines.extend(text::wrap_plain(
                        &format!("    {}", from.line(lang)),
                        theme.dim(),
                        width,
                        6,
                    ));
                }
                let copy = crate::tui::keys::BINDINGS
                    .iter()
                    .find(|b| b.action == crate::tui::keys::Action::Copy)
                    .map(|b| b.keys_label(crate::tui::keys::Ctx::Question, lang))
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
            let suggested = crate::core::evidence::suggestion_for(question, &app.evidence.evidence);
            let es = crate::strings::evidence::evidence_strings(lang);
            for (i, choice) in question.choices.iter().enumerate() {
                let start = lines.len();
                let mut label = clean_line(choice.label.get(lang)).into_owned();
                if app.prior.as_deref() == Some(choice.id.as_str()) {
                    label = format!("{label} {}", crate::tui::says::answered_before(lang));
                }
                if suggested.as_ref().is_some_and(|s| s.choice == choice.id) {
                    label = format!("{label}  ★ {}", es.suggested);
                }
                lines.extend(item(
                    i,
                    i == app.item,
                    label,
                    Default::default(),
                    theme,
                    width,
                ));
                items.push(start..lines.len());
            }
            if let Some(suggested) = &suggested {
                let from: Vec<String> = suggested
                    .facts
                    .iter()
                    .map(|(_, f)| clean_line(&f.from.shown(app.lang)).into_owned())
                    .collect();
                blank(&mut lines);
                lines.extend(labelled(
                    &format!("★ {}", es.suggested),
                    // The reason is a sentence of its own: "Suggested
                    // answer: Event 12288 shows … (event 12288, line 3)".
                    &format!("{} ({})", suggested.because.get(lang), from.join(", ")),
                ));
            }
        }
        Ok(Current::Resolution { resolution, .. }) => {
            title = format!(
                " {}{} ",
                super::colon(lang, s.resolution),
                clean_line(resolution.title.get(lang))
            );
            if let Some(caution) = &resolution.caution {
                pinned = caution_block(caution.get(lang), lang, theme, width, 0);
            }
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
                let indent = item_indent(i);
                // The caution belongs to the item: it scrolls into view with it.
                let start = lines.len();
                if let Some(caution) = &command.caution {
                    lines.extend(caution_block(caution.get(lang), lang, theme, width, indent));
                }
                let form = command.form(app.dialect);
                lines.extend(item(
                    i,
                    i == app.item,
                    fill(&form.text),
                    theme.command(),
                    theme,
                    width,
                ));
                let mut notes = vec![clean_line(command.explain.get(lang)).into_owned()];
                let run_on = command.run_on.as_ref().map(|on| clean_line(on.get(lang)));
                // The same notes as every other front end: elevation for the
                // shell of this form, and a command only one shell runs.
                notes.extend(crate::printable::command_notes(
                    lang,
                    app.dialect,
                    form.shell,
                    command.elevated,
                    run_on.as_deref(),
                ));
                lines.extend(text::wrap(
                    &[Span::styled(notes.join(" · "), theme.dim())],
                    width,
                    Span::raw(" ".repeat(indent)),
                    Span::raw(" ".repeat(indent)),
                ));
                // Most PowerShell forms are actwiz's translation: say so.
                if let Some(from) = crate::printable::powershell_source(&form, lang) {
                    lines.extend(text::wrap(
                        &[Span::styled(from.line(lang), theme.dim())],
                        width,
                        Span::raw(" ".repeat(indent)),
                        Span::raw(" ".repeat(indent)),
                    ));
                }
                lines.extend(refused(&form.text, indent));
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
    // No room for the panel beside: the facts follow the body.
    if !app.evidence.is_empty() && facts_inline {
        let title = crate::strings::evidence::evidence_strings(lang).facts_title;
        blank(&mut lines);
        lines.push(Line::styled(super::colon(lang, title), theme.heading()));
        lines.extend(facts_lines(app, theme, width));
    }
    Body {
        pinned,
        lines,
        items,
        title,
    }
}

/// A caution, `!! CAUTION: text`, wrapped at `indent` in the caution style.
fn caution_block(
    caution: &str,
    lang: crate::core::catalog::Lang,
    theme: Theme,
    width: usize,
    indent: usize,
) -> Vec<Line<'static>> {
    let s = strings(lang);
    text::wrap(
        &[
            Span::styled(
                format!("!! {}", super::colon(lang, s.caution)),
                theme.caution(),
            ),
            Span::styled(clean_line(caution).into_owned(), theme.caution()),
        ],
        width,
        Span::raw(" ".repeat(indent)),
        Span::raw(" ".repeat(indent)),
    )
}

/// The indent of an item's continuation rows: under the text, after
/// the marker and the number.
fn item_indent(index: usize) -> usize {
    MARK.len() + format!("{}. ", index + 1).len()
}

/// One selectable item (a choice or a command): marker, number, then `text`
/// wrapped under itself. A selected item is one solid bar: every row, its
/// indent included, is highlighted to the full width.
fn item(
    index: usize,
    selected: bool,
    text: String,
    style: Style,
    theme: Theme,
    width: usize,
) -> Vec<Line<'static>> {
    let base = if selected {
        theme.selected()
    } else {
        Style::default()
    };
    let marker = if selected { MARK } else { NO_MARK };
    let mut lines = text::wrap(
        &[Span::styled(text, base.patch(style))],
        width,
        Span::styled(format!("{marker}{}. ", index + 1), base),
        Span::styled(" ".repeat(item_indent(index)), base),
    );
    if selected {
        for line in &mut lines {
            let used = line.width();
            line.spans
                .push(Span::styled(" ".repeat(width.saturating_sub(used)), base));
        }
    }
    lines
}

/// The facts known, each with where it came from: "name  value" then the
/// origin, dimmed, under it.
pub(crate) fn facts_lines(app: &App, theme: Theme, width: usize) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let evidence = &app.evidence.evidence;
    for seen in &evidence.codes {
        lines.extend(text::wrap_plain(
            &seen.code.to_string(),
            theme.strong(),
            width,
            0,
        ));
        lines.extend(text::wrap_plain(
            &format!("  {}", clean_line(&seen.from.shown(app.lang))),
            theme.dim(),
            width,
            4,
        ));
    }
    for (name, fact) in &evidence.facts {
        lines.extend(text::wrap(
            &[
                Span::styled(format!("{name} "), theme.heading()),
                Span::raw(clean_line(&fact.value).into_owned()),
            ],
            width,
            Span::raw(""),
            Span::raw("  "),
        ));
        lines.extend(text::wrap_plain(
            &format!("  {}", clean_line(&fact.from.shown(app.lang))),
            theme.dim(),
            width,
            4,
        ));
    }
    lines
}

pub(crate) fn draw(frame: &mut Frame, app: &App, theme: Theme, l: &WalkLayout) -> Position {
    let s = strings(app.lang);
    if let Some(panel) = l.facts {
        let title = crate::strings::evidence::evidence_strings(app.lang).facts_title;
        let block = Block::new()
            .borders(Borders::LEFT | Borders::TOP | Borders::BOTTOM)
            .title(Span::styled(format!(" {title} "), theme.heading()));
        let inner = block.inner(panel);
        frame.render_widget(block, panel);
        let lines = facts_lines(app, theme, usize::from(inner.width));
        frame.render_widget(Paragraph::new(lines), inner);
    }
    frame.render_widget(
        Paragraph::new(breadcrumb(app, theme, usize::from(l.crumbs.width))),
        l.crumbs,
    );
    let mut b = body(app, theme, usize::from(l.body.width), l.facts.is_none());
    if let Some(area) = l.pinned {
        frame.render_widget(Paragraph::new(std::mem::take(&mut b.pinned)), area);
    }
    let b = b.placed(l.pinned.is_some());
    let height = usize::from(l.body.height);
    let scroll = app.scroll.min(b.lines.len().saturating_sub(height));
    let more = scroll + height < b.lines.len();
    let key = |code| Key::Plain(code).label(app.lang);
    // Scrolled down: the top border says how to go back up, and the
    // title leaves it room.
    let up = (scroll > 0).then(|| format!(" ↑ {} ", key(KeyCode::PageUp)));
    let room = usize::from(l.block.width)
        .saturating_sub(2 + up.as_deref().map_or(0, |u| text::width(u) + 1));
    let mut block = Block::new()
        .borders(Borders::TOP | Borders::BOTTOM)
        .title(Span::styled(
            text::truncate(&b.title, room),
            theme.heading(),
        ));
    if more {
        let text = format!(
            " ↓ {}{} ",
            super::colon(app.lang, s.tui_more),
            key(KeyCode::PageDown)
        );
        block = block.title_bottom(Line::styled(text, theme.key()).right_aligned());
    }
    if let Some(up) = up {
        block = block.title(Line::styled(up, theme.key()).right_aligned());
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::catalog::{Catalog, Lang};
    use crate::tui::app::Msg;
    use crossterm::event::{KeyEvent, KeyModifiers};

    #[test]
    fn a_shortened_breadcrumb_fits_its_width() {
        let catalog = Catalog::builtin().expect("built-in flows are valid");
        let mut shortened = 0;
        for lang in Lang::ALL {
            for width in [60u16, 80, 100, 120] {
                let mut app = App::new(&catalog, lang);
                app.update(Msg::Resize(width, 30));
                app.start_with("0xC004F074");
                for c in "3111111".chars() {
                    app.update(Msg::Key(KeyEvent::new(
                        KeyCode::Char(c),
                        KeyModifiers::NONE,
                    )));
                }
                let lines = breadcrumb(&app, Theme { mono: true }, usize::from(width));
                assert!(lines.len() <= CRUMB_ROWS);
                for line in &lines {
                    assert!(
                        line.width() <= usize::from(width),
                        "{lang:?} {width}: {line}"
                    );
                }
                if lines[0].to_string().starts_with(CRUMB_CUT) {
                    shortened += 1;
                }
            }
        }
        assert!(shortened > 0, "the path is long enough to be shortened");
    }

    /// A selected choice and a selected command are drawn the same way: every
    /// cell of their text rows, wrapped indents included, is highlighted.
    #[test]
    fn selected_choices_and_commands_are_one_solid_bar() {
        let fixture = include_str!("../../../tests/fixtures/tui/demo.yaml");
        let catalog = Catalog::from_sources(&[("demo.yaml", fixture)]).expect("valid fixture");
        let theme = Theme { mono: false };
        let width = 24;
        let mut app = App::new(&catalog, Lang::En);
        app.start_with("0xC0DE0074");
        let press = |app: &mut App, c| {
            app.update(Msg::Key(KeyEvent::new(
                KeyCode::Char(c),
                KeyModifiers::NONE,
            )))
        };
        press(&mut app, 'j');
        let question = (body(&app, theme, width, true), app.item);
        press(&mut app, '2');
        let resolution = (body(&app, theme, width, true), app.item);
        for (b, item) in [question, resolution] {
            let rows = b.items[item].clone();
            // A command's rows start with its caution, if any, and end with
            // its explanation, which are not selected.
            let selected: Vec<_> = b.lines[rows]
                .iter()
                .skip_while(|l| l.spans.iter().any(|s| s.style.bg == theme.caution().bg))
                .take_while(|l| l.spans.iter().any(|s| s.style.bg.is_some()))
                .collect();
            assert!(selected.len() > 1, "the item wraps at {width}");
            for line in selected {
                assert_eq!(line.width(), width, "{line}");
                for span in &line.spans {
                    assert_eq!(
                        span.style.bg,
                        theme.selected().bg,
                        "{line}: {:?}",
                        span.content
                    );
                }
            }
        }
    }
}
