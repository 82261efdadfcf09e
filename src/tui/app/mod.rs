//! The wizard's state and its only mutator, [`App::update`].
//!
//! Events become [`Msg`]s; `update` changes the state and returns the
//! [`Effect`]s (copy, save) that the event loop performs, feeding their
//! outcome back as messages. Drawing (`view/`) only reads the state, so the
//! whole app runs without a terminal in tests.

mod copy;
mod evidence_box;
mod input;
mod loading;
#[cfg(test)]
mod scenario;
mod walking;

pub(crate) use evidence_box::PasteBox;
pub use loading::{Loaded, Loading};

use crate::core::catalog::dialect::Dialect;
use crossterm::event::KeyEvent;

use super::clip::Method;
use super::field::{Edit, TextField};
use super::finder::{SearchIndex, SearchOutcome};
use super::keys::{self, Action, Ctx};
use super::layout::Layout;
use crate::core::catalog::{Catalog, Code, FlowFile, Lang, Localized};
use crate::core::placeholder;
use crate::core::placeholder::{SetError, Values};
use crate::core::sanitize::clean_line;
use crate::core::walk::{Current, Walk};
use crate::transcript;

/// How many search results are kept.
pub(crate) const RESULT_LIMIT: usize = 50;

/// Below this size the wizard asks for a bigger window.
pub(crate) const MIN_WIDTH: u16 = 60;
pub(crate) const MIN_HEIGHT: u16 = 16;

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
    /// Where things are on the screen about to be drawn (see `tui::layout`):
    /// sent by the event loop before each frame.
    Measured(Layout),
    /// Outcome of an [`Effect::Copy`].
    Copied {
        what: CopyWhat,
        result: Result<Method, String>,
    },
    /// Outcome of an [`Effect::Save`]: the file's full path, or why it failed.
    Saved(Result<String, String>),
    /// SIGTERM, SIGHUP: leave cleanly.
    Terminate,
    /// How far the load of the `--flows` folders has got.
    Loading(Loading),
    /// The `--flows` folders are loaded: the catalog to swap in.
    Loaded(Box<Loaded>),
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
    /// The commands are now shown for the other shell.
    Shell,
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
    /// Evidence was pasted: how many facts and codes were new, how many
    /// facts are known now.
    Evidence {
        new: usize,
        facts: usize,
    },
    /// The `--flows` folders were loaded: this many codes in all.
    Loaded(usize),
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
    /// Built on first use (see `loading.rs`).
    index: std::cell::OnceCell<SearchIndex<'c>>,
    /// The `--flows` folders being loaded, shown on the status line.
    pub loading: Option<Loading>,
    /// A loaded catalog waiting for the agent to leave the walk.
    pending: Option<Loaded>,
    pub lang: Lang,
    /// The shell commands are shown and copied for.
    pub dialect: Dialect,
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
    /// The evidence box (F4), over any screen.
    pub paste_box: Option<PasteBox>,
    /// An evidence box closed with Esc: its text (and whether it is full)
    /// offered again at the next F4.
    paste_draft: PasteBox,
    pub values: Values,
    pub copied: Vec<String>,
    pub status: Option<Status>,
    pub size: (u16, u16),
    /// The screen as last measured: what paging, scrolling and clicks go by.
    pub layout: Layout,
    /// The selection moved or the texts changed: scroll it into view once
    /// the next frame is measured.
    reveal: bool,
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
    /// The call's evidence: facts pasted or loaded, values they filled,
    /// answers that followed a suggestion.
    pub evidence: crate::core::evidence::InUse,
    /// Codes opened recently, listed first for an empty query (kept in a
    /// file across runs when `run` gives one).
    pub recent: crate::recent::Recent,
    /// How many of the results are recent codes (the empty query's list).
    pub listed_recent: usize,
    /// The transcript's language and folder (the configuration's
    /// `transcript_language` and `transcript_dir`).
    pub transcript: transcript::Settings,
}

impl<'c> App<'c> {
    pub fn new(catalog: &'c Catalog, lang: Lang) -> Self {
        let mut app = App {
            catalog,
            index: std::cell::OnceCell::new(),
            loading: None,
            pending: None,
            lang,
            dialect: Dialect::default(),
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
            paste_box: None,
            paste_draft: PasteBox::default(),
            values: Values::new(),
            copied: Vec::new(),
            status: None,
            size: (80, 24),
            layout: Layout::default(),
            reveal: false,
            quit: false,
            last_resolved: None,
            kept: Vec::new(),
            undo: Vec::new(),
            prior: None,
            drafts: std::collections::BTreeMap::new(),
            evidence: Default::default(),
            recent: crate::recent::Recent::in_memory(),
            listed_recent: 0,
            transcript: transcript::Settings::default(),
        };
        // The empty query lists every code.
        app.research();
        app
    }

