//! The wizard's gate to the terminal: after each frame is drawn, every cell
//! whose symbol holds something [`crate::core::sanitize::clean`] would remove (a
//! control character, an escape sequence, a bidi control, an invisible
//! character) is replaced by its cleaned form, or a space.
//!
//! ratatui already drops control characters, but not bidi controls nor
//! zero-width characters; and scrubbing the finished frame covers every view,
//! present and future, whatever text it builds.

use ratatui::buffer::Buffer;

use crate::core::sanitize;

/// Cleans every cell of `buffer`.
pub(super) fn buffer(buffer: &mut Buffer) {
    for cell in buffer.content.iter_mut() {
        if sanitize::is_clean(cell.symbol()) && !cell.symbol().contains(['\n', '\t']) {
            continue;
        }
        let clean = sanitize::clean_line(cell.symbol()).into_owned();
        cell.set_symbol(if clean.is_empty() { " " } else { &clean });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;

    #[test]
    fn cells_with_unsafe_symbols_become_clean() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 6, 1));
        for (x, symbol) in ["a", "\u{202e}", "b\u{200b}", "\u{1b}", "\u{9b}", "\t"]
            .iter()
            .enumerate()
        {
            buf[(x as u16, 0)].set_symbol(symbol);
        }
        buffer(&mut buf);
        let symbols: Vec<&str> = buf.content.iter().map(|c| c.symbol()).collect();
        assert_eq!(symbols, ["a", " ", "b", " ", " ", " "]);
    }
}
