//! The text side of the index: vocabulary, postings and scoring.
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

use std::cmp::Reverse;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;

use fuzzy_matcher::skim::SkimMatcherV2;

mod scoring;
mod stored;

pub(crate) use scoring::TextHit;
use scoring::*;
use stored::FieldTable;
pub(crate) use stored::{Builder, FieldInfo, Parts, Reader, TextRef, Writer};

use super::fold::{
    content_word_ranges, content_words, fold, fold_text, merge_ranges, original_range,
};
use super::words::{
    edit_budget, edit_quality, match_word, osa_within, Detail, Prepared, QueryWord, MAX_EDIT_LEN,
};
use super::MatchKind;

/// The index's maps, keyed by words: building the index hashes every word
/// of every field, and SipHash (the default, proof against crafted keys)
/// was a tenth of that work. The keys come from the flow files and the
/// query, which could as well be made big as colliding.
type WordMap<K, V> = HashMap<K, V, BuildHasherDefault<WordHasher>>;

/// A multiply-rotate hash over 8-byte words (as in rustc's FxHash).
#[derive(Clone, Copy, Default)]
struct WordHasher(u64);

impl WordHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl Hasher for WordHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
}

/// Query words beyond this many are ignored (a pasted page of text).
pub(crate) const MAX_QUERY_WORDS: usize = 24;
/// Query text beyond this many characters is ignored.
pub(crate) const MAX_QUERY_CHARS: usize = 4_000;

/// A query with more matching words than this is long (see `search`).
const LONG_QUERY_WORDS: usize = 6;
/// Words of a long query that are searched.
const LONG_QUERY_KEPT: usize = 10;
/// Idf of a word found in half of the codes: ln(1 + 2).
const COMMON_WORD_IDF: f64 = 1.0986;
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
    vocab: Vec<Prepared>,
    /// Vocabulary ids sorted by text: prefixes and first letters are
    /// ranges, and a word's id is found by bisection.
    sorted: Vec<u32>,
    /// Vocabulary ids by (length in characters, first character), with each
    /// word's letter mask: candidates for edits that keep the first letter.
    by_len_first: WordMap<(usize, char), Vec<(u32, u64)>>,
    /// Vocabulary ids by the word without its first character: candidates
    /// for one edit on the first letter ("xerver", "erver", "sserver").
    by_tail: WordMap<String, Vec<u32>>,
    /// Inverse document frequency of each vocabulary word (codes as documents).
    idf: Vec<f64>,
    /// The postings of word `w` are `postings[posting_start[w]..posting_start[w + 1]]`,
    /// in field order.
    posting_start: Vec<u32>,
    postings: Vec<Posting>,
    fields: FieldTable,
    code_count: usize,
}

/// The catalog words a query word matches: (vocabulary id, quality, detail),
/// sorted by id.
type WordMatches = Vec<(u32, u8, Detail)>;

/// The matches of each query word, kept for highlighting.
pub(crate) struct PreparedQuery {
    /// Per query word that takes part, its matches.
    matches: Vec<WordMatches>,
}

impl TextIndex {
    /// The index of the stored part: postings, word rarity and lookup
    /// tables are derived here, from the fields' word ids alone.
    pub fn from_parts(parts: Parts) -> TextIndex {
        let Parts {
            code_count,
            vocab,
            fields,
        } = parts;
        let vocab: Vec<Prepared> = vocab.iter().map(|w| Prepared::new(w)).collect();
        let (posting_start, postings) = postings_of(&fields, vocab.len());
        let mut index = TextIndex {
            vocab,
            posting_start,
            postings,
            fields,
            code_count,
            ..TextIndex::default()
        };
        index.idf = index.rarity();
        index.sorted = (0..index.vocab.len() as u32).collect();
        let vocab = &index.vocab;
        index
            .sorted
            .sort_by(|a, b| vocab[*a as usize].text.cmp(&vocab[*b as usize].text));
        for (id, w) in index.vocab.iter().enumerate() {
            let Some(&first) = w.chars.first() else {
                continue;
            };
            index
                .by_len_first
                .entry((w.len(), first))
                .or_default()
                .push((id as u32, w.mask));
            index
                .by_tail
                .entry(w.chars[1..].iter().collect())
                .or_default()
                .push(id as u32);
        }
        index
    }

