#!/usr/bin/env bash
# Runs every test: Rust (core, macro, fixture, the fuzz corpus replayed), the four feature
# combinations, the generated types check, the wheel, sdist and npm tarballs installed outside
# the repo, pytest and node:test. `.ci/run` calls exactly this.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# pytest and node:test side by side (two cores; most of either is waiting on sockets, timers
# and child processes), and a third lane, `beside`, under `nice -n 19`: it soaks up the idle
# time without slowing the two timing-sensitive lanes. Each logs to target/; a failure prints
# its tail, then the status is 1. Arguments go to pytest; `node_tests` lists node:test's files
# (all of __test__/ unless set), `node_concurrency` how many run at once (one unless set);
# `before_node` runs once pytest has started and before node:test (its failure skips it).
node_tests=(__test__/)
before_node=true
beside=
pytest() { (cd python && exec ../.venv/bin/python -m pytest -q -p no:cacheprovider "$@"); }
side_by_side() {
  pytest --ignore=tests/test_dist.py "$@" > target/pytest.log 2>&1 &
  local py=$! lane= status=0
  if [ -n "$beside" ]; then
    (renice -n 19 $BASHPID >/dev/null && $beside) &
    lane=$!
  fi
  if ! $before_node; then
    status=1
  else
    (cd node && exec node --test --test-concurrency=${node_concurrency:-1} "${node_tests[@]}") > target/node-test.log 2>&1 ||
      { status=1; grep -a -B2 -A30 '^not ok' target/node-test.log | head -120; }
    echo "node:test: $(grep -aE '^# (pass|fail) ' target/node-test.log | tr '\n' ' ')"
  fi
  if [ -n "$lane" ]; then wait $lane || status=1; fi
  wait $py || { status=1; tail -60 target/pytest.log; }
  echo "pytest: $(tail -1 target/pytest.log)"
  return $status
}

# Each phase prints the wall time since the start, so a slow step shows itself.
phase() { echo "==> [$(date +%T), ${SECONDS}s] $*"; }

# `--quick`: the inner loop. Incremental builds, the core's and the macro's unit tests, then
# pytest and node:test side by side without the slow tests (pytest's `slow` marker, node's
# fingerprint and types files, the soaks and real browsers that RNET_QUICK skips). No install,
# no packaging, no fuzz replay: run the full command before a commit. pytest starts as soon as
# the Python module is built; the Node build and the unit tests run beside it.
if [ "${1:-}" = "--quick" ]; then
  export RNET_QUICK=1 RNET_EXIT_RUNS=12
  # Two node:test files at a time: without the soaks and the real browsers, that overlaps
  # their waits. (The full command runs one at a time, beside the install lane.)
  node_concurrency=2
  phase "quick: Python module"
  cargo build -q -p rnet-fixture
  # Once setup.sh has installed rnet editable, rebuilding the module in place is enough.
  skip_install=$([ -f .venv/lib/python3*/site-packages/rnet.pth ] && echo --skip-install || true)
  bash scripts/maturin.sh develop -q $skip_install
  # node:test's slow files: every profile through the debug Rust reference, and tsc runs.
  node_tests=()
  for f in node/__test__/*.test.mjs; do
    case "$f" in */fingerprint.test.mjs|*/types.test.mjs) ;; *) node_tests+=("${f#node/}") ;; esac
  done
  node_build_and_unit_tests() {
    (cd node && npm run -s build >/dev/null) && phase "quick: unit tests" &&
      cargo test -q -p rnet-macros -p rnet --lib && phase "quick: node:test"
  }
  before_node=node_build_and_unit_tests
  phase "quick: pytest, beside the Node build, the unit tests and node:test"
  side_by_side -m "not slow"
  phase "done"
  exit
fi

phase "install and build (scripts/setup.sh)"
source scripts/setup.sh

# Packaged around the debug builds setup.sh just made, before another feature set replaces
# them (RNET_DIST_PROFILE=release for what ships). The npm tarballs (strip and gzip, no cargo)
# are packed beside the wheel and `cargo test`; node:test waits for them.
export RNET_DIST_PROFILE="${RNET_DIST_PROFILE:-dev}"
phase "$RNET_DIST_PROFILE artefacts (wheel, sdist; npm tarballs beside) for the install tests"
bash scripts/dist.sh node > target/dist-node.log 2>&1 &
node_dist=$!
bash scripts/dist.sh python
export RNET_DIST_DIR="$PWD/target/dist"

phase "generated Node bindings are committed and current"
git diff --exit-code -- node/native.d.ts node/native.js

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

# The third lane: the feature combination python,node compiles (setup.sh built `python` and
# `node`, `cargo test` no features), then the install tests (test_dist.py: the wheel, the
# sdist built from source, the frameworks from the extras). Both are mostly compiling and
# installing, which is what `nice` suits. `build`, not `check`: the dependencies compiled for
# the other builds are reused. (`|| return 1`: the lane runs in an `&&` list, where `set -e`
# does not stop at a failed command.)
install_lane() {
  phase "beside: feature combination python,node compiles"
  cargo build -q -p rnet --features python,node || return 1
  phase "beside: install tests (wheel, sdist, extras)"
  pytest tests/test_dist.py > target/pytest-dist.log 2>&1 || { tail -60 target/pytest-dist.log; return 1; }
  echo "pytest (install tests): $(tail -1 target/pytest-dist.log)"
}
beside=install_lane
wait $node_dist || { cat target/dist-node.log; exit 1; }

phase "pytest and node:test side by side; python,node and the install tests beside them"
side_by_side

phase "done"
