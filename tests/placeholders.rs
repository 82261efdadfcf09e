//! Placeholder values in the built-in flows: the right kind for each
//! placeholder, and no command that puts an IPv6 address right before ':'.

mod common;

use actwiz::core::catalog::{Catalog, Lang, PlaceholderKind};
use actwiz::core::placeholder;
use actwiz::core::placeholder::Values;
use common::actwiz;
use predicates::prelude::*;

fn catalog() -> Catalog {
    match Catalog::builtin() {
        Ok(c) => c,
        Err(problems) => panic!("built-in flows are invalid:\n{problems}"),
    }
}

/// Every command template of every built-in flow, with its flow.
fn templates(catalog: &Catalog) -> Vec<(&actwiz::core::catalog::FlowFile, String)> {
    let mut out = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for (_, flow) in catalog.entries() {
        if !seen.insert(flow.family.clone()) {
            continue;
        }
        for q in flow.questions.values() {
            if let Some(c) = &q.check_command {
                out.push((flow, c.clone()));
            }
        }
        for r in flow.resolutions.values() {
            for c in &r.commands {
                out.push((flow, c.command.clone()));
            }
        }
    }
    out
}

#[test]
fn placeholders_labelled_as_addresses_are_ip_addresses() {
    let catalog = catalog();
    for (_, flow) in catalog.entries() {
        for (name, decl) in &flow.placeholders {
            let en = decl.label.get(Lang::En).to_lowercase();
            let fr = decl.label.get(Lang::Fr).to_lowercase();
            let address_only = en.contains("address") && !en.contains("name");
            assert_eq!(
                address_only,
                decl.kind == PlaceholderKind::Ip,
                "{}: {name} ({en}) is {:?}",
                flow.family,
                decl.kind
            );
            if decl.kind == PlaceholderKind::Ip {
                assert!(fr.contains("adresse") && !fr.contains("nom"), "{fr}");
            }
        }
    }
}

#[test]
fn no_filled_command_puts_an_ipv6_address_before_a_colon() {
    let catalog = catalog();
    let templates = templates(&catalog);
    assert!(templates.iter().any(|(_, t)| t.contains("}:")));
    for (flow, template) in &templates {
        for name in placeholder::names(template) {
            let Some(decl) = flow.placeholders.get(&name) else {
                continue;
            };
            if !matches!(decl.kind, PlaceholderKind::Host | PlaceholderKind::Ip) {
                continue;
            }
            // In brackets, `[fe80::1]:1688` is the form slmgr asks for.
            let mut values = std::collections::BTreeMap::new();
            values.insert(name.clone(), "[fe80::1]".to_string());
            let (text, _) = placeholder::fill(template, &values);
            let before_colon = placeholder::followed_by_colon(template, &name);
            assert_eq!(
                text.contains("[fe80::1]:"),
                before_colon,
                "{template}: {text}"
            );
            assert!(!text.contains("[fe80::1] "), "{template}: {text}");
            for v6 in ["fe80::1", "2001:db8::1"] {
                let mut values = std::collections::BTreeMap::new();
                values.insert(name.clone(), v6.to_string());
                let (text, missing) = placeholder::fill(template, &values);
                if placeholder::followed_by_colon(template, &name) {
                    assert!(!text.contains(v6), "{template} filled as {text}");
                    assert!(missing.contains(&name));
                    // And setting it for this flow is refused with the reason.
                    let err = Values::new()
                        .set(flow, &name, v6, Lang::En)
                        .expect_err("IPv6 before ':' is refused");
                    assert!(err.to_string().contains("host's name"), "{err}");
                } else {
                    assert!(text.contains(v6), "{text}");
                }
            }
        }
    }
}

#[test]
fn walk_refuses_host_names_for_ip_placeholders() {
    for pair in [
        "kms_host_ip=kms01.contoso.com",
        "dns_server=dns.contoso.com",
    ] {
        actwiz()
            .args(["walk", "0x8007232B", "-a", "1", "-a", "2", "--set", pair])
            .assert()
            .code(1)
            .stdout(predicate::str::is_empty())
            .stderr(predicate::str::contains("expected an IP address"));
    }
    actwiz()
        .args(["--lang", "fr", "walk", "0x8007232B", "--set"])
        .arg("dns_server=dns.contoso.com")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("attendu une adresse IP"));
}

#[test]
fn walk_fills_ip_placeholders_with_addresses() {
    // KMS host exists, KMS client key, the DNS server answers neither
    // lookups nor ping: fix_dns_connectivity uses both IP placeholders.
    let path = ["-a", "1", "-a", "1", "-a", "4", "-a", "2"];
    actwiz()
        .args(["walk", "0x8007232B"])
        .args(path)
        .args(["--set", "kms_host_ip=192.0.2.10"])
        .args(["--set", "dns_server=192.0.2.53"])
        .args(["--set", "kms_host_name=kms01.contoso.com"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("/skms 192.0.2.10:1688").and(predicate::str::contains(
                "nslookup kms01.contoso.com 192.0.2.53",
            )),
        );
}

#[test]
fn walk_refuses_an_ipv6_kms_host_before_a_port() {
    // Down to assign_kms_host_manually, whose command is `/skms {kms_host}:{kms_port}`.
    let path = [
        "-a", "1", "-a", "1", "-a", "1", "-a", "1", "-a", "1", "-a", "1",
    ];
    for (lang, value, reason) in [
        ("en", "kms_host=fe80::1", "give the host's name instead"),
        (
            "fr",
            "kms_host=2001:db8::1",
            "donnez plutôt le nom de l’hôte",
        ),
    ] {
        actwiz()
            .args(["--lang", lang, "walk", "0x8007232B"])
            .args(path)
            .args(["--set", value])
            .assert()
            .code(1)
            .stdout(predicate::str::is_empty())
            .stderr(predicate::str::contains(reason));
    }
    actwiz()
        .args(["walk", "0x8007232B"])
        .args(path)
        .args(["--set", "kms_host=kms01.contoso.com"])
        .assert()
        .success()
        .stdout(predicate::str::contains("/skms kms01.contoso.com:1688"));
    // In brackets, as slmgr's usage text asks: filled before the port, left
    // out (with the reason) where a command wants the address alone.
    actwiz()
        .args(["walk", "0x8007232B"])
        .args(path)
        .args(["--set", "kms_host=[fe80::1]"])
        .assert()
        .success()
        .stdout(predicate::str::contains("/skms [fe80::1]:1688"));
}
