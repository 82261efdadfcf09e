//! Codes opened recently, kept across runs so that the empty search lists
//! them first (an agent gets the same few codes all day).
//!
//! The file is small (one code a line, at most [`LIMIT`]), lives in the
//! platform's data folder (`%APPDATA%\actwiz\recent.txt` on Windows,
//! `$XDG_DATA_HOME/actwiz/recent.txt` or `~/.local/share/actwiz/recent.txt`
//! elsewhere), and is written whole to a temporary file then renamed, so a
//! crash never leaves half of it. A file that cannot be read, is too big or
//! holds anything but codes is ignored: recent codes are a convenience,
//! never a reason to fail. `ACTWIZ_RECENT=off` keeps none; `ACTWIZ_RECENT=
//! FILE` keeps them in FILE (tests point it at a temporary folder).

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::core::catalog::{Catalog, Code};
use crate::core::search::whole_code;

/// How many codes are kept.
pub(crate) const LIMIT: usize = 8;

/// The largest file read: more than [`LIMIT`] codes ever take.
const MAX_BYTES: u64 = 4096;

/// The recent codes and where they are kept (nowhere when turned off).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Recent {
    path: Option<PathBuf>,
    codes: Vec<Code>,
}

impl Recent {
    /// No file: codes are remembered for this run only.
    pub fn in_memory() -> Recent {
        Recent::default()
    }

    /// The file `env` names (see the module comment), read now.
    pub(crate) fn from_env(env: impl Fn(&str) -> Option<String>) -> Recent {
        match path_from_env(&env) {
            Some(path) => Recent::at(path),
            None => Recent::in_memory(),
        }
    }

    /// The recent codes kept in `path` (none if it cannot be used).
    pub fn at(path: impl Into<PathBuf>) -> Recent {
        let path = path.into();
        let codes = read(&path).unwrap_or_default();
        Recent {
            path: Some(path),
            codes,
        }
    }

    /// Most recent first.
    pub fn codes(&self) -> &[Code] {
        &self.codes
    }

    /// `code` was opened: first now, each code once, at most [`LIMIT`].
    pub fn note(&mut self, code: Code) {
        self.codes.retain(|c| *c != code);
        self.codes.insert(0, code);
        self.codes.truncate(LIMIT);
    }

    /// Writes the file (nothing when turned off): whole, to a temporary
    /// file renamed over the old one.
    pub fn save(&self) -> std::io::Result<()> {
        let Some(path) = &self.path else {
            return Ok(());
        };
        if let Some(folder) = path.parent().filter(|f| !f.as_os_str().is_empty()) {
            std::fs::create_dir_all(folder)?;
        }
        let mut text = String::new();
        for code in &self.codes {
            text.push_str(&format!("{code}\n"));
        }
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "recent".into());
        let temporary = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
        let written = (|| {
            let mut file = std::fs::File::create(&temporary)?;
            file.write_all(text.as_bytes())?;
            file.sync_all()?;
            std::fs::rename(&temporary, path)
        })();
        if written.is_err() {
            let _ = std::fs::remove_file(&temporary);
        }
        written
    }
}

/// `ACTWIZ_RECENT` (off, or a file), else the platform's data folder.
fn path_from_env(env: &impl Fn(&str) -> Option<String>) -> Option<PathBuf> {
    let set = |name: &str| env(name).filter(|v| !v.trim().is_empty());
    if let Some(value) = set("ACTWIZ_RECENT") {
        let off = ["off", "0", "no", "false", "none"];
        if off.iter().any(|o| value.trim().eq_ignore_ascii_case(o)) {
            return None;
        }
        return Some(PathBuf::from(value));
    }
    Some(crate::core::catalog::layers::data_folder(env)?.join("recent.txt"))
}

/// The codes of the file, or `None` when it is missing, too big, not text
/// or holds a line that is not a code.
fn read(path: &Path) -> Option<Vec<Code>> {
    let bytes = crate::core::catalog::read::read_regular_file(path, MAX_BYTES).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let mut codes: Vec<Code> = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let code = whole_code(line)?;
        if !codes.contains(&code) {
            codes.push(code);
        }
    }
    codes.truncate(LIMIT);
    Some(codes)
}

/// A row of the list shown for an empty query.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Listed<'a> {
    pub code: Code,
    /// `None` for a recent code; else the code's family, shown on the
    /// first row of its group.
    pub family: Option<&'a str>,
}

