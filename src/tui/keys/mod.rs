//! The keymap: one table, read by the key handler, the footer and the `?` help.
//!
//! Each binding names an [`Action`], the keys that trigger it, the screens
//! where it acts and its label in each language. Two kinds of context:
//! where typing goes into a text field (search, placeholder form), a plain
//! character is text, so only Esc, Enter, arrows, function and Ctrl- keys
//! act there; everywhere else single letters act too. [`lookup`] applies
//! that rule, so the table cannot make a letter steal typing.

mod table;

pub(crate) use table::BINDINGS;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::field::Edit;
use crate::core::catalog::Lang;

/// What the user asked for, whatever the key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Action {
    Up,
    Down,
    PageUp,
    PageDown,
    /// Enter: open, answer, copy, confirm, depending on the screen.
    Select,
    /// A digit key: choose the Nth answer (1-based).
    Choose(u8),
    Back,
    Restart,
    /// Esc: clear, go back to search, cancel, close.
    Escape,
    NextField,
    PrevField,
    Copy,
    /// Copy every command of the resolution as one block.
    CopyAll,
    /// Open the value form for the selected command, to change its values.
    EditValues,
    /// Undo the last restart, step back or jump.
    Undo,
    /// Go back to an earlier question of the breadcrumb (then a digit).
    GoTo,
    CopyTranscript,
    SaveTranscript,
    ToggleLang,
    /// Show the commands for the other shell (cmd or PowerShell).
    ToggleShell,
    /// Open the evidence box (paste slmgr, event or network output).
    Evidence,
    /// In the evidence box: read what was pasted.
    ReadEvidence,
    Help,
    Quit,
    /// Editing the text field (search, form values).
    Edit(Edit),
}

/// Where the user is; decides which bindings act.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ctx {
    Search,
    Question,
    Resolution,
    Form,
    /// The evidence box, over any screen.
    Paste,
    Help,
}

impl Ctx {
    /// Whether typing goes into a text field here.
    pub(crate) fn is_text_field(self) -> bool {
        matches!(self, Ctx::Search | Ctx::Form | Ctx::Paste)
    }
}

/// One key (or a family of keys, for the digits).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Key {
    Plain(KeyCode),
    Ctrl(char),
    /// The digits 1 to 9.
    Digits,
}

impl Key {
    /// A plain printable character: text in a field, a command elsewhere.
    pub(crate) fn is_letter(self) -> bool {
        matches!(self, Key::Plain(KeyCode::Char(_)) | Key::Digits)
    }

    fn matches(self, event: &KeyEvent) -> Option<Option<u8>> {
        let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
        let alt = event.modifiers.contains(KeyModifiers::ALT);
        match self {
            Key::Ctrl(c) => (ctrl
                && !alt
                && matches!(event.code, KeyCode::Char(k) if k.eq_ignore_ascii_case(&c)))
            .then_some(None),
            Key::Digits => match event.code {
                KeyCode::Char(d @ '1'..='9') if !ctrl && !alt => Some(Some(d as u8 - b'0')),
                _ => None,
            },
            Key::Plain(code) => (!ctrl && !alt && event.code == code).then_some(None),
        }
    }

    /// How the key is written in the footer and the help: the names
    /// printed on the keys of that language's keyboards.
    pub(crate) fn label(self, lang: Lang) -> String {
        let named = |en: &str, fr: &str| match lang {
            Lang::En => en.to_string(),
            Lang::Fr => fr.to_string(),
        };
        match self {
            Key::Ctrl(c) => format!("^{}", c.to_ascii_uppercase()),
            Key::Digits => "1-9".to_string(),
            Key::Plain(code) => match code {
                KeyCode::Up => "↑".into(),
                KeyCode::Down => "↓".into(),
                KeyCode::Left => "←".into(),
                KeyCode::Right => "→".into(),
                KeyCode::PageUp => named("PgUp", "PgPréc"),
                KeyCode::PageDown => named("PgDn", "PgSuiv"),
                KeyCode::Home => named("Home", "Origine"),
                KeyCode::End => named("End", "Fin"),
                KeyCode::Enter => named("Enter", "Entrée"),
                KeyCode::Esc => named("Esc", "Échap"),
                KeyCode::Backspace => named("Bksp", "RetArr"),
                KeyCode::Delete => named("Del", "Suppr"),
                KeyCode::Tab => "Tab".into(),
                KeyCode::BackTab => named("S-Tab", "Maj-Tab"),
                KeyCode::F(n) => format!("F{n}"),
                KeyCode::Char(c) => c.to_string(),
                other => format!("{other:?}"),
            },
        }
    }
}

/// Screens where a binding acts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Scope(&'static [Ctx]);

