//! A cache of validated flow folders, so that a second start on unchanged
//! folders reads no YAML.
//!
//! One file per folder, in the platform's cache directory. It holds the
//! folder's parsed and validated flows, keyed by the path, size and
//! modification time of each flow file and by the build of actwiz (its
//! version and a fingerprint of its sources, so a change to the model or to
//! the rules invalidates it). It is written atomically (a temporary file,
//! then a rename) and checked before use: a magic number, a checksum over the
//! rest, the key, every file's place in the file; anything that differs,
//! or that does not decode, and the folder is read again. Writing is best
//! effort: a read-only or missing cache directory only means no cache.
//!
//! Each flow is stored twice: its outline (see [`FlowFile::outline`]) in the
//! header, decoded at load to place the codes, and the whole file after
//! the header, decoded only when one of its codes is read (see `deferred`).

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};

use super::deferred::Encoded;
use super::read::FileInfo;
use crate::core::model::FlowFile;

/// The first bytes of a cache file (the last one is the format's version).
const MAGIC: &[u8; 8] = b"ACTWIZC\x02";

/// What a cache file is valid for: this build of actwiz.
fn build_key() -> String {
    format!(
        "{}+{}",
        env!("CARGO_PKG_VERSION"),
        env!("ACTWIZ_SOURCE_FINGERPRINT")
    )
}

/// Where cache files go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cache {
    dir: PathBuf,
}

/// The header of a cache file, after the magic number, the checksum and
/// the header's length; the flows follow it.
#[derive(Serialize, Deserialize)]
struct Entry {
    build: String,
    folder: String,
    files: Vec<FileKey>,
    /// Each file's origin, outline, and where the whole flow is (start and
    /// end, counted from the end of the header).
    flows: Vec<(String, FlowFile, u64, u64)>,
}

/// A flow file taken from the cache: its origin, outline, and the whole
/// file still encoded.
pub(super) struct CachedFlow {
    pub origin: String,
    pub outline: FlowFile,
    pub whole: Encoded,
}

/// What identifies one version of a flow file without reading it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct FileKey {
    path: String,
    size: u64,
    /// Seconds and nanoseconds since 1970, when the system gives a time.
    modified: Option<(u64, u32)>,
}

impl FileKey {
    fn of(info: &FileInfo) -> FileKey {
        FileKey {
            path: info.origin(),
            size: info.size,
            modified: info
                .modified
                .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                .map(|d| (d.as_secs(), d.subsec_nanos())),
        }
    }
}

impl Cache {
    /// A cache in `dir` (created when first written).
    pub fn at(dir: impl Into<PathBuf>) -> Cache {
        Cache { dir: dir.into() }
    }

    /// The platform's cache directory for actwiz: `%LOCALAPPDATA%\actwiz\cache`
    /// on Windows, `$XDG_CACHE_HOME/actwiz` or `~/.cache/actwiz` elsewhere.
    /// `None` when `ACTWIZ_NO_CACHE` is set (to anything but empty) or no
    /// such directory can be named.
    pub(crate) fn from_env(env: impl Fn(&str) -> Option<String>) -> Option<Cache> {
        let set = |name: &str| env(name).filter(|v| !v.is_empty());
        if set("ACTWIZ_NO_CACHE").is_some() {
            return None;
        }
        let dir = if cfg!(windows) {
            PathBuf::from(set("LOCALAPPDATA")?)
                .join("actwiz")
                .join("cache")
        } else {
            match set("XDG_CACHE_HOME").map(PathBuf::from) {
                Some(dir) if dir.is_absolute() => dir.join("actwiz"),
                _ => PathBuf::from(set("HOME")?).join(".cache").join("actwiz"),
            }
        };
        Some(Cache { dir })
    }

    /// The cache file of `folder`.
    fn file_for(&self, folder: &Path) -> PathBuf {
        let absolute = fs::canonicalize(folder).unwrap_or_else(|_| folder.to_path_buf());
        let name = absolute.to_string_lossy();
        self.dir
            .join(format!("folder-{:016x}.bin", checksum(name.as_bytes())))
    }

