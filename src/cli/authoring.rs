//! The authoring and toolbox subcommands: `export`, `schema`, `man`. Thin:
//! the work is in `crate::export` and `crate::catalog::json_schema`.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;

use super::{resolve_code, Cli, Failure};
use crate::catalog::{Catalog, Lang};
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

pub fn export(
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
pub fn man() -> Result<ExitCode> {
    use clap::CommandFactory;
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut page)?;
    std::io::stdout().lock().write_all(&page)?;
    Ok(ExitCode::SUCCESS)
}

/// Prints the JSON Schema of the flow format.
pub fn schema() -> Result<ExitCode> {
    let text = crate::catalog::json_schema::flow_schema();
    std::io::stdout().lock().write_all(text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
