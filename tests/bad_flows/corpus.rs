//! The bad-flow corpus: broken and hostile flow folders, generated here
//! rather than kept as hundreds of files, so that each case says in one line
//! what it breaks. Folders that only a running system can make (pipes, links
//! to devices, sparse files over the size caps, file names no repository can
//! hold) are made at run time by the test.
//!
//! `ACTWIZ_BAD_FLOWS_OUT=DIR cargo test --test bad_flows` writes the corpus
//! out, one folder per case (fuzz/seed.sh uses it as seeds for the loader).

use std::path::Path;

/// The valid demo flow most cases break (code 0xC0DE0001).
pub const DEMO: &str = include_str!("../fixtures/valid/demo.yaml");
pub const DEMO_CODE: &str = "0xC0DE0001";
/// The code of [`FIELDS`].
pub const HOSTILE_CODE: &str = "0xC0DE0F0F";

/// A valid flow with every kind of text field; `@N@` marks field N, which a
/// case fills with a payload (the other markers are emptied).
const FIELDS: &str = r#"family: hostile
title: {en: "Title@1@", fr: "Titre@1@"}
source: "Test fixture, flow source@2@"
placeholders:
  hostile_path:
    type: windows_path
    label: {en: "Path@3@", fr: "Chemin@3@"}
codes:
  - code: "0xC0DE0F0F"
    messages: {en: "Message@4@", fr: "Message fr@4@"}
    aliases:
      - {lang: en, text: "Alias@5@", source: "Test fixture, alias source@6@"}
    activation_types: [kms_client]
    keywords: {en: ["keyword@7@"], fr: ["motclé@7@"]}
    symptoms: {en: ["symptom@8@"], fr: ["symptôme@8@"]}
    start: ask
    source: "Test fixture, code source@9@"
questions:
  ask:
    text: {en: "Question@10@?", fr: "Question@10@ ?"}
    how_to_check: {en: "Check@11@", fr: "Vérifier@11@"}
    check_command: 'dir "{hostile_path}"'
    choices:
      - {id: "yes", label: {en: "Yes@12@", fr: "Oui@12@"}, next: fix}
      - {id: "no", label: {en: "Can't check", fr: "Je ne sais pas"}, next: fix, way_out: true}
    source: "Test fixture, question source@13@"
resolutions:
  fix:
    title: {en: "Fix@14@", fr: "Réparer@14@"}
    cause: {en: "Cause@15@", fr: "Cause@15@"}
    steps:
      - {en: "Step@16@", fr: "Étape@16@"}
    commands:
      - command: 'dir "{hostile_path}"'
        explain: {en: "Explain@17@", fr: "Explique@17@"}
        run_on: {en: "Host@18@", fr: "Hôte@18@"}
    links:
      - {title: {en: "Link@19@", fr: "Lien@19@"}, url: "https://example.com/@20@"}
    source: "Test fixture, resolution source@21@"
tests:
  - {code: "0xC0DE0F0F", answers: ["yes"], expect: fix}
"#;
const FIELD_COUNT: usize = 21;

/// Terminal attacks as YAML double-quoted escapes: OSC 52 (writes the
/// clipboard), the bracketed-paste end marker, C1 CSI (clear screen), RLO,
/// C1 OSC ended by C1 ST, erase line + carriage return, zero-width space,
/// line separator, BOM, RLM, the alternate screen.
pub const ESCAPED: &str =
    r"\e]52;c;ZXZpbA==\a\e[201~\x9b2J\u202e\x9d0;t\x9c\e[1K\r\u200b\u2028\ufeff\u200f\e[?1049h";
/// The same attacks as raw characters in the file.
pub const RAW: &str = "\u{1b}]52;c;ZXZpbA==\u{7}\u{1b}[201~\u{9b}2J\u{202e}\u{1b}[1K\r";
/// Invisible and direction characters YAML allows raw.
pub const RAW_INVISIBLE: &str = "\u{202e}\u{2066}\u{200b}\u{200f}\u{2028}\u{feff}";

