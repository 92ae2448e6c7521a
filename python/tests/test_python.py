"""Python-specific behaviour: awaitables, cancellation, GIL release, HeaderMap, exit."""

import asyncio
import ipaddress
import builtins
import inspect
import json
import os
import subprocess
import sys
import time
import urllib.request

import pytest

import rnet


def stats(server):
    with urllib.request.urlopen(server.url("/stats"), timeout=5) as r:
        return json.load(r)


def test_request_is_a_real_awaitable(server):
    # Client.request is an ordinary #[rnet::export] method: it must be awaitable.
    client = rnet.Client()
    coro = client.request(rnet.Method.GET, server.url("/get"))
    assert inspect.isawaitable(coro)
    resp = asyncio.run(_await(coro))
    assert resp.status == 200


def test_doc_comments_reach_python():
    assert "GET request" in rnet.Client.get.__doc__
    assert "shared default client" in rnet.get.__doc__
    assert "status code" in rnet.Response.status.__doc__


async def _await(x):
    return await x


def test_cancelling_the_task_closes_the_connection(server):
    before = stats(server)["delay_cancelled"]

    async def main():
        task = asyncio.ensure_future(rnet.get(server.url("/delay/10")))
        await asyncio.sleep(0.5)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    started = time.monotonic()
    asyncio.run(main())
    assert time.monotonic() - started < 5
    deadline = time.monotonic() + 5
    while stats(server)["delay_cancelled"] <= before:
        assert time.monotonic() < deadline, "server never saw the connection close"
        time.sleep(0.05)


def test_requests_run_concurrently_without_holding_the_gil(server):
    async def main():
        return await asyncio.gather(*(rnet.get(server.url("/delay/0.5")) for _ in range(6)))

    ticks = 0
    stop = False

    def spin():
        nonlocal ticks
        while not stop:
            ticks += 1
            time.sleep(0.001)

    import threading

    t = threading.Thread(target=spin)
    t.start()
    started = time.monotonic()
    results = asyncio.run(main())
    elapsed = time.monotonic() - started
    stop = True
    t.join()
    assert [r.status for r in results] == [200] * 6
    assert elapsed < 2.5, elapsed  # six 0.5 s requests overlapped
    assert ticks > 50  # another Python thread ran while they were in flight


def test_body_is_cached_and_readable_again(server):
    async def main():
        resp = await rnet.post(server.url("/post"), json={"a": 1})
        text = await resp.text()
        data = await resp.json()
        raw = await resp.bytes()
        assert json.loads(text) == data
        assert raw == text.encode()
        assert data["json"] == {"a": 1}

    asyncio.run(main())


def test_text_with_explicit_encoding(server):
    async def main():
        resp = await rnet.get(server.url("/encoding/windows-1252?text=caf%C3%A9"))
        assert await resp.text() == "café"
        assert await resp.text(encoding="utf-8") == "caf\ufffd"

    asyncio.run(main())


def test_header_map(server):
    async def main():
        return await rnet.get(server.url("/cookies/set?a=1&b=2"))

    resp = asyncio.run(main())
    h = resp.headers
    # Names and values are bytes, as wreq-python returns them.
    assert h.get("Content-Type") == b"application/json"
    assert h["content-type"] == b"application/json"
    assert sorted(h.get_all("set-cookie")) == [b"a=1; Path=/", b"b=2; Path=/"]
    assert "set-cookie" in h and h.contains_key("SET-COOKIE")
    pairs = list(h)
    assert (b"set-cookie", b"a=1; Path=/") in pairs
    assert len(h) == len(pairs) == h.len()
    assert h.get("missing") is None and h.get("missing", b"fallback") == b"fallback"

    m = rnet.HeaderMap({"x-a": "1"})
    m.append("x-a", "2")
    m["x-b"] = "3"
    assert m.get_all("x-a") == [b"1", b"2"] and m.keys() == [b"x-a", b"x-b"]
    with pytest.raises(rnet.BuilderError):
        m.insert("bad name", "v")
    with pytest.raises(rnet.BuilderError):
        m.insert("x-c", "a\nb")
    del m["x-a"]
    assert m.keys() == [b"x-b"]
    m.clear()
    assert m.is_empty()


def test_headermap_as_request_headers(server):
    async def main():
        resp = await rnet.get(server.url("/headers"), headers=rnet.HeaderMap({"X-From-Map": "yes"}))
        return await resp.json()

    assert ["x-from-map", "yes"] in asyncio.run(main())["headers"]


def test_timedelta_and_error_hierarchy(server):
    import datetime

    async def main():
        await rnet.get(server.url("/delay/5"), timeout=datetime.timedelta(milliseconds=200))

    with pytest.raises(builtins.TimeoutError) as info:
        asyncio.run(main())
    assert isinstance(info.value, rnet.RnetError)
    assert issubclass(rnet.ConnectionError, builtins.ConnectionError)
    assert "/delay/5" in str(info.value) and "GET" in str(info.value)


