"""Response timings (DNS, connect, first byte, total) and per-request connect timeouts, against
the fixture: a fresh connection and a pooled one, an IP literal that needs no lookup, a body
read later, and a port whose connects hang."""

import asyncio
import json
import time
import urllib.request
from datetime import timedelta

import pytest

import rnet
import rnet.blocking


def run(coro):
    return asyncio.run(coro)


def blackhole(server):
    with urllib.request.urlopen(server.url("/blackhole"), timeout=5) as r:
        return json.load(r)["port"]


def test_a_fresh_connection_is_timed_and_a_pooled_one_is_not(server):
    url = f"http://localhost:{server.ports['http']}/get"

    async def main():
        client = rnet.Client()
        first = await client.get(url)
        await first.bytes()
        second = await client.get(url)
        await second.bytes()
        return first.timings, second.timings

    first, second = run(main())
    assert isinstance(first.dns, timedelta) and isinstance(first.connect, timedelta)
    assert first.dns <= first.connect <= first.first_byte <= first.total
    assert second.dns is None and second.connect is None
    assert second.first_byte <= second.total
    assert "first_byte=" in repr(first)


def test_an_ip_literal_needs_no_lookup(server):
    resp = rnet.blocking.Client().get(server.url("/get"))
    t = resp.timings
    assert t.dns is None
    assert t.connect is not None and t.connect <= t.first_byte


def test_total_waits_for_the_body(server):
    async def main():
        resp = await rnet.Client().get(server.url("/stream-bytes/2000000"))
        before = resp.timings.total
        await asyncio.sleep(0.05)
        await resp.bytes()
        return before, resp.timings

    before, after = run(main())
    assert before is None
    assert after.total >= after.first_byte + timedelta(seconds=0.05)


def test_a_streamed_body_sets_total_at_its_end(server):
    async def main():
        resp = await rnet.Client().get(server.url("/stream-bytes/300000"))
        async with resp.stream() as s:
            async for _ in s:
                assert resp.timings.total is None
        return resp.timings.total

    assert run(main()) is not None


def test_a_request_connect_timeout_overrides_the_clients(server):
    port = blackhole(server)
    client = rnet.Client(connect_timeout=30)
    start = time.monotonic()
    with pytest.raises(rnet.TimeoutError, match="connect timed out"):
        run(client.get(f"http://127.0.0.1:{port}/", connect_timeout=0.2))
    assert time.monotonic() - start < 5
    start = time.monotonic()
    with pytest.raises(rnet.TimeoutError):
        rnet.blocking.Client(connect_timeout=0.2).get(f"http://127.0.0.1:{port}/")
    assert time.monotonic() - start < 5
    # Longer than the client's: the request's own wait is the one that runs out.
    start = time.monotonic()
    with pytest.raises(rnet.TimeoutError, match="after 1s"):
        run(rnet.Client(connect_timeout=0.2).get(f"http://127.0.0.1:{port}/", connect_timeout=1))
    assert 0.9 <= time.monotonic() - start < 5


def test_a_bad_connect_timeout_is_refused(server):
    with pytest.raises(TypeError):
        run(rnet.Client().get(server.url("/get"), connect_timeout="soon"))
    with pytest.raises((ValueError, rnet.BuilderError)):
        run(rnet.Client().get(server.url("/get"), connect_timeout=-1))
