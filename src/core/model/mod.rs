//! The data model of the flow format: error codes, their decision trees and
//! texts, and the facts `suggest:` rules may test. Below every other core
//! module; build.rs compiles it too (through `#[path]`), so it names nothing
//! else of the crate.
//!
//! These types mirror the YAML flow format one to one (see `assets/flow-format.md`).
//! They derive `Deserialize` so that `load.rs` can build them, but nothing here
//! knows about YAML itself. Optional fields that validation insists on (such as a
//! translation) are `Option`s here, so that a missing one becomes a clear,
//! positioned validation message instead of a bare parse failure.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

mod facts;
mod flow;

pub(crate) use facts::{is_known_fact, FACTS};
pub use flow::*;

/// A value worked out from the rest of its struct on first use, then kept
/// (`Command`'s generated PowerShell text: the wizard shows it every frame).
/// Not part of the value: never read nor written with the struct, and any
/// two are equal, so a struct compares the same whether it was used or not.
#[derive(Clone, Default)]
pub struct Memo<T>(std::sync::OnceLock<T>);

impl<T> Memo<T> {
    pub(crate) fn get_or_init(&self, init: impl FnOnce() -> T) -> &T {
        self.0.get_or_init(init)
    }
}

impl<T> PartialEq for Memo<T> {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl<T> Eq for Memo<T> {}

impl<T> fmt::Debug for Memo<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Memo")
    }
}

/// A language the content and the interface are written in.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    En,
    Fr,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Fr];

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::En => Lang::Fr,
            Lang::Fr => Lang::En,
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Lang {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "en" | "english" => Ok(Lang::En),
            "fr" | "french" | "francais" | "français" => Ok(Lang::Fr),
            other => Err(format!("unknown language '{other}' (expected en or fr)")),
        }
    }
}

/// A text in both languages. Validation requires both; readers fall back to
/// the other language so that a user-supplied flow with a gap still displays.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Localized {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fr: Option<String>,
}

impl Localized {
    pub fn new(en: &str, fr: &str) -> Self {
        Localized {
            en: Some(en.to_string()),
            fr: Some(fr.to_string()),
        }
    }

    /// The text in `lang`, or in the other language when it is missing.
    pub fn get(&self, lang: Lang) -> &str {
        self.exact(lang)
            .or_else(|| self.exact(lang.other()))
            .unwrap_or("")
    }

    /// The text in `lang` only, if present and not blank.
    pub fn exact(&self, lang: Lang) -> Option<&str> {
        let text = match lang {
            Lang::En => self.en.as_deref(),
            Lang::Fr => self.fr.as_deref(),
        };
        text.filter(|t| !t.trim().is_empty())
    }
}

/// Lists of words or phrases in both languages (keywords, symptoms).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LocalizedList {
    #[serde(default)]
    #[schemars(schema_with = "word_list")]
    pub en: Vec<String>,
    #[serde(default)]
    #[schemars(schema_with = "word_list")]
    pub fr: Vec<String>,
}

impl LocalizedList {
    pub fn get(&self, lang: Lang) -> &[String] {
        match lang {
            Lang::En => &self.en,
            Lang::Fr => &self.fr,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.en.is_empty() && self.fr.is_empty()
    }
}

/// A Windows activation error code (an HRESULT), printed as `0x8007007B`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Code(pub u32);

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "0x{:08X}", self.0)
    }
}

/// Why a string is not an error code.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CodeParseError {
    #[error("'{0}' is not an error code: expected 8 hexadecimal digits, with or without 0x (like 0xC004F074)")]
    Malformed(String),
}

impl FromStr for Code {
    type Err = CodeParseError;

