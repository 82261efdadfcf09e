//! Saving the transcript as a Markdown file in the configured folder
//! ([`super::Settings::dir`], created if missing); the caller shows the full
//! path.
//!
//! The name carries the code and the time (UTC):
//! `actwiz-0xC004F074-20260125-143000.md`. An existing file is never
//! overwritten: the file is created with `create_new`, and on a collision a
//! suffix `-2`, `-3`… is tried.

use std::fs::OpenOptions;
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::core::catalog::Code;

/// How many suffixes are tried before giving up.
const MAX_TRIES: u32 = 100;

/// `YYYYMMDD-HHMMSS` (UTC) for `secs` seconds since the Unix epoch.
pub fn timestamp(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}{m:02}{d:02}-{:02}{:02}{:02}",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// `YYYY-MM-DD HH:MM UTC` for `at`: the transcript's date.
pub(crate) fn utc_minute(at: SystemTime) -> String {
    let secs = at
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let (y, m, d) = civil_from_days((secs / 86_400) as i64);
    let rem = secs % 86_400;
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02} UTC",
        rem / 3600,
        rem % 3600 / 60
    )
}

/// Year, month, day of a count of days since 1970-01-01 (Howard Hinnant's
/// `civil_from_days`).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// A new file only its owner can read (0600 on unix): a transcript may hold
/// product keys and host names. Never an existing one.
fn private_file(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

/// Writes `text` to `out`, the file just created at `path`; on failure (a
/// full disk) removes that file, so that no empty or half transcript is left.
fn write_or_remove(path: &Path, out: &mut impl Write, text: &str) -> std::io::Result<()> {
    let written = out.write_all(text.as_bytes()).and_then(|_| out.flush());
    if written.is_err() {
        let _ = std::fs::remove_file(path);
    }
    written
}

/// Writes `markdown` to a new file in `dir`; returns the file name.
pub fn save_in(dir: &Path, code: Code, markdown: &str, now: SystemTime) -> Result<String, String> {
    let secs = now
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let stem = format!("actwiz-{code}-{}", timestamp(secs));
    for n in 1..=MAX_TRIES {
        let name = if n == 1 {
            format!("{stem}.md")
        } else {
            format!("{stem}-{n}.md")
        };
        let path = dir.join(&name);
        match private_file(&path) {
            Ok(mut file) => {
                // Cleaned here too: the file is one more way to a terminal
                // (`cat`), whatever the caller built.
                let text = crate::core::sanitize::clean(markdown);
                write_or_remove(&path, &mut file, &text).map_err(|e| format!("{name}: {e}"))?;
                file.sync_all().map_err(|e| format!("{name}: {e}"))?;
                return Ok(name);
            }
            Err(e) if e.kind() == ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(format!("{name}: {e}")),
        }
    }
    Err(format!("{stem}.md: too many files with this name"))
}

/// Writes `markdown` to a new file in `dir`, creating the folder (private
/// on unix) when it is missing; returns the file's full path, so that the
/// agent can find it.
pub fn save(dir: &Path, code: Code, markdown: &str) -> Result<PathBuf, String> {
    create_folder(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let name = save_in(dir, code, markdown, SystemTime::now())?;
    let path = dir.join(name);
    // The full path, even for a relative `transcript_dir`.
    Ok(std::path::absolute(&path).unwrap_or(path))
}

/// Creates `dir` and its parents; the folders created are 0700 on unix
/// (the transcripts in it may hold keys and host names).
fn create_folder(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn timestamps_are_utc_calendar_dates() {
        assert_eq!(timestamp(0), "19700101-000000");
        assert_eq!(timestamp(951_782_400), "20000229-000000");
        assert_eq!(timestamp(1_700_000_000), "20231114-221320");
    }

    #[cfg(unix)]
    #[test]
    fn transcripts_are_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let name = save_in(dir.path(), Code(0xC004F074), "key", UNIX_EPOCH).unwrap();
        let mode = std::fs::metadata(dir.path().join(name))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    #[test]
    fn dates_are_utc_to_the_minute() {
        let at = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(utc_minute(at), "2023-11-14 22:13 UTC");
    }

    #[test]
    fn a_missing_folder_is_created_and_the_full_path_returned() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("tickets").join("today");
        let path = save(&folder, Code(0xC004F074), "text").unwrap();
        assert!(path.is_absolute(), "{}", path.display());
        assert_eq!(path.parent(), Some(folder.as_path()));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "text");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&folder).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o700);
        }
    }

    #[test]
    fn a_failed_write_leaves_no_file() {
        struct Full;
        impl Write for Full {
            fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
                Err(std::io::Error::new(ErrorKind::StorageFull, "disk full"))
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.md");
        private_file(&path).unwrap();
        assert!(write_or_remove(&path, &mut Full, "text").is_err());
        assert!(!path.exists());
    }

    #[test]
    fn the_saved_text_is_cleaned() {
        let dir = tempfile::tempdir().unwrap();
        let name = save_in(
            dir.path(),
            Code(0xC004F074),
            "a\u{1b}]52;c;eA==\u{7}b\u{202e}",
            UNIX_EPOCH,
        )
        .unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.path().join(name)).unwrap(),
            "ab"
        );
    }

    #[test]
    fn never_overwrites_and_adds_a_suffix() {
        let dir = tempfile::tempdir().unwrap();
        let now = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let code = Code(0xC004F074);
        let first = save_in(dir.path(), code, "one", now).unwrap();
        let second = save_in(dir.path(), code, "two", now).unwrap();
        let third = save_in(dir.path(), code, "three", now).unwrap();
        assert_eq!(first, "actwiz-0xC004F074-20231114-221320.md");
        assert_eq!(second, "actwiz-0xC004F074-20231114-221320-2.md");
        assert_eq!(third, "actwiz-0xC004F074-20231114-221320-3.md");
        assert_eq!(
            std::fs::read_to_string(dir.path().join(&first)).unwrap(),
            "one"
        );
    }
}
