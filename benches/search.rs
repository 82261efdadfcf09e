//! Query latency of `SearchIndex::search`, on the built-in catalog and on a
//! generated catalog of 10,000 codes, over code, fragment, message, typo and
//! symptom queries. Target: a median under 2 ms per query on 10,000 codes.
//!
//! Run: `cargo bench --bench search` (about two minutes, most of it building
//! the generated catalog). Each iteration runs one query, taken in turn from
//! the list of its kind, so the figures are per query.

// Not actwiz's output: the sanitizing boundary (src/output.rs) is for the binary.
#![allow(clippy::disallowed_macros)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use actwiz::core::catalog::Catalog;
use actwiz::core::search::SearchIndex;
use criterion::{criterion_group, criterion_main, Criterion};

#[path = "support/generated.rs"]
mod generated;

fn generated_catalog() -> (Catalog, Vec<String>) {
    let (files, samples) = generated::generated_files(false);
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let catalog = Catalog::from_sources(&refs)
        .unwrap_or_else(|p| panic!("generated catalog is invalid:\n{p:?}"));
    (catalog, samples)
}

/// Queries by kind. Message and typo queries of the generated catalog use
/// its own texts; the others are the same for both catalogs.
fn queries(samples: &[String]) -> Vec<(&'static str, Vec<String>)> {
    let own = |n: usize, f: &dyn Fn(&str) -> String| -> Vec<String> {
        samples.iter().take(n).map(|s| f(s)).collect()
    };
    let words = |s: &str, from: usize, n: usize| -> String {
        s.split_whitespace()
            .skip(from)
            .take(n)
            .collect::<Vec<_>>()
            .join(" ")
    };
    let typo = |s: &str| -> String {
        // Drop one letter of every word longer than 5 letters.
        s.split_whitespace()
            .take(8)
            .map(|w| {
                if w.len() > 5 {
                    format!("{}{}", &w[..2], &w[3..])
                } else {
                    w.into()
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let fixed = |q: &[&str]| q.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let mut message = fixed(&[
        "no key management service could be contacted",
        "aucun gestionnaire de cles n a pu etre contacte",
        "acces refuse",
        "dns name does not exist",
        "grace period expired",
    ]);
    message.extend(own(5, &|s| words(s, 1, 6)));
    let mut typos = fixed(&[
        "rpc servr unavailable",
        "grace periode expired",
        "aucun gestionaire de cle",
        "timestamp invlaid",
        "licence store inconsistant",
    ]);
    typos.extend(own(5, &typo));
    vec![
        (
            "code",
            fixed(&[
                "0xC004F074",
                "c004-f074",
                "-1073418124",
                "0x8007232B",
                "0xC1000007",
            ]),
        ),
        (
            "fragment",
            fixed(&["F074", "232b", "0490", "it ends in 7B", "0xC10001"]),
        ),
        ("message", message),
        ("typo", typos),
        (
            "symptom",
            fixed(&[
                "port 1688 blocked",
                "clock out of sync",
                "horloge pas synchronisee",
                "KMS count too low",
                "too many activations on MAK",
            ]),
        ),
        (
            "paste",
            fixed(&[
                "Error: 0xC004F074 The Software Licensing Service reported that the \
                     product could not be activated. No Key Management Service (KMS) could \
                     be contacted. Please see the Application Event Log for additional \
                     information. (hr=0x8007232B)",
            ]),
        ),
    ]
}

fn bench_index(c: &mut Criterion, name: &str, index: &SearchIndex, samples: &[String]) {
    let mut group = c.benchmark_group(name);
    for (kind, list) in queries(samples) {
        let mut k = 0usize;
        group.bench_function(kind, |b| {
            b.iter(|| {
                let q = &list[k % list.len()];
                k += 1;
                black_box(index.search(black_box(q), 20))
            })
        });
    }
    group.finish();
}

fn search_benches(c: &mut Criterion) {
    let builtin = Catalog::builtin().unwrap_or_else(|p| panic!("built-in catalog:\n{p:?}"));
    let index = SearchIndex::new(&builtin);
    bench_index(c, &format!("search/builtin-{}", index.len()), &index, &[]);

    let started = Instant::now();
    let (catalog, samples) = generated_catalog();
    let loaded = started.elapsed();
    let started = Instant::now();
    let index = SearchIndex::new(&catalog);
    println!(
        "generated catalog: {} codes, loaded in {:.1?}, indexed in {:.1?}",
        index.len(),
        loaded,
        started.elapsed()
    );
    bench_index(
        c,
        &format!("search/generated-{}", index.len()),
        &index,
        &samples,
    );
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    targets = search_benches
}
criterion_main!(benches);