    /// Takes the recent codes kept from earlier runs (listed at once when
    /// the query is empty).
    pub fn set_recent(&mut self, recent: crate::recent::Recent) {
        self.recent = recent;
        if self.screen == Screen::Search && self.query.text().trim().is_empty() {
            self.research();
        }
    }

    /// Starts from the command line's `CODE_OR_QUERY`: a known code opens
    /// its flow, anything else fills the search field.
    pub fn start_with(&mut self, query: &str) {
        let query = clean_line(query).trim().to_string();
        if let Some(code) = crate::core::search::whole_code(&query) {
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
    pub(crate) fn ctx(&self) -> Ctx {
        if self.help.is_some() {
            Ctx::Help
        } else if self.paste_box.is_some() {
            Ctx::Paste
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

    /// Applies `msg`. Returns what the event loop must do.
    pub fn update(&mut self, msg: Msg) -> Vec<Effect> {
        let screen = self.screen;
        let status = self.status.clone();
        let effects = self.apply(msg);
        self.swap_in_loaded();
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
            Msg::Measured(layout) => {
                self.layout = layout;
                self.reveal_selection();
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
            Msg::Loading(progress) => self.loading = Some(progress),
            Msg::Loaded(loaded) => self.pending = Some(*loaded),
            Msg::Terminate => self.quit = true,
        }
        Vec::new()
    }

    /// Performs a keymap action in the current context.
    pub(crate) fn act(&mut self, action: Action) -> Vec<Effect> {
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
            Action::ToggleShell => {
                self.dialect = self.dialect.other();
                self.status = Some(Status::Shell);
                // Command lines change length: keep the selection in view.
                self.follow();
            }
            Action::Help => {
                self.help = match self.help {
                    Some(_) => None,
                    // Opened at the section of the screen the agent is on.
                    None => Some(self.layout.help.section_start(ctx)),
                }
            }
            Action::Evidence => self.open_paste_box(),
            Action::Edit(_) | Action::Escape | Action::ReadEvidence if ctx == Ctx::Paste => {
                self.act_paste(action)
            }
            Action::Edit(edit) => self.edit(edit),
            _ => match ctx {
                Ctx::Help => self.act_help(action),
                Ctx::Paste => self.act_paste(action),
                Ctx::Form => return self.act_form(action),
                Ctx::Search => self.act_search(action),
                Ctx::Question | Ctx::Resolution => return self.act_walk(action, ctx),
            },
        }
        Vec::new()
    }

    /// The transcript of the current walk, as Markdown, dated now, in the
    /// transcript's language.
    pub fn transcript(&self) -> Option<String> {
        let walk = self.walk.as_ref()?;
        let lang = self.transcript.lang(self.lang);
        Some(self.call(walk).markdown(lang))
    }

    fn call<'a>(&'a self, walk: &'a Walk) -> transcript::Call<'a> {
        transcript::Call {
            catalog: self.catalog,
            walk,
            values: &self.values,
            copied: &self.copied,
            evidence: &self.evidence,
            dialect: self.dialect,
            at: Some(std::time::SystemTime::now()),
        }
    }

    /// What to leave in the scrollback on exit: the last resolution reached
    /// and the commands copied.
    pub fn exit_text(&self) -> Option<String> {
        match &self.last_resolved {
            Some(walk) => Some(self.call(walk).markdown(self.lang)),
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::keys::Action;
    use crossterm::event::{KeyCode, KeyModifiers};

    const FIXTURE: &str = include_str!("../../../tests/fixtures/tui/demo.yaml");

    /// The demo flows every state test of the wizard runs on.
    pub(super) fn catalog() -> Catalog {
        Catalog::from_sources(&[("demo.yaml", FIXTURE)]).expect("fixture flows are valid")
    }

    /// A key, then the frame that follows it, as in the event loop.
    pub(super) fn press(app: &mut App, code: KeyCode) -> Vec<Effect> {
        let effects = app.update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
        measured(app);
        effects
    }

    /// The frame after an update: measured, as the event loop does.
    pub(super) fn measured(app: &mut App) {
        let layout = crate::tui::view::measure(app);
        app.update(Msg::Measured(layout));
    }

    pub(super) fn typed(app: &mut App, text: &str) {
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
        let lines = crate::tui::view::help::lines(&app, crate::tui::view::Theme { mono: true }, 72);
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
    fn the_empty_query_lists_every_code_with_the_codes_opened_first() {
        let catalog = catalog();
        let mut app = App::new(&catalog, Lang::En);
        let listed = |app: &App| app.outcome.hits.iter().map(|h| h.code).collect::<Vec<_>>();
        // Before anything is typed: every code, by family, none recent.
        assert_eq!(listed(&app), vec![Code(0xC0DE0039), Code(0xC0DE0074)]);
        assert_eq!(app.listed_recent, 0);
        typed(&mut app, "c0de0074");
        press(&mut app, KeyCode::Enter);
        assert_eq!(app.ctx(), Ctx::Question);
        // Back to the search, the query cleared: the code opened comes first.
        press(&mut app, KeyCode::Esc);
        press(&mut app, KeyCode::Esc);
        assert_eq!(app.query.text(), "");
        assert_eq!(
            listed(&app),
            vec![Code(0xC0DE0074), Code(0xC0DE0039), Code(0xC0DE0074)]
        );
        assert_eq!(app.listed_recent, 1);
        assert_eq!(app.recent.codes(), &[Code(0xC0DE0074)]);
        // Enter opens the first: the most recent code.
        press(&mut app, KeyCode::Enter);
        assert_eq!(app.walk.as_ref().map(|w| w.code()), Some(Code(0xC0DE0074)));
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
    fn p_switches_the_shell_live_for_the_screen_and_the_copy() {
        let catalog = catalog();
        let mut app = App::new(&catalog, Lang::En);
        app.start_with("0xC0DE0074");
        press(&mut app, KeyCode::Char('2'));
        typed(&mut app, "P");
        assert_eq!(app.dialect, Dialect::Powershell);
        assert_eq!(app.status, Some(Status::Shell));
        // The first command of this resolution is `slmgr /skms HOST:PORT`:
        // its PowerShell form goes through the licensing service instead.
        assert!(press(&mut app, KeyCode::Enter).is_empty(), "asks the host");
        typed(&mut app, "kms1");
        press(&mut app, KeyCode::Enter);
        let effects = press(&mut app, KeyCode::Enter);
        let [Effect::Copy { text, .. }] = effects.as_slice() else {
            panic!("{effects:?}");
        };
        assert!(!text.contains("slmgr"), "{text}");
        assert!(text.contains("SetKeyManagementServiceMachine"), "{text}");
        assert!(text.contains("'kms1'"), "{text}");
        // And back: the same key, on any screen but a text field.
        press(&mut app, KeyCode::F(3));
        assert_eq!(app.dialect, Dialect::Cmd);
        let effects = press(&mut app, KeyCode::Enter);
        let [Effect::Copy { text, .. }] = effects.as_slice() else {
            panic!("{effects:?}");
        };
        assert_eq!(
            text,
            "cscript %windir%\\system32\\slmgr.vbs /skms kms1:1688"
        );
    }

    #[test]
    fn p_types_in_the_search_field() {
        let catalog = catalog();
        let mut app = App::new(&catalog, Lang::En);
        typed(&mut app, "P");
        assert_eq!(app.dialect, Dialect::Cmd);
        assert_eq!(app.query.text(), "P");
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
        measured(&mut app);
        let walk = app
            .layout
            .walk
            .as_ref()
            .expect("the flow screen is measured");
        let (rows, height) = (&walk.items, walk.height());
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
    fn the_transcript_has_its_own_language_and_a_date() {
        let catalog = catalog();
        let mut app = App::new(&catalog, Lang::En);
        app.transcript.lang = Some(Lang::Fr);
        app.start_with("0xC0DE0039");
        press(&mut app, KeyCode::Char('1'));
        let text = app.transcript().expect("a walk");
        assert!(text.contains("\n## Chemin\n"), "{text}");
        assert!(text.contains("\n- Date\u{a0}: "), "{text}");
        // The interface stays in English.
        assert!(app.exit_text().is_some_and(|t| t.contains("\n## Path\n")));
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

#[cfg(test)]
mod evidence_tests {
    use super::*;
    use crossterm::event::{KeyCode, KeyModifiers};

    use super::tests::catalog;

    const SRV_NONE: &str = include_str!("../../../tests/fixtures/evidence/nslookup-srv-none.txt");
    const TNC: &str = include_str!("../../../tests/fixtures/evidence/test-netconnection-false.txt");

    fn burst(text: &str) -> Msg {
        let keys = text
            .chars()
            .map(|c| match c {
                '\n' => KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE),
                c => KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE),
            })
            .filter(|k| k.code != KeyCode::Char('\r'))
            .collect();
        Msg::KeyBurst(keys)
    }

    #[test]
    fn evidence_pasted_on_the_search_screen_opens_the_code_it_names() {
        let catalog = catalog();
        let mut app = App::new(&catalog, Lang::En);
        let text = format!("Error 0xC0DE0074 at activation\n{SRV_NONE}");
        assert!(app.update(Msg::Paste(text)).is_empty());
        assert_eq!(app.ctx(), Ctx::Question);
        assert_eq!(app.walk.as_ref().map(|w| w.code()), Some(Code(0xC0DE0074)));
        let facts = app.evidence.evidence.facts.len();
        assert!(matches!(app.status, Some(Status::Evidence { facts: f, .. }) if f == facts));
        // Answering as suggested is noted for the transcript.
        app.update(Msg::Key(KeyEvent::new(
            KeyCode::Char('2'),
            KeyModifiers::NONE,
        )));
        assert!(app.evidence.followed(Code(0xC0DE0074), "srv_record", "no"));
    }

    #[test]
    fn a_paste_without_facts_stays_a_search_and_more_evidence_is_merged() {
        let catalog = catalog();
        let mut app = App::new(&catalog, Lang::En);
        app.update(Msg::Paste("kms unreachable".into()));
        assert_eq!(
            (app.ctx(), app.query.text()),
            (Ctx::Search, "kms unreachable")
        );
        assert!(app.evidence.is_empty());
        app.start_with("0xC0DE0039");
        // Unbracketed (a burst of keys): read as evidence too, not as keys.
        app.update(burst(TNC));
        assert_eq!(app.ctx(), Ctx::Question, "no key of the paste acted");
        assert!(app.walk.as_ref().is_some_and(|w| w.path().is_empty()));
        let port = app.evidence.evidence.fact("tcp_test_succeeded").cloned();
        assert_eq!(port.as_ref().map(|f| f.value.as_str()), Some("False"));
        app.update(Msg::Paste(SRV_NONE.into()));
        assert!(app.evidence.evidence.fact("srv_record_found").is_some());
        assert_eq!(
            app.evidence.evidence.fact("tcp_test_succeeded").cloned(),
            port
        );
        // The host Test-NetConnection tested is not a kms_host fact: the
        // form's host stays for the agent; nothing was typed.
        assert!(app.values.typed("kms_host").is_none());
    }

    const EVENT_12288: &str =
        include_str!("../../../tests/fixtures/evidence/event-12288-no-response.txt");

    /// The demo resolution with `/skms {kms_host}:{kms_port}`, its form open.
    fn form_open(catalog: &Catalog) -> App<'_> {
        let mut app = App::new(catalog, Lang::En);
        app.start_with("0xC0DE0074");
        tests::press(&mut app, KeyCode::Char('2'));
        tests::press(&mut app, KeyCode::Char('c'));
        assert_eq!(app.ctx(), Ctx::Form);
        app
    }

    #[test]
    fn evidence_pasted_into_the_form_fills_the_fields_it_can() {
        let catalog = catalog();
        for paste in [Msg::Paste(EVENT_12288.into()), burst(EVENT_12288)] {
            let mut app = form_open(&catalog);
            app.update(paste);
            let form = app.form.as_ref().expect("the form stays open");
            let values: Vec<&str> = form.fields.iter().map(|f| f.value.text()).collect();
            assert_eq!(values, vec!["kms-old.contoso.com", "1688"]);
            // Marked as from evidence, as prefilled values are.
            let origin = app.evidence.origin_of("kms_host", &app.values);
            assert_eq!(
                origin.map(|o| o.to_string()),
                Some("event 12288, line 3".into())
            );
            assert!(matches!(app.status, Some(Status::Evidence { .. })));
            // Enter on each field copies the command with those values.
            tests::press(&mut app, KeyCode::Enter);
            let effects = tests::press(&mut app, KeyCode::Enter);
            assert!(
                matches!(effects.as_slice(), [Effect::Copy { text, .. }] if text.ends_with("/skms kms-old.contoso.com:1688")),
                "{effects:?}"
            );
        }
    }

    #[test]
    fn a_plain_value_pasted_into_the_form_is_still_a_value() {
        let catalog = catalog();
        let mut app = form_open(&catalog);
        app.update(Msg::Paste("kms02.contoso.com".into()));
        let form = app.form.as_ref().expect("form");
        assert_eq!(form.fields[0].value.text(), "kms02.contoso.com");
        assert!(app.evidence.is_empty());
        assert_eq!(app.evidence.origin_of("kms_host", &app.values), None);
    }
}
