#!/usr/bin/env bash
# Runs every test: Rust (core, macro, fixture), the four feature combinations, the generated
# types check, the release artefacts installed outside the repo, pytest and node:test. `.ci/run` calls exactly this.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# `--quick`: the inner loop. Incremental builds, the core's and the macro's unit tests, then
# pytest and node:test side by side without the soaks (RNET_QUICK). No install, no release
# artefacts, no fuzzing: run the full command before a commit.
if [ "${1:-}" = "--quick" ]; then
  export RNET_QUICK=1 RNET_EXIT_RUNS=12
  cargo build -q -p rnet-fixture
  (cd python && VIRTUAL_ENV="$PWD/../.venv" PATH="$PWD/../.venv/bin:$PATH" maturin develop -q)
  (cd node && npm run -s build >/dev/null)
  cargo test -q -p rnet-macros -p rnet --lib
  (cd python && ../.venv/bin/python -m pytest -q -p no:cacheprovider) > target/quick-pytest.log 2>&1 &
  py=$!
  (cd node && npm test -s) > target/quick-node.log 2>&1 &
  js=$!
  status=0
  wait $py || { status=1; tail -40 target/quick-pytest.log; }
  wait $js || { status=1; grep -B2 -A20 '^not ok' target/quick-node.log | head -80; }
  tail -1 target/quick-pytest.log
  grep -E '^# (pass|fail)' target/quick-node.log
  exit $status
fi

# Each phase prints the wall time since the start, so a slow step shows itself.
phase() { echo "==> [$(date +%T), ${SECONDS}s] $*"; }
phase "install and build (scripts/setup.sh)"
source scripts/setup.sh

phase "generated Node bindings are committed and current"
git diff --exit-code -- node/native.d.ts node/native.js

# setup.sh built `python` (maturin) and `node` (napi); `cargo test` builds no features.
# `build`, not `check`, so the dependencies compiled for those builds are reused.
phase "feature combination python,node compiles (the other three are built above/below)"
cargo build -q -p rnet --features python,node

phase "cargo test"
cargo test -q --workspace
# The divan benches run each benchmark once in test mode: they compile and work.
cargo test -q -p rnet --benches

# The fuzz corpus and regressions replay inside `cargo test` (rnet/tests/fuzz_replay.rs).
# Exploring further needs cargo-fuzz's instrumented build of everything (BoringSSL too,
# about 4 minutes here): FUZZ_SECONDS=20 asks for it.
if [ -n "${FUZZ_SECONDS:-}" ]; then
  phase "fuzz targets, bounded (FUZZ_SECONDS=$FUZZ_SECONDS each)"
  bash scripts/fuzz.sh
fi

# Packaged around the debug build setup.sh made (RNET_DIST_PROFILE=release for what ships).
export RNET_DIST_PROFILE="${RNET_DIST_PROFILE:-dev}"
phase "$RNET_DIST_PROFILE artefacts (wheel, sdist, npm tarballs) for the install tests"
bash scripts/dist.sh
export RNET_DIST_DIR="$PWD/target/dist"

phase "pytest"
(cd python && ../.venv/bin/python -m pytest -q)

phase "node:test"
(cd node && npm test -s)

phase "done"
