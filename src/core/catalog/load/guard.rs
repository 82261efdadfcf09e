//! Limits and checks on the raw text of a flow file, cheap enough to run
//! before (or instead of) a parse.

use super::super::read::{position_at, MAX_FILE_BYTES};
use super::Position;

/// Refuses a text larger than a flow file may be (files read from disk are
/// refused before they are read; this covers texts handed in directly).
pub(super) fn within_limits(text: &str) -> Result<(), (Position, String)> {
    if text.len() as u64 > MAX_FILE_BYTES {
        return Err((
            Position { line: 1, column: 1 },
            format!(
                "file too large: {} bytes, the limit is {} MiB per flow file",
                text.len(),
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        ));
    }
    if let Some(position) = too_deep_flow(text) {
        return Err((
            position,
            format!(
                "flow collections ('[' or '{{') nested more than {MAX_FLOW_DEPTH} deep: a flow file never needs this"
            ),
        ));
    }
    Ok(())
}

/// Deeper than this, `[`/`{` nesting is refused before the YAML parser sees
/// it. serde_yaml caps nesting at 128, but only once the parser gets the
/// tokens: its scanner first reads every unclosed `[` and `{`, keeping a
/// possible key for each and re-checking them all at every token. Found by
/// the flow_loader fuzz target: 100 KB of `{a: ` took over a minute, and
/// the 4 MiB a file may hold would take hours.
pub(super) const MAX_FLOW_DEPTH: usize = 64;

/// Where `[`/`{` nesting first goes past [`MAX_FLOW_DEPTH`], read the way
/// YAML's flow context reads it: brackets inside quotes and comments do not
/// count, and a line starting in column 1 with anything but a closing
/// bracket or a comma starts over (flow content there would not be valid).
/// Errs towards counting too little: a quote it misreads only hides brackets.
///
/// It reads bytes (its syntax is all ASCII) and decodes a character only
/// where it is not ASCII, to know whether it is white space: the
/// character-by-character reading it replaces was 6 % of a cold load.
fn too_deep_flow(text: &str) -> Option<Position> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut quote: Option<u8> = None;
    // Whether the previous character was a line feed, and white space.
    let (mut after_newline, mut after_space) = (true, true);
    // The character at `i` (a char boundary): white space, and its width.
    let at = |i: usize| -> (bool, usize) {
        match bytes.get(i) {
            Some(&b) if b < 0x80 => (char::from(b).is_whitespace(), 1),
            _ => text
                .get(i..)
                .and_then(|t| t.chars().next())
                .map_or((false, 1), |c| (c.is_whitespace(), c.len_utf8())),
        }
    };
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let (is_space, width) = at(i);
        if let Some(open) = quote {
            if b == open {
                // '' inside single quotes is an escaped quote, not the end.
                if open == b'\'' && bytes.get(i + 1) == Some(&b'\'') {
                    i += 1;
                } else {
                    quote = None;
                }
            } else if b == b'\\' && open == b'"' && i + 1 < bytes.len() {
                i += at(i + 1).1;
            }
            (after_newline, after_space) = (b == b'\n', is_space);
            i += width;
            continue;
        }
        if after_newline && !is_space && !matches!(b, b']' | b'}' | b',' | b'#') {
            depth = 0;
        }
        match b {
            b'#' if after_space => {
                // A comment runs to the end of the line.
                i = bytes[i..]
                    .iter()
                    .position(|&n| n == b'\n')
                    .map_or(bytes.len(), |p| i + p + 1);
                (after_newline, after_space) = (true, true);
                continue;
            }
            b'"' | b'\'' if depth > 0 => quote = Some(b),
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_FLOW_DEPTH {
                    return Some(position_at(text, i));
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        (after_newline, after_space) = (b == b'\n', is_space);
        i += width;
    }
    None
}

/// The first character YAML does not allow in a file (C0 and C1 controls
/// other than tab, line feed, carriage return and NEL; DEL), with where it
/// is. Escapes such as `"\e"` inside double quotes are YAML's business.
pub(super) fn control_character(text: &str) -> Option<(Position, String)> {
    let (offset, c) = text.char_indices().find(|&(_, c)| {
        matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{7f}')
            || (('\u{80}'..='\u{9f}').contains(&c) && c != '\u{85}')
            || c == '\u{fffe}'
            || c == '\u{ffff}'
    })?;
    Some((
        position_at(text, offset),
        format!(
            "control character U+{:04X} is not allowed in a flow file",
            u32::from(c)
        ),
    ))
}

/// Where the second YAML document of `text` starts (a flow file holds one
/// document; serde_yaml refuses more without saying where).
pub(super) fn second_document(text: &str) -> Option<Position> {
    let mut parser = yaml_rust2::parser::Parser::new_from_str(text);
    let mut documents = 0;
    while let Ok((event, mark)) = parser.next_token() {
        match event {
            yaml_rust2::parser::Event::DocumentStart => {
                documents += 1;
                if documents == 2 {
                    return Some(super::tree::position(mark));
                }
            }
            yaml_rust2::parser::Event::StreamEnd => return None,
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reading `too_deep_flow` replaced, character by character: the
    /// reference it must agree with.
    fn char_by_char(text: &str) -> Option<Position> {
        let mut depth = 0usize;
        let mut quote: Option<char> = None;
        let mut previous = '\n';
        let mut chars = text.char_indices().peekable();
        while let Some((offset, c)) = chars.next() {
            if let Some(open) = quote {
                if c == open {
                    // '' inside single quotes is an escaped quote, not the end.
                    if open == '\'' && chars.peek().is_some_and(|&(_, n)| n == '\'') {
                        chars.next();
                    } else {
                        quote = None;
                    }
                } else if c == '\\' && open == '"' {
                    chars.next();
                }
                previous = c;
                continue;
            }
            if previous == '\n' && !c.is_whitespace() && !matches!(c, ']' | '}' | ',' | '#') {
                depth = 0;
            }
            match c {
                '#' if previous.is_whitespace() => {
                    // A comment runs to the end of the line.
                    for (_, n) in chars.by_ref() {
                        if n == '\n' {
                            break;
                        }
                    }
                    previous = '\n';
                    continue;
                }
                '"' | '\'' if depth > 0 => quote = Some(c),
                '[' | '{' => {
                    depth += 1;
                    if depth > MAX_FLOW_DEPTH {
                        return Some(position_at(text, offset));
                    }
                }
                ']' | '}' => depth = depth.saturating_sub(1),
                _ => {}
            }
            previous = c;
        }
        None
    }

    #[test]
    fn reading_bytes_finds_what_reading_characters_found() {
        let pieces = [
            "[", "{", "]", "}", ",", "#", " ", "\n", "'", "''", "\"", "\\", "a", "é", "\u{a0}",
            "\u{2028}", "\t", ": ", "- ",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut found = 0;
        for _ in 0..20_000 {
            // Half of them start near the limit.
            let mut text = "[".repeat(if next() % 2 == 0 { 60 } else { 0 });
            for _ in 0..1 + next() % 200 {
                text.push_str(pieces[(next() % pieces.len() as u64) as usize]);
            }
            let expected = char_by_char(&text);
            found += usize::from(expected.is_some());
            assert_eq!(too_deep_flow(&text), expected, "{text:?}");
        }
        assert!(found > 0, "some inputs go too deep");
    }

    #[test]
    fn the_second_document_is_found() {
        assert_eq!(second_document("a: 1\n"), None);
        assert_eq!(
            second_document("a: 1\n---\nb: 2\n"),
            Some(Position { line: 2, column: 1 })
        );
        assert_eq!(
            second_document("%YAML 1.2\n---\na: 1\n...\n---\nb: 2\n"),
            Some(Position { line: 5, column: 1 })
        );
    }

    #[test]
    fn control_characters_are_found_with_their_position() {
        assert_eq!(control_character("a: b\n\tc: 'é'\r\n"), None);
        let (pos, message) = control_character("a: b\nc: x\u{1b}[1K\n").unwrap();
        assert_eq!(pos, Position { line: 2, column: 5 });
        assert_eq!(
            message,
            "control character U+001B is not allowed in a flow file"
        );
        let (pos, _) = control_character("é\u{9b}").unwrap();
        assert_eq!(pos, Position { line: 1, column: 2 });
    }

    #[test]
    fn huge_texts_are_refused() {
        let text = "#".repeat(MAX_FILE_BYTES as usize + 1);
        assert!(within_limits(&text).is_err());
        assert!(within_limits("family: x").is_ok());
    }

    #[test]
    fn deep_flow_nesting_is_refused_where_it_goes_too_deep() {
        for open in ["[", "{a: ", "{"] {
            // 1 MiB: without the guard, the YAML scanner would take hours.
            let text = format!("family: {}", open.repeat(1024 * 1024 / open.len()));
            let (position, message) = within_limits(&text).unwrap_err();
            let column = "family: ".len() + open.len() * MAX_FLOW_DEPTH + 1;
            assert_eq!(position, Position { line: 1, column }, "{open:?}");
            assert!(message.contains("nested more than 64 deep"), "{message}");
        }
    }

    #[test]
    fn flow_nesting_within_the_limit_or_not_in_flow_is_accepted() {
        let deep_enough = format!("a: {}{}", "[".repeat(64), "]".repeat(64));
        assert!(within_limits(&deep_enough).is_ok());
        // Many balanced collections, one after the other, are not deep.
        assert!(within_limits(&"a: [[x], {b: c}]\n".repeat(10_000)).is_ok());
        // Brackets in quotes, comments and block scalars' prose lines that
        // start a new key do not add up.
        let quoted = format!("a: ['{}', \"{}\"]\n", "[".repeat(100), "{".repeat(100));
        assert!(within_limits(&quoted).is_ok());
        let comment = format!("a: x # {}\n", "[".repeat(100));
        assert!(within_limits(&comment).is_ok());
        let prose = "step: see [the docs\n".repeat(100);
        assert!(within_limits(&prose).is_ok());
        // A quote inside a flow that is never closed hides the rest: that
        // errs towards letting the parser see it, never towards a refusal.
        assert!(within_limits("a: [it's [[[[").is_ok());
    }
}
