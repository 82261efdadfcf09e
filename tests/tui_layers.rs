//! The wizard's code card (the search screen's preview) for a code a team
//! layer adds with several codes in one entry: it names the layer and file,
//! and the codes sharing the tree. Built-in codes show no source line.

use std::path::Path;

use ratatui::backend::TestBackend;
use ratatui::Terminal;

use actwiz::core::catalog::{read_folder, Catalog, Lang};
use actwiz::tui::app::Msg;
use actwiz::tui::{new_app, view, TuiOptions};

fn screen(catalog: &Catalog, lang: Lang, query: &str) -> String {
    let options = TuiOptions {
        dialect: Default::default(),
        lang,
        initial_query: None,
        mouse: false,
        no_color: false,
        clipboard: None,
        notice: None,
        evidence: None,
        transcript: Default::default(),
    };
    let mut app = new_app(catalog, &options);
    for c in query.chars() {
        app.update(Msg::Key(crossterm::event::KeyEvent::new(
            crossterm::event::KeyCode::Char(c),
            crossterm::event::KeyModifiers::NONE,
        )));
    }
    app.update(Msg::Resize(80, 24));
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("test terminal");
    terminal
        .draw(|frame| view::draw(frame, &app))
        .expect("draw");
    format!("{}", terminal.backend())
}

fn team_over_builtin() -> Catalog {
    let team = read_folder(Path::new("tests/fixtures/layers/team-same-tree")).expect("fixture");
    Catalog::from_folders(vec![Catalog::builtin_sources(), team]).expect("valid flows")
}

#[test]
fn code_card_of_a_team_code_shows_its_layer_file_and_shared_codes() {
    let catalog = team_over_builtin();
    for lang in Lang::ALL {
        let text = screen(&catalog, lang, "0xC0DE0102");
        insta::assert_snapshot!(format!("team_code_card_{}", lang.code()), text);
    }
}

#[test]
fn code_card_of_a_builtin_code_names_the_shared_codes_only() {
    let catalog = Catalog::builtin().expect("built-in flows");
    let text = screen(&catalog, Lang::En, "8007139F");
    assert!(text.contains(" Same tree as: 0xC0020017"), "{text}");
    assert!(!text.contains("From:"), "{text}");
}
