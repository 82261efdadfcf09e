//! One search over codes, messages, aliases, keywords, symptoms and causes.
//!
//! Pure: no I/O, no global state. Build a [`SearchIndex`] once per catalog;
//! each [`SearchIndex::search`] reads the query for codes first (see
//! [`parse_code_query`]), then searches the text (see `text.rs`).
//!
//! Ranking: an exact code beats a partial code, which beats any text match.
//! Among text matches, the share of the query matched dominates, then the
//! kind of field: message (or alias) > keyword > symptom > cause. One hit per
//! code (its best match), best first, ties broken by code order.
//!
//! Scores are comparable within one search only. Bands: exact codes score
//! [`EXACT_SCORE`], partial codes at least [`PARTIAL_SCORE`], text matches
//! less than 100 000.

mod codes;
mod fold;
mod nearest;
mod prebuilt;
mod text;
mod words;

use std::collections::BTreeMap;
use std::ops::Range;

use serde::{Serialize, Serializer};

use crate::core::catalog::{Catalog, Code, Lang, Resolution};

pub(crate) use codes::whole_code;
pub use codes::{parse_code_query, Anchor, CodeQuery, Fragment};
pub use fold::fold;
pub(crate) use nearest::nearest_codes;

use text::{Builder, FieldInfo, TextIndex, TextRef};

/// A resolution shared by codes of one file: its owners (code indices) and
/// where its text is (its first owner, its number among that code's
/// resolutions).
struct SharedCause<'c> {
    owners: Vec<u32>,
    resolution: &'c Resolution,
    first: u32,
    number: u32,
}

/// Score of an exact code.
pub(crate) const EXACT_SCORE: i64 = 1_000_000;
/// Lowest score of a partial code (fragment) match.
pub(crate) const PARTIAL_SCORE: i64 = 500_000;

/// How a code was found. The order is the ranking order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchKind {
    ExactCode,
    PartialCode,
    Message,
    Keyword,
    Symptom,
    Cause,
}

/// Which text of the catalog matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Code,
    Message,
    Alias,
    Keyword,
    Symptom,
    /// A resolution's title or cause, reachable from the code.
    Cause,
}

/// The matched text and where it matched.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MatchedText {
    pub field: Field,
    /// The text's language; `None` for a code.
    pub lang: Option<Lang>,
    /// The original text, as in the catalog (a code as `0xC004F074`).
    pub text: String,
    /// Matched parts of `text`, in characters (not bytes), sorted and merged.
    /// Serialized as `[[start, end], …]`.
    #[serde(serialize_with = "ranges_as_pairs")]
    pub ranges: Vec<Range<usize>>,
}

fn ranges_as_pairs<S: Serializer>(ranges: &[Range<usize>], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(ranges.iter().map(|r| [r.start, r.end]))
}

/// One code found by a search.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Hit {
    pub code: Code,
    pub score: i64,
    pub kind: MatchKind,
    pub matched: MatchedText,
}

/// A well-formed code that the catalog does not hold.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct UnknownCode {
    pub code: Code,
    /// Nearest known codes, best first (see [`nearest_codes`]).
    pub nearest: Vec<Code>,
}

/// The result of a search.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct SearchOutcome {
    pub hits: Vec<Hit>,
    pub unknown_codes: Vec<UnknownCode>,
}

impl SearchOutcome {
    /// The nearest known codes of the unknown codes, best first, each once
    /// and none already a hit, with the unknown code each is near: what every
    /// front end offers for a mistyped code, so that Enter still leads
    /// somewhere.
    pub(crate) fn nearest_offers(&self) -> Vec<(Code, Code)> {
        let mut offers: Vec<(Code, Code)> = Vec::new();
        for unknown in &self.unknown_codes {
            for &code in &unknown.nearest {
                let offered = offers.iter().any(|(c, _)| *c == code);
                if !offered && !self.hits.iter().any(|h| h.code == code) {
                    offers.push((code, unknown.code));
                }
            }
        }
        offers
    }
}

/// A catalog prepared for searching. It borrows the catalog for the texts
/// of its fields (it keeps where each text is, not a copy).
#[derive(Clone, Debug)]
pub struct SearchIndex<'c> {
    catalog: &'c Catalog,
    /// Known codes, in numeric order; a code's index is its position here.
    codes: Vec<Code>,
    /// Their 8 upper-case hex digits.
    hex: Vec<String>,
    text: TextIndex,
}

