//! Snapshots of every screen of the full-screen wizard, drawn on a
//! `TestBackend` after driving the app with messages (no terminal).
//!
//! Each snapshot is the screen text followed by the cursor position (the
//! cursor sits on the focused item, for screen readers). The fixture flow
//! `tests/fixtures/tui/` keeps them stable; two more use the built-in
//! catalog for 0xC004F074.

use std::path::Path;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::{Backend, TestBackend};
use ratatui::Terminal;

use actwiz::core::catalog::{read_folder, Catalog, Lang};
use actwiz::tui::app::{App, CopyWhat, Effect, Msg};
use actwiz::tui::{new_app, view, CopyMethod, TuiOptions};

fn fixture() -> Catalog {
    let folder = read_folder(Path::new("tests/fixtures/tui")).expect("fixture folder");
    Catalog::from_folders(vec![folder]).expect("fixture flows are valid")
}

fn options(lang: Lang, query: Option<&str>) -> TuiOptions {
    TuiOptions {
        lang,
        dialect: Default::default(),
        initial_query: query.map(str::to_string),
        mouse: false,
        no_color: false,
        clipboard: None,
        notice: None,
        evidence: None,
        transcript: Default::default(),
    }
}

/// A key on the frame drawn before it (measured, as the event loop does
/// before each frame).
fn key(app: &mut App, code: KeyCode) {
    actwiz::tui::measure(app);
    app.update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn ch(app: &mut App, c: char) {
    key(app, KeyCode::Char(c));
}

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        ch(app, c);
    }
}

/// The screen as text, then the cursor position.
fn screen(app: &mut App, width: u16, height: u16) -> String {
    app.update(Msg::Resize(width, height));
    actwiz::tui::measure(app);
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test terminal");
    terminal.draw(|frame| view::draw(frame, app)).expect("draw");
    let cursor = terminal
        .backend_mut()
        .get_cursor_position()
        .expect("cursor");
    format!(
        "{}cursor: ({}, {})\n",
        terminal.backend(),
        cursor.x,
        cursor.y
    )
}

const SIZES: [(u16, u16); 2] = [(80, 24), (60, 16)];

fn lang_name(lang: Lang) -> &'static str {
    lang.code()
}

/// Runs `setup` in each language and size, and snapshots the screen.
fn each(name: &str, catalog: &Catalog, setup: impl Fn(&mut App)) {
    for lang in Lang::ALL {
        for (w, h) in SIZES {
            let mut app = new_app(catalog, &options(lang, None));
            setup(&mut app);
            let text = screen(&mut app, w, h);
            insta::assert_snapshot!(format!("{name}_{}_{w}x{h}", lang_name(lang)), text);
        }
    }
}

#[test]
fn search_empty() {
    each("search_empty", &fixture(), |_| {});
}

#[test]
fn search_with_results() {
    each("search_results", &fixture(), |app| typed(app, "kms"));
}

#[test]
fn search_unknown_code() {
    each("search_unknown", &fixture(), |app| typed(app, "0xC0DE0075"));
}

#[test]
fn flow_question() {
    each("flow_question", &fixture(), |app| {
        typed(app, "c0de0074");
        key(app, KeyCode::Enter);
        ch(app, '1');
    });
}

#[test]
fn resolution() {
    each("resolution", &fixture(), |app| {
        app.start_with("0xC0DE0074");
        ch(app, '2');
        key(app, KeyCode::Down);
    });
}

/// The same resolution after P: the commands in their PowerShell form (the
/// licensing service through CIM instead of slmgr.vbs), the header saying so.
#[test]
fn resolution_in_powershell() {
    each("resolution_powershell", &fixture(), |app| {
        app.start_with("0xC0DE0074");
        ch(app, '2');
        ch(app, 'P');
    });
}

#[test]
fn placeholder_form_with_inline_error() {
    each("form_error", &fixture(), |app| {
        app.start_with("C0DE0074");
        ch(app, '2');
        key(app, KeyCode::Enter);
        typed(app, "kms; del *");
        key(app, KeyCode::Enter);
    });
}

#[test]
fn form_enter_moves_to_the_next_field() {
    each("form_next_field", &fixture(), |app| {
        app.start_with("C0DE0074");
        ch(app, '2');
        key(app, KeyCode::Enter);
        typed(app, "kms1.contoso.com");
        key(app, KeyCode::Enter);
        // On the port now, the cursor at the end of its pre-filled value.
        key(app, KeyCode::Left);
    });
}

