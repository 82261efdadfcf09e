//! TEMPORARY stand-in for `crate::search` (being written now), with the same
//! shape: replaced by a re-export as soon as it lands.

use std::ops::Range;

use crate::catalog::{Catalog, Code, Lang};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Code,
    Message,
    Keyword,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MatchedText {
    pub field: Field,
    pub lang: Option<Lang>,
    pub text: String,
    pub ranges: Vec<Range<usize>>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    pub code: Code,
    pub score: i64,
    pub matched: MatchedText,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownCode {
    pub code: Code,
    pub nearest: Vec<Code>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchOutcome {
    pub hits: Vec<Hit>,
    pub unknown_codes: Vec<UnknownCode>,
}

pub struct SearchIndex<'c> {
    catalog: &'c Catalog,
}

fn find(text: &str, needle: &str) -> Option<Range<usize>> {
    let lower = text.to_lowercase();
    let at = lower.find(needle)?;
    let start = lower[..at].chars().count();
    Some(start..start + needle.chars().count())
}

impl<'c> SearchIndex<'c> {
    pub fn new(catalog: &'c Catalog) -> Self {
        SearchIndex { catalog }
    }

    pub fn search(&self, query: &str, limit: usize) -> SearchOutcome {
        let q = query.trim().to_lowercase();
        let mut out = SearchOutcome::default();
        if q.is_empty() {
            return out;
        }
        if let Ok(code) = q.parse::<Code>() {
            if self.catalog.get(code).is_none() {
                out.unknown_codes.push(UnknownCode {
                    code,
                    nearest: crate::search::nearest_codes(code, self.catalog.codes()),
                });
            }
        }
        for (entry, _) in self.catalog.entries() {
            let code = entry.code.to_string();
            let bare = q.trim_start_matches("0x");
            let matched = if let Some(r) = find(&code[2..], bare) {
                Some(MatchedText {
                    field: Field::Code,
                    lang: None,
                    text: code.clone(),
                    ranges: std::iter::once(r.start + 2..r.end + 2).collect(),
                })
            } else {
                let mut m = None;
                for lang in Lang::ALL {
                    let msg = entry.messages.get(lang);
                    if let Some(r) = find(msg, &q) {
                        m = Some(MatchedText {
                            field: Field::Message,
                            lang: Some(lang),
                            text: msg.to_string(),
                            ranges: std::iter::once(r).collect(),
                        });
                        break;
                    }
                    if let Some(k) = entry
                        .keywords
                        .get(lang)
                        .iter()
                        .find(|k| find(k, &q).is_some())
                    {
                        let r = find(k, &q).unwrap_or(0..0);
                        m = Some(MatchedText {
                            field: Field::Keyword,
                            lang: Some(lang),
                            text: k.clone(),
                            ranges: std::iter::once(r).collect(),
                        });
                        break;
                    }
                }
                m
            };
            if let Some(matched) = matched {
                out.hits.push(Hit {
                    code: entry.code,
                    score: 1,
                    matched,
                });
            }
        }
        out.hits.truncate(limit);
        out
    }
}
