//! Any text as a search query or a code: never panics, and the parsed code
//! prints as it parses back.
#![no_main]

use std::sync::OnceLock;

use actwiz::core::catalog::{Catalog, Code};
use actwiz::core::search::{self, SearchIndex};
use libfuzzer_sys::fuzz_target;

fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| Catalog::builtin().expect("built-in flows load"))
}

fuzz_target!(|query: &str| {
    let parsed = search::parse_code_query(query);
    for code in &parsed.codes {
        assert_eq!(code.to_string().parse::<Code>().ok(), Some(*code));
    }
    if let Ok(code) = query.parse::<Code>() {
        assert_eq!(code.to_string().parse::<Code>().ok(), Some(code));
    }
    let index = SearchIndex::new(catalog());
    let _ = index.search(query, 10);
});