impl<'c> SearchIndex<'c> {
    /// The index of a catalog: the one the build made for the built-in
    /// catalog, the cached one of its folders when the cache holds it for
    /// exactly these files, otherwise built (and cached when the catalog
    /// was loaded with a cache). See `prebuilt.rs`.
    pub fn new(catalog: &'c Catalog) -> SearchIndex<'c> {
        prebuilt::index_of(catalog)
    }

    /// Folds and indexes every searchable text of the catalog.
    pub fn build(catalog: &'c Catalog) -> SearchIndex<'c> {
        let codes: Vec<Code> = catalog.codes().collect();
        let position = |code: Code| codes.binary_search(&code).ok().map(|i| i as u32);
        let mut text = Builder::default();
        let mut add = |owners: &[u32], field, kind, lang, (code, item), s: &str| {
            let at = TextRef { code, item };
            let info = FieldInfo {
                field,
                kind,
                lang,
                at,
            };
            text.add(owners, info, s);
        };
        // Resolutions are shared by the codes of a file: index each once,
        // its text found through its first code, in the catalog's file
        // order. Files are told apart by address; their addresses need not
        // follow that order (a file kept encoded and one parsed live in
        // different vectors), so each address is given its file's number.
        let file_numbers: std::collections::HashMap<usize, usize> = catalog
            .files()
            .enumerate()
            .map(|(i, (_, flow))| (std::ptr::from_ref(flow) as usize, i))
            .collect();
        let mut causes: BTreeMap<(usize, &str), SharedCause> = BTreeMap::new();

        for (entry, flow) in catalog.entries() {
            let Some(me) = position(entry.code) else {
                continue;
            };
            for lang in Lang::ALL {
                if let Some(message) = entry.messages.exact(lang) {
                    let kind = MatchKind::Message;
                    add(&[me], Field::Message, kind, Some(lang), (me, 0), message);
                }
            }
            for (k, alias) in entry.aliases.iter().enumerate() {
                let (kind, lang) = (MatchKind::Message, Some(alias.lang));
                add(&[me], Field::Alias, kind, lang, (me, k as u32), &alias.text);
            }
            for lang in Lang::ALL {
                for (k, keyword) in entry.keywords.get(lang).iter().enumerate() {
                    let (kind, at) = (MatchKind::Keyword, (me, k as u32));
                    add(&[me], Field::Keyword, kind, Some(lang), at, keyword);
                }
                for (k, symptom) in entry.symptoms.get(lang).iter().enumerate() {
                    let (kind, at) = (MatchKind::Symptom, (me, k as u32));
                    add(&[me], Field::Symptom, kind, Some(lang), at, symptom);
                }
            }
            let address = std::ptr::from_ref(flow) as usize;
            let file_key = file_numbers.get(&address).copied().unwrap_or(usize::MAX);
            for (k, (id, resolution)) in catalog.resolutions_of(entry.code).into_iter().enumerate()
            {
                causes
                    .entry((file_key, id))
                    .or_insert_with(|| SharedCause {
                        owners: Vec::new(),
                        resolution,
                        first: me,
                        number: k as u32,
                    })
                    .owners
                    .push(me);
            }
        }
        for cause in causes.into_values() {
            let (owners, resolution) = (&cause.owners, cause.resolution);
            for lang in Lang::ALL {
                for (which, t) in [&resolution.title, &resolution.cause]
                    .into_iter()
                    .enumerate()
                {
                    if let Some(s) = t.exact(lang) {
                        let at = (cause.first, 2 * cause.number + which as u32);
                        add(owners, Field::Cause, MatchKind::Cause, Some(lang), at, s);
                    }
                }
            }
        }
        let text = TextIndex::from_parts(text.finish(codes.len()));
        SearchIndex::from_text(catalog, codes, text)
    }

    fn from_text(catalog: &'c Catalog, codes: Vec<Code>, text: TextIndex) -> SearchIndex<'c> {
        SearchIndex {
            catalog,
            hex: codes.iter().map(|c| format!("{:08X}", c.0)).collect(),
            codes,
            text,
        }
    }

    /// The text of a field, from the catalog (the code's entry alone, but
    /// for a cause: its tree).
    fn text_of(&self, info: &FieldInfo) -> Option<&'c str> {
        let code = *self.codes.get(info.at.code as usize)?;
        let entry = || self.catalog.card(code).map(|(entry, _)| entry);
        let item = info.at.item as usize;
        let lang = info.lang?;
        match info.field {
            Field::Code => None,
            Field::Message => entry()?.messages.exact(lang),
            Field::Alias => entry()?.aliases.get(item).map(|a| a.text.as_str()),
            Field::Keyword => entry()?.keywords.get(lang).get(item).map(String::as_str),
            Field::Symptom => entry()?.symptoms.get(lang).get(item).map(String::as_str),
            Field::Cause => {
                let (_, resolution) = *self.catalog.resolutions_of(code).get(item / 2)?;
                let text = if item.is_multiple_of(2) {
                    &resolution.title
                } else {
                    &resolution.cause
                };
                text.exact(lang)
            }
        }
    }

    /// The index in its stored form (see `prebuilt.rs`). `build.rs` calls
    /// it (it compiles this module); in the crate only the tests do.
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) fn to_bytes(&self) -> Vec<u8> {
        prebuilt::encode(self)
    }

    /// An index stored by [`SearchIndex::to_bytes`], if `bytes` hold one
    /// for exactly the codes of `catalog`.
    pub fn from_bytes(catalog: &'c Catalog, bytes: &[u8]) -> Option<SearchIndex<'c>> {
        prebuilt::decode(catalog, bytes)
    }

    /// Number of codes indexed.
    pub fn len(&self) -> usize {
        self.codes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }

    /// Searches codes and texts; returns at most `limit` hits, best first,
    /// and the well-formed codes of the query that the catalog lacks.
    ///
    /// Text is searched unless the query held full codes that are all known
    /// (a pasted log line then gives its codes, not every code it resembles).
    pub fn search(&self, query: &str, limit: usize) -> SearchOutcome {
        let parsed = parse_code_query(query);
        let mut best: BTreeMap<u32, Hit> = BTreeMap::new();
        let mut unknown_codes = Vec::new();
        // Known codes are taken out of the text query; an unknown one stays,
        // as a text may mention it (a keyword, a related code).
        let mut consumed: Vec<Range<usize>> = parsed
            .spans
            .iter()
            .filter(|(code, _)| self.codes.binary_search(code).is_ok())
            .map(|(_, range)| range.clone())
            .collect();

        for &code in &parsed.codes {
            match self.codes.binary_search(&code) {
                Ok(i) => offer(&mut best, i as u32, self.code_hit(code, EXACT_SCORE, 0..10)),
                Err(_) => unknown_codes.push(UnknownCode {
                    code,
                    nearest: nearest_codes(code, self.codes.iter().copied()),
                }),
            }
        }

        for fragment in &parsed.fragments {
            let mut found = false;
            for (i, hex) in self.hex.iter().enumerate() {
                let Some((pos, rank)) = fragment.locate_in(hex) else {
                    continue;
                };
                found = true;
                let len = fragment.digits.len();
                let score = PARTIAL_SCORE + 1_000 * len as i64 + 100 * i64::from(rank);
                let hit = self.code_hit(self.codes[i], score, 2 + pos..2 + pos + len);
                offer(&mut best, i as u32, hit);
            }
            // Seven digits that end no code: most likely a whole code read
            // out with one digit dropped ("C004F74"). Offer the codes it
            // comes from, just above any text match.
            if !found && fragment.digits.len() == 7 {
                for (i, hex) in self.hex.iter().enumerate() {
                    if one_digit_dropped(hex, &fragment.digits) {
                        found = true;
                        let hit = self.code_hit(self.codes[i], PARTIAL_SCORE, 2..10);
                        offer(&mut best, i as u32, hit);
                    }
                }
            }
            if found {
                consumed.push(fragment.range.clone());
            }
        }

        let all_known = !parsed.codes.is_empty() && unknown_codes.is_empty();
        if !all_known {
            let rest = blank_out(query, &consumed);
            // Text scores stay below PARTIAL_SCORE: a code found by its
            // digits keeps that hit, and the text gives `limit` others.
            let (text_hits, prepared) = self
                .text
                .search(&rest, limit, |code| !best.contains_key(&code));
            for h in &text_hits {
                let (Some(doc), Some(&code)) =
                    (self.text.field(h.field), self.codes.get(h.code as usize))
                else {
                    continue;
                };
                let text = self.text_of(doc).unwrap_or_default();
                let hit = Hit {
                    code,
                    score: h.score,
                    kind: doc.kind,
                    matched: MatchedText {
                        field: doc.field,
                        lang: doc.lang,
                        text: text.to_string(),
                        ranges: self.text.highlight(h, &prepared, text),
                    },
                };
                offer(&mut best, h.code, hit);
            }
        }

        let mut hits: Vec<Hit> = best.into_values().collect();
        hits.sort_by(|a, b| b.score.cmp(&a.score).then(a.code.cmp(&b.code)));
        hits.truncate(limit);
        SearchOutcome {
            hits,
            unknown_codes,
        }
    }

    fn code_hit(&self, code: Code, score: i64, range: Range<usize>) -> Hit {
        Hit {
            code,
            score,
            kind: if score >= EXACT_SCORE {
                MatchKind::ExactCode
            } else {
                MatchKind::PartialCode
            },
            matched: MatchedText {
                field: Field::Code,
                lang: None,
                text: code.to_string(),
                ranges: vec![range],
            },
        }
    }
}

/// True when `digits` is `hex` with exactly one digit left out.
fn one_digit_dropped(hex: &str, digits: &str) -> bool {
    let (hex, digits) = (hex.as_bytes(), digits.as_bytes());
    if hex.len() != digits.len() + 1 {
        return false;
    }
    let same = hex.iter().zip(digits).take_while(|(a, b)| a == b).count();
    hex[same + 1..] == digits[same..]
}

/// Keeps the better hit of a code.
fn offer(best: &mut BTreeMap<u32, Hit>, code: u32, hit: Hit) {
    match best.get(&code) {
        Some(old) if old.score >= hit.score => {}
        _ => {
            best.insert(code, hit);
        }
    }
}

/// The query (its first [`text::MAX_QUERY_CHARS`] characters) with the given
/// character ranges replaced by spaces.
fn blank_out(query: &str, ranges: &[Range<usize>]) -> String {
    query
        .chars()
        .take(text::MAX_QUERY_CHARS)
        .enumerate()
        .map(|(i, c)| {
            if ranges.iter().any(|r| r.contains(&i)) {
                ' '
            } else {
                c
            }
        })
        .collect()
}

#[cfg(test)]
mod tests;
