//! One value against its type, and against the template it goes into.

use std::net::{Ipv4Addr, Ipv6Addr};

use crate::core::model::PlaceholderKind;

use super::invalid::InvalidValue;
use super::kinds::{ID_DIGITS, MAX_HOST_LEN, MAX_LABEL_LEN, MAX_VALUE_LEN, SHELL_METACHARACTERS};
use super::spans;

/// Dashes that word processors, mail clients and web pages put where a
/// hyphen-minus was meant.
fn is_dash_lookalike(ch: char) -> bool {
    matches!(
        ch,
        '\u{2010}'
            ..='\u{2015}'
                | '\u{2212}'
                | '\u{2e3a}'
                | '\u{2e3b}'
                | '\u{fe58}'
                | '\u{fe63}'
                | '\u{ff0d}'
    )
}

/// The ASCII character a non-ASCII one is commonly mistaken for, if known:
/// fullwidth forms, odd spaces, and the Cyrillic and Greek capitals and small
/// letters that render like Latin ones.
fn ascii_lookalike(ch: char) -> Option<char> {
    if ('\u{ff01}'..='\u{ff5e}').contains(&ch) {
        return char::from_u32(ch as u32 - 0xfee0);
    }
    let l = match ch {
        '\u{a0}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}' => ' ',
        'а' | 'α' => 'a',
        'А' | 'Α' => 'A',
        'В' | 'Β' => 'B',
        'с' | 'ϲ' => 'c',
        'С' | 'Ϲ' => 'C',
        'е' => 'e',
        'Е' | 'Ε' => 'E',
        'Н' | 'Η' => 'H',
        'і' | 'ι' => 'i',
        'І' | 'Ι' | 'Ӏ' => 'I',
        'ј' => 'j',
        'Ј' => 'J',
        'К' | 'Κ' => 'K',
        'М' | 'Μ' => 'M',
        'Ν' => 'N',
        'о' | 'ο' => 'o',
        'О' | 'Ο' => 'O',
        'р' | 'ρ' => 'p',
        'Р' | 'Ρ' => 'P',
        'ѕ' => 's',
        'Ѕ' => 'S',
        'Т' | 'Τ' => 'T',
        'х' | 'χ' => 'x',
        'Х' | 'Χ' => 'X',
        'у' => 'y',
        'У' | 'Υ' => 'Y',
        'Ζ' => 'Z',
        '\u{2024}' => '.',
        '\u{2044}' | '\u{2215}' => '/',
        '\u{2216}' | '\u{29f5}' | '\u{fe68}' => '\\',
        '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{2032}' => '\'',
        '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{2033}' | '\u{2ba}' => '"',
        _ => return None,
    };
    Some(l)
}

/// Checks `raw` against `kind` and returns it normalized:
///
/// - every type: leading and trailing spaces trimmed;
/// - host: as typed (case kept); an IPv6 address in its canonical compressed
///   form, in brackets if it was typed in brackets (bracketed or not, an IPv6
///   address is refused where the command puts `:` right after it: see
///   [`check_in_template`]);
/// - IP address: an IPv4 address, or an IPv6 address in its canonical
///   compressed form without brackets; host names are refused;
/// - port: the number without leading zeros;
/// - product key: uppercase, grouped `XXXXX-XXXXX-XXXXX-XXXXX-XXXXX` (25
///   characters typed without hyphens are grouped);
/// - confirmation and installation IDs: the digits only, without separators,
///   as `slmgr /atp` takes them;
/// - Windows path: as typed.
///
/// Every type refuses, with a reason: control characters (line breaks,
/// escapes), shell metacharacters, quotes, any non-ASCII character (look-alike
/// letters and digits, long dashes, non-breaking spaces; international domain
/// names must be given in punycode) and values over [`MAX_VALUE_LEN`] characters.
pub fn validate(kind: PlaceholderKind, raw: &str) -> Result<String, InvalidValue> {
    let value = raw.trim();
    if value.is_empty() {
        return Err(InvalidValue::Empty);
    }
    let len = value.chars().count();
    if len > MAX_VALUE_LEN {
        return Err(InvalidValue::TooLong {
            len,
            max: MAX_VALUE_LEN,
        });
    }
    for (i, ch) in value.chars().enumerate() {
        let at = i + 1;
        if ch.is_control() || matches!(ch, '\u{2028}' | '\u{2029}') {
            return Err(InvalidValue::Control { at, ch });
        }
        if is_dash_lookalike(ch) {
            return Err(InvalidValue::LongDash { at, ch });
        }
        if SHELL_METACHARACTERS.contains(&ch) {
            return Err(InvalidValue::ShellMetacharacter { at, ch });
        }
        if !ch.is_ascii() {
            return Err(InvalidValue::NonAscii {
                at,
                ch,
                looks_like: ascii_lookalike(ch),
                kind,
            });
        }
    }
    // From here on, `value` is ASCII: byte indexes are character indexes.
    let normalized = match kind {
        PlaceholderKind::Host => validate_host(value)?,
        PlaceholderKind::Ip => validate_ip(value)?,
        PlaceholderKind::HostName => validate_host_name(value)?,
        PlaceholderKind::Port => validate_port(value)?,
        PlaceholderKind::ProductKey => validate_product_key(value)?,
        PlaceholderKind::ConfirmationId | PlaceholderKind::InstallationId => {
            validate_id(kind, value)?
        }
        PlaceholderKind::WindowsPath => validate_path(value)?,
    };
    debug_assert!(normalized
        .chars()
        .all(|c| c.is_ascii() && !c.is_ascii_control() && !SHELL_METACHARACTERS.contains(&c)));
    Ok(normalized)
}

