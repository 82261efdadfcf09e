//! The wizard's state and its only mutator, [`App::update`].
//!
//! Events become [`Msg`]s; `update` changes the state and returns the
//! [`Effect`]s (copy, save) that the event loop performs, feeding their
//! outcome back as messages. Drawing (`view/`) only reads the state, so the
//! whole app runs without a terminal in tests.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::layout::Rect;

use super::clip::Method;
use super::field::{Edit, TextField};
use super::finder::{SearchIndex, SearchOutcome};
use super::keys::{self, Action, Ctx};
use super::view;
use crate::core::catalog::{Catalog, Code, FlowFile, Lang, Localized};
use crate::core::placeholder::{SetError, Values};
use crate::core::placeholder;
use crate::core::sanitize::clean_line;
use crate::transcript;
use crate::core::walk::{Current, Walk};

/// How many search results are kept.
pub const RESULT_LIMIT: usize = 50;

/// Below this size the wizard asks for a bigger window.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;

/// Everything that can happen to the app.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Msg {
    Key(KeyEvent),
    /// Keys that were all waiting at once: typed faster than anyone types,
    /// so most likely text pasted by a terminal without bracketed paste
    /// (the Windows console sends a paste as key events).
    KeyBurst(Vec<KeyEvent>),
    /// Text pasted into the terminal (bracketed paste).
    Paste(String),
    /// A left click at a cell (only with `--mouse`).
    Click {
        column: u16,
        row: u16,
    },
    /// The mouse wheel: negative is up.
    Scroll(i8),
    Resize(u16, u16),
    /// Outcome of an [`Effect::Copy`].
    Copied {
        what: CopyWhat,
        result: Result<Method, String>,
    },
    /// Outcome of an [`Effect::Save`]: the file's full path, or why it failed.
    Saved(Result<String, String>),
    /// SIGTERM, SIGHUP: leave cleanly.
    Terminate,
}

/// What the event loop must do for the app (I/O stays out of `update`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    Copy { text: String, what: CopyWhat },
    Save { code: Code, markdown: String },
}

/// What a copy was.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CopyWhat {
    /// A command (filled in); kept for the transcript and the scrollback.
    Command(String),
    /// Every command of the resolution, as one block with comment lines.
    Commands(String),
    Transcript,
}

/// The line under the screen: the outcome of the last thing done.
/// Kept as data, so that it follows a language switch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    Copied {
        method: Method,
        what: CopyWhat,
    },
    CopyFailed(String),
    Saved(String),
    SaveFailed(String),
    NoCheckCommand,
    NoCommand,
    Restarted,
    Language,
    Error(String),
    /// A walk kept from before was reopened where it was left.
    Resumed {
        number: usize,
        resolved: bool,
    },
    Undone,
    NothingToUndo,
    /// `q` in the middle of a walk: the next `q` quits.
    ConfirmQuit,
    /// A digit beyond the choices (or commands): how many there are.
    NoSuchChoice(usize),
    NoSuchCommand(usize),
    /// `g` was pressed: the next digit goes back to that question.
    GoTo(usize),
}

impl Status {
    pub fn is_error(&self) -> bool {
        matches!(
            self,
            Status::CopyFailed(_) | Status::SaveFailed(_) | Status::Error(_)
        )
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    Search,
    /// Following a code's tree: a question or a resolution.
    Walk,
}

/// One value asked for in the placeholder form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormField {
    /// The placeholder; its type comes from the flow's declaration.
    pub name: String,
    pub label: Localized,
    pub value: TextField,
    /// Set once the value was checked and refused; from then on it is
    /// checked again at each keystroke, so the error goes once fixed.
    pub checked: bool,
}

impl FormField {
    /// The value as it would be kept, or why it is refused: the same check
    /// as `walk --set`, so a value that suits this command but not another
    /// command of the flow (an IPv6 address before a ':') is explained.
    pub fn check(&self, flow: &FlowFile, lang: Lang) -> Result<String, String> {
        Values::check(flow, &self.name, self.value.text(), lang).map_err(|e| match e {
            SetError::Invalid { reason, .. } => reason,
            other => other.to_string(),
        })
    }

    pub fn error(&self, flow: &FlowFile, lang: Lang) -> Option<String> {
        if !self.checked {
            return None;
        }
        self.check(flow, lang).err()
    }
}

/// The small form that asks for placeholder values before a copy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Form {
    /// The command the values go into (for "copy all", every command that
    /// takes values, one per line).
    pub template: String,
    /// Copy every command of the resolution once the values are good.
    pub all: bool,
    pub fields: Vec<FormField>,
    pub focus: usize,
}

pub struct App<'c> {
    pub catalog: &'c Catalog,
    index: SearchIndex,
    pub lang: Lang,
    pub mono: bool,
    pub mouse: bool,
    pub screen: Screen,
    pub query: TextField,
    pub outcome: SearchOutcome,
    /// Selected search result.
    pub selected: usize,
    pub walk: Option<Walk>,
    /// Selected choice (question) or command (resolution).
    pub item: usize,
    /// First visible row of the scrolling body.
    pub scroll: usize,
    pub form: Option<Form>,
    /// Open help overlay, with its scroll.
    pub help: Option<usize>,
    pub values: Values,
    pub copied: Vec<String>,
    pub status: Option<Status>,
    pub size: (u16, u16),
    pub quit: bool,
    /// The last walk that reached a resolution (printed on exit).
    pub last_resolved: Option<Walk>,
    /// Walks left for another code, kept so that reopening the code resumes
    /// where the agent was.
    pub kept: Vec<Walk>,
    /// The walk as it was before each restart, back or jump: `u` undoes.
    pub undo: Vec<Walk>,
    /// The answer given before at the current question, after going back.
    pub prior: Option<String>,
    /// Values typed in a form that was closed with Esc, by placeholder:
    /// offered again, not used until checked.
    pub drafts: std::collections::BTreeMap<String, String>,
}

