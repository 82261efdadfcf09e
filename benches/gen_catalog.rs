//! Writes the generated catalog of 10,000 codes (`support/generated.rs`,
//! about 50 MB of YAML in 100 files) to a folder, and the English message of
//! every code, one line each, to `lines.txt` beside it, for
//! `bench/compare.sh`. Not a criterion bench.
//!
//! Run: `cargo bench --bench gen_catalog -- OUT_DIR`

// A generator, not actwiz's output: the sanitizing boundary (src/output.rs) is for the binary.
#![allow(clippy::disallowed_macros)]
#[path = "support/generated.rs"]
mod generated;

fn main() -> std::io::Result<()> {
    let Some(out) = std::env::args().skip(1).find(|a| !a.starts_with("--")) else {
        eprintln!("usage: cargo bench --bench gen_catalog -- OUT_DIR");
        return Ok(());
    };
    let out = std::path::PathBuf::from(out);
    let flows = out.join("flows");
    std::fs::create_dir_all(&flows)?;
    let (files, _) = generated::generated_files(true);
    let mut bytes = 0;
    for (name, text) in &files {
        bytes += text.len();
        std::fs::write(flows.join(name), text)?;
    }
    eprintln!(
        "{}: {} files, {:.1} MB of YAML",
        flows.display(),
        files.len(),
        bytes as f64 / 1e6
    );
    Ok(())
}
