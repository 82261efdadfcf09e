//! OSC 52: asking the terminal itself to set its clipboard.
//!
//! The sequence is `ESC ] 52 ; c ; <base64 of the UTF-8 text> BEL`. It is
//! always terminated with BEL, never with ST (`ESC \`): every terminal that
//! knows OSC 52 accepts BEL, and a BEL-terminated sequence has no ESC inside
//! that the tmux wrapper would have to double.
//!
//! Through a terminal multiplexer the sequence must reach the outer terminal:
//! - tmux: a raw sequence is taken by tmux itself when `set-clipboard` is
//!   `on` (tmux then stores a buffer and forwards it); the DCS passthrough
//!   wrapper (`ESC P tmux; … ESC \`, inner ESCs doubled) reaches the outer
//!   terminal only with `allow-passthrough on`, off by default since tmux 3.3.
//!   [`Wrap::Tmux`] sends both, in one write, so either setting is enough;
//!   the text is the same, so a terminal that gets both just sets it twice.
//!   (`tmux load-buffer -w -` needs neither setting; the clipboard module
//!   prefers it inside tmux.)
//! - GNU screen passes DCS strings through but cuts them at 768 bytes, so the
//!   sequence is split into 76-byte DCS chunks.

use base64::Engine;

use super::ClipboardError;

/// Largest base64 payload sent (100 000 bytes, about 75 000 bytes of text).
/// Terminals cap OSC 52 differently (xterm's default is about 100 000), and
/// a larger one is silently dropped, so a bigger text is refused up front.
pub(crate) const MAX_BASE64_LEN: usize = 100_000;

const ESC: u8 = 0x1b;
const BEL: u8 = 0x07;
/// Base64 bytes per DCS chunk for GNU screen (its limit is 768 per string).
const SCREEN_CHUNK: usize = 76;

/// How the sequence is wrapped for a terminal multiplexer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wrap {
    /// The bare sequence: a terminal, or tmux with `set-clipboard on`.
    Plain,
    /// Inside tmux: the bare sequence followed by its DCS passthrough form.
    Tmux,
    /// Inside GNU screen: the sequence cut into DCS chunks.
    Screen,
}

/// Length of the base64 encoding of `len` bytes, with padding.
pub(crate) fn base64_len(len: usize) -> usize {
    len.div_ceil(3).saturating_mul(4)
}

