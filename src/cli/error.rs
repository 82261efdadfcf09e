//! How a run of actwiz ends: its exit statuses and its one error type, in
//! one place. Subcommands raise a [`Failure`] (through `anyhow`) for what
//! the user can act on; [`CliError::from`] sorts every error once, at the
//! edge, and `main` prints it and exits with its [`Exit`] status.

use std::process::ExitCode;

use serde_json::Value;

/// The exit statuses of actwiz.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// Done; also when the reader of stdout closed the pipe early.
    Success = 0,
    /// Refused or failed, explained on stderr; also a "no" answer (`check`
    /// found problems, `evidence` recognised nothing, `diagnose` found no
    /// error code).
    Failure = 1,
    /// The command line itself is wrong (clap's usage errors).
    Usage = 2,
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> ExitCode {
        ExitCode::from(exit as u8)
    }
}

/// A user error of a subcommand, with what a script needs to act on it:
/// a stable `kind` and details. Under `--json` it is also printed on stdout
/// as `{"error": {"kind", "message", ...details}}`; on stderr it reads as
/// its message.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct Failure {
    pub kind: &'static str,
    pub message: String,
    pub details: serde_json::Map<String, Value>,
}

impl Failure {
    pub fn new(kind: &'static str, message: impl Into<String>) -> Failure {
        Failure {
            kind,
            message: message.into(),
            details: serde_json::Map::new(),
        }
    }

    /// Adds a detail for scripts.
    pub fn with(mut self, key: &str, value: impl Into<Value>) -> Failure {
        self.details.insert(key.to_string(), value.into());
        self
    }

    /// The `--json` form.
    pub(crate) fn to_json(&self) -> Value {
        let mut error = serde_json::Map::new();
        error.insert("kind".into(), self.kind.into());
        error.insert(
            "message".into(),
            crate::core::sanitize::clean(&self.message)
                .into_owned()
                .into(),
        );
        for (key, value) in &self.details {
            error.insert(key.clone(), value.clone());
        }
        serde_json::json!({ "error": error })
    }
}

/// Why a run did not complete.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// The reader of stdout went away (`actwiz list | head`): a quiet end.
    #[error("broken pipe")]
    BrokenPipe,
    /// Refused: the input, a file or the machine is not as needed, and the
    /// message says why.
    #[error("{0}")]
    Refused(Failure),
    /// Anything else (an I/O error, a bug), reported with its causes.
    #[error("error: {0:#}")]
    Internal(anyhow::Error),
}

/// The one place errors are sorted.
impl From<anyhow::Error> for CliError {
    fn from(err: anyhow::Error) -> CliError {
        if crate::output::is_broken_pipe(&err) {
            return CliError::BrokenPipe;
        }
        match err.downcast::<Failure>() {
            Ok(failure) => CliError::Refused(failure),
            Err(other) => CliError::Internal(other),
        }
    }
}

impl From<Failure> for CliError {
    fn from(failure: Failure) -> CliError {
        CliError::Refused(failure)
    }
}

impl CliError {
    pub fn exit(&self) -> Exit {
        match self {
            CliError::BrokenPipe => Exit::Success,
            CliError::Refused(_) | CliError::Internal(_) => Exit::Failure,
        }
    }

    /// What `--json` prints on stdout, if anything.
    pub(crate) fn to_json(&self) -> Option<Value> {
        match self {
            CliError::BrokenPipe => None,
            CliError::Refused(failure) => Some(failure.to_json()),
            CliError::Internal(err) => Some(Failure::new("internal", format!("{err:#}")).to_json()),
        }
    }

    /// The line for stderr, if any: `actwiz: ` and the error.
    pub fn stderr_line(&self) -> Option<String> {
        match self {
            CliError::BrokenPipe => None,
            other => Some(format!("actwiz: {other}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_are_sorted_once_with_their_exit_status() {
        let refused = CliError::from(anyhow::Error::from(Failure::new(
            "unknown_code",
            "no such code",
        )));
        assert_eq!(refused.exit(), Exit::Failure);
        assert_eq!(
            refused.stderr_line().as_deref(),
            Some("actwiz: no such code")
        );
        let json = refused.to_json().expect("a refusal has a JSON form");
        assert_eq!(json["error"]["kind"], "unknown_code");

        let internal = CliError::from(anyhow::anyhow!("disk on fire").context("saving"));
        assert_eq!(internal.exit(), Exit::Failure);
        assert_eq!(
            internal.stderr_line().as_deref(),
            Some("actwiz: error: saving: disk on fire")
        );
        assert_eq!(
            internal.to_json().expect("json")["error"]["kind"],
            "internal"
        );

        let pipe = std::io::Error::from(std::io::ErrorKind::BrokenPipe);
        let pipe = CliError::from(anyhow::Error::from(pipe));
        assert_eq!((pipe.exit(), pipe.stderr_line()), (Exit::Success, None));
        assert_eq!(ExitCode::from(Exit::Usage), ExitCode::from(2));
    }
}
