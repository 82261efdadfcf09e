//! Why a value typed for a placeholder was refused, in both languages.

use crate::core::model::{Lang, PlaceholderKind};

use super::kinds::{kind_expectation, ID_DIGITS, MAX_LABEL_LEN};

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

    /// The reason, for a human, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        let fr = lang == Lang::Fr;
        match self {
            InvalidValue::Empty => if fr { "la valeur est vide" } else { "the value is empty" }.to_string(),
            InvalidValue::TooLong { len, max } => {
                if fr {
                    format!("la valeur est trop longue ({len} caractères, {max} au plus)")
                } else {
                    format!("the value is too long ({len} characters, at most {max})")
                }
            }
            InvalidValue::Control { at, ch } => {
                let what = control_name(*ch, lang);
                if fr {
                    format!("{what} en position {at} : une valeur tient sur une ligne, sans caractère de contrôle")
                } else {
                    format!("{what} at position {at}: a value is one line, without control characters")
                }
            }
            InvalidValue::LongDash { at, ch } => {
                let c = show(*ch, lang);
                if fr {
                    format!("un tiret long {c} a remplacé un trait d’union en position {at} : tapez un « - » simple")
                } else {
                    format!("a long dash replaced a hyphen: {c} at position {at}; type a plain '-'")
                }
            }
            InvalidValue::ShellMetacharacter { at, ch } => {
                let c = show(*ch, lang);
                if fr {
                    format!("{c} en position {at} a un sens spécial pour l’invite de commandes ou PowerShell et n’est pas accepté")
                } else {
                    format!("{c} at position {at} has a special meaning to cmd.exe or PowerShell and is not accepted")
                }
            }
            InvalidValue::NonAscii { at, ch, looks_like, kind } => {
                let c = show(*ch, lang);
                let mut text = match (looks_like, fr) {
                    (Some(l), false) => format!("{c} at position {at} looks like '{l}' but is another character; type it again on a plain keyboard"),
                    (Some(l), true) => format!("{c} en position {at} ressemble à « {l} » mais c’est un autre caractère ; retapez-le au clavier"),
                    (None, false) => format!("{c} at position {at} is not a plain ASCII character"),
                    (None, true) => format!("{c} en position {at} n’est pas un caractère ASCII simple"),
                };
                if *kind == PlaceholderKind::Host && looks_like.is_none() {
                    text.push_str(if fr {
                        " (un nom de domaine international se donne sous sa forme punycode, xn--…)"
                    } else {
                        " (give an international domain name in its punycode form, xn--…)"
                    });
                }
                if *kind == PlaceholderKind::WindowsPath && looks_like.is_none() {
                    text.push_str(if fr {
                        " (les chemins sont limités à l’ASCII : utilisez un chemin sans accents)"
                    } else {
                        " (paths are limited to ASCII: use a path without accented letters)"
                    });
                }
                text
            }
            InvalidValue::NotAllowed { at, ch, kind } => {
                let c = show(*ch, lang);
                let expected = kind_expectation(*kind, lang);
                let hint = match (kind, ch, fr) {
                    (PlaceholderKind::WindowsPath, '/', false) => " (Windows paths use '\\')",
                    (PlaceholderKind::WindowsPath, '/', true) => " (les chemins Windows utilisent « \\ »)",
                    (PlaceholderKind::Host, '_', false) => " (host names cannot contain '_')",
                    (PlaceholderKind::Host, '_', true) => " (un nom d’hôte ne peut pas contenir « _ »)",
                    _ => "",
                };
                if fr {
                    format!("{c} en position {at} n’est pas accepté{hint} : attendu {expected}")
                } else {
                    format!("{c} at position {at} is not accepted{hint}: expected {expected}")
                }
            }
            InvalidValue::EmptyLabel => if fr {
                "le nom d’hôte a deux points qui se suivent, ou commence par un point"
            } else {
                "the host name has two dots in a row, or starts with a dot"
            }
            .to_string(),
            InvalidValue::LabelTooLong { label } => {
                if fr {
                    format!("la partie « {label} » du nom d’hôte dépasse {MAX_LABEL_LEN} caractères")
                } else {
                    format!("the part '{label}' of the host name is longer than {MAX_LABEL_LEN} characters")
                }
            }
            InvalidValue::LabelHyphen { label } => {
                if fr {
                    format!("la partie « {label} » du nom d’hôte commence ou finit par « - »")
                } else {
                    format!("the part '{label}' of the host name starts or ends with '-'")
                }
            }
            InvalidValue::BadIpv4 => if fr {
                "ressemble à une adresse IPv4 mais n’en est pas une valide (4 nombres de 0 à 255, sans zéro en tête)"
            } else {
                "looks like an IPv4 address but is not a valid one (4 numbers from 0 to 255, no leading zeros)"
            }
            .to_string(),
            InvalidValue::BadIpv6 => if fr {
                "contient « : » ou des crochets mais n’est pas une adresse IPv6 valide"
            } else {
                "contains ':' or brackets but is not a valid IPv6 address"
            }
            .to_string(),
            InvalidValue::HostWithPort { host, port } => {
                if fr {
                    format!("« {host}:{port} » contient un port : tapez l’hôte seul ({host}) et le port dans son propre champ")
                } else {
                    format!("'{host}:{port}' includes a port: type the host alone ({host}) and the port in its own field")
                }
            }
            InvalidValue::NotAnIp => if fr {
                "attendu une adresse IP (IPv4 comme 192.0.2.10, ou IPv6 comme 2001:db8::10) et non un nom : cette commande doit marcher sans résolution de nom"
            } else {
                "expected an IP address (IPv4 such as 192.0.2.10, or IPv6 such as 2001:db8::10), not a name: this command must work without a name lookup"
            }
            .to_string(),
            InvalidValue::NotAName => if fr {
                "attendu un nom d’hôte (comme kms1.contoso.com) et non une adresse IP : cette commande vérifie justement la résolution du nom"
            } else {
                "expected a host name (such as kms1.contoso.com), not an IP address: this command checks that the name resolves"
            }
            .to_string(),
            InvalidValue::Ipv6BeforeColon { value } => {
                if fr {
                    format!("« {value} » est une adresse IPv6, et une commande place ici « : » juste après : ce qui suit (le port) ne se distinguerait pas de l’adresse ; donnez plutôt le nom de l’hôte (ou une adresse IPv4)")
                } else {
                    format!("'{value}' is an IPv6 address, and a command here puts ':' right after it, so what follows (the port) could not be told from the address: give the host's name instead (or an IPv4 address)")
                }
            }
            InvalidValue::BracketsWithoutPort { value } => {
                if fr {
                    format!("« {value} » : les crochets ne vont qu’avant « :port », et une commande ici utilise l’adresse seule ; retirez-les")
                } else {
                    format!("'{value}': brackets only go before ':port', and a command here uses the address alone: remove them")
                }
            }
            InvalidValue::PortOutOfRange => if fr {
                "un port est un nombre de 1 à 65535"
            } else {
                "a port is a number from 1 to 65535"
            }
            .to_string(),
            InvalidValue::ProductKeyShape { groups } => {
                let found = groups.iter().map(usize::to_string).collect::<Vec<_>>().join("-");
                if fr {
                    format!("une clé de produit compte 5 groupes de 5 lettres ou chiffres séparés par « - » (XXXXX-XXXXX-XXXXX-XXXXX-XXXXX) ; groupes trouvés : {found}")
                } else {
                    format!("a product key is 5 groups of 5 letters or digits separated by '-' (XXXXX-XXXXX-XXXXX-XXXXX-XXXXX); groups found: {found}")
                }
            }
            InvalidValue::IdDigits { kind, count } => {
                let (min, max) = (ID_DIGITS.start(), ID_DIGITS.end());
                let what = match (kind, fr) {
                    (PlaceholderKind::InstallationId, false) => "an installation ID",
                    (PlaceholderKind::InstallationId, true) => "un ID d’installation",
                    (_, false) => "a confirmation ID",
                    (_, true) => "un ID de confirmation",
                };
                if fr {
                    format!("{count} chiffres : {what} en compte de {min} à {max} (48 pour un ID de confirmation, 63 pour un ID d’installation de Windows récent)")
                } else {
                    format!("{count} digits: {what} has {min} to {max} (48 for a confirmation ID, 63 for an installation ID of current Windows)")
                }
            }
            InvalidValue::MisplacedColon { at } => {
                if fr {
                    format!("« : » en position {at} : il n’est accepté qu’après la lettre du lecteur (C:)")
                } else {
                    format!("':' at position {at}: it is accepted only after the drive letter (C:)")
                }
            }
            InvalidValue::LeadingDash => if fr {
                "le chemin commence par « - » : la commande le lirait comme une option"
            } else {
                "the path starts with '-': the command would read it as an option"
            }
            .to_string(),
            InvalidValue::TrailingBackslash => if fr {
                "le chemin finit par « \\ » : retirez-le (entre guillemets, il annulerait le guillemet fermant)"
            } else {
                "the path ends with '\\': remove it (inside quotes it would escape the closing quote)"
            }
            .to_string(),
        }
    }
}

