"""Proxies: traffic really goes through the loopback HTTP and SOCKS5 proxies, credentials are
used, failures raise ProxyConnectionError, and credentials never show in messages or reprs."""

import asyncio
import json
import urllib.request

import pytest

import rnet


def proxy_log(server):
    with urllib.request.urlopen(server.url("/proxy-log"), timeout=5) as r:
        return json.load(r)


def new_entries(server, before):
    return proxy_log(server)[len(before):]


def proxy_url(server, name, creds=False):
    scheme = "socks5" if name.startswith("socks5") else "http"
    userinfo = f"{server.ports['proxy_user']}:{server.ports['proxy_password']}@" if creds else ""
    return f"{scheme}://{userinfo}127.0.0.1:{server.ports[name]}"


def fetch(url, **kwargs):
    async def main():
        client = rnet.Client(tls_verify=False, **kwargs.pop("client", {}))
        resp = await client.get(url, **kwargs)
        return resp.status, await resp.text()

    return asyncio.run(main())


@pytest.mark.parametrize("target", ["http", "https"])
def test_http_proxy(server, target):
    before = proxy_log(server)
    status, _ = fetch(server.url("/get", target), client={"proxies": [rnet.Proxy.all(proxy_url(server, "http_proxy"))]})
    assert status == 200
    [entry] = new_entries(server, before)
    assert entry["kind"] == ("http-connect" if target == "https" else "http-forward")
    assert entry["target"].endswith(str(server.ports[target]))


def test_http_proxy_credentials_are_used(server):
    before = proxy_log(server)
    proxy = rnet.Proxy.all(proxy_url(server, "http_proxy_auth"), username="rnet", password=server.ports["proxy_password"])
    assert fetch(server.url("/get", "https"), client={"proxies": [proxy]})[0] == 200
    assert new_entries(server, before)[-1] == {"kind": "http-connect", "target": f"127.0.0.1:{server.ports['https']}", "user": "rnet"}


def test_socks5_with_and_without_auth(server):
    before = proxy_log(server)
    assert fetch(server.url("/get", "https"), client={"proxies": [rnet.Proxy.all(proxy_url(server, "socks5"))]})[0] == 200
    assert fetch(server.url("/get"), client={"proxies": [rnet.Proxy.all(proxy_url(server, "socks5_auth", creds=True))]})[0] == 200
    kinds = [(e["kind"], e["user"]) for e in new_entries(server, before)]
    assert kinds == [("socks5", None), ("socks5", "rnet")]


def test_socks5h_resolves_on_the_proxy(server):
    before = proxy_log(server)
    url = f"http://localhost:{server.ports['http']}/get"
    proxy = rnet.Proxy.all(proxy_url(server, "socks5").replace("socks5://", "socks5h://"))
    assert fetch(url, client={"proxies": [proxy]})[0] == 200
    assert new_entries(server, before)[-1]["target"] == f"localhost:{server.ports['http']}"


def test_per_request_proxy_overrides_the_client(server):
    before = proxy_log(server)
    client_proxy = rnet.Proxy.all(proxy_url(server, "http_proxy"))
    request_proxy = rnet.Proxy.all(proxy_url(server, "socks5"))
    assert fetch(server.url("/get"), client={"proxies": [client_proxy]}, proxy=request_proxy)[0] == 200
    assert [e["kind"] for e in new_entries(server, before)] == ["socks5"]


def test_exclusion_bypasses_the_proxy(server):
    before = proxy_log(server)
    proxy = rnet.Proxy.all(proxy_url(server, "http_proxy"), exclusion="127.0.0.1")
    assert fetch(server.url("/get"), client={"proxies": [proxy]})[0] == 200
    assert new_entries(server, before) == []


@pytest.mark.parametrize("name", ["http_proxy_auth", "socks5_auth", "closed"])
def test_proxy_failure_is_a_proxy_connection_error_without_credentials(server, name):
    secret = "wr0ng-Secret-77"
    url = f"{'socks5' if name.startswith('socks5') else 'http'}://rnet:{secret}@127.0.0.1:{server.ports[name]}"
    proxy = rnet.Proxy.all(url)
    assert secret not in repr(proxy)
    with pytest.raises(rnet.ProxyConnectionError) as info:
        fetch(server.url("/get", "https"), client={"proxies": [proxy]})
    assert secret not in str(info.value) and secret not in repr(info.value)


def test_bad_proxy_input():
    with pytest.raises(rnet.BuilderError):
        rnet.Proxy.all("ftp://127.0.0.1:1")
    with pytest.raises(rnet.BuilderError):
        rnet.Proxy.all("not a url")
    with pytest.raises(TypeError):
        rnet.Proxy.all("http://127.0.0.1:1", user="x")
    with pytest.raises(TypeError):
        rnet.Client(proxies="http://127.0.0.1:1")


