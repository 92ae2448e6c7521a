"""Load and soak for the Python host, at any size: the tests run it small
(python/tests/test_load.py), benches/soak/run.sh runs it at full size. Prints one JSON object.

  soak.py URL [--concurrent N] [--sequential N] [--clients N] [--processes N]

URL is an HTTP/1.1 endpoint that answers GET quickly (the fixture's /get)."""

import argparse
import asyncio
import gc
import json
import os
import subprocess
import sys
import time

import rnet


def fds():
    return len(os.listdir("/proc/self/fd"))


def rss_mb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


async def settle(check, timeout=10.0):
    """Waits for pooled sockets to close (they close asynchronously after a drop)."""
    deadline = time.monotonic() + timeout
    while not check() and time.monotonic() < deadline:
        gc.collect()
        await asyncio.sleep(0.05)


async def warm_up(url):
    """The runtime's threads and the resolver's sockets exist after the first request."""
    for _ in range(10):
        await (await rnet.Client().get(url)).bytes()
    gc.collect()
    await settle(lambda: False, timeout=0.5)


async def concurrent(url, n):
    await warm_up(url)
    before = fds()
    client = rnet.Client()
    start = time.monotonic()

    async def one():
        resp = await client.get(url)
        await resp.bytes()
        return resp.status

    statuses = await asyncio.gather(*(one() for _ in range(n)), return_exceptions=True)
    seconds = time.monotonic() - start
    errors = sorted({f"{type(s).__name__}: {s}" for s in statuses if not isinstance(s, int)})[:5]
    peak = fds()
    client.close()
    del client
    await settle(lambda: fds() <= before)
    return {"n": n, "ok": sum(1 for s in statuses if s == 200), "errors": errors,
            "seconds": round(seconds, 2), "fds_before": before, "fds_peak": peak, "fds_after": fds()}


async def sequential(url, n):
    client = rnet.Client()
    warm = max(n // 10, 1)
    for _ in range(warm):
        await (await client.get(url)).bytes()
    gc.collect()
    rss_warm = rss_mb()
    start = time.monotonic()
    samples = []
    for i in range(n):
        await (await client.get(url)).bytes()
        if i % max(n // 20, 1) == 0:
            samples.append(rss_mb())
    seconds = time.monotonic() - start
    gc.collect()
    rss_end = rss_mb()
    return {"n": n, "seconds": round(seconds, 2), "rss_warm_mb": round(rss_warm, 1),
            "rss_end_mb": round(rss_end, 1), "rss_max_mb": round(max(samples + [rss_end]), 1),
            "drift_mb": round(rss_end - rss_warm, 1)}


async def make_clients(url, n):
    for _ in range(n):
        client = rnet.Client()
        await (await client.get(url)).bytes()
        del client
    gc.collect()


async def clients(url, n):
    """n clients made and dropped, after n more as warm-up (the allocator's plateau)."""
    await warm_up(url)
    await make_clients(url, n)
    await settle(lambda: False, timeout=0.5)
    before_fds, before_rss = fds(), rss_mb()
    await make_clients(url, n)
    await settle(lambda: fds() <= before_fds)
    return {"n": n, "fds_before": before_fds, "fds_after": fds(),
            "rss_before_mb": round(before_rss, 1), "rss_after_mb": round(rss_mb(), 1),
            "rss_growth_mb": round(rss_mb() - before_rss, 1)}


CHILD = "import asyncio, sys, rnet\nasync def m():\n    r = await rnet.get(sys.argv[1])\n    assert r.status == 200\n    await r.bytes()\nasyncio.run(m())\n"


def processes(url, n):
    """n short interpreters, each making one request and exiting; a signal is an abort."""
    aborts, failures, codes = 0, 0, {}
    start = time.monotonic()
    for _ in range(n):
        out = subprocess.run([sys.executable, "-c", CHILD, url], capture_output=True, timeout=60)
        if out.returncode < 0:
            aborts += 1
        elif out.returncode != 0:
            failures += 1
        codes[out.returncode] = codes.get(out.returncode, 0) + 1
    return {"n": n, "aborts": aborts, "failures": failures, "exit_codes": codes,
            "seconds": round(time.monotonic() - start, 1)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("url")
    ap.add_argument("--concurrent", type=int, default=0)
    ap.add_argument("--sequential", type=int, default=0)
    ap.add_argument("--clients", type=int, default=0)
    ap.add_argument("--processes", type=int, default=0)
    a = ap.parse_args()
    out = {}
    if a.concurrent:
        out["concurrent"] = asyncio.run(concurrent(a.url, a.concurrent))
    if a.sequential:
        out["sequential"] = asyncio.run(sequential(a.url, a.sequential))
    if a.clients:
        out["clients"] = asyncio.run(clients(a.url, a.clients))
    if a.processes:
        out["processes"] = processes(a.url, a.processes)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
