//! `actwiz evidence [FILE|-]` and the evidence `walk --evidence` reads:
//! reading the file (text in UTF-8 or UTF-16, or an exported `.evtx` log),
//! and printing what was recognised.

use std::io::{Read, Write};
use std::path::Path;

use anyhow::{Context, Result};

use crate::core::catalog::{Code, Lang};
use crate::core::evidence::{self, Evidence, MAX_TEXT_BYTES};
use crate::strings::colon;
use crate::strings::evidence::evidence_strings;

use super::Failure;

/// The first bytes of an exported event log file.
const EVTX_MAGIC: &[u8] = b"ElfFile\0";

/// Reads the evidence in `path` (`-` or none: standard input).
pub(crate) fn read(path: Option<&Path>, lang: Lang) -> Result<Evidence> {
    let from_stdin = path.is_none_or(|p| p.as_os_str() == "-");
    if !from_stdin {
        let path = path.context("no path")?;
        if is_evtx(path)? {
            return crate::evtx::read(path)
                .map_err(|e| Failure::new("evtx", format!("{}: {e}", path.display())).into());
        }
    }
    let mut bytes = Vec::new();
    let limit = MAX_TEXT_BYTES as u64 + 1;
    if from_stdin {
        std::io::stdin()
            .lock()
            .take(limit)
            .read_to_end(&mut bytes)?;
    } else if let Some(path) = path {
        std::fs::File::open(path)
            .map_err(|e| Failure::new("unreadable", format!("{}: {e}", path.display())))?
            .take(limit)
            .read_to_end(&mut bytes)?;
    }
    if bytes.len() > MAX_TEXT_BYTES {
        crate::output::eprint_line(&format!("actwiz: {}", evidence_strings(lang).truncated));
        bytes.truncate(MAX_TEXT_BYTES);
    }
    Ok(evidence::read_text(&decode(&bytes)))
}

fn is_evtx(path: &Path) -> Result<bool> {
    let mut file = std::fs::File::open(path)
        .map_err(|e| Failure::new("unreadable", format!("{}: {e}", path.display())))?;
    let mut head = [0u8; 8];
    let mut read = 0;
    while read < head.len() {
        match file.read(&mut head[read..])? {
            0 => break,
            n => read += n,
        }
    }
    Ok(read == head.len() && head == EVTX_MAGIC)
}

/// Text as Windows writes it: UTF-8 (with or without a byte-order mark), or
/// UTF-16 with a mark, which is what PowerShell 5's `>` writes. Invalid
/// sequences become U+FFFD rather than an error: this is evidence to read,
/// not a file to validate.
fn decode(bytes: &[u8]) -> String {
    let utf16 = |le: bool, body: &[u8]| {
        let units: Vec<u16> = body
            .chunks_exact(2)
            .map(|p| {
                if le {
                    u16::from_le_bytes([p[0], p[1]])
                } else {
                    u16::from_be_bytes([p[0], p[1]])
                }
            })
            .collect();
        String::from_utf16_lossy(&units)
    };
    match bytes {
        [0xFF, 0xFE, body @ ..] => utf16(true, body),
        [0xFE, 0xFF, body @ ..] => utf16(false, body),
        [0xEF, 0xBB, 0xBF, body @ ..] => String::from_utf8_lossy(body).into_owned(),
        _ => String::from_utf8_lossy(bytes).into_owned(),
    }
}

/// Prints what `evidence` holds; `same_tree` names the codes that share a
/// code's tree. Nothing recognised is exit status 1.
pub(crate) fn print(
    evidence: &Evidence,
    as_json: bool,
    lang: Lang,
    same_tree: &dyn Fn(Code) -> Vec<Code>,
    out: &mut impl Write,
) -> Result<bool> {
    let s = evidence_strings(lang);
    if as_json {
        writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&evidence.to_json())?
        )?;
        return Ok(!evidence.is_empty());
    }
    if evidence.is_empty() {
        crate::output::eprint_line(&format!("actwiz: {}", s.nothing_recognised));
        return Ok(false);
    }
    let kinds: Vec<String> = evidence.kinds.iter().map(|k| k.label()).collect();
    if !kinds.is_empty() {
        writeln!(out, "{} {}", colon(lang, s.recognised), kinds.join(", "))?;
    }
    if !evidence.codes.is_empty() {
        writeln!(out, "{}", colon(lang, s.codes))?;
        for seen in &evidence.codes {
            let shared = crate::printable::same_tree(&same_tree(seen.code), lang)
                .map(|line| format!("  {line}"))
                .unwrap_or_default();
            writeln!(
                out,
                "  {}  ({}){shared}",
                seen.code,
                clean(&seen.from.shown(lang))
            )?;
        }
    }
    if !evidence.facts.is_empty() {
        writeln!(out, "{}", colon(lang, s.facts))?;
        let width = evidence.facts.keys().map(|k| k.len()).max().unwrap_or(0);
        for (name, fact) in &evidence.facts {
            writeln!(
                out,
                "  {name:width$}  {}  ({})",
                clean(&fact.value),
                clean(&fact.from.shown(lang))
            )?;
        }
    }
    Ok(true)
}

/// `actwiz evidence --facts`: the facts evidence can give, for flow authors.
pub(crate) fn print_fact_names(out: &mut impl Write) -> Result<()> {
    let width = evidence::FACTS
        .iter()
        .map(|(n, _)| n.len())
        .max()
        .unwrap_or(0);
    for (name, meaning) in evidence::FACTS {
        writeln!(out, "{name:width$}  {meaning}")?;
    }
    Ok(())
}

fn clean(text: &str) -> String {
    crate::core::sanitize::clean_line(text).into_owned()
}

#[cfg(test)]
mod tests {
    use super::decode;

    #[test]
    fn decodes_utf16_and_utf8_with_marks() {
        let text = "License Status: Licensed\r\n";
        let mut le = vec![0xFF, 0xFE];
        le.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
        assert_eq!(decode(&le), text);
        let mut be = vec![0xFE, 0xFF];
        be.extend(text.encode_utf16().flat_map(|u| u.to_be_bytes()));
        assert_eq!(decode(&be), text);
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend(text.as_bytes());
        assert_eq!(decode(&bom), text);
        assert_eq!(decode(b"\xffoops"), "\u{fffd}oops");
    }
}
