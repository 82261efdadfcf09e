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

use std::collections::HashMap;
use std::ops::Range;

use fuzzy_matcher::skim::SkimMatcherV2;

use super::fold::{content_words, fold, merge_ranges, original_range};
use super::words::{edit_budget, match_word, Detail, Prepared, QueryWord};
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

#[derive(Clone, Copy, Debug)]
struct Posting {
    field: u32,
    pos: u32,
}

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
        let mut words = Vec::new();
        for (pos, word) in content_words(&folded).into_iter().enumerate() {
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
                pos: pos as u32,
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

    /// Vocabulary words matching one query word.
    fn vocab_matches(&self, q: &QueryWord, fuzzy: &SkimMatcherV2) -> Vec<(u32, u8, Detail)> {
        let mut out = Vec::new();
        let chars = &q.word.chars;
        let Some(first) = chars.first() else {
            return out;
        };
        let mut first_buf = [0u8; 4];
        let first_str: &str = first.encode_utf8(&mut first_buf);
        if chars.len() < 4 || q.word.has_digit {
            // Exact or prefix only: one contiguous range.
            for &id in self.starting_with(&q.word.text) {
                if let Some((quality, detail)) = match_word(q, &self.vocab[id as usize], fuzzy) {
                    out.push((id, quality, detail));
                }
            }
        } else {
            let same_first = self.starting_with(first_str);
            for &id in same_first {
                if let Some((quality, detail)) = match_word(q, &self.vocab[id as usize], fuzzy) {
                    out.push((id, quality, detail));
                }
            }
            // Typos in the first letter, for longer words only.
            if chars.len() > 5 {
                let budget = edit_budget(chars.len());
                for (id, w) in self.vocab.iter().enumerate() {
                    if w.chars.first() == Some(first)
                        || w.len().abs_diff(chars.len()) > budget
                        || (q.word.mask & !w.mask).count_ones() as usize > budget
                    {
                        continue;
                    }
                    if let Some((quality, detail)) = match_word(q, w, fuzzy) {
                        out.push((id as u32, quality, detail));
                    }
                }
            }
        }
        out.sort_by_key(|m| m.0);
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
        let total_weight: f64 = weights.iter().sum();
        if total_weight <= 0.0 {
            return (Vec::new(), PreparedQuery { matches });
        }
        let n = qwords.len();

        // Best (quality, position) of each query word in each touched field.
        let mut slot = vec![0u32; self.fields.len()];
        let mut touched: Vec<u32> = Vec::new();
        let mut cells: Vec<(u8, u32)> = Vec::new();
        for (i, word_matches) in matches.iter().enumerate() {
            for (id, quality, _) in word_matches {
                for p in &self.postings[*id as usize] {
                    let s = &mut slot[p.field as usize];
                    if *s == 0 {
                        touched.push(p.field);
                        cells.extend(std::iter::repeat_n((0u8, 0u32), n));
                        *s = touched.len() as u32;
                    }
                    let row = (*s as usize - 1) * n;
                    // On equal quality, prefer the place right after the
                    // previous query word (a phrase), then the first one.
                    let prev = if i > 0 {
                        Some(cells[row + i - 1])
                    } else {
                        None
                    };
                    let follows = |pos: u32| prev.is_some_and(|p| p.0 > 0 && pos == p.1 + 1);
                    let cell = &mut cells[row + i];
                    let better = *quality > cell.0
                        || *quality == cell.0
                            && match (follows(p.pos), follows(cell.1)) {
                                (true, false) => true,
                                (false, true) => false,
                                _ => p.pos < cell.1,
                            };
                    if better {
                        *cell = (*quality, p.pos);
                    }
                }
            }
        }

        // Per code: best field and best quality of each query word overall.
        let mut code_slot = vec![0u32; self.code_count];
        let mut code_best: Vec<(f64, u32, usize)> = Vec::new(); // (score, field, touched index)
        let mut code_codes: Vec<u32> = Vec::new();
        let mut code_cells: Vec<u8> = Vec::new();
        for (t, &field_id) in touched.iter().enumerate() {
            let doc = &self.fields[field_id as usize];
            let row = &cells[t * n..(t + 1) * n];
            let score = field_score(doc, row, &weights, total_weight);
            for &owner in &doc.owners {
                let Some(s) = code_slot.get_mut(owner as usize) else {
                    continue;
                };
                if *s == 0 {
                    code_codes.push(owner);
                    code_best.push((f64::MIN, field_id, t));
                    code_cells.extend(std::iter::repeat_n(0u8, n));
                    *s = code_codes.len() as u32;
                }
                let c = *s as usize - 1;
                if score > code_best[c].0 {
                    code_best[c] = (score, field_id, t);
                }
                for (i, cell) in row.iter().enumerate() {
                    let q = &mut code_cells[c * n + i];
                    *q = (*q).max(cell.0);
                }
            }
        }

        let mut hits = Vec::with_capacity(code_codes.len());
        for (c, &code) in code_codes.iter().enumerate() {
            let row = &code_cells[c * n..(c + 1) * n];
            let coverage = weighted_coverage(row.iter().copied(), &weights, total_weight);
            if coverage < MIN_CODE_COVERAGE {
                continue;
            }
            let (field_score, field, t) = code_best[c];
            let matched = cells[t * n..(t + 1) * n]
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

    /// Character ranges of the original field text that a hit matched.
    pub fn highlight(&self, hit: &TextHit, query: &PreparedQuery) -> Vec<Range<usize>> {
        let Some(doc) = self.fields.get(hit.field as usize) else {
            return Vec::new();
        };
        let (folded, map) = fold(&doc.text);
        let original: Vec<char> = doc.text.chars().collect();
        let words = content_words(&folded);
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
            let start = word.range.start;
            let folded_ranges: Vec<Range<usize>> = match &word_matches[k].2 {
                Detail::Whole => vec![word.range.clone()],
                Detail::Prefix(n) => {
                    std::iter::once(start..(start + n).min(word.range.end)).collect()
                }
                Detail::Chars(idx) => idx
                    .iter()
                    .map(|j| start + j..start + j + 1)
                    .filter(|r| r.end <= word.range.end)
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

fn field_score(doc: &FieldDoc, row: &[(u8, u32)], weights: &[f64], total: f64) -> f64 {
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
    let precision = count as f64 / doc.words.len().max(1) as f64;
    let factor = if doc.kind == MatchKind::Cause {
        CAUSE_COVERAGE_FACTOR
    } else {
        1.0
    };
    W_FIELD_COVERAGE * coverage * factor
        + kind_bonus(doc.kind)
        + W_PHRASE * phrase
        + W_PRECISION * precision.min(1.0)
}
