//! `actwiz export` through the real binary: every format over all built-in
//! flows, the DOT output read back by Graphviz, the man page, and the README's
//! example tree kept equal to the export.

mod common;

use std::io::Write;
use std::process::{Command, Stdio};

use common::{actwiz, require_tool, stdout_of_success};

/// Every built-in code, from `actwiz list`.
fn builtin_codes() -> Vec<String> {
    let list = stdout_of_success(actwiz().arg("list"));
    let codes: Vec<String> = list
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_string)
        .collect();
    assert!(codes.len() >= 30, "only {} codes listed", codes.len());
    codes
}

#[test]
fn markdown_runbook_names_every_code_in_both_languages() {
    let codes = builtin_codes();
    for lang in ["en", "fr"] {
        let md =
            stdout_of_success(actwiz().args(["export", "--format", "markdown", "--lang", lang]));
        for code in &codes {
            assert!(
                md.contains(&format!("\n### {code}\n")),
                "{lang}: {code} has no section"
            );
        }
    }
}

#[test]
fn the_runbook_says_where_each_powershell_form_comes_from() {
    // 0xC004E002's tokens.dat rebuild stops and starts sppsvc (actwiz's own
    // PowerShell form) and reads the licence with slmgr /dlv (generated).
    for (lang, own, generated) in [
        (
            "en",
            "actwiz's own translation of `net stop`",
            "generated from the slmgr table",
        ),
        (
            "fr",
            "traduction propre à actwiz de `net stop`",
            "produite à partir de la table slmgr",
        ),
    ] {
        let md = stdout_of_success(actwiz().args([
            "export",
            "--format",
            "markdown",
            "--code",
            "0xC004E002",
            "--lang",
            lang,
        ]));
        let stop = md
            .find("\nStop-Service sppsvc\n")
            .unwrap_or_else(|| panic!("{lang}: no Stop-Service form"));
        let note = &md[stop..];
        let note = &note[..note.find("\n\n*").map_or(note.len(), |at| {
            at + note[at + 3..]
                .find('\n')
                .map_or(note.len() - at, |end| end + 3)
        })];
        assert!(
            note.contains("[`Stop-Service`](<https://learn.microsoft.com/powershell/module/microsoft.powershell.management/stop-service>)")
                && note.contains(own),
            "{lang}: {note}"
        );
        assert!(md.contains(generated), "{lang}: no generated form named");
    }
}

#[test]
fn mermaid_chart_has_every_code() {
    let chart = stdout_of_success(actwiz().args(["export", "--format", "mermaid"]));
    assert!(chart.starts_with("flowchart TD\n"));
    for code in builtin_codes() {
        assert!(chart.contains(&code), "{code} missing");
    }
}

/// Graphviz must read the whole export and each family's export.
#[test]
fn dot_output_parses_with_graphviz() {
    let Some(dot) = require_tool("dot", "graphviz", "to check that the DOT export parses") else {
        return;
    };
    let whole = stdout_of_success(actwiz().args(["export", "--format", "dot"]));
    let family = stdout_of_success(actwiz().args([
        "export", "--format", "dot", "--family", "dns", "--lang", "fr",
    ]));
    for graph in [whole, family] {
        let mut child = Command::new(&dot)
            .arg("-Tcanon")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("dot runs");
        child
            .stdin
            .take()
            .expect("stdin is piped")
            .write_all(graph.as_bytes())
            .expect("dot reads its input");
        let out = child.wait_with_output().expect("dot finishes");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success() && stderr.trim().is_empty(),
            "dot refused the export: {stderr}"
        );
        assert!(String::from_utf8_lossy(&out.stdout).contains("digraph actwiz"));
    }
}

#[test]
fn export_of_one_code_and_unknown_selections() {
    let md = stdout_of_success(actwiz().args(["export", "--code", "c004f074"]));
    assert_eq!(md.matches("\n### 0x").count(), 1);
    assert!(md.contains("### 0xC004F074"));
    actwiz()
        .args(["export", "--code", "0xC004F075"])
        .assert()
        .failure()
        .stderr(predicates::str::contains("0xC004F074"));
    actwiz()
        .args(["export", "--family", "nope"])
        .assert()
        .failure()
        .stderr(predicates::str::contains("unknown family 'nope'"));
}

#[test]
fn man_page_is_roff_and_names_the_subcommands() {
    let page = stdout_of_success(actwiz().arg("man"));
    assert!(
        page.starts_with(".ie") || page.starts_with(".TH"),
        "{}",
        &page[..page.len().min(200)]
    );
    assert!(page.contains(".TH actwiz"));
    for sub in ["lookup", "walk", "check", "export", "completions"] {
        assert!(page.contains(sub), "man page does not mention {sub}");
    }
}

/// The README's example tree (a Mermaid block and assets/tree-example.svg,
/// both written by assets/render-tree.sh) still shows the flows as they are:
/// the block is the export of its code, and the SVG has the export's nodes
/// and edges (compared by Graphviz's titles, which do not depend on its
/// version, unlike the drawing).
#[test]
fn readme_example_tree_matches_the_flows() {
    let readme = std::fs::read_to_string("README.md").expect("README.md");
    let begin = "<!-- tree-example:begin ";
    let start = readme
        .find(begin)
        .expect("README has the tree-example markers")
        + begin.len();
    let code = readme[start..].split_whitespace().next().expect("a code");
    let block_start = start + readme[start..].find("```mermaid\n").expect("mermaid block") + 11;
    let block_end = block_start + readme[block_start..].find("```\n").expect("block end");
    let chart = stdout_of_success(actwiz().args([
        "export", "--format", "mermaid", "--code", code, "--lang", "en",
    ]));
    assert!(
        readme[block_start..block_end] == chart,
        "README's Mermaid tree of {code} is out of date: run assets/render-tree.sh"
    );

    let dot = stdout_of_success(
        actwiz().args(["export", "--format", "dot", "--code", code, "--lang", "en"]),
    );
    let mut expected: Vec<String> = dot
        .lines()
        .map(str::trim)
        .filter_map(|line| {
            let (head, _) = line.split_once([' ', ';'])?;
            if let Some((from, to)) = line.split_once(" -> ") {
                let to = to.split([' ', ';']).next()?;
                return Some(format!("{from}&#45;&gt;{to}"));
            }
            let is_node = line[head.len()..].starts_with(" [") && head.starts_with('f');
            is_node.then(|| head.to_string())
        })
        .collect();
    let svg = std::fs::read_to_string("assets/tree-example.svg").expect("the SVG");
    let mut drawn: Vec<String> = svg
        .match_indices("<title>")
        .filter_map(|(i, _)| {
            let rest = &svg[i + 7..];
            Some(rest[..rest.find("</title>")?].to_string())
        })
        .filter(|title| title != "actwiz" && !title.starts_with("cluster_"))
        .collect();
    expected.sort();
    drawn.sort();
    assert!(
        expected.len() > 3,
        "no nodes read from the DOT export: {dot}"
    );
    assert_eq!(
        drawn, expected,
        "assets/tree-example.svg is not the tree of {code}: run assets/render-tree.sh"
    );
}
