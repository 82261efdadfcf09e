//! The node graph of a file: no cycle, and the example paths under `tests`.

use super::*;

/// Ids of the nodes a node leads to directly.
pub(super) fn successors<'f>(flow: &'f FlowFile, id: &str) -> Vec<&'f str> {
    match flow.questions.get(id) {
        Some(q) => q.choices.iter().map(|c| c.next.as_str()).collect(),
        None => Vec::new(),
    }
}

pub(super) fn check_graph(flow: &FlowFile, report: &mut Report) {
    // Reachability from every code's start.
    let reached: BTreeSet<&str> = flow
        .reachable(flow.codes.iter().map(|c| c.start.as_str()))
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    for id in flow.questions.keys() {
        if !reached.contains(id.as_str()) {
            report.at(
                &format!("questions.{id}"),
                format!("question '{id}' is unreachable: no code's tree leads to it"),
            );
        }
    }
    for id in flow.resolutions.keys() {
        if !reached.contains(id.as_str()) {
            report.at(
                &format!("resolutions.{id}"),
                format!("resolution '{id}' is unreachable: no code's tree leads to it"),
            );
        }
    }

    // Cycles: depth-first search with an explicit path; each cycle once.
    let mut done: BTreeSet<&str> = BTreeSet::new();
    let mut reported: BTreeSet<Vec<&str>> = BTreeSet::new();
    for id in flow.questions.keys() {
        find_cycles(flow, id, &mut Vec::new(), &mut done, &mut reported, report);
    }
}

pub(super) fn find_cycles<'f>(
    flow: &'f FlowFile,
    id: &'f str,
    path: &mut Vec<&'f str>,
    done: &mut BTreeSet<&'f str>,
    reported: &mut BTreeSet<Vec<&'f str>>,
    report: &mut Report,
) {
    if let Some(at) = path.iter().position(|p| *p == id) {
        let mut cycle: Vec<&str> = path[at..].to_vec();
        // Rotate so the same cycle found from another entry is recognised.
        if let Some(min) = cycle
            .iter()
            .enumerate()
            .min_by_key(|(_, n)| **n)
            .map(|(i, _)| i)
        {
            cycle.rotate_left(min);
        }
        if reported.insert(cycle.clone()) {
            let mut shown = cycle.clone();
            shown.push(cycle[0]);
            report.at(
                &format!("questions.{}", cycle[0]),
                format!("cycle: {}", shown.join(" -> ")),
            );
        }
        return;
    }
    if done.contains(id) || !flow.questions.contains_key(id) {
        return;
    }
    path.push(id);
    for next in successors(flow, id) {
        find_cycles(flow, next, path, done, reported, report);
    }
    path.pop();
    done.insert(id);
}

pub(super) fn check_examples(flow: &FlowFile, report: &mut Report) {
    let mut covered: BTreeSet<&str> = BTreeSet::new();
    for (i, example) in flow.tests.iter().enumerate() {
        let path = format!("tests[{i}]");
        let Some(entry) = flow.code(example.code) else {
            report.at(
                &format!("{path}.code"),
                format!(
                    "example path uses code {}, which this file does not define",
                    example.code
                ),
            );
            continue;
        };
        if !flow.resolutions.contains_key(&example.expect) {
            report.at(
                &format!("{path}.expect"),
                format!(
                    "example path expects '{}', which is not a resolution of this file",
                    example.expect
                ),
            );
            continue;
        }
        match walk::follow(flow, &entry.start, &example.answers) {
            Ok((_, reached)) if reached == example.expect => {
                covered.insert(
                    flow.resolutions
                        .get_key_value(&example.expect)
                        .map(|(k, _)| k.as_str())
                        .unwrap_or(""),
                );
            }
            Ok((_, reached)) => {
                let what = match flow.node(&reached) {
                    Some(Node::Question(_)) => format!("stops at question '{reached}'"),
                    _ => format!("reaches '{reached}'"),
                };
                report.at(
                    &path,
                    format!(
                        "example path for {} with answers [{}] {what}, not '{}'",
                        example.code,
                        example.answers.join(", "),
                        example.expect
                    ),
                );
            }
            Err(err) => report.at(
                &path,
                format!(
                    "example path for {} with answers [{}] fails: {err}",
                    example.code,
                    example.answers.join(", ")
                ),
            ),
        }
    }
    for id in flow.resolutions.keys() {
        if !covered.contains(id.as_str()) {
            report.at(
                &format!("resolutions.{id}"),
                format!("resolution '{id}' is not reached by any example path under 'tests'"),
            );
        }
    }
}
