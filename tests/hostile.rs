//! Hostile flow folders and values: nothing a flow file, a pasted value or a
//! command-line argument holds may reach the terminal as a control character.
//!
//! One flow puts escape sequences (OSC 52 clipboard write, the bracketed-paste
//! end marker, CSI, their 8-bit C1 forms), bidi overrides, zero-width and
//! line-separator characters in every text field, and goes through `list`,
//! `lookup`, `search`, `walk` (text and `--json`), plain mode, the TUI
//! (TestBackend), the transcript; a broken variant of it goes through `check`
//! and every error path. No output may carry a control character.

mod common;

use actwiz::core::catalog::{read_folder, Catalog, Lang};
use actwiz::core::sanitize::is_unsafe;
use common::actwiz;

/// What every text field holds, as YAML double-quoted escapes: OSC 52 (sets
/// the clipboard), bracketed-paste end, C1 CSI (clear screen), RLO, C1 OSC
/// with C1 ST, erase line + carriage return, zero-width space, U+2028, BOM.
const H: &str =
    r"\e]52;c;ZXZpbA==\a\e[201~\x9b2J\u202e\x9d0;t\x9c\e[1K\r\u200b\u2028\ufeff\u200f\e[?1049h";

/// The code of the hostile flow.
const CODE: &str = "0xC0DE0F0F";

/// A valid flow whose every free text field holds [`H`].
fn hostile_flow() -> String {
    format!(
        r#"family: hostile
title: {{en: "Title{H}", fr: "Titre{H}"}}
source: "Source{H}"
placeholders:
  hostile_path:
    type: windows_path
    label: {{en: "Path{H}", fr: "Chemin{H}"}}
codes:
  - code: "{CODE}"
    messages: {{en: "Message{H}", fr: "Message fr{H}"}}
    aliases:
      - {{lang: en, text: "Alias{H}", source: "Alias source{H}"}}
    activation_types: [kms_client]
    keywords: {{en: ["keyword{H}"], fr: ["motclé{H}"]}}
    symptoms: {{en: ["symptom{H}"], fr: ["symptôme{H}"]}}
    start: ask
    source: "Code source{H}"
questions:
  ask:
    text: {{en: "Question{H}?", fr: "Question{H} ?"}}
    how_to_check: {{en: "Check{H}", fr: "Vérifier{H}"}}
    check_command: 'dir "{{hostile_path}}"'
    choices:
      - {{id: "yes", label: {{en: "Yes{H}", fr: "Oui{H}"}}, next: fix}}
      - {{id: "no", label: {{en: "Can't check{H}", fr: "Je ne sais pas{H}"}}, next: fix, way_out: true}}
    source: "Question source{H}"
resolutions:
  fix:
    title: {{en: "Fix{H}", fr: "Réparer{H}"}}
    cause: {{en: "Cause{H}", fr: "Cause{H}"}}
    steps:
      - {{en: "Step{H}", fr: "Étape{H}"}}
    commands:
      - command: 'dir "{{hostile_path}}"'
        explain: {{en: "Explain{H}", fr: "Explique{H}"}}
        run_on: {{en: "Host{H}", fr: "Hôte{H}"}}
    links:
      - {{title: {{en: "Link{H}", fr: "Lien{H}"}}, url: "https://example.com/{H}"}}
    source: "Resolution source{H}"
tests:
  - {{code: "{CODE}", answers: ["yes"], expect: fix}}
"#
    )
}

/// Fails with the offending characters when `text` holds one that could
/// drive a terminal or hide in a paste.
fn assert_clean(what: &str, text: &str) {
    let bad: Vec<String> = text
        .chars()
        .filter(|c| is_unsafe(*c))
        .map(|c| format!("U+{:04X}", u32::from(c)))
        .collect();
    assert!(bad.is_empty(), "{what}: {bad:?} in\n{text}");
}

fn folder_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).expect("write flow");
    }
    dir
}

/// Runs the binary; checks stdout and stderr are clean; returns them.
fn run_clean(args: &[&str], stdin: Option<&str>) -> (Option<i32>, String, String) {
    let mut cmd = actwiz();
    cmd.args(args);
    if let Some(input) = stdin {
        cmd.write_stdin(input.to_string());
    }
    let out = cmd.output().expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    assert_clean(&format!("stdout of {args:?}"), &stdout);
    assert_clean(&format!("stderr of {args:?}"), &stderr);
    (out.status.code(), stdout, stderr)
}

