//! Whole-catalog checks on the built-in flows: every path of every tree ends
//! in a usable resolution, and the messages are the official ones.

use actwiz::core::catalog::{Catalog, Code, Lang, Node};
use actwiz::core::walk::{Current, Walk};

fn catalog() -> Catalog {
    match Catalog::builtin() {
        Ok(c) => c,
        Err(problems) => panic!("built-in flows are invalid:\n{problems}"),
    }
}

/// Walks every path from `walk`'s position depth-first; returns how many
/// paths were followed to their end.
fn walk_all(catalog: &Catalog, walk: &mut Walk, depth: usize) -> usize {
    assert!(depth < 64, "{}: path too deep (cycle?)", walk.code());
    match walk.current(catalog) {
        // Steps and translations of a resolution are loading rules (see
        // the tests below that break them); here only the path matters.
        Ok(Current::Resolution { .. }) => 1,
        Ok(Current::Question { question, .. }) => {
            let mut paths = 0;
            for choice in &question.choices {
                walk.answer(catalog, &choice.id).expect("choice is valid");
                paths += walk_all(catalog, walk, depth + 1);
                assert!(walk.back());
            }
            paths
        }
        Err(err) => panic!("{}: {err}", walk.code()),
    }
}

#[test]
fn every_path_of_every_tree_ends_in_a_resolution() {
    let catalog = catalog();
    let mut total = 0;
    for code in catalog.codes().collect::<Vec<Code>>() {
        let mut walk = Walk::start(&catalog, code).expect("known code");
        let paths = walk_all(&catalog, &mut walk, 0);
        assert!(paths >= 1, "{code} has no path");
        total += paths;
    }
    assert!(total >= catalog.len());
}

#[test]
fn trees_ask_questions_where_the_sources_give_several_causes() {
    let catalog = catalog();
    // Codes whose sources list several causes or a check to make first.
    for code in [
        "0xC004F074",
        "0x800706BA",
        "0x8007232B",
        "0xC004F038",
        "0x80070005",
        "0xC004F06C",
    ] {
        let code: Code = code.parse().expect("code");
        let (entry, flow) = catalog.get(code).expect("known code");
        assert!(
            matches!(flow.node(&entry.start), Some(Node::Question(_))),
            "{code} should start with a question"
        );
    }
}

#[test]
fn c004f074_tree_covers_dns_port_clock_and_count() {
    let catalog = catalog();
    let code: Code = "0xC004F074".parse().expect("code");
    let (entry, flow) = catalog.get(code).expect("known");
    // Collect the check commands and texts of every question reachable.
    let mut seen = std::collections::BTreeSet::new();
    let mut stack = vec![entry.start.clone()];
    let mut text = String::new();
    while let Some(id) = stack.pop() {
        if !seen.insert(id.clone()) {
            continue;
        }
        if let Some(Node::Question(q)) = flow.node(&id) {
            text.push_str(q.text.get(Lang::En));
            text.push_str(q.check_command.as_deref().unwrap_or(""));
            stack.extend(q.choices.iter().map(|c| c.next.clone()));
        }
    }
    for needle in ["_vlmcs._tcp", "1688", "Test-NetConnection"] {
        assert!(
            text.contains(needle),
            "0xC004F074 tree never checks {needle}"
        );
    }
    let lower = text.to_lowercase();
    assert!(
        lower.contains("clock") || lower.contains("time"),
        "no clock question"
    );
    assert!(lower.contains("count"), "no count question");
}

#[test]
fn seed_messages_are_exact() {
    let catalog = catalog();
    let cases = [
        ("0x8007007B", "0x8007007b DNS name does not exist.", "0x8007007b Le nom DNS n’existe pas."),
        ("0xC004C001", "The activation server determined the specified product key is invalid", "Le serveur d’activation a déterminé que la clé de produit spécifiée n’est pas valide"),
        ("0xC004F074", "The Software Protection Service reported that the computer could not be activated. No Key Management Service (KMS) could be contacted. Please see the Application Event Log for additional information.", "Le service de gestion de licences a signalé que l’ordinateur n’a pas pu être activé. Aucun Gestionnaire de clés (KMS) n’a pu être contacté. Pour plus d’informations, consultez le journal des événements des applications."),
        ("0x80070005", "Access denied. The requested action requires elevated privileges.", "Accès refusé. L’action demandée exige des privilèges plus élevés."),
    ];
    for (code, en, fr) in cases {
        let (entry, _) = catalog.get(code.parse().expect("code")).expect("known");
        assert_eq!(entry.messages.exact(Lang::En), Some(en), "{code} en");
        assert_eq!(entry.messages.exact(Lang::Fr), Some(fr), "{code} fr");
    }
}

// Sources, steps and translations are rules of loading: the built-in
// catalog loads, so it keeps them. Checking them again on the built-in flows
// could not fail; these tests break each rule in a copy of a valid flow and
// expect loading to refuse it with the rule's message.

const DEMO: &str = include_str!("fixtures/tui/demo.yaml");

/// The problems loading `yaml` reports; panics if it loads.
fn refusal(yaml: &str) -> String {
    match Catalog::from_sources(&[("demo.yaml", yaml)]) {
        Ok(_) => panic!("loaded a flow that breaks a rule"),
        Err(problems) => problems.to_string(),
    }
}

/// `DEMO` with the first `from` replaced by `to` (which must be there).
fn broken(from: &str, to: &str) -> String {
    assert!(DEMO.contains(from), "fixture changed: {from:?} not found");
    DEMO.replacen(from, to, 1)
}

#[test]
fn the_valid_flow_loads() {
    assert!(Catalog::from_sources(&[("demo.yaml", DEMO)]).is_ok());
}

#[test]
fn a_file_or_a_code_without_a_source_is_refused() {
    let file = broken(
        "source: \"Test fixture for the full-screen wizard (tests/tui_snapshots.rs, tests/tui_pty.rs).\"",
        "source: \" \"",
    );
    assert!(
        refusal(&file).contains("the file needs a source note"),
        "{}",
        refusal(&file)
    );
    let code = broken("    source: \"fixture\"", "    source: \"\"");
    assert!(
        refusal(&code).contains("needs a source note"),
        "{}",
        refusal(&code)
    );
}

#[test]
fn a_resolution_without_steps_is_refused() {
    let yaml = broken(
        "    steps:\n      - { en: \"Allow inbound TCP on the KMS port on the host.\", fr: \"Autorisez le TCP entrant sur le port KMS de l’hôte.\" }\n      - { en: \"Check the network firewalls between the two machines too.\", fr: \"Vérifiez aussi les pare-feu réseau entre les deux machines.\" }\n",
        "    steps: []\n",
    );
    assert!(
        refusal(&yaml).contains("a resolution needs at least one step"),
        "{}",
        refusal(&yaml)
    );
}

#[test]
fn a_step_without_its_french_text_is_refused() {
    let yaml = broken(
        ", fr: \"Réglez l’hôte KMS à la main sur le client.\" }",
        " }",
    );
    assert!(
        refusal(&yaml).contains("missing translation"),
        "{}",
        refusal(&yaml)
    );
}