def test_profiles_cover_wreq_util():
    names = [n for n in dir(rnet.Profile) if n[0].isupper()]
    for expected in ["Chrome100", "Chrome149", "Edge148", "Firefox151", "Safari26_4", "OkHttp5", "Opera131"]:
        assert expected in names
    assert len(names) > 100


EXIT_SCRIPT = """
import asyncio, sys, rnet
async def main():
    r = await rnet.get(sys.argv[1])
    assert r.status == 200
asyncio.run(main())
"""


@pytest.mark.slow
def test_interpreter_exits_cleanly_after_requests(server):
    url = server.url("/get")
    n = int(os.environ.get("RNET_EXIT_RUNS", "200"))
    failures = []
    procs = []
    for i in range(n):
        procs.append(subprocess.Popen([sys.executable, "-c", EXIT_SCRIPT, url], stderr=subprocess.PIPE))
        if len(procs) >= 4:
            p = procs.pop(0)
            _, err = p.communicate(timeout=60)
            if p.returncode != 0:
                failures.append((p.returncode, err[-300:]))
    for p in procs:
        _, err = p.communicate(timeout=60)
        if p.returncode != 0:
            failures.append((p.returncode, err[-300:]))
    assert failures == [], failures


def test_submodules_mirror_wreq_python_layout():
    from rnet.cookie import Cookie, Jar, SameSite  # noqa: F401
    from rnet.emulation import Emulation, Platform, Profile  # noqa: F401
    from rnet.exceptions import RnetError, TimeoutError  # noqa: F401
    from rnet.header import HeaderMap, OrigHeaderMap  # noqa: F401
    from rnet.proxy import Proxy  # noqa: F401
    from rnet.redirect import History, Policy  # noqa: F401
    from rnet.tls import CertStore, Identity, KeyLog, TlsVersion  # noqa: F401

    assert Jar is rnet.Jar and Policy is rnet.Policy


def test_json_bodies_convert_as_the_json_module_does(server):
    async def main(value):
        return (await (await rnet.post(server.url("/post"), json=value)).json())["json"]

    value = {"a": [1, 2.5, None, True, "é"], "nested": {"t": (1, 2)}}
    assert asyncio.run(main(value)) == {"a": [1, 2.5, None, True, "é"], "nested": {"t": [1, 2]}}
    for bad in [{1, 2}, float("nan"), object()]:
        with pytest.raises(TypeError, match="json"):
            asyncio.run(main(bad))


def test_version_comes_from_cargo():
    import pathlib
    import tomllib

    cargo = pathlib.Path(__file__).resolve().parents[2] / "Cargo.toml"
    expected = tomllib.loads(cargo.read_text())["workspace"]["package"]["version"]
    assert rnet.__version__ == expected


def test_import_loads_no_heavy_stdlib_modules():
    # `import rnet` is paid by every CLI and worker process: the version is compiled in rather
    # than read through importlib.metadata (which pulls in email, zipfile and pathlib, ~40 ms).
    import subprocess
    import sys

    code = "import sys; before = set(sys.modules); import rnet; print(sorted(set(sys.modules) - before))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = eval(out.stdout)
    assert "rnet._rnet" in loaded
    heavy = {"importlib.metadata", "email", "zipfile", "asyncio", "ssl", "json", "typing"}
    assert heavy.isdisjoint(loaded), heavy & set(loaded)


def test_header_values_that_are_not_utf8_come_back_intact(server):
    async def main():
        resp = await rnet.get(server.url("/latin1-header"))
        return resp.headers

    headers = asyncio.run(main())
    assert headers.get_bytes("x-latin1") == b"caf\xe9"
    assert dict(headers.items_bytes())["x-latin1"] == b"caf\xe9"
    assert headers.get_bytes("absent") is None
    assert headers.get("x-latin1") == headers["x-latin1"] == b"caf\xe9"


