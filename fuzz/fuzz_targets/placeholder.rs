//! Any value for any placeholder type, in any command template: see
//! `actwiz::fuzzing::placeholder` for the input's form and the property.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| actwiz::fuzzing::placeholder(data));
