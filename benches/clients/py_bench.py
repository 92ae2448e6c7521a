"""One benchmark run of one Python library: `py_bench.py LIB SCENARIO URL N CONCURRENCY`.
Prints one JSON line: requests done, wall seconds and CPU seconds (user+sys, all threads) of
the measured loop, and bytes received. Each library uses its own idiomatic API; TLS
verification is off (the bench server's certificate is self-signed)."""

import asyncio
import json
import os
import sys
import time

LIB, SCENARIO, URL, N, CONC = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
H2 = URL.startswith("https")


# ---- per library: (make_async_client, async_get, make_sync_client, sync_get, stream) ----

def rnet_lib():
    import rnet
    import rnet.blocking

    opts = {"tls_verify": False}
    if H2:
        opts["http2_only"] = True
    # RNET_BENCH_RUNTIME=WORKERS[:nosteal]: the client gets a Runtime of its own (the trade-off
    # in docs/design.md); unset, the shared runtime.
    spec = os.environ.get("RNET_BENCH_RUNTIME")
    if spec:
        workers, _, mode = spec.partition(":")
        opts["runtime"] = rnet.Runtime(workers=int(workers), work_steal=mode != "nosteal")

    async def aget(c, url):
        return len(await (await c.get(url)).bytes())

    def sget(c, url):
        return len(c.get(url).bytes())

    async def stream(url):
        c = rnet.Client(**opts)
        n = 0
        async for chunk in (await c.get(url)).stream():
            n += len(chunk)
        return n

    return (lambda: rnet.Client(**opts), aget, lambda: rnet.blocking.Client(**opts), sget, stream)


def wreq_lib():
    import wreq
    import wreq.blocking

    opts = {"tls_verify": False}
    if H2:
        opts["http2_only"] = True

    async def aget(c, url):
        return len(await (await c.get(url)).bytes())

    def sget(c, url):
        return len(c.get(url).bytes())

    async def stream(url):
        c = wreq.Client(**opts)
        n = 0
        async for chunk in (await c.get(url)).stream():
            n += len(chunk)
        return n

    return (lambda: wreq.Client(**opts), aget, lambda: wreq.blocking.Client(**opts), sget, stream)


def curl_cffi_lib():
    from curl_cffi import requests as cr
    from curl_cffi.const import CurlHttpVersion

    ver = CurlHttpVersion.V2_0 if H2 else CurlHttpVersion.V1_1
    kw = {"verify": False, "http_version": ver, "max_clients": max(CONC, 10)}

    async def aget(c, url):
        return len((await c.get(url)).content)

    def sget(c, url):
        return len(c.get(url).content)

    async def stream(url):
        async with cr.AsyncSession(**kw) as s:
            r = await s.get(url, stream=True)
            n = 0
            async for chunk in r.aiter_content():
                n += len(chunk)
            return n

    sync_kw = {k: v for k, v in kw.items() if k != "max_clients"}
    return (lambda: cr.AsyncSession(**kw), aget, lambda: cr.Session(**sync_kw), sget, stream)


def httpx_lib():
    import httpx

    limits = httpx.Limits(max_connections=CONC, max_keepalive_connections=CONC)
    kw = {"verify": False, "http2": H2, "http1": not H2}

    async def aget(c, url):
        return len((await c.get(url)).content)

    def sget(c, url):
        return len(c.get(url).content)

    async def stream(url):
        async with httpx.AsyncClient(**kw) as c:
            n = 0
            async with c.stream("GET", url) as r:
                async for chunk in r.aiter_bytes():
                    n += len(chunk)
            return n

    return (lambda: httpx.AsyncClient(limits=limits, **kw), aget, lambda: httpx.Client(**kw), sget, stream)


def aiohttp_lib():
    import aiohttp

    if H2:
        raise NotImplementedError("aiohttp has no HTTP/2 client")

    def make():
        return aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=CONC, ssl=False))

    async def aget(c, url):
        async with c.get(url) as r:
            return len(await r.read())

    async def stream(url):
        async with make() as c, c.get(url) as r:
            n = 0
            async for chunk in r.content.iter_chunked(1 << 16):
                n += len(chunk)
            return n

    return (make, aget, None, None, stream)


def requests_lib():
    import requests
    import urllib3

    urllib3.disable_warnings()
    if H2:
        raise NotImplementedError("requests has no HTTP/2")

    def make():
        s = requests.Session()
        s.verify = False
        return s

    def sget(c, url):
        return len(c.get(url).content)

    return (None, None, make, sget, None)


