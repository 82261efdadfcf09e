//! The cache of validated folders: a second start on an unchanged folder
//! reads no YAML; an edit, a corrupt cache file or a read-only cache folder
//! only mean the folder is read again.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use common::actwiz;

const VALID: &str = include_str!("fixtures/ports/ports.yaml");

/// actwiz with its own cache folder (the common helper turns caching off).
fn with_cache(cache: &Path) -> Command {
    let mut cmd = actwiz();
    cmd.env_remove("ACTWIZ_NO_CACHE")
        .env("XDG_CACHE_HOME", cache)
        .env("LOCALAPPDATA", cache);
    cmd
}

fn cache_files(cache: &Path) -> Vec<PathBuf> {
    let dir = if cfg!(windows) {
        cache.join("actwiz").join("cache")
    } else {
        cache.join("actwiz")
    };
    fs::read_dir(dir)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default()
}

fn lookup(cache: &Path, flows: &Path) -> String {
    let out = with_cache(cache)
        .args(["--lang", "en", "--flows"])
        .arg(flows)
        .args(["lookup", "0xC0DE0002"])
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Proves a start took the folder from the cache: the YAML is made
/// unreadable as YAML but keeps its size and modification time, so only a
/// start that does not read it can still succeed.
fn spoil_keeping_size_and_time(file: &Path) {
    let meta = fs::metadata(file).expect("metadata");
    let modified = meta.modified().expect("mtime");
    fs::write(file, vec![b'['; meta.len() as usize]).expect("write");
    fs::File::options()
        .write(true)
        .open(file)
        .and_then(|f| f.set_modified(modified))
        .expect("set mtime");
}

#[test]
fn an_unchanged_folder_is_taken_from_the_cache_without_reading_yaml() {
    let cache = tempfile::tempdir().expect("temp");
    let flows = tempfile::tempdir().expect("temp");
    let file = flows.path().join("demo.yaml");
    fs::write(&file, VALID).expect("write");

    let first = lookup(cache.path(), flows.path());
    assert!(first.contains("Port error."), "{first}");
    assert_eq!(
        cache_files(cache.path()).len(),
        1,
        "one cache file per folder"
    );

    spoil_keeping_size_and_time(&file);
    assert_eq!(lookup(cache.path(), flows.path()), first, "a hit");

    // --no-cache (and ACTWIZ_NO_CACHE) read the folder: now broken.
    with_cache(cache.path())
        .arg("--flows")
        .arg(flows.path())
        .args(["--no-cache", "lookup", "0xC0DE0002"])
        .assert()
        .code(1);
    with_cache(cache.path())
        .env("ACTWIZ_NO_CACHE", "1")
        .arg("--flows")
        .arg(flows.path())
        .args(["lookup", "0xC0DE0002"])
        .assert()
        .code(1);
}

#[test]
fn an_edit_is_seen_at_the_next_start() {
    let cache = tempfile::tempdir().expect("temp");
    let flows = tempfile::tempdir().expect("temp");
    let file = flows.path().join("demo.yaml");
    fs::write(&file, VALID).expect("write");
    assert!(lookup(cache.path(), flows.path()).contains("Port error."));

    fs::write(&file, VALID.replace("Port error.", "Port trouble.")).expect("write");
    let after = lookup(cache.path(), flows.path());
    assert!(
        after.contains("Port trouble."),
        "a miss after the edit: {after}"
    );

    // A new file in the folder is a miss too.
    fs::write(
        flows.path().join("more.yaml"),
        VALID
            .replace("0xC0DE0002", "0xC0DE0003")
            .replace("family: ports", "family: more"),
    )
    .expect("write");
    with_cache(cache.path())
        .arg("--flows")
        .arg(flows.path())
        .args(["lookup", "0xC0DE0003"])
        .assert()
        .success();
}

#[test]
fn a_corrupt_cache_file_is_ignored_and_rewritten() {
    let cache = tempfile::tempdir().expect("temp");
    let flows = tempfile::tempdir().expect("temp");
    fs::write(flows.path().join("demo.yaml"), VALID).expect("write");
    let first = lookup(cache.path(), flows.path());
    let [cached] = cache_files(cache.path())
        .try_into()
        .expect("one cache file");
    let good = fs::read(&cached).expect("read");

    // Truncated (by half, by one byte), one byte flipped in the middle, one
    // flipped near the end (in the flow's own section, checked only when
    // the code is read: it is read again from its unchanged YAML and the
    // cache file repaired), garbage, empty.
    let mut flipped = good.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 0x20;
    let mut flipped_in_flow = good.clone();
    let near_end = flipped_in_flow.len() - 10;
    flipped_in_flow[near_end] ^= 0x01;
    for damaged in [
        good[..good.len() / 2].to_vec(),
        good[..good.len() - 1].to_vec(),
        flipped,
        flipped_in_flow,
        b"not a cache".to_vec(),
        Vec::new(),
    ] {
        fs::write(&cached, &damaged).expect("write");
        assert_eq!(lookup(cache.path(), flows.path()), first);
        assert_eq!(fs::read(&cached).expect("read"), good, "rewritten");
    }
}

#[cfg(unix)]
#[test]
fn a_read_only_cache_folder_only_means_no_cache() {
    use std::os::unix::fs::PermissionsExt;
    let cache = tempfile::tempdir().expect("temp");
    let flows = tempfile::tempdir().expect("temp");
    fs::write(flows.path().join("demo.yaml"), VALID).expect("write");
    let dir = cache.path().join("actwiz");
    fs::create_dir(&dir).expect("mkdir");
    fs::set_permissions(&dir, fs::Permissions::from_mode(0o555)).expect("chmod");
    // Root writes anyway; then there is nothing to test.
    let writable = fs::write(dir.join("probe"), b"").is_ok();
    let out = lookup(cache.path(), flows.path());
    assert!(out.contains("Port error."), "{out}");
    assert_eq!(lookup(cache.path(), flows.path()), out);
    if !writable {
        assert!(cache_files(cache.path()).is_empty(), "nothing written");
    }
    // Neither is a cache "folder" that is a file.
    let file_cache = tempfile::tempdir().expect("temp");
    fs::write(file_cache.path().join("actwiz"), b"").expect("write");
    assert_eq!(lookup(file_cache.path(), flows.path()), out);
    fs::set_permissions(&dir, fs::Permissions::from_mode(0o755)).expect("chmod");
}

/// The search index is cached beside the folder's flows: the first search
/// writes it, the next start reads it, and a damaged, truncated or foreign
/// index file is detected and rebuilt (same results, file rewritten), never
/// a panic.
#[test]
fn the_search_index_is_cached_checked_and_rebuilt_when_damaged() {
    use actwiz::core::catalog::Catalog;
    use actwiz::core::search::SearchIndex;

    let cache_dir = tempfile::tempdir().expect("temp");
    let cache = actwiz::core::catalog::cache::Cache::at(cache_dir.path());
    let flows = tempfile::tempdir().expect("temp");
    fs::write(flows.path().join("demo.yaml"), VALID).expect("write");
    let folders = [flows.path().to_path_buf()];
    let load = || Catalog::load(&folders, Some(&cache), &mut |_| {}).expect("loads");
    let queries = [
        "port error",
        "0xC0DE0002",
        "C0DE",
        "kms host",
        "erreur de port",
    ];
    let results =
        |index: &SearchIndex| -> Vec<_> { queries.iter().map(|q| index.search(q, 10)).collect() };

    let catalog = load();
    let fresh = results(&SearchIndex::build(&catalog));
    assert_eq!(results(&SearchIndex::new(&catalog)), fresh, "first search");
    let index_file = fs::read_dir(cache_dir.path())
        .expect("cache written")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("index-"))
        })
        .expect("an index file");
    let good = fs::read(&index_file).expect("read");
    let written = || {
        fs::metadata(&index_file)
            .and_then(|m| m.modified())
            .expect("mtime")
    };
    let first_written = written();

    // A hit: the next start reads it (and gives the same results).
    let catalog = load();
    assert_eq!(
        results(&SearchIndex::new(&catalog)),
        fresh,
        "from the cache"
    );
    assert_eq!(written(), first_written, "not rewritten");

    let mut flipped = good.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 0x20;
    for damaged in [
        good[..good.len() / 2].to_vec(),
        good[..good.len() - 1].to_vec(),
        flipped,
        b"not an index".to_vec(),
        Vec::new(),
    ] {
        fs::write(&index_file, &damaged).expect("write");
        let catalog = load();
        assert_eq!(results(&SearchIndex::new(&catalog)), fresh);
        let now = fs::read(&index_file).expect("read");
        assert!(
            now == good,
            "rewritten ({} damaged bytes; {} / {} now)",
            damaged.len(),
            now.len(),
            good.len()
        );
    }

    // A folder with other files has another key: its index is rebuilt, not
    // taken from the old one.
    fs::write(
        flows.path().join("demo.yaml"),
        VALID.replace("Port error.", "Port trouble."),
    )
    .expect("write");
    let catalog = load();
    let hits = SearchIndex::new(&catalog).search("port trouble", 1).hits;
    assert!(hits[0].matched.text.contains("Port trouble."), "{hits:?}");
}

