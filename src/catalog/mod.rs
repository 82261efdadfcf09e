//! The catalog: error codes, their decision trees, loading and validation.
//!
//! Built-in flows are embedded at build time (see `build.rs`); folders given
//! at run time are loaded after them, and a code they define replaces the
//! built-in one.

mod costly;
mod language_neutral;
pub mod load;
pub mod model;
pub mod problem;
mod safety;
pub mod validate;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

pub use load::{ParsedFile, Position};
pub use model::*;
pub use problem::{Problem, Problems};

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

impl Catalog {
    /// The built-in flow files, as embedded in the binary.
    pub fn builtin_sources() -> Sources {
        builtin::BUILTIN_FLOWS
            .iter()
            .map(|(name, text)| (name.to_string(), text.to_string()))
            .collect()
    }

    /// The built-in catalog.
    pub fn builtin() -> Result<Catalog, Problems> {
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
        for folder in folders {
            let parsed = parse_and_validate(&folder, &mut problems);
            for file in parsed {
                let file_index = catalog.files.len();
                for (code_index, entry) in file.flow.codes.iter().enumerate() {
                    if let Some((old_file, _)) =
                        catalog.index.insert(entry.code, (file_index, code_index))
                    {
                        catalog.overrides.push(Override {
                            code: entry.code,
                            replaced: catalog.files[old_file].origin.clone(),
                            by: file.origin.clone(),
                        });
                    }
                }
                catalog.files.push(file);
            }
        }
        // A code may point at any loaded code, or at a built-in one (a folder
        // given with --flows is always loaded after the built-in flows).
        let known =
            |code: Code| catalog.index.contains_key(&code) || builtin_codes().contains(&code);
        problems.extend(validate::check_see_also(&catalog.files, &known));
        if problems.is_empty() {
            Ok(catalog)
        } else {
            Err(Problems(problems))
        }
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
        let mut out = Vec::new();
        let mut seen = std::collections::BTreeSet::new();
        let mut stack = vec![entry.start.as_str()];
        while let Some(id) = stack.pop() {
            if !seen.insert(id) {
                continue;
            }
            match file.node_with_id(id) {
                Some((id, Node::Resolution(r))) => out.push((id, r)),
                Some((_, Node::Question(q))) => {
                    stack.extend(q.choices.iter().rev().map(|c| c.next.as_str()))
                }
                None => {}
            }
        }
        out
    }
}

/// The codes of the built-in flows, read once and only when needed.
fn builtin_codes() -> &'static std::collections::BTreeSet<Code> {
    static CODES: std::sync::OnceLock<std::collections::BTreeSet<Code>> =
        std::sync::OnceLock::new();
    CODES.get_or_init(|| {
        Catalog::builtin_sources()
            .iter()
            .filter_map(|(origin, text)| load::parse_flow(origin, text).0)
            .flat_map(|file| file.flow.codes.into_iter().map(|entry| entry.code))
            .collect()
    })
}

fn parse_and_validate(folder: &Sources, problems: &mut Vec<Problem>) -> Vec<ParsedFile> {
    let mut parsed = Vec::new();
    for (origin, text) in folder {
        let (file, found) = load::parse_flow(origin, text);
        problems.extend(found);
        parsed.extend(file);
    }
    problems.extend(validate::validate_folder(&parsed));
    parsed
}

/// Reads the flow files of a folder (`*.yaml`, `*.yml`, sorted by name), or a
/// single file. Unreadable paths become problems, not panics.
pub fn read_folder(path: &Path) -> Result<Sources, Problems> {
    let origin = |p: &Path| p.display().to_string();
    let fail = |p: &Path, message: String| {
        Problems(vec![Problem {
            file: origin(p),
            position: None,
            path: None,
            message,
        }])
    };
    let meta = fs::metadata(path).map_err(|e| fail(path, format!("cannot read: {e}")))?;
    let mut files: Vec<PathBuf> = if meta.is_dir() {
        fs::read_dir(path)
            .map_err(|e| fail(path, format!("cannot list folder: {e}")))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
            .collect()
    } else {
        vec![path.to_path_buf()]
    };
    files.sort();
    if files.is_empty() {
        return Err(fail(
            path,
            "no flow files (*.yaml or *.yml) in this folder".into(),
        ));
    }
    let mut sources = Vec::new();
    for file in files {
        let text =
            fs::read_to_string(&file).map_err(|e| fail(&file, format!("cannot read: {e}")))?;
        sources.push((origin(&file), text));
    }
    Ok(sources)
}

impl FlowFile {
    /// A node with its id borrowed from the file (so callers can keep it).
    pub fn node_with_id(&self, id: &str) -> Option<(&str, Node<'_>)> {
        if let Some((k, q)) = self.questions.get_key_value(id) {
            return Some((k.as_str(), Node::Question(q)));
        }
        self.resolutions
            .get_key_value(id)
            .map(|(k, r)| (k.as_str(), Node::Resolution(r)))
    }

    /// Every command text of the file: question check commands, then
    /// resolution commands.
    pub fn templates(&self) -> impl Iterator<Item = &str> {
        let checks = self
            .questions
            .values()
            .filter_map(|q| q.check_command.as_deref());
        let commands = self
            .resolutions
            .values()
            .flat_map(|r| r.commands.iter().map(|c| c.command.as_str()));
        checks.chain(commands)
    }

    /// `raw` as placeholder `name` of kind `kind` keeps it, or why it is
    /// refused. A value serves every command of the file, so besides its
    /// type's rules it must suit each place it stands (an IPv6 address
    /// cannot go right before a ':'). Typed values and declared defaults
    /// both go through here.
    pub fn check_value(
        &self,
        name: &str,
        kind: PlaceholderKind,
        raw: &str,
    ) -> Result<String, crate::placeholder::InvalidValue> {
        let value = crate::placeholder::validate(kind, raw)?;
        for template in self.templates() {
            crate::placeholder::check_in_template(template, name, &value)?;
        }
        Ok(value)
    }
}
