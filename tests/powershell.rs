//! The PowerShell forms cannot be run on the machines that build actwiz, so
//! they go through a real PowerShell grammar (tree-sitter-powershell):
//! every PowerShell command of every built-in flow, and every row of the
//! slmgr table, filled with a sample value for each placeholder type, must
//! parse without an error or a missing node; and every WMI class, method
//! and property the parser finds in them must be in actwiz's table.

use actwiz::core::catalog::dialect::{commands, slmgr, table, Dialect, Origin};
use actwiz::core::catalog::{Catalog, FlowFile, Lang, PlaceholderKind, Shell};
use actwiz::core::placeholder::Values;

/// A valid value of each type, as an agent would type it.
fn sample(kind: PlaceholderKind) -> &'static str {
    match kind {
        PlaceholderKind::Host => "kms1.contoso.com",
        PlaceholderKind::Ip => "192.0.2.10",
        PlaceholderKind::HostName => "kms1.contoso.com",
        PlaceholderKind::Port => "1688",
        PlaceholderKind::ProductKey => "NPPR9-FWDCX-D2C8J-H872K-2YT43",
        PlaceholderKind::ConfirmationId => {
            "123456-123456-123456-123456-123456-123456-123456-123456"
        }
        PlaceholderKind::InstallationId => {
            "1234567-1234567-1234567-1234567-1234567-1234567-1234567-1234567-1234567"
        }
        PlaceholderKind::WindowsPath => r"C:\Support Files\licence",
    }
}

fn samples(flow: &FlowFile) -> Values {
    let mut values = Values::new();
    for (name, decl) in &flow.placeholders {
        values
            .set(flow, name, sample(decl.kind), Lang::En)
            .unwrap_or_else(|e| panic!("{}: sample for {name}: {e}", flow.family));
    }
    values
}

/// Every PowerShell text the built-in flows show, filled: (where, text).
fn builtin_powershell() -> Vec<(String, String)> {
    builtin_forms()
        .into_iter()
        .map(|(place, text, _)| (place, text))
        .collect()
}

/// Every PowerShell text the built-in flows show, filled, with its origin.
fn builtin_forms() -> Vec<(String, String, Origin)> {
    let catalog = Catalog::builtin().expect("built-in catalog");
    let mut out = Vec::new();
    for (_, flow) in catalog.files() {
        let values = samples(flow);
        let mut add = |place: String, form: actwiz::core::catalog::dialect::Form| {
            if form.shell == Shell::Powershell {
                let filled = values.fill(flow, &form.text);
                assert!(
                    filled.is_complete(),
                    "{place}: {:?} not filled",
                    filled.missing
                );
                out.push((place, filled.text, form.origin));
            }
        };
        for (id, q) in &flow.questions {
            if let Some(form) = q.check_form(Dialect::Powershell) {
                add(format!("{}: questions.{id}", flow.family), form);
            }
        }
        for (id, r) in &flow.resolutions {
            for (i, c) in r.commands.iter().enumerate() {
                add(
                    format!("{}: resolutions.{id}.commands[{i}]", flow.family),
                    c.form(Dialect::Powershell),
                );
            }
        }
    }
    out
}

/// Every row of the table, with sample arguments.
fn table_forms() -> Vec<(String, String)> {
    table::ROWS
        .iter()
        .map(|row| {
            let argument = match row.argument {
                table::Argument::None => String::new(),
                table::Argument::ProductKey => format!(" {}", sample(PlaceholderKind::ProductKey)),
                table::Argument::ConfirmationId => {
                    " 123456123456123456123456123456123456123456123456".into()
                }
                table::Argument::HostAndPort => " kms1.contoso.com:1688".into(),
                table::Argument::Host => " kms1.contoso.com".into(),
            };
            let command = format!(
                r"cscript %windir%\system32\slmgr.vbs /{}{argument}",
                row.option
            );
            let form = slmgr::powershell(&command)
                .expect("runs slmgr")
                .unwrap_or_else(|e| panic!("{command}: {e}"));
            (command, form)
        })
        .collect()
}

