//! `slmgr /dli`, `/dlv` and `/xpr` output, in English.
//!
//! The labels are the ones slmgr.vbs prints (its `L_Msg*` resource strings,
//! as the script carries them). French Windows prints translated labels that
//! no source we have shows, so French slmgr output is not read here; the
//! error codes in it still are, by the code reader.

use super::{first_number, normalise_code, split_host_port, Evidence, Origin};

/// "Label: value" lines and the fact each gives.
const LABELS: &[(&str, &str)] = &[
    ("Name: ", "product_name"),
    ("Description: ", "product_description"),
    ("Activation ID: ", "activation_id"),
    ("Product Key Channel: ", "product_key_channel"),
    ("Partial Product Key: ", "partial_product_key"),
    ("License Status: ", "license_status"),
    ("Remaining Windows rearm count: ", "remaining_rearm_count"),
    ("Trusted time: ", "trusted_time"),
    ("Client Machine ID (CMID): ", "client_machine_id"),
    (
        "Registered KMS SRV record lookup domain: ",
        "kms_lookup_domain",
    ),
    ("KMS machine IP address: ", "kms_host_ip"),
    ("Current count: ", "current_count"),
    ("Listening on Port: ", "listening_port"),
    ("KMS priority: ", "kms_priority"),
    ("Total requests received: ", "total_requests"),
    ("Failed requests received: ", "failed_requests"),
    ("Configured Activation Type: ", "activation_type"),
];

/// Lines only `/dlv` prints (`/dli` shows a subset of `/dlv`).
const DLV_ONLY: &[&str] = &[
    "Software licensing service version: ",
    "Activation ID: ",
    "Application ID: ",
    "Extended PID: ",
    "Product Key Channel: ",
    "Installation ID: ",
    "Use License URL: ",
    "Validation URL: ",
    "Remaining Windows rearm count: ",
    "Trusted time: ",
];

/// Other lines that show slmgr output has started.
const MARKERS: &[&str] = &[
    "Software licensing service version: ",
    "Key Management Service client information",
    "Key Management Service is enabled on this machine",
    "Notification Reason: ",
    "KMS machine name from DNS: ",
    "Registered KMS machine name: ",
    "DNS auto-discovery: KMS name not available",
    "Volume activation expiration: ",
    "Time remaining: ",
    "Partial Product Key: ",
    "License Status: ",
];

/// Whether `line` belongs to slmgr /dli or /dlv output, and whether only
/// /dlv prints it. A bare "Name:" or "Description:" line starts slmgr output
/// only when it reads like slmgr's ("... edition", "... channel"), since
/// other outputs have such labels too; `inside` says slmgr output is
/// already being read.
pub(super) fn starts(line: &str, inside: bool) -> Option<bool> {
    let dlv = DLV_ONLY.iter().any(|l| line.starts_with(l));
    if dlv || MARKERS.iter().any(|l| line.starts_with(l)) {
        return Some(dlv);
    }
    if inside {
        return None;
    }
    if let Some(name) = line.strip_prefix("Name: ") {
        if name.contains("edition") {
            return Some(false);
        }
    }
    if let Some(description) = line.strip_prefix("Description: ") {
        if description.trim_end().ends_with("channel") {
            return Some(false);
        }
    }
    None
}

/// Whether `text` has a line only /dlv prints.
pub(super) fn is_dlv(lines: &[String]) -> bool {
    lines
        .iter()
        .any(|l| DLV_ONLY.iter().any(|label| l.trim().starts_with(label)))
}

/// The `/xpr` lines: (state, text before the date).
const XPR: &[(&str, &str)] = &[
    ("The machine is permanently activated.", "permanent"),
    ("Volume activation will expire ", "volume"),
    ("Timebased activation will expire ", "timebased"),
    ("Automatic VM activation will expire ", "avma"),
    ("Initial grace period ends ", "initial_grace"),
    ("Additional grace period ends ", "additional_grace"),
    ("Non-genuine grace period ends ", "non_genuine_grace"),
    ("Extended grace period ends ", "extended_grace"),
    ("Windows is in Notification mode", "notification"),
];

