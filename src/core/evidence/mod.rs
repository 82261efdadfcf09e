//! Evidence: what pasted command output and event logs already say.
//!
//! The agent on a call asks the caller to read out `slmgr /dlv`, event 12288
//! or `Test-NetConnection`; that output holds the answers to many of the
//! flows' questions. This module reads such text into named facts (the KMS
//! host in use, the license status, the current count, whether port 1688
//! answered, ...) and the error codes it mentions. Each fact keeps where it
//! came from (which output, which line), so a front end can show why it
//! suggests an answer. Pure: no I/O, no terminal; the text is hostile input,
//! so sizes are bounded and values are cleaned before they are kept.
//!
//! Fact names match placeholder names where they fill one (`kms_host`,
//! `kms_port`, `dns_server`, `kms_host_ip`, `kms_host_name`); the full list
//! is [`FACTS`], which `check` uses to refuse a `suggest:` rule on a fact
//! that can never exist.

mod events;
mod in_use;
mod network;
mod slmgr;
pub(crate) mod suggest;

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

use crate::core::model::Code;

pub(crate) use events::{read_event_xml, PROVIDERS as ACTIVATION_PROVIDERS};
// The activation event IDs: only the Windows collector (diagnose) asks the
// event log for them.
#[cfg(windows)]
pub(crate) use events::EVENT_IDS;
pub(crate) use in_use::InUse;
pub use suggest::{suggestion_for, Suggested};

/// Text beyond this many bytes is not read (a pasted log is a few KB; an
/// exported Application log is read by the `.evtx` reader, not as text).
pub(crate) const MAX_TEXT_BYTES: usize = 4 * 1024 * 1024;
/// A longer line is cut: no output we read has lines this long.
const MAX_LINE_CHARS: usize = 4096;
/// A longer fact value is cut (a host name is at most 253 characters).
const MAX_VALUE_CHARS: usize = 256;
/// At most this many distinct error codes are kept.
const MAX_CODES: usize = 64;

/// The kind of output a fact was read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    SlmgrDli,
    SlmgrDlv,
    SlmgrXpr,
    /// An activation event, as Event Viewer shows or copies it, or as XML.
    Event(u32),
    TestNetConnection,
    Nslookup,
    ResolveDnsName,
    W32tm,
    Ipconfig,
    /// Anything else (an error code in free text).
    Text,
    /// Read from the machine itself by `actwiz diagnose`.
    Machine,
}

impl SourceKind {
    pub fn label(self) -> String {
        match self {
            SourceKind::SlmgrDli => "slmgr /dli".into(),
            SourceKind::SlmgrDlv => "slmgr /dlv".into(),
            SourceKind::SlmgrXpr => "slmgr /xpr".into(),
            SourceKind::Event(id) => format!("event {id}"),
            SourceKind::TestNetConnection => "Test-NetConnection".into(),
            SourceKind::Nslookup => "nslookup".into(),
            SourceKind::ResolveDnsName => "Resolve-DnsName".into(),
            SourceKind::W32tm => "w32tm /query /status".into(),
            SourceKind::Ipconfig => "ipconfig /all".into(),
            SourceKind::Text => "text".into(),
            SourceKind::Machine => "this machine".into(),
        }
    }
}

/// Where a fact or code was read: the kind of output and the line (1-based)
/// of the evidence text, or the record number of an event log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Origin {
    pub kind: SourceKind,
    pub line: usize,
    /// Set for evidence not read from text lines (an `.evtx` record, a WMI
    /// property): shown instead of "line N".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<Detail>,
}

/// Where in a source that has no lines a fact was read. Kept as data, not
/// as an English sentence, so that each interface language can word it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Detail {
    /// A record of an exported event log (`.evtx`), with its time.
    Record { number: u64, time: String },
    /// The Nth activation event read from this machine's Application log.
    LogEntryFromNewest(usize),
    /// The DNS SRV record looked up by name.
    DnsSrv(String),
    /// The TCP connection test to a host and port.
    TcpConnect { host: String, port: u16 },
    /// A name that reads the same in every language: a WMI class and
    /// property, a registry value's path.
    Named(String),
}

impl Detail {
    pub fn shown(&self, lang: crate::core::model::Lang) -> String {
        use crate::core::model::Lang;
        match (self, lang) {
            (Detail::Record { number, time }, Lang::En) => format!("record {number}, {time}"),
            (Detail::Record { number, time }, Lang::Fr) => {
                format!("enregistrement {number}, {time}")
            }
            (Detail::LogEntryFromNewest(n), Lang::En) => {
                format!("Application log, event {n} from newest")
            }
            (Detail::LogEntryFromNewest(n), Lang::Fr) => {
                format!("journal Application, événement {n} en partant du plus récent")
            }
            (Detail::DnsSrv(name), Lang::En) => format!("DNS SRV {name}"),
            (Detail::DnsSrv(name), Lang::Fr) => format!("enregistrement DNS SRV {name}"),
            (Detail::TcpConnect { host, port }, Lang::En) => {
                format!("TCP connect to {host}:{port}")
            }
            (Detail::TcpConnect { host, port }, Lang::Fr) => {
                format!("connexion TCP à {host}:{port}")
            }
            (Detail::Named(name), _) => name.clone(),
        }
    }
}

