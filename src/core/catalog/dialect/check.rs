//! `check`'s rules for the two dialects:
//!
//! - an slmgr command has a PowerShell form: its option is in the table,
//!   or the command gives `powershell:`;
//! - a PowerShell form calls only the WMI classes, methods and properties
//!   of the table;
//! - slmgr is written for cmd.exe only (`shell: cmd`), and never appears in
//!   a PowerShell form: the point of that form is to work without VBScript;
//! - `powershell:` goes with `shell: cmd` only;
//! - a `shell: any` text really runs unchanged in both shells.

use super::super::report::Report;
use super::table::{self, MemberKind, WmiClass};
use super::wmi::{self, UseKind};
use super::{form, slmgr, Dialect, Origin};
use crate::core::model::{FlowFile, Shell};

/// cmd built-ins that PowerShell reads as another command (an alias).
const CMD_ONLY_WORDS: &[(&str, &str)] = &[
    ("sc", "PowerShell reads `sc` as Set-Content: write `sc.exe`"),
    (
        "dir",
        "PowerShell's `dir` is Get-ChildItem, which does not take cmd's /switches",
    ),
    (
        "ren",
        "PowerShell's `ren` is Rename-Item, with other arguments",
    ),
    (
        "del",
        "PowerShell's `del` is Remove-Item, which does not take cmd's /switches",
    ),
    (
        "copy",
        "PowerShell's `copy` is Copy-Item, which does not take cmd's /switches",
    ),
    (
        "move",
        "PowerShell's `move` is Move-Item, which does not take cmd's /switches",
    ),
    ("set", "PowerShell's `set` is Set-Variable"),
];

pub(in crate::core::catalog) fn check(flow: &FlowFile, report: &mut Report) {
    for (id, q) in &flow.questions {
        let Some(text) = &q.check_command else {
            if q.check_powershell.is_some() {
                report.at(
                    &format!("questions.{id}.check_powershell"),
                    "`check_powershell:` needs a `check_command:` (the cmd form)",
                );
            }
            continue;
        };
        let base = format!("questions.{id}");
        one(
            report,
            text,
            q.check_shell,
            q.check_powershell.as_deref(),
            &format!("{base}.check_command"),
            &format!("{base}.check_powershell"),
            "check_powershell",
            "check_shell",
        );
    }
    for (id, r) in &flow.resolutions {
        for (i, c) in r.commands.iter().enumerate() {
            let base = format!("resolutions.{id}.commands[{i}]");
            one(
                report,
                &c.command,
                c.shell,
                c.powershell.as_deref(),
                &format!("{base}.command"),
                &format!("{base}.powershell"),
                "powershell",
                "shell",
            );
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn one(
    report: &mut Report,
    text: &str,
    shell: Shell,
    given: Option<&str>,
    text_path: &str,
    given_path: &str,
    given_key: &str,
    shell_key: &str,
) {
    if given.is_some() && shell != Shell::Cmd {
        report.at(
            given_path,
            format!(
                "`{given_key}:` is for a command written for cmd.exe; this one is `{shell_key}: {}`, so its own text is its PowerShell form",
                if shell == Shell::Any { "any" } else { "powershell" }
            ),
        );
    }
    if slmgr::uses_slmgr(text) && shell != Shell::Cmd {
        report.at(
            text_path,
            format!(
                "slmgr.vbs runs only where VBScript is installed: write it as `{shell_key}: cmd` (the default), so that actwiz gives its PowerShell form"
            ),
        );
    }
    if shell == Shell::Any {
        any_shell(report, text, text_path, shell_key);
    }
    if let Some(given) = given {
        if slmgr::uses_slmgr(given) {
            report.at(
                given_path,
                "a PowerShell form must not call slmgr.vbs (it needs VBScript): use the WMI methods of the table in assets/flow-format.md",
            );
        }
        members(report, given, given_path, true);
    } else if shell == Shell::Cmd && !stray_braces(text) {
        // (Stray braces are reported as malformed placeholders already.)
        if let Some(Err(why)) = slmgr::powershell(text) {
            report.at(
                text_path,
                format!("{why}: give this command a `{given_key}:` form"),
            );
        }
    }
    // The form PowerShell users see, generated or written.
    let ps = form(text, shell, given, Dialect::Powershell);
    if ps.shell == Shell::Powershell && given.is_none() {
        members(report, &ps.text, text_path, ps.origin == Origin::Written);
    }
}

/// Whether `text` has a brace outside its `{placeholders}`.
fn stray_braces(text: &str) -> bool {
    let mut rest = String::with_capacity(text.len());
    let mut last = 0;
    for (range, _) in crate::core::placeholder::spans(text) {
        rest.push_str(&text[last..range.start]);
        last = range.end;
    }
    rest.push_str(&text[last..]);
    rest.contains(['{', '}'])
}

/// A `shell: any` text must mean the same to cmd.exe and PowerShell.
fn any_shell(report: &mut Report, text: &str, path: &str, shell_key: &str) {
    if let Some(at) = text.find('%') {
        report.in_text(
            path,
            text,
            at,
            format!(
                "`{shell_key}: any` but cmd.exe expands %VARIABLE% and PowerShell does not: write it for cmd (`{shell_key}: cmd`) and give the PowerShell form ($env:VARIABLE)"
            ),
        );
    }
    if let Some(at) = text.find('\'') {
        report.in_text(
            path,
            text,
            at,
            format!("`{shell_key}: any` but PowerShell reads single quotes and cmd.exe does not: use double quotes"),
        );
    }
    let first = text
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    if let Some((_, why)) = CMD_ONLY_WORDS.iter().find(|(w, _)| *w == first) {
        report.at(
            path,
            format!("`{shell_key}: any` but {why}; write it for cmd and give the PowerShell form"),
        );
    }
}

/// Every WMI class, method and property `ps` uses must be in the table.
/// `written`: `ps` is the text at `path` (else generated from it).
fn members(report: &mut Report, ps: &str, path: &str, written: bool) {
    for u in wmi::uses(ps) {
        let problem = match u.kind {
            UseKind::Class => (!WmiClass::ALL.iter().any(|c| c.name().eq_ignore_ascii_case(&u.name)))
                .then(|| format!("WMI class '{}' is not in actwiz's table (assets/flow-format.md): only SoftwareLicensingService and SoftwareLicensingProduct are mapped", u.name)),
            UseKind::Method | UseKind::Property => {
                let (want, what) = if u.kind == UseKind::Method {
                    (MemberKind::Method, "method")
                } else {
                    (MemberKind::Property, "property")
                };
                match table::member(&u.name) {
                    Some(m) if m.kind == want => None,
                    Some(_) => Some(format!("'{}' is not a WMI {what} in actwiz's table", u.name)),
                    None => Some(format!(
                        "WMI {what} '{}' is not in actwiz's table (assets/flow-format.md): add it there with its documentation, or do without it",
                        u.name
                    )),
                }
            }
        };
        if let Some(message) = problem {
            if written {
                report.in_text(path, ps, u.offset, message);
            } else {
                report.at(path, message);
            }
        }
    }
}