impl<'c> App<'c> {
    pub fn new(catalog: &'c Catalog, lang: Lang) -> Self {
        App {
            catalog,
            index: SearchIndex::new(catalog),
            lang,
            mono: false,
            mouse: false,
            screen: Screen::Search,
            query: TextField::default(),
            outcome: SearchOutcome::default(),
            selected: 0,
            walk: None,
            item: 0,
            scroll: 0,
            form: None,
            help: None,
            values: Values::new(),
            copied: Vec::new(),
            status: None,
            size: (80, 24),
            quit: false,
            last_resolved: None,
            kept: Vec::new(),
            undo: Vec::new(),
            prior: None,
            drafts: std::collections::BTreeMap::new(),
        }
    }

    /// Starts from the command line's `CODE_OR_QUERY`: a known code opens
    /// its flow, anything else fills the search field.
    pub fn start_with(&mut self, query: &str) {
        let query = clean_line(query).trim().to_string();
        // Any form the search reads as one full code: 0xC004F074, c004-f074,
        // -1073418124, or a pasted error line holding it.
        if let [code] = crate::core::search::parse_code_query(&query).codes[..] {
            if self.catalog.get(code).is_some() {
                self.query.set(&code.to_string());
                self.research();
                self.open(code);
                return;
            }
        }
        self.query.set(&query);
        self.research();
    }

    /// Where the user is, for the keymap.
    pub fn ctx(&self) -> Ctx {
        if self.help.is_some() {
            Ctx::Help
        } else if self.form.is_some() {
            Ctx::Form
        } else {
            match self.screen {
                Screen::Search => Ctx::Search,
                Screen::Walk => match self.current() {
                    Some(Current::Resolution { .. }) => Ctx::Resolution,
                    _ => Ctx::Question,
                },
            }
        }
    }

