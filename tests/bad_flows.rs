//! The bad-flow corpus (issue 9): every broken or hostile folder of
//! `bad_flows/corpus.rs` goes through `actwiz check DIR`, `list --flows DIR`
//! and `lookup CODE --flows DIR`. Each run must end by itself (a guard kills
//! it after 60 s: a hang fails the case), never panic, refuse a broken
//! folder with exit 1 and a `FILE:LINE:COL:` problem where a position
//! exists, print no control character, and print a bounded amount (no echo
//! of a file's contents).

#![cfg(unix)] // pipes, symbolic links and file names with any byte

mod common;
#[path = "bad_flows/corpus.rs"]
mod corpus;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use common::actwiz;
use corpus::{Case, Entry, Expect};

/// The most a run may print, all streams together. A problem line is short
/// (excerpts are capped), and the broken cases have a few problems each.
const MAX_OUTPUT_BYTES: usize = 16 * 1024;
const MAX_LINE_CHARS: usize = 1_000;

/// What may not reach a terminal, by the definition, written out
/// here rather than taken from the sanitizer under test: C0 controls but
/// `\n` and `\t`, DEL, C1 controls, bidi controls and marks, and the
/// invisible characters that hide in a copied command.
fn is_forbidden(c: char) -> bool {
    (c < ' ' && c != '\n' && c != '\t')
        || ('\u{7f}'..='\u{9f}').contains(&c)
        || matches!(
            c,
            '\u{61c}'
                | '\u{200b}'..='\u{200f}'
                | '\u{2028}'..='\u{202e}'
                | '\u{2060}'..='\u{2069}'
                | '\u{feff}'
        )
}

/// Where `name` is followed by `:LINE:COL:` in `text`, if anywhere; with
/// `line`, only at that line.
fn has_position(text: &str, name: &str, line: Option<usize>) -> bool {
    let pattern = format!("{name}:");
    text.match_indices(&pattern).any(|(at, _)| {
        let rest = &text[at + pattern.len()..];
        let mut parts = rest.splitn(3, ':');
        let (Some(l), Some(c), Some(_)) = (parts.next(), parts.next(), parts.next()) else {
            return false;
        };
        let numeric = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        numeric(l) && numeric(c) && line.is_none_or(|want| l.parse() == Ok(want))
    })
}

/// Makes the case's folder in `dir`; returns the path to give actwiz.
fn materialize(case: &Case, dir: &Path) -> PathBuf {
    use std::os::unix::ffi::OsStrExt;
    for (name, entry) in &case.entries {
        let path = dir.join(std::ffi::OsStr::from_bytes(name));
        match entry {
            Entry::File(bytes) => std::fs::write(&path, bytes).expect("write"),
            Entry::Fifo => {
                let status = std::process::Command::new("mkfifo")
                    .arg(&path)
                    .status()
                    .expect("mkfifo runs");
                assert!(status.success(), "mkfifo");
            }
            Entry::Link(target) => std::os::unix::fs::symlink(target, &path).expect("symlink"),
            Entry::Dir => std::fs::create_dir(&path).expect("mkdir"),
            Entry::Sparse(len) => std::fs::File::create(&path)
                .and_then(|f| f.set_len(*len))
                .expect("sparse file"),
        }
    }
    match case.entries.first() {
        Some((name, _)) if case.file_only => dir.join(std::ffi::OsStr::from_bytes(name)),
        _ => dir.to_path_buf(),
    }
}

