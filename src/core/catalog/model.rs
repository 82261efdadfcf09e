//! The catalog's data model: error codes, their decision trees and texts.
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

/// The type of value a placeholder in a command accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PlaceholderKind {
    /// Host name, FQDN, IPv4 or IPv6 address.
    Host,
    /// An IP address only (IPv4 or IPv6), never a name: for the commands
    /// whose point is to avoid a name lookup.
    Ip,
    /// A host name or FQDN only, never an address: for the commands whose
    /// point is to test the name lookup (`nslookup {name}`).
    HostName,
    /// TCP port, 1 to 65535.
    Port,
    /// Product key: five groups of five characters.
    ProductKey,
    /// Confirmation ID given by the activation centre: digits, in groups.
    ConfirmationId,
    /// Installation ID shown by `slmgr /dti`: digits, in groups.
    InstallationId,
    /// A plain Windows path.
    WindowsPath,
}

impl PlaceholderKind {
    /// Every kind, so that tests and tools cover a new kind without a list
    /// of their own.
    pub const ALL: [PlaceholderKind; 8] = [
        PlaceholderKind::Host,
        PlaceholderKind::Ip,
        PlaceholderKind::HostName,
        PlaceholderKind::Port,
        PlaceholderKind::ProductKey,
        PlaceholderKind::ConfirmationId,
        PlaceholderKind::InstallationId,
        PlaceholderKind::WindowsPath,
    ];
}

/// Declaration of a `{name}` placeholder used in a file's commands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlaceholderDecl {
    #[serde(rename = "type")]
    pub kind: PlaceholderKind,
    pub label: Localized,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
}

/// Another wording of an error message that users may see or type.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Alias {
    pub lang: Lang,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// One error code: its messages, where it applies, and where its tree starts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CodeEntry {
    pub code: Code,
    /// The official message, exactly as Microsoft wrote it.
    pub messages: Localized,
    /// Languages whose `messages` text is our translation because Microsoft
    /// published none (related codes outside the source article).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unofficial_messages: Vec<Lang>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<Alias>,
    pub activation_types: Vec<ActivationType>,
    #[serde(default)]
    pub keywords: LocalizedList,
    #[serde(default)]
    pub symptoms: LocalizedList,
    /// Id of the first question or resolution of this code's tree.
    pub start: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub see_also: Vec<Code>,
    pub source: String,
}

/// A choice offered by a question.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub id: String,
    pub label: Localized,
    /// Id of the question or resolution this answer leads to.
    pub next: String,
    /// This is the answer for "I can't check / not sure / no access". It must
    /// never lead straight to a costly step (a resolution with a caution).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub way_out: bool,
}

/// A diagnostic question the technician answers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub text: Localized,
    /// One short line telling how to find the answer.
    pub how_to_check: Localized,
    /// The command that shows the answer, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check_command: Option<String>,
    pub choices: Vec<Choice>,
    /// Why this question needs no "I can't check" answer (for example, the
    /// answer is always visible on the screen the caller is looking at).
    /// Without it, one choice must be a `way_out`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub no_way_out: Option<String>,
    pub source: String,
    /// Rules that point to a choice when the evidence shows its answer.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub suggest: Vec<Suggestion>,
}

// ---- suggest: rules ----
//
// `suggest:` rules of a question: when the evidence shows a fact, point to
// the choice it answers, with the reason shown to the agent. A suggestion
// never answers by itself; the agent confirms it. Rules are tried in order;
// the first whose conditions all hold wins:
//
//   suggest:
//     - when: [{fact: event_12288_code, code: "0xC004F06C"}]
//       choice: time_skew
//       because: {en: "Event 12288 shows 0xC004F06C.", fr: "..."}

/// One rule: conditions on facts, the choice they point to, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Suggestion {
    /// Every condition must hold.
    pub when: Vec<Condition>,
    /// Id of a choice of the question.
    pub choice: String,
    /// Shown next to the suggested choice.
    pub because: Localized,
}

/// A test of one fact. Exactly one comparison is given.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    /// The fact's name (see `actwiz evidence --help` and `evidence::FACTS`).
    pub fact: String,
    /// The value, ignoring case and surrounding spaces.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub equals: Option<String>,
    /// Anything but this value (the fact must be present).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_equals: Option<String>,
    /// The value holds this text, ignoring case.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contains: Option<String>,
    /// The value does not hold this text, ignoring case (the fact must be
    /// present).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_contains: Option<String>,
    /// The value is this error code, in any usual form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<Code>,
    /// The value is an error code other than these (a success code is not).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_other_than: Option<Vec<Code>>,
    /// The value is a number below this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub less_than: Option<u64>,
    /// The value is a number at least this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_least: Option<u64>,
    /// The fact is present (true) or absent (false).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub present: Option<bool>,
}

