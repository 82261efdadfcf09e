//! The part of the text index that costs to build (folding every text,
//! cutting it into words, the vocabulary), in flat arrays that can be
//! stored and read back: the built-in catalog's is made by the build, a
//! user folder's goes in the cache. The rest of the index (postings, word
//! rarity, the lookup tables) is derived from it when it is loaded.
//!
//! Stored bytes are checked before use ([`Parts::decode`]): every length,
//! every word and code number in range, so that a damaged or foreign file
//! gives `None` (and the index is built again), never a panic.

use super::{WordMap, MAX_FIELD_WORDS};
use crate::core::catalog::Lang;
use crate::core::search::fold::{content_words, fold_text};
use crate::core::search::{Field, MatchKind};

/// Where a field's text is in the catalog, so that the index need not keep
/// a copy of it: the code (its index among the codes) and the item of the
/// code's list for that field (alias, keyword or symptom number; for a
/// cause, twice the resolution's number among those reachable from the
/// code, plus one for its cause rather than its title).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct TextRef {
    pub code: u32,
    pub item: u32,
}

/// What a field is, and where its text is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct FieldInfo {
    pub field: Field,
    pub kind: MatchKind,
    pub lang: Option<Lang>,
    pub at: TextRef,
}

/// Every field's words (vocabulary ids, in order) and owners (code
/// indices): those of field `f` are `words[word_start[f]..word_start[f + 1]]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct FieldTable {
    pub info: Vec<FieldInfo>,
    pub word_start: Vec<u32>,
    pub words: Vec<u32>,
    pub owner_start: Vec<u32>,
    pub owners: Vec<u32>,
}

impl Default for FieldTable {
    fn default() -> FieldTable {
        FieldTable {
            info: Vec::new(),
            word_start: vec![0],
            words: Vec::new(),
            owner_start: vec![0],
            owners: Vec::new(),
        }
    }
}

impl FieldTable {
    pub(crate) fn len(&self) -> usize {
        self.info.len()
    }

    /// The vocabulary ids of field `f`'s content words, in order.
    pub(crate) fn words_of(&self, f: usize) -> &[u32] {
        match (self.word_start.get(f), self.word_start.get(f + 1)) {
            (Some(&a), Some(&b)) => self.words.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
    }

    /// The codes (indices) field `f` belongs to.
    pub(crate) fn owners_of(&self, f: usize) -> &[u32] {
        match (self.owner_start.get(f), self.owner_start.get(f + 1)) {
            (Some(&a), Some(&b)) => self.owners.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
    }
}

/// The stored part of a text index.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Parts {
    pub code_count: usize,
    /// The vocabulary, by id, in byte order (ids are given in that order
    /// when the index is built, so a load checks it in one pass instead of
    /// sorting it).
    pub vocab: Vec<String>,
    /// For each word, the number of codes with a field that holds it (its
    /// rarity is derived from it).
    pub df: Vec<u32>,
    pub fields: FieldTable,
}

/// Builds the stored part, one field at a time.
#[derive(Default)]
pub(crate) struct Builder {
    ids: WordMap<String, u32>,
    parts: Parts,
}

impl Builder {
    /// Adds a field owned by the given codes (indices).
    pub(crate) fn add(&mut self, owners: &[u32], info: FieldInfo, text: &str) {
        let folded = fold_text(text);
        let table = &mut self.parts.fields;
        for word in content_words(&folded).into_iter().take(MAX_FIELD_WORDS) {
            let id = match self.ids.get(&word.text) {
                Some(id) => *id,
                None => {
                    let id = self.parts.vocab.len() as u32;
                    self.parts.vocab.push(word.text.clone());
                    self.ids.insert(word.text, id);
                    id
                }
            };
            table.words.push(id);
        }
        table.word_start.push(table.words.len() as u32);
        table.owners.extend_from_slice(owners);
        table.owner_start.push(table.owners.len() as u32);
        table.info.push(info);
    }

