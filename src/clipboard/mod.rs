//! Copying a command so that the agent can paste it: system clipboard, the
//! terminal (OSC 52) or tmux. No UI here: callers show the outcome.
//!
//! Agents often run the wizard over SSH or inside tmux, where there is no
//! X11/Wayland display and the system clipboard alone fails. In the default
//! [`ClipboardMode::Auto`] the method is chosen from the environment
//! ([`plan`]), before anything is tried:
//!
//! 1. Over SSH (`SSH_TTY` or `SSH_CONNECTION` set), the system clipboard is
//!    skipped: it would be the remote machine's, and reaching a forwarded X11
//!    display can cost a long timeout. The terminal methods are used.
//! 2. Otherwise, when there is a display (`DISPLAY` or `WAYLAND_DISPLAY` on
//!    Linux and the BSDs; always on Windows and macOS), the system clipboard
//!    comes first, through arboard.
//! 3. The terminal methods: inside tmux (`TMUX` set), `tmux load-buffer -w -`
//!    first (it needs no tmux option), then OSC 52; elsewhere OSC 52, wrapped
//!    for GNU screen when `STY` is set. See [`osc52`] for the wrappers.
//!
//! The forced modes ([`ClipboardMode::System`], [`ClipboardMode::Osc52`]) use
//! their one method and report its failure; [`ClipboardMode::None`] copies
//! nothing.
//!
//! Everything copied first goes through [`crate::core::sanitize::clean`]: a flow file
//! must not put an escape sequence into an administrator's paste.
//!
//! The environment is read once into an [`Env`] ([`Env::from_process`]) and
//! passed in, so that tests choose it. (arboard itself still reads `DISPLAY`
//! from the process environment when it connects.)

pub mod osc52;
mod tmux;

use std::fmt;
use std::io::Write;
use std::str::FromStr;

use crate::core::catalog::Lang;
use crate::core::sanitize;

/// Where copies go, as chosen by `--clipboard` or `ACTWIZ_CLIPBOARD`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum ClipboardMode {
    /// Pick from the environment; see the module documentation.
    #[default]
    Auto,
    /// The system clipboard only (arboard: X11, Wayland through XWayland,
    /// Windows, macOS).
    System,
    /// OSC 52 only (wrapped for tmux or screen when inside one).
    Osc52,
    /// Do not copy.
    None,
}

impl ClipboardMode {
    pub const ALL: [ClipboardMode; 4] = [
        ClipboardMode::Auto,
        ClipboardMode::System,
        ClipboardMode::Osc52,
        ClipboardMode::None,
    ];

    /// The name used on the command line and in `ACTWIZ_CLIPBOARD`.
    pub fn as_str(self) -> &'static str {
        match self {
            ClipboardMode::Auto => "auto",
            ClipboardMode::System => "system",
            ClipboardMode::Osc52 => "osc52",
            ClipboardMode::None => "none",
        }
    }

    /// The mode chosen on the command line (or the configuration) if any,
    /// else from `ACTWIZ_CLIPBOARD` in `env`, else [`ClipboardMode::Auto`].
    /// An empty variable counts as absent.
    pub fn resolve(
        chosen: Option<ClipboardMode>,
        env: &Env,
    ) -> Result<ClipboardMode, ParseModeError> {
        if let Some(mode) = chosen {
            return Ok(mode);
        }
        match env.clipboard.as_deref().filter(|v| !v.trim().is_empty()) {
            Some(value) => value.parse(),
            None => Ok(ClipboardMode::Auto),
        }
    }
}

impl fmt::Display for ClipboardMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A clipboard mode name that is not one of auto, system, osc52, none.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown clipboard mode '{0}' (expected auto, system, osc52 or none)")]
pub struct ParseModeError(pub String);

impl FromStr for ClipboardMode {
    type Err = ParseModeError;

    /// Accepts the four names in any case, with surrounding spaces, and
    /// `osc-52` for `osc52`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "auto" => Ok(ClipboardMode::Auto),
            "system" => Ok(ClipboardMode::System),
            "osc52" | "osc-52" => Ok(ClipboardMode::Osc52),
            "none" => Ok(ClipboardMode::None),
            _ => Err(ParseModeError(
                sanitize::clean_line(s).chars().take(40).collect(),
            )),
        }
    }
}

