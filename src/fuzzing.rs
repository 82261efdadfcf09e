//! The properties the fuzz targets check (fuzz/fuzz_targets/), kept in the
//! library so that they compile, and run over real inputs, with every
//! `cargo test`: the fuzz crate is built by hand with a nightly toolchain, and
//! targets that lived only there went stale each time an API changed.
//!
//! Each function panics when its property fails; that is how libFuzzer and
//! the tests below notice. Not part of the program's behaviour.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use crate::core::catalog::dialect::Dialect;
use crate::core::catalog::{Catalog, Code, Lang, PlaceholderKind};
use crate::core::placeholder;
use crate::core::sanitize::is_unsafe;
use crate::core::search::{self, SearchIndex};

/// Any text as a flow file: loading never panics; a file that loads renders
/// as a runbook in both shells; every problem prints on one line without a
/// control character.
pub fn flow_loader(text: &str) {
    match Catalog::from_sources(&[("fuzz.yaml", text)]) {
        Ok(catalog) => {
            for (entry, flow) in catalog.entries() {
                let same_tree = catalog.same_tree(entry.code);
                for dialect in [Dialect::Cmd, Dialect::Powershell] {
                    let _ = crate::render::runbook(entry, flow, &same_tree, Lang::En, dialect);
                }
            }
        }
        Err(problems) => {
            for problem in &problems.0 {
                let line = problem.to_string();
                assert!(!line.contains('\n'), "{line:?}");
                assert!(!line.chars().any(is_unsafe), "{line:?}");
            }
        }
    }
}

fn builtin() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    // The built-in flows are checked when the binary is built; a failure
    // here is a build problem, which the tests report on their own.
    CATALOG.get_or_init(|| Catalog::builtin().unwrap_or_default())
}

fn index() -> &'static SearchIndex<'static> {
    static INDEX: OnceLock<SearchIndex<'static>> = OnceLock::new();
    // Built once: building it for every input made the query target run at
    // about 6 inputs a second, so a campaign only replayed its seeds.
    INDEX.get_or_init(|| SearchIndex::new(builtin()))
}

/// Any text as a search query or a code: never panics, and every code found
/// in it prints as something that parses back to the same code.
pub fn query(text: &str) {
    let parsed = search::parse_code_query(text);
    for code in &parsed.codes {
        assert_eq!(
            code.to_string().parse::<Code>().ok(),
            Some(*code),
            "{text:?}"
        );
    }
    if let Ok(code) = text.parse::<Code>() {
        assert_eq!(
            code.to_string().parse::<Code>().ok(),
            Some(code),
            "{text:?}"
        );
    }
    let _ = index().search(text, 10);
}

/// The characters an accepted value may hold, whatever its type.
fn allowed_in_value(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']' | b'\\' | b'_' | b' ')
}

/// Any value for any placeholder type, in any command template.
///
/// Input: one byte choosing the type, then the value, a 0xFF byte and the
/// template (0xFF never occurs in UTF-8, so both parts may hold any text;
/// fuzz/seed.py writes its seeds in this form). Never panics; an accepted
/// value holds only characters its types allow, never starts with `-`,
/// validates again to itself, and fills a template exactly where its
/// placeholder stood.
pub fn placeholder(data: &[u8]) {
    let Some((&kind, rest)) = data.split_first() else {
        return;
    };
    let kind = PlaceholderKind::ALL[usize::from(kind) % PlaceholderKind::ALL.len()];
    let (raw, template) = match rest.iter().position(|&b| b == 0xFF) {
        Some(at) => (&rest[..at], &rest[at + 1..]),
        None => (rest, &b"slmgr /skms {p}"[..]),
    };
    let (Ok(raw), Ok(template)) = (std::str::from_utf8(raw), std::str::from_utf8(template)) else {
        return;
    };

    let spans = placeholder::spans(template);
    for (range, name) in &spans {
        assert_eq!(
            template.get(range.clone()),
            Some(format!("{{{name}}}").as_str()),
            "{template:?}"
        );
    }
    let names = placeholder::names(template);
    let (unfilled, missing) = placeholder::fill(template, &BTreeMap::new());
    assert_eq!(unfilled, template, "filling nothing changes nothing");
    for name in &missing {
        assert!(names.contains(name), "{name:?} not in {names:?}");
    }

    let Ok(value) = placeholder::validate(kind, raw) else {
        return;
    };
    assert!(
        value.bytes().all(allowed_in_value),
        "{kind:?} accepted {value:?}"
    );
    assert!(!value.starts_with('-'), "{kind:?} accepted {value:?}");
    assert_eq!(
        placeholder::validate(kind, &value).as_ref(),
        Ok(&value),
        "{kind:?}: {raw:?} gave {value:?}, which does not validate to itself"
    );
    let _ = placeholder::validate_in(kind, raw, template, "p");
    if placeholder::check_in_template(template, "p", &value).is_ok() {
        let values = BTreeMap::from([("p".to_string(), value.clone())]);
        let (filled, missing) = placeholder::fill(template, &values);
        assert!(!missing.contains(&"p".to_string()), "{template:?}");
        let uses = spans.iter().filter(|(_, n)| *n == "p").count();
        let expected_len = template.len() + uses * value.len() - uses * "{p}".len();
        assert_eq!(
            filled.len(),
            expected_len,
            "{template:?} with {value:?}: {filled:?}"
        );
    }
}

