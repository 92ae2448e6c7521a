"""The fault cases (fixture/cases/faults.json) through the async and the blocking API: each
succeeds with the right bytes or fails with the documented error class, in bounded time."""

import asyncio
import json
import time

import pytest

import rnet
import rnet.blocking

from conftest import ROOT

CASES = json.loads((ROOT / "fixture/cases/faults.json").read_text())["cases"]


def options(opts, server):
    out = {}
    for k, v in (opts or {}).items():
        if v == "$ca":
            v = server.ports["ca_pem"]
        elif k == "http1_options":
            v = rnet.Http1Options(**v)
        out[k] = v
    return out


def url(case, server):
    return server.url(case["path"], case.get("scheme", "http"), case.get("host", "127.0.0.1"))


async def run_async(case, server):
    client = rnet.Client(**options(case.get("client"), server))
    resp = await client.get(url(case, server), **options(case.get("request"), server))
    read = case["read"]
    if read == "stream":
        body = b""
        async with resp.stream() as chunks:
            async for chunk in chunks:
                body += chunk
    else:
        body = await getattr(resp, read)()
    return resp, body


def run_blocking(case, server):
    client = rnet.blocking.Client(**options(case.get("client"), server))
    resp = client.get(url(case, server), **options(case.get("request"), server))
    read = case["read"]
    if read == "stream":
        body = b"".join(resp.stream())
    else:
        body = getattr(resp, read)()
    return resp, body


@pytest.mark.parametrize("api", ["async", "blocking"])
@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_fault(case, server, api):
    expect = case["expect"]
    run = (lambda: asyncio.run(run_async(case, server))) if api == "async" else (lambda: run_blocking(case, server))
    start = time.monotonic()
    if "error" in expect:
        with pytest.raises(rnet.RnetError) as info:
            run()
        err = info.value
        assert type(err).__name__ == expect["error"], repr(err)
        assert err.code == expect["code"]
        assert expect.get("message", "") in str(err), str(err)
    else:
        resp, body = run()
        assert resp.status == expect["status"]
        if "version" in expect:
            assert resp.version == getattr(rnet.Version, expect["version"])
        if "text" in expect:
            assert body == expect["text"]
        if "zero_bytes" in expect:
            assert body == bytes(expect["zero_bytes"])
        if "header_len" in expect:
            name, n = expect["header_len"]
            assert len(resp.headers[name]) == n
    assert time.monotonic() - start < case["within"]
