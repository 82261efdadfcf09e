//! Flow layers: built-in, system, config, user, `--flows`. A code a higher
//! layer defines again is refused without `overrides: true` (at its place,
//! naming the lower definition), accepted and reported with it; `list
//! --source` and `flows path` say where everything comes from; the cache
//! keeps working across layers.

mod common;

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use common::{actwiz, stdout_of_success};

const DEMO: &str = include_str!("fixtures/valid/demo.yaml");

/// The demo flow with `overrides: true` on its code.
fn demo_overriding() -> String {
    DEMO.replace(
        "    start: port_open\n",
        "    start: port_open\n    overrides: true\n",
    )
}

/// actwiz with the system and user layers in the given folders.
fn with_layers(system: &Path, user: &Path) -> Command {
    let mut cmd = actwiz();
    cmd.env("ACTWIZ_SYSTEM_FLOWS", system)
        .env("ACTWIZ_USER_FLOWS", user);
    cmd
}

fn write(dir: &Path, name: &str, text: &str) {
    fs::create_dir_all(dir).expect("folder");
    fs::write(dir.join(name), text).expect("write");
}

fn lines(bytes: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(bytes)
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn check_refuses_a_builtin_code_defined_again_without_overrides() {
    let out = actwiz()
        .args(["check", "tests/fixtures/layers/refused"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        lines(&out.stdout),
        [
            "tests/fixtures/layers/refused/team.yaml:9:5: code 0xC004F074 is already defined by \
          the built-in layer (flows/kms-connect.yaml:45:5); add `overrides: true` to this \
          entry to replace it"
        ]
    );
    // The position named is the built-in definition's.
    let builtin = fs::read_to_string("flows/kms-connect.yaml").expect("built-in flow");
    assert_eq!(
        builtin.lines().nth(44).map(str::trim),
        Some("- code: \"0xC004F074\"")
    );
}

#[test]
fn check_accepts_and_reports_a_replacement_with_overrides() {
    let out = actwiz()
        .args(["check", "tests/fixtures/layers/accepted"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    assert_eq!(lines(&out.stdout), ["1 file(s): flows are valid"]);
    assert_eq!(
        lines(&out.stderr),
        [
            "actwiz: tests/fixtures/layers/accepted/team.yaml: 0xC004F074 replaces the \
          definition from flows/kms-connect.yaml (layer: built-in)"
        ]
    );
}

#[test]
fn a_user_layer_over_the_system_layer_needs_overrides_too() {
    let root = tempfile::tempdir().expect("temp");
    let (system, user) = (root.path().join("system"), root.path().join("user"));
    write(&system, "demo.yaml", DEMO);
    write(&user, "mine.yaml", DEMO);

    // Refused by every command and by `check` (every layer in effect).
    let sys_file = system.join("demo.yaml").display().to_string();
    let user_file = user.join("mine.yaml").display().to_string();
    let expected = format!(
        "{user_file}:9:5: code 0xC0DE0001 is already defined by the system layer \
         ({sys_file}:9:5); add `overrides: true` to this entry to replace it"
    );
    let list = with_layers(&system, &user)
        .arg("list")
        .output()
        .expect("runs");
    assert_eq!(list.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&list.stderr).contains(&expected),
        "{}",
        String::from_utf8_lossy(&list.stderr)
    );
    let check = with_layers(&system, &user)
        .arg("check")
        .output()
        .expect("runs");
    assert_eq!(check.status.code(), Some(1));
    assert_eq!(lines(&check.stdout), [expected]);

    // Accepted with `overrides: true`; the code now comes from the user layer.
    write(&user, "mine.yaml", &demo_overriding());
    let out = with_layers(&system, &user)
        .args(["list", "--source", "--family", "demo"])
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        lines(&out.stdout),
        [format!("0xC0DE0001  demo  user  {user_file}")]
    );
    assert_eq!(
        lines(&out.stderr),
        [format!(
            "actwiz: {user_file}: 0xC0DE0001 replaces the definition from {sys_file} \
             (layer: system)"
        )]
    );
    let check = with_layers(&system, &user)
        .arg("check")
        .output()
        .expect("runs");
    assert!(check.status.success());
    // The built-in files, the system one and the user one.
    let builtin = fs::read_dir("flows")
        .expect("flows")
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "yaml"))
        })
        .count();
    assert_eq!(
        lines(&check.stdout),
        [format!("{} file(s): flows are valid", builtin + 2)]
    );
}

