#!/usr/bin/env bash
# Builds both modules, starts the fixture server, and requests it from Python and from Node
# with a Chrome profile, printing status and body.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh

coproc FIXTURE { exec target/x86_64-unknown-linux-gnu/debug/rnet-fixture; }
read -r ports <&"${FIXTURE[0]}"
trap 'kill "$FIXTURE_PID" 2>/dev/null || true' EXIT
https=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["https"])' "$ports")
url="https://127.0.0.1:${https}/get"

echo; echo "==> Python"; .venv/bin/python python/examples/demo.py "$url"
echo; echo "==> Node";   node node/examples/demo.mjs "$url"
