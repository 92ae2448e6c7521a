#!/usr/bin/env bash
# Installs what a fresh machine lacks, then builds the fixture server, the Python module and
# the Node addon. Sourced by demo.sh and test.sh; safe to run again (each step is idempotent).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# BoringSSL (inside wreq) needs cmake and libclang; they are not preinstalled.
missing=()
command -v cmake >/dev/null 2>&1 || missing+=(cmake)
dpkg -s libclang-dev >/dev/null 2>&1 || missing+=(libclang-dev)
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> apt-get install ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
  echo "==> python venv"
  python3 -m venv .venv
fi
.venv/bin/pip install -q --disable-pip-version-check -r python/requirements-dev.txt

# Again whenever the lockfile changed since the last install (the stamp is a copy of it).
if ! cmp -s node/package-lock.json node/node_modules/.rnet-lock-stamp; then
  echo "==> npm ci"
  (cd node && npm ci --no-audit --no-fund --loglevel=error && cp package-lock.json node_modules/.rnet-lock-stamp)
fi

# One target directory (see .cargo/config.toml): BoringSSL compiles once for all three.
echo "==> build fixture server and the pure-Rust fingerprint reference"
cargo build -q -p rnet-fixture
cargo build -q -p rnet --example fingerprint
echo "==> build Python module (maturin develop)"
(cd python && VIRTUAL_ENV="$PWD/../.venv" PATH="$PWD/../.venv/bin:$PATH" maturin develop -q)
echo "==> build Node addon (napi build --platform)"
(cd node && npm run -s build)
