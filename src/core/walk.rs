//! The flow walker: a pure state machine over one code's decision tree.
//!
//! A `Walk` owns only ids (the code, the current node, the answers so far),
//! so a front end can keep it next to the catalog without borrowing tricks.
//! Every step looks the nodes up again in the catalog it is given.

use crate::core::model::{Choice, Code, CodeEntry, FlowFile, Node, Question, Resolution};

/// Where a walk finds its code's entry and file: the catalog, which
/// implements it (the walker sits below the catalog, whose validation
/// follows example paths with [`follow`]).
pub trait Flows {
    fn flow_of(&self, code: Code) -> Option<(&CodeEntry, &FlowFile)>;
}

/// Why a step could not be taken.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum WalkError {
    #[error("unknown code {0}")]
    UnknownCode(Code),
    #[error("the flow has no node '{0}'")]
    MissingNode(String),
    #[error("'{input}' is not a choice here; choose {}", expected.join(", "))]
    NoSuchChoice {
        input: String,
        expected: Vec<String>,
    },
    #[error("the flow already reached a resolution; there is nothing left to answer")]
    AlreadyResolved,
}

/// One answered question.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    pub question: String,
    pub choice: String,
}

/// Where a walk stands.
#[derive(Clone, Copy, Debug)]
pub enum Current<'c> {
    Question {
        id: &'c str,
        question: &'c Question,
    },
    Resolution {
        id: &'c str,
        resolution: &'c Resolution,
    },
}

/// The questions and choices of a path, looked up in `flow`. Steps that no
/// longer match the flow (it cannot happen for a walk made on it) are skipped.
pub fn answered<'f>(
    flow: &'f FlowFile,
    steps: &'f [Step],
) -> impl Iterator<Item = (&'f Step, &'f Question, &'f Choice)> + 'f {
    steps.iter().filter_map(move |step| {
        let question = flow.questions.get(&step.question)?;
        let choice = question.choices.iter().find(|c| c.id == step.choice)?;
        Some((step, question, choice))
    })
}

/// Picks the choice meant by `input`: a choice id (any case) or its 1-based number.
pub(crate) fn choose<'q>(question: &'q Question, input: &str) -> Result<&'q Choice, WalkError> {
    let wanted = input.trim();
    let by_id = question
        .choices
        .iter()
        .find(|c| c.id.eq_ignore_ascii_case(wanted));
    let by_number = || {
        wanted
            .parse::<usize>()
            .ok()
            .and_then(|n| n.checked_sub(1))
            .and_then(|i| question.choices.get(i))
    };
    by_id
        .or_else(by_number)
        .ok_or_else(|| WalkError::NoSuchChoice {
            input: wanted.to_string(),
            expected: question
                .choices
                .iter()
                .enumerate()
                .map(|(i, c)| format!("{} ({})", i + 1, c.id))
                .collect(),
        })
}

/// Follows `answers` from `start` within `file`. Returns the steps taken and
/// the node reached. Used by the walker and by the example-path checks.
pub fn follow(
    file: &FlowFile,
    start: &str,
    answers: &[String],
) -> Result<(Vec<Step>, String), WalkError> {
    let mut current = start.to_string();
    let mut steps = Vec::new();
    for answer in answers {
        match file.node(&current) {
            Some(Node::Question(q)) => {
                let choice = choose(q, answer)?;
                steps.push(Step {
                    question: current.clone(),
                    choice: choice.id.clone(),
                });
                current = choice.next.clone();
            }
            Some(Node::Resolution(_)) => return Err(WalkError::AlreadyResolved),
            None => return Err(WalkError::MissingNode(current)),
        }
    }
    Ok((steps, current))
}