impl Serialize for Detail {
    /// The English form: the JSON outputs keep one language.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.shown(crate::core::model::Lang::En))
    }
}

impl Origin {
    /// Where the fact was read, in `lang`, for people: "slmgr /dlv, line 14"
    /// or "slmgr /dlv, ligne 14". (`Display` is the English form, which
    /// the JSON outputs keep.) A detail (an event log record, a WMI
    /// property) is shown instead of the line, in `lang` too.
    pub fn shown(&self, lang: crate::core::model::Lang) -> String {
        use crate::core::model::Lang;
        let kind = match (self.kind, lang) {
            (SourceKind::Event(id), Lang::Fr) => format!("événement {id}"),
            (SourceKind::Text, Lang::Fr) => "texte".into(),
            (SourceKind::Machine, Lang::Fr) => "cette machine".into(),
            (kind, _) => kind.label(),
        };
        match (&self.detail, lang) {
            (Some(detail), _) => format!("{kind}, {}", detail.shown(lang)),
            (None, Lang::En) => format!("{kind}, line {}", self.line),
            (None, Lang::Fr) => format!("{kind}, ligne {}", self.line),
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The English form, which the JSON outputs keep.
        f.write_str(&self.shown(crate::core::model::Lang::En))
    }
}

/// One thing the evidence says, with where it says it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fact {
    pub value: String,
    pub from: Origin,
}

/// An error code seen in the evidence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeSeen {
    pub code: Code,
    pub from: Origin,
}

/// Everything recognised in some evidence.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Evidence {
    /// Error codes, in the order they first appear, without repeats.
    pub codes: Vec<CodeSeen>,
    /// Facts by name. The first reading of a fact wins: an event log is read
    /// newest first, so its newest event wins.
    pub facts: BTreeMap<String, Fact>,
    /// The kinds of output recognised, in the order met.
    pub kinds: Vec<SourceKind>,
}

pub(crate) use crate::core::model::{is_known_fact, FACTS};

impl Evidence {
    pub fn new() -> Self {
        Evidence::default()
    }

    pub fn is_empty(&self) -> bool {
        self.codes.is_empty() && self.facts.is_empty()
    }

    pub fn fact(&self, name: &str) -> Option<&Fact> {
        self.facts.get(name)
    }

    /// Keeps a fact unless one of that name is already known. Values are
    /// cleaned of control characters and cut to a sane length here, once.
    pub fn add_fact(&mut self, name: &'static str, value: &str, from: Origin) {
        debug_assert!(is_known_fact(name), "{name} missing from FACTS");
        let value = tidy_value(value);
        if value.is_empty() || self.facts.contains_key(name) {
            return;
        }
        self.note_kind(from.kind);
        self.facts.insert(name.to_string(), Fact { value, from });
    }

    /// Keeps an error code, once.
    pub(crate) fn add_code(&mut self, code: Code, from: Origin) {
        if self.codes.len() >= MAX_CODES || self.codes.iter().any(|c| c.code == code) {
            return;
        }
        self.codes.push(CodeSeen { code, from });
    }

    fn note_kind(&mut self, kind: SourceKind) {
        if !self.kinds.contains(&kind) {
            self.kinds.push(kind);
        }
    }

    /// Adds what `other` says that this evidence does not say yet.
    pub fn merge(&mut self, other: Evidence) {
        for seen in other.codes {
            self.add_code(seen.code, seen.from);
        }
        for (name, fact) in other.facts {
            self.facts.entry(name).or_insert(fact);
        }
        for kind in other.kinds {
            self.note_kind(kind);
        }
    }

    /// The `actwiz evidence --json` form: codes, then facts with their origin.
    pub(crate) fn to_json(&self) -> serde_json::Value {
        let codes: Vec<serde_json::Value> = self
            .codes
            .iter()
            .map(|c| serde_json::Value::from(c.code.to_string()))
            .collect();
        let mut facts = serde_json::Map::new();
        for (name, fact) in &self.facts {
            facts.insert(
                name.clone(),
                serde_json::json!({"value": fact.value, "from": fact.from.to_string()}),
            );
        }
        serde_json::json!({"codes": codes, "facts": facts})
    }
}

