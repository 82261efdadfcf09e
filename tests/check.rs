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
        &["demo.yaml:44:3: duplicate key 'open_port' (first at 38:3)"],
    );
    // In a struct serde would stop at the first; both are reported, and
    // serde's own "duplicate field" message is not repeated.
    assert_lines(
        "duplicate-field",
        &[
            "demo.yaml:23:38: duplicate key 'en' (first at 23:17)",
            "demo.yaml:38:5: duplicate key 'title' (first at 29:5)",
        ],
    );
}

#[test]
fn malformed_placeholders_are_reported_where_they_are() {
    assert_lines(
        "malformed-placeholder",
        &[
            "demo.yaml:18:54: malformed placeholder '{kms host}': a placeholder name is lowercase letters, digits and '_'",
            "demo.yaml:35:63: unclosed placeholder '{kms_host': add the closing '}'",
            "demo.yaml:37:76: stray '}': no '{' opens it, and it would be copied as is",
            // A folded block: the position of its field.
            "demo.yaml:39:9: unclosed placeholder '{kms_host': add the closing '}'",
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
            "demo.yaml:33:5: resolutions.point_client: missing field `cause`",
            "demo.yaml:34:5: resolutions.point_client: unknown field `caus`, expected one of `title`, `cause`, `steps`, `commands`, `links`, `caution`, `source`",
            // YAML 1.2: an unquoted yes is the text "yes", not a boolean.
            "demo.yaml:40:19: resolutions.point_client.commands[0].elevated: invalid type: string \"yes\", expected a boolean",
            "demo.yaml:41:16: resolutions.point_client.commands[0].shell: unknown variant `bash`, expected one of `cmd`, `powershell`, `any`",
            "demo.yaml:44:12: resolutions.open_port.title: invalid type: string \"Open the port\", expected struct Localized",
            "demo.yaml:45:72: resolutions.open_port.cause: unknown field `de`, expected `en` or `fr`",
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
           'fe80::1' is an IPv6 address, and a command here puts a colon (:) right after it, \
           so what follows (the port) could not be told from the address: give the \
           host's name instead (or an IPv4 address)",
        ],
    );
}

#[test]
fn every_question_has_a_way_out_or_says_why_not() {
    // A question without a way out, one whose `no_way_out` is blank, one with both.
    assert_lines(
        "no-way-out",
        &[
            "demo.yaml:24:5: no_way_out of question 'host_known' is empty: say why it needs no \"I can't check\" answer",
            "demo.yaml:32:5: question 'host_seen' has both a way_out choice and no_way_out: keep one",
            "demo.yaml:14:5: question 'port_open' has no way out: mark the answer for \"I can't check / not sure\" with `way_out: true`, or say why none is needed with `no_way_out: <reason>`",
        ],
    );
}

#[test]
fn a_way_out_never_leads_straight_to_a_costly_step() {
    // "Not sure" must not lead to a resolution with a caution on it or on a
    // command; a way out through a question is checked at that question.
    assert_lines(
        "costly-way-out",
        &[
            "demo.yaml:16:64: way-out choice 'unsure' leads to 'rearm', a costly step (it carries a caution): \"I can't check\" must lead to a safe step (what to collect, whom to escalate to)",
            "demo.yaml:24:50: way-out choice 'no' leads to 'rebuild', a costly step (its command 1 carries a caution): \"I can't check\" must lead to a safe step (what to collect, whom to escalate to)",
        ],
    );
}

#[test]
fn costly_commands_and_reinstalls_carry_a_caution() {
    // Store rename, /rearm, registry edit, icacls on a system folder without a
    // caution; a caution in English only; a costly check command; a reinstall step.
    assert_lines(
        "missing-caution",
        &[
            "demo.yaml:14:5: a check command must not change anything (make it a resolution's command, with a caution), but this one uninstalls the product key: Windows stays unlicensed until a key is installed again",
            "demo.yaml:27:9: this command needs a `caution:` (en and fr) saying what it can lose and what to do first: it renames, moves or deletes the licence store (tokens.dat): the machine becomes unlicensed and its product key must be installed again",
            "demo.yaml:29:9: this command needs a `caution:` (en and fr) saying what it can lose and what to do first: it resets the licensing state and uses one of the few rearms Windows allows (it does nothing when SkipRearm is 1)",
            "demo.yaml:31:9: this command needs a `caution:` (en and fr) saying what it can lose and what to do first: it edits the registry: back up the key first, a wrong value can break Windows",
            "demo.yaml:33:9: this command needs a `caution:` (en and fr) saying what it can lose and what to do first: it changes permissions on a Windows system folder: save the current ones first (icacls PATH /save FILE), a wrong ACL breaks licensing or other services",
            "demo.yaml:37:9: missing translation: resolutions.rebuild_store.commands[4].caution has no 'fr' text",
            "demo.yaml:44:10: this step says 'reinstall windows': resolution 'reinstall' needs a `caution:` (en and fr) saying what is lost and what to do first (backup, approval)",
        ],
    );
}

