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
//! can accept (a prefix range, length buckets, a first-letter-typo table),
//! not with the whole vocabulary; postings carry what scoring needs of their
//! field and are merged in field order, so a search reads memory in order;
//! a long query (a pasted message) keeps its 10 rarest words and drops
//! words found in more than half of the codes.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::ops::Range;

use fuzzy_matcher::skim::SkimMatcherV2;

use super::fold::{content_word_ranges, content_words, fold, merge_ranges, original_range};
use super::words::{
    edit_budget, edit_quality, match_word, osa_within, Detail, Prepared, QueryWord, MAX_EDIT_LEN,
};
use super::{Field, MatchKind};
use crate::catalog::Lang;

/// Query words beyond this many are ignored (a pasted page of text).
pub(crate) const MAX_QUERY_WORDS: usize = 24;
/// Query text beyond this many characters is ignored.
pub(crate) const MAX_QUERY_CHARS: usize = 4_000;

/// Score weights. Coverage dominates: missing one word of two costs more than
/// any kind, phrase or precision difference.
const W_FIELD_COVERAGE: f64 = 14_000.0;
const W_CODE_COVERAGE: f64 = 6_000.0;
const W_PHRASE: f64 = 800.0;
const W_PRECISION: f64 = 500.0;
/// A query with more matching words than this is long (see `search`).
const LONG_QUERY_WORDS: usize = 6;
/// Words of a long query that are searched.
const LONG_QUERY_KEPT: usize = 10;
/// Idf of a word found in half of the codes: ln(1 + 2).
const COMMON_WORD_IDF: f64 = 1.0986;
/// Text hits must match at least this share of the (weighted) query.
const MIN_CODE_COVERAGE: f64 = 0.2;

/// Resolution titles and causes are written to explain, not to be searched,
/// and one is often shared by several codes: their coverage counts for less.
const CAUSE_COVERAGE_FACTOR: f64 = 0.8;

fn kind_bonus(kind: MatchKind) -> f64 {
    match kind {
        MatchKind::Message => 3_000.0,
        MatchKind::Keyword => 2_000.0,
        MatchKind::Symptom => 1_000.0,
        _ => 0.0,
    }
}

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
    /// The owning code, or `MANY` when there are several (see `FieldDoc`).
    owner: u32,
    /// Number of content words (at most 255 counted).
    len: u8,
    kind: MatchKind,
}

/// Content words of a field beyond this many are not indexed.
const MAX_FIELD_WORDS: usize = u16::MAX as usize;

const MANY: u32 = u32::MAX;

/// One searchable text.
#[derive(Clone, Debug)]
pub(crate) struct FieldDoc {
    pub field: Field,
    pub kind: MatchKind,
    pub lang: Option<Lang>,
    pub text: String,
    /// Vocabulary ids of its content words, in order.
    words: Vec<u32>,
    /// Indices of the codes this text belongs to.
    owners: Vec<u32>,
}

#[derive(Clone, Debug, Default)]
pub(crate) struct TextIndex {
    vocab: Vec<Prepared>,
    ids: HashMap<String, u32>,
    /// Vocabulary ids sorted by text: prefixes and first letters are ranges.
    sorted: Vec<u32>,
    /// Vocabulary ids by (length in characters, first character), with each
    /// word's letter mask: candidates for edits that keep the first letter.
    by_len_first: HashMap<(usize, char), Vec<(u32, u64)>>,
    /// Vocabulary ids by the word without its first character: candidates
    /// for one edit on the first letter ("xerver", "erver", "sserver").
    by_tail: HashMap<String, Vec<u32>>,
    /// Inverse document frequency of each vocabulary word (codes as documents).
    idf: Vec<f64>,
    postings: Vec<Vec<Posting>>,
    fields: Vec<FieldDoc>,
    code_count: usize,
}

/// A code's best text match.
#[derive(Clone, Debug)]
pub(crate) struct TextHit {
    pub code: u32,
    pub score: i64,
    pub field: u32,
    /// (query word, position in the field) of each matched query word.
    matched: Vec<(usize, u32)>,
}

/// Per code touched by a search: its best field (score, id, row of
/// (quality, position) per query word) and the best quality of each query
/// word over all its fields. Rows are `n` long, stored flat.
struct CodeAcc {
    n: usize,
    slot: Vec<u32>,
    codes: Vec<u32>,
    best: Vec<(f64, u32)>,
    rows: Vec<(u8, u32)>,
    cells: Vec<u8>,
}

