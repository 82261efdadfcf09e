//! `actwiz evidence`, `walk --evidence`, `diagnose` and `check` of
//! `suggest:` rules, through the real binary.

mod common;

use common::{actwiz, stdout_of_success};

const FIXTURES: &str = "tests/fixtures/evidence";

fn json_of(args: &[&str]) -> serde_json::Value {
    let out = stdout_of_success(actwiz().args(args));
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"))
}

#[test]
fn evidence_json_gives_codes_and_facts_with_their_origin() {
    let file = format!("{FIXTURES}/event-12288-time-skew.txt");
    let json = json_of(&["evidence", &file, "--json"]);
    assert_eq!(json["codes"], serde_json::json!(["0xC004F06C"]));
    assert_eq!(json["facts"]["kms_host"]["value"], "kms01.contoso.com");
    assert_eq!(json["facts"]["kms_host"]["from"], "event 12288, line 13");
    assert_eq!(json["facts"]["kms_port"]["value"], "1688");
}

#[test]
fn evidence_reads_standard_input_and_utf16() {
    let text = std::fs::read_to_string(format!("{FIXTURES}/slmgr-dlv-client.txt")).unwrap();
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
    let out = actwiz()
        .args(["evidence", "-"])
        .write_stdin(utf16)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("Recognised: slmgr /dlv"), "{stdout}");
    assert!(
        stdout.contains("kms01.contoso.com  (slmgr /dlv, line 24)"),
        "{stdout}"
    );
}

#[test]
fn evidence_with_nothing_recognised_fails_and_says_what_it_reads() {
    let out = actwiz()
        .args(["evidence", "-"])
        .write_stdin("hello, nothing here\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("nothing recognised"), "{stderr}");
    let out = actwiz()
        .args(["evidence", "no/such/file.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no/such/file.txt"));
}

#[test]
fn evidence_facts_lists_the_names_rules_can_use() {
    let out = stdout_of_success(actwiz().args(["evidence", "--facts"]));
    for name in [
        "kms_host",
        "tcp_test_succeeded",
        "event_12288_code",
        "current_count",
    ] {
        assert!(out.lines().any(|l| l.starts_with(name)), "{name}: {out}");
    }
}

#[test]
fn walk_with_evidence_fills_values_and_suggests_the_answer() {
    let json = json_of(&[
        "--flows",
        "tests/fixtures/evidence-flows",
        "walk",
        "0xC0DE0001",
        "--evidence",
        &format!("{FIXTURES}/test-netconnection-false.txt"),
        "--json",
    ]);
    assert_eq!(json["state"], "pending");
    assert_eq!(json["question"]["suggested"]["choice"], "no");
    assert_eq!(
        json["question"]["suggested"]["facts"]["tcp_test_succeeded"]["from"],
        "Test-NetConnection, line 12"
    );
    // A suggestion never answers: the path is still empty.
    assert_eq!(json["path"], serde_json::json!([]));
    let json = json_of(&[
        "--flows",
        "tests/fixtures/evidence-flows",
        "walk",
        "0xC0DE0001",
        "--answer",
        "yes",
        "--evidence",
        &format!("{FIXTURES}/slmgr-dlv-client.txt"),
        "--json",
    ]);
    assert_eq!(json["state"], "resolved");
    assert_eq!(json["from_evidence"]["kms_host"], "slmgr /dlv, line 24");
    assert_eq!(
        json["resolution"]["commands"][0]["command"],
        "cscript %windir%\\system32\\slmgr.vbs /skms kms01.contoso.com"
    );
}

#[test]
fn typed_values_win_over_evidence() {
    let json = json_of(&[
        "--flows",
        "tests/fixtures/evidence-flows",
        "walk",
        "0xC0DE0001",
        "-a",
        "yes",
        "--set",
        "kms_host=kms9.contoso.com",
        "--evidence",
        &format!("{FIXTURES}/slmgr-dlv-client.txt"),
        "--json",
    ]);
    assert_eq!(json["from_evidence"], serde_json::json!({}));
    assert_eq!(
        json["resolution"]["commands"][0]["command"],
        "cscript %windir%\\system32\\slmgr.vbs /skms kms9.contoso.com"
    );
}

#[test]
fn walk_text_shows_the_suggestion_and_its_origin() {
    let out = stdout_of_success(actwiz().args([
        "--flows",
        "tests/fixtures/evidence-flows",
        "walk",
        "0xC0DE0001",
        "--evidence",
        &format!("{FIXTURES}/test-netconnection-true.txt"),
    ]));
    assert!(
        out.contains("Suggested answer: yes (why: Test-NetConnection says TcpTestSucceeded : True.; Test-NetConnection, line 6)"),
        "{out}"
    );
}

#[test]
fn check_refuses_unknown_facts_and_choices_in_suggest_rules() {
    let dir = "tests/fixtures/broken/bad-suggest";
    let out = actwiz().args(["check", dir]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = stdout
        .lines()
        .map(|l| l.strip_prefix(&format!("{dir}/")).unwrap_or(l))
        .collect();
    assert_eq!(
        lines,
        [
            "demo.yaml:19:17: unknown fact 'tcp_test_suceeded'; `actwiz evidence --facts` lists the facts evidence can give",
            "demo.yaml:22:17: a condition takes only one comparison; give several conditions instead",
            "demo.yaml:23:9: suggest rule points to 'maybe', which is not a choice of this question (choices: yes, no)",
            "demo.yaml:24:9: missing translation: questions.port_open.suggest[1].because has no 'fr' text",
        ]
    );
}

#[cfg(not(windows))]
#[test]
fn diagnose_says_it_only_runs_on_windows() {
    let out = actwiz().args(["diagnose"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("only runs on Windows"), "{stderr}");
    let out = actwiz().args(["diagnose", "--json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["error"]["kind"], "windows_only");
}
