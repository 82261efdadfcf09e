//! The search index made once: by the build for the built-in catalog
//! (embedded in the binary, see `build.rs`), and kept in the cache for
//! user folders (written the first time a catalog of those files is
//! searched). Building it folds and cuts every text of the catalog, most of
//! the work of a search on a fresh start; reading it back costs a fraction.
//!
//! Never trusted beyond what is checked: the cache names the files it was
//! made from (paths, sizes, times) and the build, the bytes must decode
//! with every number in range (`text/stored.rs`), and the codes must be
//! exactly the catalog's. Anything else and the index is built again (and
//! stored again when there is a cache).

use super::text::{Parts, Reader, TextIndex, Writer};
use super::SearchIndex;
use crate::core::catalog::cache::StoredIndex;
use crate::core::catalog::{Catalog, Code};

/// The first bytes of a stored index (the last one is the format's version).
const MAGIC: &[u8; 8] = b"ACTWIZX\x02";

/// The catalog's index: stored if it can be used, built otherwise.
pub(super) fn index_of(catalog: &Catalog) -> SearchIndex<'_> {
    match catalog.stored_index() {
        StoredIndex::None => SearchIndex::build(catalog),
        StoredIndex::Builtin(bytes) => {
            decode(catalog, bytes).unwrap_or_else(|| SearchIndex::build(catalog))
        }
        StoredIndex::Cached { cache, name, key } => {
            let stored = cache
                .load_bytes(name, key)
                .and_then(|(bytes, start)| decode(catalog, bytes.get(start..)?));
            stored.unwrap_or_else(|| {
                let index = SearchIndex::build(catalog);
                cache.store_bytes(name, key, &encode(&index));
                index
            })
        }
    }
}

/// The stored form of an index: its codes and its text part.
pub(crate) fn encode(index: &SearchIndex) -> Vec<u8> {
    let mut out = Writer(MAGIC.to_vec());
    out.list(index.codes.iter().map(|c| c.0));
    index.text.parts().encode(&mut out);
    out.0
}

/// The index stored in `bytes`, if they hold one made for exactly the
/// codes of `catalog`.
pub(crate) fn decode<'c>(catalog: &'c Catalog, bytes: &[u8]) -> Option<SearchIndex<'c>> {
    let mut input = Reader(bytes.strip_prefix(MAGIC)?);
    let codes: Vec<Code> = input.list()?.into_iter().map(Code).collect();
    if !codes.iter().copied().eq(catalog.codes()) {
        return None;
    }
    let parts = Parts::decode(&mut input)?;
    if !input.0.is_empty() || parts.code_count != codes.len() {
        return None;
    }
    let text = TextIndex::from_parts(parts);
    Some(SearchIndex::from_text(catalog, codes, text))
}