impl CodeAcc {
    fn new(code_count: usize, n: usize) -> CodeAcc {
        CodeAcc {
            n,
            slot: vec![0; code_count],
            codes: Vec::new(),
            best: Vec::new(),
            rows: Vec::new(),
            cells: Vec::new(),
        }
    }

    fn credit(&mut self, code: u32, field: u32, score: f64, row: &[(u8, u32)]) {
        let n = self.n;
        let Some(s) = self.slot.get_mut(code as usize) else {
            return;
        };
        if *s == 0 {
            self.codes.push(code);
            self.best.push((f64::MIN, field));
            self.rows.extend_from_slice(row);
            self.cells.extend(std::iter::repeat_n(0u8, n));
            *s = self.codes.len() as u32;
        }
        let c = *s as usize - 1;
        if score > self.best[c].0 {
            self.best[c] = (score, field);
            self.rows[c * n..(c + 1) * n].copy_from_slice(row);
        }
        for (q, cell) in self.cells[c * n..(c + 1) * n].iter_mut().zip(row) {
            *q = (*q).max(cell.0);
        }
    }
}

/// The matches of each query word, kept for highlighting.
pub(crate) struct PreparedQuery {
    /// Per query word: (vocabulary id, quality, detail), sorted by id.
    matches: Vec<Vec<(u32, u8, Detail)>>,
}

impl TextIndex {
    pub fn new(code_count: usize) -> TextIndex {
        TextIndex {
            code_count,
            ..TextIndex::default()
        }
    }

    /// Adds a field owned by the given codes (indices).
    pub fn add(
        &mut self,
        owners: Vec<u32>,
        field: Field,
        kind: MatchKind,
        lang: Option<Lang>,
        text: &str,
    ) {
        let (folded, _) = fold(text);
        let field_id = self.fields.len() as u32;
        let content = content_words(&folded);
        let meta = FieldMeta {
            owner: match owners.as_slice() {
                [one] => *one,
                _ => MANY,
            },
            len: content.len().min(255) as u8,
            kind,
        };
        let mut words = Vec::new();
        for (pos, word) in content.into_iter().take(MAX_FIELD_WORDS).enumerate() {
            let id = match self.ids.get(&word.text) {
                Some(id) => *id,
                None => {
                    let id = self.vocab.len() as u32;
                    self.vocab.push(Prepared::new(&word.text));
                    self.postings.push(Vec::new());
                    self.ids.insert(word.text, id);
                    id
                }
            };
            self.postings[id as usize].push(Posting {
                field: field_id,
                meta,
                pos: pos as u16,
            });
            words.push(id);
        }
        self.fields.push(FieldDoc {
            field,
            kind,
            lang,
            text: text.to_string(),
            words,
            owners,
        });
    }

    /// Computes what needs every field: word rarity and the sorted vocabulary.
    pub fn finish(&mut self) {
        let mut by_code: Vec<Vec<u32>> = vec![Vec::new(); self.code_count];
        for (f, doc) in self.fields.iter().enumerate() {
            for &o in &doc.owners {
                if let Some(list) = by_code.get_mut(o as usize) {
                    list.push(f as u32);
                }
            }
        }
        let mut df = vec![0u32; self.vocab.len()];
        let mut last_seen = vec![u32::MAX; self.vocab.len()];
        for (code, fields) in by_code.iter().enumerate() {
            for &f in fields {
                for &w in &self.fields[f as usize].words {
                    if last_seen[w as usize] != code as u32 {
                        last_seen[w as usize] = code as u32;
                        df[w as usize] += 1;
                    }
                }
            }
        }
        let n = self.code_count.max(1) as f64;
        self.idf = df
            .iter()
            .map(|&d| (1.0 + n / f64::from(d.max(1))).ln())
            .collect();
        let mut sorted: Vec<u32> = (0..self.vocab.len() as u32).collect();
        sorted.sort_by(|a, b| {
            self.vocab[*a as usize]
                .text
                .cmp(&self.vocab[*b as usize].text)
        });
        self.sorted = sorted;
        let mut by_len_first: HashMap<(usize, char), Vec<(u32, u64)>> = HashMap::new();
        let mut by_tail: HashMap<String, Vec<u32>> = HashMap::new();
        for (id, w) in self.vocab.iter().enumerate() {
            let Some(&first) = w.chars.first() else {
                continue;
            };
            by_len_first
                .entry((w.len(), first))
                .or_default()
                .push((id as u32, w.mask));
            by_tail
                .entry(w.chars[1..].iter().collect())
                .or_default()
                .push(id as u32);
        }
        self.by_len_first = by_len_first;
        self.by_tail = by_tail;
    }

