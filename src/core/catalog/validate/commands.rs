//! Commands of a file: placeholders declared, well formed and quoted where
//! they take free text; no hidden characters.

use super::*;

pub(super) fn check_placeholders(flow: &FlowFile, report: &mut Report) {
    for (name, decl) in &flow.placeholders {
        let path = format!("placeholders.{name}");
        report.localized(&format!("{path}.label"), &decl.label);
        if let Some(default) = &decl.default {
            if let Err(err) = placeholder::check_value(flow, name, decl.kind, default) {
                report.at(
                    &format!("{path}.default"),
                    format!(
                        "default '{default}' of placeholder '{name}' is invalid: {}",
                        err.message(Lang::En)
                    ),
                );
            }
        }
    }
    let mut used: BTreeSet<String> = BTreeSet::new();
    let mut check = |report: &mut Report, path: String, command: &str, shell: Shell| {
        for (offset, message) in malformed_placeholders(command) {
            report.in_text(&path, command, offset, message);
        }
        for (offset, message) in hidden_characters(command) {
            report.in_text(&path, command, offset, message);
        }
        for (offset, message) in unquoted_free_text(flow, command, shell) {
            report.in_text(&path, command, offset, message);
        }
        for name in placeholder::names(command) {
            if !flow.placeholders.contains_key(&name) {
                report.at(
                    &path,
                    format!("placeholder '{{{name}}}' is used but not declared in 'placeholders'"),
                );
            }
            used.insert(name);
        }
    };
    for (id, q) in &flow.questions {
        if let Some(cmd) = &q.check_command {
            check(
                report,
                format!("questions.{id}.check_command"),
                cmd,
                q.check_shell,
            );
        }
        if let Some(ps) = &q.check_powershell {
            let path = format!("questions.{id}.check_powershell");
            check(report, path, ps, Shell::Powershell);
        }
    }
    for (id, r) in &flow.resolutions {
        for (i, c) in r.commands.iter().enumerate() {
            check(
                report,
                format!("resolutions.{id}.commands[{i}].command"),
                &c.command,
                c.shell,
            );
            if let Some(ps) = &c.powershell {
                let path = format!("resolutions.{id}.commands[{i}].powershell");
                check(report, path, ps, Shell::Powershell);
            }
        }
    }
}

/// Characters a command would be copied with though nobody sees them:
/// control characters, bidi controls, zero-width characters, U+2028/U+2029.
/// Returns (byte offset, message) pairs.
pub(super) fn hidden_characters(command: &str) -> Vec<(usize, String)> {
    command
        .char_indices()
        .filter(|(_, c)| crate::core::sanitize::is_unsafe(*c) || *c == '\n' || *c == '\t')
        .map(|(i, c)| {
            (
                i,
                format!(
                    "invisible or control character U+{:04X} in a command: it would be pasted into the shell unseen",
                    u32::from(c)
                ),
            )
        })
        .collect()
}

/// Free-text placeholders (`windows_path`: spaces allowed) standing outside
/// quotes: `Remove-Item {p}` filled with `C:\tmp -Recurse` would be two
/// arguments. cmd.exe knows only double quotes; PowerShell also single ones.
/// Returns (byte offset, message) pairs.
pub(super) fn unquoted_free_text(
    flow: &FlowFile,
    command: &str,
    shell: Shell,
) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (range, name) in placeholder::spans(command) {
        let free_text = flow
            .placeholders
            .get(name)
            .is_some_and(|d| d.kind == PlaceholderKind::WindowsPath);
        if free_text && !quoted(command, range.clone(), shell) {
            let braced = format!("{{{name}}}");
            let quotes = match shell {
                Shell::Cmd | Shell::Any => format!("double quotes (\"{braced}\")"),
                Shell::Powershell => format!("quotes ('{braced}' or \"{braced}\")"),
            };
            found.push((
                range.start,
                format!(
                    "placeholder '{braced}' takes free text (spaces) and must stand inside {quotes}"
                ),
            ));
        }
    }
    found
}

/// Whether `range` of `command` lies inside a pair of quotes `shell` reads.
pub(super) fn quoted(command: &str, range: std::ops::Range<usize>, shell: Shell) -> bool {
    let is_quote = |c: char| c == '"' || (c == '\'' && shell == Shell::Powershell);
    let mut open: Option<char> = None;
    for c in command[..range.start].chars() {
        match open {
            Some(q) if c == q => open = None,
            None if is_quote(c) => open = Some(c),
            _ => {}
        }
    }
    match open {
        Some(q) => command[range.end..].contains(q),
        None => false,
    }
}

