//! The catalog: error codes, their decision trees, loading and validation.
//!
//! Built-in flows are embedded at build time (see `build.rs`); folders given
//! at run time are loaded after them in layers (see `layers.rs`), and a code
//! a higher layer defines again replaces the lower one when its entry says
//! `overrides: true`.

pub mod cache;
mod costly;
pub mod dialect;
mod folders;
pub mod json_schema;
mod language_neutral;
pub mod layers;
pub mod load;
pub mod problem;
pub mod read;
mod report;
mod safety;
mod same_tree;
pub mod validate;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

pub use crate::core::model::*;
pub use folders::{checked, Checked, Progress};
pub use layers::{Layer, LayerKind};
pub use load::{ParsedFile, Position};
pub use problem::{Problem, Problems};
pub use read::read_folder;

mod builtin {
    include!(concat!(env!("OUT_DIR"), "/builtin_flows.rs"));
}

/// A code from a higher layer that replaced (with `overrides: true`) the
/// definition of a lower one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Override {
    pub code: Code,
    pub replaced: String,
    pub replaced_layer: LayerKind,
    pub by: String,
    pub by_layer: LayerKind,
}

/// Where a code of the catalog comes from: its layer, the folder of that
/// layer (none for the built-in flows) and the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CodeSource<'a> {
    pub layer: LayerKind,
    pub folder: Option<&'a Path>,
    pub file: &'a str,
}

/// The loaded, validated set of flows.
#[derive(Clone, Debug, Default)]
pub struct Catalog {
    files: Vec<ParsedFile>,
    /// The layer of each file: an index into `layers`.
    file_layers: Vec<usize>,
    layers: Vec<(LayerKind, Option<PathBuf>)>,
    /// Where each code is defined. A higher layer's entry wins only with
    /// `overrides: true`.
    index: BTreeMap<Code, Slot>,
    /// The entries of codes listed in some `same_tree`, written whole.
    siblings: Vec<CodeEntry>,
    overrides: Vec<Override>,
    /// Where its search index may be found ready-made.
    stored_index: cache::IndexSource,
}

/// A code's entry: `codes[entry]` of file `file`, or the code at index
/// `.0` of that entry's `same_tree` (its whole entry is `siblings[.1]`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Slot {
    file: usize,
    entry: usize,
    sibling: Option<(usize, usize)>,
}

impl Slot {
    /// The YAML path of the code's number in its file.
    fn path(&self) -> String {
        match self.sibling {
            None => format!("codes[{}].code", self.entry),
            Some((j, _)) => format!("codes[{}].same_tree[{j}].code", self.entry),
        }
    }
}

/// A code a higher layer defines again without `overrides: true`.
#[derive(Clone, Debug)]
struct Refused {
    code: Code,
    file: usize,
    path: String,
    lower: Slot,
}

/// The flow files of one folder (or of the built-in set), as (origin, text).
pub type Sources = Vec<(String, String)>;

impl crate::core::walk::Flows for Catalog {
    fn flow_of(&self, code: Code) -> Option<(&CodeEntry, &FlowFile)> {
        self.get(code)
    }
}

impl Catalog {
    /// The built-in flow files, as embedded in the binary.
    pub fn builtin_sources() -> Sources {
        builtin::BUILTIN_FLOWS
            .iter()
            .map(|(name, text)| (name.to_string(), text.to_string()))
            .collect()
    }

    /// The built-in catalog, from the form the build embedded (parsed when
    /// the project was built, validated by its tests): no YAML at run time.
    pub fn builtin() -> Result<Catalog, Problems> {
        match builtin_files() {
            Some(files) => {
                let mut catalog = Catalog::default();
                let layer = catalog.add_layer(LayerKind::Builtin, None);
                for (origin, flow) in files {
                    // The built-in files were validated together: a code
                    // they define twice is reported by `check`.
                    let _ = catalog.add_file(
                        ParsedFile {
                            origin,
                            flow,
                            positions: Default::default(),
                        },
                        layer,
                    );
                }
                catalog.stored_index = cache::IndexSource::Builtin;
                Ok(catalog)
            }
            // A built-in file did not parse when the binary was built: read
            // the YAML, to say where.
            None => Catalog::builtin_from_yaml(),
        }
    }

