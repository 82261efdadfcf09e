//! Loading the catalog for a command or the wizard: layered folders, the
//! cache, and the notices about overrides and skipped folders.

use super::*;

/// Loads the built-in flows, then each flow layer in effect (system,
/// config, user, `--flows`; through the cache unless `--no-cache`).
/// Overrides are reported on stderr, as the user asked for them but may not
/// expect them.
pub fn load_catalog(cli: &Cli, lang: Lang) -> Result<Catalog> {
    let catalog = load_layers(cli, &cli.flow_layers()).map_err(|p| UserError(p.to_string()))?;
    report_overrides(catalog.overrides(), lang);
    Ok(catalog)
}

/// The built-in catalog and `layers`, through the cache unless
/// `--no-cache`, with progress on stderr for a long cold load.
pub(super) fn load_layers(
    cli: &Cli,
    layers: &[crate::core::catalog::Layer],
) -> Result<Catalog, Problems> {
    let cache = (!cli.no_cache)
        .then(|| Cache::from_env(|name| std::env::var(name).ok()))
        .flatten();
    let mut progress = progress::OnStderr::new();
    let loaded = Catalog::load_layers(layers, cache.as_ref(), &mut |p| progress.show(p));
    progress.finish();
    loaded
}

/// Tells on stderr which codes a higher layer redefines (with
/// `overrides: true`).
pub(super) fn report_overrides(overrides: &[crate::core::catalog::Override], lang: Lang) {
    for o in overrides {
        crate::output::eprint_line(&format!(
            "actwiz: {}: {} {} {} ({} {})",
            o.by,
            o.code,
            strings(lang).overrides,
            o.replaced,
            colon(lang, strings(lang).layer),
            o.replaced_layer,
        ));
    }
}

/// `actwiz [--evidence FILE] [CODE_OR_QUERY]`: the wizard, with the facts
/// of `--evidence` loaded. Without a query, the first code the evidence
/// names that has a flow opens.
pub fn run_wizard(cli: &Cli, lang: Lang) -> Result<ExitCode> {
    let evidence = match &cli.evidence {
        Some(path) => Some(super::evidence::read(Some(path), lang)?),
        None => None,
    };
    let query = cli.query.join(" ");
    let query = (!query.trim().is_empty()).then_some(query);
    open_wizard(cli, lang, query, evidence)
}

/// Opens the wizard (full screen when both ends are a terminal, the plain
/// dialogue otherwise) on `query`, with `evidence` loaded.
pub fn open_wizard(
    cli: &Cli,
    lang: Lang,
    query: Option<String>,
    evidence: Option<crate::core::evidence::Evidence>,
) -> Result<ExitCode> {
    use std::io::IsTerminal;
    let (catalog, skipped) = load_catalog_for_wizard(cli, lang)?;
    let query = query.or_else(|| {
        let evidence = evidence.as_ref()?;
        let seen = evidence
            .codes
            .iter()
            .find(|c| catalog.get(c.code).is_some())?;
        Some(seen.code.to_string())
    });
    let full_screen = !cli.plain
        && std::io::stdin().is_terminal()
        && crate::output::stdout_is_terminal()
        && std::env::var("TERM").map_or(true, |t| t != "dumb");
    if full_screen {
        let options = crate::tui::TuiOptions {
            notice: (!skipped.is_empty()).then(|| skipped.join(" | ")),
            lang,
            initial_query: query,
            mouse: cli.mouse,
            no_color: cli.no_color,
            clipboard: cli.clipboard.clone(),
            evidence,
        };
        crate::tui::run(catalog, options)?;
    } else {
        let stdin = std::io::stdin();
        let echo = !stdin.is_terminal();
        let mut io = crate::plain::Io {
            input: &mut stdin.lock(),
            out: &mut crate::output::stdout(),
            echo,
        };
        let evidence = evidence.unwrap_or_default();
        crate::plain::run(&catalog, query.as_deref(), evidence, lang, &mut io)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Loads the catalog for the wizard (full screen or plain): a `--flows`
/// folder that cannot be read or does not validate is skipped, so that a
/// colleague's broken folder never takes the built-in flows down. Returns
/// the catalog and one notice per skipped folder (also printed on stderr).
pub fn load_catalog_for_wizard(cli: &Cli, lang: Lang) -> Result<(Catalog, Vec<String>)> {
    // The usual case, every folder loads, costs one load (through the cache).
    // Only when that fails are the folders tried one by one, each with those
    // kept before it, to find which to skip.
    let layers = cli.flow_layers();
    let (catalog, notices) = match load_layers(cli, &layers) {
        Ok(catalog) => (catalog, Vec::new()),
        Err(_) => {
            let mut kept = Vec::new();
            let mut notices = Vec::new();
            for layer in layers.iter().filter(|l| !l.skipped()) {
                let mut with = kept.clone();
                with.push(layer.clone());
                match load_layers(cli, &with) {
                    Ok(_) => kept = with,
                    Err(Problems(problems)) => {
                        notices.push(skipped_notice(&layer.folder, &problems, lang))
                    }
                }
            }
            let catalog = load_layers(cli, &kept).map_err(|p| UserError(p.to_string()))?;
            (catalog, notices)
        }
    };
    for notice in &notices {
        crate::output::eprint_line(&format!("actwiz: {notice}"));
    }
    report_overrides(catalog.overrides(), lang);
    Ok((catalog, notices))
}

/// "team-flows: folder skipped, 3 problem(s); the first: …".
pub(super) fn skipped_notice(
    dir: &std::path::Path,
    problems: &[crate::core::catalog::Problem],
    lang: Lang,
) -> String {
    let first = problems.first().map(|p| p.to_string()).unwrap_or_default();
    let (skipped, first_label, hint) = match lang {
        Lang::Fr => (
            "dossier ignoré",
            "le premier",
            "actwiz check les liste tous",
        ),
        Lang::En => ("folder skipped", "the first", "actwiz check lists them all"),
    };
    format!(
        "{}: {skipped}, {} problem(s) ({hint}){}{} {first}",
        dir.display(),
        problems.len(),
        semicolon(lang),
        colon(lang, first_label)
    )
}
