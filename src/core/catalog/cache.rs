//! A cache of validated flow folders, so that a second start on unchanged
//! folders reads no YAML.
//!
//! One file per folder, in the platform's cache directory. It holds the
//! folder's parsed and validated flows, keyed by the path, size and
//! modification time of each flow file and by the build of actwiz (its
//! version and a fingerprint of its sources, so a change to the model or to
//! the rules invalidates it). It is written atomically (a temporary file,
//! then a rename) and checked before use: a magic number, a checksum over the
//! header, the key, the file's length, every flow's place in the file;
//! anything that differs, or that does not decode, and the folder is read
//! again. Writing is best effort: a read-only or missing cache directory
//! only means no cache.
//!
//! Each flow is stored twice: its outline (see [`FlowFile::outline`]) in the
//! header, decoded at load to place the codes, and the whole file after
//! the header, with a checksum of its own, read and decoded only when one of
//! its codes is read (see `deferred`): a search on a big folder reads the
//! header and the files of the codes it prints, not the whole cache. A
//! section that is damaged by then is made again from its YAML file, when
//! that file is still the one cached (same size and time, and it encodes to
//! the very bytes whose checksum the header holds), and the cache file is
//! repaired; otherwise the cache file is removed (the next start rebuilds
//! it) and the file's codes read as unknown.

use std::fs;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};

use super::read::FileInfo;
use crate::core::model::FlowFile;

/// The first bytes of a cache file of bytes (see [`Cache::store_bytes`];
/// the last one is the format's version).
const MAGIC: &[u8; 8] = b"ACTWIZC\x02";
/// The first bytes of a folder's cache file, followed by the header's
/// checksum and length.
const FOLDER_MAGIC: &[u8; 8] = b"ACTWIZF\x01";
/// The magic number, the header's checksum and its length.
const FOLDER_PREFIX: u64 = 24;

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

/// The header of a folder's cache file, after the magic number, the
/// header's checksum and its length; the flows follow it.
#[derive(Serialize, Deserialize)]
struct Entry {
    build: String,
    folder: String,
    files: Vec<FileKey>,
    /// Each file's origin, outline, where the whole flow is (start and
    /// end, counted from the end of the header) and the checksum of its
    /// bytes.
    flows: Vec<(String, FlowFile, u64, u64, u64)>,
    /// The length of what follows the header.
    body: u64,
}

/// A flow file taken from the cache: its origin, outline, and where the
/// whole file is, still encoded.
pub(super) struct CachedFlow {
    pub origin: String,
    pub outline: FlowFile,
    pub whole: Section,
}

/// A folder's cache file, kept open from its load so that its flows are
/// read from the file whose header was checked (a cache written since by
/// another start replaces the name, not this file).
#[derive(Debug)]
pub(super) struct OpenCache {
    path: PathBuf,
    file: Mutex<fs::File>,
}

/// One flow of a folder's cache file, read and checked when first needed.
#[derive(Clone, Debug)]
pub(super) struct Section {
    cache: Arc<OpenCache>,
    /// Where its bytes are in the cache file, and their checksum.
    start: u64,
    len: u64,
    sum: u64,
    /// The flow file it was made from, as it was when cached.
    source: FileInfo,
}

impl Section {
    pub(super) fn len(&self) -> u64 {
        self.len
    }

    /// The whole flow: from the cache when its bytes are whole, otherwise
    /// from its YAML file (see the module's documentation); `None` when
    /// neither can be trusted.
    pub(super) fn flow(&self) -> Option<FlowFile> {
        let cached = self.bytes().and_then(|b| rmp_serde::from_slice(&b).ok());
        cached.or_else(|| match self.read_yaml() {
            Some((flow, bytes)) => {
                self.cache.repair(self.start, &bytes);
                Some(flow)
            }
            None => {
                let _ = fs::remove_file(&self.cache.path);
                None
            }
        })
    }

    /// The section's bytes, when they are those the header's checksum names.
    fn bytes(&self) -> Option<Vec<u8>> {
        let mut bytes = vec![0u8; usize::try_from(self.len).ok()?];
        {
            let mut file = self.cache.file.lock().ok()?;
            file.seek(SeekFrom::Start(self.start)).ok()?;
            file.read_exact(&mut bytes).ok()?;
        }
        (checksum(&bytes) == self.sum).then_some(bytes)
    }

    /// The flow read again from its YAML file, and its encoding, when the
    /// file is the one cached: same size and time, and the same bytes once
    /// encoded (so it is the flow that was validated with its folder).
    fn read_yaml(&self) -> Option<(FlowFile, Vec<u8>)> {
        let path = &self.source.path;
        let meta = fs::metadata(path).ok()?;
        let now = FileInfo {
            path: path.clone(),
            size: meta.len(),
            modified: meta.modified().ok(),
        };
        if FileKey::of(&now) != FileKey::of(&self.source) {
            return None;
        }
        let text = fs::read_to_string(path).ok()?;
        let (parsed, problems) = super::load::parse_flow(&self.source.origin(), &text);
        let flow = parsed.filter(|_| problems.is_empty())?.flow;
        let mut bytes = Vec::new();
        rmp_serde::encode::write_named(&mut bytes, &flow).ok()?;
        let same = bytes.len() as u64 == self.len && checksum(&bytes) == self.sum;
        same.then_some((flow, bytes))
    }
}