fn not_allowed(
    kind: PlaceholderKind,
    value: &str,
    ok: impl Fn(u8) -> bool,
) -> Result<(), InvalidValue> {
    match value.bytes().position(|b| !ok(b)) {
        Some(i) => Err(InvalidValue::NotAllowed {
            at: i + 1,
            ch: char::from(value.as_bytes()[i]),
            kind,
        }),
        None => Ok(()),
    }
}

fn validate_host(value: &str) -> Result<String, InvalidValue> {
    let kind = PlaceholderKind::Host;
    if let Some(inner) = value.strip_prefix('[') {
        let inner = inner.strip_suffix(']').ok_or(InvalidValue::BadIpv6)?;
        let addr: Ipv6Addr = inner.parse().map_err(|_| InvalidValue::BadIpv6)?;
        return Ok(format!("[{addr}]"));
    }
    if value.contains(':') {
        if let Ok(addr) = value.parse::<Ipv6Addr>() {
            return Ok(addr.to_string());
        }
        // `kms1.contoso.com:1688` is a common slip: say so.
        if let Some((host, port)) = value.split_once(':') {
            if !port.is_empty()
                && port.bytes().all(|b| b.is_ascii_digit())
                && validate_host(host).is_ok()
            {
                return Err(InvalidValue::HostWithPort {
                    host: host.to_string(),
                    port: port.to_string(),
                });
            }
        }
        return Err(InvalidValue::BadIpv6);
    }
    not_allowed(kind, value, |b| {
        b.is_ascii_alphanumeric() || b == b'-' || b == b'.'
    })?;
    if let Ok(addr) = value.parse::<Ipv4Addr>() {
        return Ok(addr.to_string());
    }
    // One final dot (an absolute name) is fine; it does not count in the length.
    let name = value.strip_suffix('.').unwrap_or(value);
    if name.len() > MAX_HOST_LEN {
        return Err(InvalidValue::TooLong {
            len: name.len(),
            max: MAX_HOST_LEN,
        });
    }
    let labels: Vec<&str> = name.split('.').collect();
    for label in &labels {
        if label.is_empty() {
            return Err(InvalidValue::EmptyLabel);
        }
        if label.len() > MAX_LABEL_LEN {
            return Err(InvalidValue::LabelTooLong {
                label: label.to_string(),
            });
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err(InvalidValue::LabelHyphen {
                label: label.to_string(),
            });
        }
    }
    // A name whose last label is all digits would be read as an address
    // (RFC 3696 section 2): `10.0.0.256` or `10.1` are broken IPv4 addresses.
    if labels
        .last()
        .is_some_and(|l| l.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(InvalidValue::BadIpv4);
    }
    Ok(value.to_string())
}

/// A host name as [`validate_host`] accepts it, but not an address.
fn validate_host_name(value: &str) -> Result<String, InvalidValue> {
    let host = validate_host(value)?;
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    if bare.parse::<std::net::IpAddr>().is_ok() {
        return Err(InvalidValue::NotAName);
    }
    Ok(host)
}

fn validate_ip(value: &str) -> Result<String, InvalidValue> {
    let kind = PlaceholderKind::Ip;
    // Letters pass this first filter so that a host name gets its own reason.
    not_allowed(kind, value, |b| {
        b.is_ascii_alphanumeric() || matches!(b, b'.' | b':' | b'-' | b'[' | b']')
    })?;
    if let Ok(addr) = value.parse::<Ipv4Addr>() {
        return Ok(addr.to_string());
    }
    let inner = match value.strip_prefix('[') {
        Some(rest) => rest.strip_suffix(']').ok_or(InvalidValue::BadIpv6)?,
        None => value,
    };
    if let Ok(addr) = inner.parse::<Ipv6Addr>() {
        return Ok(addr.to_string());
    }
    if value.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return Err(InvalidValue::BadIpv4);
    }
    if value.contains([':', '[', ']']) {
        if let Some((host, port)) = value.split_once(':') {
            let port_like = !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit());
            if port_like && host.parse::<Ipv4Addr>().is_ok() {
                return Err(InvalidValue::HostWithPort {
                    host: host.to_string(),
                    port: port.to_string(),
                });
            }
            if port_like && validate_host(host).is_ok() {
                return Err(InvalidValue::NotAnIp);
            }
        }
        return Err(InvalidValue::BadIpv6);
    }
    Err(InvalidValue::NotAnIp)
}

/// Whether `value` is an IPv6 address, bare or in brackets.
fn is_ipv6(value: &str) -> bool {
    let value = value.trim();
    let inner = value
        .strip_prefix('[')
        .and_then(|rest| rest.strip_suffix(']'))
        .unwrap_or(value);
    inner.parse::<Ipv6Addr>().is_ok()
}

/// Whether some `{name}` in `template` is directly followed by `:`.
pub fn followed_by_colon(template: &str, name: &str) -> bool {
    spans(template)
        .into_iter()
        .any(|(range, n)| n == name && template[range.end..].starts_with(':'))
}

