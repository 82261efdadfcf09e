//! Which Software Licensing WMI classes, methods and properties a
//! PowerShell command uses, so that `check` can hold them to the table.
//!
//! A light reading of the text, not a PowerShell parser (tests hold it to a
//! real one): classes are the words `SoftwareLicensing…`; methods are the
//! values of `-MethodName`; properties are read only in a statement whose
//! first command reads a licensing class: the names listed to `Format-List`,
//! `Select-Object` and their kin, `$_.Name`, `(…).Name` and the names a WQL
//! `-Filter` compares.

/// What a name is used as.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum UseKind {
    Class,
    Method,
    Property,
}

/// One use of a WMI name, at a byte offset of the command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Use {
    pub kind: UseKind,
    pub name: String,
    pub offset: usize,
}

/// The prefix of the provider's classes.
const CLASS_PREFIX: &str = "softwarelicensing";

/// Cmdlets (and aliases) whose bare words are property names.
const PROPERTY_LISTS: &[&str] = &[
    "format-list",
    "fl",
    "format-table",
    "ft",
    "select-object",
    "select",
    "sort-object",
    "sort",
    "group-object",
    "measure-object",
];

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Words (letters, digits, `_`) of `text` with their offsets.
fn words(text: &str) -> Vec<(usize, &str)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if is_word_byte(bytes[i]) {
            let start = i;
            while i < bytes.len() && is_word_byte(bytes[i]) {
                i += 1;
            }
            out.push((start, &text[start..i]));
        } else {
            i += 1;
        }
    }
    out
}

/// Splits `text` (from `base`) at `sep` where no quote, brace, bracket or
/// parenthesis is open.
fn split_top(text: &str, base: usize, sep: char) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut quote: Option<char> = None;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => match c {
                '\'' | '"' => quote = Some(c),
                '{' | '(' | '[' => depth += 1,
                '}' | ')' | ']' => depth -= 1,
                c if c == sep && depth == 0 => {
                    out.push((base + start, &text[start..i]));
                    start = i + c.len_utf8();
                }
                _ => {}
            },
        }
    }
    out.push((base + start, &text[start..]));
    out
}

/// The parts of `segment` outside quotes and brackets, as (offset, word).
fn top_level_words(segment: &str, base: usize) -> Vec<(usize, String, bool)> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut quote: Option<char> = None;
    let mut current = String::new();
    let mut start = 0;
    let flush = |current: &mut String, start: usize, out: &mut Vec<(usize, String, bool)>| {
        if !current.is_empty() {
            let is_param = current.starts_with('-');
            out.push((start, std::mem::take(current), is_param));
        }
    };
    for (i, c) in segment.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => match c {
                '\'' | '"' => {
                    flush(&mut current, start, &mut out);
                    quote = Some(c)
                }
                '{' | '(' | '[' | '@' => {
                    flush(&mut current, start, &mut out);
                    if c != '@' {
                        depth += 1;
                    }
                }
                '}' | ')' | ']' => {
                    flush(&mut current, start, &mut out);
                    depth -= 1;
                }
                c if depth == 0 && (c.is_whitespace() || c == ',') => {
                    flush(&mut current, start, &mut out);
                }
                c if depth == 0 => {
                    if current.is_empty() {
                        start = base + i;
                    }
                    current.push(c);
                }
                _ => {}
            },
        }
    }
    flush(&mut current, start, &mut out);
    out
}

/// Every use of a WMI class, method or property in `command`.
pub fn uses(command: &str) -> Vec<Use> {
    let mut out = Vec::new();
    let push = |out: &mut Vec<Use>, kind, name: &str, offset| {
        out.push(Use {
            kind,
            name: name.to_string(),
            offset,
        })
    };
    let all_words = words(command);
    for (at, word) in &all_words {
        if word.to_ascii_lowercase().starts_with(CLASS_PREFIX) {
            push(&mut out, UseKind::Class, word, *at);
        }
    }
    // -MethodName X, anywhere (a script block included).
    let lower = command.to_ascii_lowercase();
    let mut from = 0;
    while let Some(found) = lower[from..].find("-methodname") {
        let after = from + found + "-methodname".len();
        if let Some((at, word)) = all_words.iter().find(|(at, _)| *at >= after) {
            let between = &command[after..*at];
            if between
                .chars()
                .all(|c| c.is_whitespace() || c == ':' || c == '\'' || c == '"')
            {
                push(&mut out, UseKind::Method, word, *at);
            }
        }
        from = after;
    }
    for (base, statement) in split_top(command, 0, ';') {
        let segments = split_top(statement, base, '|');
        let reads_class = segments
            .first()
            .is_some_and(|(_, first)| first.to_ascii_lowercase().contains(CLASS_PREFIX));
        if !reads_class {
            continue;
        }
        properties(statement, base, &segments, &mut out);
    }
    out
}

