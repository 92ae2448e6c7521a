"""RNET_WORKER_THREADS: how many threads run rnet's I/O, read when the module loads; a value
that is not a thread count fails the import instead of being ignored."""
import os
import subprocess
import sys

SCRIPT = """
import asyncio, os, sys
import rnet, rnet.blocking
async def main():
    return (await rnet.get(sys.argv[1])).status
statuses = [asyncio.run(main()), rnet.blocking.get(sys.argv[1]).status]
comms = [open(f"/proc/self/task/{t}/comm").read().strip() for t in os.listdir("/proc/self/task")]
print(statuses, comms.count("rnet-worker"))
"""


def run(server, value):
    env = dict(os.environ)
    env.pop("RNET_WORKER_THREADS", None)
    if value is not None:
        env["RNET_WORKER_THREADS"] = value
    return subprocess.run([sys.executable, "-c", SCRIPT, server.url("/get")], capture_output=True,
                          text=True, env=env, timeout=60)


def test_the_setting_sets_the_number_of_workers(server):
    for value, workers in (("1", 1), ("3", 3)):
        out = run(server, value)
        assert out.returncode == 0, out.stderr
        assert out.stdout.split() == ["[200,", "200]", str(workers)]


def test_unset_means_one_worker_per_cpu(server):
    out = run(server, None)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split()[-1] == str(os.cpu_count())


def test_a_bad_value_fails_the_import_and_says_why(server):
    for bad in ("0", "two", "-1", "99999"):
        out = run(server, bad)
        assert out.returncode != 0
        last = out.stderr.strip().splitlines()[-1]
        assert last.startswith("ValueError: RNET_WORKER_THREADS="), last
        assert "whole number from 1 to 1024" in last
