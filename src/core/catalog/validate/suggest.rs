//! Checks of a question's `suggest:` rules: each names facts evidence can
//! hold, gives one comparison per condition, and points to a choice of the
//! question.

use super::Report;
use crate::core::model::Question;

pub(super) fn check(path: &str, question: &Question, report: &mut Report) {
    for (i, rule) in question.suggest.iter().enumerate() {
        let rpath = format!("{path}.suggest[{i}]");
        if rule.when.is_empty() {
            report.at(
                &format!("{rpath}.when"),
                "a suggest rule needs at least one condition",
            );
        }
        for (j, condition) in rule.when.iter().enumerate() {
            let cpath = format!("{rpath}.when[{j}]");
            if !crate::core::model::is_known_fact(&condition.fact) {
                report.at(
                    &format!("{cpath}.fact"),
                    format!(
                        "unknown fact '{}'; `actwiz evidence --facts` lists the facts evidence can give",
                        condition.fact
                    ),
                );
            }
            match condition.comparisons() {
                1 => {}
                0 => report.at(
                    &cpath,
                    "a condition needs one comparison: equals, not_equals, contains, not_contains, code, error_other_than, less_than, at_least or present",
                ),
                _ => report.at(
                    &cpath,
                    "a condition takes only one comparison; give several conditions instead",
                ),
            }
        }
        if !question.choices.iter().any(|c| c.id == rule.choice) {
            let ids: Vec<&str> = question.choices.iter().map(|c| c.id.as_str()).collect();
            report.at(
                &format!("{rpath}.choice"),
                format!(
                    "suggest rule points to '{}', which is not a choice of this question (choices: {})",
                    rule.choice,
                    ids.join(", ")
                ),
            );
        }
        report.localized(&format!("{rpath}.because"), &rule.because);
    }
}