    /// The validated flows of `folder`, when the cache holds them for
    /// exactly these `files` and this build; `None` otherwise (including
    /// when the cache file is missing, unreadable or corrupt).
    pub(super) fn load(&self, folder: &Path, files: &[FileInfo]) -> Option<Vec<CachedFlow>> {
        // Read whole and kept: the flows are decoded from it when needed.
        let (payload, start) = read_checked(&self.file_for(folder))?;
        let rest = payload.get(start..)?;
        let (length, rest) = rest.split_first_chunk::<8>()?;
        let length = usize::try_from(u64::from_le_bytes(*length)).ok()?;
        let entry: Entry = rmp_serde::from_slice(rest.get(..length)?).ok()?;
        let bodies = start + 8 + length;
        let room = (payload.len() - bodies) as u64;
        let keys: Vec<FileKey> = files.iter().map(FileKey::of).collect();
        let current = entry.build == build_key()
            && entry.folder == folder.display().to_string()
            && entry.files == keys
            // Each cached flow is one of the files, in the same order, and
            // lies within the file.
            && entry.flows.len() == keys.len()
            && entry
                .flows
                .iter()
                .zip(&keys)
                .all(|((o, _, from, to), k)| *o == k.path && from <= to && *to <= room);
        if !current {
            return None;
        }
        let payload = Arc::new(payload);
        let flows = entry
            .flows
            .into_iter()
            .map(|(origin, outline, from, to)| CachedFlow {
                origin,
                outline,
                whole: Encoded::Shared(
                    Arc::clone(&payload),
                    bodies + from as usize..bodies + to as usize,
                ),
            })
            .collect();
        Some(flows)
    }

    /// Records the validated flows of `folder`, read from `files`. Best
    /// effort: a failure leaves no partial file behind and is not an error.
    pub fn store(&self, folder: &Path, files: &[FileInfo], flows: &[(&str, &FlowFile)]) {
        let mut bodies = Vec::new();
        let mut placed = Vec::with_capacity(flows.len());
        for (origin, flow) in flows {
            let start = bodies.len() as u64;
            if rmp_serde::encode::write_named(&mut bodies, flow).is_err() {
                return;
            }
            placed.push((*origin, flow.outline(), start, bodies.len() as u64));
        }
        let entry = EntryRef {
            build: build_key(),
            folder: folder.display().to_string(),
            files: files.iter().map(FileKey::of).collect(),
            flows: &placed,
        };
        let Ok(header) = rmp_serde::to_vec_named(&entry) else {
            return;
        };
        let mut payload = Vec::with_capacity(8 + header.len() + bodies.len());
        payload.extend_from_slice(&(header.len() as u64).to_le_bytes());
        payload.extend_from_slice(&header);
        payload.extend_from_slice(&bodies);
        self.write_checked(&self.file_for(folder), &payload);
    }

    /// The bytes stored under `name` for `key` by this build, as given to
    /// [`Cache::store_bytes`]; `None` when missing, damaged or for another
    /// key or build. The caller still checks what the bytes say.
    pub(crate) fn load_bytes(&self, name: &str, key: &str) -> Option<Vec<u8>> {
        let (mut bytes, start) = read_checked(&self.dir.join(name))?;
        let mut header = format!("{}\n{key}\n", build_key()).into_bytes();
        header.extend_from_slice(&((bytes.len() - start) as u64).to_le_bytes());
        if !bytes.get(start..)?.starts_with(&header) {
            return None;
        }
        // Moved down in place: no second copy of a big index.
        bytes.drain(..start + header.len());
        Some(bytes)
    }

    /// Stores `bytes` under `name` for `key` (best effort, atomically).
    pub(crate) fn store_bytes(&self, name: &str, key: &str, bytes: &[u8]) {
        let mut header = format!("{}\n{key}\n", build_key()).into_bytes();
        let total = header.len() + 8 + bytes.len();
        header.extend_from_slice(&(total as u64).to_le_bytes());
        header.extend_from_slice(bytes);
        self.write_checked(&self.dir.join(name), &header);
    }

    /// Writes `payload` after the magic number and its checksum, through a
    /// temporary file renamed into place. Best effort: a failure leaves no
    /// partial file behind and is not an error.
    fn write_checked(&self, target: &Path, payload: &[u8]) {
        let temp = self.dir.join(format!(
            ".{}.{}.tmp",
            target
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            std::process::id()
        ));
        let written = fs::create_dir_all(&self.dir).and_then(|()| {
            let mut file = fs::File::create(&temp)?;
            file.write_all(MAGIC)?;
            file.write_all(&checksum(payload).to_le_bytes())?;
            file.write_all(payload)?;
            file.sync_all()?;
            fs::rename(&temp, target)
        });
        if written.is_err() {
            let _ = fs::remove_file(&temp);
        }
    }
}

