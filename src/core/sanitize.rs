//! Making untrusted text safe to draw, print or copy.
//!
//! Flow files can come from a `--flows DIR` folder and search input comes from
//! the keyboard (or a paste). Neither may drive the terminal: an escape
//! sequence in a title could retitle the window, hide text, rewrite the
//! clipboard (OSC 52) or, once pasted, end a bracketed paste early
//! (`ESC [ 201 ~`) and run the rest of the line in an administrator's shell.
//! ratatui drops control characters when it draws, but stdout, `--json` and
//! the clipboard do not, so every such text goes through [`clean`] first.
//!
//! What is removed:
//! - complete escape sequences, with their parameters and payload:
//!   CSI (`ESC [` … final byte), OSC (`ESC ]` … BEL or ST), the string
//!   sequences DCS (`ESC P`), SOS (`ESC X`), PM (`ESC ^`) and APC (`ESC _`)
//!   up to ST, nF sequences (`ESC (` `B` and the like) and two-character
//!   escapes (`ESC 7`, `ESC c`, …);
//! - their 8-bit C1 forms (U+009B CSI, U+009D OSC, U+0090 DCS, U+0098 SOS,
//!   U+009E PM, U+009F APC), and every other C0/C1 control character and DEL;
//! - the Unicode bidirectional embedding, override and isolate controls
//!   (U+202A–U+202E, U+2066–U+2069) and marks (U+200E, U+200F, U+061C),
//!   which make the displayed order of a command differ from the order a
//!   shell reads ("Trojan Source");
//! - invisible characters that would hide in a copied command: zero-width
//!   space, joiners and word joiners (U+200B–U+200D, U+2060–U+2064), the
//!   byte order mark (U+FEFF) and U+180E; the line and paragraph separators
//!   U+2028 and U+2029 become a space, like a newline in [`clean_line`].
//!
//! # The boundary
//!
//! Text reaches the user by three ways, and each has one gate, so that a new
//! message cannot forget to clean what it prints:
//! - stdout and stderr: only through [`crate::output`], whose writers clean
//!   every byte written (clippy's `disallowed-macros`/`disallowed-methods`
//!   in `.clippy.toml` refuse `println!`, `eprintln!` and `std::io::stdout()`
//!   elsewhere);
//! - the full-screen wizard: every cell of every frame is scrubbed after it
//!   is drawn (`tui::scrub`), whatever view code produced it;
//! - the clipboard and saved transcripts: `Clipboard::copy` and
//!   `transcript::save::save_in` clean the whole text.
//!
//! The `clean` calls spread through the front ends remain as defence in depth
//! and to keep layouts right (a removed sequence does not take up width).
//!
//! `\n` and `\t` are kept by [`clean`]; [`clean_line`] turns them into spaces.
//!
//! An escape sequence that is never terminated loses only its introducer
//! (`ESC ]`, `ESC P`, …): the rest is shown as plain text. A terminal would
//! have hidden it, but once the ESC is gone it is inert, and showing it is
//! better than silently dropping the end of a text.

use std::borrow::Cow;

const ESC: char = '\u{1b}';
const BEL: char = '\u{7}';
/// C1 String Terminator (8-bit form of `ESC \`).
const ST_C1: char = '\u{9c}';

/// `text` without control characters and escape sequences; `\n` and `\t` stay.
///
/// Borrows when there is nothing to remove, which is the common case.
pub fn clean(text: &str) -> Cow<'_, str> {
    if !has_work(text, true) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(strip(text, true))
}

/// Like [`clean`], for a single line: newlines and tabs become spaces too
/// (a `\r\n` pair becomes one space).
pub fn clean_line(text: &str) -> Cow<'_, str> {
    if !has_work(text, false) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(strip(text, false))
}

/// True when [`clean`] would change `text`.
pub(crate) fn is_clean(text: &str) -> bool {
    matches!(clean(text), Cow::Borrowed(_))
}

fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{61c}'
    )
}

/// Characters that take no room on screen yet are copied with a command.
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200b}'..='\u{200d}' | '\u{2060}'..='\u{2064}' | '\u{feff}' | '\u{180e}'
    )
}

