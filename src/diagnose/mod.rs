//! `actwiz diagnose`: the same facts as pasted evidence, read from the
//! machine itself, read-only.
//!
//! What is read goes through the [`Collector`] trait: on Windows the real
//! collector (WMI, registry, DNS, a TCP connect, the Application log; see
//! `windows.rs`), in tests a fake one. Everything but the Windows calls
//! (turning what was read into facts, choosing the code, the output) is
//! here and tested on any system. Nothing writes: the collector has no
//! method that could, and the product key is read only as the
//! `PartialProductKey` WMI gives (its last five characters).

#[cfg(windows)]
mod windows;

use std::time::Duration;

use anyhow::Result;

use crate::core::catalog::{Code, Lang};
use crate::core::evidence::{self, Detail, Evidence, Origin, SourceKind};

/// How long the TCP test waits for the KMS host.
pub(crate) const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);

/// The Windows product, as `SoftwareLicensingProduct` describes it (the row
/// slmgr reads: Windows' application id, with a product key installed).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Product {
    pub name: String,
    pub description: String,
    pub product_key_channel: String,
    /// The last five characters of the key; never the key itself.
    pub partial_product_key: String,
    /// 0 Unlicensed, 1 Licensed, 2 initial grace, 3 additional grace,
    /// 4 non-genuine grace, 5 notification, 6 extended grace.
    pub license_status: u32,
    /// The HRESULT slmgr prints as Notification Reason.
    pub license_status_reason: u32,
    /// Minutes.
    pub grace_period_remaining: u32,
    /// Set with /skms (empty when not).
    pub kms_machine: String,
    pub kms_port: u32,
    pub discovered_kms_name: String,
    pub discovered_kms_port: u32,
    pub discovered_kms_ip: String,
    pub kms_lookup_domain: String,
    pub activation_interval: u32,
    pub renewal_interval: u32,
}

/// `SoftwareLicensingService`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Service {
    pub client_machine_id: String,
    pub kms_machine: String,
    pub kms_port: u32,
    pub is_kms_host: bool,
    pub current_count: u32,
    pub listening_port: u32,
    pub dns_publishing: bool,
    pub host_caching: bool,
    pub total_requests: u32,
    pub failed_requests: u32,
    pub remaining_rearm_count: u32,
}

/// Registry values (SoftwareProtectionPlatform, W32Time, Tcpip).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Registry {
    pub kms_name: String,
    pub kms_port: String,
    pub w32time_type: String,
    pub ntp_client_enabled: Option<u32>,
    pub primary_dns_suffix: String,
}

/// What `diagnose` reads, one source a method. Every method only reads.
pub(crate) trait Collector {
    fn product(&mut self) -> Result<Option<Product>, String>;
    fn service(&mut self) -> Result<Service, String>;
    fn registry(&mut self) -> Result<Registry, String>;
    /// The (target, port) of each SRV record of `name`.
    fn srv_lookup(&mut self, name: &str) -> Result<Vec<(String, u16)>, String>;
    /// Whether a TCP connection to host:port opens within the timeout.
    fn tcp_connect(&mut self, host: &str, port: u16, timeout: Duration) -> Result<bool, String>;
    /// The activation events of the Application log, newest first, as XML.
    fn events(&mut self) -> Result<Vec<String>, String>;
}

