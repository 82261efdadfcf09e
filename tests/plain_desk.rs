//! Plain mode is the same product as the wizard: at every prompt `c N`
//! copies a command, `a` copies them all, `s` saves the transcript and `?`
//! says what can be typed there; one search result opens without asking;
//! a message opening shared by several codes is read once; the empty query
//! lists every code by family, recent ones first.
//!
//! Copies go through the real clipboard module in OSC 52 mode; the binary
//! runs without a controlling terminal (`common::actwiz_detached`), so the
//! sequences land on stderr, where they are decoded.
#![cfg(unix)]

mod common;

use base64::Engine;

const DEMO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/tui");
const SKMS: &str = r"cscript %windir%\system32\slmgr.vbs /skms kms1.contoso.com:1688";

/// What a plain session printed: stdout, and the texts copied by OSC 52.
struct Session {
    out: String,
    copies: Vec<String>,
}

/// Plain mode in `lang` with `stdin`, copies by OSC 52, transcripts saved
/// in `tickets`; `flows` adds a flow folder. `None` when `setsid` is
/// missing (outside CI: the test skips).
fn plain(
    stdin: &str,
    lang: &str,
    flows: Option<&str>,
    tickets: &std::path::Path,
) -> Option<Session> {
    let mut cmd = common::actwiz_detached()?;
    cmd.args(["--plain", "--lang", lang])
        .env("ACTWIZ_CLIPBOARD", "osc52")
        .env("ACTWIZ_TRANSCRIPT_DIR", tickets)
        // A plain OSC 52, not wrapped for a multiplexer the tests run in.
        .env_remove("TMUX")
        .env_remove("STY")
        .write_stdin(stdin.to_string());
    if let Some(flows) = flows {
        cmd.args(["--flows", flows]);
    }
    let output = cmd.output().expect("the binary runs");
    let err = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "failed: {err}");
    let out = String::from_utf8(output.stdout).expect("UTF-8 output");
    assert!(
        !out.contains('\u{1b}'),
        "an escape sequence on stdout:\n{out}"
    );
    Some(Session {
        out,
        copies: osc52_copies(&err),
    })
}

/// The payloads of the OSC 52 sequences in `text`.
fn osc52_copies(text: &str) -> Vec<String> {
    text.split("\u{1b}]52;c;")
        .skip(1)
        .map(|rest| {
            let end = rest.find(['\u{7}', '\u{1b}']).unwrap_or(rest.len());
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(&rest[..end])
                .expect("base64 payload");
            String::from_utf8(bytes).expect("UTF-8 payload")
        })
        .collect()
}

#[test]
fn c_n_and_a_copy_at_the_value_resolution_and_search_prompts() {
    let dir = tempfile::tempdir().expect("temp dir");
    // The resolution asks the host (typed) and the port (c 1 there, then
    // Enter keeps 1688); at the resolution prompt a, c 9 and c; Enter goes
    // to the search prompt, where c 2 still copies from that resolution.
    let Some(s) = plain(
        "0xC0DE0074\nno\nkms1.contoso.com\nc 1\n\na\nc 9\nc\n\nc 2\nq\n",
        "en",
        Some(DEMO),
        dir.path(),
    ) else {
        return;
    };
    assert_eq!(s.copies.len(), 3, "{}\n{:?}", s.out, s.copies);
    // c 1 at the port's prompt: the host is known, the port's default too.
    assert_eq!(s.copies[0], SKMS);
    assert!(
        s.out
            .contains(&format!("Sent to the terminal (OSC 52): {SKMS}\n")),
        "{}",
        s.out
    );
    // a: the wizard's copy-all block, a comment line per command.
    let block = &s.copies[1];
    assert!(
        block.starts_with("REM 1/2 Point the client at the KMS host."),
        "{block}"
    );
    assert!(block.contains(&format!("\n{SKMS}\n")), "{block}");
    assert!(block.contains("\nREM 2/2 Activate now."), "{block}");
    assert!(
        block.ends_with("cscript %windir%\\system32\\slmgr.vbs /ato\n"),
        "{block}"
    );
    // c 9 and c alone say what to type instead.
    assert!(
        s.out
            .contains("There is no command 9: type c and a number from 1 to 2."),
        "{}",
        s.out
    );
    assert!(
        s.out
            .contains("Which command? Type c and its number, 1 to 2."),
        "{}",
        s.out
    );
    assert_eq!(s.copies[2], r"cscript %windir%\system32\slmgr.vbs /ato");
}

