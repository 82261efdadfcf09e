//! Commands that work on any display language of Windows.
//!
//! Windows translates the names of its built-in accounts and groups
//! (`BUILTIN\Administrators` is `BUILTIN\Administrateurs` on French
//! Windows, `NT AUTHORITY\SYSTEM` is `AUTORITE NT\Système`), so `icacls`,
//! `net localgroup` or `Add-LocalGroupMember` given an English name fail
//! elsewhere ("No mapping between account names and security IDs"). Their
//! SIDs never change. Likewise the output of `slmgr`, `ipconfig` and most
//! tools is translated, so a check that greps it for an English label
//! finds nothing on a French machine.

/// A well-known account, the names Windows gives it, and its SID.
struct Account {
    /// Names as they appear in commands, English and French.
    names: &'static [&'static str],
    sid: &'static str,
}

/// Names only ever used as accounts: found anywhere in a command.
const QUALIFIED: &[Account] = &[
    Account {
        names: &["builtin\\administrators", "builtin\\administrateurs"],
        sid: "*S-1-5-32-544",
    },
    Account {
        names: &["builtin\\users", "builtin\\utilisateurs"],
        sid: "*S-1-5-32-545",
    },
    Account {
        names: &[
            "nt authority\\system",
            "autorite nt\\système",
            "autorité nt\\système",
        ],
        sid: "*S-1-5-18",
    },
    Account {
        names: &["local service", "service local"],
        sid: "*S-1-5-19",
    },
    Account {
        names: &["network service", "service réseau"],
        sid: "*S-1-5-20",
    },
    Account {
        names: &["authenticated users", "utilisateurs authentifiés"],
        sid: "*S-1-5-11",
    },
    Account {
        names: &["tout le monde"],
        sid: "*S-1-1-0",
    },
    // Any other name in these domains is a translated one too.
    Account {
        names: &[
            "builtin\\",
            "nt authority\\",
            "autorite nt\\",
            "autorité nt\\",
        ],
        sid: "the account's well-known SID",
    },
];

/// Single words that are also ordinary path parts (`C:\Users`,
/// `HKLM\SYSTEM`): an account only when they stand alone as an argument,
/// as in `/grant SYSTEM:(F)`, `localgroup Administrators` or `"Everyone"`.
const BARE: &[Account] = &[
    Account {
        names: &["administrators", "administrateurs"],
        sid: "*S-1-5-32-544",
    },
    Account {
        names: &["users", "utilisateurs"],
        sid: "*S-1-5-32-545",
    },
    Account {
        names: &["guests", "invités"],
        sid: "*S-1-5-32-546",
    },
    Account {
        names: &["system", "système"],
        sid: "*S-1-5-18",
    },
    Account {
        names: &["everyone"],
        sid: "*S-1-1-0",
    },
    Account {
        names: &["administrator", "administrateur"],
        sid: "the built-in administrator's SID, ending in -500",
    },
];

/// Programs whose output flows might grep, and the switches that search.
const SEARCHES: &[&str] = &["findstr", "find", "select-string", "sls", "-match", "-like"];

/// Words of translated tool output (slmgr, ipconfig, w32tm, nslookup,
/// sc, net): a search for one of them only works in English.
const LOCALIZED_OUTPUT: &[&str] = &[
    "license",
    "licensed",
    "status",
    "notification",
    "grace",
    "description",
    "name",
    "server",
    "servers",
    "suffix",
    "count",
    "listening",
    "remaining",
    "partial",
    "product",
    "channel",
    "running",
    "stopped",
    "reply",
    "address",
    "gateway",
    "enabled",
    "disabled",
    "activated",
    "expiration",
    "source",
    "error",
];

/// One account name found in a command: byte offset and message.
pub(super) type Finding = (usize, String);

/// Byte offset of `needle` (lowercase) in `haystack`, case-insensitively.
/// Offsets are into the original text, which lowercasing can shift for
/// non-ASCII letters; positions stay on the right line either way.
fn find_all(haystack: &str, needle: &str) -> Vec<usize> {
    let lower = haystack.to_lowercase();
    lower.match_indices(needle).map(|(i, _)| i).collect()
}

