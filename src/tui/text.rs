//! Word wrapping of styled text, so that every screen knows exactly how many
//! rows its content takes (for scrolling, the cursor and mouse clicks).

use ratatui::style::Style;
use ratatui::text::{Line, Span};

/// Display width of one character (0, 1 or 2 cells).
pub(crate) fn char_width(c: char) -> usize {
    let mut buf = [0u8; 4];
    Span::raw(&*c.encode_utf8(&mut buf)).width()
}

/// Display width of a string.
pub(crate) fn width(s: &str) -> usize {
    Span::raw(s).width()
}

/// Cuts `s` to at most `max` cells, with `…` when something was cut.
pub(crate) fn truncate(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = char_width(c);
        if used + w + 1 > max {
            break;
        }
        out.push(c);
        used += w;
    }
    if max > 0 {
        out.push('…');
    }
    out
}

/// Cuts `s` to at most `max` cells by dropping its start, with `…` first
/// when something was cut (for paths, whose end matters most).
pub(crate) fn truncate_start(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    let mut kept: Vec<char> = Vec::new();
    let mut used = 0;
    for c in s.chars().rev() {
        let w = char_width(c);
        if used + w + 1 > max {
            break;
        }
        kept.push(c);
        used += w;
    }
    let mut out = String::new();
    if max > 0 {
        out.push('…');
    }
    out.extend(kept.into_iter().rev());
    out
}

/// Wraps styled `spans` into lines of at most `width` cells. The first line
/// starts with `first`, the others with `rest` (indents or markers).
pub(crate) fn wrap(
    spans: &[Span<'_>],
    width: usize,
    first: Span<'static>,
    rest: Span<'static>,
) -> Vec<Line<'static>> {
    // Words: runs of (char, style) split at spaces; a space run becomes one
    // break. A no-break space (French typography) stays inside its word.
    let mut words: Vec<Vec<(char, Style)>> = Vec::new();
    let mut current: Vec<(char, Style)> = Vec::new();
    for span in spans {
        for c in span.content.chars() {
            if c.is_whitespace() && !matches!(c, '\u{a0}' | '\u{202f}') {
                if !current.is_empty() {
                    words.push(std::mem::take(&mut current));
                }
            } else {
                current.push((c, span.style));
            }
        }
    }
    if !current.is_empty() {
        words.push(current);
    }
    // French puts a space before : ; ? ! and », which must not start a line:
    // glue such a mark to the word before it.
    let mut glued: Vec<Vec<(char, Style)>> = Vec::with_capacity(words.len());
    for word in words {
        let high_mark = matches!(word.as_slice(), [(':' | ';' | '?' | '!' | '»', _)]);
        match glued.last_mut() {
            Some(prev) if high_mark => {
                let style = prev.last().map(|(_, s)| *s).unwrap_or_default();
                prev.push((' ', style));
                prev.extend(word);
            }
            _ => glued.push(word),
        }
    }
    let words = glued;

    let mut lines: Vec<Line<'static>> = Vec::new();
    let mut line: Vec<(char, Style)> = Vec::new();
    let mut prefix = first;
    let mut used = prefix.width();
    let flush =
        |line: &mut Vec<(char, Style)>, prefix: Span<'static>, lines: &mut Vec<Line<'static>>| {
            let mut out = vec![prefix];
            for (c, style) in line.drain(..) {
                let len = out.len();
                match out.last_mut() {
                    Some(last) if last.style == style && len > 1 => last.content.to_mut().push(c),
                    _ => out.push(Span::styled(c.to_string(), style)),
                }
            }
            lines.push(Line::from(out));
        };
    for word in words {
        let word_width: usize = word.iter().map(|(c, _)| char_width(*c)).sum();
        let space = usize::from(!line.is_empty());
        if !line.is_empty() && used + space + word_width > width {
            flush(&mut line, prefix, &mut lines);
            prefix = rest.clone();
            used = prefix.width();
        } else if !line.is_empty() {
            // The space takes the style of the previous character.
            let style = line.last().map(|(_, s)| *s).unwrap_or_default();
            line.push((' ', style));
            used += 1;
        }
        for (c, style) in word {
            let w = char_width(c);
            if used + w > width && !line.is_empty() {
                flush(&mut line, prefix, &mut lines);
                prefix = rest.clone();
                used = prefix.width();
            }
            line.push((c, style));
            used += w;
        }
    }
    if !line.is_empty() || lines.is_empty() {
        flush(&mut line, prefix, &mut lines);
    }
    lines
}

/// Wraps plain text with a style.
pub(crate) fn wrap_plain(
    text: &str,
    style: Style,
    width: usize,
    indent: usize,
) -> Vec<Line<'static>> {
    let pad = Span::raw(" ".repeat(indent));
    wrap(
        &[Span::styled(text.to_string(), style)],
        width,
        pad.clone(),
        pad,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(lines: &[Line<'_>]) -> Vec<String> {
        lines.iter().map(|l| l.to_string()).collect()
    }

    #[test]
    fn wraps_at_word_boundaries_and_breaks_long_words() {
        let lines = wrap_plain("the quick brown fox", Style::default(), 10, 0);
        assert_eq!(text(&lines), ["the quick", "brown fox"]);
        let lines = wrap_plain("abcdefghijkl", Style::default(), 5, 0);
        assert_eq!(text(&lines), ["abcde", "fghij", "kl"]);
        let lines = wrap(
            &[Span::raw("one two three")],
            8,
            Span::raw("> "),
            Span::raw("  "),
        );
        assert_eq!(text(&lines), ["> one", "  two", "  three"]);
        // A French colon stays with its word.
        let lines = wrap_plain("Cause : abcd", Style::default(), 8, 0);
        assert_eq!(text(&lines), ["Cause :", "abcd"]);
    }

    #[test]
    fn truncates_with_an_ellipsis() {
        assert_eq!(truncate("hello world", 6), "hello…");
        assert_eq!(truncate("hi", 6), "hi");
        assert_eq!(truncate_start("/home/agent/x.md", 8), "…nt/x.md");
        assert_eq!(truncate_start("日本語.md", 6), "…語.md");
        assert_eq!(truncate_start("x.md", 6), "x.md");
    }
}
