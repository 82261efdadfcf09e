//! Lists of codes in plain mode: search results and the empty query's list
//! of every code.
//!
//! Read aloud on a call, a list must say what tells each code apart. Many
//! messages open with the same long sentence ("The Software Protection
//! Service reported that the computer could not be activated."): that
//! opening is printed once, above the list, under a mark (`…`, or `…1`,
//! `…2` when there are several), and each row shows the mark and the rest.
//! Codes with the very same message (0x8007232B, 0x80092328, 0x8007007B)
//! show it on the first row only, and a note says whether picking the
//! wrong one matters (their trees differ) or not.

use std::io::Write;

use crate::core::catalog::{Catalog, Code, Lang};
use crate::core::sanitize::clean_line;
use crate::core::shared_message::{self, MessageParts, Tree};
use crate::recent::Listed;
use crate::strings::colon;
use crate::strings::plain::{plain_strings, shared_opening};

/// What a list shows for its codes: the lines above it, each row's text,
/// and the notes below it.
#[derive(Debug, Default, PartialEq, Eq)]
struct Shown {
    above: Vec<String>,
    rows: Vec<String>,
    below: Vec<String>,
}

/// The texts for `codes`, listed in this order.
fn shown(codes: &[Code], catalog: &Catalog, lang: Lang) -> Shown {
    let s = plain_strings(lang);
    let parts: Vec<Option<MessageParts>> = codes
        .iter()
        .map(|c| shared_message::parts(catalog, *c, lang))
        .collect();
    let listed = |code: Code| codes.contains(&code);
    // The openings some listed code shares with the rest of the catalog;
    // each row takes the longest that another listed row opens with too.
    let candidates: Vec<&str> = parts
        .iter()
        .flatten()
        .map(|p| p.preamble)
        .filter(|p| !p.is_empty())
        .collect();
    let opening_of = |p: &MessageParts<'_>| -> Option<&str> {
        candidates
            .iter()
            .copied()
            .filter(|c| p.message.starts_with(c))
            .filter(|c| {
                parts
                    .iter()
                    .flatten()
                    .filter(|q| q.message.starts_with(c))
                    .count()
                    > 1
            })
            .max_by_key(|c| c.len())
    };
    let chosen: Vec<Option<&str>> = parts
        .iter()
        .map(|p| p.as_ref().and_then(&opening_of))
        .collect();
    let mut openings: Vec<&str> = Vec::new();
    for opening in chosen.iter().flatten() {
        if !openings.contains(opening) {
            openings.push(opening);
        }
    }
    let mark = |k: usize| match openings.len() {
        1 => "…".to_string(),
        _ => format!("…{}", k + 1),
    };
    let mut out = Shown::default();
    for (k, opening) in openings.iter().enumerate() {
        out.above
            .push(clean_line(&shared_opening(lang, &mark(k), opening.trim_end())).into_owned());
    }
    for (i, p) in parts.iter().enumerate() {
        let Some(p) = p else {
            out.rows.push(String::new());
            continue;
        };
        // The same message as a row above: said there already.
        let earlier = codes[..i]
            .iter()
            .find(|c| p.same_message.iter().any(|same| same.code == **c));
        let opening = chosen[i].and_then(|c| openings.iter().position(|o| *o == c));
        let text = match (earlier, opening) {
            (Some(first), _) => format!("({} {first})", s.same_message_as),
            (None, Some(k)) => {
                let rest = p.message[openings[k].len()..].trim_start();
                format!("{} {rest}", mark(k))
            }
            (None, None) => p.message.to_string(),
        };
        out.rows.push(clean_line(&text).into_owned());
        let group: Vec<&shared_message::SameMessage> =
            p.same_message.iter().filter(|s| listed(s.code)).collect();
        if earlier.is_none() && !group.is_empty() {
            let mut all = vec![p.code.to_string()];
            all.extend(group.iter().map(|s| s.code.to_string()));
            let note = if group.iter().any(|s| s.tree == Tree::Different) {
                s.same_message_other_fix
            } else {
                s.same_message_same_fix
            };
            out.below
                .push(format!("{} {note}", colon(lang, &all.join(", "))));
        }
    }
    out
}

