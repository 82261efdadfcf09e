//! Exported event logs with activation events, through the real binary:
//! `actwiz evidence LOG`, `walk --evidence LOG` and `--plain --evidence LOG`
//! on tests/fixtures/evidence/Application_activation.evtx (a client's log)
//! and the two logs of a KMS host beside it (all written by
//! make_activation_evtx.py; see the README there), and damaged copies.
#![allow(clippy::disallowed_macros)] // proptest's macros print

mod common;

use std::path::{Path, PathBuf};

use common::{actwiz, stdout_of_success};
use proptest::prelude::*;

const LOG: &str = "tests/fixtures/evidence/Application_activation.evtx";
/// The KMS host's "Key Management Service" log: two 12290 records.
const HOST_KMS_LOG: &str = "tests/fixtures/evidence/KMS_host_KeyManagementService.evtx";
/// The KMS host's Application log: a 12294, then a 12293.
const HOST_APP_LOG: &str = "tests/fixtures/evidence/KMS_host_Application.evtx";

fn log_bytes() -> Vec<u8> {
    std::fs::read(LOG).expect("fixture log")
}

fn json_of(args: &[&str]) -> serde_json::Value {
    let out = stdout_of_success(actwiz().args(args));
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"))
}

/// The fixture is a well-formed log, not one only a lenient reader takes:
/// the header's and the chunk's CRC32s hold, and all six records read.
#[test]
fn the_fixture_is_a_log_with_valid_checksums() {
    let settings = evtx::ParserSettings::new().validate_checksums(true);
    let mut parser = evtx::EvtxParser::from_path(LOG)
        .expect("opens")
        .with_configuration(settings);
    assert!(parser.header().validate_checksum(), "file header CRC32");
    let mut chunks = 0;
    for chunk in parser.chunks() {
        let chunk = chunk.expect("chunk reads with its checksums checked");
        assert!(chunk.validate_checksum(), "chunk CRC32s");
        chunks += 1;
    }
    assert_eq!(chunks, 1);
    let ids: Vec<u64> = parser
        .records()
        .map(|r| r.expect("record").event_record_id)
        .collect();
    assert_eq!(ids, (2101..=2106).collect::<Vec<_>>());
}

/// The script beside the fixture writes exactly the committed file, so the
/// fixture can be read (and changed) as source.
#[test]
fn the_fixture_is_what_its_script_writes() {
    let Some(python) = common::require_tool("python3", "python3", "to rebuild the .evtx fixture")
    else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let status = std::process::Command::new(python)
        .arg("tests/fixtures/evidence/make_activation_evtx.py")
        .arg(dir.path())
        .status()
        .expect("python3 runs");
    assert!(status.success());
    for log in [LOG, HOST_KMS_LOG, HOST_APP_LOG] {
        let name = Path::new(log).file_name().expect("a file name");
        assert!(
            std::fs::read(dir.path().join(name)).expect("rebuilt")
                == std::fs::read(log).expect("fixture"),
            "make_activation_evtx.py no longer writes {log}: run it and commit the result"
        );
    }
}

/// The host's logs are well-formed too, each record where the script put
/// it, in its log: 12290 in "Key Management Service", 12293 and 12294 in
/// Application (KB 2553863, KB 974998).
#[test]
fn the_host_logs_are_logs_with_valid_checksums() {
    for (log, ids, channel) in [
        (HOST_KMS_LOG, vec![3001, 3002], "Key Management Service"),
        (HOST_APP_LOG, vec![4001, 4002], "Application"),
    ] {
        let settings = evtx::ParserSettings::new().validate_checksums(true);
        let mut parser = evtx::EvtxParser::from_path(log)
            .expect("opens")
            .with_configuration(settings);
        assert!(
            parser.header().validate_checksum(),
            "{log}: file header CRC32"
        );
        let records: Vec<_> = parser.records().map(|r| r.expect("record")).collect();
        let read: Vec<u64> = records.iter().map(|r| r.event_record_id).collect();
        assert_eq!(read, ids, "{log}");
        for record in &records {
            assert!(
                record
                    .data
                    .contains(&format!("<Channel>{channel}</Channel>")),
                "{log}: {}",
                record.data
            );
            assert!(record
                .data
                .contains("<Computer>kms01.contoso.com</Computer>"));
        }
    }
}