def test_submodules_are_attributes_after_import_rnet():
    code = ("import rnet\n"
            "assert rnet.cookie.Jar is rnet.Jar and rnet.redirect.Policy is rnet.Policy\n"
            "assert rnet.emulation.RequestMode is rnet.RequestMode and rnet.tls.TlsOptions\n"
            "assert rnet.exceptions.RnetError is rnet.RnetError and rnet.blocking.Client\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr


def test_every_exception_class_is_in_rnet_exceptions_with_a_code():
    import rnet.exceptions as exc

    native = {n for n, c in vars(rnet._rnet).items() if isinstance(c, type) and issubclass(c, rnet.RnetError)}
    listed = {n for n, c in vars(exc).items() if isinstance(c, type) and issubclass(c, rnet.RnetError)}
    assert listed == native
    assert rnet.RnetError.code == "ERR_RNET"
    for name in native - {"RnetError"}:
        assert getattr(rnet, name).code.startswith(("ERR_RNET_", "ABORT_ERR")), name


def test_http3_is_refused_clearly(server):
    async def main():
        await rnet.get(server.url("/get"), version=rnet.Version.HTTP_3)

    with pytest.raises(rnet.BuilderError, match="HTTP_3 is not supported"):
        asyncio.run(main())


def test_headers_as_pairs_repeat_a_name_and_a_headermap_iterates_and_prints(server):
    async def main():
        seen = await (await rnet.get(server.url("/headers"), headers=[("x-a", "1"), ("x-a", "2")])).json()
        return [h for h in seen["headers"] if h[0] == "x-a"]

    assert asyncio.run(main()) == [["x-a", "1"], ["x-a", "2"]]
    h = rnet.HeaderMap([("x-a", "1"), ("x-a", "2"), ("x-b", "3")])
    assert list(h) == [(b"x-a", b"1"), (b"x-a", b"2"), (b"x-b", b"3")]
    assert "x-b" in repr(h) and "3" in repr(h)
    with pytest.raises(TypeError, match="a list of \\(name, value\\) pairs"):
        rnet.HeaderMap(5)


def test_head_many_sends_every_request_and_keeps_the_order(server):
    async def main():
        client = rnet.Client()
        urls = [server.url("/status/204"), server.url("/get"), server.url("/status/404")]
        responses = await client.head_many(urls)
        assert [type(r) for r in responses] == [rnet.Response] * 3
        assert [r.status for r in responses] == [204, 200, 404]
        with pytest.raises(rnet.BuilderError):
            await client.head_many([server.url("/get"), "not a url"])

    asyncio.run(main())


def test_status_is_an_int_with_wreq_pythons_methods(server):
    """`Response.status` is a `StatusCode`: an `int` (comparisons, dict keys, JSON as
    before) with wreq-python's `is_success()` and kin, in the async and blocking APIs."""
    import json

    async def main():
        return await rnet.get(server.url("/status/404"))

    for status, code in [(asyncio.run(main()).status, 404), (rnet.blocking.get(server.url("/get")).status, 200)]:
        assert isinstance(status, rnet.StatusCode) and isinstance(status, int)
        assert status == code and int(status) == code and status.as_int() == code
        assert {code: "x"}[status] == "x" and json.dumps(status) == str(code)
        assert status.is_success() == (code == 200)
        assert status.is_client_error() == (code == 404)
        assert not (status.is_informational() or status.is_redirection() or status.is_server_error())


def test_enums_are_taken_by_name_too(server):
    """A unit enum argument may be its name, as Node spells it (wreq-python code passes
    `"GET"`); an unknown name is a TypeError that says so."""

    async def main():
        resp = await rnet.request("POST", server.url("/post"), version="HTTP_11", json={})
        assert resp.version == rnet.Version.HTTP_11 and resp.status == 200

    asyncio.run(main())
    assert rnet.blocking.request("GET", server.url("/get")).status == 200
    assert rnet.Emulation("Firefox153").profile == rnet.Profile.Firefox153
    with pytest.raises(TypeError, match='"BREW" is not a Method name'):
        rnet.blocking.request("BREW", server.url("/get"))
    with pytest.raises(TypeError, match="expected a Method or its name, got int"):
        rnet.blocking.request(5, server.url("/get"))


def test_emulation_defaults_to_the_newest_chrome():
    assert rnet.Emulation().profile == rnet.Profile.Chrome156


def test_emulation_carries_every_profile_as_wreq_python_spells_it(server):
    names = [n for n in dir(rnet.Profile) if isinstance(getattr(rnet.Profile, n), rnet.Profile)]
    assert len(names) > 100
    assert all(getattr(rnet.Emulation, n) is getattr(rnet.Profile, n) for n in names)

    async def ja4(emulation):
        client = rnet.Client(emulation=emulation, tls_verify=False)
        return (await (await client.get(server.url("/fingerprint", "https"))).json())["tls"]["ja4"]

    async def main():
        return await ja4(rnet.Emulation.Firefox136), await ja4(rnet.Profile.Firefox136)

    shortcut, profile = asyncio.run(main())
    assert shortcut == profile


def test_response_reports_both_ends_of_the_connection(server):
    async def main():
        return await rnet.get(server.url("/get"))

    resp = asyncio.run(main())
    remote, local = resp.remote_addr, resp.local_addr
    assert isinstance(remote, rnet.SocketAddr) and isinstance(local, rnet.SocketAddr)
    assert remote.ip() == ipaddress.ip_address("127.0.0.1")
    assert remote.port() == server.ports["http"]
    assert str(remote) == f"127.0.0.1:{server.ports['http']}"
    assert local.ip() == ipaddress.ip_address("127.0.0.1") and local.port() not in (0, remote.port())

    async def twice():
        client = rnet.Client()
        return [await client.get(server.url("/get")) for _ in range(2)]

    # a pooled connection keeps its local end
    first, second = asyncio.run(twice())
    assert str(first.local_addr) == str(second.local_addr)
