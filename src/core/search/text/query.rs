//! A query against the text index: its words, their weights, the codes
//! they reach, the best of those codes, and what to highlight in a hit.

use std::cmp::Reverse;
use std::ops::Range;

use fuzzy_matcher::skim::SkimMatcherV2;

use super::scoring::*;
use super::{Posting, TextIndex, MANY, MAX_QUERY_CHARS, MAX_QUERY_WORDS};
use crate::core::search::fold::{
    content_word_ranges, content_words, fold, fold_text, merge_ranges, original_range,
};
use crate::core::search::words::{Detail, Prepared, QueryWord};

/// A query with more matching words than this is long (see `search`).
const LONG_QUERY_WORDS: usize = 6;
/// Words of a long query that are searched.
const LONG_QUERY_KEPT: usize = 10;
/// Idf of a word found in half of the codes: ln(1 + 2).
const COMMON_WORD_IDF: f64 = 1.0986;

/// The catalog words a query word matches: (vocabulary id, quality, detail),
/// sorted by id.
type WordMatches = Vec<(u32, u8, Detail)>;

/// The matches of each query word, kept for highlighting.
pub(crate) struct PreparedQuery {
    /// Per query word that takes part, its matches.
    matches: Vec<WordMatches>,
}

impl TextIndex {
    /// The best `limit` codes for the text of a query, best first (score,
    /// then code), among the codes `keep` accepts.
    pub(crate) fn search(
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
    pub(crate) fn highlight(
        &self,
        hit: &TextHit,
        query: &PreparedQuery,
        text: &str,
    ) -> Vec<Range<usize>> {
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
