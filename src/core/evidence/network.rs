//! Network and time outputs: `Test-NetConnection`, `nslookup -type=srv
//! _vlmcs._tcp`, `Resolve-DnsName`, `w32tm /query /status`, `ipconfig /all`.
//!
//! PowerShell prints property names (`TcpTestSucceeded`, `NameTarget`) in
//! English on every display language, so those two are read in any language.
//! nslookup, w32tm and ipconfig labels are read in English only: no source
//! shows the French ones.

use super::{first_number, Evidence, Origin};

/// `Name : value`, as PowerShell's list view prints it.
fn property(line: &str) -> Option<(&str, &str)> {
    let (name, value) = line.split_once(':')?;
    let name = name.trim();
    (!name.is_empty() && !name.contains(' ')).then_some((name, value.trim()))
}

// ---- Test-NetConnection ----

pub(super) fn test_net_starts(line: &str) -> bool {
    matches!(
        property(line),
        Some((
            "ComputerName" | "TcpTestSucceeded" | "RemotePort" | "PingSucceeded",
            _
        ))
    )
}

pub(super) fn test_net_line(line: &str, origin: Origin, evidence: &mut Evidence) {
    let Some((name, value)) = property(line) else {
        return;
    };
    let fact = match name {
        "ComputerName" => "tcp_test_host",
        "RemoteAddress" => "remote_address",
        "RemotePort" => "tcp_test_port",
        "TcpTestSucceeded" => "tcp_test_succeeded",
        "PingSucceeded" => "ping_succeeded",
        _ => return,
    };
    evidence.add_fact(fact, value, origin);
}

// ---- nslookup ----

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct NslookupState {
    /// The next "Address:" is the DNS server's (it follows "Server:").
    server_address_next: bool,
    targets: Vec<String>,
    first: Option<Origin>,
    not_found: Option<Origin>,
}

pub(super) fn nslookup_starts(line: &str) -> bool {
    line.starts_with("Server:")
        || line.starts_with("Default Server:")
        || line.contains("SRV service location")
        || (line.starts_with("***") && line.contains("_vlmcs"))
}

pub(super) fn nslookup_line(
    state: &mut NslookupState,
    line: &str,
    origin: Origin,
    evidence: &mut Evidence,
) {
    if line.starts_with("Server:") || line.starts_with("Default Server:") {
        state.server_address_next = true;
        return;
    }
    if state.server_address_next {
        if let Some(address) = line.strip_prefix("Address:") {
            state.server_address_next = false;
            // "Address:  10.0.0.10" (a trailing "#53" names the port).
            let address = address.trim();
            let address = address.split('#').next().unwrap_or(address);
            evidence.add_fact("dns_server", address, origin);
            return;
        }
    }
    if let Some((name, _)) = line.split_once("SRV service location") {
        evidence.add_fact("srv_name", name.trim(), origin);
        return;
    }
    if line.starts_with("***") && line.contains("_vlmcs") {
        state.not_found.get_or_insert(origin);
        return;
    }
    if let Some((key, value)) = line.split_once('=') {
        match key.trim() {
            "port" => evidence.add_fact("srv_port", value.trim(), origin),
            "svr hostname" => {
                let host = value.trim().trim_end_matches('.');
                evidence.add_fact("srv_target", host, origin.clone());
                state.first.get_or_insert(origin);
                if state.targets.len() < 32 && !state.targets.iter().any(|t| t == host) {
                    state.targets.push(host.to_string());
                }
            }
            _ => {}
        }
    }
}

pub(super) fn nslookup_finish(state: &NslookupState, evidence: &mut Evidence) {
    srv_summary(
        &state.targets,
        state.first.as_ref(),
        state.not_found.as_ref(),
        evidence,
    );
}

fn srv_summary(
    targets: &[String],
    first: Option<&Origin>,
    not_found: Option<&Origin>,
    evidence: &mut Evidence,
) {
    if let Some(first) = first {
        evidence.add_fact("srv_targets", &targets.join(", "), first.clone());
        evidence.add_fact("srv_record_found", "yes", first.clone());
    } else if let Some(origin) = not_found {
        evidence.add_fact("srv_record_found", "no", origin.clone());
    }
}

// ---- Resolve-DnsName ----

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct ResolveState {
    targets: Vec<String>,
    first: Option<Origin>,
    not_found: Option<Origin>,
    /// List view: the record being read is an SRV record.
    list_is_srv: bool,
}

pub(super) fn resolve_starts(line: &str) -> bool {
    line.split_whitespace().any(|w| w == "NameTarget")
        || line.starts_with("NameTarget")
        || line.starts_with("Resolve-DnsName")
}

pub(super) fn resolve_line(
    state: &mut ResolveState,
    raw: &str,
    origin: Origin,
    evidence: &mut Evidence,
) {
    let line = raw.trim();
    if line.starts_with("Resolve-DnsName") && line.contains("_vlmcs") {
        state.not_found.get_or_insert(origin);
        return;
    }
    // Table view: Name Type TTL Section NameTarget Priority Weight Port.
    let words: Vec<&str> = line.split_whitespace().collect();
    if words.len() == 8 && words[1] == "SRV" {
        add_srv(state, words[0], words[4], words[7], origin, evidence);
        return;
    }
    // List view, one property a line.
    if let Some((name, value)) = property(line) {
        match name {
            "Name" => {
                state.list_is_srv = false;
                if value.to_ascii_lowercase().starts_with("_vlmcs.") {
                    evidence.add_fact("srv_name", value, origin);
                }
            }
            "Type" => state.list_is_srv = value == "SRV",
            "NameTarget" => {
                let host = value.trim_end_matches('.');
                evidence.add_fact("srv_target", host, origin.clone());
                state.first.get_or_insert(origin);
                if state.targets.len() < 32 && !state.targets.iter().any(|t| t == host) {
                    state.targets.push(host.to_string());
                }
            }
            "Port" if state.list_is_srv || !state.targets.is_empty() => {
                evidence.add_fact("srv_port", value, origin)
            }
            _ => {}
        }
    }
}

