//! The search screen: the field, ranked results and a preview of the
//! selected code.

use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

use super::{fit, highlighted, text, Theme, MARK, NO_MARK};
use crate::core::catalog::{Lang, Node};
use crate::core::sanitize::clean_line;
use crate::core::shared_message;
use crate::printable;
use crate::strings::strings;
use crate::tui::app::App;
use crate::tui::finder::Field;
use crate::tui::layout::SearchLayout;
use crate::tui::says;

pub(crate) fn layout(app: &App, body: Rect) -> SearchLayout {
    let notice_rows = u16::from(!app.outcome.unknown_codes.is_empty());
    let rest = body.height.saturating_sub(3 + notice_rows);
    // Results take what they need, the preview what it needs; when both do
    // not fit, the preview gets at most half (and results at least 4 rows).
    let want_results = app.outcome.hits.len().max(1) as u16 + 1;
    let want_preview = match app.outcome.hits.get(app.selected) {
        Some(hit) => {
            let lines = preview_lines(app, Theme { mono: true }, hit.code, usize::from(body.width));
            lines.len() as u16 + 1
        }
        None => 0,
    };
    let results_rows = if want_results + want_preview <= rest {
        // Both fit: the preview follows the results, the space is left below.
        want_results.max(rest.min(4))
    } else {
        let preview_rows = want_preview.min((rest / 2).max(rest.saturating_sub(want_results)));
        (rest - preview_rows).max(rest.min(4))
    };
    let [field, notice, results_block, preview] = Layout::vertical([
        Constraint::Length(3),
        Constraint::Length(notice_rows),
        Constraint::Length(results_rows),
        Constraint::Min(0),
    ])
    .areas(body);
    let results = Rect {
        y: results_block.y + 1,
        height: results_block.height.saturating_sub(1),
        ..results_block
    };
    SearchLayout {
        field,
        notice: (notice_rows > 0).then_some(notice),
        results_block,
        results,
        preview,
    }
}

pub(crate) fn draw(
    frame: &mut Frame,
    app: &App,
    theme: Theme,
    l: &SearchLayout,
    body: Rect,
) -> Position {
    let s = strings(app.lang);
    let width = usize::from(body.width);

    // The field.
    let block = Block::bordered().title(Span::styled(
        format!(" {} ", s.tui_search_label),
        theme.heading(),
    ));
    let inner = block.inner(l.field);
    // The part of a long query around the cursor; the cursor at the edit point.
    let (shown, column) = app
        .query
        .window(usize::from(inner.width).saturating_sub(text::width(MARK)));
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::raw(MARK),
            Span::styled(shown.to_string(), theme.strong()),
        ]))
        .block(block),
        l.field,
    );
    let cursor = Position::new(inner.x + (text::width(MARK) + column) as u16, inner.y);

    // Unknown code notice.
    if let (Some(area), Some(unknown)) = (l.notice, app.outcome.unknown_codes.first()) {
        let nearest: Vec<String> = unknown.nearest.iter().map(|c| c.to_string()).collect();
        let line = format!(
            " ! {} {}, {} {}",
            s.unknown_code,
            unknown.code,
            s.tui_unknown_nearest,
            nearest.join(", ")
        );
        frame.render_widget(
            Paragraph::new(Line::styled(text::truncate(&line, width), theme.error())),
            area,
        );
    }

    // Results.
    let hits = &app.outcome.hits;
    let title = if app.query.text().trim().is_empty() && !hits.is_empty() {
        format!(
            " {} ",
            says::every_code(app.lang, hits.len(), app.listed_recent > 0)
        )
    } else {
        format!(" {} ({}) ", s.tui_results, hits.len())
    };
    frame.render_widget(
        Block::new()
            .borders(Borders::TOP)
            .title(Span::styled(title, theme.heading())),
        l.results_block,
    );
    let rows = usize::from(l.results.height);
    let first = l.first_shown(app.selected);
    let mut lines = Vec::new();
    if hits.is_empty() {
        let hint = if app.query.text().trim().is_empty() {
            s.tui_search_hint
        } else {
            s.no_results
        };
        lines.extend(text::wrap_plain(hint, theme.dim(), width, 1));
    }
    for (i, hit) in hits.iter().enumerate().skip(first).take(rows) {
        lines.push(result_line(app, theme, i, hit, width));
    }
    frame.render_widget(Paragraph::new(lines), l.results);

    // Preview.
    if let Some(hit) = hits.get(app.selected) {
        preview(frame, app, theme, hit.code, l.preview);
    }
    cursor
}

