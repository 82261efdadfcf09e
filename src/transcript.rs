//! The call transcript: what a ticket needs, as Markdown.
//!
//! Built from the walk and the values typed; the same text is copied with `t`
//! in the wizard, saved with `s`, and printed by plain mode at the end.

use std::fmt::Write;

use crate::catalog::{Catalog, Lang};
use crate::fill::Values;
use crate::sanitize::clean_line;
use crate::strings::strings;
use crate::walk::{answered, Current, Walk};

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
    let types: Vec<&str> = entry
        .activation_types
        .iter()
        .map(|t| t.label(lang))
        .collect();
    let _ = writeln!(
        out,
        "- {}: {} ({})",
        s.family,
        flow.family,
        clean_line(flow.title.get(lang))
    );
    let _ = writeln!(out, "- {}: {}", s.activation_types, types.join(", "));
    if !walk.path().is_empty() {
        let _ = writeln!(out, "\n## {}\n", s.path_so_far);
        for (i, (_, question, choice)) in answered(flow, walk.path()).enumerate() {
            let _ = writeln!(
                out,
                "{}. {} **{}**",
                i + 1,
                clean_line(question.text.get(lang)),
                clean_line(choice.label.get(lang))
            );
        }
    }
    if let Ok(Current::Resolution { resolution, .. }) = walk.current(catalog) {
        let _ = writeln!(
            out,
            "\n## {}: {}\n",
            s.resolution,
            clean_line(resolution.title.get(lang))
        );
        let _ = writeln!(
            out,
            "{}: {}\n",
            s.cause,
            clean_line(resolution.cause.get(lang))
        );
        for (i, step) in resolution.steps.iter().enumerate() {
            let _ = writeln!(out, "{}. {}", i + 1, clean_line(step.get(lang)));
        }
        if !resolution.commands.is_empty() {
            let _ = writeln!(out, "\n### {}\n", s.commands);
            for c in &resolution.commands {
                let filled = values.fill(flow, &c.command);
                let _ = writeln!(out, "- {}", clean_line(c.explain.get(lang)));
                let _ = writeln!(out, "  ```\n  {}\n  ```", clean_line(&filled.text));
            }
        }
        if !resolution.links.is_empty() {
            let _ = writeln!(out, "\n### {}\n", s.links);
            for l in &resolution.links {
                let _ = writeln!(
                    out,
                    "- [{}]({})",
                    clean_line(l.title.get(lang)),
                    clean_line(&l.url)
                );
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