    /// The stored part: word ids renumbered in the vocabulary's byte
    /// order, and each word's number of codes counted.
    pub(crate) fn finish(self, code_count: usize) -> Parts {
        let Parts {
            vocab, mut fields, ..
        } = self.parts;
        let mut order: Vec<u32> = (0..vocab.len() as u32).collect();
        order.sort_unstable_by(|a, b| vocab[*a as usize].cmp(&vocab[*b as usize]));
        let mut new_id = vec![0u32; vocab.len()];
        for (new, &old) in order.iter().enumerate() {
            new_id[old as usize] = new as u32;
        }
        let mut by_old: Vec<Option<String>> = vocab.into_iter().map(Some).collect();
        let vocab: Vec<String> = order
            .iter()
            .map(|&old| by_old[old as usize].take().unwrap_or_default())
            .collect();
        for w in &mut fields.words {
            *w = new_id[*w as usize];
        }
        let df = codes_per_word(&fields, vocab.len(), code_count);
        Parts {
            code_count,
            vocab,
            df,
            fields,
        }
    }
}

/// For each vocabulary word, the number of codes that own a field holding
/// it.
fn codes_per_word(fields: &FieldTable, vocab_len: usize, code_count: usize) -> Vec<u32> {
    let mut by_code: Vec<Vec<u32>> = vec![Vec::new(); code_count];
    for f in 0..fields.len() {
        for &o in fields.owners_of(f) {
            if let Some(list) = by_code.get_mut(o as usize) {
                list.push(f as u32);
            }
        }
    }
    let mut df = vec![0u32; vocab_len];
    let mut last_seen = vec![u32::MAX; vocab_len];
    for (code, fields_of_code) in by_code.iter().enumerate() {
        for &f in fields_of_code {
            for &w in fields.words_of(f as usize) {
                if last_seen[w as usize] != code as u32 {
                    last_seen[w as usize] = code as u32;
                    df[w as usize] += 1;
                }
            }
        }
    }
    df
}

/// The numbers of the kinds of field and match, in the stored form.
const FIELDS: [Field; 6] = [
    Field::Code,
    Field::Message,
    Field::Alias,
    Field::Keyword,
    Field::Symptom,
    Field::Cause,
];
const KINDS: [MatchKind; 6] = [
    MatchKind::ExactCode,
    MatchKind::PartialCode,
    MatchKind::Message,
    MatchKind::Keyword,
    MatchKind::Symptom,
    MatchKind::Cause,
];

/// A field's kind of text, kind of match and language in one number.
fn pack(info: &FieldInfo) -> u32 {
    let field = FIELDS.iter().position(|f| *f == info.field).unwrap_or(0) as u32;
    let kind = KINDS.iter().position(|k| *k == info.kind).unwrap_or(0) as u32;
    let lang = match info.lang {
        None => 0,
        Some(Lang::En) => 1,
        Some(Lang::Fr) => 2,
    };
    field | kind << 4 | lang << 8
}

fn unpack(packed: u32, at: TextRef) -> Option<FieldInfo> {
    let lang = match packed >> 8 {
        0 => None,
        1 => Some(Lang::En),
        2 => Some(Lang::Fr),
        _ => return None,
    };
    Some(FieldInfo {
        field: *FIELDS.get((packed & 0xf) as usize)?,
        kind: *KINDS.get((packed >> 4 & 0xf) as usize)?,
        lang,
        at,
    })
}

/// Little-endian numbers and lists, each list after its length.
#[derive(Default)]
pub(crate) struct Writer(pub Vec<u8>);

impl Writer {
    pub(crate) fn u32(&mut self, n: u32) {
        self.0.extend_from_slice(&n.to_le_bytes());
    }

    pub(crate) fn list(&mut self, items: impl ExactSizeIterator<Item = u32>) {
        self.u32(items.len() as u32);
        for n in items {
            self.u32(n);
        }
    }

