//! `actwiz walk`: a flow answered from the command line, in text or JSON.

use super::*;
use crate::core::catalog::dialect::Dialect;

/// `walk --copy`: which command, and where to.
pub(super) struct CopyRequest {
    pub(super) number: usize,
    pub(super) mode: Option<ClipboardMode>,
}

/// What `walk` is asked to do besides following the tree.
pub(super) struct WalkRequest<'a> {
    pub(super) answers: &'a [String],
    /// `--set NAME=VALUE` pairs.
    pub(super) pairs: &'a [String],
    pub(super) evidence: Option<&'a crate::core::evidence::Evidence>,
    pub(super) copy: Option<CopyRequest>,
}

pub(super) fn walk(
    catalog: &Catalog,
    code: Code,
    request: WalkRequest,
    as_json: bool,
    lang: Lang,
    dialect: Dialect,
    out: &mut impl Write,
) -> Result<()> {
    let WalkRequest {
        answers,
        pairs,
        evidence,
        copy,
    } = request;
    let s = strings(lang);
    let (entry, flow) = catalog
        .get(code)
        .context("code vanished from the catalog")?;
    let mut values = Values::new();
    for pair in pairs {
        values
            .set_pair(flow, pair, lang)
            .map_err(|e| set_failure(&e, pair))?;
    }
    // Typed values win over evidence: the agent may know better.
    let prefilled = evidence
        .map(|e| crate::core::evidence::prefill(flow, e, &mut values, lang))
        .unwrap_or_default();
    let mut walk = Walk::start(catalog, code)?;
    for (i, answer) in answers.iter().enumerate() {
        let question = match walk.current(catalog)? {
            Current::Question { id, question } => Some((id, question)),
            Current::Resolution { .. } => None,
        };
        walk.answer(catalog, answer)
            .map_err(|e| answer_failure(&e, answer, i + 1, question))?;
    }
    let current = walk.current(catalog)?;
    let copied = match (&copy, current) {
        (None, _) => None,
        (Some(request), Current::Resolution { resolution, .. }) => Some(copy_command(
            flow, resolution, &values, request, lang, dialect,
        )?),
        (Some(_), Current::Question { .. }) => {
            return Err(Failure::new("copy_needs_resolution", s.copy_needs_resolution).into())
        }
    };
    // The placeholders the shown commands still lack, in order.
    let templates: Vec<String> = match current {
        Current::Question { question, .. } => question
            .check_form(dialect)
            .map(|f| f.text.into_owned())
            .into_iter()
            .collect(),
        Current::Resolution { resolution, .. } => resolution
            .commands
            .iter()
            .map(|c| c.form(dialect).text.into_owned())
            .collect(),
    };
    let mut missing: Vec<String> = Vec::new();
    // Values left out because this flow's commands refuse them, with why.
    let mut refused: Vec<(String, String)> = Vec::new();
    for template in templates {
        let filled = values.fill(flow, &template);
        for name in filled.missing {
            if !missing.contains(&name) {
                missing.push(name);
            }
        }
        for (name, reason) in filled.refused {
            if !refused.iter().any(|(n, _)| *n == name) {
                refused.push((name, reason.message(lang)));
            }
        }
    }
    if as_json {
        let state = match current {
            Current::Question { .. } => "pending",
            Current::Resolution { .. } => "resolved",
        };
        let mut value = serde_json::json!({
            "code": code.to_string(),
            "state": state,
            "message": crate::core::sanitize::clean(entry.messages.get(lang)),
            "messages": {
                "en": crate::core::sanitize::clean(entry.messages.get(Lang::En)),
                "fr": crate::core::sanitize::clean(entry.messages.get(Lang::Fr)),
            },
            "unofficial_messages": entry.unofficial_messages,
            "family": flow.family,
            "lang": lang,
            "shell": dialect,
            "path": json::path(flow, walk.path(), lang),
            "missing": missing,
        });
        if !refused.is_empty() {
            if let serde_json::Value::Object(map) = &mut value {
                let list: Vec<Value> = refused
                    .iter()
                    .map(|(name, reason)| serde_json::json!({"name": name, "reason": reason}))
                    .collect();
                map.insert("refused".into(), list.into());
            }
        }
        if let serde_json::Value::Object(map) = &mut value {
            if let Some((command, method)) = &copied {
                map.insert(
                    "copied".into(),
                    serde_json::json!({"command": command, "method": method.label(Lang::En)}),
                );
            }
            if evidence.is_some() {
                map.insert("from_evidence".into(), evidence_json::prefilled(&prefilled));
            }
            match current {
                Current::Question { id, question } => {
                    let mut value = json::question(id, flow, question, lang, dialect, &values);
                    if let (Some(evidence), Value::Object(q)) = (evidence, &mut value) {
                        q.insert(
                            "suggested".into(),
                            evidence_json::suggested(question, evidence, lang),
                        );
                    }
                    map.insert("question".into(), value);
                }
                Current::Resolution { id, resolution } => {
                    map.insert(
                        "resolution".into(),
                        json::resolution(id, flow, resolution, lang, dialect, &values),
                    );
                }
            }
        }
        writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
        return Ok(());
    }
    write!(
        out,
        "{}",
        crate::render::card(entry, flow, &catalog.same_tree(entry.code), lang)
    )?;
    if !walk.path().is_empty() {
        writeln!(out, "\n{}", colon(lang, s.path_so_far))?;
        write!(out, "{}", crate::render::path(flow, walk.path(), lang))?;
    }
    writeln!(out)?;
    let missing_line = (!missing.is_empty()).then(|| {
        let shown: Vec<String> = missing
            .iter()
            .map(|name| match refused.iter().find(|(n, _)| n == name) {
                Some((_, reason)) => format!("{name} ({reason})"),
                None => name.clone(),
            })
            .collect();
        format!("{} {}", colon(lang, s.missing_values), shown.join(", "))
    });
    match current {
        Current::Question { question, .. } => {
            write!(
                out,
                "{}",
                crate::render::question(flow, question, lang, dialect, &values)
            )?;
            if let Some(evidence) = evidence {
                evidence_text::suggestion(question, evidence, lang, out)?;
            }
            if let Some(line) = &missing_line {
                writeln!(out, "\n{line}")?;
            }
            writeln!(out, "\n{}.", s.answer_with)?;
        }
        Current::Resolution { resolution, .. } => {
            writeln!(
                out,
                "{} {}",
                colon(lang, s.resolution),
                crate::core::sanitize::clean_line(resolution.title.get(lang))
            )?;
            write!(
                out,
                "{}",
                crate::render::resolution_body(flow, resolution, lang, dialect, &values)
            )?;
            if let Some(line) = &missing_line {
                writeln!(out, "\n{line}")?;
            }
        }
    }
    if !prefilled.is_empty() {
        evidence_text::prefilled(&prefilled, lang, out)?;
    }
    if let Some((command, method)) = &copied {
        let to = format!("{} {}", s.copied_to, method.label(lang));
        crate::output::eprint_line(&format!("{} {command}", colon(lang, &to)));
    }
    Ok(())
}