/// Cleaned and bounded: one line, no control characters, trimmed.
fn tidy_value(value: &str) -> String {
    let clean = crate::core::sanitize::clean_line(value);
    let trimmed = clean.trim();
    trimmed.chars().take(MAX_VALUE_CHARS).collect()
}

/// Reads pasted text: every kind of output this module knows, and error
/// codes anywhere. Never fails: what is not recognised is ignored.
pub fn read_text(text: &str) -> Evidence {
    let text = cut_to_bytes(text, MAX_TEXT_BYTES);
    let mut evidence = Evidence::new();
    let lines: Vec<String> = text
        .lines()
        .map(|l| l.chars().take(MAX_LINE_CHARS).collect())
        .collect();

    // XML events first: their lines are then left alone by the line readers.
    let xml_lines = events::read_xml(&lines, &mut evidence);

    let mut reader = LineReader::new(&lines);
    for (index, line) in lines.iter().enumerate() {
        let number = index + 1;
        if xml_lines.contains(&index) {
            continue;
        }
        reader.line(line, number, &mut evidence);
    }
    reader.finish(&mut evidence);
    finish(&mut evidence);
    evidence
}

/// The facts that follow from others, once everything is read.
pub fn finish(evidence: &mut Evidence) {
    events::derive(evidence);
    derive_host_facts(evidence);
}

