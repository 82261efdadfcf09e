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

// Not actwiz's output: the sanitizing boundary (src/output.rs) is for the binary.
#![allow(clippy::disallowed_macros)]

use std::env;
use std::fs;
use std::path::PathBuf;

#[allow(dead_code, unused_imports)]
#[path = "src/core/model/mod.rs"]
mod model;

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

    let blob = parsed
        .and_then(|list| rmp_serde::to_vec_named(&list).ok())
        .unwrap_or_default();
    let out = PathBuf::from(env::var_os("OUT_DIR").unwrap_or_default());
    code.push_str(
        "/// The same files, parsed and serialized (MessagePack); empty when a file did not parse.\n",
    );
    code.push_str(
        "pub static BUILTIN_CATALOG: &[u8] = include_bytes!(\"builtin_catalog.msgpack\");\n",
    );
    for (path, contents) in [
        (out.join("builtin_catalog.msgpack"), blob),
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