/// The environment variables that decide how to copy, read once.
///
/// Empty values count as unset (as `DISPLAY=` means "no display").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Env {
    /// `DISPLAY`: an X11 (or XWayland) display.
    pub display: Option<String>,
    /// `WAYLAND_DISPLAY`.
    pub wayland_display: Option<String>,
    /// `SSH_TTY`: set by sshd for a session with a terminal.
    pub ssh_tty: Option<String>,
    /// `SSH_CONNECTION`: set by sshd for every session.
    pub ssh_connection: Option<String>,
    /// `TMUX`: inside tmux; names the server's socket.
    pub tmux: Option<String>,
    /// `STY`: inside GNU screen.
    pub sty: Option<String>,
    /// `ACTWIZ_CLIPBOARD`: the mode, when `--clipboard` is not given.
    pub clipboard: Option<String>,
    /// Whether the system clipboard needs a display server (`DISPLAY` or
    /// `WAYLAND_DISPLAY`): true on Linux and the BSDs, false on Windows and
    /// macOS, where it is always there.
    pub needs_display_server: bool,
}

impl Default for Env {
    /// No variable set, on the current platform.
    fn default() -> Self {
        Env {
            display: None,
            wayland_display: None,
            ssh_tty: None,
            ssh_connection: None,
            tmux: None,
            sty: None,
            clipboard: None,
            needs_display_server: NEEDS_DISPLAY_SERVER,
        }
    }
}

const NEEDS_DISPLAY_SERVER: bool = cfg!(all(
    unix,
    not(any(
        target_os = "macos",
        target_os = "ios",
        target_os = "android"
    ))
));

impl Env {
    /// A snapshot of this process's environment.
    pub(crate) fn from_process() -> Self {
        Env::from_lookup(|name| std::env::var_os(name).map(|v| v.to_string_lossy().into_owned()))
    }

    /// A snapshot taken through `get` (a variable name to its value), on the
    /// current platform.
    pub(crate) fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Self {
        let var = |name: &str| get(name).filter(|v| !v.is_empty());
        Env {
            display: var("DISPLAY"),
            wayland_display: var("WAYLAND_DISPLAY"),
            ssh_tty: var("SSH_TTY"),
            ssh_connection: var("SSH_CONNECTION"),
            tmux: var("TMUX"),
            sty: var("STY"),
            clipboard: var("ACTWIZ_CLIPBOARD"),
            needs_display_server: NEEDS_DISPLAY_SERVER,
        }
    }

    /// In an SSH session.
    pub(crate) fn over_ssh(&self) -> bool {
        self.ssh_tty.is_some() || self.ssh_connection.is_some()
    }

    /// The system clipboard can be reached without a display server, or one
    /// is named.
    pub(crate) fn has_display(&self) -> bool {
        !self.needs_display_server || self.display.is_some() || self.wayland_display.is_some()
    }

    /// The terminal multiplexer we run in, if any (tmux wins if both are set:
    /// `tmux load-buffer` reaches its server wherever we are nested).
    pub fn multiplexer(&self) -> Option<Multiplexer> {
        if self.tmux.is_some() {
            Some(Multiplexer::Tmux)
        } else if self.sty.is_some() {
            Some(Multiplexer::Screen)
        } else {
            None
        }
    }

    /// How OSC 52 must be wrapped here.
    pub(crate) fn osc52_wrap(&self) -> osc52::Wrap {
        match self.multiplexer() {
            Some(Multiplexer::Tmux) => osc52::Wrap::Tmux,
            Some(Multiplexer::Screen) => osc52::Wrap::Screen,
            None => osc52::Wrap::Plain,
        }
    }
}

/// A terminal multiplexer between us and the terminal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Multiplexer {
    Tmux,
    Screen,
}

/// How a text was copied.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CopyMethod {
    /// The system clipboard, through arboard.
    System,
    /// An OSC 52 sequence written to the terminal.
    Osc52,
    /// `tmux load-buffer -w -`.
    TmuxBuffer,
}

