//! Evidence as a wizard uses it during a call: the facts, merged as more is
//! pasted; the values they filled; the answers that followed a suggestion.
//! Shared by the full-screen wizard, plain mode and the transcript.

use std::collections::BTreeMap;

use crate::core::catalog::{Code, FlowFile, Lang, Question};
use crate::core::placeholder::Values;
use crate::core::walk::Walk;

use super::{prefill, suggestion_for, Evidence, Origin};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct InUse {
    pub evidence: Evidence,
    /// Placeholder values filled from a fact, with where the fact came from.
    pub filled: BTreeMap<String, Origin>,
    /// Answers given as the evidence suggested: (code, question id, choice id).
    pub followed: Vec<(Code, String, String)>,
}

impl InUse {
    pub fn new(evidence: Evidence) -> Self {
        InUse {
            evidence,
            ..InUse::default()
        }
    }

    pub fn is_empty(&self) -> bool {
        self.evidence.is_empty()
    }

    /// Merges `more` in (what is already known wins). Returns how many
    /// facts and codes were new.
    pub fn add(&mut self, more: Evidence) -> usize {
        let before = self.evidence.facts.len() + self.evidence.codes.len();
        self.evidence.merge(more);
        self.evidence.facts.len() + self.evidence.codes.len() - before
    }

    /// Fills the flow's placeholders that have no value yet from the facts,
    /// and remembers which.
    pub(crate) fn prefill(&mut self, flow: &FlowFile, values: &mut Values, lang: Lang) {
        for (name, origin) in prefill(flow, &self.evidence, values, lang) {
            self.filled.insert(name, origin);
        }
    }

    /// Where the value of `name` came from, while it is still the fact's
    /// value (a value typed over it is the agent's own).
    pub(crate) fn origin_of(&self, name: &str, values: &Values) -> Option<&Origin> {
        let origin = self.filled.get(name)?;
        let fact = self.evidence.fact(name)?;
        (values.typed(name)? == fact.value).then_some(origin)
    }

    /// Notes the answer `choice` to question `id` of `code`: kept when it
    /// is the choice the evidence suggests.
    pub(crate) fn note_answer(&mut self, code: Code, id: &str, question: &Question, choice: &str) {
        self.followed.retain(|(c, q, _)| !(*c == code && q == id));
        if suggestion_for(question, &self.evidence).is_some_and(|s| s.choice == choice) {
            self.followed
                .push((code, id.to_string(), choice.to_string()));
        }
    }

    /// Notes the answer just given in `walk` (its last step).
    pub(crate) fn note_last_answer(
        &mut self,
        catalog: &crate::core::catalog::Catalog,
        walk: &Walk,
    ) {
        let Ok((_, flow)) = walk.context(catalog) else {
            return;
        };
        let Some(step) = walk.path().last() else {
            return;
        };
        if let Some(question) = flow.questions.get(&step.question) {
            self.note_answer(walk.code(), &step.question, question, &step.choice);
        }
    }

    /// Whether that answer followed the evidence.
    pub fn followed(&self, code: Code, question: &str, choice: &str) -> bool {
        self.followed
            .iter()
            .any(|(c, q, ch)| *c == code && q == question && ch == choice)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DLV: &str = include_str!("../../../tests/fixtures/evidence/slmgr-dlv-client.txt");
    const TNC: &str = include_str!("../../../tests/fixtures/evidence/test-netconnection-false.txt");

    #[test]
    fn evidence_added_twice_is_merged_and_the_first_reading_wins() {
        let mut in_use = InUse::default();
        let first = in_use.add(super::super::read_text(DLV));
        assert!(first > 0);
        let host = in_use.evidence.fact("kms_host").map(|f| f.value.clone());
        assert_eq!(host.as_deref(), Some("kms01.contoso.com"));
        let second = in_use.add(super::super::read_text(TNC));
        assert!(second > 0, "Test-NetConnection adds its own facts");
        assert!(in_use.evidence.fact("tcp_test_succeeded").is_some());
        assert_eq!(
            in_use.evidence.fact("kms_host").map(|f| f.value.clone()),
            host,
            "still the first reading"
        );
        assert_eq!(in_use.add(super::super::read_text(DLV)), 0, "nothing new");
    }
}
