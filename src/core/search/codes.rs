//! Reading error codes out of a query: full codes in any usual form and code
//! fragments (the nearest known codes of an unknown one are in `nearest.rs`).

use std::ops::Range;

use serde::Serialize;

use crate::core::catalog::Code;

/// Where a fragment should sit in a code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Anchor {
    /// Anywhere; a match at the end ranks first, then at the start.
    Any,
    /// At the end only ("ends in 7B", "finit par 7B").
    End,
    /// At the start only (typed with `0x`, as when typing a code in full).
    Start,
}

/// Part of a code: 1 to 7 hex digits, upper case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Fragment {
    pub digits: String,
    pub anchor: Anchor,
    /// Characters of the query it was read from (with an "ends in" before it).
    pub range: Range<usize>,
}

impl Fragment {
    /// Where the fragment sits in the 8 upper-case hex digits of `code`, and
    /// a rank: 3 = at the end, 2 = at the start, 1 = elsewhere.
    #[cfg(test)]
    pub(crate) fn locate(&self, code: Code) -> Option<(usize, u8)> {
        self.locate_in(&format!("{:08X}", code.0))
    }

    /// Like [`Fragment::locate`], on a code's 8 upper-case hex digits.
    pub(crate) fn locate_in(&self, hex: &str) -> Option<(usize, u8)> {
        let len = self.digits.len();
        if len == 0 || len > 8 {
            return None;
        }
        let end_pos = 8 - len;
        let at_end = hex.ends_with(&self.digits);
        let at_start = hex.starts_with(&self.digits);
        match self.anchor {
            Anchor::End => at_end.then_some((end_pos, 3)),
            Anchor::Start => at_start.then_some((0, 3)),
            Anchor::Any => {
                if at_end {
                    Some((end_pos, 3))
                } else if at_start {
                    Some((0, 2))
                } else {
                    hex.find(&self.digits).map(|p| (p, 1))
                }
            }
        }
    }
}

/// What a query says about codes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct CodeQuery {
    /// Full codes, in the order they appear, without repeats.
    pub codes: Vec<Code>,
    /// Fragments; only looked for when the query holds no full code.
    pub fragments: Vec<Fragment>,
    /// Every full code read, with the characters of the query it was read
    /// from, in order (a code pasted twice appears twice).
    pub spans: Vec<(Code, Range<usize>)>,
}

/// At most this many codes are read from one query (a pasted log).
const MAX_CODES: usize = 64;

/// The one code a query stands for, if it stands for exactly one: any form
/// [`Code`] parses (`0xC004F074`, `c004-f074`, `-1073418124`), or a line
/// holding exactly one full code (a pasted error message). This one rule
/// decides, in the wizard, `--plain` and `walk`, whether a query opens a flow
/// or is searched.
pub(crate) fn whole_code(query: &str) -> Option<Code> {
    if let Ok(code) = query.parse::<Code>() {
        return Some(code);
    }
    match parse_code_query(query).codes[..] {
        [code] => Some(code),
        _ => None,
    }
}