/// Checks a value (already validated for its type) against the command it
/// goes into: an IPv6 address is refused for a placeholder that the template
/// follows directly with `:` (`{kms_host}:{kms_port}` would give
/// `fe80::1:1688`, where the port reads as part of the address). Whatever the
/// command, not only `slmgr /skms`.
///
/// A bracketed IPv6 address (`[fe80::1]`, a `host` value) is the form the
/// slmgr usage text asks for before a port ("IPv6 address must be specified
/// in the format [hostname]:port"): it is accepted before `:`, and only
/// there (`ping [fe80::1]` fails).
pub(crate) fn check_in_template(
    template: &str,
    name: &str,
    value: &str,
) -> Result<(), InvalidValue> {
    let value = value.trim();
    if value.starts_with('[') && is_ipv6(value) {
        let bare_use = spans(template)
            .into_iter()
            .any(|(range, n)| n == name && !template[range.end..].starts_with(':'));
        if bare_use {
            return Err(InvalidValue::BracketsWithoutPort {
                value: value.to_string(),
            });
        }
        return Ok(());
    }
    if is_ipv6(value) && followed_by_colon(template, name) {
        return Err(InvalidValue::Ipv6BeforeColon {
            value: value.trim().to_string(),
        });
    }
    Ok(())
}

/// [`validate`], then [`check_in_template`]: the check a form asking for
/// the values of one command should make.
pub(crate) fn validate_in(
    kind: PlaceholderKind,
    raw: &str,
    template: &str,
    name: &str,
) -> Result<String, InvalidValue> {
    let value = validate(kind, raw)?;
    check_in_template(template, name, &value)?;
    Ok(value)
}

fn validate_port(value: &str) -> Result<String, InvalidValue> {
    not_allowed(PlaceholderKind::Port, value, |b| b.is_ascii_digit())?;
    let digits = value.trim_start_matches('0');
    if digits.is_empty() || value.len() > 5 {
        return Err(InvalidValue::PortOutOfRange);
    }
    match digits.parse::<u32>() {
        Ok(n) if (1..=65535).contains(&n) => Ok(n.to_string()),
        _ => Err(InvalidValue::PortOutOfRange),
    }
}

fn validate_product_key(value: &str) -> Result<String, InvalidValue> {
    not_allowed(PlaceholderKind::ProductKey, value, |b| {
        b.is_ascii_alphanumeric() || b == b'-'
    })?;
    let upper = value.to_ascii_uppercase();
    let groups: Vec<String> = if upper.contains('-') {
        upper.split('-').map(str::to_string).collect()
    } else {
        upper
            .as_bytes()
            .chunks(5)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect()
    };
    if groups.len() != 5 || groups.iter().any(|g| g.len() != 5) {
        let lengths = if upper.contains('-') {
            groups.iter().map(String::len).collect()
        } else {
            vec![upper.len()]
        };
        return Err(InvalidValue::ProductKeyShape { groups: lengths });
    }
    Ok(groups.join("-"))
}

fn validate_id(kind: PlaceholderKind, value: &str) -> Result<String, InvalidValue> {
    not_allowed(kind, value, |b| {
        b.is_ascii_digit() || b == b' ' || b == b'-'
    })?;
    let digits: String = value.chars().filter(char::is_ascii_digit).collect();
    if !ID_DIGITS.contains(&digits.len()) {
        return Err(InvalidValue::IdDigits {
            kind,
            count: digits.len(),
        });
    }
    Ok(digits)
}

fn validate_path(value: &str) -> Result<String, InvalidValue> {
    // ASCII only, on purpose: cmd.exe and PowerShell 5 read a command line
    // through the console code page, and Windows "best fit" maps some
    // non-ASCII characters to ASCII ones (U+02BA to '"', U+FF02 to '"', U+00A5
    // to '\'), which can end a quoted argument. Accents are refused with them.
    not_allowed(PlaceholderKind::WindowsPath, value, |b| {
        b.is_ascii_alphanumeric() || matches!(b, b' ' | b'\\' | b'.' | b'_' | b'-' | b':')
    })?;
    if value.starts_with('-') {
        return Err(InvalidValue::LeadingDash);
    }
    let bytes = value.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b == b':' && !(i == 1 && bytes[0].is_ascii_alphabetic()) {
            return Err(InvalidValue::MisplacedColon { at: i + 1 });
        }
    }
    if value.ends_with('\\') {
        return Err(InvalidValue::TrailingBackslash);
    }
    Ok(value.to_string())
}

#[cfg(test)]
mod validate_tests {
    use super::*;
    use crate::core::i18n::refusal::expectation;
    use crate::core::model::Lang;
    use crate::core::placeholder::fill;
    use std::collections::BTreeMap;
    use PlaceholderKind::*;

    const ALL: [PlaceholderKind; PlaceholderKind::ALL.len()] = PlaceholderKind::ALL;

    #[test]
    fn host_name_takes_names_and_refuses_addresses() {
        assert_eq!(
            validate(HostName, " KMS1.Contoso.com ").as_deref(),
            validate(Host, " KMS1.Contoso.com ").as_deref()
        );
        assert!(validate(HostName, "kms1").is_ok());
        for address in ["192.0.2.10", "2001:db8::10", "[2001:db8::10]", "::1"] {
            assert_eq!(
                validate(HostName, address),
                Err(InvalidValue::NotAName),
                "{address}"
            );
        }
        // Everything a host refuses, a host name refuses too.
        for bad in ["kms1;calc", "kms_1", "kms1:1688", ""] {
            assert!(validate(HostName, bad).is_err(), "{bad:?}");
        }
        let fr = InvalidValue::NotAName.message(Lang::Fr);
        assert!(fr.contains("nom d’hôte"), "{fr}");
    }