impl CopyMethod {
    /// A short name for the outcome line ("Copied to the {label}" or similar).
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (CopyMethod::System, Lang::En) => "system clipboard",
            (CopyMethod::System, Lang::Fr) => "presse-papiers du système",
            (CopyMethod::Osc52, _) => "terminal (OSC 52)",
            (CopyMethod::TmuxBuffer, Lang::En) => "tmux buffer (tmux load-buffer -w)",
            (CopyMethod::TmuxBuffer, Lang::Fr) => "tampon tmux (tmux load-buffer -w)",
        }
    }

    /// Whether success means the text is known to be there. OSC 52 is
    /// write-only: a terminal without support ignores it silently, so a UI
    /// should say "sent" rather than "copied" and mention the fallback.
    pub(crate) fn is_confirmed(self) -> bool {
        !matches!(self, CopyMethod::Osc52)
    }
}

/// A method that was tried before the one that worked, and why it failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fallback {
    pub method: CopyMethod,
    pub reason: String,
}

/// What a successful copy did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CopyOutcome {
    /// The method that took the text.
    pub method: CopyMethod,
    /// The text had control characters or escape sequences, which were removed.
    pub cleaned: bool,
    /// Methods tried first that failed (auto mode only), in order.
    pub fallbacks: Vec<Fallback>,
}

/// Why nothing was copied.
#[derive(Debug, thiserror::Error)]
pub enum ClipboardError {
    /// The mode is `none`.
    #[error("copying is turned off (clipboard mode none)")]
    Disabled,
    /// Too large for OSC 52 (see [`osc52::MAX_BASE64_LEN`]).
    #[error(
        "the text is too large to send to the terminal: {len} bytes once encoded, at most {max}"
    )]
    TooLarge { len: usize, max: usize },
    /// Writing the OSC 52 sequence to the terminal failed.
    #[error("could not write to the terminal: {0}")]
    Terminal(#[source] std::io::Error),
    /// arboard could not open or set the system clipboard.
    #[error("the system clipboard is not available: {0}")]
    System(String),
    /// `tmux load-buffer` failed.
    #[error("tmux load-buffer failed: {0}")]
    Tmux(String),
    /// Every method of the auto mode failed; each with its reason.
    #[error("{}", describe_attempts(.0, Lang::En))]
    AllFailed(Vec<Fallback>),
}

impl ClipboardError {
    /// The reason, for a human, in `lang`. Details that come from arboard or
    /// tmux stay as they wrote them (English).
    pub fn message(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            ClipboardError::Disabled => {
                "la copie est désactivée (mode de presse-papiers none)".to_string()
            }
            ClipboardError::TooLarge { len, max } => format!(
                "le texte est trop long pour être envoyé au terminal : {len} octets une fois encodé, {max} au plus"
            ),
            ClipboardError::Terminal(e) => format!("impossible d’écrire dans le terminal : {e}"),
            ClipboardError::System(e) => {
                format!("le presse-papiers du système n’est pas disponible : {e}")
            }
            ClipboardError::Tmux(e) => format!("tmux load-buffer a échoué : {e}"),
            ClipboardError::AllFailed(attempts) => describe_attempts(attempts, lang),
        }
    }
}

fn describe_attempts(attempts: &[Fallback], lang: Lang) -> String {
    let list = attempts
        .iter()
        .map(|a| format!("{}: {}", a.method.label(lang), a.reason))
        .collect::<Vec<_>>()
        .join("; ");
    match lang {
        Lang::En => format!("nothing could be copied ({list})"),
        Lang::Fr => format!("rien n’a pu être copié ({list})"),
    }
}

/// The methods to try, in order, for `mode` in `env`. Pure: this is the whole
/// decision, and it is made before anything is tried. Empty for `none`.
pub(crate) fn plan(mode: ClipboardMode, env: &Env) -> Vec<CopyMethod> {
    match mode {
        ClipboardMode::None => Vec::new(),
        ClipboardMode::System => vec![CopyMethod::System],
        ClipboardMode::Osc52 => vec![CopyMethod::Osc52],
        ClipboardMode::Auto => {
            let mut methods = Vec::with_capacity(3);
            if !env.over_ssh() && env.has_display() {
                methods.push(CopyMethod::System);
            }
            if env.multiplexer() == Some(Multiplexer::Tmux) {
                methods.push(CopyMethod::TmuxBuffer);
            }
            methods.push(CopyMethod::Osc52);
            methods
        }
    }
}

