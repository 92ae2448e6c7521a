#!/usr/bin/env bash
# Builds what a release ships, into target/dist/: the abi3 wheel and the sdist (maturin), and
# the npm tarballs (the main `rnet` package and this machine's platform package, napi-rs
# layout). The test command calls it and then installs each artefact outside the repo
# (python/tests/test_dist.py, node/__test__/dist.test.mjs). Needs scripts/setup.sh first.
#
# RNET_DIST_PROFILE=release (the default, what a release publishes: fat LTO, stripped) or
# dev: the same packaging around the debug build that setup.sh already compiled, so it costs
# seconds instead of two whole-program LTO builds. The test command uses dev (RELEASING.md
# runs the install tests against release artefacts).
#
# `dist.sh python` or `dist.sh node` builds one host's artefacts (the test command packs the
# npm tarballs beside the wheel); no argument, both.
set -euo pipefail
hosts=${1:-python node}
profile=${RNET_DIST_PROFILE:-release}
case "$profile" in
  release) release=--release ;;
  dev) release= ;;
  *) echo "RNET_DIST_PROFILE is release or dev, not '$profile'" >&2; exit 2 ;;
esac
cd "$(dirname "${BASH_SOURCE[0]}")/.."
dist="$PWD/target/dist"
mkdir -p "$dist"

python_dist() {
  rm -f "$dist"/rnet-*.whl "$dist"/rnet-*.tar.gz
  echo "==> $profile wheel and sdist (maturin)"
  # Through scripts/maturin.sh, as setup.sh's `maturin develop`: the dev wheel repackages that build.
  bash scripts/maturin.sh build $release -q -o "$dist"
  bash scripts/maturin.sh sdist -o "$dist" >/dev/null

  # The sdist install test builds with pip's build isolation and no index: it finds maturin here.
  if ! ls .venv/wheelhouse/maturin-*.whl >/dev/null 2>&1; then
    .venv/bin/pip download -q --disable-pip-version-check --only-binary=:all: \
      -d .venv/wheelhouse "$(grep -o 'maturin==[0-9.]*' python/requirements-dev.txt)"
  fi

  # The install test installs rnet[httpx,requests,scrapy] with no index: the frameworks' wheels
  # (and their dependencies) at the versions pinned for the tests.
  local pins
  pins=$(grep -E '^(httpx|requests|scrapy)==' python/requirements-dev.txt)
  if [ ! -f .venv/wheelhouse/.frameworks ] || ! grep -qxF "$(echo "$pins" | tr '\n' ' ')" .venv/wheelhouse/.frameworks; then
    .venv/bin/pip download -q --disable-pip-version-check --only-binary=:all: -d .venv/wheelhouse $pins
    echo "$pins" | tr '\n' ' ' > .venv/wheelhouse/.frameworks
  fi
}

node_dist() {
  rm -rf "$dist/addon" "$dist/stage" "$dist"/*.tgz
  echo "==> $profile Node addon and npm tarballs (napi)"
  if [ "$profile" = dev ]; then
    # The addon setup.sh's `npm run build` made: napi would compile rnet again for the same
    # bytes. Its debug info goes, as a release build's symbols do, so npm does not gzip 70 MB.
    mkdir -p "$dist/addon"
    for addon in node/rnet.*.node; do strip --strip-debug -o "$dist/addon/${addon#node/}" "$addon"; done
    cp node/native.d.ts "$dist/addon/"
  else
    # --no-js: native.js (and native.d.ts) are committed and come from the dev build.
    (cd node && npx napi build --platform $release --no-const-enum --manifest-path ../rnet/Cargo.toml \
      --features node --output-dir "$dist/addon" --no-js --dts native.d.ts >/dev/null)
  fi
  node node/scripts/pack.mjs "$dist/addon" "$dist"
}

for host in $hosts; do
  case "$host" in
    python) python_dist ;;
    node) node_dist ;;
    *) echo "dist.sh: python or node, not '$host'" >&2; exit 2 ;;
  esac
done
ls -l "$dist"
