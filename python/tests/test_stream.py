"""Response streaming: chunks, backpressure (bounded memory), trailers, read-once rules."""

import asyncio
import hashlib

import pytest

import rnet
from conftest import pattern


def rss_bytes():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError("no VmRSS")


def test_stream_yields_the_body_in_chunks(server):
    async def main():
        resp = await rnet.get(server.url("/stream-bytes/3000000"))
        chunks = [bytes(c) async for c in resp.stream()]
        return chunks

    chunks = asyncio.run(main())
    assert len(chunks) > 1
    assert b"".join(chunks) == pattern(3000000)


def test_streaming_200_mb_keeps_memory_bounded(server):
    total = 200 * 1024 * 1024

    async def main():
        client = rnet.Client()
        warm = await client.get(server.url("/stream-bytes/1048576"))
        async for _ in warm.stream():
            pass
        base = peak = rss_bytes()
        resp = await client.get(server.url(f"/stream-bytes/{total}"))
        got, digest, n = 0, hashlib.sha256(), 0
        async for chunk in resp.stream():
            got += len(chunk)
            if n < 4:
                digest.update(chunk)
            n += 1
            if n % 64 == 0:
                peak = max(peak, rss_bytes())
                await asyncio.sleep(0.001)  # a slow consumer
        return got, peak - base

    got, growth = asyncio.run(main())
    assert got == total
    assert growth < 32 * 1024 * 1024, f"RSS grew by {growth / 2**20:.1f} MiB"


@pytest.mark.parametrize("scheme", ["http", "https"])
def test_trailers(server, scheme):
    async def main():
        client = rnet.Client(tls_verify=False)
        resp = await client.get(server.url("/trailers/1000?x-checksum=abc123&x-count=2", scheme))
        assert resp.trailers is None  # not before the body has been read
        body = b"".join([bytes(c) async for c in resp.stream()])
        return body, resp.trailers

    body, trailers = asyncio.run(main())
    assert body == pattern(1000)
    if scheme == "https":  # HTTP/2 always carries trailers
        assert trailers is not None and trailers["x-checksum"] == b"abc123"
        assert trailers["x-count"] == b"2"


def test_trailers_after_whole_body_read(server):
    async def main():
        client = rnet.Client(tls_verify=False)
        resp = await client.get(server.url("/trailers/10?x-done=yes", "https"))
        await resp.bytes()
        return resp.trailers

    assert asyncio.run(main())["x-done"] == b"yes"


def test_body_is_read_once_either_way(server):
    async def main():
        resp = await rnet.get(server.url("/bytes/100"))
        await resp.bytes()
        with pytest.raises(rnet.BodyError, match="already read"):
            resp.stream()
        assert bytes(await resp.bytes()) == pattern(100)  # the cached body is still there

        resp = await rnet.get(server.url("/bytes/100"))
        stream = resp.stream()
        with pytest.raises(rnet.BodyError, match="stream"):
            await resp.text()
        with pytest.raises(rnet.BodyError, match="already being streamed"):
            resp.stream()
        assert b"".join([bytes(c) async for c in stream]) == pattern(100)

    asyncio.run(main())


def test_stream_close_and_context_manager(server):
    async def main():
        resp = await rnet.get(server.url("/stream-bytes/10000000"))
        async with resp.stream() as stream:
            first = await stream.__anext__()
        assert len(first) > 0
        rest = [c async for c in stream]  # closed: nothing more
        return rest

    assert asyncio.run(main()) == []


def test_stream_views_are_read_only_views_that_outlive_the_stream(server):
    async def main():
        client = rnet.Client()
        resp = await client.get(server.url("/stream-bytes/3000000"))
        views = [v async for v in resp.stream_views()]
        # The connection goes back to the pool and reads other bodies into its buffers: the
        # views keep theirs.
        for _ in range(3):
            await (await client.get(server.url("/stream-bytes/1000000"))).bytes()
        return views

    views = asyncio.run(main())
    assert len(views) > 1
    assert all(isinstance(v, memoryview) and v.readonly for v in views)
    assert b"".join(views) == pattern(3000000)
    with pytest.raises(TypeError):
        views[0][0] = 1
    assert bytes(views[0][:3]) == pattern(3)


def test_stream_views_keep_memory_bounded_when_dropped(server):
    total = 100 * 1024 * 1024

    async def main():
        client = rnet.Client()
        async for _ in (await client.get(server.url("/stream-bytes/1048576"))).stream_views():
            pass
        base = peak = rss_bytes()
        got, n = 0, 0
        async for view in (await client.get(server.url(f"/stream-bytes/{total}"))).stream_views():
            got += len(view)
            n += 1
            if n % 64 == 0:
                peak = max(peak, rss_bytes())
        return got, peak - base

    got, growth = asyncio.run(main())
    assert got == total
    assert growth < 32 * 1024 * 1024, f"RSS grew by {growth / 2**20:.1f} MiB"


def test_stream_views_trailers_and_read_once(server):
    async def main():
        client = rnet.Client(tls_verify=False)
        resp = await client.get(server.url("/trailers/1000?x-checksum=abc123", "https"))
        async with resp.stream_views() as views:
            body = b"".join([v async for v in views])
        assert body == pattern(1000)
        assert resp.trailers["x-checksum"] == b"abc123"
        with pytest.raises(rnet.BodyError, match="already being streamed"):
            resp.stream()

        resp = await client.get(server.url("/bytes/100"))
        await resp.bytes()
        with pytest.raises(rnet.BodyError, match="already read"):
            resp.stream_views()

    asyncio.run(main())


def test_bytes_view_is_a_cached_read_only_view_of_the_whole_body(server):
    async def main():
        client = rnet.Client()
        # Chunked, so the body comes in several frames and is joined once.
        resp = await client.get(server.url("/stream-bytes/3000000"))
        # text() first joins the frames; the views and bytes() read that one slice.
        text = await resp.text("utf-8")
        first = await resp.bytes_view()
        again = await resp.bytes_view()
        copied = await resp.bytes()
        small = await (await client.get(server.url("/bytes/100"))).bytes_view()
        # The connection is pooled and reads other bodies; the views keep theirs.
        for _ in range(3):
            await (await client.get(server.url("/stream-bytes/1000000"))).bytes()
        del resp
        streamed = await client.get(server.url("/bytes/100"))
        streamed.stream()
        with pytest.raises(rnet.BodyError, match="stream"):
            await streamed.bytes_view()
        return first, again, copied, small, text

    first, again, copied, small, text = asyncio.run(main())
    assert text == pattern(3000000).decode("utf-8", "replace")
    for view, n in ((first, 3000000), (again, 3000000), (small, 100)):
        assert isinstance(view, memoryview) and view.readonly and view.contiguous
        assert view == pattern(n)
    assert type(copied) is bytes and copied == pattern(3000000)
    with pytest.raises(TypeError):
        first[0] = 1
