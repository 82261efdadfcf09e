//! Limits per placeholder type, and what each type expects (for messages).

use crate::core::model::{Lang, PlaceholderKind};

/// Longest value accepted, in characters, whatever its type.
pub const MAX_VALUE_LEN: usize = 255;

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
pub const ID_DIGITS: std::ops::RangeInclusive<usize> = 6..=72;

/// Characters that mean something to cmd.exe or PowerShell. They are all
/// outside every type's allowed set anyway; naming them gives a clearer reason.
pub(super) const SHELL_METACHARACTERS: &[char] = &[
    ';', '&', '|', '$', '(', ')', '`', '<', '>', '%', '^', '!', '"', '\'', '{', '}', ',', '@', '#',
];

pub(super) fn kind_expectation(kind: PlaceholderKind, lang: Lang) -> &'static str {
    let fr = lang == Lang::Fr;
    match (kind, fr) {
        (PlaceholderKind::Host, false) => "a host name (letters, digits, '-' and '.'), an IPv4 or an IPv6 address",
        (PlaceholderKind::Host, true) => "un nom d’hôte (lettres, chiffres, « - » et « . »), une adresse IPv4 ou IPv6",
        (PlaceholderKind::HostName, false) => "a host name or FQDN (letters, digits, '-' and '.')",
        (PlaceholderKind::HostName, true) => "un nom d’hôte ou FQDN (lettres, chiffres, « - » et « . »)",
        (PlaceholderKind::Ip, false) => "an IP address: IPv4 (digits and '.') or IPv6 (hexadecimal digits and ':')",
        (PlaceholderKind::Ip, true) => "une adresse IP : IPv4 (chiffres et « . ») ou IPv6 (chiffres hexadécimaux et « : »)",
        (PlaceholderKind::Port, false) => "a port number (digits only, 1 to 65535)",
        (PlaceholderKind::Port, true) => "un numéro de port (chiffres seulement, de 1 à 65535)",
        (PlaceholderKind::ProductKey, false) => "a product key (XXXXX-XXXXX-XXXXX-XXXXX-XXXXX)",
        (PlaceholderKind::ProductKey, true) => "une clé de produit (XXXXX-XXXXX-XXXXX-XXXXX-XXXXX)",
        (PlaceholderKind::ConfirmationId, false) => "a confirmation ID (digits, in groups separated by spaces or '-')",
        (PlaceholderKind::ConfirmationId, true) => "un ID de confirmation (chiffres, en groupes séparés par des espaces ou « - »)",
        (PlaceholderKind::InstallationId, false) => "an installation ID (digits, in groups separated by spaces or '-')",
        (PlaceholderKind::InstallationId, true) => "un ID d’installation (chiffres, en groupes séparés par des espaces ou « - »)",
        (PlaceholderKind::WindowsPath, false) => "a plain Windows path (letters, digits, spaces, '\\', '.', '_', '-' and the drive's ':')",
        (PlaceholderKind::WindowsPath, true) => "un chemin Windows simple (lettres, chiffres, espaces, « \\ », « . », « _ », « - » et le « : » du lecteur)",
    }
}

/// What a value of `kind` looks like, in `lang`, for prompts and help texts.
pub fn expectation(kind: PlaceholderKind, lang: Lang) -> &'static str {
    kind_expectation(kind, lang)
}