fn parse(text: &str) -> tree_sitter::Tree {
    let mut parser = tree_sitter::Parser::new();
    parser
        .set_language(&tree_sitter_powershell::LANGUAGE.into())
        .expect("the grammar loads");
    parser.parse(text, None).expect("a tree")
}

/// Every node, depth first.
fn nodes(tree: &tree_sitter::Tree) -> Vec<tree_sitter::Node<'_>> {
    let mut out = Vec::new();
    let mut stack = vec![tree.root_node()];
    while let Some(node) = stack.pop() {
        out.push(node);
        let mut cursor = node.walk();
        for child in node.children(&mut cursor) {
            stack.push(child);
        }
    }
    out
}

fn parse_errors(text: &str) -> Vec<String> {
    let tree = parse(text);
    nodes(&tree)
        .into_iter()
        .filter(|n| n.is_error() || n.is_missing())
        .map(|n| {
            format!(
                "{} at {}..{}: {:?}",
                if n.is_missing() { "MISSING" } else { "ERROR" },
                n.start_byte(),
                n.end_byte(),
                &text[n.start_byte()..n.end_byte()]
            )
        })
        .collect()
}

#[test]
fn every_powershell_form_parses() {
    let forms: Vec<_> = builtin_powershell()
        .into_iter()
        .chain(table_forms())
        .collect();
    assert!(forms.len() > 150, "only {} forms found", forms.len());
    let mut failures = Vec::new();
    for (place, text) in &forms {
        let errors = parse_errors(text);
        if !errors.is_empty() {
            failures.push(format!("{place}\n  {text}\n  {}", errors.join("\n  ")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_parser_sees_a_broken_form() {
    // The check above can fail: the grammar flags what PowerShell would.
    for broken in [
        "Invoke-CimMethod -Arguments @{ProductKey='X'",
        "Get-CimInstance SoftwareLicensingProduct | ForEach-Object { $_.Name",
        "Format-List Name, (",
    ] {
        assert!(!parse_errors(broken).is_empty(), "{broken}");
    }
}

/// .NET members the forms use on objects that are not WMI instances.
const NOT_WMI: &[&str] = &["FullName"];

/// The WMI names the parser finds: classes read with Get-CimInstance,
/// methods named to Invoke-CimMethod, properties read with `.Name` or
/// listed to Format-List / Select-Object.
fn wmi_names(text: &str) -> Vec<(&'static str, String)> {
    let tree = parse(text);
    let mut out = Vec::new();
    let node_text = |n: tree_sitter::Node| text[n.start_byte()..n.end_byte()].to_string();
    for node in nodes(&tree) {
        match node.kind() {
            "member_access" => {
                if let Some(name) = (0..node.child_count())
                    .filter_map(|i| node.child(i as u32))
                    .find(|c| c.kind() == "member_name")
                {
                    out.push(("property", node_text(name)));
                }
            }
            "command" => {
                let Some(name) = node.child_by_field_name("command_name") else {
                    continue;
                };
                let name = node_text(name).to_ascii_lowercase();
                let Some(elements) = node.child_by_field_name("command_elements") else {
                    continue;
                };
                let parts: Vec<_> = (0..elements.child_count())
                    .filter_map(|i| elements.child(i as u32))
                    .filter(|c| c.kind() != "command_argument_sep")
                    .collect();
                for (i, part) in parts.iter().enumerate() {
                    let word = node_text(*part);
                    let next = parts.get(i + 1).map(|n| node_text(*n));
                    match name.as_str() {
                        "invoke-cimmethod" if word.eq_ignore_ascii_case("-MethodName") => {
                            out.push(("method", next.unwrap_or_default()));
                        }
                        "get-ciminstance" if i == 0 && part.kind() == "generic_token" => {
                            out.push(("class", word));
                        }
                        "format-list" | "select-object" if part.kind() == "generic_token" => {
                            out.push(("property", word.trim_end_matches(',').to_string()));
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    out
}

#[test]
fn every_wmi_member_the_forms_use_is_in_the_table() {
    let forms: Vec<_> = builtin_powershell()
        .into_iter()
        .chain(table_forms())
        .collect();
    let mut seen = 0;
    let mut failures = Vec::new();
    for (place, text) in &forms {
        // Properties of other objects (events, Win32_BIOS) are not ours.
        let licensing = text.contains("SoftwareLicensing");
        for (kind, name) in wmi_names(text) {
            if kind == "property" && !licensing {
                continue;
            }
            seen += 1;
            let known = match kind {
                "class" => {
                    !name.to_ascii_lowercase().starts_with("softwarelicensing")
                        || table::WmiClass::ALL.iter().any(|c| c.name() == name)
                }
                "method" => {
                    table::member(&name).is_some_and(|m| m.kind == table::MemberKind::Method)
                }
                _ => {
                    NOT_WMI.contains(&name.as_str())
                        || table::member(&name)
                            .is_some_and(|m| m.kind == table::MemberKind::Property)
                }
            };
            if !known {
                failures.push(format!("{place}: {kind} {name}"));
            }
        }
    }
    assert!(
        seen > 100,
        "only {seen} WMI names found: the walk is broken"
    );
    assert!(
        failures.is_empty(),
        "not in the table:\n{}",
        failures.join("\n")
    );
}

#[test]
fn the_core_reader_finds_what_the_parser_finds() {
    // `check` reads forms with a light reader (catalog::dialect::wmi); on
    // the table's own forms it must see every method and property the
    // parser sees (bar the .NET ones).
    for (command, form) in table_forms() {
        let light: Vec<String> = actwiz::core::catalog::dialect::wmi::uses(&form)
            .into_iter()
            .map(|u| u.name)
            .collect();
        for (_, name) in wmi_names(&form) {
            if !NOT_WMI.contains(&name.as_str()) {
                assert!(light.contains(&name), "{command}: the reader misses {name}");
            }
        }
    }
}

#[test]
fn every_builtin_command_has_a_powershell_form_without_slmgr() {
    let catalog = Catalog::builtin().expect("built-in catalog");
    let mut missing = Vec::new();
    for (_, flow) in catalog.files() {
        let mut see = |place: String, form: actwiz::core::catalog::dialect::Form| {
            if form.shell != Shell::Powershell || form.text.to_ascii_lowercase().contains("slmgr") {
                missing.push(format!("{}: {place}: {}", flow.family, form.text));
            }
        };
        for (id, q) in &flow.questions {
            if let Some(form) = q.check_form(Dialect::Powershell) {
                see(format!("questions.{id}"), form);
            }
        }
        for (id, r) in &flow.resolutions {
            for (i, c) in r.commands.iter().enumerate() {
                see(
                    format!("resolutions.{id}.commands[{i}]"),
                    c.form(Dialect::Powershell),
                );
            }
        }
    }
    assert!(
        missing.is_empty(),
        "no PowerShell form:\n{}",
        missing.join("\n")
    );
}

const FLOW_FORMAT: &str = "assets/flow-format.md";

/// The part of the guide between `<!-- BEGIN {name}` and `<!-- END {name} -->`
/// must be `wanted` (rewritten with UPDATE_FLOW_FORMAT=1).
fn guide_shows(name: &str, wanted: &str, from: &str) {
    let begin_marker = format!("<!-- BEGIN {name}");
    let end_marker = format!("<!-- END {name} -->");
    let text = std::fs::read_to_string(FLOW_FORMAT).expect("the guide");
    let begin = text.find(&begin_marker).expect("the BEGIN marker");
    let body_start = begin + text[begin..].find("-->").expect("end of BEGIN") + 3;
    let end = text.find(&end_marker).expect("the END marker");
    let current = text[body_start..end].trim();
    if current != wanted.trim() {
        if std::env::var_os("UPDATE_FLOW_FORMAT").is_some() {
            let updated = format!(
                "{}\n\n{}\n\n{}",
                &text[..body_start],
                wanted.trim(),
                &text[end..]
            );
            std::fs::write(FLOW_FORMAT, updated).expect("writes the guide");
        } else {
            panic!(
                "{FLOW_FORMAT} does not show the {name} of {from}: run `UPDATE_FLOW_FORMAT=1 cargo test --test powershell` and commit it"
            );
        }
    }
}

#[test]
fn the_flow_format_guide_shows_the_table() {
    guide_shows(
        "slmgr table",
        &table::markdown(),
        "src/core/catalog/dialect/table.rs",
    );
}

#[test]
fn the_flow_format_guide_shows_the_powershell_commands() {
    guide_shows(
        "PowerShell commands",
        &commands::markdown(),
        "src/core/catalog/dialect/commands.rs",
    );
}

/// The command names the grammar finds in `text`.
fn command_names(text: &str) -> Vec<String> {
    let tree = parse(text);
    let mut names: Vec<String> = nodes(&tree)
        .into_iter()
        .filter(|n| n.kind() == "command")
        .filter_map(|n| n.child_by_field_name("command_name"))
        .map(|n| text[n.start_byte()..n.end_byte()].to_string())
        .collect();
    names.sort_by_key(|n| n.to_ascii_lowercase());
    names.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
    names
}

#[test]
fn every_command_a_powershell_form_runs_is_in_the_commands_table() {
    // Each row says where the form comes from (an article, actwiz's own
    // translation, the same program): a command outside the table would
    // be a PowerShell form with no source.
    let mut seen = 0;
    let mut failures = Vec::new();
    // `shell: any` texts are the articles' own commands (ipconfig, w32tm):
    // the same program in both shells.
    let forms = builtin_forms()
        .into_iter()
        .filter(|(_, _, origin)| *origin != Origin::BothShells)
        .map(|(place, text, _)| (place, text));
    for (place, text) in forms.chain(table_forms()) {
        for name in command_names(&text) {
            seen += 1;
            if commands::find(&name).is_none() {
                failures.push(format!("{place}: {name}"));
            }
        }
    }
    assert!(seen > 100, "only {seen} commands found: the walk is broken");
    assert!(
        failures.is_empty(),
        "not in src/core/catalog/dialect/commands.rs:\n{}",
        failures.join("\n")
    );
}

#[test]
fn the_core_reader_names_the_commands_the_parser_names() {
    // The runbook and `walk --json` name a form's commands with the light
    // reader (dialect::commands::used); it must agree with the grammar.
    for (place, text) in builtin_powershell().into_iter().chain(table_forms()) {
        let mut light = commands::used(&text);
        light.sort_by_key(|n| n.to_ascii_lowercase());
        light.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
        assert_eq!(light, command_names(&text), "{place}: {text}");
    }
}

#[test]
fn both_forms_of_a_command_ask_for_the_same_values() {
    // A PowerShell form that dropped or added a placeholder would ask the
    // agent for other values than the cmd form.
    let catalog = Catalog::builtin().expect("built-in catalog");
    let names = |t: &str| {
        let mut n = actwiz::core::placeholder::names(t);
        n.sort();
        n
    };
    for (_, flow) in catalog.files() {
        for r in flow.resolutions.values() {
            for c in &r.commands {
                let (cmd, ps) = (c.form(Dialect::Cmd), c.form(Dialect::Powershell));
                assert_eq!(
                    names(&cmd.text),
                    names(&ps.text),
                    "{} / {}",
                    cmd.text,
                    ps.text
                );
            }
        }
        for q in flow.questions.values() {
            if let (Some(cmd), Some(ps)) = (
                q.check_form(Dialect::Cmd),
                q.check_form(Dialect::Powershell),
            ) {
                assert_eq!(
                    names(&cmd.text),
                    names(&ps.text),
                    "{} / {}",
                    cmd.text,
                    ps.text
                );
            }
        }
    }
}
