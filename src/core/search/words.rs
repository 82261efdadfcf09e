//! Matching one query word against one catalog word.
//!
//! Word-level matching, not subsequence matching over whole texts: a short
//! word like "dns" would otherwise match d…n…s scattered over a long message.
//! A query word matches a catalog word, best first, when it is:
//!
//! | how                                                        | quality |
//! |------------------------------------------------------------|---------|
//! | the same word                                              | 100     |
//! | a prefix (3+ letters; 2 for the word being typed)          | 70–95   |
//! | the catalog word plus an ending ("activations")            | 75      |
//! | the same stem (see below)                                  | 72      |
//! | one edit away, Damerau (query words of 4–7 letters)        | 70      |
//! | one edit from a prefix (5+ letters, the word being typed)  | 60      |
//! | two edits away (query words of 8+ letters)                 | 58      |
//! | a compact fuzzy subsequence (fuzzy-matcher, 4+ letters), tried only when nothing else matched | 45 |
//!
//! Same stem: 5+ common first letters making 70 % of the shorter word, or the
//! same word once a usual ending is cut ("failed", "failure": see [`stem`]).
//! Words with digits ("1688", "0x8007232b") match exactly or as a prefix only.
//! Edits on words of 5 letters or fewer must keep the first letter; on longer
//! words a wrong first letter is found when it is the only edit.

use fuzzy_matcher::skim::SkimMatcherV2;
use fuzzy_matcher::FuzzyMatcher;

/// Which characters of the catalog word matched (folded char offsets).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Detail {
    /// The whole word.
    Whole,
    /// Its first n characters.
    Prefix(usize),
    /// These characters (from fuzzy matching).
    Chars(Vec<usize>),
}

/// Longest word compared with edits; longer words match exactly or by prefix.
pub(crate) const MAX_EDIT_LEN: usize = 40;

/// A word with what the matcher needs precomputed.
#[derive(Clone, Debug)]
pub(crate) struct Prepared {
    pub text: String,
    pub chars: Vec<char>,
    /// One bit per letter a–z and digit class, for a cheap edit-distance bound.
    pub mask: u64,
    pub has_digit: bool,
    /// The word without a usual English or French ending (see [`stem`]).
    pub stem: String,
}

impl Prepared {
    pub(super) fn new(text: &str) -> Prepared {
        Prepared::from_string(text.to_string())
    }

    /// [`Prepared::new`] keeping `text` (no copy of it).
    pub(super) fn from_string(text: String) -> Prepared {
        let chars: Vec<char> = text.chars().collect();
        Prepared {
            mask: char_mask(&chars),
            has_digit: chars.iter().any(|c| c.is_ascii_digit()),
            stem: stem(&text).to_string(),
            text,
            chars,
        }
    }

    pub(super) fn len(&self) -> usize {
        self.chars.len()
    }
}

/// Endings cut before comparing stems, longest first (folded text).
const ENDINGS: &[&str] = &[
    "ations", "ation", "ements", "ement", "ures", "ure", "ings", "ing", "ees", "ee", "ed", "es",
    "s", "e",
];

/// A crude stem: the word without its first matching ending of [`ENDINGS`],
/// if at least 4 characters remain. "failed", "failure", "fails" -> "fail";
/// "bloquee", "bloque" -> "bloqu".
pub(crate) fn stem(word: &str) -> &str {
    for ending in ENDINGS {
        if let Some(base) = word.strip_suffix(ending) {
            if base.chars().count() >= 4 {
                return base;
            }
        }
    }
    word
}

fn char_mask(chars: &[char]) -> u64 {
    chars.iter().fold(0u64, |m, &c| {
        let bit = match c {
            'a'..='z' => c as u32 - 'a' as u32,
            '0'..='9' => 26 + (c as u32 - '0' as u32),
            _ => 36 + (c as u32 % 28),
        };
        m | (1u64 << bit)
    })
}

