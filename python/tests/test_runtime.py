"""Runtime: a client given `runtime=` runs its requests, bodies and WebSockets on that
runtime's threads, which live as long as anything still uses them."""
import asyncio
import gc
import json
import os
import subprocess
import sys
import textwrap
import threading
import time

import pytest

import rnet
import rnet.blocking
from rnet.runtime import Runtime
from conftest import pattern
from threadstat import threads


def grew(before, after):
    return {tid: after[tid] - before[tid] for tid in before}


def test_a_client_runs_on_the_threads_of_its_runtime(server):
    used, idle = Runtime(workers=2, thread_name="rt-used"), Runtime(workers=2, thread_name="rt-idle")
    assert (used.workers, used.work_steal, used.thread_name) == (2, True, "rt-used")
    assert len(threads("rt-used")) == 2 and len(threads("rt-idle")) == 2

    async def main(client):
        bodies = []
        for _ in range(40):
            resp = await client.get(server.url("/bytes/5000"))
            bodies.append(await resp.bytes())
        return bodies

    client = rnet.Client(runtime=used)
    assert client.runtime.thread_name == "rt-used" and rnet.Client().runtime is None
    before = (threads("rt-used"), threads("rt-idle"))
    bodies = asyncio.run(main(client))
    assert bodies == [pattern(5000)] * 40
    # The requests woke the runtime's threads; the other runtime's stayed asleep.
    n_used, n_idle = (sum(grew(b, threads(n)).values()) for b, n in zip(before, ("rt-used", "rt-idle")))
    assert n_used >= 20 and n_idle <= 2, (n_used, n_idle)


def test_without_work_stealing_each_client_keeps_one_worker(server):
    rt = Runtime(workers=3, work_steal=False, thread_name="rt-nosteal")
    assert rt.work_steal is False and len(threads("rt-nosteal")) == 3
    clients = [rnet.Client(runtime=rt) for _ in range(3)]

    async def main():
        for client in clients:
            for _ in range(20):
                assert (await client.get(server.url("/get"))).status == 200

    before = threads("rt-nosteal")
    asyncio.run(main())
    # Round robin: the three clients were given the three workers, and each one worked (a busy
    # machine can answer before a worker parks, so not every request shows as a switch).
    switches = grew(before, threads("rt-nosteal")).values()
    assert all(n >= 5 for n in switches), switches


def test_a_body_is_still_read_after_its_client_and_runtime_are_dropped(server):
    async def main():
        client = rnet.Client(runtime=Runtime(workers=1, thread_name="rt-kept"))
        # Larger than what is read ahead with the head, so the body is read afterwards.
        whole = await client.get(server.url("/bytes/600000"))
        streamed = await client.get(server.url("/stream-bytes/600000"))
        del client
        gc.collect()
        assert len(threads("rt-kept")) == 1
        return await whole.bytes(), b"".join([bytes(c) async for c in streamed.stream()])

    assert asyncio.run(main()) == (pattern(600000), pattern(600000))


def test_the_last_user_gone_stops_the_threads(server):
    async def main():
        client = rnet.Client(runtime=Runtime(workers=2, thread_name="rt-gone"))
        assert (await client.get(server.url("/get"))).status == 200
        return client

    client = asyncio.run(main())
    assert len(threads("rt-gone")) == 2
    del client
    gc.collect()
    for _ in range(100):
        if not threads("rt-gone"):
            break
        asyncio.run(asyncio.sleep(0.02))
    assert threads("rt-gone") == {}


def test_blocking_clients_and_websockets_use_it_too(server):
    rt = Runtime(workers=1, work_steal=False, thread_name="rt-more")
    with rnet.blocking.Client(runtime=rt) as client:
        assert client.get(server.url("/bytes/100")).bytes() == pattern(100)

    async def main():
        ws = await rnet.Client(runtime=rt).websocket(server.url("/ws").replace("http", "ws", 1))
        await ws.send(rnet.Message.from_text("héllo"))
        got = await ws.recv()
        await ws.close()
        return got.text

    assert asyncio.run(main()) == "héllo"


def test_thread_keep_alive_ends_idle_blocking_threads(server):
    # A host name is looked up with getaddrinfo on the runtime's blocking threads, which carry
    # its thread name.
    rt = Runtime(workers=1, thread_name="rt-pool", max_blocking_threads=1, thread_keep_alive=0.3)
    url = server.url("/get").replace("127.0.0.1", "localhost")

    async def main():
        responses = await asyncio.gather(*(rnet.Client(runtime=rt).get(url) for _ in range(8)))
        assert [r.status for r in responses] == [200] * 8

    asyncio.run(main())
    assert len(threads("rt-pool")) == 2  # the worker and one blocking thread
    # Idle past `thread_keep_alive` (Tokio's default is 10 s), the blocking thread ends.
    deadline = time.monotonic() + 5
    while len(threads("rt-pool")) > 1 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(threads("rt-pool")) == 1


