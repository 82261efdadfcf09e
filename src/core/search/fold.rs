//! Folding text for matching, with a map back to the original characters.
//!
//! Both the catalog texts and the query go through [`fold`]: compatibility
//! decomposition (NFKD, which includes NFD), combining marks dropped, lower
//! case, `œ`→`oe`, `æ`→`ae`, `ß`→`ss`, typographic quotes and dashes to their
//! ASCII forms. Every folded character remembers the original character it
//! came from, so a highlight computed on folded text lands on the original
//! letters, accented ones included.

use std::ops::Range;

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// Folds `text`; returns the folded text and, for each folded character, the
/// index of the original character it comes from (both in chars, not bytes).
pub fn fold(text: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(text.len());
    let mut map = Vec::with_capacity(text.len());
    for (i, c) in text.chars().enumerate() {
        fold_char(c, &mut |f| {
            out.push(f);
            map.push(i);
        });
    }
    (out, map)
}

/// [`fold`] without the map back to the original characters: what
/// indexing and queries need (the map is for highlighting).
pub(super) fn fold_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        fold_char(c, &mut |f| out.push(f));
    }
    out
}

/// Folds one character, calling `emit` for each folded character.
fn fold_char(c: char, emit: &mut impl FnMut(char)) {
    if c.is_ascii() {
        emit(c.to_ascii_lowercase());
        return;
    }
    let replacement: Option<&str> = match c {
        'œ' | 'Œ' => Some("oe"),
        'æ' | 'Æ' => Some("ae"),
        'ß' | 'ẞ' => Some("ss"),
        'ø' | 'Ø' => Some("o"),
        'ł' | 'Ł' => Some("l"),
        'đ' | 'Đ' => Some("d"),
        'ı' => Some("i"),
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{02BC}' | '\u{2032}'
        | '\u{00B4}' => Some("'"),
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{00AB}' | '\u{00BB}' => Some("\""),
        '\u{2010}'..='\u{2015}' | '\u{2212}' => Some("-"),
        _ => None,
    };
    if let Some(r) = replacement {
        r.chars().for_each(&mut *emit);
        return;
    }
    decompose_compatible(c, |d| {
        if is_combining_mark(d) {
            return;
        }
        if d.is_ascii() {
            emit(d.to_ascii_lowercase());
            return;
        }
        for l in d.to_lowercase() {
            if !is_combining_mark(l) {
                emit(l);
            }
        }
    });
}

/// A word of a folded text: its folded characters and where it sits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Word {
    pub text: String,
    /// Range of folded characters.
    pub range: Range<usize>,
}

/// The words of a folded text: maximal runs of letters and digits. Anything
/// else (spaces, punctuation, apostrophes, underscores) separates words, so
/// `n'existe` gives `n` and `existe`, and `_vlmcs._tcp` gives `vlmcs`, `tcp`.
#[cfg(test)]
pub(crate) fn words(folded: &str) -> Vec<Word> {
    let mut out = Vec::new();
    each_word(folded, |text, range| {
        out.push(Word {
            text: text.to_string(),
            range,
        })
    });
    out
}

/// Calls `f` with each run of letters and digits of `folded` and its range
/// of characters: the one scan behind [`words`] and [`content_word_ranges`].
fn each_word(folded: &str, mut f: impl FnMut(&str, Range<usize>)) {
    let mut current = String::new();
    let mut start = 0;
    let mut count = 0;
    for (i, c) in folded.chars().enumerate() {
        count = i + 1;
        if c.is_alphanumeric() {
            if current.is_empty() {
                start = i;
            }
            current.push(c);
        } else if !current.is_empty() {
            f(&current, start..i);
            current.clear();
        }
    }
    if !current.is_empty() {
        f(&current, start..count);
    }
}

/// The words that carry meaning: `words` without stop-words.
pub(crate) fn content_words(folded: &str) -> Vec<Word> {
    let mut out = Vec::new();
    each_word(folded, |text, range| {
        if !is_stop_word(text) {
            out.push(Word {
                text: text.to_string(),
                range,
            })
        }
    });
    out
}

/// The folded-character ranges of the content words, as `content_words`
/// gives them, without building a string per word (for highlighting).
pub(crate) fn content_word_ranges(folded: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    each_word(folded, |text, range| {
        if !is_stop_word(text) {
            out.push(range);
        }
    });
    out
}

/// Maps a range of folded characters back to the original characters. The
/// end is extended over combining marks that follow in the original, so a
/// decomposed `e` + `◌́` is highlighted whole.
pub(crate) fn original_range(
    map: &[usize],
    folded: Range<usize>,
    original: &[char],
) -> Option<Range<usize>> {
    if folded.start >= folded.end {
        return None;
    }
    let start = *map.get(folded.start)?;
    let mut end = *map.get(folded.end - 1)? + 1;
    while end < original.len() && is_combining_mark(original[end]) {
        end += 1;
    }
    Some(start..end)
}

