//! `{name}` placeholders in flow commands: finding them, validating the values
//! typed for them, and filling them in.
//!
//! Filling only ever inserts values that passed [`validate`] for their declared
//! type, so a filled command holds nothing the flow author did not write except
//! host names, ports, keys, IDs and plain paths.
//!
//! A filled command is pasted into an administrator's shell (cmd.exe or
//! PowerShell), so [`validate`] is an allow-list per type, not a deny-list:
//! whatever it returns is made only of ASCII letters, digits and the few
//! punctuation marks the type needs (`.` `-` `:` `[` `]` for hosts, `.` `:`
//! for IP addresses, `\` `.` `_` `-` `:` and spaces for paths). It can hold no quote, no shell
//! metacharacter (`;` `&` `|` `$` `(` `)` `` ` `` `<` `>` `%` `^` `!` `"` `'`
//! `{` `}` `,` `@` `#`), no newline, no control character and no Unicode
//! look-alike. The specific rejections below exist to give a useful reason,
//! not to make it safe.
//!
//! Some values are only wrong in a given command: an IPv6 address followed
//! directly by `:` in the template (`/skms {kms_host}:{kms_port}`) gives
//! `fe80::1:1688`, itself a valid IPv6 address, so the port cannot be told
//! from the address; the slmgr reference asks for `<hostname>:<port>` with
//! IPv6 hosts. [`check_in_template`] refuses that case, [`fill`] never inserts
//! such a value, and [`validate_in`] does both checks for one template.
//!
//! The parts: [`kinds`] (limits and what each type expects), [`checks`] (one
//! value against its type and its template), [`invalid`] (why a value was
//! refused, in both languages), [`values`] (the values typed during a walk,
//! checked where they are set) and [`fill`] (putting them into commands).

mod checks;
mod fill;
mod invalid;
mod kinds;
mod values;

pub(crate) use checks::{check_in_template, validate_in};
pub use checks::{followed_by_colon, validate};
pub use fill::fill;
pub(crate) use invalid::InvalidValue;
pub use values::Values;
pub(crate) use values::{check_value, SetError};

/// Names of the `{placeholders}` in `template`, in order of first appearance.
///
/// A placeholder is `{` + lowercase letters, digits or `_` + `}`. Other braces
/// (PowerShell script blocks, for example) are left alone.
pub fn names(template: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for (_, name) in spans(template) {
        if !found.iter().any(|f| f == name) {
            found.push(name.to_string());
        }
    }
    found
}

/// Byte ranges (of the whole `{name}`) and names of the placeholders in `template`.
pub(crate) fn spans(template: &str) -> Vec<(std::ops::Range<usize>, &str)> {
    let mut out = Vec::new();
    let bytes = template.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'{' {
            let rest = &template[i + 1..];
            let len = rest
                .bytes()
                .take_while(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'_')
                .count();
            if len > 0 && rest.as_bytes().get(len) == Some(&b'}') {
                out.push((i..i + len + 2, &rest[..len]));
                i += len + 2;
                continue;
            }
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn finds_names_once_in_order() {
        let t = "slmgr.vbs /skms {kms_host}:{kms_port} then {kms_host}";
        assert_eq!(names(t), vec!["kms_host", "kms_port"]);
    }

    #[test]
    fn ignores_braces_that_are_not_placeholders() {
        assert!(names("Get-WinEvent | Where-Object { $_.Id -eq 8198 }").is_empty());
        assert!(names("{Upper} {} {a-b} {unterminated").is_empty());
    }

    #[test]
    fn fill_replaces_known_and_reports_missing() {
        let mut values = BTreeMap::new();
        values.insert("kms_host".to_string(), "kms1.contoso.com".to_string());
        let (text, missing) = fill("/skms {kms_host}:{kms_port}", &values);
        assert_eq!(text, "/skms kms1.contoso.com:{kms_port}");
        assert_eq!(missing, vec!["kms_port"]);
    }
}
