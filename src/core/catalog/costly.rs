//! Which commands and steps can lose data, a licence or an activation, and
//! so must carry a `caution:`. The one list of such patterns, with the
//! reason for each; `check` reports a costly command without a caution,
//! and the way-out rule refuses to lead "I can't check" to one.
//!
//! The patterns read the command as written (placeholders included), case
//! insensitively, token by token; they aim at the commands flows actually
//! give, not at every way a shell can spell them. A miss means a missing
//! caution, never a refused fix, so they err on the side of asking.

use super::dialect::table;
use crate::core::model::Command;

/// A costly pattern a command matched: what it can lose, as the `check`
/// message says it.
pub(super) type Cost = &'static str;

/// Verbs that rename, move or delete a file (cmd and PowerShell, with the
/// PowerShell aliases flows are likely to use).
const FILE_CHANGES: &[&str] = &[
    "ren",
    "rename",
    "move",
    "del",
    "erase",
    "rd",
    "rmdir",
    "rename-item",
    "move-item",
    "remove-item",
    "rni",
    "mi",
    "ri",
    "takeown",
];

/// How flows name the licence store: the file, the Windows 8+ folder, the
/// Windows 7 folder.
const LICENCE_STORE: &[&str] = &[
    "tokens.dat",
    "spp\\store",
    "spp/store",
    "softwareprotectionplatform",
];

/// `slmgr` options that undo or spend something, and why. Options are
/// compared without their `/` or `-`.
const SLMGR_COSTLY: &[(&str, Cost)] = &[
    (
        "rearm",
        "resets the licensing state and uses one of the few rearms Windows allows (it does nothing when SkipRearm is 1)",
    ),
    ("rearm-app", "rearms an application, using one of its few rearms"),
    ("rearm-sku", "rearms a licence, using one of its few rearms"),
    (
        "upk",
        "uninstalls the product key: Windows stays unlicensed until a key is installed again",
    ),
    (
        "cpky",
        "removes the product key from the registry: a MAK or retail key can no longer be read back, so have the full key in hand",
    ),
    // Costly when the host was pinned on purpose (a network without DNS
    // auto-discovery, a host chosen by the administrators): the client then
    // loses its host. actwiz cannot tell a test pin from a deliberate one,
    // so every /ckms says which it undoes.
    (
        "ckms",
        "clears the KMS host set with /skms: if it was set on purpose, the client loses its host and falls back to DNS auto-discovery",
    ),
];

/// Registry changes with reg.exe and regedit.
const REG_CHANGES: &[&str] = &[
    "add", "delete", "import", "restore", "copy", "load", "unload",
];

/// PowerShell cmdlets (and aliases) that change an item or a property; on a
/// registry path they edit the registry.
const PS_ITEM_CHANGES: &[&str] = &[
    "set-itemproperty",
    "new-itemproperty",
    "remove-itemproperty",
    "rename-itemproperty",
    "clear-itemproperty",
    "set-item",
    "new-item",
    "remove-item",
    "rename-item",
    "move-item",
    "sp",
    "rp",
    "ni",
    "ri",
];

/// How a registry path starts in PowerShell and in reg.exe.
const REGISTRY_PATHS: &[&str] = &[
    "hklm:",
    "hkcu:",
    "hku:",
    "registry::",
    "hkey_",
    "hklm\\",
    "hku\\",
];

/// icacls switches that change permissions (the bare form only reads them).
const ICACLS_CHANGES: &[&str] = &[
    "/grant",
    "/deny",
    "/remove",
    "/reset",
    "/setowner",
    "/inheritance",
    "/restore",
    "/setintegritylevel",
    "/substitute",
];

/// Windows' own folders: a wrong permission there breaks licensing or other
/// services for every user.
const SYSTEM_FOLDERS: &[&str] = &[
    "%windir%",
    "%systemroot%",
    "$env:windir",
    "$env:systemroot",
    "c:\\windows",
    "system32",
    "serviceprofiles",
];