/// Reads the codes and code fragments of a query. Pure; never panics.
///
/// Full codes:
/// - 8 hex digits, with or without `0x`, any case: `0xC004F074`, `c004f074`;
/// - with one space or dash between groups: `0xC004 F074`, `c004-f074`,
///   `0xC0 04 F0 74` (without `0x`, only as two groups of four);
/// - signed or unsigned decimal HRESULTs: `-1073418124`, `3221549172`;
/// - anywhere in pasted text ("Error: 0xC004F074 The Software…"), every one.
///
/// Inside longer text, 8 hex digits without `0x` count as a code only when
/// the first digit is 8 to F (every HRESULT error has its top bit set), so a
/// date like 20240115 is not read as a code. A decimal counts when it has 9 or
/// 10 digits and has that top bit set (negative, or 2^31 and above).
///
/// Fragments (only when there is no full code):
/// - the whole query is 1 to 7 hex digits, possibly with `0x`, spaces, dashes;
/// - a word of 3 to 7 hex digits with at least one decimal digit (`F074`,
///   `232b`); one of only decimal digits (`0490`) only when the query has no
///   other words, so "port 1688 blocked" stays a text query;
/// - 1 to 7 hex digits after "ends in", "ending in", "ends with", "finit par",
///   "termine par", "se termine par": anchored at the end ("ends in 7B").
pub fn parse_code_query(query: &str) -> CodeQuery {
    let chars: Vec<char> = query.chars().collect();
    let mut out = CodeQuery::default();

    if let Some(whole) = whole_query(&chars) {
        return whole;
    }

    scan_full_codes(&chars, &mut out);
    if out.codes.is_empty() {
        scan_fragments(&chars, &mut out);
    }
    out
}

/// The whole query as one code or fragment, ignoring `0x`, spaces and dashes.
fn whole_query(chars: &[char]) -> Option<CodeQuery> {
    let first = chars.iter().position(|c| !c.is_whitespace())?;
    let last = chars.iter().rposition(|c| !c.is_whitespace())?;
    let body = &chars[first..=last];
    if let Some(found) = spoken_decimal(body, first..last + 1) {
        return Some(found);
    }
    // Read out over the phone and typed in a hurry, zero often becomes the
    // letter O ("Ox C004 FO74"): accept it, but only where the result is a
    // whole code, so that words stay words.
    let (prefixed, rest) = match body {
        ['O' | 'o', 'x' | 'X', rest @ ..] => (true, rest),
        _ => strip_0x(body),
    };
    let mut digits = String::new();
    let mut letter_o = body.first().is_some_and(|c| matches!(c, 'O' | 'o')) && prefixed;
    for &c in rest {
        match c {
            ' ' | '-' => {}
            c if c.is_ascii_hexdigit() => digits.push(c.to_ascii_uppercase()),
            'O' | 'o' => {
                digits.push('0');
                letter_o = true;
            }
            _ => return None,
        }
    }
    let real_digit = rest.iter().any(|c| c.is_ascii_digit());
    if letter_o && (digits.len() != 8 || !real_digit) {
        return None;
    }
    let range = first..last + 1;
    match digits.len() {
        8 => {
            let value = u32::from_str_radix(&digits, 16).ok()?;
            if value == 0 {
                // "Success": no error to look up, and no code is near it.
                return Some(CodeQuery::default());
            }
            Some(CodeQuery {
                codes: vec![Code(value)],
                fragments: Vec::new(),
                spans: vec![(Code(value), range)],
            })
        }
        1..=7 => {
            // A bare word of hex letters ("bad", "face") is a word, not a code.
            let has_digit = digits.chars().any(|c| c.is_ascii_digit());
            // Two characters with a digit ("6C", "7B", "74") are what a
            // caller reads from the end of a code: "it ends in 6C".
            let suffix = !prefixed && has_digit && digits.len() == 2;
            if !(prefixed || suffix || has_digit && digits.len() >= 3) {
                return None;
            }
            let anchor = if prefixed {
                Anchor::Start
            } else if suffix {
                Anchor::End
            } else {
                Anchor::Any
            };
            Some(CodeQuery {
                codes: Vec::new(),
                fragments: vec![Fragment {
                    digits,
                    anchor,
                    range,
                }],
                spans: Vec::new(),
            })
        }
        _ => None,
    }
}

