//! Any value for any placeholder type, in any command template: never
//! panics; an accepted value holds only characters its types allow, never
//! starts with `-`, validates again to itself, and fills a template exactly
//! where its placeholder stood.
//!
//! Input: one byte choosing the type, then the value, a 0xFF byte, and the
//! template (0xFF never occurs in UTF-8, so both parts may hold any text;
//! the seeds in fuzz/seed.sh are written in this form).
#![no_main]

use std::collections::BTreeMap;

use actwiz::core::catalog::PlaceholderKind;
use actwiz::core::placeholder;
use libfuzzer_sys::fuzz_target;

fn allowed_in_value(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']' | b'\\' | b'_' | b' ')
}

fuzz_target!(|data: &[u8]| {
    let Some((&kind, rest)) = data.split_first() else {
        return;
    };
    let kind = PlaceholderKind::ALL[usize::from(kind) % PlaceholderKind::ALL.len()];
    let (raw, template) = match rest.iter().position(|&b| b == 0xFF) {
        Some(at) => (&rest[..at], &rest[at + 1..]),
        None => (rest, &b"slmgr /skms {p}"[..]),
    };
    let (Ok(raw), Ok(template)) = (std::str::from_utf8(raw), std::str::from_utf8(template)) else {
        return;
    };

    let spans = placeholder::spans(template);
    for (range, name) in &spans {
        assert_eq!(&template[range.clone()], format!("{{{name}}}"), "{template:?}");
    }
    let names = placeholder::names(template);
    let (unfilled, missing) = placeholder::fill(template, &BTreeMap::new());
    assert_eq!(unfilled, template, "filling nothing changes nothing");
    for name in &missing {
        assert!(names.contains(name), "{name:?} not in {names:?}");
    }

    let Ok(value) = placeholder::validate(kind, raw) else {
        return;
    };
    assert!(value.bytes().all(allowed_in_value), "{kind:?} accepted {value:?}");
    assert!(!value.starts_with('-'), "{kind:?} accepted {value:?}");
    assert_eq!(
        placeholder::validate(kind, &value).as_ref(),
        Ok(&value),
        "{kind:?}: {raw:?} gave {value:?}, which does not validate to itself"
    );
    let _ = placeholder::validate_in(kind, raw, template, "p");
    if placeholder::check_in_template(template, "p", &value).is_ok() {
        let values = BTreeMap::from([("p".to_string(), value.clone())]);
        let (filled, missing) = placeholder::fill(template, &values);
        assert!(!missing.contains(&"p".to_string()), "{template:?}");
        let uses = spans.iter().filter(|(_, n)| *n == "p").count();
        let expected_len = template.len() + uses * value.len() - uses * "{p}".len();
        assert_eq!(filled.len(), expected_len, "{template:?} with {value:?}: {filled:?}");
    }
});
