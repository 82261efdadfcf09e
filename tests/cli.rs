//! Integration tests: the real binary, every subcommand, both languages,
//! text and JSON, unknown codes, and broken flow folders.

mod common;

use common::actwiz;
use predicates::prelude::*;
use serde_json::Value;

fn json_of(args: &[&str]) -> Value {
    let out = actwiz().args(args).output().expect("runs");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

/// The 30 codes of the source article.
const SEED_CODES: [&str; 30] = [
    "0x8004FE21",
    "0x80070005",
    "0x8007007B",
    "0x80070490",
    "0x800706BA",
    "0x8007232A",
    "0x8007232B",
    "0x8007251D",
    "0x80092328",
    "0xC004B100",
    "0xC004C001",
    "0xC004C003",
    "0xC004C008",
    "0xC004C020",
    "0xC004C021",
    "0xC004F009",
    "0xC004F00F",
    "0xC004F014",
    "0xC004F02C",
    "0xC004F035",
    "0xC004F038",
    "0xC004F039",
    "0xC004F041",
    "0xC004F042",
    "0xC004F050",
    "0xC004F051",
    "0xC004F064",
    "0xC004F065",
    "0xC004F06C",
    "0xC004F074",
];

#[test]
fn check_is_clean_on_the_built_in_flows() {
    actwiz()
        .arg("check")
        .assert()
        .success()
        .stdout(predicate::str::contains("flows are valid"));
}

#[test]
fn list_shows_every_seed_code_with_both_messages() {
    let list = json_of(&["list", "--json"]);
    let items = list.as_array().expect("array");
    for code in SEED_CODES {
        let item = items
            .iter()
            .find(|i| i["code"] == code)
            .unwrap_or_else(|| panic!("{code} missing from list"));
        for lang in ["en", "fr"] {
            let message = item["messages"][lang].as_str().unwrap_or_default();
            assert!(!message.is_empty(), "{code} has no {lang} message");
        }
        assert!(!item["activation_types"]
            .as_array()
            .expect("types")
            .is_empty());
        assert!(item["family"].is_string());
    }
}

#[test]
fn list_text_follows_the_language() {
    actwiz()
        .args(["list", "--lang", "fr"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("0x800706BA")
                .and(predicate::str::contains("Le serveur RPC est indisponible.")),
        );
    actwiz()
        .args(["list"])
        .env("LANG", "fr_FR.UTF-8")
        .assert()
        .success()
        .stdout(predicate::str::contains("Le serveur RPC est indisponible."));
    actwiz()
        .args(["list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("The RPC server is unavailable."));
}

#[test]
fn list_filters_by_family_and_rejects_unknown_families() {
    let dns = json_of(&["list", "--family", "dns", "--json"]);
    let codes: Vec<&str> = dns
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|i| i["code"].as_str())
        .collect();
    assert!(codes.contains(&"0x8007232B"), "{codes:?}");
    assert!(!codes.contains(&"0xC004F074"), "{codes:?}");
    actwiz()
        .args(["list", "--family", "nope"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("unknown family 'nope'"));
}

#[test]
fn lookup_accepts_any_case_and_prints_a_runbook() {
    actwiz()
        .args(["lookup", "c004f074"])
        .assert()
        .success()
        .stdout(
            predicate::str::starts_with("0xC004F074")
                .and(predicate::str::contains("Decision tree"))
                .and(predicate::str::contains("How to check"))
                .and(predicate::str::contains("=> R1."))
                .and(predicate::str::contains("1688")),
        );
}

#[test]
fn lookup_in_french() {
    actwiz()
        .args(["lookup", "0xC004F074", "--lang", "fr"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("Arbre de décision")
                .and(predicate::str::contains("Comment vérifier")),
        );
}

#[test]
fn lookup_json_has_the_card_and_the_tree() {
    let v = json_of(&["lookup", "0x8007007b", "--json"]);
    assert_eq!(v["code"], "0x8007007B");
    assert_eq!(v["messages"]["en"], "0x8007007b DNS name does not exist.");
    let tree = &v["tree"];
    let start = tree["start"].as_str().expect("start");
    assert!(tree["questions"].get(start).is_some() || tree["resolutions"].get(start).is_some());
    assert!(!tree["resolutions"]
        .as_object()
        .expect("resolutions")
        .is_empty());
}

#[test]
fn unknown_and_malformed_codes_exit_1_with_help() {
    actwiz()
        .args(["lookup", "0xC004F075"])
        .assert()
        .code(1)
        .stdout(predicate::str::is_empty())
        .stderr(
            predicate::str::contains("Unknown code 0xC004F075")
                .and(predicate::str::contains("0xC004F074")),
        );
    actwiz()
        .args(["walk", "0x12345678"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("nearest known codes"));
    actwiz()
        .args(["lookup", "not-a-code"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("is not an error code"));
}

#[test]
fn walk_without_answers_shows_the_first_question() {
    let v = json_of(&["walk", "0xC004F074", "--json"]);
    assert_eq!(v["code"], "0xC004F074");
    assert_eq!(v["path"].as_array().map(Vec::len), Some(0));
    let q = &v["question"];
    assert!(q["text"].as_str().is_some_and(|t| !t.is_empty()));
    assert!(q["choices"].as_array().is_some_and(|c| c.len() >= 2));
    assert!(v.get("resolution").is_none());
}

#[test]
fn walk_follows_answers_by_number_and_by_id() {
    let first = json_of(&["walk", "0xC004F074", "--answer", "1", "--json"]);
    let path = first["path"].as_array().expect("path");
    assert_eq!(path.len(), 1);
    let chosen_id = path[0]["answer_id"]
        .as_str()
        .expect("answer id")
        .to_string();
    assert!(path[0]["question"].is_string() && path[0]["answer"].is_string());
    let by_id = json_of(&["walk", "0xC004F074", "--answer", &chosen_id, "--json"]);
    assert_eq!(first, by_id);
}

#[test]
fn walk_reports_bad_answers() {
    actwiz()
        .args(["walk", "0xC004F074", "--answer", "99"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("'99' is not a choice here"));
}

#[test]
fn walk_fills_commands_from_set_and_defaults() {
    let v = json_of(&[
        "--flows",
        "tests/fixtures/valid",
        "walk",
        "0xC0DE0001",
        "--answer",
        "yes",
        "--set",
        "kms_host=kms1.contoso.com",
        "--json",
    ]);
    let cmd = &v["resolution"]["commands"][0];
    assert_eq!(
        cmd["command"],
        "cscript %windir%\\system32\\slmgr.vbs /skms kms1.contoso.com"
    );
    assert_eq!(cmd["complete"], true);
    assert_eq!(v["resolution"]["id"], "point_client");
}

#[test]
fn walk_text_lists_missing_values() {
    actwiz()
        .args([
            "--flows",
            "tests/fixtures/valid",
            "walk",
            "0xC0DE0001",
            "-a",
            "1",
        ])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("{kms_host}")
                .and(predicate::str::contains("--set NAME=VALUE: kms_host")),
        );
}

#[test]
fn walk_rejects_hostile_values() {
    actwiz()
        .args([
            "--flows",
            "tests/fixtures/valid",
            "walk",
            "0xC0DE0001",
            "-a",
            "1",
            "--set",
            "kms_host=kms; del *",
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("kms_host"));
    actwiz()
        .args([
            "--flows",
            "tests/fixtures/valid",
            "walk",
            "0xC0DE0001",
            "--set",
            "colour=red",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("'colour' is not a placeholder"));
}

#[test]
fn flows_folder_adds_codes_and_reports_overrides() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = std::fs::read_to_string("tests/fixtures/valid/demo.yaml")
        .expect("fixture")
        .replace("0xC0DE0001", "0xC004F074")
        .replace("Demo error.", "Overridden message.");
    std::fs::write(dir.path().join("override.yaml"), text).expect("write");
    actwiz()
        .arg("--flows")
        .arg(dir.path())
        .args(["list"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("0xC004F074  demo")
                .and(predicate::str::contains("Overridden message.")),
        )
        .stderr(predicate::str::contains(
            "0xC004F074 replaces the built-in definition from flows/",
        ));
}

#[test]
fn broken_flows_folder_stops_other_commands_with_the_problems() {
    actwiz()
        .args(["--flows", "tests/fixtures/broken/cycle", "list"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "cycle: confirm -> port_open -> confirm",
        ));
}

/// Each broken fixture folder and the exact problem lines it must produce.
#[test]
fn check_reports_every_kind_of_problem_exactly() {
    let cases: &[(&str, &[&str])] = &[
        ("syntax", &["demo.yaml:3:7: did not find expected ',' or '}'"]),
        ("wrong-type", &["demo.yaml:11:23: codes[0].activation_types: invalid type: integer `42`, expected a sequence"]),
        ("unknown-field", &["demo.yaml:13:5: codes[0]: unknown field `colour`, expected one of `code`, `messages`, `unofficial_messages`, `aliases`, `activation_types`, `keywords`, `symptoms`, `start`, `see_also`, `source`"]),
        ("missing-node", &["demo.yaml:24:9: choice 'no' leads to 'open_the_port', which is neither a question nor a resolution of this file"]),
        ("unreachable", &["demo.yaml:26:3: question 'orphan' is unreachable: no code's tree leads to it"]),
        ("cycle", &["demo.yaml:26:3: cycle: confirm -> port_open -> confirm"]),
        ("duplicate-code", &["b.yaml:9:5: code 0xC0DE0001 is defined twice (also in tests/fixtures/broken/duplicate-code/a.yaml)"]),
        ("malformed-code", &["demo.yaml:9:11: codes[0].code: '0xC0DE001' is not an error code: expected 8 hexadecimal digits, with or without 0x (like 0xC004F074)"]),
        ("missing-translation", &["demo.yaml:17:5: missing translation: questions.port_open.how_to_check has no 'fr' text"]),
        ("undeclared-placeholder", &["demo.yaml:33:9: placeholder '{kms_port}' is used but not declared in 'placeholders'"]),
        ("failing-example", &["demo.yaml:45:6: example path for 0xC0DE0001 with answers [no] reaches 'open_port', not 'point_client'"]),
    ];
    for (folder, expected) in cases {
        let dir = format!("tests/fixtures/broken/{folder}");
        let out = actwiz().args(["check", &dir]).output().expect("runs");
        assert_eq!(out.status.code(), Some(1), "{folder} should fail");
        let stdout = String::from_utf8_lossy(&out.stdout);
        for line in *expected {
            let full = match line.split_once(':') {
                Some((file, _)) if file.ends_with(".yaml") => format!("{dir}/{line}"),
                _ => line.to_string(),
            };
            assert!(
                stdout.lines().any(|l| l == full),
                "{folder}: expected line\n  {full}\ngot:\n{stdout}"
            );
        }
    }
}

#[test]
fn check_reports_all_problems_of_several_folders() {
    let out = actwiz()
        .args([
            "check",
            "tests/fixtures/broken/cycle",
            "tests/fixtures/broken/unreachable",
            "tests/fixtures/valid",
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("broken/cycle/demo.yaml")
            && stdout.contains("broken/unreachable/demo.yaml"),
        "{stdout}"
    );
    assert!(!stdout.contains("fixtures/valid"), "{stdout}");
}

#[test]
fn check_reports_missing_folder_without_panicking() {
    actwiz()
        .args(["check", "tests/fixtures/does-not-exist"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "tests/fixtures/does-not-exist: cannot read",
        ));
}

#[test]
fn search_finds_codes_from_fragments_and_text() {
    let v = json_of(&["search", "rpc server", "--json"]);
    assert_eq!(v[0]["code"], "0x800706BA");
    assert!(v[0]["score"].is_number());
    assert!(v[0]["messages"]["en"].is_string());
    let v = json_of(&["search", "F074", "--json"]);
    assert_eq!(v[0]["code"], "0xC004F074");
    actwiz()
        .args(["search", "acces refuse", "--lang", "fr"])
        .assert()
        .success()
        .stdout(predicate::str::contains("0x80070005"));
}

#[test]
fn no_input_panics() {
    for args in [
        vec!["lookup", ""],
        vec!["lookup", "0x"],
        vec!["walk", "\u{1b}[31m"],
        vec!["search", "\u{7}\u{1b}]52;c;aGk=\u{7}"],
        vec!["search", "%%%%"],
        vec!["walk", "0xC004F074", "--answer", ""],
        vec!["walk", "0xC004F074", "--set", "=", "--answer", "1"],
        vec!["list", "--lang", "de"],
    ] {
        let out = actwiz().args(&args).output().expect("runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(out.status.code().is_some(), "{args:?} was killed");
    }
}

#[test]
fn configuration_file_sets_language_and_flow_folders() {
    let dir = tempfile::tempdir().expect("temp dir");
    let flows = dir.path().join("team-flows");
    std::fs::create_dir(&flows).expect("mkdir");
    std::fs::copy("tests/fixtures/valid/demo.yaml", flows.join("demo.yaml")).expect("copy");
    let config = dir.path().join("config.toml");
    // A relative folder is taken from the file's own folder, not the cwd.
    std::fs::write(&config, "lang = \"fr\"\nflows = [\"team-flows\"]\n").expect("write");

    let listed = actwiz()
        .arg("--config")
        .arg(&config)
        .args(["list"])
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&listed.get_output().stdout).into_owned();
    assert!(stdout.contains("0xC0DE0001"), "{stdout}");
    assert!(stdout.contains("Accès refusé"), "{stdout}");

    // The default location is used when no file is named; --lang beats it.
    let home = dir.path().join("xdg");
    std::fs::create_dir_all(home.join("actwiz")).expect("mkdir");
    std::fs::copy(&config, home.join("actwiz/config.toml")).expect("copy");
    std::fs::create_dir(home.join("actwiz/team-flows")).expect("mkdir");
    std::fs::copy(
        "tests/fixtures/valid/demo.yaml",
        home.join("actwiz/team-flows/demo.yaml"),
    )
    .expect("copy");
    actwiz()
        .env("XDG_CONFIG_HOME", &home)
        .env("APPDATA", &home)
        .args(["--lang", "en", "list"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("Access denied").and(predicate::str::contains("0xC0DE0001")),
        );
}

#[test]
fn bad_configuration_file_is_named_with_line_and_column() {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "lang = \"fr\"\nclipboard = \"xsel\"\n").expect("write");
    actwiz()
        .env("ACTWIZ_CONFIG", &config)
        .args(["list"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(
            predicate::str::contains("config.toml:2:13: unknown clipboard mode 'xsel'")
                .and(predicate::str::contains("panicked").not()),
        );
    actwiz()
        .args(["--config", "tests/fixtures/no-such-config.toml", "list"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "tests/fixtures/no-such-config.toml: cannot read the configuration file",
        ));
}

#[test]
fn completions_cover_subcommands_and_options() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = actwiz()
            .args(["completions", shell])
            .output()
            .expect("runs");
        assert!(out.status.success(), "{shell}");
        let script = String::from_utf8_lossy(&out.stdout);
        for word in ["lookup", "walk", "flows", "config", "lang"] {
            assert!(script.contains(word), "{shell} script lacks {word}");
        }
    }
    // The bash script must at least parse.
    if let Some(bash) = common::require_tool("bash", "bash", "to parse the bash completion") {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("actwiz.bash");
        let out = actwiz()
            .args(["completions", "bash"])
            .output()
            .expect("runs");
        std::fs::write(&file, out.stdout).expect("write");
        let parsed = std::process::Command::new(bash)
            .arg("-n")
            .arg(&file)
            .status()
            .expect("bash -n");
        assert!(parsed.success());
    }
    actwiz().args(["completions", "tcsh"]).assert().code(2);
}
