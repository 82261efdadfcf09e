//! Keys, pastes and typing: from a terminal event to an action or an edit.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::*;

impl<'c> App<'c> {
    pub(super) fn key(&mut self, key: KeyEvent) -> Vec<Effect> {
        if key.kind == KeyEventKind::Release {
            return Vec::new();
        }
        let ctx = self.ctx();
        // In the help, q closes it but Ctrl-C still quits.
        if ctx == Ctx::Help
            && key.code == KeyCode::Char('c')
            && key.modifiers.contains(KeyModifiers::CONTROL)
        {
            self.help = None;
            return self.act(Action::Quit);
        }
        // A question asked on the status line takes the next key.
        match self.status {
            Some(Status::ConfirmQuit) => {
                self.status = None;
                // q also where it would be typed (the search field).
                let q = key.code == KeyCode::Char('q') && typed_char(&key).is_some();
                if q || keys::lookup(&key, ctx) == Some(Action::Quit) {
                    self.quit = true;
                }
                return Vec::new();
            }
            Some(Status::GoTo(_)) => {
                self.status = None;
                if let Some(Action::Choose(n)) = keys::lookup(&key, ctx) {
                    self.go_to(usize::from(n));
                }
                return Vec::new();
            }
            _ => {}
        }
        if let Some(action) = keys::lookup(&key, ctx) {
            return self.act(action);
        }
        if ctx == Ctx::Paste {
            self.paste_box_key(&key);
            return Vec::new();
        }
        if ctx.is_text_field() {
            if let Some(c) = typed_char(&key) {
                self.type_text(&c.to_string());
            }
        }
        Vec::new()
    }

    /// Keys that arrived all at once. In a text field, when they are text
    /// with line breaks or tabs inside (a multi-line paste without bracketed
    /// paste), they are pasted as one line, so that a line break neither
    /// opens a result nor glues two words; otherwise each key acts in turn.
    pub(super) fn key_burst(&mut self, keys: Vec<KeyEvent>) -> Vec<Effect> {
        // In the evidence box every key is itself: Enter is a line break.
        let in_box = self.ctx() == Ctx::Paste;
        if !in_box && (self.ctx().is_text_field() || self.takes_evidence()) {
            if let Some(text) = pasted_text(&keys) {
                self.paste(&text);
                return Vec::new();
            }
        }
        // Runs of characters typed into a field go in at once: one search
        // per run, not one per key (5 KB of keys would take seconds).
        let mut effects = Vec::new();
        let mut run = String::new();
        for key in keys {
            let typed = (key.kind != KeyEventKind::Release
                && self.ctx().is_text_field()
                && self.ctx() != Ctx::Paste
                && keys::lookup(&key, self.ctx()).is_none())
            .then(|| typed_char(&key))
            .flatten();
            match typed {
                Some(c) => run.push(c),
                None => {
                    if !run.is_empty() {
                        self.type_text(&std::mem::take(&mut run));
                    }
                    effects.extend(self.key(key));
                }
            }
        }
        if !run.is_empty() {
            self.type_text(&run);
        }
        effects
    }

    pub(super) fn paste(&mut self, text: &str) {
        if self.ctx() == Ctx::Paste {
            self.paste_into_box(text);
            return;
        }
        if self.takes_evidence() && self.add_evidence(text) {
            return;
        }
        // Evidence pasted into the value form fills the fields it can.
        if self.ctx() == Ctx::Form && self.fill_form_from_evidence(text) {
            return;
        }
        if self.ctx().is_text_field() {
            self.type_text(text);
        }
    }

    /// Whether a paste here may be evidence: on the search screen, a
    /// question or a resolution (a value typed in the form is a value).
    fn takes_evidence(&self) -> bool {
        matches!(self.ctx(), Ctx::Search | Ctx::Question | Ctx::Resolution)
    }

    /// Reads pasted text as evidence. `false` when it holds no fact (then
    /// on the search screen it is a query, as before). The facts are merged
    /// with those known; on the search screen, the code they name opens
    /// when there is one with a flow.
    pub(super) fn add_evidence(&mut self, text: &str) -> bool {
        let read = crate::core::evidence::read_text(text);
        if read.facts.is_empty() {
            return false;
        }
        let new = self.evidence.add(read);
        let facts = self.evidence.evidence.facts.len();
        if self.screen == Screen::Search {
            let codes: Vec<Code> = self
                .evidence
                .evidence
                .codes
                .iter()
                .map(|c| c.code)
                .collect();
            self.open_the_one_known(&codes);
        }
        self.prefill_from_evidence();
        self.status = Some(Status::Evidence { new, facts });
        true
    }

    /// The field typing goes to: the focused form value or the search query.
    pub(super) fn field_mut(&mut self) -> Option<&mut TextField> {
        match (&mut self.form, self.screen) {
            (Some(form), _) => form.fields.get_mut(form.focus).map(|f| &mut f.value),
            (None, Screen::Search) => Some(&mut self.query),
            _ => None,
        }
    }