/// Runs one command of a case; returns what is wrong with it, if anything.
fn run(case: &Case, args: &[&std::ffi::OsStr]) -> Vec<String> {
    let out = actwiz()
        .args(args)
        .timeout(Duration::from_secs(60))
        .output()
        .expect("actwiz runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let text = format!("{stdout}{stderr}");
    let what = format!("{} {:?}", case.name, args);
    let mut wrong = Vec::new();
    let code = out.status.code();
    let excerpt: String = text.chars().take(600).collect();
    match code {
        None => wrong.push(format!("{what}: killed (hang or signal): {excerpt}")),
        Some(101) => wrong.push(format!("{what}: panicked: {excerpt}")),
        _ => {}
    }
    if text.contains("panicked") {
        wrong.push(format!("{what}: panic message: {excerpt}"));
    }
    if let Some(c) = text.chars().find(|&c| is_forbidden(c)) {
        wrong.push(format!("{what}: U+{:04X} in the output", u32::from(c)));
    }
    if text.len() > MAX_OUTPUT_BYTES {
        wrong.push(format!("{what}: {} bytes of output", text.len()));
    }
    if let Some(line) = text.lines().find(|l| l.chars().count() > MAX_LINE_CHARS) {
        wrong.push(format!(
            "{what}: a line of {} characters",
            line.chars().count()
        ));
    }
    match &case.expect {
        Expect::Valid => {
            if code != Some(0) {
                wrong.push(format!(
                    "{what}: exit {code:?} for a valid folder: {excerpt}"
                ));
            }
        }
        Expect::At(name, line) => {
            if code != Some(1) {
                wrong.push(format!("{what}: exit {code:?}, expected 1: {excerpt}"));
            }
            if !has_position(&text, name, *line) {
                wrong.push(format!(
                    "{what}: no {name}:{}:COL: problem in: {excerpt}",
                    line.map_or("LINE".to_string(), |l| l.to_string())
                ));
            }
        }
        Expect::Named(name) => {
            if code != Some(1) {
                wrong.push(format!("{what}: exit {code:?}, expected 1: {excerpt}"));
            }
            if !text.contains(name) {
                wrong.push(format!("{what}: {name:?} not named in: {excerpt}"));
            }
        }
    }
    wrong
}

fn check_case(case: &Case) -> Vec<String> {
    let dir = tempfile::tempdir().expect("temp dir");
    let target = materialize(case, dir.path());
    let target = target.as_os_str();
    let os = std::ffi::OsStr::new;
    let mut wrong = run(case, &[os("check"), target]);
    wrong.extend(run(case, &[os("list"), os("--flows"), target]));
    wrong.extend(run(
        case,
        &[os("lookup"), os(case.code), os("--flows"), target],
    ));
    wrong
}

#[cfg(unix)]
#[test]
fn every_bad_flow_folder_is_refused_cleanly_or_shown_clean() {
    let cases = corpus::cases();
    let broken = cases
        .iter()
        .filter(|c| !matches!(c.expect, Expect::Valid))
        .count();
    assert!(cases.len() >= 150, "{} cases", cases.len());
    assert!(broken >= 100, "{broken} broken cases");
    let mut names: Vec<&str> = cases.iter().map(|c| c.name.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), cases.len(), "case names are unique");

    // The cases run on a few threads: each is three short processes.
    let next = AtomicUsize::new(0);
    let failures = Mutex::new(Vec::new());
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get().clamp(2, 4));
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(case) = cases.get(i) else { break };
                let wrong = check_case(case);
                failures.lock().expect("lock").extend(wrong);
            });
        }
    });
    let failures = failures.into_inner().expect("lock");
    assert!(
        failures.is_empty(),
        "{} failure(s) in {} cases:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

/// The checked-in broken fixtures belong to the corpus too.
#[test]
fn every_broken_fixture_is_refused_with_a_position_or_a_name() {
    let mut seen = 0;
    for entry in std::fs::read_dir("tests/fixtures/broken").expect("fixtures") {
        let dir = entry.expect("entry").path();
        let out = actwiz()
            .arg("check")
            .arg(&dir)
            .timeout(Duration::from_secs(60))
            .output()
            .expect("runs");
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(out.status.code(), Some(1), "{}: {text}", dir.display());
        assert!(
            has_position(&text, ".yaml", None) || text.contains("no flow files"),
            "{}: {text}",
            dir.display()
        );
        assert!(
            !text.chars().any(is_forbidden),
            "{}: {text:?}",
            dir.display()
        );
        seen += 1;
    }
    assert!(seen >= 20, "{seen} fixtures");
}

/// `ACTWIZ_BAD_FLOWS_OUT=DIR` writes the corpus out (fuzz seeds, runs of
/// other versions); without it, this only checks the corpus builds.
#[test]
fn the_corpus_can_be_written_out() {
    let cases = corpus::cases();
    assert!(cases.iter().filter(|c| c.is_plain_files()).count() >= 100);
    if let Some(out) = std::env::var_os("ACTWIZ_BAD_FLOWS_OUT") {
        let written = corpus::write_out(Path::new(&out)).expect("write corpus");
        assert!(written >= 100);
    }
}

#[test]
fn the_position_matcher_needs_line_and_column() {
    assert!(has_position("/t/demo.yaml:3:7: bad", "demo.yaml", None));
    assert!(has_position("/t/demo.yaml:3:7: bad", "demo.yaml", Some(3)));
    assert!(!has_position("/t/demo.yaml:3:7: bad", "demo.yaml", Some(4)));
    assert!(!has_position("/t/demo.yaml: too large", "demo.yaml", None));
    assert!(!has_position("/t/demo.yaml:3: bad", "demo.yaml", None));
    assert!(is_forbidden('\u{1b}') && is_forbidden('\u{9b}') && is_forbidden('\u{202e}'));
    assert!(!is_forbidden('\n') && !is_forbidden('é') && !is_forbidden('\t'));
}