/// A folder of two files whose cache has one flow's section damaged: the
/// other file is read from the cache as it is, the damaged one from its
/// YAML (unchanged), and the cache file is repaired; when that YAML has
/// changed too, the next start reads the folder again.
#[test]
fn a_damaged_flow_section_is_read_from_its_yaml_and_repaired() {
    let cache = tempfile::tempdir().expect("temp");
    let flows = tempfile::tempdir().expect("temp");
    let more = VALID
        .replace("0xC0DE0002", "0xC0DE0003")
        .replace("family: ports", "family: more");
    fs::write(flows.path().join("demo.yaml"), VALID).expect("write");
    fs::write(flows.path().join("more.yaml"), &more).expect("write");
    let first = lookup(cache.path(), flows.path());
    let [cached] = cache_files(cache.path())
        .try_into()
        .expect("one cache file");
    let good = fs::read(&cached).expect("read");
    // The second file's flow is the last section: flip a byte in it.
    let mut damaged = good.clone();
    let near_end = damaged.len() - 10;
    damaged[near_end] ^= 0x01;

    fs::write(&cached, &damaged).expect("write");
    assert_eq!(lookup(cache.path(), flows.path()), first, "other file");
    assert_eq!(fs::read(&cached).expect("read"), damaged, "not read yet");
    let code = |c: &str| {
        with_cache(cache.path())
            .args(["--lang", "en", "--flows"])
            .arg(flows.path())
            .args(["lookup", c])
            .output()
            .expect("runs")
    };
    let out = code("0xC0DE0003");
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("Port error."));
    assert_eq!(fs::read(&cached).expect("read"), good, "repaired");

    // Damaged again and its YAML changed: a miss (the key changed), the
    // folder is read again and the new text shown.
    fs::write(&cached, &damaged).expect("write");
    fs::write(
        flows.path().join("more.yaml"),
        more.replace("Port error.", "Port trouble."),
    )
    .expect("write");
    let out = code("0xC0DE0003");
    assert!(String::from_utf8_lossy(&out.stdout).contains("Port trouble."));
}
