//! `actwiz diagnose`: reads the machine (Windows only), prints what it found,
//! then opens the wizard on the code found.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;

use super::{Cli, Exit, Failure};
use crate::core::catalog::Lang;
use crate::diagnose::{code_found, collect, plan, Collector};
use crate::strings::evidence::evidence_strings;

/// `actwiz diagnose`.
pub(super) fn run(cli: &Cli, as_json: bool, lang: Lang) -> Result<ExitCode> {
    #[cfg(windows)]
    {
        let mut collector =
            crate::diagnose::machine_collector().map_err(|e| Failure::new("diagnose", e))?;
        return report(cli, &mut collector, as_json, lang);
    }
    #[cfg(not(windows))]
    {
        let _ = (cli, as_json);
        Err(Failure::new("windows_only", evidence_strings(lang).diagnose_windows_only).into())
    }
}

/// Says what will be read, reads it, prints it, then opens the wizard on the
/// code found (or, with `--json`, prints the evidence as `actwiz evidence
/// --json` does, with the problems met).
#[cfg_attr(not(windows), allow(dead_code))]
fn report(cli: &Cli, collector: &mut dyn Collector, as_json: bool, lang: Lang) -> Result<ExitCode> {
    let s = evidence_strings(lang);
    let err = &mut crate::output::stderr();
    writeln!(err, "actwiz: {}:", s.diagnose_reading)?;
    for line in plan(lang) {
        writeln!(err, "  - {line}")?;
    }
    let (evidence, problems) = collect(collector);
    for problem in &problems {
        writeln!(
            err,
            "actwiz: {}",
            crate::core::sanitize::clean_line(problem)
        )?;
    }
    let out = &mut crate::output::stdout();
    if as_json {
        let mut value = evidence.to_json();
        if let serde_json::Value::Object(map) = &mut value {
            let problems: Vec<String> = problems
                .iter()
                .map(|p| crate::core::sanitize::clean(p).into_owned())
                .collect();
            map.insert("problems".into(), problems.into());
        }
        writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    super::evidence::print(&evidence, false, lang, &|_| Vec::new(), out)?;
    let Some(code) = code_found(&evidence) else {
        writeln!(err, "actwiz: {}", s.diagnose_no_code)?;
        return Ok(Exit::Failure.into());
    };
    super::open_wizard(cli, lang, Some(code.to_string()), Some(evidence))
}
