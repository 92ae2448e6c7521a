//! Replays every fuzz target's committed corpus (`fuzz/seeds/<target>/`, minimised from
//! libFuzzer runs) and its regressions (`fuzz/regressions/<target>/`, crashers found and
//! fixed) through the same target code as `cargo fuzz`, as a plain test: no instrumented
//! build, so every test run covers them. `scripts/fuzz.sh` explores further.
use std::path::{Path, PathBuf};

#[path = "../../fuzz/targets/fingerprint.rs"]
mod fingerprint;
#[path = "../../fuzz/targets/options.rs"]
mod options;

fn inputs(target: &str) -> Vec<PathBuf> {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz");
    let mut files: Vec<PathBuf> = ["seeds", "regressions"]
        .iter()
        .filter_map(|dir| std::fs::read_dir(fuzz.join(dir).join(target)).ok())
        .flatten()
        .map(|entry| entry.expect("a corpus entry").path())
        .collect();
    files.sort();
    files
}

fn replay(target: &str, run: fn(&[u8])) {
    let files = inputs(target);
    // The seeds are committed: an empty list means the path is wrong, not that all passed.
    assert!(
        files.len() >= 50,
        "{target}: only {} inputs found",
        files.len()
    );
    let mut failed = Vec::new();
    for file in &files {
        let data = std::fs::read(file).expect("a readable corpus file");
        if std::panic::catch_unwind(|| run(&data)).is_err() {
            failed.push(file.display().to_string());
        }
    }
    assert!(
        failed.is_empty(),
        "{target}: these inputs panic: {failed:#?}"
    );
}

#[test]
fn fingerprint_corpus_replays() {
    replay("fingerprint", fingerprint::run);
}

#[test]
fn options_corpus_replays() {
    replay("options", options::run);
}
