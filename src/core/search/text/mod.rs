//! The text side of the index: vocabulary, postings and scoring. This file
//! holds the index and how it is built from its stored part (`stored.rs`);
//! `vocab.rs` finds the catalog words a query word matches, `query.rs` runs
//! a query (weights, candidates, best codes, highlights) and `scoring.rs`
//! scores a code's fields.
//!
//! Every searchable text (a message, an alias, one keyword, one symptom, a
//! resolution title or cause) is a *field*. At build time each field is
//! folded and cut into content words (stop-words removed); each distinct word
//! goes into the vocabulary once, with the fields and positions it occurs at.
//!
//! A query is folded and cut the same way. Each query word is matched against
//! the vocabulary (see `words.rs`), which yields catalog words with a quality;
//! their postings give, for every field, the best quality and position of
//! each query word. A field's score combines:
//! - coverage: the share of the query words it matches, each weighted by its
//!   rarity in the catalog (idf) and its match quality: this dominates;
//! - its kind: message/alias > keyword > symptom > cause;
//! - phrase: query words that follow each other in the field too;
//! - precision: the share of the field's words that were matched.
//!
//! A code takes its best field, plus a bonus for the query words that any of
//! its fields match (a symptom query often spreads over several keywords).
//!
//! Speed (10,000 codes, about 250,000 fields and 30,000 distinct words): a
//! query word is compared with the few vocabulary words each matching rule
//! can accept (a prefix range, length buckets filtered on letters, a
//! first-letter-typo table), not with the whole vocabulary. The postings of
//! the matched words are then filed by code; a code's occurrences give its
//! coverage and a bound on its score, so only the few codes that may still
//! enter the best `limit` have their fields scored (see `best_codes`). A
//! long query (a pasted message) keeps its 10 rarest words and drops words
//! found in more than half of the codes.

mod query;
mod scoring;
mod stored;
mod vocab;

use stored::FieldTable;
pub(crate) use stored::{Builder, FieldInfo, Parts, Reader, TextRef, Writer};
use vocab::WordMap;

use super::words::Prepared;
use super::MatchKind;

/// Query words beyond this many are ignored (a pasted page of text).
pub(crate) const MAX_QUERY_WORDS: usize = 24;
/// Query text beyond this many characters is ignored.
pub(crate) const MAX_QUERY_CHARS: usize = 4_000;

/// An occurrence of a word. It carries what scoring needs of its field, so a
/// search reads postings in order and never jumps to the fields themselves
/// (it may touch tens of thousands of them).
#[derive(Clone, Copy, Debug)]
struct Posting {
    field: u32,
    meta: FieldMeta,
    /// Position among the field's content words.
    pos: u16,
}

/// What scoring needs of a field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct FieldMeta {
    /// The owning code, or `MANY` when there are several (see `FieldTable`).
    owner: u32,
    /// Number of content words (at most 255 counted).
    len: u8,
    kind: MatchKind,
}

/// Content words of a field beyond this many are not indexed.
const MAX_FIELD_WORDS: usize = u16::MAX as usize;

const MANY: u32 = u32::MAX;

/// The text index: its stored part (see `stored.rs`) and what is derived
/// from it when it is built or loaded.
#[derive(Clone, Debug, Default)]
pub(crate) struct TextIndex {
    /// The vocabulary, in byte order (as stored): prefixes and first
    /// letters are ranges, and a word's id is found by bisection.
    vocab: Vec<Prepared>,
    /// Vocabulary ids by (length in characters, first character), with each
    /// word's letter mask: candidates for edits that keep the first letter.
    by_len_first: WordMap<(usize, char), Vec<(u32, u64)>>,
    /// (hash of the word without its first character, vocabulary id),
    /// sorted: candidates for one edit on the first letter ("xerver",
    /// "erver", "sserver"), without a string per word.
    by_tail: Vec<(u64, u32)>,
    /// For each word, the number of codes holding it (stored).
    df: Vec<u32>,
    /// Inverse document frequency of each vocabulary word (codes as documents).
    idf: Vec<f64>,
    /// The postings of word `w` are `postings[posting_start[w]..posting_start[w + 1]]`,
    /// in field order.
    posting_start: Vec<u32>,
    postings: Vec<Posting>,
    fields: FieldTable,
    code_count: usize,
}