/// A decimal HRESULT as read over the phone: the sign with a space after
/// it (`- 1073418124`) is the code; a 9- or 10-digit number without its sign
/// that is no HRESULT by itself (below 2^31, `1073418124`) is offered as the
/// code it would be with the sign, as a partial match ("did you mean"),
/// never as an exact one.
fn spoken_decimal(body: &[char], range: Range<usize>) -> Option<CodeQuery> {
    let (negative, digits) = match body {
        ['-', ' ', rest @ ..] => (true, rest),
        rest => (false, rest),
    };
    if !(9..=10).contains(&digits.len()) || !digits.iter().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let value: i64 = digits.iter().collect::<String>().parse().ok()?;
    if negative {
        let code = Code(i32::try_from(-value).ok()? as u32);
        return Some(CodeQuery {
            codes: vec![code],
            fragments: Vec::new(),
            spans: vec![(code, range)],
        });
    }
    if value >= 0x8000_0000 || value == 0 {
        return None; // an unsigned HRESULT: the usual reading handles it.
    }
    let code = (-value) as i32 as u32;
    Some(CodeQuery {
        codes: Vec::new(),
        fragments: vec![Fragment {
            digits: format!("{code:08X}"),
            anchor: Anchor::End,
            range,
        }],
        spans: Vec::new(),
    })
}

fn strip_0x(chars: &[char]) -> (bool, &[char]) {
    match chars {
        ['0', 'x' | 'X', rest @ ..] => (true, rest),
        _ => (false, chars),
    }
}

fn boundary_before(chars: &[char], i: usize) -> bool {
    i == 0 || !chars[i - 1].is_alphanumeric()
}

fn boundary_after(chars: &[char], j: usize) -> bool {
    j >= chars.len() || !chars[j].is_alphanumeric()
}

fn scan_full_codes(chars: &[char], out: &mut CodeQuery) {
    let mut i = 0;
    while i < chars.len() {
        if !boundary_before(chars, i) {
            i += 1;
            continue;
        }
        let found = hex_code_at(chars, i).or_else(|| decimal_code_at(chars, i));
        match found {
            Some((code, end)) => {
                if !out.codes.contains(&code) {
                    if out.codes.len() >= MAX_CODES {
                        return;
                    }
                    out.codes.push(code);
                }
                out.spans.push((code, i..end));
                i = end;
            }
            None => i += 1,
        }
    }
}

/// A hex code starting at `i`: returns it and the end of its characters.
fn hex_code_at(chars: &[char], i: usize) -> Option<(Code, usize)> {
    let (prefixed, _) = strip_0x(&chars[i..]);
    let mut j = if prefixed { i + 2 } else { i };
    // "0x C004F074": one space after 0x.
    if prefixed && chars.get(j) == Some(&' ') {
        j += 1;
    }
    let mut digits = String::with_capacity(8);
    let mut groups = Vec::new();
    loop {
        let run = chars[j.min(chars.len())..]
            .iter()
            .take_while(|c| c.is_ascii_hexdigit())
            .count();
        if run == 0 {
            return None;
        }
        digits.extend(chars[j..j + run].iter().map(|c| c.to_ascii_uppercase()));
        groups.push(run);
        j += run;
        if digits.len() >= 8 {
            break;
        }
        let separated = matches!(chars.get(j), Some(' ' | '-'))
            && chars.get(j + 1).is_some_and(|c| c.is_ascii_hexdigit());
        if !separated {
            break;
        }
        j += 1;
    }
    if digits.len() != 8 || !boundary_after(chars, j) {
        return None;
    }
    // Event-log lines carry GUIDs (activation IDs, client machine IDs):
    // their hex groups are not error codes, whatever they look like.
    if in_dashed_hex(chars, i, j) {
        return None;
    }
    if !prefixed {
        if groups.len() > 1 && groups != [4, 4] {
            return None;
        }
        if !matches!(digits.as_bytes()[0], b'8'..=b'9' | b'A'..=b'F') {
            return None;
        }
    }
    let value = u32::from_str_radix(&digits, 16).ok()?;
    // 0x00000000 is "success", as event 12288's second field shows it.
    if value == 0 {
        return None;
    }
    Some((Code(value), j))
}

