//! Loading the built-in catalog and the user's folders: through the cache
//! when a folder is unchanged, otherwise read, parsed (on every core) and
//! validated, with progress for the front ends to show.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

use super::cache::Cache;
use super::layers::{self, Layer};
use super::read;
use super::{load, parse_and_validate, Catalog, ParsedFile, Problem, Problems, Sources};

/// How far a cold load of a folder has got.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress<'a> {
    pub folder: &'a Path,
    pub files_done: usize,
    pub files_total: usize,
    pub codes: usize,
}

/// Below this much YAML a folder is parsed on one thread.
const PARALLEL_FROM_BYTES: usize = 512 * 1024;

impl Catalog {
    /// The built-in catalog, then each folder of `paths` in order, as
    /// `--flows` layers. See [`Catalog::load_layers`].
    pub fn load(
        paths: &[PathBuf],
        cache: Option<&Cache>,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<Catalog, Problems> {
        Catalog::load_layers(&layers::command_line(paths), cache, progress)
    }

    /// [`Catalog::load_layers`] for a command about one code: when no
    /// layer is in effect (every implicit folder absent, none given) and a
    /// built-in file defines `code`, that file alone, decoded without the
    /// others (see [`Catalog::builtin_holding`]).
    pub(crate) fn load_layers_for(
        code: Option<super::Code>,
        layers: &[Layer],
        cache: Option<&Cache>,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<Catalog, Problems> {
        let alone = code.filter(|_| layers.iter().all(Layer::skipped));
        match alone.and_then(Catalog::builtin_holding) {
            Some(catalog) => Ok(catalog),
            None => Catalog::load_layers(layers, cache, progress),
        }
    }

    /// The built-in catalog, then each layer in order: a code a higher
    /// layer defines again replaces the lower one only with `overrides:
    /// true`. An implicit folder (system, user) that is absent is skipped.
    /// A folder whose files are unchanged since `cache` recorded it is taken
    /// from the cache without reading its YAML; otherwise it is read and
    /// validated, `progress` hears of each file, and a clean folder is
    /// recorded for next time (a folder is cached as valid on its own: how
    /// it sits over the layers below is checked at every load).
    pub(crate) fn load_layers(
        layers: &[Layer],
        cache: Option<&Cache>,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<Catalog, Problems> {
        let mut catalog = Catalog::builtin()?;
        let mut problems = Vec::new();
        let mut refused = Vec::new();
        let mut texts: Vec<Sources> = Vec::new();
        // Each layer's folder and files, to name the cached search index.
        let mut listed: Vec<(&Path, Vec<read::FileInfo>)> = Vec::new();
        for layer in layers.iter().filter(|l| !l.skipped()) {
            let path = &layer.folder;
            let index = catalog.add_layer(layer.kind, Some(path.clone()));
            let files = match read::list_folder(path) {
                Ok(files) => files,
                Err(Problems(found)) => {
                    problems.extend(found);
                    continue;
                }
            };
            listed.push((path, files.clone()));
            if let Some(flows) = cache.and_then(|c| c.load(path, &files)) {
                for flow in flows {
                    let (origin, outline) = (flow.origin, flow.outline);
                    let whole = super::Encoded::Section(flow.whole);
                    refused.extend(catalog.add_encoded(origin, outline, whole, index));
                }
                continue;
            }
            let sources = match read::read_files(&files) {
                Ok(sources) => sources,
                Err(Problems(found)) => {
                    problems.extend(found);
                    continue;
                }
            };
            let before = problems.len();
            let files_total = sources.len();
            let parsed = parse_and_validate(&sources, &mut problems, &mut |files_done, codes| {
                progress(Progress {
                    folder: path,
                    files_done,
                    files_total,
                    codes,
                })
            });
            if let (Some(cache), true) = (cache, problems.len() == before) {
                let flows: Vec<(&str, &super::FlowFile)> = parsed
                    .iter()
                    .map(|f| (f.origin.as_str(), &f.flow))
                    .collect();
                cache.store(path, &files, &flows);
            }
            for file in parsed {
                refused.extend(catalog.add_file(file, index));
            }
            texts.push(sources);
        }
        problems.extend(catalog.refusals(&refused, &texts));
        problems.extend(catalog.check_see_also(&texts));
        problems.extend(catalog.check_placeholder_types(&texts));
        if let (Some(cache), false) = (cache, listed.is_empty()) {
            let layers: Vec<(&Path, &[read::FileInfo])> =
                listed.iter().map(|(p, f)| (*p, f.as_slice())).collect();
            catalog.stored_index = super::cache::index_source(cache, &layers);
        }
        if problems.is_empty() {
            Ok(catalog)
        } else {
            Err(Problems(problems))
        }
    }
}

/// What `actwiz check` validates, from the YAML: with no `paths`, the
/// built-in flows and every layer of `layers` (absent implicit folders
/// skipped), stacked as they load; otherwise each path on its own, as a
/// layer over the built-in flows.
pub fn checked(paths: &[PathBuf], layers: &[Layer]) -> Checked {
    let mut problems = Vec::new();
    let mut overrides = Vec::new();
    let mut count = 0;
    if paths.is_empty() {
        let builtin = Catalog::builtin_sources();
        count += builtin.len();
        let mut stack = vec![(super::LayerKind::Builtin, None, builtin)];
        for layer in layers.iter().filter(|l| !l.skipped()) {
            match read::read_folder(&layer.folder) {
                Ok(texts) => {
                    count += texts.len();
                    stack.push((layer.kind, Some(layer.folder.clone()), texts));
                }
                Err(Problems(found)) => problems.extend(found),
            }
        }
        match Catalog::from_layers(stack) {
            Ok(catalog) => overrides.extend_from_slice(catalog.overrides()),
            Err(Problems(found)) => problems.extend(found),
        }
        return Checked {
            files: count,
            problems,
            overrides,
        };
    }
    for path in paths {
        match read::read_folder(path) {
            Ok(texts) => {
                count += texts.len();
                match Catalog::check_over_builtin(path.clone(), texts) {
                    Ok(catalog) => overrides.extend_from_slice(catalog.overrides()),
                    Err(Problems(found)) => problems.extend(found),
                }
            }
            Err(Problems(found)) => problems.extend(found),
        }
    }
    Checked {
        files: count,
        problems,
        overrides,
    }
}

/// What [`checked`] found.
#[derive(Clone, Debug, Default)]
pub struct Checked {
    /// How many flow files were read.
    pub files: usize,
    pub problems: Vec<Problem>,
    /// The codes replaced, with `overrides: true`, by a higher layer.
    pub overrides: Vec<super::Override>,
}

/// Parses every file of a folder, in order, on every core when the folder
/// is large. `progress` hears (files parsed, codes found) after each file.
pub(super) fn parse_all(
    folder: &Sources,
    progress: &mut dyn FnMut(usize, usize),
) -> Vec<(Option<ParsedFile>, Vec<Problem>)> {
    let bytes: usize = folder.iter().map(|(_, text)| text.len()).sum();
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(folder.len());
    let codes_of = |file: &Option<ParsedFile>| file.as_ref().map_or(0, |f| f.flow.codes.len());
    let mut codes = 0;
    if threads <= 1 || bytes < PARALLEL_FROM_BYTES {
        return folder
            .iter()
            .enumerate()
            .map(|(i, (origin, text))| {
                let result = load::parse_flow(origin, text);
                codes += codes_of(&result.0);
                progress(i + 1, codes);
                result
            })
            .collect();
    }
    let next = AtomicUsize::new(0);
    let mut results: Vec<Option<(Option<ParsedFile>, Vec<Problem>)>> =
        (0..folder.len()).map(|_| None).collect();
    std::thread::scope(|scope| {
        let (sender, receiver) = mpsc::channel();
        for _ in 0..threads {
            let sender = sender.clone();
            let next = &next;
            scope.spawn(move || loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some((origin, text)) = folder.get(i) else {
                    break;
                };
                if sender.send((i, load::parse_flow(origin, text))).is_err() {
                    break;
                }
            });
        }
        drop(sender);
        for (done, (i, result)) in receiver.into_iter().enumerate() {
            codes += codes_of(&result.0);
            progress(done + 1, codes);
            results[i] = Some(result);
        }
    });
    results.into_iter().flatten().collect()
}