fn add_srv(
    state: &mut ResolveState,
    name: &str,
    target: &str,
    port: &str,
    origin: Origin,
    evidence: &mut Evidence,
) {
    let host = target.trim_end_matches('.');
    evidence.add_fact("srv_name", name, origin.clone());
    evidence.add_fact("srv_target", host, origin.clone());
    if port.chars().all(|c| c.is_ascii_digit()) {
        evidence.add_fact("srv_port", port, origin.clone());
    }
    state.first.get_or_insert(origin);
    if state.targets.len() < 32 && !state.targets.iter().any(|t| t == host) {
        state.targets.push(host.to_string());
    }
}

pub(super) fn resolve_finish(state: &ResolveState, evidence: &mut Evidence) {
    srv_summary(
        &state.targets,
        state.first.as_ref(),
        state.not_found.as_ref(),
        evidence,
    );
}

// ---- w32tm /query /status ----

pub(super) fn w32tm_starts(line: &str) -> bool {
    line.starts_with("Leap Indicator:")
}

pub(super) fn w32tm_line(line: &str, origin: Origin, evidence: &mut Evidence) {
    if let Some(value) = line.strip_prefix("Stratum:") {
        if let Some(n) = first_number(value) {
            evidence.add_fact("stratum", n, origin);
        }
    } else if let Some(value) = line.strip_prefix("Last Successful Sync Time:") {
        evidence.add_fact("last_sync_time", value, origin);
    } else if let Some(value) = line.strip_prefix("Source:") {
        // "Source: dc01.contoso.com,0x9" keeps the flags after a comma.
        let value = value.trim();
        let value = value.split(',').next().unwrap_or(value);
        evidence.add_fact("time_source", value, origin);
    }
}

// ---- ipconfig /all ----

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct IpconfigState {
    /// The list a continuation line adds to.
    open_list: Option<List>,
    servers: Vec<(String, Origin)>,
    suffixes: Vec<(String, Origin)>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum List {
    DnsServers,
    SearchList,
}

pub(super) fn ipconfig_starts(line: &str) -> bool {
    line.starts_with("Windows IP Configuration") || line.contains(". . . :")
}

/// "   DNS Servers . . . . . . . . . . . : 10.0.0.10" gives
/// ("DNS Servers", "10.0.0.10").
fn dotted(line: &str) -> Option<(&str, &str)> {
    let (label, value) = line
        .split_once(" : ")
        .or_else(|| line.strip_suffix(" :").map(|label| (label, "")))?;
    let label = label.trim().trim_end_matches(['.', ' ']);
    (!label.is_empty()).then_some((label, value.trim()))
}

pub(super) fn ipconfig_line(
    state: &mut IpconfigState,
    raw: &str,
    origin: Origin,
    evidence: &mut Evidence,
) {
    let line = raw.trim();
    if line.is_empty() {
        return;
    }
    let Some((label, value)) = dotted(raw) else {
        // An indented line without a label continues the open list.
        if raw.starts_with("    ") {
            if let Some(list) = state.open_list {
                push(state, list, line, origin);
            }
        } else {
            state.open_list = None;
        }
        return;
    };
    state.open_list = None;
    match label {
        "Primary Dns Suffix" => evidence.add_fact("primary_dns_suffix", value, origin),
        "DNS Servers" => {
            state.open_list = Some(List::DnsServers);
            push(state, List::DnsServers, value, origin);
        }
        "DNS Suffix Search List" => {
            state.open_list = Some(List::SearchList);
            push(state, List::SearchList, value, origin);
        }
        _ => {}
    }
    finish_ipconfig(state, evidence);
}

fn push(state: &mut IpconfigState, list: List, value: &str, origin: Origin) {
    if value.is_empty() {
        return;
    }
    // A zone index ("fec0::1%1") is no part of the address a command takes.
    let value = value.split('%').next().unwrap_or(value).to_string();
    let target = match list {
        List::DnsServers => &mut state.servers,
        List::SearchList => &mut state.suffixes,
    };
    if target.len() < 32 && !target.iter().any(|(v, _)| *v == value) {
        target.push((value, origin));
    }
}

/// The list facts, rewritten as the lists grow (the first reading of a fact
/// wins, so they are only added once the line after a list is met; an
/// adapter with no DNS server adds nothing).
fn finish_ipconfig(state: &mut IpconfigState, evidence: &mut Evidence) {
    if state.open_list.is_some() {
        return;
    }
    if let Some((first, origin)) = state.servers.first() {
        evidence.add_fact("dns_server", first, origin.clone());
        let all: Vec<&str> = state.servers.iter().map(|(v, _)| v.as_str()).collect();
        evidence.add_fact("dns_servers", &all.join(", "), origin.clone());
    }
    if let Some((_, origin)) = state.suffixes.first() {
        let all: Vec<&str> = state.suffixes.iter().map(|(v, _)| v.as_str()).collect();
        evidence.add_fact("dns_suffix_search_list", &all.join(", "), origin.clone());
    }
}

/// At the end of the text, a list still open is complete.
pub(super) fn ipconfig_finish(state: &mut IpconfigState, evidence: &mut Evidence) {
    state.open_list = None;
    finish_ipconfig(state, evidence);
}