/// The `/xpr` state and date a line gives, if it is an `/xpr` line.
pub(super) fn xpr_line(line: &str) -> Option<(&'static str, &str)> {
    XPR.iter().find_map(|(prefix, state)| {
        line.strip_prefix(prefix)
            .map(|date| (*state, date.trim().trim_end_matches('.')))
    })
}

/// Reads one line of slmgr output.
pub(super) fn line(line: &str, origin: Origin, evidence: &mut Evidence) {
    if let Some((state, date)) = xpr_line(line) {
        evidence.add_fact("expiration_state", state, origin.clone());
        evidence.add_fact("expiration_date", date, origin);
        return;
    }
    for (label, fact) in LABELS {
        if let Some(value) = line.strip_prefix(label) {
            let value = value.trim();
            match *fact {
                "kms_host_ip" if value.eq_ignore_ascii_case("not available") => {}
                "product_description" => {
                    evidence.add_fact(fact, value, origin.clone());
                    if let Some(channel) = description_channel(value) {
                        evidence.add_fact("product_channel", channel, origin);
                    }
                }
                "license_status" => {
                    // "Non-genuine grace period." ends with a period in slmgr.
                    evidence.add_fact(fact, value.trim_end_matches('.'), origin)
                }
                _ => evidence.add_fact(fact, value, origin),
            }
            return;
        }
    }
    if let Some(reason) = line.strip_prefix("Notification Reason: ") {
        if let Some(code) = reason.split_whitespace().next().and_then(normalise_code) {
            evidence.add_fact("notification_reason", &code, origin);
        }
        return;
    }
    let minutes = [
        ("Time remaining: ", "time_remaining_minutes"),
        (
            "Volume activation expiration: ",
            "volume_expiration_minutes",
        ),
        ("Activation interval: ", "activation_interval"),
        ("Renewal interval: ", "renewal_interval"),
    ];
    for (label, fact) in minutes {
        if let Some(value) = line.strip_prefix(label) {
            if let Some(number) = first_number(value) {
                evidence.add_fact(fact, number, origin);
            }
            return;
        }
    }
    let hosts = [
        ("KMS machine name from DNS: ", "dns"),
        ("Registered KMS machine name: ", "registered"),
    ];
    for (label, set_by) in hosts {
        if let Some(value) = line.strip_prefix(label) {
            if let Some((host, port)) = split_host_port(value) {
                evidence.add_fact("kms_host", host, origin.clone());
                evidence.add_fact("kms_port", port, origin.clone());
                evidence.add_fact("kms_host_set_by", set_by, origin);
            }
            return;
        }
    }
    let switches = [
        (
            "DNS auto-discovery: KMS name not available",
            "kms_discovery",
            "not_available",
        ),
        ("KMS host caching is enabled", "kms_host_caching", "enabled"),
        (
            "KMS host caching is disabled",
            "kms_host_caching",
            "disabled",
        ),
        (
            "Key Management Service is enabled on this machine",
            "is_kms_host",
            "yes",
        ),
        ("DNS publishing enabled", "dns_publishing", "enabled"),
        ("DNS publishing disabled", "dns_publishing", "disabled"),
    ];
    for (text, fact, value) in switches {
        if line.starts_with(text) {
            evidence.add_fact(fact, value, origin);
            return;
        }
    }
}

/// "Windows(R) Operating System, VOLUME_KMSCLIENT channel" gives
/// VOLUME_KMSCLIENT.
fn description_channel(description: &str) -> Option<&str> {
    let before = description.trim().strip_suffix("channel")?.trim_end();
    let word = before.rsplit([',', ' ']).next()?;
    (!word.is_empty()).then_some(word)
}