/// The most questions on a path from `node` to a resolution, `node`
/// included. Flows are checked to be acyclic; `seen` still guards against a
/// cycle (a node already on the path counts for nothing).
fn questions_from(file: &FlowFile, node: &str, seen: &mut Vec<String>) -> usize {
    let Some(Node::Question(q)) = file.node(node) else {
        return 0;
    };
    if seen.iter().any(|n| n == node) {
        return 0;
    }
    seen.push(node.to_string());
    let deepest = q
        .choices
        .iter()
        .map(|c| questions_from(file, &c.next, seen))
        .max()
        .unwrap_or(0);
    seen.pop();
    1 + deepest
}

/// A walk through one code's tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Walk {
    code: Code,
    start: String,
    current: String,
    path: Vec<Step>,
}

impl Walk {
    pub fn start(catalog: &(impl Flows + ?Sized), code: Code) -> Result<Walk, WalkError> {
        let (entry, _) = catalog.flow_of(code).ok_or(WalkError::UnknownCode(code))?;
        Ok(Walk {
            code,
            start: entry.start.clone(),
            current: entry.start.clone(),
            path: Vec::new(),
        })
    }

    pub fn code(&self) -> Code {
        self.code
    }

    pub fn path(&self) -> &[Step] {
        &self.path
    }

