#!/usr/bin/env bash
# Runs every test: Rust (core, macro, fixture), the four feature combinations, the generated
# types check, the release artefacts installed outside the repo, pytest and node:test. `.ci/run` calls exactly this.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh

echo "==> generated Node bindings are committed and current"
git diff --exit-code -- node/native.d.ts node/native.js

# setup.sh built `python` (maturin) and `node` (napi); `cargo test` builds no features.
# `build`, not `check`, so the dependencies compiled for those builds are reused.
echo "==> feature combination python,node compiles (the other three are built above/below)"
cargo build -q -p rnet --features python,node

echo "==> cargo test"
cargo test -q --workspace
# The divan benches run each benchmark once in test mode: they compile and work.
cargo test -q -p rnet --benches

echo "==> fuzz targets, bounded (FUZZ_SECONDS each)"
bash scripts/fuzz.sh

echo "==> release artefacts (wheel, sdist, npm tarballs) for the install tests"
bash scripts/dist.sh
export RNET_DIST_DIR="$PWD/target/dist"

echo "==> pytest"
(cd python && ../.venv/bin/python -m pytest -q)

echo "==> node:test"
(cd node && npm test -s)
