//! `diagnose` with a fake collector: what a machine's answers become.

use super::*;

/// Answers as a KMS client whose host does not answer would.
#[derive(Default)]
struct Fake {
    product: Option<Product>,
    service: Service,
    registry: Registry,
    srv: Vec<(String, u16)>,
    port_open: bool,
    events: Vec<String>,
    fail_wmi: bool,
    asked_srv: Vec<String>,
    asked_tcp: Vec<(String, u16)>,
}

impl Collector for Fake {
    fn product(&mut self) -> Result<Option<Product>, String> {
        if self.fail_wmi {
            return Err("WMI unavailable".into());
        }
        Ok(self.product.clone())
    }
    fn service(&mut self) -> Result<Service, String> {
        Ok(self.service.clone())
    }
    fn registry(&mut self) -> Result<Registry, String> {
        Ok(self.registry.clone())
    }
    fn srv_lookup(&mut self, name: &str) -> Result<Vec<(String, u16)>, String> {
        self.asked_srv.push(name.to_string());
        Ok(self.srv.clone())
    }
    fn tcp_connect(&mut self, host: &str, port: u16, _: Duration) -> Result<bool, String> {
        self.asked_tcp.push((host.to_string(), port));
        Ok(self.port_open)
    }
    fn events(&mut self) -> Result<Vec<String>, String> {
        Ok(self.events.clone())
    }
}

fn kms_client() -> Fake {
    Fake {
        product: Some(Product {
            name: "Windows(R), Enterprise edition".into(),
            description: "Windows(R) Operating System, VOLUME_KMSCLIENT channel".into(),
            product_key_channel: "Volume:GVLK".into(),
            partial_product_key: "2YT43".into(),
            license_status: 2,
            license_status_reason: 0xC004F074,
            grace_period_remaining: 43140,
            discovered_kms_name: "kms01.contoso.com".into(),
            discovered_kms_port: 1688,
            activation_interval: 120,
            renewal_interval: 10080,
            ..Product::default()
        }),
        service: Service {
            client_machine_id: "36f27b39-2fd5-440b-be67-a09996d27a38".into(),
            host_caching: true,
            remaining_rearm_count: 1001,
            ..Service::default()
        },
        registry: Registry {
            w32time_type: "NT5DS".into(),
            ntp_client_enabled: Some(1),
            primary_dns_suffix: "contoso.com".into(),
            ..Registry::default()
        },
        srv: vec![("kms01.contoso.com".into(), 1688)],
        port_open: false,
        events: vec![format!(
            r#"<Event><System><Provider Name="Microsoft-Windows-Security-SPP"/><EventID>12288</EventID></System><EventData><Data>0x0, 0x0, kms01.contoso.com:1688, 36f27b39-2fd5-440b-be67-a09996d27a38, 2025/01/15 10:12, 0, 2, 41760, x, 25</Data></EventData></Event>"#
        )],
        ..Fake::default()
    }
}

fn value<'e>(evidence: &'e Evidence, name: &str) -> &'e str {
    evidence
        .fact(name)
        .map(|f| f.value.as_str())
        .unwrap_or_else(|| panic!("no {name}: {:#?}", evidence.facts))
}

#[test]
fn a_kms_client_whose_host_does_not_answer() {
    let mut fake = kms_client();
    let (evidence, problems) = collect(&mut fake);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(value(&evidence, "license_status"), "Initial grace period");
    assert_eq!(value(&evidence, "notification_reason"), "0xC004F074");
    assert_eq!(value(&evidence, "partial_product_key"), "2YT43");
    assert_eq!(value(&evidence, "product_channel"), "VOLUME_KMSCLIENT");
    assert_eq!(value(&evidence, "kms_host"), "kms01.contoso.com");
    assert_eq!(value(&evidence, "kms_host_set_by"), "dns");
    assert_eq!(value(&evidence, "srv_record_found"), "yes");
    assert_eq!(value(&evidence, "tcp_test_succeeded"), "False");
    assert_eq!(value(&evidence, "kms_response_logged"), "no");
    assert_eq!(value(&evidence, "w32time_type"), "NT5DS");
    assert_eq!(fake.asked_srv, ["_vlmcs._tcp.contoso.com"]);
    assert_eq!(fake.asked_tcp, [("kms01.contoso.com".to_string(), 1688)]);
    assert_eq!(code_found(&evidence), Some(Code(0xC004F074)));
    assert_eq!(
        evidence.fact("kms_host").unwrap().from.to_string(),
        "this machine, SoftwareLicensingProduct.DiscoveredKeyManagementServiceMachineName"
    );
}

#[test]
fn a_host_set_by_hand_wins_and_a_failed_source_does_not_stop_the_others() {
    let mut fake = kms_client();
    fake.fail_wmi = true;
    fake.registry.kms_name = "10.20.0.16".into();
    fake.registry.kms_port = "1700".into();
    let (evidence, problems) = collect(&mut fake);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(value(&evidence, "kms_host"), "10.20.0.16");
    assert_eq!(value(&evidence, "kms_port"), "1700");
    assert_eq!(value(&evidence, "kms_host_ip"), "10.20.0.16");
    assert_eq!(fake.asked_tcp, [("10.20.0.16".to_string(), 1700)]);
}

#[test]
fn a_kms_host_shows_its_count() {
    let mut fake = Fake {
        service: Service {
            is_kms_host: true,
            current_count: 3,
            listening_port: 1688,
            dns_publishing: true,
            ..Service::default()
        },
        ..Fake::default()
    };
    let (evidence, _) = collect(&mut fake);
    assert_eq!(value(&evidence, "current_count"), "3");
    assert_eq!(value(&evidence, "dns_publishing"), "enabled");
    assert!(fake.asked_tcp.is_empty());
    assert_eq!(code_found(&evidence), None);
}

#[test]
fn the_plan_names_only_the_partial_key() {
    for lang in Lang::ALL {
        let plan = plan(lang).join("\n");
        assert!(plan.contains("5"), "{plan}");
        assert!(!plan.contains("BackupProductKeyDefault"));
        assert!(!plan.contains("OA3xOriginalProductKey"));
    }
}