    pub(crate) fn bytes(&mut self, bytes: &[u8]) {
        self.u32(bytes.len() as u32);
        self.0.extend_from_slice(bytes);
    }
}

/// Reads what [`Writer`] wrote; `None` past the end.
pub(crate) struct Reader<'a>(pub &'a [u8]);

impl<'a> Reader<'a> {
    pub(crate) fn u32(&mut self) -> Option<u32> {
        let (head, rest) = self.0.split_first_chunk::<4>()?;
        self.0 = rest;
        Some(u32::from_le_bytes(*head))
    }

    pub(crate) fn bytes(&mut self) -> Option<&'a [u8]> {
        let len = self.u32()? as usize;
        if len > self.0.len() {
            return None;
        }
        let (head, rest) = self.0.split_at(len);
        self.0 = rest;
        Some(head)
    }

    pub(crate) fn list(&mut self) -> Option<Vec<u32>> {
        let len = self.u32()? as usize;
        let bytes = self.0.get(..len.checked_mul(4)?)?;
        self.0 = &self.0[bytes.len()..];
        Some(
            bytes
                .chunks_exact(4)
                .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                .collect(),
        )
    }
}

impl Parts {
    pub(crate) fn encode(&self, out: &mut Writer) {
        out.u32(self.code_count as u32);
        let mut text = String::new();
        let mut ends = Vec::with_capacity(self.vocab.len());
        for word in &self.vocab {
            text.push_str(word);
            ends.push(text.len() as u32);
        }
        out.bytes(text.as_bytes());
        out.list(ends.into_iter());
        out.list(self.df.iter().copied());
        let t = &self.fields;
        out.list(t.info.iter().map(pack));
        out.list(t.info.iter().map(|i| i.at.code));
        out.list(t.info.iter().map(|i| i.at.item));
        for list in [&t.word_start, &t.words, &t.owner_start, &t.owners] {
            out.list(list.iter().copied());
        }
    }

    /// Reads what [`Parts::encode`] wrote and checks it can be searched
    /// without a panic; `None` when anything is out of place.
    pub(crate) fn decode(input: &mut Reader) -> Option<Parts> {
        let code_count = input.u32()? as usize;
        let text = std::str::from_utf8(input.bytes()?).ok()?;
        let ends = input.list()?;
        let mut vocab = Vec::with_capacity(ends.len());
        let mut start = 0usize;
        for end in ends {
            let end = end as usize;
            vocab.push(text.get(start..end)?.to_string());
            start = end;
        }
        let df = input.list()?;
        let (packed, codes, items) = (input.list()?, input.list()?, input.list()?);
        let info = packed
            .iter()
            .zip(&codes)
            .zip(&items)
            .map(|((p, &code), &item)| unpack(*p, TextRef { code, item }))
            .collect::<Option<Vec<FieldInfo>>>()?;
        let fields = FieldTable {
            info,
            word_start: input.list()?,
            words: input.list()?,
            owner_start: input.list()?,
            owners: input.list()?,
        };
        let parts = Parts {
            code_count,
            vocab,
            df,
            fields,
        };
        let sound = packed.len() == codes.len() && codes.len() == items.len() && parts.is_sound();
        sound.then_some(parts)
    }

