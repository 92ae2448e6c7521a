//! One version number: the workspace `Cargo.toml` holds it; the wheel takes it from there
//! (`dynamic = ["version"]` in pyproject.toml); `node/package.json`, the napi platform packages
//! in `node/npm/` and the `rnet-macros` and `rnet-echo` pins must repeat it.

fn field<'a>(text: &'a str, key: &str) -> Option<&'a str> {
    text.lines()
        .find_map(|l| l.trim().strip_prefix(key))
        .map(|rest| {
            rest.trim_start_matches([' ', ':', '='])
                .trim()
                .trim_end_matches(',')
                .trim_matches('"')
        })
}

#[test]
fn one_version_everywhere() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let read = |p: &str| std::fs::read_to_string(format!("{root}/{p}")).unwrap();
    let cargo = read("Cargo.toml");
    let version = field(&cargo, "version").expect("workspace version");
    assert_eq!(
        env!("CARGO_PKG_VERSION"),
        version,
        "rnet inherits the workspace version"
    );
    let pyproject = read("python/pyproject.toml");
    assert!(
        pyproject.contains("dynamic = [\"version\"]") && field(&pyproject, "version").is_none(),
        "pyproject.toml must take its version from Cargo.toml, not state one"
    );
    let package = read("node/package.json");
    assert_eq!(
        field(&package, "\"version\""),
        Some(version),
        "node/package.json version"
    );
    // The napi platform packages (`npx napi version` updates them) and the macro crate's pin.
    let npm = std::fs::read_dir(format!("{root}/node/npm")).unwrap();
    for dir in npm {
        let path = dir.unwrap().path().join("package.json");
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            field(&text, "\"version\""),
            Some(version),
            "{}",
            path.display()
        );
    }
    for crate_name in ["rnet-macros", "rnet-echo"] {
        let pin = cargo
            .lines()
            .find(|l| l.starts_with(&format!("{crate_name} =")))
            .unwrap_or_else(|| panic!("{crate_name} pin"));
        assert!(
            pin.contains(&format!("version = \"={version}\"")),
            "Cargo.toml: {pin}"
        );
    }
}
