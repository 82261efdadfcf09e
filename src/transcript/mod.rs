//! The call transcript: what a ticket needs, as Markdown.
//!
//! Built from the walk and the values typed; the same text is copied with `t`
//! in the wizard and saved with `s` there and in plain mode ([`save`]), in
//! the folder and the language the configuration names ([`Settings`]).

pub mod save;
mod typography;

use std::fmt::Write;
use std::path::PathBuf;
use std::time::SystemTime;

use crate::core::catalog::dialect::Dialect;
use crate::core::catalog::{Catalog, FlowFile, Lang, Shell};
use crate::core::evidence::InUse;
use crate::core::placeholder::Values;
use crate::core::sanitize::clean_line;
use crate::core::walk::{Current, Walk};
use crate::printable;
use crate::strings::evidence::evidence_strings;
use crate::strings::{colon, strings};

/// Where transcripts are saved and in which language they are written:
/// `transcript_dir` and `transcript_language` in the configuration.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Settings {
    /// The transcript's language; `None` follows the interface.
    pub lang: Option<Lang>,
    /// The folder; `None` is [`default_dir`].
    pub dir: Option<PathBuf>,
}

impl Settings {
    /// The language to write in when the interface speaks `interface`.
    pub fn lang(&self, interface: Lang) -> Lang {
        self.lang.unwrap_or(interface)
    }

    /// The folder to save in: the configured one, else [`default_dir`],
    /// else the current directory.
    pub fn dir(&self) -> PathBuf {
        self.dir
            .clone()
            .or_else(default_dir)
            .unwrap_or_else(|| std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")))
    }
}

/// `actwiz` in the platform's documents folder (Documents on Windows and
/// macOS, XDG_DOCUMENTS_DIR on Linux), else `actwiz/transcripts` in its data
/// folder (%APPDATA%, ~/.local/share): a place the agent can find again,
/// not wherever the terminal happened to be.
pub(crate) fn default_dir() -> Option<PathBuf> {
    dirs::document_dir()
        .map(|d| d.join("actwiz"))
        .or_else(|| dirs::data_dir().map(|d| d.join("actwiz").join("transcripts")))
}

/// What a transcript is made of: the call as it stands.
pub(crate) struct Call<'a> {
    pub catalog: &'a Catalog,
    pub walk: &'a Walk,
    pub values: &'a Values,
    /// The commands copied during the call, as filled in.
    pub copied: &'a [String],
    /// The evidence used: its facts (with where each came from), the values
    /// it filled, and the answers that followed its suggestion.
    pub evidence: &'a InUse,
    pub dialect: Dialect,
    /// When the transcript was made, shown at its top (UTC); `None` leaves
    /// the date out.
    pub at: Option<SystemTime>,
}

impl Call<'_> {
    /// The transcript in `lang`, with French typography in French.
    pub(crate) fn markdown(&self, lang: Lang) -> String {
        typography::for_document(lang, &self.body(lang))
    }
}

/// Markdown transcript of a walk, in `lang`, without evidence or date.
/// `copied` lists the commands copied during the call, as filled in.
pub fn markdown(
    catalog: &Catalog,
    walk: &Walk,
    values: &Values,
    copied: &[String],
    lang: Lang,
    dialect: Dialect,
) -> String {
    Call {
        catalog,
        walk,
        values,
        copied,
        evidence: &InUse::default(),
        dialect,
        at: None,
    }
    .markdown(lang)
}

