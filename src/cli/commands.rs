//! `check`, `list`, `lookup`, `search` and `evidence`.

use super::*;
use crate::core::catalog::dialect::Dialect;

/// `actwiz check`: every flow layer in effect, from the YAML; `actwiz
/// check DIR...`: each folder on its own, as a layer over the built-in flows.
pub(super) fn check(cli: &Cli, paths: &[std::path::PathBuf], lang: Lang) -> Result<ExitCode> {
    let checked = crate::core::catalog::checked(paths, &cli.flow_layers());
    report_overrides(&checked.overrides, lang);
    let (count, problems) = (checked.files, checked.problems);
    let stdout = &mut crate::output::stdout();
    if problems.is_empty() {
        writeln!(
            stdout,
            "{} {}",
            colon(lang, &format!("{count} file(s)")),
            strings(lang).flows_clean
        )?;
        stdout.flush()?;
        Ok(ExitCode::SUCCESS)
    } else {
        for p in &problems {
            writeln!(stdout, "{p}")?;
        }
        stdout.flush()?;
        crate::output::eprint_line(&format!("actwiz: {} problem(s)", problems.len()));
        Ok(Exit::Failure.into())
    }
}

pub(super) fn list(
    catalog: &Catalog,
    family: Option<&str>,
    source: bool,
    as_json: bool,
    lang: Lang,
    out: &mut impl Write,
) -> Result<()> {
    // Any case: `--family DNS` is the `dns` family.
    let family = match family {
        None => None,
        Some(f) => match catalog
            .families()
            .into_iter()
            .find(|known| known.eq_ignore_ascii_case(f.trim()))
        {
            Some(known) => Some(known),
            None => {
                let known = catalog.families();
                return Err(Failure::new(
                    "unknown_family",
                    format!(
                        "unknown family '{}'; known: {}",
                        crate::core::sanitize::clean_line(f),
                        known.join(", ")
                    ),
                )
                .with("family", crate::core::sanitize::clean(f).into_owned())
                .with("known", known)
                .into());
            }
        },
    };
    let entries: Vec<_> = catalog
        .entries()
        .filter(|(_, flow)| family.is_none_or(|f| flow.family == f))
        .collect();
    if source {
        return layers::list_with_sources(catalog, &entries, as_json, lang, out);
    }
    if as_json {
        let items: Vec<_> = entries
            .iter()
            .map(|(e, f)| json::code_summary(e, f, &catalog.same_tree(e.code)))
            .collect();
        writeln!(out, "{}", serde_json::to_string_pretty(&items)?)?;
        return Ok(());
    }
    let width = entries
        .iter()
        .map(|(_, f)| f.family.len())
        .max()
        .unwrap_or(0);
    for (entry, flow) in entries {
        writeln!(
            out,
            "{}  {:width$}  {}",
            entry.code,
            flow.family,
            crate::core::sanitize::clean_line(entry.messages.get(lang))
        )?;
    }
    Ok(())
}

pub(super) fn lookup(
    catalog: &Catalog,
    code: Code,
    as_json: bool,
    lang: Lang,
    dialect: Dialect,
    out: &mut impl Write,
) -> Result<()> {
    let (entry, flow) = catalog
        .get(code)
        .context("code vanished from the catalog")?;
    if as_json {
        writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&json::code_with_tree(
                entry,
                flow,
                &catalog.same_tree(code)
            ))?
        )?;
    } else {
        write!(
            out,
            "{}",
            crate::render::runbook(entry, flow, &catalog.same_tree(code), lang, dialect)
        )?;
    }
    Ok(())
}

/// `actwiz evidence`: exit 1 when nothing was recognised.
pub(super) fn run_evidence(
    cli: &Cli,
    file: Option<&std::path::Path>,
    facts: bool,
    as_json: bool,
    lang: Lang,
) -> Result<ExitCode> {
    let out = &mut crate::output::stdout();
    if facts {
        evidence::print_fact_names(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    let found = evidence::read(file, lang)?;
    // The codes found are looked up in the flows in effect, to name the
    // codes that share their tree; evidence is read even when flows are broken.
    let catalog = load_layers(cli, &cli.flow_layers()).ok();
    let same_tree = |code: Code| {
        catalog
            .as_ref()
            .map(|c| c.same_tree(code))
            .unwrap_or_default()
    };
    Ok(
        if evidence::print(&found, as_json, lang, &same_tree, out)? {
            ExitCode::SUCCESS
        } else {
            Exit::Failure.into()
        },
    )
}

/// Ranked matches. Exit 1 when nothing matched. A well-formed code the
/// catalog lacks is reported once, with its nearest known codes: on stderr
/// in text; in JSON, those codes follow the matches in the array, marked
/// `"kind": "nearest"` and `"nearest_to"` the unknown code.
pub(super) fn search(
    catalog: &Catalog,
    query: &str,
    limit: usize,
    as_json: bool,
    style: Highlight,
    lang: Lang,
    out: &mut impl Write,
) -> Result<ExitCode> {
    let s = strings(lang);
    // Kept to the end of the process, as the catalog is: freeing the index
    // vector by vector before exiting was a tenth of a built-in search.
    let index = std::mem::ManuallyDrop::new(SearchIndex::new(catalog));
    let outcome = index.search(query, limit);
    if as_json {
        let mut items: Vec<_> = outcome
            .hits
            .iter()
            .filter_map(|hit| {
                let (entry, flow) = catalog.get(hit.code)?;
                Some(json::search_hit(
                    hit,
                    entry,
                    flow,
                    &catalog.same_tree(hit.code),
                ))
            })
            .collect();
        for (near, unknown) in outcome.nearest_offers() {
            if let Some((entry, flow)) = catalog.get(near) {
                let same_tree = catalog.same_tree(near);
                items.push(json::nearest_code(entry, flow, unknown, &same_tree));
            }
        }
        writeln!(out, "{}", serde_json::to_string_pretty(&items)?)?;
    } else {
        write!(
            out,
            "{}",
            search_text::results(catalog, &outcome.hits, style, lang)
        )?;
        for unknown in &outcome.unknown_codes {
            crate::output::eprint_line(&format!(
                "actwiz: {}",
                unknown_code(unknown.code, &unknown.nearest, lang)
            ));
        }
        if outcome.hits.is_empty() && outcome.unknown_codes.is_empty() {
            crate::output::eprint_line(&format!("actwiz: {}", s.no_results));
        }
    }
    if outcome.hits.is_empty() {
        return Ok(Exit::Failure.into());
    }
    Ok(ExitCode::SUCCESS)
}
