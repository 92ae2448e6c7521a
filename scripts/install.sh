#!/usr/bin/env bash
# Installs what a fresh machine lacks for building and testing rnet: cmake and libclang
# (BoringSSL) and the real browsers (`install_system`), then the dev venv and node_modules
# (`install_envs`). Sourced by setup.sh, which runs the Rust build between the two, and by
# benches/run.sh; sourced with no `install_parts` set, it runs both. Each step is skipped when
# already done.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

install_system() {
  # BoringSSL (inside wreq) needs cmake and libclang; they are not preinstalled.
  local missing=()
  command -v cmake >/dev/null 2>&1 || missing+=(cmake)
  dpkg -s libclang-dev >/dev/null 2>&1 || missing+=(libclang-dev)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "==> apt-get install ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  # Real browsers for the fingerprint fidelity tests (headless Chromium and Firefox ESR).
  source scripts/browsers.sh
}

install_envs() {
  if [ ! -x .venv/bin/python ]; then
    echo "==> python venv"
    python3 -m venv .venv
  fi
  .venv/bin/pip install -q --disable-pip-version-check -r python/requirements-dev.txt

  # httpx's own test suite (its sdist), which python/tests/test_httpx_suite.py runs against
  # rnet.httpx: the version pinned above.
  local httpx_version
  httpx_version=$(grep -o '^httpx==[0-9.]*' python/requirements-dev.txt | cut -d= -f3)
  if [ ! -d ".venv/suites/httpx-$httpx_version/tests" ]; then
    echo "==> httpx $httpx_version test suite"
    mkdir -p .venv/suites
    .venv/bin/pip download -q --disable-pip-version-check --no-deps --no-binary :all: \
      -d .venv/suites "httpx==$httpx_version"
    tar -xzf ".venv/suites/httpx-$httpx_version.tar.gz" -C .venv/suites
  fi

  # Again whenever the lockfile changed since the last install (the stamp is a copy of it).
  if ! cmp -s node/package-lock.json node/node_modules/.rnet-lock-stamp; then
    echo "==> npm ci"
    (cd node && npm ci --no-audit --no-fund --loglevel=error && cp package-lock.json node_modules/.rnet-lock-stamp)
  fi
}

if [ -z "${install_parts:-}" ]; then
  install_system
  install_envs
fi