    /// Every list as long as it must be, every number in range.
    fn is_sound(&self) -> bool {
        let t = &self.fields;
        let n = t.info.len();
        let ranges_ok = |start: &[u32], items: &[u32], max_each: usize, min_each: usize| {
            start.len() == n + 1
                && start.first() == Some(&0)
                && start.last().is_some_and(|&l| l as usize == items.len())
                && start.windows(2).all(|w| {
                    w[0] <= w[1]
                        && ((w[1] - w[0]) as usize) <= max_each
                        && (w[1] - w[0]) as usize >= min_each
                })
        };
        u32::try_from(n).is_ok_and(|n| n < u32::MAX)
            && self.vocab.windows(2).all(|w| w[0] < w[1])
            && self.df.len() == self.vocab.len()
            && self.df.iter().all(|&d| (d as usize) <= self.code_count)
            && ranges_ok(&t.word_start, &t.words, MAX_FIELD_WORDS, 0)
            && ranges_ok(&t.owner_start, &t.owners, usize::MAX, 1)
            && t.words.iter().all(|&w| (w as usize) < self.vocab.len())
            && t.owners.iter().all(|&o| (o as usize) < self.code_count)
            && t.info
                .iter()
                .all(|i| (i.at.code as usize) < self.code_count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Parts {
        let mut b = Builder::default();
        let info = |field, kind, lang, code, item| FieldInfo {
            field,
            kind,
            lang,
            at: TextRef { code, item },
        };
        b.add(
            &[0],
            info(Field::Message, MatchKind::Message, Some(Lang::En), 0, 0),
            "The Key Management Service (KMS) is unavailable",
        );
        b.add(
            &[0, 1],
            info(Field::Cause, MatchKind::Cause, Some(Lang::Fr), 0, 3),
            "Le service de gestion des clés est injoignable",
        );
        b.add(
            &[1],
            info(Field::Keyword, MatchKind::Keyword, Some(Lang::En), 1, 2),
            "port 1688",
        );
        b.finish(2)
    }

    fn encoded(parts: &Parts) -> Vec<u8> {
        let mut w = Writer::default();
        parts.encode(&mut w);
        w.0
    }

    #[test]
    fn decode_gives_back_what_was_encoded() {
        let parts = sample();
        assert!(parts.is_sound());
        let bytes = encoded(&parts);
        assert_eq!(Parts::decode(&mut Reader(&bytes)), Some(parts));
    }

    #[test]
    fn damaged_bytes_give_none_or_sound_parts_never_a_panic() {
        let bytes = encoded(&sample());
        for cut in 0..bytes.len() {
            assert_eq!(
                Parts::decode(&mut Reader(&bytes[..cut])),
                None,
                "cut at {cut}"
            );
        }
        for i in 0..bytes.len() {
            for flip in [1u8, 0x80, 0xff] {
                let mut changed = bytes.clone();
                changed[i] ^= flip;
                if let Some(parts) = Parts::decode(&mut Reader(&changed)) {
                    assert!(parts.is_sound());
                }
            }
        }
    }

    #[test]
    fn out_of_range_numbers_are_refused() {
        let mut parts = sample();
        parts.fields.words[0] = parts.vocab.len() as u32;
        assert!(Parts::decode(&mut Reader(&encoded(&parts))).is_none());
        let mut parts = sample();
        parts.fields.owners[0] = 2;
        assert!(Parts::decode(&mut Reader(&encoded(&parts))).is_none());
        let mut parts = sample();
        parts.fields.owner_start[1] = 0;
        assert!(Parts::decode(&mut Reader(&encoded(&parts))).is_none());
        let mut parts = sample();
        parts.df[0] = 3;
        assert!(Parts::decode(&mut Reader(&encoded(&parts))).is_none());
    }

    #[test]
    fn the_vocabulary_is_stored_in_order_and_checked_so() {
        let parts = sample();
        assert!(parts.vocab.windows(2).all(|w| w[0] < w[1]));
        // Word ids follow the order: every field reads back its words.
        assert_eq!(
            parts
                .fields
                .words_of(2)
                .iter()
                .map(|&w| parts.vocab[w as usize].as_str())
                .collect::<Vec<_>>(),
            ["port", "1688"]
        );
        let mut swapped = parts.clone();
        swapped.vocab.swap(0, 1);
        assert!(Parts::decode(&mut Reader(&encoded(&swapped))).is_none());
        let mut repeated = parts;
        repeated.vocab[1] = repeated.vocab[0].clone();
        assert!(Parts::decode(&mut Reader(&encoded(&repeated))).is_none());
    }
}
