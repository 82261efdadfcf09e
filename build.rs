//! Embeds the built-in flows in the binary, so actwiz runs from any
//! directory and a new flow file needs no code change.
//!
//! Two forms are embedded: the YAML sources (for `actwiz check` and the tests
//! that compare both forms) and the parsed catalog, serialized with
//! MessagePack, which the binary loads at start without any YAML. The model
//! is shared with the crate through `#[path]`, so it must stay free of
//! `crate::` imports. Should a file not parse, the build still succeeds with
//! a warning and an empty catalog blob: the binary then loads the YAML and
//! reports each problem with its line and column (and the tests fail).
//!
//! The built-in catalog's search index is made here too, by the crate's own
//! search module (compiled in through `#[path]`, over `shim::Catalog`, a
//! stand-in for the catalog that answers the few questions the index asks,
//! its codes placed by the catalog's own `placement.rs`, also compiled in),
//! so that a search does not build it at every start. The tests check that
//! it equals an index built from the catalog the binary loads; should it
//! not decode for that catalog, the binary builds one.

// Not actwiz's output: the sanitizing boundary (src/output.rs) is for the binary.
#![allow(clippy::disallowed_macros)]

use std::env;
use std::fs;
use std::path::PathBuf;

#[allow(dead_code, unused_imports)]
#[path = "src/core/model/mod.rs"]
mod model;

#[allow(dead_code, unused_imports)]
#[path = "src/core/search/mod.rs"]
pub mod search;

/// Where each built-in code is: the catalog's own placement.
#[allow(dead_code)]
#[path = "src/core/catalog/placement.rs"]
mod placement;

/// The paths the search module names (`crate::core::...`).
#[allow(dead_code, unused_imports)]
mod core {
    pub use crate::search;
    pub mod catalog {
        pub use crate::model::*;
        pub use crate::shim::Catalog;
        pub mod cache {
            pub use crate::shim::{Cache, StoredIndex};
        }
    }
}

/// What the search module asks of the catalog, for the built-in files alone
/// (one layer: the first definition of a code wins, as in `Catalog`),
/// placed by the catalog's own `placement` module.
#[allow(dead_code)]
mod shim {
    use crate::model::{Code, CodeEntry, FlowFile, Resolution};
    use crate::placement::{self, Placement};

    #[derive(Debug)]
    pub struct Catalog {
        files: Vec<(String, FlowFile)>,
        placed: Placement,
    }

    impl Catalog {
        pub fn new(files: Vec<(String, FlowFile)>) -> Catalog {
            let mut placed = Placement::default();
            for (f, (_, flow)) in files.iter().enumerate() {
                placed.place(f, flow, |_| false);
            }
            Catalog { files, placed }
        }

        pub fn codes(&self) -> impl Iterator<Item = Code> + '_ {
            self.placed.index.keys().copied()
        }

        pub fn get(&self, code: Code) -> Option<(&CodeEntry, &FlowFile)> {
            let slot = *self.placed.index.get(&code)?;
            let flow = &self.files.get(slot.file)?.1;
            let listed = flow.codes.get(slot.entry)?;
            Some((self.placed.own_entry(slot, listed)?, flow))
        }

        pub fn card(&self, code: Code) -> Option<(&CodeEntry, &str)> {
            self.get(code)
                .map(|(entry, flow)| (entry, flow.family.as_str()))
        }

        pub fn entries(&self) -> impl Iterator<Item = (&CodeEntry, &FlowFile)> + '_ {
            self.codes().filter_map(|code| self.get(code))
        }

        pub fn files(&self) -> impl Iterator<Item = (&str, &FlowFile)> + '_ {
            self.files
                .iter()
                .map(|(origin, flow)| (origin.as_str(), flow))
        }

        pub fn resolutions_of(&self, code: Code) -> Vec<(&str, &Resolution)> {
            match self.get(code) {
                Some((entry, file)) => placement::resolutions_of(entry, file),
                None => Vec::new(),
            }
        }

        pub fn stored_index(&self) -> StoredIndex<'_> {
            StoredIndex::None
        }
    }

    #[derive(Debug)]
    pub struct Cache;

    impl Cache {
        pub fn load_bytes(&self, _: &str, _: &str) -> Option<(Vec<u8>, usize)> {
            None
        }
        pub fn store_bytes(&self, _: &str, _: &str, _: &[u8]) {}
    }

    pub enum StoredIndex<'a> {
        None,
        Builtin(&'static [u8]),
        Cached {
            cache: &'a Cache,
            name: &'a str,
            key: &'a str,
        },
    }
}