    /// The code entry and file this walk runs in.
    pub(crate) fn context<'c>(
        &self,
        catalog: &'c (impl Flows + ?Sized),
    ) -> Result<(&'c CodeEntry, &'c FlowFile), WalkError> {
        catalog
            .flow_of(self.code)
            .ok_or(WalkError::UnknownCode(self.code))
    }

    pub fn current<'c>(
        &self,
        catalog: &'c (impl Flows + ?Sized),
    ) -> Result<Current<'c>, WalkError> {
        let (_, file) = self.context(catalog)?;
        let (id, node) = file
            .node_with_id(&self.current)
            .ok_or_else(|| WalkError::MissingNode(self.current.clone()))?;
        Ok(match node {
            Node::Question(question) => Current::Question { id, question },
            Node::Resolution(resolution) => Current::Resolution { id, resolution },
        })
    }

    /// Answers the pending question with a choice id or a 1-based number.
    pub fn answer(
        &mut self,
        catalog: &(impl Flows + ?Sized),
        input: &str,
    ) -> Result<(), WalkError> {
        let (_, file) = self.context(catalog)?;
        let (steps, next) = follow(file, &self.current, &[input.to_string()])?;
        self.path.extend(steps);
        self.current = next;
        Ok(())
    }

    /// Goes back one question. Returns false at the start.
    pub fn back(&mut self) -> bool {
        match self.path.pop() {
            Some(step) => {
                self.current = step.question;
                true
            }
            None => false,
        }
    }

    /// Goes back to question `n` (0-based: `n` answers kept). Returns the
    /// step that answered it, so a front end can mark the answer given
    /// before; `None` (and no change) when there is no such question.
    pub(crate) fn back_to(&mut self, n: usize) -> Option<Step> {
        if n >= self.path.len() {
            return None;
        }
        let step = self.path[n].clone();
        self.path.truncate(n);
        self.current = step.question.clone();
        Some(step)
    }

    /// The most questions that can still come after the current one (0 at
    /// a resolution or at the last question of every branch).
    pub(crate) fn max_questions_after(&self, catalog: &(impl Flows + ?Sized)) -> usize {
        match self.context(catalog) {
            Ok((_, file)) => questions_from(file, &self.current, &mut Vec::new()).saturating_sub(1),
            Err(_) => 0,
        }
    }

    pub fn restart(&mut self) {
        self.path.clear();
        self.current = self.start.clone();
    }

    pub(crate) fn is_resolved(&self, catalog: &(impl Flows + ?Sized)) -> bool {
        matches!(self.current(catalog), Ok(Current::Resolution { .. }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::catalog::Catalog;

    const FLOW: &str = r#"
family: demo
title: {en: Demo, fr: Démo}
source: test
codes:
  - code: "0xC0DE0001"
    messages: {en: Demo error., fr: Erreur de démo.}
    activation_types: [kms_client]
    start: port_open
    source: test
questions:
  port_open:
    text: {en: Is the port open?, fr: Le port est-il ouvert ?}
    how_to_check: {en: Test it., fr: Testez-le.}
    choices:
      - {id: "yes", label: {en: Yes, fr: Oui}, next: done}
      - {id: "no", label: {en: No, fr: Non}, next: open_port}
    source: test
    no_way_out: "Test fixture: not a real question."
resolutions:
  done:
    title: {en: Done, fr: Fini}
    cause: {en: Nothing., fr: Rien.}
    steps: [{en: Relax., fr: Détendez-vous.}]
    source: test
  open_port:
    title: {en: Open the port, fr: Ouvrez le port}
    cause: {en: Blocked., fr: Bloqué.}
    steps: [{en: Open it., fr: Ouvrez-le.}]
    source: test
tests:
  - {code: "0xC0DE0001", answers: ["yes"], expect: done}
  - {code: "0xC0DE0001", answers: ["no"], expect: open_port}
"#;

    fn catalog() -> Catalog {
        Catalog::from_sources(&[("demo.yaml", FLOW)]).unwrap()
    }

    #[test]
    fn answers_by_id_or_number_and_goes_back() {
        let catalog = catalog();
        let mut walk = Walk::start(&catalog, Code(0xC0DE0001)).unwrap();
        assert!(matches!(
            walk.current(&catalog).unwrap(),
            Current::Question {
                id: "port_open",
                ..
            }
        ));
        walk.answer(&catalog, "2").unwrap();
        assert!(matches!(
            walk.current(&catalog).unwrap(),
            Current::Resolution {
                id: "open_port",
                ..
            }
        ));
        assert_eq!(walk.path().len(), 1);
        assert!(walk.back());
        walk.answer(&catalog, "YES").unwrap();
        assert!(matches!(
            walk.current(&catalog).unwrap(),
            Current::Resolution { id: "done", .. }
        ));
        walk.restart();
        assert!(walk.path().is_empty());
        assert!(!walk.back());
    }

    #[test]
    fn rejects_bad_answers_and_answers_after_the_end() {
        let catalog = catalog();
        let mut walk = Walk::start(&catalog, Code(0xC0DE0001)).unwrap();
        for bad in ["0", "3", "maybe", ""] {
            let err = walk.answer(&catalog, bad).unwrap_err();
            assert!(matches!(err, WalkError::NoSuchChoice { .. }), "{bad}");
        }
        walk.answer(&catalog, "1").unwrap();
        assert_eq!(
            walk.answer(&catalog, "1").unwrap_err(),
            WalkError::AlreadyResolved
        );
        assert_eq!(
            Walk::start(&catalog, Code(1)).unwrap_err(),
            WalkError::UnknownCode(Code(1))
        );
    }

    #[test]
    fn back_to_an_earlier_question_and_the_questions_left() {
        let fixture = include_str!("../../tests/fixtures/tui/demo.yaml");
        let catalog = Catalog::from_sources(&[("demo.yaml", fixture)]).unwrap();
        let code = Code(0xC0DE0074);
        let mut walk = Walk::start(&catalog, code).unwrap();
        // srv_record, then port_open on the "yes" branch: one more at most.
        assert_eq!(walk.max_questions_after(&catalog), 1);
        walk.answer(&catalog, "yes").unwrap();
        assert_eq!(walk.max_questions_after(&catalog), 0);
        walk.answer(&catalog, "no").unwrap();
        assert!(walk.is_resolved(&catalog));
        assert_eq!(walk.back_to(5), None, "no question 6");
        let step = walk.back_to(0).expect("question 1 was answered");
        assert_eq!(
            (step.question.as_str(), step.choice.as_str()),
            ("srv_record", "yes")
        );
        assert!(walk.path().is_empty());
        assert!(matches!(
            walk.current(&catalog),
            Ok(Current::Question {
                id: "srv_record",
                ..
            })
        ));
    }
}
