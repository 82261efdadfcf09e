//! The `suggest:` rules of the built-in flows: for each rule, evidence that
//! leads it to its choice. A rule without a row here fails the last test,
//! so every rule a flow gains is tested.

use std::collections::BTreeSet;

use actwiz::core::catalog::Catalog;
use actwiz::core::evidence::{self, Detail, Evidence, Origin, SourceKind};

/// Evidence for a row: a fixture file, pasted text, or facts only the
/// machine itself gives (`actwiz diagnose` reads them from the registry).
enum Given {
    File(&'static str),
    Text(&'static str),
    Machine(&'static [(&'static str, &'static str)]),
}

/// (family, question, evidence, expected choice).
const ROWS: &[(&str, &str, Given, &str)] = &[
    (
        "kms-connect",
        "f074_event_12288",
        Given::File("event-12288-time-skew.txt"),
        "time_skew",
    ),
    (
        "kms-connect",
        "f074_event_12288",
        Given::File("events.xml"),
        "other_code",
    ),
    (
        "kms-connect",
        "f074_event_12288",
        Given::File("event-12288-no-response.txt"),
        "no_answer",
    ),
    (
        "kms-connect",
        "srv_record",
        Given::File("slmgr-dli-notification.txt"),
        "manual",
    ),
    (
        "kms-connect",
        "srv_record",
        Given::File("nslookup-srv-none.txt"),
        "no",
    ),
    (
        "kms-connect",
        "rpc_srv_record",
        Given::File("slmgr-dli-notification.txt"),
        "manual",
    ),
    (
        "kms-connect",
        "rpc_srv_record",
        Given::File("resolve-dnsname-none.txt"),
        "no",
    ),
    (
        "kms-connect",
        "port_open",
        Given::File("test-netconnection-true.txt"),
        "yes",
    ),
    (
        "kms-connect",
        "port_open",
        Given::File("test-netconnection-false.txt"),
        "no",
    ),
    (
        "kms-connect",
        "basic_port_open",
        Given::File("test-netconnection-true.txt"),
        "yes",
    ),
    (
        "kms-connect",
        "basic_port_open",
        Given::File("test-netconnection-false.txt"),
        "no",
    ),
    (
        "kms-connect",
        "e8198_port",
        Given::File("test-netconnection-true.txt"),
        "yes",
    ),
    (
        "kms-connect",
        "e8198_port",
        Given::File("test-netconnection-false.txt"),
        "no",
    ),
    (
        "kms-connect",
        "clock_skew",
        Given::File("event-12288-time-skew.txt"),
        "no",
    ),
    (
        "kms-connect",
        "host_count",
        Given::Text("Key Management Service is enabled on this machine\n    Current count: 30\n"),
        "yes",
    ),
    (
        "kms-connect",
        "host_count",
        Given::File("slmgr-dlv-host.txt"),
        "no",
    ),
    (
        "kms-connect",
        "host_licensed",
        Given::File("slmgr-dlv-host.txt"),
        "yes",
    ),
    (
        "kms-connect",
        "host_licensed",
        Given::Text(
            "License Status: Notification\nKey Management Service is enabled on this machine\n",
        ),
        "no",
    ),
    (
        "kms-connect",
        "time_service_running",
        Given::File("w32tm-status.txt"),
        "yes",
    ),
    (
        "kms-connect",
        "client_type_nt5ds",
        Given::Machine(&[("w32time_type", "NT5DS")]),
        "yes",
    ),
    (
        "kms-connect",
        "client_type_nt5ds",
        Given::Machine(&[("w32time_type", "NTP")]),
        "no",
    ),
    (
        "kms-connect",
        "client_ntpclient_enabled",
        Given::Machine(&[("ntp_client_enabled", "1")]),
        "yes",
    ),
    (
        "kms-connect",
        "client_ntpclient_enabled",
        Given::Machine(&[("ntp_client_enabled", "0")]),
        "no",
    ),
    (
        "dns",
        "srv_record_check",
        Given::File("nslookup-srv-none.txt"),
        "no_record",
    ),
    (
        "dns",
        "port_1688_open",
        Given::File("test-netconnection-true.txt"),
        "yes",
    ),
    (
        "dns",
        "port_1688_open",
        Given::File("test-netconnection-false.txt"),
        "no",
    ),
    (
        "dns",
        "dns_publishing_disabled",
        Given::Text(
            "Key Management Service is enabled on this machine\n    DNS publishing disabled\n",
        ),
        "yes",
    ),
    (
        "dns",
        "dns_publishing_disabled",
        Given::File("slmgr-dlv-host.txt"),
        "no",
    ),
    (
        "dns",
        "host_publish_events",
        Given::File("event-12293.txt"),
        "event_12293",
    ),
    (
        "dns",
        "host_publish_events",
        Given::File("events.xml"),
        "event_12294",
    ),
    (
        "dns",
        "dns_server_listed",
        Given::File("ipconfig-all.txt"),
        "yes",
    ),
    (
        "kms-count",
        "client_kind",
        Given::File("slmgr-dlv-host.txt"),
        "server",
    ),
    (
        "kms-count",
        "client_kind",
        Given::File("slmgr-dlv-client.txt"),
        "client",
    ),
    (
        "kms-count",
        "count_client_os",
        Given::Text("Key Management Service is enabled on this machine\n    Current count: 1\n"),
        "stuck",
    ),
    (
        "kms-count",
        "count_client_os",
        Given::File("event-12289-count.txt"),
        "below",
    ),
    (
        "kms-count",
        "count_client_os",
        Given::Text("Key Management Service is enabled on this machine\n    Current count: 30\n"),
        "enough",
    ),
    (
        "kms-count",
        "count_server_os",
        Given::Text("Key Management Service is enabled on this machine\n    Current count: 1\n"),
        "stuck",
    ),
    (
        "kms-count",
        "count_server_os",
        Given::File("slmgr-dlv-host.txt"),
        "below",
    ),
    (
        "kms-count",
        "count_server_os",
        Given::Text("Key Management Service is enabled on this machine\n    Current count: 7\n"),
        "enough",
    ),
    (
        "offline-activation",
        "f00f_activation_type",
        Given::File("slmgr-dli-notification.txt"),
        "mak",
    ),
    (
        "offline-activation",
        "f00f_activation_type",
        Given::File("slmgr-dlv-client.txt"),
        "kms",
    ),
    (
        "product-key",
        "q_f051_key_type",
        Given::File("slmgr-dli-notification.txt"),
        "mak",
    ),
    (
        "product-key",
        "q_f051_key_type",
        Given::File("slmgr-dlv-host.txt"),
        "kms_host",
    ),
];

fn evidence_of(given: &Given) -> Evidence {
    match given {
        Given::File(name) => {
            let path = format!(
                "{}/tests/fixtures/evidence/{name}",
                env!("CARGO_MANIFEST_DIR")
            );
            let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
            evidence::read_text(&text)
        }
        Given::Text(text) => evidence::read_text(text),
        Given::Machine(facts) => {
            let mut e = Evidence::new();
            for (name, value) in *facts {
                let from = Origin {
                    kind: SourceKind::Machine,
                    line: 0,
                    detail: Some(Detail::Named("registry".into())),
                };
                e.add_fact(name, value, from);
            }
            e
        }
    }
}

fn flow<'c>(catalog: &'c Catalog, family: &str) -> &'c actwiz::core::catalog::FlowFile {
    catalog
        .entries()
        .map(|(_, f)| f)
        .find(|f| f.family == family)
        .unwrap_or_else(|| panic!("no family {family}"))
}

#[test]
fn each_row_leads_its_rule_to_its_choice() {
    let catalog = Catalog::builtin().expect("built-in flows load");
    let mut failures = Vec::new();
    for (family, question_id, given, expected) in ROWS {
        let question = &flow(&catalog, family).questions[*question_id];
        let evidence = evidence_of(given);
        let got = evidence::suggestion_for(question, &evidence).map(|s| s.choice.to_string());
        if got.as_deref() != Some(*expected) {
            failures.push(format!(
                "{family}/{question_id}: expected {expected}, got {got:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_rule_of_the_built_in_flows_has_a_row() {
    let catalog = Catalog::builtin().expect("built-in flows load");
    let mut hit = BTreeSet::new();
    for (family, question_id, given, _) in ROWS {
        let question = &flow(&catalog, family).questions[*question_id];
        if let Some(s) = evidence::suggestion_for(question, &evidence_of(given)) {
            hit.insert((family.to_string(), question_id.to_string(), s.rule));
        }
    }
    let mut untested = Vec::new();
    let mut families = BTreeSet::new();
    for (_, flow) in catalog.entries() {
        if !families.insert(flow.family.clone()) {
            continue;
        }
        for (id, question) in &flow.questions {
            for rule in 0..question.suggest.len() {
                if !hit.contains(&(flow.family.clone(), id.clone(), rule)) {
                    untested.push(format!("{}/{id} rule {rule}", flow.family));
                }
            }
        }
    }
    assert!(
        untested.is_empty(),
        "rules without a row: {}",
        untested.join(", ")
    );
}
