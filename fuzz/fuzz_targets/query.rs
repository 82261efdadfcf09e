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

/// Built once: building the index for every input made the target run at
/// about 6 inputs a second, so a campaign only replayed its seeds.
fn index() -> &'static SearchIndex {
    static INDEX: OnceLock<SearchIndex> = OnceLock::new();
    INDEX.get_or_init(|| SearchIndex::new(catalog()))
}

fuzz_target!(|query: &str| {
    let parsed = search::parse_code_query(query);
    for code in &parsed.codes {
        assert_eq!(code.to_string().parse::<Code>().ok(), Some(*code));
    }
    if let Ok(code) = query.parse::<Code>() {
        assert_eq!(code.to_string().parse::<Code>().ok(), Some(code));
    }
    let _ = index().search(query, 10);
});
