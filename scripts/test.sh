#!/usr/bin/env bash
# Runs every test: Rust (core, macro, fixture), the four feature combinations, the generated
# types check, pytest and node:test. `.ci/run` calls exactly this.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh

echo "==> generated Node bindings are committed and current"
git diff --exit-code -- node/index.d.ts node/index.js

echo "==> feature combinations compile: none, python, node, both"
for features in "" python node python,node; do
  cargo check -q -p rnet --features "$features"
done

echo "==> cargo test"
cargo test -q --workspace

echo "==> pytest"
(cd python && ../.venv/bin/python -m pytest -q)

echo "==> node:test"
(cd node && npm test -s)