#[test]
fn the_config_layer_sits_between_system_and_user() {
    let root = tempfile::tempdir().expect("temp");
    let team = root.path().join("team");
    write(&team, "team.yaml", DEMO);
    let config = root.path().join("config.toml");
    fs::write(&config, "flows = [\"team\"]\n").expect("config");
    let user = root.path().join("user");
    write(&user, "mine.yaml", &demo_overriding());
    let absent = root.path().join("no-system");

    let out = stdout_of_success(
        with_layers(&absent, &user)
            .env("ACTWIZ_CONFIG", &config)
            .args(["list", "--source", "--family", "demo"]),
    );
    let user_file = user.join("mine.yaml").display().to_string();
    assert_eq!(out, format!("0xC0DE0001  demo  user  {user_file}\n"));
    // In French, the layer is named in French.
    let out = stdout_of_success(
        with_layers(&absent, &user)
            .env("ACTWIZ_CONFIG", &config)
            .args(["--lang", "fr", "list", "--source", "--family", "demo"]),
    );
    assert_eq!(out, format!("0xC0DE0001  demo  utilisateur  {user_file}\n"));

    // Without the user's copy the config's definition is in effect.
    fs::remove_file(user.join("mine.yaml")).expect("remove");
    let out = stdout_of_success(
        with_layers(&absent, &user)
            .env("ACTWIZ_CONFIG", &config)
            .args(["list", "--source", "--json", "--family", "demo"]),
    );
    let json: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(json[0]["source"]["layer"], "config");
    assert_eq!(
        json[0]["source"]["file"],
        team.join("team.yaml").display().to_string()
    );
}

#[test]
fn flows_path_prints_the_layers_lowest_first() {
    let root = tempfile::tempdir().expect("temp");
    let system = root.path().join("system");
    write(&system, "site.yaml", DEMO);
    let user = root.path().join("user");
    let team = root.path().join("team");
    fs::create_dir(&team).expect("folder");
    let config = root.path().join("config.toml");
    fs::write(&config, "flows = [\"team\"]\n").expect("config");
    let missing = root.path().join("missing");

    let out = stdout_of_success(
        with_layers(&system, &user)
            .env("ACTWIZ_CONFIG", &config)
            .arg("--flows")
            .arg(&missing)
            .args(["flows", "path"]),
    );
    let expected = format!(
        "built-in  (inside actwiz)\n\
         system    {}  (exists)\n\
         config    {}  (exists)\n\
         user      {}  (absent: skipped)\n\
         --flows   {}  (missing: an error)\n",
        system.display(),
        team.display(),
        user.display(),
        missing.display()
    );
    assert_eq!(out, expected);

    let json = stdout_of_success(
        with_layers(&system, &user)
            .env("ACTWIZ_CONFIG", &config)
            .arg("--flows")
            .arg(&missing)
            .args(["flows", "path", "--json"]),
    );
    let json: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let layers = json["layers"].as_array().expect("layers");
    let row = |i: usize| {
        (
            layers[i]["layer"].as_str().unwrap_or("?").to_string(),
            layers[i]["folder"].as_str().map(str::to_string),
            layers[i]["state"].as_str().unwrap_or("?").to_string(),
        )
    };
    let shown = |p: &std::path::Path| Some(p.display().to_string());
    assert_eq!(layers.len(), 5);
    assert_eq!(row(0), ("builtin".into(), None, "builtin".into()));
    assert_eq!(row(1), ("system".into(), shown(&system), "exists".into()));
    assert_eq!(row(2), ("config".into(), shown(&team), "exists".into()));
    assert_eq!(
        row(3),
        ("user".into(), shown(&user), "absent_skipped".into())
    );
    assert_eq!(
        row(4),
        ("command_line".into(), shown(&missing), "missing".into())
    );

    // An implicit folder without flow files is skipped too.
    fs::create_dir(&user).expect("folder");
    let fr = stdout_of_success(with_layers(&system, &user).args(["--lang", "fr", "flows", "path"]));
    assert_eq!(
        fr,
        format!(
            "intégrée     (dans actwiz)\nsystème      {}  (présent)\n\
             utilisateur  {}  (présent, sans fichier de flux : ignoré)\n",
            system.display(),
            user.display()
        )
    );
}

