"""`base_url`: relative request and WebSocket URLs resolve against it (as `new URL(url, base)`),
in the async and the blocking client; a bad base fails at construction."""

import asyncio

import pytest

import rnet
import rnet.blocking


def test_relative_urls_resolve_against_the_base(server):
    base = server.url("/anything/v1/")

    async def main():
        client = rnet.Client(base_url=base)
        seen = await (await client.get("users?page=2")).json()
        assert seen["url"] == server.url("/anything/v1/users?page=2")
        assert seen["args"] == {"page": "2"}
        # A rooted path replaces the base's path; `..` climbs out of it.
        assert (await (await client.get("/get")).json())["url"] == server.url("/get")
        assert (await (await client.get("../x")).json())["url"] == server.url("/anything/x")
        # An absolute URL ignores the base.
        other = server.url("/anything/elsewhere")
        assert (await (await client.post(other, json={})).json())["url"] == other
        ws = await client.websocket("/ws")
        await ws.send(rnet.Message.from_text("hi"))
        assert (await ws.recv()).text == "hi"
        await ws.close()

    asyncio.run(main())


def test_blocking_client_takes_a_base(server):
    client = rnet.blocking.Client(base_url=server.url("/anything/"))
    assert client.get("b").json()["url"] == server.url("/anything/b")


@pytest.mark.parametrize(
    "base, culprit",
    [("not a url", "relative URL without a base"), ("ftp://127.0.0.1/", "http or https")],
)
def test_a_bad_base_fails_at_construction(base, culprit):
    with pytest.raises(rnet.BuilderError, match="base_url") as e:
        rnet.Client(base_url=base)
    assert culprit in str(e.value)


def test_without_a_base_a_relative_url_is_an_error(server):
    with pytest.raises(rnet.BuilderError, match="invalid URL"):
        rnet.blocking.Client().get("users")
