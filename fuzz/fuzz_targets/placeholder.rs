//! Any value for any placeholder type: never panics, and an accepted value
//! holds no character a shell or a terminal would act on.
#![no_main]

use actwiz::core::catalog::PlaceholderKind;
use actwiz::core::placeholder;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (u8, &str, &str)| {
    let (kind, raw, template) = input;
    let kind = PlaceholderKind::ALL[usize::from(kind) % PlaceholderKind::ALL.len()];
    if let Ok(value) = placeholder::validate(kind, raw) {
        assert!(
            value.bytes().all(|b| b.is_ascii_alphanumeric()
                || matches!(b, b'.' | b'-' | b':' | b'[' | b']' | b'\\' | b'_' | b' ')),
            "{kind:?} accepted {value:?}"
        );
        assert!(!value.starts_with('-'), "{kind:?} accepted {value:?}");
        let _ = placeholder::check_in_template(template, "p", &value);
    }
    let _ = placeholder::spans(template);
    let _ = placeholder::names(template);
    let _ = placeholder::fill(template, &Default::default());
});