/// A file written by [`Cache::write_checked`] and where its payload starts,
/// when its magic number and checksum are right.
fn read_checked(path: &Path) -> Option<(Vec<u8>, usize)> {
    let bytes = fs::read(path).ok()?;
    let rest = bytes.strip_prefix(MAGIC)?;
    let (sum, payload) = rest.split_first_chunk::<8>()?;
    if u64::from_le_bytes(*sum) != checksum(payload) {
        return None;
    }
    Some((bytes, MAGIC.len() + 8))
}

/// Where a catalog's search index may be found ready-made, for the search
/// module (which owns the index and its format).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) enum IndexSource {
    /// Nowhere: it is built.
    #[default]
    None,
    /// The built-in catalog: the index the build made.
    Builtin,
    /// A catalog loaded with a cache: the cache file `name`, valid for `key`
    /// (the layers' folders and every file's path, size and time).
    Cached {
        cache: Cache,
        name: String,
        key: String,
    },
}

/// A ready-made search index, as the catalog offers it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum StoredIndex<'a> {
    None,
    /// The bytes the build embedded.
    Builtin(&'static [u8]),
    /// In the cache: see [`Cache::load_bytes`] and [`Cache::store_bytes`].
    Cached {
        cache: &'a Cache,
        name: &'a str,
        key: &'a str,
    },
}

/// Names the cached search index of a catalog made of these layers (each a
/// folder and its files), valid for as long as no file changes.
pub(super) fn index_source(cache: &Cache, layers: &[(&Path, &[FileInfo])]) -> IndexSource {
    let folders: Vec<String> = layers
        .iter()
        .map(|(folder, _)| fs::canonicalize(folder).unwrap_or_else(|_| folder.to_path_buf()))
        .map(|p| p.display().to_string())
        .collect();
    let name = format!("index-{:016x}.bin", checksum(folders.join("\n").as_bytes()));
    let mut key = String::new();
    for ((folder, files), absolute) in layers.iter().zip(&folders) {
        key.push_str(&format!("{}|{absolute}", folder.display()));
        for file in files.iter().map(FileKey::of) {
            key.push_str(&format!("|{}:{}:{:?}", file.path, file.size, file.modified));
        }
        key.push('\n');
    }
    let key = format!("{:016x}-{}", checksum(key.as_bytes()), key.len());
    IndexSource::Cached {
        cache: cache.clone(),
        name,
        key,
    }
}

/// [`Entry`] borrowing the flows, to write them without a copy.
#[derive(Serialize)]
struct EntryRef<'a> {
    build: String,
    folder: String,
    files: Vec<FileKey>,
    flows: &'a [(&'a str, FlowFile, u64, u64)],
}

/// A 64-bit checksum (FNV-1a over 8-byte words): it detects a truncated or
/// damaged file, it is not a defence against someone who can write there
/// (they could as well write the flow files).
fn checksum(bytes: &[u8]) -> u64 {
    let mut sum = Checksum::new(bytes.len() as u64);
    sum.update(bytes);
    sum.finish()
}

/// [`checksum`] over bytes that come in pieces (their total length known
/// first).
struct Checksum {
    hash: u64,
    /// The bytes of a word not yet complete.
    carry: [u8; 8],
    carried: usize,
}

impl Checksum {
    const PRIME: u64 = 0x0000_0100_0000_01b3;

    fn new(length: u64) -> Checksum {
        Checksum {
            hash: 0xcbf2_9ce4_8422_2325 ^ length,
            carry: [0; 8],
            carried: 0,
        }
    }

    fn word(&mut self, word: [u8; 8]) {
        self.hash = (self.hash ^ u64::from_le_bytes(word)).wrapping_mul(Self::PRIME);
        self.hash ^= self.hash >> 29;
    }

