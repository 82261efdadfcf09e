//! Flow layers: where flows come from, lowest first. A team layers its own
//! trees over the built-in ones; a code a higher layer defines again
//! replaces the lower definition only when its entry says `overrides: true`.
//!
//! 1. built-in: the flows inside the binary;
//! 2. system: `%ProgramData%\actwiz\flows` on Windows, `/etc/actwiz/flows`
//!    elsewhere (`ACTWIZ_SYSTEM_FLOWS` names another folder);
//! 3. config: the folders of `flows = [...]` in the configuration file;
//! 4. user: `%APPDATA%\actwiz\flows` on Windows, `$XDG_DATA_HOME/actwiz/flows`
//!    or `~/.local/share/actwiz/flows` elsewhere (`ACTWIZ_USER_FLOWS` names
//!    another folder);
//! 5. `--flows DIR`, in the order given.
//!
//! The system and user folders are looked for: a missing one is simply not
//! there. The folders the user named (config, `--flows`) must exist.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

/// Which layer a folder of flows belongs to, lowest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LayerKind {
    Builtin,
    System,
    Config,
    User,
    CommandLine,
}

impl LayerKind {
    /// The name shown to people (`list --source`, `flows path`, messages).
    pub fn name(self) -> &'static str {
        match self {
            LayerKind::Builtin => "built-in",
            LayerKind::System => "system",
            LayerKind::Config => "config",
            LayerKind::User => "user",
            LayerKind::CommandLine => "--flows",
        }
    }

    /// Whether the folder is looked for rather than named by the user: a
    /// missing one is then no error.
    pub fn implicit(self) -> bool {
        matches!(self, LayerKind::System | LayerKind::User)
    }
}

impl fmt::Display for LayerKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One folder of flows and its layer (the built-in layer has no folder).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Layer {
    pub kind: LayerKind,
    pub folder: PathBuf,
}

impl Layer {
    pub fn new(kind: LayerKind, folder: impl Into<PathBuf>) -> Layer {
        Layer {
            kind,
            folder: folder.into(),
        }
    }

    /// Whether the folder is there to be read. A missing implicit folder is
    /// skipped; a missing named one is reported when loading.
    pub fn exists(&self) -> bool {
        self.folder.is_dir()
    }

    /// Whether loading skips this layer: an implicit folder that is absent,
    /// or holds no flow file yet (a named folder without any is an error).
    pub fn skipped(&self) -> bool {
        self.kind.implicit() && !has_flow_files(&self.folder)
    }
}

/// Whether `folder` holds a `*.yaml` or `*.yml` entry.
fn has_flow_files(folder: &Path) -> bool {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return false;
    };
    entries.filter_map(Result::ok).any(|entry| {
        Path::new(&entry.file_name())
            .extension()
            .is_some_and(|x| x == "yaml" || x == "yml")
    })
}

/// The folder layers in effect above the built-in flows, lowest first:
/// system, the configuration's folders, user, then the `--flows` folders.
/// `env` reads environment variables (tests give their own).
pub(crate) fn in_effect(
    config_folders: &[PathBuf],
    command_line: &[PathBuf],
    env: impl Fn(&str) -> Option<String>,
) -> Vec<Layer> {
    let mut layers = Vec::new();
    if let Some(folder) = system_folder(&env) {
        layers.push(Layer::new(LayerKind::System, folder));
    }
    layers.extend(
        config_folders
            .iter()
            .map(|f| Layer::new(LayerKind::Config, f.clone())),
    );
    if let Some(folder) = user_folder(&env) {
        layers.push(Layer::new(LayerKind::User, folder));
    }
    layers.extend(
        command_line
            .iter()
            .map(|f| Layer::new(LayerKind::CommandLine, f.clone())),
    );
    layers
}

/// Every folder given as a `--flows` layer (used where only folders are
/// known, as by [`super::Catalog::load`]).
pub(crate) fn command_line(folders: &[PathBuf]) -> Vec<Layer> {
    in_effect(&[], folders, |_| None)
        .into_iter()
        .filter(|l| l.kind == LayerKind::CommandLine)
        .collect()
}

fn set(env: &impl Fn(&str) -> Option<String>, name: &str) -> Option<String> {
    env(name).filter(|v| !v.trim().is_empty())
}

