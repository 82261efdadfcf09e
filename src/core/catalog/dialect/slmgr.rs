//! Reading an `slmgr` command line and writing its PowerShell form from
//! [`super::table`]. Works on templates: an argument is a `{placeholder}`
//! (filled later, checked like every value) or a literal checked here.

use crate::core::catalog::PlaceholderKind;
use crate::core::placeholder;

use super::table::{self, Argument};

/// Why an slmgr command has no generated PowerShell form.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum NoForm {
    #[error("slmgr option /{0} is not in actwiz's PowerShell table (assets/flow-format.md)")]
    UnknownOption(String),
    #[error("slmgr is given no option (a remote computer name comes first?)")]
    NoOption,
    #[error("slmgr /{0} is piped or redirected: the table gives slmgr's own effect only")]
    Piped(String),
    #[error(
        "slmgr /{option} is given {given}, which the PowerShell table does not take ({expected})"
    )]
    Arguments {
        option: String,
        given: String,
        expected: String,
    },
    #[error("slmgr /{option}: '{value}' cannot be carried into PowerShell: {reason}")]
    BadLiteral {
        option: String,
        value: String,
        reason: String,
    },
}

/// The name of a program without its folder and extension, lowercase:
/// `slmgr` for `%windir%\system32\slmgr.vbs`.
fn program(token: &str) -> String {
    let name = token.rsplit(['\\', '/']).next().unwrap_or(token);
    let lower = name.to_ascii_lowercase();
    lower
        .strip_suffix(".vbs")
        .or_else(|| lower.strip_suffix(".exe"))
        .unwrap_or(&lower)
        .to_string()
}

/// Words of a command, split on spaces outside double quotes.
fn words(command: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None;
    let mut quoted = false;
    for (i, c) in command.char_indices() {
        match c {
            '"' => {
                quoted = !quoted;
                start.get_or_insert(i);
            }
            c if c.is_whitespace() && !quoted => {
                if let Some(s) = start.take() {
                    out.push(&command[s..i]);
                }
            }
            _ => {
                start.get_or_insert(i);
            }
        }
    }
    if let Some(s) = start {
        out.push(&command[s..]);
    }
    out
}

/// Whether `command` runs slmgr (a word naming `slmgr` or `slmgr.vbs`).
pub(crate) fn uses_slmgr(command: &str) -> bool {
    words(command).iter().any(|w| program(w) == "slmgr")
}

/// The slmgr option of `command` (lowercase, without `/` or `-`), if it
/// runs slmgr with one (the tests check every option of the table).
#[cfg(test)]
fn option_of(command: &str) -> Option<String> {
    let words = words(command);
    let at = words.iter().position(|w| program(w) == "slmgr")?;
    let option = words.get(at + 1)?;
    let bare = option.strip_prefix(['/', '-'])?;
    Some(bare.to_ascii_lowercase())
}

/// The PowerShell form of an slmgr `command`, or why there is none.
/// `None` when the command does not run slmgr.
pub fn powershell(command: &str) -> Option<Result<String, NoForm>> {
    let words = words(command);
    let at = words.iter().position(|w| program(w) == "slmgr")?;
    Some(generate(&words[at + 1..]))
}

fn generate(rest: &[&str]) -> Result<String, NoForm> {
    let Some(option) = rest.first().and_then(|o| o.strip_prefix(['/', '-'])) else {
        return Err(NoForm::NoOption);
    };
    let option = option.to_ascii_lowercase();
    let args = &rest[1..];
    if args.iter().any(|a| a.starts_with(['|', '>', '<', '&'])) {
        return Err(NoForm::Piped(option));
    }
    let rows: Vec<_> = table::rows(&option).collect();
    if rows.is_empty() {
        return Err(NoForm::UnknownOption(option));
    }
    let mut expected = Vec::new();
    for row in rows {
        expected.push(shape(row.argument));
        match (row.argument, args) {
            (Argument::None, []) => return Ok(row.powershell.to_string()),
            (Argument::ProductKey, [key]) => {
                let key = literal_or_placeholder(&option, key, PlaceholderKind::ProductKey)?;
                return Ok(row.powershell.replace("<KEY>", &key));
            }
            (Argument::ConfirmationId, [cid]) => {
                let cid = literal_or_placeholder(&option, cid, PlaceholderKind::ConfirmationId)?;
                return Ok(row.powershell.replace("<CID>", &cid));
            }
            (Argument::HostAndPort, [target]) => {
                if let Some((host, port)) = split_host_port(target) {
                    let host = literal_or_placeholder(&option, host, PlaceholderKind::Host)?;
                    let port = literal_or_placeholder(&option, port, PlaceholderKind::Port)?;
                    return Ok(row
                        .powershell
                        .replace("<HOST>", &host)
                        .replace("<PORT>", &port));
                }
            }
            (Argument::Host, [target]) if split_host_port(target).is_none() => {
                let host = literal_or_placeholder(&option, target, PlaceholderKind::Host)?;
                return Ok(row.powershell.replace("<HOST>", &host));
            }
            _ => {}
        }
    }
    Err(NoForm::Arguments {
        option,
        given: if args.is_empty() {
            "no argument".to_string()
        } else {
            format!("'{}'", args.join(" "))
        },
        expected: expected.join(" or "),
    })
}