    fn update(&mut self, mut bytes: &[u8]) {
        if self.carried > 0 {
            let take = (8 - self.carried).min(bytes.len());
            self.carry[self.carried..self.carried + take].copy_from_slice(&bytes[..take]);
            self.carried += take;
            bytes = &bytes[take..];
            if self.carried < 8 {
                return;
            }
            self.word(self.carry);
            self.carried = 0;
        }
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.word(word);
        }
        let rest = chunks.remainder();
        self.carry[..rest.len()].copy_from_slice(rest);
        self.carried = rest.len();
    }

    fn finish(self) -> u64 {
        self.carry[..self.carried]
            .iter()
            .fold(self.hash, |hash, &b| {
                (hash ^ u64::from(b)).wrapping_mul(Self::PRIME)
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_of(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let vars: Vec<(String, String)> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |name| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
    }

    #[test]
    fn cache_dir_follows_the_platform_and_can_be_turned_off() {
        if cfg!(windows) {
            assert_eq!(
                Cache::from_env(env_of(&[("LOCALAPPDATA", r"C:\L")])),
                Some(Cache::at(r"C:\L\actwiz\cache"))
            );
        } else {
            assert_eq!(
                Cache::from_env(env_of(&[("XDG_CACHE_HOME", "/x"), ("HOME", "/h")])),
                Some(Cache::at("/x/actwiz"))
            );
            assert_eq!(
                Cache::from_env(env_of(&[("XDG_CACHE_HOME", "rel"), ("HOME", "/h")])),
                Some(Cache::at("/h/.cache/actwiz"))
            );
        }
        assert_eq!(
            Cache::from_env(env_of(&[("ACTWIZ_NO_CACHE", "1"), ("HOME", "/h")])),
            None
        );
    }

    /// A cache file rewritten with `change` applied to its flows (what
    /// follows the header), and its checksum made right again: what only
    /// a forger could write.
    fn forge(file: &Path, change: impl FnOnce(&mut Vec<u8>)) {
        let bytes = fs::read(file).expect("cache file");
        let payload = &bytes[MAGIC.len() + 8..];
        let length = u64::from_le_bytes(payload[..8].try_into().expect("8 bytes")) as usize;
        let (header, mut flows) = (
            payload[..8 + length].to_vec(),
            payload[8 + length..].to_vec(),
        );
        change(&mut flows);
        let mut forged = header;
        forged.extend_from_slice(&flows);
        let mut out = MAGIC.to_vec();
        out.extend_from_slice(&checksum(&forged).to_le_bytes());
        out.extend_from_slice(&forged);
        fs::write(file, out).expect("write");
    }

    #[test]
    fn flows_beyond_the_file_or_that_do_not_decode_are_never_used() {
        use crate::core::catalog::{Catalog, Code};
        let cache_dir = tempfile::tempdir().expect("temp");
        let cache = Cache::at(cache_dir.path());
        let flows = tempfile::tempdir().expect("temp");
        let yaml = include_str!("../../../tests/fixtures/ports/ports.yaml");
        fs::write(flows.path().join("ports.yaml"), yaml).expect("write");
        let folders = [flows.path().to_path_buf()];
        let load = || Catalog::load(&folders, Some(&cache), &mut |_| {}).expect("loads");
        let code = Code(0xC0DE_0002);
        let whole = load().get(code).map(|(e, f)| (e.clone(), f.clone()));
        assert!(whole.is_some());
        let file = cache.file_for(flows.path());

        // Shorter than the header says: a miss, the YAML is read again.
        forge(&file, |flows| {
            flows.pop();
        });
        let catalog = load();
        assert_eq!(
            catalog.get(code).map(|(e, f)| (e.clone(), f.clone())),
            whole
        );

        // In place but not a flow: the code reads as unknown, no panic.
        forge(&file, |flows| flows.iter_mut().for_each(|b| *b = 0xc1));
        let catalog = load();
        assert!(
            catalog.codes().any(|c| c == code),
            "placed from the outline"
        );
        assert!(catalog.get(code).is_none());
    }

    #[test]
    fn checksum_in_pieces_is_the_checksum_of_the_whole() {
        let data: Vec<u8> = (0..200u32).map(|i| (i * 37 % 251) as u8).collect();
        for len in [0, 1, 7, 8, 9, 63, 200] {
            let whole = checksum(&data[..len]);
            for piece in [1, 3, 8, 13] {
                let mut sum = Checksum::new(len as u64);
                for chunk in data[..len].chunks(piece) {
                    sum.update(chunk);
                }
                assert_eq!(sum.finish(), whole, "length {len}, pieces of {piece}");
            }
        }
    }

    #[test]
    fn checksum_sees_any_changed_byte() {
        let data: Vec<u8> = (0..100u8).collect();
        let base = checksum(&data);
        for i in 0..data.len() {
            let mut changed = data.clone();
            changed[i] ^= 1;
            assert_ne!(checksum(&changed), base, "byte {i}");
        }
        assert_ne!(checksum(&data[..99]), base);
    }
}
