//! Walking a flow: opening a code, answering, going back, following a link, clicks.

use super::*;

impl<'c> App<'c> {
    /// Opens `code`'s flow: where the agent left it if they walked it
    /// before (the status line says so, and `r` starts over), else at its
    /// first question.
    pub fn open(&mut self, code: Code) {
        self.undo.clear();
        if self.catalog.get(code).is_some() {
            self.recent.note(code);
        }
        if let Some(walk) = self.walk.take() {
            self.keep(walk);
        }
        if let Some(i) = self.kept.iter().position(|w| w.code() == code) {
            let walk = self.kept.remove(i);
            let resumed = !walk.path().is_empty();
            let number = walk.path().len() + 1;
            let resolved = walk.is_resolved(self.catalog);
            self.walk = Some(walk);
            self.screen = Screen::Walk;
            self.entered_node();
            self.status = resumed.then_some(Status::Resumed { number, resolved });
            return;
        }
        match Walk::start(self.catalog, code) {
            Ok(walk) => {
                self.walk = Some(walk);
                self.screen = Screen::Walk;
                self.status = None;
                self.entered_node();
            }
            Err(e) => self.status = Some(Status::Error(e.to_string())),
        }
    }

    /// Keeps `walk` to resume later (one per code, the latest).
    pub(super) fn keep(&mut self, walk: Walk) {
        self.kept.retain(|w| w.code() != walk.code());
        self.kept.push(walk);
    }

    /// Whether quitting now would lose answers: a walk with answers that
    /// has not reached its resolution (a resolved one is printed on exit).
    pub(crate) fn walk_in_progress(&self) -> bool {
        self.walk
            .iter()
            .chain(&self.kept)
            .any(|w| !w.path().is_empty() && !w.is_resolved(self.catalog))
    }

    /// Goes back to question `n` (1-based) of the current walk.
    pub(super) fn go_to(&mut self, n: usize) {
        let Some(walk) = self.walk.as_mut() else {
            return;
        };
        let before = walk.clone();
        if let Some(step) = n.checked_sub(1).and_then(|i| walk.back_to(i)) {
            self.undo.push(before);
            self.entered_node();
            self.mark_prior(step.choice);
        } else {
            self.status = Some(Status::GoTo(walk.path().len()));
        }
    }

    /// Selects and marks the choice given before at the current question.
    pub(super) fn mark_prior(&mut self, choice: String) {
        if let Some(Current::Question { question, .. }) = self.current() {
            if let Some(i) = question.choices.iter().position(|c| c.id == choice) {
                self.item = i;
                self.follow();
            }
        }
        self.prior = Some(choice);
    }

    /// Resets the per-node state after the walk moved.
    /// The body starts at the top, unless that leaves the first choice or
    /// command below the fold: then it scrolls just enough to show it.
    pub(super) fn entered_node(&mut self) {
        self.item = 0;
        self.scroll = 0;
        self.prior = None;
        self.prefill_from_evidence();
        self.follow();
        if let Some(walk) = &self.walk {
            if walk.is_resolved(self.catalog) {
                self.last_resolved = Some(walk.clone());
            }
        }
    }

