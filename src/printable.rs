//! The model's texts as the text front ends print them: in one language,
//! cleaned with `clean_line`, commands filled in from the values typed.
//!
//! Kept in one place so that the plain text of `render` and the Markdown of
//! `transcript` always say the same things; each only lays them out.

use crate::core::catalog::dialect::commands::{self, Provenance};
use crate::core::catalog::dialect::{Dialect, Form, Origin};
use crate::core::catalog::{CodeEntry, FlowFile, Lang, Shell};
use crate::core::placeholder::Values;
use crate::core::sanitize::clean_line;
use crate::core::walk::{answered, Step};
use crate::strings::{colon, strings};

/// A caution as the text front ends print it, before what it warns about:
/// `!! CAUTION: text` (`!! ATTENTION : texte`). ASCII, so that it shows
/// on any console and in any log.
pub fn caution(lang: Lang, text: &str) -> String {
    format!("!! {} {text}", colon(lang, strings(lang).caution))
}

/// The family's id and title: `kms-connect (Reaching and using the KMS host)`.
pub fn family(flow: &FlowFile, lang: Lang) -> String {
    format!("{} ({})", flow.family, clean_line(flow.title.get(lang)))
}

/// `text` with its first letter in capitals ("same tree as" as a label).
pub(crate) fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// "Same tree as: 0x8007139F" for a code whose entry carries other codes;
/// `None` when it carries only this one.
pub fn same_tree(codes: &[crate::core::catalog::Code], lang: Lang) -> Option<String> {
    if codes.is_empty() {
        return None;
    }
    let codes: Vec<String> = codes.iter().map(|c| c.to_string()).collect();
    Some(format!(
        "{} {}",
        colon(lang, &capitalized(strings(lang).same_tree_as)),
        codes.join(", ")
    ))
}

/// The code's activation types, comma-separated.
pub fn activation_types(entry: &CodeEntry, lang: Lang) -> String {
    let types: Vec<&str> = entry
        .activation_types
        .iter()
        .map(|t| t.label(lang))
        .collect();
    types.join(", ")
}

/// The path so far as (question, answer given) texts, in order.
pub fn answers<'f>(
    flow: &'f FlowFile,
    steps: &'f [Step],
    lang: Lang,
) -> impl Iterator<Item = (String, String)> + 'f {
    answered(flow, steps).map(move |(_, question, choice)| {
        (
            clean_line(question.text.get(lang)).into_owned(),
            clean_line(choice.label.get(lang)).into_owned(),
        )
    })
}

/// Why values typed earlier are left out of `template`, one line per
/// value: `Value not used: kms_host (why)`. A value is kept by name across
/// flows and checked again for every command it would go into; wherever
/// such a command is shown, the reason is shown with it, not only the
/// empty placeholder. Empty when every typed value fits.
pub fn refusals(flow: &FlowFile, values: &Values, template: &str, lang: Lang) -> Vec<String> {
    values
        .fill(flow, template)
        .refused
        .iter()
        .map(|(name, reason)| {
            format!(
                "{} {} ({})",
                colon(lang, strings(lang).value_refused),
                clean_line(name),
                clean_line(&reason.message(lang))
            )
        })
        .collect()
}

/// A resolution's texts, in the model's order.
pub struct Resolution {
    pub title: String,
    /// What following it can lose; shown before everything else.
    pub caution: Option<String>,
    pub cause: String,
    pub steps: Vec<String>,
    pub commands: Vec<Command>,
    pub links: Vec<Link>,
}

/// One of a resolution's commands.
pub struct Command {
    /// What the command does.
    pub explain: String,
    /// The command line in the chosen dialect, with the values typed so far.
    pub filled: String,
    /// Values typed earlier that this command refuses, with why (see
    /// [`refusals`]); their placeholders stay in `filled`.
    pub refused: Vec<String>,
    /// The shell that runs `filled`: the chosen one, or the only one the
    /// command has (a PowerShell-only command, a cmd command without a
    /// PowerShell form).
    pub shell: Shell,
    pub elevated: bool,
    /// Where to run it, when that is not the affected machine.
    pub run_on: Option<String>,
    /// What running it can lose; shown before the command.
    pub caution: Option<String>,
    /// Where its PowerShell form comes from (see [`powershell_source`]).
    pub powershell_from: Option<String>,
}

/// Where one command of a PowerShell form comes from.
pub struct SourcePart {
    /// The command (cmdlet or program) as the form spells it.
    pub name: String,
    /// Where it comes from, in the language asked for ("actwiz's own
    /// translation of"), and the cmd.exe command it translates, if any.
    pub what: String,
    pub of: Option<&'static str>,
    /// Its reference page, when actwiz's table lists it.
    pub reference: Option<&'static str>,
}

