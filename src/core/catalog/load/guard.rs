//! Limits and checks on the raw text of a flow file, cheap enough to run
//! before (or instead of) a parse.

use super::super::read::{position_at, MAX_FILE_BYTES};
use super::Position;

/// Refuses a text larger than a flow file may be (files read from disk are
/// refused before they are read; this covers texts handed in directly).
pub fn within_limits(text: &str) -> Result<(), (Position, String)> {
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
    Ok(())
}

/// The first character YAML does not allow in a file (C0 and C1 controls
/// other than tab, line feed, carriage return and NEL; DEL), with where it
/// is. Escapes such as `"\e"` inside double quotes are YAML's business.
pub fn control_character(text: &str) -> Option<(Position, String)> {
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
pub fn second_document(text: &str) -> Option<Position> {
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
}