    /// A catalog of the one built-in file that defines `code`, decoded
    /// alone (what a command about one code needs, when no folder is loaded
    /// over the built-in flows); `None` when no built-in file defines it or
    /// the build did not embed them.
    pub fn builtin_holding(code: Code) -> Option<Catalog> {
        let file = builtin::BUILTIN_FILES
            .iter()
            .position(|(_, _, _, codes)| codes.contains(&code.0))?;
        let (origin, flow) = builtin_file(file)?;
        let mut catalog = Catalog::default();
        let layer = catalog.add_layer(LayerKind::Builtin, None);
        let file = ParsedFile {
            origin,
            flow,
            positions: Default::default(),
        };
        let _ = catalog.add_file(file, layer);
        Some(catalog)
    }

    /// The built-in catalog read from its YAML sources and validated (what
    /// `actwiz check` does; the tests check it equals [`Catalog::builtin`]).
    pub fn builtin_from_yaml() -> Result<Catalog, Problems> {
        Catalog::from_folders(vec![Catalog::builtin_sources()])
    }

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
    pub fn from_layers(
        layers: Vec<(LayerKind, Option<PathBuf>, Sources)>,
    ) -> Result<Catalog, Problems> {
        Catalog::default().with_layers(layers)
    }

    /// A folder (`actwiz check DIR`) validated as a layer over the built-in
    /// flows: a code they define needs `overrides: true` there too.
    pub fn check_over_builtin(folder: PathBuf, texts: Sources) -> Result<Catalog, Problems> {
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
    fn add_layer(&mut self, kind: LayerKind, folder: Option<PathBuf>) -> usize {
        // The index made for the layers below is not this catalog's.
        self.stored_index = cache::IndexSource::None;
        self.layers.push((kind, folder));
        self.layers.len() - 1
    }

    /// Adds a parsed file of `layer`. A code a lower layer defines is
    /// replaced when the entry says `overrides: true`, otherwise refused
    /// (returned, to be reported). A code defined twice in one layer keeps
    /// its first definition: validation reports the second.
    fn add_file(&mut self, file: ParsedFile, layer: usize) -> Vec<Refused> {
        let Catalog {
            files,
            file_layers,
            layers,
            index,
            siblings,
            overrides,
            ..
        } = self;
        let file_index = files.len();
        files.push(file);
        file_layers.push(layer);
        let file = &files[file_index];
        let mut refused = Vec::new();
        for (entry_index, entry) in file.flow.codes.iter().enumerate() {
            for (k, code) in entry.all_codes().enumerate() {
                let mut slot = Slot {
                    file: file_index,
                    entry: entry_index,
                    sibling: None,
                };
                if let Some(lower) = index.get(&code) {
                    let lower_layer = file_layers[lower.file];
                    if lower_layer == layer {
                        continue;
                    }
                    if !entry.overrides {
                        let path = match k {
                            0 => slot.path(),
                            _ => format!("codes[{entry_index}].same_tree[{}].code", k - 1),
                        };
                        refused.push(Refused {
                            code,
                            file: file_index,
                            path,
                            lower: *lower,
                        });
                        continue;
                    }
                    overrides.push(Override {
                        code,
                        replaced: files[lower.file].origin.clone(),
                        replaced_layer: layers[lower_layer].0,
                        by: file.origin.clone(),
                        by_layer: layers[layer].0,
                    });
                }
                if let Some(whole) = k.checked_sub(1).and_then(|j| entry.sibling_entry(j)) {
                    siblings.push(whole);
                    slot.sibling = Some((k - 1, siblings.len() - 1));
                }
                index.insert(code, slot);
            }
        }
        refused
    }

    /// The problems of codes defined again without `overrides: true`, each
    /// at the new definition and naming the lower one (layer, file, line).
    /// `folders` holds the texts read for this load; other files (from the
    /// cache, or built in) are read again, since this is rare.
    fn refusals(&self, refused: &[Refused], folders: &[Sources]) -> Vec<Problem> {
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

    fn layer_of(&self, file: usize) -> &(LayerKind, Option<PathBuf>) {
        &self.layers[self.file_layers[file]]
    }

    /// Where `code` comes from: its layer, folder and file.
    pub fn source_of(&self, code: Code) -> Option<CodeSource<'_>> {
        let slot = self.index.get(&code)?;
        let (layer, folder) = self.layer_of(slot.file);
        Some(CodeSource {
            layer: *layer,
            folder: folder.as_deref(),
            file: &self.files[slot.file].origin,
        })
    }

    /// The other codes answered by the same tree as `code` (listed together
    /// in one entry), in the entry's order. A code a higher layer took over
    /// is no longer one of them.
    pub fn same_tree(&self, code: Code) -> Vec<Code> {
        let Some(slot) = self.index.get(&code) else {
            return Vec::new();
        };
        let Some(entry) = self.files[slot.file].flow.codes.get(slot.entry) else {
            return Vec::new();
        };
        entry
            .all_codes()
            .filter(|&other| {
                other != code
                    && self
                        .index
                        .get(&other)
                        .is_some_and(|s| s.file == slot.file && s.entry == slot.entry)
            })
            .collect()
    }

    /// `see_also` entries naming a code no loaded flow defines. A code may
    /// point at any loaded code, or at a built-in one (a folder given with
    /// --flows is always loaded after the built-in flows). `folders` holds
    /// the texts, to position the problems.
    fn check_see_also(&self, folders: &[Sources]) -> Vec<Problem> {
        let known = |code: Code| self.index.contains_key(&code) || builtin_codes().contains(&code);
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
    fn check_placeholder_types(&self, folders: &[Sources]) -> Vec<Problem> {
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

    /// Every file of the catalog, in load order, as (origin, flow).
    pub fn files(&self) -> impl Iterator<Item = (&str, &FlowFile)> + '_ {
        self.files.iter().map(|f| (f.origin.as_str(), &f.flow))
    }

    /// The code entry and the file holding its tree. A code listed in
    /// another's `same_tree` has an entry of its own (its number, messages
    /// and source, the shared rest).
    pub fn get(&self, code: Code) -> Option<(&CodeEntry, &FlowFile)> {
        let slot = *self.index.get(&code)?;
        let file = self.files.get(slot.file)?;
        let entry = match slot.sibling {
            None => file.flow.codes.get(slot.entry)?,
            Some((_, whole)) => self.siblings.get(whole)?,
        };
        Some((entry, &file.flow))
    }

    /// Every code in the catalog, in numeric order, with its file.
    pub fn entries(&self) -> impl Iterator<Item = (&CodeEntry, &FlowFile)> + '_ {
        self.index.keys().filter_map(|code| self.get(*code))
    }

    pub fn codes(&self) -> impl Iterator<Item = Code> + '_ {
        self.index.keys().copied()
    }

