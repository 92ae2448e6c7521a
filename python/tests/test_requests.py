"""rnet.requests against the fixture with the real requests: a mounted Session sends rnet's
fingerprint and the profile's headers, keeps its own cookies, redirects and hooks, streams both
ways, goes through the fixture's proxy, and raises requests' exception classes."""

import asyncio
import json
import urllib.request

import pytest
import requests

import rnet
import rnet.requests
from conftest import refused_url

CHROME = rnet.Emulation(rnet.Profile.Chrome149)


def session(**options):
    s = requests.Session()
    adapter = rnet.requests.Adapter(**options)
    s.mount("http://", adapter)
    s.mount("https://", adapter)
    return s


def test_the_server_sees_rnets_fingerprint_and_the_profiles_headers(server):
    url = server.url("/fingerprint", "https")

    async def direct():
        return await (await rnet.Client(emulation=CHROME, tls_verify=False).get(url)).json()

    ours = asyncio.run(direct())
    with session(emulation=CHROME, tls_verify=False) as s:
        seen = s.get(url, headers={"x-mine": "1"}).json()
    assert seen["tls"]["ja4"] == ours["tls"]["ja4"]
    assert seen["http2"]["akamai"] == ours["http2"]["akamai"]
    headers = dict(seen["headers"])
    assert headers["user-agent"] == dict(ours["headers"])["user-agent"]
    assert "python-requests" not in headers["user-agent"]
    assert headers["x-mine"] == "1"


def test_sessions_cookies_redirects_and_hooks_still_apply(server):
    seen = []
    with session() as s:
        s.hooks["response"].append(lambda r, **kw: seen.append(r.status_code))
        resp = s.get(server.url("/redirect/2"))
        assert resp.url == server.url("/get") and [r.status_code for r in resp.history] == [302, 302]
        assert seen == [302, 302, 200]
        s.get(server.url("/cookies/set?flavour=oat"))
        assert s.cookies.get("flavour") == "oat"
        assert s.get(server.url("/cookies")).json()["cookies"] == {"flavour": "oat"}
        assert s.get(server.url("/redirect/1"), allow_redirects=False).status_code == 302


def test_bodies_stream_both_ways(server):
    def chunks():
        yield b"a" * 1000
        yield b"b" * 1000

    with session() as s:
        assert s.post(server.url("/post"), data=chunks()).json()["data"] == "a" * 1000 + "b" * 1000
        assert s.post(server.url("/post"), json={"k": [1, 2]}).json()["json"] == {"k": [1, 2]}
        assert s.post(server.url("/post"), data={"a": "1"}).json()["form"] == {"a": "1"}
        with s.get(server.url("/stream-bytes/300000"), stream=True) as resp:
            sizes = [len(c) for c in resp.iter_content(chunk_size=65536)]
        assert sum(sizes) == 300000 and max(sizes) <= 65536 and len(sizes) > 1
        assert s.get(server.url("/brotli")).json()["brotli"] is True
        assert s.get(server.url("/encoding/latin-1")).encoding is not None


def test_proxies_from_the_session_are_used(server):
    with urllib.request.urlopen(server.url("/proxy-log"), timeout=5) as r:
        before = len(json.load(r))
    proxy = f"http://127.0.0.1:{server.ports['http_proxy']}"
    with session() as s:
        assert s.get(server.url("/get"), proxies={"http": proxy}).status_code == 200
    with urllib.request.urlopen(server.url("/proxy-log"), timeout=5) as r:
        log = json.load(r)[before:]
    assert len(log) == 1


def test_errors_are_requests_classes(server):
    with urllib.request.urlopen(server.url("/blackhole"), timeout=5) as r:
        blackhole = json.load(r)["port"]
    with session() as s:
        with pytest.raises(requests.exceptions.ConnectionError):
            s.get(refused_url())
        with pytest.raises(requests.exceptions.ReadTimeout):
            s.get(server.url("/delay/3"), timeout=(5, 0.3))
        with pytest.raises(requests.exceptions.ConnectTimeout):
            s.get(f"http://127.0.0.1:{blackhole}/", timeout=(0.3, 5))
        with pytest.raises(requests.exceptions.SSLError):
            s.get(server.url("/get", "https"))
        assert s.get(server.url("/get", "https"), verify=False).status_code == 200
        with pytest.raises(ValueError, match="identity="):
            s.get(server.url("/get"), cert="/nonexistent.pem")


def test_an_adapter_takes_a_client_or_options_not_both():
    with pytest.raises(TypeError):
        rnet.requests.Adapter(rnet.blocking.Client(), emulation=CHROME)
