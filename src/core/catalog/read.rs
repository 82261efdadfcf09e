//! Reading flow files from disk, with limits.
//!
//! A flow folder may come from a colleague or a repository, so reading it
//! must not hang or exhaust memory: only regular files are read (a FIFO named
//! `x.yaml` would block forever, `/dev/zero` never ends), each file and each
//! folder has a size cap, and the text must be UTF-8 (a leading byte-order
//! mark is dropped, as editors on Windows write one).

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::problem::Position;
use super::problem::{Problem, Problems};

/// The largest flow file read (the largest built-in file is about 100 KB).
pub(crate) const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;
/// The most YAML read from one folder (a catalog of 10,000 codes is about
/// 50 MB).
pub(crate) const MAX_FOLDER_BYTES: u64 = 64 * 1024 * 1024;

/// A flow file found in a folder, before it is read: what the cache keys on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileInfo {
    pub path: PathBuf,
    pub size: u64,
    pub modified: Option<SystemTime>,
}

impl FileInfo {
    /// How the file is named in messages.
    pub fn origin(&self) -> String {
        self.path.display().to_string()
    }
}

fn problem(path: &Path, message: String) -> Problem {
    Problem {
        file: path.display().to_string(),
        position: None,
        path: None,
        message,
    }
}

fn fail(path: &Path, message: String) -> Problems {
    Problems(vec![problem(path, message)])
}

fn mib(bytes: u64) -> String {
    format!("{} MiB", bytes / (1024 * 1024))
}

/// The flow files of a folder (`*.yaml`, `*.yml`, sorted by name), or a
/// single file, with their size and modification time. Nothing is opened:
/// anything but a regular file or a folder is refused here, and so are
/// files and folders over the size caps.
pub(crate) fn list_folder(path: &Path) -> Result<Vec<FileInfo>, Problems> {
    // `metadata` follows symbolic links: a link to /dev/zero is a device.
    let meta = fs::metadata(path).map_err(|e| fail(path, format!("cannot read: {e}")))?;
    let mut files: Vec<PathBuf> = if meta.is_dir() {
        fs::read_dir(path)
            .map_err(|e| fail(path, format!("cannot list folder: {e}")))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
            .collect()
    } else if meta.is_file() {
        vec![path.to_path_buf()]
    } else {
        return Err(fail(
            path,
            "not a regular file or folder (a device, pipe or socket is never read)".into(),
        ));
    };
    files.sort();
    if files.is_empty() {
        return Err(fail(
            path,
            "no flow files (*.yaml or *.yml) in this folder".into(),
        ));
    }
    let mut problems = Vec::new();
    let mut infos = Vec::new();
    let mut total = 0u64;
    for file in files {
        let meta = match fs::metadata(&file) {
            Ok(meta) => meta,
            Err(e) => {
                problems.push(problem(&file, format!("cannot read: {e}")));
                continue;
            }
        };
        if !meta.is_file() {
            problems.push(problem(
                &file,
                "not a regular file (a device, pipe or socket is never read)".into(),
            ));
            continue;
        }
        if meta.len() > MAX_FILE_BYTES {
            problems.push(problem(
                &file,
                format!(
                    "file too large: {} bytes, the limit is {} per flow file",
                    meta.len(),
                    mib(MAX_FILE_BYTES)
                ),
            ));
            continue;
        }
        total += meta.len();
        infos.push(FileInfo {
            path: file,
            size: meta.len(),
            modified: meta.modified().ok(),
        });
    }
    if total > MAX_FOLDER_BYTES {
        problems.push(problem(
            path,
            format!(
                "folder too large: {total} bytes of flow files, the limit is {} per folder",
                mib(MAX_FOLDER_BYTES)
            ),
        ));
    }
    if problems.is_empty() {
        Ok(infos)
    } else {
        Err(Problems(problems))
    }
}

/// The text of each listed file, as (origin, text).
pub(crate) fn read_files(files: &[FileInfo]) -> Result<Vec<(String, String)>, Problems> {
    let mut sources = Vec::with_capacity(files.len());
    let mut problems = Vec::new();
    let read = |info: &FileInfo| read_text(&info.path, MAX_FILE_BYTES).map(|t| (info.origin(), t));
    for result in in_file_order(files, read) {
        match result {
            Ok(source) => sources.push(source),
            Err(p) => problems.push(p),
        }
    }
    if problems.is_empty() {
        Ok(sources)
    } else {
        Err(Problems(problems))
    }
}

/// Below this much, a folder's files are read on one thread.
const PARALLEL_FROM_BYTES: u64 = 512 * 1024;