/// Sorts ranges and merges those that overlap or touch.
pub(crate) fn merge_ranges(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.retain(|r| r.start < r.end);
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut out: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// Folded stop-words of English and French. They neither match nor count:
/// "the", "de" or an elided "n" would otherwise match nearly every message.
/// Also a few words callers add around a code ("error", "code", "says").
/// Sorted (a test keeps it so): every word of every field is looked up here
/// when the index is built, so the look-up is a binary search.
const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "au", "aux", "be", "been", "but", "by", "c", "can", "ce",
    "ces", "cet", "cette", "code", "could", "d", "dans", "de", "des", "did", "do", "does", "du",
    "elle", "en", "erreur", "error", "est", "et", "for", "from", "has", "have", "i", "if", "il",
    "in", "into", "is", "it", "its", "j", "je", "l", "la", "le", "les", "leur", "m", "ma", "me",
    "mon", "my", "n", "ne", "no", "not", "nous", "of", "on", "or", "ou", "our", "par", "pas",
    "please", "pour", "qu", "que", "qui", "s", "sa", "says", "se", "ses", "so", "son", "sont",
    "sur", "t", "that", "the", "their", "then", "there", "this", "to", "too", "un", "une", "vous",
    "was", "we", "were", "what", "when", "which", "with", "y", "you", "your",
];

pub(crate) fn is_stop_word(word: &str) -> bool {
    // No stop-word is longer than 6 bytes: most words are turned away here.
    word.len() <= 6 && STOP_WORDS.binary_search(&word).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn highlight(text: &str, folded_range: Range<usize>) -> String {
        let (_, map) = fold(text);
        let chars: Vec<char> = text.chars().collect();
        let r = original_range(&map, folded_range, &chars).unwrap();
        chars[r].iter().collect()
    }

    #[test]
    fn stop_words_are_sorted_and_short() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(STOP_WORDS.iter().all(|w| w.len() <= 6));
        assert!(is_stop_word("the") && is_stop_word("cette") && !is_stop_word("thee"));
    }

    #[test]
    fn fold_text_is_fold_without_the_map() {
        for text in [
            "Accès refusé",
            "Œuvre « ß »",
            "plain ascii",
            "e\u{301}t\u{e9}",
        ] {
            assert_eq!(fold_text(text), fold(text).0);
        }
    }

    #[test]
    fn folds_case_accents_ligatures_and_quotes() {
        assert_eq!(fold("Accès refusé").0, "acces refuse");
        assert_eq!(fold("Échec du serveur DNS").0, "echec du serveur dns");
        assert_eq!(
            fold("Le nom DNS n’existe pas.").0,
            "le nom dns n'existe pas."
        );
        assert_eq!(fold("cœur ÆSIR Straße").0, "coeur aesir strasse");
        assert_eq!(fold("ça").0, "ca");
        assert_eq!(fold("« clé »").0, "\" cle \"");
    }

    #[test]
    fn map_points_back_to_original_characters() {
        let (folded, map) = fold("Œuvre é");
        assert_eq!(folded, "oeuvre e");
        assert_eq!(map, vec![0, 0, 1, 2, 3, 4, 5, 6]);
        // A decomposed e + combining acute folds to one "e" mapped to the e.
        let (folded, map) = fold("e\u{301}t");
        assert_eq!(folded, "et");
        assert_eq!(map, vec![0, 2]);
    }

    #[test]
    fn highlight_lands_on_the_accented_letter() {
        // "acces" is folded chars 0..5; the original "Accès" keeps its è.
        assert_eq!(highlight("Accès refusé", 0..5), "Accès");
        assert_eq!(highlight("Accès refusé", 6..12), "refusé");
        assert_eq!(highlight("Accès refusé", 4..5), "s");
        assert_eq!(highlight("Accès refusé", 3..4), "è");
        // Ligature: both folded letters point at œ.
        assert_eq!(highlight("sœur", 1..3), "œ");
        // Decomposed input: the combining mark stays with its letter.
        assert_eq!(highlight("refuse\u{301}", 5..6), "e\u{301}");
    }

    #[test]
    fn words_split_on_punctuation_and_apostrophes() {
        let w: Vec<String> = words("le nom dns n'existe pas. _vlmcs._tcp 1688")
            .into_iter()
            .map(|w| w.text)
            .collect();
        assert_eq!(
            w,
            ["le", "nom", "dns", "n", "existe", "pas", "vlmcs", "tcp", "1688"]
        );
        let c: Vec<String> = content_words("le nom dns n'existe pas")
            .into_iter()
            .map(|w| w.text)
            .collect();
        assert_eq!(c, ["nom", "dns", "existe"]);
        assert_eq!(words("ab cd")[1].range, 3..5);
        for text in ["le nom dns n'existe pas", "", "  a  ", "x", "the kms host"] {
            let ranges: Vec<Range<usize>> =
                content_words(text).into_iter().map(|w| w.range).collect();
            assert_eq!(content_word_ranges(text), ranges, "{text:?}");
        }
    }

    #[test]
    fn odd_input_does_not_panic() {
        for s in [
            "",
            "   ",
            "\u{0}\u{7}\t\r\n",
            "🔑🔥 clé",
            "\u{301}\u{301}",
            "İ",
            "ﬁ",
            "Ⅻ",
        ] {
            let (folded, map) = fold(s);
            assert_eq!(folded.chars().count(), map.len());
            let _ = words(&folded);
        }
        assert_eq!(fold("ﬁn").0, "fin");
    }

    #[test]
    fn merges_ranges() {
        assert_eq!(
            merge_ranges(vec![5..7, 0..2, 1..3, 7..8, 9..9]),
            vec![0..3, 5..8]
        );
    }
}
