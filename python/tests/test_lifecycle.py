"""Lifecycle and cancellation: close(), async with, task cancellation mid-request and
mid-stream, and resources released (server-side open connections, our file descriptors)."""

import asyncio
import gc
import os
import time

import pytest

import rnet


def fds():
    return len(os.listdir("/proc/self/fd"))


def open_after_settling(server, baseline):
    return server.wait_for(lambda s: s["open_connections"] <= baseline)["open_connections"]


def test_async_with_closes_the_client(server):
    async def main():
        async with rnet.Client() as client:
            assert (await client.get(server.url("/get"))).status == 200
            assert not client.closed
        assert client.closed
        with pytest.raises(rnet.ClientClosedError, match="GET .*closed"):
            await client.get(server.url("/get"))

    asyncio.run(main())


def test_close_cancels_in_flight_requests(server):
    before = server.stats()["delay_cancelled"]

    async def main():
        client = rnet.Client()
        task = asyncio.ensure_future(client.get(server.url("/delay/10")))
        await asyncio.sleep(0.3)
        started = time.monotonic()
        client.close()
        with pytest.raises(rnet.ClientClosedError):
            await task
        return time.monotonic() - started

    assert asyncio.run(main()) < 2
    assert server.wait_for(lambda s: s["delay_cancelled"] > before)["delay_cancelled"] > before


def test_close_stops_a_stream_being_read(server):
    async def main():
        client = rnet.Client()
        resp = await client.get(server.url("/stream-bytes/100000000"))
        stream = resp.stream()
        assert len(await stream.__anext__()) > 0
        client.close()
        with pytest.raises(rnet.ClientClosedError):
            async for _ in stream:
                pass

    asyncio.run(main())


def test_cancelled_task_mid_stream_releases_the_connection(server):
    async def main():
        client = rnet.Client()
        await (await client.get(server.url("/get"))).bytes()  # warm: one pooled connection
        base_open, base_fds = server.stats()["open_connections"], fds()

        async def read_slowly():
            resp = await client.get(server.url("/stream-bytes/100000000"))
            async for _ in resp.stream():
                await asyncio.sleep(0.01)

        for _ in range(5):
            task = asyncio.ensure_future(read_slowly())
            await asyncio.sleep(0.2)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
        # The pool still works, and reuses its idle connection.
        assert (await (await client.get(server.url("/get"))).json())["url"].endswith("/get")
        return base_open, base_fds

    base_open, base_fds = asyncio.run(main())
    assert open_after_settling(server, base_open) <= base_open
    assert fds() <= base_fds + 1  # the fd count is back (one of slack for the runtime)


def test_async_with_response_releases_the_body(server):
    async def main():
        resp = await rnet.get(server.url("/stream-bytes/10000000"))
        async with resp:
            assert resp.status == 200
        with pytest.raises(rnet.BodyError, match="closed"):
            await resp.bytes()

    asyncio.run(main())


def test_dropped_clients_release_their_sockets(server):
    baseline = server.stats()["open_connections"]
    before_fds = fds()

    async def main():
        for _ in range(20):
            client = rnet.Client()
            urls = [server.url(f"/delay/0.05?i={i}") for i in range(4)]
            resps = await asyncio.gather(*(client.get(u) for u in urls))
            assert [r.status for r in resps] == [200] * 4
            del client, resps

    asyncio.run(main())
    gc.collect()
    assert open_after_settling(server, baseline) <= baseline
    assert fds() <= before_fds + 1
