//! Completion scripts complete codes and family names, and bash really
//! offers them when asked to complete a half-typed code.

mod common;

use common::{actwiz, require_tool, stdout_of_success};

#[test]
fn every_script_lists_the_codes_and_families() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let script = stdout_of_success(actwiz().args(["completions", shell]));
        for word in [
            "0xC004F074",
            "0x8007232B",
            "kms-connect",
            "offline-activation",
        ] {
            assert!(script.contains(word), "{shell}: {word} is not completed");
        }
    }
}

#[test]
fn a_flows_folder_adds_its_codes() {
    let script = stdout_of_success(actwiz().args([
        "--flows",
        "tests/fixtures/valid",
        "completions",
        "bash",
    ]));
    assert!(
        script.contains("0xC0DE0001"),
        "the folder's code is not completed"
    );
    let families = script
        .lines()
        .find(|l| l.contains("kms-connect") && l.contains("dns"))
        .expect("a line lists the families");
    assert!(
        families.split([' ', '"']).any(|w| w == "demo"),
        "the folder's family is not completed: {families}"
    );
}

/// Runs bash's completion function as the shell would on `line`.
fn bash_complete(script: &str, words: &[&str]) -> Vec<String> {
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let line = words.join(" ");
    let program = format!(
        "{script}\nCOMP_WORDS=({words}); COMP_CWORD={cword}; COMP_LINE='{line}'; COMP_POINT={point}\n\
         _actwiz actwiz '{current}' '{previous}'\nprintf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
        words = quoted.join(" "),
        cword = words.len() - 1,
        point = line.len(),
        current = words[words.len() - 1],
        previous = words[words.len() - 2],
    );
    let out = std::process::Command::new("bash")
        .args(["--norc", "-c", &program])
        .output()
        .expect("bash runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

#[test]
fn bash_completes_a_half_typed_code_and_a_family() {
    let Some(_) = require_tool("bash", "bash", "to run the bash completion function") else {
        return;
    };
    let script = stdout_of_success(actwiz().args(["completions", "bash"]));
    let codes = bash_complete(&script, &["actwiz", "lookup", "0xC004F07"]);
    assert!(codes.contains(&"0xC004F074".to_string()), "{codes:?}");
    assert!(
        codes.iter().all(|c| c.starts_with("0xC004F07")),
        "{codes:?}"
    );
    let families = bash_complete(&script, &["actwiz", "list", "--family", "kms-c"]);
    assert_eq!(families, ["kms-connect", "kms-count"]);
}

/// PowerShell's script offers the codes where a code goes, and a quote in
/// a message cannot end its string.
#[test]
fn powershell_offers_codes_for_lookup_and_walk() {
    let script = stdout_of_success(actwiz().args(["completions", "powershell"]));
    for path in ["'actwiz;lookup' {", "'actwiz;walk' {", "'actwiz;list' {"] {
        let start = script
            .find(path)
            .unwrap_or_else(|| panic!("{path} missing"));
        let block = &script[start..start + script[start..].find("break").expect("block ends")];
        let wanted = if path.contains("list") {
            "'kms-connect'"
        } else {
            "'0xC004F074'"
        };
        assert!(block.contains(wanted), "{path} lacks {wanted}");
    }
    for line in script.lines().filter(|l| l.contains("ParameterValue")) {
        let quotes = line.matches('\'').count() - 2 * line.matches("''").count();
        assert_eq!(quotes % 2, 0, "unbalanced quotes: {line}");
    }
}

#[test]
fn completions_still_accept_any_form_of_a_code() {
    // The candidates are for the scripts only: parsing is unchanged.
    stdout_of_success(actwiz().args(["lookup", "c004f074"]));
    stdout_of_success(actwiz().args(["list", "--family", "DNS"]));
}