const ALL: Scope = Scope(&[
    Ctx::Search,
    Ctx::Question,
    Ctx::Resolution,
    Ctx::Form,
    Ctx::Paste,
    Ctx::Help,
]);
const LISTS: Scope = Scope(&[Ctx::Search, Ctx::Question, Ctx::Resolution, Ctx::Help]);
const WALK: Scope = Scope(&[Ctx::Question, Ctx::Resolution]);
const FIELDS: Scope = Scope(&[Ctx::Search, Ctx::Form]);
/// The edits that also act in the evidence box (its cursor stays at the end).
const DELETIONS: Scope = Scope(&[Ctx::Search, Ctx::Form, Ctx::Paste]);

pub(crate) struct Binding {
    pub action: Action,
    pub keys: &'static [Key],
    scope: Scope,
    /// Shown in the footer of these screens (the help shows every binding).
    footer: &'static [Ctx],
    /// Label per screen kind: (en, fr). The first entry whose screens
    /// include the current one wins; the last one is the general label.
    labels: &'static [(&'static [Ctx], &'static str, &'static str)],
    /// A shorter form for the footer: (keys, en, fr).
    pub short: Option<(&'static str, &'static str, &'static str)>,
    /// Shorter labels for the footer, like `labels` (empty: use `labels`).
    brief: &'static [(&'static [Ctx], &'static str, &'static str)],
}

impl Binding {
    pub(crate) fn acts_in(&self, ctx: Ctx) -> bool {
        self.scope.0.contains(&ctx)
    }

    pub(crate) fn in_footer(&self, ctx: Ctx) -> bool {
        self.footer.contains(&ctx)
    }

    /// Keys that act in `ctx` (letters do not act in text fields).
    pub(crate) fn keys_in(&self, ctx: Ctx) -> impl Iterator<Item = Key> + '_ {
        self.keys
            .iter()
            .copied()
            .filter(move |k| !(ctx.is_text_field() && k.is_letter()))
    }

    /// The key labels for `ctx`, joined with `/`.
    pub(crate) fn keys_label(&self, ctx: Ctx, lang: Lang) -> String {
        self.keys_in(ctx)
            .map(|k| k.label(lang))
            .collect::<Vec<_>>()
            .join("/")
    }

    /// Whether this binding edits a text field.
    pub(crate) fn is_edit(&self) -> bool {
        matches!(self.action, Action::Edit(_))
    }

    /// The footer's label for `ctx`.
    pub(crate) fn brief_label(&self, ctx: Ctx, lang: Lang) -> &'static str {
        let found = self
            .brief
            .iter()
            .find(|(ctxs, _, _)| ctxs.is_empty() || ctxs.contains(&ctx));
        match (found, lang) {
            (Some((_, en, _)), Lang::En) => en,
            (Some((_, _, fr)), Lang::Fr) => fr,
            (None, _) => self.label(ctx, lang),
        }
    }

    pub(crate) fn label(&self, ctx: Ctx, lang: Lang) -> &'static str {
        let pick = |(_, en, fr): &(&[Ctx], &'static str, &'static str)| match lang {
            Lang::En => *en,
            Lang::Fr => *fr,
        };
        self.labels
            .iter()
            .find(|(ctxs, _, _)| ctxs.contains(&ctx))
            .or(self.labels.last())
            .map(pick)
            .unwrap_or("")
    }
}

/// The action `event` triggers in `ctx`, if any. In a text field, plain
/// characters never act (they are typed).
pub(crate) fn lookup(event: &KeyEvent, ctx: Ctx) -> Option<Action> {
    for binding in BINDINGS.iter().filter(|b| b.acts_in(ctx)) {
        for key in binding.keys_in(ctx) {
            if let Some(digit) = key.matches(event) {
                return Some(match (binding.action, digit) {
                    (Action::Choose(_), Some(d)) => Action::Choose(d),
                    (action, _) => action,
                });
            }
        }
    }
    None
}