fn result_line(
    app: &App,
    theme: Theme,
    i: usize,
    hit: &crate::tui::finder::Hit,
    width: usize,
) -> Line<'static> {
    let selected = i == app.selected;
    let base = if selected {
        theme.selected()
    } else {
        Default::default()
    };
    let Some((entry, family)) = app.catalog.card(hit.code) else {
        return Line::raw("");
    };
    let m = &hit.matched;
    let mut spans = vec![Span::styled(if selected { MARK } else { NO_MARK }, base)];
    let code = entry.code.to_string();
    if m.field == Field::Code {
        spans.extend(highlighted(&code, &m.ranges, base, theme.matched()));
    } else {
        spans.push(Span::styled(code, base));
    }
    // Families line up in a column.
    let column = app
        .outcome
        .hits
        .iter()
        .filter_map(|h| app.catalog.card(h.code))
        .map(|(_, family)| text::width(family))
        .max()
        .unwrap_or(0)
        .min(12);
    let group = group_label(app, i, family);
    let pad = " ".repeat(column.saturating_sub(text::width(&group)));
    spans.push(Span::styled(
        format!("  {group}{pad}  "),
        base.patch(theme.dim()),
    ));
    let message = clean_line(entry.messages.get(app.lang)).into_owned();
    let in_message = m.field == Field::Message && m.lang.is_none_or(|l| l == app.lang);
    // The part of the message that tells the code apart, unless the match
    // is in the preamble it shares with other codes.
    let preamble = preamble_chars(app, hit.code);
    let (message, ranges) =
        if preamble > 0 && !(in_message && m.ranges.iter().any(|r| r.start < preamble)) {
            let rest: String = message.chars().skip(preamble).collect();
            // The ranges are in the message only when the match is (and then
            // none starts in the preamble); "…" takes one character.
            let shifted: Vec<std::ops::Range<usize>> = if in_message {
                m.ranges
                    .iter()
                    .map(|r| r.start + 1 - preamble..r.end + 1 - preamble)
                    .collect()
            } else {
                Vec::new()
            };
            (format!("…{rest}"), shifted)
        } else {
            (message, m.ranges.clone())
        };
    if in_message {
        spans.extend(highlighted(&message, &ranges, base, theme.matched()));
    } else if m.field != Field::Code {
        spans.push(Span::styled("“", base));
        spans.extend(highlighted(
            &clean_line(&m.text),
            &m.ranges,
            base,
            theme.matched(),
        ));
        spans.push(Span::styled("” ", base));
        spans.push(Span::styled(message, base));
    } else {
        spans.push(Span::styled(message, base));
    }
    let mut line = fit(spans, width);
    if selected {
        // Fill the row so the selection reads as a bar.
        let used = line.width();
        line.spans
            .push(Span::styled(" ".repeat(width.saturating_sub(used)), base));
    }
    line
}

/// The family column of row `i`. The empty query's list is grouped: the
/// recent codes, then each family, named on the first row of its group.
fn group_label(app: &App, i: usize, family: &str) -> String {
    if !app.query.text().trim().is_empty() {
        return family.to_string();
    }
    let recent = app.listed_recent;
    if i < recent {
        return if i == 0 {
            says::recent(app.lang)
        } else {
            String::new()
        };
    }
    let previous = (i > recent)
        .then(|| app.outcome.hits.get(i - 1))
        .flatten()
        .and_then(|h| app.catalog.card(h.code))
        .map(|(_, family)| family);
    if previous == Some(family) {
        String::new()
    } else {
        family.to_string()
    }
}

/// How many characters of `code`'s message (as shown) are a preamble
/// shared with other codes; 0 when none.
fn preamble_chars(app: &App, code: crate::core::catalog::Code) -> usize {
    shared_message::parts(app.catalog, code, app.lang)
        .filter(|p| !p.preamble.is_empty())
        .map(|p| {
            let shown = clean_line(
                app.catalog
                    .card(code)
                    .map_or("", |(e, _)| e.messages.get(app.lang)),
            )
            .into_owned();
            let distinct = clean_line(p.distinct).into_owned();
            // The preamble as shown: what comes before the distinct part.
            shown
                .strip_suffix(distinct.as_str())
                .map_or(0, |before| before.chars().count())
        })
        .unwrap_or(0)
}