impl Condition {
    /// How many comparisons the condition gives (validation wants one).
    pub fn comparisons(&self) -> usize {
        [
            self.equals.is_some(),
            self.not_equals.is_some(),
            self.contains.is_some(),
            self.not_contains.is_some(),
            self.code.is_some(),
            self.error_other_than.is_some(),
            self.less_than.is_some(),
            self.at_least.is_some(),
            self.present.is_some(),
        ]
        .iter()
        .filter(|given| **given)
        .count()
    }
}

/// The shell a command is meant for; it decides how it is run and quoted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Shell {
    #[default]
    Cmd,
    Powershell,
}

/// A command a resolution suggests, possibly with `{placeholders}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Command {
    pub command: String,
    /// What the command does, in one line.
    pub explain: Localized,
    /// Needs an elevated (administrator) prompt.
    #[serde(default)]
    pub elevated: bool,
    #[serde(default)]
    pub shell: Shell,
    /// Where to run it when that is not the affected machine (e.g. the KMS host).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub run_on: Option<Localized>,
    /// What this command can lose (data, a licence, an activation) and what
    /// to do first; shown before the command, impossible to miss.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caution: Option<Localized>,
}

/// A link to Microsoft documentation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Link {
    pub title: Localized,
    pub url: String,
}

/// The end of a path: why it happens and what to do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Resolution {
    pub title: Localized,
    pub cause: Localized,
    pub steps: Vec<Localized>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub commands: Vec<Command>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<Link>,
    /// What following this resolution can lose, shown before its steps.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caution: Option<Localized>,
    pub source: String,
}

/// An example path a flow file carries as its own test: answering `answers`
/// from `code`'s start must reach the resolution `expect`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExamplePath {
    pub code: Code,
    #[serde(default)]
    pub answers: Vec<String>,
    pub expect: String,
}

/// One flow file: a family of codes sharing a pool of questions and resolutions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FlowFile {
    pub family: String,
    pub title: Localized,
    pub source: String,
    #[serde(default, deserialize_with = "unique_keys")]
    pub placeholders: BTreeMap<String, PlaceholderDecl>,
    pub codes: Vec<CodeEntry>,
    #[serde(default, deserialize_with = "unique_keys")]
    pub questions: BTreeMap<String, Question>,
    #[serde(default, deserialize_with = "unique_keys")]
    pub resolutions: BTreeMap<String, Resolution>,
    #[serde(default)]
    pub tests: Vec<ExamplePath>,
}

/// A map whose keys are ids: serde would keep the last of two equal keys
/// silently, so a repeated key is refused (the loader then points at it).
fn unique_keys<'de, D, V>(deserializer: D) -> Result<BTreeMap<String, V>, D::Error>
where
    D: serde::Deserializer<'de>,
    V: Deserialize<'de>,
{
    struct Unique<V>(std::marker::PhantomData<V>);
    impl<'de, V: Deserialize<'de>> serde::de::Visitor<'de> for Unique<V> {
        type Value = BTreeMap<String, V>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a map")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut map: A,
        ) -> Result<Self::Value, A::Error> {
            let mut out = BTreeMap::new();
            while let Some((key, value)) = map.next_entry::<String, V>()? {
                if out.contains_key(&key) {
                    return Err(serde::de::Error::custom(format!("{DUPLICATE_KEY} '{key}'")));
                }
                out.insert(key, value);
            }
            Ok(out)
        }
    }
    deserializer.deserialize_map(Unique(std::marker::PhantomData))
}

/// How [`unique_keys`] starts its message (the loader reports the key with
/// both positions instead).
pub const DUPLICATE_KEY: &str = "duplicate key";

/// A node of a tree, looked up by id within its file.
#[derive(Clone, Copy, Debug)]
pub enum Node<'a> {
    Question(&'a Question),
    Resolution(&'a Resolution),
}

impl FlowFile {
    pub fn node(&self, id: &str) -> Option<Node<'_>> {
        if let Some(q) = self.questions.get(id) {
            return Some(Node::Question(q));
        }
        self.resolutions.get(id).map(Node::Resolution)
    }

    pub fn code(&self, code: Code) -> Option<&CodeEntry> {
        self.codes.iter().find(|c| c.code == code)
    }
}

// The JSON Schema of the parts serde does not describe by itself (see
// `json_schema.rs`). Here rather than there because build.rs compiles this
// file on its own.

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