/// The evidence parts of `walk --json`.
mod evidence_json {
    use serde_json::{json, Value};

    use crate::core::catalog::{Lang, Question};
    use crate::core::evidence::{Evidence, Origin};

    pub(super) fn clean(text: &str) -> Value {
        Value::from(crate::core::sanitize::clean(text).into_owned())
    }

    /// `{"kms_host": "slmgr /dlv, line 14", ...}`: values filled from evidence.
    pub(crate) fn prefilled(filled: &[(String, Origin)]) -> Value {
        let mut map = serde_json::Map::new();
        for (name, origin) in filled {
            map.insert(name.clone(), clean(&origin.to_string()));
        }
        Value::Object(map)
    }

    /// `{"choice": ID, "because": "...", "facts": {...}}`, or null.
    pub(super) fn suggested(question: &Question, evidence: &Evidence, lang: Lang) -> Value {
        let Some(suggested) = crate::core::evidence::suggestion_for(question, evidence) else {
            return Value::Null;
        };
        let mut facts = serde_json::Map::new();
        for (name, fact) in &suggested.facts {
            facts.insert(
                name.clone(),
                json!({"value": clean(&fact.value), "from": clean(&fact.from.to_string())}),
            );
        }
        json!({
            "choice": suggested.choice,
            "because": clean(suggested.because.get(lang)),
            "facts": facts,
        })
    }
}

/// The evidence parts of `walk` in text.
mod evidence_text {
    use std::io::Write;

    use anyhow::Result;

    use crate::core::catalog::{Lang, Question};
    use crate::core::evidence::{Evidence, Origin};
    use crate::strings::colon;
    use crate::strings::evidence::evidence_strings;

    pub(super) fn clean(text: &str) -> String {
        crate::core::sanitize::clean_line(text).into_owned()
    }

