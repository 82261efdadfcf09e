//! The commands a hand-written PowerShell form may run, each with what it
//! stands for in cmd.exe, its reference page and where the form comes
//! from. The articles give cmd.exe commands; most PowerShell forms of the
//! built-in flows are actwiz's own translation, and this table says so for
//! every one of them (the runbook and `walk --json` show it with the form;
//! `assets/flow-format.md` shows the table; tests/powershell.rs checks,
//! with a real PowerShell grammar, that the built-in flows use nothing else).
//!
//! slmgr's own forms come from the slmgr table ([`super::table`]) and are
//! not listed here, except the cmdlets they are built with.

use super::{Form, Origin};

/// Where a PowerShell command of a form comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Provenance {
    /// A Microsoft article gives this PowerShell command itself.
    Article(&'static str),
    /// actwiz's own translation of the cmd.exe command, from the cmdlet's
    /// reference page: not from the articles.
    Own,
    /// The same program as in cmd.exe; only PowerShell's syntax changes
    /// (`$env:windir` for `%windir%`, `sc.exe` for `sc`).
    SameProgram,
    /// A cmdlet the slmgr table's forms are built with (Software Licensing
    /// WMI provider; see that table's sources).
    SlmgrTable,
}

/// One command a PowerShell form may run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PsCommand {
    /// As PowerShell spells it (matched ignoring case).
    pub name: &'static str,
    /// What it stands for in cmd.exe.
    pub stands_for: &'static str,
    /// Its reference page.
    pub reference: &'static str,
    pub provenance: Provenance,
}

macro_rules! row {
    ($name:literal, $stands_for:literal, ps $page:literal, $provenance:expr) => {
        PsCommand {
            name: $name,
            stands_for: $stands_for,
            reference: concat!("https://learn.microsoft.com/powershell/module/", $page),
            provenance: $provenance,
        }
    };
    ($name:literal, $stands_for:literal, win $page:literal, $provenance:expr) => {
        PsCommand {
            name: $name,
            stands_for: $stands_for,
            reference: concat!(
                "https://learn.microsoft.com/windows-server/administration/windows-commands/",
                $page
            ),
            provenance: $provenance,
        }
    };
}

pub const ROWS: &[PsCommand] = &[
    row!("Clear-DnsClientCache", "ipconfig /flushdns", ps "dnsclient/clear-dnsclientcache", Provenance::Own),
    row!("ForEach-Object", "(no cmd form)", ps "microsoft.powershell.core/foreach-object", Provenance::SlmgrTable),
    row!("Format-List", "(no cmd form)", ps "microsoft.powershell.utility/format-list", Provenance::SlmgrTable),
    row!("Get-ChildItem", "dir", ps "microsoft.powershell.management/get-childitem", Provenance::Own),
    row!("Get-CimInstance", "slmgr /dli, /dlv, /xpr (reading)", ps "cimcmdlets/get-ciminstance", Provenance::SlmgrTable),
    row!("Get-Date", "(no cmd form)", ps "microsoft.powershell.utility/get-date", Provenance::SlmgrTable),
    row!("Get-Service", "sc query", ps "microsoft.powershell.management/get-service", Provenance::Own),
    row!("Get-WinEvent", "Event Viewer, Application log filtered on event IDs", ps "microsoft.powershell.diagnostics/get-winevent", Provenance::Own),
    row!("icacls", "icacls", win "icacls", Provenance::SameProgram),
    row!("Invoke-CimMethod", "slmgr /ipk, /ato, /skms, ... (changing)", ps "cimcmdlets/invoke-cimmethod", Provenance::SlmgrTable),
    row!("reg", "reg", win "reg", Provenance::SameProgram),
    row!("Rename-Item", "ren", ps "microsoft.powershell.management/rename-item", Provenance::Own),
    row!("Resolve-DnsName", "nslookup NAME SERVER", ps "dnsclient/resolve-dnsname", Provenance::Own),
    row!("Restart-Service", "net stop + net start", ps "microsoft.powershell.management/restart-service", Provenance::Article("Restart-Service sppsvc -Force: activation-event-8198-error-0xc0020017-0x8007139f-kms-contact-failure.md (SupportArticles-docs)")),
    row!("sc.exe", "sc", win "sc-query", Provenance::SameProgram),
    row!("Select-Object", "(no cmd form)", ps "microsoft.powershell.utility/select-object", Provenance::SlmgrTable),
    row!("Start-Service", "net start", ps "microsoft.powershell.management/start-service", Provenance::Own),
    row!("Stop-Service", "net stop", ps "microsoft.powershell.management/stop-service", Provenance::Own),
    row!("Test-NetConnection", "(no cmd form; psping)", ps "nettcpip/test-netconnection", Provenance::Article("Test-NetConnection -ComputerName <KMS host> -Port 1688: KB 974998, error-0xc004f074-activate-windows.md (SupportArticles-docs)")),
    row!("Where-Object", "(no cmd form)", ps "microsoft.powershell.core/where-object", Provenance::SlmgrTable),
];