/// `'x' (U+0078)`, for messages. Spaces and tabs are named in plain words
/// ("a space"), other invisible characters (and bidi controls, which would
/// reorder the message itself) get their code only.
fn show(ch: char, lang: Lang) -> String {
    let fr = lang == Lang::Fr;
    match (ch, fr) {
        (' ', false) => return "a space".to_string(),
        (' ', true) => return "une espace".to_string(),
        ('\u{a0}' | '\u{202f}', false) => return "a no-break space".to_string(),
        ('\u{a0}' | '\u{202f}', true) => return "une espace insécable".to_string(),
        ('\t', false) => return "a tab".to_string(),
        ('\t', true) => return "une tabulation".to_string(),
        _ => {}
    }
    if ch.is_control() || ch.is_whitespace() || crate::core::sanitize::is_unsafe(ch) {
        format!("U+{:04X}", ch as u32)
    } else {
        format!("'{ch}' (U+{:04X})", ch as u32)
    }
}

fn control_name(ch: char, lang: Lang) -> String {
    let fr = lang == Lang::Fr;
    match (ch, fr) {
        ('\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}', false) => "a line break".to_string(),
        ('\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}', true) => "un saut de ligne".to_string(),
        ('\t', false) => "a tab".to_string(),
        ('\t', true) => "une tabulation".to_string(),
        ('\u{1b}', false) => "an escape character (terminal sequence)".to_string(),
        ('\u{1b}', true) => "un caractère d’échappement (séquence de terminal)".to_string(),
        (_, false) => format!("a control character ({})", show(ch, lang)),
        (_, true) => format!("un caractère de contrôle ({})", show(ch, lang)),
    }
}
