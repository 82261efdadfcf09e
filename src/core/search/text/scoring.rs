//! Scoring: the weights of a search's words, a code's occurrences, the bound
//! on its score and its final score; the best hits so far.

use std::cmp::Reverse;
use std::ops::Range;

use super::MAX_QUERY_WORDS;
use crate::core::search::MatchKind;

/// Score weights. Coverage dominates: missing one word of two costs more than
/// any kind, phrase or precision difference.
pub(super) const W_FIELD_COVERAGE: f64 = 14_000.0;
pub(super) const W_CODE_COVERAGE: f64 = 6_000.0;
pub(super) const W_PHRASE: f64 = 800.0;
pub(super) const W_PRECISION: f64 = 500.0;
/// Text hits must match at least this share of the (weighted) query.
pub(super) const MIN_CODE_COVERAGE: f64 = 0.2;

/// Resolution titles and causes are written to explain, not to be searched,
/// and one is often shared by several codes: their coverage counts for less.
pub(super) const CAUSE_COVERAGE_FACTOR: f64 = 0.8;

pub(super) fn kind_bonus(kind: MatchKind) -> f64 {
    match kind {
        MatchKind::Message => 3_000.0,
        MatchKind::Keyword => 2_000.0,
        MatchKind::Symptom => 1_000.0,
        _ => 0.0,
    }
}

/// A code's best text match.
#[derive(Clone, Debug)]
pub(crate) struct TextHit {
    pub code: u32,
    pub score: i64,
    pub field: u32,
    /// (query word, position in the field) of each matched query word.
    pub(super) matched: Vec<(usize, u32)>,
}

/// The weight of each query word that takes part, and their sum.
pub(super) struct Weights {
    pub(super) of: Vec<f64>,
    pub(super) total: f64,
    /// Per word, its weighted contribution at each quality (0 to 100):
    /// computed once, as coverage is summed for thousands of codes.
    pub(super) share: Vec<[f64; 101]>,
}

impl Weights {
    pub(super) fn new(of: Vec<f64>) -> Weights {
        let share = of
            .iter()
            .map(|w| std::array::from_fn(|q| q as f64 / 100.0 * w))
            .collect();
        Weights {
            total: of.iter().sum(),
            of,
            share,
        }
    }

    /// The weighted share of the query matched, given each word's quality.
    pub(super) fn coverage(&self, qualities: impl Iterator<Item = u8>) -> f64 {
        let sum: f64 = qualities
            .zip(&self.share)
            .map(|(q, share)| share[usize::from(q.min(100))])
            .sum();
        sum / self.total
    }
}

/// A posting of a matched query word, filed under a code owning its field:
/// what scoring needs, in 12 bytes (a search may file tens of thousands).
#[derive(Clone, Copy, Debug)]
pub(super) struct Occurrence {
    pub(super) field: u32,
    /// Position among the field's content words.
    pub(super) pos: u16,
    /// The query word (index among the words that take part).
    pub(super) word: u8,
    pub(super) quality: u8,
    /// The field's number of content words (see `FieldMeta`) and kind.
    pub(super) len: u8,
    pub(super) kind: MatchKind,
}

impl Occurrence {
    /// A filler for slots about to be written.
    pub(super) const NONE: Occurrence = Occurrence {
        field: 0,
        pos: 0,
        word: 0,
        quality: 0,
        len: 0,
        kind: MatchKind::Cause,
    };
}

/// The occurrences of a search grouped by code: those of code `c` are
/// `items[start[c]..start[c + 1]]`.
pub(super) struct ByCode {
    pub(super) start: Vec<u32>,
    pub(super) items: Vec<Occurrence>,
}

impl ByCode {
    pub(super) fn range(&self, code: u32) -> Range<usize> {
        let c = code as usize;
        self.start[c] as usize..self.start[c + 1] as usize
    }

    pub(super) fn of(&self, code: u32) -> &[Occurrence] {
        &self.items[self.range(code)]
    }

