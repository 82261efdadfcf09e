//! Reading flow folders safely: only regular files, within size caps, with
//! positioned problems for what cannot be read, and no panic on a code
//! defined twice (issue 9's loader findings).

mod common;

use std::fs;
use std::path::Path;
use std::time::Duration;

use common::actwiz;

const VALID: &str = include_str!("fixtures/ports/ports.yaml");

/// A folder holding `demo.yaml` with `text`.
fn folder_with(text: impl AsRef<[u8]>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(dir.path().join("demo.yaml"), text).expect("write");
    dir
}

/// Runs actwiz with `args` (a 20 s guard against hangs), expecting exit 1;
/// returns stdout and stderr together.
fn fails(args: &[&str]) -> String {
    let out = actwiz()
        .args(args)
        .timeout(Duration::from_secs(20))
        .output()
        .expect("runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.status.code(), Some(1), "{args:?}: {text}");
    assert!(!text.contains("panicked"), "{text}");
    text
}

fn path(dir: &Path) -> &str {
    dir.to_str().expect("utf-8 temp path")
}

#[test]
fn a_code_defined_twice_in_one_file_is_a_positioned_problem_everywhere() {
    let twice = VALID.replace(
        "questions:\n",
        "  - code: \"0xC0DE0002\"\n    messages: {en: \"Again.\", fr: \"Encore.\"}\n    activation_types: [kms_client]\n    start: port_open\n    source: \"Test fixture.\"\nquestions:\n",
    );
    let dir = folder_with(twice);
    let expected = "demo.yaml:18:5: code 0xC0DE0002 is defined twice in this file";
    let d = path(dir.path());
    for args in [
        vec!["check", d],
        vec!["--flows", d, "list"],
        vec!["--flows", d, "lookup", "0xC0DE0002"],
        vec!["--flows", d, "walk", "0xC0DE0002"],
    ] {
        let text = fails(&args);
        assert!(text.contains(expected), "{args:?}: {text}");
    }
    // The wizard skips the broken folder, says why, and runs on the
    // built-in flows (issue 9).
    let out = actwiz()
        .args(["--flows", d, "--plain"])
        .write_stdin("q\n")
        .timeout(Duration::from_secs(20))
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("folder skipped") && stderr.contains(expected),
        "{stderr}"
    );
}

#[test]
fn a_byte_order_mark_is_accepted() {
    let dir = folder_with(format!("\u{feff}{VALID}"));
    actwiz()
        .args(["check", path(dir.path())])
        .assert()
        .success();
    actwiz()
        .args(["--flows", path(dir.path()), "lookup", "0xC0DE0002"])
        .assert()
        .success();
}

#[test]
fn control_characters_and_bad_utf8_have_a_line_and_column() {
    let dir = folder_with(VALID.replace("Port error.", "Port \u{1b}]52;c;aGk=\u{7}error."));
    let text = fails(&["check", path(dir.path())]);
    assert!(
        text.contains("demo.yaml:14:26: control character U+001B is not allowed in a flow file"),
        "{text}"
    );
    assert!(!text.contains('\u{1b}'), "{text:?}");

    let mut bytes = VALID.as_bytes().to_vec();
    let at = VALID.find("Demo ports").expect("fixture text");
    bytes[at] = 0xFF;
    let dir = folder_with(bytes);
    let text = fails(&["check", path(dir.path())]);
    assert!(
        text.contains("demo.yaml:2:13: invalid UTF-8: flow files must be saved as UTF-8 text"),
        "{text}"
    );
}

#[test]
fn errors_quote_only_an_excerpt_of_the_file() {
    let scalar = "x".repeat(1_000_000);
    let dir = folder_with(VALID.replace("[kms_client]", &format!("\"{scalar}\"")));
    let text = fails(&["check", path(dir.path())]);
    assert!(text.contains("invalid type: string \"xxxx"), "{text}");
    assert!(text.len() < 2_000, "{} bytes of output", text.len());
}

#[test]
fn oversized_files_are_refused_with_the_limit() {
    let dir = folder_with(format!("{VALID}#{}\n", "-".repeat(4 * 1024 * 1024)));
    let text = fails(&["check", path(dir.path())]);
    assert!(
        text.contains("demo.yaml: file too large:")
            && text.contains("the limit is 4 MiB per flow file"),
        "{text}"
    );
}

#[cfg(unix)]
#[test]
fn devices_pipes_and_links_to_them_are_never_read() {
    let dir = folder_with(VALID);
    let fifo = dir.path().join("x.yaml");
    let status = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(status.success());
    let text = fails(&["check", path(dir.path())]);
    assert!(text.contains("x.yaml: not a regular file"), "{text}");
    fs::remove_file(&fifo).expect("remove fifo");

    std::os::unix::fs::symlink("/dev/zero", dir.path().join("zero.yaml")).expect("symlink");
    let text = fails(&["--flows", path(dir.path()), "list"]);
    assert!(text.contains("zero.yaml: not a regular file"), "{text}");

    let text = fails(&["--flows", "/dev/zero", "list"]);
    assert!(
        text.contains("/dev/zero: not a regular file or folder"),
        "{text}"
    );
    let text = fails(&["--config", "/dev/zero", "list"]);
    assert!(
        text.contains("/dev/zero: cannot read the configuration file: not a regular file"),
        "{text}"
    );
}

/// The built-in flows load from the form the build embedded, without YAML;
/// that form must be exactly what reading and validating the YAML gives.
#[test]
fn the_embedded_catalog_equals_the_validated_yaml() {
    use actwiz::core::catalog::Catalog;
    let embedded = Catalog::builtin().unwrap_or_else(|p| panic!("{p}"));
    let yaml = Catalog::builtin_from_yaml().unwrap_or_else(|p| panic!("{p}"));
    assert!(!embedded.is_empty());
    assert_eq!(
        embedded.files().collect::<Vec<_>>(),
        yaml.files().collect::<Vec<_>>()
    );
    assert_eq!(
        embedded.codes().collect::<Vec<_>>(),
        yaml.codes().collect::<Vec<_>>()
    );
    // Each code's entry (a sibling's made whole) and file, as decoded.
    assert!(embedded.entries().eq(yaml.entries()));
}