/// Every code of the catalog for an empty query: the recent ones the
/// catalog holds first, then every code grouped by family (families in
/// file order, codes in numeric order within each).
pub(crate) fn listing<'c>(catalog: &'c Catalog, recent: &[Code]) -> Vec<Listed<'c>> {
    let mut rows: Vec<Listed> = recent
        .iter()
        .filter(|c| catalog.card(**c).is_some())
        .map(|&code| Listed { code, family: None })
        .collect();
    for family in catalog.families() {
        rows.extend(
            catalog
                .cards()
                .filter(|(_, of)| *of == family)
                .map(|(entry, _)| Listed {
                    code: entry.code,
                    family: Some(family),
                }),
        );
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::core::catalog::layers::fixed_env as env;

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("actwiz-recent-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn codes_are_kept_across_runs_most_recent_first_and_bounded() {
        let dir = temp_dir("kept");
        let file = dir.join("sub").join("recent.txt");
        let mut recent = Recent::at(&file);
        assert!(recent.codes().is_empty(), "no file yet");
        for n in 0..(LIMIT as u32 + 3) {
            recent.note(Code(0xC004_F000 + n));
        }
        recent.note(Code(0xC004_F001 + LIMIT as u32));
        recent.save().expect("saved");
        let again = Recent::at(&file);
        assert_eq!(again.codes().len(), LIMIT);
        assert_eq!(again.codes()[0], Code(0xC004_F001 + LIMIT as u32));
        assert_eq!(again.codes()[1], Code(0xC004_F002 + LIMIT as u32));
        // Nothing but the file is left in the folder (the temporary went).
        let names: Vec<_> = std::fs::read_dir(file.parent().expect("folder"))
            .expect("folder")
            .filter_map(Result::ok)
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("recent.txt")]);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_corrupt_or_unreadable_file_is_ignored() {
        let dir = temp_dir("corrupt");
        std::fs::create_dir_all(&dir).expect("folder");
        let file = dir.join("recent.txt");
        std::fs::write(&file, "0xC004F074\nnot a code\n").expect("write");
        assert!(Recent::at(&file).codes().is_empty());
        std::fs::write(&file, [0xff, 0xfe, 0x00]).expect("write");
        assert!(Recent::at(&file).codes().is_empty());
        std::fs::write(&file, "0xC004F074\n".repeat(1000)).expect("write");
        assert!(Recent::at(&file).codes().is_empty(), "too big");
        // A folder where the file should be: read as nothing, save fails
        // with an error (never a panic).
        let folder = dir.join("folder");
        std::fs::create_dir_all(&folder).expect("folder");
        let mut recent = Recent::at(&folder);
        assert!(recent.codes().is_empty());
        recent.note(Code(0xC004F074));
        assert!(recent.save().is_err());
        std::fs::write(&file, "0xC004F074\r\n  C004F038 \n").expect("write");
        assert_eq!(
            Recent::at(&file).codes(),
            &[Code(0xC004F074), Code(0xC004F038)]
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn the_file_follows_the_environment() {
        assert_eq!(path_from_env(&env(&[("ACTWIZ_RECENT", "off")])), None);
        assert_eq!(
            path_from_env(&env(&[("ACTWIZ_RECENT", "OFF"), ("HOME", "/h")])),
            None
        );
        assert_eq!(
            path_from_env(&env(&[("ACTWIZ_RECENT", "/tmp/r.txt"), ("HOME", "/h")])),
            Some(PathBuf::from("/tmp/r.txt"))
        );
        if !cfg!(windows) {
            assert_eq!(
                path_from_env(&env(&[("HOME", "/h")])),
                Some(PathBuf::from("/h/.local/share/actwiz/recent.txt"))
            );
            assert_eq!(
                path_from_env(&env(&[("HOME", "/h"), ("XDG_DATA_HOME", "/d")])),
                Some(PathBuf::from("/d/actwiz/recent.txt"))
            );
        }
        // Off: remembered for the run, never written.
        let mut recent = Recent::from_env(env(&[("ACTWIZ_RECENT", "off")]));
        recent.note(Code(1));
        assert!(recent.save().is_ok());
        assert_eq!(recent.codes(), &[Code(1)]);
    }

    #[test]
    fn the_listing_puts_recent_codes_first_then_every_code_by_family() {
        let catalog = Catalog::builtin().expect("built-in flows");
        let rows = listing(&catalog, &[Code(0xC004F074), Code(0xDEAD_BEEF)]);
        assert_eq!(
            rows[0],
            Listed {
                code: Code(0xC004F074),
                family: None
            }
        );
        // An unknown recent code is left out; every code is listed after.
        assert_eq!(rows.len(), 1 + catalog.len());
        let families: Vec<&str> = rows[1..].iter().filter_map(|r| r.family).collect();
        let mut groups = families.clone();
        groups.dedup();
        assert_eq!(groups, catalog.families(), "one group per family, in order");
    }
}