/// What a case must give.
#[derive(Clone, Debug)]
pub enum Expect {
    /// A valid folder: every command succeeds.
    Valid,
    /// Refused with a problem positioned in this file (`FILE:LINE:COL:`),
    /// and on this line when one is given.
    At(&'static str, Option<usize>),
    /// Refused, naming this file or folder (no position exists: the file
    /// was never read, or is not a flow file at all).
    Named(&'static str),
}

/// One entry of a case's folder.
#[derive(Clone, Debug)]
pub enum Entry {
    File(Vec<u8>),
    /// A named pipe (reading it would block forever).
    Fifo,
    /// A symbolic link to this path (absolute, or relative to the folder).
    Link(&'static str),
    /// A folder (named like a flow file).
    Dir,
    /// A sparse file of this many bytes (over a size cap, costs no disk).
    Sparse(u64),
}

#[derive(Clone, Debug)]
pub struct Case {
    pub name: String,
    /// (file name as bytes, entry): names may hold any byte but `/` and NUL.
    pub entries: Vec<(Vec<u8>, Entry)>,
    /// The code `lookup` asks for.
    pub code: &'static str,
    pub expect: Expect,
    /// `--flows` and `check` get the first file rather than the folder.
    pub file_only: bool,
}

impl Case {
    fn new(name: impl Into<String>, entries: Vec<(Vec<u8>, Entry)>, expect: Expect) -> Case {
        Case {
            name: name.into(),
            entries,
            code: DEMO_CODE,
            expect,
            file_only: false,
        }
    }

    fn code(mut self, code: &'static str) -> Case {
        self.code = code;
        self
    }

    /// Whether the entries can be written by any program (no pipe, link,
    /// folder or odd file name): these are the ones written out as seeds.
    pub fn is_plain_files(&self) -> bool {
        self.entries.iter().all(|(name, entry)| {
            matches!(entry, Entry::File(_)) && std::str::from_utf8(name).is_ok()
        })
    }
}

fn file(name: &str, text: impl Into<Vec<u8>>) -> (Vec<u8>, Entry) {
    (name.as_bytes().to_vec(), Entry::File(text.into()))
}

/// One demo.yaml holding `text`.
fn demo(name: &str, text: impl Into<Vec<u8>>, expect: Expect) -> Case {
    Case::new(name, vec![file("demo.yaml", text)], expect)
}

/// `DEMO` with `from` replaced; panics if `from` is not there, so a case
/// cannot silently stop breaking anything when the fixture changes.
fn edit(from: &str, to: &str) -> String {
    edit_text(DEMO, from, to)
}

fn edit_text(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "corpus: {from:?} is not in the text");
    text.replacen(from, to, 1)
}

/// `FIELDS` with field `n` holding `payload`, the others plain.
fn field(n: usize, payload: &str) -> String {
    let mut text = FIELDS.to_string();
    for i in 1..=FIELD_COUNT {
        text = text.replace(&format!("@{i}@"), if i == n { payload } else { "" });
    }
    text
}

/// The line of `FIELDS` that holds field `n` (1-based).
fn field_line(n: usize) -> usize {
    let marker = format!("@{n}@");
    FIELDS
        .lines()
        .position(|l| l.contains(&marker))
        .map(|i| i + 1)
        .unwrap_or_else(|| panic!("no field {n}"))
}

const AT: Expect = Expect::At("demo.yaml", None);
fn at_line(line: usize) -> Expect {
    Expect::At("demo.yaml", Some(line))
}

/// Every case of the corpus.
pub fn cases() -> Vec<Case> {
    let mut cases = Vec::new();
    syntax(&mut cases);
    keys(&mut cases);
    structure(&mut cases);
    semantics(&mut cases);
    bytes(&mut cases);
    sizes(&mut cases);
    fields(&mut cases);
    filesystem(&mut cases);
    cases
}

fn syntax(cases: &mut Vec<Case>) {
    let c = |name: &str, text: String, expect| demo(name, text, expect);
    cases.extend([
        c(
            "syntax-unclosed-flow-sequence",
            "family: [unclosed\n".into(),
            at_line(2),
        ),
        c(
            "syntax-unclosed-flow-mapping",
            edit("fr: Famille de démo}", "fr: Famille de démo"),
            AT,
        ),
        c(
            "syntax-unclosed-quote",
            edit(
                "source: \"Test fixture.\"\nplaceholders",
                "source: \"Test fixture.\nplaceholders",
            ),
            AT,
        ),
        c(
            "syntax-tab-indent",
            edit("  kms_host:", "\tkms_host:"),
            at_line(5),
        ),
        c(
            "syntax-bad-indent",
            edit("    type: host", "   type: host"),
            AT,
        ),
        c(
            "syntax-undefined-alias",
            edit("source: \"Test fixture.\"", "source: *nothing"),
            at_line(3),
        ),
        c(
            "syntax-invalid-escape",
            edit("source: \"Test fixture.\"", "source: \"bad \\q\""),
            at_line(3),
        ),
        c("syntax-stray-bracket", format!("{DEMO}]\n"), AT),
        c(
            "syntax-two-documents",
            format!("{DEMO}---\nfamily: other\n"),
            at_line(DEMO.lines().count() + 1),
        ),
        c("syntax-empty-file", String::new(), AT),
        c("syntax-only-comment", "# nothing here\n".into(), AT),
        c("syntax-null-document", "null\n".into(), AT),
        c("syntax-top-level-list", "- a\n- b\n".into(), AT),
        c("syntax-top-level-scalar", "hello\n".into(), AT),
        c(
            "syntax-unknown-directive-version",
            format!("%YAML 9.9\n---\n{DEMO}"),
            AT,
        ),
        c(
            "syntax-merge-key",
            edit(
                "  kms_host:\n",
                "  base: &b {type: host}\n  kms_host:\n    <<: *b\n",
            ),
            AT,
        ),
        c(
            "syntax-sequence-in-mapping",
            edit("codes:\n", "codes:\n- x\n  - y\n"),
            AT,
        ),
        c("syntax-colons", ": : :\n".into(), AT),
        c("syntax-complex-key", format!("? [a, b]\n: 1\n{DEMO}"), AT),
        // Tags are ignored: the text is read as a plain string.
        c(
            "tag-binary-ignored",
            edit("source: \"Test fixture.\"", "source: !!binary aGVsbG8="),
            Expect::Valid,
        ),
        c(
            "tag-custom-ignored",
            edit(
                "source: \"Test fixture.\"",
                "source: !evil \"Test fixture.\"",
            ),
            Expect::Valid,
        ),
        c(
            "syntax-anchor-on-every-node",
            edit("family: demo", "family: &a demo\nx: *a"),
            AT,
        ),
        // A lone CR ends a line in YAML too (old Mac files).
        c(
            "valid-cr-line-endings",
            DEMO.replace('\n', "\r"),
            Expect::Valid,
        ),
    ]);
    // CRLF line endings are fine (Windows editors write them).
    cases.push(demo(
        "valid-crlf",
        DEMO.replace('\n', "\r\n"),
        Expect::Valid,
    ));
}

fn keys(cases: &mut Vec<Case>) {
    let osc_key = r#""x\e]52;c;ZXZpbA==\a\e[1K\r": 1"#;
    let c = |name: &str, text: String, expect| demo(name, text, expect);
    cases.extend([
        c(
            "unknown-top-key",
            edit("family: demo\n", "family: demo\nx_evil: 1\n"),
            at_line(2),
        ),
        c(
            "unknown-key-osc52",
            edit("family: demo\n", &format!("family: demo\n{osc_key}\n")),
            at_line(2),
        ),
        c(
            "unknown-key-c1-csi",
            edit(
                "family: demo\n",
                "family: demo\n\"\\x9b2J\\x9d0;t\\x9c\": 1\n",
            ),
            at_line(2),
        ),
        c(
            "unknown-key-bidi",
            edit(
                "family: demo\n",
                "family: demo\n\"\\u202eevil\\u2066\": 1\n",
            ),
            at_line(2),
        ),
        c(
            "unknown-key-paste-end",
            edit("family: demo\n", "family: demo\n\"\\e[201~rm -rf\": 1\n"),
            at_line(2),
        ),
        c(
            "unknown-key-in-code",
            edit(
                "    start: port_open\n",
                &format!("    start: port_open\n    {osc_key}\n"),
            ),
            at_line(13),
        ),
        c(
            "unknown-key-in-question",
            edit(
                "    no_way_out:",
                &format!("    {osc_key}\n    no_way_out:"),
            ),
            AT,
        ),
        c(
            "unknown-key-in-choice",
            edit(
                "        next: point_client\n",
                &format!("        next: point_client\n        {osc_key}\n"),
            ),
            AT,
        ),
        c(
            "unknown-key-in-resolution",
            edit(
                "    cause: {en: \"Discovery",
                &format!("    {osc_key}\n    cause: {{en: \"Discovery"),
            ),
            AT,
        ),
        c(
            "unknown-key-in-command",
            edit(
                "        elevated: true\n",
                &format!("        elevated: true\n        {osc_key}\n"),
            ),
            AT,
        ),
        c(
            "unknown-key-in-placeholder",
            edit(
                "    type: host\n",
                &format!("    type: host\n    {osc_key}\n"),
            ),
            at_line(7),
        ),
        c(
            "unknown-key-in-translation",
            edit(
                "{en: Demo family, fr: Famille de démo}",
                "{en: Demo family, fr: Famille de démo, \"d\\e[8me\": x}",
            ),
            at_line(2),
        ),
        c(
            "duplicate-top-key",
            edit("family: demo\n", "family: demo\nfamily: demo\n"),
            at_line(2),
        ),
        c(
            "duplicate-key-osc52",
            edit(
                "family: demo\n",
                &format!("family: demo\n{osc_key}\n{osc_key}\n"),
            ),
            AT,
        ),
        c(
            "duplicate-question-id",
            edit(
                "resolutions:\n",
                &format!("  port_open:\n    text: {{en: a, fr: b}}\n    {osc_key}\nresolutions:\n"),
            ),
            AT,
        ),
        c(
            "duplicate-resolution-id",
            edit(
                "tests:\n",
                "  open_port:\n    title: {en: x, fr: y}\ntests:\n",
            ),
            AT,
        ),
        c(
            "duplicate-placeholder",
            edit(
                "codes:\n",
                "  kms_host:\n    type: host\n    label: {en: x, fr: y}\ncodes:\n",
            ),
            at_line(8),
        ),
        c(
            "duplicate-choice-field",
            edit(
                "        next: open_port\n",
                "        next: open_port\n        next: open_port\n",
            ),
            AT,
        ),
        c(
            "duplicate-translation",
            edit(
                "{en: Demo family, fr: Famille de démo}",
                "{en: Demo family, en: \"\\e]52;c;eA==\\a\", fr: x}",
            ),
            at_line(2),
        ),
        c(
            "duplicate-huge-key",
            edit(
                "family: demo\n",
                &format!("family: demo\n{k}: 1\n{k}: 2\n", k = "k".repeat(100_000)),
            ),
            AT,
        ),
        c(
            "unknown-huge-key-with-escapes",
            edit(
                "family: demo\n",
                &format!(
                    "family: demo\n\"{}\\e]52;c;eA==\\a\": 1\n",
                    "k".repeat(10_000)
                ),
            ),
            at_line(2),
        ),
    ]);
}

fn structure(cases: &mut Vec<Case>) {
    let c = |name: &str, text: String, expect| demo(name, text, expect);
    cases.extend([
        // 123 is code 0x0000007B: the example path names a code gone.
        c(
            "type-code-number",
            edit("code: \"0xC0DE0001\"", "code: 123"),
            AT,
        ),
        c(
            "type-messages-list",
            edit(
                "messages: {en: \"Demo error.\", fr: \"Erreur de démo.\"}",
                "messages: [a, b]",
            ),
            at_line(10),
        ),
        c(
            "type-choices-mapping",
            edit("    choices:\n", "    choices: {a: b}\n    x:\n"),
            AT,
        ),
        c("missing-family", edit("family: demo\n", ""), AT),
        c("missing-start", edit("    start: port_open\n", ""), AT),
        c(
            "missing-translation",
            edit("fr: \"Erreur de démo.\"", "de: x"),
            at_line(10),
        ),
        c(
            "unknown-activation-type",
            edit("[kms_client]", "[\"kms\\e]52;c;eA==\\a\"]"),
            at_line(11),
        ),
        c(
            "unknown-placeholder-type",
            edit("type: host", "type: shell"),
            at_line(6),
        ),
        c(
            "placeholder-type-with-escape",
            edit("type: host", "type: \"h\\e[31most\""),
            at_line(6),
        ),
        c(
            "type-elevated-string",
            edit("elevated: true", "elevated: \"yes\\e[2J\""),
            AT,
        ),
        c(
            "type-steps-number",
            edit(
                "      - {en: \"Allow TCP 1688.\", fr: \"Autorisez TCP 1688.\"}",
                "      - 42",
            ),
            AT,
        ),
        c(
            "type-tests-unknown-field",
            edit(
                "expect: open_port}",
                "expect: open_port, \"x\\e]52;c;eA==\\a\": 1}",
            ),
            AT,
        ),
        c(
            "type-family-mapping",
            edit("family: demo", "family: {a: 1}"),
            at_line(1),
        ),
        c(
            "type-nested-wrong-everywhere",
            include_str!("../fixtures/broken/many-structure-errors/demo.yaml").into(),
            AT,
        ),
        c(
            "empty-strings",
            edit(
                "messages: {en: \"Demo error.\", fr: \"Erreur de démo.\"}",
                "messages: {en: \"\", fr: \"\"}",
            ),
            AT,
        ),
    ]);
}

fn semantics(cases: &mut Vec<Case>) {
    let c = |name: &str, text: String, expect| demo(name, text, expect);
    let second_code = "  - code: \"0xC0DE0001\"\n    messages: {en: \"Again.\", fr: \"Encore.\"}\n    activation_types: [kms_client]\n    start: port_open\n    source: \"Test fixture.\"\nquestions:\n";
    cases.extend([
        c(
            "code-twice-in-one-file",
            edit("questions:\n", second_code),
            at_line(14),
        ),
        c(
            "cycle",
            edit("        next: point_client\n", "        next: port_open\n"),
            AT,
        ),
        c(
            "dangling-next",
            edit("next: open_port", "next: nowhere"),
            AT,
        ),
        c(
            "dangling-next-escapes",
            edit("next: open_port", "next: \"fi\\e]52;c;eA==\\ax\""),
            AT,
        ),
        c(
            "dangling-start",
            edit("start: port_open", "start: \"a\\x9b2Jsk\""),
            at_line(12),
        ),
        c(
            "unreachable-resolution",
            edit("next: open_port", "next: point_client"),
            AT,
        ),
        c(
            "see-also-unknown",
            edit(
                "    start: port_open\n",
                "    start: port_open\n    see_also: [\"0xC0DE9999\"]\n",
            ),
            AT,
        ),
        c(
            "see-also-escapes",
            edit(
                "    start: port_open\n",
                "    start: port_open\n    see_also: [\"0x\\e]52;c;eA==\\a\"]\n",
            ),
            AT,
        ),
        c(
            "code-malformed",
            edit("0xC0DE0001\"\n    messages", "0xZZZZ\"\n    messages"),
            at_line(9),
        ),
        c(
            "code-escapes",
            edit(
                "0xC0DE0001\"\n    messages",
                "0x\\e]52;c;eA==\\aC0DE\"\n    messages",
            ),
            at_line(9),
        ),
        c(
            "code-too-big",
            edit("0xC0DE0001\"\n    messages", "0x1C0DE0001\"\n    messages"),
            at_line(9),
        ),
        c(
            "code-negative",
            edit("\"0xC0DE0001\"\n    messages", "\"-1\"\n    messages"),
            at_line(9),
        ),
        c(
            "placeholder-undeclared",
            edit("/skms {kms_host}", "/skms {kms_host} {evil\\u202e}"),
            AT,
        ),
        c(
            "placeholder-malformed",
            edit("/skms {kms_host}", "/skms {kms host"),
            AT,
        ),
        c(
            "placeholder-type-conflict-with-built-in",
            edit("type: host", "type: ip"),
            at_line(6),
        ),
        c(
            "placeholder-default-fails-type",
            edit(
                "    type: host\n",
                "    type: host\n    default: \"-x\\e]52;c;eA==\\a\"\n",
            ),
            AT,
        ),
        c(
            "placeholder-unquoted-free-text",
            edit(
                "  kms_host:\n",
                "  some_file:\n    type: windows_path\n    label: {en: F, fr: F}\n  kms_host:\n",
            )
            .replacen("/skms {kms_host}", "/skms {kms_host} & del {some_file}", 1),
            AT,
        ),
        c(
            "command-zero-width",
            edit("/skms {kms_host}", "/skms\\u200b {kms_host}"),
            AT,
        ),
        c(
            "command-bidi",
            edit("/skms {kms_host}", "/skms \\u202e{kms_host}"),
            AT,
        ),
        c(
            "command-osc52",
            edit("/skms {kms_host}", "/skms {kms_host}\\e]52;c;eA==\\a"),
            AT,
        ),
        c(
            "command-line-separator",
            edit("/skms {kms_host}", "/skms {kms_host}\\u2028del x"),
            AT,
        ),
        c(
            "failing-example",
            edit(
                "answers: [\"yes\"], expect: point_client",
                "answers: [\"yes\"], expect: open_port",
            ),
            AT,
        ),
        c(
            "example-unknown-code",
            edit(
                "{code: \"0xC0DE0001\", answers: [\"no\"]",
                "{code: \"0xC0DE0009\", answers: [\"no\"]",
            ),
            AT,
        ),
        c(
            "vague-source",
            edit(
                "source: \"Test fixture.\"\nplaceholders",
                "source: \"TODO\"\nplaceholders",
            ),
            AT,
        ),
        c(
            "no-way-out",
            edit(
                "    no_way_out: \"Test fixture: not a real question.\"\n",
                "",
            ),
            AT,
        ),
        c(
            "missing-caution-rearm",
            edit("/skms {kms_host}", "/rearm"),
            AT,
        ),
    ]);
    // Across files: the same code twice, one name with two types.
    let other = edit("family: demo", "family: other");
    cases.push(Case::new(
        "code-twice-across-files",
        vec![file("a.yaml", DEMO), file("b.yaml", other.clone())],
        Expect::At("b.yaml", None),
    ));
    cases.push(Case::new(
        "placeholder-type-conflict-across-files",
        vec![
            file("a.yaml", DEMO),
            file(
                "b.yaml",
                edit_text(&other, "0xC0DE0001", "0xC0DE0002")
                    .replacen("0xC0DE0001", "0xC0DE0002", 2)
                    .replace("type: host", "type: port"),
            ),
        ],
        Expect::At("b.yaml", None),
    ));
    // A user flow may replace a built-in code when it says so: valid.
    let overriding = edit("0xC0DE0001", "0xC004F074").replace("0xC0DE0001", "0xC004F074");
    cases.push(
        demo(
            "override-built-in-code",
            edit_text(
                &overriding,
                "    start: port_open\n",
                "    start: port_open\n    overrides: true\n",
            ),
            Expect::Valid,
        )
        .code("0xC004F074"),
    );
    // Without `overrides: true`, refused at the code (line 9).
    cases.push(demo(
        "override-built-in-code-unmarked",
        overriding,
        Expect::At("demo.yaml", Some(9)),
    ));
}

fn bytes(cases: &mut Vec<Case>) {
    let mut invalid_start = vec![0xFF, 0xFE];
    invalid_start.extend_from_slice(DEMO.as_bytes());
    let mut invalid_middle = DEMO.as_bytes().to_vec();
    let at = DEMO.find("Demo error").expect("fixture");
    invalid_middle[at] = 0xC3;
    invalid_middle[at + 1] = 0x28;
    let mut truncated = DEMO.as_bytes().to_vec();
    truncated.extend_from_slice(&[b'#', 0xE2, 0x82]);
    let mut overlong = DEMO.as_bytes().to_vec();
    overlong.extend_from_slice(&[b'#', 0xC0, 0xAF, b'\n']);
    let mut surrogate = DEMO.as_bytes().to_vec();
    surrogate.extend_from_slice(&[b'#', 0xED, 0xA0, 0x80, b'\n']);
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(DEMO.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let c = |name: &str, text: Vec<u8>, expect| demo(name, text, expect);
    cases.extend([
        c("utf8-invalid-at-start", invalid_start, at_line(1)),
        c("utf8-invalid-in-message", invalid_middle, at_line(10)),
        c("utf8-truncated-at-end", truncated, AT),
        c("utf8-overlong", overlong, AT),
        c("utf8-surrogate", surrogate, AT),
        c("utf16-file", utf16, at_line(1)),
        c(
            "nul-byte",
            edit("Demo error.", "Demo\0error.").into(),
            at_line(10),
        ),
        c(
            "raw-esc-in-title",
            edit("Demo family", "Demo\u{1b}[2Jfamily").into(),
            at_line(2),
        ),
        c(
            "raw-c1-csi",
            edit("Demo error.", "Demo\u{9b}2J error.").into(),
            at_line(10),
        ),
        c(
            "raw-del",
            edit("Demo error.", "Demo\u{7f} error.").into(),
            at_line(10),
        ),
        c(
            "raw-bel-in-comment",
            format!("# ring\u{7}\n{DEMO}").into(),
            at_line(1),
        ),
        c(
            "raw-escape-in-key",
            edit("family: demo", "fam\u{1b}]52;c;eA==\u{7}ily: demo").into(),
            at_line(1),
        ),
        c(
            "raw-escape-in-comment-at-end",
            format!("{DEMO}# \u{1b}]52;c;eA==\u{7}\n").into(),
            AT,
        ),
        c(
            "raw-vertical-tab",
            edit("Demo error.", "Demo\u{b}error.").into(),
            at_line(10),
        ),
        c(
            "raw-nonchar-fffe",
            edit("Demo error.", "Demo\u{fffe}error.").into(),
            at_line(10),
        ),
        // The second mark is outside every field: harmless, accepted.
        c(
            "bom-twice",
            format!("\u{feff}\u{feff}{DEMO}").into(),
            Expect::Valid,
        ),
        c("bom-only", "\u{feff}".into(), AT),
        c(
            "bom-then-valid",
            format!("\u{feff}{DEMO}").into(),
            Expect::Valid,
        ),
    ]);
}

fn sizes(cases: &mut Vec<Case>) {
    let c = |name: &str, text: String, expect| demo(name, text, expect);
    let deep_flow = format!("family: {}{}\n", "[".repeat(1_000), "]".repeat(1_000));
    let deep_map = format!("family: {}x{}\n", "{a: ".repeat(1_000), "}".repeat(1_000));
    let deep_block: String = (0..500).map(|i| format!("{}a:\n", " ".repeat(i))).collect();
    let deep_dash = format!("family:\n{} x\n", "- ".repeat(1_000));
    let many_nodes = format!("{DEMO}x: [{}]\n", "1,".repeat(300_001));
    let laughs = {
        let mut text = String::from("a0: &a0 [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n");
        for i in 1..10 {
            let prev = format!("*a{}", i - 1);
            text.push_str(&format!("a{i}: &a{i} [{}]\n", vec![prev; 9].join(", ")));
        }
        text + DEMO
    };
    // One scalar of 1 MB (the issue's case), the others 100 KB: enough
    // to see any echo against the 40-character excerpt cap.
    let mega = "x".repeat(1_000_000);
    let big = "x".repeat(100_000);
    cases.extend([
        c("deep-flow-sequences", deep_flow, at_line(1)),
        c("deep-flow-mappings", deep_map, at_line(1)),
        c("deep-block-mappings", deep_block, AT),
        c("deep-block-sequences", deep_dash, AT),
        c("too-many-nodes", many_nodes, AT),
        c("billion-laughs", laughs, AT),
        c(
            "huge-scalar-wrong-type",
            edit("[kms_client]", &format!("\"{mega}\"")),
            at_line(11),
        ),
        c(
            "huge-scalar-unknown-key-value",
            edit(
                "family: demo\n",
                &format!("family: demo\nx: \"{big}\\e]52;c;eA==\\a\"\n"),
            ),
            at_line(2),
        ),
        c("huge-plain-line", format!("{big}\n"), AT),
        c(
            "huge-code",
            edit(
                "0xC0DE0001\"\n    messages",
                &format!("{big}\"\n    messages"),
            ),
            at_line(9),
        ),
        c(
            "huge-id-dangling",
            edit("next: open_port", &format!("next: \"{big}\"")),
            AT,
        ),
        c(
            "long-line-of-escapes",
            edit(
                "family: demo\n",
                &format!("family: demo\nx: \"{}\"\n", "\\e[2J".repeat(20_000)),
            ),
            at_line(2),
        ),
    ]);
}

/// Every text field holding the attacks: escaped (valid YAML: the text is
/// cleaned on the way out) and raw (refused at the field's line).
fn fields(cases: &mut Vec<Case>) {
    for n in 1..=FIELD_COUNT {
        cases.push(
            demo(
                &format!("field-{n}-escaped-attacks"),
                field(n, ESCAPED),
                Expect::Valid,
            )
            .code(HOSTILE_CODE),
        );
        cases.push(
            demo(
                &format!("field-{n}-raw-attacks"),
                field(n, RAW),
                at_line(field_line(n)),
            )
            .code(HOSTILE_CODE),
        );
    }
    let mut all = FIELDS.to_string();
    for i in 1..=FIELD_COUNT {
        all = all.replace(&format!("@{i}@"), ESCAPED);
    }
    cases.push(demo("every-field-escaped-attacks", all, Expect::Valid).code(HOSTILE_CODE));
    let mut invisible = FIELDS.to_string();
    for i in 1..=FIELD_COUNT {
        invisible = invisible.replace(&format!("@{i}@"), RAW_INVISIBLE);
    }
    cases.push(demo("every-field-raw-invisible", invisible, Expect::Valid).code(HOSTILE_CODE));
}

fn filesystem(cases: &mut Vec<Case>) {
    let broken = "family: [unclosed\n";
    let named = |name: &str, entries, expect| Case::new(name, entries, expect);
    cases.extend([
        named(
            "fifo",
            vec![file("demo.yaml", DEMO), (b"x.yaml".to_vec(), Entry::Fifo)],
            Expect::Named("x.yaml"),
        ),
        named(
            "link-to-dev-zero",
            vec![
                file("demo.yaml", DEMO),
                (b"zero.yaml".to_vec(), Entry::Link("/dev/zero")),
            ],
            Expect::Named("zero.yaml"),
        ),
        named(
            "link-to-dev-urandom",
            vec![(b"r.yaml".to_vec(), Entry::Link("/dev/urandom"))],
            Expect::Named("r.yaml"),
        ),
        named(
            "link-to-system-file",
            vec![(b"passwd.yaml".to_vec(), Entry::Link("/etc/passwd"))],
            Expect::At("passwd.yaml", None),
        ),
        named(
            "link-loop",
            vec![
                (b"a.yaml".to_vec(), Entry::Link("b.yaml")),
                (b"b.yaml".to_vec(), Entry::Link("a.yaml")),
            ],
            Expect::Named("a.yaml"),
        ),
        named(
            "link-dangling",
            vec![(
                b"gone.yaml".to_vec(),
                Entry::Link("/nonexistent/actwiz/gone.yaml"),
            )],
            Expect::Named("gone.yaml"),
        ),
        named(
            "folder-named-yaml",
            vec![file("demo.yaml", DEMO), (b"sub.yaml".to_vec(), Entry::Dir)],
            Expect::Named("sub.yaml"),
        ),
        named(
            "file-over-cap",
            vec![(b"big.yaml".to_vec(), Entry::Sparse(5 * 1024 * 1024))],
            Expect::Named("big.yaml"),
        ),
        named(
            "folder-over-cap",
            (0..17)
                .map(|i| {
                    (
                        format!("f{i:02}.yaml").into_bytes(),
                        Entry::Sparse(4 * 1024 * 1024 - 1),
                    )
                })
                .collect(),
            Expect::Named("folder too large"),
        ),
        named("empty-folder", vec![], Expect::Named("no flow files")),
        named(
            "no-flow-files",
            vec![
                file("README.txt", "not a flow"),
                file("flow.yaml.bak", broken),
            ],
            Expect::Named("no flow files"),
        ),
        named(
            "name-with-osc52",
            vec![(
                b"bad\x1b]52;c;ZXZpbA==\x07.yaml".to_vec(),
                Entry::File(broken.into()),
            )],
            Expect::At(".yaml", None),
        ),
        named(
            "name-with-c1-and-bidi",
            vec![(
                "x\u{9b}2J\u{202e}lmth.yaml".as_bytes().to_vec(),
                Entry::File(broken.into()),
            )],
            Expect::At(".yaml", None),
        ),
        named(
            "name-with-newline",
            vec![(b"a\nb.yaml".to_vec(), Entry::File(broken.into()))],
            Expect::At("b.yaml", None),
        ),
        named(
            "name-invalid-utf8",
            vec![(b"bad\xff\xfe.yaml".to_vec(), Entry::File(broken.into()))],
            Expect::At(".yaml", None),
        ),
        named("yml-extension", vec![file("demo.yml", DEMO)], Expect::Valid),
        named("hidden-file", vec![file(".demo.yaml", DEMO)], Expect::Valid),
        named(
            "broken-next-to-valid",
            vec![file("a.yaml", broken), file("demo.yaml", DEMO)],
            Expect::At("a.yaml", Some(2)),
        ),
    ]);
    let mut single = demo("single-file-argument", "family: [unclosed\n", at_line(2));
    single.file_only = true;
    cases.push(single);
}

/// Writes every plain-file case under `out`, one folder per case.
pub fn write_out(out: &Path) -> std::io::Result<usize> {
    let mut written = 0;
    for case in cases().iter().filter(|c| c.is_plain_files()) {
        let dir = out.join(&case.name);
        std::fs::create_dir_all(&dir)?;
        for (name, entry) in &case.entries {
            if let (Ok(name), Entry::File(bytes)) = (std::str::from_utf8(name), entry) {
                std::fs::write(dir.join(name), bytes)?;
            }
        }
        written += 1;
    }
    Ok(written)
}
