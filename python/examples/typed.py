"""Every public rnet class, used the way the stubs describe it. `mypy --strict` must pass on
this file (python/tests/test_typing.py); it also runs against the fixture server."""

import asyncio
import datetime
import sys

import rnet
import rnet.blocking


def decide(attempt: rnet.Attempt) -> rnet.Action:
    if attempt.status == 307 or len(attempt.previous) > 3:
        return attempt.stop()
    return attempt.follow() if attempt.next.startswith("/") else attempt.error("off-site")


async def main(base: str) -> None:
    headers = rnet.HeaderMap({"x-typed": "1"})
    headers.append("x-many", "a")
    order = rnet.OrigHeaderMap(["X-Typed", "User-Agent"])
    jar = rnet.Jar()
    jar.add(rnet.Cookie("session", "abc", path="/", same_site=rnet.SameSite.Lax), base)
    dns = rnet.DnsOptions(lookup_ip_strategy=rnet.LookupIpStrategy.IPV4_ONLY)
    dns.add_resolve("typed.rnet.test", ["127.0.0.1"])
    client = rnet.Client(
        emulation=rnet.Emulation(rnet.Profile.Chrome149, platform=rnet.Platform.Linux),
        headers=headers,
        orig_headers=order,
        cookie_provider=jar,
        dns_options=dns,
        redirect=rnet.Policy.custom(decide),
        timeout=datetime.timedelta(seconds=10),
        http1_options=rnet.Http1Options(),
        http2_options=rnet.Http2Options(),
        tls_options=rnet.TlsOptions(),
        tls_min_version=rnet.TlsVersion.TLS_1_2,
        tls_verify=rnet.CertStore(),
        tls_keylog=rnet.KeyLog.file("/dev/null"),
    )
    async with client:
        resp: rnet.Response = await client.get(f"{base}/get", query={"q": "typed"})
        status: int = resp.status
        version: rnet.Version = resp.version
        history: list[rnet.History] = resp.history
        data = await resp.json()
        print(status, version, len(history), data["args"])

        form = rnet.Multipart(rnet.Part("a", "text"), rnet.Part("b", b"\x00", filename="b.bin"))
        posted = await client.post(f"{base}/post", multipart=form)
        async with posted:
            pass

        stream: rnet.Streamer = (await client.get(f"{base}/stream-bytes/1000")).stream()
        total = 0
        async for chunk in stream:
            total += len(chunk)
        print("streamed", total)

    ws: rnet.WebSocket = await rnet.websocket(base.replace("http", "ws", 1) + "/ws")
    await ws.send(rnet.Message.from_text("typed"))
    message = await ws.recv(timeout=5)
    print(message.text if message else None)
    await ws.close()

    proxy = rnet.Proxy.all("http://127.0.0.1:9", username="u", password="p")
    print(repr(proxy), rnet.Method.GET)

    try:
        await rnet.get(f"{base}/delay/5", timeout=0.1)
    except rnet.TimeoutError as err:
        print("timeout:", err.code)

    with rnet.blocking.Client() as sync_client:
        sync_resp: rnet.blocking.Response = sync_client.get(f"{base}/get")
        print(sync_resp.status, sync_resp.text()[:20])
        for piece in sync_client.get(f"{base}/stream-bytes/10").stream():
            print(len(piece))


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080"))
