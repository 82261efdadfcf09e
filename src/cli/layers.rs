//! `actwiz flows path` and `actwiz list --source`: where flows come from.
//! The layers themselves are in `crate::core::catalog::layers`.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use serde_json::json;

use super::Cli;
use crate::core::catalog::{Catalog, CodeEntry, FlowFile, Lang, LayerKind};
use crate::core::sanitize::clean_line;
use crate::strings::layer_name;

/// The layers in effect, lowest first, one a line: its name, its folder and
/// whether the folder is there.
///
/// ```text
/// built-in  (inside actwiz)
/// system    /etc/actwiz/flows  (absent: skipped)
/// config    /home/ann/team-flows  (exists)
/// ```
pub(crate) fn flows_path(
    cli: &Cli,
    action: &super::args::FlowsAction,
    lang: Lang,
    out: &mut impl Write,
) -> Result<ExitCode> {
    let layers = cli.flow_layers();
    let super::args::FlowsAction::Path { json } = action;
    if *json {
        let mut items =
            vec![json!({ "layer": LayerKind::Builtin, "folder": null, "state": "builtin" })];
        for layer in &layers {
            let state = if layer.folder.exists() && layer.skipped() {
                "empty_skipped"
            } else if layer.folder.exists() {
                "exists"
            } else if layer.skipped() {
                "absent_skipped"
            } else {
                "missing"
            };
            items.push(json!({
                "layer": layer.kind,
                "folder": clean_line(&layer.folder.display().to_string()),
                "state": state,
            }));
        }
        writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&json!({ "layers": items }))?
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    let width = layers
        .iter()
        .map(|l| layer_name(l.kind, lang).chars().count())
        .chain([layer_name(LayerKind::Builtin, lang).chars().count()])
        .max()
        .unwrap_or(0);
    let (inside, exists, empty, skipped, missing) = match lang {
        Lang::En => (
            "(inside actwiz)",
            "exists",
            "exists, no flow file: skipped",
            "absent: skipped",
            "missing: an error",
        ),
        Lang::Fr => (
            "(dans actwiz)",
            "présent",
            "présent, sans fichier de flux : ignoré",
            "absent : ignoré",
            "manquant : une erreur",
        ),
    };
    writeln!(
        out,
        "{:width$}  {inside}",
        layer_name(LayerKind::Builtin, lang)
    )?;
    for layer in &layers {
        let state = if layer.folder.exists() && layer.skipped() {
            empty
        } else if layer.folder.exists() {
            exists
        } else if layer.skipped() {
            skipped
        } else {
            missing
        };
        writeln!(
            out,
            "{:width$}  {}  ({state})",
            layer_name(layer.kind, lang),
            clean_line(&layer.folder.display().to_string())
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `list --source`: each code with its family, layer and file.
pub(crate) fn list_with_sources(
    catalog: &Catalog,
    entries: &[(&CodeEntry, &FlowFile)],
    as_json: bool,
    lang: Lang,
    out: &mut impl Write,
) -> Result<()> {
    let rows: Vec<(&CodeEntry, &FlowFile, LayerKind, &str)> = entries
        .iter()
        .filter_map(|(entry, flow)| {
            let source = catalog.source_of(entry.code)?;
            Some((*entry, *flow, source.layer, source.file))
        })
        .collect();
    if as_json {
        let items: Vec<_> = rows
            .iter()
            .map(|(entry, flow, layer, file)| {
                let mut item =
                    super::json::code_summary(entry, flow, &catalog.same_tree(entry.code));
                if let Some(map) = item.as_object_mut() {
                    map.insert(
                        "source".into(),
                        json!({ "layer": layer, "file": clean_line(file) }),
                    );
                }
                item
            })
            .collect();
        writeln!(out, "{}", serde_json::to_string_pretty(&items)?)?;
        return Ok(());
    }
    let family_width = rows.iter().map(|r| r.1.family.len()).max().unwrap_or(0);
    let layer_width = rows
        .iter()
        .map(|r| layer_name(r.2, lang).chars().count())
        .max()
        .unwrap_or(0);
    for (entry, flow, layer, file) in rows {
        writeln!(
            out,
            "{}  {:family_width$}  {:layer_width$}  {}",
            entry.code,
            clean_line(&flow.family),
            layer_name(layer, lang),
            clean_line(file)
        )?;
    }
    Ok(())
}
