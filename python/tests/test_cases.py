"""The shared cases (fixture/cases/http.json), run through the Python API: the async one, and
the blocking one (``rnet.blocking``)."""

import asyncio
import inspect
import json
import pathlib

import pytest

import rnet
import rnet.blocking

ROOT = pathlib.Path(__file__).resolve().parents[2]
CASES = json.loads((ROOT / "fixture/cases/http.json").read_text())["cases"]
ENUMS = {"emulation": rnet.Profile, "version": rnet.Version}


def policy(spec):
    return rnet.Policy.none() if spec == "none" else rnet.Policy.limited(spec["limited"])


def host_options(opts):
    """Case options → Python kwargs: enum names become enum members, policies Policy."""
    out = {}
    for k, v in opts.items():
        if k in ENUMS and isinstance(v, str):
            v = getattr(ENUMS[k], v)
        elif k == "redirect":
            v = policy(v)
        elif k == "basic_auth":
            v = tuple(v)
        out[k] = v
    return out


async def resolve(value):
    """The value of an async call (awaited) or of its blocking twin (already there)."""
    return await value if inspect.isawaitable(value) else value


async def run_case(case, server, api):
    url = case.get("url") or server.url(case["path"], case.get("scheme", "http"))
    req = host_options(case.get("request", {}))
    fn = case["fn"]
    module = rnet if api == "async" else rnet.blocking
    if fn.startswith("client."):
        client = module.Client(**host_options(case.get("client", {})))
        call = getattr(client, fn.split(".", 1)[1])
    else:
        call = getattr(module, fn)
    if fn == "request":
        resp = await resolve(call(getattr(rnet.Method, case["method"]), url, **req))
    else:
        resp = await resolve(call(url, **req))
    assert isinstance(resp, module.Response)
    if case.get("raise_for_status"):
        resp.raise_for_status()
    return resp


def subset(expected, actual):
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(
            k in actual and subset(v, actual[k]) for k, v in expected.items()
        )
    return expected == actual


@pytest.mark.parametrize("api", ["async", "blocking"])
@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_case(case, server, api):
    expect = case["expect"]
    if "error" in expect:
        with pytest.raises(Exception) as info:
            asyncio.run(run_case(case, server, api))
        err = info.value
        assert type(err).__name__ == expect["error"], repr(err)
        if expect["error"] != "TypeError":
            assert isinstance(err, rnet.RnetError)
            assert err.code == expect["code"]
        return

    async def check():
        resp = await run_case(case, server, api)
        assert resp.status == expect["status"]
        if "version" in expect:
            assert resp.version == getattr(rnet.Version, expect["version"])
        if "history_len" in expect:
            assert len(resp.history) == expect["history_len"]
        if "url_path" in expect:
            assert resp.url.endswith(expect["url_path"])
        if "response_header" in expect:
            name, value = expect["response_header"]
            assert resp.headers.get(name) == value.encode()
        if "text" in expect:
            assert await resolve(resp.text()) == expect["text"]
        if "bytes_len" in expect:
            body = await resolve(resp.bytes())
            assert isinstance(body, bytes)
            assert len(body) == expect["bytes_len"]
            assert body == bytes(i % 251 for i in range(len(body)))
        if "json" in expect or "echo_header" in expect:
            data = await resolve(resp.json())
            assert subset(expect.get("json", {}), data), data
            for key in ("echo_header", "echo_header2"):
                if key in expect:
                    assert expect[key] in data["headers"], data["headers"]

    asyncio.run(check())
