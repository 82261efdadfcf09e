//! Plain mode: answers piped into the real binary reach the same resolution
//! as `walk` with the same answers.

mod common;

use common::actwiz;
use serde_json::Value;

fn walk_json(code: &str, answers: &[String], lang: &str) -> Value {
    let mut args = vec![
        "walk".to_string(),
        code.to_string(),
        "--json".into(),
        "--lang".into(),
        lang.into(),
    ];
    for a in answers {
        args.push("--answer".into());
        args.push(a.clone());
    }
    serde_json::from_str(&common::stdout_of_success(actwiz().args(&args))).expect("JSON")
}

/// Answers the last choice at every question until a resolution: a path
/// that goes deep in the tree. Returns the answers and the resolution title.
fn deepest_last_choice_path(code: &str, lang: &str) -> (Vec<String>, String) {
    let mut answers = Vec::new();
    loop {
        let state = walk_json(code, &answers, lang);
        if let Some(title) = state["resolution"]["title"].as_str() {
            return (answers, title.to_string());
        }
        let choices = state["question"]["choices"].as_array().expect("choices");
        answers.push(choices.len().to_string());
        assert!(answers.len() < 32, "{code}: no resolution after 32 answers");
    }
}

fn plain(stdin: String, lang: &str) -> String {
    common::stdout_of_success(
        actwiz()
            .args(["--plain", "--lang", lang])
            .write_stdin(stdin),
    )
}

#[test]
fn piped_answers_reach_the_same_resolution_as_walk() {
    for (code, lang) in [
        ("0xC004F074", "en"),
        ("0x8007232B", "fr"),
        ("0xC004F038", "en"),
    ] {
        let (answers, title) = deepest_last_choice_path(code, lang);
        assert!(
            !answers.is_empty(),
            "{code} should ask at least one question"
        );
        let walked = walk_json(code, &answers, lang);
        let resolution = &walked["resolution"];
        // Search by code, then the answers, then quit at the resolution.
        // Empty lines keep the placeholder values offered (or leave them).
        let mut stdin = format!("{code}\n");
        for a in &answers {
            stdin.push_str(a);
            stdin.push('\n');
        }
        stdin.push_str("\n\n\n\nq\n");
        let out = plain(stdin, lang);
        let heading = if lang == "fr" {
            "Résolution :"
        } else {
            "Resolution:"
        };
        let reached = format!("\n{heading} {title}\n");
        let at = out
            .find(&reached)
            .unwrap_or_else(|| panic!("{code}: plain mode did not reach '{title}'.\n{out}"));
        // The same resolution as walk's: its cause, every step and every
        // command, all shown before any value is asked for.
        let shown = &out[at..];
        let cause = resolution["cause"].as_str().expect("cause");
        assert!(shown.contains(cause), "{code}: cause missing\n{out}");
        for step in resolution["steps"].as_array().expect("steps") {
            let step = step.as_str().expect("step");
            assert!(shown.contains(step), "{code}: step '{step}' missing\n{out}");
        }
        let before_values = shown.split(" (Enter = ").next().unwrap_or(shown);
        let before_values = before_values
            .split(" (Entrée = ")
            .next()
            .unwrap_or(before_values);
        for command in resolution["commands"].as_array().expect("commands") {
            let template = command["command"].as_str().expect("command");
            assert!(
                before_values.contains(&format!("> {template}\n")),
                "{code}: command '{template}' not shown before the value prompts\n{out}"
            );
        }
    }
}

#[test]
fn plain_mode_searches_by_fragment_and_refuses_hostile_values() {
    // One code ends with 232b: it opens without a list to pick from.
    let stdin = "232b\n1\n".to_string() + "kms; del *\nkms1.contoso.com\n\nq\n";
    let out = actwiz()
        .args(["--plain", "--flows", "tests/fixtures/valid"])
        .write_stdin("0xC0DE0001\n1\nkms; del *\nkms1.contoso.com\nq\n")
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    assert!(text.contains("has a special meaning to cmd.exe"), "{text}");
    assert!(
        text.contains("> cscript %windir%\\system32\\slmgr.vbs /skms kms1.contoso.com"),
        "{text}"
    );
    assert!(!text.contains("del *\n      >"), "{text}");

    let out = plain(stdin, "en");
    assert!(out.contains("Opening 0x8007232B\n"), "{out}");
    assert!(!out.contains("Code number, 1 to"), "{out}");
}

#[test]
fn end_of_input_ends_the_session_cleanly() {
    for stdin in ["", "f074", "0xC004F074\n", "0xC004F074\n1\n"] {
        common::stdout_of_success(actwiz().arg("--plain").write_stdin(stdin));
    }
}

#[test]
fn unknown_code_in_plain_mode_names_the_nearest() {
    let out = plain("0xC004F075\nq\n".into(), "en");
    assert!(out.contains("Unknown code 0xC004F075"), "{out}");
    assert!(out.contains("0xC004F074"), "{out}");
    // As in the full-screen wizard, the nearest codes are offered to pick.
    assert!(out.contains("\n  1) 0xC004F074  "), "{out}");
}

