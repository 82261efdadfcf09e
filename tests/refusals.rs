//! A value kept from one flow and refused by another flow's command: every
//! front end that shows the command says why the value is not in it (issue
//! 9), not only `walk`. The fixtures: `pin` (0xC0DE0A01) puts `{kms_host}`
//! before `:{kms_port}`, where the bracketed IPv6 form `[2001:db8::1]` is
//! the one slmgr asks for; `reach` (0xC0DE0B01) uses `{kms_host}` alone
//! (`ping`, `nslookup`), where brackets are refused.

mod common;

use actwiz::core::catalog::{read_folder, Catalog, Code, Lang};
use actwiz::core::placeholder::Values;
use actwiz::core::walk::Walk;
use common::actwiz;

const FIXTURES: &str = "tests/fixtures/refused";
const PIN: Code = Code(0xC0DE0A01);
const REACH: Code = Code(0xC0DE0B01);
const BRACKETED: &str = "[2001:db8::1]";
/// What every front end must show (the reason's own words, in English).
const NOT_USED: &str = "Value not used: kms_host";
const WHY: &str = "brackets";

fn catalog() -> Catalog {
    let folder = read_folder(std::path::Path::new(FIXTURES)).expect("fixtures");
    Catalog::from_folders(vec![Catalog::builtin_sources(), folder]).expect("valid fixtures")
}

/// The bracketed host, typed where the `pin` flow accepts it.
fn values_from_pin(catalog: &Catalog) -> Values {
    let (_, pin) = catalog.get(PIN).expect("pin flow");
    let mut values = Values::new();
    values
        .set(pin, "kms_host", BRACKETED, Lang::En)
        .expect("accepted before :port");
    values
}

#[test]
fn the_reason_is_known_where_the_value_is_refused() {
    let catalog = catalog();
    let values = values_from_pin(&catalog);
    let (_, reach) = catalog.get(REACH).expect("reach flow");
    let refusals = actwiz::printable::refusals(reach, &values, "ping {kms_host}", Lang::En);
    assert_eq!(refusals.len(), 1, "{refusals:?}");
    assert!(refusals[0].starts_with(NOT_USED), "{refusals:?}");
    assert!(refusals[0].contains(WHY), "{refusals:?}");
    let fr = actwiz::printable::refusals(reach, &values, "ping {kms_host}", Lang::Fr);
    assert!(
        fr[0].starts_with("Valeur non utilisée") && fr[0].contains("kms_host"),
        "{fr:?}"
    );
    // Where the value fits, nothing is said.
    let (_, pin) = catalog.get(PIN).expect("pin flow");
    assert!(actwiz::printable::refusals(
        pin,
        &values,
        "slmgr /skms {kms_host}:{kms_port}",
        Lang::En
    )
    .is_empty());
}

#[test]
fn the_transcript_says_why_a_value_is_missing() {
    let catalog = catalog();
    let values = values_from_pin(&catalog);
    let mut walk = Walk::start(&catalog, REACH).expect("starts");
    walk.answer(&catalog, "1").expect("answers");
    let md = actwiz::transcript::markdown(
        &catalog,
        &walk,
        &values,
        &[],
        Lang::En,
        actwiz::core::catalog::dialect::Dialect::Cmd,
    );
    assert!(md.contains("nslookup {kms_host}"), "{md}");
    let line = md
        .lines()
        .find(|l| l.contains(NOT_USED))
        .unwrap_or_else(|| panic!("no refusal in\n{md}"));
    assert!(line.contains(WHY), "{line}");
    // The block of commands to paste carries it as a comment line.
    let (_, reach) = catalog.get(REACH).expect("reach flow");
    let resolution = &reach.resolutions["look_up"];
    let block = actwiz::transcript::command_block(
        reach,
        resolution,
        &values,
        Lang::En,
        actwiz::core::catalog::dialect::Dialect::Cmd,
    );
    assert!(
        block
            .lines()
            .any(|l| l.starts_with("REM ") && l.contains(NOT_USED)),
        "{block}"
    );
}

/// The wizard: the value typed in `pin`'s form, then `reach` opened.
#[test]
fn the_wizard_says_why_a_value_is_missing_within_80_columns() {
    use actwiz::tui::app::{App, Msg};
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use ratatui::backend::TestBackend;
    use ratatui::Terminal;

    let catalog = catalog();
    for lang in [Lang::En, Lang::Fr] {
        let options = actwiz::tui::TuiOptions {
            lang,
            initial_query: None,
            mouse: false,
            no_color: false,
            clipboard: None,
            notice: None,
            evidence: None,
            transcript: Default::default(),
            dialect: Default::default(),
        };
        let mut app = actwiz::tui::new_app(&catalog, &options);
        app.values = values_from_pin(&catalog);
        let screen = |app: &mut App| {
            app.update(Msg::Resize(80, 30));
            let mut terminal = Terminal::new(TestBackend::new(80, 30)).expect("terminal");
            terminal
                .draw(|frame| actwiz::tui::view::draw(frame, app))
                .expect("draw");
            let buffer = terminal.backend().buffer();
            (0..buffer.area.height)
                .map(|y| {
                    (0..buffer.area.width)
                        .map(|x| buffer[(x, y)].symbol())
                        .collect::<String>()
                        .trim_end()
                        .to_string()
                })
                .collect::<Vec<_>>()
                .join("\n")
        };
        let key = |app: &mut App, code: KeyCode| {
            app.update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
        };
        app.update(Msg::Paste(REACH.to_string()));
        key(&mut app, KeyCode::Enter);
        let label = match lang {
            Lang::En => NOT_USED,
            Lang::Fr => "Valeur non utilisée",
        };
        let question = screen(&mut app);
        assert!(question.contains("ping {kms_host}"), "{question}");
        assert!(question.contains(label), "{question}");
        key(&mut app, KeyCode::Char('1'));
        key(&mut app, KeyCode::Enter);
        let resolution = screen(&mut app);
        assert!(resolution.contains("nslookup {kms_host}"), "{resolution}");
        assert!(resolution.contains(label), "{resolution}");
        // The reason is wrapped, not cut: its last word is on screen.
        let reason = actwiz::printable::refusals(
            catalog.get(REACH).expect("reach").1,
            &app.values,
            "ping {kms_host}",
            lang,
        )
        .remove(0);
        let last_word = reason.split_whitespace().last().expect("words").to_string();
        assert!(resolution.contains(&last_word), "{last_word}\n{resolution}");
    }
}

/// Plain mode: the value typed for `pin`, then `reach` in the same call.
#[test]
fn plain_mode_says_why_a_value_is_missing() {
    // The port keeps its default, Enter starts a new search, the kept host
    // is left out of `reach` (Enter), q ends.
    let input = format!("{PIN}\n1\n{BRACKETED}\n\n\n{REACH}\n1\n\nq\n");
    let out = actwiz()
        .args(["--plain", "--lang", "en", "--flows", FIXTURES])
        .write_stdin(input)
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(
        stdout.contains(&format!("/skms {BRACKETED}:1688")),
        "the value is used where it fits: {stdout}"
    );
    let refusals: Vec<&str> = stdout.lines().filter(|l| l.contains(NOT_USED)).collect();
    // Under the check command, under the resolution's command, and in the
    // list of filled commands.
    assert!(refusals.len() >= 2, "{stdout}");
    assert!(refusals.iter().all(|l| l.contains(WHY)), "{refusals:?}");
}