/// Whether `c` is removed (or, for separators, replaced) by [`clean`]:
/// control characters, bidi controls, invisible characters, U+2028/U+2029.
pub fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || is_bidi_control(c)
        || is_invisible(c)
        || is_separator(c)
}

fn is_separator(c: char) -> bool {
    matches!(c, '\u{2028}' | '\u{2029}')
}

/// Whether any character of `text` needs [`needs_work`]. Every text
/// printed passes here, so printable ASCII, nearly all of it, is decided a
/// byte at a time; only the bytes of other characters are decoded.
fn has_work(text: &str, keep_layout: bool) -> bool {
    // Printable ASCII is 0x20..=0x7e: one unsigned comparison.
    let other = |b: u8| b.wrapping_sub(0x20) >= 0x5f;
    let bytes = text.as_bytes();
    let mut at = 0;
    loop {
        // Blocks of printable ASCII are passed over whole: a block is
        // checked without a branch per byte.
        while let Some(block) = bytes.get(at..at + 32) {
            if block.iter().fold(false, |seen, &b| seen | other(b)) {
                break;
            }
            at += 32;
        }
        let Some(found) = bytes[at..].iter().position(|&b| other(b)) else {
            return false;
        };
        at += found;
        let Some(c) = text.get(at..).and_then(|rest| rest.chars().next()) else {
            return false;
        };
        if needs_work(c, keep_layout) {
            return true;
        }
        at += c.len_utf8();
    }
}

fn needs_work(c: char, keep_layout: bool) -> bool {
    if c == '\n' || c == '\t' {
        return !keep_layout;
    }
    if c.is_ascii() {
        // Most text, decided without the Unicode tables (every text printed
        // is checked, so this runs for each character of a runbook).
        return c.is_ascii_control();
    }
    c.is_control() || is_bidi_control(c) || is_invisible(c) || is_separator(c)
}

/// What kind of string a string-sequence introducer opens.
#[derive(Clone, Copy, PartialEq, Eq)]
enum StringKind {
    /// OSC: ends with BEL or ST.
    Osc,
    /// DCS, SOS, PM, APC: end with ST only.
    Other,
}

fn strip(text: &str, keep_layout: bool) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\n' | '\t' => {
                if keep_layout {
                    out.push(c);
                } else {
                    out.push(' ');
                }
                i += 1;
            }
            ESC => i = skip_escape(&chars, i),
            '\u{9b}' => i = skip_csi_body(&chars, i + 1),
            '\u{9d}' => i = skip_string(&chars, i + 1, StringKind::Osc),
            '\u{90}' | '\u{98}' | '\u{9e}' | '\u{9f}' => {
                i = skip_string(&chars, i + 1, StringKind::Other)
            }
            c if is_separator(c) => {
                out.push(' ');
                i += 1;
            }
            c if c.is_control() || is_bidi_control(c) || is_invisible(c) => i += 1,
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

/// `chars[start]` is ESC. Returns the index just after the sequence it opens.
fn skip_escape(chars: &[char], start: usize) -> usize {
    let Some(&next) = chars.get(start + 1) else {
        return start + 1;
    };
    match next {
        '[' => skip_csi_body(chars, start + 2),
        ']' => skip_string(chars, start + 2, StringKind::Osc),
        'P' | 'X' | '^' | '_' => skip_string(chars, start + 2, StringKind::Other),
        // nF: intermediates 0x20..=0x2F, then one final byte 0x30..=0x7E.
        '\u{20}'..='\u{2f}' => {
            let mut j = start + 1;
            while matches!(chars.get(j), Some('\u{20}'..='\u{2f}')) {
                j += 1;
            }
            match chars.get(j) {
                Some('\u{30}'..='\u{7e}') => j + 1,
                // Incomplete: drop what was consumed, resume at the odd character.
                _ => j,
            }
        }
        // Fp, Fe and Fs escapes: ESC and one character.
        '\u{30}'..='\u{7e}' => start + 2,
        // ESC followed by something that cannot continue a sequence: drop ESC only.
        _ => start + 1,
    }
}

