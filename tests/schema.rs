//! The JSON Schema of the flow format: `actwiz schema` prints the committed
//! copy, and an editor's validator (Python's jsonschema, draft 7, as the
//! YAML language server reads it) accepts every built-in flow and refuses
//! what `check` refuses for its structure.
#![allow(clippy::disallowed_macros)] // a skipped test says so on stderr

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{actwiz, require_tool, stdout_of_success};

const SCHEMA: &str = "assets/flow.schema.json";

#[test]
fn schema_command_prints_the_committed_schema() {
    let printed = stdout_of_success(actwiz().arg("schema"));
    let committed = std::fs::read_to_string(SCHEMA).unwrap_or_default();
    assert!(
        printed == committed,
        "{SCHEMA} differs from `actwiz schema`: run `cargo run -- schema > {SCHEMA}` and commit it"
    );
}

/// python3 with jsonschema and yaml, or None (skip) outside CI.
fn python() -> Option<PathBuf> {
    let python = require_tool("python3", "python3", "to validate flows against the schema")?;
    let ok = Command::new(&python)
        .args(["-c", "import jsonschema, yaml"])
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        let msg =
            "python3 lacks jsonschema or yaml (apt-get install python3-jsonschema python3-yaml)";
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("{msg} (CI=true: see .ci/run)");
        }
        eprintln!("SKIPPED: {msg}");
        return None;
    }
    Some(python)
}

fn validate(python: &Path, files: &[PathBuf]) -> (bool, String) {
    let out = Command::new(python)
        .arg("tests/schema_check.py")
        .arg(SCHEMA)
        .args(files)
        .output()
        .expect("python3 runs");
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.success(), text)
}

fn yaml_files(dir: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("folder exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_builtin_flow_satisfies_the_schema() {
    let Some(python) = python() else { return };
    let mut files = yaml_files("flows");
    assert!(files.len() >= 8);
    files.extend(yaml_files("tests/fixtures/valid"));
    let (ok, text) = validate(&python, &files);
    assert!(ok, "flows that an editor would flag:\n{text}");
}

#[test]
fn schema_refuses_structure_errors_that_check_refuses() {
    let Some(python) = python() else { return };
    for (folder, expected) in [
        ("unknown-field", "'colour' was unexpected"),
        ("wrong-type", "is not of type"),
        (
            "malformed-code",
            "is not valid under any of the given schemas",
        ),
    ] {
        let files = yaml_files(&format!("tests/fixtures/broken/{folder}"));
        let (ok, text) = validate(&python, &files);
        assert!(!ok, "{folder}: the schema accepted it");
        assert!(text.contains(expected), "{folder}: {text}");
    }
}

/// The worked example of flows/README.md, written to `dir`.
fn guide_example(dir: &Path) -> PathBuf {
    let guide = std::fs::read_to_string("flows/README.md").expect("the guide exists");
    let start = guide
        .find("```yaml\nfamily:")
        .expect("the guide has a worked example")
        + 8;
    let end = start + guide[start..].find("```").expect("the example block ends");
    let path = dir.join("contoso-kms.yaml");
    std::fs::write(&path, &guide[start..end]).expect("temp file");
    path
}

#[test]
fn the_guides_worked_example_passes_check_and_walks_as_shown() {
    let dir = tempfile::tempdir().expect("temp dir");
    let example = guide_example(dir.path());
    let out = stdout_of_success(actwiz().arg("check").arg(dir.path()));
    assert!(out.contains("flows are valid"), "{out}");
    let walked = stdout_of_success(actwiz().arg("--flows").arg(dir.path()).args([
        "walk",
        "0xC004F074",
        "-a",
        "yes",
        "--set",
        "kms_host=kms2.corp.contoso.com",
    ]));
    assert!(
        walked.contains("/skms kms2.corp.contoso.com:1688"),
        "{walked}"
    );
    if let Some(python) = python() {
        let (ok, text) = validate(&python, &[example]);
        assert!(
            ok,
            "the guide's example does not satisfy the schema: {text}"
        );
    }
}

/// Editors find the schema through the first line of each built-in flow.
#[test]
fn every_builtin_flow_names_the_schema_on_its_first_line() {
    for file in yaml_files("flows") {
        let text = std::fs::read_to_string(&file).expect("readable");
        assert_eq!(
            text.lines().next(),
            Some("# yaml-language-server: $schema=../assets/flow.schema.json"),
            "{} must start with the yaml-language-server line (see flows/README.md)",
            file.display()
        );
    }
}