    pub(super) fn suggestion(
        question: &Question,
        evidence: &Evidence,
        lang: Lang,
        out: &mut impl Write,
    ) -> Result<()> {
        let Some(suggested) = crate::core::evidence::suggestion_for(question, evidence) else {
            return Ok(());
        };
        let s = evidence_strings(lang);
        let from: Vec<String> = suggested
            .facts
            .iter()
            .map(|(_, fact)| clean(&fact.from.to_string()))
            .collect();
        writeln!(
            out,
            "\n{} {} ({} {}; {})",
            colon(lang, s.suggested),
            suggested.choice,
            s.because,
            clean(suggested.because.get(lang)),
            from.join(", ")
        )?;
        Ok(())
    }

    pub(crate) fn prefilled(
        filled: &[(String, Origin)],
        lang: Lang,
        out: &mut impl Write,
    ) -> Result<()> {
        let s = evidence_strings(lang);
        writeln!(out, "\n{}", colon(lang, s.evidence_used))?;
        for (name, origin) in filled {
            writeln!(
                out,
                "  {name}: {} ({})",
                s.from_evidence,
                clean(&origin.to_string())
            )?;
        }
        Ok(())
    }
}

/// A refused `--set`, for scripts.
pub(super) fn set_failure(err: &SetError, pair: &str) -> Failure {
    let clean = |t: &str| crate::core::sanitize::clean(t).into_owned();
    match err {
        SetError::Unknown(name, known) => Failure::new("unknown_placeholder", err.to_string())
            .with("name", clean(name))
            .with(
                "known",
                known
                    .split(", ")
                    .filter(|k| !k.is_empty())
                    .map(str::to_string)
                    .collect::<Vec<_>>(),
            ),
        SetError::Invalid { name, reason } => Failure::new("invalid_value", err.to_string())
            .with("name", clean(name))
            .with("reason", clean(reason)),
        SetError::Malformed(_) => {
            Failure::new("malformed_value", err.to_string()).with("input", clean(pair))
        }
    }
}

/// A refused `--answer` (the `number`th), for scripts.
pub(super) fn answer_failure(
    err: &WalkError,
    answer: &str,
    number: usize,
    question: Option<(&str, &crate::core::catalog::Question)>,
) -> Failure {
    let kind = match err {
        WalkError::NoSuchChoice { .. } => "bad_answer",
        WalkError::AlreadyResolved => "too_many_answers",
        WalkError::UnknownCode(_) | WalkError::MissingNode(_) => "broken_flow",
    };
    let mut failure = Failure::new(kind, err.to_string())
        .with("answer", crate::core::sanitize::clean(answer).into_owned())
        .with("answer_number", number);
    if let Some((id, question)) = question {
        let choices: Vec<&str> = question.choices.iter().map(|c| c.id.as_str()).collect();
        failure = failure.with("question", id).with("choices", choices);
    }
    failure
}

/// Copies the resolution's command `request.number` (1-based), filled in.
/// Refuses a command that still has placeholders: a half-filled command in
/// an administrator's paste is worse than none.
pub(super) fn copy_command(
    flow: &crate::core::catalog::FlowFile,
    resolution: &crate::core::catalog::Resolution,
    values: &Values,
    request: &CopyRequest,
    lang: Lang,
    dialect: Dialect,
) -> Result<(String, CopyMethod)> {
    let s = strings(lang);
    let count = resolution.commands.len();
    let command = request
        .number
        .checked_sub(1)
        .and_then(|i| resolution.commands.get(i))
        .ok_or_else(|| {
            let label = format!("{} {}", s.no_such_command, request.number);
            Failure::new(
                "no_such_command",
                format!("{} 1-{count}", colon(lang, &label)),
            )
            .with("number", request.number)
            .with("count", count)
        })?;
    let filled = values.fill(flow, &command.form(dialect).text);
    if !filled.is_complete() {
        return Err(Failure::new(
            "missing_values",
            format!(
                "{} {}",
                colon(lang, s.missing_values),
                filled.missing.join(", ")
            ),
        )
        .with("missing", filled.missing.clone())
        .into());
    }
    let env = Env::from_process();
    let mode = ClipboardMode::resolve(request.mode, &env)
        .map_err(|e| Failure::new("clipboard", e.to_string()))?;
    let mut terminal = terminal_writer();
    let outcome = clipboard::copy_text(mode, &env, &filled.text, &mut terminal)
        .map_err(|e| Failure::new("clipboard", e.message(lang)))?;
    Ok((filled.text, outcome.method))
}

/// Where OSC 52 goes: see [`crate::output::osc52_terminal`].
pub(super) fn terminal_writer() -> Box<dyn Write> {
    crate::output::osc52_terminal(false)
}
