//! The activation events, as Event Viewer copies them ("Copy details as
//! text" or the General tab) or as their XML.
//!
//! Event ids and texts are those of the Software Protection service
//! (provider Microsoft-Windows-Security-SPP; Microsoft-Windows-Security-
//! Licensing-SLC on Windows Vista and in KB 974998's KMS host example), as
//! sppsvc.exe's message table words them (libyal/winevt-kb) and as
//! KB 974998 quotes them:
//! - 12288: "The client has sent an activation request to the key
//!   management service machine." Info: HRESULT, status, host:port, CMID,
//!   client time, VM flag, license status, minutes to expiry, activation ID,
//!   N-policy;
//! - 12289: "The client has processed an activation response from the key
//!   management service machine." Info: HRESULT, status, activation flag,
//!   -, current count, activation interval, renewal interval, time;
//! - 12290 (KMS host): "An activation request has been processed." Info:
//!   HRESULT, minimum count, client name, CMID, ...;
//! - 12293 / 12294 (KMS host): publishing the KMS to DNS in a domain failed
//!   / succeeded;
//! - 8198: "License Activation (slui.exe) failed with the following error
//!   code: hr=0x...".
//!
//! The XML form does not depend on the display language of Windows; the
//! text form is read in English only (no source shows the French texts).

use std::collections::HashSet;

use super::{normalise_code, split_host_port, Evidence, Origin, SourceKind};

/// The events read, with a sentence of their English description.
const DESCRIPTIONS: &[(u32, &str)] = &[
    (
        12288,
        "The client has sent an activation request to the key management service machine",
    ),
    (
        12289,
        "The client has processed an activation response from the key management service machine",
    ),
    (12290, "An activation request has been processed"),
    (8198, "License Activation (slui.exe) failed"),
];

/// The activation events this module reads.
pub(crate) const EVENT_IDS: [u32; 6] = [12288, 12289, 8198, 12290, 12293, 12294];

/// Providers the activation events come from.
pub(crate) const PROVIDERS: [&str; 2] = [
    "Microsoft-Windows-Security-SPP",
    "Microsoft-Windows-Security-Licensing-SLC",
];

/// Where in a copied event the reader is.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct EventText {
    id: Option<u32>,
    /// The next non-empty line is the Info data.
    info_next: bool,
    /// From a foreign provider: read nothing.
    foreign: bool,
}

impl EventText {
    pub(super) fn kind(&self) -> SourceKind {
        match self.id {
            Some(id) => SourceKind::Event(id),
            None => SourceKind::Text,
        }
    }
}

/// The event section `line` starts: an Event Viewer copy header, or the
/// description of an activation event met outside one.
pub(super) fn starts(line: &str, current: &super::Section) -> Option<EventText> {
    let inside = match current {
        super::Section::Event(state) => Some(state),
        _ => None,
    };
    if line.starts_with("Log Name:") {
        return Some(EventText::default());
    }
    let id = description_id(line).or_else(|| dns_publishing(line).map(|(id, _)| id))?;
    match inside {
        // The description of the event whose header is being read.
        Some(state) if state.id.is_none() || state.id == Some(id) => None,
        _ => Some(EventText {
            id: Some(id),
            ..EventText::default()
        }),
    }
}

/// Lines of an Event Viewer copy that stay in the event being read.
pub(super) fn continues(line: &str) -> bool {
    const HEADER: &[&str] = &[
        "Source:",
        "Date:",
        "Event ID:",
        "Task Category:",
        "Level:",
        "Keywords:",
        "User:",
        "Computer:",
        "Description:",
        "Info:",
        "OpCode:",
        "Opcode:",
    ];
    HEADER.iter().any(|h| line.starts_with(h))
}

fn description_id(line: &str) -> Option<u32> {
    DESCRIPTIONS
        .iter()
        .find(|(_, text)| line.starts_with(text))
        .map(|(id, _)| *id)
}

/// "Publishing the Key Management Service (KMS) to DNS in the 'contoso.com'
/// domain failed." (12293) or "... is successful." (12294): the event id
/// and the domain.
fn dns_publishing(line: &str) -> Option<(u32, &str)> {
    if !line.starts_with("Publishing the Key Manag") {
        return None;
    }
    let (_, rest) = line.split_once("to DNS in the ")?;
    let rest = rest.trim_start_matches(['\'', '`', '"']);
    let end = rest.find(['\'', '`', '"'])?;
    let domain = &rest[..end];
    let after = &rest[end..];
    if after.contains("failed") {
        Some((12293, domain))
    } else if after.contains("successful") {
        Some((12294, domain))
    } else {
        None
    }
}

