//! When the terminal goes away (the window is closed, the SSH link drops,
//! tmux is killed), the wizard must end, not linger: a hung-up terminal makes
//! crossterm's reader spin, and a lingering process would burn a core until
//! someone kills it by hand.
//!
//! Needs `tmux`: killing a private tmux server is a real hangup of the
//! wizard's terminal. Skipped with a printed reason when tmux is missing,
//! except under `CI=true`, where it fails (CI installs tmux in `.ci/run`).

mod common;

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_secs(15);

fn tmux() -> Option<PathBuf> {
    common::require_tool(
        "tmux",
        "tmux",
        "to hang up the wizard's terminal for real (by killing a private tmux server)",
    )
}

fn alive(pid: u32) -> bool {
    std::path::Path::new(&format!("/proc/{pid}")).exists()
}

#[test]
fn killing_the_terminal_ends_the_wizard() {
    let Some(tmux) = tmux() else { return };
    let socket = format!("actwiz-hangup-{}", std::process::id());
    let run = |args: &[&str]| {
        Command::new(&tmux)
            .args(["-L", &socket, "-f", "/dev/null"])
            .args(args)
            .output()
            .expect("run tmux")
    };
    let command = format!("exec {} --lang en kms", env!("CARGO_BIN_EXE_actwiz"));
    let started = Command::new(&tmux)
        .args([
            "-L",
            &socket,
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-x",
            "100",
            "-y",
            "30",
        ])
        .arg(&command)
        .env_remove("TMUX")
        .env_remove("ACTWIZ_CONFIG")
        .envs(common::NO_CONFIG_FOLDER)
        .status()
        .expect("start tmux");
    assert!(started.success());

    // Wait for the wizard's first screen, then note its pid.
    let start = Instant::now();
    loop {
        let screen = String::from_utf8_lossy(&run(&["capture-pane", "-p"]).stdout).into_owned();
        if screen.contains("Search: a code") {
            break;
        }
        if start.elapsed() > WAIT {
            run(&["kill-server"]);
            panic!("the wizard did not start; the screen:\n{screen}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let pane = run(&["list-panes", "-F", "#{pane_pid}"]);
    let pid: u32 = String::from_utf8_lossy(&pane.stdout)
        .trim()
        .parse()
        .expect("pane pid");
    assert!(alive(pid));

    run(&["kill-server"]);
    let start = Instant::now();
    while alive(pid) {
        if start.elapsed() > WAIT {
            let _ = Command::new("kill")
                .args(["-KILL", &pid.to_string()])
                .status();
            panic!("actwiz (pid {pid}) still runs after its terminal hung up");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}
