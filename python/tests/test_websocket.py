"""WebSocket over HTTP/1.1 Upgrade and HTTP/2 extended CONNECT against the fixture's echo
endpoint: text, binary, JSON, large messages, ping/pong, close codes, server-initiated
close, errors after close, async iteration and async with."""

import asyncio
import json

import pytest

import rnet


def run(coro):
    return asyncio.run(asyncio.wait_for(coro, 20))


def ws_url(server, scheme="http"):
    return server.url("/ws", scheme).replace("http", "ws", 1)


MODES = {
    "http1": lambda server: (ws_url(server), {}, {}),
    "http2": lambda server: (
        ws_url(server, "https"),
        {"tls_verify": False},
        {"version": rnet.Version.HTTP_2},
    ),
}


@pytest.fixture(params=sorted(MODES))
def connect(request, server):
    url, client_opts, ws_opts = MODES[request.param](server)
    client = rnet.Client(**client_opts)

    async def open_ws(**extra):
        return await client.websocket(url, **ws_opts, **extra)

    open_ws.mode = request.param
    return open_ws


def test_handshake_and_echo(connect):
    async def main():
        ws = await connect(protocols=["chat", "superchat"], headers={"x-hello": "1"})
        expected_version = rnet.Version.HTTP_2 if connect.mode == "http2" else rnet.Version.HTTP_11
        assert ws.version == expected_version
        assert ws.status == (200 if connect.mode == "http2" else 101)
        assert ws.protocol == "chat"

        await ws.send(rnet.Message.from_text("info"))
        info = (await ws.recv()).json()
        assert ["x-hello", "1"] in info["headers"]
        assert info["protocols"] == ["chat", "superchat"]

        await ws.send(rnet.Message.from_text("héllo"))
        got = await ws.recv()
        assert (got.kind, got.text, bytes(got.data)) == ("text", "héllo", "héllo".encode())

        await ws.send(rnet.Message.from_binary(b"\x00\x01\xff"))
        got = await ws.recv()
        assert (got.kind, bytes(got.binary), got.text) == ("binary", b"\x00\x01\xff", None)

        await ws.send(rnet.Message.from_text(json.dumps({"k": [1, 2]})))
        assert (await ws.recv()).json() == {"k": [1, 2]}

        big = bytes(range(256)) * 4096  # 1 MiB
        await ws.send(rnet.Message.from_binary(big))
        assert bytes((await ws.recv()).binary) == big

        await ws.send(rnet.Message.from_ping(b"beat"))
        pong = await ws.recv()
        assert (pong.kind, bytes(pong.pong)) == ("pong", b"beat")

        await ws.send_all([rnet.Message.from_text(str(i)) for i in range(5)])
        assert [(await ws.recv()).text for _ in range(5)] == [str(i) for i in range(5)]
        await ws.close()

    run(main())


def test_client_close_code_and_send_after_close(connect):
    async def main():
        ws = await connect()
        await ws.close(code=4001, reason="bye")
        with pytest.raises(rnet.WebSocketError, match="closed"):
            await ws.send(rnet.Message.from_text("late"))
        # The server's answer to our close, then the end.
        rest = [m async for m in ws]
        assert all(m.kind == "close" for m in rest)
        assert await ws.recv() is None

    run(main())


def test_server_initiated_close(connect):
    async def main():
        ws = await connect()
        await ws.send(rnet.Message.from_text("close:4002:server says bye"))
        msg = await ws.recv()
        assert msg.kind == "close" and msg.close == (4002, "server says bye")
        assert await ws.recv() is None
        with pytest.raises(rnet.WebSocketError):
            await ws.send(rnet.Message.from_text("late"))

    run(main())


def test_async_iteration_and_async_with(connect):
    async def main():
        async with await connect() as ws:
            await ws.send_all([rnet.Message.from_text(w) for w in ("a", "b", "close:1000:done")])
            got = [m.text async for m in ws if m.kind == "text"]
        assert got == ["a", "b"]

    run(main())


def test_recv_timeout_keeps_the_socket(connect):
    async def main():
        ws = await connect()
        with pytest.raises(rnet.TimeoutError):
            await ws.recv(timeout=0.2)
        await ws.send(rnet.Message.from_text("still here"))
        assert (await ws.recv(timeout=5)).text == "still here"
        await ws.close()

    run(main())


def test_module_websocket_and_errors(server):
    async def main():
        ws = await rnet.websocket(ws_url(server))
        await ws.send(rnet.Message.from_text("x"))
        assert (await ws.recv()).text == "x"
        await ws.close()
        with pytest.raises(rnet.UpgradeError):
            await rnet.websocket(server.url("/get").replace("http", "ws", 1))
        with pytest.raises(rnet.BuilderError, match="scheme"):
            await rnet.websocket("ftp://127.0.0.1/ws")
        with pytest.raises(TypeError, match="unknown_opt"):
            await rnet.websocket(ws_url(server), unknown_opt=1)

    run(main())


def test_shared_request_options_reach_the_handshake(connect):
    """WebSocketConfig embeds CommonRequestConfig: its keys are the handshake's, the keys only
    a request has (a body) are not, and a wrong key's message names both kinds."""

    async def main():
        ws = await connect(bearer_auth="tok", query={"q": "1"}, cookies={"c": "v"})
        await ws.send(rnet.Message.from_text("info"))
        info = (await ws.recv()).json()
        headers = {k: v for k, v in info["headers"]}
        assert headers["authorization"] == "Bearer tok"
        assert headers["cookie"] == "c=v"
        assert info["query"] == "q=1"
        await ws.close()
        with pytest.raises(TypeError, match="'json'") as e:
            await connect(json={"a": 1})
        assert "bearer_auth" in str(e.value) and "protocols" in str(e.value)
        with pytest.raises(TypeError, match="'bearerAuth'"):
            await connect(bearerAuth="tok")

    run(main())


def test_message_constructors():
    assert rnet.Message.from_close(1000, "ok").close == (1000, "ok")
    assert rnet.Message.from_pong(b"p").pong == b"p"
    assert "text" in repr(rnet.Message.from_text("t"))
    with pytest.raises(rnet.BuilderError, match="125"):
        rnet.Message.from_ping(b"x" * 126)
    with pytest.raises(rnet.BuilderError, match="close code"):
        rnet.Message.from_close(999)
    with pytest.raises(rnet.DecodingError):
        rnet.Message.from_ping(b"x").json()