def test_socks4_and_socks4a(server):
    before = proxy_log(server)
    base = f"127.0.0.1:{server.ports['socks5']}"
    assert fetch(server.url("/get"), client={"proxies": [rnet.Proxy.all(f"socks4://{base}")]})[0] == 200
    url = f"http://localhost:{server.ports['http']}/get"
    assert fetch(url, client={"proxies": [rnet.Proxy.all(f"socks4a://{base}")]})[0] == 200
    entries = new_entries(server, before)
    assert [(e["kind"], e["target"]) for e in entries] == [
        ("socks4", f"127.0.0.1:{server.ports['http']}"),
        ("socks4a", f"localhost:{server.ports['http']}"),
    ]


def test_a_proxy_url_string_is_taken_where_a_proxy_is(server):
    # As every peer takes it: a URL, with credentials in it, per client and per request.
    before = proxy_log(server)
    url = proxy_url(server, "http_proxy_auth", creds=True)
    assert fetch(server.url("/get", "https"), client={"proxies": [url]})[0] == 200
    assert fetch(server.url("/get", "https"), proxy=proxy_url(server, "socks5_auth", creds=True))[0] == 200
    kinds = [(e["kind"], e["user"]) for e in new_entries(server, before)]
    assert kinds == [("http-connect", "rnet"), ("socks5", "rnet")]
    with pytest.raises(rnet.BuilderError):
        fetch(server.url("/get"), proxy="not a url")


def dead_proxy(server):
    return f"http://127.0.0.1:{server.ports['closed']}"


def gets(pool, urls):
    # A client per request, so each opens its own proxy connection, which the log records;
    # the clients share the pool and so its turns.
    async def main():
        return [(await rnet.Client(proxies=pool).get(u)).status for u in urls]

    return asyncio.run(main())


def test_a_pool_rotates_and_puts_a_dead_proxy_aside(server):
    pool = rnet.ProxyPool([dead_proxy(server), proxy_url(server, "http_proxy"), proxy_url(server, "socks5")], cooldown=60)
    before = proxy_log(server)
    assert gets(pool, [server.url("/get")] * 4) == [200] * 4
    # Turns 0, 1, 2, 0: the dead proxy fails the first request over to the next proxy, and
    # while it rests its turn goes to the next one too.
    assert [e["kind"] for e in new_entries(server, before)] == ["http-forward", "http-forward", "socks5", "http-forward"]


def test_a_sticky_pool_keeps_each_host_on_one_proxy(server):
    # socks5h, so the log names the target host as asked, not its address
    socks5h = proxy_url(server, "socks5").replace("socks5://", "socks5h://")
    pool = rnet.ProxyPool([proxy_url(server, "http_proxy"), socks5h], strategy=rnet.Rotation.StickyPerHost)
    a, b = server.url("/get"), server.url("/get", host="localhost")
    before = proxy_log(server)
    assert gets(pool, [a, b, a, b, a]) == [200] * 5
    by_host = {}
    for e in new_entries(server, before):
        by_host.setdefault(e["target"].split(":")[0], set()).add(e["kind"])
    assert by_host == {"127.0.0.1": {"http-forward"}, "localhost": {"socks5"}}


def test_a_random_pool_uses_every_proxy(server):
    pool = rnet.ProxyPool([proxy_url(server, "http_proxy"), proxy_url(server, "socks5")], strategy="Random")
    before = proxy_log(server)
    # blocking clients, one per request (see `gets`)
    statuses = [rnet.blocking.Client(proxies=pool).get(server.url("/get")).status for _ in range(24)]
    assert statuses == [200] * 24
    assert {e["kind"] for e in new_entries(server, before)} == {"http-forward", "socks5"}


def test_a_pool_does_not_send_a_one_shot_stream_twice(server):
    pool = rnet.ProxyPool([dead_proxy(server), proxy_url(server, "http_proxy")])
    client = rnet.Client(proxies=pool)

    def chunks():
        yield b"once"

    async def main():
        with pytest.raises(rnet.ProxyConnectionError):
            await client.post(server.url("/post"), body=chunks())
        # bytes can be sent again, and the dead proxy is resting
        return (await client.post(server.url("/post"), body=b"again")).status

    assert asyncio.run(main()) == 200


def test_bad_pools():
    with pytest.raises(rnet.BuilderError, match="at least one"):
        rnet.ProxyPool([])
    with pytest.raises(rnet.BuilderError):
        rnet.ProxyPool(["ftp://127.0.0.1:1"])
    with pytest.raises(TypeError):
        rnet.ProxyPool([rnet.Proxy.all("http://127.0.0.1:1")], strategy="Sideways")
    assert "secret" not in repr(rnet.ProxyPool(["http://u:secret@127.0.0.1:1"]))


def test_a_pool_routes_websocket_handshakes_too(server):
    pool = rnet.ProxyPool([proxy_url(server, "http_proxy")])
    before = proxy_log(server)

    async def main():
        ws = await rnet.Client(proxies=pool).websocket(server.url("/ws").replace("http", "ws", 1))
        await ws.close()

    asyncio.run(main())
    [entry] = new_entries(server, before)
    # ws:// goes through an HTTP proxy as a forwarded request (wss:// would CONNECT)
    assert entry["kind"] == "http-forward" and entry["target"].endswith(str(server.ports["http"]))
