//! The search prunes: only codes whose score bound can still enter the best
//! `limit` are scored. On the generated catalog of 10,000 codes, the pruned
//! search must return exactly the top results of scoring every code (a
//! limit as large as the catalog scores every candidate).
//!
//! Without optimisations (`cargo test`) building and searching 10,000 codes
//! takes minutes, so the test then takes the first 2,000 codes of the same
//! catalog; `cargo test --release --test search_exact` checks all 10,000.

#[path = "../benches/support/generated.rs"]
mod generated;

use actwiz::core::catalog::Catalog;
use actwiz::core::search::SearchIndex;

#[test]
fn pruned_search_returns_the_top_of_scoring_every_code() {
    let codes = if cfg!(debug_assertions) {
        2_000
    } else {
        generated::CODES
    };
    let (files, samples) =
        generated::first_generated_files(codes / generated::CODES_PER_FILE, false);
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let catalog = Catalog::from_sources(&refs).unwrap_or_else(|p| panic!("{p}"));
    let index = SearchIndex::new(&catalog);
    assert_eq!(index.len(), codes);

    let words = |s: &str, from: usize, n: usize| -> String {
        s.split_whitespace()
            .skip(from)
            .take(n)
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut queries: Vec<String> = [
        "key management service could not be contacted",
        "grace period expired",
        "licence store inconsistant",
        "port 1688 blocked",
        "firewall proxy",
        "the host did not answer in time",
        "pour plus d informations consultez le journal",
        "sppsvc",
        "0xC10001",
        "tokens registry clock",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for s in &samples {
        queries.push(words(s, 1, 6));
        queries.push(words(s, 8, 4));
    }
    let shown = |hits: &[actwiz::core::search::Hit]| -> Vec<(String, i64)> {
        hits.iter().map(|h| (h.code.to_string(), h.score)).collect()
    };
    let mut compared = 0;
    for query in &queries {
        let every = index.search(query, codes).hits;
        for limit in [1, 5, 20] {
            let pruned = index.search(query, limit).hits;
            let top = &every[..every.len().min(limit)];
            assert_eq!(shown(&pruned), shown(top), "{query:?}, limit {limit}");
            compared += 1;
        }
        assert!(!every.is_empty(), "{query:?} finds something");
    }
    assert_eq!(compared, queries.len() * 3);
}