/// The row of `name`, ignoring case.
pub fn find(name: &str) -> Option<&'static PsCommand> {
    ROWS.iter().find(|row| row.name.eq_ignore_ascii_case(name))
}

/// The command words of a PowerShell text: the first word of each
/// statement, pipeline element, sub-expression and script block, outside
/// quotes and hashtable keys. Expressions (`$x`, `'C:\\a.exe'`) name no
/// command and are skipped; `$s = Get-X` runs Get-X.
pub fn used(text: &str) -> Vec<String> {
    let mut reader = Reader::default();
    let mut previous = ' ';
    for c in text.chars() {
        let before = std::mem::replace(&mut previous, c);
        reader.read(c, before);
    }
    reader.take();
    reader.words
}

/// PowerShell's language keywords that can start a statement: not commands.
const KEYWORDS: &[&str] = &[
    "if", "elseif", "else", "foreach", "for", "while", "do", "until", "switch", "try", "catch",
    "finally", "return", "break", "continue", "throw", "trap", "function", "param", "begin",
    "process", "end", "exit",
];

/// [`used`]'s state.
#[derive(Default)]
struct Reader {
    words: Vec<String>,
    word: String,
    /// Collecting the first word of a statement.
    in_word: bool,
    /// The next word starts a statement (a command, if it is a name).
    at_start: bool,
    /// The statement began with a variable (an assignment may follow).
    assigning: bool,
    quote: Option<char>,
    /// Open braces: `true` for a hashtable `@{`, whose keys and values are
    /// not commands (a script block `{ }` inside one holds commands again).
    braces: Vec<bool>,
    started: bool,
}

impl Reader {
    fn in_hashtable(&self) -> bool {
        self.braces.last() == Some(&true)
    }

    /// Ends the current word, keeping it if it names a command.
    fn take(&mut self) {
        let name = std::mem::take(&mut self.word);
        if self.in_word {
            if name.starts_with('$') {
                self.assigning = true;
            } else if !KEYWORDS.iter().any(|k| k.eq_ignore_ascii_case(&name))
                && name.starts_with(|c: char| c.is_ascii_alphabetic())
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_'))
            {
                self.words.push(name);
            }
        }
        self.in_word = false;
    }

    fn statement(&mut self) {
        self.take();
        self.assigning = false;
        self.at_start = true;
    }

    fn read(&mut self, c: char, before: char) {
        if !self.started {
            self.started = true;
            self.at_start = true;
        }
        if let Some(q) = self.quote {
            if c == q {
                self.quote = None;
            }
            return;
        }
        match c {
            '\'' | '"' => {
                self.take();
                self.quote = Some(c);
                self.at_start = false;
            }
            '{' if before == '@' => {
                self.take();
                self.braces.push(true);
            }
            '{' => {
                self.braces.push(false);
                self.statement();
            }
            '}' => {
                self.take();
                self.braces.pop();
                self.at_start = false;
            }
            _ if self.in_hashtable() => {}
            ';' | '|' | '\n' | '(' | '&' => self.statement(),
            '=' if self.assigning || (self.in_word && self.word.starts_with('$')) => {
                self.statement()
            }
            c if c.is_whitespace() => {
                self.take();
            }
            ')' => {
                self.take();
                self.at_start = false;
            }
            c => {
                if self.at_start {
                    self.in_word = true;
                    self.at_start = false;
                }
                if self.in_word {
                    self.word.push(c);
                }
            }
        }
    }
}

/// Where one command of a form comes from: its row, or none when the flow
/// runs a command actwiz does not list (a user flow's own choice).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Used {
    pub name: String,
    pub row: Option<&'static PsCommand>,
}

/// The commands a PowerShell form runs, with their rows. Empty for a cmd
/// form, for a form generated from the slmgr table (that table is its
/// source) and for a `shell: any` text (the article's own command, the
/// same in both shells).
pub fn provenance(form: &Form<'_>) -> Vec<Used> {
    if form.shell != crate::core::model::Shell::Powershell
        || matches!(form.origin, Origin::Generated | Origin::BothShells)
    {
        return Vec::new();
    }
    // A template's `{placeholders}` are values, not script blocks.
    let mut text = String::with_capacity(form.text.len());
    let mut last = 0;
    for (range, _) in crate::core::placeholder::spans(&form.text) {
        text.push_str(&form.text[last..range.start]);
        text.push('x');
        last = range.end;
    }
    text.push_str(&form.text[last..]);
    let mut out: Vec<Used> = Vec::new();
    for name in used(&text) {
        if out.iter().any(|u| u.name.eq_ignore_ascii_case(&name)) {
            continue;
        }
        out.push(Used {
            row: find(&name),
            name,
        });
    }
    out
}

