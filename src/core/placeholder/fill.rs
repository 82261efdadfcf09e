//! Putting typed values into a command template.

use std::collections::BTreeMap;

use super::{check_in_template, spans};

/// Replaces every placeholder that has a value; the others stay as `{name}`.
/// Returns the text and the names still missing.
///
/// A value that [`check_in_template`] refuses for this template (an IPv6
/// address right before a `:`) is not inserted: its placeholder stays and
/// counts as missing, so no front end can produce an ambiguous command.
pub fn fill(template: &str, values: &BTreeMap<String, String>) -> (String, Vec<String>) {
    let mut out = String::with_capacity(template.len());
    let mut missing = Vec::new();
    let mut last = 0;
    for (range, name) in spans(template) {
        out.push_str(&template[last..range.start]);
        match values.get(name) {
            Some(value) if check_in_template(template, name, value).is_ok() => out.push_str(value),
            _ => {
                out.push_str(&template[range.clone()]);
                if !missing.iter().any(|m: &String| m == name) {
                    missing.push(name.to_string());
                }
            }
        }
        last = range.end;
    }
    out.push_str(&template[last..]);
    (out, missing)
}