/// The property uses of one statement that reads a licensing class.
fn properties(statement: &str, base: usize, segments: &[(usize, &str)], out: &mut Vec<Use>) {
    let bytes = statement.as_bytes();
    // `$_.Name`, `$PSItem.Name` and `(…).Name`, not followed by `(` (a call).
    for (at, word) in words(statement) {
        if at == 0 || bytes[at - 1] != b'.' {
            continue;
        }
        let before = &statement[..at - 1];
        let is_item = before.ends_with("$_") || before.to_ascii_lowercase().ends_with("$psitem");
        let is_paren = before.ends_with(')');
        let is_call = bytes.get(at + word.len()) == Some(&b'(');
        if (is_item || is_paren) && !is_call {
            out.push(Use {
                kind: UseKind::Property,
                name: word.to_string(),
                offset: base + at,
            });
        }
    }
    for (seg_base, segment) in segments {
        let parts = top_level_words(segment, *seg_base);
        let Some((_, command, _)) = parts.first() else {
            continue;
        };
        let command = command.to_ascii_lowercase();
        if PROPERTY_LISTS.contains(&command.as_str()) {
            let mut skip_value = false;
            for (at, word, is_param) in &parts[1..] {
                if *is_param {
                    let p = word.to_ascii_lowercase();
                    // Parameters whose value is not a property name.
                    skip_value = !(p.starts_with("-p") || p.starts_with("-exp"));
                    continue;
                }
                if std::mem::take(&mut skip_value) {
                    continue;
                }
                if word.bytes().all(is_word_byte) && !word.bytes().all(|b| b.is_ascii_digit()) {
                    out.push(Use {
                        kind: UseKind::Property,
                        name: word.clone(),
                        offset: *at,
                    });
                }
            }
        }
        // -Filter "WQL": the names compared.
        wql_properties(segment, *seg_base, out);
    }
}

/// Names a WQL `-Filter "…"` compares: `Name =`, `Name <>`, `Name IS`,
/// `Name LIKE`.
fn wql_properties(segment: &str, base: usize, out: &mut Vec<Use>) {
    let lower = segment.to_ascii_lowercase();
    let Some(found) = lower.find("-filter") else {
        return;
    };
    let rest = &segment[found + "-filter".len()..];
    let Some(open) = rest.find(['"', '\'']) else {
        return;
    };
    let quote = rest[open..].chars().next().unwrap_or('"');
    let body_start = open + 1;
    let Some(len) = rest[body_start..].find(quote) else {
        return;
    };
    let body = &rest[body_start..body_start + len];
    let body_base = base + found + "-filter".len() + body_start;
    // Skip string literals inside the filter (the other quote kind).
    let inner_quote = if quote == '"' { '\'' } else { '"' };
    let mut in_literal = false;
    let mut cleaned = String::with_capacity(body.len());
    for c in body.chars() {
        if c == inner_quote {
            in_literal = !in_literal;
            cleaned.push(' ');
        } else if in_literal {
            cleaned.push(' ');
        } else {
            cleaned.push(c);
        }
    }
    let list = words(&cleaned);
    for (i, (at, word)) in list.iter().enumerate() {
        let after = cleaned[at + word.len()..].trim_start();
        let next = list.get(i + 1).map(|(_, w)| w.to_ascii_lowercase());
        let compares = after.starts_with(['=', '<', '>', '!'])
            || matches!(next.as_deref(), Some("is" | "like"));
        let keyword = matches!(
            word.to_ascii_lowercase().as_str(),
            "and" | "or" | "not" | "is" | "null" | "like" | "true" | "false"
        );
        if compares && !keyword && !word.bytes().all(|b| b.is_ascii_digit()) {
            out.push(Use {
                kind: UseKind::Property,
                name: word.to_string(),
                offset: body_base + at,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(command: &str, kind: UseKind) -> Vec<String> {
        uses(command)
            .into_iter()
            .filter(|u| u.kind == kind)
            .map(|u| u.name)
            .collect()
    }

    #[test]
    fn reads_classes_methods_and_properties() {
        let c = r#"Get-CimInstance SoftwareLicensingProduct -Filter "ApplicationID='55c9' AND PartialProductKey IS NOT NULL AND LicenseIsAddon=FALSE" | Where-Object { $_.Description -cnotlike '*MAK*' } | Invoke-CimMethod -MethodName Activate; Get-CimInstance SoftwareLicensingService | Format-List Version, ClientMachineID, @{Label='X'; Expression={ (Get-Date).AddMinutes($_.GracePeriodRemaining) }}"#;
        assert_eq!(
            names(c, UseKind::Class),
            ["SoftwareLicensingProduct", "SoftwareLicensingService"]
        );
        assert_eq!(names(c, UseKind::Method), ["Activate"]);
        let mut props = names(c, UseKind::Property);
        props.sort();
        assert_eq!(
            props,
            [
                "ApplicationID",
                "ClientMachineID",
                "Description",
                "GracePeriodRemaining",
                "LicenseIsAddon",
                "PartialProductKey",
                "Version"
            ]
        );
        assert_eq!(
            names(
                "(Get-CimInstance SoftwareLicensingService).OA3xOriginalProductKey",
                UseKind::Property
            ),
            ["OA3xOriginalProductKey"]
        );
    }

    #[test]
    fn other_statements_are_not_read_for_properties() {
        let c = r#"$s = Get-CimInstance SoftwareLicensingService; Get-ChildItem C:\x | ForEach-Object { Invoke-CimMethod -InputObject $s -MethodName InstallLicense -Arguments @{License=[IO.File]::ReadAllText($_.FullName)} }"#;
        assert!(names(c, UseKind::Property).is_empty());
        assert_eq!(names(c, UseKind::Method), ["InstallLicense"]);
        assert!(uses("Get-Service sppsvc | Format-List Name, Status").is_empty());
    }
}
