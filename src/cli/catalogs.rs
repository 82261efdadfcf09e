//! Loading the catalog for a command or the wizard: layered folders, the
//! cache, and the notices about overrides and skipped folders.

use super::*;
use crate::core::catalog::Layer;
use crate::tui::app::{Loaded, Loading, Msg as TuiMsg};

/// Loads the built-in flows, then each flow layer in effect (system,
/// config, user, `--flows`; through the cache unless `--no-cache`).
/// Overrides are reported on stderr, as the user asked for them but may not
/// expect them.
pub(crate) fn load_catalog(cli: &Cli, lang: Lang) -> Result<Catalog> {
    load_catalog_for(cli, lang, None)
}

/// [`load_catalog`] for a command about one code: without flow layers, only
/// the built-in file holding `code` is decoded.
pub(crate) fn load_catalog_for(cli: &Cli, lang: Lang, code: Option<Code>) -> Result<Catalog> {
    let layers = cli.flow_layers();
    let catalog = match code {
        Some(_) => {
            let cache = (!cli.no_cache)
                .then(|| Cache::from_env(|name| std::env::var(name).ok()))
                .flatten();
            let mut progress = progress::OnStderr::new();
            let loaded =
                Catalog::load_layers_for(code, &layers, cache.as_ref(), &mut |p| progress.show(p));
            progress.finish();
            loaded
        }
        None => load_layers(cli, &layers),
    }
    .map_err(|p| flows_failure(&p))?;
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
            crate::strings::layer_name(o.replaced_layer, lang),
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
pub(crate) fn open_wizard(
    cli: &Cli,
    lang: Lang,
    query: Option<String>,
    evidence: Option<crate::core::evidence::Evidence>,
) -> Result<ExitCode> {
    use std::io::IsTerminal;
    let full_screen = !cli.plain
        && std::io::stdin().is_terminal()
        && crate::output::stdout_is_terminal()
        && std::env::var("TERM").map_or(true, |t| t != "dumb");
    // Full screen starts on the built-in flows, so that the first frame
    // never waits for a user folder: the --flows folders load on a thread
    // (progress and skipped folders on the status line). Evidence that
    // names a code needs every folder before it can pick the code.
    let (catalog, skipped, updates) = if full_screen && !cli.flows.is_empty() && evidence.is_none()
    {
        let builtin = Catalog::builtin().map_err(|p| flows_failure(&p))?;
        (builtin, Vec::new(), Some(load_in_background(cli, lang)))
    } else {
        let (catalog, skipped) = load_catalog_for_wizard(cli, lang)?;
        (catalog, skipped, None)
    };
    let query = query.or_else(|| {
        let evidence = evidence.as_ref()?;
        let seen = evidence
            .codes
            .iter()
            .find(|c| catalog.get(c.code).is_some())?;
        Some(seen.code.to_string())
    });
    if full_screen {
        let options = crate::tui::TuiOptions {
            notice: (!skipped.is_empty()).then(|| skipped.join(" | ")),
            lang,
            dialect: cli.dialect(),
            initial_query: query,
            mouse: cli.mouse,
            no_color: cli.no_color,
            clipboard: cli.clipboard_mode(),
            evidence,
            transcript: cli.transcript.clone(),
        };
        crate::tui::run(catalog, options, updates)?;
    } else {
        let stdin = std::io::stdin();
        // Line editing only on a terminal that can take it; a pipe, a
        // file or TERM=dumb keeps reading plain lines.
        let editing = stdin.is_terminal()
            && crate::output::stdout_is_terminal()
            && std::env::var("TERM").map_or(true, |t| t != "dumb");
        let mut edited = editing.then(crate::plain::line::Edited::new).flatten();
        let desk = crate::plain::desk::Desk::new(
            cli.clipboard_mode(),
            cli.transcript.clone(),
            edited.is_some(),
        )?;
        let mut piped = crate::plain::line::Piped::new(stdin.lock(), !stdin.is_terminal());
        let lines: &mut dyn crate::plain::line::Lines = match edited.as_mut() {
            Some(edited) => edited,
            None => &mut piped,
        };
        let mut io = crate::plain::Io {
            lines,
            out: &mut crate::output::stdout(),
            desk,
            recent: crate::recent::Recent::from_env(|name| std::env::var(name).ok()),
        };
        let evidence = evidence.unwrap_or_default();
        crate::plain::run(
            &catalog,
            query.as_deref(),
            evidence,
            lang,
            cli.dialect(),
            &mut io,
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Loads the catalog for the wizard (full screen or plain): a `--flows`
/// folder that cannot be read or does not validate is skipped, so that a
/// colleague's broken folder never takes the built-in flows down. Returns
/// the catalog and one notice per skipped folder (also printed on stderr).
pub(crate) fn load_catalog_for_wizard(cli: &Cli, lang: Lang) -> Result<(Catalog, Vec<String>)> {
    let (catalog, notices) = load_skipping_broken(&cli.flow_layers(), lang, &mut |layers| {
        load_layers(cli, layers)
    })
    .map_err(|p| flows_failure(&p))?;
    for notice in &notices {
        crate::output::eprint_line(&format!("actwiz: {notice}"));
    }
    report_overrides(catalog.overrides(), lang);
    Ok((catalog, notices))
}

/// Loads `folders` (after the built-in flows) with `load`, skipping each
/// folder that cannot be read or does not validate, with a notice. The usual
/// case, every folder loads, costs one load (through the cache). Only when
/// that fails are the folders tried one by one, each with those kept before
/// it, to find which to skip.
fn load_skipping_broken(
    layers: &[Layer],
    lang: Lang,
    load: &mut dyn FnMut(&[Layer]) -> Result<Catalog, Problems>,
) -> Result<(Catalog, Vec<String>), Problems> {
    if let Ok(catalog) = load(layers) {
        return Ok((catalog, Vec::new()));
    }
    let mut kept: Vec<Layer> = Vec::new();
    let mut notices = Vec::new();
    for layer in layers.iter().filter(|l| !l.skipped()) {
        let mut with = kept.clone();
        with.push(layer.clone());
        match load(&with) {
            Ok(_) => kept = with,
            Err(Problems(problems)) => notices.push(skipped_notice(&layer.folder, &problems, lang)),
        }
    }
    Ok((load(&kept)?, notices))
}

/// Starts loading the `--flows` folders on a thread of its own.
fn load_in_background(cli: &Cli, lang: Lang) -> std::sync::mpsc::Receiver<TuiMsg> {
    let (sender, receiver) = std::sync::mpsc::channel();
    let layers = cli.flow_layers();
    let cache = (!cli.no_cache)
        .then(|| Cache::from_env(|name| std::env::var(name).ok()))
        .flatten();
    std::thread::spawn(move || {
        let progress = sender.clone();
        let mut load = |layers: &[Layer]| {
            Catalog::load_layers(layers, cache.as_ref(), &mut |p| {
                let _ = progress.send(TuiMsg::Loading(Loading {
                    folder: p.folder.display().to_string(),
                    files_done: p.files_done,
                    files_total: p.files_total,
                    codes: p.codes,
                }));
            })
        };
        let (catalog, notices) = match load_skipping_broken(&layers, lang, &mut load) {
            Ok(loaded) => loaded,
            // Only the built-in flows failing gets here: the wizard already
            // runs on them, as it would without --flows.
            Err(problems) => {
                let first = problems.0.first().map(|p| p.to_string());
                let Ok(builtin) = Catalog::builtin() else {
                    return;
                };
                (builtin, first.into_iter().collect())
            }
        };
        // Kept for the rest of the process: walks may hold on to it.
        let catalog: &'static Catalog = Box::leak(Box::new(catalog));
        let index = SearchIndex::new(catalog);
        let _ = sender.send(TuiMsg::Loaded(Box::new(Loaded {
            catalog,
            index,
            notices,
        })));
    });
    receiver
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

/// Flows that cannot be loaded: every problem on its own line, and as a
/// list for `--json`.
fn flows_failure(problems: &impl std::fmt::Display) -> Failure {
    let text = problems.to_string();
    let list: Vec<serde_json::Value> = text.lines().map(|l| l.trim().into()).collect();
    Failure::new("flows", text).with("problems", list)
}
