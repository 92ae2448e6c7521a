//! `emulation/profiles.rs` is generated from wreq-util's variant list and rnet's own profiles;
//! this regenerates it and
//! fails on any difference (`RNET_BLESS=1` rewrites it).

#[test]
fn profile_list_matches_wreq_util() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/emulation/profiles.rs");
    let want = rnet::emulation::generate_profiles_source();
    if std::env::var_os("RNET_BLESS").is_some() {
        std::fs::write(path, &want).unwrap();
    }
    let have = std::fs::read_to_string(path).unwrap();
    assert!(
        have == want,
        "profiles.rs is stale: run RNET_BLESS=1 cargo test -p rnet --test profiles"
    );
    // wreq-util's profiles first, each to itself; then rnet's own, each to an older base.
    let upstream = wreq_util::Profile::VARIANTS.len();
    for (ours, theirs) in rnet::Profile::ALL.iter().zip(wreq_util::Profile::VARIANTS) {
        assert_eq!(ours.to_wreq(), *theirs);
        assert_eq!(ours.name(), format!("{theirs:?}"));
    }
    for ours in &rnet::Profile::ALL[upstream..] {
        assert!(
            !wreq_util::Profile::VARIANTS
                .iter()
                .any(|p| format!("{p:?}") == ours.name()),
            "{} is now in wreq-util: drop rnet's own definition",
            ours.name()
        );
    }
}

#[test]
fn profile_doc_is_current() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/profiles.md");
    let want = rnet::emulation::generate_profiles_doc();
    if std::env::var_os("RNET_BLESS").is_some() {
        std::fs::write(path, &want).unwrap();
    }
    let have = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        have == want,
        "docs/profiles.md is stale: run RNET_BLESS=1 cargo test -p rnet --test profiles"
    );
    for p in rnet::Profile::ALL {
        assert!(
            have.contains(&format!("`{p:?}`")),
            "{p:?} missing from the doc"
        );
    }
}
