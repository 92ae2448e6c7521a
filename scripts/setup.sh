#!/usr/bin/env bash
# Installs what a fresh machine lacks (scripts/install.sh), then builds the fixture server,
# the Python module and the Node addon. Sourced by demo.sh and test.sh; safe to run again
# (each step is idempotent).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

source scripts/install.sh

# One target directory (see .cargo/config.toml): BoringSSL compiles once for all three. And
# every feature set asks for the same dependency features (rnet/Cargo.toml), so wreq and its
# dependencies compile once too: the Python and Node builds below compile only rnet itself.
echo "==> build fixture server and the pure-Rust fingerprint reference"
cargo build -q -p rnet-fixture
cargo build -q -p rnet --example fingerprint
# The Python and Node builds of rnet share cargo's freshness record (a cdylib's output name has
# no hash), so each one recompiles rnet after the other. Python last: test.sh packages that
# build into the dev wheel next, with nothing to compile.
echo "==> build Node addon (napi build --platform)"
(cd node && npm run -s build)
echo "==> build Python module (maturin develop)"
bash scripts/maturin.sh develop -q
