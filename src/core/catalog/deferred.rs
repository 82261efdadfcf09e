//! Flow files kept encoded until a code of theirs is asked for.
//!
//! The built-in files (embedded by the build) and the files of a cached
//! folder come already validated, in MessagePack. A catalog places their
//! codes from each file's outline (see [`FlowFile::outline`]) and decodes a
//! file whole only when one of its codes is read: a search prints a few
//! codes of a catalog of thousands and decodes only their files.

use std::fmt;
use std::sync::OnceLock;

use super::cache::Section;
use crate::core::model::{CodeEntry, FlowFile};

/// The encoded bytes of one flow file.
#[derive(Clone)]
pub(crate) enum Encoded {
    /// Embedded in the binary.
    Static(&'static [u8]),
    /// A part of a folder's cache file, read when first needed.
    Section(Section),
}

impl Encoded {
    fn len(&self) -> u64 {
        match self {
            Encoded::Static(bytes) => bytes.len() as u64,
            Encoded::Section(section) => section.len(),
        }
    }
}

/// Each entry of a file encoded alone (the build embeds the built-in files'
/// so): a list of codes shows their entries without decoding the trees.
#[derive(Clone)]
pub(super) struct Cards {
    bytes: &'static [u8],
    /// Where each entry is in `bytes`, in the file's order.
    ranges: &'static [(usize, usize)],
    decoded: Vec<OnceLock<Option<CodeEntry>>>,
}

impl Cards {
    pub(super) fn new(bytes: &'static [u8], ranges: &'static [(usize, usize)]) -> Cards {
        Cards {
            bytes,
            ranges,
            decoded: ranges.iter().map(|_| OnceLock::new()).collect(),
        }
    }

    /// Entry `i`, decoded the first time (`None` past the end, or when the
    /// bytes do not decode: the whole file then serves).
    fn entry(&self, i: usize) -> Option<&CodeEntry> {
        let decode = || {
            let &(start, end) = self.ranges.get(i)?;
            rmp_serde::from_slice(self.bytes.get(start..end)?).ok()
        };
        self.decoded.get(i)?.get_or_init(decode).as_ref()
    }
}

/// A flow file decoded on first use.
#[derive(Clone)]
pub(super) struct Deferred {
    encoded: Encoded,
    flow: OnceLock<Option<FlowFile>>,
    cards: Option<Cards>,
}

impl fmt::Debug for Deferred {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Deferred")
            .field("bytes", &self.encoded.len())
            .field("decoded", &self.flow.get().is_some())
            .field("cards", &self.cards.as_ref().map(|c| c.ranges.len()))
            .finish()
    }
}

impl Deferred {
    pub(super) fn new(encoded: Encoded) -> Deferred {
        Deferred {
            encoded,
            flow: OnceLock::new(),
            cards: None,
        }
    }

    /// A file whose entries are also encoded one by one.
    pub(super) fn with_cards(encoded: Encoded, cards: Cards) -> Deferred {
        Deferred {
            cards: Some(cards),
            ..Deferred::new(encoded)
        }
    }

    /// Entry `i` of the file: from the whole file once it is decoded, else
    /// decoded alone when the entries were encoded so, else from the whole
    /// file (decoded now).
    pub(super) fn entry(&self, i: usize) -> Option<&CodeEntry> {
        if let Some(flow) = self.flow.get() {
            return flow.as_ref()?.codes.get(i);
        }
        match self.cards.as_ref().and_then(|cards| cards.entry(i)) {
            Some(entry) => Some(entry),
            None => self.flow()?.codes.get(i),
        }
    }

    /// Kept in a folder's cache file (rather than built in).
    #[cfg(test)]
    pub(super) fn is_cached(&self) -> bool {
        matches!(self.encoded, Encoded::Section(_))
    }

    /// The whole file, decoded the first time. `None` when the bytes do not
    /// decode: the built-in ones were made by this build; a cache file's
    /// are checked against their checksum and, when damaged, made again
    /// from their YAML file if it is still the one cached (see
    /// `Section::flow`), so only a cache file damaged after its flow file
    /// changed gets here, and its codes then read as unknown.
    pub(super) fn flow(&self) -> Option<&FlowFile> {
        self.flow
            .get_or_init(|| match &self.encoded {
                Encoded::Static(bytes) => rmp_serde::from_slice(bytes).ok(),
                Encoded::Section(section) => section.flow(),
            })
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
    fn a_card_decodes_the_entry_alone_and_equals_the_whole_entry() {
        let catalog = Catalog::builtin().expect("built-in flows");
        let codes: Vec<_> = catalog.codes().collect();
        let cards: Vec<_> = codes
            .iter()
            .map(|&code| catalog.card(code).expect("every code has a card"))
            .map(|(entry, family)| (entry.clone(), family.to_string()))
            .collect();
        assert_eq!(decoded(&catalog), 0, "no file decoded for the cards");
        for (code, (entry, family)) in codes.into_iter().zip(cards) {
            let (whole, flow) = catalog.get(code).expect("its entry");
            assert_eq!(&entry, whole, "{code}");
            assert_eq!(family, flow.family, "{code}");
        }
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