impl OpenCache {
    /// Puts `bytes` back at `start` in the cache file, through a new file
    /// renamed into place, and reads on from it. Best effort.
    fn repair(&self, start: u64, bytes: &[u8]) {
        let Ok(mut file) = self.file.lock() else {
            return;
        };
        let mut all = Vec::new();
        let read = file
            .seek(SeekFrom::Start(0))
            .and_then(|_| file.read_to_end(&mut all));
        let Ok(start) = usize::try_from(start) else {
            return;
        };
        let Some(place) = all.get_mut(start..start.saturating_add(bytes.len())) else {
            return;
        };
        if read.is_err() {
            return;
        }
        place.copy_from_slice(bytes);
        let Some(dir) = self.path.parent() else {
            return;
        };
        if write_atomically(dir, &self.path, &[&all]) {
            if let Ok(reopened) = fs::File::open(&self.path) {
                *file = reopened;
            }
        }
    }
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
    /// when the cache file is missing, unreadable or corrupt). Reads the
    /// header alone: each flow is read when first needed.
    pub(super) fn load(&self, folder: &Path, files: &[FileInfo]) -> Option<Vec<CachedFlow>> {
        let path = self.file_for(folder);
        let mut file = fs::File::open(&path).ok()?;
        let total = file.metadata().ok()?.len();
        let mut prefix = [0u8; FOLDER_PREFIX as usize];
        file.read_exact(&mut prefix).ok()?;
        let (magic, rest) = prefix.split_first_chunk::<8>()?;
        let (sum, rest) = rest.split_first_chunk::<8>()?;
        let (length, _) = rest.split_first_chunk::<8>()?;
        let length = u64::from_le_bytes(*length);
        if magic != FOLDER_MAGIC || length > total.checked_sub(FOLDER_PREFIX)? {
            return None;
        }
        let mut header = vec![0u8; usize::try_from(length).ok()?];
        file.read_exact(&mut header).ok()?;
        if checksum(&header) != u64::from_le_bytes(*sum) {
            return None;
        }
        let entry: Entry = rmp_serde::from_slice(&header).ok()?;
        let bodies = FOLDER_PREFIX + length;
        let keys: Vec<FileKey> = files.iter().map(FileKey::of).collect();
        let current = entry.build == build_key()
            && entry.folder == folder.display().to_string()
            && entry.files == keys
            // Not cut short nor longer than written.
            && bodies.checked_add(entry.body) == Some(total)
            // Each cached flow is one of the files, in the same order, and
            // lies within the file.
            && entry.flows.len() == keys.len()
            && entry
                .flows
                .iter()
                .zip(&keys)
                .all(|((o, _, from, to, _), k)| *o == k.path && from <= to && *to <= entry.body);
        if !current {
            return None;
        }
        let cache = Arc::new(OpenCache {
            path,
            file: Mutex::new(file),
        });
        let flows = entry
            .flows
            .into_iter()
            .zip(files)
            .map(|((origin, outline, from, to, sum), source)| CachedFlow {
                origin,
                outline,
                whole: Section {
                    cache: Arc::clone(&cache),
                    start: bodies + from,
                    len: to - from,
                    sum,
                    source: source.clone(),
                },
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
            let start = bodies.len();
            if rmp_serde::encode::write_named(&mut bodies, flow).is_err() {
                return;
            }
            let sum = checksum(&bodies[start..]);
            placed.push((
                *origin,
                flow.outline(),
                start as u64,
                bodies.len() as u64,
                sum,
            ));
        }
        let entry = EntryRef {
            build: build_key(),
            folder: folder.display().to_string(),
            files: files.iter().map(FileKey::of).collect(),
            flows: &placed,
            body: bodies.len() as u64,
        };
        let Ok(header) = rmp_serde::to_vec_named(&entry) else {
            return;
        };
        let mut prefix = FOLDER_MAGIC.to_vec();
        prefix.extend_from_slice(&checksum(&header).to_le_bytes());
        prefix.extend_from_slice(&(header.len() as u64).to_le_bytes());
        write_atomically(
            &self.dir,
            &self.file_for(folder),
            &[&prefix, &header, &bodies],
        );
    }

    /// The bytes stored under `name` for `key` by this build, as given to
    /// [`Cache::store_bytes`]; `None` when missing, damaged or for another
    /// key or build. The caller still checks what the bytes say.
    /// The bytes are `.0[.1..]` (not moved down: no second pass over a
    /// big index).
    pub(crate) fn load_bytes(&self, name: &str, key: &str) -> Option<(Vec<u8>, usize)> {
        let (bytes, start) = read_checked(&self.dir.join(name))?;
        let mut header = format!("{}\n{key}\n", build_key()).into_bytes();
        header.extend_from_slice(&((bytes.len() - start) as u64).to_le_bytes());
        if !bytes.get(start..)?.starts_with(&header) {
            return None;
        }
        Some((bytes, start + header.len()))
    }

    /// Stores `bytes` under `name` for `key` (best effort, atomically).
    pub(crate) fn store_bytes(&self, name: &str, key: &str, bytes: &[u8]) {
        let mut header = format!("{}\n{key}\n", build_key()).into_bytes();
        let total = header.len() + 8 + bytes.len();
        header.extend_from_slice(&(total as u64).to_le_bytes());
        header.extend_from_slice(bytes);
        self.write_checked(&self.dir.join(name), &header);
    }

    /// Writes `payload` after the magic number and its checksum (see
    /// [`write_atomically`]).
    fn write_checked(&self, target: &Path, payload: &[u8]) {
        let sum = checksum(payload).to_le_bytes();
        write_atomically(&self.dir, target, &[MAGIC, &sum, payload]);
    }
}

/// Writes `parts` one after the other to `target` in `dir`, through a
/// temporary file renamed into place. Best effort: a failure leaves no
/// partial file behind and is not an error (false).
fn write_atomically(dir: &Path, target: &Path, parts: &[&[u8]]) -> bool {
    let temp = dir.join(format!(
        ".{}.{}.tmp",
        target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        std::process::id()
    ));
    let written = fs::create_dir_all(dir).and_then(|()| {
        let mut file = fs::File::create(&temp)?;
        for part in parts {
            file.write_all(part)?;
        }
        file.sync_all()?;
        fs::rename(&temp, target)
    });
    if written.is_err() {
        let _ = fs::remove_file(&temp);
    }
    written.is_ok()
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
    flows: &'a [(&'a str, FlowFile, u64, u64, u64)],
    body: u64,
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

    /// Where the flows start in a folder's cache file.
    fn bodies_start(bytes: &[u8]) -> usize {
        let length = u64::from_le_bytes(bytes[16..24].try_into().expect("8 bytes"));
        FOLDER_PREFIX as usize + length as usize
    }

    #[test]
    fn a_damaged_flow_is_read_again_from_its_yaml_or_not_at_all() {
        use crate::core::catalog::{Catalog, Code};
        let cache_dir = tempfile::tempdir().expect("temp");
        let cache = Cache::at(cache_dir.path());
        let flows = tempfile::tempdir().expect("temp");
        let yaml = include_str!("../../../tests/fixtures/ports/ports.yaml");
        let yaml_file = flows.path().join("ports.yaml");
        fs::write(&yaml_file, yaml).expect("write");
        let folders = [flows.path().to_path_buf()];
        let load = || Catalog::load(&folders, Some(&cache), &mut |_| {}).expect("loads");
        let from_cache =
            |catalog: &Catalog| catalog.deferred.iter().flatten().any(|d| d.is_cached());
        let code = Code(0xC0DE_0002);
        let catalog = load();
        assert!(!from_cache(&catalog), "first load: from the YAML");
        let whole = catalog.get(code).map(|(e, f)| (e.clone(), f.clone()));
        assert!(whole.is_some());
        let file = cache.file_for(flows.path());
        let good = fs::read(&file).expect("cache file");
        let start = bodies_start(&good);
        assert!(start < good.len());

        // Cut short by a byte: a miss at load, the YAML is read and cached
        // again.
        fs::write(&file, &good[..good.len() - 1]).expect("write");
        let catalog = load();
        assert!(!from_cache(&catalog));
        assert_eq!(
            catalog.get(code).map(|(e, f)| (e.clone(), f.clone())),
            whole
        );
        assert_eq!(fs::read(&file).expect("read"), good, "written again");

        // One byte of the flow flipped: the header is whole, so a hit; the
        // flow's checksum fails when its code is read, it is made again
        // from its YAML file (unchanged) and the cache file is repaired.
        let mut flipped = good.clone();
        flipped[start + (good.len() - start) / 2] ^= 0x10;
        fs::write(&file, &flipped).expect("write");
        let catalog = load();
        assert!(from_cache(&catalog), "a hit");
        assert_eq!(
            catalog.get(code).map(|(e, f)| (e.clone(), f.clone())),
            whole
        );
        assert_eq!(fs::read(&file).expect("read"), good, "repaired");

        // Flipped again, and the YAML changed since the load (same size):
        // neither can be trusted. The code reads as unknown, no panic, and
        // the cache file is removed (the next start reads the YAML).
        fs::write(&file, &flipped).expect("write");
        let catalog = load();
        assert!(from_cache(&catalog), "a hit");
        fs::write(&yaml_file, yaml.replace("Port error.", "Port errer.")).expect("write");
        assert!(
            catalog.codes().any(|c| c == code),
            "placed from the outline"
        );
        assert!(catalog.get(code).is_none());
        assert!(!file.exists(), "removed");
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
