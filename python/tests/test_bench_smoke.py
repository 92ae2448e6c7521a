"""The bench harness cannot rot: `benches/bench.py --smoke` runs every scenario through the
same code path as the real benchmark (client scripts, summary, report) for rnet in both
hosts, with a few requests against the fixture."""

import json
import subprocess
import sys

import pytest

from conftest import ROOT


@pytest.mark.slow
def test_bench_harness_smoke(server):
    out = subprocess.run(
        [sys.executable, str(ROOT / "benches/bench.py"), "--quick", "--smoke",
         server.url("", "http"), server.url("", "https")],
        capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout.splitlines()[0])
    got = {(r["scenario"], r["host"]) for r in rows if r.get("rps", 0) > 0 and r["cpu_us"] > 0 and r["rss_mb"] > 0}
    want = {(s, h) for s in ("async-h1-1k", "async-h2-1k", "newclient-h1-1k", "newclient-h2-1k", "stream-h1-50m")
            for h in ("python", "node")} | {("sync-h1-1k", "python"), ("sync-h2-1k", "python")}
    assert want <= got, (sorted(want - got), out.stderr[-2000:])
    assert "| python | rnet |" in out.stdout and "### stream-h1-50m" in out.stdout
    views = {r["scenario"] for r in rows if r["library"] == "rnet-views" and r.get("rps", 0) > 0}
    assert views == {s for s, h in want if h == "python"}, views