/// Braces in a command that look like a placeholder but are not one, so that
/// filling would leave them in the copied command: `{kms_host` (never
/// closed), `{kms host}` or `{kms-host}` (not a name), a `}` nothing opens.
/// Returns (byte offset, message) pairs.
///
/// A placeholder is exactly what [`placeholder::spans`] finds. Other braces
/// are left alone when they can be PowerShell's (`{ $_.Id -eq 8198 }`,
/// `@{Name='x'}`): a block that opens with a space, `$` or a capital, and
/// braces that pair up.
pub(super) fn malformed_placeholders(command: &str) -> Vec<(usize, String)> {
    let spans = placeholder::spans(command);
    let in_span = |i: usize| spans.iter().any(|(range, _)| range.contains(&i));
    let looks_like_name = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_';
    let mut found = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    for (i, c) in command.char_indices() {
        if in_span(i) {
            continue;
        }
        match c {
            '{' => {
                let rest = &command[i + 1..];
                let inside = rest.split_once('}').map(|(inside, _)| inside);
                match inside {
                    // `{kms host}`, `{kms-host}`: meant as a placeholder.
                    Some(inside)
                        if inside.starts_with(looks_like_name)
                            && !inside.contains('{')
                            && inside
                                .chars()
                                .all(|c| looks_like_name(c) || matches!(c, ' ' | '-' | '.')) =>
                    {
                        let text = &command[i..i + inside.len() + 2];
                        found.push((
                            i,
                            format!(
                                "malformed placeholder '{text}': a placeholder name is lowercase letters, digits and '_'"
                            ),
                        ));
                        // Its '}' is accounted for.
                        open.push(usize::MAX);
                    }
                    _ => open.push(i),
                }
            }
            '}' if open.pop().is_none() => found.push((
                i,
                "stray '}': no '{' opens it, and it would be copied as is".to_string(),
            )),
            _ => {}
        }
    }
    for i in open.into_iter().filter(|i| *i != usize::MAX) {
        let name: String = command[i + 1..]
            .chars()
            .take_while(|c| looks_like_name(*c))
            .collect();
        let message = if name.is_empty() {
            "'{' is never closed by a '}'".to_string()
        } else {
            format!("unclosed placeholder '{{{name}': add the closing '}}'")
        };
        found.push((i, message));
    }
    found.sort();
    found
}

#[cfg(test)]
mod tests {
    use super::malformed_placeholders;

    pub(super) fn messages(command: &str) -> Vec<String> {
        malformed_placeholders(command)
            .into_iter()
            .map(|(at, m)| format!("{at}: {m}"))
            .collect()
    }

    #[test]
    pub(super) fn broken_placeholders_are_found() {
        assert_eq!(
            messages("slmgr.vbs /skms {kms_host"),
            ["16: unclosed placeholder '{kms_host': add the closing '}'"]
        );
        assert_eq!(
            messages("ping {kms host} {dns-server}"),
            [
                "5: malformed placeholder '{kms host}': a placeholder name is lowercase letters, digits and '_'",
                "16: malformed placeholder '{dns-server}': a placeholder name is lowercase letters, digits and '_'",
            ]
        );
        assert_eq!(
            messages("/skms {kms_host}}:{kms_port}"),
            ["16: stray '}': no '{' opens it, and it would be copied as is"]
        );
        assert_eq!(messages("ping { "), ["5: '{' is never closed by a '}'"]);
    }

    #[test]
    pub(super) fn placeholders_and_powershell_braces_are_left_alone() {
        for command in [
            "cscript slmgr.vbs /skms {kms_host}:{kms_port}",
            "Get-WinEvent -LogName Application | Where-Object { $_.Id -eq 12288 }",
            "Get-Service | ForEach-Object {$_.Name}",
            "New-Object PSObject -Property @{Name='x'; Value={kms_host}}",
            "& {Get-Process}",
            "",
            "{}",
        ] {
            assert!(
                messages(command).is_empty(),
                "{command}: {:?}",
                messages(command)
            );
        }
    }
}
