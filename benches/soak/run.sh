#!/usr/bin/env bash
# Full-size load and soak, both hosts, against the loopback fixture server:
# 10,000 concurrent requests on one client, 100,000 sequential requests, 1,000 clients made
# and dropped, 500 short processes. Writes benches/soak/results.json. The test suites run the
# same scripts at small sizes (python/tests/test_load.py, node/__test__/load.test.mjs).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
source scripts/setup.sh >/dev/null

coproc FIXTURE { exec target/x86_64-unknown-linux-gnu/debug/rnet-fixture; }
read -r ports <&"${FIXTURE[0]}"
trap 'kill "$FIXTURE_PID" 2>/dev/null || true' EXIT
url="http://127.0.0.1:$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["http"])' "$ports")/get"

# Each phase in a process of its own, so one phase's memory does not colour the next.
phases=("concurrent ${CONCURRENT:-10000}" "sequential ${SEQUENTIAL:-100000}" "clients ${CLIENTS:-1000}" "processes ${PROCESSES:-500}")
py="" js=""
for phase in "${phases[@]}"; do
  set -- $phase
  echo "==> Python --$1 $2"
  py+=$(.venv/bin/python benches/soak/soak.py "$url" "--$1" "$2")$'\n'
  echo "==> Node --$1 $2"
  js+=$(node --expose-gc benches/soak/soak.mjs "$url" "--$1" "$2")$'\n'
done
python3 - "$py" "$js" <<'PY' > benches/soak/results.json
import json, sys, datetime, platform, os
def merge(lines):
    out = {}
    for line in lines.splitlines():
        if line.strip():
            out.update(json.loads(line))
    return out
print(json.dumps({"date": datetime.date.today().isoformat(), "machine": f"{platform.machine()}, {os.cpu_count()} cores",
                  "build": "dev (maturin develop / napi build)",
                  "python": merge(sys.argv[1]), "node": merge(sys.argv[2])}, indent=2))
PY
cat benches/soak/results.json
echo "wrote benches/soak/results.json"
