//! The vocabulary side of the text index: the hash its word maps use and
//! the lookup of the catalog words one query word matches.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use fuzzy_matcher::skim::SkimMatcherV2;

use super::TextIndex;
use crate::core::search::words::{
    edit_budget, edit_quality, match_word, osa_within, Detail, QueryWord, MAX_EDIT_LEN,
};

/// The index's maps, keyed by words: building the index hashes every word
/// of every field, and SipHash (the default, proof against crafted keys)
/// was a tenth of that work. The keys come from the flow files and the
/// query, which could as well be made big as colliding.
pub(super) type WordMap<K, V> = HashMap<K, V, BuildHasherDefault<WordHasher>>;

/// A multiply-rotate hash over 8-byte words (as in rustc's FxHash).
#[derive(Clone, Copy, Default)]
pub(super) struct WordHasher(u64);

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

/// The hash of a word's tail that keys the first-letter-typo table.
pub(super) fn tail_hash(tail: &str) -> u64 {
    let mut h = WordHasher::default();
    h.write(tail.as_bytes());
    h.finish()
}

impl TextIndex {
    /// The vocabulary id of a word.
    fn id_of(&self, word: &str) -> Option<u32> {
        self.vocab
            .binary_search_by(|w| w.text.as_str().cmp(word))
            .ok()
            .map(|i| i as u32)
    }

    /// The ids of the words starting with `prefix` (a range: the
    /// vocabulary is sorted).
    fn starting_with(&self, prefix: &str) -> std::ops::Range<u32> {
        let start = self.vocab.partition_point(|w| w.text.as_str() < prefix);
        let len = self.vocab[start..]
            .iter()
            .take_while(|w| w.text.starts_with(prefix))
            .count();
        start as u32..(start + len) as u32
    }

    /// The ids of the words whose tail (all but the first character) is
    /// `tail`.
    fn with_tail(&self, tail: &str) -> impl Iterator<Item = u32> + '_ {
        let hash = tail_hash(tail);
        let start = self.by_tail.partition_point(|(h, _)| *h < hash);
        let tail = tail.to_string();
        self.by_tail[start..]
            .iter()
            .take_while(move |(h, _)| *h == hash)
            .map(|(_, id)| *id)
            .filter(move |&id| super::tail_of(&self.vocab[id as usize].text) == tail)
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
    pub(super) fn vocab_matches(
        &self,
        q: &QueryWord,
        fuzzy: &SkimMatcherV2,
    ) -> Vec<(u32, u8, Detail)> {
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
            for id in self.starting_with(&q.word.text) {
                try_word(id, &mut out);
            }
            return out;
        }
        let head: String = chars[..4].iter().collect();
        for id in self.starting_with(&head) {
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
                let candidates = self
                    .with_tail(&tail)
                    .chain(self.with_tail(&q.word.text))
                    .chain(self.id_of(&tail))
                    .chain(self.id_of(&swapped));
                for id in candidates {
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
            for id in self.starting_with(first.encode_utf8(&mut buf)) {
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
            for id in self.starting_with(&head2) {
                try_word(id, &mut out);
            }
        }
        // Keep each word once, with its best quality.
        out.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        out.dedup_by_key(|m| m.0);
        out
    }
}
