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

echo; echo "==> What the server saw for Chrome149, from Python and from Node"
py=$(.venv/bin/python -m rnet.fingerprint Chrome149 --json)
js=$(node node/bin/rnet-fingerprint.mjs Chrome149 --json)
python3 - "$py" "$js" <<'PY'
import json, sys
py, js = (json.loads(a)["Chrome149"] for a in sys.argv[1:3])
for key in py:
    same = "same" if py[key] == js[key] else "differs"
    if key == "ja3_hash" and py[key] != js[key]:
        same = "per-conn"  # Chrome permutes its extensions on every connection; compare ja3n
    print(f"{key:<12} {same:<9} python: {py[key]}")
    if py[key] != js[key]:
        print(f"{'':<22} node:   {js[key]}")
PY