#[test]
fn search_edited_in_the_middle() {
    each("search_edit_middle", &fixture(), |app| {
        typed(app, "kms hst not found");
        for _ in 0.." not found".len() + 2 {
            key(app, KeyCode::Left);
        }
        ch(app, 'o');
        // The query reads "kms host not found"; the cursor sits after the 'o'.
    });
}

#[test]
fn search_long_query_keeps_the_cursor_in_view() {
    each("search_long_query", &fixture(), |app| {
        typed(
            app,
            "The Software Protection Service reported that the computer could not be activated kms",
        );
        app.update(Msg::Key(KeyEvent::new(
            KeyCode::Char('a'),
            KeyModifiers::CONTROL,
        )));
        for _ in 0..4 {
            key(app, KeyCode::Right);
        }
    });
}

#[test]
fn search_paste_with_line_breaks() {
    each("search_paste_lines", &fixture(), |app| {
        app.update(Msg::Paste("no Key Management\r\nService\tcould".into()));
    });
    // The same text, sent as keys by a terminal without bracketed paste.
    let catalog = fixture();
    let mut app = new_app(&catalog, &options(Lang::En, None));
    let mut keys: Vec<KeyEvent> = Vec::new();
    for c in "no Key Management\rService\tcould".chars() {
        keys.push(match c {
            '\r' => KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE),
            '\t' => KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE),
            c => KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE),
        });
    }
    app.update(Msg::KeyBurst(keys));
    let mut pasted = new_app(&catalog, &options(Lang::En, None));
    pasted.update(Msg::Paste("no Key Management\r\nService\tcould".into()));
    assert_eq!(screen(&mut app, 80, 24), screen(&mut pasted, 80, 24));
}

#[test]
fn help_overlay() {
    each("help", &fixture(), |app| {
        app.start_with("0xC0DE0074");
        ch(app, '?');
    });
}

#[test]
fn transcript_saved_status() {
    each("saved", &fixture(), |app| {
        app.start_with("0xC0DE0074");
        ch(app, '2');
        app.update(Msg::Copied {
            what: CopyWhat::Command("cscript %windir%\\system32\\slmgr.vbs /ato".into()),
            result: Ok(CopyMethod::Osc52),
        });
        app.update(Msg::Saved(
            Ok("actwiz-0xC0DE0074-20260125-143000.md".into()),
        ));
    });
}

#[test]
fn copied_command_with_caution() {
    // Copying a command that carries a caution (here from the form) puts
    // the caution first in the status line.
    each("copied_caution", &fixture(), |app| {
        app.start_with("0xC0DE0074");
        ch(app, '2');
        key(app, KeyCode::Enter);
        typed(app, "kms1.contoso.com");
        key(app, KeyCode::Enter);
        let effects = app.update(Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)));
        for effect in effects {
            if let Effect::Copy { what, .. } = effect {
                app.update(Msg::Copied {
                    what,
                    result: Ok(CopyMethod::Osc52),
                });
            }
        }
    });
}

#[test]
fn too_small() {
    for lang in Lang::ALL {
        let catalog = fixture();
        let mut app = new_app(&catalog, &options(lang, Some("kms")));
        let text = screen(&mut app, 50, 12);
        insta::assert_snapshot!(format!("too_small_{}_50x12", lang_name(lang)), text);
    }
}

#[test]
fn builtin_c004f074() {
    let catalog = Catalog::builtin().expect("built-in flows are valid");
    for lang in Lang::ALL {
        let mut app = new_app(&catalog, &options(lang, Some("0xC004F074")));
        let text = screen(&mut app, 80, 24);
        insta::assert_snapshot!(
            format!("builtin_c004f074_question_{}_80x24", lang_name(lang)),
            text
        );
        let mut app = new_app(&catalog, &options(lang, None));
        typed(&mut app, "F074");
        let text = screen(&mut app, 80, 24);
        insta::assert_snapshot!(
            format!("builtin_c004f074_search_{}_80x24", lang_name(lang)),
            text
        );
    }
}