#[test]
fn a_hostile_flow_is_valid_and_every_command_prints_it_clean() {
    let dir = folder_with(&[("hostile.yaml", &hostile_flow())]);
    let flows = dir.path().to_str().expect("UTF-8 path");
    let (code, out, err) = run_clean(&["check", flows], None);
    assert_eq!(code, Some(0), "{out}{err}");
    let runs: Vec<Vec<&str>> = vec![
        vec!["list"],
        vec!["list", "--json"],
        vec!["list", "--family", "hostile"],
        vec!["lookup", CODE],
        vec!["lookup", CODE, "--json"],
        vec!["lookup", CODE, "--lang", "fr"],
        vec!["search", "keyword"],
        vec!["search", "Message", "--json"],
        vec!["search", "symptom", "--lang", "fr"],
        vec!["walk", CODE],
        vec!["walk", CODE, "--json"],
        vec!["walk", CODE, "-a", "1"],
        vec!["walk", CODE, "-a", "1", "--json"],
        vec!["walk", CODE, "-a", "2", "--set", r"hostile_path=C:\x y"],
        vec![
            "walk",
            CODE,
            "-a",
            "1",
            "--set",
            r"hostile_path=C:\x y",
            "--json",
        ],
    ];
    for args in runs {
        let mut all = args.clone();
        all.extend(["--flows", flows]);
        let (code, out, _) = run_clean(&all, None);
        assert_eq!(code, Some(0), "{all:?}");
        // The texts are there, only their controls are gone.
        if args[0] != "search" {
            assert!(
                out.contains("Message") || out.contains(CODE),
                "{all:?}: {out}"
            );
        }
    }
    // JSON carries no escaped control character either (serde_json would
    // write ESC as \u001b: inert on a terminal, but not the text we meant).
    let (_, json, _) = run_clean(&["lookup", CODE, "--json", "--flows", flows], None);
    assert!(
        !json.contains("\\u001b") && !json.contains("\\u009b"),
        "{json}"
    );
    // Plain mode: the code, one answer, a value, the end.
    let (code, out, _) = run_clean(
        &["--plain", "--lang", "en", "--flows", flows],
        Some(&format!("{CODE}\n1\n")),
    );
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("Fix"), "{out}");
}

/// The TUI's screens and its transcript, from the same hostile flow.
#[test]
fn the_wizard_draws_and_saves_a_hostile_flow_clean() {
    use actwiz::tui::app::Msg;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use ratatui::backend::TestBackend;
    use ratatui::Terminal;

    let dir = folder_with(&[("hostile.yaml", &hostile_flow())]);
    let folder = read_folder(dir.path()).expect("readable");
    let catalog =
        Catalog::from_folders(vec![Catalog::builtin_sources(), folder]).expect("valid flows");
    for lang in [Lang::En, Lang::Fr] {
        let options = actwiz::tui::TuiOptions {
            lang,
            dialect: Default::default(),
            initial_query: Some(format!("keyword\u{1b}]52;c;eA==\u{7}{CODE}")),
            mouse: false,
            no_color: false,
            clipboard: None,
            notice: None,
            evidence: None,
            transcript: Default::default(),
        };
        let mut app = actwiz::tui::new_app(&catalog, &options);
        let draw = |app: &mut actwiz::tui::app::App, what: &str| {
            app.update(Msg::Resize(100, 40));
            let mut terminal = Terminal::new(TestBackend::new(100, 40)).expect("terminal");
            terminal
                .draw(|frame| actwiz::tui::view::draw(frame, app))
                .expect("draw");
            let cells: String = terminal
                .backend()
                .buffer()
                .content
                .iter()
                .map(|c| c.symbol().to_string())
                .collect();
            assert_clean(what, &cells);
        };
        draw(&mut app, "search screen");
        let key = |app: &mut actwiz::tui::app::App, code: KeyCode| {
            app.update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
        };
        // A pasted value with a paste-end marker and a bidi override.
        app.update(Msg::Paste(format!("{CODE}\u{1b}[201~\u{202e}")));
        draw(&mut app, "after paste");
        key(&mut app, KeyCode::Enter);
        draw(&mut app, "question");
        key(&mut app, KeyCode::Char('1'));
        key(&mut app, KeyCode::Enter);
        draw(&mut app, "resolution");
        key(&mut app, KeyCode::Char('?'));
        draw(&mut app, "help");
        if let Some(transcript) = app.transcript() {
            assert_clean("transcript", &transcript);
            let saved = actwiz::transcript::save::save_in(
                dir.path(),
                actwiz::core::catalog::Code(0xC0DE0F0F),
                &transcript,
                std::time::SystemTime::now(),
            )
            .expect("saved");
            let text = std::fs::read_to_string(dir.path().join(saved)).expect("read back");
            assert_clean("saved transcript", &text);
        }
        if let Some(text) = app.exit_text() {
            assert_clean("exit text", &text);
        }
    }
    // The transcript of a walk through the hostile resolution, directly.
    let code = actwiz::core::catalog::Code(0xC0DE0F0F);
    let mut walk = actwiz::core::walk::Walk::start(&catalog, code).expect("starts");
    walk.answer(&catalog, "1").expect("answers");
    let md = actwiz::transcript::markdown(
        &catalog,
        &walk,
        &actwiz::core::placeholder::Values::new(),
        &["dir \u{1b}]52;c;eA==\u{7}".to_string()],
        Lang::En,
        actwiz::core::catalog::dialect::Dialect::Powershell,
    );
    assert!(md.contains("Fix"), "{md}");
    assert_clean("markdown transcript", &md);
}

