//! The real collector, on Windows: WMI, registry, DNS, one TCP connection
//! and the Application log. Every call here only reads. The full product
//! key (`BackupProductKeyDefault`, `OA3xOriginalProductKey`) is never
//! asked for: the product query names its columns, and `PartialProductKey`
//! is the only key column among them.

// The Win32 calls below (DNS, event log, registry) are foreign functions:
// the one place of actwiz with unsafe code (denied everywhere else, see
// Cargo.toml). Each block says why it is sound.
#![allow(unsafe_code)]

use std::collections::HashMap;
use std::net::{TcpStream, ToSocketAddrs};
use std::time::Duration;

use windows::core::HSTRING;
use windows::Win32::Foundation::ERROR_SUCCESS;
use windows::Win32::NetworkManagement::Dns::{
    DnsFree, DnsFreeRecordList, DnsQuery_W, DNS_QUERY_STANDARD, DNS_RECORDA, DNS_RECORDW,
    DNS_TYPE_SRV,
};
use windows::Win32::System::EventLog::{
    EvtClose, EvtNext, EvtQuery, EvtQueryChannelPath, EvtQueryReverseDirection, EvtRender,
    EvtRenderEventXml, EVT_HANDLE,
};
use windows::Win32::System::Registry::{
    RegGetValueW, HKEY_LOCAL_MACHINE, RRF_RT_REG_DWORD, RRF_RT_REG_SZ,
};
use wmi::{Variant, WMIConnection};

use super::{Collector, Product, Registry, Service};

/// Windows' application id in the licensing classes (the one slmgr uses).
const WINDOWS_APP_ID: &str = "55c92734-d682-4d71-983e-d6ec3f16059f";
/// The newest activation events read from the Application log.
const MAX_EVENTS: usize = 200;

pub(crate) struct WindowsCollector {
    wmi: Option<WMIConnection>,
    wmi_error: String,
}

impl WindowsCollector {
    pub(crate) fn new() -> Result<Self, String> {
        // A WMI failure is reported per source; the registry, DNS and the
        // event log can still be read.
        match WMIConnection::new() {
            Ok(wmi) => Ok(WindowsCollector {
                wmi: Some(wmi),
                wmi_error: String::new(),
            }),
            Err(e) => Ok(WindowsCollector {
                wmi: None,
                wmi_error: e.to_string(),
            }),
        }
    }

    fn query(&self, wql: &str) -> Result<Vec<HashMap<String, Variant>>, String> {
        let wmi = self.wmi.as_ref().ok_or_else(|| self.wmi_error.clone())?;
        wmi.raw_query(wql).map_err(|e| e.to_string())
    }
}

fn text(row: &HashMap<String, Variant>, name: &str) -> String {
    match row.get(name) {
        Some(Variant::String(s)) => s.clone(),
        _ => String::new(),
    }
}

fn number(row: &HashMap<String, Variant>, name: &str) -> u32 {
    match row.get(name) {
        Some(Variant::UI4(n)) => *n,
        Some(Variant::I4(n)) => *n as u32,
        Some(Variant::UI2(n)) => u32::from(*n),
        Some(Variant::I2(n)) => *n as u32,
        Some(Variant::UI1(n)) => u32::from(*n),
        Some(Variant::UI8(n)) => u32::try_from(*n).unwrap_or(u32::MAX),
        Some(Variant::I8(n)) => u32::try_from(*n).unwrap_or(0),
        Some(Variant::Bool(b)) => u32::from(*b),
        _ => 0,
    }
}

fn flag(row: &HashMap<String, Variant>, name: &str) -> bool {
    number(row, name) != 0
}

impl Collector for WindowsCollector {
    fn product(&mut self) -> Result<Option<Product>, String> {
        let columns = "Name, Description, ProductKeyChannel, PartialProductKey, LicenseStatus, \
            LicenseStatusReason, GracePeriodRemaining, KeyManagementServiceMachine, \
            KeyManagementServicePort, DiscoveredKeyManagementServiceMachineName, \
            DiscoveredKeyManagementServiceMachinePort, DiscoveredKeyManagementServiceMachineIpAddress, \
            KeyManagementServiceLookupDomain, VLActivationInterval, VLRenewalInterval";
        let wql = format!(
            "SELECT {columns} FROM SoftwareLicensingProduct WHERE ApplicationID='{WINDOWS_APP_ID}' AND PartialProductKey IS NOT NULL"
        );
        let rows = self.query(&wql)?;
        Ok(rows.first().map(|row| Product {
            name: text(row, "Name"),
            description: text(row, "Description"),
            product_key_channel: text(row, "ProductKeyChannel"),
            partial_product_key: text(row, "PartialProductKey"),
            license_status: number(row, "LicenseStatus"),
            license_status_reason: number(row, "LicenseStatusReason"),
            grace_period_remaining: number(row, "GracePeriodRemaining"),
            kms_machine: text(row, "KeyManagementServiceMachine"),
            kms_port: number(row, "KeyManagementServicePort"),
            discovered_kms_name: text(row, "DiscoveredKeyManagementServiceMachineName"),
            discovered_kms_port: number(row, "DiscoveredKeyManagementServiceMachinePort"),
            discovered_kms_ip: text(row, "DiscoveredKeyManagementServiceMachineIpAddress"),
            kms_lookup_domain: text(row, "KeyManagementServiceLookupDomain"),
            activation_interval: number(row, "VLActivationInterval"),
            renewal_interval: number(row, "VLRenewalInterval"),
        }))
    }