/// Where each fact of a log comes from, keyed by fact name.
fn facts_of(log: &str) -> serde_json::Value {
    json_of(&["evidence", log, "--json"])["facts"].clone()
}

/// On the KMS host, each 12290 is a request it processed: the newest one
/// (record 3002, client02 turned away with 0xC004F038) gives the result
/// code and the minimum count, not the older success of record 3001. Both
/// records are kept: with the newest one damaged, the older one answers.
#[test]
fn the_kms_host_log_gives_the_newest_request_processed() {
    let scan = actwiz::evtx::scan(Path::new(HOST_KMS_LOG)).expect("reads");
    assert_eq!((scan.records, scan.provider_records), (2, 2));
    let json = json_of(&["evidence", HOST_KMS_LOG, "--json"]);
    assert_eq!(json["codes"], serde_json::json!(["0xC004F038"]));
    let newest = "event 12290, record 3002, 2025-01-15T11:02:40Z";
    let facts = &json["facts"];
    for (name, value) in [("event_12290_code", "0xC004F038"), ("minimum_count", "25")] {
        assert_eq!(facts[name]["value"], value, "{name}: {facts}");
        assert_eq!(facts[name]["from"], newest, "{name}");
    }
    let mut bytes = std::fs::read(HOST_KMS_LOG).expect("fixture");
    let at = record_offset(&bytes, 3002).expect("record 3002");
    bytes[at..at + 4].copy_from_slice(b"XXXX");
    let dir = tempfile::tempdir().expect("tempdir");
    let (code, _, stderr, path) = evidence_of(dir.path(), &bytes, true);
    assert_eq!(code, Some(0), "{stderr}");
    let older = facts_of(&path.to_string_lossy());
    let from = "event 12290, record 3001, 2025-01-14T16:05:10Z";
    assert_eq!(older["minimum_count"]["from"], from, "{older}");
    assert_eq!(older["event_12290_code"]["value"], "0x00000000", "{older}");
}

/// The host's Application log: publishing to DNS failed today (12293,
/// 0x80072338) after it succeeded last month (12294). The newest event
/// gives the result, so the DNS tree's question about these events is
/// answered "12293"; without it, the 12294 says "succeeded".
#[test]
fn the_kms_host_application_log_gives_the_newest_publishing_result() {
    let scan = actwiz::evtx::scan(Path::new(HOST_APP_LOG)).expect("reads");
    assert_eq!((scan.records, scan.provider_records), (2, 2));
    let json = json_of(&["evidence", HOST_APP_LOG, "--json"]);
    assert_eq!(json["codes"], serde_json::json!(["0x80072338"]));
    let newest = "event 12293, record 4002, 2025-01-15T09:30:00Z";
    let facts = &json["facts"];
    for (name, value) in [
        ("dns_publishing_result", "failed"),
        ("dns_publishing_domain", "contoso.com"),
        ("event_12293_code", "0x80072338"),
    ] {
        assert_eq!(facts[name]["value"], value, "{name}: {facts}");
        assert_eq!(facts[name]["from"], newest, "{name}");
    }
    let mut bytes = std::fs::read(HOST_APP_LOG).expect("fixture");
    let at = record_offset(&bytes, 4002).expect("record 4002");
    bytes[at..at + 4].copy_from_slice(b"XXXX");
    let dir = tempfile::tempdir().expect("tempdir");
    let (code, _, stderr, path) = evidence_of(dir.path(), &bytes, true);
    assert_eq!(code, Some(0), "{stderr}");
    let older = facts_of(&path.to_string_lossy());
    let from = "event 12294, record 4001, 2024-12-16T08:00:00Z";
    assert_eq!(
        older["dns_publishing_result"]["value"], "succeeded",
        "{older}"
    );
    assert_eq!(older["dns_publishing_result"]["from"], from);
    assert_eq!(older["dns_publishing_domain"]["value"], "contoso.com");
    assert!(older.get("event_12293_code").is_none(), "{older}");
}

