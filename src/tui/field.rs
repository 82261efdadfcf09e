//! A one-line text field with a cursor: the search field and the values of
//! the placeholder form both use it.
//!
//! The text never holds control characters (typed or pasted text is cleaned
//! on the way in), so what is drawn is what is stored and the cursor column
//! is simply the display width of the text before it.

use crate::core::sanitize::clean_line;

use super::text;

/// An editing operation on a [`TextField`], from the keymap.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edit {
    Left,
    Right,
    Home,
    End,
    /// Delete the character before the cursor.
    Backspace,
    /// Delete the character under the cursor.
    Delete,
    /// Delete the word before the cursor (Ctrl-W).
    DeleteWord,
    /// Delete from the start to the cursor (Ctrl-U).
    DeleteToStart,
    /// Delete from the cursor to the end (Ctrl-K).
    DeleteToEnd,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TextField {
    text: String,
    /// Byte offset of the cursor in `text`, always on a char boundary.
    cursor: usize,
}

impl TextField {
    /// A field holding `text` (cleaned), the cursor at its end.
    pub fn new(text: &str) -> Self {
        let mut field = TextField::default();
        field.set(text);
        field
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// The cursor as a byte offset into [`TextField::text`].
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Replaces the text (cleaned); the cursor goes to the end.
    pub fn set(&mut self, text: &str) {
        self.text = one_line(text);
        self.cursor = self.text.len();
    }

    pub fn clear(&mut self) {
        self.text.clear();
        self.cursor = 0;
    }

    /// Inserts `text` (made one line and cleaned) at the cursor.
    pub fn insert(&mut self, text: &str) {
        let clean = one_line(text);
        self.text.insert_str(self.cursor, &clean);
        self.cursor += clean.len();
    }

    /// Applies `edit`; returns whether the text changed.
    pub fn edit(&mut self, edit: Edit) -> bool {
        let before = self.text.len();
        match edit {
            Edit::Left => self.cursor = self.prev(self.cursor),
            Edit::Right => self.cursor = self.next(self.cursor),
            Edit::Home => self.cursor = 0,
            Edit::End => self.cursor = self.text.len(),
            Edit::Backspace => {
                let start = self.prev(self.cursor);
                self.text.replace_range(start..self.cursor, "");
                self.cursor = start;
            }
            Edit::Delete => {
                let end = self.next(self.cursor);
                self.text.replace_range(self.cursor..end, "");
            }
            Edit::DeleteWord => {
                let head = &self.text[..self.cursor];
                let trimmed = head.trim_end_matches(char::is_whitespace);
                let start = trimmed
                    .char_indices()
                    .rev()
                    .find(|(_, c)| c.is_whitespace())
                    .map_or(0, |(i, c)| i + c.len_utf8());
                self.text.replace_range(start..self.cursor, "");
                self.cursor = start;
            }
            Edit::DeleteToStart => {
                self.text.replace_range(..self.cursor, "");
                self.cursor = 0;
            }
            Edit::DeleteToEnd => self.text.truncate(self.cursor),
        }
        self.text.len() != before
    }

    fn prev(&self, at: usize) -> usize {
        self.text[..at]
            .chars()
            .next_back()
            .map_or(at, |c| at - c.len_utf8())
    }

    fn next(&self, at: usize) -> usize {
        self.text[at..]
            .chars()
            .next()
            .map_or(at, |c| at + c.len_utf8())
    }

    /// What to draw in `room` cells: the visible part of the text and the
    /// cursor's column in it. The window keeps as much of the text before
    /// the cursor as fits, and one cell for the cursor at the end.
    pub fn window(&self, room: usize) -> (&str, usize) {
        let room = room.max(1);
        // The first char shown: drop chars from the left until the text up
        // to the cursor (plus the cursor cell itself) fits.
        let mut start = 0;
        while start < self.cursor && text::width(&self.text[start..self.cursor]) + 1 > room {
            start = self.next(start);
        }
        let mut end = start;
        let mut used = 0;
        for c in self.text[start..].chars() {
            let w = text::char_width(c);
            if used + w > room {
                break;
            }
            used += w;
            end += c.len_utf8();
        }
        (
            &self.text[start..end],
            text::width(&self.text[start..self.cursor]),
        )
    }
}

/// Pasted or typed text as one clean line: every run of whitespace holding a
/// line break or a tab becomes one space, then control characters and escape
/// sequences go.
pub(crate) fn one_line(text: &str) -> String {
    let is_break = |c: char| {
        matches!(
            c,
            '\n' | '\r' | '\t' | '\u{b}' | '\u{c}' | '\u{85}' | '\u{2028}' | '\u{2029}'
        )
    };
    let mut out = String::with_capacity(text.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        if run.chars().any(is_break) {
            out.push(' ');
        } else {
            out.push_str(run);
        }
        run.clear();
    };
    for c in text.chars() {
        if c.is_whitespace() {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    clean_line(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text with `|` at the cursor.
    fn show(f: &TextField) -> String {
        let mut s = f.text().to_string();
        s.insert(f.cursor(), '|');
        s
    }

    #[test]
    fn typing_inserts_at_the_cursor_and_moves_it() {
        let mut f = TextField::new("kms host");
        assert_eq!(show(&f), "kms host|");
        f.edit(Edit::Home);
        f.insert("new ");
        assert_eq!(show(&f), "new |kms host");
        f.edit(Edit::End);
        f.edit(Edit::Left);
        f.edit(Edit::Left);
        f.insert("X");
        assert_eq!(show(&f), "new kms hoX|st");
        f.edit(Edit::Right);
        f.edit(Edit::Right);
        f.edit(Edit::Right);
        assert_eq!(show(&f), "new kms hoXst|", "Right stops at the end");
        f.edit(Edit::Home);
        f.edit(Edit::Left);
        assert_eq!(show(&f), "|new kms hoXst", "Left stops at the start");
    }

    #[test]
    fn deletes_before_under_and_around_the_cursor() {
        let mut f = TextField::new("décalée");
        f.edit(Edit::Left);
        assert!(f.edit(Edit::Backspace));
        assert_eq!(show(&f), "décal|e");
        assert!(f.edit(Edit::Delete));
        assert_eq!(show(&f), "décal|");
        assert!(!f.edit(Edit::Delete), "nothing under the cursor at the end");
        f.edit(Edit::Home);
        assert!(!f.edit(Edit::Backspace), "nothing before the start");
        f.set("one two  three");
        f.edit(Edit::Left);
        f.edit(Edit::Left);
        f.edit(Edit::DeleteToEnd);
        assert_eq!(show(&f), "one two  thr|");
        f.edit(Edit::DeleteToStart);
        assert_eq!(show(&f), "|");
    }

    #[test]
    fn ctrl_w_deletes_the_previous_word_and_the_spaces_after_it() {
        let mut f = TextField::new("kms host  not found");
        f.edit(Edit::DeleteWord);
        assert_eq!(show(&f), "kms host  not |");
        f.edit(Edit::DeleteWord);
        assert_eq!(show(&f), "kms host  |");
        f.edit(Edit::DeleteWord);
        assert_eq!(show(&f), "kms |");
        // In the middle: only what is before the cursor goes.
        let mut f = TextField::new("kms hostname");
        for _ in 0..4 {
            f.edit(Edit::Left);
        }
        f.edit(Edit::DeleteWord);
        assert_eq!(show(&f), "kms |name");
        f.edit(Edit::DeleteWord);
        f.edit(Edit::DeleteWord);
        assert_eq!(show(&f), "|name");
    }

    #[test]
    fn pasted_line_breaks_and_tabs_become_one_space() {
        assert_eq!(
            one_line("The Software Protection Service reported\r\nthat the computer"),
            "The Software Protection Service reported that the computer"
        );
        assert_eq!(one_line("a\n\n\tb \n c\t"), "a b c ");
        assert_eq!(one_line("two  spaces"), "two  spaces");
        assert_eq!(one_line("bell\x07 and \x1b[31mred"), "bell and red");
        let mut f = TextField::new("error: ");
        f.insert("0xC004F074\nNo KMS");
        assert_eq!(show(&f), "error: 0xC004F074 No KMS|");
    }

    #[test]
    fn the_window_keeps_the_cursor_visible() {
        let f = TextField::new("abcdefghij");
        // At the end: the end shows, with a cell left for the cursor.
        assert_eq!(f.window(5), ("ghij", 4));
        assert_eq!(f.window(20), ("abcdefghij", 10));
        let mut f = f;
        f.edit(Edit::Home);
        assert_eq!(f.window(5), ("abcde", 0));
        for _ in 0..3 {
            f.edit(Edit::Right);
        }
        assert_eq!(f.window(5), ("abcde", 3));
        // Wide characters count for two cells.
        let f = TextField::new("日本語");
        assert_eq!(f.window(5), ("本語", 4));
    }
}
