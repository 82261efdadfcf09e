//! The call transcript: what a ticket needs, as Markdown.
//!
//! Built from the walk and the values typed; the same text is copied with `t`
//! in the wizard, saved with `s`, and printed by plain mode at the end.

use std::fmt::Write;

use crate::catalog::{Catalog, FlowFile, Lang, Shell};
use crate::fill::Values;
use crate::printable;
use crate::sanitize::clean_line;
use crate::strings::{colon, strings};
use crate::walk::{Current, Walk};

/// Markdown transcript of a walk, in `lang`. `copied` lists the commands
/// copied during the call, as filled in.
pub fn markdown(
    catalog: &Catalog,
    walk: &Walk,
    values: &Values,
    copied: &[String],
    lang: Lang,
) -> String {
    let s = strings(lang);
    let mut out = String::new();
    let Ok((entry, flow)) = walk.context(catalog) else {
        return out;
    };
    let _ = writeln!(
        out,
        "# {} — {}",
        entry.code,
        clean_line(entry.messages.get(lang))
    );
    let _ = writeln!(out);
    let _ = writeln!(out, "- {}: {}", s.family, printable::family(flow, lang));
    let types = printable::activation_types(entry, lang);
    let _ = writeln!(out, "- {}: {types}", s.activation_types);
    if !walk.path().is_empty() {
        let _ = writeln!(out, "\n## {}\n", s.path_so_far);
        for (i, (question, answer)) in printable::answers(flow, walk.path(), lang).enumerate() {
            let _ = writeln!(out, "{}. {question} **{answer}**", i + 1);
        }
    }
    if let Ok(Current::Resolution { resolution, .. }) = walk.current(catalog) {
        let r = printable::Resolution::new(flow, resolution, lang, values);
        let _ = writeln!(out, "\n## {}: {}\n", s.resolution, r.title);
        if let Some(caution) = &r.caution {
            let _ = writeln!(out, "> **{}** {caution}\n", colon(lang, s.caution));
        }
        let _ = writeln!(out, "{}: {}\n", s.cause, r.cause);
        for (i, step) in r.steps.iter().enumerate() {
            let _ = writeln!(out, "{}. {step}", i + 1);
        }
        if !r.commands.is_empty() {
            let _ = writeln!(out, "\n### {}\n", s.commands);
            for c in &r.commands {
                let _ = writeln!(out, "- {}", c.explain);
                if let Some(caution) = &c.caution {
                    let _ = writeln!(out, "  > **{}** {caution}", colon(lang, s.caution));
                }
                let _ = writeln!(out, "  ```\n  {}\n  ```", c.filled);
            }
        }
        if !r.links.is_empty() {
            let _ = writeln!(out, "\n### {}\n", s.links);
            for link in &r.links {
                let _ = writeln!(out, "- [{}]({})", link.title, link.url);
            }
        }
    }
    if !copied.is_empty() {
        let _ = writeln!(out, "\n### {}\n", s.commands_copied);
        for c in copied {
            let _ = writeln!(out, "- `{}`", clean_line(c));
        }
    }
    out
}

/// Every command of `resolution`, filled from `values`, as one block to
/// paste: each command follows a comment line (`REM` for cmd, `#` for
/// PowerShell) that says what it does, where and how to run it.
pub fn command_block(
    flow: &FlowFile,
    resolution: &crate::catalog::Resolution,
    values: &Values,
    lang: Lang,
) -> String {
    let s = strings(lang);
    let count = resolution.commands.len();
    let mut out = String::new();
    for (i, c) in resolution.commands.iter().enumerate() {
        let mark = match c.shell {
            Shell::Cmd => "REM",
            Shell::Powershell => "#",
        };
        let mut comment = format!(
            "{mark} {}/{count} {}",
            i + 1,
            clean_line(c.explain.get(lang))
        );
        if c.elevated {
            let _ = write!(comment, " [{}]", s.elevated);
        }
        if let Some(on) = &c.run_on {
            let _ = write!(comment, " [{}]", run_on(lang, &clean_line(on.get(lang))));
        }
        let _ = writeln!(out, "{comment}");
        // A caution stays with its command, even pasted into a ticket.
        if let Some(caution) = &c.caution {
            let _ = writeln!(
                out,
                "{mark} {} {}",
                colon(lang, s.caution),
                clean_line(caution.get(lang))
            );
        }
        let _ = writeln!(out, "{}", clean_line(&values.fill(flow, &c.command).text));
    }
    out
}

/// "run on: the KMS host", spaced as the language wants.
fn run_on(lang: Lang, place: &str) -> String {
    match lang {
        Lang::En => format!("run on: {place}"),
        Lang::Fr => format!("à lancer sur\u{a0}: {place}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Code;

    #[test]
    fn cautions_are_quoted_before_the_cause_and_the_command() {
        let catalog = Catalog::from_sources(&[(
            "demo.yaml",
            include_str!("../tests/fixtures/tui/demo.yaml"),
        )])
        .expect("fixture flows are valid");
        let mut walk = Walk::start(&catalog, Code(0xC0DE0074)).expect("code");
        walk.answer(&catalog, "no").expect("answer");
        let text = markdown(&catalog, &walk, &Values::new(), &[], Lang::Fr);
        let caution = text
            .find("> **ATTENTION :** Notez d’abord")
            .expect("resolution caution");
        assert!(caution < text.find("Cause").expect("cause"), "{text}");
        let command_caution = text
            .find("  > **ATTENTION :** Coupe la découverte")
            .expect("command caution");
        assert!(
            command_caution < text.find("/skms").expect("command"),
            "{text}"
        );
    }
}
