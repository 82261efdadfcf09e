//! Helpers shared by the integration tests that run the binary.

use assert_cmd::Command;

/// The binary with a neutral environment: no locale, no clipboard mode, so
/// that results do not depend on the machine running the tests.
pub fn actwiz() -> Command {
    let mut cmd = Command::cargo_bin("actwiz").expect("binary is built by cargo");
    for var in [
        "ACTWIZ_LANG",
        "LC_ALL",
        "LC_MESSAGES",
        "LANG",
        "ACTWIZ_CLIPBOARD",
    ] {
        cmd.env_remove(var);
    }
    cmd
}