/// A broken variant: hostile keys, ids, defaults, codes, see_also and file
/// names go through `check` and the loading errors of every command.
#[test]
fn errors_about_a_hostile_flow_are_printed_clean() {
    let esc = "\u{1b}]52;c;ZXZpbA==\u{7}\u{1b}[1K\r\u{9b}2J\u{202e}";
    // Stops at the schema: an unknown key holding OSC 52, a malformed code.
    let unparsable = hostile_flow()
        .replace(
            "family: hostile\n",
            &format!("family: hostile\n\"x{H}\": 1\n"),
        )
        .replace(
            "    start: ask\n",
            &format!("    start: ask\n    see_also: [\"0x{H}\"]\n"),
        );
    // Parses, then fails validation: a default that fails its type, ids
    // nothing defines, a command with hidden characters and an unquoted
    // free-text placeholder.
    let invalid = hostile_flow()
        .replace(CODE, "0xC0DE0F0E")
        .replace(
            "    type: windows_path\n",
            &format!("    type: windows_path\n    default: \"-C{H}\"\n"),
        )
        .replace("next: fix}", &format!("next: \"fi{H}x\"}}"))
        .replace("start: ask", &format!("start: \"a{H}sk\""))
        .replace(
            "      - command: 'dir \"{hostile_path}\"'",
            "      - command: \"dir {hostile_path}\\u200b\\e]52;c;eA==\\a\"",
        );
    assert_ne!(invalid, hostile_flow());
    let name = format!("bad{esc}.yaml");
    let dir = folder_with(&[
        (&name, &unparsable),
        ("invalid.yaml", &invalid),
        ("valid.yaml", &hostile_flow()),
    ]);
    let flows = dir.path().to_str().expect("UTF-8 path");
    let (code, out, err) = run_clean(&["check", flows], None);
    assert_eq!(code, Some(1), "{out}{err}");
    assert!(out.contains("bad"), "{out}");
    assert!(out.lines().count() >= 6, "{out}");
    for args in [
        vec!["list", "--flows", flows],
        vec!["list", "--json", "--flows", flows],
        vec!["lookup", CODE, "--json", "--flows", flows],
        vec!["walk", CODE, "--flows", flows],
    ] {
        let (code, _, _) = run_clean(&args, None);
        assert_ne!(code, Some(0), "{args:?}");
    }
    // Hostile arguments in every error path of the built-in catalog.
    let bad_code = format!("0x{esc}C004F074");
    let bad_set = format!("kms_{esc}host=x");
    let bad_value = format!("kms_host=kms1{esc}");
    let bad_answer = format!("1{esc}");
    let bad_family = format!("dns{esc}");
    for args in [
        vec!["lookup", &bad_code],
        vec!["lookup", &bad_code, "--json"],
        vec!["walk", "0xC004F074", "--set", &bad_set, "--json"],
        vec!["walk", "0xC004F074", "--set", &bad_set],
        vec!["walk", "0xC004F074", "--set", &bad_value],
        vec!["walk", "0xC004F074", "--set", &bad_value, "--json"],
        vec!["walk", "0xC004F074", "-a", &bad_answer],
        vec!["walk", "0xC004F074", "-a", &bad_answer, "--json"],
        vec!["list", "--family", &bad_family],
        vec!["list", "--family", &bad_family, "--json"],
        vec!["search", &bad_code],
        vec!["check", &bad_code],
        vec!["--clipboard", &bad_family, "list"],
    ] {
        // Some succeed (the code parser finds C004F074 in the noise); what
        // matters is that nothing comes out unclean.
        run_clean(&args, None);
    }
    // A hostile configuration file.
    let config = dir.path().join("config.toml");
    std::fs::write(&config, format!("lang = \"{esc}\"\n[x{esc}]\n")).expect("write config");
    let config = config.to_str().expect("UTF-8");
    let (code, _, _) = run_clean(&["--config", config, "list"], None);
    assert_ne!(code, Some(0));
    // Plain mode fed hostile lines.
    run_clean(
        &["--plain", "--lang", "en"],
        Some(&format!("{bad_code}\n{esc}\n0xC004F074\n{bad_answer}\nq\n")),
    );
}