#[test]
fn copying_before_a_resolution_says_why_not_and_c_copies_the_check_command() {
    let dir = tempfile::tempdir().expect("temp dir");
    let Some(s) = plain(
        "c 1\na\n0xC0DE0074\nc 2\nc\nq\n",
        "fr",
        Some(DEMO),
        dir.path(),
    ) else {
        return;
    };
    let no_resolution = "Pas encore de résolution : c N et a copient";
    // At the search prompt (c 1, a) and at the question (c 2).
    assert_eq!(s.out.matches(no_resolution).count(), 3, "{}", s.out);
    // c alone at the question copies its check command.
    assert_eq!(s.copies, ["nslookup -type=srv _vlmcs._tcp"]);
    assert!(
        s.out
            .contains("Envoyé au terminal (OSC 52) : nslookup -type=srv _vlmcs._tcp"),
        "{}",
        s.out
    );
}

#[test]
fn a_command_copied_before_its_values_says_which_are_missing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let Some(s) = plain("0xC0DE0074\nno\nc 1\nq\n", "en", Some(DEMO), dir.path()) else {
        return;
    };
    assert_eq!(
        s.copies,
        [r"cscript %windir%\system32\slmgr.vbs /skms {kms_host}:1688"]
    );
    assert!(
        s.out.contains("Still without a value: kms_host\n"),
        "{}",
        s.out
    );
}

#[test]
fn s_saves_the_transcript_and_prints_its_full_path() {
    let dir = tempfile::tempdir().expect("temp dir");
    let folder = dir.path().join("tickets");
    // s at the first question saves the code; s at the resolution the path
    // and the fix.
    let Some(s) = plain(
        "s\n0xC0DE0074\ns\nno\nkms1.contoso.com\n\nc 1\ns\nq\n",
        "fr",
        Some(DEMO),
        &folder,
    ) else {
        return;
    };
    assert!(
        s.out
            .contains("Rien à enregistrer : ouvrez d’abord un code."),
        "{}",
        s.out
    );
    let paths: Vec<std::path::PathBuf> = s
        .out
        .lines()
        .filter_map(|l| l.split("Compte rendu enregistré dans ").nth(1))
        .map(|p| std::path::PathBuf::from(p.trim()))
        .collect();
    assert_eq!(paths.len(), 2, "{}", s.out);
    for path in &paths {
        assert!(path.is_absolute(), "{}", path.display());
        assert_eq!(path.parent(), Some(folder.as_path()));
    }
    let first = std::fs::read_to_string(&paths[0]).expect("first transcript");
    assert!(first.starts_with("# 0xC0DE0074 — "), "{first}");
    assert!(!first.contains("## Chemin\n"), "{first}");
    let text = std::fs::read_to_string(&paths[1]).expect("second transcript");
    assert!(text.contains("\n## Chemin\n"), "{text}");
    assert!(text.contains("- Date\u{a0}: "), "{text}");
    assert!(text.contains("/skms kms1.contoso.com:1688"), "{text}");
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&paths[1])
        .expect("meta")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
}

#[test]
fn question_mark_says_what_to_type_at_each_prompt() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (lang, every) in [
        ("en", "At every prompt: c N copies command N"),
        ("fr", "À chaque invite : c N copie la commande N"),
    ] {
        // Search, pick (demo lists two codes), question, value, resolution.
        let Some(s) = plain(
            "?\ndemo\n?\n1\n?\nno\n?\nkms1.contoso.com\n\n?\nq\n",
            lang,
            Some(DEMO),
            dir.path(),
        ) else {
            return;
        };
        assert_eq!(s.out.matches(every).count(), 5, "{}", s.out);
        let here: Vec<usize> = ["Here: ", "Ici : "]
            .iter()
            .flat_map(|h| s.out.match_indices(h).map(|(at, _)| at))
            .collect();
        assert_eq!(here.len(), 5, "{}", s.out);
        // No editing keys are listed when lines are not edited.
        assert!(!s.out.contains("↑"), "{}", s.out);
    }
    let Some(s) = plain(
        "?\ndemo\n?\n1\n?\nno\n?\nkms1.contoso.com\n\n?\nq\n",
        "en",
        Some(DEMO),
        dir.path(),
    ) else {
        return;
    };
    let order = [
        "Here: type an error code",
        "Here: type the number of a code",
        "Here: type the number (or the id) of an answer",
        "Here: type the value for the commands named",
        "Here: Enter starts a new search",
    ];
    let at: Vec<usize> = order
        .iter()
        .map(|h| s.out.find(h).unwrap_or_else(|| panic!("{h}:\n{}", s.out)))
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{}", s.out);
}

