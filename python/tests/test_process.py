"""Process models: fork (os.fork, a multiprocessing pool, a prefork master, asyncio on both
sides) and signals (Ctrl-C during a blocking call, and during asyncio.run). Each scenario runs
in its own interpreter (procs.py), so a crash or a hang is a failed test, not a dead suite.
The fixture counts the requests every process made: none may be lost."""

import json
import os
import pathlib
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
import uuid

import pytest

PROCS = pathlib.Path(__file__).with_name("procs.py")


def run(server, scenario, *args, timeout=120):
    tag = uuid.uuid4().hex
    proc = subprocess.run(
        [sys.executable, str(PROCS), scenario, server.url(""), tag, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert proc.returncode == 0, f"{scenario} exited {proc.returncode}:\n{proc.stderr[-3000:]}"
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert all(code == 0 for code in out["children"]), (out, proc.stderr[-3000:])
    with urllib.request.urlopen(server.url(f"/counted/{tag}")) as r:
        out["arrived"] = json.load(r)["count"]
    assert out["arrived"] == out["expected"], out
    return out


def test_fork_with_requests_in_parent_and_child_at_once(server):
    assert run(server, "fork_both")["children"] == [0]


def test_multiprocessing_fork_pool_while_the_parent_keeps_requesting(server):
    out = run(server, "pool")
    assert len(out["children"]) == 4
    assert out["parent_requests"] > 0


def test_prefork_workers_share_an_import_time_client(server):
    assert run(server, "prefork")["children"] == [0, 0, 0, 0]


def test_async_loop_before_fork_and_a_new_one_in_the_child(server):
    assert run(server, "async_fork")["children"] == [0]


def test_a_child_cannot_read_its_parents_connection_and_the_parent_still_can(server):
    run(server, "inherited_body")


def test_fork_soak_no_fd_growth_in_the_parent(server):
    out = run(server, "soak", "50", timeout=300)
    assert len(out["children"]) == 50
    assert out["parent_requests"] > 0
    # The parent's pooled connections are made once; 49 more forks add nothing.
    assert out["fds_at_end"] <= out["fds_after_first"] + 2, out


@pytest.mark.slow
def test_ctrl_c_interrupts_every_blocking_wait_within_200ms(server):
    before = server.stats()["delay_cancelled"]
    out = run(
        server,
        "signals",
        server.url("", "faults"),
        server.url("/ws").replace("http", "ws", 1),
    )
    delays = [d for ds in out["delays"].values() for d in ds]
    assert len(delays) == 20
    assert max(delays) < 0.2, out["delays"]
    assert out["other_handler"] < 0.2
    print(f"SIGINT -> KeyboardInterrupt: median {statistics.median(delays) * 1000:.1f} ms, "
          f"worst {max(delays) * 1000:.1f} ms over {len(delays)}")
    # The interrupted /delay requests were cancelled: the fixture saw them go.
    after = server.wait_for(lambda s: s["delay_cancelled"] >= before + 6)["delay_cancelled"]
    assert after >= before + 6


ASYNC_CTRL_C = """
import asyncio, sys, rnet
async def main():
    client = rnet.Client()
    await asyncio.gather(*(client.get(sys.argv[1]) for _ in range(5)))
print("started", flush=True)
asyncio.run(main())
"""


def test_ctrl_c_during_asyncio_run_exits_promptly(server):
    before = server.stats()["delay_cancelled"]
    proc = subprocess.Popen(
        [sys.executable, "-c", ASYNC_CTRL_C, server.url("/delay/30")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout.readline().strip() == "started"
    server.wait_for(lambda s: s["requests"] > 0)
    time.sleep(0.5)
    sent = time.monotonic()
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=10)
    elapsed = time.monotonic() - sent
    # asyncio.run turns Ctrl-C into KeyboardInterrupt (exit 130 via the default handler is
    # Python's own choice: a traceback and status 1, or -SIGINT on 3.11+).
    assert "KeyboardInterrupt" in err or proc.returncode == -signal.SIGINT, err
    assert elapsed < 2, elapsed
    # Every request was cancelled: no thread is left holding a connection open.
    after = server.wait_for(lambda s: s["delay_cancelled"] >= before + 5)["delay_cancelled"]
    assert after >= before + 5


def test_a_grandchild_gets_its_own_runtime_too(server):
    # A child's child works too: every fork gets its own runtime.
    code = (
        "import os, sys, rnet.blocking as rb\n"
        "c = rb.Client(); c.get(sys.argv[1])\n"
        "def leaf():\n"
        "    assert rb.Client().get(sys.argv[1]).status == 200\n"
        "    os._exit(0)\n"
        "pid = os.fork()\n"
        "if pid == 0:\n"
        "    assert c.get(sys.argv[1]).status == 200\n"
        "    pid2 = os.fork()\n"
        "    if pid2 == 0: leaf()\n"
        "    os._exit(os.waitstatus_to_exitcode(os.waitpid(pid2, 0)[1]))\n"
        "assert os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 0\n"
        "assert c.get(sys.argv[1]).status == 200\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, server.url("/get")], capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stderr


EXIT_MID_REQUEST = """
import asyncio, sys, threading, time, rnet, rnet.blocking as rb
client = rb.Client()
for _ in range(4):
    threading.Thread(target=lambda: client.get(sys.argv[1]), daemon=True).start()
loop = asyncio.new_event_loop()
pending = [loop.create_task(rnet.get(sys.argv[1])) for _ in range(4)]
loop.run_until_complete(asyncio.sleep(0.3))
print("exiting", flush=True)
"""


def test_the_interpreter_exits_promptly_with_requests_in_flight(server):
    # Daemon threads blocked in requests, and async requests on a loop that is never closed:
    # neither holds the exit back nor crashes it.
    for _ in range(3):
        started = time.monotonic()
        proc = subprocess.run(
            [sys.executable, "-c", EXIT_MID_REQUEST, server.url("/delay/30")],
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout.strip() == "exiting"
        assert time.monotonic() - started < 5