/// The newest event gives each fact: the host tried last (record 2105), not
/// the one of last week's renewal (2101); codes come newest first (slui's
/// 8198, then the socket error inside 12288).
#[test]
fn evidence_json_reads_the_activation_events_newest_first() {
    let json = json_of(&["evidence", LOG, "--json"]);
    assert_eq!(
        json["codes"],
        serde_json::json!(["0xC004F074", "0x8007274D"])
    );
    let facts = &json["facts"];
    let newest_request = "event 12288, record 2105, 2025-01-15T10:12:03.5Z";
    for (name, value, from) in [
        ("event_12288_code", "0x8007274D", newest_request),
        ("kms_host", "kms01.contoso.com", newest_request),
        ("kms_port", "1688", newest_request),
        ("license_status_code", "5", newest_request),
        (
            "event_8198_code",
            "0xC004F074",
            "event 8198, record 2106, 2025-01-15T10:12:04Z",
        ),
        // Only last week's response gives a count.
        (
            "current_count",
            "30",
            "event 12289, record 2102, 2025-01-08T09:00:00.625Z",
        ),
        // ... and it answered last week's request, not the newest one.
        ("kms_response_logged", "no", newest_request),
    ] {
        assert_eq!(facts[name]["value"], value, "{name}: {facts}");
        assert_eq!(facts[name]["from"], from, "{name}");
    }
}

/// The Security-SPP event outside the activation family (16384) and the
/// 12288 of another provider give nothing: no host, no code, no origin.
#[test]
fn other_events_of_the_log_are_ignored() {
    let json = json_of(&["evidence", LOG, "--json"]).to_string();
    for absent in [
        "evil.example.com",
        "0xC004F06C",
        "record 2103",
        "record 2104",
    ] {
        assert!(!json.contains(absent), "{absent}: {json}");
    }
    let out = stdout_of_success(actwiz().args(["evidence", LOG]));
    assert!(
        out.starts_with("Recognised: event 8198, event 12288, event 12289\n"),
        "{out}"
    );
}

/// The flow for the code the log names suggests the answer the newest
/// 12288 gives (another error code inside it), with the facts it fills.
#[test]
fn walk_with_the_log_suggests_from_event_12288() {
    let json = json_of(&["walk", "0xC004F074", "--evidence", LOG, "--json"]);
    assert_eq!(json["question"]["id"], "f074_event_12288");
    assert_eq!(json["question"]["suggested"]["choice"], "other_code");
    assert_eq!(
        json["from_evidence"]["kms_host"],
        "event 12288, record 2105, 2025-01-15T10:12:03.5Z"
    );
}

/// Plain mode with `--evidence LOG` shows the facts, opens the code the
/// log names and marks the suggested answer with its origin.
#[test]
fn plain_mode_opens_the_code_of_the_log() {
    let out = stdout_of_success(
        actwiz()
            .args(["--plain", "--lang", "en", "--evidence", LOG])
            .write_stdin("q\n"),
    );
    assert!(
        out.contains("  kms_host             kms01.contoso.com  (event 12288, record 2105, "),
        "{out}"
    );
    assert!(
        out.contains("\n0xC004F074  The Software Protection Service"),
        "{out}"
    );
    assert!(
        out.contains("Suggested answer: 2) It shows another error code"),
        "{out}"
    );
    assert!(out.contains("; event 12288, record 2105, "), "{out}");
}

/// In French, the record is named as French speakers read it; the JSON of
/// the same run keeps the English origin.
#[test]
fn plain_mode_in_french_names_the_record_in_french() {
    let out = stdout_of_success(
        actwiz()
            .args(["--plain", "--lang", "fr", "--evidence", LOG])
            .write_stdin("q\n"),
    );
    assert!(
        out.contains("(événement 12288, enregistrement 2105, 2025-01-15T10:12:03.5Z)"),
        "{out}"
    );
    assert!(!out.contains("record 2105"), "{out}");
}

/// Runs `actwiz evidence` on `bytes`, written in `dir`; returns the exit
/// code, standard output and error, and the file's path, after checking
/// nothing panicked.
fn evidence_of(dir: &Path, bytes: &[u8], json: bool) -> (Option<i32>, String, String, PathBuf) {
    let path = dir.join("Application.evtx");
    std::fs::write(&path, bytes).expect("write");
    let mut cmd = actwiz();
    cmd.arg("evidence").arg(&path);
    if json {
        cmd.arg("--json");
    }
    let out = cmd.output().expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{stderr}");
    (out.status.code(), stdout, stderr, path)
}

