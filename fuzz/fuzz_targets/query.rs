//! Any text as a search query or a code: see `actwiz::fuzzing::query`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| actwiz::fuzzing::query(text));
