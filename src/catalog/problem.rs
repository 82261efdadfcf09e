//! A problem found in a flow file, printed the way editors and CI understand.

use std::fmt;

use super::load::Position;

/// One problem in one file. Printed as `FILE:LINE:COL: message` when the
/// position is known, otherwise as `FILE: path.to.field: message`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    pub position: Option<Position>,
    pub path: Option<String>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.position, &self.path) {
            (Some(pos), _) => write!(
                f,
                "{}:{}:{}: {}",
                self.file, pos.line, pos.column, self.message
            ),
            (None, Some(path)) if !path.is_empty() => {
                write!(f, "{}: {}: {}", self.file, path, self.message)
            }
            (None, _) => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

/// Every problem found while loading, in file order.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", render(.0))]
pub struct Problems(pub Vec<Problem>);

fn render(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| p.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}