/// CSI body from `from`: parameter bytes 0x30..=0x3F, intermediate bytes
/// 0x20..=0x2F, then a final byte 0x40..=0x7E. Returns the index after it; an
/// unterminated CSI stops at the first byte that cannot belong to it.
fn skip_csi_body(chars: &[char], from: usize) -> usize {
    let mut j = from;
    while let Some(&c) = chars.get(j) {
        match c {
            '\u{30}'..='\u{3f}' | '\u{20}'..='\u{2f}' => j += 1,
            '\u{40}'..='\u{7e}' => return j + 1,
            _ => return j,
        }
    }
    j
}

/// String body from `from` up to its terminator. Returns the index after the
/// terminator, or `from` itself when there is none (only the introducer goes).
fn skip_string(chars: &[char], from: usize, kind: StringKind) -> usize {
    let mut j = from;
    while let Some(&c) = chars.get(j) {
        match c {
            BEL if kind == StringKind::Osc => return j + 1,
            ST_C1 => return j + 1,
            ESC if chars.get(j + 1) == Some(&'\\') => return j + 2,
            _ => j += 1,
        }
    }
    from
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed() {
        let text = "slmgr.vbs /skms kms1.contoso.com:1688\n\tClé « Ωmega »";
        assert!(matches!(clean(text), Cow::Borrowed(_)));
        assert!(is_clean(text));
        assert!(matches!(clean_line("one line"), Cow::Borrowed(_)));
    }

    #[test]
    fn keeps_newlines_and_tabs_but_clean_line_flattens_them() {
        assert_eq!(clean("a\nb\tc"), "a\nb\tc");
        assert_eq!(clean_line("a\nb\tc"), "a b c");
        assert_eq!(clean_line("a\r\nb"), "a b");
        assert_eq!(clean("a\r\nb"), "a\nb");
    }

    #[test]
    fn removes_c0_controls_and_del() {
        assert_eq!(clean("a\u{0}b\u{7}c\u{8}d\u{7f}e\rf\u{c}g"), "abcdefg");
    }

    #[test]
    fn removes_csi_sequences() {
        assert_eq!(clean("\u{1b}[31mred\u{1b}[0m"), "red");
        assert_eq!(clean("\u{1b}[2J\u{1b}[H"), "");
        assert_eq!(clean("a\u{1b}[?1049hb"), "ab");
        // Bracketed-paste end marker: the classic paste-jacking sequence.
        assert_eq!(clean("x\u{1b}[201~; rm -rf"), "x; rm -rf");
        // Intermediate byte before the final one (DECSCUSR).
        assert_eq!(clean("a\u{1b}[2 qb"), "ab");
    }

    #[test]
    fn removes_osc_sequences_ended_by_bel_or_st() {
        assert_eq!(clean("a\u{1b}]0;evil title\u{7}b"), "ab");
        assert_eq!(clean("a\u{1b}]0;evil title\u{1b}\\b"), "ab");
        assert_eq!(clean("a\u{1b}]52;c;ZXZpbA==\u{7}b"), "ab");
        // OSC 8 hyperlink: the link text stays, the target goes.
        assert_eq!(
            clean("\u{1b}]8;;https://evil.example\u{1b}\\click\u{1b}]8;;\u{1b}\\"),
            "click"
        );
        assert_eq!(clean("a\u{1b}]2;t\u{9c}b"), "ab");
    }

    #[test]
    fn removes_dcs_apc_pm_sos_strings() {
        assert_eq!(
            clean("a\u{1b}Ptmux;\u{1b}\u{1b}]52;c;eA==\u{7}\u{1b}\\b"),
            "ab"
        );
        assert_eq!(clean("a\u{1b}_Gf=100;payload\u{1b}\\b"), "ab");
        assert_eq!(clean("a\u{1b}^privacy\u{1b}\\b"), "ab");
        assert_eq!(clean("a\u{1b}Xstart of string\u{1b}\\b"), "ab");
        // BEL does not end a DCS: the whole string up to ST goes.
        assert_eq!(clean("a\u{1b}Px\u{7}y\u{1b}\\b"), "ab");
    }

    #[test]
    fn removes_short_escapes_and_nf_sequences() {
        assert_eq!(clean("a\u{1b}7b\u{1b}8c"), "abc");
        assert_eq!(clean("a\u{1b}cb"), "ab");
        assert_eq!(clean("a\u{1b}(Bb"), "ab");
        assert_eq!(clean("a\u{1b}#8b"), "ab");
        assert_eq!(clean("a\u{1b}"), "a");
        assert_eq!(clean("a\u{1b}\u{1b}[1mb"), "ab");
    }

    #[test]
    fn removes_c1_forms() {
        assert_eq!(clean("a\u{9b}31mb"), "ab");
        assert_eq!(clean("a\u{9d}0;title\u{7}b"), "ab");
        assert_eq!(clean("a\u{9d}0;title\u{9c}b"), "ab");
        assert_eq!(clean("a\u{90}dcs\u{9c}b"), "ab");
        assert_eq!(clean("a\u{9f}apc\u{1b}\\b"), "ab");
        assert_eq!(clean("a\u{9e}pm\u{9c}b"), "ab");
        assert_eq!(clean("a\u{98}sos\u{9c}b"), "ab");
        assert_eq!(clean("a\u{85}b\u{8d}c"), "abc");
    }

    #[test]
    fn unterminated_sequences_lose_their_introducer() {
        assert_eq!(clean("a\u{1b}]0;no end"), "a0;no end");
        assert_eq!(clean("a\u{1b}Pno end"), "ano end");
        assert_eq!(clean("a\u{1b}[12"), "a");
        // A CSI broken by a non-CSI character stops there.
        assert_eq!(clean("a\u{1b}[1é"), "aé");
    }

    #[test]
    fn removes_bidi_overrides() {
        assert_eq!(clean("a\u{202e}gnp.exe\u{202c}b"), "agnp.exeb");
        assert_eq!(clean("x\u{2066}y\u{2069}"), "xy");
    }

    #[test]
    fn removes_bidi_marks_and_invisible_characters() {
        assert_eq!(clean("a\u{200f}b\u{200e}c\u{61c}d"), "abcd");
        assert_eq!(clean("slm\u{200b}gr\u{feff} /ato\u{2060}"), "slmgr /ato");
        assert_eq!(clean("a\u{2028}b\u{2029}c"), "a b c");
        assert!(!is_clean("x\u{200d}"));
        for c in [
            '\u{200b}', '\u{200f}', '\u{2028}', '\u{202e}', '\u{feff}', '\u{9b}', '\u{1b}',
        ] {
            assert!(is_unsafe(c), "{c:?}");
        }
        assert!(!is_unsafe('é') && !is_unsafe('\n') && !is_unsafe(' '));
    }

    #[test]
    fn clean_line_also_strips_sequences() {
        assert_eq!(clean_line("a\u{1b}[31m\nb\u{9b}1m"), "a b");
    }

    #[test]
    fn the_byte_scan_agrees_with_the_character_check() {
        let samples = [
            "",
            "plain ascii",
            "tab\there",
            "line\nbreak",
            "\u{7f}del",
            "é accentué",
            "kms\u{202e}evil",
            "zero\u{200b}width",
            "sep\u{2028}x",
            "\u{1b}[31mred",
            "fin é\n",
            "\u{85}next line",
        ];
        // Long runs of printable ASCII, with one other character at every
        // place around the 32-byte blocks.
        let long = "x".repeat(100);
        assert!(!has_work(&long, false));
        for at in 0..100 {
            for odd in ["\u{7}", "\t", "é", "\u{202e}"] {
                let text = format!("{}{odd}{}", &long[..at], &long[at..]);
                assert_eq!(
                    has_work(&text, false),
                    text.chars().any(|c| needs_work(c, false)),
                    "{at} {odd:?}"
                );
            }
        }
        for text in samples {
            for keep in [true, false] {
                assert_eq!(
                    has_work(text, keep),
                    text.chars().any(|c| needs_work(c, keep)),
                    "{text:?} {keep}"
                );
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn the_byte_scan_agrees_on_any_text(text in "(?s).{0,80}", keep: bool) {
            proptest::prop_assert_eq!(
                has_work(&text, keep),
                text.chars().any(|c| needs_work(c, keep))
            );
        }
    }
}
