//! `--shell cmd|powershell`, ACTWIZ_SHELL and the configuration's `shell`:
//! `lookup` and `walk` show the chosen dialect, and `--json` carries both.
#![allow(clippy::disallowed_macros)]

mod common;

use actwiz::core::catalog::Catalog;
use common::{actwiz, stdout_of_success};
use serde_json::Value;

/// The command lines of a text runbook or walk (`> ...`).
fn command_lines(text: &str) -> Vec<&str> {
    text.lines()
        .filter_map(|l| l.trim_start().strip_prefix("> "))
        .collect()
}

#[test]
fn lookup_in_powershell_shows_no_slmgr_for_any_builtin_code() {
    let catalog = Catalog::builtin().expect("built-in catalog");
    let codes: Vec<String> = catalog.codes().map(|c| c.to_string()).collect();
    assert!(codes.len() >= 39, "{} codes", codes.len());
    for code in &codes {
        let ps = stdout_of_success(actwiz().args(["lookup", code, "--shell", "powershell"]));
        let lines = command_lines(&ps);
        for line in &lines {
            assert!(
                !line.to_ascii_lowercase().contains("slmgr"),
                "{code}: {line}"
            );
        }
        // The same code in cmd still shows the flows' own commands.
        let cmd = stdout_of_success(actwiz().args(["lookup", code]));
        assert_eq!(command_lines(&cmd).len(), lines.len(), "{code}");
    }
}

#[test]
fn the_environment_and_the_configuration_choose_the_shell_and_the_flag_wins() {
    let has_wmi = |out: &str| out.contains("Invoke-CimMethod");
    let by_env = stdout_of_success(
        actwiz()
            .args(["lookup", "0xC004F074"])
            .env("ACTWIZ_SHELL", "powershell"),
    );
    assert!(has_wmi(&by_env));
    let flag_wins = stdout_of_success(
        actwiz()
            .args(["lookup", "0xC004F074", "--shell", "cmd"])
            .env("ACTWIZ_SHELL", "powershell"),
    );
    assert!(!has_wmi(&flag_wins) && flag_wins.contains("slmgr.vbs /ato"));
    let dir = tempfile::tempdir().expect("temp dir");
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "shell = \"powershell\"\n").expect("config");
    let by_config = stdout_of_success(
        actwiz()
            .args(["lookup", "0xC004F074"])
            .env("ACTWIZ_CONFIG", &config),
    );
    assert!(has_wmi(&by_config));
    let env_beats_config = stdout_of_success(
        actwiz()
            .args(["lookup", "0xC004F074"])
            .env("ACTWIZ_CONFIG", &config)
            .env("ACTWIZ_SHELL", "cmd"),
    );
    assert!(!has_wmi(&env_beats_config));
    let out = actwiz()
        .args(["lookup", "0xC004F074", "--shell", "bash"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cmd") && err.contains("powershell"), "{err}");
}

fn walk_json(args: &[&str]) -> Value {
    let out = stdout_of_success(actwiz().args(args));
    serde_json::from_str(&out).expect("JSON")
}

#[test]
fn walk_json_carries_both_forms_of_every_command() {
    // Every example path of every built-in flow, to its resolution.
    let catalog = Catalog::builtin().expect("built-in catalog");
    let mut commands = 0;
    let mut written_forms = 0;
    for (_, flow) in catalog.files() {
        for example in &flow.tests {
            let code = example.code.to_string();
            let mut args = vec!["walk".to_string(), code.clone(), "--json".to_string()];
            for answer in &example.answers {
                args.push("--answer".into());
                args.push(answer.clone());
            }
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let cmd = walk_json(&args);
            let mut ps_args = args.clone();
            ps_args.extend(["--shell", "powershell"]);
            let ps = walk_json(&ps_args);
            assert_eq!(cmd["shell"], "cmd");
            assert_eq!(ps["shell"], "powershell");
            let shown = |v: &Value| {
                v["resolution"]["commands"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default()
            };
            for (c, p) in shown(&cmd).iter().zip(shown(&ps)) {
                commands += 1;
                // A PowerShell form written in the flow names where each of
                // its commands comes from; a generated or both-shells form
                // has the slmgr table or the article as its source.
                let form = &p["forms"]["powershell"];
                let named = form["commands"].as_array().cloned().unwrap_or_default();
                match form["origin"].as_str() {
                    Some("given") | Some("written") if form["shell"] == "powershell" => {
                        written_forms += 1;
                        assert!(!named.is_empty(), "{code}: {form}");
                        for n in &named {
                            assert_ne!(n["from"], "unlisted", "{code}: {form}");
                            assert!(
                                n["reference"]
                                    .as_str()
                                    .is_some_and(|r| r.starts_with("https://learn.microsoft.com/")),
                                "{code}: {n}"
                            );
                        }
                    }
                    _ => assert!(named.is_empty(), "{code}: {form}"),
                }
                // The chosen dialect's form is in the old fields…
                assert_eq!(c["command"], c["forms"]["cmd"]["command"], "{code}");
                assert_eq!(p["command"], p["forms"]["powershell"]["command"], "{code}");
                // …and both forms are in each, the same whichever is chosen.
                assert_eq!(c["forms"], p["forms"], "{code}");
                assert_eq!(
                    p["forms"]["powershell"]["shell"], "powershell",
                    "{code}: {p}"
                );
                assert!(
                    !p["command"]
                        .as_str()
                        .unwrap_or("")
                        .to_ascii_lowercase()
                        .contains("slmgr"),
                    "{code}: {p}"
                );
            }
        }
    }
    assert!(commands > 100, "only {commands} commands seen");
    assert!(
        written_forms > 10,
        "only {written_forms} written forms seen"
    );
}

#[test]
fn a_pending_question_carries_both_check_command_forms() {
    let v = walk_json(&["walk", "0xC004F074", "--json", "--shell", "powershell"]);
    let q = &v["question"];
    assert!(
        q["check_command_forms"].is_object() || q["check_command"].is_null(),
        "{q}"
    );
    if let Some(forms) = q["check_command_forms"].as_object() {
        assert!(
            forms.contains_key("cmd") && forms.contains_key("powershell"),
            "{q}"
        );
        assert_eq!(
            q["check_command"],
            q["check_command_forms"]["powershell"]["command"]
        );
    }
}

#[test]
fn completions_offer_the_shell_flag_and_its_values() {
    // `completions` has a `shell` argument of its own: both must work.
    for shell in ["bash", "zsh", "powershell"] {
        let script = stdout_of_success(actwiz().args(["completions", shell]));
        assert!(script.contains("--shell"), "{shell}");
    }
    let zsh = stdout_of_success(actwiz().args(["completions", "zsh"]));
    assert!(zsh.contains("(cmd powershell)"), "zsh lists the dialects");
}
