//! A problem found in a flow file, printed the way editors and CI understand.

use std::fmt;

use crate::core::sanitize::clean_line;

/// Line and column (both 1-based) of a place in a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// One problem in one file. Printed as `FILE:LINE:COL: message` when the
/// position is known, otherwise as `FILE: path.to.field: message`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    pub position: Option<Position>,
    pub path: Option<String>,
    pub message: String,
}

/// Each part is cleaned to one line: a problem quotes file names, keys, ids
/// and values from the file, which must not drive the terminal nor split one
/// problem over several lines (scripts read one problem per line). The
/// output writers clean again (see `crate::output`).
impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = clean_line(&self.file);
        let message = excerpts(&clean_line(&self.message));
        match (&self.position, &self.path) {
            (Some(pos), _) => write!(f, "{file}:{}:{}: {message}", pos.line, pos.column),
            (None, Some(path)) if !path.is_empty() => {
                write!(f, "{file}: {}: {message}", clean_line(path))
            }
            (None, _) => write!(f, "{file}: {message}"),
        }
    }
}

/// The longest quotation of a file's text a message keeps whole.
const MAX_QUOTE_CHARS: usize = 80;
/// The longest message printed (the longest list of expected fields fits).
const MAX_MESSAGE_CHARS: usize = 600;

/// `message` with each long quotation (between '', "" or ``) cut to a short
/// excerpt, and the whole cut to a bounded length: messages quote the file,
/// and a file may hold a 1 MB scalar or be a link to a system file.
pub(crate) fn excerpts(message: &str) -> String {
    let chars: Vec<char> = message.chars().collect();
    let mut out = String::with_capacity(message.len().min(MAX_MESSAGE_CHARS * 4));
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        out.push(c);
        i += 1;
        // A quotation opens after a space or punctuation (not the
        // apostrophe of "tool's") and closes before one.
        let opens = i < 2 || !chars[i - 2].is_alphanumeric();
        if !matches!(c, '\'' | '"' | '`') || !opens {
            continue;
        }
        let closes = |j: usize| {
            chars[i + j] == c && chars.get(i + j + 1).is_none_or(|d| !d.is_alphanumeric())
        };
        let Some(len) = (0..chars.len() - i).find(|&j| closes(j)) else {
            continue;
        };
        if len > MAX_QUOTE_CHARS {
            out.extend(&chars[i..i + MAX_QUOTE_CHARS / 2]);
            out.push('…');
            i += len;
        } else {
            out.extend(&chars[i..i + len]);
            i += len;
        }
        out.push(c);
        i += 1;
    }
    if out.chars().count() > MAX_MESSAGE_CHARS {
        out = out.chars().take(MAX_MESSAGE_CHARS).collect();
        out.push('…');
    }
    out
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_quotations_become_excerpts() {
        let short = "unknown field `colour`, expected one of `code`, `messages`";
        assert_eq!(excerpts(short), short);
        let scalar = "x".repeat(1_000_000);
        let long = format!("invalid type: string \"{scalar}\", expected a sequence");
        let shown = excerpts(&long);
        assert_eq!(
            shown,
            format!(
                "invalid type: string \"{}…\", expected a sequence",
                "x".repeat(40)
            )
        );
        let unquoted = "y".repeat(5000);
        assert_eq!(excerpts(&unquoted).chars().count(), MAX_MESSAGE_CHARS + 1);
        // An apostrophe with no partner is kept as it is, and an
        // apostrophe inside a word opens no quotation.
        assert_eq!(excerpts("l'hôte"), "l'hôte");
        let apostrophes = format!("the tool's output {} ('x' too)", "z".repeat(100));
        assert_eq!(excerpts(&apostrophes), apostrophes);
    }
}
