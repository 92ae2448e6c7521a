#!/usr/bin/env bash
# Explores each cargo-fuzz target (fuzz/fuzz_targets/) for a bounded time: FUZZ_SECONDS each,
# 20 by default, starting from the committed seeds (fuzz/seeds/<target>/). Inputs kept in
# fuzz/regressions/<target>/ (crashers found earlier) are replayed first. Exits non-zero on
# any crash. The test command replays seeds and regressions without this instrumented build
# (rnet/tests/fuzz_replay.rs); `FUZZ_SECONDS=20 scripts/test.sh` adds this run.
#
# Refreshing the seeds after a long run: `cargo fuzz cmin -s none -O <target> corpus/<target>`
# then copy corpus/<target> over seeds/<target>.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../fuzz"
command -v cargo-fuzz >/dev/null 2>&1 || cargo install --locked --quiet cargo-fuzz@0.13.2
# cargo-fuzz passes a few -Z flags; RUSTC_BOOTSTRAP lets the machine's stable toolchain take
# them (no nightly needed). `-s none`: what is fuzzed is safe Rust, where the bugs to find are
# panics; a sanitizer build would only rebuild BoringSSL's C code for nothing.
export RUSTC_BOOTSTRAP=1
for target in fingerprint options; do
  log=$(mktemp)
  # Build first, so a target that does not compile is reported as that, not as a crash.
  if ! cargo fuzz build -s none -O "$target" >"$log" 2>&1; then
    tail -n 60 "$log"
    echo "fuzz target $target does not build (the fuzz crate is outside the workspace: check it with 'cd fuzz && RUSTC_BOOTSTRAP=1 cargo check --bins')"
    exit 1
  fi
  if compgen -G "regressions/$target/*" >/dev/null; then
    echo "==> fuzz $target: replaying regressions/$target"
    cargo fuzz run -s none -O "$target" regressions/"$target"/* -- -runs=0
  fi
  echo "==> fuzz $target for ${FUZZ_SECONDS:-20}s"
  mkdir -p "corpus/$target"
  # New inputs go to the first directory (corpus/, not committed); the seeds are read only.
  if ! cargo fuzz run -s none -O "$target" "corpus/$target" "seeds/$target" -- -max_total_time="${FUZZ_SECONDS:-20}" >"$log" 2>&1; then
    tail -n 60 "$log"
    echo "fuzz $target found a crash: fuzz/artifacts/$target/ holds the input; keep it in fuzz/regressions/$target/ once fixed"
    exit 1
  fi
  grep -E "^Done" "$log"
  rm -f "$log"
done
