"""The bad-input catalogue: each mistake gets a typed error that names the culprit, nothing
reaches the server, and the client keeps working afterwards."""

import asyncio
import math

import pytest

import rnet


def culprit_named(err, culprit):
    """The culprit is in the message or in a note (PyO3 notes the argument being read)."""
    text = str(err) + " ".join(getattr(err, "__notes__", []))
    return culprit in text


BAD_REQUESTS = [
    # (id, url or None for the fixture's /get, options, error class, culprit in the message)
    ("empty URL", "", {}, rnet.BuilderError, 'invalid URL ""'),
    ("URL with a space in the host", "http://exa mple.com/", {}, rnet.BuilderError, "exa mple.com"),
    ("unsupported scheme", "ftp://127.0.0.1/x", {}, rnet.BuilderError, 'unsupported URL scheme "ftp"'),
    ("URL of the wrong type", 5, {}, TypeError, "url"),
    ("header name with CRLF", None, {"headers": {"X-A\r\nInjected": "1"}}, rnet.BuilderError, "invalid header name"),
    ("header value with CRLF", None, {"headers": {"X-A": "v\r\nInjected: 1"}}, rnet.BuilderError, '"X-A"'),
    ("header value with a bare LF", None, {"headers": {"X-A": "v\nInjected: 1"}}, rnet.BuilderError, '"X-A"'),
    ("header value that is an int", None, {"headers": {"X-A": 5}}, TypeError, "'headers'"),
    ("header value that is None", None, {"headers": {"X-A": None}}, TypeError, "'headers'"),
    ("unknown option", None, {"timout": 5}, TypeError, "'timout'"),
    ("option of the wrong type", None, {"gzip": "yes"}, TypeError, "'gzip'"),
    ("negative timeout", None, {"timeout": -1}, rnet.BuilderError, "'timeout'"),
    ("NaN timeout", None, {"timeout": math.nan}, rnet.BuilderError, "'timeout'"),
    ("infinite read_timeout", None, {"read_timeout": math.inf}, rnet.BuilderError, "'read_timeout'"),
    ("body of an unsupported type", None, {"body": {"a": object()}}, TypeError, "'body'"),
    ("body that is an int", None, {"body": 12345}, TypeError, "'body'"),
    ("query of the wrong type", None, {"query": 5}, TypeError, "'query'"),
    ("two bodies", None, {"json": {}, "body": "x"}, rnet.BuilderError, "at most one"),
]


@pytest.mark.parametrize("url,opts,cls,culprit", [c[1:] for c in BAD_REQUESTS], ids=[c[0] for c in BAD_REQUESTS])
def test_bad_request_input(server, url, opts, cls, culprit):
    client = rnet.Client()
    before = server.stats()["requests"]

    async def main():
        with pytest.raises(cls) as info:
            await client.post(server.url("/post") if url is None else url, **opts)
        assert culprit_named(info.value, culprit), (str(info.value), getattr(info.value, "__notes__", None))
        # Nothing was lost: the same client still works.
        assert (await client.get(server.url("/get"))).status == 200

    asyncio.run(main())
    # Only the follow-up request reached the server: the bad one never left the client.
    assert server.stats()["requests"] == before + 2  # the follow-up and this /stats call


BAD_CLIENTS = [
    ("negative client timeout", {"timeout": -1}, rnet.BuilderError, "'timeout'"),
    ("NaN pool_idle_timeout", {"pool_idle_timeout": math.nan}, rnet.BuilderError, "'pool_idle_timeout'"),
    ("unknown client option", {"no_such_option": 1}, TypeError, "'no_such_option'"),
    ("unknown emulation name", {"emulation": "Chrome999"}, TypeError, "'emulation'"),
    ("invalid default header", {"headers": {"bad name": "v"}}, rnet.BuilderError, '"bad name"'),
    ("invalid local address", {"local_address": "not-an-ip"}, rnet.BuilderError, "local_address"),
    ("user agent with a newline", {"user_agent": "a\nb"}, rnet.BuilderError, "invalid user_agent"),
]


@pytest.mark.parametrize("opts,cls,culprit", [c[1:] for c in BAD_CLIENTS], ids=[c[0] for c in BAD_CLIENTS])
def test_bad_client_input(opts, cls, culprit):
    with pytest.raises(cls) as info:
        rnet.Client(**opts)
    assert culprit_named(info.value, culprit), str(info.value)


BAD_COOKIES = [
    ("cookie name with a space", lambda: rnet.Cookie("a b", "v"), rnet.BuilderError, 'invalid cookie name: "a b"'),
    ("cookie name with ;", lambda: rnet.Cookie("a;b", "v"), rnet.BuilderError, "invalid cookie name"),
    ("cookie value with ;", lambda: rnet.Cookie("a", "v;x"), rnet.BuilderError, 'invalid cookie value: "v;x"'),
    ("cookie value with CRLF", lambda: rnet.Cookie("a", "v\r\nSet-Cookie: x=1"), rnet.BuilderError, "invalid cookie value"),
    ("negative max_age", lambda: rnet.Cookie("a", "v", max_age=-5), rnet.BuilderError, "'max_age'"),
    ("same_site as a string", lambda: rnet.Cookie("a", "v", same_site="bogus"), TypeError, "'same_site'"),
    ("Jar.add with a bad URL", lambda: rnet.Jar().add("a=b", "not a url"), rnet.BuilderError, '"not a url"'),
    ("Jar.add with an empty cookie", lambda: rnet.Jar().add("", "http://x/"), rnet.BuilderError, "Set-Cookie"),
    ("proxy with a bad URL", lambda: rnet.Proxy.all("not a url"), rnet.BuilderError, '"not a url"'),
]


@pytest.mark.parametrize("make,cls,culprit", [c[1:] for c in BAD_COOKIES], ids=[c[0] for c in BAD_COOKIES])
def test_bad_cookie_jar_and_proxy_input(make, cls, culprit):
    with pytest.raises(cls) as info:
        make()
    assert culprit_named(info.value, culprit), str(info.value)


def test_a_raising_generator_body_fails_the_request_with_its_cause(server):
    def body():
        yield b"first chunk"
        raise ValueError("the producer broke")

    async def main():
        with pytest.raises(rnet.BodyError) as info:
            await rnet.post(server.url("/upload"), body=body())
        assert isinstance(info.value.__cause__, ValueError)
        assert "the producer broke" in str(info.value.__cause__)

    asyncio.run(main())
