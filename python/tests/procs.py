"""Process-model scenarios, each run in a fresh interpreter by test_process.py:
`python procs.py <scenario> <base_url> <tag> [args]`. Every request goes to
`<base_url>/count/<tag>`, so the test reads back from the fixture how many arrived. A
scenario exits 0 only if every process it started did; output is JSON on the last line."""

import asyncio
import json
import multiprocessing
import os
import random
import signal
import sys
import threading
import time

import rnet
import rnet.blocking as rb

SCENARIO, BASE, TAG = sys.argv[1], sys.argv[2], sys.argv[3]
URL = f"{BASE}/count/{TAG}"

# The prefork shape: a client made at import time, before any fork.
IMPORTED = rb.Client()


def hit(client, n):
    for _ in range(n):
        resp = client.get(URL)
        assert resp.status == 200, resp.status
        assert json.loads(resp.text())["tag"] == TAG


def wait_all(pids, timeout=60):
    """Waits for every child; returns their exit codes (a signal counts as -signo)."""
    codes, deadline = {}, time.monotonic() + timeout
    while len(codes) < len(pids):
        for pid in pids:
            if pid in codes:
                continue
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                codes[pid] = os.waitstatus_to_exitcode(status)
        if time.monotonic() > deadline:
            for pid in set(pids) - set(codes):
                os.kill(pid, signal.SIGKILL)
                codes[pid] = "hung"
        time.sleep(0.01)
    return [codes[p] for p in pids]


def child(work):
    """Runs `work` in a forked child and leaves with its verdict, never returning."""
    code = 1
    try:
        work()
        code = 0
    except BaseException as e:  # noqa: BLE001 - reported to the parent through the exit code
        print(f"child {os.getpid()}: {type(e).__name__}: {e}", file=sys.stderr, flush=True)
    finally:
        os._exit(code)


def forked(work):
    pid = os.fork()
    if pid == 0:
        child(work)
    return pid


def fork_both():
    """A request, a fork, then parent and child request at the same time. The child uses the
    client it inherited and a new one."""
    hit(IMPORTED, 1)
    pid = forked(lambda: (hit(IMPORTED, 25), hit(rb.Client(), 25)))
    hit(IMPORTED, 50)
    return {"children": wait_all([pid]), "expected": 101}


def square(i):
    # A pool worker: the import-time client, inherited through fork.
    hit(IMPORTED, 100)
    return os.getpid()


def pool():
    """multiprocessing with the fork start method: 4 workers x 100 requests while the parent
    keeps requesting."""
    hit(IMPORTED, 1)
    ctx = multiprocessing.get_context("fork")
    parent = 0
    p = ctx.Pool(4)
    workers = list(p._pool)  # to read their exit codes after join
    result = p.map_async(square, range(4), chunksize=1)
    while not result.ready():
        hit(IMPORTED, 1)
        parent += 1
    pids = result.get(timeout=60)
    p.close()
    p.join()
    return {
        "children": [w.exitcode for w in workers],
        "expected": 1 + 400 + parent,
        "worker_pids": len(set(pids)),
        "parent_requests": parent,
    }


def prefork():
    """A gunicorn-like master: the import-time client is used once, then 4 workers fork and
    serve with it while the master waits."""
    hit(IMPORTED, 1)
    pids = [forked(lambda: hit(IMPORTED, 25)) for _ in range(4)]
    return {"children": wait_all(pids), "expected": 1 + 100}


async def ahit(client, n):
    for _ in range(n):
        resp = await client.get(URL)
        assert resp.status == 200
        assert (await resp.json())["tag"] == TAG


def async_fork():
    """An event loop used before the fork; the child runs a new one, with the inherited async
    client and a new one, while the parent runs its own."""
    client = rnet.Client()
    asyncio.run(ahit(client, 5))

    async def in_child():
        await ahit(client, 10)
        await ahit(rnet.Client(), 10)
        await rnet.get(URL)

    pid = forked(lambda: asyncio.run(in_child()))
    asyncio.run(ahit(client, 20))
    return {"children": wait_all([pid]), "expected": 5 + 21 + 20}


