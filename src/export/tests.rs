use super::graph::wrap;
use super::*;
use crate::core::catalog::Catalog;

fn builtin() -> Catalog {
    Catalog::builtin().expect("built-in flows load")
}

/// A flow whose texts try every piece of syntax of the three formats, and a
/// node id that is a Mermaid keyword.
const HOSTILE: &str = r#"
family: hostile
title: {en: "Title \"quoted\" <b>bold</b> | pipe", fr: "Titre"}
source: "Test fixture."
codes:
  - code: "0xC0DE0002"
    messages: {en: "Message with \"quotes\", <script>x</script>, a | pipe, # hash, `tick` and \\N [link](x) and \u001b]52;c;ZXZpbA==\u0007 end", fr: "Message"}
    activation_types: [kms_client]
    start: end
    source: "Test fixture."
questions:
  end:
    text: {en: "Question \"q\"]; evil --> x {y} <br> ` | #", fr: "Question"}
    how_to_check: {en: "Look *here* _now_", fr: "Regardez"}
    check_command: "echo ```nested``` `tick`"
    choices:
      - id: "yes"
        label: {en: "Yes\"|; -->", fr: "Oui"}
        next: fix
      - id: unsure
        label: {en: "I can't check", fr: "Je ne peux pas vérifier"}
        next: fix
        way_out: true
    source: "Test fixture."
resolutions:
  fix:
    title: {en: "Fix \\l \\N \"now\"", fr: "Corriger"}
    cause: {en: "Because.", fr: "Parce que."}
    steps:
      - {en: "Do it.", fr: "Faites-le."}
    commands:
      - command: "echo hi"
        explain: {en: "Says hi.", fr: "Dit bonjour."}
    source: "Test fixture."
"#;

/// The hostile flow, parsed but not validated: escaping must not depend on
/// what `check` happens to refuse.
fn hostile() -> crate::core::catalog::FlowFile {
    let (parsed, problems) = crate::core::catalog::load::parse_flow("hostile.yaml", HOSTILE);
    assert!(problems.is_empty(), "{problems:?}");
    parsed.expect("hostile fixture parses").flow
}

fn export_hostile(format: Format) -> String {
    let flow = hostile();
    let families = [Family {
        flow: &flow,
        codes: flow.codes.iter().collect(),
        same_tree: Default::default(),
    }];
    match format {
        Format::Markdown => markdown::runbook(&families, Lang::En),
        Format::Mermaid => mermaid::flowchart(&Graph::new(&families, Lang::En)),
        Format::Dot => dot::digraph(&Graph::new(&families, Lang::En)),
    }
}

#[test]
fn markdown_names_every_builtin_code_question_and_resolution() {
    let catalog = builtin();
    for lang in Lang::ALL {
        let md = export(&catalog, &Selection::All, Format::Markdown, lang).unwrap();
        for (entry, _) in catalog.entries() {
            assert!(
                md.contains(&format!("### {}\n", entry.code)),
                "{} missing",
                entry.code
            );
            for (_, r) in catalog.resolutions_of(entry.code) {
                let title = markdown::text(r.title.get(lang));
                assert!(
                    md.contains(&title),
                    "{}: resolution '{title}' missing",
                    entry.code
                );
                for command in &r.commands {
                    assert!(
                        md.contains(command.command.trim_end()),
                        "command missing: {}",
                        command.command
                    );
                }
                if let Some(caution) = &r.caution {
                    assert!(md.contains(&markdown::text(caution.get(lang))));
                }
            }
        }
        // Every question of every file is reachable (check enforces it), so
        // every question text and choice label is in the runbook.
        for (_, flow) in catalog.entries() {
            for q in flow.questions.values() {
                assert!(md.contains(&markdown::text(q.text.get(lang))));
                for choice in &q.choices {
                    assert!(md.contains(&markdown::text(choice.label.get(lang))));
                }
            }
        }
    }
}

#[test]
fn markdown_links_point_at_anchors_that_exist() {
    let md = export(&builtin(), &Selection::All, Format::Markdown, Lang::En).unwrap();
    let anchors: std::collections::BTreeSet<&str> = md
        .match_indices("<a id=\"")
        .filter_map(|(i, _)| md[i + 7..].split('"').next())
        .collect();
    let mut links = 0;
    for (i, _) in md.match_indices("](#") {
        let target = md[i + 3..].split(')').next().unwrap_or_default();
        links += 1;
        assert!(anchors.contains(target), "link to #{target} has no anchor");
    }
    assert!(links > 100, "only {links} links");
}

