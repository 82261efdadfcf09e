//! Any text as a flow file: see `actwiz::fuzzing::flow_loader`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| actwiz::fuzzing::flow_loader(text));
