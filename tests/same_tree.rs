//! One entry, several codes (`same_tree`): 0xC0020017 and 0x8007139F share
//! one tree in flows/kms-connect.yaml. Every front end finds each code on
//! its own, with its own message, and names the other.

mod common;

use common::{actwiz, stdout_of_success};

const RPC: &str = "0xC0020017";
const STATE: &str = "0x8007139F";
const STATE_MESSAGE: &str =
    "The group or resource is not in the correct state to perform the requested operation.";

#[test]
fn the_builtin_flows_list_each_code_once_with_its_own_message() {
    let flow = std::fs::read_to_string("flows/kms-connect.yaml").expect("flow");
    // A code entry (or a `same_tree` item) is a `code:` line followed by
    // its `messages:`; the `tests:` section names codes without messages.
    let lines: Vec<&str> = flow.lines().map(str::trim).collect();
    for code in [RPC, STATE] {
        let entries = lines
            .windows(2)
            .filter(|w| w[0] == format!("- code: \"{code}\"") && w[1] == "messages:")
            .count();
        assert_eq!(entries, 1, "{code} is listed once, not copied whole");
    }
    let list = stdout_of_success(actwiz().args(["list", "--family", "kms-connect"]));
    assert!(
        list.contains(&format!("{STATE}  kms-connect  {STATE_MESSAGE}")),
        "{list}"
    );
    assert!(list.contains(&format!(
        "{RPC}  kms-connect  The RPC server is unavailable."
    )));
    let json = stdout_of_success(actwiz().args(["list", "--json"]));
    let items: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let state = items
        .as_array()
        .and_then(|a| a.iter().find(|i| i["code"] == STATE))
        .expect("listed");
    assert_eq!(state["same_tree"], serde_json::json!([RPC]));
}

#[test]
fn lookup_and_walk_give_each_code_its_message_and_name_the_other() {
    let lookup = stdout_of_success(actwiz().args(["lookup", "-2147019873"]));
    assert!(
        lookup.starts_with(&format!("{STATE}  {STATE_MESSAGE}\n")),
        "{lookup}"
    );
    assert!(
        lookup.contains(&format!("\n  Same tree as: {RPC}\n")),
        "{lookup}"
    );
    let lookup = stdout_of_success(actwiz().args(["--lang", "fr", "lookup", RPC]));
    assert!(
        lookup.contains(&format!("\n  Même arbre que : {STATE}\n")),
        "{lookup}"
    );
    let json = stdout_of_success(actwiz().args(["lookup", STATE, "--json"]));
    let value: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(value["same_tree"], serde_json::json!([RPC]));
    assert_eq!(value["tree"]["start"], "e8198_target");

    // Both codes walk the same tree to the same resolution.
    let walk = |code: &str| {
        let out = stdout_of_success(actwiz().args([
            "walk", code, "-a", "yes", "-a", "no", "-a", "yes", "-a", "no", "--json",
        ]));
        let value: serde_json::Value = serde_json::from_str(&out).expect("JSON");
        value["resolution"]["id"].clone()
    };
    assert_eq!(walk(STATE), "open_port_1688");
    assert_eq!(walk(RPC), walk(STATE));
    let text = stdout_of_success(actwiz().args(["walk", STATE]));
    assert!(text.contains(&format!("Same tree as: {RPC}")), "{text}");
}

#[test]
fn search_finds_each_code_by_its_own_message_and_keywords() {
    let out = stdout_of_success(actwiz().args(["search", "invalid state", "--limit", "1"]));
    assert_eq!(
        out.lines().next(),
        Some(format!(" 1. {STATE}  kms-connect  {STATE_MESSAGE}").as_str())
    );
    assert!(
        out.contains(&format!("      Same tree as: {RPC}\n")),
        "{out}"
    );
    let json = stdout_of_success(actwiz().args(["search", "8198", "--json"]));
    let hits: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let codes: Vec<&str> = hits
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|h| h["code"].as_str())
        .collect();
    assert!(codes.contains(&RPC) && codes.contains(&STATE), "{codes:?}");
}

#[test]
fn plain_mode_opens_either_code_and_names_the_other() {
    let out = actwiz()
        .arg("--plain")
        .write_stdin(format!("{STATE}\nq\n"))
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(&format!(
            "\n{STATE}  {STATE_MESSAGE}\n  Same tree as: {RPC}\n"
        )),
        "{text}"
    );
}

