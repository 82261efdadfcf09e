//! Helpers shared by the integration tests that run the binary.
#![allow(clippy::disallowed_macros)] // a skipped test says so on stderr

pub mod pty;

use assert_cmd::Command;

#[allow(dead_code)] // each test crate uses its own part of this module
/// The binary with a neutral environment: no locale, no clipboard mode and
/// no configuration file, so that results do not depend on the machine (or
/// the developer) running the tests.
pub fn actwiz() -> Command {
    let mut cmd = Command::cargo_bin("actwiz").expect("binary is built by cargo");
    for var in [
        "ACTWIZ_LANG",
        "LC_ALL",
        "LC_MESSAGES",
        "LANG",
        "ACTWIZ_CLIPBOARD",
        "ACTWIZ_CONFIG",
        "ACTWIZ_SHELL",
        "ACTWIZ_TRANSCRIPT_DIR",
    ] {
        cmd.env_remove(var);
    }
    for (var, value) in NO_CONFIG_FOLDER {
        cmd.env(var, value);
    }
    // Nor the catalog cache of the person running the tests (the cache
    // tests give the binary a cache folder of their own).
    cmd.env("ACTWIZ_NO_CACHE", "1");
    cmd
}

/// Configuration and flow folders that do not exist, so that the binary
/// finds no `config.toml` of the person running the tests, and neither the
/// machine's system flow layer (/etc/actwiz/flows) nor the user's one, and
/// keeps no recent codes (the empty search lists the same codes each run).
#[allow(dead_code)] // each test crate uses its own part of this module
pub const NO_CONFIG_FOLDER: [(&str, &str); 5] = [
    ("XDG_CONFIG_HOME", "/nonexistent/actwiz-tests"),
    ("APPDATA", "/nonexistent/actwiz-tests"),
    (
        "ACTWIZ_SYSTEM_FLOWS",
        "/nonexistent/actwiz-tests/system-flows",
    ),
    ("ACTWIZ_USER_FLOWS", "/nonexistent/actwiz-tests/user-flows"),
    ("ACTWIZ_RECENT", "off"),
];

/// Finds `tool` on PATH for a test that needs it `why`. When it is missing:
/// `None` (the test skips, saying so) outside CI, a failure under `CI=true`,
/// where `.ci/run` installs it (`package` names the Debian package).
#[allow(dead_code)] // each test crate uses its own part of this module
pub fn require_tool(tool: &str, package: &str, why: &str) -> Option<std::path::PathBuf> {
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join(tool))
            .find(|p| p.is_file())
    });
    if found.is_none() {
        let msg = format!("`{tool}` not found on PATH; it is needed {why}");
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("{msg} (CI=true: install it, see .ci/run)");
        }
        eprintln!("SKIPPED: {msg}. Install it (apt-get install {package}) to run this test.");
    }
    found
}

/// Runs `cmd`, fails the test with its stderr unless it succeeds, and
/// returns its stdout.
#[allow(dead_code)] // each test crate uses its own part of this module
pub fn stdout_of_success(cmd: &mut Command) -> String {
    let out = cmd.output().expect("the binary runs");
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// [`actwiz`], started in a session of its own (`setsid`, from
/// util-linux): it has no controlling terminal, so an OSC 52 copy cannot
/// reach the terminal of the person running the tests; it goes to stderr,
/// where the test reads it. `None` (the test skips) when `setsid` is
/// missing, a failure under `CI=true`.
#[allow(dead_code)] // each test crate uses its own part of this module
pub fn actwiz_detached() -> Option<Command> {
    let setsid = require_tool("setsid", "util-linux", "to run actwiz without a terminal")?;
    let mut cmd = std::process::Command::new(setsid);
    // --wait: the exit status is actwiz's.
    cmd.args(["--wait", env!("CARGO_BIN_EXE_actwiz")]);
    let neutral = actwiz();
    for (var, value) in neutral.get_envs() {
        match value {
            Some(value) => cmd.env(var, value),
            None => cmd.env_remove(var),
        };
    }
    Some(Command::from_std(cmd))
}