#[test]
fn missing_implicit_folders_are_absent_but_a_missing_flows_folder_is_an_error() {
    let root = tempfile::tempdir().expect("temp");
    let (system, user) = (root.path().join("nope1"), root.path().join("nope2"));
    stdout_of_success(with_layers(&system, &user).args(["lookup", "0xC004F074"]));
    let missing = root.path().join("missing");
    with_layers(&system, &user)
        .arg("--flows")
        .arg(&missing)
        .arg("list")
        .assert()
        .code(1)
        .stderr(predicates::str::contains(format!(
            "{}: cannot read",
            missing.display()
        )));
}

#[test]
fn the_wizard_skips_a_layer_that_redefines_without_overrides() {
    let root = tempfile::tempdir().expect("temp");
    let (system, user) = (root.path().join("system"), root.path().join("user"));
    write(&system, "demo.yaml", DEMO);
    write(&user, "mine.yaml", DEMO);
    let out = with_layers(&system, &user)
        .arg("--plain")
        .write_stdin("0xC0DE0001\nq\n")
        .output()
        .expect("runs");
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("{}: folder skipped, 1 problem(s)", user.display())),
        "{stderr}"
    );
    // The system layer's code is there.
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("0xC0DE0001  Demo error."),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

/// A folder is cached as valid on its own; how it sits over the layers
/// below is checked at every start, even when it comes from the cache.
#[test]
fn the_cache_serves_layers_and_a_new_lower_definition_is_still_refused() {
    let root = tempfile::tempdir().expect("temp");
    let cache = root.path().join("cache");
    let (system, user) = (root.path().join("system"), root.path().join("user"));
    write(&user, "mine.yaml", DEMO);
    let run = |args: &[&str]| {
        let mut cmd = with_layers(&system, &user);
        cmd.env_remove("ACTWIZ_NO_CACHE")
            .env("XDG_CACHE_HOME", &cache)
            .env("LOCALAPPDATA", &cache)
            .args(args);
        cmd.output().expect("runs")
    };
    let first = run(&["lookup", "0xC0DE0001"]);
    assert!(first.status.success());
    let cached = fs::read_dir(if cfg!(windows) {
        cache.join("actwiz").join("cache")
    } else {
        cache.join("actwiz")
    })
    .map(|d| d.count())
    .unwrap_or(0);
    assert_eq!(cached, 1, "the user folder is cached");

    // A system layer appears with the same code: the user's (cached)
    // definition is refused, at its position read from the file.
    write(&system, "demo.yaml", DEMO);
    let refused = run(&["lookup", "0xC0DE0001"]);
    assert_eq!(refused.status.code(), Some(1));
    let user_file = user.join("mine.yaml").display().to_string();
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains(&format!(
            "{user_file}:9:5: code 0xC0DE0001 is already defined by the system layer"
        )),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );

    // Without it again, the user folder is taken from the cache: its YAML
    // is spoiled (same size and time), yet the code still loads.
    fs::remove_dir_all(&system).expect("remove");
    let file = user.join("mine.yaml");
    let meta = fs::metadata(&file).expect("metadata");
    let modified = meta.modified().expect("mtime");
    fs::write(&file, vec![b'['; meta.len() as usize]).expect("spoil");
    fs::File::options()
        .write(true)
        .open(&file)
        .and_then(|f| f.set_modified(modified))
        .expect("set mtime");
    let hit = run(&["list", "--source", "--family", "demo"]);
    assert!(
        hit.status.success(),
        "{}",
        String::from_utf8_lossy(&hit.stderr)
    );
    assert_eq!(
        lines(&hit.stdout),
        [format!("0xC0DE0001  demo  user  {user_file}")]
    );
}