/// The arboard clipboard, created on first use.
enum SystemState {
    Untried,
    Ready(arboard::Clipboard),
    /// Creating it failed; auto mode does not try again (on X11 each try can
    /// cost a connection timeout).
    Failed(String),
}

/// The clipboard of one wizard session. Create one, keep it for the whole
/// session, and copy through it.
///
/// It holds one arboard `Clipboard`, created lazily on the first copy that
/// uses the system clipboard. On X11 and Wayland the copying process owns
/// the text and serves it to whoever pastes, so it must stay alive while the
/// agent pastes: this is why it lives here and not in a local variable.
///
/// When it is dropped (at the end of the session), arboard hands the text
/// over to the clipboard manager, if one runs (X11 `CLIPBOARD_MANAGER` /
/// `SAVE_TARGETS` protocol, waiting up to about 100 ms), and the text outlives
/// the wizard. Desktop environments run one (GNOME, KDE, Xfce…). When no
/// manager runs (a bare window manager, Xvfb, a minimal session), the text
/// is lost the moment the wizard exits: pasting afterwards gives nothing, or
/// whatever was copied before. Make sure this value is dropped normally:
/// `std::process::exit` skips destructors and so skips the handover; return
/// from `main` (or drop it explicitly) instead. OSC 52 and tmux copies are
/// held by the terminal and by tmux, and do not depend on the wizard.
pub struct Clipboard {
    mode: ClipboardMode,
    env: Env,
    system: SystemState,
}

impl fmt::Debug for Clipboard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let system = match &self.system {
            SystemState::Untried => "untried",
            SystemState::Ready(_) => "ready",
            SystemState::Failed(_) => "failed",
        };
        f.debug_struct("Clipboard")
            .field("mode", &self.mode)
            .field("env", &self.env)
            .field("system", &system)
            .finish()
    }
}

impl Clipboard {
    /// Nothing is opened yet: the system clipboard is opened on first use.
    pub fn new(mode: ClipboardMode, env: Env) -> Self {
        Clipboard {
            mode,
            env,
            system: SystemState::Untried,
        }
    }

    pub fn mode(&self) -> ClipboardMode {
        self.mode
    }

    pub fn env(&self) -> &Env {
        &self.env
    }

    /// The methods a copy would try, in order.
    pub(crate) fn plan(&self) -> Vec<CopyMethod> {
        plan(self.mode, &self.env)
    }

    /// Copies `text` (cleaned of control characters and escape sequences).
    ///
    /// `term` is the terminal: OSC 52 is written to it in a single
    /// `write_all` followed by `flush`, so a TUI can call this between two
    /// frames. Nothing is written to `term` by the other methods.
    pub fn copy(
        &mut self,
        text: &str,
        term: &mut dyn Write,
    ) -> Result<CopyOutcome, ClipboardError> {
        let clean = sanitize::clean(text);
        let cleaned = clean != text;
        let methods = self.plan();
        if methods.is_empty() {
            return Err(ClipboardError::Disabled);
        }
        let auto = self.mode == ClipboardMode::Auto;
        let mut fallbacks = Vec::new();
        let mut last_error = None;
        for method in methods {
            let result = match method {
                CopyMethod::System => self.copy_system(&clean, auto),
                CopyMethod::TmuxBuffer => match &self.env.tmux {
                    Some(socket) => tmux::load_buffer(socket, &clean),
                    None => Err(ClipboardError::Tmux("TMUX is not set".to_string())),
                },
                CopyMethod::Osc52 => write_osc52(&clean, self.env.osc52_wrap(), term),
            };
            match result {
                Ok(()) => {
                    return Ok(CopyOutcome {
                        method,
                        cleaned,
                        fallbacks,
                    })
                }
                Err(e) => {
                    fallbacks.push(Fallback {
                        method,
                        reason: e.to_string(),
                    });
                    last_error = Some(e);
                }
            }
        }
        match last_error {
            Some(e) if fallbacks.len() == 1 => Err(e),
            _ => Err(ClipboardError::AllFailed(fallbacks)),
        }
    }

