//! Any text as a flow file: loading never panics, and every problem prints
//! on one line without control characters.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    match actwiz::core::catalog::Catalog::from_sources(&[("fuzz.yaml", text)]) {
        Ok(catalog) => {
            for (entry, flow) in catalog.entries() {
                let _ = actwiz::render::runbook(entry, flow, actwiz::core::catalog::Lang::En);
            }
        }
        Err(problems) => {
            for p in &problems.0 {
                let line = p.to_string();
                assert!(!line.contains('\n'), "{line:?}");
                assert!(!line.chars().any(actwiz::core::sanitize::is_unsafe), "{line:?}");
            }
        }
    }
});