impl TextIndex {
    /// The index of the stored part: postings, word rarity and lookup
    /// tables are derived here, from the fields' word ids alone, in linear
    /// passes (the vocabulary comes sorted).
    pub(super) fn from_parts(parts: Parts) -> TextIndex {
        let Parts {
            code_count,
            vocab,
            df,
            fields,
        } = parts;
        let vocab: Vec<Prepared> = vocab.into_iter().map(Prepared::from_string).collect();
        let (posting_start, postings) = postings_of(&fields, vocab.len());
        let n = code_count.max(1) as f64;
        let idf = df
            .iter()
            .map(|&d| (1.0 + n / f64::from(d.max(1))).ln())
            .collect();
        let mut by_len_first: WordMap<(usize, char), Vec<(u32, u64)>> = WordMap::default();
        let mut by_tail = Vec::with_capacity(vocab.len());
        for (id, w) in vocab.iter().enumerate() {
            let Some(&first) = w.chars.first() else {
                continue;
            };
            by_len_first
                .entry((w.len(), first))
                .or_default()
                .push((id as u32, w.mask));
            by_tail.push((vocab::tail_hash(tail_of(&w.text)), id as u32));
        }
        by_tail.sort_unstable();
        TextIndex {
            vocab,
            by_len_first,
            by_tail,
            df,
            idf,
            posting_start,
            postings,
            fields,
            code_count,
        }
    }

    /// The stored part of this index (what [`TextIndex::from_parts`] takes).
    pub(super) fn parts(&self) -> Parts {
        Parts {
            code_count: self.code_count,
            vocab: self.vocab.iter().map(|w| w.text.clone()).collect(),
            df: self.df.clone(),
            fields: self.fields.clone(),
        }
    }

    pub(super) fn field(&self, id: u32) -> Option<&FieldInfo> {
        self.fields.info.get(id as usize)
    }

    /// The postings of vocabulary word `id`.
    fn postings_of(&self, id: u32) -> &[Posting] {
        let id = id as usize;
        match (self.posting_start.get(id), self.posting_start.get(id + 1)) {
            (Some(&a), Some(&b)) => &self.postings[a as usize..b as usize],
            _ => &[],
        }
    }
}

/// A word without its first character.
fn tail_of(word: &str) -> &str {
    let mut chars = word.chars();
    chars.next();
    chars.as_str()
}

/// The postings of every word, filed by word (a counting sort over the
/// fields' words, in field order): the starts and the postings.
fn postings_of(fields: &FieldTable, vocab_len: usize) -> (Vec<u32>, Vec<Posting>) {
    let mut start = vec![0u32; vocab_len + 1];
    for &w in &fields.words {
        start[w as usize + 1] += 1;
    }
    for w in 1..start.len() {
        start[w] += start[w - 1];
    }
    let mut next = start.clone();
    let filler = Posting {
        field: 0,
        meta: FieldMeta {
            owner: MANY,
            len: 0,
            kind: MatchKind::Cause,
        },
        pos: 0,
    };
    let mut postings = vec![filler; fields.words.len()];
    for (f, info) in fields.info.iter().enumerate() {
        let words = fields.words_of(f);
        let meta = FieldMeta {
            owner: match fields.owners_of(f) {
                [one] => *one,
                _ => MANY,
            },
            len: words.len().min(255) as u8,
            kind: info.kind,
        };
        for (pos, &w) in words.iter().enumerate() {
            let slot = &mut next[w as usize];
            postings[*slot as usize] = Posting {
                field: f as u32,
                meta,
                pos: pos as u16,
            };
            *slot += 1;
        }
    }
    (start, postings)
}