    /// The stored part of this index (what [`TextIndex::from_parts`] takes).
    pub fn parts(&self) -> Parts {
        Parts {
            code_count: self.code_count,
            vocab: self.vocab.iter().map(|w| w.text.clone()).collect(),
            fields: self.fields.clone(),
        }
    }

    /// Inverse document frequency of each vocabulary word, codes as documents.
    fn rarity(&self) -> Vec<f64> {
        let mut by_code: Vec<Vec<u32>> = vec![Vec::new(); self.code_count];
        for f in 0..self.fields.len() {
            for &o in self.fields.owners_of(f) {
                if let Some(list) = by_code.get_mut(o as usize) {
                    list.push(f as u32);
                }
            }
        }
        let mut df = vec![0u32; self.vocab.len()];
        let mut last_seen = vec![u32::MAX; self.vocab.len()];
        for (code, fields) in by_code.iter().enumerate() {
            for &f in fields {
                for &w in self.fields.words_of(f as usize) {
                    if last_seen[w as usize] != code as u32 {
                        last_seen[w as usize] = code as u32;
                        df[w as usize] += 1;
                    }
                }
            }
        }
        let n = self.code_count.max(1) as f64;
        df.iter()
            .map(|&d| (1.0 + n / f64::from(d.max(1))).ln())
            .collect()
    }

    pub fn field(&self, id: u32) -> Option<&FieldInfo> {
        self.fields.info.get(id as usize)
    }

    /// The vocabulary id of a word.
    fn id_of(&self, word: &str) -> Option<u32> {
        self.sorted
            .binary_search_by(|id| self.vocab[*id as usize].text.as_str().cmp(word))
            .ok()
            .map(|i| self.sorted[i])
    }

    /// The postings of vocabulary word `id`.
    fn postings_of(&self, id: u32) -> &[Posting] {
        let id = id as usize;
        match (self.posting_start.get(id), self.posting_start.get(id + 1)) {
            (Some(&a), Some(&b)) => &self.postings[a as usize..b as usize],
            _ => &[],
        }
    }

    /// The sorted-vocabulary slice of words starting with `prefix`.
    fn starting_with(&self, prefix: &str) -> &[u32] {
        let start = self
            .sorted
            .partition_point(|id| self.vocab[*id as usize].text.as_str() < prefix);
        let len = self.sorted[start..]
            .iter()
            .take_while(|id| self.vocab[**id as usize].text.starts_with(prefix))
            .count();
        &self.sorted[start..start + len]
    }