/// The bindings shown in the footer of `ctx`: help and quit first (so they
/// survive when the footer is cut to fit; the footer draws quit last), then
/// table order.
pub(crate) fn footer(ctx: Ctx) -> Vec<&'static Binding> {
    let mut out: Vec<&Binding> = BINDINGS
        .iter()
        .filter(|b| b.in_footer(ctx) && b.keys_in(ctx).next().is_some())
        .collect();
    if let Some(i) = out.iter().position(|b| b.action == Action::Help) {
        let help = out.remove(i);
        out.insert(0, help);
    }
    if let Some(i) = out.iter().position(|b| b.action == Action::Quit) {
        let quit = out.remove(i);
        out.insert(1.min(out.len()), quit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn ctrl(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
    }

    #[test]
    fn letters_type_in_fields_and_act_elsewhere() {
        for c in ['q', 'j', 'k', 'c', 't', 's', 'r', 'L', '?', '1'] {
            assert_eq!(lookup(&key(KeyCode::Char(c)), Ctx::Search), None, "{c}");
            assert_eq!(lookup(&key(KeyCode::Char(c)), Ctx::Form), None, "{c}");
        }
        assert_eq!(
            lookup(&key(KeyCode::Char('q')), Ctx::Question),
            Some(Action::Quit)
        );
        assert_eq!(
            lookup(&key(KeyCode::Char('j')), Ctx::Resolution),
            Some(Action::Down)
        );
        assert_eq!(
            lookup(&key(KeyCode::Char('3')), Ctx::Question),
            Some(Action::Choose(3))
        );
        assert_eq!(
            lookup(&key(KeyCode::Char('L')), Ctx::Question),
            Some(Action::ToggleLang)
        );
    }

    #[test]
    fn control_keys_act_everywhere_they_are_bound() {
        for ctx in [
            Ctx::Search,
            Ctx::Question,
            Ctx::Resolution,
            Ctx::Form,
            Ctx::Help,
        ] {
            assert_eq!(lookup(&ctrl('c'), ctx), Some(Action::Quit));
            assert_eq!(lookup(&key(KeyCode::Esc), ctx), Some(Action::Escape));
            assert_eq!(lookup(&key(KeyCode::F(1)), ctx), Some(Action::Help));
        }
        assert_eq!(lookup(&ctrl('n'), Ctx::Search), Some(Action::Down));
        assert_eq!(lookup(&ctrl('p'), Ctx::Search), Some(Action::Up));
        assert_eq!(lookup(&ctrl('y'), Ctx::Resolution), Some(Action::Copy));
        // Backspace and ← edit the field; they only go back outside fields.
        assert_eq!(
            lookup(&key(KeyCode::Backspace), Ctx::Search),
            Some(Action::Edit(Edit::Backspace))
        );
        assert_eq!(
            lookup(&key(KeyCode::Left), Ctx::Form),
            Some(Action::Edit(Edit::Left))
        );
        assert_eq!(
            lookup(&key(KeyCode::Left), Ctx::Question),
            Some(Action::Back)
        );
        assert_eq!(
            lookup(&key(KeyCode::Backspace), Ctx::Question),
            Some(Action::Back)
        );
    }

    #[test]
    fn field_editing_keys_act_only_in_fields() {
        let cases = [
            (key(KeyCode::Home), Edit::Home),
            (ctrl('a'), Edit::Home),
            (key(KeyCode::End), Edit::End),
            (ctrl('e'), Edit::End),
            (key(KeyCode::Right), Edit::Right),
            (key(KeyCode::Delete), Edit::Delete),
            (ctrl('w'), Edit::DeleteWord),
            (ctrl('u'), Edit::DeleteToStart),
            (ctrl('k'), Edit::DeleteToEnd),
        ];
        for (event, edit) in cases {
            for ctx in [Ctx::Search, Ctx::Form] {
                assert_eq!(lookup(&event, ctx), Some(Action::Edit(edit)), "{edit:?}");
            }
            for ctx in [Ctx::Question, Ctx::Resolution, Ctx::Help] {
                assert!(
                    !matches!(lookup(&event, ctx), Some(Action::Edit(_))),
                    "{edit:?} in {ctx:?}"
                );
            }
        }
        // No key is bound twice in one screen.
        for ctx in [
            Ctx::Search,
            Ctx::Question,
            Ctx::Resolution,
            Ctx::Form,
            Ctx::Help,
        ] {
            let mut seen = Vec::new();
            for b in BINDINGS.iter().filter(|b| b.acts_in(ctx)) {
                for k in b.keys_in(ctx) {
                    assert!(!seen.contains(&k), "{k:?} twice in {ctx:?}");
                    seen.push(k);
                }
            }
        }
    }

    #[test]
    fn french_key_names() {
        assert_eq!(Key::Plain(KeyCode::Enter).label(Lang::Fr), "Entrée");
        assert_eq!(Key::Plain(KeyCode::Esc).label(Lang::Fr), "Échap");
        assert_eq!(Key::Plain(KeyCode::Enter).label(Lang::En), "Enter");
    }

    #[test]
    fn every_binding_has_labels_and_a_key() {
        for b in BINDINGS {
            assert!(!b.keys.is_empty());
            for lang in Lang::ALL {
                assert!(!b.label(Ctx::Question, lang).is_empty(), "{:?}", b.action);
            }
        }
        for ctx in [Ctx::Search, Ctx::Question, Ctx::Resolution, Ctx::Form] {
            let f = footer(ctx);
            assert_eq!(f.first().map(|b| b.action), Some(Action::Help), "{ctx:?}");
        }
    }
}