#[test]
fn builtin_c004f074_long_path_breadcrumb() {
    // Seven answers deep, the French path takes more than two rows: the
    // breadcrumb keeps its last two, the first starting with "…", and no
    // character is pushed past the edge.
    let catalog = Catalog::builtin().expect("built-in flows are valid");
    for lang in Lang::ALL {
        let mut app = new_app(&catalog, &options(lang, Some("0xC004F074")));
        typed(&mut app, "3111111");
        let text = screen(&mut app, 100, 30);
        insta::assert_snapshot!(
            format!("builtin_c004f074_long_path_{}_100x30", lang_name(lang)),
            text
        );
    }
}

#[test]
fn builtin_c004f074_small_screen_shows_the_first_choice() {
    let catalog = Catalog::builtin().expect("built-in flows are valid");
    for lang in Lang::ALL {
        let mut app = new_app(&catalog, &options(lang, Some("0xC004F074")));
        let text = screen(&mut app, 60, 16);
        insta::assert_snapshot!(
            format!("builtin_c004f074_question_{}_60x16", lang_name(lang)),
            text
        );
    }
}

#[test]
fn monochrome_theme_uses_no_colour_and_marks_the_selection() {
    use ratatui::style::{Color, Modifier};
    let catalog = fixture();
    let mut opts = options(Lang::En, Some("kms"));
    opts.no_color = true;
    let mut app = new_app(&catalog, &opts);
    app.update(Msg::Resize(80, 24));
    actwiz::tui::measure(&mut app);
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("test terminal");
    terminal.draw(|f| view::draw(f, &app)).expect("draw");
    let buffer = terminal.backend().buffer().clone();
    for cell in buffer.content() {
        assert_eq!(cell.fg, Color::Reset, "no foreground colour");
        assert_eq!(cell.bg, Color::Reset, "no background colour");
    }
    // The selected result: a `>` marker, and reverse video.
    let row = (0..24)
        .find(|&y| buffer[(0, y)].symbol() == ">" && buffer[(2, y)].symbol() == "0")
        .expect("a marked result row");
    assert!(buffer[(2, row)].modifier.contains(Modifier::REVERSED));
}

/// Evidence pasted on the demo flow's port question: the suggested choice
/// is marked with its reason and origin, the facts show beside the flow at
/// 100 columns and after it at 80, and the form marks the port "from
/// evidence". EN and FR, 80×24 and 100×30.
#[test]
fn evidence_facts_panel_and_suggested_choice() {
    let catalog = fixture();
    let tnc = include_str!("fixtures/evidence/test-netconnection-false.txt");
    for lang in Lang::ALL {
        for (w, h) in [(80, 24), (100, 30)] {
            let mut app = new_app(&catalog, &options(lang, Some("0xC0DE0039")));
            app.update(Msg::Paste(tnc.to_string()));
            let text = screen(&mut app, w, h);
            insta::assert_snapshot!(
                format!("evidence_question_{}_{w}x{h}", lang_name(lang)),
                text
            );
        }
    }
}

/// The sizes of the screens issue 12 added (the agent's usual terminals).
const CALL_SIZES: [(u16, u16); 2] = [(80, 24), (100, 30)];

/// Runs `setup` on the built-in catalog in each language at 80×24 and
/// 100×30, and snapshots the screen.
fn each_builtin(name: &str, setup: impl Fn(&mut App)) {
    let catalog = Catalog::builtin().expect("built-in flows are valid");
    for lang in Lang::ALL {
        for (w, h) in CALL_SIZES {
            let mut app = new_app(&catalog, &options(lang, None));
            setup(&mut app);
            let text = screen(&mut app, w, h);
            insta::assert_snapshot!(format!("{name}_{}_{w}x{h}", lang_name(lang)), text);
        }
    }
}

/// Three codes say "DNS name does not exist.": the preview names the other
/// two and says their trees are the same.
#[test]
fn shared_message_same_tree_preview() {
    each_builtin("shared_message_same_tree", |app| typed(app, "0x8007232B"));
}

/// Two codes say "The RPC server is unavailable." with different trees:
/// the preview says the code matters.
#[test]
fn shared_message_different_trees_preview() {
    each_builtin("shared_message_different_trees", |app| {
        typed(app, "800706BA")
    });
}

/// Rows show what tells codes apart, not the preamble they share.
#[test]
fn rows_show_what_tells_codes_apart() {
    each_builtin("rows_without_preamble", |app| typed(app, "product key"));
}