    /// Vocabulary words matching one query word. Rather than trying every
    /// word, it visits the candidates each rule of `match_word` can accept:
    /// - prefix, ending and stem rules need the same first 4 letters: one
    ///   range of the sorted vocabulary;
    /// - edits need a length within the edit budget: the length buckets,
    ///   filtered on the first letter (short words) and the letter mask;
    /// - a typo in the prefix of the word being typed needs the same first
    ///   two letters, and fuzzy matching (tried only when nothing else
    ///   matched) the same first letter.
    fn vocab_matches(&self, q: &QueryWord, fuzzy: &SkimMatcherV2) -> Vec<(u32, u8, Detail)> {
        let mut out = Vec::new();
        let chars = &q.word.chars;
        let Some(first) = chars.first() else {
            return out;
        };
        let try_word = |id: u32, out: &mut Vec<(u32, u8, Detail)>| {
            if let Some((quality, detail)) = match_word(q, &self.vocab[id as usize], fuzzy) {
                out.push((id, quality, detail));
            }
        };
        if chars.len() < 4 || q.word.has_digit {
            // Exact or prefix only: one contiguous range.
            for &id in self.starting_with(&q.word.text) {
                try_word(id, &mut out);
            }
            return out;
        }
        let head: String = chars[..4].iter().collect();
        for &id in self.starting_with(&head) {
            try_word(id, &mut out);
        }
        // Edits only: the other rules were tried on the range above.
        let budget = edit_budget(chars.len());
        let edit = |id: u32, out: &mut Vec<(u32, u8, Detail)>| {
            let w = &self.vocab[id as usize];
            if w.has_digit || w.len() > MAX_EDIT_LEN + budget {
                return;
            }
            if let Some(quality) = osa_within(chars, &w.chars, budget).and_then(edit_quality) {
                out.push((id, quality, Detail::Whole));
            }
        };
        if chars.len() <= MAX_EDIT_LEN {
            // Same first letter: any edits within the budget.
            for len in chars.len().saturating_sub(budget)..=chars.len() + budget {
                for &(id, mask) in self.by_len_first.get(&(len, *first)).into_iter().flatten() {
                    // Each letter found in one word only costs an edit.
                    let only_query = (q.word.mask & !mask).count_ones() as usize;
                    let only_word = (mask & !q.word.mask).count_ones() as usize;
                    if only_query <= budget && only_word <= budget {
                        edit(id, &mut out);
                    }
                }
            }
            // Another first letter (words of 6 letters or more): one edit
            // there and none elsewhere. Substituted, dropped, added or
            // swapped with the second letter.
            if chars.len() > 5 {
                let tail: String = chars[1..].iter().collect();
                let mut swapped = chars.clone();
                swapped.swap(0, 1);
                let swapped: String = swapped.into_iter().collect();
                let (tail_id, swapped_id) = (self.id_of(&tail), self.id_of(&swapped));
                let candidates = [
                    self.by_tail.get(&tail).map(Vec::as_slice),
                    self.by_tail.get(&q.word.text).map(Vec::as_slice),
                    tail_id.as_ref().map(std::slice::from_ref),
                    swapped_id.as_ref().map(std::slice::from_ref),
                ];
                for &id in candidates.into_iter().flatten().flatten() {
                    if self.vocab[id as usize].chars.first() != Some(first) {
                        edit(id, &mut out);
                    }
                }
            }
        }
        if out.is_empty() && q.typing {
            // Fuzzy matching, as a last resort, and a typo in the word being
            // typed: same first letter.
            let mut buf = [0u8; 4];
            for &id in self.starting_with(first.encode_utf8(&mut buf)) {
                try_word(id, &mut out);
            }
        } else if out.is_empty() {
            // Fuzzy matching, as a last resort. Every other rule was tried
            // above, so only its candidates: the same first letter, at most
            // twice as long, and every letter of the query word.
            for len in chars.len()..=2 * chars.len() {
                for &(id, mask) in self.by_len_first.get(&(len, *first)).into_iter().flatten() {
                    if q.word.mask & !mask == 0 {
                        try_word(id, &mut out);
                    }
                }
            }
        } else if q.typing {
            // A typo in the word being typed, after its first two letters.
            let head2: String = chars[..2].iter().collect();
            for &id in self.starting_with(&head2) {
                try_word(id, &mut out);
            }
        }
        // Keep each word once, with its best quality.
        out.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        out.dedup_by_key(|m| m.0);
        out
    }

    /// The best `limit` codes for the text of a query, best first (score,
    /// then code), among the codes `keep` accepts.
    pub fn search(
        &self,
        query: &str,
        limit: usize,
        keep: impl Fn(u32) -> bool,
    ) -> (Vec<TextHit>, PreparedQuery) {
        let qwords = query_words(query);
        if qwords.is_empty() || self.fields.len() == 0 {
            let matches = Vec::new();
            return (Vec::new(), PreparedQuery { matches });
        }
        let (weights, matches) = self.weigh(&qwords);
        let weights = Weights::new(weights);
        if weights.total <= 0.0 || limit == 0 {
            return (Vec::new(), PreparedQuery { matches });
        }
        let mut by_code = self.gather(&matches);
        let hits = self.best_codes(&mut by_code, &weights, limit, keep);
        (hits, PreparedQuery { matches })
    }

