//! The built-in flows: embedded by the build (their YAML, and each file
//! pre-parsed as MessagePack so a command about one code decodes only its
//! file), and what is read from them once and only when needed.

use std::collections::{BTreeMap, BTreeSet};

use super::deferred::{Cards, Deferred};
use super::{
    cache, load, validate, Catalog, Code, Encoded, FlowFile, LayerKind, ParsedFile, Problems,
    Sources,
};

// The build writes `pub` statics; they are this module's, not the crate's API.
#[allow(unreachable_pub)]
mod generated {
    include!(concat!(env!("OUT_DIR"), "/builtin_flows.rs"));
}
pub(super) use generated::{
    BUILTIN_CARDS, BUILTIN_CARD_RANGES, BUILTIN_CATALOG, BUILTIN_FILES, BUILTIN_FLOWS,
    BUILTIN_INDEX, BUILTIN_OUTLINE, BUILTIN_OUTLINES,
};

impl Catalog {
    /// The built-in flow files, as embedded in the binary.
    pub fn builtin_sources() -> Sources {
        BUILTIN_FLOWS
            .iter()
            .map(|(name, text)| (name.to_string(), text.to_string()))
            .collect()
    }

    /// The built-in catalog, from the form the build embedded (parsed when
    /// the project was built, validated by its tests): no YAML at run time.
    pub fn builtin() -> Result<Catalog, Problems> {
        match builtin_outlines() {
            Some(files) => {
                let mut catalog = Catalog::default();
                let layer = catalog.add_layer(LayerKind::Builtin, None);
                for (origin, outline, whole) in files {
                    // The built-in files were validated together: a code
                    // they define twice is reported by `check`. Each file
                    // is decoded when a code of it is first read, each
                    // entry alone when only the entry is.
                    let _ = catalog.add_deferred(origin, outline, whole, layer);
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
    pub(crate) fn builtin_holding(code: Code) -> Option<Catalog> {
        let file = BUILTIN_FILES
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
}

/// The built-in flow files as the build embedded them, or `None` when the
/// build could not parse them (or the embedded form does not decode).
fn builtin_files() -> Option<Vec<(String, FlowFile)>> {
    if BUILTIN_FILES.is_empty() {
        return None;
    }
    (0..BUILTIN_FILES.len()).map(builtin_file).collect()
}

/// The built-in files as the build embedded them, each as (origin,
/// outline, whole file still encoded, with its entries encoded one by
/// one); `None` when the build could not parse them (or an outline does
/// not decode).
fn builtin_outlines() -> Option<Vec<(String, FlowFile, Deferred)>> {
    let count = BUILTIN_FILES.len();
    if count == 0 || BUILTIN_OUTLINES.len() != count || BUILTIN_CARD_RANGES.len() != count {
        return None;
    }
    BUILTIN_FILES
        .iter()
        .zip(BUILTIN_OUTLINES)
        .zip(BUILTIN_CARD_RANGES)
        .map(|((&(origin, start, end, _), &(from, to)), &cards)| {
            let outline: FlowFile = rmp_serde::from_slice(BUILTIN_OUTLINE.get(from..to)?).ok()?;
            let whole = Encoded::Static(BUILTIN_CATALOG.get(start..end)?);
            let cards = Cards::new(BUILTIN_CARDS, cards);
            Some((
                origin.to_string(),
                outline,
                Deferred::with_cards(whole, cards),
            ))
        })
        .collect()
}

/// The `i`th embedded built-in file, decoded alone.
fn builtin_file(i: usize) -> Option<(String, FlowFile)> {
    let &(origin, start, end, _) = BUILTIN_FILES.get(i)?;
    let flow = rmp_serde::from_slice(BUILTIN_CATALOG.get(start..end)?).ok()?;
    Some((origin.to_string(), flow))
}

/// The codes of the built-in flows, read once and only when needed.
pub(super) fn builtin_codes() -> &'static BTreeSet<Code> {
    static CODES: std::sync::OnceLock<BTreeSet<Code>> = std::sync::OnceLock::new();
    CODES.get_or_init(|| {
        if !BUILTIN_FILES.is_empty() {
            // Listed by the build beside each file: nothing to decode.
            return BUILTIN_FILES
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

/// The first declaration of each placeholder name in the built-in flows,
/// with its position when `located`. Read once and only when needed.
pub(super) fn builtin_placeholder_types(
    located: bool,
) -> BTreeMap<String, validate::FirstDeclaration> {
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
