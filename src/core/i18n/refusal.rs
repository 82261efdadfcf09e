//! Why a value typed for a placeholder was refused, in plain words: the
//! character named as a person would say it ("a space", "a semicolon (;)"),
//! where it is as "character 6". One function per reason of
//! `placeholder::InvalidValue`, English and French side by side.

use super::{quoted, NBSP};
use crate::core::model::{Lang, PlaceholderKind};

/// Characters named in words, in each language. Those that can be seen are
/// shown after their name, in parentheses.
const NAMED: &[(char, &str, &str)] = &[
    (' ', "a space", "une espace"),
    ('\u{a0}', "a no-break space", "une espace insécable"),
    (
        '\u{202f}',
        "a narrow no-break space",
        "une espace fine insécable",
    ),
    ('\t', "a tab", "une tabulation"),
    ('"', "a double quote", "un guillemet droit"),
    ('\'', "a single quote", "une apostrophe droite"),
    (';', "a semicolon", "un point-virgule"),
    ('$', "a dollar sign", "un signe dollar"),
    ('`', "a backtick", "un accent grave"),
    ('%', "a percent sign", "un signe pour cent"),
    ('&', "an ampersand", "une esperluette"),
    ('|', "a vertical bar", "une barre verticale"),
    ('<', "a less-than sign", "un signe inférieur à"),
    ('>', "a greater-than sign", "un signe supérieur à"),
    ('^', "a caret", "un accent circonflexe"),
    ('(', "an opening parenthesis", "une parenthèse ouvrante"),
    (')', "a closing parenthesis", "une parenthèse fermante"),
    ('!', "an exclamation mark", "un point d’exclamation"),
    (',', "a comma", "une virgule"),
    ('@', "an at sign", "une arobase"),
    ('#', "a hash sign", "un croisillon"),
    ('{', "an opening brace", "une accolade ouvrante"),
    ('}', "a closing brace", "une accolade fermante"),
    ('[', "an opening square bracket", "un crochet ouvrant"),
    (']', "a closing square bracket", "un crochet fermant"),
    ('/', "a slash", "une barre oblique"),
    ('\\', "a backslash", "une barre oblique inversée"),
    ('_', "an underscore", "un tiret bas"),
    ('*', "an asterisk", "un astérisque"),
    ('?', "a question mark", "un point d’interrogation"),
    ('=', "an equals sign", "un signe égal"),
    (':', "a colon", "un deux-points"),
    ('.', "a dot", "un point"),
    ('-', "a hyphen", "un trait d’union"),
    ('+', "a plus sign", "un signe plus"),
    ('~', "a tilde", "un tilde"),
];

/// A character in plain words: "a space", "a semicolon (;)", "the letter
/// 'é'". Invisible characters (controls, bidi marks, which would reorder
/// the message itself) can only be told by their code: "an invisible
/// character (U+202E)".
pub(crate) fn char_name(ch: char, lang: Lang) -> String {
    if let Some((_, en, fr)) = NAMED.iter().find(|(c, _, _)| *c == ch) {
        let name = match lang {
            Lang::En => *en,
            Lang::Fr => *fr,
        };
        return if ch.is_whitespace() || matches!(ch, '(' | ')') {
            name.to_string()
        } else {
            format!("{name} ({ch})")
        };
    }
    if ch.is_control() || ch.is_whitespace() || crate::core::sanitize::is_unsafe(ch) {
        let code = format!("U+{:04X}", ch as u32);
        return match lang {
            Lang::En => format!("an invisible character ({code})"),
            Lang::Fr => format!("un caractère invisible ({code})"),
        };
    }
    let shown = quoted(lang, &ch.to_string());
    match (lang, ch.is_alphabetic(), ch.is_numeric()) {
        (Lang::En, true, _) => format!("the letter {shown}"),
        (Lang::Fr, true, _) => format!("la lettre {shown}"),
        (Lang::En, _, true) => format!("the digit {shown}"),
        (Lang::Fr, _, true) => format!("le chiffre {shown}"),
        (Lang::En, _, _) => format!("the character {shown}"),
        (Lang::Fr, _, _) => format!("le caractère {shown}"),
    }
}