#[test]
fn check_refuses_one_placeholder_name_with_two_types() {
    let flow = std::fs::read_to_string("tests/fixtures/valid/demo.yaml")
        .expect("fixture")
        .replace("    type: host\n", "    type: ip\n");
    let dir = folder_with(&[("demo.yaml", &flow)]);
    let (code, out, _) = run_clean(&["check", dir.path().to_str().unwrap()], None);
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains("demo.yaml:6:5: placeholder 'kms_host' is declared as 'ip' here but as 'host' at flows/"),
        "{out}"
    );
    // Loaded over the built-in flows, it is refused too.
    let (code, _, err) = run_clean(&["list", "--flows", dir.path().to_str().unwrap()], None);
    assert_ne!(code, Some(0));
    assert!(err.contains("'kms_host'"), "{err}");
}

#[test]
fn check_refuses_unquoted_free_text_and_hidden_characters_in_commands() {
    let base = std::fs::read_to_string("tests/fixtures/valid/demo.yaml")
        .expect("fixture")
        .replace(
            "  kms_host:\n    type: host\n    label: {en: KMS host, fr: Hôte KMS}\n",
            "  kms_host:\n    type: host\n    label: {en: KMS host, fr: Hôte KMS}\n  license_file:\n    type: windows_path\n    label: {en: File, fr: Fichier}\n",
        );
    let with_command = |command: &str, shell: &str| {
        base.replace(
            "        elevated: true\n",
            &format!(
                "        elevated: true\n      - command: {command}\n        explain: {{en: E, fr: E}}\n        shell: {shell}\n"
            ),
        )
    };
    let cases = [
        (
            with_command(r#"'Remove-Item {license_file}'"#, "powershell"),
            true,
        ),
        (with_command(r#"'del {license_file}'"#, "cmd"), true),
        // Single quotes are no quotes to cmd.exe.
        (with_command(r#""del '{license_file}'""#, "cmd"), true),
        (with_command(r#"'del "{license_file}"'"#, "cmd"), false),
        (
            with_command(r#""Remove-Item '{license_file}'""#, "powershell"),
            false,
        ),
        (
            with_command(r#""slmgr /ipk\u200b {kms_host}""#, "cmd"),
            true,
        ),
        (
            with_command(r#""slmgr /ipk \u202e{kms_host}""#, "cmd"),
            true,
        ),
    ];
    for (flow, refused) in cases {
        let dir = folder_with(&[("demo.yaml", &flow)]);
        let (code, out, _) = run_clean(&["check", dir.path().to_str().unwrap()], None);
        assert_eq!(code, Some(if refused { 1 } else { 0 }), "{flow}\n{out}");
        if refused {
            assert!(
                out.contains("must stand inside") || out.contains("invisible or control"),
                "{out}"
            );
        }
    }
}

#[test]
fn plain_mode_survives_an_invalid_utf8_byte() {
    // Only the bad bytes: a word with them would be a search with one
    // result, which opens at once.
    let mut input = b"\xff\xc3\n".to_vec();
    input.extend_from_slice(b"0xC004F074\n");
    let out = actwiz()
        .args(["--plain", "--lang", "en"])
        .write_stdin(input)
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(stdout.contains("No Key Management Service"), "{stdout}");
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_stdout_is_an_error_not_a_panic() {
    for args in [
        vec!["check"],
        vec!["list"],
        vec!["lookup", "0xC004F074"],
        vec!["search", "kms"],
        vec!["walk", "0xC004F074", "--json"],
        vec!["completions", "bash"],
    ] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full");
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_actwiz"))
            .args(&args)
            .env_remove("ACTWIZ_CONFIG")
            .envs(common::NO_CONFIG_FOLDER)
            .stdout(full)
            .output()
            .expect("runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(stderr.contains("actwiz"), "{args:?}: {stderr}");
    }
}

#[test]
fn a_large_negative_decimal_keeps_its_sign() {
    // -3221549172 is out of the signed 32-bit range: it is not 0xC004F074
    // (3221549172) with its sign dropped.
    let (code, _, err) = run_clean(&["lookup", "--", "-3221549172"], None);
    assert_eq!(code, Some(1), "{err}");
    let (code, out, _) = run_clean(&["lookup", "--", "-1073418124"], None);
    assert_eq!(code, Some(0));
    assert!(out.contains("0xC004F074"));
}

#[test]
fn an_invalid_clipboard_mode_is_refused_at_startup() {
    let (code, _, err) = run_clean(&["--clipboard", "xsel", "list"], None);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("possible values: auto, system, osc52, none"),
        "{err}"
    );
    let out = actwiz()
        .env("ACTWIZ_CLIPBOARD", "pbcopy")
        .arg("list")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    // Any case, and empty means unset.
    for value in ["OSC52", ""] {
        let out = actwiz()
            .env("ACTWIZ_CLIPBOARD", value)
            .arg("list")
            .output()
            .expect("runs");
        assert!(out.status.success(), "{value:?}");
    }
}

#[test]
fn a_broken_user_folder_never_takes_the_built_in_flows_down() {
    let broken = folder_with(&[("bad.yaml", "family: [unclosed\n")]);
    let good = folder_with(&[("hostile.yaml", &hostile_flow())]);
    let (bad_dir, good_dir) = (
        broken.path().to_str().expect("UTF-8"),
        good.path().to_str().expect("UTF-8"),
    );
    // Plain mode: says what was skipped and why, then runs with the rest.
    let (code, out, err) = run_clean(
        &[
            "--plain", "--lang", "en", "--flows", bad_dir, "--flows", good_dir,
        ],
        Some("0xC004F074\n"),
    );
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.contains(&format!("{bad_dir}: folder skipped, 1 problem(s)")),
        "{err}"
    );
    assert!(err.contains("bad.yaml:"), "{err}");
    assert!(out.contains("No Key Management Service"), "{out}");
    let (code, out, _) = run_clean(
        &[
            "--plain", "--lang", "en", "--flows", bad_dir, "--flows", good_dir,
        ],
        Some(&format!("{CODE}\n")),
    );
    assert_eq!(code, Some(0));
    assert!(out.contains("Question"), "the good folder is loaded: {out}");
    // A missing folder too.
    let (code, _, err) = run_clean(
        &["--plain", "--flows", "/nonexistent/actwiz-flows"],
        Some("q\n"),
    );
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("folder skipped"), "{err}");
    // The scriptable commands still refuse it: a script must not go on
    // silently without the flows it asked for.
    let (code, _, _) = run_clean(&["list", "--flows", bad_dir], None);
    assert_eq!(code, Some(1));
}

#[test]
fn the_wizard_shows_why_a_folder_was_skipped() {
    use ratatui::backend::TestBackend;
    use ratatui::Terminal;
    let catalog = Catalog::builtin().expect("built-in flows");
    let options = actwiz::tui::TuiOptions {
        lang: Lang::En,
        dialect: Default::default(),
        initial_query: None,
        mouse: false,
        no_color: false,
        clipboard: None,
        notice: Some("team: folder skipped, 1 problem(s)".to_string()),
        evidence: None,
        transcript: Default::default(),
    };
    let mut app = actwiz::tui::new_app(&catalog, &options);
    app.update(actwiz::tui::app::Msg::Resize(100, 30));
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).expect("terminal");
    terminal
        .draw(|frame| actwiz::tui::view::draw(frame, &app))
        .expect("draw");
    let screen = format!("{}", terminal.backend());
    assert!(screen.contains("team: folder skipped"), "{screen}");
}