@pytest.mark.parametrize("cap", [1, None], ids=["capped at 1", "default"])
def test_max_blocking_threads_caps_the_threads_of_body_producers(server, cap):
    # A sync iterator body is pulled on the runtime's blocking threads, one call at a time:
    # a producer that waits holds a thread, and a producer past the cap waits for one.
    name = f"rt-cap-{cap}"
    rt = Runtime(workers=1, thread_name=name, **({} if cap is None else {"max_blocking_threads": cap}))
    release, started = threading.Event(), []

    def body(i):
        started.append(i)
        release.wait(10)
        yield f"part {i}".encode()

    async def main():
        client = rnet.Client(runtime=rt)
        sends = [asyncio.ensure_future(client.post(server.url("/post"), body=body(i))) for i in range(4)]
        deadline = time.monotonic() + 5
        while len(started) < (cap or 4) and time.monotonic() < deadline:
            await asyncio.sleep(0.02)
        await asyncio.sleep(0.3)  # time for a producer past the cap to start, if it could
        held = (len(started), len(threads(name)))
        release.set()
        return held, [await (await s).json() for s in sends]

    (producers, named), echoes = asyncio.run(main())
    # The worker, plus one blocking thread per waiting producer.
    assert (producers, named) == ((1, 2) if cap == 1 else (4, 5))
    assert sorted(e["data"] for e in echoes) == [f"part {i}" for i in range(4)]


def test_bad_options_are_refused_and_say_why():
    for opts, match in (({"workers": 0}, "workers must be from 1 to 1024, not 0"),
                        ({"workers": 2000}, "not 2000"),
                        ({"max_blocking_threads": 0}, "max_blocking_threads must be 1 or more"),
                        ({"thread_name": "a\0b"}, "NUL")):
        with pytest.raises(rnet.BuilderError, match=match):
            Runtime(**opts)
    with pytest.raises(TypeError, match="workers"):
        Runtime(workers="2")
    with pytest.raises(TypeError, match="worker"):
        Runtime(worker=2)
    with pytest.raises(TypeError, match="runtime"):
        rnet.Client(runtime=2)


def test_a_runtime_made_before_fork_is_refused_in_the_child(server):
    code = textwrap.dedent(f"""
        import asyncio, os, sys
        import rnet
        rt = rnet.Runtime(workers=1)
        client = rnet.Client(runtime=rt)
        asyncio.run(client.get({server.url("/get")!r}))
        pid = os.fork()
        if pid == 0:
            async def child():
                try:
                    await rnet.Client(runtime=rt).get({server.url("/get")!r})
                except rnet.RnetError as e:
                    print(type(e).__name__, e, flush=True)
            asyncio.run(child())
            os._exit(0)
        os.waitpid(pid, 0)
        print(asyncio.run(client.get({server.url("/get")!r})).status)
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    child, parent = out.stdout.strip().splitlines()
    assert child.startswith("BuilderError this Runtime belongs to the parent process"), child
    assert parent == "200"


def test_blocking_calls_run_on_the_blocking_drivers_one_per_calling_thread(server):
    # rnet.blocking's default: current-thread drivers (as many as the shared runtime has
    # workers), each calling thread keeping one, which runs the connections that thread opens;
    # the shared runtime's workers stay asleep.
    script = textwrap.dedent(
        """
        import json, sys, threading, rnet.blocking as rb
        from threadstat import threads
        client = rb.Client()
        client.get(sys.argv[1]).bytes()
        before = threads("rnet-blocking"), threads("rnet-worker")
        def work(client):
            for _ in range(40):
                assert client.get(sys.argv[1]).status == 200
        work(client)
        mid = threads("rnet-blocking")
        t = threading.Thread(target=work, args=(rb.Client(),)); t.start(); t.join()
        after = threads("rnet-blocking"), threads("rnet-worker")
        print(json.dumps({"drivers": [before[0], mid, after[0]], "workers": [before[1], after[1]]}))
        """
    )
    env = dict(os.environ, RNET_WORKER_THREADS="2", PYTHONPATH=os.path.dirname(__file__))
    proc = subprocess.run(
        [sys.executable, "-c", script, server.url("/get")], capture_output=True, text=True, timeout=60, env=env
    )
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    before, mid, after = out["drivers"]
    assert len(before) == 2, before
    # The main thread's 40 requests woke one driver; the second thread's (on a connection it
    # opened) woke the other.
    first = {tid: mid[tid] - before[tid] for tid in before}
    second = {tid: after[tid] - mid[tid] for tid in mid}
    busy_first = max(first, key=first.get)
    busy_second = max(second, key=second.get)
    assert first[busy_first] >= 40 and second[busy_second] >= 40, (first, second)
    assert busy_first != busy_second, (first, second)
    woke = sum(out["workers"][1][t] - out["workers"][0][t] for t in out["workers"][0])
    assert woke <= 4, out["workers"]
