//! The catalog: error codes, their decision trees, loading and validation.
//!
//! Built-in flows are embedded at build time (see `build.rs`); folders given
//! at run time are loaded after them, and a code they define replaces the
//! built-in one.

pub mod cache;
mod costly;
mod folders;
pub mod json_schema;
mod language_neutral;
pub mod load;
pub mod problem;
pub mod read;
mod report;
mod safety;
pub mod validate;

use std::collections::{BTreeMap, BTreeSet, HashMap};

pub use crate::core::model::*;
pub use folders::Progress;
pub use load::{ParsedFile, Position};
pub use problem::{Problem, Problems};
pub use read::read_folder;

mod builtin {
    include!(concat!(env!("OUT_DIR"), "/builtin_flows.rs"));
}

/// A code from a run-time folder that replaced a code defined earlier.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Override {
    pub code: Code,
    pub replaced: String,
    pub by: String,
}

/// The loaded, validated set of flows.
#[derive(Clone, Debug, Default)]
pub struct Catalog {
    files: Vec<ParsedFile>,
    /// Code -> (file index, code index in that file). Later folders win.
    index: BTreeMap<Code, (usize, usize)>,
    overrides: Vec<Override>,
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
                for (origin, flow) in files {
                    catalog.add_file(ParsedFile {
                        origin,
                        flow,
                        positions: Default::default(),
                    });
                }
                Ok(catalog)
            }
            // A built-in file did not parse when the binary was built: read
            // the YAML, to say where.
            None => Catalog::builtin_from_yaml(),
        }
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

    /// Loads folders in order: each is parsed and validated on its own, and a
    /// code defined by a later folder replaces the earlier definition.
    /// Every problem of every folder is returned together.
    pub fn from_folders(folders: Vec<Sources>) -> Result<Catalog, Problems> {
        let mut problems = Vec::new();
        let mut catalog = Catalog::default();
        for folder in &folders {
            for file in parse_and_validate(folder, &mut problems, &mut |_, _| {}) {
                catalog.add_file(file);
            }
        }
        problems.extend(catalog.check_see_also(&folders));
        problems.extend(catalog.check_placeholder_types(&folders));
        if problems.is_empty() {
            Ok(catalog)
        } else {
            Err(Problems(problems))
        }
    }

    /// Adds a parsed file; its codes replace codes of files added before.
    fn add_file(&mut self, file: ParsedFile) {
        let Catalog {
            files,
            index,
            overrides,
        } = self;
        // Stored first: a code defined twice in this very file then finds
        // its file (validation reports it).
        let file_index = files.len();
        files.push(file);
        let file = &files[file_index];
        for (code_index, entry) in file.flow.codes.iter().enumerate() {
            if let Some((old_file, _)) = index.insert(entry.code, (file_index, code_index)) {
                if old_file != file_index {
                    overrides.push(Override {
                        code: entry.code,
                        replaced: files[old_file].origin.clone(),
                        by: file.origin.clone(),
                    });
                }
            }
        }
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

    /// The code entry and the file holding its tree.
    pub fn get(&self, code: Code) -> Option<(&CodeEntry, &FlowFile)> {
        let (f, c) = *self.index.get(&code)?;
        let file = self.files.get(f)?;
        Some((file.flow.codes.get(c)?, &file.flow))
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

    /// Codes replaced by a later folder.
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
    if builtin::BUILTIN_CATALOG.is_empty() {
        return None;
    }
    rmp_serde::from_slice(builtin::BUILTIN_CATALOG).ok()
}

/// The codes of the built-in flows, read once and only when needed.
fn builtin_codes() -> &'static BTreeSet<Code> {
    static CODES: std::sync::OnceLock<BTreeSet<Code>> = std::sync::OnceLock::new();
    CODES.get_or_init(|| {
        let files = builtin_files().unwrap_or_else(|| {
            Catalog::builtin_sources()
                .iter()
                .filter_map(|(origin, text)| load::parse_flow(origin, text).0)
                .map(|file| (file.origin, file.flow))
                .collect()
        });
        files
            .into_iter()
            .flat_map(|(_, flow)| flow.codes.into_iter().map(|entry| entry.code))
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
    let found = validate::validate_folder(&parsed);
    if !found.is_empty() {
        let located = located_copies(&parsed, &found, std::slice::from_ref(folder));
        problems.extend(validate::validate_folder(&located));
    }
    parsed
}
