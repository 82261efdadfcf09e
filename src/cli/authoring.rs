//! The authoring and toolbox subcommands: `export`, `schema`, `man`. Thin:
//! the work is in `crate::export` and `crate::core::catalog::json_schema`.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;

use super::{resolve_code, Cli, Failure};
use crate::core::catalog::{Catalog, Lang};
use crate::export::{self, ExportError, Format, Selection};

/// The `--format` of `actwiz export`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// A runbook of every code for a wiki.
    Markdown,
    /// Flowcharts that GitHub and most wikis render.
    Mermaid,
    /// Graphviz (render with `dot -Tsvg`).
    Dot,
}

impl From<ExportFormat> for Format {
    fn from(format: ExportFormat) -> Format {
        match format {
            ExportFormat::Markdown => Format::Markdown,
            ExportFormat::Mermaid => Format::Mermaid,
            ExportFormat::Dot => Format::Dot,
        }
    }
}

pub(super) fn export(
    catalog: &Catalog,
    format: ExportFormat,
    code: Option<&str>,
    family: Option<&str>,
    lang: Lang,
    out: &mut impl Write,
) -> Result<()> {
    let selection = match (code, family) {
        (Some(code), _) => Selection::Code(resolve_code(catalog, code, lang)?),
        (None, Some(family)) => Selection::Family(family.to_string()),
        (None, None) => Selection::All,
    };
    let text = export::export(catalog, &selection, format.into(), lang).map_err(|err| {
        let kind = match err {
            ExportError::UnknownCode(_) => "unknown_code",
            ExportError::UnknownFamily { .. } => "unknown_family",
        };
        Failure::new(kind, err.to_string())
    })?;
    out.write_all(text.as_bytes())?;
    Ok(())
}

/// Prints the man page (roff) of actwiz and its subcommands.
pub(super) fn man() -> Result<ExitCode> {
    use clap::CommandFactory;
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut page)?;
    crate::output::stdout().write_all(&page)?;
    Ok(ExitCode::SUCCESS)
}

/// Prints the JSON Schema of the flow format.
pub(super) fn schema() -> Result<ExitCode> {
    let text = crate::core::catalog::json_schema::flow_schema();
    crate::output::stdout().write_all(text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

/// The command line as the completion scripts see it: the same as `Cli`,
/// with the catalog's codes as candidates for every code argument and its
/// families for every `--family`. Only the scripts get these lists; parsing
/// still takes any form of a code.
pub(crate) fn completion_command(catalog: &Catalog, lang: Lang) -> clap::Command {
    use clap::builder::{PossibleValue, PossibleValuesParser};
    use clap::CommandFactory;
    let codes: Vec<PossibleValue> = catalog
        .entries()
        .map(|(entry, _)| {
            let message = crate::core::sanitize::clean_line(entry.messages.get(lang));
            PossibleValue::new(entry.code.to_string()).help(short(&message, 60))
        })
        .collect();
    let families: Vec<PossibleValue> = catalog
        .families()
        .into_iter()
        .map(|family| PossibleValue::new(family.to_string()))
        .collect();
    let with = |values: &Vec<PossibleValue>| PossibleValuesParser::new(values.clone());
    let mut command = Cli::command();
    for (sub, arg) in [("lookup", "code"), ("walk", "code"), ("export", "code")] {
        command = command.mut_subcommand(sub, |s| s.mut_arg(arg, |a| a.value_parser(with(&codes))));
    }
    for sub in ["list", "export"] {
        command = command.mut_subcommand(sub, |s| {
            s.mut_arg("family", |a| a.value_parser(with(&families)))
        });
    }
    command
}

/// `text` cut to `max` characters, with an ellipsis when cut.
fn short(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max - 1).collect();
    format!("{}…", cut.trim_end())
}

/// clap's PowerShell script with the codes (and family names) added to the
/// candidates of the subcommands that take them.
pub(crate) fn powershell_values(script: &str, catalog: &Catalog, lang: Lang) -> String {
    let quote = |text: &str| text.replace('\'', "''");
    let codes: String = catalog
        .entries()
        .map(|(entry, _)| {
            let message = crate::core::sanitize::clean_line(entry.messages.get(lang));
            format!(
                "            [CompletionResult]::new('{code}', '{code}', [CompletionResultType]::ParameterValue, '{help}')\n",
                code = entry.code,
                help = quote(&short(&message, 60)),
            )
        })
        .collect();
    let families: String = catalog
        .families()
        .into_iter()
        .map(|family| {
            let family = quote(&crate::core::sanitize::clean_line(family));
            format!(
                "            [CompletionResult]::new('{family}', '{family}', [CompletionResultType]::ParameterValue, '{family}')\n"
            )
        })
        .collect();
    let mut out = String::with_capacity(script.len() + codes.len() * 3);
    for line in script.split_inclusive('\n') {
        out.push_str(line);
        match line.trim() {
            "'actwiz;lookup' {" | "'actwiz;walk' {" => out.push_str(&codes),
            "'actwiz;list' {" => out.push_str(&families),
            "'actwiz;export' {" => {
                out.push_str(&codes);
                out.push_str(&families);
            }
            _ => {}
        }
    }
    out
}
