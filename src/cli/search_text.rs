//! Text rendering of search results, with the matched letters highlighted
//! in a terminal.

use std::fmt::Write;
use std::ops::Range;

use crate::core::catalog::{Catalog, Lang};
use crate::core::sanitize::clean_line;
use crate::core::search::{Field, Hit};
use crate::strings::strings;

/// How matched letters are shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Highlight {
    /// Bold and underlined (ANSI), for a terminal.
    Ansi,
    /// Not marked: for pipes, files, NO_COLOR and --no-color. The matched
    /// field is still named, so the reason for the match stays visible.
    None,
}

impl Highlight {
    /// ANSI only when stdout is a terminal and colour is not turned off.
    pub(crate) fn for_stdout(no_color: bool) -> Highlight {
        let no_color_env = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        if !no_color && !no_color_env && crate::output::stdout_is_terminal() {
            Highlight::Ansi
        } else {
            Highlight::None
        }
    }
}

/// `text` with the characters in `ranges` marked.
pub(super) fn mark(text: &str, ranges: &[Range<usize>], style: Highlight) -> String {
    if style == Highlight::None || ranges.is_empty() {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + ranges.len() * 10);
    let mut inside = false;
    for (i, c) in text.chars().enumerate() {
        let hit = ranges.iter().any(|r| r.contains(&i));
        if hit && !inside {
            out.push_str(crate::output::HIGHLIGHT_ON);
        } else if !hit && inside {
            out.push_str(crate::output::HIGHLIGHT_OFF);
        }
        inside = hit;
        out.push(c);
    }
    if inside {
        out.push_str(crate::output::HIGHLIGHT_OFF);
    }
    out
}

fn field_label(field: Field, lang: Lang) -> &'static str {
    let s = strings(lang);
    match field {
        Field::Code => s.field_code,
        Field::Message => s.message,
        Field::Alias => s.field_alias,
        Field::Keyword => s.keywords,
        Field::Symptom => s.symptoms,
        Field::Cause => s.cause,
    }
}

/// One block per hit: rank, code, family, message; then, when the match
/// was not in that message, the text that matched and which field it is.
pub(super) fn results(catalog: &Catalog, hits: &[Hit], style: Highlight, lang: Lang) -> String {
    let mut out = String::new();
    let width = hits
        .iter()
        .filter_map(|h| {
            catalog
                .card(h.code)
                .map(|(_, family)| family.chars().count())
        })
        .max()
        .unwrap_or(0);
    for (rank, hit) in hits.iter().enumerate() {
        // The entry alone: the file's trees are not needed here.
        let Some((entry, family)) = catalog.card(hit.code) else {
            continue;
        };
        let matched = &hit.matched;
        // Ranges index the sanitized text only if sanitizing changed nothing.
        let clean = clean_line(&matched.text);
        let ranges: &[Range<usize>] = if clean == matched.text.as_str() {
            &matched.ranges
        } else {
            &[]
        };
        let code = if matched.field == Field::Code {
            mark(&entry.code.to_string(), ranges, style)
        } else {
            entry.code.to_string()
        };
        let message_in_lang =
            matched.field == Field::Message && matched.lang.is_none_or(|l| l == lang);
        let message = if message_in_lang {
            mark(&clean, ranges, style)
        } else {
            clean_line(entry.messages.get(lang)).into_owned()
        };
        let _ = writeln!(out, "{:>2}. {code}  {:width$}  {message}", rank + 1, family);
        if matched.field != Field::Code && !message_in_lang {
            let which = match matched.lang {
                Some(l) => format!("{} ({l})", field_label(matched.field, lang)),
                None => field_label(matched.field, lang).to_string(),
            };
            let _ = writeln!(
                out,
                "      {} {}",
                crate::strings::colon(lang, &which),
                mark(&clean, ranges, style)
            );
        }
        if let Some(line) = crate::printable::same_tree(&catalog.same_tree(hit.code), lang) {
            let _ = writeln!(out, "      {line}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_character_ranges_not_bytes() {
        let marked = mark("Accès refusé", &[0..5, 6..12], Highlight::Ansi);
        assert_eq!(
            marked,
            "\u{1b}[1;4mAccès\u{1b}[0m \u{1b}[1;4mrefusé\u{1b}[0m"
        );
    }

    #[test]
    fn no_style_leaves_text_alone() {
        let first = std::iter::once(0..1).collect::<Vec<_>>();
        assert_eq!(mark("abc", &first, Highlight::None), "abc");
    }
}
