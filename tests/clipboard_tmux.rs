//! Copies that go through tmux: OSC 52 taken by tmux (`set-clipboard on`) and
//! `tmux load-buffer -w -`, read back with `tmux show-buffer`.
//!
//! Needs `tmux` (3.2 or later, for `load-buffer -w`): each test starts its own
//! private server (`tmux -L actwiz-test-<pid>-<name> -f /dev/null`) and kills
//! it at the end. When tmux is missing the tests are skipped with the reason
//! printed, except with `CI=true`, where they fail: CI installs it (`.ci/run`).
//!
//! The `cli_*` tests run the real `actwiz` binary inside tmux, with the fixture
//! flow of `tests/fixtures/clipboard/`:
//! `actwiz --flows tests/fixtures/clipboard walk 0xC0DE0001 --set kms_host=kms1.contoso.com --copy --clipboard MODE`.

mod common;

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use actwiz::clipboard::{self, osc52, ClipboardMode, CopyMethod, Env};

const EXPECTED_COMMAND: &str = r"cscript %windir%\system32\slmgr.vbs /skms kms1.contoso.com:1688";

fn tmux_or_skip() -> Option<PathBuf> {
    common::require_tool(
        "tmux",
        "tmux",
        "to run a private tmux server that receives the copy and shows it back with show-buffer",
    )
}

/// A private tmux server, killed when dropped.
struct TmuxServer {
    tmux: PathBuf,
    socket_name: String,
}

impl TmuxServer {
    /// Starts a detached session on a private socket, with `set-clipboard`
    /// set to `set_clipboard` ("on" or "off").
    fn start(tmux: &Path, name: &str, set_clipboard: &str) -> TmuxServer {
        let server = TmuxServer {
            tmux: tmux.to_path_buf(),
            socket_name: format!("actwiz-test-{}-{name}", std::process::id()),
        };
        // The server's global environment is the one of the process that
        // starts it: leave out what would change the clipboard decision.
        let mut start = Command::new(tmux);
        start
            .args(["-L", &server.socket_name, "-f", "/dev/null"])
            .args(["new-session", "-d", "-x", "120", "-y", "30"]);
        for var in [
            "TMUX",
            "TMUX_PANE",
            "STY",
            "DISPLAY",
            "WAYLAND_DISPLAY",
            "SSH_TTY",
            "SSH_CONNECTION",
            "SSH_CLIENT",
            "ACTWIZ_CLIPBOARD",
            "ACTWIZ_CONFIG",
        ] {
            start.env_remove(var);
        }
        start.envs(common::NO_CONFIG_FOLDER);
        let out = run(&mut start);
        assert!(
            out.status.success(),
            "tmux new-session: {}",
            text(&out.stderr)
        );
        server.ok(&["set", "-g", "set-clipboard", set_clipboard]);
        // Keep finished panes, so that a failure can show what was printed.
        server.ok(&["set", "-g", "remain-on-exit", "on"]);
        server
    }

    fn cmd(&self, args: &[&str]) -> Output {
        run(Command::new(&self.tmux)
            .args(["-L", &self.socket_name])
            .args(args)
            .env_remove("TMUX"))
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.cmd(args);
        assert!(out.status.success(), "tmux {args:?}: {}", text(&out.stderr));
        text(&out.stdout)
    }

    /// The value `TMUX` has inside this server: its socket path, then the
    /// server pid and a session index (tmux only reads the path).
    fn tmux_env(&self) -> String {
        let socket = self.ok(&["display-message", "-p", "#{socket_path}"]);
        let pid = self.ok(&["display-message", "-p", "#{pid}"]);
        format!("{},{},0", socket.trim(), pid.trim())
    }

    /// Runs `program args` directly (no shell) in a new window named `name`.
    fn run_in_window(&self, name: &str, program: &str, args: &[&str]) {
        let mut all = vec!["new-window", "-d", "-n", name, "--", program];
        all.extend_from_slice(args);
        self.ok(&all);
    }

