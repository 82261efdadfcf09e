//! The core's own words, in both languages side by side.
//!
//! The core explains itself in a few places (why a value typed for a
//! placeholder was refused, above all); those texts live here, one function
//! per message, its parameters typed, English and French next to each other.
//! The front ends' words are in `src/strings.rs` (and `src/strings/`), which
//! the core cannot import; both follow the same rules.
//!
//! French typography: a no-break space ([`NBSP`]) before `:`, `;`, `?` and
//! `!`, and inside `« »`, so that a wrapped line never starts with the mark.

pub(crate) mod refusal;

use crate::core::model::Lang;

/// The no-break space French puts before `:` `;` `?` `!` and inside `« »`.
pub(crate) const NBSP: char = '\u{a0}';

/// `text` quoted as `lang` quotes: `'text'`, or `« text »` with no-break spaces.
pub(crate) fn quoted(lang: Lang, text: &str) -> String {
    match lang {
        Lang::En => format!("'{text}'"),
        Lang::Fr => format!("«{NBSP}{text}{NBSP}»"),
    }
}