/// The translated account names `command` uses, each with the SID to use.
pub(super) fn account_names(command: &str) -> Vec<Finding> {
    let mut found: Vec<Finding> = Vec::new();
    let mut taken: Vec<std::ops::Range<usize>> = Vec::new();
    for account in QUALIFIED {
        for name in account.names {
            for at in find_all(command, name) {
                // The name runs to its `:(perm)` or closing quote; it covers
                // the bare words inside it (`SYSTEM` in `NT AUTHORITY\SYSTEM`).
                let end = command
                    .get(at..)
                    .and_then(|rest| rest.find([':', '"', '\'', ')']))
                    .map_or(command.len(), |len| at + len.max(name.len()));
                let span = at..end;
                if taken
                    .iter()
                    .any(|t| t.start < span.end && span.start < t.end)
                {
                    continue;
                }
                let shown = command.get(at..at + name.len()).unwrap_or(name);
                found.push((at, message(shown, account.sid)));
                taken.push(span);
            }
        }
    }
    // Bare words: split on what separates arguments, then look at each part
    // of `NAME:(perm)` or `/user:NAME`.
    let mut start = None;
    let separators = |c: char| c.is_whitespace() || "\"'`(),;=|".contains(c);
    let mut words: Vec<(usize, &str)> = Vec::new();
    for (i, c) in command.char_indices().chain([(command.len(), ' ')]) {
        match (separators(c), start) {
            (true, Some(s)) => {
                words.push((s, &command[s..i]));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    for (at, word) in words {
        let mut offset = 0;
        for part in word.split(':') {
            let lower = part.to_lowercase();
            let part_at = at + offset;
            offset += part.len() + 1;
            if taken.iter().any(|t| t.contains(&part_at)) {
                continue;
            }
            if let Some(account) = BARE.iter().find(|a| a.names.contains(&lower.as_str())) {
                found.push((part_at, message(part, account.sid)));
            }
        }
    }
    found.sort();
    found
}

fn message(name: &str, sid: &str) -> String {
    format!(
        "the account name '{name}' changes with the display language of Windows \
         (English and French Windows spell it differently), so this command fails on \
         some machines: use its SID instead ({sid})"
    )
}

/// A search of translated tool output in `command`: the offset of the
/// searched text and a message.
pub(super) fn localized_output_search(command: &str) -> Option<Finding> {
    let lower = command.to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    if !words
        .iter()
        .any(|w| SEARCHES.contains(&w.trim_start_matches('|')))
    {
        return None;
    }
    // The quoted texts of the command are what it searches for.
    for (at, quoted) in quoted_texts(command) {
        let text = quoted.to_lowercase();
        let hit = text
            .split(|c: char| !c.is_alphanumeric())
            .find(|w| LOCALIZED_OUTPUT.contains(w));
        if let Some(word) = hit {
            return Some((
                at,
                format!(
                    "this command searches the tool's output for \"{quoted}\", but the \
                     output is translated on Windows in other languages ('{word}' is \
                     not what French Windows prints): test a value that does not \
                     change with the language (a number, an exit code, a CIM property \
                     such as SoftwareLicensingProduct.LicenseStatus)"
                ),
            ));
        }
    }
    None
}

/// The texts between double or single quotes, with the offset of each.
fn quoted_texts(command: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut open: Option<(char, usize)> = None;
    for (i, c) in command.char_indices() {
        match open {
            None if c == '"' || c == '\'' => open = Some((c, i + c.len_utf8())),
            Some((q, start)) if c == q => {
                out.push((start, &command[start..i]));
                open = None;
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(command: &str) -> Vec<String> {
        account_names(command)
            .into_iter()
            .map(|(at, m)| {
                let sid = m.rsplit('(').next().unwrap_or("").trim_end_matches(')');
                format!("{at} {sid}")
            })
            .collect()
    }

    #[test]
    fn translated_account_names_are_found_with_their_sid() {
        assert_eq!(
            names(
                r#"icacls X /grant "BUILTIN\Administrators:(OI)(CI)(F)" "NT AUTHORITY\SYSTEM:(OI)(CI)(F)" "NETWORK SERVICE:(OI)(CI)(F)""#
            ),
            ["17 *S-1-5-32-544", "54 *S-1-5-18", "88 *S-1-5-20"]
        );
        assert_eq!(names("icacls X /grant SYSTEM:(F)"), ["16 *S-1-5-18"]);
        assert_eq!(
            names("net localgroup Administrators bob /add"),
            ["15 *S-1-5-32-544"]
        );
        assert_eq!(
            names("Add-LocalGroupMember -Group 'Utilisateurs' -Member bob"),
            ["29 *S-1-5-32-545"]
        );
        assert_eq!(
            names(r#"runas /user:Administrator cmd"#),
            ["12 the built-in administrator's SID, ending in -500"]
        );
        assert_eq!(names(r"icacls X /grant AUTORITE NT\Système:(F)").len(), 1);
    }

    #[test]
    fn paths_namespaces_and_sids_are_not_account_names() {
        for command in [
            r"icacls X /grant *S-1-5-32-544:(OI)(CI)(F) *S-1-5-18:(OI)(CI)(F) *S-1-5-20:(OI)(CI)(F)",
            r"dir C:\Users\Public",
            r"reg query HKLM\SYSTEM\CurrentControlSet\Services\W32Time\Parameters",
            r"Get-ItemProperty HKLM:\SYSTEM\CurrentControlSet",
            "[System.Security.Principal.SecurityIdentifier]'S-1-5-20'",
            r"icacls %windir%\ServiceProfiles\LocalService\AppData",
            "Get-CimInstance Win32_ComputerSystem",
            r"icacls X /grant NT SERVICE\sppsvc:(R)",
        ] {
            assert!(names(command).is_empty(), "{command}: {:?}", names(command));
        }
    }

    #[test]
    fn searching_translated_output_is_found() {
        let (at, message) =
            localized_output_search(r#"cscript slmgr.vbs /dli | findstr /i "License Status""#)
                .unwrap();
        assert_eq!(at, 37);
        assert!(message.contains("'license'"), "{message}");
        assert!(localized_output_search(r#"ipconfig /all | find "DNS Servers""#).is_some());
        assert!(
            localized_output_search(r#"w32tm /query /status | Select-String 'Source'"#).is_some()
        );
    }

    #[test]
    fn searching_language_neutral_text_is_allowed() {
        for command in [
            r#"netstat -ano | findstr ":1688""#,
            r#"nslookup -type=all _vlmcs._tcp | findstr "_vlmcs""#,
            r#"Get-Service sppsvc | Where-Object Status -eq 'Running'"#,
            r#"cscript slmgr.vbs /skms "kms.contoso.com""#,
            "ipconfig /all",
        ] {
            assert_eq!(localized_output_search(command), None, "{command}");
        }
    }
}