def niquests_lib():
    import niquests

    def make_sync():
        s = niquests.Session(disable_http2=not H2, disable_http3=True)
        s.verify = False
        return s

    def make_async():
        s = niquests.AsyncSession(disable_http2=not H2, disable_http3=True, pool_maxsize=CONC)
        s.verify = False
        return s

    async def aget(c, url):
        return len((await c.get(url)).content)

    def sget(c, url):
        return len(c.get(url).content)

    return (make_async, aget, make_sync, sget, None)


def impit_lib():
    import impit

    kw = {"verify": False, "http3": False}

    async def aget(c, url):
        return len((await c.get(url)).content)

    def sget(c, url):
        return len(c.get(url).content)

    return (lambda: impit.AsyncClient(**kw), aget, lambda: impit.Client(**kw), sget, None)


def primp_lib():
    import primp

    kw = {"verify": False}
    if H2:
        kw["http2_only"] = True

    def sget(c, url):
        return len(c.get(url).content)

    make_async = (lambda: primp.AsyncClient(**kw)) if hasattr(primp, "AsyncClient") else None

    async def aget(c, url):
        return len((await c.get(url)).content)

    return (make_async, aget if make_async else None, lambda: primp.Client(**kw), sget, None)


def rnet_views_lib():
    """rnet's zero-copy readers: `bytes_view()` and `stream_views()` give read-only memoryviews,
    as wreq-python's `bytes()` and `stream()` do, where rnet's `bytes()` and `stream()` copy
    into `bytes`. The same clients as `rnet` otherwise."""
    make_async, _, make_sync, _, _ = rnet_lib()

    async def aget(c, url):
        return len(await (await c.get(url)).bytes_view())

    def sget(c, url):
        return len(c.get(url).bytes_view())

    async def stream(url):
        c = make_async()
        n = 0
        async for view in (await c.get(url)).stream_views():
            n += len(view)
        return n

    return (make_async, aget, make_sync, sget, stream)


LIBS = {
    "rnet": rnet_lib, "rnet-views": rnet_views_lib, "wreq": wreq_lib, "curl_cffi": curl_cffi_lib, "httpx": httpx_lib,
    "aiohttp": aiohttp_lib, "requests": requests_lib, "niquests": niquests_lib,
    "impit": impit_lib, "primp": primp_lib,
}


async def close(c):
    for name in ("aclose", "close"):
        fn = getattr(c, name, None)
        if fn:
            r = fn()
            if asyncio.iscoroutine(r):
                await r
            return


def main():
    make_async, aget, make_sync, sget, stream = LIBS[LIB]()
    received = 0

    if SCENARIO == "async":
        if not make_async:
            raise NotImplementedError(f"{LIB} has no async API")

        async def run():
            nonlocal received
            c = make_async()
            await aget(c, URL)  # warm: connections and TLS
            queue = iter(range(N))

            async def worker():
                nonlocal received
                for _ in queue:
                    got = await aget(c, URL)  # (`received += await …` would lose updates)
                    received += got

            t0, c0 = time.perf_counter(), time.process_time()
            await asyncio.gather(*(worker() for _ in range(CONC)))
            out = time.perf_counter() - t0, time.process_time() - c0
            await close(c)
            return out

        wall, cpu = asyncio.run(run())
    elif SCENARIO == "sync":
        if not make_sync:
            raise NotImplementedError(f"{LIB} has no blocking API")
        c = make_sync()
        sget(c, URL)
        t0, c0 = time.perf_counter(), time.process_time()
        for _ in range(N):
            received += sget(c, URL)
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    elif SCENARIO == "newclient":
        if make_sync:
            t0, c0 = time.perf_counter(), time.process_time()
            for _ in range(N):
                c = make_sync()
                received += sget(c, URL)
                close_sync = getattr(c, "close", None)
                if close_sync:
                    close_sync()
        else:
            async def run():
                nonlocal received
                for _ in range(N):
                    c = make_async()
                    received += await aget(c, URL)
                    await close(c)

            t0, c0 = time.perf_counter(), time.process_time()
            asyncio.run(run())
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    elif SCENARIO == "stream":
        if not stream:
            raise NotImplementedError(f"{LIB}: no streaming download in this harness")
        t0, c0 = time.perf_counter(), time.process_time()
        received = asyncio.run(stream(URL))
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        N_done = 1
        print(json.dumps({"requests": N_done, "wall": wall, "cpu": cpu, "bytes": received}))
        return
    else:
        raise SystemExit(f"unknown scenario {SCENARIO}")
    print(json.dumps({"requests": N, "wall": wall, "cpu": cpu, "bytes": received}))


if __name__ == "__main__":
    try:
        main()
    except NotImplementedError as e:
        print(json.dumps({"unsupported": str(e)}))