/// Plain mode over the built-in flows and tests/fixtures/ports (a flow with
/// placeholders: one with a default, both used by two commands).
fn plain_with_ports(stdin: &str, lang: &str) -> String {
    common::stdout_of_success(
        actwiz()
            .args(["--plain", "--lang", lang, "--flows", "tests/fixtures/ports"])
            .write_stdin(stdin.to_string()),
    )
}

#[test]
fn resolution_comes_first_then_values_said_for_which_command() {
    let out = plain_with_ports("0xC0DE0002\nyes\nkms; del *\nk1\n\nq\n", "en");
    assert_eq!(
        out,
        r"actwiz, plain mode. Type an error code, part of one, or words of the message. q quits.
e pastes evidence (slmgr /dlv, an activation event, Test-NetConnection...)
Search (a code, part of one, or words; q = quit): 0xC0DE0002

0xC0DE0002  Port error.

Question 1. Is the port open?
  How to check: Test the port.
    > Test-NetConnection -ComputerName {kms_host} -Port 1688
  1) Yes
  2) No
Answer to question 1, 1 to 2 (b = back, r = restart, n = new search, q = quit): yes

Resolution: Point the client at the host
Cause: Discovery fails.
Steps:
  1. Set the host.
Commands:
  [1] Set the KMS host.  [administrator prompt]
      > slmgr.vbs /skms {kms_host}:1688
  [2] Activate.
      > slmgr.vbs /ato
  [3] Test again.
      > Test-NetConnection -ComputerName {kms_host} -Port 1688

KMS host (kms_host), for commands 1, 3 (Enter = leave it unfilled, q = quit): kms; del *
  Refused: a semicolon (;) is not allowed (character 4): it has a special meaning to cmd.exe or PowerShell
KMS host (kms_host), for commands 1, 3 (Enter = leave it unfilled, q = quit): k1
KMS port (kms_port), for commands 1, 3 (Enter = keep 1688, q = quit): 

Commands with your values:
  [1] > slmgr.vbs /skms k1:1688
  [3] > Test-NetConnection -ComputerName k1 -Port 1688
Enter = new search, b = back, r = restart, q = quit: q
"
    );
}

#[test]
fn values_typed_earlier_are_offered_and_empty_answers_leave_placeholders() {
    // Back to the question, then the resolution again: the host typed
    // before is what Enter keeps; the question's check command has it too.
    let out = plain_with_ports("0xC0DE0002\n1\nk1\n1700\nb\n1\n\n\nq\n", "en");
    assert!(
        out.contains("    > Test-NetConnection -ComputerName k1 -Port 1700\n"),
        "{out}"
    );
    assert!(
        out.contains("KMS host (kms_host), for commands 1, 3 (Enter = keep k1, q = quit): \n"),
        "{out}"
    );
    assert!(
        out.contains("KMS port (kms_port), for commands 1, 3 (Enter = keep 1700, q = quit): \n"),
        "{out}"
    );
    // Nothing typed: the placeholder stays, and is named.
    let out = plain_with_ports("0xC0DE0002\n1\n\n\nq\n", "en");
    assert!(
        out.contains("  [1] > slmgr.vbs /skms {kms_host}:1688\n"),
        "{out}"
    );
    assert!(out.contains("\nStill without a value: kms_host\n"), "{out}");
}

#[test]
fn q_at_a_value_prompt_quits_like_everywhere_else() {
    let out = plain("kms host\n\n3\nq\n".into(), "en");
    assert!(!out.contains(" q:1688"), "{out}");
    assert!(!out.contains("Commands with your values"), "{out}");
    // The whole resolution came before the question about the value.
    let resolution = out.find("\nResolution: ").expect("resolution shown");
    let commands = out.find("\nCommands:\n").expect("commands shown");
    let value = out.find("(kms_host), for command").expect("value asked");
    assert!(resolution < commands && commands < value, "{out}");
    assert!(
        out.trim_end()
            .ends_with("(Enter = leave it unfilled, q = quit): q"),
        "{out}"
    );
}

#[test]
fn out_of_range_code_numbers_are_refused_and_asked_again() {
    let out = plain("kms host\n12\n0\n2\nq\n".into(), "en");
    assert!(
        out.contains(
            ": 12\nThere is no result 12: type a number from 1 to 9.\nCode number, 1 to 9 (Enter = 1, other text = new search, q = quit): 0\nThere is no result 0: type a number from 1 to 9.\n"
        ),
        "{out}"
    );
    // Then 2 opens the second result.
    let second = out
        .lines()
        .find(|l| l.starts_with("  2) "))
        .and_then(|l| l.split_whitespace().nth(1))
        .expect("a second result");
    assert!(out.contains(&format!("\n\n{second}  ")), "{out}");
    // Other text at that prompt is a new search for it.
    let out = plain("kms host\n0xC004F074\nq\n".into(), "en");
    assert!(out.contains("\n0xC004F074  The Software"), "{out}");
}

