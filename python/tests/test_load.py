"""Load and soak at test size (benches/soak/run.sh runs the same script at full size):
concurrent requests on one client, sequential requests, many clients, short processes."""

import json
import os
import subprocess
import sys

import pytest

from conftest import ROOT

SIZES = ["--concurrent", "1000", "--sequential", "3000", "--clients", "200", "--processes", "25"]


@pytest.mark.skipif(bool(os.environ.get("RNET_QUICK")), reason="a soak: the full test command runs it")
def test_load_and_soak(server):
    out = subprocess.run([sys.executable, str(ROOT / "benches/soak/soak.py"), server.url("/get"), *SIZES],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    r = json.loads(out.stdout)
    c = r["concurrent"]
    assert (c["ok"], c["errors"]) == (1000, []), c
    assert c["fds_peak"] > c["fds_before"], c  # the requests really ran in parallel
    assert c["fds_after"] <= c["fds_before"], c  # and no socket leaked
    s = r["sequential"]
    # Growth is the leak; RSS falling (the allocator handing back what the concurrent phase
    # used) is not.
    assert s["drift_mb"] < 10 and s["rss_max_mb"] - s["rss_warm_mb"] < 10, s
    k = r["clients"]
    assert k["fds_after"] <= k["fds_before"] and k["rss_growth_mb"] < 10, k
    p = r["processes"]
    assert (p["aborts"], p["failures"]) == (0, 0), p