    pub fn field(&self, id: u32) -> Option<&FieldDoc> {
        self.fields.get(id as usize)
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
                    if (q.word.mask & !mask).count_ones() as usize <= budget {
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
                let candidates = [
                    self.by_tail.get(&tail).map(Vec::as_slice),
                    self.by_tail.get(&q.word.text).map(Vec::as_slice),
                    self.ids.get(&tail).map(std::slice::from_ref),
                    self.ids.get(&swapped).map(std::slice::from_ref),
                ];
                for &id in candidates.into_iter().flatten().flatten() {
                    if self.vocab[id as usize].chars.first() != Some(first) {
                        edit(id, &mut out);
                    }
                }
            }
        }
        if out.is_empty() {
            // Fuzzy matching, as a last resort: same first letter.
            let mut buf = [0u8; 4];
            for &id in self.starting_with(first.encode_utf8(&mut buf)) {
                try_word(id, &mut out);
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

    /// Scores every code against the text of a query.
    pub fn search(&self, query: &str) -> (Vec<TextHit>, PreparedQuery) {
        let empty = PreparedQuery {
            matches: Vec::new(),
        };
        let query: String = query.chars().take(MAX_QUERY_CHARS).collect();
        let (folded, _) = fold(&query);
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
        if qwords.is_empty() || self.fields.is_empty() {
            return (Vec::new(), empty);
        }

        let fuzzy = SkimMatcherV2::default();
        let mut matches: Vec<Vec<(u32, u8, Detail)>> = Vec::with_capacity(qwords.len());
        let mut weights: Vec<f64> = Vec::with_capacity(qwords.len());
        for q in &qwords {
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
            for (w, m) in weights.iter_mut().zip(matches.iter_mut()) {
                if *w > 0.0 && *w < COMMON_WORD_IDF {
                    *w = 0.0;
                    m.clear();
                }
            }
            let mut by_rarity: Vec<usize> =
                (0..weights.len()).filter(|i| weights[*i] > 0.0).collect();
            by_rarity.sort_by(|a, b| weights[*b].total_cmp(&weights[*a]).then(a.cmp(b)));
            for &i in by_rarity.iter().skip(LONG_QUERY_KEPT) {
                weights[i] = 0.0;
                matches[i].clear();
            }
        }
        // From here on, only the words that take part (rows stay short).
        let (weights, matches): (Vec<f64>, Vec<_>) = weights
            .into_iter()
            .zip(matches)
            .filter(|(w, _)| *w > 0.0)
            .unzip();
        let total_weight: f64 = weights.iter().sum();
        if total_weight <= 0.0 {
            return (Vec::new(), PreparedQuery { matches });
        }
        let n = weights.len();

        // Walk the postings of every matched word in field order (a k-way
        // merge: posting lists are sorted by field), so each field is scored
        // once its row is complete, and memory is read in order.
        let mut lists: Vec<(usize, u8, &[Posting])> = Vec::new();
        for (i, word_matches) in matches.iter().enumerate() {
            for (id, quality, _) in word_matches {
                let postings = &self.postings[*id as usize];
                if !postings.is_empty() {
                    lists.push((i, *quality, postings));
                }
            }
        }
        let mut heap: BinaryHeap<Reverse<(u32, usize)>> = lists
            .iter()
            .enumerate()
            .map(|(l, (_, _, postings))| Reverse((postings[0].field, l)))
            .collect();
        let mut cursors = vec![0usize; lists.len()];

        let mut acc = CodeAcc::new(self.code_count, n);

        let mut row: Vec<(u8, u32)> = vec![(0, 0); n];
        let mut current: Option<(u32, FieldMeta)> = None;
        loop {
            let next = heap.peek().map(|Reverse((field, _))| *field);
            if let Some((field, meta)) = current.filter(|(f, _)| Some(*f) != next) {
                self.finish_field(field, meta, &row, &weights, total_weight, &mut acc);
                row.iter_mut().for_each(|c| *c = (0, 0));
            }
            let Some(Reverse((field, l))) = heap.pop() else {
                break;
            };
            let (i, quality, postings) = lists[l];
            let mut k = cursors[l];
            if let Some(p) = postings.get(k) {
                current = Some((field, p.meta));
            }
            while let Some(p) = postings.get(k).filter(|p| p.field == field) {
                let pos = u32::from(p.pos);
                // On equal quality, prefer the place right after the previous
                // query word (a phrase), then the first one.
                let prev = if i > 0 { Some(row[i - 1]) } else { None };
                let follows = |pos: u32| prev.is_some_and(|p| p.0 > 0 && pos == p.1 + 1);
                let cell = &mut row[i];
                let better = quality > cell.0
                    || quality == cell.0
                        && match (follows(pos), follows(cell.1)) {
                            (true, false) => true,
                            (false, true) => false,
                            _ => pos < cell.1,
                        };
                if better {
                    *cell = (quality, pos);
                }
                k += 1;
            }
            cursors[l] = k;
            if let Some(p) = postings.get(k) {
                heap.push(Reverse((p.field, l)));
            }
        }

        let mut hits = Vec::with_capacity(acc.codes.len());
        for (c, &code) in acc.codes.iter().enumerate() {
            let cells = &acc.cells[c * n..(c + 1) * n];
            let coverage = weighted_coverage(cells.iter().copied(), &weights, total_weight);
            if coverage < MIN_CODE_COVERAGE {
                continue;
            }
            let (field_score, field) = acc.best[c];
            let matched = acc.rows[c * n..(c + 1) * n]
                .iter()
                .enumerate()
                .filter(|(_, cell)| cell.0 > 0)
                .map(|(i, cell)| (i, cell.1))
                .collect();
            hits.push(TextHit {
                code,
                score: (field_score + W_CODE_COVERAGE * coverage).round() as i64,
                field,
                matched,
            });
        }
        (hits, PreparedQuery { matches })
    }

    /// Scores a field whose row is complete and credits its codes.
    fn finish_field(
        &self,
        field: u32,
        meta: FieldMeta,
        row: &[(u8, u32)],
        weights: &[f64],
        total_weight: f64,
        acc: &mut CodeAcc,
    ) {
        let score = field_score(meta, row, weights, total_weight);
        let owners: &[u32] = if meta.owner == MANY {
            self.fields.get(field as usize).map_or(&[], |f| &f.owners)
        } else {
            std::slice::from_ref(&meta.owner)
        };
        for &owner in owners {
            acc.credit(owner, field, score, row);
        }
    }

    /// Character ranges of the original field text that a hit matched.
    pub fn highlight(&self, hit: &TextHit, query: &PreparedQuery) -> Vec<Range<usize>> {
        let Some(doc) = self.fields.get(hit.field as usize) else {
            return Vec::new();
        };
        let (folded, map) = fold(&doc.text);
        let original: Vec<char> = doc.text.chars().collect();
        let words = content_word_ranges(&folded);
        let mut ranges = Vec::new();
        for &(i, pos) in &hit.matched {
            let (Some(word), Some(&vocab_id)) =
                (words.get(pos as usize), doc.words.get(pos as usize))
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

fn weighted_coverage(qualities: impl Iterator<Item = u8>, weights: &[f64], total: f64) -> f64 {
    let sum: f64 = qualities
        .zip(weights)
        .map(|(q, w)| f64::from(q) / 100.0 * w)
        .sum();
    sum / total
}

fn field_score(meta: FieldMeta, row: &[(u8, u32)], weights: &[f64], total: f64) -> f64 {
    let coverage = weighted_coverage(row.iter().map(|c| c.0), weights, total);
    // Consecutive query words (among those that match anything) that are
    // consecutive in the field too.
    let mut active = 0usize;
    let mut pairs = 0usize;
    let mut previous: Option<(u8, u32)> = None;
    for (cell, w) in row.iter().zip(weights) {
        if *w <= 0.0 {
            continue;
        }
        active += 1;
        if let Some(p) = previous {
            if p.0 > 0 && cell.0 > 0 && cell.1 == p.1 + 1 {
                pairs += 1;
            }
        }
        previous = Some(*cell);
    }
    let phrase = if active > 1 {
        pairs as f64 / (active - 1) as f64
    } else {
        0.0
    };
    // Distinct matched positions (the row is short: at most MAX_QUERY_WORDS).
    let mut positions = [0u32; MAX_QUERY_WORDS];
    let mut count = 0;
    for cell in row.iter().filter(|c| c.0 > 0) {
        if count < MAX_QUERY_WORDS && !positions[..count].contains(&cell.1) {
            positions[count] = cell.1;
            count += 1;
        }
    }
    let precision = count as f64 / f64::from(meta.len.max(1));
    let factor = if meta.kind == MatchKind::Cause {
        CAUSE_COVERAGE_FACTOR
    } else {
        1.0
    };
    W_FIELD_COVERAGE * coverage * factor
        + kind_bonus(meta.kind)
        + W_PHRASE * phrase
        + W_PRECISION * precision.min(1.0)
}
