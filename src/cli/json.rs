//! JSON shapes of the CLI's `--json` output. Texts are sanitized: a flow file
//! must not be able to smuggle control characters into a script's input.

use serde_json::{json, Value};

use crate::core::catalog::dialect::{Dialect, Form};
use crate::core::catalog::{Code, CodeEntry, FlowFile, Lang, Node, Question, Resolution};
use crate::core::placeholder::Values;
use crate::core::sanitize::clean;
use crate::core::walk::{answered, Step};

fn text(s: &str) -> Value {
    Value::String(clean(s).into_owned())
}

/// A code as `list` prints it.
/// `same_tree`: the other codes this entry's tree answers (see
/// `Catalog::same_tree`).
pub(crate) fn code_summary(entry: &CodeEntry, flow: &FlowFile, same_tree: &[Code]) -> Value {
    json!({
        "code": entry.code.to_string(),
        "same_tree": same_tree.iter().map(|c| c.to_string()).collect::<Vec<_>>(),
        "family": flow.family,
        "messages": {
            "en": text(entry.messages.get(Lang::En)),
            "fr": text(entry.messages.get(Lang::Fr)),
        },
        "unofficial_messages": entry.unofficial_messages,
        "activation_types": entry.activation_types,
    })
}

/// A code as `lookup` prints it: the summary plus its tree (both languages).
pub(crate) fn code_with_tree(entry: &CodeEntry, flow: &FlowFile, same_tree: &[Code]) -> Value {
    let mut value = code_summary(entry, flow, same_tree);
    let mut questions = serde_json::Map::new();
    let mut resolutions = serde_json::Map::new();
    for (id, node) in flow.reachable([entry.start.as_str()]) {
        match node {
            Node::Question(q) => {
                let mut value = sanitized(q);
                if let (Some(_), Value::Object(map)) = (&q.check_command, &mut value) {
                    map.insert("check_command_forms".into(), templates(|d| q.check_form(d)));
                }
                questions.insert(id.to_string(), value)
            }
            Node::Resolution(r) => {
                let mut value = sanitized(r);
                if let Some(Value::Array(commands)) = value.get_mut("commands") {
                    for (c, shown) in r.commands.iter().zip(commands.iter_mut()) {
                        if let Value::Object(map) = shown {
                            map.insert("forms".into(), templates(|d| Some(c.form(d))));
                        }
                    }
                }
                resolutions.insert(id.to_string(), value)
            }
        };
    }
    if let Value::Object(map) = &mut value {
        map.insert("keywords".into(), sanitized(&entry.keywords));
        map.insert("symptoms".into(), sanitized(&entry.symptoms));
        map.insert("aliases".into(), sanitized(&entry.aliases));
        map.insert("source".into(), text(&entry.source));
        map.insert(
            "tree".into(),
            json!({
                "start": entry.start,
                "placeholders": sanitized(&flow.placeholders),
                "questions": questions,
                "resolutions": resolutions,
            }),
        );
    }
    value
}

/// A command's text in each dialect, unfilled, with the shell that runs it:
/// `{"cmd": {"template", "shell"}, "powershell": {...}}`.
fn templates<'a>(form: impl Fn(Dialect) -> Option<Form<'a>>) -> Value {
    let mut map = serde_json::Map::new();
    for dialect in Dialect::ALL {
        if let Some(f) = form(dialect) {
            map.insert(
                dialect.name().to_string(),
                json!({"template": text(&f.text), "shell": f.shell, "origin": f.origin, "commands": provenance(&f)}),
            );
        }
    }
    Value::Object(map)
}

/// Where each command of a written PowerShell form comes from (empty for
/// cmd and generated forms): `[{"name", "stands_for", "reference", "from"}]`,
/// `from` being `article`, `actwiz`, `same_program`, `slmgr_table` or
/// `unlisted` (a command the flow runs that actwiz's table does not list).
fn provenance(form: &Form<'_>) -> Value {
    use crate::core::catalog::dialect::commands::{self, Provenance};
    Value::Array(
        commands::provenance(form)
            .into_iter()
            .map(|used| match used.row {
                Some(row) => {
                    let (from, article) = match row.provenance {
                        Provenance::Article(a) => ("article", Some(a)),
                        Provenance::Own => ("actwiz", None),
                        Provenance::SameProgram => ("same_program", None),
                        Provenance::SlmgrTable => ("slmgr_table", None),
                    };
                    json!({"name": row.name, "stands_for": row.stands_for, "reference": row.reference, "from": from, "article": article})
                }
                None => json!({"name": text(&used.name), "from": "unlisted"}),
            })
            .collect(),
    )
}

/// Serializes a model value and strips control characters from every string.
fn sanitized<T: serde::Serialize>(value: &T) -> Value {
    let mut v = serde_json::to_value(value).unwrap_or(Value::Null);
    scrub(&mut v);
    v
}

fn scrub(v: &mut Value) {
    match v {
        Value::String(s) => {
            if let std::borrow::Cow::Owned(c) = clean(s) {
                *s = c;
            }
        }
        Value::Array(items) => items.iter_mut().for_each(scrub),
        Value::Object(map) => map.values_mut().for_each(scrub),
        _ => {}
    }
}