    pub(super) fn of_mut(&mut self, code: u32) -> &mut [Occurrence] {
        let range = self.range(code);
        &mut self.items[range]
    }
}

/// A code that may be shown: its coverage and the highest score it can
/// reach, rounded as hit scores are.
pub(super) struct Candidate {
    pub(super) code: u32,
    pub(super) coverage: f64,
    pub(super) bound: i64,
}

/// The best hits so far, best first (score, then code), at most `limit`.
pub(super) struct Best {
    pub(super) limit: usize,
    pub(super) hits: Vec<TextHit>,
}

impl Best {
    /// Whether a code whose score is at most `bound` cannot get in. Ties go
    /// to the lower code, so a bound equal to the last score kept lets in
    /// only a code below the last one kept.
    pub(super) fn turns_away(&self, bound: i64, code: u32) -> bool {
        self.hits
            .get(self.limit - 1)
            .is_some_and(|last| (Reverse(bound), code) > (Reverse(last.score), last.code))
    }

    pub(super) fn offer(&mut self, hit: TextHit) {
        let key = (Reverse(hit.score), hit.code);
        let at = self
            .hits
            .partition_point(|h| (Reverse(h.score), h.code) < key);
        if at < self.limit {
            self.hits.insert(at, hit);
            self.hits.truncate(self.limit);
        }
    }
}

/// The highest score a code of this coverage can reach: its best field
/// covers no more of the query than the code does, and at best is a message
/// read as one phrase, every word of it matched. Never below [`score_bound`]
/// (same terms, each at least as high).
pub(super) fn loose_bound(coverage: f64) -> f64 {
    combine(MatchKind::Message, coverage, 1.0, 1.0) + W_CODE_COVERAGE * coverage
}

/// A score as hits carry it. Rounding keeps the order, so the rounded bound
/// of a score is at least the rounded score.
pub(super) fn rounded(score: f64) -> i64 {
    score.round() as i64
}

/// Kinds of field, as indices of the per-kind tables of [`score_bound`].
pub(super) const KINDS: [MatchKind; 4] = [
    MatchKind::Message,
    MatchKind::Keyword,
    MatchKind::Symptom,
    MatchKind::Cause,
];

/// The highest score a code can reach, read from its occurrences without
/// grouping them by field. A field of a given kind matches at best the
/// words that the code's fields of that kind match together (its coverage),
/// links them all into a phrase, and is the shortest of those fields (its
/// precision). Each term is computed as in [`field_score`], from values at
/// least as high, so the bound is never below the score.
pub(super) fn score_bound(items: &[Occurrence], weights: &Weights, coverage: f64) -> f64 {
    let mut cells = [[0u8; MAX_QUERY_WORDS]; KINDS.len()];
    let mut shortest = [u8::MAX; KINDS.len()];
    for o in items {
        let k = KINDS
            .iter()
            .position(|kind| *kind == o.kind)
            .unwrap_or(KINDS.len() - 1);
        let cell = &mut cells[k][usize::from(o.word)];
        *cell = (*cell).max(o.quality);
        shortest[k] = shortest[k].min(o.len);
    }
    let active = weights.of.iter().filter(|w| **w > 0.0).count();
    let mut best = 0.0f64;
    for (k, kind) in KINDS.into_iter().enumerate() {
        let matched = cells[k].iter().filter(|q| **q > 0).count();
        if matched == 0 {
            continue;
        }
        let field_coverage = weights.coverage(cells[k].into_iter());
        let phrase = phrase_share(matched - 1, active);
        let precision = matched as f64 / f64::from(shortest[k].max(1));
        best = best.max(combine(kind, field_coverage, phrase, precision));
    }
    best + W_CODE_COVERAGE * coverage
}