/// The empty query lists every code: the recent ones first, then each
/// family's codes, the family named on the first row of its group.
#[test]
fn empty_query_lists_recent_codes_then_every_code_by_family() {
    each_builtin("empty_query_grouped", |app| {
        let mut recent = actwiz::recent::Recent::in_memory();
        recent.note(actwiz::core::catalog::Code(0xC004F038));
        recent.note(actwiz::core::catalog::Code(0xC004F074));
        app.set_recent(recent);
    });
}

/// Reopening a code walked before resumes it; the status line says where
/// and how to start over.
#[test]
fn resume_prompt() {
    each_builtin("resume_prompt", |app| {
        typed(app, "F074");
        key(app, KeyCode::Enter);
        ch(app, '3');
        key(app, KeyCode::Esc);
        key(app, KeyCode::Enter);
    });
}

/// q in the middle of a walk asks first.
#[test]
fn confirm_quit_prompt() {
    each_builtin("confirm_quit", |app| {
        typed(app, "F074");
        key(app, KeyCode::Enter);
        ch(app, '3');
        ch(app, 'q');
        assert!(!app.quit);
    });
}

/// Drives an app to one screen.
type Setup = dyn for<'c> Fn(&mut App<'c>);

/// On every screen, at 80 columns and in both languages, the footer keeps
/// the language key, help first and quit last: no hint is cut.
#[test]
fn every_footer_fits_80_columns_with_the_language_key() {
    let catalog = Catalog::builtin().expect("built-in flows are valid");
    let screens: [(&str, &Setup); 7] = [
        ("search", &|_| {}),
        ("question", &|app| {
            typed(app, "F074");
            key(app, KeyCode::Enter);
        }),
        ("resolution", &|app| {
            typed(app, "F074");
            key(app, KeyCode::Enter);
            typed(app, "3121");
        }),
        ("form", &|app| {
            typed(app, "F074");
            key(app, KeyCode::Enter);
            typed(app, "3121a");
        }),
        ("help", &|app| key(app, KeyCode::F(1))),
        ("paste", &|app| key(app, KeyCode::F(4))),
        ("paste_from_question", &|app| {
            typed(app, "F074");
            key(app, KeyCode::Enter);
            key(app, KeyCode::F(4));
        }),
    ];
    for lang in Lang::ALL {
        for (name, setup) in &screens {
            let mut app = new_app(&catalog, &options(lang, None));
            setup(&mut app);
            let text = screen(&mut app, 80, 24);
            let rows: Vec<&str> = text.lines().collect();
            let footer = rows[rows.len() - 2];
            // The keys differ by screen (F2 or L, F1 or ?), the hints not.
            let (language, quit) = match lang {
                Lang::En => ("français", "quit"),
                Lang::Fr => ("English", "quitter"),
            };
            assert!(
                footer.contains(&format!("F2 {language}"))
                    || footer.contains(&format!("L {language}")),
                "{name} {lang}: {footer}"
            );
            assert!(
                *name == "help" || footer.starts_with("\" F1 ") || footer.starts_with("\" ? "),
                "{name} {lang}: help first: {footer}"
            );
            assert!(
                !footer.contains('…'),
                "{name} {lang}: a hint is cut: {footer}"
            );
            // The evidence box opens from every screen; in the box, the
            // keys that read and cancel show.
            let (paste, read, cancel) = match lang {
                Lang::En => ("F4 paste", "^D read", "Esc cancel"),
                Lang::Fr => ("F4 coller", "^D lire", "Échap annuler"),
            };
            if name.starts_with("paste") {
                assert!(
                    footer.contains(read) && footer.contains(cancel),
                    "{name} {lang}: {footer}"
                );
            } else if *name != "help" {
                assert!(footer.contains(paste), "{name} {lang}: {footer}");
            }
            // In the form and the box, q is typed: Esc closes them, there
            // is no quit.
            if !["form", "help", "paste", "paste_from_question"].contains(name) {
                assert!(
                    footer.trim_end_matches('"').trim_end().ends_with(quit),
                    "{name} {lang}: quit is not last: {footer}"
                );
            }
        }
    }
}

/// Ctrl-D, as the terminal sends it.
fn ctrl(app: &mut App, c: char) {
    actwiz::tui::measure(app);
    app.update(Msg::Key(KeyEvent::new(
        KeyCode::Char(c),
        KeyModifiers::CONTROL,
    )));
}