    /// The newest buffer, once there is one (`None` after `timeout`).
    fn wait_for_buffer(&self, timeout: Duration) -> Option<String> {
        let deadline = Instant::now() + timeout;
        loop {
            let out = self.cmd(&["show-buffer"]);
            if out.status.success() {
                return Some(text(&out.stdout));
            }
            if Instant::now() > deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// What window `name` shows, and how its command ended: for failures.
    fn describe_window(&self, name: &str) -> String {
        let screen = self.cmd(&["capture-pane", "-p", "-t", name]);
        let status = self.cmd(&[
            "display-message",
            "-p",
            "-t",
            name,
            "dead=#{pane_dead} status=#{pane_dead_status}",
        ]);
        format!(
            "window {name} ({}):\n{}",
            text(&status.stdout).trim(),
            text(&screen.stdout)
                .lines()
                .filter(|l| !l.trim().is_empty())
                .collect::<Vec<_>>()
                .join("\n")
        )
    }
}

impl Drop for TmuxServer {
    fn drop(&mut self) {
        let _ = self.cmd(&["kill-server"]);
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Runs `cmd` with no stdin, killing it after 10 s.
fn run(cmd: &mut Command) -> Output {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn tmux");
    let deadline = Instant::now() + Duration::from_secs(10);
    while child.try_wait().expect("wait for tmux").is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    child.wait_with_output().expect("tmux output")
}

fn fixture_flows() -> String {
    concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/clipboard").to_string()
}

fn cli_copy_in_tmux(server: &TmuxServer, window: &str, mode: &str) {
    let flows = fixture_flows();
    server.run_in_window(
        window,
        env!("CARGO_BIN_EXE_actwiz"),
        &[
            "--flows",
            &flows,
            "walk",
            "0xC0DE0001",
            "--set",
            "kms_host=kms1.contoso.com",
            "--copy",
            "--clipboard",
            mode,
        ],
    );
    match server.wait_for_buffer(Duration::from_secs(10)) {
        Some(buffer) => assert_eq!(buffer, EXPECTED_COMMAND),
        None => panic!(
            "no tmux buffer after `actwiz walk --copy --clipboard {mode}`\n{}",
            server.describe_window(window)
        ),
    }
}

#[test]
fn cli_osc52_copy_reaches_tmux_with_set_clipboard_on() {
    let Some(tmux) = tmux_or_skip() else { return };
    let server = TmuxServer::start(&tmux, "cli-osc52", "on");
    cli_copy_in_tmux(&server, "copy", "osc52");
}

#[test]
fn cli_auto_copy_in_tmux_uses_load_buffer() {
    let Some(tmux) = tmux_or_skip() else { return };
    // With set-clipboard off tmux ignores OSC 52 from programs: a buffer can
    // only come from `tmux load-buffer`.
    let server = TmuxServer::start(&tmux, "cli-auto", "off");
    cli_copy_in_tmux(&server, "copy", "auto");
}

#[test]
fn library_load_buffer_path_reaches_the_server() {
    let Some(tmux) = tmux_or_skip() else { return };
    let server = TmuxServer::start(&tmux, "lib-buffer", "off");
    let env = Env {
        tmux: Some(server.tmux_env()),
        needs_display_server: true,
        ..Env::default()
    };
    let mut term = Vec::new();
    for text in ["clé Ωmega", EXPECTED_COMMAND, "two\nlines"] {
        let outcome = clipboard::copy_text(ClipboardMode::Auto, &env, text, &mut term)
            .unwrap_or_else(|e| panic!("copy {text:?}: {e}"));
        assert_eq!(outcome.method, CopyMethod::TmuxBuffer, "{outcome:?}");
        assert!(outcome.fallbacks.is_empty(), "{outcome:?}");
        assert_eq!(server.ok(&["show-buffer"]), text);
    }
    // Nothing went to the terminal.
    assert!(term.is_empty());
}

#[test]
fn library_osc52_sequences_are_understood_by_tmux() {
    let Some(tmux) = tmux_or_skip() else { return };
    let Some(cat) = common::require_tool(
        "cat",
        "coreutils",
        "to print the sequence inside a tmux pane",
    ) else {
        return;
    };
    let server = TmuxServer::start(&tmux, "lib-osc52", "on");
    let dir = tempfile::tempdir().expect("temp dir");
    for (i, (wrap, text)) in [
        (osc52::Wrap::Plain, "clé Ωmega"),
        (osc52::Wrap::Tmux, EXPECTED_COMMAND),
    ]
    .into_iter()
    .enumerate()
    {
        let path = dir.path().join(format!("seq{i}"));
        let mut file = std::fs::File::create(&path).expect("create");
        file.write_all(&osc52::sequence(text, wrap).expect("sequence"))
            .expect("write");
        drop(file);
        let _ = server.cmd(&["delete-buffer"]);
        let window = format!("cat{i}");
        // `cat FILE -` prints the sequence, then waits on the pane's input:
        // a process that exits at once can take its last output with it
        // when the pty hangs up, before tmux has read it (seen 1 run in 8).
        server.run_in_window(
            &window,
            &cat.to_string_lossy(),
            &[&path.to_string_lossy(), "-"],
        );
        match server.wait_for_buffer(Duration::from_secs(10)) {
            Some(buffer) => assert_eq!(buffer, text, "{wrap:?}"),
            None => panic!(
                "no buffer for {wrap:?}\n{}",
                server.describe_window(&window)
            ),
        }
    }
}