/// A control character in plain words: a line break, a tab, an escape.
pub(crate) fn control_name(ch: char, lang: Lang) -> String {
    let line_break = matches!(ch, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}');
    match (lang, ch) {
        (Lang::En, _) if line_break => "a line break".into(),
        (Lang::Fr, _) if line_break => "un saut de ligne".into(),
        (Lang::En, '\u{1b}') => "an escape character (terminal sequence)".into(),
        (Lang::Fr, '\u{1b}') => "un caractère d’échappement (séquence de terminal)".into(),
        (_, '\t') => char_name(ch, lang),
        (Lang::En, _) => format!("a control character (U+{:04X})", ch as u32),
        (Lang::Fr, _) => format!("un caractère de contrôle (U+{:04X})", ch as u32),
    }
}

pub(crate) fn empty(lang: Lang) -> String {
    match lang {
        Lang::En => "the value is empty".into(),
        Lang::Fr => "la valeur est vide".into(),
    }
}

pub(crate) fn too_long(lang: Lang, len: usize, max: usize) -> String {
    match lang {
        Lang::En => format!("the value is too long ({len} characters, at most {max})"),
        Lang::Fr => format!("la valeur est trop longue ({len} caractères, {max} au plus)"),
    }
}

/// A line break, a tab or another control character at character `at`.
pub(crate) fn control(lang: Lang, at: usize, ch: char) -> String {
    let what = control_name(ch, lang);
    match lang {
        Lang::En => format!(
            "{what} is not allowed (character {at}): a value is one line, without control characters"
        ),
        Lang::Fr => format!(
            "le caractère {at}, {what}, n’est pas accepté{NBSP}: une valeur tient sur une ligne, sans caractère de contrôle"
        ),
    }
}

/// A long dash (shown) where a word processor replaced a hyphen.
pub(crate) fn long_dash(lang: Lang, at: usize, ch: char) -> String {
    match lang {
        Lang::En => format!(
            "a long dash ({ch}) replaced a hyphen (character {at}): type a plain hyphen (-)"
        ),
        Lang::Fr => format!(
            "le caractère {at}, un tiret long ({ch}), a remplacé un trait d’union{NBSP}: tapez un trait d’union simple (-)"
        ),
    }
}

/// A character with a meaning to cmd.exe or PowerShell.
pub(crate) fn shell_character(lang: Lang, at: usize, ch: char) -> String {
    let what = char_name(ch, lang);
    match lang {
        Lang::En => format!(
            "{what} is not allowed (character {at}): it has a special meaning to cmd.exe or PowerShell"
        ),
        Lang::Fr => format!(
            "le caractère {at}, {what}, n’est pas accepté{NBSP}: il a un sens spécial pour l’invite de commandes ou PowerShell"
        ),
    }
}

/// A character outside ASCII; `looks_like` is the ASCII character it
/// imitates, when it is a known look-alike.
pub(crate) fn non_ascii(
    lang: Lang,
    at: usize,
    ch: char,
    looks_like: Option<char>,
    kind: PlaceholderKind,
) -> String {
    let what = char_name(ch, lang);
    let mut text = match (lang, looks_like) {
        (Lang::En, Some(l)) => format!(
            "{what} (character {at}) looks like '{l}' but is another character: type it again on a plain keyboard"
        ),
        (Lang::Fr, Some(l)) => format!(
            "le caractère {at}, {what}, ressemble à {} mais c’en est un autre{NBSP}: retapez-le au clavier",
            quoted(lang, &l.to_string())
        ),
        (Lang::En, None) => format!("{what} (character {at}) is not a plain ASCII character"),
        (Lang::Fr, None) => {
            format!("le caractère {at}, {what}, n’est pas un caractère ASCII simple")
        }
    };
    if looks_like.is_none() {
        text.push_str(match (lang, kind) {
            (Lang::En, PlaceholderKind::Host) => {
                " (give an international domain name in its punycode form, xn--…)"
            }
            (Lang::Fr, PlaceholderKind::Host) => {
                " (un nom de domaine international se donne sous sa forme punycode, xn--…)"
            }
            (Lang::En, PlaceholderKind::WindowsPath) => {
                " (paths are limited to ASCII: use a path without accented letters)"
            }
            (Lang::Fr, PlaceholderKind::WindowsPath) => {
                " (les chemins sont limités à l’ASCII\u{a0}: utilisez un chemin sans accents)"
            }
            _ => "",
        });
    }
    text
}

