"""Request streaming: iterators and async iterators as bodies and multipart parts, producer
failures as BodyError with the original cause, and no silent replay of a one-shot stream."""

import asyncio
import hashlib

import pytest

import rnet


def run(coro):
    return asyncio.run(asyncio.wait_for(coro, 20))  # a hang fails instead of blocking CI


def chunks(n=50, size=10_000):
    return [bytes([i % 256]) * size for i in range(n)]


def expect(parts):
    data = b"".join(p.encode() if isinstance(p, str) else p for p in parts)
    return {"length": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def upload(server, body, **opts):
    async def main():
        resp = await rnet.post(server.url("/upload"), body=body, **opts)
        return await resp.json()

    return run(main())


def test_sync_generator_body(server):
    parts = chunks() + ["text chunk é"]
    seen = upload(server, (p for p in parts))
    assert {k: seen[k] for k in ("length", "sha256")} == expect(parts)
    assert seen["transfer_encoding"] == "chunked"  # streamed, not buffered


def test_async_generator_body(server):
    parts = chunks()

    async def produce():
        for p in parts:
            await asyncio.sleep(0)
            yield p

    async def main():
        resp = await rnet.post(server.url("/upload"), body=produce())
        return await resp.json()

    seen = run(main())
    assert {k: seen[k] for k in ("length", "sha256")} == expect(parts)


def test_large_streamed_upload_over_http2(server):
    parts = [bytes([i % 256]) * 65536 for i in range(160)]  # 10 MiB
    client = rnet.Client(tls_verify=False)

    async def main():
        resp = await client.post(server.url("/upload", "https"), body=iter(parts))
        return resp.version, await resp.json()

    version, seen = run(main())
    assert version == rnet.Version.HTTP_2
    assert {k: seen[k] for k in ("length", "sha256")} == expect(parts)



@pytest.mark.parametrize("kind", ["sync", "async"])
def test_producer_failure_fails_the_request(server, kind):
    def sync_gen():
        yield b"first"
        raise ValueError("producer broke")

    async def async_gen():
        yield b"first"
        raise ValueError("producer broke")

    body = sync_gen if kind == "sync" else async_gen

    async def main():
        await rnet.post(server.url("/upload"), body=body())

    with pytest.raises(rnet.BodyError, match="producer broke") as info:
        run(main())
    assert isinstance(info.value.__cause__, ValueError)
    assert str(info.value.__cause__) == "producer broke"


def test_bad_chunk_type(server):
    async def main():
        await rnet.post(server.url("/upload"), body=iter([b"ok", 42]))

    with pytest.raises(rnet.BodyError, match="int") as info:
        run(main())
    assert isinstance(info.value.__cause__, TypeError)


@pytest.mark.parametrize("body", [42, None.__class__])
def test_bad_body_types(server, body):
    async def main():
        await rnet.post(server.url("/upload"), body=body)

    with pytest.raises(TypeError, match="option 'body'.*iterator"):
        run(main())


def test_one_shot_stream_is_not_replayed_on_redirect(server):
    target = server.url("/redirect-to?url=/upload&status=307")
    client = rnet.Client(redirect=rnet.Policy.limited(5))

    async def follow():
        await client.post(target, body=iter([b"a", b"b"]))

    with pytest.raises(rnet.RedirectError, match="one-shot stream"):
        run(follow())

    async def replayable():  # bytes can be sent again
        return await (await client.post(target, body=b"ab")).json()

    assert run(replayable())["length"] == 2

    async def not_followed():  # asked not to follow: the redirect itself is the answer
        return (await client.post(target, body=iter([b"a"]), redirect=rnet.Policy.none())).status

    assert run(not_followed()) == 307


def test_streamed_multipart_part(server):
    def produce():
        yield b"hello "
        yield "streamed part"

    async def main():
        form = rnet.Multipart(
            rnet.Part("file", produce(), filename="s.txt", mime="text/plain"),
            rnet.Part("note", "plain"),
        )
        return await (await rnet.post(server.url("/post"), multipart=form)).json()

    seen = run(main())
    by_name = {p["name"]: p for p in seen["multipart"]}
    assert by_name["file"]["data"] == "hello streamed part"
    assert by_name["file"]["filename"] == "s.txt"
    assert by_name["note"]["data"] == "plain"


@pytest.mark.parametrize(
    "body",
    [{"a": "1", "b": 2, "c": True}, [("a", "1"), ("b", 2), ("c", True)]],
    ids=["mapping", "pairs"],
)
def test_a_mapping_or_pairs_body_is_sent_as_a_form(server, body):
    # wreq-python's `body=` takes these and URL-encodes them, as `form=` does.
    async def main():
        return await (await rnet.post(server.url("/post"), body=body)).json()

    echo = asyncio.run(main())
    assert echo["form"] == {"a": "1", "b": "2", "c": "true"}
    assert ["content-type", "application/x-www-form-urlencoded"] in echo["headers"]


def test_a_mapping_body_with_a_bad_value_is_a_type_error(server):
    async def main():
        await rnet.post(server.url("/post"), body={"a": [1, 2]})

    with pytest.raises(TypeError, match="option 'body'"):
        run(main())
