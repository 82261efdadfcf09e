//! Layering: each folder parsed and validated on its own, then loaded above
//! the ones before it (a code defined again replaces the lower one only with
//! `overrides: true`), and the checks that span layers (`see_also`,
//! placeholder types).

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use super::builtin::{self, builtin_codes, builtin_placeholder_types};
use super::{
    cache, located_copies, parse_and_validate, read, validate, Catalog, Code, Deferred, Encoded,
    FlowFile, LayerKind, Override, ParsedFile, Problem, Problems, Refused, Sources,
};

impl Catalog {
    /// A catalog from in-memory files forming one folder (used by tests).
    pub fn from_sources(files: &[(&str, &str)]) -> Result<Catalog, Problems> {
        let folder = files
            .iter()
            .map(|(o, t)| (o.to_string(), t.to_string()))
            .collect();
        Catalog::from_folders(vec![folder])
    }

    /// Loads folders in order, the first as the built-in layer and the
    /// others as `--flows` layers. See [`Catalog::from_layers`].
    pub fn from_folders(folders: Vec<Sources>) -> Result<Catalog, Problems> {
        let layers = folders
            .into_iter()
            .enumerate()
            .map(|(i, folder)| {
                let kind = if i == 0 {
                    LayerKind::Builtin
                } else {
                    LayerKind::CommandLine
                };
                (kind, None, folder)
            })
            .collect();
        Catalog::from_layers(layers)
    }

    /// Loads layers lowest first: each folder is parsed and validated on its
    /// own; a code a higher layer defines again replaces the lower one only
    /// when its entry says `overrides: true`, otherwise it is a problem.
    /// Every problem of every layer is returned together.
    pub(crate) fn from_layers(
        layers: Vec<(LayerKind, Option<PathBuf>, Sources)>,
    ) -> Result<Catalog, Problems> {
        Catalog::default().with_layers(layers)
    }

    /// A folder (`actwiz check DIR`) validated as a layer over the built-in
    /// flows: a code they define needs `overrides: true` there too.
    pub(crate) fn check_over_builtin(folder: PathBuf, texts: Sources) -> Result<Catalog, Problems> {
        Catalog::builtin()?.with_layers(vec![(LayerKind::CommandLine, Some(folder), texts)])
    }

    /// This catalog with `layers` loaded above it (see [`Catalog::from_layers`]).
    fn with_layers(
        mut self,
        layers: Vec<(LayerKind, Option<PathBuf>, Sources)>,
    ) -> Result<Catalog, Problems> {
        let mut problems = Vec::new();
        let mut catalog = std::mem::take(&mut self);
        let mut refused = Vec::new();
        let mut folders = Vec::new();
        for (kind, folder, texts) in layers {
            let layer = catalog.add_layer(kind, folder);
            for file in parse_and_validate(&texts, &mut problems, &mut |_, _| {}) {
                refused.extend(catalog.add_file(file, layer));
            }
            folders.push(texts);
        }
        problems.extend(catalog.refusals(&refused, &folders));
        problems.extend(catalog.check_see_also(&folders));
        problems.extend(catalog.check_placeholder_types(&folders));
        if problems.is_empty() {
            Ok(catalog)
        } else {
            Err(Problems(problems))
        }
    }

    /// Starts a layer above those added before; returns its index for
    /// [`Catalog::add_file`].
    pub(super) fn add_layer(&mut self, kind: LayerKind, folder: Option<PathBuf>) -> usize {
        // The index made for the layers below is not this catalog's.
        self.stored_index = cache::IndexSource::None;
        self.layers.push((kind, folder));
        self.layers.len() - 1
    }

    /// Adds a parsed file of `layer`. A code a lower layer defines is
    /// replaced when the entry says `overrides: true`, otherwise refused
    /// (returned, to be reported). A code defined twice in one layer keeps
    /// its first definition: validation reports the second.
    pub(super) fn add_file(&mut self, file: ParsedFile, layer: usize) -> Vec<Refused> {
        self.add(file, None, layer)
    }

    /// [`Catalog::add_file`] for a file kept encoded (see `deferred`):
    /// `outline` places its codes, `whole` is decoded when one of them is
    /// asked for.
    pub(super) fn add_encoded(
        &mut self,
        origin: String,
        outline: FlowFile,
        whole: Encoded,
        layer: usize,
    ) -> Vec<Refused> {
        self.add_deferred(origin, outline, Deferred::new(whole), layer)
    }

    /// [`Catalog::add_encoded`] for a file already wrapped (with its
    /// entries encoded one by one, say).
    pub(super) fn add_deferred(
        &mut self,
        origin: String,
        outline: FlowFile,
        whole: Deferred,
        layer: usize,
    ) -> Vec<Refused> {
        let file = ParsedFile {
            origin,
            flow: outline,
            positions: Default::default(),
        };
        self.add(file, Some(whole), layer)
    }