    pub fn len(&self) -> usize {
        self.index.len()
    }

    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// Family ids, in file order, without repeats.
    pub fn families(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for file in &self.files {
            if !out.contains(&file.flow.family.as_str()) {
                out.push(&file.flow.family);
            }
        }
        out
    }

    /// The layers loaded, lowest first: each kind and folder (none for the
    /// built-in flows).
    pub fn layers(&self) -> &[(LayerKind, Option<PathBuf>)] {
        &self.layers
    }

    /// Where this catalog's search index may be found ready-made: embedded
    /// by the build for the built-in catalog, in the cache for folders
    /// loaded through it.
    pub fn stored_index(&self) -> cache::StoredIndex<'_> {
        match &self.stored_index {
            cache::IndexSource::None => cache::StoredIndex::None,
            cache::IndexSource::Builtin => cache::StoredIndex::Builtin(builtin::BUILTIN_INDEX),
            cache::IndexSource::Cached { cache, name, key } => {
                cache::StoredIndex::Cached { cache, name, key }
            }
        }
    }

    /// Codes replaced by a higher layer.
    pub fn overrides(&self) -> &[Override] {
        &self.overrides
    }

    /// The resolutions reachable from a code's start, in the order met.
    pub fn resolutions_of(&self, code: Code) -> Vec<(&str, &Resolution)> {
        let Some((entry, file)) = self.get(code) else {
            return Vec::new();
        };
        file.reachable([entry.start.as_str()])
            .into_iter()
            .filter_map(|(id, node)| match node {
                Node::Resolution(r) => Some((id, r)),
                Node::Question(_) => None,
            })
            .collect()
    }
}

/// The built-in flow files as the build embedded them, or `None` when the
/// build could not parse them (or the embedded form does not decode).
fn builtin_files() -> Option<Vec<(String, FlowFile)>> {
    if builtin::BUILTIN_FILES.is_empty() {
        return None;
    }
    (0..builtin::BUILTIN_FILES.len())
        .map(builtin_file)
        .collect()
}

