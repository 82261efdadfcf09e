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
        Ok(Current::Resolution { id, resolution }) => {
            assert!(
                !resolution.steps.is_empty(),
                "{}: resolution {id} has no step",
                walk.code()
            );
            for lang in Lang::ALL {
                assert!(resolution.title.exact(lang).is_some(), "{id}: title {lang}");
                assert!(resolution.cause.exact(lang).is_some(), "{id}: cause {lang}");
                for step in &resolution.steps {
                    assert!(step.exact(lang).is_some(), "{id}: a step lacks {lang}");
                }
            }
            1
        }
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
fn every_path_of_every_tree_ends_in_a_resolution_with_steps() {
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

#[test]
fn every_fact_carries_a_source() {
    let catalog = catalog();
    for (entry, flow) in catalog.entries() {
        assert!(!entry.source.trim().is_empty(), "{}", entry.code);
        assert!(!flow.source.trim().is_empty(), "{}", flow.family);
    }
}