/// The table as Markdown, for `assets/flow-format.md`.
pub fn markdown() -> String {
    let mut out = String::from(
        "| PowerShell | Stands for (cmd.exe) | Where the form comes from |\n|---|---|---|\n",
    );
    for row in ROWS {
        let from = match row.provenance {
            Provenance::Article(article) => format!("a Microsoft article gives it: {article}"),
            Provenance::Own => "actwiz's own translation, not from the articles".to_string(),
            Provenance::SameProgram => {
                "the same program as in cmd.exe, in PowerShell's syntax".to_string()
            }
            Provenance::SlmgrTable => "used by the slmgr table's forms".to_string(),
        };
        out.push_str(&format!(
            "| [`{}`]({}) | {} | {} |\n",
            row.name,
            row.reference,
            row.stands_for.replace('|', "\\|"),
            from.replace('|', "\\|")
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::model::Shell;
    use std::borrow::Cow;

    #[test]
    fn rows_are_sorted_unique_and_point_to_microsoft_pages() {
        for pair in ROWS.windows(2) {
            assert!(
                pair[0].name.to_ascii_lowercase() < pair[1].name.to_ascii_lowercase(),
                "{} before {}",
                pair[0].name,
                pair[1].name
            );
        }
        for row in ROWS {
            assert!(
                row.reference.starts_with("https://learn.microsoft.com/"),
                "{}: {}",
                row.name,
                row.reference
            );
        }
    }

    #[test]
    fn command_words_are_the_first_word_of_each_statement() {
        assert_eq!(used("Stop-Service sppsvc"), ["Stop-Service"]);
        assert_eq!(
            used("Get-WinEvent -FilterHashtable @{LogName='Application'; Id=12288} -MaxEvents 4 | Format-List TimeCreated, Id"),
            ["Get-WinEvent", "Format-List"]
        );
        assert_eq!(
            used("(Get-CimInstance SoftwareLicensingService).OA3xOriginalProductKey"),
            ["Get-CimInstance"]
        );
        assert_eq!(
            used(r#"Rename-Item -Path "$env:windir\a;b|c" -NewName x; Start-Service sppsvc"#),
            ["Rename-Item", "Start-Service"]
        );
        assert_eq!(used("$x = 1; & 'C:\\tools\\a.exe'"), Vec::<String>::new());
        assert_eq!(
            used("$s = Get-CimInstance X; Invoke-CimMethod -InputObject $s -Arguments @{A='b'; C=[uint32]'1'}"),
            ["Get-CimInstance", "Invoke-CimMethod"]
        );
        assert_eq!(
            used("Get-X | Format-List @{Label='E'; Expression={ (Get-Date).AddDays(1) }}"),
            ["Get-X", "Format-List", "Get-Date"]
        );
        assert_eq!(
            used("if ($a) { Stop-Service x } else { Start-Service x }"),
            ["Stop-Service", "Start-Service"]
        );
        assert_eq!(
            used("Get-CimInstance X | ForEach-Object { $_.Refresh() }"),
            ["Get-CimInstance", "ForEach-Object"]
        );
    }

    #[test]
    fn a_written_form_names_its_commands_and_a_generated_one_does_not() {
        let form = |text: &'static str, origin| Form {
            text: Cow::Borrowed(text),
            shell: Shell::Powershell,
            origin,
        };
        let given = provenance(&form("Stop-Service sppsvc; Frob-Thing x", Origin::Given));
        assert_eq!(given.len(), 2);
        assert_eq!(given[0].row.map(|r| r.provenance), Some(Provenance::Own));
        assert_eq!(given[1].row, None);
        assert!(provenance(&form("Get-CimInstance X", Origin::Generated)).is_empty());
        let template = provenance(&form(
            "Test-NetConnection -ComputerName {kms_host} -Port {kms_port}",
            Origin::Written,
        ));
        assert_eq!(
            template.iter().map(|u| u.name.as_str()).collect::<Vec<_>>(),
            ["Test-NetConnection"]
        );
        let cmd = Form {
            text: Cow::Borrowed("net stop sppsvc"),
            shell: Shell::Cmd,
            origin: Origin::Written,
        };
        assert!(provenance(&cmd).is_empty());
    }
}