/// The longest prefix of `text` within `max` bytes, on a character boundary.
fn cut_to_bytes(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// `kms_host_name` when the KMS host in use is a name (the placeholder for
/// commands that test the name lookup); never an address.
fn derive_host_facts(evidence: &mut Evidence) {
    if let Some(host) = evidence.fact("kms_host").cloned() {
        if host.value.parse::<std::net::IpAddr>().is_err() {
            evidence.add_fact("kms_host_name", &host.value, host.from);
        } else {
            evidence.add_fact("kms_host_ip", &host.value, host.from);
        }
    }
}

/// Which output the lines being read belong to.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
enum Section {
    #[default]
    None,
    Slmgr,
    Event(events::EventText),
    TestNet,
    Nslookup(network::NslookupState),
    ResolveDns(network::ResolveState),
    W32tm,
    Ipconfig(network::IpconfigState),
}

/// Reads lines one by one, switching section on the lines that start a
/// known output.
#[derive(Debug)]
struct LineReader {
    section: Section,
    /// /dli or /dlv, decided on the whole text (only /dlv prints some
    /// lines), since a paste is usually the output of one command.
    slmgr_kind: SourceKind,
}

impl LineReader {
    fn new(lines: &[String]) -> Self {
        LineReader {
            section: Section::None,
            slmgr_kind: if slmgr::is_dlv(lines) {
                SourceKind::SlmgrDlv
            } else {
                SourceKind::SlmgrDli
            },
        }
    }

    fn line(&mut self, raw: &str, number: usize, evidence: &mut Evidence) {
        let line = raw.trim();
        // Section starts take over from whatever came before.
        if let Some(section) = self.starts(line) {
            self.finish(evidence);
            self.section = section;
        }
        let kind = match self.section {
            Section::Slmgr if slmgr::xpr_line(line).is_some() => SourceKind::SlmgrXpr,
            _ => self.kind(),
        };
        let origin = Origin {
            kind,
            line: number,
            detail: None,
        };
        read_codes(line, &origin, evidence);
        match &mut self.section {
            Section::None => {}
            Section::Slmgr => slmgr::line(line, origin, evidence),
            Section::Event(state) => events::text_line(state, line, origin, evidence),
            Section::TestNet => network::test_net_line(line, origin, evidence),
            Section::Nslookup(state) => network::nslookup_line(state, line, origin, evidence),
            Section::ResolveDns(state) => network::resolve_line(state, raw, origin, evidence),
            Section::W32tm => network::w32tm_line(line, origin, evidence),
            Section::Ipconfig(state) => network::ipconfig_line(state, raw, origin, evidence),
        }
    }

    /// Ends the section being read: lists it gathered become facts.
    fn finish(&mut self, evidence: &mut Evidence) {
        match &mut self.section {
            Section::Nslookup(state) => network::nslookup_finish(state, evidence),
            Section::ResolveDns(state) => network::resolve_finish(state, evidence),
            Section::Ipconfig(state) => network::ipconfig_finish(state, evidence),
            _ => {}
        }
    }

    /// The kind of output the current section is.
    fn kind(&self) -> SourceKind {
        match &self.section {
            Section::None => SourceKind::Text,
            Section::Slmgr => self.slmgr_kind,
            Section::Event(state) => state.kind(),
            Section::TestNet => SourceKind::TestNetConnection,
            Section::Nslookup(_) => SourceKind::Nslookup,
            Section::ResolveDns(_) => SourceKind::ResolveDnsName,
            Section::W32tm => SourceKind::W32tm,
            Section::Ipconfig(_) => SourceKind::Ipconfig,
        }
    }

    /// The section `line` starts, if it starts another one than the
    /// current. A line the current section reads itself (an event's own
    /// "Source:" line) does not start another.
    fn starts(&self, line: &str) -> Option<Section> {
        if let Some(state) = events::starts(line, &self.section) {
            return Some(Section::Event(state));
        }
        if matches!(self.section, Section::Event(_)) && events::continues(line) {
            return None;
        }
        let inside = |wanted: fn(&Section) -> bool| wanted(&self.section);
        let slmgr = slmgr::xpr_line(line).is_some()
            || slmgr::starts(line, self.section == Section::Slmgr).is_some();
        if slmgr {
            return (!inside(|s| *s == Section::Slmgr)).then_some(Section::Slmgr);
        }
        if network::test_net_starts(line) {
            return (!inside(|s| *s == Section::TestNet)).then_some(Section::TestNet);
        }
        if network::resolve_starts(line) {
            return (!inside(|s| matches!(s, Section::ResolveDns(_))))
                .then(|| Section::ResolveDns(network::ResolveState::default()));
        }
        if network::nslookup_starts(line) {
            return (!inside(|s| matches!(s, Section::Nslookup(_))))
                .then(|| Section::Nslookup(network::NslookupState::default()));
        }
        if network::w32tm_starts(line) {
            return (!inside(|s| *s == Section::W32tm)).then_some(Section::W32tm);
        }
        if network::ipconfig_starts(line) {
            return (!inside(|s| matches!(s, Section::Ipconfig(_))))
                .then(|| Section::Ipconfig(network::IpconfigState::default()));
        }
        None
    }
}

/// Error codes anywhere in a line, read as the search reads a pasted line.
/// Only codes with the failure bit set: a success code or a stray number of
/// 8 digits is not an error.
fn read_codes(line: &str, origin: &Origin, evidence: &mut Evidence) {
    if line.is_empty() {
        return;
    }
    for code in crate::core::search::parse_code_query(line).codes {
        if code.0 & 0x8000_0000 != 0 {
            evidence.add_code(code, origin.clone());
        }
    }
}

/// A code written in any usual form (`0xC004F074`, `C004F074`, `0x0`),
/// normalised to `0xC004F074`; `None` when the text is not one.
pub(crate) fn normalise_code(text: &str) -> Option<String> {
    let trimmed = text.trim().trim_end_matches(['.', ',']);
    let digits = trimmed
        .strip_prefix("0x")
        .or_else(|| trimmed.strip_prefix("0X"))
        .unwrap_or(trimmed);
    if digits.is_empty() || digits.len() > 8 || !digits.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    u32::from_str_radix(digits, 16)
        .ok()
        .map(|n| Code(n).to_string())
}

/// Splits `host:port` (also `[v6]:port`); the port must be a number.
pub(crate) fn split_host_port(text: &str) -> Option<(&str, &str)> {
    let text = text.trim();
    if let Some(rest) = text.strip_prefix('[') {
        let (host, after) = rest.split_once(']')?;
        let port = after.strip_prefix(':')?;
        return port
            .chars()
            .all(|c| c.is_ascii_digit())
            .then_some((host, port));
    }
    let (host, port) = text.rsplit_once(':')?;
    (!host.is_empty() && !port.is_empty() && port.chars().all(|c| c.is_ascii_digit()))
        .then_some((host, port))
}

/// The first number in `text` ("43200 minute(s) (30 day(s))" gives 43200).
pub(crate) fn first_number(text: &str) -> Option<&str> {
    let start = text.find(|c: char| c.is_ascii_digit())?;
    let rest = &text[start..];
    let end = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    Some(&rest[..end])
}

#[cfg(test)]
mod tests;

/// Fills, in `values`, each placeholder of `flow` the evidence has a fact
/// of the same name for, unless the user gave a value already. A value the
/// placeholder's type refuses is left out. Returns the names filled and
/// where each value came from, for "from evidence" marks.
pub(crate) fn prefill(
    flow: &crate::core::model::FlowFile,
    evidence: &Evidence,
    values: &mut crate::core::placeholder::Values,
    lang: crate::core::model::Lang,
) -> Vec<(String, Origin)> {
    let mut filled = Vec::new();
    for name in flow.placeholders.keys() {
        if values.typed(name).is_some() {
            continue;
        }
        let Some(fact) = evidence.fact(name) else {
            continue;
        };
        if values.set(flow, name, &fact.value, lang).is_ok() {
            filled.push((name.clone(), fact.from.clone()));
        }
    }
    filled
}