#[test]
fn exports_draw_the_tree_once_for_both_codes() {
    let markdown = stdout_of_success(actwiz().args([
        "export",
        "--format",
        "markdown",
        "--family",
        "kms-connect",
    ]));
    assert!(markdown.contains(&format!("### {STATE}\n")));
    assert!(markdown.contains(&format!("- **Same tree as**: [{RPC}](#0xc0020017)\n")));
    assert!(
        markdown.contains("The questions and answers are those of [0xC0020017](#0xc0020017).\n")
    );
    // The tree's first question is printed once, under 0xC0020017.
    assert_eq!(
        markdown
            .matches("Does the client use the right KMS host name?\n")
            .count(),
        1
    );
    // Exported alone, the code carries its whole tree.
    let alone = stdout_of_success(actwiz().args(["export", "--code", STATE]));
    assert!(alone.contains("Does the client use the right KMS host name?"));

    let mermaid = stdout_of_success(actwiz().args([
        "export",
        "--format",
        "mermaid",
        "--family",
        "kms-connect",
    ]));
    assert!(
        mermaid.contains(&format!("(same tree as {RPC})")),
        "{mermaid}"
    );
    assert!(mermaid.contains(&format!("(same tree as {STATE})")));
    let dot = stdout_of_success(actwiz().args(["export", "--format", "dot", "--code", STATE]));
    assert!(dot.contains(&format!("\\n(same tree as {RPC})\"")), "{dot}");
}

#[test]
fn completions_offer_every_code_of_an_entry() {
    let bash = stdout_of_success(actwiz().args(["completions", "bash"]));
    assert!(bash.contains(RPC) && bash.contains(STATE));
    let powershell = stdout_of_success(actwiz().args(["completions", "powershell"]));
    assert!(powershell.contains(&format!("[CompletionResult]::new('{STATE}'")));
}

#[test]
fn evidence_names_the_codes_sharing_a_tree() {
    let out = stdout_of_success(
        actwiz()
            .arg("evidence")
            .write_stdin("Event 8198: the error code is 0x8007139F.\n"),
    );
    assert!(
        out.contains(&format!("  {STATE}  (text, line 1)  Same tree as: {RPC}\n")),
        "{out}"
    );
}

#[test]
fn a_team_entry_with_several_codes_is_found_by_each() {
    let flows = ["--flows", "tests/fixtures/layers/team-same-tree"];
    let out = stdout_of_success(actwiz().args(flows).args(["lookup", "0xC0DE0102"]));
    assert!(out.starts_with("0xC0DE0102  Second demo error.\n"), "{out}");
    assert!(out.contains("  Same tree as: 0xC0DE0101\n"));
    assert!(out.contains("  Source: Test fixture: second code.\n"));
    let found = stdout_of_success(actwiz().args(flows).args(["search", "second words"]));
    assert!(found.starts_with(" 1. 0xC0DE0102"), "{found}");
    // Its own keywords are its own.
    let first = stdout_of_success(
        actwiz()
            .args(flows)
            .args(["search", "second words", "--json"]),
    );
    let hits: serde_json::Value = serde_json::from_str(&first).expect("JSON");
    assert_ne!(hits[0]["code"], "0xC0DE0101");
}

#[test]
fn check_refuses_a_code_listed_twice_with_its_position() {
    let dir = "tests/fixtures/broken/same-tree-twice";
    let out = actwiz().args(["check", dir]).output().expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let got: Vec<&str> = stdout
        .lines()
        .map(|l| l.strip_prefix(&format!("{dir}/")).unwrap_or(l))
        .collect();
    assert_eq!(
        got,
        [
            "demo.yaml:14:9: missing translation: codes[0].same_tree[0].messages has no 'fr' text (each code keeps its own official message)",
            "demo.yaml:15:9: codes[0].same_tree[0] needs a source note saying where its message comes from",
            "demo.yaml:16:9: code 0xC0DE0001 is listed twice (also at codes[0].code): list each code once, in one entry",
            "demo.yaml:21:5: code 0xC0DE0002 is listed twice (also at codes[0].same_tree[0].code): list each code once, in one entry",
        ]
    );
}
