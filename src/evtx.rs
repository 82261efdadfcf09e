//! Exported event logs (`.evtx`): the activation events of a caller's
//! Application (or Key Management Service) log, read off the machine.
//!
//! An edge module: it opens the file through the `evtx` crate and hands each
//! activation record's XML to the evidence reader, newest first, so the
//! newest event gives each fact.

use std::path::Path;

use crate::core::evidence::{self, Detail, Evidence, Origin, SourceKind};

/// At most this many activation events are read (the newest ones).
const MAX_EVENTS: usize = 500;

/// Why a log could not be read.
#[derive(Debug, thiserror::Error)]
#[error("not a readable exported event log: {0}")]
pub struct EvtxError(String);

/// What reading a log found.
#[derive(Debug)]
pub struct Scan {
    pub evidence: Evidence,
    /// Records read.
    pub records: usize,
    /// Records of the activation providers (any event id).
    pub provider_records: usize,
}

/// Reads the activation events of an exported log.
pub fn read(path: &Path) -> Result<Evidence, EvtxError> {
    scan(path).map(|scan| scan.evidence)
}

/// Reads an exported log, counting what it holds.
pub fn scan(path: &Path) -> Result<Scan, EvtxError> {
    let mut parser = evtx::EvtxParser::from_path(path).map_err(|e| EvtxError(e.to_string()))?;
    let mut found = Vec::new();
    let mut records = 0;
    for record in parser.records() {
        // A damaged record does not spoil the others.
        let Ok(record) = record else { continue };
        records += 1;
        if !is_activation_record(&record.data) {
            continue;
        }
        found.push((record.timestamp, record.event_record_id, record.data));
    }
    if records == 0 {
        return Err(EvtxError("no readable record".into()));
    }
    let provider_records = found.len();
    Ok(Scan {
        evidence: from_records(found),
        records,
        provider_records,
    })
}

/// The cheap test before parsing: the provider is one of the activation ones.
fn is_activation_record(xml: &str) -> bool {
    evidence::ACTIVATION_PROVIDERS
        .iter()
        .any(|p| xml.contains(p))
}

/// Evidence from (time, record id, XML) records, newest first.
fn from_records<T: Ord + std::fmt::Display>(mut records: Vec<(T, u64, String)>) -> Evidence {
    records.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)));
    records.truncate(MAX_EVENTS);
    let mut evidence = Evidence::new();
    // For each request (12288), whether a response (12289) is logged at or
    // after it: records come newest first, so a response met before the
    // request is newer than it.
    let mut answered_requests = Vec::new();
    let mut response_seen = false;
    for (time, id, xml) in &records {
        let origin = Origin {
            kind: SourceKind::Text,
            line: 0,
            detail: Some(Detail::Record {
                number: *id,
                time: time.to_string(),
            }),
        };
        match evidence::read_event_xml(xml, origin.clone(), &mut evidence) {
            Some(12289) => response_seen = true,
            Some(12288) => answered_requests.push((origin.detail, response_seen)),
            _ => {}
        }
    }
    note_response(&mut evidence, &answered_requests);
    evidence::finish(&mut evidence);
    evidence
}

/// Whether the request that gave `event_12288_code` was answered. A log
/// holds every renewal: the response to an older, successful request must
/// not count as an answer to the newest one, which is what the reader of
/// pasted text (with no times to order events) would conclude.
fn note_response(evidence: &mut Evidence, requests: &[(Option<Detail>, bool)]) {
    let Some(request) = evidence.fact("event_12288_code").map(|f| f.from.clone()) else {
        return;
    };
    if let Some((_, answered)) = requests
        .iter()
        .find(|(detail, _)| *detail == request.detail)
    {
        let value = if *answered { "yes" } else { "no" };
        evidence.add_fact("kms_response_logged", value, request);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(id: u32, data: &str) -> String {
        format!(
            r#"<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><Provider Name="Microsoft-Windows-Security-SPP" Guid="{{E23B33B0-C8C9-472C-A5F9-F2BDFEA0F156}}" EventSourceName="Software Protection Platform Service"/><EventID Qualifiers="16384">{id}</EventID></System><EventData><Data>{data}</Data></EventData></Event>"#
        )
    }

    #[test]
    fn newest_event_gives_each_fact() {
        let records = vec![
            (
                1,
                10,
                record(
                    12288,
                    "0xC004F074, 0x0, old.contoso.com:1688, a, b, 0, 2, 1, c, 25",
                ),
            ),
            (
                3,
                12,
                record(
                    12288,
                    "0xC004F06C, 0x0, kms01.contoso.com:1688, a, b, 0, 2, 1, c, 25",
                ),
            ),
            (2, 11, record(12289, "0x0, 0x0, 1, 0, 30, 120, 10080, x")),
        ];
        let e = from_records(records);
        assert_eq!(e.fact("event_12288_code").unwrap().value, "0xC004F06C");
        assert_eq!(e.fact("kms_host").unwrap().value, "kms01.contoso.com");
        assert_eq!(
            e.fact("kms_host").unwrap().from.to_string(),
            "event 12288, record 12, 3"
        );
        assert_eq!(e.fact("current_count").unwrap().value, "30");
        // The count comes from the older response (time 2), which answered
        // the older request: the newest request (time 3) has no answer.
        assert_eq!(e.fact("kms_response_logged").unwrap().value, "no");
        let codes: Vec<String> = e.codes.iter().map(|c| c.code.to_string()).collect();
        assert_eq!(codes, ["0xC004F06C", "0xC004F074"]);
    }

    /// A log keeps every renewal: the response to last week's request does
    /// not answer today's, which has none.
    #[test]
    fn only_a_later_response_answers_the_newest_request() {
        let old_request = record(
            12288,
            "0x0, 0x0, kms01.contoso.com:1688, a, b, 0, 5, 0, c, 25",
        );
        let old_response = record(12289, "0x0, 0x0, 1, 0, 30, 120, 10080, x");
        let new_request = record(
            12288,
            "0x8007274D, 0x0, kms01.contoso.com:1688, a, b, 0, 5, 0, c, 25",
        );
        let unanswered = from_records(vec![
            (1, 10, old_request.clone()),
            (2, 11, old_response.clone()),
            (3, 12, new_request.clone()),
        ]);
        let fact = unanswered.fact("kms_response_logged").unwrap();
        assert_eq!(fact.value, "no");
        assert_eq!(fact.from.to_string(), "event 12288, record 12, 3");
        // Logged in the same second as the request, after it: an answer.
        let answered = from_records(vec![
            (1, 10, old_request),
            (3, 12, new_request),
            (3, 13, old_response),
        ]);
        assert_eq!(answered.fact("kms_response_logged").unwrap().value, "yes");
    }

    /// A real exported Application log (see tests/fixtures/evidence/README.md):
    /// every record is read, the Security-SPP ones are picked out, and as
    /// none is an activation event, no fact comes out.
    #[test]
    fn a_real_application_log_is_read_and_filtered() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/evidence/Application_no_crc32.evtx");
        let scan = scan(&path).unwrap();
        assert!(scan.records > 10, "{}", scan.records);
        assert!(scan.provider_records > 0);
        assert!(scan.provider_records < scan.records);
        assert!(scan.evidence.facts.is_empty(), "{:?}", scan.evidence.facts);
    }

    #[test]
    fn a_file_that_is_not_a_log_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("Application.evtx");
        std::fs::write(&path, b"ElfFile\0 but nothing else").unwrap();
        assert!(read(&path).is_err());
    }
}