/// `read` applied to each file, in the files' order: on every core for a
/// big folder (checking that 56 MB of YAML is UTF-8 was 5 % of a cold
/// load's CPU, all of it on the main thread while the parsers waited).
fn in_file_order<T: Send>(files: &[FileInfo], read: impl Fn(&FileInfo) -> T + Sync) -> Vec<T> {
    let bytes: u64 = files.iter().map(|f| f.size).sum();
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(files.len());
    if threads <= 1 || bytes < PARALLEL_FROM_BYTES {
        return files.iter().map(read).collect();
    }
    let read = &read;
    std::thread::scope(|scope| {
        let handles: Vec<_> = files
            .chunks(files.len().div_ceil(threads))
            .map(|chunk| scope.spawn(move || chunk.iter().map(read).collect::<Vec<T>>()))
            .collect();
        // A thread that panicked (it does not: reading returns errors)
        // would lose its files: read them here instead.
        let chunks = files.chunks(files.len().div_ceil(threads));
        handles
            .into_iter()
            .zip(chunks)
            .flat_map(|(h, chunk)| {
                h.join()
                    .unwrap_or_else(|_| chunk.iter().map(read).collect())
            })
            .collect()
    })
}

/// Reads a regular file of at most `limit` bytes, as UTF-8 text without a
/// leading byte-order mark.
pub(crate) fn read_text(path: &Path, limit: u64) -> Result<String, Problem> {
    let bytes = read_regular_file(path, limit).map_err(|e| problem(path, e))?;
    decode(path, bytes)
}

/// Reads a regular file of at most `limit` bytes. The error is a message
/// (without the path) fit for the user.
pub(crate) fn read_regular_file(path: &Path, limit: u64) -> Result<Vec<u8>, String> {
    let meta = fs::metadata(path).map_err(|e| format!("cannot read: {e}"))?;
    if !meta.is_file() {
        return Err("not a regular file (a device, pipe or socket is never read)".into());
    }
    let too_large =
        |size: u64| format!("file too large: {size} bytes or more, the limit is {limit} bytes");
    if meta.len() > limit {
        return Err(too_large(meta.len()));
    }
    let file = fs::File::open(path).map_err(|e| format!("cannot read: {e}"))?;
    // The size may change, or lie (files under /proc say 0): never read past
    // the limit whatever it says.
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read: {e}"))?;
    if bytes.len() as u64 > limit {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// UTF-8 text without its byte-order mark; invalid UTF-8 is a problem at
/// the line and column of the first bad byte.
pub(crate) fn decode(path: &Path, mut bytes: Vec<u8>) -> Result<String, Problem> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    String::from_utf8(bytes).map_err(|err| {
        let valid = &err.as_bytes()[..err.utf8_error().valid_up_to()];
        // Everything before the bad byte is valid UTF-8.
        let before = std::str::from_utf8(valid).unwrap_or_default();
        Problem {
            file: path.display().to_string(),
            position: Some(position_at(before, before.len())),
            path: None,
            message: "invalid UTF-8: flow files must be saved as UTF-8 text".into(),
        }
    })
}

/// The line and column (1-based, in characters) of byte `offset` of `text`.
pub(crate) fn position_at(text: &str, offset: usize) -> Position {
    let before = text.get(..offset).unwrap_or(text);
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    Position {
        line: before.matches('\n').count() + 1,
        column: before[line_start..].chars().count() + 1,
    }
}

/// Reads a folder (or one file) as (origin, text) pairs.
pub fn read_folder(path: &Path) -> Result<Vec<(String, String)>, Problems> {
    read_files(&list_folder(path)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn position_counts_characters() {
        let text = "ab\ncdé\nf";
        assert_eq!(position_at(text, 0), Position { line: 1, column: 1 });
        assert_eq!(position_at(text, 3), Position { line: 2, column: 1 });
        assert_eq!(position_at(text, 8), Position { line: 3, column: 1 });
        assert_eq!(position_at(text, 7), Position { line: 2, column: 4 });
    }

    #[test]
    fn bom_is_dropped_and_bad_utf8_is_positioned() {
        let ok = decode(Path::new("a.yaml"), b"\xEF\xBB\xBFfamily: x\n".to_vec()).unwrap();
        assert_eq!(ok, "family: x\n");
        let err = decode(Path::new("a.yaml"), b"a: 1\nbb: \xFF\n".to_vec()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "a.yaml:2:5: invalid UTF-8: flow files must be saved as UTF-8 text"
        );
    }

    #[test]
    fn special_files_and_oversized_files_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big.yaml");
        fs::write(&big, vec![b'#'; 100]).unwrap();
        let err = read_regular_file(&big, 10).unwrap_err();
        assert!(err.contains("file too large"), "{err}");
        assert!(read_regular_file(dir.path(), 10).is_err());
        #[cfg(unix)]
        {
            let err = read_regular_file(Path::new("/dev/zero"), 10).unwrap_err();
            assert!(err.contains("not a regular file"), "{err}");
            let link = dir.path().join("zero.yaml");
            std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
            let err = list_folder(dir.path()).unwrap_err().to_string();
            assert!(err.contains("zero.yaml: not a regular file"), "{err}");
            let err = list_folder(Path::new("/dev/zero")).unwrap_err().to_string();
            assert!(err.contains("not a regular file or folder"), "{err}");
        }
    }
}
