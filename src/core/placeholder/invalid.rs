//! Why a value typed for a placeholder was refused: the reasons as data;
//! their words, in both languages, are in `core::i18n::refusal`.

use crate::core::i18n::refusal;
use crate::core::model::{Lang, PlaceholderKind};

use super::kinds::{ID_DIGITS, MAX_LABEL_LEN};

/// Why a value typed for a placeholder was refused.
///
/// Positions (`at`) count characters from 1, in the value after leading and
/// trailing spaces were trimmed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message(Lang::En))]
pub enum InvalidValue {
    /// Nothing but spaces.
    Empty,
    /// More than [`MAX_VALUE_LEN`](super::MAX_VALUE_LEN) characters (or 253 for a host name).
    TooLong { len: usize, max: usize },
    /// A line break, tab, escape or other control character.
    Control { at: usize, ch: char },
    /// An en dash, em dash or other dash look-alike where a hyphen belongs
    /// (word processors and mail clients substitute them).
    LongDash { at: usize, ch: char },
    /// A character with a meaning to cmd.exe or PowerShell.
    ShellMetacharacter { at: usize, ch: char },
    /// A character outside ASCII: accented letters, Cyrillic or Greek letters
    /// that look Latin, fullwidth digits, non-breaking spaces…
    NonAscii {
        at: usize,
        ch: char,
        /// The ASCII character it looks like, when it is a known look-alike.
        looks_like: Option<char>,
        kind: PlaceholderKind,
    },
    /// An ASCII character that this type does not accept.
    NotAllowed {
        at: usize,
        ch: char,
        kind: PlaceholderKind,
    },
    /// Host: two dots in a row, or a leading dot.
    EmptyLabel,
    /// Host: a label longer than 63 characters.
    LabelTooLong { label: String },
    /// Host: a label starting or ending with '-'.
    LabelHyphen { label: String },
    /// Host: all-numeric last label, i.e. an IPv4 address that does not parse.
    BadIpv4,
    /// Host: contains ':' or brackets but is not an IPv6 address.
    BadIpv6,
    /// Host: `name:port` typed in the host field.
    HostWithPort { host: String, port: String },
    /// IP address: a host name (or anything else that is not an address)
    /// where only an IPv4 or IPv6 address is accepted.
    NotAnIp,
    /// Host name type: an IP address was given.
    NotAName,
    /// An IPv6 address for a placeholder that the command follows directly
    /// with `:`: the port after it would read as part of the address.
    Ipv6BeforeColon { value: String },
    /// `[address]` where no `:port` follows it in a command.
    BracketsWithoutPort { value: String },
    /// Port: zero or above 65535.
    PortOutOfRange,
    /// Product key: not five groups of five; holds the group lengths found.
    ProductKeyShape { groups: Vec<usize> },
    /// Confirmation or installation ID: digit count outside [`ID_DIGITS`].
    IdDigits { kind: PlaceholderKind, count: usize },
    /// Path: ':' anywhere but right after a drive letter.
    MisplacedColon { at: usize },
    /// Path: ends with '\', which would escape a closing quote (`"C:\dir\"`).
    TrailingBackslash,
    /// Path: starts with '-', which a command would read as an option
    /// (`Remove-Item -Recurse`), quoted or not.
    LeadingDash,
}

impl InvalidValue {
    /// Character position (from 1) of the offending character, when there is one.
    pub fn at(&self) -> Option<usize> {
        match self {
            InvalidValue::Control { at, .. }
            | InvalidValue::LongDash { at, .. }
            | InvalidValue::ShellMetacharacter { at, .. }
            | InvalidValue::NonAscii { at, .. }
            | InvalidValue::NotAllowed { at, .. }
            | InvalidValue::MisplacedColon { at } => Some(*at),
            _ => None,
        }
    }

    /// The reason, for a human, in `lang` (the words are in
    /// `core::i18n::refusal`).
    pub fn message(&self, lang: Lang) -> String {
        match self {
            InvalidValue::Empty => refusal::empty(lang),
            InvalidValue::TooLong { len, max } => refusal::too_long(lang, *len, *max),
            InvalidValue::Control { at, ch } => refusal::control(lang, *at, *ch),
            InvalidValue::LongDash { at, ch } => refusal::long_dash(lang, *at, *ch),
            InvalidValue::ShellMetacharacter { at, ch } => refusal::shell_character(lang, *at, *ch),
            InvalidValue::NonAscii {
                at,
                ch,
                looks_like,
                kind,
            } => refusal::non_ascii(lang, *at, *ch, *looks_like, *kind),
            InvalidValue::NotAllowed { at, ch, kind } => {
                refusal::not_allowed(lang, *at, *ch, *kind)
            }
            InvalidValue::EmptyLabel => refusal::empty_label(lang),
            InvalidValue::LabelTooLong { label } => {
                refusal::label_too_long(lang, label, MAX_LABEL_LEN)
            }
            InvalidValue::LabelHyphen { label } => refusal::label_hyphen(lang, label),
            InvalidValue::BadIpv4 => refusal::bad_ipv4(lang),
            InvalidValue::BadIpv6 => refusal::bad_ipv6(lang),
            InvalidValue::HostWithPort { host, port } => refusal::host_with_port(lang, host, port),
            InvalidValue::NotAnIp => refusal::not_an_ip(lang),
            InvalidValue::NotAName => refusal::not_a_name(lang),
            InvalidValue::Ipv6BeforeColon { value } => refusal::ipv6_before_colon(lang, value),
            InvalidValue::BracketsWithoutPort { value } => {
                refusal::brackets_without_port(lang, value)
            }
            InvalidValue::PortOutOfRange => refusal::port_out_of_range(lang),
            InvalidValue::ProductKeyShape { groups } => refusal::product_key_shape(lang, groups),
            InvalidValue::IdDigits { kind, count } => {
                refusal::id_digits(lang, *kind, *count, *ID_DIGITS.start(), *ID_DIGITS.end())
            }
            InvalidValue::MisplacedColon { at } => refusal::misplaced_colon(lang, *at),
            InvalidValue::TrailingBackslash => refusal::trailing_backslash(lang),
            InvalidValue::LeadingDash => refusal::leading_dash(lang),
        }
    }
}
