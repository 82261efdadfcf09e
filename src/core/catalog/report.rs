//! Problems of one file, positioned through its position index.

use super::load::PositionIndex;
use super::problem::Problem;
use crate::core::model::{Lang, Localized};

/// Collects problems for one file, positioned through its index.
pub(crate) struct Report<'a> {
    pub(crate) origin: &'a str,
    pub(crate) positions: &'a PositionIndex,
    pub(crate) problems: &'a mut Vec<Problem>,
}

impl Report<'_> {
    pub(crate) fn at(&mut self, path: &str, message: impl Into<String>) {
        self.problems.push(Problem {
            file: self.origin.to_string(),
            position: self.positions.find(path),
            path: Some(path.to_string()),
            message: message.into(),
        });
    }

    /// A problem at byte `offset` of the text `value` of the field `path`.
    pub(crate) fn in_text(&mut self, path: &str, value: &str, offset: usize, message: String) {
        self.problems.push(Problem {
            file: self.origin.to_string(),
            position: self.positions.find_in_text(path, value, offset),
            path: Some(path.to_string()),
            message,
        });
    }

    pub(crate) fn localized(&mut self, path: &str, text: &Localized) {
        for lang in Lang::ALL {
            if text.exact(lang).is_none() {
                self.at(
                    &format!("{path}.{lang}"),
                    format!("missing translation: {path} has no '{lang}' text"),
                );
            }
        }
    }

    pub(crate) fn source(&mut self, path: &str, source: &str) {
        if source.trim().is_empty() {
            self.at(
                &format!("{path}.source"),
                format!("{path} needs a source note saying where its facts come from"),
            );
        }
    }
}
