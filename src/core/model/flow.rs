//! A flow file: its codes, questions, resolutions, commands and placeholder
//! declarations.

use super::*;

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
    /// Other codes Windows reports for the same failure, answered by this
    /// same tree (each keeps its own official message and source).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub same_tree: Vec<SameTreeCode>,
    /// This entry knowingly replaces the definition of its code(s) by a
    /// lower flow layer (the built-in flows, the system folder...). Without
    /// it, a second definition of a code is refused.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub overrides: bool,
}

/// A code that shares the tree of the entry listing it: what is its own
/// (number, official message, other wordings, source), the rest is shared.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SameTreeCode {
    pub code: Code,
    /// The official message of this code, exactly as Microsoft wrote it.
    pub messages: Localized,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unofficial_messages: Vec<Lang>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<Alias>,
    /// Keywords of this code only, added to the entry's shared ones.
    #[serde(default)]
    pub keywords: LocalizedList,
    pub source: String,
}

impl CodeEntry {
    /// This entry's code, then the codes sharing its tree.
    pub(crate) fn all_codes(&self) -> impl Iterator<Item = Code> + '_ {
        std::iter::once(self.code).chain(self.same_tree.iter().map(|s| s.code))
    }

    /// The entry of the `index`-th code of `same_tree`, as if written
    /// whole: its own number, messages and source, the shared rest.
    pub(crate) fn sibling_entry(&self, index: usize) -> Option<CodeEntry> {
        let own = self.same_tree.get(index)?;
        let mut keywords = self.keywords.clone();
        keywords.en.extend(own.keywords.en.iter().cloned());
        keywords.fr.extend(own.keywords.fr.iter().cloned());
        Some(CodeEntry {
            code: own.code,
            messages: own.messages.clone(),
            unofficial_messages: own.unofficial_messages.clone(),
            aliases: own.aliases.clone(),
            activation_types: self.activation_types.clone(),
            keywords,
            symptoms: self.symptoms.clone(),
            start: self.start.clone(),
            see_also: self.see_also.clone(),
            source: own.source.clone(),
            same_tree: Vec::new(),
            overrides: self.overrides,
        })
    }
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
    /// The shell `check_command` is written for (as a command's `shell:`).
    #[serde(default, skip_serializing_if = "Shell::is_cmd")]
    pub check_shell: Shell,
    /// `check_command` in PowerShell, when it is not generated (see a
    /// command's `powershell:`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check_powershell: Option<String>,
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
    pub(crate) fn comparisons(&self) -> usize {
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
    /// cmd.exe (the PowerShell form is generated for `slmgr`, or given in
    /// `powershell:`).
    #[default]
    Cmd,
    /// PowerShell only: the same text is shown in both dialects.
    Powershell,
    /// The same text runs unchanged in cmd.exe and in PowerShell (no `%VAR%`,
    /// no cmd built-in that PowerShell reads as an alias, double quotes only).
    Any,
}

impl Shell {
    pub(crate) fn is_cmd(&self) -> bool {
        *self == Shell::Cmd
    }
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
    /// The PowerShell form of a `shell: cmd` command, when actwiz cannot
    /// generate it (the `slmgr` options of the mapping table are generated:
    /// see `assets/flow-format.md`). Placeholders and cautions are shared.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub powershell: Option<String>,
    /// Where to run it when that is not the affected machine (e.g. the KMS host).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub run_on: Option<Localized>,
    /// What this command can lose (data, a licence, an activation) and what
    /// to do first; shown before the command, impossible to miss.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caution: Option<Localized>,
    /// The PowerShell form generated from `command` (`catalog::dialect`),
    /// worked out once: not in the flow format.
    #[serde(skip)]
    #[schemars(skip)]
    pub generated: Memo<Option<String>>,
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
pub(crate) const DUPLICATE_KEY: &str = "duplicate key";

impl FlowFile {
    /// What a catalog needs of this file without its trees and texts: its
    /// family, placeholder declarations and, for each entry (in order), its
    /// codes, `see_also` and `overrides`. A catalog places its codes and
    /// checks it against other files with this, and decodes the whole file
    /// only when a code of it is asked for.
    pub fn outline(&self) -> FlowFile {
        FlowFile {
            family: self.family.clone(),
            title: Localized::default(),
            source: String::new(),
            placeholders: self.placeholders.clone(),
            codes: self
                .codes
                .iter()
                .map(|entry| CodeEntry {
                    code: entry.code,
                    messages: Localized::default(),
                    unofficial_messages: Vec::new(),
                    aliases: Vec::new(),
                    activation_types: Vec::new(),
                    keywords: LocalizedList::default(),
                    symptoms: LocalizedList::default(),
                    start: String::new(),
                    see_also: entry.see_also.clone(),
                    source: String::new(),
                    same_tree: entry
                        .same_tree
                        .iter()
                        .map(|own| SameTreeCode {
                            code: own.code,
                            messages: Localized::default(),
                            unofficial_messages: Vec::new(),
                            aliases: Vec::new(),
                            keywords: LocalizedList::default(),
                            source: String::new(),
                        })
                        .collect(),
                    overrides: entry.overrides,
                })
                .collect(),
            questions: BTreeMap::new(),
            resolutions: BTreeMap::new(),
            tests: Vec::new(),
        }
    }
}

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

    /// The entry answering `code`, as its own code or one sharing its tree.
    pub fn code(&self, code: Code) -> Option<&CodeEntry> {
        self.codes.iter().find(|c| c.all_codes().any(|k| k == code))
    }
}

// The JSON Schema of the parts serde does not describe by itself (see
// `json_schema.rs`). Here rather than there because build.rs compiles this
// file on its own.

impl FlowFile {
    /// A node with its id borrowed from the file (so callers can keep it).
    pub(crate) fn node_with_id(&self, id: &str) -> Option<(&str, Node<'_>)> {
        if let Some((k, q)) = self.questions.get_key_value(id) {
            return Some((k.as_str(), Node::Question(q)));
        }
        self.resolutions
            .get_key_value(id)
            .map(|(k, r)| (k.as_str(), Node::Resolution(r)))
    }

    /// The nodes reachable from `starts`, each once, depth first with the
    /// choices in their order: the one walk behind `check`'s unreachable
    /// nodes, `lookup`'s tree and a code's resolutions.
    pub fn reachable<'f>(
        &'f self,
        starts: impl IntoIterator<Item = &'f str>,
    ) -> Vec<(&'f str, Node<'f>)> {
        let mut seen = std::collections::BTreeSet::new();
        let mut found = Vec::new();
        let mut stack: Vec<&str> = starts.into_iter().collect();
        stack.reverse();
        while let Some(id) = stack.pop() {
            let Some((id, node)) = self.node_with_id(id) else {
                continue;
            };
            if !seen.insert(id) {
                continue;
            }
            if let Node::Question(q) = node {
                stack.extend(q.choices.iter().rev().map(|c| c.next.as_str()));
            }
            found.push((id, node));
        }
        found
    }

    /// Every command text of the file: question check commands, then
    /// resolution commands.
    pub fn templates(&self) -> impl Iterator<Item = &str> {
        let checks = self.questions.values().flat_map(|q| {
            [q.check_command.as_deref(), q.check_powershell.as_deref()]
                .into_iter()
                .flatten()
        });
        let commands = self.resolutions.values().flat_map(|r| {
            r.commands.iter().flat_map(|c| {
                [Some(c.command.as_str()), c.powershell.as_deref()]
                    .into_iter()
                    .flatten()
            })
        });
        checks.chain(commands)
    }
}
