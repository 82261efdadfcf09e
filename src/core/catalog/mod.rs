//! The catalog: error codes, their decision trees, loading and validation.
//!
//! Built-in flows are embedded at build time (see `build.rs`); folders given
//! at run time are loaded after them in layers (see `layers.rs`), and a code
//! a higher layer defines again replaces the lower one when its entry says
//! `overrides: true`.
//!
//! This file holds the `Catalog` and its lookups; `builtin.rs` the embedded
//! flows, `layering.rs` how folders are loaded one above the other; each
//! folder is parsed and validated here (`parse_and_validate`).

mod builtin;
pub mod cache;
mod costly;
mod deferred;
pub mod dialect;
mod folders;
pub(crate) mod json_schema;
mod language_neutral;
mod layering;
pub(crate) mod layers;
pub mod load;
mod placement;
pub(crate) mod problem;
pub(crate) mod read;
mod report;
mod safety;
mod same_tree;
pub(crate) mod validate;

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

pub use crate::core::model::*;
pub use folders::checked;
pub(crate) use folders::Progress;
pub(crate) use layers::{Layer, LayerKind};
pub(crate) use load::ParsedFile;
pub(crate) use problem::{Problem, Problems};
pub use read::read_folder;

use deferred::{Deferred, Encoded};
use placement::{Placement, Slot};

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
pub(crate) struct CodeSource<'a> {
    pub layer: LayerKind,
    pub folder: Option<&'a Path>,
    pub file: &'a str,
}

/// The loaded, validated set of flows.
#[derive(Clone, Debug, Default)]
pub struct Catalog {
    /// Each file, or its outline when it is kept encoded (see `deferred`).
    files: Vec<ParsedFile>,
    /// For each file kept encoded, the whole file, decoded on first use.
    deferred: Vec<Option<Deferred>>,
    /// The layer of each file: an index into `layers`.
    file_layers: Vec<usize>,
    layers: Vec<(LayerKind, Option<PathBuf>)>,
    /// Where each code is defined. A higher layer's entry wins only with
    /// `overrides: true`.
    placed: Placement,
    overrides: Vec<Override>,
    /// Where its search index may be found ready-made.
    stored_index: cache::IndexSource,
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
    fn layer_of(&self, file: usize) -> &(LayerKind, Option<PathBuf>) {
        &self.layers[self.file_layers[file]]
    }

    /// Where `code` comes from: its layer, folder and file.
    pub(crate) fn source_of(&self, code: Code) -> Option<CodeSource<'_>> {
        let slot = self.placed.index.get(&code)?;
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
        let Some(slot) = self.placed.index.get(&code) else {
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
                        .placed
                        .index
                        .get(&other)
                        .is_some_and(|s| s.file == slot.file && s.entry == slot.entry)
            })
            .collect()
    }

    /// Every file of the catalog, in load order, as (origin, flow).
    pub fn files(&self) -> impl Iterator<Item = (&str, &FlowFile)> + '_ {
        (0..self.files.len()).filter_map(|i| Some((self.files[i].origin.as_str(), self.flow(i)?)))
    }

    /// The whole flow of file `i` (decoded now if it was kept encoded).
    fn flow(&self, i: usize) -> Option<&FlowFile> {
        match self.deferred.get(i) {
            Some(Some(deferred)) => deferred.flow(),
            _ => self.files.get(i).map(|f| &f.flow),
        }
    }

    /// The code entry and the file holding its tree. A code listed in
    /// another's `same_tree` has an entry of its own (its number, messages
    /// and source, the shared rest).
    pub fn get(&self, code: Code) -> Option<(&CodeEntry, &FlowFile)> {
        let slot = *self.placed.index.get(&code)?;
        let flow = self.flow(slot.file)?;
        let listed = flow.codes.get(slot.entry)?;
        Some((self.placed.own_entry(slot, listed)?, flow))
    }

    /// The code entry and its family, without the file's trees: what a
    /// list of codes shows. A built-in file is not decoded for it (the
    /// build encoded each entry alone too, see `deferred`).
    pub fn card(&self, code: Code) -> Option<(&CodeEntry, &str)> {
        let slot = *self.placed.index.get(&code)?;
        let listed = match self.deferred.get(slot.file) {
            Some(Some(deferred)) => deferred.entry(slot.entry),
            _ => self.files.get(slot.file)?.flow.codes.get(slot.entry),
        }?;
        let family = self.files.get(slot.file)?.flow.family.as_str();
        Some((self.placed.own_entry(slot, listed)?, family))
    }

    /// Every code in the catalog, in numeric order, as [`Catalog::card`]
    /// gives it.
    pub fn cards(&self) -> impl Iterator<Item = (&CodeEntry, &str)> + '_ {
        self.placed.index.keys().filter_map(|code| self.card(*code))
    }

    /// Every code in the catalog, in numeric order, with its file.
    pub fn entries(&self) -> impl Iterator<Item = (&CodeEntry, &FlowFile)> + '_ {
        self.placed.index.keys().filter_map(|code| self.get(*code))
    }

    pub fn codes(&self) -> impl Iterator<Item = Code> + '_ {
        self.placed.index.keys().copied()
    }

    pub fn len(&self) -> usize {
        self.placed.index.len()
    }

    pub fn is_empty(&self) -> bool {
        self.placed.index.is_empty()
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
    pub(crate) fn stored_index(&self) -> cache::StoredIndex<'_> {
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
    pub(crate) fn resolutions_of(&self, code: Code) -> Vec<(&str, &Resolution)> {
        match self.get(code) {
            Some((entry, file)) => placement::resolutions_of(entry, file),
            None => Vec::new(),
        }
    }
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