#[test]
fn results_beyond_the_ninth_are_counted_with_a_hint() {
    let all = actwiz()
        .args(["search", "kms host", "--limit", "1000", "--json"])
        .output()
        .expect("runs");
    let all: Value = serde_json::from_slice(&all.stdout).expect("JSON");
    let total = all.as_array().expect("array").len();
    assert!(total > 9, "{total}");
    let out = plain("kms host\nq\n".into(), "en");
    assert!(out.contains("\n  9) "), "{out}");
    assert!(!out.contains("\n  10) "), "{out}");
    assert!(
        out.contains(&format!(
            "\n  ...and {} more. Type more words, or more of the code, to narrow the search.\n",
            total - 9
        )),
        "{out}"
    );
    let out = plain("kms host\nq\n".into(), "fr");
    assert!(
        out.contains(&format!("\n  ... et {} de plus. ", total - 9)),
        "{out}"
    );
}

#[test]
fn every_prompt_says_what_it_asks() {
    let out = plain_with_ports("0xC0DE0002\n1\n\n\nb\nn\nkms\n\nq\n", "fr");
    for prompt in [
        "Recherche (un code, une partie du code ou des mots ; q = quitter) : ",
        "Réponse à la question 1, de 1 à 2 (b = retour, r = recommencer, n = nouvelle recherche, q = quitter) : ",
        "Hôte KMS (kms_host), pour les commandes 1, 3 (Entrée = laisser vide, q = quitter) : ",
        "Port KMS (kms_port), pour les commandes 1, 3 (Entrée = garder 1688, q = quitter) : ",
        "Entrée = nouvelle recherche, b = retour, r = recommencer, q = quitter : ",
        "Numéro du code, de 1 à 9 (Entrée = 1, autre texte = nouvelle recherche, q = quitter) : ",
    ] {
        assert!(out.contains(prompt), "{prompt}\n{out}");
    }
    for label in [
        "\n  Comment vérifier : ",
        "\nRésolution : ",
        "\nÉtapes :\n",
        "\nCommandes avec vos valeurs :\n",
    ] {
        assert!(out.contains(label), "{label}\n{out}");
    }
}

#[test]
fn decimal_and_dashed_codes_open_their_flow_directly() {
    for query in ["-1073418124", "3221549172", "c004-f074"] {
        let out = plain(format!("{query}\nq\n"), "en");
        assert!(out.contains("\n0xC004F074  The Software"), "{query}: {out}");
        assert!(!out.contains("Code number"), "{query}: {out}");
    }
}

const DLV: &str = include_str!("fixtures/evidence/slmgr-dlv-client.txt");
const EVENT_12288: &str = include_str!("fixtures/evidence/event-12288-no-response.txt");

/// `e` at the search prompt reads a paste (blank lines inside it included)
/// until two empty lines; the code it names opens, the pending question's
/// suggested choice is shown with its reason and origin, and a value the
/// evidence holds is offered as "from evidence".
#[test]
fn e_reads_pasted_evidence_opens_its_code_and_suggests() {
    let stdin =
        format!("e\n{DLV}\nSoftware Protection error 0xC004F074\n{EVENT_12288}\n\n3\n3\n\nq\n");
    let out = plain(stdin, "en");
    assert!(
        out.contains("kms_host                kms01.contoso.com  (slmgr /dlv, line 24)"),
        "{out}"
    );
    assert!(
        out.contains("\n0xC004F074  The Software Protection Service"),
        "{out}"
    );
    assert!(
        out.contains("Suggested answer: 3) No error code in it: the host never answered"),
        "{out}"
    );
    assert!(out.contains("event 12288, line "), "{out}");
    assert!(
        out.contains("Enter = keep kms01.contoso.com, from evidence: slmgr /dlv, line 24"),
        "{out}"
    );
    assert!(out.contains("/skms kms01.contoso.com:1688"), "{out}");
}

/// `e` at a question adds to what is known (merged, the first reading
/// wins), in French too; text with nothing to read says so.
#[test]
fn e_at_a_question_merges_more_evidence() {
    let stdin = format!("0xC004F074\ne\nnothing useful here\n.\ne\n{EVENT_12288}\n.\nq\n");
    let out = plain(stdin, "fr");
    assert!(out.contains("rien de reconnu"), "{out}");
    assert!(out.contains("Réponse suggérée : 3)"), "{out}");
    assert!(out.contains("kms_response_logged"), "{out}");
}

/// `--evidence FILE` loads the facts and opens the code the file names.
#[test]
fn evidence_file_opens_the_wizard_with_its_facts() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("call.txt");
    std::fs::write(&path, format!("0xC004F074\n{EVENT_12288}")).expect("write");
    let out = common::stdout_of_success(
        actwiz()
            .args(["--plain", "--lang", "en", "--evidence"])
            .arg(&path)
            .write_stdin("q\n"),
    );
    assert!(out.contains("event_12288_code"), "{out}");
    assert!(out.contains("Suggested answer: 3)"), "{out}");
    // With a subcommand, --evidence is refused rather than ignored.
    actwiz()
        .args(["--evidence"])
        .arg(&path)
        .arg("list")
        .assert()
        .failure()
        .stderr(predicates::str::contains("walk CODE --evidence FILE"));
}
