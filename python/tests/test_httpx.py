"""rnet.httpx against the fixture with the real httpx: the fingerprint the server saw through
httpx equals rnet's own, httpx's default headers give way to the profile's, bodies stream both
ways, httpx's redirects, cookies and event hooks still work, and rnet's errors arrive as
httpx's exception classes."""

import asyncio
import json
import urllib.request

import httpx
import pytest

import rnet
import rnet.httpx
from conftest import refused_url

CHROME = rnet.Emulation(rnet.Profile.Chrome149)


def blackhole_port(server):
    with urllib.request.urlopen(server.url("/blackhole"), timeout=5) as r:
        return json.load(r)["port"]


def test_the_server_sees_rnets_fingerprint_and_the_profiles_headers(server):
    url = server.url("/fingerprint", "https")

    async def direct():
        return await (await rnet.Client(emulation=CHROME, tls_verify=False).get(url)).json()

    with httpx.Client(transport=rnet.httpx.Transport(emulation=CHROME, tls_verify=False)) as client:
        via_sync = client.get(url, headers={"x-mine": "1"}).json()

    async def via_async():
        transport = rnet.httpx.AsyncTransport(emulation=CHROME, tls_verify=False)
        async with httpx.AsyncClient(transport=transport) as client:
            return (await client.get(url)).json()

    ours = asyncio.run(direct())
    for seen in (via_sync, asyncio.run(via_async())):
        assert seen["tls"]["ja4"] == ours["tls"]["ja4"]
        assert seen["http2"]["akamai"] == ours["http2"]["akamai"]
        headers = dict(seen["headers"])
        assert headers["user-agent"] == dict(ours["headers"])["user-agent"]
        assert "python-httpx" not in headers["user-agent"]
        assert headers["accept"] == dict(ours["headers"])["accept"]
    assert dict(via_sync["headers"])["x-mine"] == "1"


def test_a_header_the_user_sets_wins_over_the_profile(server):
    with httpx.Client(transport=rnet.httpx.Transport(emulation=CHROME)) as client:
        seen = client.get(server.url("/headers"), headers={"user-agent": "mine/1", "accept": "application/json"}).json()
    headers = dict(seen["headers"])
    assert headers["user-agent"] == "mine/1" and headers["accept"] == "application/json"


def test_bodies_stream_both_ways_sync(server):
    def chunks():
        yield b"a" * 1000
        yield b"b" * 1000

    with httpx.Client(transport=rnet.httpx.Transport()) as client:
        echoed = client.post(server.url("/post"), content=chunks()).json()
        assert echoed["data"] == "a" * 1000 + "b" * 1000
        assert client.post(server.url("/post"), json={"k": [1, 2]}).json()["json"] == {"k": [1, 2]}
        # Over rnet's batch (256 KiB of frames already there): more than one chunk.
        with client.stream("GET", server.url("/stream-bytes/3000000")) as resp:
            sizes = [len(c) for c in resp.iter_bytes()]
        assert sum(sizes) == 3000000 and len(sizes) > 1
        assert client.get(server.url("/gzip")).json()["gzip"] is True
        assert client.get(server.url("/brotli")).json()["brotli"] is True


def test_bodies_stream_both_ways_async(server):
    async def chunks():
        for part in (b"x" * 500, b"y" * 500):
            yield part

    async def main():
        async with httpx.AsyncClient(transport=rnet.httpx.AsyncTransport()) as client:
            echoed = (await client.post(server.url("/post"), content=chunks())).json()
            async with client.stream("GET", server.url("/stream-bytes/200000")) as resp:
                total = sum([len(c) async for c in resp.aiter_bytes()])
            return echoed, total, resp.http_version

    echoed, total, version = asyncio.run(main())
    assert echoed["data"] == "x" * 500 + "y" * 500
    assert total == 200000 and version == "HTTP/1.1"


def test_httpx_redirects_cookies_and_event_hooks_still_apply(server):
    seen = []
    with httpx.Client(
        transport=rnet.httpx.Transport(),
        follow_redirects=True,
        event_hooks={"response": [lambda r: seen.append(r.status_code)]},
    ) as client:
        resp = client.get(server.url("/redirect/2"))
        assert resp.url == server.url("/get") and [r.status_code for r in resp.history] == [302, 302]
        assert seen == [302, 302, 200]
        client.get(server.url("/cookies/set?flavour=oat"))
        assert client.cookies["flavour"] == "oat"
        sent = client.get(server.url("/cookies")).json()
    assert sent["cookies"] == {"flavour": "oat"}
    with httpx.Client(transport=rnet.httpx.Transport()) as client:
        assert client.get(server.url("/redirect/1")).status_code == 302


def test_errors_are_httpxs_classes(server):
    with httpx.Client(transport=rnet.httpx.Transport()) as client:
        with pytest.raises(httpx.ConnectError):
            client.get(refused_url())
        with pytest.raises(httpx.ReadTimeout):
            client.get(server.url("/delay/3"), timeout=httpx.Timeout(5, read=0.3))
        with pytest.raises(httpx.ConnectTimeout):
            client.get(f"http://127.0.0.1:{blackhole_port(server)}/", timeout=httpx.Timeout(5, connect=0.3))
        with pytest.raises(httpx.UnsupportedProtocol):
            client.get("ftp://127.0.0.1/")

    async def main():
        async with httpx.AsyncClient(transport=rnet.httpx.AsyncTransport()) as client:
            await client.get(refused_url())

    with pytest.raises(httpx.ConnectError):
        asyncio.run(main())


def test_a_transport_takes_a_client_or_options_not_both():
    with pytest.raises(TypeError):
        rnet.httpx.Transport(rnet.blocking.Client(), emulation=CHROME)
    with pytest.raises(TypeError):
        rnet.httpx.AsyncTransport(rnet.Client(), emulation=CHROME)
