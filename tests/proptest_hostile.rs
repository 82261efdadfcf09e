//! Property tests over the entry points hostile input reaches: the sanitizer
//! and the output writer, the placeholder checks and filling, the code and
//! query parser, and the flow loader. 10,500 cases in all, kept fast.
//!
//! Inputs are drawn from an alphabet weighted towards what attacks use:
//! ESC, BEL, C1 controls, bidi and zero-width characters, quotes, shell
//! metacharacters, `{` `}` and `:`, plus plain ASCII and some Unicode.

use std::collections::BTreeMap;
use std::io::Write;

use proptest::prelude::*;

use actwiz::core::catalog::{Code, PlaceholderKind};
use actwiz::core::placeholder;
use actwiz::core::sanitize::{clean, clean_line, is_unsafe};
use actwiz::output::Sanitized;

/// One character, mostly dangerous.
fn hostile_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => prop::sample::select(vec![
            '\u{1b}', '\u{7}', '\u{9b}', '\u{9d}', '\u{9c}', '\u{90}', '\u{85}', '\u{0}',
            '\r', '\n', '\t', '\u{7f}', '\u{202e}', '\u{2066}', '\u{200b}', '\u{200f}',
            '\u{2028}', '\u{feff}', '[', ']', ';', '\\', 'P', '_', '^', '~', '2', '0', '1',
            '"', '\'', '%', '^', '&', '|', '<', '>', '$', '`', '-', ':', '{', '}', ' ', 'é',
            'ａ', '–',
        ]),
        3 => prop::char::range('a', 'z'),
        1 => prop::char::range('0', '9'),
        1 => any::<char>(),
    ]
}

fn hostile_string(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(hostile_char(), 0..max).prop_map(|chars| chars.into_iter().collect())
}

fn kind() -> impl Strategy<Value = PlaceholderKind> {
    prop::sample::select(PlaceholderKind::ALL.to_vec())
}

/// Characters a filled value may bring into a command (the union of the
/// allow-lists of every type).
fn allowed_in_value(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']' | '\\' | '_' | ' ')
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 4000, ..ProptestConfig::default() })]

    #[test]
    fn cleaned_text_has_no_unsafe_character(text in hostile_string(40)) {
        let cleaned = clean(&text);
        prop_assert!(!cleaned.chars().any(is_unsafe), "{:?} -> {:?}", text, cleaned);
        let line = clean_line(&text);
        prop_assert!(!line.chars().any(|c| is_unsafe(c) || c == '\n' || c == '\t'));
        // Cleaning is idempotent: a second pass finds nothing to remove.
        let again = clean(&cleaned).into_owned();
        prop_assert_eq!(again.as_str(), cleaned.as_ref());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn the_output_writer_lets_no_control_out(
        chunks in prop::collection::vec(prop::collection::vec(any::<u8>(), 0..24), 0..6),
        text in hostile_string(30),
    ) {
        let mut out = Vec::new();
        {
            let mut writer = Sanitized::new(&mut out);
            for chunk in &chunks {
                writer.write_all(chunk).unwrap();
            }
            write!(writer, "{text}").unwrap();
        }
        let printed = String::from_utf8(out).expect("the writer emits UTF-8");
        // Only the two highlight sequences may carry ESC.
        let rest = printed
            .replace(actwiz::output::HIGHLIGHT_ON, "")
            .replace(actwiz::output::HIGHLIGHT_OFF, "");
        prop_assert!(!rest.chars().any(is_unsafe), "{:?}", printed);
    }

    #[test]
    fn codes_and_queries_parse_without_panic_and_round_trip(query in hostile_string(40)) {
        let parsed = actwiz::core::search::parse_code_query(&query);
        for code in &parsed.codes {
            prop_assert_eq!(code.to_string().parse::<Code>().ok(), Some(*code));
        }
        if let Ok(code) = query.parse::<Code>() {
            prop_assert_eq!(code.to_string().parse::<Code>().ok(), Some(code));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 4000, ..ProptestConfig::default() })]

    #[test]
    fn accepted_values_hold_nothing_a_shell_or_terminal_acts_on(
        kind in kind(),
        raw in hostile_string(30),
        before in hostile_string(8),
        after in hostile_string(8),
    ) {
        let template = format!("cmd {before}{{p}}{after}");
        if let Ok(value) = placeholder::validate(kind, &raw) {
            prop_assert!(value.chars().all(allowed_in_value), "{:?} accepted {:?}", kind, value);
            prop_assert!(!value.starts_with('-') || kind != PlaceholderKind::WindowsPath);
            let mut values = BTreeMap::new();
            values.insert("p".to_string(), value.clone());
            let (filled, missing) = placeholder::fill(&template, &values);
            // `before` or `after` may hold a `{p}` of their own (proptest
            // found "{p}" as `after`): then the value goes in twice.
            let slots = template.matches("{p}").count();
            if missing.is_empty() && slots == 1 {
                // What was added to the template is exactly the value.
                prop_assert_eq!(filled.len(), template.len() - "{p}".len() + value.len());
            }
        } else {
            // A refused value is never inserted by fill either way: fill
            // trusts its caller, so the check is that validate said why.
            let reason = placeholder::validate(kind, &raw).unwrap_err();
            prop_assert!(!reason.message(actwiz::core::catalog::Lang::En).chars().any(is_unsafe));
            prop_assert!(!reason.message(actwiz::core::catalog::Lang::Fr).chars().any(is_unsafe));
        }
    }
}