impl Call<'_> {
    fn body(&self, lang: Lang) -> String {
        let Call {
            catalog,
            walk,
            values,
            copied,
            evidence,
            dialect,
            at,
        } = *self;
        let s = strings(lang);
        let es = evidence_strings(lang);
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
        let _ = writeln!(
            out,
            "- {}{}",
            label(lang, s.family),
            printable::family(flow, lang)
        );
        let types = printable::activation_types(entry, lang);
        let _ = writeln!(out, "- {}{types}", label(lang, s.activation_types));
        if let Some(at) = at {
            let _ = writeln!(out, "- {}{}", label(lang, DATE), save::utc_minute(at));
        }
        // The values given during the call, as the commands used them.
        let used: Vec<(String, &str, Option<String>)> = flow
            .placeholders
            .iter()
            .filter_map(|(name, decl)| {
                let value = values.typed(name)?;
                let from = evidence
                    .origin_of(name, values)
                    .map(|o| clean_line(&o.to_string()).into_owned());
                Some((clean_line(decl.label.get(lang)).into_owned(), value, from))
            })
            .collect();
        if !used.is_empty() {
            let _ = writeln!(out, "\n## {}\n", values_used(lang));
            for (name, value, from) in used {
                let _ = write!(out, "- {}`{}`", label(lang, &name), clean_line(value));
                match from {
                    Some(from) => {
                        let _ = writeln!(out, " ({}{from})", label(lang, es.from_evidence));
                    }
                    None => {
                        let _ = writeln!(out);
                    }
                }
            }
        }
        if !evidence.is_empty() {
            let _ = writeln!(out, "\n## {}\n", es.evidence_used);
            let _ = writeln!(out, "{}\n", es.transcript_evidence_note);
            for seen in &evidence.evidence.codes {
                let _ = writeln!(
                    out,
                    "- {} ({})",
                    seen.code,
                    clean_line(&seen.from.shown(lang))
                );
            }
            for (name, fact) in &evidence.evidence.facts {
                let _ = writeln!(
                    out,
                    "- {}`{}` ({})",
                    label(lang, name),
                    clean_line(&fact.value),
                    clean_line(&fact.from.shown(lang))
                );
            }
        }
        let resolved = walk.is_resolved(catalog);
        if !walk.path().is_empty() {
            let heading = if resolved { path(lang) } else { s.path_so_far };
            let _ = writeln!(out, "\n## {heading}\n");
            for (i, ((question, answer), step)) in printable::answers(flow, walk.path(), lang)
                .zip(walk.path())
                .enumerate()
            {
                let followed = evidence.followed(walk.code(), &step.question, &step.choice);
                let mark = if followed {
                    format!(" _({})_", es.followed)
                } else {
                    String::new()
                };
                let _ = writeln!(out, "{}. {question} **{answer}**{mark}", i + 1);
            }
        }
        if let Ok(Current::Resolution { resolution, .. }) = walk.current(catalog) {
            let r = printable::Resolution::new(flow, resolution, lang, dialect, values);
            let _ = writeln!(out, "\n## {}{}\n", label(lang, s.resolution), r.title);
            if let Some(caution) = &r.caution {
                let _ = writeln!(out, "> **{}** {caution}\n", colon(lang, s.caution));
            }
            let _ = writeln!(out, "{}{}\n", label(lang, s.cause), r.cause);
            for (i, step) in r.steps.iter().enumerate() {
                let _ = writeln!(out, "{}. {step}", i + 1);
            }
            if !r.commands.is_empty() {
                let _ = writeln!(out, "\n### {}\n", s.commands);
                if dialect == Dialect::Powershell {
                    let _ = writeln!(out, "{}{}\n", label(lang, s.shell), dialect.label());
                }
                for c in &r.commands {
                    // How and where to run it: a ticket reader needs both.
                    let notes = printable::command_notes(
                        lang,
                        dialect,
                        c.shell,
                        c.elevated,
                        c.run_on.as_deref(),
                    );
                    if notes.is_empty() {
                        let _ = writeln!(out, "- {}", c.explain);
                    } else {
                        let _ = writeln!(out, "- {} ({})", c.explain, notes.join(", "));
                    }
                    if let Some(caution) = &c.caution {
                        let _ = writeln!(out, "  > **{}** {caution}", colon(lang, s.caution));
                    }
                    let _ = writeln!(out, "  ```\n  {}\n  ```", c.filled);
                    if let Some(from) = &c.powershell_from {
                        let _ = writeln!(out, "  {from}");
                    }
                    for refusal in &c.refused {
                        let _ = writeln!(out, "  > {refusal}");
                    }
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
}

/// `label` and its colon as French typography wants it in a document: a
/// no-break space before the colon (`Cause\u{a0}: `), none in English.
fn label(lang: Lang, label: &str) -> String {
    match lang {
        Lang::En => format!("{label}: "),
        Lang::Fr => format!("{label}\u{a0}: "),
    }
}

fn path(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "Path",
        Lang::Fr => "Chemin",
    }
}

/// The same word in both languages.
const DATE: &str = "Date";

fn values_used(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "Values used",
        Lang::Fr => "Valeurs utilisées",
    }
}

/// Every command of `resolution` in `dialect`, filled from `values`, as one
/// block to paste: each command follows a comment line (`REM` for cmd, `#`
/// for PowerShell) that says what it does, where and how to run it.
pub fn command_block(
    flow: &FlowFile,
    resolution: &crate::core::catalog::Resolution,
    values: &Values,
    lang: Lang,
    dialect: Dialect,
) -> String {
    let s = strings(lang);
    let count = resolution.commands.len();
    let mut out = String::new();
    for (i, c) in resolution.commands.iter().enumerate() {
        let form = c.form(dialect);
        // The comment mark of the shell the block is pasted into.
        let mark = match dialect {
            Dialect::Cmd => "REM",
            Dialect::Powershell => "#",
        };
        let mut comment = format!(
            "{mark} {}/{count} {}",
            i + 1,
            clean_line(c.explain.get(lang))
        );
        match (dialect, form.shell) {
            (Dialect::Cmd, Shell::Powershell) => {
                let _ = write!(comment, " [{}]", s.powershell_only);
            }
            (Dialect::Powershell, Shell::Cmd) => {
                let _ = write!(comment, " [{}]", s.cmd_only);
            }
            _ => {}
        }
        if c.elevated {
            let elevated = if form.shell == Shell::Powershell {
                s.elevated_powershell
            } else {
                s.elevated
            };
            let _ = write!(comment, " [{elevated}]");
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
        for refusal in crate::printable::refusals(flow, values, &form.text, lang) {
            let _ = writeln!(out, "{mark} {refusal}");
        }
        let _ = writeln!(out, "{}", clean_line(&values.fill(flow, &form.text).text));
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
    use crate::core::catalog::Code;

    /// The wizard's demo flows (tests/fixtures/tui).
    fn demo() -> Catalog {
        Catalog::from_sources(&[(
            "demo.yaml",
            include_str!("../../tests/fixtures/tui/demo.yaml"),
        )])
        .expect("fixture flows are valid")
    }

    /// 0xC0DE0074 answered "no": a resolution with cautions and commands.
    fn at_resolution(catalog: &Catalog) -> Walk {
        let mut walk = Walk::start(catalog, Code(0xC0DE0074)).expect("code");
        walk.answer(catalog, "no").expect("answer");
        walk
    }

    #[test]
    fn cautions_are_quoted_before_the_cause_and_the_command() {
        let catalog = demo();
        let walk = at_resolution(&catalog);
        let text = markdown(&catalog, &walk, &Values::new(), &[], Lang::Fr, Dialect::Cmd);
        let caution = text
            .find("> **ATTENTION\u{a0}:** Notez d’abord")
            .expect("resolution caution");
        assert!(caution < text.find("Cause").expect("cause"), "{text}");
        let command_caution = text
            .find("  > **ATTENTION\u{a0}:** Coupe la découverte")
            .expect("command caution");
        assert!(
            command_caution < text.find("/skms").expect("command"),
            "{text}"
        );
    }

    #[test]
    fn powershell_transcripts_and_copy_all_carry_the_powershell_forms() {
        let catalog = demo();
        let walk = at_resolution(&catalog);
        let text = markdown(
            &catalog,
            &walk,
            &Values::new(),
            &[],
            Lang::En,
            Dialect::Powershell,
        );
        assert!(text.contains("Shell: PowerShell"), "{text}");
        assert!(text.contains("SetKeyManagementServiceMachine"), "{text}");
        assert!(text.contains("administrator PowerShell"), "{text}");
        assert!(!text.contains("slmgr.vbs /skms"), "{text}");
        let Ok((_, flow)) = walk.context(&catalog) else {
            panic!("context")
        };
        let Ok(Current::Resolution { resolution, .. }) = walk.current(&catalog) else {
            panic!("resolved")
        };
        let block = command_block(
            flow,
            resolution,
            &Values::new(),
            Lang::Fr,
            Dialect::Powershell,
        );
        assert!(block.lines().all(|l| !l.starts_with("REM")), "{block}");
        assert!(block.contains("# 1/"), "{block}");
        assert!(block.contains("PowerShell administrateur"), "{block}");
        // Cautions may name slmgr in prose; the commands do not.
        assert!(
            block
                .lines()
                .filter(|l| !l.starts_with('#'))
                .all(|l| !l.contains("slmgr")),
            "{block}"
        );
        let cmd = command_block(flow, resolution, &Values::new(), Lang::Fr, Dialect::Cmd);
        assert!(cmd.contains("slmgr.vbs /skms"), "{cmd}");
    }

    /// The transcript of a resolved walk, against golden files: values
    /// used, "Path" (resolved), admin and run-on notes, cautions, and in
    /// French a no-break space before each colon. ACTWIZ_BLESS=1 rewrites them.
    #[test]
    fn transcript_matches_its_golden_files() {
        let catalog = demo();
        let flow = catalog.get(Code(0xC0DE0074)).expect("code").1;
        let mut walk = Walk::start(&catalog, Code(0xC0DE0074)).expect("code");
        // The evidence: an SRV lookup that found nothing (the answer "no"
        // follows its suggestion) and slmgr /dlv naming the KMS host (the
        // port comes from it; the host is typed over it by the agent).
        let mut evidence = InUse::new(crate::core::evidence::read_text(include_str!(
            "../../tests/fixtures/evidence/nslookup-srv-none.txt"
        )));
        evidence.add(crate::core::evidence::read_text(include_str!(
            "../../tests/fixtures/evidence/slmgr-dlv-client.txt"
        )));
        walk.answer(&catalog, "no").expect("answer");
        evidence.note_last_answer(&catalog, &walk);
        let mut values = Values::new();
        values
            .set(flow, "kms_host", "kms1.contoso.com", Lang::En)
            .expect("a good host");
        evidence.prefill(flow, &mut values, Lang::En);
        let copied = ["cscript %windir%\\system32\\slmgr.vbs /ato".to_string()];
        let call = Call {
            catalog: &catalog,
            walk: &walk,
            values: &values,
            copied: &copied,
            evidence: &evidence,
            dialect: Dialect::Cmd,
            // 2026-01-25 14:30 UTC
            at: Some(std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_769_351_400)),
        };
        for (lang, file) in [
            (Lang::En, "transcript_en.md"),
            (Lang::Fr, "transcript_fr.md"),
        ] {
            let text = call.markdown(lang);
            let golden = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/data")
                .join(file);
            if std::env::var_os("ACTWIZ_BLESS").is_some() {
                std::fs::write(&golden, &text).expect("write golden file");
            }
            let expected = std::fs::read_to_string(&golden).expect("golden file");
            assert_eq!(text, expected, "{file}");
        }
        let fr = call.markdown(Lang::Fr);
        assert!(fr.contains("Cause\u{a0}: "), "{fr}");
        // French typography everywhere but in the commands.
        for line in fr.lines().filter(|l| !l.starts_with("  ")) {
            for punct in [" :", " ;", " ?", " !"] {
                assert!(!line.contains(punct), "'{punct}' in: {line}");
            }
        }
        assert!(
            fr.contains("\n- Date\u{a0}: 2026-01-25 14:30 UTC\n"),
            "{fr}"
        );
        let en = call.markdown(Lang::En);
        assert!(
            en.contains("**No record comes back** _(followed the evidence)_"),
            "{en}"
        );
        assert!(
            en.contains("- KMS port: `1688` (from evidence: slmgr /dlv, line 24)"),
            "{en}"
        );
        assert!(en.contains("\n## Evidence used\n"), "{en}");
        assert!(
            en.contains("- srv_record_found: `no` (nslookup, line "),
            "{en}"
        );
        assert!(
            en.contains("\n## Path\n") && !en.contains("Path so far"),
            "{en}"
        );
        assert!(
            en.contains("- KMS host name or IP: `kms1.contoso.com`"),
            "{en}"
        );
    }
}