    fn add(&mut self, file: ParsedFile, whole: Option<Deferred>, layer: usize) -> Vec<Refused> {
        self.deferred.push(whole);
        let Catalog {
            files,
            file_layers,
            layers,
            placed,
            overrides,
            ..
        } = self;
        let file_index = files.len();
        files.push(file);
        file_layers.push(layer);
        let file = &files[file_index];
        let mut refused = Vec::new();
        placed.place(file_index, &file.flow, |again| {
            let lower_layer = file_layers[again.lower.file];
            if lower_layer == layer {
                return false;
            }
            if !again.entry.overrides {
                let path = match again.k {
                    0 => format!("codes[{}].code", again.entry_index),
                    k => format!("codes[{}].same_tree[{}].code", again.entry_index, k - 1),
                };
                refused.push(Refused {
                    code: again.code,
                    file: file_index,
                    path,
                    lower: again.lower,
                });
                return false;
            }
            overrides.push(Override {
                code: again.code,
                replaced: files[again.lower.file].origin.clone(),
                replaced_layer: layers[lower_layer].0,
                by: file.origin.clone(),
                by_layer: layers[layer].0,
            });
            true
        });
        refused
    }

    /// The problems of codes defined again without `overrides: true`, each
    /// at the new definition and naming the lower one (layer, file, line).
    /// `folders` holds the texts read for this load; other files (from the
    /// cache, or built in) are read again, since this is rare.
    pub(super) fn refusals(&self, refused: &[Refused], folders: &[Sources]) -> Vec<Problem> {
        let mut located: HashMap<usize, ParsedFile> = HashMap::new();
        let mut position = |file: usize, path: &str| {
            let parsed = located.entry(file).or_insert_with(|| {
                let mut copy = self.files[file].clone();
                if let Some(text) = self.text_of(&copy.origin, folders) {
                    copy.locate(&text);
                }
                copy
            });
            parsed.positions.find(path)
        };
        refused
            .iter()
            .map(|r| {
                let lower_file = &self.files[r.lower.file].origin;
                let lower_layer = self.layer_of(r.lower.file).0;
                let at = match position(r.lower.file, &r.lower.path()) {
                    Some(p) => format!("{lower_file}:{}:{}", p.line, p.column),
                    None => lower_file.clone(),
                };
                Problem {
                    file: self.files[r.file].origin.clone(),
                    position: position(r.file, &r.path),
                    path: Some(r.path.clone()),
                    message: format!(
                        "code {} is already defined by the {lower_layer} layer ({at}); \
                         add `overrides: true` to this entry to replace it",
                        r.code
                    ),
                }
            })
            .collect()
    }

    /// The text of the file named `origin`: from the texts of this load,
    /// the built-in flows, or the file itself.
    fn text_of(&self, origin: &str, folders: &[Sources]) -> Option<String> {
        let from = |texts: &[(String, String)]| {
            texts
                .iter()
                .find(|(o, _)| o == origin)
                .map(|(_, t)| t.clone())
        };
        folders
            .iter()
            .find_map(|f| from(f))
            .or_else(|| from(&Catalog::builtin_sources()))
            .or_else(|| read::read_text(Path::new(origin), read::MAX_FILE_BYTES).ok())
    }

    /// `see_also` entries naming a code no loaded flow defines. A code may
    /// point at any loaded code, or at a built-in one (a folder given with
    /// --flows is always loaded after the built-in flows). `folders` holds
    /// the texts, to position the problems.
    pub(super) fn check_see_also(&self, folders: &[Sources]) -> Vec<Problem> {
        let known =
            |code: Code| self.placed.index.contains_key(&code) || builtin_codes().contains(&code);
        let found = validate::check_see_also(&self.files, &known);
        if found.is_empty() {
            return found;
        }
        let located = located_copies(&self.files, &found, folders);
        validate::check_see_also(&located, &known)
    }

    /// One type per placeholder name, across these files and the built-in
    /// flows they are loaded over (values are kept by name across flows).
    /// Positions are found only when there is a problem, as for `see_also`.
    pub(super) fn check_placeholder_types(&self, folders: &[Sources]) -> Vec<Problem> {
        // The built-in files are read again only if they are not loaded here.
        let builtin_loaded = builtin::BUILTIN_FLOWS
            .iter()
            .all(|(name, _)| self.files.iter().any(|f| f.origin == *name));
        let seed = |located: bool| {
            if builtin_loaded {
                BTreeMap::new()
            } else {
                builtin_placeholder_types(located)
            }
        };
        let found = validate::check_placeholder_types(&self.files, &mut seed(false));
        if found.is_empty() {
            return found;
        }
        // Both declarations are named with their positions: locate every file.
        let everything: Vec<Problem> = self
            .files
            .iter()
            .map(|f| Problem {
                file: f.origin.clone(),
                position: None,
                path: None,
                message: String::new(),
            })
            .collect();
        // The built-in texts too, when they are loaded but not in `folders`.
        let mut texts = folders.to_vec();
        texts.push(Catalog::builtin_sources());
        let located = located_copies(&self.files, &everything, &texts);
        validate::check_placeholder_types(&located, &mut seed(true))
    }
}