    fn copy_system(&mut self, text: &str, auto: bool) -> Result<(), ClipboardError> {
        if let SystemState::Failed(reason) = &self.system {
            if auto {
                return Err(ClipboardError::System(reason.clone()));
            }
            self.system = SystemState::Untried;
        }
        if matches!(self.system, SystemState::Untried) {
            self.system = match arboard::Clipboard::new() {
                Ok(clipboard) => SystemState::Ready(clipboard),
                Err(e) => SystemState::Failed(sanitize::clean_line(&e.to_string()).into_owned()),
            };
        }
        match &mut self.system {
            SystemState::Ready(clipboard) => clipboard.set_text(text).map_err(|e| {
                ClipboardError::System(sanitize::clean_line(&e.to_string()).into_owned())
            }),
            SystemState::Failed(reason) => Err(ClipboardError::System(reason.clone())),
            SystemState::Untried => Err(ClipboardError::System("not opened".to_string())),
        }
    }
}

/// Writes the OSC 52 sequence for `text` to `term` in one write, then flushes.
fn write_osc52(text: &str, wrap: osc52::Wrap, term: &mut dyn Write) -> Result<(), ClipboardError> {
    let bytes = osc52::sequence(text, wrap)?;
    term.write_all(&bytes).map_err(ClipboardError::Terminal)?;
    term.flush().map_err(ClipboardError::Terminal)
}