    fn service(&mut self) -> Result<Service, String> {
        let columns = "ClientMachineID, KeyManagementServiceMachine, KeyManagementServicePort, \
            IsKeyManagementServiceMachine, KeyManagementServiceCurrentCount, \
            KeyManagementServiceListeningPort, KeyManagementServiceDnsPublishing, \
            KeyManagementServiceHostCaching, KeyManagementServiceTotalRequests, \
            KeyManagementServiceFailedRequests, RemainingWindowsReArmCount";
        let rows = self.query(&format!("SELECT {columns} FROM SoftwareLicensingService"))?;
        let row = rows.first().ok_or("no SoftwareLicensingService instance")?;
        Ok(Service {
            client_machine_id: text(row, "ClientMachineID"),
            kms_machine: text(row, "KeyManagementServiceMachine"),
            kms_port: number(row, "KeyManagementServicePort"),
            is_kms_host: flag(row, "IsKeyManagementServiceMachine"),
            current_count: number(row, "KeyManagementServiceCurrentCount"),
            listening_port: number(row, "KeyManagementServiceListeningPort"),
            dns_publishing: flag(row, "KeyManagementServiceDnsPublishing"),
            host_caching: flag(row, "KeyManagementServiceHostCaching"),
            total_requests: number(row, "KeyManagementServiceTotalRequests"),
            failed_requests: number(row, "KeyManagementServiceFailedRequests"),
            remaining_rearm_count: number(row, "RemainingWindowsReArmCount"),
        })
    }

    fn registry(&mut self) -> Result<Registry, String> {
        const SPP: &str =
            r"SOFTWARE\Microsoft\Windows NT\CurrentVersion\SoftwareProtectionPlatform";
        const W32TIME: &str = r"SYSTEM\CurrentControlSet\Services\W32Time";
        const TCPIP: &str = r"SYSTEM\CurrentControlSet\Services\Tcpip\Parameters";
        Ok(Registry {
            kms_name: reg_string(SPP, "KeyManagementServiceName").unwrap_or_default(),
            kms_port: reg_string(SPP, "KeyManagementServicePort").unwrap_or_default(),
            w32time_type: reg_string(&format!(r"{W32TIME}\Parameters"), "Type").unwrap_or_default(),
            ntp_client_enabled: reg_dword(
                &format!(r"{W32TIME}\TimeProviders\NtpClient"),
                "Enabled",
            ),
            primary_dns_suffix: reg_string(TCPIP, "Domain").unwrap_or_default(),
        })
    }

    fn srv_lookup(&mut self, name: &str) -> Result<Vec<(String, u16)>, String> {
        let wide = HSTRING::from(name);
        let mut results: *mut DNS_RECORDW = std::ptr::null_mut();
        // SAFETY: DnsQuery_W fills `results` with a list it allocates; it is
        // read only while valid and freed once with DnsFree.
        let status = unsafe {
            DnsQuery_W(
                &wide,
                DNS_TYPE_SRV,
                DNS_QUERY_STANDARD,
                None,
                &mut results as *mut *mut DNS_RECORDW as *mut *mut DNS_RECORDA,
                None,
            )
        };
        if status != ERROR_SUCCESS {
            // DNS_ERROR_RCODE_NAME_ERROR (9003) and DNS_INFO_NO_RECORDS
            // (9501): the name has no SRV record.
            return if matches!(status.0, 9003 | 9501) {
                Ok(Vec::new())
            } else {
                Err(format!("DNS query failed (error {})", status.0))
            };
        }
        let mut records = Vec::new();
        let mut current = results;
        while !current.is_null() && records.len() < 32 {
            // SAFETY: `current` walks the list DnsQuery_W returned.
            let record = unsafe { &*current };
            if record.wType == DNS_TYPE_SRV.0 {
                // SAFETY: an SRV record's data is the SRV member.
                let srv = unsafe { record.Data.SRV };
                // SAFETY: pNameTarget is a NUL-terminated string of the list.
                let target = unsafe { srv.pNameTarget.to_string() }.unwrap_or_default();
                records.push((target, srv.wPort));
            }
            current = record.pNext;
        }
        // SAFETY: frees the list DnsQuery_W allocated, once.
        unsafe { DnsFree(Some(results as *const _), DnsFreeRecordList) };
        Ok(records)
    }