    pub(super) fn act_walk(&mut self, action: Action, ctx: Ctx) -> Vec<Effect> {
        let items = self.item_count();
        let walk = self.layout.walk.as_ref();
        let page = walk.map_or(0, |l| l.height()).max(2) - 1;
        let max_scroll = walk.map_or(usize::MAX, |l| l.max_scroll());
        match action {
            Action::Up => self.item = self.item.saturating_sub(1),
            Action::Down => self.item = (self.item + 1).min(items.saturating_sub(1)),
            // The agent scrolls: the selection is no longer followed.
            Action::PageUp => {
                self.scroll = self.scroll.saturating_sub(page);
                self.reveal = false;
                return Vec::new();
            }
            Action::PageDown => {
                self.scroll = (self.scroll + page).min(max_scroll);
                self.reveal = false;
                return Vec::new();
            }
            Action::Choose(n) => {
                let index = usize::from(n).saturating_sub(1);
                if index < items {
                    self.item = index;
                    if ctx == Ctx::Question {
                        self.answer(index);
                    }
                } else if ctx == Ctx::Question {
                    self.status = Some(Status::NoSuchChoice(items));
                } else {
                    self.status = Some(Status::NoSuchCommand(items));
                }
            }
            Action::Select if ctx == Ctx::Question => self.answer(self.item),
            Action::Select | Action::Copy => return self.copy_item(false),
            Action::EditValues => return self.copy_item(true),
            Action::CopyAll => return self.copy_all(),
            Action::Back => {
                let depth = self.walk.as_ref().map_or(0, |w| w.path().len());
                if depth > 0 {
                    self.go_to(depth);
                    self.status = None;
                } else {
                    // The walk is kept: reopening the code resumes it.
                    self.screen = Screen::Search;
                }
            }
            Action::GoTo => {
                let depth = self.walk.as_ref().map_or(0, |w| w.path().len());
                self.status = Some(Status::GoTo(depth));
            }
            Action::Restart => {
                if let Some(walk) = self.walk.as_mut() {
                    self.undo.push(walk.clone());
                    walk.restart();
                }
                self.entered_node();
                self.status = Some(Status::Restarted);
            }
            Action::Undo => match self.undo.pop() {
                Some(walk) => {
                    self.walk = Some(walk);
                    self.entered_node();
                    self.status = Some(Status::Undone);
                }
                None => self.status = Some(Status::NothingToUndo),
            },
            Action::Escape => {
                self.screen = Screen::Search;
                self.status = None;
            }
            Action::CopyTranscript => {
                if let Some(text) = self.transcript() {
                    return vec![Effect::Copy {
                        text,
                        what: CopyWhat::Transcript,
                    }];
                }
            }
            Action::SaveTranscript => {
                if let (Some(markdown), Some(walk)) = (self.transcript(), &self.walk) {
                    return vec![Effect::Save {
                        code: walk.code(),
                        markdown,
                    }];
                }
            }
            _ => {}
        }
        // Only a move of the selection scrolls to it; a new node starts at the top.
        let moved = matches!(action, Action::Up | Action::Down)
            || (matches!(action, Action::Choose(_)) && ctx == Ctx::Resolution);
        if moved {
            self.follow();
        }
        Vec::new()
    }

    /// Choices of the question, or commands of the resolution.
    pub(crate) fn item_count(&self) -> usize {
        match self.current() {
            Some(Current::Question { question, .. }) => question.choices.len(),
            Some(Current::Resolution { resolution, .. }) => resolution.commands.len(),
            None => 0,
        }
    }

    pub(super) fn answer(&mut self, index: usize) {
        let Some(walk) = self.walk.as_mut() else {
            return;
        };
        match walk.answer(self.catalog, &(index + 1).to_string()) {
            Ok(()) => {
                self.evidence.note_last_answer(self.catalog, walk);
                self.status = None;
                self.entered_node();
            }
            Err(e) => self.status = Some(Status::Error(e.to_string())),
        }
    }

    /// Fills the open flow's empty values from the evidence.
    pub(super) fn prefill_from_evidence(&mut self) {
        if self.evidence.is_empty() {
            return;
        }
        if let Some(flow) = self.flow() {
            self.evidence.prefill(flow, &mut self.values, self.lang);
        }
    }

    /// Keeps the selected item inside the visible part of the body, once
    /// the next frame is measured (the texts may have changed length).
    pub(super) fn follow(&mut self) {
        self.reveal = true;
    }

    /// Scrolls the selected item into view on the screen just measured.
    pub(super) fn reveal_selection(&mut self) {
        if !std::mem::take(&mut self.reveal) || self.screen != Screen::Walk {
            return;
        }
        if let Some(walk) = &self.layout.walk {
            self.scroll = walk.follow(self.item, self.scroll);
        }
    }

    pub(super) fn click(&mut self, column: u16, row: u16) -> Vec<Effect> {
        if self.too_small()
            || self.help.is_some()
            || self.form.is_some()
            || self.paste_box.is_some()
        {
            return Vec::new();
        }
        let (search, walk) = (&self.layout.search, &self.layout.walk);
        match self.ctx() {
            Ctx::Search => {
                let count = self.outcome.hits.len();
                let hit = search
                    .as_ref()
                    .and_then(|l| l.hit_at(self.selected, count, column, row));
                if let Some(i) = hit {
                    if i == self.selected {
                        return self.act(Action::Select);
                    }
                    self.selected = i;
                }
            }
            Ctx::Question | Ctx::Resolution => {
                if let Some(i) = walk
                    .as_ref()
                    .and_then(|l| l.item_at(self.scroll, column, row))
                {
                    if i == self.item {
                        return self.act(Action::Select);
                    }
                    self.item = i;
                    self.follow();
                }
            }
            _ => {}
        }
        Vec::new()
    }
}