/// One-shot copy: a [`Clipboard`] for this text only.
///
/// Fine for OSC 52 and tmux. For the system clipboard on X11 and Wayland the
/// text survives the return of this function only if a clipboard manager
/// takes it over (see [`Clipboard`]); an interactive session should keep a
/// [`Clipboard`] instead.
pub fn copy_text(
    mode: ClipboardMode,
    env: &Env,
    text: &str,
    term: &mut dyn Write,
) -> Result<CopyOutcome, ClipboardError> {
    Clipboard::new(mode, env.clone()).copy(text, term)
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;

    fn linux() -> Env {
        Env {
            needs_display_server: true,
            ..Env::default()
        }
    }

    fn some(s: &str) -> Option<String> {
        Some(s.to_string())
    }

    use CopyMethod::{Osc52, System, TmuxBuffer};

    #[test]
    fn auto_plan_for_each_environment() {
        let desktop = Env {
            display: some(":0"),
            ..linux()
        };
        assert_eq!(plan(ClipboardMode::Auto, &desktop), vec![System, Osc52]);

        let wayland = Env {
            wayland_display: some("wayland-0"),
            ..linux()
        };
        assert_eq!(plan(ClipboardMode::Auto, &wayland), vec![System, Osc52]);

        // No display: straight to the terminal.
        assert_eq!(plan(ClipboardMode::Auto, &linux()), vec![Osc52]);

        // SSH, even with a (forwarded) display: never try X11.
        for ssh in [
            Env {
                ssh_tty: some("/dev/pts/3"),
                display: some("localhost:10.0"),
                ..linux()
            },
            Env {
                ssh_connection: some("10.0.0.1 50000 10.0.0.2 22"),
                display: some("localhost:10.0"),
                ..linux()
            },
        ] {
            assert_eq!(plan(ClipboardMode::Auto, &ssh), vec![Osc52]);
        }

        // tmux: load-buffer before OSC 52; with a local display, system first.
        let tmux = Env {
            tmux: some("/tmp/tmux-0/default,123,0"),
            ..linux()
        };
        assert_eq!(plan(ClipboardMode::Auto, &tmux), vec![TmuxBuffer, Osc52]);
        let tmux_ssh = Env {
            ssh_tty: some("/dev/pts/1"),
            display: some("localhost:10.0"),
            ..tmux.clone()
        };
        assert_eq!(
            plan(ClipboardMode::Auto, &tmux_ssh),
            vec![TmuxBuffer, Osc52]
        );
        let tmux_desktop = Env {
            display: some(":0"),
            ..tmux.clone()
        };
        assert_eq!(
            plan(ClipboardMode::Auto, &tmux_desktop),
            vec![System, TmuxBuffer, Osc52]
        );

        // screen: OSC 52, wrapped.
        let screen = Env {
            sty: some("1234.pts-0.host"),
            ..linux()
        };
        assert_eq!(plan(ClipboardMode::Auto, &screen), vec![Osc52]);
        assert_eq!(screen.osc52_wrap(), osc52::Wrap::Screen);
        assert_eq!(tmux.osc52_wrap(), osc52::Wrap::Tmux);
        assert_eq!(linux().osc52_wrap(), osc52::Wrap::Plain);

        // Windows and macOS: the system clipboard needs no display variable,
        // but SSH still means the remote machine's clipboard is useless.
        let windows = Env {
            needs_display_server: false,
            ..Env::default()
        };
        assert_eq!(plan(ClipboardMode::Auto, &windows), vec![System, Osc52]);
        let windows_ssh = Env {
            ssh_connection: some("10.0.0.1 50000 10.0.0.2 22"),
            ..windows
        };
        assert_eq!(plan(ClipboardMode::Auto, &windows_ssh), vec![Osc52]);
    }

    #[test]
    fn forced_modes_ignore_the_environment() {
        let envs = [
            linux(),
            Env {
                ssh_tty: some("/dev/pts/3"),
                tmux: some("/tmp/x,1,0"),
                sty: some("1.x"),
                ..linux()
            },
            Env {
                display: some(":0"),
                ..linux()
            },
        ];
        for env in &envs {
            assert_eq!(plan(ClipboardMode::System, env), vec![System]);
            assert_eq!(plan(ClipboardMode::Osc52, env), vec![Osc52]);
            assert!(plan(ClipboardMode::None, env).is_empty());
        }
    }

    #[test]
    fn env_snapshot_reads_the_variables_and_ignores_empty_ones() {
        let vars = [
            ("DISPLAY", ""),
            ("WAYLAND_DISPLAY", "wayland-1"),
            ("SSH_TTY", "/dev/pts/0"),
            ("TMUX", "/tmp/tmux-1000/default,42,0"),
            ("ACTWIZ_CLIPBOARD", "osc52"),
        ];
        let env = Env::from_lookup(|name| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.to_string())
        });
        assert_eq!(env.display, None);
        assert_eq!(env.wayland_display.as_deref(), Some("wayland-1"));
        assert!(env.over_ssh());
        assert_eq!(env.multiplexer(), Some(Multiplexer::Tmux));
        assert_eq!(env.sty, None);
        assert_eq!(ClipboardMode::resolve(None, &env), Ok(ClipboardMode::Osc52));
        assert_eq!(
            ClipboardMode::resolve(Some(ClipboardMode::None), &env),
            Ok(ClipboardMode::None)
        );
    }

    #[test]
    fn modes_parse_and_print() {
        for mode in ClipboardMode::ALL {
            assert_eq!(mode.as_str().parse::<ClipboardMode>(), Ok(mode));
            assert_eq!(
                mode.to_string().to_uppercase().parse::<ClipboardMode>(),
                Ok(mode)
            );
        }
        assert_eq!(
            " OSC-52 ".parse::<ClipboardMode>(),
            Ok(ClipboardMode::Osc52)
        );
        let err = "x11\u{1b}[2J".parse::<ClipboardMode>().unwrap_err();
        assert!(err
            .to_string()
            .contains("expected auto, system, osc52 or none"));
        assert!(!err.to_string().contains('\u{1b}'));
        assert_eq!(
            ClipboardMode::resolve(None, &linux()),
            Ok(ClipboardMode::Auto)
        );
    }

    /// Counts write calls, to check the sequence goes out in one.
    #[derive(Default)]
    struct Term {
        bytes: Vec<u8>,
        writes: usize,
        flushes: usize,
    }

    impl Write for Term {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.writes += 1;
            self.bytes.extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            self.flushes += 1;
            Ok(())
        }
    }

    fn decode(bytes: &[u8]) -> String {
        let body = bytes
            .strip_prefix(b"\x1b]52;c;")
            .and_then(|b| b.strip_suffix(b"\x07"))
            .expect("OSC 52 frame");
        let raw = base64::engine::general_purpose::STANDARD
            .decode(body)
            .expect("base64");
        String::from_utf8(raw).expect("utf-8")
    }

    #[test]
    fn forced_osc52_writes_one_sequence_in_one_write() {
        let text = "cscript %windir%\\system32\\slmgr.vbs /skms kms1.contoso.com:1688";
        let mut term = Term::default();
        let outcome = copy_text(ClipboardMode::Osc52, &linux(), text, &mut term).unwrap();
        assert_eq!(outcome.method, Osc52);
        assert!(!outcome.cleaned);
        assert!(outcome.fallbacks.is_empty());
        assert_eq!(term.writes, 1);
        assert_eq!(term.flushes, 1);
        assert_eq!(decode(&term.bytes), text);
    }

    #[test]
    fn copied_text_is_cleaned_first() {
        let mut term = Term::default();
        let outcome = copy_text(
            ClipboardMode::Osc52,
            &linux(),
            "slmgr /ato\u{1b}[201~\u{7}; calc\u{9b}1m",
            &mut term,
        )
        .unwrap();
        assert!(outcome.cleaned);
        assert_eq!(decode(&term.bytes), "slmgr /ato; calc");
    }

    #[test]
    fn none_mode_copies_nothing() {
        let mut term = Term::default();
        let err = copy_text(ClipboardMode::None, &linux(), "x", &mut term).unwrap_err();
        assert!(matches!(err, ClipboardError::Disabled));
        assert!(term.bytes.is_empty());
        assert_ne!(err.message(Lang::Fr), err.message(Lang::En));
    }

    #[test]
    fn too_large_for_osc52_is_refused_without_writing() {
        let mut term = Term::default();
        let text = "x".repeat(80_000);
        let err = copy_text(ClipboardMode::Osc52, &linux(), &text, &mut term).unwrap_err();
        assert!(matches!(err, ClipboardError::TooLarge { .. }));
        assert!(term.bytes.is_empty());
    }

    #[test]
    fn auto_in_tmux_falls_back_to_osc52_when_tmux_fails() {
        // A socket that does not exist: load-buffer fails (or tmux is not
        // installed at all); either way the text must still go out.
        let env = Env {
            tmux: some("/nonexistent/actwiz-no-such-socket,1,0"),
            ..linux()
        };
        let mut term = Term::default();
        let outcome = copy_text(ClipboardMode::Auto, &env, "slmgr /dlv", &mut term).unwrap();
        assert_eq!(outcome.method, Osc52);
        assert_eq!(outcome.fallbacks.len(), 1);
        assert_eq!(outcome.fallbacks[0].method, TmuxBuffer);
        assert!(!outcome.fallbacks[0].reason.is_empty());
        // In tmux the sequence is the plain one followed by the passthrough form.
        let plain = osc52::sequence("slmgr /dlv", osc52::Wrap::Plain).unwrap();
        assert!(term.bytes.starts_with(&plain));
        assert!(term.bytes.len() > plain.len());
        assert_eq!(term.writes, 1);
    }

    #[test]
    fn terminal_write_errors_are_reported() {
        struct Broken;
        impl Write for Broken {
            fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
                Err(std::io::Error::other("closed"))
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let err = copy_text(ClipboardMode::Osc52, &linux(), "x", &mut Broken).unwrap_err();
        assert!(matches!(err, ClipboardError::Terminal(_)));
        // Auto with tmux: both fail, both reasons are given.
        let env = Env {
            tmux: some("/nonexistent/actwiz-no-such-socket,1,0"),
            ..linux()
        };
        let err = copy_text(ClipboardMode::Auto, &env, "x", &mut Broken).unwrap_err();
        match &err {
            ClipboardError::AllFailed(attempts) => {
                let methods: Vec<_> = attempts.iter().map(|a| a.method).collect();
                assert_eq!(methods, vec![TmuxBuffer, Osc52]);
            }
            other => panic!("{other:?}"),
        }
        assert!(err.to_string().contains("tmux buffer"));
        assert!(err.message(Lang::Fr).contains("tampon tmux"));
    }

    #[test]
    fn method_labels() {
        assert_eq!(System.label(Lang::En), "system clipboard");
        assert_eq!(System.label(Lang::Fr), "presse-papiers du système");
        assert_eq!(Osc52.label(Lang::En), "terminal (OSC 52)");
        assert_eq!(
            TmuxBuffer.label(Lang::En),
            "tmux buffer (tmux load-buffer -w)"
        );
        assert_eq!(
            TmuxBuffer.label(Lang::Fr),
            "tampon tmux (tmux load-buffer -w)"
        );
        assert!(System.is_confirmed() && TmuxBuffer.is_confirmed() && !Osc52.is_confirmed());
    }
}
