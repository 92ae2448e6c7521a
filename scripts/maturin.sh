#!/usr/bin/env bash
# maturin in python/, run inside the dev venv. Every build of the Python module goes through
# here: with another interpreter or environment, pyo3's build script runs again and rnet and
# pyo3 recompile instead of being reused (`maturin develop`, then the dev wheel in dist.sh).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../python"
VIRTUAL_ENV="$PWD/../.venv" PATH="$PWD/../.venv/bin:$PATH" exec maturin "$@"