/// An ASCII character that a value of `kind` does not take.
pub(crate) fn not_allowed(lang: Lang, at: usize, ch: char, kind: PlaceholderKind) -> String {
    let what = char_name(ch, lang);
    let expected = expectation(kind, lang);
    let hint = match (lang, kind, ch) {
        (Lang::En, PlaceholderKind::WindowsPath, '/') => " (Windows paths use a backslash, \\)",
        (Lang::Fr, PlaceholderKind::WindowsPath, '/') => {
            " (les chemins Windows utilisent la barre oblique inversée, \\)"
        }
        (Lang::En, PlaceholderKind::Host, '_') => " (host names cannot contain one)",
        (Lang::Fr, PlaceholderKind::Host, '_') => " (un nom d’hôte ne peut pas en contenir)",
        _ => "",
    };
    match lang {
        Lang::En => format!("{what} is not allowed (character {at}){hint}: expected {expected}"),
        Lang::Fr => {
            format!("le caractère {at}, {what}, n’est pas accepté{hint}{NBSP}: attendu {expected}")
        }
    }
}

pub(crate) fn empty_label(lang: Lang) -> String {
    match lang {
        Lang::En => "the host name has two dots in a row, or starts with a dot".into(),
        Lang::Fr => "le nom d’hôte a deux points qui se suivent, ou commence par un point".into(),
    }
}

pub(crate) fn label_too_long(lang: Lang, label: &str, max: usize) -> String {
    let label = quoted(lang, label);
    match lang {
        Lang::En => format!("the part {label} of the host name is longer than {max} characters"),
        Lang::Fr => format!("la partie {label} du nom d’hôte dépasse {max} caractères"),
    }
}

pub(crate) fn label_hyphen(lang: Lang, label: &str) -> String {
    let label = quoted(lang, label);
    match lang {
        Lang::En => format!("the part {label} of the host name starts or ends with a hyphen (-)"),
        Lang::Fr => {
            format!("la partie {label} du nom d’hôte commence ou finit par un trait d’union (-)")
        }
    }
}

pub(crate) fn bad_ipv4(lang: Lang) -> String {
    match lang {
        Lang::En => "looks like an IPv4 address but is not a valid one (4 numbers from 0 to 255, no leading zeros)".into(),
        Lang::Fr => "ressemble à une adresse IPv4 mais n’en est pas une valide (4 nombres de 0 à 255, sans zéro en tête)".into(),
    }
}

pub(crate) fn bad_ipv6(lang: Lang) -> String {
    match lang {
        Lang::En => "contains a colon (:) or brackets but is not a valid IPv6 address".into(),
        Lang::Fr => {
            "contient un deux-points (:) ou des crochets mais n’est pas une adresse IPv6 valide"
                .into()
        }
    }
}

pub(crate) fn host_with_port(lang: Lang, host: &str, port: &str) -> String {
    let both = quoted(lang, &format!("{host}:{port}"));
    match lang {
        Lang::En => format!(
            "{both} includes a port: type the host alone ({host}) and the port in its own field"
        ),
        Lang::Fr => format!(
            "{both} contient un port{NBSP}: tapez l’hôte seul ({host}) et le port dans son propre champ"
        ),
    }
}

pub(crate) fn not_an_ip(lang: Lang) -> String {
    match lang {
        Lang::En => "expected an IP address (IPv4 such as 192.0.2.10, or IPv6 such as 2001:db8::10), not a name: this command must work without a name lookup".into(),
        Lang::Fr => "attendu une adresse IP (IPv4 comme 192.0.2.10, ou IPv6 comme 2001:db8::10) et non un nom\u{a0}: cette commande doit marcher sans résolution de nom".into(),
    }
}

pub(crate) fn not_a_name(lang: Lang) -> String {
    match lang {
        Lang::En => "expected a host name (such as kms1.contoso.com), not an IP address: this command checks that the name resolves".into(),
        Lang::Fr => "attendu un nom d’hôte (comme kms1.contoso.com) et non une adresse IP\u{a0}: cette commande vérifie justement la résolution du nom".into(),
    }
}

pub(crate) fn ipv6_before_colon(lang: Lang, value: &str) -> String {
    let value = quoted(lang, value);
    match lang {
        Lang::En => format!("{value} is an IPv6 address, and a command here puts a colon (:) right after it, so what follows (the port) could not be told from the address: give the host's name instead (or an IPv4 address)"),
        Lang::Fr => format!("{value} est une adresse IPv6, et une commande place ici un deux-points (:) juste après{NBSP}: ce qui suit (le port) ne se distinguerait pas de l’adresse{NBSP}; donnez plutôt le nom de l’hôte (ou une adresse IPv4)"),
    }
}

