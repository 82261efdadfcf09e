//! Flow files kept encoded until a code of theirs is asked for.
//!
//! The built-in files (embedded by the build) and the files of a cached
//! folder come already validated, in MessagePack. A catalog places their
//! codes from each file's outline (see [`FlowFile::outline`]) and decodes a
//! file whole only when one of its codes is read: a search prints a few
//! codes of a catalog of thousands and decodes only their files.

use std::fmt;
use std::ops::Range;
use std::sync::{Arc, OnceLock};

use crate::core::model::FlowFile;

/// The encoded bytes of one flow file.
#[derive(Clone)]
pub(crate) enum Encoded {
    /// Embedded in the binary.
    Static(&'static [u8]),
    /// A part of a cache file read whole (shared by its files).
    Shared(Arc<Vec<u8>>, Range<usize>),
}

impl Encoded {
    fn bytes(&self) -> &[u8] {
        match self {
            Encoded::Static(bytes) => bytes,
            Encoded::Shared(all, range) => all.get(range.clone()).unwrap_or_default(),
        }
    }
}

/// A flow file decoded on first use.
#[derive(Clone)]
pub(super) struct Deferred {
    encoded: Encoded,
    flow: OnceLock<Option<FlowFile>>,
}

impl fmt::Debug for Deferred {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Deferred")
            .field("bytes", &self.encoded.bytes().len())
            .field("decoded", &self.flow.get().is_some())
            .finish()
    }
}

impl Deferred {
    pub(super) fn new(encoded: Encoded) -> Deferred {
        Deferred {
            encoded,
            flow: OnceLock::new(),
        }
    }

    /// The whole file, decoded the first time. `None` when the bytes do not
    /// decode: they passed the checks of their source (built by this build,
    /// or a cache file whose checksum and key matched), so only a forged
    /// cache file gets here, and its codes then read as unknown.
    pub(super) fn flow(&self) -> Option<&FlowFile> {
        self.flow
            .get_or_init(|| rmp_serde::from_slice(self.encoded.bytes()).ok())
            .as_ref()
    }
}

#[cfg(test)]
mod tests {
    use super::super::Catalog;

    fn decoded(catalog: &Catalog) -> usize {
        let deferred = catalog.deferred.iter().flatten();
        deferred.filter(|d| d.flow.get().is_some()).count()
    }

    #[test]
    fn the_builtin_catalog_decodes_only_the_files_read() {
        let catalog = Catalog::builtin().expect("built-in flows");
        let files = catalog.deferred.iter().flatten().count();
        assert!(files > 2, "the built-in files are kept encoded");
        assert_eq!(decoded(&catalog), 0, "nothing decoded to place the codes");
        assert!(catalog.len() > files, "every code placed from the outlines");

        let code = catalog.codes().next().expect("a code");
        let (entry, _) = catalog.get(code).expect("its entry");
        assert_eq!(entry.code, code);
        assert!(!entry.start.is_empty(), "the whole entry, not its outline");
        assert_eq!(decoded(&catalog), 1, "only its file");

        assert_eq!(catalog.files().count(), files);
        assert_eq!(decoded(&catalog), files);
    }

    #[test]
    fn a_sibling_entry_is_made_whole_when_read() {
        let catalog = Catalog::builtin().expect("built-in flows");
        let (listed, sibling) = catalog
            .files()
            .flat_map(|(_, flow)| &flow.codes)
            .find_map(|e| Some((e.clone(), e.same_tree.first()?.code)))
            .expect("a built-in entry with a same_tree");
        let (entry, _) = catalog.get(sibling).expect("the sibling's entry");
        assert_eq!(Some(entry), listed.sibling_entry(0).as_ref());
    }
}