/// What `diagnose` tells the user before it reads anything.
pub(crate) fn plan(lang: Lang) -> Vec<&'static str> {
    match lang {
        Lang::En => vec![
            "WMI SoftwareLicensingProduct (Windows, with a key installed): name, channel, partial product key (last 5 characters only), license status, KMS settings",
            "WMI SoftwareLicensingService: client machine ID, KMS host settings and counts",
            "Registry: SoftwareProtectionPlatform KeyManagementServiceName/Port, W32Time Type and NtpClient Enabled, Tcpip Domain",
            "DNS: the _vlmcs._tcp SRV record of the lookup domain",
            "Network: one TCP connection to the KMS host's port, 3-second timeout",
            "Application log: the activation events 12288, 12289, 8198, 12290, 12293, 12294",
        ],
        Lang::Fr => vec![
            "WMI SoftwareLicensingProduct (Windows, avec une clé installée) : nom, canal, clé de produit partielle (5 derniers caractères seulement), état de la licence, réglages KMS",
            "WMI SoftwareLicensingService : ID de l’ordinateur client, réglages et compteurs de l’hôte KMS",
            "Registre : SoftwareProtectionPlatform KeyManagementServiceName/Port, W32Time Type et NtpClient Enabled, Tcpip Domain",
            "DNS : l’enregistrement SRV _vlmcs._tcp du domaine de recherche",
            "Réseau : une connexion TCP au port de l’hôte KMS, délai de 3 secondes",
            "Journal Application : les événements d’activation 12288, 12289, 8198, 12290, 12293, 12294",
        ],
    }
}

/// The wording slmgr gives each LicenseStatus, so that the same `suggest:`
/// rules read pasted slmgr output and WMI alike.
fn license_status_text(status: u32) -> Option<&'static str> {
    Some(match status {
        0 => "Unlicensed",
        1 => "Licensed",
        2 => "Initial grace period",
        3 => "Additional grace period (KMS license expired or hardware out of tolerance)",
        4 => "Non-genuine grace period",
        5 => "Notification",
        6 => "Extended grace period",
        _ => return None,
    })
}

fn machine(detail: Detail) -> Origin {
    Origin {
        kind: SourceKind::Machine,
        line: 0,
        detail: Some(detail),
    }
}

/// A WMI property or registry value: its name is the same in every language.
fn named(name: &str) -> Origin {
    machine(Detail::Named(name.to_string()))
}

/// Reads everything through `collector` into evidence, with the problems
/// met (a source that could not be read does not stop the others).
pub(crate) fn collect(collector: &mut dyn Collector) -> (Evidence, Vec<String>) {
    let mut evidence = Evidence::new();
    let mut problems = Vec::new();
    let mut product = None;
    match collector.product() {
        Ok(found) => product = found,
        Err(e) => problems.push(format!("SoftwareLicensingProduct: {e}")),
    }
    if let Some(p) = &product {
        add_product(p, &mut evidence);
    }
    let service = collector
        .service()
        .map_err(|e| problems.push(format!("SoftwareLicensingService: {e}")))
        .ok();
    if let Some(s) = &service {
        add_service(s, &mut evidence);
    }
    let registry = collector
        .registry()
        .map_err(|e| problems.push(format!("registry: {e}")))
        .ok();
    if let Some(r) = &registry {
        add_registry(r, &mut evidence);
    }
    // Events first among the derived sources: their codes are the ones the
    // activation attempts met.
    match collector.events() {
        Ok(events) => {
            for (i, xml) in events.iter().enumerate() {
                let origin = machine(Detail::LogEntryFromNewest(i + 1));
                evidence::read_event_xml(xml, origin, &mut evidence);
            }
        }
        Err(e) => problems.push(format!("Application log: {e}")),
    }
    // The SRV record of the lookup domain: the one set with /skms-domain,
    // else the primary DNS suffix.
    let domain = product
        .as_ref()
        .map(|p| p.kms_lookup_domain.clone())
        .filter(|d| !d.is_empty())
        .or_else(|| registry.as_ref().map(|r| r.primary_dns_suffix.clone()))
        .filter(|d| !d.is_empty());
    if let Some(domain) = domain {
        let name = format!("_vlmcs._tcp.{domain}");
        let origin = machine(Detail::DnsSrv(name.clone()));
        match collector.srv_lookup(&name) {
            Ok(records) if records.is_empty() => {
                evidence.add_fact("srv_record_found", "no", origin);
            }
            Ok(records) => {
                evidence.add_fact("srv_name", &name, origin.clone());
                evidence.add_fact("srv_target", &records[0].0, origin.clone());
                evidence.add_fact("srv_port", &records[0].1.to_string(), origin.clone());
                let targets: Vec<&str> = records.iter().map(|(t, _)| t.as_str()).collect();
                evidence.add_fact("srv_targets", &targets.join(", "), origin.clone());
                evidence.add_fact("srv_record_found", "yes", origin);
            }
            Err(e) => problems.push(format!("DNS SRV {name}: {e}")),
        }
    }
    evidence::finish(&mut evidence);
    // The TCP test, to the host the client uses.
    let host = evidence.fact("kms_host").map(|f| f.value.clone());
    let port = evidence
        .fact("kms_port")
        .and_then(|f| f.value.parse::<u16>().ok())
        .unwrap_or(1688);
    if let Some(host) = host {
        let origin = machine(Detail::TcpConnect {
            host: host.clone(),
            port,
        });
        match collector.tcp_connect(&host, port, CONNECT_TIMEOUT) {
            Ok(open) => {
                evidence.add_fact("tcp_test_host", &host, origin.clone());
                evidence.add_fact("tcp_test_port", &port.to_string(), origin.clone());
                let result = if open { "True" } else { "False" };
                evidence.add_fact("tcp_test_succeeded", result, origin);
            }
            Err(e) => problems.push(format!("TCP {host}:{port}: {e}")),
        }
    }
    (evidence, problems)
}

