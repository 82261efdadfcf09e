//! One test per kind of output, on the fixtures of tests/fixtures/evidence.

use super::*;

macro_rules! fixture {
    ($name:literal) => {
        read_text(include_str!(concat!(
            "../../../tests/fixtures/evidence/",
            $name
        )))
    };
}

fn fact<'e>(evidence: &'e Evidence, name: &str) -> &'e str {
    evidence
        .fact(name)
        .map(|f| f.value.as_str())
        .unwrap_or_else(|| panic!("no fact {name} in {:#?}", evidence.facts))
}

fn from(evidence: &Evidence, name: &str) -> String {
    evidence
        .fact(name)
        .map(|f| f.from.to_string())
        .unwrap_or_default()
}

fn codes(evidence: &Evidence) -> Vec<String> {
    evidence.codes.iter().map(|c| c.code.to_string()).collect()
}

#[test]
fn slmgr_dlv_on_a_kms_client() {
    let e = fixture!("slmgr-dlv-client.txt");
    assert_eq!(fact(&e, "product_name"), "Windows(R), Enterprise edition");
    assert_eq!(fact(&e, "product_channel"), "VOLUME_KMSCLIENT");
    assert_eq!(fact(&e, "product_key_channel"), "Volume:GVLK");
    assert_eq!(fact(&e, "partial_product_key"), "2YT43");
    assert_eq!(fact(&e, "license_status"), "Initial grace period");
    assert_eq!(fact(&e, "time_remaining_minutes"), "43140");
    assert_eq!(fact(&e, "remaining_rearm_count"), "1001");
    assert_eq!(
        fact(&e, "client_machine_id"),
        "36f27b39-2fd5-440b-be67-a09996d27a38"
    );
    assert_eq!(fact(&e, "kms_host"), "kms01.contoso.com");
    assert_eq!(fact(&e, "kms_host_name"), "kms01.contoso.com");
    assert_eq!(fact(&e, "kms_port"), "1688");
    assert_eq!(fact(&e, "kms_host_set_by"), "dns");
    assert_eq!(fact(&e, "kms_host_ip"), "10.20.0.15");
    assert_eq!(fact(&e, "activation_interval"), "120");
    assert_eq!(fact(&e, "renewal_interval"), "10080");
    assert_eq!(fact(&e, "kms_host_caching"), "enabled");
    assert_eq!(from(&e, "kms_host"), "slmgr /dlv, line 24");
    assert!(e.fact("current_count").is_none());
    assert!(codes(&e).is_empty(), "{:?}", codes(&e));
}

#[test]
fn slmgr_dlv_on_a_kms_host() {
    let e = fixture!("slmgr-dlv-host.txt");
    assert_eq!(fact(&e, "is_kms_host"), "yes");
    assert_eq!(fact(&e, "license_status"), "Licensed");
    assert_eq!(fact(&e, "product_key_channel"), "Volume:CSVLK");
    assert_eq!(fact(&e, "current_count"), "3");
    assert_eq!(fact(&e, "listening_port"), "1688");
    assert_eq!(fact(&e, "dns_publishing"), "enabled");
    assert_eq!(fact(&e, "kms_priority"), "Normal");
    assert_eq!(fact(&e, "total_requests"), "41");
    assert_eq!(fact(&e, "failed_requests"), "12");
    assert_eq!(from(&e, "current_count"), "slmgr /dlv, line 15");
}

#[test]
fn slmgr_dli_with_a_notification_reason() {
    let e = fixture!("slmgr-dli-notification.txt");
    assert_eq!(fact(&e, "license_status"), "Notification");
    assert_eq!(fact(&e, "notification_reason"), "0xC004F009");
    assert_eq!(fact(&e, "product_channel"), "VOLUME_MAK");
    assert_eq!(fact(&e, "kms_host"), "10.20.0.16");
    assert_eq!(fact(&e, "kms_host_ip"), "10.20.0.16");
    assert_eq!(fact(&e, "kms_port"), "1700");
    assert_eq!(fact(&e, "kms_host_set_by"), "registered");
    assert_eq!(fact(&e, "kms_host_caching"), "disabled");
    assert!(e.fact("kms_host_name").is_none());
    assert_eq!(from(&e, "notification_reason"), "slmgr /dli, line 5");
    assert_eq!(codes(&e), ["0xC004F009"]);
}