/// A small valid flow; the loader test breaks it at random places.
const FLOW: &str = r#"family: demo
title: {en: Demo, fr: Démo}
source: "Test."
placeholders:
  kms_host: {type: host, label: {en: KMS host, fr: Hôte KMS}}
codes:
  - code: "0xC0DE0001"
    messages: {en: "Demo.", fr: "Démo."}
    activation_types: [kms_client]
    start: q
    source: "Test."
questions:
  q:
    text: {en: "Q?", fr: "Q ?"}
    how_to_check: {en: "Check.", fr: "Vérifiez."}
    choices:
      - {id: a, label: {en: A, fr: A}, next: r}
      - {id: b, label: {en: B, fr: B}, next: r}
    source: "Test."
resolutions:
  r:
    title: {en: R, fr: R}
    cause: {en: C, fr: C}
    steps: [{en: S, fr: S}]
    commands:
      - command: "slmgr.vbs /skms {kms_host}"
        explain: {en: E, fr: E}
    source: "Test."
tests:
  - {code: "0xC0DE0001", answers: [a], expect: r}
"#;

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

    #[test]
    fn the_loader_never_panics_and_reports_clean_lines(
        at in 0usize..FLOW.len(),
        cut in 0usize..40,
        insert in hostile_string(24),
    ) {
        // Cut some bytes at a character boundary and insert hostile text.
        let start = (0..=at).rev().find(|i| FLOW.is_char_boundary(*i)).unwrap_or(0);
        let end = (start + cut..=FLOW.len()).find(|i| FLOW.is_char_boundary(*i)).unwrap_or(FLOW.len());
        let text = format!("{}{}{}", &FLOW[..start], insert, &FLOW[end..]);
        let (_, problems) = actwiz::core::catalog::load::parse_flow("fuzz.yaml", &text);
        for problem in &problems {
            let line = problem.to_string();
            prop_assert!(!line.contains('\n'), "{:?}", line);
            prop_assert!(!line.chars().any(is_unsafe), "{:?}", line);
        }
        if let Err(found) = actwiz::core::catalog::Catalog::from_sources(&[("fuzz.yaml", &text)]) {
            for problem in &found.0 {
                prop_assert!(!problem.to_string().chars().any(is_unsafe));
            }
        }
    }
}
