//! The evidence box: a multi-line paste area over any screen (F4).
//!
//! A paste arrives either whole (bracketed paste, `Msg::Paste`) or as keys
//! (terminals without bracketed paste, the Windows console): Enter inside
//! it must not act, so in the box Enter only starts a new line and the
//! text is read with Ctrl-D or F4. Esc closes the box without reading and
//! keeps the text, offered again when the box reopens.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::core::evidence::read_text;

/// Most text the box holds: more than any slmgr, event or ipconfig output
/// (the reader itself stops at 4 MiB).
const MAX_BOX_TEXT: usize = 1 << 20;

/// The open evidence box.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PasteBox {
    /// What was pasted or typed, line breaks as `\n`. The cursor is always
    /// at its end.
    pub text: String,
    /// The last read found nothing: the box says so and stays open.
    pub nothing_read: bool,
    /// Text was cut at the cap: nothing more goes in until an edit makes
    /// room, so a later key cannot be glued to a cut paste.
    pub full: bool,
    /// The box was opened from the value form: its facts go into the form.
    from_form: bool,
}

impl PasteBox {
    fn push(&mut self, text: &str) {
        self.nothing_read = false;
        if self.full {
            return;
        }
        let room = MAX_BOX_TEXT.saturating_sub(self.text.len());
        // Windows line ends and lone CRs become `\n`: one kind of break.
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        let mut cut = text.len().min(room);
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        self.text.push_str(&text[..cut]);
        self.full = cut < text.len();
    }

    /// How many lines the text has (an empty box has none).
    pub(crate) fn line_count(&self) -> usize {
        self.text.lines().count()
    }
}

impl<'c> App<'c> {
    /// F4: opens the box, with the text left in it by Esc, if any.
    pub(super) fn open_paste_box(&mut self) {
        self.help = None;
        let draft = std::mem::take(&mut self.paste_draft);
        self.paste_box = Some(PasteBox {
            text: draft.text,
            full: draft.full,
            nothing_read: false,
            from_form: self.form.is_some(),
        });
    }

    /// The box's own actions (those the keymap gives it).
    pub(super) fn act_paste(&mut self, action: Action) {
        match action {
            Action::Escape => {
                if let Some(closed) = self.paste_box.take() {
                    self.paste_draft = closed;
                }
            }
            Action::ReadEvidence => self.read_paste_box(),
            Action::Edit(edit) => self.edit_paste_box(edit),
            _ => {}
        }
    }