fn add_product(p: &Product, e: &mut Evidence) {
    let at = |property: &str| named(&format!("SoftwareLicensingProduct.{property}"));
    e.add_fact("product_name", &p.name, at("Name"));
    e.add_fact("product_description", &p.description, at("Description"));
    if let Some(channel) = p
        .description
        .trim()
        .strip_suffix("channel")
        .and_then(|d| d.trim_end().rsplit([',', ' ']).next())
    {
        e.add_fact("product_channel", channel, at("Description"));
    }
    e.add_fact(
        "product_key_channel",
        &p.product_key_channel,
        at("ProductKeyChannel"),
    );
    e.add_fact(
        "partial_product_key",
        &p.partial_product_key,
        at("PartialProductKey"),
    );
    if let Some(text) = license_status_text(p.license_status) {
        e.add_fact("license_status", text, at("LicenseStatus"));
    }
    if p.license_status_reason != 0 {
        let code = Code(p.license_status_reason);
        e.add_fact(
            "notification_reason",
            &code.to_string(),
            at("LicenseStatusReason"),
        );
        if code.0 & 0x8000_0000 != 0 {
            e.add_code(code, at("LicenseStatusReason"));
        }
    }
    if p.grace_period_remaining != 0 {
        let minutes = p.grace_period_remaining.to_string();
        e.add_fact(
            "time_remaining_minutes",
            &minutes,
            at("GracePeriodRemaining"),
        );
    }
    // The host set by hand wins, as it does for the client.
    if !p.kms_machine.is_empty() {
        let port = if p.kms_port == 0 { 1688 } else { p.kms_port };
        e.add_fact(
            "kms_host",
            &p.kms_machine,
            at("KeyManagementServiceMachine"),
        );
        e.add_fact(
            "kms_port",
            &port.to_string(),
            at("KeyManagementServicePort"),
        );
        e.add_fact(
            "kms_host_set_by",
            "registered",
            at("KeyManagementServiceMachine"),
        );
    } else if !p.discovered_kms_name.is_empty() && p.discovered_kms_port != 0 {
        let name = "DiscoveredKeyManagementServiceMachineName";
        e.add_fact("kms_host", &p.discovered_kms_name, at(name));
        let port = p.discovered_kms_port.to_string();
        e.add_fact(
            "kms_port",
            &port,
            at("DiscoveredKeyManagementServiceMachinePort"),
        );
        e.add_fact("kms_host_set_by", "dns", at(name));
    }
    let ip = "DiscoveredKeyManagementServiceMachineIpAddress";
    e.add_fact("kms_host_ip", &p.discovered_kms_ip, at(ip));
    e.add_fact(
        "kms_lookup_domain",
        &p.kms_lookup_domain,
        at("KeyManagementServiceLookupDomain"),
    );
    if p.activation_interval != 0 {
        let value = p.activation_interval.to_string();
        e.add_fact("activation_interval", &value, at("VLActivationInterval"));
    }
    if p.renewal_interval != 0 {
        let value = p.renewal_interval.to_string();
        e.add_fact("renewal_interval", &value, at("VLRenewalInterval"));
    }
}

