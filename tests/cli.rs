//! Integration tests: the real binary, every subcommand, both languages,
//! text and JSON, unknown codes, and broken flow folders.

mod common;

use common::actwiz;
use predicates::prelude::*;
use serde_json::Value;

fn json_of(args: &[&str]) -> Value {
    serde_json::from_str(&stdout_of(args)).expect("valid JSON")
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
fn flows_folder_replaces_a_builtin_code_only_with_overrides_true() {
    // Without `overrides: true`: refused, at the new definition, naming
    // the built-in one.
    actwiz()
        .args(["--flows", "tests/fixtures/layers/refused", "list"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "tests/fixtures/layers/refused/team.yaml:9:5: code 0xC004F074 is already defined \
             by the built-in layer (flows/kms-connect.yaml:",
        ));
    // With it: replaced, and the replacement reported.
    actwiz()
        .args(["--flows", "tests/fixtures/layers/accepted", "list"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("0xC004F074  team")
                .and(predicate::str::contains("Our own words for the KMS error.")),
        )
        .stderr(predicate::str::diff(
            "actwiz: tests/fixtures/layers/accepted/team.yaml: 0xC004F074 replaces the definition \
             from flows/kms-connect.yaml (layer: built-in)\n",
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
        ("unknown-field", &["demo.yaml:13:5: codes[0]: unknown field `colour`, expected one of `code`, `messages`, `unofficial_messages`, `aliases`, `activation_types`, `keywords`, `symptoms`, `start`, `see_also`, `source`, `same_tree`, `overrides`"]),
        ("missing-node", &["demo.yaml:24:9: choice 'no' leads to 'open_the_port', which is neither a question nor a resolution of this file"]),
        ("unreachable", &["demo.yaml:27:3: question 'orphan' is unreachable: no code's tree leads to it"]),
        ("cycle", &["demo.yaml:27:3: cycle: confirm -> port_open -> confirm"]),
        ("duplicate-code", &["b.yaml:9:5: code 0xC0DE0001 is defined twice (also in tests/fixtures/broken/duplicate-code/a.yaml)"]),
        ("malformed-code", &["demo.yaml:9:11: codes[0].code: '0xC0DE001' is not an error code: expected 8 hexadecimal digits, with or without 0x (like 0xC004F074)"]),
        ("missing-translation", &["demo.yaml:17:5: missing translation: questions.port_open.how_to_check has no 'fr' text"]),
        ("undeclared-placeholder", &["demo.yaml:34:9: placeholder '{kms_port}' is used but not declared in 'placeholders'"]),
        ("failing-example", &["demo.yaml:46:6: example path for 0xC0DE0001 with answers [no] reaches 'open_port', not 'point_client'"]),
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

/// A flow whose question has a check command with placeholders, one of
/// them with a default, used by several resolution commands.
const PORTS_FOLDER: &str = "tests/fixtures/ports";

fn stdout_of(args: &[&str]) -> String {
    common::stdout_of_success(actwiz().args(args))
}

#[test]
fn negative_decimal_hresults_are_codes_everywhere() {
    let card = stdout_of(&["lookup", "-1073418124"]);
    assert!(card.starts_with("0xC004F074  "), "{card}");
    let hits = json_of(&["search", "-1073418124", "--json"]);
    assert_eq!(hits[0]["code"], "0xC004F074");
    assert_eq!(hits[0]["kind"], "exact_code");
    let walked = json_of(&["walk", "-1073418124", "--json"]);
    assert_eq!(walked["code"], "0xC004F074");
    // After an option, and with the answers that follow it.
    let walked = json_of(&["walk", "--json", "-1073418124", "-a", "1"]);
    assert_eq!(walked["path"].as_array().map(Vec::len), Some(1));
    // Bare: the wizard (plain here, as stdin is a pipe) opens the code.
    let text = common::stdout_of_success(actwiz().arg("-1073418124").write_stdin("q\n"));
    assert!(text.contains("\n0xC004F074  The Software"), "{text}");
    assert!(text.contains("Question 1."), "{text}");
    // An unknown option is still refused.
    actwiz().args(["lookup", "-x"]).assert().code(2);
}

#[test]
fn walk_fills_the_question_check_command_in_text_and_json() {
    let dir = PORTS_FOLDER;
    let text = stdout_of(&["--flows", dir, "walk", "0xC0DE0002", "--set", "kms_host=k1"]);
    assert_eq!(
        text,
        "0xC0DE0002  Port error.
  Message (fr): Erreur de port.
  Family: ports (Demo ports)
  Activation types: KMS client

Question: Is the port open?
  How to check: Test the port.
    > Test-NetConnection -ComputerName k1 -Port 1688
  1) Yes  [yes]
  2) No  [no]

Answer with --answer and a choice number or id.
"
    );
    let text = stdout_of(&["--flows", dir, "walk", "0xC0DE0002"]);
    assert!(
        text.contains(
            "    > Test-NetConnection -ComputerName {kms_host} -Port 1688\n  1) Yes  [yes]\n  2) No  [no]\n\nGive these values with --set NAME=VALUE: kms_host\n\nAnswer with"
        ),
        "{text}"
    );

    let v = json_of(&["--flows", dir, "walk", "0xC0DE0002", "--json"]);
    let q = &v["question"];
    assert_eq!(
        q["check_command"],
        "Test-NetConnection -ComputerName {kms_host} -Port 1688"
    );
    assert_eq!(
        q["check_command_template"],
        "Test-NetConnection -ComputerName {kms_host} -Port {kms_port}"
    );
    assert_eq!(q["check_command_missing"], serde_json::json!(["kms_host"]));
    assert_eq!(v["missing"], serde_json::json!(["kms_host"]));

    let v = json_of(&[
        "--flows",
        dir,
        "walk",
        "0xC0DE0002",
        "--set",
        "kms_host=k1",
        "--set",
        "kms_port=1700",
        "--json",
    ]);
    assert_eq!(
        v["question"]["check_command"],
        "Test-NetConnection -ComputerName k1 -Port 1700"
    );
    assert_eq!(
        v["question"]["check_command_missing"],
        serde_json::json!([])
    );
    assert_eq!(v["missing"], serde_json::json!([]));

    // The built-in flow of the review: the same filling.
    let text = stdout_of(&[
        "walk",
        "0xC004F074",
        "-a",
        "3",
        "-a",
        "1",
        "--set",
        "kms_host=k1",
    ]);
    if text.contains("Test-NetConnection") {
        assert!(text.contains("-ComputerName k1 -Port 1688"), "{text}");
        assert!(!text.contains("{kms_host}"), "{text}");
    }
}

#[test]
fn walk_json_says_pending_or_resolved_and_has_both_messages() {
    let dir = PORTS_FOLDER;
    let pending = json_of(&["--flows", dir, "walk", "0xC0DE0002", "--json"]);
    assert_eq!(pending["state"], "pending");
    assert!(pending.get("question").is_some() && pending.get("resolution").is_none());
    assert_eq!(pending["message"], "Port error.");
    assert_eq!(pending["messages"]["en"], "Port error.");
    assert_eq!(pending["messages"]["fr"], "Erreur de port.");

    let done = json_of(&[
        "--flows",
        dir,
        "walk",
        "0xC0DE0002",
        "-a",
        "yes",
        "--lang",
        "fr",
        "--json",
    ]);
    assert_eq!(done["state"], "resolved");
    assert!(done.get("question").is_none() && done.get("resolution").is_some());
    assert_eq!(done["message"], "Erreur de port.");
    assert_eq!(done["messages"]["en"], "Port error.");
    assert_eq!(done["missing"], serde_json::json!(["kms_host"]));
    assert_eq!(
        done["resolution"]["commands"][0]["command"],
        "slmgr.vbs /skms {kms_host}:1688"
    );
}

/// Runs a failing command with `--json`: exit 1, the JSON error object on
/// stdout, the text on stderr. Returns the object's `error`.
fn json_error(args: &[&str]) -> Value {
    let out = actwiz().args(args).output().expect("runs");
    assert_eq!(out.status.code(), Some(1), "{args:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON error on stdout");
    let error = v["error"].clone();
    let message = error["message"].as_str().expect("message");
    assert_eq!(stderr, format!("actwiz: {message}\n"), "{args:?}");
    error
}

#[test]
fn json_errors_are_objects_on_stdout_with_the_same_exit_code() {
    let e = json_error(&["walk", "0xC004F074", "--answer", "99", "--json"]);
    assert_eq!(e["kind"], "bad_answer");
    assert_eq!(e["answer"], "99");
    assert_eq!(e["answer_number"], 1);
    assert!(e["question"].is_string());
    assert!(e["choices"].as_array().is_some_and(|c| c.len() >= 2));
    assert!(e["message"]
        .as_str()
        .is_some_and(|m| m.contains("'99' is not a choice here")));

    let dir = PORTS_FOLDER;
    let e = json_error(&[
        "--flows",
        dir,
        "walk",
        "0xC0DE0002",
        "--set",
        "kms_host=kms; del *",
        "--json",
    ]);
    assert_eq!(e["kind"], "invalid_value");
    assert_eq!(e["name"], "kms_host");
    assert!(e["reason"]
        .as_str()
        .is_some_and(|r| r.contains("a semicolon (;)")));
    let e = json_error(&[
        "--flows",
        dir,
        "walk",
        "0xC0DE0002",
        "--set",
        "colour=red",
        "--json",
    ]);
    assert_eq!(e["kind"], "unknown_placeholder");
    assert_eq!(e["known"], serde_json::json!(["kms_host", "kms_port"]));
    let e = json_error(&["walk", "0xC004F074", "--set", "kms_host", "--json"]);
    assert_eq!(e["kind"], "malformed_value");

    let e = json_error(&["lookup", "0xC004F075", "--json"]);
    assert_eq!(e["kind"], "unknown_code");
    assert_eq!(e["code"], "0xC004F075");
    assert_eq!(e["nearest"][0], "0xC004F074");
    let e = json_error(&["walk", "not-a-code", "--json"]);
    assert_eq!(e["kind"], "malformed_code");
    assert_eq!(e["input"], "not-a-code");
    let e = json_error(&["list", "--family", "nope", "--json"]);
    assert_eq!(e["kind"], "unknown_family");
    assert!(e["known"]
        .as_array()
        .is_some_and(|k| k.contains(&Value::from("dns"))));
    let e = json_error(&["--flows", "tests/fixtures/broken/cycle", "list", "--json"]);
    assert_eq!(e["kind"], "flows");
    assert!(e["problems"][0]
        .as_str()
        .is_some_and(|p| p.ends_with("cycle: confirm -> port_open -> confirm")));
    let e = json_error(&["walk", "0xC004F074", "--copy", "--json"]);
    assert_eq!(e["kind"], "copy_needs_resolution");

    // Without --json, errors stay text on stderr only.
    actwiz()
        .args(["walk", "0xC004F074", "--answer", "99"])
        .assert()
        .code(1)
        .stdout("");
}

#[test]
fn search_for_an_unknown_code_says_so_once_and_offers_the_nearest_in_json() {
    let out = actwiz()
        .args(["search", "0xC004F075"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("actwiz: Unknown code 0xC004F075; nearest known codes: 0xC004F074"),
        "{stderr}"
    );
    assert!(!stderr.contains("No match"), "{stderr}");

    let out = actwiz()
        .args(["search", "0xC004F075", "--json"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let items = v.as_array().expect("still an array");
    assert!(!items.is_empty());
    for item in items {
        assert_eq!(item["kind"], "nearest");
        assert_eq!(item["nearest_to"], "0xC004F075");
        assert_eq!(item["score"], 0);
        assert!(item["messages"]["en"].is_string());
    }
    assert_eq!(items[0]["code"], "0xC004F074");

    // Nothing at all: one message, and an empty array in JSON.
    actwiz()
        .args(["search", "zzzzqqqq"])
        .assert()
        .code(1)
        .stdout("")
        .stderr("actwiz: No match.\n");
    actwiz()
        .args(["search", "zzzzqqqq", "--json"])
        .assert()
        .code(1)
        .stdout("[]\n");
}

#[test]
fn search_limit_must_be_at_least_one_and_families_match_in_any_case() {
    actwiz()
        .args(["search", "kms", "--limit", "0"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "invalid value '0' for '--limit <N>'",
        ));
    let v = json_of(&["search", "kms", "--limit", "1", "--json"]);
    assert_eq!(v.as_array().map(Vec::len), Some(1));

    let lower = json_of(&["list", "--family", "dns", "--json"]);
    let upper = json_of(&["list", "--family", "DNS", "--json"]);
    assert_eq!(lower, upper);
    assert!(!upper.as_array().expect("array").is_empty());
    assert_eq!(
        stdout_of(&["list", "--family", "Kms-Connect"]),
        stdout_of(&["list", "--family", "kms-connect"])
    );
}

#[test]
fn french_labels_have_a_space_before_the_colon() {
    let dir = PORTS_FOLDER;
    let text = stdout_of(&[
        "--flows",
        dir,
        "walk",
        "0xC0DE0002",
        "-a",
        "1",
        "--lang",
        "fr",
    ]);
    assert_eq!(
        text,
        "0xC0DE0002  Erreur de port.
  Message (en) : Port error.
  Famille : ports (Ports de démo)
  Types d’activation : Client KMS

Chemin parcouru :
  1. Le port est-il ouvert ? -> Oui

Résolution : Indiquer l’hôte au client
Cause : La découverte échoue.
Étapes :
  1. Définissez l’hôte.
Commandes :
  [1] Définit l’hôte KMS.  [invite administrateur]
      > slmgr.vbs /skms {kms_host}:1688
  [2] Active.
      > slmgr.vbs /ato
  [3] Teste à nouveau.
      > Test-NetConnection -ComputerName {kms_host} -Port 1688

Donnez ces valeurs avec --set NOM=VALEUR : kms_host
"
    );
    let text = stdout_of(&["--flows", dir, "walk", "0xC0DE0002", "--lang", "fr"]);
    assert!(
        text.contains("\nQuestion : Le port est-il ouvert ?\n"),
        "{text}"
    );
    assert!(
        text.contains("\n  Comment vérifier : Testez le port.\n"),
        "{text}"
    );
    let runbook = stdout_of(&["--flows", dir, "lookup", "0xC0DE0002", "--lang", "fr"]);
    for label in [
        "Famille :",
        "Source :",
        "Comment vérifier :",
        "R1. Résolution :",
        "Étapes :",
    ] {
        assert!(runbook.contains(label), "{label}\n{runbook}");
    }
    // English keeps its own typography.
    let runbook = stdout_of(&["--flows", dir, "lookup", "0xC0DE0002"]);
    assert!(runbook.contains("  Family: ports"), "{runbook}");
    actwiz()
        .args(["lookup", "0xC004F075", "--lang", "fr"])
        .assert()
        .code(1)
        .stderr(predicate::str::starts_with(
            "actwiz: Code inconnu 0xC004F075 ; codes connus les plus proches : 0xC004F074",
        ));
    actwiz()
        .args(["search", "acces refuse", "--lang", "fr"])
        .assert()
        .success()
        .stdout(predicate::str::contains("0x80070005"));
    actwiz()
        .args(["check", "--lang", "fr"])
        .assert()
        .success()
        .stdout(predicate::str::contains(" : les flux sont valides"));
}

#[test]
fn help_describes_every_argument_and_shows_examples() {
    let help = stdout_of(&["--help"]);
    assert!(help.contains("Examples:"), "{help}");
    for example in [
        "actwiz lookup c004f074",
        "actwiz search F074",
        "actwiz walk 0xC004F074 --answer 3 --answer 1 --set kms_host=kms1.contoso.com",
        "--json",
        "actwiz check",
    ] {
        assert!(help.contains(example), "{example}\n{help}");
    }
    let search = stdout_of(&["search", "--help"]);
    assert!(search.contains("Show at most N results"), "{search}");
    assert!(search.contains("Print JSON for scripts"), "{search}");
    let lookup = stdout_of(&["lookup", "--help"]);
    assert!(lookup.contains("-1073418124"), "{lookup}");
    let walk = stdout_of(&["walk", "--help"]);
    assert!(walk.contains("\"pending\" or \"resolved\""), "{walk}");
    let check = stdout_of(&["check", "--help"]);
    assert!(check.contains("A folder of flow files"), "{check}");
    // Every argument of every subcommand has a description.
    for sub in ["list", "lookup", "search", "walk", "check", "completions"] {
        let help = stdout_of(&[sub, "--help"]);
        let mut lines = help.lines().peekable();
        while let Some(line) = lines.next() {
            let arg = line.trim_start();
            let is_arg = line.starts_with("  ")
                && (arg.starts_with('-') || arg.starts_with('<') || arg.starts_with('['));
            if is_arg && !arg.contains("  ") {
                // The description is then on the next line.
                let next = lines.peek().copied().unwrap_or_default();
                assert!(
                    next.starts_with("          "),
                    "{sub}: '{line}' has no description\n{help}"
                );
            }
        }
    }
}

/// A resolution's caution and a command's caution are printed before what
/// they warn about, in every text front end and in `--json`.
#[test]
fn cautions_come_before_the_steps_and_the_command_everywhere() {
    let flows = ["--flows", "tests/fixtures/tui"];
    let resolution_caution =
        "!! CAUTION: Note the KMS host set now (slmgr /dlv) first: this replaces it.";
    let command_caution = "!! CAUTION: Turns DNS auto-discovery off until slmgr /ckms.";
    let before = |text: &str, first: &str, then: &str| {
        let a = text
            .find(first)
            .unwrap_or_else(|| panic!("no '{first}' in:\n{text}"));
        let b = text
            .find(then)
            .unwrap_or_else(|| panic!("no '{then}' in:\n{text}"));
        assert!(a < b, "'{first}' should come before '{then}' in:\n{text}");
    };
    // walk, as text: the resolution's caution before its cause, the
    // command's caution right above the command.
    let walked = common::stdout_of_success(actwiz().args(flows).args([
        "walk",
        "0xC0DE0074",
        "--answer",
        "no",
    ]));
    before(&walked, resolution_caution, "Cause:");
    before(&walked, command_caution, "/skms");
    // lookup: the same in the runbook.
    let looked_up = common::stdout_of_success(actwiz().args(flows).args(["lookup", "0xC0DE0074"]));
    before(&looked_up, resolution_caution, "Cause: No DNS record");
    before(&looked_up, command_caution, "/skms");
    // In French, with the French label.
    let french = common::stdout_of_success(actwiz().args(flows).args([
        "walk",
        "0xC0DE0074",
        "--answer",
        "no",
        "--lang",
        "fr",
    ]));
    assert!(
        french.contains("!! ATTENTION : Coupe la découverte automatique"),
        "{french}"
    );
    // walk --json: in the chosen language; lookup --json: both.
    let v: serde_json::Value =
        serde_json::from_str(&common::stdout_of_success(actwiz().args(flows).args([
            "walk",
            "0xC0DE0074",
            "--answer",
            "no",
            "--json",
        ])))
        .expect("JSON");
    assert_eq!(
        v["resolution"]["caution"],
        "Note the KMS host set now (slmgr /dlv) first: this replaces it."
    );
    assert_eq!(
        v["resolution"]["commands"][0]["caution"],
        "Turns DNS auto-discovery off until slmgr /ckms."
    );
    assert_eq!(
        v["resolution"]["commands"][1]["caution"],
        serde_json::Value::Null
    );
    let v: serde_json::Value =
        serde_json::from_str(&common::stdout_of_success(actwiz().args(flows).args([
            "lookup",
            "0xC0DE0074",
            "--json",
        ])))
        .expect("JSON");
    let set_kms_host = &v["tree"]["resolutions"]["set_kms_host"];
    assert_eq!(
        set_kms_host["commands"][0]["caution"]["fr"],
        "Coupe la découverte automatique par DNS jusqu’à slmgr /ckms."
    );
    assert!(set_kms_host["caution"]["en"].is_string());
    // Plain mode, at the end of the same path.
    let plain = common::stdout_of_success(
        actwiz()
            .args(flows)
            .arg("--plain")
            .write_stdin("0xC0DE0074\nno\nq\n"),
    );
    before(&plain, resolution_caution, "Cause:");
    before(&plain, command_caution, "/skms");
}