fn preview(
    frame: &mut Frame,
    app: &App,
    theme: Theme,
    code: crate::core::catalog::Code,
    area: Rect,
) {
    let s = strings(app.lang);
    let title = format!(" {} · {code} ", s.tui_preview);
    let block = Block::new()
        .borders(Borders::TOP)
        .title(Span::styled(title, theme.heading()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let lines = preview_lines(app, theme, code, usize::from(inner.width));
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The preview of `code`: family, message in both languages, activation
/// types and what the wizard asks first.
fn preview_lines(
    app: &App,
    theme: Theme,
    code: crate::core::catalog::Code,
    width: usize,
) -> Vec<Line<'static>> {
    let s = strings(app.lang);
    let Some((entry, flow)) = app.catalog.get(code) else {
        return Vec::new();
    };
    let mut lines = Vec::new();
    lines.extend(text::wrap(
        &[
            Span::styled(super::colon(app.lang, s.family), theme.strong()),
            Span::raw(printable::family(flow, app.lang)),
        ],
        width,
        Span::raw(" "),
        Span::raw("   "),
    ));
    let siblings = app.catalog.same_tree(code);
    if !siblings.is_empty() {
        let codes: Vec<String> = siblings.iter().map(|c| c.to_string()).collect();
        lines.extend(text::wrap(
            &[
                Span::styled(
                    super::colon(app.lang, &printable::capitalized(s.same_tree_as)),
                    theme.strong(),
                ),
                Span::raw(codes.join(", ")),
            ],
            width,
            Span::raw(" "),
            Span::raw("   "),
        ));
    }
    // Codes with the same message: whether it matters which one it is.
    if let Some(parts) = shared_message::parts(app.catalog, code, app.lang)
        .filter(shared_message::MessageParts::is_shared)
    {
        let codes: Vec<String> = parts
            .same_message
            .iter()
            .map(|s| s.code.to_string())
            .collect();
        let style = if parts.trees_differ() {
            theme.caution()
        } else {
            theme.strong()
        };
        lines.extend(text::wrap(
            &[Span::styled(
                says::same_message(app.lang, &codes.join(", "), parts.trees_differ()),
                style,
            )],
            width,
            Span::raw(" "),
            Span::raw("   "),
        ));
    }
    // A code a team or the user added says where it comes from.
    if let Some(source) = app
        .catalog
        .source_of(code)
        .filter(|s| s.layer != crate::core::catalog::LayerKind::Builtin)
    {
        lines.extend(text::wrap(
            &[
                Span::styled(super::colon(app.lang, s.code_from), theme.strong()),
                Span::raw(format!(
                    "{} {}, {}",
                    s.layer,
                    crate::strings::layer_name(source.layer, app.lang),
                    clean_line(source.file)
                )),
            ],
            width,
            Span::raw(" "),
            Span::raw("   "),
        ));
    }
    // The message in both languages, the current one first.
    for lang in [app.lang, app.lang.other()] {
        let label = match lang {
            Lang::En => "EN ",
            Lang::Fr => "FR ",
        };
        let mut spans = vec![
            Span::styled(label, theme.strong()),
            Span::raw(clean_line(entry.messages.get(lang)).into_owned()),
        ];
        if entry.unofficial_messages.contains(&lang) {
            spans.push(Span::styled(
                format!(" ({})", s.unofficial_translation),
                theme.dim(),
            ));
        }
        lines.extend(text::wrap(&spans, width, Span::raw(" "), Span::raw("    ")));
    }
    lines.extend(text::wrap(
        &[
            Span::styled(super::colon(app.lang, s.activation_types), theme.strong()),
            Span::raw(printable::activation_types(entry, app.lang)),
        ],
        width,
        Span::raw(" "),
        Span::raw("   "),
    ));
    let first = match flow.node(&entry.start) {
        Some(Node::Question(q)) => (
            s.tui_first_question,
            clean_line(q.text.get(app.lang)).into_owned(),
        ),
        Some(Node::Resolution(r)) => (
            s.tui_straight_to,
            clean_line(r.title.get(app.lang)).into_owned(),
        ),
        None => (s.tui_flow_broken, entry.start.clone()),
    };
    lines.extend(text::wrap(
        &[
            Span::styled(super::colon(app.lang, first.0), theme.strong()),
            Span::raw(first.1),
        ],
        width,
        Span::raw(" "),
        Span::raw("   "),
    ));
    lines
}
