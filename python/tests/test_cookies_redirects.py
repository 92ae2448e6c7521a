"""Cookies (Cookie, Jar, cookie_store, cookie_provider) and redirect history."""

import asyncio
import datetime

import pytest

import rnet


def run(coro):
    return asyncio.run(coro)


def test_set_cookie_lands_in_the_jar_with_path_rules(server):
    async def main():
        client = rnet.Client(cookie_store=True)
        await client.get(server.url("/cookies/set?root=1"))
        await client.get(server.url("/cookies/set?scoped=2&_path=/scoped"))
        at_root = await (await client.get(server.url("/cookies"))).json()
        at_scoped = await (await client.get(server.url("/scoped/cookies"))).json()
        return client, at_root["cookies"], at_scoped["cookies"]

    client, at_root, at_scoped = run(main())
    assert at_root == {"root": "1"}  # the /scoped cookie does not apply at /
    assert at_scoped == {"root": "1", "scoped": "2"}
    jar = client.cookie_jar
    assert isinstance(jar, rnet.Jar) and jar.len() == 2
    assert jar.get("root", server.url("/")).value == "1"
    assert sorted(c.name for c in jar.get_all()) == ["root", "scoped"]


def test_host_scoping_and_a_shared_jar(server):
    jar = rnet.Jar()

    async def main():
        a = rnet.Client(cookie_provider=jar)
        b = rnet.Client(cookie_provider=jar)
        await a.get(server.url("/cookies/set?shared=yes"))
        seen_by_b = (await (await b.get(server.url("/cookies"))).json())["cookies"]
        localhost = server.url("/cookies").replace("127.0.0.1", "localhost")
        seen_on_other_host = (await (await b.get(localhost)).json())["cookies"]
        return seen_by_b, seen_on_other_host

    seen_by_b, seen_on_other_host = run(main())
    assert seen_by_b == {"shared": "yes"}
    assert seen_on_other_host == {}
    assert rnet.Client().cookie_jar is None


def test_jar_api_and_per_request_provider(server):
    jar = rnet.Jar()
    jar.add(rnet.Cookie("k", "v", path="/", http_only=True), server.url("/"))
    jar.add("s=t; Path=/", server.url("/"))
    assert jar.get("s", server.url("/")).value == "t"

    async def main():
        resp = await rnet.get(server.url("/cookies"), cookie_provider=jar)
        return (await resp.json())["cookies"]

    assert run(main()) == {"k": "v", "s": "t"}
    jar.remove("k", server.url("/"))
    assert jar.get("k", server.url("/")) is None
    jar.clear()
    assert jar.is_empty()
    with pytest.raises(rnet.BuilderError):
        jar.add("not a cookie", "not a url")
    with pytest.raises(rnet.BuilderError):
        jar.add(";;;", server.url("/"))


def test_cookie_object():
    c = rnet.Cookie(
        "id", "42", domain="example.com", path="/a", max_age=datetime.timedelta(hours=1),
        http_only=True, secure=True, same_site=rnet.SameSite.Lax,
    )
    assert (c.name, c.value, c.domain, c.path) == ("id", "42", "example.com", "/a")
    assert c.max_age == datetime.timedelta(hours=1)
    assert c.http_only and c.secure and c.same_site == rnet.SameSite.Lax
    assert "id=42" in str(c) and "HttpOnly" in str(c)
    for bad in [("", "v"), ("a;b", "v"), ("a", "v\r\nX: y")]:
        with pytest.raises(rnet.BuilderError):
            rnet.Cookie(*bad)
    with pytest.raises(TypeError):
        rnet.Cookie("a", "b", colour="red")


def test_cookie_expires():
    at = datetime.datetime(2031, 5, 6, 7, 8, 9, tzinfo=datetime.timezone.utc)
    c = rnet.Cookie("e", "1", expires=at)
    assert c.expires == at and "Expires=Tue, 06 May 2031 07:08:09 GMT" in str(c)
    naive = rnet.Cookie("e", "1", expires=at.replace(tzinfo=None))
    assert naive.expires == at  # naive datetimes are UTC
    assert rnet.Cookie("e", "1").expires is None
    with pytest.raises(TypeError):
        rnet.Cookie("e", "1", expires="tomorrow")


def test_response_cookies_and_history(server):
    async def main():
        resp = await rnet.get(server.url("/cookies/set?a=1&b=2"))
        client = rnet.Client(redirect=rnet.Policy.limited(5))
        followed = await client.get(server.url("/redirect/2"))
        return resp, followed

    resp, followed = run(main())
    assert sorted((c.name, c.value) for c in resp.cookies) == [("a", "1"), ("b", "2")]
    assert [h.status for h in followed.history] == [302, 302]
    first = followed.history[0]
    assert first.previous.endswith("/redirect/2") and first.url.endswith("/redirect/1")
    assert first.headers["location"] == b"/redirect/1"
    assert repr(rnet.Policy.limited(3)) == "Policy.limited(3)"


def test_custom_redirect_policy(server):
    seen = []

    def decide(attempt):
        seen.append((attempt.status, attempt.next.rsplit(":", 1)[1], len(attempt.previous)))
        assert attempt.headers["location"]
        return attempt.follow()

    async def main():
        client = rnet.Client(redirect=rnet.Policy.custom(decide))
        return await client.get(server.url("/redirect/2"))

    resp = run(main())
    port = server.ports["http"]
    assert resp.status == 200 and len(resp.history) == 2
    assert seen == [(302, f"{port}/redirect/1", 1), (302, f"{port}/get", 2)]


def test_custom_policy_stop_error_and_raise(server):
    async def main(policy):
        return await rnet.get(server.url("/redirect/2"), redirect=policy)

    assert run(main(rnet.Policy.custom(lambda a: a.stop()))).status == 302
    with pytest.raises(rnet.RedirectError, match="not today"):
        run(main(rnet.Policy.custom(lambda a: a.error("not today"))))

    def boom(attempt):
        raise ValueError("callback exploded")

    with pytest.raises(rnet.RedirectError, match="callback exploded"):
        run(main(rnet.Policy.custom(boom)))
    with pytest.raises(rnet.RedirectError, match="must return"):
        run(main(rnet.Policy.custom(lambda a: "follow")))
    with pytest.raises(TypeError):
        rnet.Policy.custom("not callable")
