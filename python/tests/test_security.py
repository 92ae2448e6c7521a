"""Security defaults: credentials never follow a redirect to another host, cookies stay with
their host, and secrets from proxy URLs, URLs and auth options never appear in a repr, a URL
or an error. (TLS verification on by default and https_only are shared cases in http.json.)"""

import asyncio

import pytest

import rnet

SECRETS = {
    "basic_auth": {"basic_auth": ("user", "s3cret-basic")},
    "bearer_auth": {"bearer_auth": "s3cret-bearer"},
    "explicit headers": {"headers": {"Authorization": "Basic s3cret", "Cookie": "session=s3cret",
                                     "Proxy-Authorization": "Basic s3cret"}},
}
SENSITIVE = {"authorization", "cookie", "proxy-authorization"}


def sent(headers):
    return {k: v for k, v in headers if k in SENSITIVE}


@pytest.mark.parametrize("opts", SECRETS.values(), ids=SECRETS.keys())
def test_credentials_are_dropped_on_a_cross_host_redirect_only(server, opts):
    port = server.ports["http"]

    async def main():
        client = rnet.Client(redirect=rnet.Policy.limited(5))
        other = await client.get(
            server.url(f"/redirect-to?url=http://localhost:{port}/headers"), **opts)
        assert other.url.startswith("http://localhost:")
        assert sent((await other.json())["headers"]) == {}
        same = await client.get(server.url("/redirect-to?url=/headers"), **opts)
        assert "authorization" in sent((await same.json())["headers"])

    asyncio.run(main())


def test_cookies_never_reach_another_host(server):
    async def main():
        client = rnet.Client(cookie_store=True)
        await client.get(server.url("/cookies/set?token=s3cret"))
        other = await client.get(f"http://localhost:{server.ports['http']}/cookies")
        assert (await other.json())["cookies"] == {}
        same = await client.get(server.url("/cookies"))
        assert (await same.json())["cookies"] == {"token": "s3cret"}

    asyncio.run(main())


def test_proxy_credentials_are_redacted(server):
    proxy = rnet.Proxy.all(f"http://user:pw-s3cret@127.0.0.1:{server.ports['closed']}")
    assert "pw-s3cret" not in repr(proxy) and "pw-s3cret" not in str(proxy)
    assert "user:" not in repr(proxy)

    async def main():
        with pytest.raises(rnet.ProxyConnectionError) as info:
            await rnet.Client(proxies=[proxy]).get(server.url("/get"))
        assert "pw-s3cret" not in str(info.value)

    asyncio.run(main())


def test_url_credentials_are_sent_but_never_shown(server):
    async def main():
        resp = await rnet.get(server.url("/headers").replace("http://", "http://user:pw-s3cret@"))
        assert "pw-s3cret" not in resp.url and "pw-s3cret" not in repr(resp)
        assert sent((await resp.json())["headers"])["authorization"].startswith("Basic ")
        closed = f"http://user:pw-s3cret@127.0.0.1:{server.ports['closed']}/x"
        with pytest.raises(rnet.ConnectionError) as info:
            await rnet.get(closed)
        assert "pw-s3cret" not in str(info.value) and "127.0.0.1" in str(info.value)

    asyncio.run(main())


def test_tls_verification_is_on_by_default(server):
    async def main():
        with pytest.raises(rnet.TlsError):
            await rnet.Client().get(server.url("/get", "https"))
        with pytest.raises(rnet.TlsError):
            await rnet.get(server.url("/get", "https"))  # the shared default client too

    asyncio.run(main())