/// True when `chars[i..j]` is glued by dashes to more hex digits, as a
/// group of a GUID (`8c2ef1fb-1b2c-…`) is.
fn in_dashed_hex(chars: &[char], i: usize, j: usize) -> bool {
    let hex_at = |k: usize| chars.get(k).is_some_and(|c| c.is_ascii_hexdigit());
    let glued_before = i >= 2 && chars[i - 1] == '-' && hex_at(i - 2);
    let glued_after = chars.get(j) == Some(&'-') && hex_at(j + 1);
    glued_before || glued_after
}

/// A decimal HRESULT starting at `i` (signed or unsigned).
fn decimal_code_at(chars: &[char], i: usize) -> Option<(Code, usize)> {
    let negative = chars.get(i) == Some(&'-');
    // The digits of a negative number out of the signed range
    // (`-3221549172`) are not read again without their sign.
    if !negative && i > 0 && chars[i - 1] == '-' {
        return None;
    }
    let start = if negative { i + 1 } else { i };
    let run = chars
        .get(start..)?
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .count();
    let end = start + run;
    if !(9..=10).contains(&run) || !boundary_after(chars, end) {
        return None;
    }
    let text: String = chars[start..end].iter().collect();
    let value: i64 = text.parse().ok()?;
    let code = if negative {
        let v = i32::try_from(-value).ok()?;
        v as u32
    } else {
        if run != 10 {
            return None;
        }
        let v = u32::try_from(value).ok()?;
        if v < 0x8000_0000 {
            return None;
        }
        v
    };
    Some((Code(code), end))
}

/// An alphanumeric token of the query, lower-cased, with its char range.
struct Token {
    text: String,
    range: Range<usize>,
}

fn tokens(chars: &[char]) -> Vec<Token> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_alphanumeric() {
            let start = i;
            while i < chars.len() && chars[i].is_alphanumeric() {
                i += 1;
            }
            out.push(Token {
                text: chars[start..i]
                    .iter()
                    .flat_map(|c| c.to_lowercase())
                    .collect(),
                range: start..i,
            });
        } else {
            i += 1;
        }
    }
    out
}

/// Words that may surround a code without making the query a text query.
const CODE_CONTEXT: &[&str] = &[
    "ends",
    "ending",
    "end",
    "with",
    "in",
    "finit",
    "fini",
    "termine",
    "terminant",
    "se",
    "par",
    "error",
    "erreur",
    "code",
    "it",
    "its",
    "the",
    "le",
    "la",
    "l",
    "c",
    "0x",
    "hex",
];

fn scan_fragments(chars: &[char], out: &mut CodeQuery) {
    let toks = tokens(chars);
    let mut taken = vec![false; toks.len()];

    // "ends in 7B", "finit par 7B", "se termine par 232B".
    for k in 0..toks.len() {
        let intro = match (
            toks[k].text.as_str(),
            toks.get(k + 1).map(|t| t.text.as_str()),
        ) {
            ("ends" | "ending" | "end", Some("in" | "with")) => 2,
            ("finit" | "fini" | "termine" | "terminant", Some("par")) => 2,
            _ => 0,
        };
        if intro == 0 {
            continue;
        }
        let Some(tok) = toks.get(k + intro) else {
            continue;
        };
        let hex = hex_of(&tok.text);
        if let Some(digits) = hex.filter(|d| (1..=7).contains(&d.len())) {
            taken[k..=k + intro].iter_mut().for_each(|t| *t = true);
            // Take the words from "ends" to the fragment, and a "se" before.
            let start = if k > 0 && toks[k - 1].text == "se" {
                taken[k - 1] = true;
                toks[k - 1].range.start
            } else {
                toks[k].range.start
            };
            out.fragments.push(Fragment {
                digits,
                anchor: Anchor::End,
                range: start..tok.range.end,
            });
        }
    }

    let other_words = toks
        .iter()
        .enumerate()
        .filter(|(k, t)| !taken[*k] && hex_of(&t.text).is_none())
        .any(|(_, t)| !CODE_CONTEXT.contains(&t.text.as_str()));

    for (k, tok) in toks.iter().enumerate() {
        if taken[k] {
            continue;
        }
        let prefixed = tok.text.starts_with("0x");
        let Some(digits) = hex_of(&tok.text) else {
            continue;
        };
        let has_digit = digits.chars().any(|c| c.is_ascii_digit());
        let has_letter = digits.chars().any(|c| c.is_ascii_alphabetic());
        let ok = (3..=7).contains(&digits.len())
            && (prefixed || has_digit)
            && (has_letter || prefixed || !other_words);
        if ok && !out.fragments.iter().any(|f| f.digits == digits) {
            out.fragments.push(Fragment {
                digits,
                anchor: if prefixed { Anchor::Start } else { Anchor::Any },
                range: tok.range.clone(),
            });
        }
        if out.fragments.len() >= MAX_CODES {
            break;
        }
    }
}