#[test]
fn a_search_with_one_result_opens_it_without_asking() {
    let dir = tempfile::tempdir().expect("temp dir");
    let Some(s) = plain("F074\nq\n", "en", None, dir.path()) else {
        return;
    };
    assert!(s.out.contains("Opening 0xC004F074\n"), "{}", s.out);
    assert!(!s.out.contains("Code number, 1 to"), "{}", s.out);
    assert!(s.out.contains("Question 1."), "{}", s.out);
    let Some(s) = plain("F074\nq\n", "fr", None, dir.path()) else {
        return;
    };
    assert!(s.out.contains("Ouverture de 0xC004F074\n"), "{}", s.out);
}

#[test]
fn a_shared_opening_is_read_once_and_each_row_says_what_differs() {
    let dir = tempfile::tempdir().expect("temp dir");
    let Some(s) = plain("kms\nq\n", "en", None, dir.path()) else {
        return;
    };
    let preamble =
        "The Software Protection Service reported that the computer could not be activated.";
    assert_eq!(s.out.matches(preamble).count(), 1, "{}", s.out);
    assert!(
        s.out.contains(&format!("stands for: {preamble}\n")),
        "{}",
        s.out
    );
    let row = s
        .out
        .lines()
        .find(|l| l.contains(") 0xC004F074"))
        .expect("0xC004F074 is listed");
    assert!(
        row.ends_with(" No Key Management Service (KMS) could be contacted. Please see the Application Event Log for additional information."),
        "{row}"
    );
    assert!(row.contains("kms-connect  …"), "{row}");
}

#[test]
fn codes_with_the_same_message_show_it_once_and_say_whether_it_matters() {
    let dir = tempfile::tempdir().expect("temp dir");
    let Some(s) = plain("DNS name does not exist\nq\n", "en", None, dir.path()) else {
        return;
    };
    assert_eq!(
        s.out.matches("DNS name does not exist.").count(),
        1,
        "{}",
        s.out
    );
    for code in ["0x80092328", "0x8007007B"] {
        let row = s
            .out
            .lines()
            .find(|l| l.contains(&format!(") {code}")))
            .unwrap_or_else(|| panic!("{code} listed:\n{}", s.out));
        assert!(row.ends_with("(same message as 0x8007232B)"), "{row}");
    }
    assert!(
        s.out.lines().any(|l| l.contains("0x8007232B")
            && l.contains("0x80092328")
            && l.contains("0x8007007B")
            && l.contains("same message")),
        "{}",
        s.out
    );
}

#[test]
fn the_empty_query_lists_every_code_by_family_with_recent_ones_first() {
    let dir = tempfile::tempdir().expect("temp dir");
    let listed = common::stdout_of_success(common::actwiz().args(["list", "--json"]));
    let catalog: serde_json::Value = serde_json::from_str(&listed).expect("JSON");
    let total = catalog.as_array().expect("a list").len();

    // Recent codes off (the tests' default): families only.
    let Some(s) = plain("\nq\n", "en", None, dir.path()) else {
        return;
    };
    assert!(
        s.out
            .contains(&format!("Every code, by family ({total}):\n")),
        "{}",
        s.out
    );
    assert!(!s.out.contains("Recent:"), "{}", s.out);
    assert!(
        s.out.contains(&format!("Code number, 1 to {total} ")),
        "{}",
        s.out
    );
    let families = ["dns:", "kms-connect:", "product-key:"];
    let at: Vec<usize> = families
        .iter()
        .map(|f| s.out.find(&format!("\n{f}\n")).expect(f))
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{}", s.out);

    // With a recent-codes file: what was opened comes first, newest first.
    let recent = dir.path().join("recent.txt");
    for code in ["0xC004F074", "0x8007232B"] {
        common::stdout_of_success(
            common::actwiz()
                .args(["--plain", "--lang", "en"])
                .env("ACTWIZ_RECENT", &recent)
                .write_stdin(format!("{code}\nq\n")),
        );
    }
    let out = common::stdout_of_success(
        common::actwiz()
            .args(["--plain", "--lang", "en"])
            .env("ACTWIZ_RECENT", &recent)
            .write_stdin("\n1\n"),
    );
    let total_with_recent = total + 2;
    assert!(
        out.contains(&format!(
            "Recent codes, then every code by family ({total_with_recent}):\n"
        )),
        "{out}"
    );
    assert!(out.contains("\nRecent:\n  1) 0x8007232B  "), "{out}");
    assert!(out.find("\nRecent:\n") < out.find("\ndns:\n"), "{out}");
    assert!(out.contains("\n  2) 0xC004F074  "), "{out}");
    // Enter... 1 opens the most recent one.
    assert!(
        out.contains("\n0x8007232B  DNS name does not exist."),
        "{out}"
    );
}
