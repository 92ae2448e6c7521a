#!/usr/bin/env bash
# Runs every test: Rust (core, macro, fixture, the fuzz corpus replayed), the four feature
# combinations, the generated types check, the wheel, sdist and npm tarballs installed outside
# the repo, pytest and node:test. `.ci/run` calls exactly this.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# pytest and node:test side by side (two cores; most of either is waiting on sockets and
# child processes). Alone, pytest is the longer one, so its install tests (test_dist.py, which
# skips itself without RNET_DIST_DIR) run after node:test instead. Each logs to target/; a
# failure prints its tail, then the status is 1. Arguments go to pytest; `node_tests` lists
# node:test's files (all of __test__/ unless set).
node_tests=(__test__/)
pytest() { (cd python && exec ../.venv/bin/python -m pytest -q -p no:cacheprovider "$@"); }
side_by_side() {
  pytest --ignore=tests/test_dist.py "$@" > target/pytest.log 2>&1 &
  local py=$!
  local status=0
  (cd node && exec node --test --test-concurrency=1 "${node_tests[@]}") > target/node-test.log 2>&1 ||
    { status=1; grep -B2 -A30 '^not ok' target/node-test.log | head -120; }
  echo "node:test: $(grep -E '^# (pass|fail) ' target/node-test.log | tr '\n' ' ')"
  if [ -n "${RNET_DIST_DIR:-}" ]; then
    pytest tests/test_dist.py "$@" > target/pytest-dist.log 2>&1 || { status=1; tail -60 target/pytest-dist.log; }
    echo "pytest (install tests): $(tail -1 target/pytest-dist.log)"
  fi
  wait $py || { status=1; tail -60 target/pytest.log; }
  echo "pytest: $(tail -1 target/pytest.log)"
  return $status
}

# `--quick`: the inner loop. Incremental builds, the core's and the macro's unit tests, then
# pytest and node:test side by side without the slow tests (pytest's `slow` marker, node's
# fingerprint and types files, the soaks that RNET_QUICK skips). No install, no packaging, no
# fuzz replay: run the full command before a commit.
if [ "${1:-}" = "--quick" ]; then
  export RNET_QUICK=1 RNET_EXIT_RUNS=12
  cargo build -q -p rnet-fixture
  # Once setup.sh has installed rnet editable, rebuilding the module in place is enough.
  skip_install=$([ -f .venv/lib/python3*/site-packages/rnet.pth ] && echo --skip-install || true)
  bash scripts/maturin.sh develop -q $skip_install
  (cd node && npm run -s build >/dev/null)
  cargo test -q -p rnet-macros -p rnet --lib
  # node:test's slow files: every profile through the debug Rust reference, and tsc runs.
  node_tests=()
  for f in node/__test__/*.test.mjs; do
    case "$f" in */fingerprint.test.mjs|*/types.test.mjs) ;; *) node_tests+=("${f#node/}") ;; esac
  done
  side_by_side -m "not slow"
  exit
fi

# Each phase prints the wall time since the start, so a slow step shows itself.
phase() { echo "==> [$(date +%T), ${SECONDS}s] $*"; }
phase "install and build (scripts/setup.sh)"
source scripts/setup.sh

# Packaged around the debug builds setup.sh just made, before another feature set replaces
# them (RNET_DIST_PROFILE=release for what ships).
export RNET_DIST_PROFILE="${RNET_DIST_PROFILE:-dev}"
phase "$RNET_DIST_PROFILE artefacts (wheel, sdist, npm tarballs) for the install tests"
bash scripts/dist.sh
export RNET_DIST_DIR="$PWD/target/dist"

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

phase "pytest and node:test, side by side"
side_by_side

phase "done"
