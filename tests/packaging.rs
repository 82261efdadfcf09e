//! The release configuration (dist, WiX, winget), checked for structure:
//! building `dist` itself does not fit in CI (see packaging/README.md).

use toml::Value;

fn manifest() -> Value {
    let text = std::fs::read_to_string("Cargo.toml").expect("Cargo.toml");
    toml::from_str(&text).expect("Cargo.toml is TOML")
}

fn strings(value: &Value) -> Vec<&str> {
    value
        .as_array()
        .map(|items| items.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

const TARGETS: [&str; 3] = [
    "x86_64-pc-windows-msvc",
    "x86_64-pc-windows-gnu",
    "x86_64-unknown-linux-gnu",
];

#[test]
fn dist_builds_the_three_targets_with_installers_and_checksums() {
    let manifest = manifest();
    let dist = &manifest["workspace"]["metadata"]["dist"];
    assert_eq!(strings(&dist["targets"]), TARGETS);
    let installers = strings(&dist["installers"]);
    for installer in ["shell", "powershell", "msi"] {
        assert!(
            installers.contains(&installer),
            "installer {installer} missing"
        );
    }
    assert_eq!(dist["checksum"].as_str(), Some("sha256"));
    assert_eq!(dist["windows-archive"].as_str(), Some(".zip"));
    assert_eq!(dist["unix-archive"].as_str(), Some(".tar.gz"));
    let version = dist["cargo-dist-version"].as_str().unwrap_or_default();
    assert!(
        version.split('.').count() == 3 && version.split('.').all(|p| p.parse::<u32>().is_ok()),
        "cargo-dist-version '{version}' is not a plain version"
    );
    // Only one package: the workspace table makes it its own root.
    assert!(manifest["workspace"].get("members").is_none());
}

/// A WiX GUID: 8-4-4-4-12 hexadecimal digits.
fn is_guid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12])
        && groups
            .iter()
            .all(|g| g.chars().all(|c| c.is_ascii_hexdigit()))
}

#[test]
fn msi_has_fixed_guids_and_the_package_what_installers_need() {
    let manifest = manifest();
    let wix = &manifest["package"]["metadata"]["wix"];
    let upgrade = wix["upgrade-guid"].as_str().unwrap_or_default();
    let path = wix["path-guid"].as_str().unwrap_or_default();
    assert!(is_guid(upgrade) && is_guid(path), "{upgrade} / {path}");
    assert_ne!(upgrade, path);
    for field in ["name", "version", "description", "license"] {
        assert!(
            manifest["package"].get(field).is_some(),
            "package.{field} missing"
        );
    }
    // dist ships the binary named by [[bin]].
    let bins = manifest["bin"].as_array().expect("[[bin]]");
    assert_eq!(bins[0]["name"].as_str(), Some("actwiz"));
}

#[test]
fn winget_template_points_at_the_archives_dist_makes() {
    let template =
        std::fs::read_to_string("packaging/winget/actwiz.yaml.template").expect("template");
    for line in [
        "InstallerUrl: \"{{URL_BASE}}/actwiz-x86_64-pc-windows-msvc.msi\"",
        "InstallerUrl: \"{{URL_BASE}}/actwiz-x86_64-pc-windows-msvc.zip\"",
        "InstallerType: wix",
        "PortableCommandAlias: actwiz",
        "ManifestType: singleton",
    ] {
        assert!(template.contains(line), "template lacks {line}");
    }
    // Every placeholder of the template is one fill.sh replaces.
    let fill = std::fs::read_to_string("packaging/winget/fill.sh").expect("fill.sh");
    for (i, _) in template.match_indices("{{") {
        let name = &template[i..i + template[i..].find("}}").expect("closed") + 2];
        assert!(fill.contains(name), "fill.sh does not fill {name}");
    }
}

/// fill.sh turns the template into a manifest with no placeholder left.
#[cfg(unix)]
#[test]
fn winget_fill_script_fills_every_placeholder() {
    let dir = tempfile::tempdir().expect("temp dir");
    for name in [
        "actwiz-x86_64-pc-windows-msvc.msi",
        "actwiz-x86_64-pc-windows-msvc.zip",
    ] {
        std::fs::write(dir.path().join(name), name).expect("fake archive");
    }
    let out = std::process::Command::new("bash")
        .arg("packaging/winget/fill.sh")
        .args(["0.1.0", "https://example.invalid/releases/v0.1.0"])
        .arg(dir.path())
        .arg("{11111111-2222-3333-4444-555555555555}")
        .output()
        .expect("bash runs");
    let manifest = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!manifest.contains("{{"), "{manifest}");
    assert!(manifest.contains("PackageVersion: \"0.1.0\""));
    assert!(manifest
        .contains("https://example.invalid/releases/v0.1.0/actwiz-x86_64-pc-windows-msvc.msi"));
    // The SHA-256 of the fake MSI's bytes, uppercase as winget writes it.
    assert!(
        manifest.contains(
            "InstallerSha256: \"49D645C49A66A7A58F42FD1745278A683C87B9F90DB554885D901516C246CBDD\""
        ),
        "{manifest}"
    );
}