/// Reads one line of a copied event.
pub(super) fn text_line(
    state: &mut EventText,
    line: &str,
    origin: Origin,
    evidence: &mut Evidence,
) {
    if line.is_empty() {
        return;
    }
    if let Some(source) = line.strip_prefix("Source:") {
        let source = source.trim();
        // Event Viewer shows "Security-SPP" in its table and the full
        // provider name in a copy.
        state.foreign =
            !(source.contains("Security-SPP") || source.contains("Security-Licensing-SLC"));
        return;
    }
    if let Some(id) = line.strip_prefix("Event ID:") {
        state.id = id.trim().parse().ok().filter(|id| EVENT_IDS.contains(id));
        return;
    }
    if state.foreign {
        return;
    }
    if let Some(id) = description_id(line) {
        state.id = Some(id);
    }
    if let Some((id, domain)) = dns_publishing(line) {
        state.id = Some(id);
        let origin = Origin {
            kind: SourceKind::Event(id),
            ..origin
        };
        let result = if id == 12293 { "failed" } else { "succeeded" };
        evidence.add_fact("dns_publishing_result", result, origin.clone());
        evidence.add_fact("dns_publishing_domain", domain, origin);
        state.info_next = id == 12293;
        return;
    }
    if let Some(rest) = line.strip_prefix("Info:") {
        let rest = rest.trim();
        if rest.is_empty() {
            state.info_next = true;
            return;
        }
        return info(state.id, rest, origin, evidence);
    }
    let Some(id) = state.id else { return };
    let origin = Origin {
        kind: SourceKind::Event(id),
        ..origin
    };
    if id == 8198 {
        if let Some(code) = hr_code(line) {
            evidence.add_fact("event_8198_code", &code, origin);
        }
        return;
    }
    if state.info_next {
        state.info_next = false;
        info(Some(id), line, origin, evidence);
    }
}

/// The code after "hr=" in event 8198's text.
fn hr_code(text: &str) -> Option<String> {
    let at = text.find("hr=")?;
    let rest = &text[at + 3..];
    let end = rest
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(rest.len());
    normalise_code(&rest[..end])
}

/// Reads the Info data of an event (the comma-separated values).
fn info(id: Option<u32>, data: &str, origin: Origin, evidence: &mut Evidence) {
    let Some(id) = id else { return };
    let origin = Origin {
        kind: SourceKind::Event(id),
        ..origin
    };
    let fields: Vec<&str> = data.split(',').map(str::trim).collect();
    let field = |i: usize| fields.get(i).copied().filter(|f| !f.is_empty());
    match id {
        12288 => {
            if let Some(code) = field(0).and_then(normalise_code) {
                evidence.add_fact("event_12288_code", &code, origin.clone());
            }
            if let Some((host, port)) = field(2).and_then(split_host_port) {
                evidence.add_fact("kms_host", host, origin.clone());
                evidence.add_fact("kms_port", port, origin.clone());
            }
            if let Some(cmid) = field(3) {
                evidence.add_fact("client_machine_id", cmid, origin.clone());
            }
            if let Some(status) = field(6).filter(|s| s.chars().all(|c| c.is_ascii_digit())) {
                evidence.add_fact("license_status_code", status, origin);
            }
        }
        12289 => {
            if let Some(code) = field(0).and_then(normalise_code) {
                evidence.add_fact("event_12289_code", &code, origin.clone());
            }
            let numbers = [
                (2, "activation_flag"),
                (4, "current_count"),
                (5, "activation_interval"),
                (6, "renewal_interval"),
            ];
            for (i, fact) in numbers {
                if let Some(value) = field(i).filter(|s| s.chars().all(|c| c.is_ascii_digit())) {
                    evidence.add_fact(fact, value, origin.clone());
                }
            }
        }
        12290 => {
            if let Some(code) = field(0).and_then(normalise_code) {
                evidence.add_fact("event_12290_code", &code, origin.clone());
            }
            if let Some(count) = field(1).filter(|s| s.chars().all(|c| c.is_ascii_digit())) {
                evidence.add_fact("minimum_count", count, origin);
            }
        }
        12293 => {
            if let Some(code) = fields.iter().find_map(|f| {
                f.split_whitespace()
                    .find_map(|w| w.starts_with("0x").then(|| normalise_code(w)).flatten())
            }) {
                evidence.add_fact("event_12293_code", &code, origin);
            }
        }
        _ => {}
    }
}

/// Facts that follow from which events were seen: a request (12288) with no
/// response (12289) means the host was not reached or did not answer.
pub(super) fn derive(evidence: &mut Evidence) {
    let request = evidence
        .facts
        .get("event_12288_code")
        .map(|f| f.from.clone());
    if let Some(from) = request {
        let answered = evidence.kinds.contains(&SourceKind::Event(12289));
        evidence.add_fact(
            "kms_response_logged",
            if answered { "yes" } else { "no" },
            from,
        );
    }
}

