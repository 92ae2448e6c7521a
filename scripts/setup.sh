#!/usr/bin/env bash
# Installs what a fresh machine lacks (scripts/install.sh), then builds the fixture server,
# the Python module and the Node addon. Sourced by demo.sh and test.sh; safe to run again
# (each step is idempotent).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

install_parts=separately source scripts/install.sh
install_system

# One target directory (see .cargo/config.toml): BoringSSL compiles once for all three. And
# every feature set asks for the same dependency features (rnet/Cargo.toml), so wreq and its
# dependencies compile once too: the Python and Node builds below compile only rnet itself.
# The fixture server and the pure-Rust fingerprint reference need only cmake and libclang, so
# they (and on a fresh machine, all of the dependencies) build while the venv and
# node_modules install: pip and npm leave the cores idle part of the time, and so does cargo.
# One cargo invocation for both: BoringSSL's build, the longest step, starts as soon as its
# build script is compiled instead of after the whole fixture (a fresh build measured 352 s
# wall this way). The installs run under `nice`: the build is the longer of the two, and
# they took about 50 s of CPU from it (a fresh build beside them measured 403 s). (`;`, not
# `&&`: in an `&&` list `set -e` would not stop install_envs at a failed step.)
echo "==> [$(date +%T)] build fixture server and the pure-Rust fingerprint reference (beside the installs)"
cargo build -q -p rnet-fixture -p rnet --bin rnet-fixture --example fingerprint &
rust=$!
(renice -n 19 $BASHPID >/dev/null || true; install_envs)
wait $rust
echo "==> [$(date +%T)] fixture server and fingerprint reference built"
# The Python and Node builds of rnet share cargo's freshness record (a cdylib's output name has
# no hash), so each one recompiles rnet after the other. Python last: test.sh packages that
# build into the dev wheel next, with nothing to compile.
echo "==> [$(date +%T)] build Node addon (napi build --platform)"
(cd node && npm run -s build)
echo "==> [$(date +%T)] build Python module (maturin develop)"
bash scripts/maturin.sh develop -q