    pub(super) fn type_text(&mut self, text: &str) {
        if let Some(field) = self.field_mut() {
            field.insert(text);
            self.field_changed();
        }
    }

    pub(super) fn edit(&mut self, edit: Edit) {
        let changed = self.field_mut().is_some_and(|f| f.edit(edit));
        if changed {
            self.field_changed();
        }
    }

    /// After the text of a field changed: the search runs again.
    pub(super) fn field_changed(&mut self) {
        if self.form.is_none() && self.screen == Screen::Search {
            self.research();
        }
    }

    pub(super) fn research(&mut self) {
        self.listed_recent = 0;
        if self.query.text().trim().is_empty() {
            // Every code, recent ones first: no index needed (the first
            // frame does not wait for one).
            let rows = crate::recent::listing(self.catalog, self.recent.codes());
            self.listed_recent = rows.iter().filter(|r| r.family.is_none()).count();
            self.outcome = SearchOutcome {
                hits: rows.iter().map(|r| listed_hit(r.code)).collect(),
                unknown_codes: Vec::new(),
            };
            self.selected = 0;
            return;
        }
        self.outcome = self.index().search(self.query.text(), RESULT_LIMIT);
        // An unknown code alone: offer its nearest known codes as results,
        // so that Enter still leads somewhere.
        if self.outcome.hits.is_empty() {
            for (code, _) in self.outcome.nearest_offers() {
                self.outcome.hits.push(listed_hit(code));
            }
        }
        self.selected = 0;
    }

    pub(super) fn act_help(&mut self, action: Action) {
        let Some(scroll) = self.help.as_mut() else {
            return;
        };
        let page = usize::from(self.size.1.saturating_sub(6)).max(1);
        match action {
            Action::Up => *scroll = scroll.saturating_sub(1),
            Action::Down => *scroll += 1,
            Action::PageUp => *scroll = scroll.saturating_sub(page),
            Action::PageDown => *scroll += page,
            Action::Escape => self.help = None,
            _ => {}
        }
        let max = self.layout.help.max_scroll();
        if let Some(scroll) = self.help.as_mut() {
            *scroll = (*scroll).min(max);
        }
    }

    pub(super) fn act_search(&mut self, action: Action) {
        let count = self.outcome.hits.len();
        match action {
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Down => self.selected = (self.selected + 1).min(count.saturating_sub(1)),
            Action::PageUp => self.selected = self.selected.saturating_sub(5),
            Action::PageDown => self.selected = (self.selected + 5).min(count.saturating_sub(1)),
            Action::Select => {
                if let Some(hit) = self.outcome.hits.get(self.selected) {
                    let code = hit.code;
                    self.open(code);
                }
            }
            Action::Escape => {
                if self.query.is_empty() {
                    if self.walk_in_progress() {
                        self.status = Some(Status::ConfirmQuit);
                    } else {
                        self.quit = true;
                    }
                } else {
                    self.query.clear();
                    self.research();
                }
            }
            _ => {}
        }
    }
}

/// The character a key types into a field, if it types one.
fn typed_char(key: &KeyEvent) -> Option<char> {
    let ctrl_or_alt = key
        .modifiers
        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
    match key.code {
        KeyCode::Char(c) if !ctrl_or_alt => Some(c),
        _ => None,
    }
}

/// A line break or a tab, as a pasting terminal sends it in key events.
fn is_break_key(key: &KeyEvent) -> bool {
    match key.code {
        KeyCode::Enter | KeyCode::Tab => true,
        KeyCode::Char('\n' | '\r' | '\t') => true,
        KeyCode::Char('j' | 'm') => key.modifiers.contains(KeyModifiers::CONTROL),
        _ => false,
    }
}

/// The text of a burst of keys when it reads as a multi-line paste: only
/// characters, line breaks and tabs, with a break between two characters.
/// Breaks at the end are dropped (a pasted line often ends with one); a burst
/// with no break inside is typing, and its last Enter still acts.
/// A result that is offered rather than matched: its code, nothing
/// highlighted.
fn listed_hit(code: Code) -> crate::core::search::Hit {
    crate::core::search::Hit {
        code,
        score: 0,
        kind: crate::core::search::MatchKind::PartialCode,
        matched: crate::core::search::MatchedText {
            field: crate::core::search::Field::Code,
            lang: None,
            text: code.to_string(),
            ranges: Vec::new(),
        },
    }
}

fn pasted_text(keys: &[KeyEvent]) -> Option<String> {
    let mut text = String::new();
    let mut inner_break = false;
    let mut pending_break = false;
    for key in keys.iter().filter(|k| k.kind != KeyEventKind::Release) {
        if is_break_key(key) {
            pending_break = !text.is_empty();
        } else if let Some(c) = typed_char(key) {
            if pending_break {
                text.push('\n');
                inner_break = true;
                pending_break = false;
            }
            text.push(c);
        } else {
            return None;
        }
    }
    inner_break.then_some(text)
}