#[test]
fn slmgr_xpr() {
    let e = fixture!("slmgr-xpr.txt");
    assert_eq!(fact(&e, "expiration_state"), "volume");
    assert_eq!(fact(&e, "expiration_date"), "7/14/2025 9:14:51 AM");
    assert_eq!(from(&e, "expiration_state"), "slmgr /xpr, line 2");
    let permanent =
        read_text("Windows(R), Professional edition:\n    The machine is permanently activated.\n");
    assert_eq!(fact(&permanent, "expiration_state"), "permanent");
}

#[test]
fn event_12288_copied_from_event_viewer() {
    let e = fixture!("event-12288-time-skew.txt");
    assert_eq!(fact(&e, "event_12288_code"), "0xC004F06C");
    assert_eq!(fact(&e, "kms_host"), "kms01.contoso.com");
    assert_eq!(fact(&e, "kms_port"), "1688");
    assert_eq!(fact(&e, "license_status_code"), "2");
    assert_eq!(fact(&e, "kms_response_logged"), "no");
    assert_eq!(from(&e, "event_12288_code"), "event 12288, line 13");
    assert_eq!(codes(&e), ["0xC004F06C"]);
}

#[test]
fn event_12289_gives_the_count_and_pairs_with_12288() {
    let e = fixture!("event-12289-count.txt");
    assert_eq!(fact(&e, "event_12289_code"), "0xC004F038");
    assert_eq!(fact(&e, "activation_flag"), "0");
    assert_eq!(fact(&e, "current_count"), "3");
    assert_eq!(fact(&e, "event_12288_code"), "0x00000000");
    assert_eq!(fact(&e, "kms_response_logged"), "yes");
    assert_eq!(from(&e, "current_count"), "event 12289, line 13");
}

#[test]
fn event_12288_general_tab_without_a_response() {
    let e = fixture!("event-12288-no-response.txt");
    assert_eq!(fact(&e, "kms_host"), "kms-old.contoso.com");
    assert_eq!(fact(&e, "event_12288_code"), "0x00000000");
    assert_eq!(fact(&e, "kms_response_logged"), "no");
    assert!(codes(&e).is_empty());
}

#[test]
fn event_12290_on_the_kms_host() {
    let e = fixture!("event-12290-host.txt");
    assert_eq!(fact(&e, "event_12290_code"), "0xC004F038");
    assert_eq!(fact(&e, "minimum_count"), "25");
    assert!(e.fact("kms_host").is_none());
}

#[test]
fn event_12293_dns_publishing_failed() {
    let e = fixture!("event-12293.txt");
    assert_eq!(fact(&e, "dns_publishing_result"), "failed");
    assert_eq!(fact(&e, "dns_publishing_domain"), "contoso.com");
    assert_eq!(fact(&e, "event_12293_code"), "0x80072338");
}

#[test]
fn event_8198() {
    let e = fixture!("event-8198.txt");
    assert_eq!(fact(&e, "event_8198_code"), "0xC004F074");
    assert_eq!(from(&e, "event_8198_code"), "event 8198, line 8");
    assert_eq!(codes(&e), ["0xC004F074"]);
}

#[test]
fn events_as_xml_keep_only_activation_providers() {
    let e = fixture!("events.xml");
    assert_eq!(fact(&e, "event_12288_code"), "0x80070005");
    assert_eq!(fact(&e, "kms_host"), "kms02.contoso.com");
    assert_eq!(fact(&e, "event_8198_code"), "0xC004F074");
    assert_eq!(fact(&e, "dns_publishing_result"), "succeeded");
    assert_eq!(fact(&e, "dns_publishing_domain"), "corp.contoso.com");
    assert_eq!(from(&e, "kms_host"), "event 12288, line 2");
    // The Winlogon event with id 12288 is not an activation event.
    assert!(!codes(&e).contains(&"0xC004F06C".to_string()));
    assert_eq!(codes(&e), ["0x80070005", "0xC004F074"]);
}

