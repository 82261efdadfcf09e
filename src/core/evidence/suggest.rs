//! Which choice the evidence points to for a question: its `suggest:` rules
//! tried in order against the facts.

use crate::core::model::{Code, Condition, Localized, Question, Suggestion};

use super::{Evidence, Fact};

/// A choice the evidence points to, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suggested<'q> {
    /// Which rule of the question matched (0-based).
    pub rule: usize,
    pub choice: &'q str,
    pub because: &'q Localized,
    /// The facts the rule read, with their origin (for "from slmgr /dlv, line 14").
    pub facts: Vec<(String, Fact)>,
}

/// The first rule of `question` whose conditions all hold, if any.
pub fn suggestion_for<'q>(question: &'q Question, evidence: &Evidence) -> Option<Suggested<'q>> {
    question
        .suggest
        .iter()
        .enumerate()
        .find(|(_, rule)| holds(rule, evidence))
        .map(|(index, rule)| Suggested {
            rule: index,
            choice: &rule.choice,
            because: &rule.because,
            facts: rule
                .when
                .iter()
                .filter_map(|c| {
                    evidence
                        .fact(&c.fact)
                        .map(|fact| (c.fact.clone(), fact.clone()))
                })
                .collect(),
        })
}

fn holds(rule: &Suggestion, evidence: &Evidence) -> bool {
    !rule.when.is_empty() && rule.when.iter().all(|c| condition_holds(c, evidence))
}

/// Whether one condition holds. A condition on an absent fact holds only
/// for `present: false`.
pub(crate) fn condition_holds(condition: &Condition, evidence: &Evidence) -> bool {
    let value = evidence.fact(&condition.fact).map(|f| f.value.trim());
    if let Some(wanted) = condition.present {
        return value.is_some() == wanted;
    }
    let Some(value) = value else { return false };
    if let Some(wanted) = &condition.equals {
        return value.eq_ignore_ascii_case(wanted.trim());
    }
    if let Some(unwanted) = &condition.not_equals {
        return !value.eq_ignore_ascii_case(unwanted.trim());
    }
    if let Some(part) = &condition.contains {
        return value.to_lowercase().contains(&part.trim().to_lowercase());
    }
    if let Some(part) = &condition.not_contains {
        return !value.to_lowercase().contains(&part.trim().to_lowercase());
    }
    if let Some(code) = condition.code {
        return as_code(value) == Some(code);
    }
    if let Some(others) = &condition.error_other_than {
        return as_code(value).is_some_and(|c| c.0 & 0x8000_0000 != 0 && !others.contains(&c));
    }
    if let Some(limit) = condition.less_than {
        return value.parse::<u64>().is_ok_and(|n| n < limit);
    }
    if let Some(limit) = condition.at_least {
        return value.parse::<u64>().is_ok_and(|n| n >= limit);
    }
    false
}

fn as_code(value: &str) -> Option<Code> {
    super::normalise_code(value).and_then(|c| c.parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::evidence::{Origin, SourceKind};

    fn evidence(facts: &[(&'static str, &str)]) -> Evidence {
        let mut e = Evidence::new();
        for (i, (name, value)) in facts.iter().enumerate() {
            let from = Origin {
                kind: SourceKind::Text,
                line: i + 1,
                detail: None,
            };
            e.add_fact(name, value, from);
        }
        e
    }

    fn condition(yaml: &str) -> Condition {
        serde_yaml::from_str(yaml).unwrap()
    }

    #[test]
    fn each_comparison() {
        let e = evidence(&[
            ("tcp_test_succeeded", "False"),
            ("event_12288_code", "0xc004f06c"),
            ("current_count", "3"),
            ("product_name", "Windows(R), ServerStandard edition"),
        ]);
        let holds = |yaml: &str| condition_holds(&condition(yaml), &e);
        assert!(holds("{fact: tcp_test_succeeded, equals: false}"));
        assert!(!holds("{fact: tcp_test_succeeded, equals: 'True'}"));
        assert!(holds("{fact: tcp_test_succeeded, not_equals: 'True'}"));
        assert!(holds("{fact: event_12288_code, code: '0xC004F06C'}"));
        assert!(!holds("{fact: event_12288_code, code: '0xC004F074'}"));
        assert!(holds(
            "{fact: event_12288_code, error_other_than: ['0xC004F074']}"
        ));
        assert!(!holds(
            "{fact: event_12288_code, error_other_than: ['0xC004F06C']}"
        ));
        assert!(holds("{fact: current_count, less_than: 5}"));
        assert!(!holds("{fact: current_count, at_least: 5}"));
        assert!(holds("{fact: product_name, contains: server}"));
        assert!(!holds("{fact: product_name, not_contains: Server}"));
        assert!(holds("{fact: kms_host, present: false}"));
        assert!(
            !holds("{fact: kms_host, not_equals: x}"),
            "absent facts hold nothing"
        );
        assert!(!holds("{fact: product_name, less_than: 5}"), "not a number");
        let zero = evidence(&[("event_12288_code", "0x00000000")]);
        let c = condition("{fact: event_12288_code, error_other_than: []}");
        assert!(!condition_holds(&c, &zero), "success is not an error");
    }

    #[test]
    fn first_rule_whose_conditions_all_hold_wins() {
        let question: Question = serde_yaml::from_str(
            r#"
text: {en: Q, fr: Q}
how_to_check: {en: C, fr: C}
source: test
choices:
  - {id: a, label: {en: A, fr: A}, next: x}
  - {id: b, label: {en: B, fr: B}, next: x}
suggest:
  - when: [{fact: current_count, at_least: 25}, {fact: is_kms_host, equals: "yes"}]
    choice: a
    because: {en: Enough on this host., fr: Assez sur cet hôte.}
  - when: [{fact: current_count, present: true}]
    choice: b
    because: {en: Some count., fr: Un compte.}
"#,
        )
        .unwrap();
        let e = evidence(&[("current_count", "30")]);
        let s = suggestion_for(&question, &e).unwrap();
        assert_eq!(s.choice, "b");
        assert_eq!(s.facts.len(), 1);
        let e = evidence(&[("current_count", "30"), ("is_kms_host", "yes")]);
        let s = suggestion_for(&question, &e).unwrap();
        assert_eq!(s.choice, "a");
        assert_eq!(
            s.because.get(crate::core::model::Lang::Fr),
            "Assez sur cet hôte."
        );
        assert_eq!(s.facts[0].1.from.to_string(), "text, line 1");
        assert!(suggestion_for(&question, &Evidence::new()).is_none());
    }
}
