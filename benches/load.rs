//! Loading the catalog: the built-in flows (embedded, pre-parsed), the same
//! flows from their YAML (what `actwiz check` does), and a generated folder
//! of 10,000 codes (100 files, about 50 MB of YAML) cold (read, parsed and
//! validated) and warm (from the cache of validated folders).
//!
//! Run: `cargo bench --bench load` (about a minute; the cold load of the
//! generated folder dominates). Throughput is YAML bytes per second.

// Not actwiz's output: the sanitizing boundary (src/output.rs) is for the binary.
#![allow(clippy::disallowed_macros)]

use std::hint::black_box;
use std::time::Duration;

use actwiz::core::catalog::cache::Cache;
use actwiz::core::catalog::Catalog;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

#[path = "support/generated.rs"]
mod generated;

fn builtin(c: &mut Criterion) {
    let mut group = c.benchmark_group("load/builtin");
    let bytes: usize = Catalog::builtin_sources()
        .iter()
        .map(|(_, t)| t.len())
        .sum();
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("embedded", |b| b.iter(|| black_box(Catalog::builtin())));
    group.bench_function("yaml+validation", |b| {
        b.iter(|| black_box(Catalog::builtin_from_yaml()))
    });
    group.finish();
}

fn generated_folder(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let (files, _) = generated::generated_files(true);
    let mut bytes = 0;
    for (name, text) in &files {
        bytes += text.len();
        std::fs::write(dir.path().join(name), text).expect("write");
    }
    println!(
        "generated folder: {} files, {:.1} MB of YAML",
        files.len(),
        bytes as f64 / 1e6
    );
    let paths = vec![dir.path().to_path_buf()];
    let cache_dir = tempfile::tempdir().expect("temp dir");
    let cache = Cache::at(cache_dir.path());

    let mut group = c.benchmark_group("load/generated-10000");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    group.bench_function("cold", |b| {
        b.iter(|| {
            let catalog = Catalog::load(&paths, None, &mut |_| {});
            assert!(catalog.is_ok(), "{:?}", catalog.err());
            black_box(catalog)
        })
    });
    // Fill the cache once, then every load is warm.
    let _ = Catalog::load(&paths, Some(&cache), &mut |_| {});
    group.bench_function("warm", |b| {
        b.iter(|| black_box(Catalog::load(&paths, Some(&cache), &mut |_| {})))
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    targets = builtin, generated_folder
}
criterion_main!(benches);