    /// A key the keymap does not bind in the box: text, or a line break.
    pub(super) fn paste_box_key(&mut self, key: &KeyEvent) {
        let Some(open) = self.paste_box.as_mut() else {
            return;
        };
        let ctrl_or_alt = key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        match key.code {
            KeyCode::Enter => open.push("\n"),
            // Some terminals send a pasted line break as Ctrl-J or Ctrl-M.
            KeyCode::Char('j' | 'm') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                open.push("\n")
            }
            KeyCode::Tab => open.push("\t"),
            KeyCode::Char(c) if !ctrl_or_alt => open.push(c.encode_utf8(&mut [0; 4])),
            _ => {}
        }
    }

    /// Text pasted while the box is open goes in whole, line breaks kept.
    pub(super) fn paste_into_box(&mut self, text: &str) {
        if let Some(open) = self.paste_box.as_mut() {
            open.push(text);
        }
    }

    fn edit_paste_box(&mut self, edit: Edit) {
        let Some(open) = self.paste_box.as_mut() else {
            return;
        };
        open.nothing_read = false;
        open.full = false;
        let text = &mut open.text;
        match edit {
            Edit::Backspace => {
                text.pop();
            }
            Edit::DeleteWord => {
                let kept = text.trim_end_matches(char::is_whitespace);
                let start = kept
                    .char_indices()
                    .rev()
                    .find(|(_, c)| c.is_whitespace())
                    .map_or(0, |(i, c)| i + c.len_utf8());
                text.truncate(start);
            }
            Edit::DeleteToStart => text.clear(),
            _ => {}
        }
    }

    /// Ctrl-D or F4 in the box: reads the text as evidence. Nothing
    /// recognised: the box stays open and says so. Otherwise the box
    /// closes and the facts are merged with those known, the open flow's
    /// empty values are filled from them (the form's too, when the box was
    /// opened from it), and on the search screen the code the text names
    /// opens (several codes: the search lists them).
    pub(super) fn read_paste_box(&mut self) {
        let Some(open) = self.paste_box.as_mut() else {
            return;
        };
        let read = read_text(&open.text);
        if read.facts.is_empty() && read.codes.is_empty() {
            open.nothing_read = true;
            return;
        }
        let Some(open) = self.paste_box.take() else {
            return;
        };
        if open.from_form && self.form.is_some() && self.fill_form_from_evidence(&open.text) {
            return;
        }
        let codes: Vec<Code> = read.codes.iter().map(|seen| seen.code).collect();
        let new = self.evidence.add(read);
        let facts = self.evidence.evidence.facts.len();
        if self.screen == Screen::Search && self.form.is_none() {
            self.search_codes_read(&codes);
        }
        self.prefill_from_evidence();
        self.status = Some(Status::Evidence { new, facts });
    }

    /// Opens the code when `codes` name exactly one code with a flow
    /// (a code seen on several lines counts once); says whether it did.
    pub(super) fn open_the_one_known(&mut self, codes: &[Code]) -> bool {
        let mut known: Vec<Code> = Vec::new();
        for code in codes {
            if !known.contains(code) && self.catalog.get(*code).is_some() {
                known.push(*code);
            }
        }
        let [code] = known[..] else {
            return false;
        };
        self.query.set(&code.to_string());
        self.research();
        self.open(code);
        true
    }

    /// On the search screen: one known code read opens it; several fill
    /// the search with them (known or not, so that an unknown one is said).
    fn search_codes_read(&mut self, codes: &[Code]) {
        let mut unique: Vec<Code> = Vec::new();
        for code in codes {
            if !unique.contains(code) {
                unique.push(*code);
            }
        }
        if !self.open_the_one_known(&unique) && !unique.is_empty() {
            let query: Vec<String> = unique.iter().map(Code::to_string).collect();
            self.query.set(&query.join(" "));
            self.research();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{catalog, measured, press, typed};
    use super::*;

    const DLV: &str = include_str!("../../../tests/fixtures/evidence/slmgr-dlv-client.txt");
    const EVENT_12288: &str =
        include_str!("../../../tests/fixtures/evidence/event-12288-no-response.txt");

    fn key(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    fn ctrl_d(app: &mut App) {
        app.update(Msg::Key(key(KeyCode::Char('d'), KeyModifiers::CONTROL)));
        measured(app);
    }

    /// Text as a terminal without bracketed paste sends it: one key per
    /// character, Enter for each line break.
    fn as_keys(text: &str) -> Vec<KeyEvent> {
        text.chars()
            .filter(|c| *c != '\r')
            .map(|c| match c {
                '\n' => key(KeyCode::Enter, KeyModifiers::NONE),
                c => key(KeyCode::Char(c), KeyModifiers::NONE),
            })
            .collect()
    }

    #[test]
    fn f4_opens_the_box_from_every_screen_and_esc_keeps_the_text() {
        let catalog = catalog();
        let mut app = App::new(&catalog, Lang::En);
        press(&mut app, KeyCode::F(4));
        assert_eq!(app.ctx(), Ctx::Paste);
        // Letters, q and digits are text here; Enter is a line break.
        typed(&mut app, "q1 L?");
        press(&mut app, KeyCode::Enter);
        typed(&mut app, "x");
        assert!(!app.quit);
        assert_eq!(
            app.paste_box.as_ref().map(|b| b.text.as_str()),
            Some("q1 L?\nx")
        );
        press(&mut app, KeyCode::Backspace);
        press(&mut app, KeyCode::Esc);
        assert_eq!(app.ctx(), Ctx::Search);
        assert_eq!(app.query.text(), "", "nothing leaked into the search");
        // Reopened: the text is still there.
        press(&mut app, KeyCode::F(4));
        assert_eq!(
            app.paste_box.as_ref().map(|b| b.text.as_str()),
            Some("q1 L?\n")
        );
        app.update(Msg::Key(key(KeyCode::Char('u'), KeyModifiers::CONTROL)));
        assert_eq!(app.paste_box.as_ref().map(|b| b.text.as_str()), Some(""));
        press(&mut app, KeyCode::Esc);
        // From a question, a resolution, the form and the help.
        app.start_with("0xC0DE0074");
        for setup in [
            &(|_: &mut App| {}) as &dyn Fn(&mut App),
            &|app: &mut App| {
                press(app, KeyCode::F(1));
            },
            &|app: &mut App| {
                press(app, KeyCode::Char('2'));
            },
            &|app: &mut App| {
                press(app, KeyCode::Char('c'));
            },
        ] {
            setup(&mut app);
            let before = app.ctx();
            press(&mut app, KeyCode::F(4));
            assert_eq!(app.ctx(), Ctx::Paste, "from {before:?}");
            press(&mut app, KeyCode::Esc);
            let back = if before == Ctx::Help {
                Ctx::Question
            } else {
                before
            };
            assert_eq!(app.ctx(), back);
        }
        assert_eq!(
            app.walk.as_ref().map(|w| w.path().len()),
            Some(1),
            "walk kept"
        );
    }

    #[test]
    fn a_bracketed_paste_and_an_unbracketed_one_fill_the_box_alike() {
        let catalog = catalog();
        // The fixture has Windows line ends, as a copy on Windows would.
        let dlv = DLV.replace("\r\n", "\n");
        let mut bracketed = App::new(&catalog, Lang::En);
        press(&mut bracketed, KeyCode::F(4));
        bracketed.update(Msg::Paste(DLV.to_string()));
        let mut keys = App::new(&catalog, Lang::En);
        press(&mut keys, KeyCode::F(4));
        // Enter inside the burst neither closes the box nor reads it.
        keys.update(Msg::KeyBurst(as_keys(&dlv)));
        assert_eq!(keys.ctx(), Ctx::Paste);
        let text = |app: &App| app.paste_box.as_ref().map(|b| b.text.clone());
        assert_eq!(text(&bracketed), Some(dlv));
        assert_eq!(text(&keys), text(&bracketed));
        assert!(keys.evidence.is_empty(), "not read before Ctrl-D");
    }

    #[test]
    fn the_box_stops_at_its_cap_on_a_character_boundary_and_still_reads() {
        let catalog = catalog();
        let mut app = App::new(&catalog, Lang::En);
        press(&mut app, KeyCode::F(4));
        app.update(Msg::Paste(DLV.to_string()));
        // Three-byte characters: the cap (a power of two) falls inside one.
        let flood = "€".repeat(MAX_BOX_TEXT / 3 + 10);
        app.update(Msg::Paste(flood));
        app.update(Msg::Paste("more".into()));
        typed(&mut app, "x");
        press(&mut app, KeyCode::Enter);
        let text = app.paste_box.as_ref().map(|b| b.text.clone()).unwrap();
        assert!(text.len() <= MAX_BOX_TEXT, "{}", text.len());
        assert!(text.len() > MAX_BOX_TEXT - 3, "filled up to the cap");
        assert!(
            text.ends_with('€'),
            "nothing after the cap, no half character"
        );
        assert!(app.paste_box.as_ref().is_some_and(|b| b.full));
        // Closed with Esc and opened again, it is still full.
        press(&mut app, KeyCode::Esc);
        press(&mut app, KeyCode::F(4));
        assert!(app.paste_box.as_ref().is_some_and(|b| b.full));
        // An edit makes room again.
        press(&mut app, KeyCode::Backspace);
        typed(&mut app, "y");
        let text = app.paste_box.as_ref().map(|b| b.text.clone()).unwrap();
        assert!(text.ends_with("€y"));
        // What came before the flood is read as usual.
        ctrl_d(&mut app);
        assert!(app.evidence.evidence.fact("kms_host").is_some());
    }

    #[test]
    fn ctrl_d_reads_the_box_and_the_facts_fill_the_flow() {
        let catalog = catalog();
        let mut app = App::new(&catalog, Lang::En);
        app.start_with("0xC0DE0039");
        press(&mut app, KeyCode::F(4));
        app.update(Msg::Paste(DLV.into()));
        ctrl_d(&mut app);
        assert_eq!(app.ctx(), Ctx::Question, "the box closed");
        let host = app
            .evidence
            .evidence
            .fact("kms_host")
            .map(|f| f.value.clone());
        assert_eq!(host.as_deref(), Some("kms01.contoso.com"));
        assert_eq!(
            app.evidence
                .evidence
                .fact("partial_product_key")
                .map(|f| f.value.as_str()),
            Some("2YT43")
        );
        assert!(
            matches!(app.status, Some(Status::Evidence { new, facts }) if new > 5 && facts == new)
        );
        // The flow's host is filled and marked as from evidence.
        let origin = app.evidence.origin_of("kms_host", &app.values);
        assert_eq!(
            origin.map(|o| o.to_string()),
            Some("slmgr /dlv, line 24".into())
        );
        // F4 in the box reads too; reading again adds nothing new.
        press(&mut app, KeyCode::F(4));
        assert!(app.paste_box.as_ref().is_some_and(|b| b.text.is_empty()));
        app.update(Msg::Paste(DLV.into()));
        press(&mut app, KeyCode::F(4));
        assert!(matches!(app.status, Some(Status::Evidence { new: 0, .. })));
    }

    #[test]
    fn text_with_nothing_to_read_keeps_the_box_open() {
        let catalog = catalog();
        let mut app = App::new(&catalog, Lang::En);
        press(&mut app, KeyCode::F(4));
        typed(&mut app, "the caller says it fails");
        ctrl_d(&mut app);
        assert_eq!(app.ctx(), Ctx::Paste);
        assert!(app.paste_box.as_ref().is_some_and(|b| b.nothing_read));
        assert!(app.evidence.is_empty());
        // Typing more clears the notice.
        typed(&mut app, ".");
        assert!(app.paste_box.as_ref().is_some_and(|b| !b.nothing_read));
    }

    #[test]
    fn from_the_search_a_single_code_opens_and_several_are_searched() {
        let catalog = catalog();
        let mut app = App::new(&catalog, Lang::En);
        press(&mut app, KeyCode::F(4));
        app.update(Msg::KeyBurst(as_keys(&format!(
            "Activation failed: 0xC0DE0074\n{EVENT_12288}"
        ))));
        ctrl_d(&mut app);
        assert_eq!(app.ctx(), Ctx::Question);
        assert_eq!(app.walk.as_ref().map(|w| w.code()), Some(Code(0xC0DE0074)));
        assert!(matches!(app.status, Some(Status::Evidence { .. })));
        // Two known codes: the search lists both, nothing opens.
        let mut app = App::new(&catalog, Lang::En);
        press(&mut app, KeyCode::F(4));
        app.update(Msg::Paste("0xC0DE0074 then 0xC0DE0039".into()));
        ctrl_d(&mut app);
        assert_eq!(app.ctx(), Ctx::Search);
        assert_eq!(app.query.text(), "0xC0DE0074 0xC0DE0039");
        let listed: Vec<Code> = app.outcome.hits.iter().map(|h| h.code).collect();
        assert!(listed.contains(&Code(0xC0DE0074)) && listed.contains(&Code(0xC0DE0039)));
    }

    #[test]
    fn opened_from_the_form_the_facts_fill_its_fields() {
        let catalog = catalog();
        let mut app = App::new(&catalog, Lang::En);
        app.start_with("0xC0DE0074");
        press(&mut app, KeyCode::Char('2'));
        press(&mut app, KeyCode::Char('c'));
        assert_eq!(app.ctx(), Ctx::Form);
        press(&mut app, KeyCode::F(4));
        app.update(Msg::Paste(EVENT_12288.into()));
        ctrl_d(&mut app);
        assert_eq!(app.ctx(), Ctx::Form);
        let form = app.form.as_ref().expect("the form stays open");
        let values: Vec<&str> = form.fields.iter().map(|f| f.value.text()).collect();
        assert_eq!(values, vec!["kms-old.contoso.com", "1688"]);
    }
}