def inherited_body():
    """A response whose body is still unread at the fork: the child is told it cannot read
    the parent's connection, and the parent still reads the whole body afterwards."""
    resp = IMPORTED.get(f"{BASE}/stream-bytes/3000000")
    hit(IMPORTED, 1)

    def in_child():
        try:
            resp.bytes()
        except rnet.BodyError as e:
            assert "belongs to the parent process" in str(e), e
        else:
            raise AssertionError("the child read its parent's connection")
        del_resp = resp  # dropped at exit: must not deregister the parent's socket
        del del_resp
        hit(IMPORTED, 2)

    pid = forked(in_child)
    codes = wait_all([pid])
    body = resp.bytes()
    assert len(body) == 3000000, len(body)
    hit(IMPORTED, 1)
    return {"children": codes, "expected": 4}


def soak(n):
    """n children forked one after another, each requesting, while a thread of the parent
    keeps its own client busy. The parent's descriptors must not grow."""

    def fds():
        return len(os.listdir("/proc/self/fd"))

    hit(IMPORTED, 1)
    stop, busy = threading.Event(), [0]

    def keep_busy():
        client = rb.Client()
        while not stop.is_set():
            hit(client, 1)
            busy[0] += 1

    t = threading.Thread(target=keep_busy)
    t.start()
    codes, counts = [], []
    started = time.monotonic()
    for i in range(n):
        pid = forked(lambda: (hit(IMPORTED, 3), hit(rb.Client(), 2)))
        codes += wait_all([pid])
        counts.append(fds())
    stop.set()
    t.join()
    return {
        "children": codes,
        "expected": 1 + 5 * n + busy[0],
        "fds_after_first": counts[0],
        "fds_at_end": counts[-1],
        "parent_requests": busy[0],
        "seconds": round(time.monotonic() - started, 2),
    }


class Raised(Exception):
    pass


def interrupt_after(seconds, signo=signal.SIGINT):
    """Sends `signo` to this process from another thread; returns when it was sent."""
    sent = []

    def fire():
        time.sleep(seconds)
        sent.append(time.monotonic())
        os.kill(os.getpid(), signo)

    threading.Thread(target=fire, daemon=True).start()
    return sent


def signals(faults, ws_url):
    """Each blocking wait (a request, a whole-body read, stream iteration, a WebSocket
    receive) is interrupted by SIGINT; the time from the signal to KeyboardInterrupt is
    measured. A handler of another signal that raises is raised the same way."""
    client = rb.Client()

    def request():
        client.get(f"{BASE}/delay/30")

    def body():
        client.get(f"{faults}/slow-body").bytes()

    def stream():
        for _ in client.get(f"{faults}/slow-body").stream():
            pass

    def ws():
        with client.websocket(ws_url) as sock:
            sock.recv()

    delays = {}
    for name, op in [("request", request), ("body", body), ("stream", stream), ("ws", ws)]:
        for _ in range(5):
            # Not a multiple of the 50 ms check: the signal lands anywhere between two checks.
            sent = interrupt_after(0.3 + random.uniform(0, 0.05))
            try:
                op()
            except KeyboardInterrupt:
                delays.setdefault(name, []).append(round(time.monotonic() - sent[0], 4))
            else:
                raise AssertionError(f"{name}: finished without KeyboardInterrupt")

    def raise_it(signo, frame):
        raise Raised(signo)

    signal.signal(signal.SIGUSR1, raise_it)
    sent = interrupt_after(0.3, signal.SIGUSR1)
    try:
        request()
    except Raised:
        other = round(time.monotonic() - sent[0], 4)
    # The client still works after every interruption.
    hit(client, 1)
    return {"children": [], "expected": 1, "delays": delays, "other_handler": other}


SCENARIOS = {
    "fork_both": fork_both,
    "pool": pool,
    "prefork": prefork,
    "async_fork": async_fork,
    "inherited_body": inherited_body,
    "soak": lambda: soak(int(sys.argv[4])),
    "signals": lambda: signals(sys.argv[4], sys.argv[5]),
}

if __name__ == "__main__":
    print(json.dumps(SCENARIOS[SCENARIO]()), flush=True)