#[test]
fn commands_do_not_depend_on_the_display_language() {
    // Translated account names (suggesting the SID) and a grep of translated output.
    assert_lines(
        "display-language",
        &[
            "demo.yaml:14:76: this command searches the tool's output for \"License Status\", but the output is translated on Windows in other languages ('license' is not what French Windows prints): test a value that does not change with the language (a number, an exit code, a CIM property such as SoftwareLicensingProduct.LicenseStatus)",
            "demo.yaml:27:42: the account name 'BUILTIN\\Administrators' changes with the display language of Windows (English and French Windows spell it differently), so this command fails on some machines: use its SID instead (*S-1-5-32-544)",
            "demo.yaml:27:71: the account name 'NETWORK SERVICE' changes with the display language of Windows (English and French Windows spell it differently), so this command fails on some machines: use its SID instead (*S-1-5-20)",
            "demo.yaml:27:92: the account name 'SYSTEM' changes with the display language of Windows (English and French Windows spell it differently), so this command fails on some machines: use its SID instead (*S-1-5-18)",
            "demo.yaml:29:34: the account name 'Administrateurs' changes with the display language of Windows (English and French Windows spell it differently), so this command fails on some machines: use its SID instead (*S-1-5-32-544)",
            "demo.yaml:14:5: slmgr /dli is piped or redirected: the table gives slmgr's own effect only: give this command a `check_powershell:` form",
        ],
    );
}

#[test]
fn sources_name_a_document() {
    // Sources that name nothing; own advice marked as such is accepted.
    assert_lines(
        "vague-source",
        &[
            "demo.yaml:3:1: source 'TODO' names no document: say which document supports this (title or file, section, URL), or mark it as actwiz's own advice",
            "demo.yaml:9:43: source 'n/a' names no document: say which document supports this (title or file, section, URL), or mark it as actwiz's own advice",
            "demo.yaml:19:5: source 'See above.' names no document: say which document supports this (title or file, section, URL), or mark it as actwiz's own advice",
        ],
    );
}

#[test]
fn every_slmgr_command_has_a_powershell_form_that_uses_only_the_table() {
    // An option the table lacks (or an argument it does not take) without
    // `powershell:`; WMI members outside the table; slmgr in a PowerShell
    // form or outside `shell: cmd`; a `shell: any` text cmd.exe and
    // PowerShell read differently; `powershell:` on a PowerShell command; a
    // literal argument PowerShell cannot be given.
    assert_lines(
        "powershell-form",
        &[
            "demo.yaml:16:5: slmgr /dlv is given 'all', which the PowerShell table does not take (no argument): give this command a `check_powershell:` form",
            "demo.yaml:29:9: slmgr option /skms-domain is not in actwiz's PowerShell table (assets/flow-format.md): give this command a `powershell:` form",
            "demo.yaml:33:107: WMI method 'SetKeyManagementServiceLookupDomain' is not in actwiz's table (assets/flow-format.md): add it there with its documentation, or do without it",
            "demo.yaml:34:62: WMI property 'ProductKeyChannel' is not in actwiz's table (assets/flow-format.md): add it there with its documentation, or do without it",
            "demo.yaml:37:9: slmgr.vbs runs only where VBScript is installed: write it as `shell: cmd` (the default), so that actwiz gives its PowerShell form",
            "demo.yaml:37:27: `shell: any` but cmd.exe expands %VARIABLE% and PowerShell does not: write it for cmd (`shell: cmd`) and give the PowerShell form ($env:VARIABLE)",
            "demo.yaml:42:9: a PowerShell form must not call slmgr.vbs (it needs VBScript): use the WMI methods of the table in assets/flow-format.md",
            "demo.yaml:43:23: `shell: any` but cmd.exe expands %VARIABLE% and PowerShell does not: write it for cmd (`shell: cmd`) and give the PowerShell form ($env:VARIABLE)",
            "demo.yaml:43:9: `shell: any` but PowerShell's `ren` is Rename-Item, with other arguments; write it for cmd and give the PowerShell form",
            "demo.yaml:49:9: `powershell:` is for a command written for cmd.exe; this one is `shell: powershell`, so its own text is its PowerShell form",
            "demo.yaml:50:9: slmgr /skms: 'abc' cannot be carried into PowerShell: the letter 'a' is not allowed (character 1): expected a port number (digits only, 1 to 65535): give this command a `powershell:` form",
        ],
    );
}

#[test]
fn a_powershell_form_carries_the_caution_of_what_it_does() {
    // ReArmWindows in a check command, UninstallProductKey in a `powershell:`
    // form, ClearProductKeyFromRegistry in a PowerShell command: as costly
    // as /rearm, /upk and /cpky.
    assert_lines(
        "powershell-cost",
        &[
            "demo.yaml:15:5: a check command must not change anything (make it a resolution's command, with a caution), but this one resets the licensing state and uses one of the few rearms Windows allows (it does nothing when SkipRearm is 1)",
            "demo.yaml:28:9: this command needs a `caution:` (en and fr) saying what it can lose and what to do first: it uninstalls the product key: Windows stays unlicensed until a key is installed again",
            "demo.yaml:31:9: this command needs a `caution:` (en and fr) saying what it can lose and what to do first: it removes the product key from the registry: a MAK or retail key can no longer be read back, so have the full key in hand",
        ],
    );
}