/// Edit budget for a query word of `len` characters.
pub(crate) fn edit_budget(len: usize) -> usize {
    match len {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

/// A query word.
pub(crate) struct QueryWord {
    pub word: Prepared,
    /// The word being typed (last of the query, no space after): a 2-letter
    /// prefix counts, and a typo in a prefix too.
    pub typing: bool,
}

/// Matches a query word against a catalog word: quality (0–100) and detail.
pub(crate) fn match_word(
    q: &QueryWord,
    w: &Prepared,
    fuzzy: &SkimMatcherV2,
) -> Option<(u8, Detail)> {
    let (qc, wc) = (&q.word.chars, &w.chars);
    let (ql, wl) = (qc.len(), wc.len());
    if ql == 0 || wl == 0 {
        return None;
    }
    if qc == wc {
        return Some((100, Detail::Whole));
    }
    let min_prefix = if q.typing { 2 } else { 3 };
    if ql >= min_prefix && wl > ql && wc.starts_with(qc) {
        let quality = 70 + (25 * ql / wl) as u8;
        return Some((quality, Detail::Prefix(ql)));
    }
    if q.word.has_digit || w.has_digit || ql < 4 {
        return None;
    }
    let mut best: Option<(u8, Detail)> = None;
    let offer = |best: &mut Option<(u8, Detail)>, quality: u8, detail: Detail| {
        if best.as_ref().is_none_or(|(b, _)| quality > *b) {
            *best = Some((quality, detail));
        }
    };
    // The catalog word plus an ending: "activations" for "activation".
    if wl >= 4 && ql > wl && qc.starts_with(wc) && wl * 10 >= ql * 6 {
        offer(&mut best, 75, Detail::Whole);
    }
    let common = qc.iter().zip(wc.iter()).take_while(|(a, b)| a == b).count();
    if common >= 5 && common * 10 >= ql.min(wl) * 7 || q.word.stem == w.stem {
        offer(&mut best, 72, Detail::Whole);
    }
    let budget = edit_budget(ql);
    let first_ok = ql > 5 || qc[0] == wc[0];
    if first_ok && ql <= MAX_EDIT_LEN && wl <= MAX_EDIT_LEN + budget {
        if ql.abs_diff(wl) <= budget && (q.word.mask & !w.mask).count_ones() as usize <= budget {
            if let Some(quality) = osa_within(qc, wc, budget).and_then(edit_quality) {
                offer(&mut best, quality, Detail::Whole);
            }
        }
        if q.typing && ql >= 5 && wl > ql + 1 {
            let near_prefix = (ql - 1..=ql + 1).any(|n| osa_within(qc, &wc[..n], 1).is_some());
            if near_prefix {
                offer(&mut best, 60, Detail::Prefix(ql.min(wl)));
            }
        }
    }
    if best.is_none() && qc[0] == wc[0] && wl <= 2 * ql && is_subsequence(qc, wc) {
        if let Some((_, indices)) = fuzzy.fuzzy_indices(&w.text, &q.word.text) {
            let span = match (indices.first(), indices.last()) {
                (Some(a), Some(b)) => b - a + 1,
                _ => usize::MAX,
            };
            if span <= ql + ql / 2 + 1 {
                offer(&mut best, 45, Detail::Chars(indices));
            }
        }
    }
    best
}

fn is_subsequence(q: &[char], w: &[char]) -> bool {
    let mut it = w.iter();
    q.iter().all(|c| it.any(|x| x == c))
}

/// The optimal string alignment distance of `a` and `b` (Damerau-Levenshtein
/// where a swap of two neighbours counts as one edit and no substring is
/// edited twice) if it is at most `k`; stops as soon as
/// every cell of a row exceeds `k` (most words are rejected in 2 or 3 rows).
/// Allocation-free for words of up to 63 characters.
pub(crate) fn osa_within<T: PartialEq>(a: &[T], b: &[T], k: usize) -> Option<usize> {
    const STACK: usize = 64;
    let (n, m) = (a.len(), b.len());
    if n.abs_diff(m) > k {
        return None;
    }
    if n == 0 || m == 0 {
        return Some(n.max(m));
    }
    if m < STACK {
        let mut rows = [[0usize; STACK]; 3];
        let [prev2, prev, cur] = &mut rows;
        osa_rows(a, b, k, prev2, prev, cur)
    } else {
        let mut cells = vec![0usize; 3 * (m + 1)];
        let (prev2, rest) = cells.split_at_mut(m + 1);
        let (prev, cur) = rest.split_at_mut(m + 1);
        osa_rows(a, b, k, prev2, prev, cur)
    }
}

/// Quality of a match at edit distance `d` (see the table above).
pub(crate) fn edit_quality(d: usize) -> Option<u8> {
    match d {
        1 => Some(70),
        2 => Some(58),
        _ => None,
    }
}

/// The OSA rows over three rows of at least `b.len() + 1` cells; `None` once
/// the distance is known to exceed `k`.
fn osa_rows<'r, T: PartialEq>(
    a: &[T],
    b: &[T],
    k: usize,
    mut prev2: &'r mut [usize],
    mut prev: &'r mut [usize],
    mut cur: &'r mut [usize],
) -> Option<usize> {
    let (n, m) = (a.len(), b.len());
    for (j, cell) in prev.iter_mut().enumerate().take(m + 1) {
        *cell = j;
    }
    let mut prev_min = 0;
    for i in 1..=n {
        cur[0] = i;
        let mut row_min = i;
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(prev2[j - 2] + 1);
            }
            cur[j] = d;
            row_min = row_min.min(d);
        }
        // A transposition reads two rows back: stop only when both exceed k.
        if row_min > k && prev_min > k {
            return None;
        }
        prev_min = row_min;
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    Some(prev[m]).filter(|d| *d <= k)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(q: &str, w: &str) -> Option<(u8, Detail)> {
        m_typing(q, w, false)
    }

    fn m_typing(q: &str, w: &str, typing: bool) -> Option<(u8, Detail)> {
        let q = QueryWord {
            word: Prepared::new(q),
            typing,
        };
        match_word(&q, &Prepared::new(w), &SkimMatcherV2::default())
    }

    fn quality(q: &str, w: &str) -> u8 {
        m(q, w).map_or(0, |r| r.0)
    }

    /// The unbounded distance, for checking values.
    fn osa_distance<T: PartialEq>(a: &[T], b: &[T]) -> usize {
        osa_within(a, b, usize::MAX).unwrap_or(usize::MAX)
    }

    #[test]
    fn osa() {
        assert_eq!(osa_distance(b"servr", b"server"), 1);
        assert_eq!(osa_distance(b"gace", b"grace"), 1);
        assert_eq!(osa_distance(b"F047", b"F074"), 1);
        assert_eq!(osa_distance(b"abc", b""), 3);
        assert_eq!(osa_distance(b"kitten", b"sitting"), 3);
        let c = |s: &str| s.chars().collect::<Vec<char>>();
        assert_eq!(osa_within(&c("servr"), &c("server"), 1), Some(1));
        assert_eq!(osa_within(&c("kitten"), &c("sitting"), 2), None);
        assert_eq!(osa_within(&c("kitten"), &c("sitting"), 3), Some(3));
        assert_eq!(osa_within(&c("abcd"), &c("badc"), 2), Some(2));
        assert_eq!(osa_within(&c("invlaid"), &c("invalid"), 1), Some(1));
        let long_a = vec![b'a'; 100];
        let mut long_b = long_a.clone();
        long_b[50] = b'b';
        assert_eq!(osa_distance(&long_a, &long_b), 1);
    }

    #[test]
    fn exact_prefix_and_typos() {
        assert_eq!(m("dns", "dns"), Some((100, Detail::Whole)));
        assert_eq!(
            m("gest", "gestionnaire").map(|r| r.1),
            Some(Detail::Prefix(4))
        );
        assert_eq!(quality("servr", "server"), 70);
        assert_eq!(quality("periode", "period"), 75);
        assert_eq!(quality("unavailble", "unavailable"), 72);
        assert_eq!(quality("rpc", "rpc"), 100);
        assert_eq!(quality("synchronisee", "synchronisation"), 72);
        assert_eq!(quality("activations", "activation"), 75);
        assert_eq!(quality("licence", "license"), 72);
        assert_eq!(quality("gestino", "gestionnaire"), 72);
        assert_eq!(quality("gestionaire", "gestionnaire"), 70);
        assert_eq!(quality("srvr", "server"), 45);
        assert_eq!(quality("failed", "failure"), 72);
        assert_eq!(quality("blocked", "blocks"), 72);
    }

    #[test]
    fn short_words_and_digits_do_not_drift() {
        assert_eq!(quality("dns", "dn"), 0);
        assert_eq!(quality("dn", "dns"), 0);
        assert!(m_typing("dn", "dns", true).is_some());
        assert_eq!(quality("kms", "kmx"), 0);
        assert_eq!(quality("1688", "1689"), 0);
        assert_eq!(quality("port", "sort"), 0);
        assert_eq!(quality("service", "server"), 0);
        assert_eq!(quality("mgmt", "management"), 0);
        assert_eq!(quality("dns", "domains"), 0);
        assert_eq!(quality("deny", "denied"), 0);
        assert_eq!(stem("use"), "use");
    }

    #[test]
    fn a_typo_in_the_word_being_typed() {
        assert_eq!(
            m_typing("gesyionn", "gestionnaire", true).map(|r| r.0),
            Some(60)
        );
        assert_eq!(quality("gesyionn", "gestionnaire"), 0);
    }
}