    fn tcp_connect(&mut self, host: &str, port: u16, timeout: Duration) -> Result<bool, String> {
        let addresses = (host, port)
            .to_socket_addrs()
            .map_err(|e| format!("cannot resolve {host}: {e}"))?;
        for address in addresses {
            if TcpStream::connect_timeout(&address, timeout).is_ok() {
                return Ok(true);
            }
        }
        Ok(false)
    }

    fn events(&mut self) -> Result<Vec<String>, String> {
        let ids = crate::core::evidence::EVENT_IDS
            .iter()
            .map(|id| format!("EventID={id}"))
            .collect::<Vec<_>>()
            .join(" or ");
        let providers = crate::core::evidence::ACTIVATION_PROVIDERS
            .iter()
            .map(|p| format!("@Name='{p}'"))
            .collect::<Vec<_>>()
            .join(" or ");
        let query = HSTRING::from(format!("*[System[Provider[{providers}] and ({ids})]]"));
        let channel = HSTRING::from("Application");
        let flags = EvtQueryChannelPath.0 | EvtQueryReverseDirection.0;
        // SAFETY: a query handle, closed below.
        let results =
            unsafe { EvtQuery(None, &channel, &query, flags) }.map_err(|e| e.to_string())?;
        let mut events = Vec::new();
        'outer: while events.len() < MAX_EVENTS {
            let mut handles = [0isize; 16];
            let mut returned = 0u32;
            // SAFETY: fills up to 16 event handles, each closed after use.
            if unsafe { EvtNext(results, &mut handles, 1000, 0, &mut returned) }.is_err() {
                break;
            }
            for &raw in handles.iter().take(returned as usize) {
                let event = EVT_HANDLE(raw);
                let xml = render_xml(event);
                // SAFETY: the handle EvtNext gave.
                let _ = unsafe { EvtClose(event) };
                if let Some(xml) = xml {
                    events.push(xml);
                }
                if events.len() >= MAX_EVENTS {
                    break 'outer;
                }
            }
        }
        // SAFETY: the query handle opened above.
        let _ = unsafe { EvtClose(results) };
        Ok(events)
    }
}

/// The event's XML (UTF-16 from EvtRender).
fn render_xml(event: EVT_HANDLE) -> Option<String> {
    let mut used = 0u32;
    let mut count = 0u32;
    // SAFETY: the first call asks for the size (it fails with
    // ERROR_INSUFFICIENT_BUFFER and sets `used`).
    let _ = unsafe {
        EvtRender(
            None,
            event,
            EvtRenderEventXml.0,
            0,
            None,
            &mut used,
            &mut count,
        )
    };
    if used == 0 || used > 1 << 20 {
        return None;
    }
    let mut buffer = vec![0u16; (used as usize).div_ceil(2)];
    let size = (buffer.len() * 2) as u32;
    // SAFETY: `buffer` holds `size` bytes.
    unsafe {
        EvtRender(
            None,
            event,
            EvtRenderEventXml.0,
            size,
            Some(buffer.as_mut_ptr().cast()),
            &mut used,
            &mut count,
        )
    }
    .ok()?;
    let end = buffer.iter().position(|&u| u == 0).unwrap_or(buffer.len());
    Some(String::from_utf16_lossy(&buffer[..end]))
}

fn reg_string(key: &str, value: &str) -> Option<String> {
    let key = HSTRING::from(key);
    let value = HSTRING::from(value);
    let mut size = 0u32;
    // SAFETY: asks the size of a REG_SZ value.
    let status = unsafe {
        RegGetValueW(
            HKEY_LOCAL_MACHINE,
            &key,
            &value,
            RRF_RT_REG_SZ,
            None,
            None,
            Some(&mut size),
        )
    };
    if status != ERROR_SUCCESS || size == 0 || size > 64 * 1024 {
        return None;
    }
    let mut buffer = vec![0u16; (size as usize).div_ceil(2)];
    let mut size = (buffer.len() * 2) as u32;
    // SAFETY: `buffer` holds `size` bytes.
    let status = unsafe {
        RegGetValueW(
            HKEY_LOCAL_MACHINE,
            &key,
            &value,
            RRF_RT_REG_SZ,
            None,
            Some(buffer.as_mut_ptr().cast()),
            Some(&mut size),
        )
    };
    if status != ERROR_SUCCESS {
        return None;
    }
    let end = buffer.iter().position(|&u| u == 0).unwrap_or(buffer.len());
    Some(String::from_utf16_lossy(&buffer[..end]))
}

fn reg_dword(key: &str, value: &str) -> Option<u32> {
    let key = HSTRING::from(key);
    let value = HSTRING::from(value);
    let mut data = 0u32;
    let mut size = 4u32;
    // SAFETY: a DWORD is 4 bytes.
    let status = unsafe {
        RegGetValueW(
            HKEY_LOCAL_MACHINE,
            &key,
            &value,
            RRF_RT_REG_DWORD,
            None,
            Some((&mut data as *mut u32).cast()),
            Some(&mut size),
        )
    };
    (status == ERROR_SUCCESS).then_some(data)
}