/// F4 on the search screen, slmgr /dlv output pasted, not read yet: the
/// box says what to paste and how to read it, and shows the text's end.
#[test]
fn evidence_box_with_pasted_text() {
    each_builtin("evidence_box", |app| {
        key(app, KeyCode::F(4));
        app.update(Msg::Paste(
            include_str!("fixtures/evidence/slmgr-dlv-client.txt").to_string(),
        ));
    });
}

/// Text with nothing to read: the box stays open and says so.
#[test]
fn evidence_box_with_nothing_recognised() {
    each_builtin("evidence_box_nothing", |app| {
        key(app, KeyCode::F(4));
        typed(app, "it says kms is down");
        ctrl(app, 'd');
    });
}

/// More than the box holds (1 MiB): it keeps the start, says it is full
/// and how to go on, and takes nothing more.
#[test]
fn evidence_box_full() {
    each_builtin("evidence_box_full", |app| {
        key(app, KeyCode::F(4));
        let line = "Description: Windows(R), VOLUME_KMSCLIENT channel\n";
        app.update(Msg::Paste(line.repeat((1 << 20) / line.len() + 1)));
        typed(app, "lost");
    });
}

/// On 0xC004F074's first question, event 12288 pasted into the box and
/// read: the facts panel (beside the flow at 100 columns, under it at 80)
/// and the choice the evidence suggests, with its reason.
#[test]
fn evidence_read_from_the_box_on_a_question() {
    each_builtin("evidence_box_read", |app| {
        typed(app, "F074");
        key(app, KeyCode::Enter);
        key(app, KeyCode::F(4));
        app.update(Msg::Paste(
            include_str!("fixtures/evidence/event-12288-no-response.txt").to_string(),
        ));
        ctrl(app, 'd');
    });
}

/// slmgr /dlv output names no code: read from the box on the search
/// screen, the status line says how many facts and where they will show.
#[test]
fn evidence_read_on_the_search_screen_without_a_code() {
    each_builtin("evidence_box_search", |app| {
        key(app, KeyCode::F(4));
        app.update(Msg::Paste(
            include_str!("fixtures/evidence/slmgr-dlv-client.txt").to_string(),
        ));
        ctrl(app, 'd');
    });
}

/// A resolution's caution stays on screen whichever command is selected:
/// on every built-in resolution that has one, at the sizes of a call, in
/// both languages, with each command selected in turn (scrolling down to
/// it), the caution's first words are drawn.
#[test]
fn a_resolution_caution_stays_in_view_whatever_is_selected() {
    use actwiz::core::walk::{Current, Walk};
    let catalog = Catalog::builtin().expect("built-in flows are valid");
    let mut checked = 0;
    for code in catalog.codes().collect::<Vec<_>>() {
        // Every path of answers, breadth first, as digits typed.
        let mut paths: Vec<Vec<usize>> = vec![Vec::new()];
        while let Some(path) = paths.pop() {
            let mut walk = Walk::start(&catalog, code).expect("a walk");
            for choice in &path {
                walk.answer(&catalog, &(choice + 1).to_string())
                    .expect("an answer");
            }
            match walk.current(&catalog).expect("current node") {
                Current::Question { question, .. } => {
                    for i in 0..question.choices.len().min(9) {
                        let mut next = path.clone();
                        next.push(i);
                        paths.push(next);
                    }
                }
                Current::Resolution { resolution, .. } => {
                    let Some(caution) = &resolution.caution else {
                        continue;
                    };
                    for lang in Lang::ALL {
                        // Its first words, as the wizard writes them.
                        let words: String = caution
                            .get(lang)
                            .split_whitespace()
                            .take(3)
                            .collect::<Vec<_>>()
                            .join(" ");
                        for (w, h) in CALL_SIZES {
                            let mut app = new_app(&catalog, &options(lang, None));
                            app.start_with(&code.to_string());
                            for choice in &path {
                                ch(&mut app, char::from(b'1' + *choice as u8));
                            }
                            // The first command selected, then the last (the
                            // farthest scroll).
                            let last = resolution.commands.len().saturating_sub(1);
                            for selected in [0, last] {
                                while app.item < selected {
                                    key(&mut app, KeyCode::Down);
                                }
                                let shown = screen(&mut app, w, h);
                                assert!(
                                    shown.contains(&words),
                                    "{code} {path:?} {lang:?} {w}x{h}, command {selected}: {words}\n{shown}"
                                );
                            }
                            checked += 1;
                        }
                    }
                }
            }
        }
    }
    assert!(checked > 20, "only {checked} screens with a caution");
}