    pub fn current(&self) -> Option<Current<'c>> {
        self.walk.as_ref()?.current(self.catalog).ok()
    }

    pub fn too_small(&self) -> bool {
        self.size.0 < MIN_WIDTH || self.size.1 < MIN_HEIGHT
    }

    fn area(&self) -> Rect {
        Rect::new(0, 0, self.size.0, self.size.1)
    }

    /// Applies `msg`. Returns what the event loop must do.
    pub fn update(&mut self, msg: Msg) -> Vec<Effect> {
        let screen = self.screen;
        let status = self.status.clone();
        let effects = self.apply(msg);
        // A status line says what just happened where the agent is: it does
        // not follow them to another screen.
        if self.screen != screen && self.status == status {
            self.status = None;
        }
        effects
    }

    fn apply(&mut self, msg: Msg) -> Vec<Effect> {
        match msg {
            Msg::Key(key) => return self.key(key),
            Msg::KeyBurst(keys) => return self.key_burst(keys),
            Msg::Paste(text) => self.paste(&text),
            Msg::Click { column, row } => return self.click(column, row),
            Msg::Scroll(delta) => {
                let action = if delta < 0 { Action::Up } else { Action::Down };
                return self.act(action);
            }
            Msg::Resize(w, h) => {
                self.size = (w, h);
                // The selection stays in view at the new size.
                self.follow();
            }
            Msg::Copied { what, result } => match result {
                Ok(method) => {
                    match &what {
                        CopyWhat::Command(text) => self.copied.push(text.clone()),
                        // Commands only: comment lines are not commands.
                        CopyWhat::Commands(block) => self.copied.extend(
                            block
                                .lines()
                                .filter(|l| !l.starts_with("REM ") && !l.starts_with("# "))
                                .map(str::to_string),
                        ),
                        CopyWhat::Transcript => {}
                    }
                    self.status = Some(Status::Copied { method, what });
                }
                Err(why) => self.status = Some(Status::CopyFailed(why)),
            },
            Msg::Saved(Ok(name)) => self.status = Some(Status::Saved(name)),
            Msg::Saved(Err(why)) => self.status = Some(Status::SaveFailed(why)),
            Msg::Terminate => self.quit = true,
        }
        Vec::new()
    }

    fn key(&mut self, key: KeyEvent) -> Vec<Effect> {
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
    fn key_burst(&mut self, keys: Vec<KeyEvent>) -> Vec<Effect> {
        if self.ctx().is_text_field() {
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

    fn paste(&mut self, text: &str) {
        if self.ctx().is_text_field() {
            self.type_text(text);
        }
    }

    /// The field typing goes to: the focused form value or the search query.
    fn field_mut(&mut self) -> Option<&mut TextField> {
        match (&mut self.form, self.screen) {
            (Some(form), _) => form.fields.get_mut(form.focus).map(|f| &mut f.value),
            (None, Screen::Search) => Some(&mut self.query),
            _ => None,
        }
    }

    fn type_text(&mut self, text: &str) {
        if let Some(field) = self.field_mut() {
            field.insert(text);
            self.field_changed();
        }
    }

    fn edit(&mut self, edit: Edit) {
        let changed = self.field_mut().is_some_and(|f| f.edit(edit));
        if changed {
            self.field_changed();
        }
    }

    /// After the text of a field changed: the search runs again.
    fn field_changed(&mut self) {
        if self.form.is_none() && self.screen == Screen::Search {
            self.research();
        }
    }

    fn research(&mut self) {
        self.outcome = self.index.search(self.query.text(), RESULT_LIMIT);
        // An unknown code alone: offer its nearest known codes as results,
        // so that Enter still leads somewhere.
        if self.outcome.hits.is_empty() {
            let nearest: Vec<Code> = self
                .outcome
                .unknown_codes
                .iter()
                .flat_map(|u| u.nearest.iter().copied())
                .collect();
            for code in nearest {
                if self.outcome.hits.iter().any(|h| h.code == code) {
                    continue;
                }
                self.outcome.hits.push(crate::core::search::Hit {
                    code,
                    score: 0,
                    kind: crate::core::search::MatchKind::PartialCode,
                    matched: crate::core::search::MatchedText {
                        field: crate::core::search::Field::Code,
                        lang: None,
                        text: code.to_string(),
                        ranges: Vec::new(),
                    },
                });
            }
        }
        self.selected = 0;
    }

    /// Performs a keymap action in the current context.
    pub fn act(&mut self, action: Action) -> Vec<Effect> {
        let ctx = self.ctx();
        match action {
            // q closes the help; it does not quit from under it.
            Action::Quit if ctx == Ctx::Help => self.help = None,
            Action::Quit if self.walk_in_progress() => self.status = Some(Status::ConfirmQuit),
            Action::Quit => self.quit = true,
            Action::ToggleLang => {
                self.lang = self.lang.other();
                self.status = Some(Status::Language);
                // Texts change length: keep the selection in view.
                self.follow();
            }
            Action::Help => {
                self.help = match self.help {
                    Some(_) => None,
                    // Opened at the section of the screen the agent is on.
                    None => Some(view::help::section_start(self, ctx)),
                }
            }
            Action::Edit(edit) => self.edit(edit),
            _ => match ctx {
                Ctx::Help => self.act_help(action),
                Ctx::Form => return self.act_form(action),
                Ctx::Search => self.act_search(action),
                Ctx::Question | Ctx::Resolution => return self.act_walk(action, ctx),
            },
        }
        Vec::new()
    }

    fn act_help(&mut self, action: Action) {
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
        let max = view::help::max_scroll(self);
        if let Some(scroll) = self.help.as_mut() {
            *scroll = (*scroll).min(max);
        }
    }

    fn act_search(&mut self, action: Action) {
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

    /// Opens `code`'s flow: where the agent left it if they walked it
    /// before (the status line says so, and `r` starts over), else at its
    /// first question.
    pub fn open(&mut self, code: Code) {
        self.undo.clear();
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
    fn keep(&mut self, walk: Walk) {
        self.kept.retain(|w| w.code() != walk.code());
        self.kept.push(walk);
    }

    /// Whether quitting now would lose answers: a walk with answers that
    /// has not reached its resolution (a resolved one is printed on exit).
    pub fn walk_in_progress(&self) -> bool {
        self.walk
            .iter()
            .chain(&self.kept)
            .any(|w| !w.path().is_empty() && !w.is_resolved(self.catalog))
    }

    /// Goes back to question `n` (1-based) of the current walk.
    fn go_to(&mut self, n: usize) {
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
    fn mark_prior(&mut self, choice: String) {
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
    fn entered_node(&mut self) {
        self.item = 0;
        self.scroll = 0;
        self.prior = None;
        self.follow();
        if let Some(walk) = &self.walk {
            if walk.is_resolved(self.catalog) {
                self.last_resolved = Some(walk.clone());
            }
        }
    }

    fn act_walk(&mut self, action: Action, ctx: Ctx) -> Vec<Effect> {
        let items = self.item_count();
        let page = view::walk::body_height(self).max(2) - 1;
        match action {
            Action::Up => self.item = self.item.saturating_sub(1),
            Action::Down => self.item = (self.item + 1).min(items.saturating_sub(1)),
            Action::PageUp => {
                self.scroll = self.scroll.saturating_sub(page);
                return Vec::new();
            }
            Action::PageDown => {
                self.scroll = (self.scroll + page).min(view::walk::max_scroll(self));
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
    pub fn item_count(&self) -> usize {
        match self.current() {
            Some(Current::Question { question, .. }) => question.choices.len(),
            Some(Current::Resolution { resolution, .. }) => resolution.commands.len(),
            None => 0,
        }
    }

    fn answer(&mut self, index: usize) {
        let Some(walk) = self.walk.as_mut() else {
            return;
        };
        match walk.answer(self.catalog, &(index + 1).to_string()) {
            Ok(()) => {
                self.status = None;
                self.entered_node();
            }
            Err(e) => self.status = Some(Status::Error(e.to_string())),
        }
    }

    /// Copies the check command (question) or the selected command
    /// (resolution). Asks for placeholder values first, unless every value
    /// it needs was already given (`edit` asks anyway, to change them).
    fn copy_item(&mut self, edit: bool) -> Vec<Effect> {
        let template = match self.current() {
            Some(Current::Question { question, .. }) => match &question.check_command {
                Some(c) => c.clone(),
                None => {
                    self.status = Some(Status::NoCheckCommand);
                    return Vec::new();
                }
            },
            Some(Current::Resolution { resolution, .. }) => {
                match resolution.commands.get(self.item) {
                    Some(c) => c.command.clone(),
                    None => {
                        self.status = Some(Status::NoCommand);
                        return Vec::new();
                    }
                }
            }
            None => return Vec::new(),
        };
        self.ask_then_copy(template, false, edit)
    }

    /// Copies every command of the resolution as one block, asking first
    /// for the values not given yet.
    fn copy_all(&mut self) -> Vec<Effect> {
        let Some(Current::Resolution { resolution, .. }) = self.current() else {
            return Vec::new();
        };
        if resolution.commands.is_empty() {
            self.status = Some(Status::NoCommand);
            return Vec::new();
        }
        // The form previews the commands that take values, one per line.
        let template = resolution
            .commands
            .iter()
            .map(|c| c.command.as_str())
            .filter(|c| !placeholder::names(c).is_empty())
            .collect::<Vec<_>>()
            .join("\n");
        self.ask_then_copy(template, true, false)
    }

    /// Copies at once when `template` needs no value or every value it
    /// needs was given before (and `edit` is off); otherwise opens the form.
    fn ask_then_copy(&mut self, template: String, all: bool, edit: bool) -> Vec<Effect> {
        let names = placeholder::names(&template);
        let known = names.iter().all(|n| self.values.typed(n).is_some());
        if names.is_empty() || (known && !edit) {
            return self.copy_target(&template, all);
        }
        let Some(flow) = self.flow() else {
            return Vec::new();
        };
        let fields = names
            .into_iter()
            .map(|name| {
                let decl = flow.placeholders.get(&name);
                let value = match self.drafts.get(&name) {
                    Some(draft) => draft.clone(),
                    None => self.values.effective(flow, &name).unwrap_or_default(),
                };
                FormField {
                    value: TextField::new(&value),
                    label: decl.map(|d| d.label.clone()).unwrap_or_default(),
                    name,
                    checked: false,
                }
            })
            .collect();
        self.form = Some(Form {
            template,
            fields,
            focus: 0,
            all,
        });
        Vec::new()
    }

    fn copy_target(&mut self, template: &str, all: bool) -> Vec<Effect> {
        if !all {
            return self.copy_command(template);
        }
        let (Some(flow), Some(Current::Resolution { resolution, .. })) =
            (self.flow(), self.current())
        else {
            return Vec::new();
        };
        let text = transcript::command_block(flow, resolution, &self.values, self.lang);
        vec![Effect::Copy {
            what: CopyWhat::Commands(text.clone()),
            text,
        }]
    }

    pub fn flow(&self) -> Option<&'c crate::core::catalog::FlowFile> {
        self.walk
            .as_ref()
            .and_then(|w| w.context(self.catalog).ok())
            .map(|(_, flow)| flow)
    }

    fn copy_command(&mut self, template: &str) -> Vec<Effect> {
        let Some(flow) = self.flow() else {
            return Vec::new();
        };
        let filled = self.values.fill(flow, template);
        let text = clean_line(&filled.text).into_owned();
        vec![Effect::Copy {
            what: CopyWhat::Command(text.clone()),
            text,
        }]
    }

    fn act_form(&mut self, action: Action) -> Vec<Effect> {
        let Some(form) = self.form.as_mut() else {
            return Vec::new();
        };
        let count = form.fields.len();
        if count == 0 {
            self.form = None;
            return Vec::new();
        }
        match action {
            Action::Escape => {
                // What was typed is offered again next time, unchecked.
                for field in &form.fields {
                    self.drafts
                        .insert(field.name.clone(), field.value.text().to_string());
                }
                self.form = None;
            }
            Action::Up | Action::PrevField => {
                form.focus = (form.focus + count - 1) % count;
            }
            Action::Down | Action::NextField => form.focus = (form.focus + 1) % count,
            Action::Select => return self.confirm_field(),
            _ => {}
        }
        Vec::new()
    }

    /// Enter in the form: checks the focused value. A refused value stays
    /// focused, with its error under it; a good one is kept and the focus
    /// moves to the next field. Enter on the last field copies the command
    /// once every value is good (else the first refused one gets the focus).
    fn confirm_field(&mut self) -> Vec<Effect> {
        let Some(flow) = self.flow() else {
            return Vec::new();
        };
        let Some(form) = self.form.as_mut() else {
            return Vec::new();
        };
        let lang = self.lang;
        let count = form.fields.len();
        let Some(field) = form.fields.get_mut(form.focus) else {
            return Vec::new();
        };
        field.checked = true;
        let Ok(clean) = field.check(flow, lang) else {
            return Vec::new();
        };
        if clean != field.value.text() {
            field.value.set(&clean);
        }
        let _ = self.values.set(flow, &field.name, &clean, lang);
        if form.focus + 1 < count {
            form.focus += 1;
            return Vec::new();
        }
        let bad = form
            .fields
            .iter()
            .position(|f| f.check(flow, lang).is_err());
        if let Some(i) = bad {
            form.fields[i].checked = true;
            form.focus = i;
            return Vec::new();
        }
        // Every value is good: keep them all, then copy.
        for f in &form.fields {
            let _ = self.values.set(flow, &f.name, f.value.text(), lang);
            self.drafts.remove(&f.name);
        }
        let (template, all) = (form.template.clone(), form.all);
        self.form = None;
        self.copy_target(&template, all)
    }

    /// The transcript of the current walk, as Markdown.
    pub fn transcript(&self) -> Option<String> {
        let walk = self.walk.as_ref()?;
        Some(transcript::markdown(
            self.catalog,
            walk,
            &self.values,
            &self.copied,
            self.lang,
        ))
    }

    /// What to leave in the scrollback on exit: the last resolution reached
    /// and the commands copied.
    pub fn exit_text(&self) -> Option<String> {
        match &self.last_resolved {
            Some(walk) => Some(transcript::markdown(
                self.catalog,
                walk,
                &self.values,
                &self.copied,
                self.lang,
            )),
            None if !self.copied.is_empty() => {
                let s = crate::strings::strings(self.lang);
                let mut out = format!("{}:\n", s.tui_commands_copied);
                for c in &self.copied {
                    out.push_str(&format!("  {}\n", clean_line(c)));
                }
                Some(out)
            }
            None => None,
        }
    }

    /// Keeps the selected item inside the visible part of the body.
    fn follow(&mut self) {
        if self.screen != Screen::Walk {
            return;
        }
        let (rows, height) = (view::walk::item_rows(self), view::walk::body_height(self));
        if let Some(range) = rows.get(self.item) {
            if range.start < self.scroll {
                self.scroll = range.start;
            } else if range.end > self.scroll + height {
                self.scroll = range.end.saturating_sub(height).min(range.start);
            }
        }
        self.scroll = self.scroll.min(view::walk::max_scroll(self));
    }

    fn click(&mut self, column: u16, row: u16) -> Vec<Effect> {
        if self.too_small() || self.help.is_some() || self.form.is_some() {
            return Vec::new();
        }
        let area = self.area();
        match self.ctx() {
            Ctx::Search => {
                if let Some(i) = view::search::hit_at(self, area, column, row) {
                    if i == self.selected {
                        return self.act(Action::Select);
                    }
                    self.selected = i;
                }
            }
            Ctx::Question | Ctx::Resolution => {
                if let Some(i) = view::walk::item_at(self, area, column, row) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::keys::Action;

    const FIXTURE: &str = include_str!("../../tests/fixtures/tui/demo.yaml");

    fn catalog() -> Catalog {
        Catalog::from_sources(&[("demo.yaml", FIXTURE)]).expect("fixture flows are valid")
    }

    fn press(app: &mut App, code: KeyCode) -> Vec<Effect> {
        app.update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)))
    }

    fn typed(app: &mut App, text: &str) {
        for c in text.chars() {
            press(app, KeyCode::Char(c));
        }
    }

    #[test]
    fn typing_goes_to_the_search_field_and_esc_clears_then_quits() {
        let catalog = catalog();
        let mut app = App::new(&catalog, Lang::En);
        typed(&mut app, "kq");
        assert_eq!(app.query.text(), "kq");
        assert!(!app.quit, "q is typed in the search field");
        press(&mut app, KeyCode::Esc);
        assert_eq!(app.query.text(), "");
        assert!(!app.quit);
        press(&mut app, KeyCode::Esc);
        assert!(app.quit);
    }

    #[test]
    fn a_known_code_opens_its_flow_and_other_text_fills_the_field() {
        let catalog = catalog();
        let mut app = App::new(&catalog, Lang::En);
        app.start_with("c0de0074");
        assert_eq!(app.ctx(), Ctx::Question);
        let mut app = App::new(&catalog, Lang::En);
        app.start_with("c0de-0039");
        assert_eq!(app.walk.as_ref().map(|w| w.code()), Some(Code(0xC0DE0039)));
        let mut app = App::new(&catalog, Lang::En);
        app.start_with("kms");
        assert_eq!((app.ctx(), app.query.text()), (Ctx::Search, "kms"));
        let mut app = App::new(&catalog, Lang::En);
        app.start_with("0xC0DE0075");
        assert_eq!(app.ctx(), Ctx::Search);
        assert_eq!(app.outcome.unknown_codes.len(), 1);
        // Its nearest known codes are offered as results.
        assert_eq!(
            app.outcome.hits.first().map(|h| h.code),
            Some(Code(0xC0DE0074))
        );
    }

    #[test]
    fn answers_go_back_and_restart() {
        let catalog = catalog();
        let mut app = App::new(&catalog, Lang::En);
        app.start_with("0xC0DE0074");
        press(&mut app, KeyCode::Char('j'));
        assert_eq!(app.item, 1);
        press(&mut app, KeyCode::Char('k'));
        press(&mut app, KeyCode::Enter);
        assert_eq!(app.walk.as_ref().map(|w| w.path().len()), Some(1));
        press(&mut app, KeyCode::Char('2'));
        assert_eq!(app.ctx(), Ctx::Resolution);
        assert!(app.last_resolved.is_some());
        press(&mut app, KeyCode::Left);
        assert_eq!(app.ctx(), Ctx::Question);
        press(&mut app, KeyCode::Char('r'));
        assert_eq!(app.walk.as_ref().map(|w| w.path().len()), Some(0));
        // Back at the first question returns to the search.
        press(&mut app, KeyCode::Backspace);
        assert_eq!(app.ctx(), Ctx::Search);
    }

    #[test]
    fn the_form_refuses_a_hostile_host_then_copies_the_filled_command() {
        let catalog = catalog();
        let mut app = App::new(&catalog, Lang::En);
        app.start_with("0xC0DE0074");
        press(&mut app, KeyCode::Char('2'));
        assert!(press(&mut app, KeyCode::Enter).is_empty());
        assert_eq!(app.ctx(), Ctx::Form);
        typed(&mut app, "kms; del *");
        assert!(press(&mut app, KeyCode::Enter).is_empty());
        let form = app.form.as_ref().expect("form still open");
        let flow = app.flow().expect("a flow is open");
        assert!(form.fields[0].error(flow, Lang::En).is_some());
        assert_eq!(form.fields[1].value.text(), "1688", "default pre-filled");
        assert_eq!(form.focus, 0, "a refused value keeps the focus");
        for _ in 0.."kms; del *".len() {
            press(&mut app, KeyCode::Backspace);
        }
        // An IPv6 address would run into the ':port' that follows it: the
        // form says why instead of staying silent.
        typed(&mut app, "fe80::1");
        assert!(press(&mut app, KeyCode::Enter).is_empty());
        let form = app.form.as_ref().expect("form still open");
        let error = form.fields[0].error(flow, Lang::En).expect("refused");
        assert!(error.contains("name"), "{error}");
        assert_eq!(form.focus, 0);
        for _ in 0.."fe80::1".len() {
            press(&mut app, KeyCode::Backspace);
        }
        typed(&mut app, "kms");
        typed(&mut app, "1.contoso.com");
        // Enter on the host moves to the port; Enter on the port copies.
        assert!(press(&mut app, KeyCode::Enter).is_empty());
        assert_eq!(app.form.as_ref().map(|f| f.focus), Some(1));
        let effects = press(&mut app, KeyCode::Enter);
        let expected = r"cscript %windir%\system32\slmgr.vbs /skms kms1.contoso.com:1688";
        assert_eq!(
            effects,
            vec![Effect::Copy {
                text: expected.into(),
                what: CopyWhat::Command(expected.into())
            }]
        );
        assert!(app.form.is_none());
        // Copying again does not ask again: the values are known.
        let again = press(&mut app, KeyCode::Enter);
        assert!(matches!(again.as_slice(), [Effect::Copy { text, .. }] if text == expected));
        assert!(app.form.is_none());
        // `e` opens the form with the value typed, to change it.
        press(&mut app, KeyCode::Char('e'));
        let form = app.form.as_ref().expect("form");
        assert_eq!(form.fields[0].value.text(), "kms1.contoso.com");
        press(&mut app, KeyCode::Esc);
        assert_eq!(app.ctx(), Ctx::Resolution);
    }

    fn key_of(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
    }

    #[test]
    fn q_and_esc_close_overlays_without_quitting() {
        let catalog = catalog();
        let mut app = App::new(&catalog, Lang::En);
        app.start_with("0xC0DE0074");
        press(&mut app, KeyCode::Char('?'));
        assert_eq!(app.ctx(), Ctx::Help);
        press(&mut app, KeyCode::Char('q'));
        assert_eq!(app.ctx(), Ctx::Question);
        assert!(!app.quit);
        press(&mut app, KeyCode::F(1));
        press(&mut app, KeyCode::Esc);
        assert_eq!(app.ctx(), Ctx::Question);
        // Esc in the form keeps what was typed; it is offered again.
        press(&mut app, KeyCode::Char('2'));
        press(&mut app, KeyCode::Enter);
        typed(&mut app, "kms7");
        press(&mut app, KeyCode::Esc);
        assert_eq!(app.ctx(), Ctx::Resolution);
        assert!(!app.quit);
        press(&mut app, KeyCode::Enter);
        let form = app.form.as_ref().expect("form reopened");
        assert_eq!(form.fields[0].value.text(), "kms7");
        // Ctrl-C from the help still quits (nothing is in progress here).
        press(&mut app, KeyCode::Esc);
        press(&mut app, KeyCode::F(1));
        app.update(Msg::Key(KeyEvent::new(
            KeyCode::Char('c'),
            KeyModifiers::CONTROL,
        )));
        assert!(app.quit);
    }

    #[test]
    fn the_help_opens_at_the_section_of_the_screen() {
        let catalog = catalog();
        let mut app = App::new(&catalog, Lang::En);
        app.update(Msg::Resize(80, 20));
        press(&mut app, KeyCode::F(1));
        assert_eq!(app.help, Some(0), "search is the first section");
        press(&mut app, KeyCode::Esc);
        app.start_with("0xC0DE0074");
        press(&mut app, KeyCode::Char('2'));
        press(&mut app, KeyCode::Char('?'));
        let at = app.help.expect("help open");
        assert!(at > 0);
        let lines = view::help::lines(&app, view::Theme { mono: true }, 72);
        assert_eq!(lines[at].to_string(), "Resolution");
    }

    #[test]
    fn quitting_mid_walk_asks_first_and_restart_can_be_undone() {
        let catalog = catalog();
        let mut app = App::new(&catalog, Lang::En);
        app.start_with("0xC0DE0074");
        press(&mut app, KeyCode::Char('1'));
        assert!(app.walk_in_progress());
        press(&mut app, KeyCode::Char('q'));
        assert!(!app.quit);
        assert_eq!(app.status, Some(Status::ConfirmQuit));
        // Any other key stays (and does nothing else).
        press(&mut app, KeyCode::Char('j'));
        assert_eq!((app.quit, app.item, app.status.clone()), (false, 0, None));
        // r restarts; u undoes it.
        press(&mut app, KeyCode::Char('r'));
        assert_eq!(app.walk.as_ref().map(|w| w.path().len()), Some(0));
        press(&mut app, KeyCode::Char('u'));
        assert_eq!(app.walk.as_ref().map(|w| w.path().len()), Some(1));
        assert_eq!(app.status, Some(Status::Undone));
        press(&mut app, KeyCode::Char('u'));
        assert_eq!(app.status, Some(Status::NothingToUndo));
        // Esc to the search, then Esc on an empty query: asks too.
        press(&mut app, KeyCode::Esc);
        assert_eq!(app.ctx(), Ctx::Search);
        press(&mut app, KeyCode::Esc);
        press(&mut app, KeyCode::Esc);
        assert!(!app.quit);
        assert_eq!(app.status, Some(Status::ConfirmQuit));
        app.update(Msg::Key(key_of('q')));
        assert!(app.quit, "q again quits, even from the search field");
        // A resolved walk is printed on exit: q quits at once.
        let mut app = App::new(&catalog, Lang::En);
        app.start_with("0xC0DE0074");
        press(&mut app, KeyCode::Char('2'));
        press(&mut app, KeyCode::Char('q'));
        assert!(app.quit);
    }

    #[test]
    fn leaving_a_flow_keeps_its_path_and_reopening_resumes() {
        let catalog = catalog();
        let mut app = App::new(&catalog, Lang::En);
        app.start_with("0xC0DE0074");
        press(&mut app, KeyCode::Char('1'));
        press(&mut app, KeyCode::Esc);
        assert_eq!(app.ctx(), Ctx::Search);
        assert_eq!(app.status, None, "no status follows to the search");
        // Another code in between, then back to the first one.
        app.open(Code(0xC0DE0039));
        assert_eq!(app.walk.as_ref().map(|w| w.path().len()), Some(0));
        app.open(Code(0xC0DE0074));
        assert_eq!(app.walk.as_ref().map(|w| w.path().len()), Some(1));
        assert_eq!(
            app.status,
            Some(Status::Resumed {
                number: 2,
                resolved: false
            })
        );
        // r starts over from there.
        press(&mut app, KeyCode::Char('r'));
        assert_eq!(app.walk.as_ref().map(|w| w.path().len()), Some(0));
    }

    #[test]
    fn going_back_marks_the_answer_given_and_g_jumps() {
        let catalog = catalog();
        let mut app = App::new(&catalog, Lang::En);
        app.start_with("0xC0DE0074");
        press(&mut app, KeyCode::Char('1'));
        press(&mut app, KeyCode::Char('2'));
        assert_eq!(app.ctx(), Ctx::Resolution);
        press(&mut app, KeyCode::Left);
        assert_eq!((app.item, app.prior.as_deref()), (1, Some("no")));
        // g then 1: question 1, its answer marked.
        press(&mut app, KeyCode::Char('g'));
        assert_eq!(app.status, Some(Status::GoTo(1)));
        press(&mut app, KeyCode::Char('1'));
        assert_eq!(app.walk.as_ref().map(|w| w.path().len()), Some(0));
        assert_eq!((app.item, app.prior.as_deref()), (0, Some("yes")));
        // u undoes the jump.
        press(&mut app, KeyCode::Char('u'));
        assert_eq!(app.walk.as_ref().map(|w| w.path().len()), Some(1));
        // A digit beyond the choices says so.
        press(&mut app, KeyCode::Char('9'));
        assert_eq!(app.status, Some(Status::NoSuchChoice(2)));
        assert_eq!(app.walk.as_ref().map(|w| w.path().len()), Some(1));
    }

    #[test]
    fn copy_all_copies_every_command_with_comment_lines() {
        let catalog = catalog();
        let mut app = App::new(&catalog, Lang::En);
        app.start_with("0xC0DE0074");
        press(&mut app, KeyCode::Char('2'));
        // The host is not known yet: the form asks for it first.
        assert!(press(&mut app, KeyCode::Char('a')).is_empty());
        typed(&mut app, "kms1");
        press(&mut app, KeyCode::Enter);
        let effects = press(&mut app, KeyCode::Enter);
        let [Effect::Copy { text, what }] = effects.as_slice() else {
            panic!("{effects:?}");
        };
        assert_eq!(
            text,
            "REM 1/2 Point the client at the KMS host. [administrator prompt]\n\
             REM CAUTION: Turns DNS auto-discovery off until slmgr /ckms.\n\
             cscript %windir%\\system32\\slmgr.vbs /skms kms1:1688\n\
             REM 2/2 Activate now. [administrator prompt]\n\
             cscript %windir%\\system32\\slmgr.vbs /ato\n"
        );
        app.update(Msg::Copied {
            what: what.clone(),
            result: Ok(Method::Osc52),
        });
        assert_eq!(app.copied.len(), 2, "the commands, not the comments");
        // Again: no form, the values are known.
        assert!(matches!(
            press(&mut app, KeyCode::Char('a')).as_slice(),
            [Effect::Copy { .. }]
        ));
    }

    #[test]
    fn enter_in_the_form_goes_field_by_field_and_copies_from_the_last() {
        let catalog = catalog();
        let mut app = App::new(&catalog, Lang::En);
        app.start_with("0xC0DE0074");
        press(&mut app, KeyCode::Char('2'));
        press(&mut app, KeyCode::Enter);
        // Tab and Shift-Tab move without checking.
        press(&mut app, KeyCode::Tab);
        assert_eq!(app.form.as_ref().map(|f| f.focus), Some(1));
        press(&mut app, KeyCode::BackTab);
        assert_eq!(app.form.as_ref().map(|f| f.focus), Some(0));
        typed(&mut app, "kms1");
        assert!(press(&mut app, KeyCode::Enter).is_empty());
        // The port: edited in the middle, then Enter copies.
        press(&mut app, KeyCode::Home);
        press(&mut app, KeyCode::Delete);
        typed(&mut app, "9");
        let effects = press(&mut app, KeyCode::Enter);
        let expected = r"cscript %windir%\system32\slmgr.vbs /skms kms1:9688";
        assert!(
            matches!(effects.as_slice(), [Effect::Copy { text, .. }] if text == expected),
            "{effects:?}"
        );
        // With the host left empty, Enter on the last field goes back to it.
        app.values = Values::new();
        press(&mut app, KeyCode::Enter);
        press(&mut app, KeyCode::Tab);
        assert!(press(&mut app, KeyCode::Enter).is_empty());
        let form = app.form.as_ref().expect("form still open");
        assert_eq!(form.focus, 0);
        let flow = app.flow().expect("a flow is open");
        assert!(form.fields[0].error(flow, Lang::En).is_some());
    }

    #[test]
    fn the_search_field_edits_at_the_cursor() {
        let catalog = catalog();
        let mut app = App::new(&catalog, Lang::En);
        typed(&mut app, "kms hst");
        press(&mut app, KeyCode::Left);
        press(&mut app, KeyCode::Left);
        typed(&mut app, "o");
        assert_eq!(app.query.text(), "kms host");
        let ctrl = |c| Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
        app.update(ctrl('a'));
        typed(&mut app, "new ");
        assert_eq!(app.query.text(), "new kms host");
        app.update(ctrl('e'));
        app.update(ctrl('w'));
        assert_eq!(app.query.text(), "new kms ");
        app.update(ctrl('u'));
        assert_eq!(app.query.text(), "");
        // The global keys still act from the field.
        app.update(ctrl('n'));
        press(&mut app, KeyCode::F(2));
        assert_eq!(app.lang, Lang::Fr);
    }

    #[test]
    fn pasted_line_breaks_become_spaces_with_or_without_bracketed_paste() {
        let catalog = catalog();
        let mut app = App::new(&catalog, Lang::En);
        app.update(Msg::Paste("service reported\r\nthat\tthe".into()));
        assert_eq!(app.query.text(), "service reported that the");
        // Without bracketed paste the terminal sends keys, all at once.
        let mut app = App::new(&catalog, Lang::En);
        let key = |code| KeyEvent::new(code, KeyModifiers::NONE);
        let mut burst: Vec<KeyEvent> = "reported".chars().map(|c| key(KeyCode::Char(c))).collect();
        burst.push(key(KeyCode::Enter));
        burst.extend("that q".chars().map(|c| key(KeyCode::Char(c))));
        burst.push(key(KeyCode::Enter));
        app.update(Msg::KeyBurst(burst));
        assert_eq!(app.query.text(), "reported that q");
        assert_eq!(app.ctx(), Ctx::Search, "no Enter acted");
        assert!(!app.quit);
        // Keys typed fast, with no line break inside, still act one by one.
        let mut app = App::new(&catalog, Lang::En);
        let mut burst: Vec<KeyEvent> = "c0de0074".chars().map(|c| key(KeyCode::Char(c))).collect();
        burst.push(key(KeyCode::Enter));
        app.update(Msg::KeyBurst(burst));
        assert_eq!(app.ctx(), Ctx::Question);
    }

    #[test]
    fn the_first_choice_is_scrolled_into_view_on_a_small_screen() {
        let catalog = catalog();
        let mut app = App::new(&catalog, Lang::En);
        app.update(Msg::Resize(60, 16));
        app.start_with("0xC0DE0074");
        let rows = view::walk::item_rows(&app);
        let height = view::walk::body_height(&app);
        assert!(
            rows[0].end <= app.scroll + height,
            "{rows:?} {} {height}",
            app.scroll
        );
        assert!(rows[0].start >= app.scroll);
    }

    #[test]
    fn copy_outcomes_become_status_and_are_kept_for_the_transcript() {
        let catalog = catalog();
        let mut app = App::new(&catalog, Lang::En);
        app.start_with("0xC0DE0039");
        press(&mut app, KeyCode::Char('1'));
        let effects = press(&mut app, KeyCode::Char('c'));
        let Some(Effect::Copy { what, .. }) = effects.into_iter().next() else {
            panic!("c copies a command without placeholders directly");
        };
        app.update(Msg::Copied {
            what: what.clone(),
            result: Ok(Method::Osc52),
        });
        assert_eq!(app.copied.len(), 1);
        app.update(Msg::Copied {
            what,
            result: Err("no".into()),
        });
        assert!(app.status.as_ref().is_some_and(Status::is_error));
        let effects = press(&mut app, KeyCode::Char('s'));
        assert!(matches!(effects.as_slice(), [Effect::Save { .. }]));
        let effects = press(&mut app, KeyCode::Char('t'));
        assert!(
            matches!(effects.as_slice(), [Effect::Copy { what: CopyWhat::Transcript, text }] if text.contains("0xC0DE0039"))
        );
        assert!(app
            .exit_text()
            .is_some_and(|t| t.contains("Activate again")));
    }

    #[test]
    fn language_switches_live_and_ctrl_c_quits_from_a_field() {
        let catalog = catalog();
        let mut app = App::new(&catalog, Lang::En);
        press(&mut app, KeyCode::F(2));
        assert_eq!(app.lang, Lang::Fr);
        app.act(Action::ToggleLang);
        assert_eq!(app.lang, Lang::En);
        app.update(Msg::Key(KeyEvent::new(
            KeyCode::Char('c'),
            KeyModifiers::CONTROL,
        )));
        assert!(app.quit);
    }

    #[test]
    fn clicks_select_then_open_and_the_wheel_moves() {
        let catalog = catalog();
        let mut app = App::new(&catalog, Lang::En);
        app.update(Msg::Resize(80, 24));
        typed(&mut app, "kms");
        assert_eq!(app.outcome.hits.len(), 2);
        // Results start under the field (3 rows), the header and their title.
        app.update(Msg::Click { column: 5, row: 6 });
        assert_eq!(app.selected, 1);
        app.update(Msg::Scroll(-1));
        assert_eq!(app.selected, 0);
        app.update(Msg::Click { column: 5, row: 5 });
        assert_eq!(app.ctx(), Ctx::Question);
    }

    #[test]
    fn signals_quit() {
        let catalog = catalog();
        let mut app = App::new(&catalog, Lang::En);
        app.update(Msg::Terminate);
        assert!(app.quit);
    }
}
