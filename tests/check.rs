//! `actwiz check` on broken flow folders: each new kind of problem is
//! reported on its own line, exactly, and every problem of a file is.

mod common;

use common::actwiz;

/// Runs `actwiz check DIR` and returns its stdout lines, with the folder
/// prefix of each file name removed.
fn check_lines(folder: &str) -> Vec<String> {
    let dir = format!("tests/fixtures/broken/{folder}");
    let out = actwiz().args(["check", &dir]).output().expect("runs");
    assert_eq!(out.status.code(), Some(1), "{folder} should fail");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{folder}: {stderr}");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| l.strip_prefix(&format!("{dir}/")).unwrap_or(l).to_string())
        .collect()
}

fn assert_lines(folder: &str, expected: &[&str]) {
    let got = check_lines(folder);
    assert_eq!(
        got,
        expected,
        "{folder}: expected exactly\n{}\ngot:\n{}",
        expected.join("\n"),
        got.join("\n")
    );
}

#[test]
fn duplicate_keys_are_reported_with_both_positions() {
    // In a map of ids the second `open_port` silently replaced the first.
    assert_lines(
        "duplicate-key",
        &["demo.yaml:43:3: duplicate key 'open_port' (first at 37:3)"],
    );
    // In a struct serde would stop at the first; both are reported, and
    // serde's own "duplicate field" message is not repeated.
    assert_lines(
        "duplicate-field",
        &[
            "demo.yaml:23:38: duplicate key 'en' (first at 23:17)",
            "demo.yaml:37:5: duplicate key 'title' (first at 28:5)",
        ],
    );
}

#[test]
fn malformed_placeholders_are_reported_where_they_are() {
    assert_lines(
        "malformed-placeholder",
        &[
            "demo.yaml:18:54: malformed placeholder '{kms host}': a placeholder name is lowercase letters, digits and '_'",
            "demo.yaml:34:63: unclosed placeholder '{kms_host': add the closing '}'",
            "demo.yaml:36:76: stray '}': no '{' opens it, and it would be copied as is",
            // A folded block: the position of its field.
            "demo.yaml:38:9: unclosed placeholder '{kms_host': add the closing '}'",
        ],
    );
}

#[test]
fn every_structure_problem_of_a_file_is_reported() {
    assert_lines(
        "many-structure-errors",
        &[
            "demo.yaml:11:23: codes[0].activation_types: invalid type: string \"kms_client\", expected a sequence",
            "demo.yaml:14:5: codes[1]: missing field `source`",
            "demo.yaml:17:16: codes[1].see_also[0]: '0xC0DE01' is not an error code: expected 8 hexadecimal digits, with or without 0x (like 0xC004F074)",
            "demo.yaml:27:9: questions.port_open.choices[1]: missing field `next`",
            "demo.yaml:32:5: resolutions.point_client: missing field `cause`",
            "demo.yaml:33:5: resolutions.point_client: unknown field `caus`, expected one of `title`, `cause`, `steps`, `commands`, `links`, `caution`, `source`",
            // YAML 1.2: an unquoted yes is the text "yes", not a boolean.
            "demo.yaml:39:19: resolutions.point_client.commands[0].elevated: invalid type: string \"yes\", expected a boolean",
            "demo.yaml:40:16: resolutions.point_client.commands[0].shell: unknown variant `bash`, expected `cmd` or `powershell`",
            "demo.yaml:43:12: resolutions.open_port.title: invalid type: string \"Open the port\", expected struct Localized",
            "demo.yaml:44:72: resolutions.open_port.cause: unknown field `de`, expected `en` or `fr`",
        ],
    );
}

#[test]
fn see_also_must_name_a_known_code() {
    // 0xC004F074 is a built-in code: a folder of one's own may point at it.
    assert_lines(
        "unknown-see-also",
        &["demo.yaml:13:30: code 0xC0DE0001 names 0xC0DEFFFF in see_also, but no flow defines that code"],
    );
}

#[test]
fn an_empty_folder_names_both_extensions() {
    let out = actwiz()
        .args(["check", "tests/fixtures/broken/empty-folder"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim_end(),
        "tests/fixtures/broken/empty-folder: no flow files (*.yaml or *.yml) in this folder"
    );
}

#[test]
fn builtin_flows_stay_valid() {
    let out = actwiz().arg("check").output().expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn a_default_is_checked_where_the_commands_put_it() {
    // `fe80::1` is a valid host, but `/skms {kms_host}:1688` would make it
    // ambiguous; filling would then silently leave the placeholder empty.
    assert_lines(
        "bad-default",
        &[
            "demo.yaml:8:5: default 'fe80::1' of placeholder 'kms_host' is invalid: \
           'fe80::1' is an IPv6 address, and a command here puts ':' right after it, \
           so what follows (the port) could not be told from the address: give the \
           host's name instead (or an IPv4 address)",
        ],
    );
}