pub(crate) fn brackets_without_port(lang: Lang, value: &str) -> String {
    let value = quoted(lang, value);
    match lang {
        Lang::En => format!("{value}: brackets only go before ':port', and a command here uses the address alone: remove them"),
        Lang::Fr => format!("{value}{NBSP}: les crochets ne vont qu’avant {}, et une commande ici utilise l’adresse seule{NBSP}; retirez-les", quoted(lang, ":port")),
    }
}

pub(crate) fn port_out_of_range(lang: Lang) -> String {
    match lang {
        Lang::En => "a port is a number from 1 to 65535".into(),
        Lang::Fr => "un port est un nombre de 1 à 65535".into(),
    }
}

/// `groups`: the lengths of the groups found, in order.
pub(crate) fn product_key_shape(lang: Lang, groups: &[usize]) -> String {
    let found = groups
        .iter()
        .map(usize::to_string)
        .collect::<Vec<_>>()
        .join("-");
    match lang {
        Lang::En => format!("a product key is 5 groups of 5 letters or digits separated by hyphens (XXXXX-XXXXX-XXXXX-XXXXX-XXXXX); groups found: {found}"),
        Lang::Fr => format!("une clé de produit compte 5 groupes de 5 lettres ou chiffres séparés par des traits d’union (XXXXX-XXXXX-XXXXX-XXXXX-XXXXX){NBSP}; groupes trouvés{NBSP}: {found}"),
    }
}

/// A confirmation or installation ID of `count` digits, outside `min..=max`.
pub(crate) fn id_digits(
    lang: Lang,
    kind: PlaceholderKind,
    count: usize,
    min: usize,
    max: usize,
) -> String {
    let installation = kind == PlaceholderKind::InstallationId;
    match (lang, installation) {
        (Lang::En, _) => {
            let what = if installation {
                "an installation ID"
            } else {
                "a confirmation ID"
            };
            format!("{count} digits: {what} has {min} to {max} (48 for a confirmation ID, 63 for an installation ID of current Windows)")
        }
        (Lang::Fr, _) => {
            let what = if installation {
                "un ID d’installation"
            } else {
                "un ID de confirmation"
            };
            format!("{count} chiffres{NBSP}: {what} en compte de {min} à {max} (48 pour un ID de confirmation, 63 pour un ID d’installation de Windows récent)")
        }
    }
}

pub(crate) fn misplaced_colon(lang: Lang, at: usize) -> String {
    match lang {
        Lang::En => format!(
            "a colon (:) is accepted only right after the drive letter (C:), not at character {at}"
        ),
        Lang::Fr => format!(
            "un deux-points (:) n’est accepté que juste après la lettre du lecteur (C:), pas au caractère {at}"
        ),
    }
}

pub(crate) fn trailing_backslash(lang: Lang) -> String {
    match lang {
        Lang::En => "the path ends with a backslash (\\): remove it (inside quotes it would escape the closing quote)".into(),
        Lang::Fr => "le chemin finit par une barre oblique inversée (\\)\u{a0}: retirez-la (entre guillemets, elle annulerait le guillemet fermant)".into(),
    }
}

pub(crate) fn leading_dash(lang: Lang) -> String {
    match lang {
        Lang::En => "the path starts with a hyphen (-): the command would read it as an option".into(),
        Lang::Fr => "le chemin commence par un trait d’union (-)\u{a0}: la commande le lirait comme une option".into(),
    }
}