#[test]
fn mermaid_has_every_builtin_code_node_and_edge() {
    let catalog = builtin();
    let chart = export(&catalog, &Selection::All, Format::Mermaid, Lang::En).unwrap();
    assert!(chart.starts_with("flowchart TD\n"));
    for (entry, flow) in catalog.entries() {
        assert!(
            chart.contains(&format!("[[\"{}<br/>", entry.code)),
            "{} missing",
            entry.code
        );
        for q in flow.questions.values() {
            for choice in &q.choices {
                let label = mermaid::escape(&crate::core::sanitize::clean_line(
                    choice.label.get(Lang::En),
                ));
                assert!(
                    chart.contains(&format!("|\"{label}\"|")),
                    "edge label {label} missing"
                );
            }
        }
    }
    let opened = chart
        .lines()
        .filter(|l| l.trim_start().starts_with("subgraph "))
        .count();
    let closed = chart.lines().filter(|l| l.trim() == "end").count();
    assert_eq!(opened, closed);
    assert_eq!(opened, catalog.families().len());
}

#[test]
fn dot_has_every_builtin_code_and_balanced_braces() {
    let catalog = builtin();
    let dot = export(&catalog, &Selection::All, Format::Dot, Lang::Fr).unwrap();
    assert!(dot.starts_with("digraph actwiz {"));
    for (entry, _) in catalog.entries() {
        assert!(
            dot.contains(&format!("label=\"{}\\n", entry.code)),
            "{} missing",
            entry.code
        );
    }
    assert_eq!(dot.matches('{').count(), dot.matches('}').count());
}

#[test]
fn selection_by_code_and_family() {
    let catalog = builtin();
    let code: Code = "0xC004F074".parse().unwrap();
    let md = export(&catalog, &Selection::Code(code), Format::Markdown, Lang::En).unwrap();
    assert!(md.contains("### 0xC004F074"));
    assert_eq!(md.matches("\n### 0x").count(), 1);
    let family = catalog.get(code).unwrap().1;
    let chart = export(
        &catalog,
        &Selection::Family(family.family.to_uppercase()),
        Format::Mermaid,
        Lang::En,
    )
    .unwrap();
    for entry in &family.codes {
        assert!(chart.contains(&entry.code.to_string()));
    }
    assert_eq!(chart.matches("subgraph ").count(), 1);
    let unknown: Code = "0x12345678".parse().unwrap();
    assert_eq!(
        export(&catalog, &Selection::Code(unknown), Format::Dot, Lang::En),
        Err(ExportError::UnknownCode(unknown))
    );
    assert!(matches!(
        export(
            &catalog,
            &Selection::Family("nope".into()),
            Format::Dot,
            Lang::En
        ),
        Err(ExportError::UnknownFamily { .. })
    ));
}

#[test]
fn hostile_texts_are_sanitized_and_escaped_in_every_format() {
    for format in Format::ALL {
        let out = export_hostile(format);
        assert!(
            !out.contains('\u{1b}') && !out.contains('\u{7}'),
            "{}: control character",
            format.name()
        );
        // In DOT a quoted string is never HTML (only <...> labels are).
        if format != Format::Dot {
            assert!(!out.contains("<script>"), "{}: raw HTML", format.name());
        }
    }
    let chart = export_hostile(Format::Mermaid);
    // Inside a label, a quote would end it; a node id is never a flow id.
    for line in chart
        .lines()
        .filter(|l| l.contains("[\"") || l.contains("{\""))
    {
        let inner = line.split_once('"').unwrap().1.rsplit_once('"').unwrap().0;
        assert!(!inner.contains('"'), "unescaped quote in {line}");
    }
    assert!(chart.contains("#quot;q#quot;"));
    assert!(!chart
        .lines()
        .any(|l| l.trim_start().starts_with("end{") || l.trim_start().starts_with("end[")));
    assert!(chart.contains("-.->"), "the way out is dashed");
    let dot = export_hostile(Format::Dot);
    assert!(dot.contains("Fix \\\\l \\\\N \\\"now\\\""), "{dot}");
    let md = export_hostile(Format::Markdown);
    assert!(md.contains("&lt;script&gt;"));
    assert!(md.contains("````\necho ```nested``` `tick`\n````"), "{md}");
    assert!(md.contains("Look \\*here\\* \\_now\\_"));
}

#[test]
fn wrap_breaks_at_spaces_and_keeps_long_words() {
    assert_eq!(wrap("a bb ccc", 4), vec!["a bb", "ccc"]);
    assert_eq!(wrap("abcdefgh", 3), vec!["abcdefgh"]);
    assert_eq!(wrap("", 3), vec![""]);
}