pub(super) fn path(flow: &FlowFile, steps: &[Step], lang: Lang) -> Value {
    let items: Vec<Value> = answered(flow, steps)
        .map(|(step, question, choice)| {
            json!({
                "question_id": step.question,
                "question": text(question.text.get(lang)),
                "answer_id": choice.id,
                "answer": text(choice.label.get(lang)),
            })
        })
        .collect();
    Value::Array(items)
}

/// A pending question. Its check command is filled like a resolution's
/// commands: `check_command` with the values and defaults,
/// `check_command_template` as written, `check_command_missing` the
/// placeholders still without a value.
pub(super) fn question(
    id: &str,
    flow: &FlowFile,
    q: &Question,
    lang: Lang,
    dialect: Dialect,
    values: &Values,
) -> Value {
    let chosen = q.check_form(dialect);
    let filled = chosen.as_ref().map(|f| values.fill(flow, &f.text));
    json!({
        "id": id,
        "text": text(q.text.get(lang)),
        "how_to_check": text(q.how_to_check.get(lang)),
        "check_command": filled.as_ref().map(|f| text(&f.text)),
        "check_command_template": chosen.as_ref().map(|f| text(&f.text)),
        "check_command_missing": filled.map(|f| f.missing).unwrap_or_default(),
        "check_command_shell": chosen.as_ref().map(|f| f.shell),
        "check_command_forms": q.check_command.as_ref().map(|_| forms(flow, values, |d| q.check_form(d))),
        "choices": q.choices.iter().enumerate().map(|(i, c)| json!({
            "number": i + 1,
            "id": c.id,
            "label": text(c.label.get(lang)),
            "way_out": c.way_out,
        })).collect::<Vec<_>>(),
    })
}

/// A command in both dialects: `{"cmd": {...}, "powershell": {...}}`, each
/// with the filled text, the template, what is missing and the shell that
/// runs it.
fn forms<'a>(
    flow: &FlowFile,
    values: &Values,
    form: impl Fn(Dialect) -> Option<Form<'a>>,
) -> Value {
    let mut map = serde_json::Map::new();
    for dialect in Dialect::ALL {
        let Some(f) = form(dialect) else {
            continue;
        };
        let filled = values.fill(flow, &f.text);
        map.insert(
            dialect.name().to_string(),
            json!({
                "command": text(&filled.text),
                "template": text(&f.text),
                "complete": filled.is_complete(),
                "missing": filled.missing,
                "shell": f.shell,
                "origin": f.origin,
                "commands": provenance(&f),
            }),
        );
    }
    Value::Object(map)
}

pub(super) fn resolution(
    id: &str,
    flow: &FlowFile,
    r: &Resolution,
    lang: Lang,
    dialect: Dialect,
    values: &Values,
) -> Value {
    json!({
        "id": id,
        "title": text(r.title.get(lang)),
        "caution": r.caution.as_ref().map(|c| text(c.get(lang))),
        "cause": text(r.cause.get(lang)),
        "steps": r.steps.iter().map(|s| text(s.get(lang))).collect::<Vec<_>>(),
        "commands": r.commands.iter().map(|c| {
            let chosen = c.form(dialect);
            let filled = values.fill(flow, &chosen.text);
            json!({
                "command": text(&filled.text),
                "template": text(&chosen.text),
                "complete": filled.is_complete(),
                "missing": filled.missing,
                "explain": text(c.explain.get(lang)),
                "elevated": c.elevated,
                "shell": chosen.shell,
                "forms": forms(flow, values, |d| Some(c.form(d))),
                "run_on": c.run_on.as_ref().map(|o| text(o.get(lang))),
                "caution": c.caution.as_ref().map(|o| text(o.get(lang))),
            })
        }).collect::<Vec<_>>(),
        "links": r.links.iter().map(|l| json!({
            "title": text(l.title.get(lang)),
            "url": text(&l.url),
        })).collect::<Vec<_>>(),
        "source": text(&r.source),
    })
}

/// A search result: the code, its score, why it matched (with character
/// ranges into the matched text) and its messages.
pub(crate) fn search_hit(
    hit: &crate::core::search::Hit,
    entry: &CodeEntry,
    flow: &FlowFile,
    same_tree: &[Code],
) -> Value {
    let mut value = code_summary(entry, flow, same_tree);
    if let Value::Object(map) = &mut value {
        map.insert("score".into(), json!(hit.score));
        map.insert("kind".into(), json!(hit.kind));
        let mut matched = serde_json::to_value(&hit.matched).unwrap_or(Value::Null);
        scrub(&mut matched);
        map.insert("matched".into(), matched);
    }
    value
}

/// A known code offered because the query held an unknown one (`unknown`):
/// the summary, `"kind": "nearest"`, `"nearest_to"` and a score of 0, after
/// the real matches.
pub(crate) fn nearest_code(
    entry: &CodeEntry,
    flow: &FlowFile,
    unknown: Code,
    same_tree: &[Code],
) -> Value {
    let mut value = code_summary(entry, flow, same_tree);
    if let Value::Object(map) = &mut value {
        map.insert("score".into(), json!(0));
        map.insert("kind".into(), json!("nearest"));
        map.insert("nearest_to".into(), json!(unknown.to_string()));
        map.insert("matched".into(), Value::Null);
    }
    value
}
