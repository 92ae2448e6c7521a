"""Pool, TCP and local-address options, and per-request emulation overriding the client's."""

import asyncio
import json
import urllib.request

import pytest

import rnet


def connections(server):
    with urllib.request.urlopen(server.url("/stats"), timeout=5) as r:
        return json.load(r)["connections"]


def sequential(server, n, **client):
    async def main():
        c = rnet.Client(**client)
        for _ in range(n):
            resp = await c.get(server.url("/get"))
            await resp.bytes()

    before = connections(server)
    asyncio.run(main())
    # urllib opens a new connection for each /stats read: discount the second one.
    return connections(server) - before - 1


def test_pool_reuses_connections_unless_told_not_to(server):
    assert sequential(server, 3) == 1
    assert sequential(server, 3, pool_max_idle_per_host=0) == 3


def test_tcp_options_are_accepted_and_requests_work(server):
    opts = dict(
        tcp_keepalive=30, tcp_keepalive_interval=5, tcp_keepalive_retries=3, tcp_user_timeout=10,
        tcp_nodelay=True, tcp_reuse_address=True, pool_idle_timeout=60, pool_max_size=8,
    )
    assert sequential(server, 2, **opts) == 1


def test_local_address(server):
    async def main(**kw):
        return await (await rnet.Client(**kw).get(server.url("/get"))).json()

    assert asyncio.run(main(local_address="127.0.0.1"))["origin"] == "127.0.0.1"
    assert asyncio.run(main(local_addresses=("127.0.0.1", None)))["origin"] == "127.0.0.1"
    with pytest.raises(rnet.BuilderError):
        rnet.Client(local_address="not-an-ip")
    with pytest.raises(rnet.BuilderError):
        rnet.Client(local_addresses=("::1", None))


def test_per_request_emulation_overrides_the_client(server):
    async def main():
        client = rnet.Client(emulation=rnet.Profile.Firefox151, tls_verify=False)
        url = server.url("/fingerprint", "https")
        own = await (await client.get(url)).json()
        other = await (await client.get(url, emulation=rnet.Profile.OkHttp5)).json()
        return own, other

    own, other = asyncio.run(main())
    assert "Firefox/151" in dict(own["headers"])["user-agent"]
    assert "okhttp" in dict(other["headers"])["user-agent"].lower()