/// What a value of `kind` looks like, for messages, prompts and help texts.
pub(crate) fn expectation(kind: PlaceholderKind, lang: Lang) -> &'static str {
    use PlaceholderKind::*;
    match (kind, lang) {
        (Host, Lang::En) => "a host name (letters, digits, '-' and '.'), an IPv4 or an IPv6 address",
        (Host, Lang::Fr) => "un nom d’hôte (lettres, chiffres, «\u{a0}-\u{a0}» et «\u{a0}.\u{a0}»), une adresse IPv4 ou IPv6",
        (HostName, Lang::En) => "a host name or FQDN (letters, digits, '-' and '.')",
        (HostName, Lang::Fr) => "un nom d’hôte ou FQDN (lettres, chiffres, «\u{a0}-\u{a0}» et «\u{a0}.\u{a0}»)",
        (Ip, Lang::En) => "an IP address: IPv4 (digits and '.') or IPv6 (hexadecimal digits and ':')",
        (Ip, Lang::Fr) => "une adresse IP\u{a0}: IPv4 (chiffres et «\u{a0}.\u{a0}») ou IPv6 (chiffres hexadécimaux et «\u{a0}:\u{a0}»)",
        (Port, Lang::En) => "a port number (digits only, 1 to 65535)",
        (Port, Lang::Fr) => "un numéro de port (chiffres seulement, de 1 à 65535)",
        (ProductKey, Lang::En) => "a product key (XXXXX-XXXXX-XXXXX-XXXXX-XXXXX)",
        (ProductKey, Lang::Fr) => "une clé de produit (XXXXX-XXXXX-XXXXX-XXXXX-XXXXX)",
        (ConfirmationId, Lang::En) => "a confirmation ID (digits, in groups separated by spaces or '-')",
        (ConfirmationId, Lang::Fr) => "un ID de confirmation (chiffres, en groupes séparés par des espaces ou «\u{a0}-\u{a0}»)",
        (InstallationId, Lang::En) => "an installation ID (digits, in groups separated by spaces or '-')",
        (InstallationId, Lang::Fr) => "un ID d’installation (chiffres, en groupes séparés par des espaces ou «\u{a0}-\u{a0}»)",
        (WindowsPath, Lang::En) => "a plain Windows path (letters, digits, spaces, '\\', '.', '_', '-' and the drive's ':')",
        (WindowsPath, Lang::Fr) => "un chemin Windows simple (lettres, chiffres, espaces, «\u{a0}\\\u{a0}», «\u{a0}.\u{a0}», «\u{a0}_\u{a0}», «\u{a0}-\u{a0}» et le «\u{a0}:\u{a0}» du lecteur)",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_characters_are_named_in_words() {
        assert_eq!(char_name(' ', Lang::En), "a space");
        assert_eq!(char_name(' ', Lang::Fr), "une espace");
        assert_eq!(char_name(';', Lang::En), "a semicolon (;)");
        assert_eq!(char_name('$', Lang::Fr), "un signe dollar ($)");
        assert_eq!(char_name('`', Lang::En), "a backtick (`)");
        assert_eq!(char_name('%', Lang::En), "a percent sign (%)");
        assert_eq!(char_name('"', Lang::En), "a double quote (\")");
        assert_eq!(char_name('é', Lang::En), "the letter 'é'");
        assert_eq!(char_name('é', Lang::Fr), "la lettre «\u{a0}é\u{a0}»");
        assert_eq!(char_name('€', Lang::En), "the character '€'");
        // Invisible characters are told by their code, never shown raw.
        assert_eq!(
            char_name('\u{202e}', Lang::En),
            "an invisible character (U+202E)"
        );
        assert_eq!(control_name('\n', Lang::Fr), "un saut de ligne");
        assert_eq!(
            control_name('\u{7}', Lang::En),
            "a control character (U+0007)"
        );
    }

    #[test]
    fn every_named_character_has_both_names_and_no_code() {
        for (ch, en, fr) in NAMED {
            assert!(!en.is_empty() && !fr.is_empty() && en != fr, "{ch:?}");
            for lang in Lang::ALL {
                assert!(!char_name(*ch, lang).contains("U+"), "{ch:?}");
            }
        }
    }

    /// French puts a no-break space before : ; ? ! and never a plain one,
    /// so a wrapped line cannot start with the mark.
    #[test]
    fn french_messages_put_a_no_break_space_before_high_marks() {
        let kind = PlaceholderKind::Host;
        let messages = [
            control(Lang::Fr, 3, '\n'),
            long_dash(Lang::Fr, 3, '\u{2013}'),
            shell_character(Lang::Fr, 6, ';'),
            non_ascii(Lang::Fr, 2, 'а', Some('a'), kind),
            non_ascii(Lang::Fr, 2, 'é', None, PlaceholderKind::WindowsPath),
            not_allowed(Lang::Fr, 1, 'a', PlaceholderKind::Port),
            host_with_port(Lang::Fr, "kms", "1688"),
            not_an_ip(Lang::Fr),
            not_a_name(Lang::Fr),
            ipv6_before_colon(Lang::Fr, "fe80::1"),
            brackets_without_port(Lang::Fr, "[fe80::1]"),
            product_key_shape(Lang::Fr, &[5, 4]),
            id_digits(Lang::Fr, kind, 3, 6, 72),
            trailing_backslash(Lang::Fr),
            leading_dash(Lang::Fr),
            expectation(PlaceholderKind::Ip, Lang::Fr).to_string(),
        ];
        for text in messages {
            for mark in [" :", " ;", " ?", " !", "« ", " »"] {
                assert!(!text.contains(mark), "{mark:?} in {text}");
            }
        }
    }
}