/// Scores one code from its occurrences: each field that holds some gets a
/// row of (quality, position) per query word and a score; the code takes
/// its best field (the first on ties) plus its coverage, which the caller
/// has computed already.
pub(super) fn score_code(
    code: u32,
    items: &mut [Occurrence],
    weights: &Weights,
    coverage: f64,
) -> TextHit {
    // Field order; within a field, the order of the matched words (stable).
    items.sort_by_key(|o| o.field);
    let n = weights.of.len();
    let mut row = [(0u8, 0u32); MAX_QUERY_WORDS];
    let mut best_row = row;
    let mut best: Option<(f64, u32)> = None;
    for group in items.chunk_by(|a, b| a.field == b.field) {
        row = [(0, 0); MAX_QUERY_WORDS];
        for o in group {
            place(&mut row[..n], o);
        }
        let (field, kind, len) = (group[0].field, group[0].kind, group[0].len);
        let score = field_score(kind, len, &row[..n], weights);
        if best.is_none_or(|(s, _)| score > s) {
            best = Some((score, field));
            best_row = row;
        }
    }
    let (field_score, field) = best.unwrap_or((0.0, 0));
    TextHit {
        code,
        score: rounded(field_score + W_CODE_COVERAGE * coverage),
        field,
        matched: best_row[..n]
            .iter()
            .enumerate()
            .filter(|(_, cell)| cell.0 > 0)
            .map(|(i, cell)| (i, cell.1))
            .collect(),
    }
}

/// Records an occurrence in its field's row: the best quality wins; on
/// equal quality, the place right after the previous query word (a phrase),
/// then the first one.
pub(super) fn place(row: &mut [(u8, u32)], o: &Occurrence) {
    let i = usize::from(o.word);
    let pos = u32::from(o.pos);
    let prev = if i > 0 { Some(row[i - 1]) } else { None };
    let follows = |pos: u32| prev.is_some_and(|p| p.0 > 0 && pos == p.1 + 1);
    let cell = &mut row[i];
    let better = o.quality > cell.0
        || o.quality == cell.0
            && match (follows(pos), follows(cell.1)) {
                (true, false) => true,
                (false, true) => false,
                _ => pos < cell.1,
            };
    if better {
        *cell = (o.quality, pos);
    }
}

pub(super) fn field_score(kind: MatchKind, len: u8, row: &[(u8, u32)], weights: &Weights) -> f64 {
    let coverage = weights.coverage(row.iter().map(|c| c.0));
    // Consecutive query words (among those that match anything) that are
    // consecutive in the field too.
    let mut active = 0usize;
    let mut pairs = 0usize;
    let mut previous: Option<(u8, u32)> = None;
    for (cell, w) in row.iter().zip(&weights.of) {
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
    let phrase = phrase_share(pairs, active);
    // Distinct matched positions (the row is short: at most MAX_QUERY_WORDS).
    let mut positions = [0u32; MAX_QUERY_WORDS];
    let mut count = 0;
    for cell in row.iter().filter(|c| c.0 > 0) {
        if count < MAX_QUERY_WORDS && !positions[..count].contains(&cell.1) {
            positions[count] = cell.1;
            count += 1;
        }
    }
    let precision = count as f64 / f64::from(len.max(1));
    combine(kind, coverage, phrase, precision)
}

/// The share of consecutive query-word pairs found consecutive in a field.
pub(super) fn phrase_share(pairs: usize, active: usize) -> f64 {
    if active > 1 {
        pairs as f64 / (active - 1) as f64
    } else {
        0.0
    }
}

/// A field's score from its parts (see the module documentation).
pub(super) fn combine(kind: MatchKind, coverage: f64, phrase: f64, precision: f64) -> f64 {
    let factor = if kind == MatchKind::Cause {
        CAUSE_COVERAGE_FACTOR
    } else {
        1.0
    };
    W_FIELD_COVERAGE * coverage * factor
        + kind_bonus(kind)
        + W_PHRASE * phrase
        + W_PRECISION * precision.min(1.0)
}
