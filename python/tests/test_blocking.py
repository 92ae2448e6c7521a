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


def test_custom_redirect_policy_calls_back_from_a_blocking_call(server):
    seen = []

    def decide(attempt):
        seen.append(attempt.next)
        return attempt.follow()

    client = blocking.Client(redirect=rnet.Policy.custom(decide))
    resp = client.get(server.url("/redirect/3"))
    assert resp.status == 200 and len(seen) == 3
