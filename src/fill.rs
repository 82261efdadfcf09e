//! Filling a resolution's commands with placeholder values.
//!
//! Values are validated against the type the flow file declares before they
//! are kept, so a filled command only ever contains checked values. Values
//! are kept by name across flows: a KMS host typed once serves every command.

use std::collections::BTreeMap;

use crate::catalog::{FlowFile, Lang};
use crate::placeholder;

/// Why a value could not be set.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SetError {
    #[error("'{0}' is not a placeholder of this flow (known: {1})")]
    Unknown(String, String),
    #[error("{name}: {reason}")]
    Invalid { name: String, reason: String },
    #[error("'{0}' is not NAME=VALUE")]
    Malformed(String),
}

/// A command with its placeholders filled as far as values allow.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FilledCommand {
    pub text: String,
    /// Placeholders still without a value (they stay as `{name}` in `text`).
    pub missing: Vec<String>,
}

impl FilledCommand {
    pub fn is_complete(&self) -> bool {
        self.missing.is_empty()
    }
}

/// Values typed by the user, by placeholder name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Values {
    typed: BTreeMap<String, String>,
}

impl Values {
    pub fn new() -> Self {
        Values::default()
    }

    /// Parses `NAME=VALUE` and sets it.
    pub fn set_pair(&mut self, flow: &FlowFile, pair: &str, lang: Lang) -> Result<(), SetError> {
        let (name, value) = pair
            .split_once('=')
            .ok_or_else(|| SetError::Malformed(pair.to_string()))?;
        self.set(flow, name.trim(), value, lang)
    }

    /// Validates `raw` against the type `flow` declares for `name`, then keeps it.
    pub fn set(
        &mut self,
        flow: &FlowFile,
        name: &str,
        raw: &str,
        lang: Lang,
    ) -> Result<(), SetError> {
        let decl = flow.placeholders.get(name).ok_or_else(|| {
            SetError::Unknown(
                name.to_string(),
                flow.placeholders
                    .keys()
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", "),
            )
        })?;
        let value = placeholder::validate(decl.kind, raw).map_err(|e| SetError::Invalid {
            name: name.to_string(),
            reason: e.message(lang),
        })?;
        self.typed.insert(name.to_string(), value);
        Ok(())
    }

    /// The value typed for `name`, if any.
    pub fn typed(&self, name: &str) -> Option<&str> {
        self.typed.get(name).map(String::as_str)
    }

    /// The value to use for `name` in `flow`: typed, else the declared default.
    pub fn effective(&self, flow: &FlowFile, name: &str) -> Option<String> {
        self.typed
            .get(name)
            .cloned()
            .or_else(|| flow.placeholders.get(name).and_then(|d| d.default.clone()))
    }

    /// Fills `template` with the effective values for `flow`.
    pub fn fill(&self, flow: &FlowFile, template: &str) -> FilledCommand {
        let mut values = BTreeMap::new();
        for name in placeholder::names(template) {
            if let Some(v) = self.effective(flow, &name) {
                values.insert(name, v);
            }
        }
        let (text, missing) = placeholder::fill(template, &values);
        FilledCommand { text, missing }
    }
}
