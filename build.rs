//! Embeds every `flows/*.yaml` file in the binary, so actwiz runs from any
//! directory and a new flow file needs no code change.

use std::env;
use std::fs;
use std::path::PathBuf;

fn main() {
    let manifest = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let flows = manifest.join("flows");
    println!("cargo:rerun-if-changed=flows");

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
    for file in &files {
        println!("cargo:rerun-if-changed={}", file.display());
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        code.push_str(&format!(
            "    ({:?}, include_str!({:?})),\n",
            format!("flows/{name}"),
            file.display().to_string()
        ));
    }
    code.push_str("];\n");

    let out = PathBuf::from(env::var_os("OUT_DIR").unwrap_or_default()).join("builtin_flows.rs");
    if let Err(err) = fs::write(&out, code) {
        panic!("cannot write {}: {err}", out.display());
    }
}