/// Numbered search results, with each code's family.
pub(super) fn print_results(
    codes: &[Code],
    catalog: &Catalog,
    lang: Lang,
    out: &mut impl Write,
) -> std::io::Result<()> {
    let shown = shown(codes, catalog, lang);
    for line in &shown.above {
        writeln!(out, "  {line}")?;
    }
    for (i, (code, text)) in codes.iter().zip(&shown.rows).enumerate() {
        let family = catalog.card(*code).map_or("", |(_, family)| family);
        writeln!(out, "  {}) {code}  {}  {text}", i + 1, clean_line(family))?;
    }
    for line in &shown.below {
        writeln!(out, "  {line}")?;
    }
    Ok(())
}

/// The empty query's list: recent codes, then every code under its
/// family's name.
pub(super) fn print_listing(
    rows: &[Listed<'_>],
    catalog: &Catalog,
    lang: Lang,
    out: &mut impl Write,
) -> std::io::Result<()> {
    let codes: Vec<Code> = rows.iter().map(|r| r.code).collect();
    let shown = shown(&codes, catalog, lang);
    for line in &shown.above {
        writeln!(out, "  {line}")?;
    }
    let mut group: Option<Option<&str>> = None;
    for (i, (row, text)) in rows.iter().zip(&shown.rows).enumerate() {
        if group != Some(row.family) {
            group = Some(row.family);
            let title = row.family.unwrap_or(plain_strings(lang).recent);
            writeln!(out, "{}", colon(lang, &clean_line(title)))?;
        }
        writeln!(out, "  {}) {}  {text}", i + 1, row.code)?;
    }
    for line in &shown.below {
        writeln!(out, "  {line}")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn builtin() -> Catalog {
        Catalog::builtin().expect("built-in flows load")
    }

    #[test]
    fn a_shared_opening_is_said_once_and_rows_keep_what_differs() {
        let catalog = builtin();
        let codes = [Code(0xC004F074), Code(0xC004F039)];
        let shown = shown(&codes, &catalog, Lang::En);
        assert_eq!(
            shown.above,
            ["… stands for: The Software Protection Service reported that the computer could not be activated."]
        );
        assert!(
            shown.rows[0].starts_with("… No Key Management Service (KMS) could be contacted."),
            "{:?}",
            shown.rows
        );
        assert_eq!(
            shown.rows[1],
            "… The Key Management Service (KMS) is not enabled."
        );
    }

    #[test]
    fn the_same_message_is_shown_once_with_whether_the_fix_differs() {
        let catalog = builtin();
        let codes = [Code(0x8007232B), Code(0x80092328), Code(0x8007007B)];
        for lang in Lang::ALL {
            let shown = shown(&codes, &catalog, lang);
            assert!(shown.above.is_empty(), "{:?}", shown.above);
            let same = plain_strings(lang).same_message_as;
            assert_eq!(shown.rows[1], format!("({same} 0x8007232B)"));
            assert_eq!(shown.rows[2], format!("({same} 0x8007232B)"));
            assert_eq!(shown.below.len(), 1, "{:?}", shown.below);
            assert!(
                shown.below[0].starts_with("0x8007232B, "),
                "{:?}",
                shown.below
            );
        }
    }

    #[test]
    fn several_openings_get_numbered_marks() {
        let catalog = builtin();
        let codes = [
            Code(0xC004F074),
            Code(0xC004C008),
            Code(0xC004F039),
            Code(0xC004B100),
        ];
        let shown = shown(&codes, &catalog, Lang::En);
        assert_eq!(shown.above.len(), 2, "{:?}", shown.above);
        assert!(shown.above[0].starts_with("…1 stands for: The Software Protection"));
        assert!(shown.rows[1].starts_with("…2 "), "{:?}", shown.rows);
        assert!(shown.rows[3].starts_with("…2 "), "{:?}", shown.rows);
    }

    #[test]
    fn a_message_shared_with_no_listed_code_is_shown_whole() {
        let catalog = builtin();
        let shown = shown(&[Code(0xC004F074)], &catalog, Lang::En);
        assert!(shown.above.is_empty());
        assert!(shown.rows[0].starts_with("The Software Protection Service reported"));
    }
}