/// A copy cut short (mid-chunk, or header only) or with its chunk signature
/// overwritten: a clear error naming the file, exit 1, no panic.
#[test]
fn a_truncated_or_corrupted_log_is_refused_clearly() {
    let bytes = log_bytes();
    let mut bad_chunk = bytes.clone();
    bad_chunk[4096..4104].copy_from_slice(b"XXXXXXXX");
    for (what, damaged) in [
        ("cut mid-chunk", bytes[..8000].to_vec()),
        ("header only", bytes[..4096].to_vec()),
        ("cut in the header", bytes[..3000].to_vec()),
        ("bad chunk signature", bad_chunk),
    ] {
        let dir = tempfile::tempdir().expect("tempdir");
        let (code, _, stderr, path) = evidence_of(dir.path(), &damaged, false);
        assert_eq!(code, Some(1), "{what}: {stderr}");
        let reason = format!("{}: not a readable exported event log: ", path.display());
        assert!(
            stderr.starts_with(&format!("actwiz: {reason}")),
            "{what}: {stderr}"
        );
        // With --json, the error is JSON on standard output.
        let (code, stdout, _, _) = evidence_of(dir.path(), &damaged, true);
        assert_eq!(code, Some(1), "{what}: {stdout}");
        let json: serde_json::Value = serde_json::from_str(&stdout).expect("JSON error");
        assert_eq!(json["error"]["kind"], "evtx", "{what}: {stdout}");
        let message = json["error"]["message"].as_str().unwrap_or_default();
        assert!(message.starts_with(&reason), "{what}: {message}");
    }
}

/// One damaged record does not spoil the others: with the 8198 record's
/// signature overwritten, the 12288 before it is still read.
#[test]
fn a_damaged_record_leaves_the_others_readable() {
    let mut bytes = log_bytes();
    let at = record_offset(&bytes, 2106).expect("record 2106");
    bytes[at..at + 4].copy_from_slice(b"XXXX");
    let dir = tempfile::tempdir().expect("tempdir");
    let (code, _, stderr, path) = evidence_of(dir.path(), &bytes, true);
    assert_eq!(code, Some(0), "{stderr}");
    let json = json_of(&["evidence", &path.to_string_lossy(), "--json"]);
    assert_eq!(json["codes"], serde_json::json!(["0x8007274D"]));
    assert_eq!(json["facts"]["kms_host"]["value"], "kms01.contoso.com");
    assert!(json["facts"].get("event_8198_code").is_none(), "{json}");
}

/// The file header, the chunk header and the records (the chunk's free
/// space starts at 5113).
const USED_BYTES: usize = 4096 + 5113;

/// Where the record with `id` starts: its signature, then its size and id.
fn record_offset(bytes: &[u8], id: u64) -> Option<usize> {
    (4096 + 512..bytes.len() - 16)
        .find(|&at| bytes[at..at + 4] == *b"**\0\0" && bytes[at + 8..at + 16] == id.to_le_bytes())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Any bytes of the log overwritten (in the headers and the records:
    /// the rest of the chunk is unused), any length kept: the reader
    /// returns facts or an error, never panics.
    #[test]
    fn damaged_copies_never_panic(
        changes in proptest::collection::vec((0usize..USED_BYTES, any::<u8>()), 1..40),
        keep in 4096usize..=69632,
    ) {
        let mut bytes = log_bytes();
        for (at, value) in changes {
            bytes[at] = value;
        }
        bytes.truncate(keep);
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("Application.evtx");
        std::fs::write(&path, &bytes).expect("write");
        let _ = actwiz::evtx::scan(Path::new(&path));
    }
}

/// The DNS tree's question on the host's publishing events is answered
/// from the host's Application log: the newest event is the failed 12293.
#[test]
fn walk_with_the_host_log_suggests_event_12293() {
    let mut args = vec!["walk", "0x8007232B", "--evidence", HOST_APP_LOG, "--json"];
    for answer in ["yes", "yes", "resolves", "yes", "no_record", "no"] {
        args.extend(["-a", answer]);
    }
    let json = json_of(&args);
    assert_eq!(json["question"]["id"], "host_publish_events", "{json}");
    assert_eq!(json["question"]["suggested"]["choice"], "event_12293");
    assert_eq!(
        json["question"]["suggested"]["facts"]["dns_publishing_result"]["from"],
        "event 12293, record 4002, 2025-01-15T09:30:00Z"
    );
}
