"""rnet.blocking: the synchronous twins. They release the GIL while waiting (32 threads run
in parallel), are context managers, and stream and iterate synchronously."""

import threading
import time

import pytest

import rnet
import rnet.blocking as blocking


def test_32_threads_run_in_parallel(server):
    url = server.url("/delay/0.5")
    client = blocking.Client()
    statuses = []

    def work():
        statuses.append(client.get(url).status)

    threads = [threading.Thread(target=work) for _ in range(32)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    assert statuses == [200] * 32
    # Serialised by the GIL this would take 16 s; in parallel, about one delay.
    assert elapsed < 5, f"{elapsed:.1f}s for 32 parallel requests of 0.5s"


def test_context_managers_and_close(server):
    with blocking.Client() as client:
        with client.get(server.url("/stream-bytes/1000000")) as resp:
            assert isinstance(resp, blocking.Response)
            assert resp.status == 200
        with pytest.raises(rnet.BodyError, match="closed"):
            resp.bytes()
    assert client.closed
    with pytest.raises(rnet.ClientClosedError):
        client.get(server.url("/get"))


def test_streaming_and_uploads(server):
    resp = blocking.get(server.url("/stream-bytes/300000"))
    with resp.stream() as stream:
        assert isinstance(stream, blocking.Streamer)
        chunks = list(stream)
    assert b"".join(chunks) == bytes(i % 251 for i in range(300000))
    view = blocking.get(server.url("/stream-bytes/300000")).bytes_view()
    assert isinstance(view, memoryview) and view.readonly
    assert view == bytes(i % 251 for i in range(300000))
    with blocking.get(server.url("/stream-bytes/300000")).stream_views() as views:
        assert isinstance(views, blocking.ViewStreamer)
        parts = list(views)
    assert all(isinstance(v, memoryview) for v in parts)
    assert b"".join(parts) == bytes(i % 251 for i in range(300000))

    seen = blocking.post(server.url("/upload"), body=(b"x" * 1000 for _ in range(10))).json()
    assert seen["length"] == 10_000


def test_websocket(server):
    url = server.url("/ws").replace("http", "ws", 1)
    with blocking.websocket(url) as ws:
        assert isinstance(ws, blocking.WebSocket)
        ws.send(rnet.Message.from_text("one"))
        assert ws.recv(timeout=5).text == "one"
        ws.send_all([rnet.Message.from_text("two"), rnet.Message.from_text("close:1000:end")])
        assert [m.text for m in ws if m.kind == "text"] == ["two"]


def test_errors_are_the_same_classes(server):
    with pytest.raises(rnet.ConnectionError):
        blocking.get(f"http://127.0.0.1:{server.ports['closed']}/")
    with pytest.raises(rnet.TimeoutError):
        blocking.get(server.url("/delay/5"), timeout=0.2)
    with pytest.raises(TypeError, match="no_such_option"):
        blocking.get(server.url("/get"), no_such_option=1)


FIRST_REQUESTS = r"""
import sys, rnet, rnet.blocking as b
closed, slow, url = sys.argv[1:]
out = []
try:
    b.Client().get(closed)
except rnet.ConnectionError:
    out.append("refused")
try:
    b.Client().get(slow, timeout=0.2)
except rnet.TimeoutError:
    out.append("timed out")
c = b.Client()
out.append((c.get(url).status, c.get(url).json()["url"] == url, c.get(url).status))
print(out)
"""


def test_a_fresh_clients_first_request_keeps_every_outcome(server):
    # A blocking client's first request runs on the blocking driver (`Client::on_driver`),
    # unless a host function exists in the process; so this runs in a fresh one.
    import subprocess
    import sys
    args = [f"http://127.0.0.1:{server.ports['closed']}/", server.url("/delay/5"), server.url("/get")]
    out = subprocess.run([sys.executable, "-c", FIRST_REQUESTS, *args], capture_output=True,
                         text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == str(["refused", "timed out", (200, True, 200)])


def test_custom_redirect_policy_calls_back_from_a_blocking_call(server):
    seen = []

    def decide(attempt):
        seen.append(attempt.next)
        return attempt.follow()

    client = blocking.Client(redirect=rnet.Policy.custom(decide))
    resp = client.get(server.url("/redirect/3"))
    assert resp.status == 200 and len(seen) == 3


BLOCKING_CLASSES = {name for name in blocking.__all__ if name[0].isupper()}


def stub_returns():
    """(owner, method) -> return annotation of every function in blocking.pyi whose result
    names a blocking class; owner is "" for module functions."""
    import ast
    import pathlib

    tree = ast.parse(pathlib.Path(blocking.__file__).with_suffix(".pyi").read_text())
    out = {}

    def visit(fns, owner):
        for fn in fns:
            if isinstance(fn, ast.FunctionDef) and fn.returns is not None:
                ret = ast.unparse(fn.returns)
                if any(c in ret.replace("[", " ").replace("]", " ").split() for c in BLOCKING_CLASSES):
                    out[(owner, fn.name)] = ret

    visit(tree.body, "")
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            visit(node.body, node.name)
    return out


def test_every_blocking_result_is_a_blocking_object(server):
    """Each function of rnet.blocking whose stub returns a blocking class is called here, and
    what comes back (item by item for a list) is the blocking class, not the async one. A new
    method that returns one fails this test until it is called here too."""
    get, ws = server.url("/get"), server.url("/ws").replace("http", "ws", 1)
    client = blocking.Client()
    calls = {
        ("", "websocket"): lambda: blocking.websocket(ws),
        ("", "request"): lambda: blocking.request(rnet.Method.GET, get),
        ("Client", "request"): lambda: client.request(rnet.Method.GET, get),
        ("Client", "websocket"): lambda: client.websocket(ws),
        ("Client", "head_many"): lambda: client.head_many([get, server.url("/status/204")]),
        ("Client", "__enter__"): lambda: client.__enter__(),
        ("Response", "stream"): lambda: client.get(get).stream(),
        ("Response", "__enter__"): lambda: client.get(get).__enter__(),
        ("Streamer", "__iter__"): lambda: client.get(get).stream().__iter__(),
        ("Streamer", "__enter__"): lambda: client.get(get).stream().__enter__(),
        ("Response", "stream_views"): lambda: client.get(get).stream_views(),
        ("ViewStreamer", "__iter__"): lambda: client.get(get).stream_views().__iter__(),
        ("ViewStreamer", "__enter__"): lambda: client.get(get).stream_views().__enter__(),
        ("WebSocket", "__iter__"): lambda: client.websocket(ws).__iter__(),
        ("WebSocket", "__enter__"): lambda: client.websocket(ws).__enter__(),
    }
    for verb in ("get", "post", "put", "patch", "delete", "head", "options", "trace"):
        calls[("", verb)] = lambda verb=verb: getattr(blocking, verb)(get)
        calls[("Client", verb)] = lambda verb=verb: getattr(client, verb)(get)
    stubs = stub_returns()
    assert set(stubs) == set(calls), set(stubs) ^ set(calls)
    for (owner, name), call in calls.items():
        result = call()
        items = result if isinstance(result, list) else [result]
        assert items, (owner, name)
        for item in items:
            cls = type(item)
            assert cls.__module__ == "rnet.blocking", (owner, name, stubs[(owner, name)], cls)
            assert cls.__name__ in stubs[(owner, name)], (owner, name, cls)


def test_head_many_returns_responses_in_order(server):
    client = blocking.Client()
    urls = [server.url("/status/204"), server.url("/get"), server.url("/status/404")]
    statuses = [r.status for r in client.head_many(urls)]
    assert statuses == [204, 200, 404]


def test_the_blocking_module_exports_exactly_what_its_stub_declares():
    """Both directions: nothing at runtime that blocking.pyi lacks, nothing in it that is
    missing at runtime."""
    import ast
    import pathlib

    tree = ast.parse(pathlib.Path(blocking.__file__).with_suffix(".pyi").read_text())
    declared = {n.name for n in tree.body if isinstance(n, (ast.ClassDef, ast.FunctionDef))}
    assert set(blocking.__all__) == declared, set(blocking.__all__) ^ declared
    classes = [getattr(blocking, n) for n in declared if isinstance(getattr(blocking, n), type)]
    assert classes and all(c.__module__ == "rnet.blocking" for c in classes)
    assert {"Client", "Response", "Streamer", "WebSocket", "get", "websocket"} <= declared