#[cfg(test)]
mod tests {
    //! The fuzz properties over the inputs the project already has: every
    //! built-in flow and fixture, cut at many places; every code and message
    //! of the catalog, mangled; and the placeholder seeds' shapes.
    use std::path::{Path, PathBuf};

    use super::*;

    fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                yaml_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
                out.push(path);
            }
        }
    }

    /// Every char boundary near `step` apart, and the ends.
    fn cuts(text: &str, step: usize) -> Vec<usize> {
        let mut at: Vec<usize> = (0..text.len())
            .step_by(step.max(1))
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        at.push(text.len());
        at
    }

    #[test]
    fn flow_files_and_their_truncations_load_or_fail_cleanly() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        yaml_files(&root.join("flows"), &mut files);
        yaml_files(&root.join("tests/fixtures"), &mut files);
        assert!(files.len() > 20, "found only {files:?}");
        let mut runs = 0;
        for file in &files {
            let Ok(text) = std::fs::read_to_string(file) else {
                continue;
            };
            // About 12 cuts a file: a truncated download or a half-saved
            // edit, at the start of a key, inside a string, mid-list.
            for at in cuts(&text, text.len() / 12 + 1) {
                flow_loader(&text[..at]);
                runs += 1;
            }
        }
        assert!(runs > 200, "{runs} runs");
    }

    #[test]
    fn a_built_in_flow_still_loads_through_the_fuzz_property() {
        // The property must see valid files too, or it only tests errors.
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(root.join("flows/kms-connect.yaml")).unwrap_or_default();
        assert!(Catalog::from_sources(&[("fuzz.yaml", &text)]).is_ok());
        flow_loader(&text);
    }

    #[test]
    fn codes_and_messages_of_the_catalog_mangled_as_queries() {
        let catalog = builtin();
        assert!(!catalog.is_empty());
        let mut runs = 0;
        for (entry, _) in catalog.entries() {
            let code = entry.code.to_string();
            let decimal = format!("{}", entry.code.0 as i32);
            let message = entry.messages.get(Lang::Fr).to_string();
            let variants = [
                code.clone(),
                code.to_lowercase(),
                code.trim_start_matches("0x").to_string(),
                format!("- {}", decimal.trim_start_matches('-')),
                decimal.clone(),
                format!("{code}{code}"),
                format!("0x{}", "F".repeat(40)),
                format!("{message} {code}"),
                message.chars().rev().collect(),
                format!("\u{1b}[31m{code}\u{7}"),
                code.chars().take(5).collect(),
                format!("{}\u{301}", message),
            ];
            for text in &variants {
                query(text);
                runs += 1;
            }
        }
        assert!(runs > 300, "{runs} runs");
    }

    #[test]
    fn placeholder_property_on_every_kind_and_hostile_values() {
        let values = [
            "kms01.corp.example.com",
            "10.0.0.5",
            "[fe80::1]",
            "kms01:1688",
            "-Recurse",
            "C:\\Temp\\a b",
            "a;b",
            "$env:x",
            "`whoami`",
            "%PATH%",
            "é",
            "",
            " ",
            "\u{0}",
            "kms1 -TraceRoute",
        ];
        let templates = [
            "slmgr /skms {p}",
            "Test-NetConnection -ComputerName {p} -Port 1688",
            "\"{p}\" {p}",
            "{p",
            "}{p}{",
            "no placeholder",
            "{q} {p}",
        ];
        let mut accepted = 0;
        for kind in 0..PlaceholderKind::ALL.len() {
            for value in values {
                for template in templates {
                    let mut data = vec![kind as u8];
                    data.extend_from_slice(value.as_bytes());
                    data.push(0xFF);
                    data.extend_from_slice(template.as_bytes());
                    placeholder(&data);
                    if placeholder::validate(PlaceholderKind::ALL[kind], value).is_ok() {
                        accepted += 1;
                    }
                }
            }
        }
        // Both branches of the property ran: some values were accepted.
        assert!(accepted > 0);
        placeholder(&[]);
        placeholder(&[0]);
        placeholder(&[1, 0xC3, 0xFF, b'{', b'p', b'}']);
    }
}
