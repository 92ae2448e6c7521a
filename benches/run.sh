#!/usr/bin/env bash
# The one benchmark command: `bash benches/run.sh [--quick] [--reps N] [--only a,b]`.
# Installs what is missing (nginx, the Python and Node peers), builds rnet and the pure-wreq
# client in release mode, then runs bench.py, which writes benches/README.md's results,
# benches/results/*.png and benches/results/latest.json.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/install.sh   # cmake/libclang, dev venv, node_modules (no debug builds)

if ! command -v nginx >/dev/null; then
  echo "==> apt-get install nginx"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null
fi

echo "==> bench venv with the Python peers"
[ -x benches/.venv/bin/python ] || python3 -m venv benches/.venv
benches/.venv/bin/pip install -q --disable-pip-version-check -r benches/requirements.txt

echo "==> Node peers"
# `npm ci` rejects impit's lockfile entries (its optional platform packages have no versions),
# so install from the lockfile with `npm install`.
(cd benches && npm install --no-audit --no-fund --loglevel=error)

echo "==> release builds: the Python wheel, the Node addon, the pure-wreq client"
rm -rf benches/.dist
(cd python && ../benches/.venv/bin/maturin build --release -q -o ../benches/.dist)
benches/.venv/bin/pip install -q --force-reinstall --no-deps benches/.dist/*.whl
(cd node && npm run -s build -- --release)
cargo build -q --release -p rnet --example bench_wreq

echo "==> benchmarks"
exec benches/.venv/bin/python benches/bench.py "$@"