/// Reads the `<Event>` elements of pasted XML. Returns the indexes of the
/// lines they cover, which the line readers then skip.
pub(super) fn read_xml(lines: &[String], evidence: &mut Evidence) -> HashSet<usize> {
    let mut covered = HashSet::new();
    let mut index = 0;
    while index < lines.len() {
        let Some(start) = find_event_start(&lines[index]) else {
            index += 1;
            continue;
        };
        // Gather up to the closing tag (or the end of the text).
        let mut block = String::from(&lines[index][start..]);
        let mut end = index;
        while !block.contains("</Event>") && end + 1 < lines.len() {
            end += 1;
            block.push('\n');
            block.push_str(&lines[end]);
        }
        let origin = Origin {
            kind: SourceKind::Text,
            line: index + 1,
            detail: None,
        };
        read_event_xml(&block, origin, evidence);
        covered.extend(index..=end);
        index = end + 1;
    }
    covered
}

fn find_event_start(line: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(at) = line[from..].find("<Event") {
        let at = from + at;
        let next = line[at + "<Event".len()..].chars().next();
        if matches!(next, Some(' ' | '>' | '\t') | None) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// Reads one `<Event>` element (pasted, or rendered from an `.evtx`
/// record). Events of other providers or ids are ignored; returns the id
/// of an activation event read.
pub(crate) fn read_event_xml(xml: &str, origin: Origin, evidence: &mut Evidence) -> Option<u32> {
    let id: u32 = element_text(xml, "EventID")?.trim().parse().ok()?;
    if !EVENT_IDS.contains(&id) {
        return None;
    }
    if let Some(provider) = provider_name(xml) {
        if !PROVIDERS.iter().any(|p| provider.eq_ignore_ascii_case(p)) {
            return None;
        }
    }
    let origin = Origin {
        kind: SourceKind::Event(id),
        ..origin
    };
    let data = data_values(xml);
    let first = data.first().map(String::as_str).unwrap_or("");
    match id {
        12288..=12290 => {
            // Classic events keep the whole Info string in one Data element;
            // join in case a renderer split it.
            info(Some(id), &data.join(", "), origin.clone(), evidence);
        }
        12293 => {
            evidence.add_fact("dns_publishing_result", "failed", origin.clone());
            if let Some(domain) = data.get(1) {
                evidence.add_fact("dns_publishing_domain", domain, origin.clone());
            }
            info(Some(id), first, origin.clone(), evidence);
        }
        12294 => {
            evidence.add_fact("dns_publishing_result", "succeeded", origin.clone());
            evidence.add_fact("dns_publishing_domain", first, origin.clone());
        }
        8198 => {
            if let Some(code) = data.iter().find_map(|d| hr_code(d)) {
                evidence.add_fact("event_8198_code", &code, origin.clone());
            }
        }
        _ => {}
    }
    for text in &data {
        super::read_codes(text, &origin, evidence);
    }
    Some(id)
}

/// The text of the first `<name ...>text</name>` element.
fn element_text<'a>(xml: &'a str, name: &str) -> Option<&'a str> {
    let open = format!("<{name}");
    let mut from = 0;
    loop {
        let at = from + xml[from..].find(&open)?;
        let after = &xml[at + open.len()..];
        if after.starts_with(['>', ' ', '\t', '\n']) {
            let gt = after.find('>')?;
            if after[..gt].ends_with('/') {
                return Some("");
            }
            let body = &after[gt + 1..];
            let close = body.find(&format!("</{name}>"))?;
            return Some(&body[..close]);
        }
        from = at + 1;
    }
}

fn provider_name(xml: &str) -> Option<String> {
    let at = xml.find("<Provider")?;
    let tag_end = xml[at..].find('>')? + at;
    let tag = &xml[at..tag_end];
    let name_at = tag.find("Name=")?;
    let rest = &tag[name_at + "Name=".len()..];
    let quote = rest.chars().next()?;
    if quote != '"' && quote != '\'' {
        return None;
    }
    let value = &rest[1..];
    let end = value.find(quote)?;
    Some(unescape(&value[..end]))
}

/// Every `<Data>` value of the EventData, in order.
fn data_values(xml: &str) -> Vec<String> {
    let Some(event_data) = element_text(xml, "EventData") else {
        return Vec::new();
    };
    let mut values = Vec::new();
    let mut rest = event_data;
    while let Some(at) = rest.find("<Data") {
        let after = &rest[at + "<Data".len()..];
        let Some(gt) = after.find('>') else { break };
        if after[..gt].ends_with('/') {
            values.push(String::new());
            rest = &after[gt + 1..];
            continue;
        }
        let body = &after[gt + 1..];
        let Some(close) = body.find("</Data>") else {
            break;
        };
        values.push(unescape(body[..close].trim()));
        rest = &body[close + "</Data>".len()..];
        if values.len() >= 64 {
            break;
        }
    }
    values
}

/// XML's five named entities and numeric references.
fn unescape(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        let Some(semi) = after.find(';').filter(|&s| s <= 10) else {
            out.push('&');
            rest = &after[1..];
            continue;
        };
        let entity = &after[1..semi];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &after[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}
