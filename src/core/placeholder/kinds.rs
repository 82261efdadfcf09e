//! Limits per placeholder type (what each expects, in words, is in
//! `core::i18n::refusal::expectation`).

/// Longest value accepted, in characters, whatever its type.
pub(crate) const MAX_VALUE_LEN: usize = 255;

/// Longest host name (RFC 1123 / RFC 1035: 253 characters without the final dot).
pub(super) const MAX_HOST_LEN: usize = 253;
/// Longest label of a host name.
pub(super) const MAX_LABEL_LEN: usize = 63;

/// Bounds on the number of digits of a confirmation or installation ID.
///
/// The real lengths vary with the product and its age: a confirmation ID is 48
/// digits (8 groups of 6) since Windows Vista and 42 on Windows XP; an
/// installation ID is 63 digits (9 groups of 7) on Windows 8 and later, 54
/// (9 groups of 6) on Windows 7 and Office 2010, and other lengths for older
/// Office. Rather than guess the product, we accept any digit count in this
/// range and any grouping the agent typed: the value is digits only, so it is
/// harmless to the shell, and `slmgr` reports a mistyped ID itself. The upper
/// bound keeps stray pastes out; the lower one catches a lone group.
pub(crate) const ID_DIGITS: std::ops::RangeInclusive<usize> = 6..=72;

/// Characters that mean something to cmd.exe or PowerShell. They are all
/// outside every type's allowed set anyway; naming them gives a clearer reason.
pub(super) const SHELL_METACHARACTERS: &[char] = &[
    ';', '&', '|', '$', '(', ')', '`', '<', '>', '%', '^', '!', '"', '\'', '{', '}', ',', '@', '#',
];