#[test]
fn test_netconnection() {
    let e = fixture!("test-netconnection-false.txt");
    assert_eq!(fact(&e, "tcp_test_succeeded"), "False");
    assert_eq!(fact(&e, "tcp_test_host"), "kms01.contoso.com");
    assert_eq!(fact(&e, "tcp_test_port"), "1688");
    assert_eq!(fact(&e, "remote_address"), "10.20.0.15");
    assert_eq!(fact(&e, "ping_succeeded"), "True");
    assert_eq!(
        from(&e, "tcp_test_succeeded"),
        "Test-NetConnection, line 12"
    );
    let e = fixture!("test-netconnection-true.txt");
    assert_eq!(fact(&e, "tcp_test_succeeded"), "True");
}

#[test]
fn nslookup_srv() {
    let e = fixture!("nslookup-srv.txt");
    assert_eq!(fact(&e, "dns_server"), "10.20.0.10");
    assert_eq!(fact(&e, "srv_name"), "_vlmcs._tcp.contoso.com");
    assert_eq!(fact(&e, "srv_target"), "kms-old.contoso.com");
    assert_eq!(
        fact(&e, "srv_targets"),
        "kms-old.contoso.com, kms01.contoso.com"
    );
    assert_eq!(fact(&e, "srv_port"), "1688");
    assert_eq!(fact(&e, "srv_record_found"), "yes");
    assert_eq!(from(&e, "srv_target"), "nslookup, line 9");
    let none = fixture!("nslookup-srv-none.txt");
    assert_eq!(fact(&none, "srv_record_found"), "no");
    assert!(none.fact("srv_target").is_none());
}

#[test]
fn resolve_dnsname_table_list_and_failure() {
    let e = fixture!("resolve-dnsname-table.txt");
    assert_eq!(fact(&e, "srv_target"), "kms01.contoso.com");
    assert_eq!(fact(&e, "srv_port"), "1688");
    assert_eq!(fact(&e, "srv_record_found"), "yes");
    assert_eq!(from(&e, "srv_target"), "Resolve-DnsName, line 5");
    let e = fixture!("resolve-dnsname-list.txt");
    assert_eq!(fact(&e, "srv_target"), "kms01.contoso.com");
    assert_eq!(fact(&e, "srv_port"), "1688");
    let e = fixture!("resolve-dnsname-none.txt");
    assert_eq!(fact(&e, "srv_record_found"), "no");
}

#[test]
fn w32tm_status() {
    let e = fixture!("w32tm-status.txt");
    assert_eq!(fact(&e, "time_source"), "dc01.contoso.com");
    assert_eq!(fact(&e, "stratum"), "4");
    assert_eq!(fact(&e, "last_sync_time"), "1/15/2025 10:02:11 AM");
    let e = fixture!("w32tm-cmos.txt");
    assert_eq!(fact(&e, "time_source"), "Local CMOS Clock");
    assert_eq!(fact(&e, "last_sync_time"), "unspecified");
}

#[test]
fn ipconfig_all() {
    let e = fixture!("ipconfig-all.txt");
    assert_eq!(fact(&e, "primary_dns_suffix"), "corp.contoso.com");
    assert_eq!(
        fact(&e, "dns_suffix_search_list"),
        "corp.contoso.com, contoso.com"
    );
    assert_eq!(fact(&e, "dns_server"), "10.20.0.10");
    assert_eq!(fact(&e, "dns_servers"), "10.20.0.10, 10.20.0.11");
    assert_eq!(from(&e, "dns_server"), "ipconfig /all, line 21");
}

#[test]
fn several_outputs_pasted_together() {
    let text = [
        include_str!("../../../tests/fixtures/evidence/slmgr-dlv-client.txt"),
        include_str!("../../../tests/fixtures/evidence/test-netconnection-false.txt"),
        include_str!("../../../tests/fixtures/evidence/nslookup-srv.txt"),
        include_str!("../../../tests/fixtures/evidence/event-12288-time-skew.txt"),
    ]
    .join("\n");
    let e = read_text(&text);
    assert_eq!(fact(&e, "kms_host"), "kms01.contoso.com");
    assert_eq!(fact(&e, "tcp_test_succeeded"), "False");
    assert_eq!(fact(&e, "srv_record_found"), "yes");
    assert_eq!(fact(&e, "event_12288_code"), "0xC004F06C");
    assert!(e.kinds.contains(&SourceKind::SlmgrDlv));
    assert!(e.kinds.contains(&SourceKind::Nslookup));
}