/// Words of a resolution's steps that mean reinstalling or resetting
/// Windows, in both languages. A step that says so, even as a last resort,
/// makes the resolution costly: it needs a caution (backup, escalation).
const REINSTALL_MARKERS: &[&str] = &[
    "reinstall windows",
    "reinstalling windows",
    "reinstall the operating system",
    "reinstall the os",
    "clean install",
    "reset this pc",
    "réinstaller windows",
    "réinstallez windows",
    "réinstallation de windows",
    "réinstaller le système",
    "réinstallez le système",
    "installation propre",
    "réinitialiser ce pc",
    "réinitialisez ce pc",
];

/// Splits a command into lowercase words: spaces, quotes and `;`/`|` separate.
fn tokens(command: &str) -> Vec<String> {
    command
        .split(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '`' | ';' | '|'))
        .filter(|t| !t.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The name of a program without its folder and extension: `slmgr` for
/// `%windir%\system32\slmgr.vbs`.
fn program(token: &str) -> &str {
    let name = token.rsplit(['\\', '/']).next().unwrap_or(token);
    name.strip_suffix(".exe")
        .or_else(|| name.strip_suffix(".vbs"))
        .unwrap_or(name)
}

/// Why `command` is costly, judged from its text alone. `explain` and
/// `run_on` (English) tell a KMS host key from a client key and the KMS
/// host from a client, which the command line cannot.
pub(super) fn command_cost(command: &str, explain: &str, run_on: Option<&str>) -> Option<Cost> {
    let words = tokens(command);
    let lower = command.to_lowercase();
    let has = |list: &[&str]| words.iter().any(|w| list.contains(&w.as_str()));
    let mentions = |list: &[&str]| list.iter().any(|m| lower.contains(m));

    if mentions(LICENCE_STORE) && has(FILE_CHANGES) {
        return Some(
            "renames, moves or deletes the licence store (tokens.dat): the machine becomes unlicensed and its product key must be installed again",
        );
    }
    // The slmgr options the command uses: written out, or as the WMI
    // method that is the option's effect in PowerShell (ReArmWindows is
    // /rearm), so that both forms of a command cost the same.
    let mut options: Vec<&str> = match words.iter().position(|w| program(w) == "slmgr") {
        Some(at) => words[at + 1..]
            .iter()
            .map(|w| w.trim_start_matches(['/', '-']))
            .collect(),
        None => Vec::new(),
    };
    for (at, word) in words.iter().enumerate() {
        if word.trim_end_matches(':') == "-methodname" {
            if let Some(method) = words.get(at + 1) {
                options.extend(
                    table::ROWS
                        .iter()
                        .filter(|r| r.effect.eq_ignore_ascii_case(method))
                        .map(|r| r.option),
                );
            }
        }
    }
    if !options.is_empty() {
        if let Some((_, cost)) = SLMGR_COSTLY.iter().find(|(o, _)| options.contains(o)) {
            return Some(cost);
        }
        let on_kms_host = run_on.is_some_and(|on| on.to_lowercase().contains("kms host"));
        let explain = explain.to_lowercase();
        let host_key = ["kms host key", "host key", "csvlk"]
            .iter()
            .any(|k| explain.contains(k));
        if options.contains(&"ipk") && host_key {
            return Some(
                "installs a KMS host key (CSVLK): activating it uses one of the key's limited host activations",
            );
        }
        if options.contains(&"ato") && on_kms_host {
            return Some(
                "activates a KMS host: this uses one of its host key's limited activations",
            );
        }
    }
    let reg = words
        .iter()
        .position(|w| program(w) == "reg")
        .and_then(|at| words.get(at + 1))
        .is_some_and(|verb| REG_CHANGES.contains(&verb.as_str()));
    let regedit = words.iter().any(|w| program(w) == "regedit") && words.contains(&"/s".into());
    let ps_registry = has(PS_ITEM_CHANGES) && mentions(REGISTRY_PATHS);
    if reg || regedit || ps_registry || words.iter().any(|w| program(w) == "regini") {
        return Some("edits the registry: back up the key first, a wrong value can break Windows");
    }
    let changes_acl = words.iter().any(|w| program(w) == "icacls")
        && words
            .iter()
            .any(|w| ICACLS_CHANGES.iter().any(|s| w.starts_with(s)));
    let takes_owner = words.iter().any(|w| program(w) == "takeown");
    let set_acl = has(&["set-acl"]);
    if (changes_acl || takes_owner || set_acl) && mentions(SYSTEM_FOLDERS) {
        return Some(
            "changes permissions on a Windows system folder: save the current ones first (icacls PATH /save FILE), a wrong ACL breaks licensing or other services",
        );
    }
    if words.iter().any(|w| program(w) == "sc") && words.iter().any(|w| w == "sdset") {
        return Some("changes a service's permissions: save the current ones first (sc sdshow)");
    }
    if words.iter().any(|w| program(w) == "systemreset") {
        return Some("resets Windows: apps, settings and possibly data are lost");
    }
    if words.iter().any(|w| program(w) == "sysprep") && words.iter().any(|w| w == "/generalize") {
        return Some("generalizes Windows: it resets activation and uses one of the few rearms");
    }
    None
}

/// [`command_cost`] of a flow's command, read with its English texts: the
/// costlier of its written text and its `powershell:` form (a form cannot
/// be costly without a caution because the other one is not).
pub(super) fn cost_of(command: &Command) -> Option<Cost> {
    let explain = command.explain.en.as_deref().unwrap_or("");
    let run_on = command.run_on.as_ref().and_then(|on| on.en.as_deref());
    command_cost(&command.command, explain, run_on).or_else(|| {
        command
            .powershell
            .as_deref()
            .and_then(|ps| command_cost(ps, explain, run_on))
    })
}

/// The reinstall marker `step` contains, if any.
pub(super) fn reinstall_marker(step: &str) -> Option<&'static str> {
    let lower = step.to_lowercase();
    REINSTALL_MARKERS
        .iter()
        .find(|m| lower.contains(*m))
        .copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cost(command: &str) -> Option<Cost> {
        command_cost(command, "", None)
    }

    #[test]
    fn licence_store_changes_are_costly_reading_it_is_not() {
        for c in [
            r"ren %windir%\System32\spp\store\2.0\tokens.dat tokens.bar",
            r#"Rename-Item "$env:windir\System32\spp\store\2.0\tokens.dat" tokens.bar"#,
            r"del C:\Windows\ServiceProfiles\NetworkService\AppData\Roaming\Microsoft\SoftwareProtectionPlatform\tokens.dat",
        ] {
            assert!(cost(c).unwrap().contains("licence store"), "{c}");
        }
        assert_eq!(
            cost(r"dir %windir%\System32\spp\store\2.0\tokens.dat"),
            None
        );
        assert_eq!(cost(r"icacls %windir%\System32\spp\store"), None);
    }

    #[test]
    fn slmgr_options_that_spend_or_undo_are_costly_in_any_spelling() {
        for option in [
            "/rearm",
            "-rearm",
            "/REARM",
            "/upk",
            "/cpky",
            "-ckms",
            "/rearm-sku",
        ] {
            let c = format!(r"cscript %windir%\system32\slmgr.vbs {option}");
            assert!(cost(&c).is_some(), "{c}");
        }
        for option in [
            "/ato",
            "/dlv",
            "/ipk {product_key}",
            "/skms {kms_host}",
            "/rilc",
        ] {
            let c = format!("slmgr {option}");
            assert_eq!(cost(&c), None, "{c}");
        }
    }

    #[test]
    fn kms_host_key_and_host_activation_are_told_by_explain_and_run_on() {
        let ipk = "slmgr.vbs /ipk {product_key}";
        assert!(command_cost(ipk, "Install the KMS host key.", None).is_some());
        assert!(command_cost(ipk, "Install the CSVLK.", None).is_some());
        assert_eq!(command_cost(ipk, "Install the MAK.", None), None);
        let ato = "slmgr.vbs /ato";
        assert!(command_cost(ato, "Activate.", Some("the new KMS host")).is_some());
        assert_eq!(command_cost(ato, "Activate.", None), None);
    }

    #[test]
    fn a_powershell_form_costs_what_its_slmgr_command_costs() {
        use crate::core::catalog::dialect::slmgr;
        for row in table::ROWS {
            let argument = match row.argument {
                table::Argument::None => "",
                table::Argument::ProductKey => " {product_key}",
                table::Argument::ConfirmationId => " {confirmation_id}",
                table::Argument::HostAndPort => " {kms_host}:{kms_port}",
                table::Argument::Host => " {kms_host}",
            };
            let command = format!(
                r"cscript %windir%\system32\slmgr.vbs /{}{argument}",
                row.option
            );
            let form = slmgr::powershell(&command).unwrap().unwrap();
            for (explain, run_on) in [
                ("", None),
                ("Install the KMS host key.", Some("the KMS host")),
            ] {
                assert_eq!(
                    command_cost(&form, explain, run_on),
                    command_cost(&command, explain, run_on),
                    "{command} / {form}"
                );
            }
        }
        for (method, option) in [
            ("ReArmWindows", "rearm"),
            ("UninstallProductKey", "upk"),
            ("ClearProductKeyFromRegistry", "cpky"),
            ("ClearKeyManagementServiceMachine", "ckms"),
        ] {
            let written = format!("Invoke-CimMethod -InputObject $s -MethodName {method}");
            assert_eq!(
                command_cost(&written, "", None),
                command_cost(&format!("slmgr.vbs /{option}"), "", None),
                "{method}"
            );
            assert!(command_cost(&written, "", None).is_some(), "{method}");
        }
    }

    #[test]
    fn registry_edits_are_costly_queries_are_not() {
        for c in [
            r"reg add HKLM\SYSTEM\CurrentControlSet\Services\W32Time\Parameters /v Type /d NT5DS /f",
            r"reg delete HKLM\SOFTWARE\Microsoft\x /f",
            r"reg import C:\Temp\Profilelist.reg",
            r"regedit /s Profilelist.reg",
            r"Set-ItemProperty -Path 'HKLM:\SYSTEM\CurrentControlSet\Services\W32Time\Parameters' -Name Type -Value NT5DS",
            r"New-ItemProperty HKLM:\SOFTWARE\x -Name y -Value 1",
            r"Remove-ItemProperty -Path Registry::HKEY_LOCAL_MACHINE\SOFTWARE\x -Name y",
        ] {
            assert!(cost(c).unwrap().contains("registry"), "{c}");
        }
        for c in [
            r"reg query HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\SoftwareProtectionPlatform /v SkipRearm",
            r"Get-ItemProperty 'HKLM:\SOFTWARE\x'",
            r"Set-ItemProperty C:\Temp\file.txt -Name IsReadOnly -Value $true",
        ] {
            assert_eq!(cost(c), None, "{c}");
        }
    }

    #[test]
    fn permission_changes_on_system_folders_are_costly() {
        let grant = r"icacls %windir%\ServiceProfiles\NetworkService\AppData\Roaming\Microsoft\SoftwareProtectionPlatform /grant *S-1-5-20:(OI)(CI)(F)";
        assert!(cost(grant).unwrap().contains("permissions"));
        assert!(cost(r"icacls C:\Windows\System32\spp\store /reset /t").is_some());
        assert!(cost(r"takeown /f %windir%\System32\spp\store").is_some());
        assert!(cost("sc sdset plugplay D:(A;;CCLCSWLOCRRC;;;SU)").is_some());
        // Reading an ACL, or changing one outside Windows' folders, is not.
        assert_eq!(cost(r"icacls %windir%\System32\spp\store"), None);
        assert_eq!(cost(r"icacls D:\Share /grant *S-1-5-32-545:(R)"), None);
        assert_eq!(cost("sc sdshow plugplay"), None);
    }

    #[test]
    fn resetting_windows_is_costly() {
        assert!(cost("systemreset -factoryreset").is_some());
        assert!(cost(r"%windir%\System32\Sysprep\sysprep.exe /generalize /oobe").is_some());
        assert_eq!(cost("sfc /scannow"), None);
        assert_eq!(cost("DISM /Online /Cleanup-Image /RestoreHealth"), None);
    }

    #[test]
    fn reinstall_markers_are_found_in_both_languages() {
        assert!(reinstall_marker("Back up, then reinstall Windows from the media.").is_some());
        assert!(reinstall_marker("Sauvegardez, puis réinstallez Windows.").is_some());
        assert!(reinstall_marker("Use Reset this PC and keep nothing.").is_some());
        assert_eq!(
            reinstall_marker("Reinstall the product key with slmgr /ipk."),
            None
        );
    }
}