fn add_service(s: &Service, e: &mut Evidence) {
    let at = |property: &str| named(&format!("SoftwareLicensingService.{property}"));
    e.add_fact(
        "client_machine_id",
        &s.client_machine_id,
        at("ClientMachineID"),
    );
    if !s.kms_machine.is_empty() {
        e.add_fact(
            "kms_host",
            &s.kms_machine,
            at("KeyManagementServiceMachine"),
        );
        if s.kms_port != 0 {
            e.add_fact(
                "kms_port",
                &s.kms_port.to_string(),
                at("KeyManagementServicePort"),
            );
        }
        e.add_fact(
            "kms_host_set_by",
            "registered",
            at("KeyManagementServiceMachine"),
        );
    }
    let caching = if s.host_caching {
        "enabled"
    } else {
        "disabled"
    };
    e.add_fact(
        "kms_host_caching",
        caching,
        at("KeyManagementServiceHostCaching"),
    );
    let rearm = s.remaining_rearm_count.to_string();
    e.add_fact(
        "remaining_rearm_count",
        &rearm,
        at("RemainingWindowsReArmCount"),
    );
    if s.is_kms_host {
        e.add_fact("is_kms_host", "yes", at("IsKeyManagementServiceMachine"));
        let count = s.current_count.to_string();
        e.add_fact(
            "current_count",
            &count,
            at("KeyManagementServiceCurrentCount"),
        );
        let port = s.listening_port.to_string();
        e.add_fact(
            "listening_port",
            &port,
            at("KeyManagementServiceListeningPort"),
        );
        let publishing = if s.dns_publishing {
            "enabled"
        } else {
            "disabled"
        };
        e.add_fact(
            "dns_publishing",
            publishing,
            at("KeyManagementServiceDnsPublishing"),
        );
        let total = s.total_requests.to_string();
        e.add_fact(
            "total_requests",
            &total,
            at("KeyManagementServiceTotalRequests"),
        );
        let failed = s.failed_requests.to_string();
        e.add_fact(
            "failed_requests",
            &failed,
            at("KeyManagementServiceFailedRequests"),
        );
    }
}

fn add_registry(r: &Registry, e: &mut Evidence) {
    let spp = |value: &str| named(&format!("HKLM\\...\\SoftwareProtectionPlatform\\{value}"));
    if !r.kms_name.is_empty() {
        e.add_fact("kms_host", &r.kms_name, spp("KeyManagementServiceName"));
        e.add_fact("kms_port", &r.kms_port, spp("KeyManagementServicePort"));
        e.add_fact(
            "kms_host_set_by",
            "registered",
            spp("KeyManagementServiceName"),
        );
    }
    let w32 = |value: &str| {
        named(&format!(
            "HKLM\\SYSTEM\\CurrentControlSet\\Services\\W32Time\\{value}"
        ))
    };
    e.add_fact("w32time_type", &r.w32time_type, w32("Parameters\\Type"));
    if let Some(enabled) = r.ntp_client_enabled {
        let at = w32("TimeProviders\\NtpClient\\Enabled");
        e.add_fact("ntp_client_enabled", &enabled.to_string(), at);
    }
    let tcpip = named("HKLM\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters\\Domain");
    e.add_fact("primary_dns_suffix", &r.primary_dns_suffix, tcpip);
}

/// The code to open: the first error code the machine shows.
pub(crate) fn code_found(evidence: &Evidence) -> Option<Code> {
    evidence.codes.first().map(|c| c.code)
}

/// The collector that reads the machine actwiz runs on.
#[cfg(windows)]
pub(crate) fn machine_collector() -> Result<windows::WindowsCollector, String> {
    windows::WindowsCollector::new()
}

#[cfg(test)]
mod tests;