/// Where a PowerShell form comes from: the slmgr table, or each command it
/// runs with its own provenance. Most PowerShell forms are actwiz's
/// translation, not the articles', and every front end says so.
pub enum PowershellSource {
    Generated,
    Commands(Vec<SourcePart>),
}

/// `None` for a form that is not PowerShell, and for one whose commands
/// say nothing of themselves (a `shell: any` text, the same in both shells).
pub fn powershell_source(form: &Form<'_>, lang: Lang) -> Option<PowershellSource> {
    if form.shell != Shell::Powershell {
        return None;
    }
    if form.origin == Origin::Generated {
        return Some(PowershellSource::Generated);
    }
    let ps = crate::strings::powershell::powershell_strings(lang);
    let parts: Vec<SourcePart> = commands::provenance(form)
        .into_iter()
        .map(|used| match used.row {
            Some(row) => SourcePart {
                name: row.name.to_string(),
                what: match row.provenance {
                    Provenance::Own => ps.own,
                    Provenance::Article(_) => ps.from_article,
                    Provenance::SameProgram => ps.same_program,
                    Provenance::SlmgrTable => ps.slmgr_cmdlet,
                }
                .to_string(),
                of: (row.provenance == Provenance::Own).then_some(row.stands_for),
                reference: Some(row.reference),
            },
            None => SourcePart {
                name: clean_line(&used.name).into_owned(),
                what: ps.unlisted.to_string(),
                of: None,
                reference: None,
            },
        })
        .collect();
    (!parts.is_empty()).then_some(PowershellSource::Commands(parts))
}

impl PowershellSource {
    /// One line for text front ends: "PowerShell form: Get-CimInstance
    /// (given by a Microsoft article); Test-NetConnection (actwiz's own
    /// translation of nslookup)".
    pub fn line(&self, lang: Lang) -> String {
        let ps = crate::strings::powershell::powershell_strings(lang);
        let body = match self {
            PowershellSource::Generated => ps.generated_short.to_string(),
            PowershellSource::Commands(parts) => parts
                .iter()
                .map(|p| match p.of {
                    Some(of) => format!("{} ({} {of})", p.name, p.what),
                    None => format!("{} ({})", p.name, p.what),
                })
                .collect::<Vec<_>>()
                .join(&crate::strings::semicolon(lang)),
        };
        format!("{} {body}", colon(lang, ps.from))
    }
}

/// The notes after a command: elevation (an administrator prompt, or an
/// administrator PowerShell), the shell when it is not the chosen one, and
/// where to run it.
pub(crate) fn command_notes(
    lang: Lang,
    dialect: Dialect,
    shell: Shell,
    elevated: bool,
    run_on: Option<&str>,
) -> Vec<String> {
    let s = strings(lang);
    let mut notes = Vec::new();
    match (dialect, shell) {
        (Dialect::Cmd, Shell::Powershell) => notes.push(s.powershell_only.to_string()),
        (Dialect::Powershell, Shell::Cmd) => notes.push(s.cmd_only.to_string()),
        _ => {}
    }
    if elevated {
        let elevated = if shell == Shell::Powershell {
            s.elevated_powershell
        } else {
            s.elevated
        };
        notes.push(elevated.to_string());
    }
    if let Some(on) = run_on {
        notes.push(format!("{} {on}", s.run_on));
    }
    notes
}

/// A link to the documentation behind a resolution.
pub struct Link {
    pub title: String,
    pub url: String,
}

impl Resolution {
    /// `r`'s texts in `lang`, its commands in `dialect` filled from `values`.
    pub fn new(
        flow: &FlowFile,
        r: &crate::core::catalog::Resolution,
        lang: Lang,
        dialect: Dialect,
        values: &Values,
    ) -> Self {
        let text = |t: &str| clean_line(t).into_owned();
        Resolution {
            title: text(r.title.get(lang)),
            caution: r.caution.as_ref().map(|c| text(c.get(lang))),
            cause: text(r.cause.get(lang)),
            steps: r.steps.iter().map(|step| text(step.get(lang))).collect(),
            commands: r
                .commands
                .iter()
                .map(|c| {
                    let form = c.form(dialect);
                    Command {
                        explain: text(c.explain.get(lang)),
                        filled: text(&values.fill(flow, &form.text).text),
                        refused: refusals(flow, values, &form.text, lang),
                        shell: form.shell,
                        elevated: c.elevated,
                        run_on: c.run_on.as_ref().map(|on| text(on.get(lang))),
                        caution: c.caution.as_ref().map(|on| text(on.get(lang))),
                        powershell_from: powershell_source(&form, lang).map(|p| p.line(lang)),
                    }
                })
                .collect(),
            links: r
                .links
                .iter()
                .map(|l| Link {
                    title: text(l.title.get(lang)),
                    url: text(&l.url),
                })
                .collect(),
        }
    }
}