    /// Matches each query word against the vocabulary and weighs it; keeps
    /// only the words that take part, so rows stay short. Returns, per kept
    /// word, its weight and its matches.
    fn weigh(&self, qwords: &[QueryWord]) -> (Vec<f64>, Vec<WordMatches>) {
        let fuzzy = SkimMatcherV2::default();
        let mut matches: Vec<WordMatches> = Vec::with_capacity(qwords.len());
        let mut weights: Vec<f64> = Vec::with_capacity(qwords.len());
        for q in qwords {
            let m = self.vocab_matches(q, &fuzzy);
            // The word's weight: rarity of its best match (the rarest on ties).
            let weight = m
                .iter()
                .map(|(id, quality, _)| (*quality, self.idf[*id as usize]))
                .max_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)))
                .map_or(0.0, |(_, idf)| idf);
            weights.push(weight);
            matches.push(m);
        }
        // In a long query (a pasted message), words found in more than half
        // of the codes barely tell codes apart but cost the most to walk:
        // they are dropped, like stop-words computed from the catalog.
        // Then only its LONG_QUERY_KEPT rarest words are kept.
        if weights.iter().filter(|w| **w > 0.0).count() > LONG_QUERY_WORDS {
            for w in weights.iter_mut() {
                if *w < COMMON_WORD_IDF {
                    *w = 0.0;
                }
            }
            let mut by_rarity: Vec<usize> =
                (0..weights.len()).filter(|i| weights[*i] > 0.0).collect();
            by_rarity.sort_by(|a, b| weights[*b].total_cmp(&weights[*a]).then(a.cmp(b)));
            for &i in by_rarity.iter().skip(LONG_QUERY_KEPT) {
                weights[i] = 0.0;
            }
        }
        weights
            .into_iter()
            .zip(matches)
            .filter(|(w, _)| *w > 0.0)
            .unzip()
    }

    /// Files the postings of every matched word under the codes that own
    /// their fields (a counting sort: two passes, no per-code allocation).
    /// A code's occurrences come in the order of the matched words (query
    /// word, then vocabulary id), each word's in field order, as scoring
    /// expects.
    fn gather(&self, matches: &[WordMatches]) -> ByCode {
        let mut start = vec![0u32; self.code_count + 1];
        self.each_occurrence(matches, |owner, _| start[owner as usize + 1] += 1);
        for c in 1..start.len() {
            start[c] += start[c - 1];
        }
        let mut next = start.clone();
        let mut items = vec![Occurrence::NONE; start[self.code_count] as usize];
        self.each_occurrence(matches, |owner, occurrence| {
            let slot = &mut next[owner as usize];
            items[*slot as usize] = occurrence;
            *slot += 1;
        });
        ByCode { start, items }
    }

    /// Calls `visit` with each owner of each posting of each matched word.
    fn each_occurrence(&self, matches: &[WordMatches], mut visit: impl FnMut(u32, Occurrence)) {
        for (word, word_matches) in matches.iter().enumerate() {
            for &(id, quality, _) in word_matches {
                for &posting in self.postings_of(id) {
                    let occurrence = Occurrence {
                        field: posting.field,
                        pos: posting.pos,
                        word: word as u8,
                        quality,
                        len: posting.meta.len,
                        kind: posting.meta.kind,
                    };
                    for &owner in self.owners(&posting) {
                        visit(owner, occurrence);
                    }
                }
            }
        }
    }

    /// The codes whose fields a posting belongs to.
    fn owners<'a>(&'a self, posting: &'a Posting) -> &'a [u32] {
        if posting.meta.owner == MANY {
            self.fields.owners_of(posting.field as usize)
        } else {
            std::slice::from_ref(&posting.meta.owner)
        }
    }

    /// The best `limit` codes, best first. A code's occurrences bound its
    /// score, so only the codes that could still enter the best `limit` have
    /// their fields scored: first the ones with the highest coverage, which
    /// sets a high bar early, then any other whose bound reaches the bar.
    /// Most codes are turned away by their coverage alone ([`loose_bound`]),
    /// most others by the tighter [`score_bound`]. `limit` is at least 1.
    fn best_codes(
        &self,
        by_code: &mut ByCode,
        weights: &Weights,
        limit: usize,
        keep: impl Fn(u32) -> bool,
    ) -> Vec<TextHit> {
        let mut candidates = self.candidates(by_code, weights, keep);
        if candidates.len() <= limit {
            // All of them are shown: no bound can spare any.
            let mut all: Vec<TextHit> = candidates
                .into_iter()
                .map(|c| score_code(c.code, by_code.of_mut(c.code), weights, c.coverage))
                .collect();
            all.sort_by_key(|h| (Reverse(h.score), h.code));
            return all;
        }
        candidates.select_nth_unstable_by_key(limit - 1, |c| (Reverse(c.bound), c.code));
        let mut best = Best {
            limit,
            hits: Vec::with_capacity(limit + 1),
        };
        for c in candidates {
            if best.turns_away(c.bound, c.code)
                || best.turns_away(
                    rounded(score_bound(by_code.of(c.code), weights, c.coverage)),
                    c.code,
                )
            {
                continue;
            }
            best.offer(score_code(
                c.code,
                by_code.of_mut(c.code),
                weights,
                c.coverage,
            ));
        }
        best.hits
    }

    /// The codes that `keep` accepts and that match enough of the query,
    /// with their coverage and its [`loose_bound`].
    fn candidates(
        &self,
        by_code: &ByCode,
        weights: &Weights,
        keep: impl Fn(u32) -> bool,
    ) -> Vec<Candidate> {
        let mut candidates = Vec::new();
        for code in 0..self.code_count as u32 {
            let items = by_code.of(code);
            if items.is_empty() || !keep(code) {
                continue;
            }
            // The best quality of each query word over all the code's fields.
            let mut cells = [0u8; MAX_QUERY_WORDS];
            for o in items {
                let cell = &mut cells[usize::from(o.word)];
                *cell = (*cell).max(o.quality);
            }
            let coverage = weights.coverage(cells.into_iter());
            if coverage >= MIN_CODE_COVERAGE {
                let bound = rounded(loose_bound(coverage));
                candidates.push(Candidate {
                    code,
                    coverage,
                    bound,
                });
            }
        }
        candidates
    }

    /// Character ranges of the original field text (`text`, that of the
    /// hit's field) that a hit matched.
    pub fn highlight(&self, hit: &TextHit, query: &PreparedQuery, text: &str) -> Vec<Range<usize>> {
        let field_words = self.fields.words_of(hit.field as usize);
        let (folded, map) = fold(text);
        let original: Vec<char> = text.chars().collect();
        let words = content_word_ranges(&folded);
        let mut ranges = Vec::new();
        for &(i, pos) in &hit.matched {
            let (Some(word), Some(&vocab_id)) =
                (words.get(pos as usize), field_words.get(pos as usize))
            else {
                continue;
            };
            let Some(word_matches) = query.matches.get(i) else {
                continue;
            };
            let Ok(k) = word_matches.binary_search_by_key(&vocab_id, |m| m.0) else {
                continue;
            };
            let start = word.start;
            let folded_ranges: Vec<Range<usize>> = match &word_matches[k].2 {
                Detail::Whole => std::iter::once(word.clone()).collect(),
                Detail::Prefix(n) => std::iter::once(start..(start + n).min(word.end)).collect(),
                Detail::Chars(idx) => idx
                    .iter()
                    .map(|j| start + j..start + j + 1)
                    .filter(|r| r.end <= word.end)
                    .collect(),
            };
            ranges.extend(
                folded_ranges
                    .into_iter()
                    .filter_map(|r| original_range(&map, r, &original)),
            );
        }
        merge_ranges(ranges)
    }
}

/// The folded, distinct content words of a query (at most
/// [`MAX_QUERY_WORDS`] of its first [`MAX_QUERY_CHARS`] characters).
fn query_words(query: &str) -> Vec<QueryWord> {
    let query: String = query.chars().take(MAX_QUERY_CHARS).collect();
    let folded = fold_text(&query);
    let typing_end = folded.chars().last().is_some_and(|c| c.is_alphanumeric());
    let folded_len = folded.chars().count();
    let mut seen: Vec<String> = Vec::new();
    let mut qwords: Vec<QueryWord> = Vec::new();
    for w in content_words(&folded) {
        if seen.contains(&w.text) {
            continue;
        }
        if qwords.len() >= MAX_QUERY_WORDS {
            break;
        }
        seen.push(w.text.clone());
        qwords.push(QueryWord {
            typing: typing_end && w.range.end == folded_len,
            word: Prepared::new(&w.text),
        });
    }
    qwords
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
