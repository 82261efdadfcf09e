//! `suggest:` rules of a question: when the evidence shows a fact, point to
//! the choice it answers, with the reason shown to the agent. A suggestion
//! never answers by itself; the agent confirms it.
//!
//! ```yaml
//! suggest:
//!   - when: [{fact: event_12288_code, code: "0xC004F06C"}]
//!     choice: time_skew
//!     because: {en: "Event 12288 shows 0xC004F06C.", fr: "L’événement 12288 indique 0xC004F06C."}
//! ```
//!
//! Rules are tried in order; the first whose conditions all hold wins.

use serde::{Deserialize, Serialize};

use super::model::{Code, Localized};

/// One rule: conditions on facts, the choice they point to, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
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