/// The `i`th embedded built-in file, decoded alone.
fn builtin_file(i: usize) -> Option<(String, FlowFile)> {
    let &(origin, start, end, _) = builtin::BUILTIN_FILES.get(i)?;
    let flow = rmp_serde::from_slice(builtin::BUILTIN_CATALOG.get(start..end)?).ok()?;
    Some((origin.to_string(), flow))
}

/// The codes of the built-in flows, read once and only when needed.
fn builtin_codes() -> &'static BTreeSet<Code> {
    static CODES: std::sync::OnceLock<BTreeSet<Code>> = std::sync::OnceLock::new();
    CODES.get_or_init(|| {
        if !builtin::BUILTIN_FILES.is_empty() {
            // Listed by the build beside each file: nothing to decode.
            return builtin::BUILTIN_FILES
                .iter()
                .flat_map(|(_, _, _, codes)| codes.iter().map(|&c| Code(c)))
                .collect();
        }
        Catalog::builtin_sources()
            .iter()
            .filter_map(|(origin, text)| load::parse_flow(origin, text).0)
            .flat_map(|file| {
                file.flow
                    .codes
                    .into_iter()
                    .flat_map(|entry| entry.all_codes().collect::<Vec<_>>())
            })
            .collect()
    })
}

/// Copies of `files`, the ones some problem names with their positions
/// (their texts are in `folders`).
fn located_copies(
    files: &[ParsedFile],
    problems: &[Problem],
    folders: &[Sources],
) -> Vec<ParsedFile> {
    let named: BTreeSet<&str> = problems.iter().map(|p| p.file.as_str()).collect();
    let texts: HashMap<&str, &str> = folders
        .iter()
        .flatten()
        .map(|(origin, text)| (origin.as_str(), text.as_str()))
        .collect();
    files
        .iter()
        .map(|file| {
            let mut copy = file.clone();
            if named.contains(file.origin.as_str()) {
                if let Some(text) = texts.get(file.origin.as_str()) {
                    copy.locate(text);
                }
            }
            copy
        })
        .collect()
}

/// The first declaration of each placeholder name in the built-in flows,
/// with its position when `located`. Read once and only when needed.
fn builtin_placeholder_types(located: bool) -> BTreeMap<String, validate::FirstDeclaration> {
    type Seen = BTreeMap<String, validate::FirstDeclaration>;
    static PLAIN: std::sync::OnceLock<Seen> = std::sync::OnceLock::new();
    static LOCATED: std::sync::OnceLock<Seen> = std::sync::OnceLock::new();
    let read = || {
        let mut seen = BTreeMap::new();
        // Without positions, the embedded form serves: no YAML to parse
        // (this runs for every `check DIR` and `--flows DIR`).
        let embedded = builtin_files().filter(|_| !located).map(|files| {
            files
                .into_iter()
                .map(|(origin, flow)| ParsedFile {
                    origin,
                    flow,
                    positions: Default::default(),
                })
                .collect()
        });
        let files: Vec<ParsedFile> = embedded.unwrap_or_else(|| {
            Catalog::builtin_sources()
                .iter()
                .filter_map(|(origin, text)| {
                    let mut file = load::parse_flow(origin, text).0?;
                    if located {
                        file.locate(text);
                    }
                    Some(file)
                })
                .collect()
        });
        // Conflicts among the built-in flows are reported when they load.
        let _ = validate::check_placeholder_types(&files, &mut seen);
        seen
    };
    let cell = if located { &LOCATED } else { &PLAIN };
    cell.get_or_init(read).clone()
}

/// Parses and validates the files of one folder. Validation runs without
/// positions first (finding them costs a second pass over the text); when
/// it finds problems, the files they name are located and validated again,
/// so that each problem points at a line and column.
fn parse_and_validate(
    folder: &Sources,
    problems: &mut Vec<Problem>,
    progress: &mut dyn FnMut(usize, usize),
) -> Vec<ParsedFile> {
    let mut parsed = Vec::new();
    for (file, found) in folders::parse_all(folder, progress) {
        problems.extend(found);
        parsed.extend(file);
    }
    let validate = |files: &[ParsedFile]| {
        let mut found = validate::validate_folder(files);
        found.extend(same_tree::check(files));
        found
    };
    let found = validate(&parsed);
    if !found.is_empty() {
        let located = located_copies(&parsed, &found, std::slice::from_ref(folder));
        problems.extend(validate(&located));
    }
    parsed
}