#[test]
fn codes_anywhere_and_hostile_text() {
    let e = read_text("Error: 0xC004F074 The Software Licensing Service reported\nsee 0x8007232b too, and 0x0 is fine");
    assert_eq!(codes(&e), ["0xC004F074", "0x8007232B"]);
    assert_eq!(e.codes[1].from.to_string(), "text, line 2");
    // Escape sequences and bidi controls never reach a fact.
    let e = read_text("Partial Product Key: AB\u{1b}]52;c;ZXZpbA==\u{7}C\u{202e}DE\n");
    let value = fact(&e, "partial_product_key");
    assert!(crate::core::sanitize::is_clean(value), "{value:?}");
    assert!(!value.contains('\u{202e}'));
    // Sizes are bounded.
    let long = format!(
        "License Status: Licensed\nName: {} edition\n",
        "x".repeat(100_000)
    );
    let e = read_text(&long);
    assert!(fact(&e, "product_name").chars().count() <= MAX_VALUE_CHARS);
    let e = read_text(&"0xC004F074 ".repeat(MAX_TEXT_BYTES));
    assert_eq!(codes(&e), ["0xC004F074"]);
}

#[test]
fn every_fact_name_is_snake_case_and_listed_once() {
    let mut seen = std::collections::BTreeSet::new();
    for (name, meaning) in FACTS {
        assert!(
            name.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
            "{name}"
        );
        assert!(!meaning.is_empty());
        assert!(seen.insert(name), "{name} listed twice");
    }
}

#[test]
fn json_form() {
    let e = fixture!("event-12288-time-skew.txt");
    let json = e.to_json();
    assert_eq!(json["codes"][0], "0xC004F06C");
    assert_eq!(json["facts"]["kms_host"]["value"], "kms01.contoso.com");
    assert_eq!(json["facts"]["kms_host"]["from"], "event 12288, line 13");
}

#[test]
fn an_origin_is_shown_in_the_interface_language_and_json_stays_english() {
    use crate::core::model::Lang;
    let line = Origin {
        kind: SourceKind::Event(12288),
        line: 13,
        detail: None,
    };
    assert_eq!(line.shown(Lang::En), "event 12288, line 13");
    assert_eq!(line.shown(Lang::Fr), "événement 12288, ligne 13");
    assert_eq!(line.to_string(), "event 12288, line 13");
    let dlv = Origin {
        kind: SourceKind::SlmgrDlv,
        line: 4,
        detail: None,
    };
    assert_eq!(dlv.shown(Lang::Fr), "slmgr /dlv, ligne 4");
    let record = Origin {
        kind: SourceKind::Event(12290),
        line: 0,
        detail: Some(Detail::Record {
            number: 7,
            time: "2026-11-30 09:00:00".into(),
        }),
    };
    assert_eq!(
        record.shown(Lang::Fr),
        "événement 12290, enregistrement 7, 2026-11-30 09:00:00"
    );
    assert_eq!(
        record.to_string(),
        "event 12290, record 7, 2026-11-30 09:00:00"
    );
    // JSON keeps the English detail.
    assert_eq!(
        serde_json::to_value(&record).unwrap()["detail"],
        "record 7, 2026-11-30 09:00:00"
    );
    let tcp = Origin {
        kind: SourceKind::Machine,
        line: 0,
        detail: Some(Detail::TcpConnect {
            host: "kms01".into(),
            port: 1688,
        }),
    };
    assert_eq!(
        tcp.shown(Lang::Fr),
        "cette machine, connexion TCP à kms01:1688"
    );
    assert_eq!(
        tcp.shown(Lang::En),
        "this machine, TCP connect to kms01:1688"
    );
    // A WMI property reads the same in both languages.
    let wmi = Detail::Named("SoftwareLicensingProduct.LicenseStatus".into());
    assert_eq!(wmi.shown(Lang::Fr), wmi.shown(Lang::En));
}