/// The bytes to write to the terminal so that it copies `text`.
///
/// Pure: nothing is written. Fails when the base64 payload would exceed
/// [`MAX_BASE64_LEN`].
pub fn sequence(text: &str, wrap: Wrap) -> Result<Vec<u8>, ClipboardError> {
    let len = base64_len(text.len());
    if len > MAX_BASE64_LEN {
        return Err(ClipboardError::TooLarge {
            len,
            max: MAX_BASE64_LEN,
        });
    }
    let payload = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
    let mut plain = Vec::with_capacity(payload.len() + 9);
    plain.extend_from_slice(b"\x1b]52;c;");
    plain.extend_from_slice(payload.as_bytes());
    plain.push(BEL);
    Ok(match wrap {
        Wrap::Plain => plain,
        Wrap::Tmux => {
            let mut out = Vec::with_capacity(plain.len() * 2 + 16);
            out.extend_from_slice(&plain);
            out.extend_from_slice(b"\x1bPtmux;");
            for &b in &plain {
                if b == ESC {
                    out.push(ESC);
                }
                out.push(b);
            }
            out.extend_from_slice(b"\x1b\\");
            out
        }
        Wrap::Screen => {
            let mut out = Vec::with_capacity(payload.len() + payload.len() / SCREEN_CHUNK * 4 + 16);
            out.extend_from_slice(b"\x1bP\x1b]52;c;");
            for (i, chunk) in payload.as_bytes().chunks(SCREEN_CHUNK).enumerate() {
                if i > 0 {
                    out.extend_from_slice(b"\x1b\\\x1bP");
                }
                out.extend_from_slice(chunk);
            }
            out.push(BEL);
            out.extend_from_slice(b"\x1b\\");
            out
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads the text back from a plain sequence, checking its frame.
    fn decode_plain(seq: &[u8]) -> String {
        let body = seq
            .strip_prefix(b"\x1b]52;c;")
            .and_then(|s| s.strip_suffix(b"\x07"))
            .expect("OSC 52 frame");
        assert!(!body.contains(&ESC) && !body.contains(&BEL));
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(body)
            .expect("base64");
        String::from_utf8(bytes).expect("utf-8")
    }

    const TEXTS: &[&str] = &[
        "cscript %windir%\\system32\\slmgr.vbs /skms kms1.contoso.com:1688",
        "clé Ωmega « guillemets » – 日本語 🙂",
        "",
        "a",
        "ab",
        "abc",
        "line one\nline two\ttab",
    ];

    #[test]
    fn plain_sequence_decodes_to_the_exact_text() {
        for text in TEXTS {
            let seq = sequence(text, Wrap::Plain).unwrap();
            assert_eq!(decode_plain(&seq), *text);
        }
    }

    #[test]
    fn tmux_sequence_is_plain_then_passthrough_with_doubled_escapes() {
        for text in TEXTS {
            let plain = sequence(text, Wrap::Plain).unwrap();
            let seq = sequence(text, Wrap::Tmux).unwrap();
            let (first, rest) = seq.split_at(plain.len());
            assert_eq!(first, &plain[..]);
            let inner = rest
                .strip_prefix(b"\x1bPtmux;")
                .and_then(|s| s.strip_suffix(b"\x1b\\"))
                .expect("DCS frame");
            // Undo the doubling: every ESC comes in pairs.
            let mut undoubled = Vec::new();
            let mut i = 0;
            while i < inner.len() {
                if inner[i] == ESC {
                    assert_eq!(inner.get(i + 1), Some(&ESC));
                    i += 1;
                }
                undoubled.push(inner[i]);
                i += 1;
            }
            assert_eq!(decode_plain(&undoubled), *text);
        }
    }

    #[test]
    fn screen_sequence_is_chunked_and_reassembles() {
        let long = "slmgr /atp 123456123456123456123456123456123456123456123456 ".repeat(10);
        for text in TEXTS.iter().copied().chain([long.as_str()]) {
            let seq = sequence(text, Wrap::Screen).unwrap();
            let inner = seq
                .strip_prefix(b"\x1bP")
                .and_then(|s| s.strip_suffix(b"\x1b\\"))
                .expect("DCS frame");
            // Join the DCS chunks back into the OSC sequence a terminal sees.
            let joined: Vec<u8> = {
                let s = inner;
                let mut out = Vec::new();
                let mut i = 0;
                while i < s.len() {
                    if s[i..].starts_with(b"\x1b\\\x1bP") {
                        i += 4;
                        continue;
                    }
                    out.push(s[i]);
                    i += 1;
                }
                out
            };
            assert_eq!(decode_plain(&joined), text);
            // Every DCS string stays well under screen's 768-byte limit.
            let mut longest = 0;
            let mut start = 0;
            for i in 0..seq.len() {
                if seq[i..].starts_with(b"\x1b\\") {
                    longest = longest.max(i - start);
                    start = i + 2;
                }
            }
            assert!(longest < 768, "{longest}");
            if text.len() > 100 {
                assert!(seq.windows(2).filter(|w| w == b"\x1bP").count() > 1);
            }
        }
    }

    #[test]
    fn size_is_capped() {
        let fits = "x".repeat(MAX_BASE64_LEN / 4 * 3);
        assert_eq!(base64_len(fits.len()), MAX_BASE64_LEN);
        assert!(sequence(&fits, Wrap::Plain).is_ok());
        let too_big = "x".repeat(MAX_BASE64_LEN / 4 * 3 + 1);
        match sequence(&too_big, Wrap::Tmux) {
            Err(ClipboardError::TooLarge { len, max }) => {
                assert_eq!(max, MAX_BASE64_LEN);
                assert_eq!(len, MAX_BASE64_LEN + 4);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn base64_lengths() {
        assert_eq!(base64_len(0), 0);
        assert_eq!(base64_len(1), 4);
        assert_eq!(base64_len(3), 4);
        assert_eq!(base64_len(4), 8);
        assert_eq!(base64_len(usize::MAX), usize::MAX);
    }
}