/// `ACTWIZ_SYSTEM_FLOWS`, else `%ProgramData%\actwiz\flows` on Windows and
/// `/etc/actwiz/flows` elsewhere.
pub(crate) fn system_folder(env: &impl Fn(&str) -> Option<String>) -> Option<PathBuf> {
    if let Some(folder) = set(env, "ACTWIZ_SYSTEM_FLOWS") {
        return Some(PathBuf::from(folder));
    }
    if cfg!(windows) {
        let base = set(env, "ProgramData")
            .or_else(|| set(env, "PROGRAMDATA"))
            .unwrap_or_else(|| r"C:\ProgramData".to_string());
        Some(Path::new(&base).join("actwiz").join("flows"))
    } else {
        Some(PathBuf::from("/etc/actwiz/flows"))
    }
}

/// `ACTWIZ_USER_FLOWS`, else the platform's data folder: `%APPDATA%\actwiz\flows`
/// on Windows, `$XDG_DATA_HOME/actwiz/flows` or `~/.local/share/actwiz/flows`
/// elsewhere. `None` when no such folder can be named.
pub(crate) fn user_folder(env: &impl Fn(&str) -> Option<String>) -> Option<PathBuf> {
    if let Some(folder) = set(env, "ACTWIZ_USER_FLOWS") {
        return Some(PathBuf::from(folder));
    }
    Some(data_folder(env)?.join("flows"))
}

/// actwiz's folder in the platform's data folder: `%APPDATA%\actwiz` on
/// Windows, `$XDG_DATA_HOME/actwiz` or `~/.local/share/actwiz` elsewhere
/// (user flows, recent codes). `None` when no such folder can be named.
pub(crate) fn data_folder(env: &impl Fn(&str) -> Option<String>) -> Option<PathBuf> {
    let data = if cfg!(windows) {
        PathBuf::from(set(env, "APPDATA")?)
    } else {
        match set(env, "XDG_DATA_HOME").map(PathBuf::from) {
            // The XDG spec ignores a relative value.
            Some(dir) if dir.is_absolute() => dir,
            _ => PathBuf::from(set(env, "HOME")?)
                .join(".local")
                .join("share"),
        }
    };
    Some(data.join("actwiz"))
}

/// An environment of fixed variables, for the tests of code that reads one
/// (here and in `recent.rs`).
#[cfg(test)]
pub(crate) fn fixed_env<'a>(
    pairs: &'a [(&'a str, &'a str)],
) -> impl Fn(&str) -> Option<String> + 'a {
    move |name| {
        pairs
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::fixed_env as env;

    #[test]
    fn layers_come_lowest_first() {
        let layers = in_effect(
            &[PathBuf::from("team")],
            &[PathBuf::from("mine"), PathBuf::from("more")],
            env(&[
                ("ACTWIZ_SYSTEM_FLOWS", "/sys"),
                ("ACTWIZ_USER_FLOWS", "/usr-flows"),
            ]),
        );
        let kinds: Vec<(LayerKind, &str)> = layers
            .iter()
            .map(|l| (l.kind, l.folder.to_str().unwrap_or("")))
            .collect();
        assert_eq!(
            kinds,
            [
                (LayerKind::System, "/sys"),
                (LayerKind::Config, "team"),
                (LayerKind::User, "/usr-flows"),
                (LayerKind::CommandLine, "mine"),
                (LayerKind::CommandLine, "more"),
            ]
        );
    }

    #[cfg(not(windows))]
    #[test]
    fn platform_folders_outside_windows() {
        let none = env(&[]);
        assert_eq!(
            system_folder(&none),
            Some(PathBuf::from("/etc/actwiz/flows"))
        );
        assert_eq!(user_folder(&none), None);
        let home = env(&[("HOME", "/home/a")]);
        assert_eq!(
            user_folder(&home),
            Some(PathBuf::from("/home/a/.local/share/actwiz/flows"))
        );
        let xdg = env(&[("HOME", "/home/a"), ("XDG_DATA_HOME", "/data")]);
        assert_eq!(user_folder(&xdg), Some(PathBuf::from("/data/actwiz/flows")));
        let relative = env(&[("HOME", "/home/a"), ("XDG_DATA_HOME", "data")]);
        assert_eq!(
            user_folder(&relative),
            Some(PathBuf::from("/home/a/.local/share/actwiz/flows"))
        );
    }

    #[test]
    fn only_system_and_user_folders_may_be_missing() {
        let missing = Path::new("/nonexistent/actwiz-layers-test");
        assert!(Layer::new(LayerKind::System, missing).skipped());
        assert!(Layer::new(LayerKind::User, missing).skipped());
        assert!(!Layer::new(LayerKind::Config, missing).skipped());
        assert!(!Layer::new(LayerKind::CommandLine, missing).skipped());
    }
}
