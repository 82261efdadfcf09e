//! The known codes nearest to a code the catalog lacks, the way codes are
//! misread or mistyped (a digit wrong, two digits swapped).

use crate::core::catalog::Code;

/// How many nearest codes an unknown code gets.
pub(crate) const NEAREST: usize = 3;

/// The known codes nearest to `code`, best first, at most [`NEAREST`].
///
/// Codes are compared as 8 hex digits, the way they are misread or mistyped:
/// first by the number of digits that differ, place by place, a swapped pair
/// of neighbouring digits counting as one (see [`digit_distance`]); then
/// those sharing the upper 16 bits (severity and facility, e.g. `C004`)
/// first; then by numeric distance; then by code. Only codes within 4 digits,
/// or sharing the upper 16 bits, are kept: beyond that a suggestion would be
/// noise.
pub(crate) fn nearest_codes(code: Code, known: impl IntoIterator<Item = Code>) -> Vec<Code> {
    let target = hex8(code);
    // The nearest so far, best first: (distance, other facility, numeric
    // distance, code). Kept as we go: the catalog may hold 10,000 codes.
    let mut nearest: Vec<(usize, bool, u32, Code)> = Vec::with_capacity(NEAREST + 1);
    for k in known {
        if k == code {
            continue;
        }
        let other_facility = (k.0 >> 16) != (code.0 >> 16);
        let mut farthest = if other_facility { 4 } else { 8 };
        if let Some(last) = nearest.get(NEAREST - 1) {
            farthest = farthest.min(last.0);
        }
        // Most codes are too far: the floor tells without a digit loop.
        if distance_floor(code.0, k.0) > farthest {
            continue;
        }
        let distance = digit_distance(&target, &hex8(k));
        if distance > farthest {
            continue;
        }
        let key = (distance, other_facility, k.0.abs_diff(code.0), k);
        let at = nearest.partition_point(|n| *n < key);
        if at < NEAREST {
            nearest.insert(at, key);
            nearest.truncate(NEAREST);
        }
    }
    nearest.into_iter().map(|n| n.3).collect()
}

/// Digits that differ between two codes, place by place; two neighbouring
/// digits swapped count as one ("F047" for "F074"). Both have 8 digits, so
/// a dropped or added digit is not a case: the query would not be a code.
pub(crate) fn digit_distance(a: &[u8; 8], b: &[u8; 8]) -> usize {
    let mut distance = 0;
    let mut i = 0;
    while i < 8 {
        if a[i] == b[i] {
            i += 1;
        } else if i + 1 < 8 && a[i] == b[i + 1] && a[i + 1] == b[i] {
            distance += 1;
            i += 2;
        } else {
            distance += 1;
            i += 1;
        }
    }
    distance
}

/// A lower bound of [`digit_distance`], computed on all 8 digits at once:
/// the places that differ, less the places where a swap could start (each
/// swap the distance takes counts two differing places as one).
fn distance_floor(a: u32, b: u32) -> usize {
    let differ = nonzero_digits(a ^ b);
    // A swap at a place: its digit in `a` is the next one of `b`, and the
    // next one of `a` is its digit in `b`. The last place starts none.
    let swaps = !nonzero_digits(a ^ (b << 4)) & !nonzero_digits((a << 4) ^ b) & differ;
    (differ.count_ones() - (swaps & 0x1111_1110).count_ones()) as usize
}

/// One bit per non-zero hex digit, the lowest bit of its 4.
fn nonzero_digits(x: u32) -> u32 {
    let x = x | (x >> 1);
    let x = x | (x >> 2);
    x & 0x1111_1111
}

/// The 8 upper-case hex digits of a code, without allocating.
pub(crate) fn hex8(code: Code) -> [u8; 8] {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = [0u8; 8];
    for (i, d) in out.iter_mut().enumerate() {
        *d = DIGITS[((code.0 >> (28 - 4 * i)) & 0xF) as usize];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_floor_never_exceeds_the_distance() {
        let codes = [
            0xC004F074u32,
            0xC004F047,
            0x0C04F074,
            0xC00F4074,
            0x8007232B,
            0x7008322B,
            0xABABABAB,
            0xBABABABA,
            0x00000000,
            0xFFFFFFFF,
            0x12345678,
            0x21436587,
        ];
        for a in codes {
            for b in codes {
                let exact = digit_distance(&hex8(Code(a)), &hex8(Code(b)));
                assert!(distance_floor(a, b) <= exact, "{a:08X} {b:08X}");
            }
            assert_eq!(distance_floor(a, a), 0);
        }
        assert_eq!(distance_floor(0xC004F074, 0xC004F047), 1);
        assert_eq!(distance_floor(0xC004F074, 0xC104F075), 2);
    }

    #[test]
    fn nearest_prefers_close_digits_then_same_facility() {
        let known = [
            Code(0xC004F074),
            Code(0xC004F06C),
            Code(0xC004F038),
            Code(0x8007232B),
            Code(0x80070005),
        ];
        let n = nearest_codes(Code(0xC004F075), known);
        assert_eq!(n[0], Code(0xC004F074));
        assert_eq!(n.len(), 3);
        assert!(n[1..].iter().all(|c| c.0 >> 16 == 0xC004));
        // Swapped digits are one edit.
        assert_eq!(nearest_codes(Code(0xC004F047), known)[0], Code(0xC004F074));
        assert_eq!(&hex8(Code(0x8007007B)), b"8007007B");
        assert_eq!(digit_distance(b"C004F074", b"C004F047"), 1);
        assert_eq!(digit_distance(b"C004F074", b"C004F074"), 0);
        assert_eq!(digit_distance(b"C004F074", b"8007232B"), 6);
        // Nothing near: no suggestion.
        assert!(nearest_codes(Code(0x12345678), known).is_empty());
    }
}