    /// Accepts `0xC004F074`, `c004f074`, `0XC004F074`, with surrounding spaces.
    /// Exactly 8 hex digits: shorter fragments are a search matter, not a code.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let trimmed = s.trim();
        let digits = trimmed
            .strip_prefix("0x")
            .or_else(|| trimmed.strip_prefix("0X"))
            .unwrap_or(trimmed);
        if digits.len() != 8 || !digits.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(CodeParseError::Malformed(s.to_string()));
        }
        u32::from_str_radix(digits, 16)
            .map(Code)
            .map_err(|_| CodeParseError::Malformed(s.to_string()))
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Code {
    /// YAML reads an unquoted `0xC004F074` as an integer, so accept both forms.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct CodeVisitor;
        impl serde::de::Visitor<'_> for CodeVisitor {
            type Value = Code;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an error code such as 0xC004F074")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Code, E> {
                v.parse().map_err(E::custom)
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Code, E> {
                u32::try_from(v)
                    .map(Code)
                    .map_err(|_| E::custom(format!("{v} is too large for an error code")))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Code, E> {
                // A signed 32-bit HRESULT, as some tools print it.
                i32::try_from(v)
                    .map(|n| Code(n as u32))
                    .map_err(|_| E::custom(format!("{v} is out of range for an error code")))
            }
        }
        deserializer.deserialize_any(CodeVisitor)
    }
}

/// Where an error code can appear.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ActivationType {
    /// Multiple Activation Key.
    Mak,
    /// A KMS client (a machine with a generic volume licence key).
    KmsClient,
    /// The KMS host itself.
    KmsHost,
    /// KMS in general, as the article writes it for host-key errors.
    Kms,
    /// OEM activation (key and licence from the computer maker, in the BIOS).
    Oem,
    /// Retail product key.
    Retail,
}

impl ActivationType {
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (ActivationType::Mak, Lang::En) => "MAK",
            (ActivationType::Mak, Lang::Fr) => "Clé MAK",
            (ActivationType::KmsClient, Lang::En) => "KMS client",
            (ActivationType::KmsClient, Lang::Fr) => "Client KMS",
            (ActivationType::KmsHost, Lang::En) => "KMS host",
            (ActivationType::KmsHost, Lang::Fr) => "Hôte KMS",
            (ActivationType::Kms, _) => "KMS",
            (ActivationType::Oem, _) => "OEM",
            (ActivationType::Retail, Lang::En) => "Retail",
            (ActivationType::Retail, Lang::Fr) => "Commerce (Retail)",
        }
    }
}

/// The forms of a code `Code::from_str` accepts, as a pattern.
const CODE_PATTERN: &str = r"^\s*(0[xX])?[0-9A-Fa-f]{8}\s*$";

/// A code is written as text (`"0xC004F074"`), or unquoted, which YAML reads
/// as a number (a signed 32-bit HRESULT is accepted too).
impl JsonSchema for Code {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Code".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A Windows activation error code: 8 hexadecimal digits, best quoted, like \"0xC004F074\".",
            "anyOf": [
                { "type": "string", "pattern": CODE_PATTERN },
                { "type": "integer", "minimum": -2147483648i64, "maximum": 4294967295u64 }
            ]
        })
    }
}

/// Keywords and symptoms: the loader reads an unquoted number (`8229`, an
/// event id) as its text, so an editor must not flag it.
fn word_list(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({
        "type": "array",
        "items": { "type": ["string", "number"] },
        "default": []
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_parses_common_forms_and_prints_canonically() {
        for input in ["0xC004F074", "c004f074", "0Xc004F074", "  0xc004f074 "] {
            let code: Code = input.parse().unwrap();
            assert_eq!(code.to_string(), "0xC004F074");
        }
        assert_eq!(
            "0x8007007b".parse::<Code>().unwrap().to_string(),
            "0x8007007B"
        );
    }

    #[test]
    fn code_rejects_fragments_and_garbage() {
        for input in [
            "",
            "0x",
            "F074",
            "0xC004F07",
            "0xC004F0744",
            "0xG004F074",
            "kms",
        ] {
            assert!(input.parse::<Code>().is_err(), "{input} should not parse");
        }
    }

    #[test]
    fn localized_falls_back_to_the_other_language() {
        let only_en = Localized {
            en: Some("Hello".into()),
            fr: None,
        };
        assert_eq!(only_en.get(Lang::Fr), "Hello");
        assert_eq!(only_en.exact(Lang::Fr), None);
        let blank_fr = Localized {
            en: Some("Hello".into()),
            fr: Some("  ".into()),
        };
        assert_eq!(blank_fr.exact(Lang::Fr), None);
    }
}