/// How an argument shape is written in messages.
fn shape(argument: Argument) -> &'static str {
    match argument {
        Argument::None => "no argument",
        Argument::ProductKey => "a product key",
        Argument::ConfirmationId => "a confirmation ID",
        Argument::HostAndPort => "HOST:PORT",
        Argument::Host => "a host",
    }
}

/// `Name:Port` as slmgr splits it: after `]` for a bracketed IPv6
/// address, else at the first `:`. `None` without a port.
fn split_host_port(target: &str) -> Option<(&str, &str)> {
    if target.starts_with('[') {
        let end = target.find(']')?;
        let port = target[end + 1..].strip_prefix(':')?;
        return Some((&target[..=end], port));
    }
    target.split_once(':')
}

/// `text` as it goes inside the form's single quotes: one whole
/// `{placeholder}` (its value is checked when it is filled), or a literal
/// that passes the checks of `kind`, so that it holds no quote and nothing
/// PowerShell would read.
fn literal_or_placeholder(
    option: &str,
    text: &str,
    kind: PlaceholderKind,
) -> Result<String, NoForm> {
    let spans = placeholder::spans(text);
    if let [(range, _)] = spans.as_slice() {
        if *range == (0..text.len()) {
            return Ok(text.to_string());
        }
    }
    let bad = |reason: String| NoForm::BadLiteral {
        option: option.to_string(),
        value: text.to_string(),
        reason,
    };
    if !spans.is_empty() {
        return Err(bad(
            "a placeholder must be the whole argument, or the whole host or port".to_string(),
        ));
    }
    // A bracketed IPv6 host is what slmgr passes on; the host check wants
    // the address inside.
    let inner = text
        .strip_prefix('[')
        .and_then(|t| t.strip_suffix(']'))
        .unwrap_or(text);
    placeholder::validate(kind, inner)
        .map_err(|e| bad(e.message(crate::core::catalog::Lang::En)))?;
    Ok(text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_option_of_the_table_generates_a_form() {
        for (command, expect) in [
            (
                r"cscript %windir%\system32\slmgr.vbs /ato",
                "-MethodName Activate",
            ),
            (r"slmgr.vbs -DLV", "ClientMachineID"),
            (
                r"cscript %windir%\system32\slmgr.vbs /ipk {product_key}",
                "@{ProductKey='{product_key}'}",
            ),
            (
                r"cscript %windir%\system32\slmgr.vbs /skms {kms_host}:{kms_port}",
                "@{PortNumber=[uint32]'{kms_port}'}",
            ),
            (
                r"cscript %windir%\system32\slmgr.vbs /skms azkms.core.windows.net:1688",
                "@{MachineName='azkms.core.windows.net'}",
            ),
            (
                r"cscript %windir%\system32\slmgr.vbs /skms kms1.contoso.com",
                "ClearKeyManagementServicePort",
            ),
            (
                r"cscript %windir%\system32\slmgr.vbs /skms [2001:db8::1]:1688",
                "@{MachineName='[2001:db8::1]'}",
            ),
            (
                r"cscript %windir%\system32\slmgr.vbs /atp {confirmation_id}",
                "ConfirmationId='{confirmation_id}'",
            ),
        ] {
            let form = powershell(command).expect("slmgr").expect("a form");
            assert!(form.contains(expect), "{command}: {form}");
            assert!(!form.contains('<'), "{command}: a slot left: {form}");
            assert!(!form.to_ascii_lowercase().contains("slmgr"), "{form}");
        }
        for row in table::ROWS {
            assert!(option_of(&format!("slmgr.vbs /{}", row.option)).is_some());
        }
    }

    #[test]
    fn what_the_table_cannot_carry_is_refused_with_its_reason() {
        let no = |c: &str| powershell(c).expect("slmgr").unwrap_err();
        assert_eq!(
            no("slmgr.vbs /ilc C:\\x.xrm-ms"),
            NoForm::UnknownOption("ilc".into())
        );
        assert_eq!(no("slmgr.vbs kms1 admin pw /dlv"), NoForm::NoOption);
        assert!(matches!(no("slmgr.vbs /dlv all"), NoForm::Arguments { .. }));
        assert!(matches!(no("slmgr.vbs /ipk"), NoForm::Arguments { .. }));
        assert_eq!(
            no("slmgr.vbs /dli | findstr 1"),
            NoForm::Piped("dli".into())
        );
        // A literal PowerShell would read: refused, never quoted in.
        for bad in [
            "slmgr.vbs /skms kms1';calc;'",
            "slmgr.vbs /skms $env:x:1688",
            "slmgr.vbs /ipk `AAAA",
        ] {
            assert!(
                matches!(
                    no(bad),
                    NoForm::BadLiteral { .. } | NoForm::Arguments { .. }
                ),
                "{bad}"
            );
        }
        assert!(matches!(
            no("slmgr.vbs /skms kms{kms_port}:1688"),
            NoForm::BadLiteral { .. }
        ));
        assert_eq!(powershell("ipconfig /all"), None);
    }

    #[test]
    fn products_filter_is_the_documented_one() {
        for row in table::ROWS {
            if row.powershell.contains("SoftwareLicensingProduct") {
                assert!(
                    row.powershell.contains(table::WINDOWS_FILTER),
                    "{}",
                    row.option
                );
            }
        }
    }
}