fn main() {
    let manifest = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let flows = manifest.join("flows");
    println!("cargo:rerun-if-changed=flows");
    println!("cargo:rerun-if-changed=src");
    // The catalog cache is only valid for the build that wrote it: a change
    // to the model, the rules or the built-in flows must invalidate it.
    println!(
        "cargo:rustc-env=ACTWIZ_SOURCE_FINGERPRINT={:016x}",
        fingerprint(&[manifest.join("src"), flows.clone()])
    );

    let mut files: Vec<PathBuf> = fs::read_dir(&flows)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();

    let mut code = String::from("/// Built-in flow files: (name, contents).\n");
    code.push_str("pub static BUILTIN_FLOWS: &[(&str, &str)] = &[\n");
    let mut parsed: Option<Vec<(String, model::FlowFile)>> = Some(Vec::new());
    for file in &files {
        println!("cargo:rerun-if-changed={}", file.display());
        let name = format!(
            "flows/{}",
            file.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        );
        code.push_str(&format!(
            "    ({name:?}, include_str!({:?})),\n",
            file.display().to_string()
        ));
        let flow = fs::read_to_string(file)
            .map_err(|e| e.to_string())
            .and_then(|text| {
                serde_yaml::from_str::<model::FlowFile>(&text).map_err(|e| e.to_string())
            });
        match flow {
            Ok(flow) => {
                if let Some(list) = parsed.as_mut() {
                    list.push((name, flow));
                }
            }
            Err(err) => {
                println!("cargo:warning={name}: {err} (the built-in flows will be read as YAML at run time)");
                parsed = None;
            }
        }
    }
    code.push_str("];\n");

    // One MessagePack blob per file, so that a command about one code
    // (`lookup`) decodes only the file holding it; with each file, its codes.
    let mut blob = Vec::new();
    let mut outlines = Vec::new();
    let mut outline_ranges = String::new();
    let mut cards = Vec::new();
    let mut card_ranges = String::new();
    code.push_str(
        "/// The same files, parsed and serialized (MessagePack), one after the other:\n",
    );
    code.push_str(
        "/// (name, start and end in BUILTIN_CATALOG, codes). Empty when a file did not parse.\n",
    );
    code.push_str("pub static BUILTIN_FILES: &[(&str, usize, usize, &[u32])] = &[\n");
    for (name, flow) in parsed.iter().flatten() {
        let (Ok(bytes), Ok(outline)) = (
            rmp_serde::to_vec_named(flow),
            rmp_serde::to_vec_named(&flow.outline()),
        ) else {
            panic!("{name}: cannot be serialized");
        };
        outline_ranges.push_str(&format!(
            "    ({}, {}),\n",
            outlines.len(),
            outlines.len() + outline.len()
        ));
        outlines.extend_from_slice(&outline);
        // Each entry alone (a "card"): what a list of codes shows (family
        // aside) without decoding the file's trees.
        let mut ranges = Vec::new();
        for entry in &flow.codes {
            let Ok(card) = rmp_serde::to_vec_named(entry) else {
                panic!("{name}: an entry cannot be serialized");
            };
            ranges.push(format!("({}, {})", cards.len(), cards.len() + card.len()));
            cards.extend_from_slice(&card);
        }
        card_ranges.push_str(&format!("    &[{}],\n", ranges.join(", ")));
        let codes: Vec<String> = flow
            .codes
            .iter()
            .flat_map(|entry| entry.all_codes())
            .map(|c| format!("0x{:08X}", c.0))
            .collect();
        code.push_str(&format!(
            "    ({name:?}, {}, {}, &[{}]),\n",
            blob.len(),
            blob.len() + bytes.len(),
            codes.join(", ")
        ));
        blob.extend_from_slice(&bytes);
    }
    code.push_str("];\n");
    code.push_str(
        "pub static BUILTIN_CATALOG: &[u8] = include_bytes!(\"builtin_catalog.msgpack\");\n",
    );
    // Each file's outline (`FlowFile::outline`), which places its codes
    // without decoding the whole file.
    code.push_str("/// Where each file's outline is in BUILTIN_OUTLINE (same order).\n");
    code.push_str("pub static BUILTIN_OUTLINES: &[(usize, usize)] = &[\n");
    code.push_str(&outline_ranges);
    code.push_str("];\n");
    code.push_str(
        "pub static BUILTIN_OUTLINE: &[u8] = include_bytes!(\"builtin_outline.msgpack\");\n",
    );
    code.push_str(
        "/// Where each entry of each file (same order) is in BUILTIN_CARDS, serialized alone.\n",
    );
    code.push_str("pub static BUILTIN_CARD_RANGES: &[&[(usize, usize)]] = &[\n");
    code.push_str(&card_ranges);
    code.push_str("];\n");
    code.push_str("pub static BUILTIN_CARDS: &[u8] = include_bytes!(\"builtin_cards.msgpack\");\n");
    let out = PathBuf::from(env::var_os("OUT_DIR").unwrap_or_default());
    let index = parsed
        .map(|list| {
            let catalog = shim::Catalog::new(list);
            search::SearchIndex::build(&catalog).to_bytes()
        })
        .unwrap_or_default();
    code.push_str(
        "/// Their search index, as `SearchIndex::to_bytes` wrote it; empty when a file did not parse.\n",
    );
    code.push_str("pub static BUILTIN_INDEX: &[u8] = include_bytes!(\"builtin_index.bin\");\n");
    for (path, contents) in [
        (out.join("builtin_catalog.msgpack"), blob),
        (out.join("builtin_outline.msgpack"), outlines),
        (out.join("builtin_cards.msgpack"), cards),
        (out.join("builtin_index.bin"), index),
        (out.join("builtin_flows.rs"), code.into_bytes()),
    ] {
        if let Err(err) = fs::write(&path, contents) {
            panic!("cannot write {}: {err}", path.display());
        }
    }
}

/// A hash of every file under `roots` (names and contents), in a stable order.
fn fingerprint(roots: &[PathBuf]) -> u64 {
    let mut files = Vec::new();
    let mut pending: Vec<PathBuf> = roots.to_vec();
    while let Some(path) = pending.pop() {
        match fs::read_dir(&path) {
            Ok(entries) => pending.extend(entries.filter_map(|e| e.ok().map(|e| e.path()))),
            Err(_) => files.push(path),
        }
    }
    files.sort();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for file in files {
        let name = file.to_string_lossy().into_owned().into_bytes();
        for byte in name.iter().chain(&fs::read(&file).unwrap_or_default()) {
            hash = (hash ^ u64::from(*byte)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    hash
}
