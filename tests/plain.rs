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
    let out = actwiz().args(&args).output().expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
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
    let out = actwiz()
        .args(["--plain", "--lang", lang])
        .write_stdin(stdin)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
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
        // Search by code, then the answers, then quit at the resolution.
        // Empty lines decline the placeholder values the resolution asks for.
        let mut stdin = format!("{code}\n");
        for a in &answers {
            stdin.push_str(a);
            stdin.push('\n');
        }
        stdin.push_str("\n\n\n\nq\n");
        let out = plain(stdin, lang);
        let heading = if lang == "fr" {
            "Résolution"
        } else {
            "Resolution"
        };
        assert!(
            out.contains(&format!("{heading}: {title}")),
            "{code}: plain mode did not reach '{title}'.\n{out}"
        );
    }
}

#[test]
fn plain_mode_searches_by_fragment_and_refuses_hostile_values() {
    let stdin = "232b\n\n1\n".to_string() + "kms; del *\nkms1.contoso.com\n\nq\n";
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
    assert!(out.contains("1) 0x8007232B"), "{out}");
}

#[test]
fn end_of_input_ends_the_session_cleanly() {
    for stdin in ["", "f074", "0xC004F074\n", "0xC004F074\n1\n"] {
        let out = actwiz()
            .arg("--plain")
            .write_stdin(stdin)
            .output()
            .expect("runs");
        assert!(
            out.status.success(),
            "{stdin:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn unknown_code_in_plain_mode_names_the_nearest() {
    let out = plain("0xC004F075\nq\n".into(), "en");
    assert!(out.contains("Unknown code 0xC004F075"), "{out}");
    assert!(out.contains("0xC004F074"), "{out}");
}
