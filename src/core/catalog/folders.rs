//! Loading the built-in catalog and the user's folders: through the cache
//! when a folder is unchanged, otherwise read, parsed (on every core) and
//! validated, with progress for the front ends to show.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

use super::cache::Cache;
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
    /// The built-in catalog, then each folder of `paths` in order (a later
    /// code replaces an earlier one). A folder whose files are unchanged
    /// since `cache` recorded it is taken from the cache without reading its
    /// YAML; otherwise it is read and validated, `progress` hears of each
    /// file, and a clean folder is recorded for next time.
    pub fn load(
        paths: &[PathBuf],
        cache: Option<&Cache>,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<Catalog, Problems> {
        let mut catalog = Catalog::builtin()?;
        let mut problems = Vec::new();
        let mut texts: Vec<Sources> = Vec::new();
        for path in paths {
            let files = match read::list_folder(path) {
                Ok(files) => files,
                Err(Problems(found)) => {
                    problems.extend(found);
                    continue;
                }
            };
            if let Some(flows) = cache.and_then(|c| c.load(path, &files)) {
                for (origin, flow) in flows {
                    catalog.add_file(ParsedFile {
                        origin,
                        flow,
                        positions: Default::default(),
                    });
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
                catalog.add_file(file);
            }
            texts.push(sources);
        }
        problems.extend(catalog.check_see_also(&texts));
        problems.extend(catalog.check_placeholder_types(&texts));
        if problems.is_empty() {
            Ok(catalog)
        } else {
            Err(Problems(problems))
        }
    }
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
