"""Http1Options and Http2Options: the HTTP/2 fingerprint the server sees changes exactly as
configured."""

import asyncio

import pytest

import rnet


def seen(server, **client):
    async def main():
        c = rnet.Client(tls_verify=False, **client)
        return await (await c.get(server.url("/fingerprint", "https"))).json()

    return asyncio.run(main())


def test_http2_settings_values_and_order(server):
    opts = rnet.Http2Options(
        initial_window_size=1_048_576,
        header_table_size=4096,
        max_concurrent_streams=77,
        initial_connection_window_size=5_000_000,
        settings_order=[rnet.SettingId.MaxConcurrentStreams, rnet.SettingId.InitialWindowSize, rnet.SettingId.HeaderTableSize],
        headers_pseudo_order=[rnet.PseudoId.Method, rnet.PseudoId.Path, rnet.PseudoId.Authority, rnet.PseudoId.Scheme],
    )
    h2 = seen(server, http2_options=opts)["http2"]
    settings = [tuple(s) for s in h2["settings"]]
    ours = [s for s in settings if s[0] in (1, 3, 4)]
    assert ours == [(3, 77), (4, 1_048_576), (1, 4096)]
    assert h2["pseudo_order"] == "m,p,a,s"
    assert h2["akamai"].split("|")[3] == "m,p,a,s"
    # The connection window grows by a WINDOW_UPDATE of (target - 65535).
    assert h2["window_update"] == 5_000_000 - 65_535


def test_http2_options_override_the_profile(server):
    base = seen(server, emulation=rnet.Profile.Chrome149)["http2"]["akamai"]
    changed = seen(
        server,
        emulation=rnet.Profile.Chrome149,
        http2_options=rnet.Http2Options(initial_window_size=123_456),
    )["http2"]["akamai"]
    assert base != changed and "4:123456" in changed


def test_http1_options_max_headers(server):
    async def main(**client):
        c = rnet.Client(**client)
        return (await c.get(server.url("/cookies/set?a=1&b=2&c=3&d=4&e=5&f=6"))).status

    assert asyncio.run(main(http1_options=rnet.Http1Options(max_headers=100))) == 200
    with pytest.raises(rnet.RnetError):
        asyncio.run(main(http1_options=rnet.Http1Options(max_headers=3)))
    with pytest.raises(TypeError):
        rnet.Http2Options(initial_window_size="big")
    with pytest.raises(TypeError):
        rnet.Http1Options(max_headerz=3)


def test_http2_priority_frames_and_the_headers_priority(server):
    # The dependency tree Firefox sent before version 120: PRIORITY frames for idle streams
    # 3–13, then requests that start at stream 15 and hang off one of them.
    S, D, P = rnet.StreamId, rnet.StreamDependency, rnet.Priority
    tree = [(3, 0, 200), (5, 0, 100), (7, 0, 0), (9, 7, 0), (11, 3, 0), (13, 0, 240)]
    priorities = rnet.Priorities(*(P(S(s), D(S(d), w, False)) for s, d, w in tree))
    opts = rnet.Http2Options(priorities=priorities, headers_stream_dependency=D(S(13), 41, False))
    h2 = seen(server, http2_options=opts)["http2"]
    # the echo reports weights on the wire's 1–256 scale
    assert h2["priorities"] == [[s, False, d, w + 1] for s, d, w in tree]
    assert h2["akamai"].split("|")[2] == "3:0:0:201,5:0:0:101,7:0:0:1,9:0:7:1,11:0:3:1,13:0:0:241"
    assert h2["headers_priority"] == {"depends_on": 13, "exclusive": False, "weight": 42}
    assert str(priorities).startswith("stream 3 depends on 0 weight 200")


def test_http2_priority_input_is_checked(server):
    S, D, P = rnet.StreamId, rnet.StreamDependency, rnet.Priority
    with pytest.raises(rnet.BuilderError, match="2\\^31"):
        S(2**31)
    with pytest.raises(rnet.BuilderError, match="over 255"):
        D(S(0), 256, False)
    with pytest.raises(rnet.BuilderError, match="stream 0"):
        P(S(0), D(S(0), 1, False))
    with pytest.raises(rnet.BuilderError, match="two PRIORITY frames for stream 3"):
        rnet.Priorities(P(S(3), D(S(0), 1, False)), P(S(3), D(S(0), 2, False)))
    after = rnet.Priorities(P(S(3), D(S(0), 1, False)))
    with pytest.raises(rnet.BuilderError, match="at least 5"):
        rnet.Http2Options(priorities=after, initial_stream_id=3)
    with pytest.raises(rnet.BuilderError, match="must be odd"):
        rnet.Http2Options(initial_stream_id=4)
    with pytest.raises(TypeError):
        rnet.Http2Options(priorities=[P(S(3), D(S(0), 1, False))])