/// The upper-case hex digits of a token (`0x` allowed), if it is all hex.
fn hex_of(token: &str) -> Option<String> {
    let body = token.strip_prefix("0x").unwrap_or(token);
    (!body.is_empty() && body.chars().all(|c| c.is_ascii_hexdigit()))
        .then(|| body.to_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(q: &str) -> Vec<String> {
        parse_code_query(q)
            .codes
            .iter()
            .map(|c| c.to_string())
            .collect()
    }

    fn fragments(q: &str) -> Vec<(String, Anchor)> {
        parse_code_query(q)
            .fragments
            .into_iter()
            .map(|f| (f.digits, f.anchor))
            .collect()
    }

    #[test]
    fn every_full_code_form() {
        for q in [
            "0xC004F074",
            "0xc004f074",
            "C004F074",
            "c004f074",
            "0XC004F074",
            "0xC004 F074",
            "c004-f074",
            "C004 F074",
            "0x C004F074",
            "0xC0 04 F0 74",
            "  0xC004F074  ",
            "-1073418124",
            "3221549172",
            "the code is 0xC004F074.",
            "it says c004-f074",
        ] {
            assert_eq!(codes(q), ["0xC004F074"], "query {q:?}");
        }
        assert_eq!(codes("0x8007007b"), ["0x8007007B"]);
        assert_eq!(codes("80070005"), ["0x80070005"]);
        assert_eq!(codes("-2147024891"), ["0x80070005"]);
    }

    #[test]
    fn pasted_text_gives_every_code() {
        let pasted = "Error: 0xC004F074 The Software Licensing Service reported that the \
                      product could not be activated. Event 12288, code 0x8007232b, \
                      again 0xC004F074 (hr=0x8007232B)";
        assert_eq!(codes(pasted), ["0xC004F074", "0x8007232B"]);
        assert!(parse_code_query(pasted).fragments.is_empty());

        // An event 12288 Info line: the success field and the GUIDs around
        // the code are not codes.
        let event = "Info: 0xC004F06C, 0x00000000, kms01.contoso.com:1688,                      8c2ef1fb-1b2c-4d5e-9f00-112233445566, 2026/11/25 10:00, 0, 2, 0,                      ae2ee509-1b34-41c0-acb7-6d4650168915, 5";
        assert_eq!(codes(event), ["0xC004F06C"]);
    }

    #[test]
    fn letter_o_for_zero_in_a_whole_code() {
        for q in ["c004fo74", "0xC004FO74", "OxC004F074", "ox c004-f074"] {
            assert_eq!(codes(q), ["0xC004F074"], "query {q:?}");
        }
        // Not a whole code: the letter stays a letter.
        for q in ["food", "c0o", "oxo", "boo 7b", "oooooooo", "OxCAFEBOOB"] {
            let parsed = parse_code_query(q);
            assert!(parsed.codes.is_empty(), "{q:?} gave {:?}", parsed.codes);
        }
    }

    #[test]
    fn numbers_that_are_not_codes() {
        for q in [
            "port 1688 blocked",
            "on 20240115",
            "on 2024-01-15 12345678",
            "call 1234 5678",
            "C004F0744",
            "0xC004F07412",
            "12345",
            "1073418124",
            // Out of the signed range: not read as 3221549172 without its sign.
            "-3221549172",
            "-5",
            "0x00000000",
            "8c2ef1fb-1b2c-4d5e-9f00-112233445566",
            "{55c92734-d682-4d71-983e-d6ec3f16059f}",
        ] {
            assert!(codes(q).is_empty(), "query {q:?} gave {:?}", codes(q));
        }
        assert!(fragments("port 1688 blocked").is_empty());
        assert!(fragments("bad key").is_empty());
        assert!(fragments("face").is_empty());
    }

    #[test]
    fn fragments_and_their_anchors() {
        assert_eq!(fragments("F074"), [("F074".to_string(), Anchor::Any)]);
        assert_eq!(fragments("232b"), [("232B".to_string(), Anchor::Any)]);
        assert_eq!(fragments("0490"), [("0490".to_string(), Anchor::Any)]);
        assert_eq!(fragments("f0 74"), [("F074".to_string(), Anchor::Any)]);
        assert_eq!(fragments("0xC004F"), [("C004F".to_string(), Anchor::Start)]);
        assert_eq!(
            fragments("it ends in F074"),
            [("F074".to_string(), Anchor::End)]
        );
        assert_eq!(
            fragments("F074 please"),
            [("F074".to_string(), Anchor::Any)]
        );
        assert_eq!(fragments("ends in 7B"), [("7B".to_string(), Anchor::End)]);
        assert_eq!(
            fragments("ça se termine par 232B"),
            [("232B".to_string(), Anchor::End)]
        );
        assert_eq!(
            fragments("F074 or 232B"),
            [
                ("F074".to_string(), Anchor::Any),
                ("232B".to_string(), Anchor::Any)
            ]
        );
        assert_eq!(parse_code_query("kms F074").fragments[0].range, 4..8);
        assert_eq!(parse_code_query("it ends in 7b").fragments[0].range, 3..13);
        // Two characters alone: the end of a code, as a caller reads it.
        assert_eq!(fragments("7B"), [("7B".to_string(), Anchor::End)]);
        assert!(fragments("BA").is_empty(), "no digit: a word");
        assert_eq!(fragments("0x8"), [("8".to_string(), Anchor::Start)]);
    }

    #[test]
    fn fragment_location_prefers_the_end() {
        let f = Fragment {
            digits: "F074".into(),
            anchor: Anchor::Any,
            range: 0..4,
        };
        assert_eq!(f.locate(Code(0xC004F074)), Some((4, 3)));
        assert_eq!(f.locate(Code(0xF0740000)), Some((0, 2)));
        assert_eq!(f.locate(Code(0x0F074000)), Some((1, 1)));
        assert_eq!(f.locate(Code(0xC004F075)), None);
        let end = Fragment {
            digits: "7B".into(),
            anchor: Anchor::End,
            range: 0..2,
        };
        assert_eq!(end.locate(Code(0x8007007B)), Some((6, 3)));
        assert_eq!(end.locate(Code(0x87B00000)), None);
    }

    #[test]
    fn odd_input_does_not_panic() {
        let long = "0x".repeat(50_000);
        let digits = "9".repeat(100_000);
        for q in [
            "",
            " ",
            "0x",
            "-",
            "--",
            "0x-",
            "🔑 0x🔥",
            "\u{0}0xC004F074\u{7}",
            &long,
            &digits,
        ] {
            let _ = parse_code_query(q);
        }
        assert_eq!(codes("\u{0}0xC004F074\u{7}"), ["0xC004F074"]);
    }
}