    /// Hostile fragments: shell metacharacters, command substitutions, line
    /// breaks, escape sequences (7-bit and C1), look-alikes, invisible and
    /// bidi characters. Each is put before, inside and after a valid value.
    const HOSTILE: &[&str] = &[
        ";",
        "&",
        "&&",
        "|",
        "||",
        "$(whoami)",
        "`id`",
        ">",
        ">>",
        "<",
        "%PATH%",
        "%",
        "^",
        "!",
        "\"",
        "'",
        "{",
        "}",
        ",",
        "@",
        "#",
        "(",
        ")",
        "\n",
        "\r\n",
        "\t",
        "\u{1b}[31m",
        "\u{1b}]0;x\u{7}",
        "\u{9b}2J",
        "\u{0}",
        "\u{7f}",
        "\u{2028}",
        "\u{2013}",
        "\u{2014}",
        "а",
        "１",
        "\u{a0}",
        "\u{200b}",
        "\u{202e}",
        "\u{ff1b}",
        "\u{ff02}",
        "\u{2ba}",
        "é",
    ];

    fn base(kind: PlaceholderKind) -> &'static str {
        match kind {
            Host => "kms1.contoso.com",
            Ip => "192.0.2.10",
            HostName => "kms1.contoso.com",
            Port => "1688",
            ProductKey => "W269N-WFGWX-YVC9B-4J6C9-T83GX",
            ConfirmationId => "123456-123456-123456-123456-123456-123456-123456-123456",
            InstallationId => {
                "1234567 1234567 1234567 1234567 1234567 1234567 1234567 1234567 1234567"
            }
            WindowsPath => r"C:\Windows\System32\oem\x.xrm-ms",
        }
    }

    #[test]
    fn bases_are_valid() {
        for kind in ALL {
            assert!(validate(kind, base(kind)).is_ok(), "{kind:?}");
        }
    }

    #[test]
    fn every_kind_refuses_every_hostile_fragment_anywhere() {
        for kind in ALL {
            let b = base(kind);
            let mid = b.len() / 2;
            for bad in HOSTILE {
                for candidate in [
                    format!("{b}{bad}"),
                    format!("{bad}{b}"),
                    format!("{}{bad}{}", &b[..mid], &b[mid..]),
                    format!("{b}{bad}x"),
                ] {
                    // Trimming may legitimately remove a trailing newline, tab
                    // or no-break space: what counts is that none of it
                    // reaches the result.
                    if let Ok(v) = validate(kind, &candidate) {
                        assert_eq!(v.trim(), v);
                        assert!(
                            v.chars()
                                .all(|c| c.is_ascii_alphanumeric() || "-.:[]\\ _".contains(c)),
                            "{kind:?} accepted {candidate:?} as {v:?}"
                        );
                        assert!(
                            bad.trim().is_empty(),
                            "{kind:?} accepted {candidate:?} as {v:?}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn specific_reasons() {
        assert!(matches!(
            validate(Host, "kms1;calc"),
            Err(InvalidValue::ShellMetacharacter { at: 5, ch: ';' })
        ));
        assert!(matches!(
            validate(Host, "kms1\ncalc"),
            Err(InvalidValue::Control { at: 5, ch: '\n' })
        ));
        assert!(matches!(
            validate(Host, "kms1\u{1b}[0m"),
            Err(InvalidValue::Control { ch: '\u{1b}', .. })
        ));
        assert!(matches!(
            validate(Host, "kms1.contoso.com$(calc)"),
            Err(InvalidValue::ShellMetacharacter { ch: '$', .. })
        ));
        assert!(matches!(
            validate(Port, "`calc`"),
            Err(InvalidValue::ShellMetacharacter { at: 1, ch: '`' })
        ));
        assert!(matches!(
            validate(WindowsPath, r"C:\x\%COMSPEC%"),
            Err(InvalidValue::ShellMetacharacter { ch: '%', .. })
        ));
        assert!(matches!(
            validate(WindowsPath, r"C:\x > C:\y"),
            Err(InvalidValue::ShellMetacharacter { ch: '>', .. })
        ));
        assert!(matches!(
            validate(WindowsPath, r"C:\x < C:\y"),
            Err(InvalidValue::ShellMetacharacter { ch: '<', .. })
        ));
        assert!(matches!(
            validate(ProductKey, "W269N-WFGWX-YVC9B-4J6C9-T83GX & calc"),
            Err(InvalidValue::ShellMetacharacter { ch: '&', .. })
        ));
        assert!(matches!(
            validate(ProductKey, "W269N-WFGWX-YVC9B-4J6C9-T83GX | calc"),
            Err(InvalidValue::ShellMetacharacter { ch: '|', .. })
        ));
    }

    #[test]
    fn lookalikes_are_named() {
        // Cyrillic 'а' in "contoso".
        let err = validate(Host, "kms1.contоso.com").unwrap_err();
        assert!(matches!(
            err,
            InvalidValue::NonAscii {
                at: 10,
                looks_like: Some('o'),
                ..
            }
        ));
        assert!(err.message(Lang::En).contains("looks like 'o'"));
        let err = validate(Host, "kms1.аcme.com").unwrap_err();
        assert!(matches!(
            err,
            InvalidValue::NonAscii {
                looks_like: Some('a'),
                ..
            }
        ));
        // Fullwidth digits.
        let err = validate(Port, "１６８８").unwrap_err();
        assert!(matches!(
            err,
            InvalidValue::NonAscii {
                at: 1,
                looks_like: Some('1'),
                ..
            }
        ));
        // Long dashes in a key.
        for dash in ['\u{2013}', '\u{2014}', '\u{2212}', '\u{2010}'] {
            let key = format!("W269N{dash}WFGWX-YVC9B-4J6C9-T83GX");
            let err = validate(ProductKey, &key).unwrap_err();
            assert!(
                matches!(err, InvalidValue::LongDash { at: 6, .. }),
                "{dash}"
            );
            assert!(err.message(Lang::En).contains(&format!(
                "a long dash ({dash}) replaced a hyphen (character 6)"
            )));
            assert!(err.message(Lang::Fr).contains("tiret long"));
        }
        // An accented IDN must come in punycode.
        let err = validate(Host, "café.example").unwrap_err();
        assert!(err.message(Lang::En).contains("punycode"));
        assert_eq!(
            validate(Host, "xn--caf-dma.example").as_deref(),
            Ok("xn--caf-dma.example")
        );
        // A no-break space inside a value.
        assert!(matches!(
            validate(InstallationId, "1234567\u{a0}1234567"),
            Err(InvalidValue::NonAscii {
                looks_like: Some(' '),
                ..
            })
        ));
        // Fullwidth semicolon and modifier double prime (best-fit maps it to '"').
        assert!(validate(WindowsPath, "C:\\x\u{ff1b}y").is_err());
        assert!(validate(WindowsPath, "C:\\x\u{2ba}y").is_err());
    }

    #[test]
    fn invisible_characters_are_refused_and_named_by_their_code() {
        // Found by the proptest: a bidi override was echoed in the reason.
        for ch in [
            '\u{200b}', '\u{200f}', '\u{2028}', '\u{202e}', '\u{2066}', '\u{feff}',
        ] {
            for kind in PlaceholderKind::ALL {
                let err = validate(kind, &format!("a{ch}b")).unwrap_err();
                for lang in Lang::ALL {
                    let message = err.message(lang);
                    assert!(!message.contains(ch), "{kind:?} {ch:?}: {message}");
                    let named = message.contains(&format!("U+{:04X}", ch as u32))
                        || message.contains("line break")
                        || message.contains("saut de ligne");
                    assert!(named, "{message}");
                }
            }
        }
    }

    #[test]
    fn overlong_values() {
        let long = "a".repeat(MAX_VALUE_LEN + 1);
        for kind in ALL {
            assert!(
                matches!(validate(kind, &long), Err(InvalidValue::TooLong { .. })),
                "{kind:?}"
            );
        }
        let huge = "1".repeat(1_000_000);
        assert!(matches!(
            validate(ConfirmationId, &huge),
            Err(InvalidValue::TooLong { .. })
        ));
    }

    #[test]
    fn empty_and_blank() {
        for kind in ALL {
            assert_eq!(validate(kind, ""), Err(InvalidValue::Empty));
            assert_eq!(validate(kind, " \t\n "), Err(InvalidValue::Empty));
        }
    }

    #[test]
    fn hosts() {
        for ok in [
            "kms1",
            "kms1.contoso.com",
            "KMS1.Contoso.COM",
            "kms-1.contoso.com.",
            "a.b-c.d",
            "10.0.0.5",
            "255.255.255.255",
            "1a.example",
            "xn--bcher-kva.example",
        ] {
            assert_eq!(validate(Host, ok).as_deref(), Ok(ok), "{ok}");
        }
        assert_eq!(validate(Host, "  kms1  ").as_deref(), Ok("kms1"));
        assert_eq!(validate(Host, "2001:DB8::1").as_deref(), Ok("2001:db8::1"));
        assert_eq!(
            validate(Host, "[2001:db8:0::1]").as_deref(),
            Ok("[2001:db8::1]")
        );
        assert_eq!(validate(Host, "::1").as_deref(), Ok("::1"));
        let label63 = "a".repeat(63);
        assert!(validate(Host, &format!("{label63}.com")).is_ok());
        let label64 = "a".repeat(64);
        assert!(matches!(
            validate(Host, &format!("{label64}.com")),
            Err(InvalidValue::LabelTooLong { .. })
        ));
        let long_name = vec!["abcdefghi"; 26].join("."); // 259 characters
        assert!(matches!(
            validate(Host, &long_name[..254]),
            Err(InvalidValue::TooLong { max: 253, .. })
        ));
        for (bad, why) in [
            ("-kms.contoso.com", "hyphen"),
            ("kms-.contoso.com", "hyphen"),
            ("kms..contoso.com", "empty"),
            (".kms", "empty"),
            ("kms_1.contoso.com", "char"),
            ("kms1.contoso.com:1688", "port"),
            ("[2001:db8::1]:1688", "v6"),
            ("2001:db8::g", "v6"),
            ("[kms1]", "v6"),
            ("fe80::1%12", "meta"),
            ("256.1.1.1", "v4"),
            ("01.2.3.4", "v4"),
            ("10.1", "v4"),
            ("kms1/x", "char"),
            ("kms1 kms2", "char"),
            ("*.contoso.com", "char"),
            ("kms1=x", "char"),
        ] {
            let err = validate(Host, bad).unwrap_err();
            let ok = match why {
                "hyphen" => matches!(err, InvalidValue::LabelHyphen { .. }),
                "empty" => matches!(err, InvalidValue::EmptyLabel),
                "char" => matches!(err, InvalidValue::NotAllowed { .. }),
                "port" => matches!(err, InvalidValue::HostWithPort { .. }),
                "v6" => matches!(err, InvalidValue::BadIpv6),
                "v4" => matches!(err, InvalidValue::BadIpv4),
                "meta" => matches!(err, InvalidValue::ShellMetacharacter { .. }),
                _ => false,
            };
            assert!(ok, "{bad}: {err:?}");
        }
        assert!(validate(Host, "kms_1")
            .unwrap_err()
            .message(Lang::En)
            .starts_with("an underscore (_) is not allowed (character 4)"));
    }

    #[test]
    fn ip_addresses() {
        for (raw, want) in [
            ("192.0.2.10", "192.0.2.10"),
            (" 10.0.0.1 ", "10.0.0.1"),
            ("2001:DB8:0:0:0:0:0:1", "2001:db8::1"),
            ("[2001:db8::1]", "2001:db8::1"),
            ("fe80::1", "fe80::1"),
            ("::ffff:192.0.2.10", "::ffff:192.0.2.10"),
        ] {
            assert_eq!(validate(Ip, raw).as_deref(), Ok(want), "{raw}");
        }
        for (bad, why) in [
            ("kms01.contoso.com", "name"),
            ("dns", "name"),
            ("localhost", "name"),
            ("kms01.contoso.com:1688", "name"),
            ("kms01.contoso.com.", "name"),
            ("10.0.0.1:1688", "port"),
            ("256.1.1.1", "v4"),
            ("01.2.3.4", "v4"),
            ("10.1", "v4"),
            ("127.1", "v4"),
            ("10..0.1", "v4"),
            ("1.2.3.4.5", "v4"),
            ("0x7f.0.0.1", "name"),
            ("2001:db8::g", "v6"),
            ("[2001:db8::1]:1688", "v6"),
            ("[2001:db8::1", "v6"),
            ("2001:db8::1]", "v6"),
            ("fe80::1%12", "meta"),
            ("10.0.0.1;calc", "meta"),
            ("10.0.0.1 & del *", "meta"),
            ("10.0.0.1 10.0.0.2", "char"),
            ("10.0.0.1/24", "char"),
            ("10.0.0.1\\x", "char"),
            ("10.0.0.1\ncalc", "control"),
            ("1０.0.0.1", "non_ascii"),
            ("10\u{2024}0.0.1", "non_ascii"),
            ("kms_1", "char"),
        ] {
            let err = validate(Ip, bad).unwrap_err();
            let ok = match why {
                "name" => err == InvalidValue::NotAnIp,
                "port" => matches!(err, InvalidValue::HostWithPort { .. }),
                "v4" => err == InvalidValue::BadIpv4,
                "v6" => err == InvalidValue::BadIpv6,
                "meta" => matches!(err, InvalidValue::ShellMetacharacter { .. }),
                "char" => matches!(err, InvalidValue::NotAllowed { kind: Ip, .. }),
                "control" => matches!(err, InvalidValue::Control { .. }),
                "non_ascii" => matches!(err, InvalidValue::NonAscii { kind: Ip, .. }),
                _ => false,
            };
            assert!(ok, "{bad:?}: {err:?}");
        }
        let err = validate(Ip, "kms01.contoso.com").unwrap_err();
        assert!(err.message(Lang::En).contains("not a name"));
        assert!(err.message(Lang::Fr).contains("non un nom"));
    }

    #[test]
    fn ipv6_is_refused_right_before_a_colon_in_the_template() {
        let skms = "slmgr.vbs /skms {kms_host}:{kms_port}";
        assert!(followed_by_colon(skms, "kms_host"));
        assert!(!followed_by_colon(skms, "kms_port"));
        assert!(!followed_by_colon("ping {kms_host}", "kms_host"));
        assert!(followed_by_colon("ping {h} && psping {h}:53", "h"));
        for v6 in ["fe80::1", "2001:db8::10", "::ffff:192.0.2.10"] {
            for kind in [Host, Ip] {
                let err = validate_in(kind, v6, skms, "kms_host").unwrap_err();
                assert!(
                    matches!(err, InvalidValue::Ipv6BeforeColon { .. }),
                    "{kind:?} {v6}: {err:?}"
                );
                assert!(err.message(Lang::En).contains("host's name"));
                assert!(err.message(Lang::Fr).contains("nom de l’hôte"));
                // The same value is fine where no ':' follows it.
                assert!(validate_in(kind, v6, "ping {kms_host}", "kms_host").is_ok());
            }
        }
        // In brackets, as the slmgr usage text asks: fine before ':port',
        // and only there.
        assert_eq!(
            validate_in(Host, "[fe80::1]", skms, "kms_host").as_deref(),
            Ok("[fe80::1]")
        );
        assert!(matches!(
            validate_in(Host, "[fe80::1]", "ping {kms_host}", "kms_host"),
            Err(InvalidValue::BracketsWithoutPort { .. })
        ));
        // An `ip` value drops its brackets, so it is a bare address again.
        assert!(validate_in(Ip, "[fe80::1]", skms, "kms_host").is_err());
        // Names and IPv4 addresses are fine before ':'.
        for ok in ["kms1.contoso.com", "192.0.2.10", "KMS1"] {
            assert!(validate_in(Host, ok, skms, "kms_host").is_ok(), "{ok}");
        }
        assert_eq!(
            validate_in(Ip, "192.0.2.10", "psping {dns}:53", "dns").as_deref(),
            Ok("192.0.2.10")
        );
        // Generic: any placeholder, any command.
        assert!(validate_in(Ip, "2001:db8::53", "psping {dns}:53", "dns").is_err());
    }

    #[test]
    fn fill_never_puts_an_ipv6_address_before_a_colon() {
        let mut values = BTreeMap::new();
        values.insert("kms_host".to_string(), "fe80::1".to_string());
        values.insert("kms_port".to_string(), "1688".to_string());
        let (text, missing) = fill("/skms {kms_host}:{kms_port}", &values);
        assert_eq!(text, "/skms {kms_host}:1688");
        assert_eq!(missing, vec!["kms_host"]);
        let (text, missing) = fill("ping {kms_host}", &values);
        assert_eq!(text, "ping fe80::1");
        assert!(missing.is_empty());
        values.insert("kms_host".to_string(), "[fe80::1]".to_string());
        let (text, _) = fill("/skms {kms_host}:{kms_port}", &values);
        assert_eq!(text, "/skms [fe80::1]:1688");
        let (text, missing) = fill("ping {kms_host}", &values);
        assert_eq!((text.as_str(), missing.len()), ("ping {kms_host}", 1));
    }

    #[test]
    fn ports() {
        assert_eq!(validate(Port, "1688").as_deref(), Ok("1688"));
        assert_eq!(validate(Port, " 01688 ").as_deref(), Ok("1688"));
        assert_eq!(validate(Port, "1").as_deref(), Ok("1"));
        assert_eq!(validate(Port, "65535").as_deref(), Ok("65535"));
        for bad in ["0", "00000", "65536", "99999", "123456", "0000000000001688"] {
            assert_eq!(
                validate(Port, bad),
                Err(InvalidValue::PortOutOfRange),
                "{bad}"
            );
        }
        for bad in ["-1", "+1688", "16 88", "0x6a8", "1688.0", "1e3"] {
            assert!(
                matches!(validate(Port, bad), Err(InvalidValue::NotAllowed { .. })),
                "{bad}"
            );
        }
    }

    #[test]
    fn product_keys() {
        assert_eq!(
            validate(ProductKey, "w269n-wfgwx-yvc9b-4j6c9-t83gx").as_deref(),
            Ok("W269N-WFGWX-YVC9B-4J6C9-T83GX")
        );
        assert_eq!(
            validate(ProductKey, "W269NWFGWXYVC9B4J6C9T83GX").as_deref(),
            Ok("W269N-WFGWX-YVC9B-4J6C9-T83GX")
        );
        for bad in [
            "W269N-WFGWX-YVC9B-4J6C9",
            "W269N-WFGWX-YVC9B-4J6C9-T83G",
            "W269N-WFGWX-YVC9B-4J6C9-T83GXX",
            "W269N-WFGWX-YVC9B-4J6C9-T83GX-",
            "W269N--WFGWX-YVC9B-4J6C9-T83GX",
            "W269NWFGWXYVC9B4J6C9T83G",
        ] {
            assert!(
                matches!(
                    validate(ProductKey, bad),
                    Err(InvalidValue::ProductKeyShape { .. })
                ),
                "{bad}"
            );
        }
        let err = validate(ProductKey, "W269N-WFGWX-YVC9B-4J6C9-T83G").unwrap_err();
        assert!(err.message(Lang::En).contains("5-5-5-5-4"));
        assert!(matches!(
            validate(ProductKey, "W269N WFGWX YVC9B 4J6C9 T83GX"),
            Err(InvalidValue::NotAllowed { at: 6, ch: ' ', .. })
        ));
        assert!(matches!(
            validate(ProductKey, "W269N_WFGWX-YVC9B-4J6C9-T83GX"),
            Err(InvalidValue::NotAllowed { ch: '_', .. })
        ));
    }

    #[test]
    fn ids_normalize_to_digits() {
        let cid = "123456-234567 345678-456789-567890-678901-789012-890123";
        assert_eq!(
            validate(ConfirmationId, cid).as_deref(),
            Ok("123456234567345678456789567890678901789012890123")
        );
        assert_eq!(
            validate(InstallationId, base(InstallationId)).map(|v| v.len()),
            Ok(63)
        );
        assert_eq!(validate(ConfirmationId, "123456").as_deref(), Ok("123456"));
        assert!(matches!(
            validate(ConfirmationId, "12345"),
            Err(InvalidValue::IdDigits { count: 5, .. })
        ));
        assert!(matches!(
            validate(InstallationId, &"1".repeat(73)),
            Err(InvalidValue::IdDigits { count: 73, .. })
        ));
        assert!(matches!(
            validate(ConfirmationId, "123456-12345a"),
            Err(InvalidValue::NotAllowed { ch: 'a', .. })
        ));
        assert!(matches!(
            validate(ConfirmationId, "123456.123456"),
            Err(InvalidValue::NotAllowed { ch: '.', .. })
        ));
        let err = validate(InstallationId, "12345").unwrap_err();
        assert!(err.message(Lang::En).contains("installation ID"));
        assert!(err.message(Lang::Fr).contains("ID d’installation"));
    }

    #[test]
    fn paths() {
        for ok in [
            r"C:\Windows\System32\oem\x.xrm-ms",
            r"c:\Program Files\Microsoft Office\Office16\OSPP.VBS",
            r"oem\license_1.xrm-ms",
            r"..\licenses\a.xrm-ms",
            r"\\server\share\file.xrm-ms",
        ] {
            assert_eq!(validate(WindowsPath, ok).as_deref(), Ok(ok), "{ok}");
        }
        assert_eq!(
            validate(WindowsPath, r"C:\x\"),
            Err(InvalidValue::TrailingBackslash)
        );
        // An option, not a path: `Remove-Item {p}` with `-Recurse`.
        for dash in ["-Recurse", " -Force", r"-C:\x"] {
            assert_eq!(
                validate(WindowsPath, dash),
                Err(InvalidValue::LeadingDash),
                "{dash}"
            );
        }
        assert_eq!(
            validate(WindowsPath, r"C:\x:stream"),
            Err(InvalidValue::MisplacedColon { at: 5 })
        );
        assert_eq!(
            validate(WindowsPath, r"1:\x"),
            Err(InvalidValue::MisplacedColon { at: 2 })
        );
        assert!(matches!(
            validate(WindowsPath, "C:/Windows/x"),
            Err(InvalidValue::NotAllowed { ch: '/', .. })
        ));
        assert!(validate(WindowsPath, "C:/x")
            .unwrap_err()
            .message(Lang::En)
            .contains("Windows paths use"));
        assert!(matches!(
            validate(WindowsPath, r"C:\Users\Hélène\x"),
            Err(InvalidValue::NonAscii { ch: 'é', .. })
        ));
        for bad in [
            r"C:\x*",
            r"C:\x?",
            r"C:\x=y",
            r"C:\x+y",
            r"C:\[x]",
            "C:\\x\u{1b}]0;t\u{7}",
        ] {
            assert!(validate(WindowsPath, bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn every_error_has_both_languages() {
        let errors = [
            InvalidValue::Empty,
            InvalidValue::TooLong { len: 300, max: 255 },
            InvalidValue::Control { at: 1, ch: '\n' },
            InvalidValue::Control {
                at: 1,
                ch: '\u{1b}',
            },
            InvalidValue::Control { at: 1, ch: '\u{0}' },
            InvalidValue::LongDash {
                at: 1,
                ch: '\u{2013}',
            },
            InvalidValue::ShellMetacharacter { at: 1, ch: ';' },
            InvalidValue::NonAscii {
                at: 1,
                ch: 'а',
                looks_like: Some('a'),
                kind: Host,
            },
            InvalidValue::NonAscii {
                at: 1,
                ch: 'é',
                looks_like: None,
                kind: WindowsPath,
            },
            InvalidValue::NotAllowed {
                at: 1,
                ch: '_',
                kind: Host,
            },
            InvalidValue::EmptyLabel,
            InvalidValue::LabelTooLong { label: "x".into() },
            InvalidValue::LabelHyphen { label: "x".into() },
            InvalidValue::BadIpv4,
            InvalidValue::BadIpv6,
            InvalidValue::HostWithPort {
                host: "h".into(),
                port: "1".into(),
            },
            InvalidValue::NotAnIp,
            InvalidValue::NotAName,
            InvalidValue::Ipv6BeforeColon {
                value: "fe80::1".into(),
            },
            InvalidValue::PortOutOfRange,
            InvalidValue::ProductKeyShape { groups: vec![5, 4] },
            InvalidValue::IdDigits {
                kind: ConfirmationId,
                count: 3,
            },
            InvalidValue::MisplacedColon { at: 3 },
            InvalidValue::TrailingBackslash,
            InvalidValue::LeadingDash,
        ];
        for e in errors {
            let en = e.message(Lang::En);
            let fr = e.message(Lang::Fr);
            assert!(!en.is_empty() && !fr.is_empty());
            assert_ne!(en, fr, "{e:?}");
            assert_eq!(e.to_string(), en);
            // A message never echoes a raw control character.
            assert!(!en.chars().any(char::is_control), "{en:?}");
            assert!(!fr.chars().any(char::is_control), "{fr:?}");
        }
        for kind in ALL {
            assert_ne!(expectation(kind, Lang::En), expectation(kind, Lang::Fr));
        }
    }

    #[test]
    fn a_space_is_named_in_plain_words() {
        let err = validate(PlaceholderKind::Host, "kms 01").expect_err("a space is refused");
        let en = err.message(Lang::En);
        assert!(
            en.starts_with("a space is not allowed (character 4)"),
            "{en}"
        );
        assert!(!en.contains("U+"), "{en}");
        let fr = err.message(Lang::Fr);
        assert!(fr.starts_with("le caractère 4, une espace,"), "{fr}");
    }
}
