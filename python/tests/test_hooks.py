"""Hooks against the fixture: what each point sees and may change, plain and coroutine hooks
on the caller's loop and in the caller's contextvars (the redirect callback too, and a client
on its own Runtime), the order of client and request hooks, the HookError a raising hook
becomes with its exception as the cause, and bad hook values."""

import asyncio
import contextvars
import json
import threading
import uuid

import pytest

import rnet
import rnet.blocking
from rnet.exceptions import ConnectionError, HookError, StatusError
from rnet.runtime import Runtime
from conftest import refused_url

FAST = rnet.Retry(attempts=3, backoff=0.01, jitter=0)
who = contextvars.ContextVar("who", default="nobody")


async def echo(resp):
    return json.loads(await resp.text())


def test_before_request_changes_method_url_headers_and_body(server):
    seen = {}

    def sign(req):
        seen.update(method=req.method, url=req.url, body=req.body, mine=req.headers["x-mine"])
        req.headers["x-in-place"] = "yes"
        return {"method": "PUT", "url": "b?q=1", "headers": {"x-signed": "sig"}, "body": b"new"}

    async def main():
        client = rnet.Client()
        resp = await client.post(
            server.url("/anything/a"), json={"k": 1}, headers={"x-mine": "m"}, hooks={"before_request": sign}
        )
        return await echo(resp)

    got = asyncio.run(main())
    assert seen == {
        "method": "POST",
        "url": server.url("/anything/a"),
        "body": b'{"k":1}',
        "mine": b"m",
    }
    assert got["method"] == "PUT"
    assert got["url"] == server.url("/anything/b?q=1")
    assert got["data"] == "new"
    headers = {k.lower(): v for k, v in got["headers"]}
    assert headers["x-signed"] == "sig" and headers["x-in-place"] == "yes" and headers["x-mine"] == "m"


def test_client_hooks_run_before_request_hooks_and_see_each_change(server):
    order = []

    def client_hook(req):
        order.append(("client", req.url))
        return {"url": server.url("/anything/two")}

    def request_hook(req):
        order.append(("request", req.url))

    async def main():
        client = rnet.Client(hooks={"before_request": [client_hook]})
        return await echo(await client.get(server.url("/anything/one"), hooks={"before_request": request_hook}))

    got = asyncio.run(main())
    assert order == [("client", server.url("/anything/one")), ("request", server.url("/anything/two"))]
    assert got["url"] == server.url("/anything/two")


def own_runtime(on):
    """A client's options: on its own Runtime (the request hops there) or the shared one."""
    return {"runtime": Runtime(workers=1, thread_name="rt-hooks")} if on else {}


@pytest.mark.parametrize("on_own_runtime", [False, True], ids=["shared", "own-runtime"])
def test_a_coroutine_hook_runs_on_the_callers_loop_in_the_callers_context(server, on_own_runtime):
    seen = []

    async def hook(req):
        await asyncio.sleep(0)
        seen.append((asyncio.get_running_loop(), threading.get_ident(), who.get(), req.url))

    async def one(client, name):
        who.set(name)
        await client.get(server.url(f"/get?n={name}"), hooks={"before_request": hook})

    async def main():
        client = rnet.Client(**own_runtime(on_own_runtime))
        await asyncio.gather(one(client, "a"), one(client, "b"))
        return asyncio.get_running_loop(), threading.get_ident()

    loop, thread = asyncio.run(main())
    assert sorted(s[2] for s in seen) == ["a", "b"]
    for s in seen:
        assert s[0] is loop and s[1] == thread
        assert s[3].endswith(f"n={s[2]}")


@pytest.mark.parametrize("on_own_runtime", [False, True], ids=["shared", "own-runtime"])
def test_a_plain_hook_sees_the_callers_contextvars(server, on_own_runtime):
    seen = []

    def hook(resp):
        seen.append((who.get(), resp.status))

    async def one(client, name):
        who.set(name)
        await client.get(server.url("/status/204"), hooks={"after_response": hook})

    async def main():
        client = rnet.Client(**own_runtime(on_own_runtime))
        await asyncio.gather(*(one(client, f"t{i}") for i in range(4)))

    asyncio.run(main())
    assert sorted(seen) == [(f"t{i}", 204) for i in range(4)]


def test_a_raising_hook_fails_the_request_with_its_exception_as_the_cause(server):
    boom = ValueError("not this one")

    def check(resp):
        if resp.status == 418:
            raise boom

    async def main():
        return await rnet.Client(hooks={"after_response": check}).get(server.url("/status/418"))

    with pytest.raises(HookError) as info:
        asyncio.run(main())
    assert info.value.__cause__ is boom
    assert "after-response hook failed: ValueError: not this one" in str(info.value)
    assert server.url("/status/418") in str(info.value)


def test_a_rejected_coroutine_hook_is_the_cause_too(server):
    async def hook(req):
        await asyncio.sleep(0)
        raise KeyError("k")

    async def main():
        await rnet.Client().get(server.url("/get"), hooks={"before_request": hook})

    with pytest.raises(HookError) as info:
        asyncio.run(main())
    assert isinstance(info.value.__cause__, KeyError)


def test_after_response_runs_before_raise_for_status(server):
    seen = []

    async def main():
        client = rnet.Client(raise_for_status=True, hooks={"after_response": lambda r: seen.append(r.status)})
        await client.get(server.url("/status/500"))

    with pytest.raises(StatusError):
        asyncio.run(main())
    assert seen == [500]


def test_before_redirect_sees_each_redirect_and_may_stop_it(server):
    seen = []

    def hook(attempt):
        seen.append((attempt.status, attempt.next, who.get()))
        if len(seen) == 2 and stop:
            raise RuntimeError("two is enough")

    async def main():
        who.set("redirector")
        client = rnet.Client(redirect=rnet.redirect.Policy.limited(5))
        return await client.get(server.url("/redirect/3"), hooks={"before_redirect": hook})

    stop = False
    resp = asyncio.run(main())
    assert resp.url == server.url("/get")
    assert [s[0] for s in seen] == [302, 302, 302]
    assert seen[0][1].endswith("/redirect/2") and seen[2][1].endswith("/get")
    assert {s[2] for s in seen} == {"redirector"}

    seen.clear()
    stop = True
    with pytest.raises(HookError) as info:
        asyncio.run(main())
    assert isinstance(info.value.__cause__, RuntimeError)
    assert "before-redirect hook failed" in str(info.value)
    assert len(seen) == 2


def test_before_redirect_keeps_the_policys_limit_and_is_not_called_without_redirects(server):
    seen = []

    async def main(policy):
        client = rnet.Client(redirect=policy)
        return await client.get(server.url("/redirect/3"), hooks={"before_redirect": seen.append})

    with pytest.raises(rnet.exceptions.RedirectError):
        asyncio.run(main(rnet.redirect.Policy.limited(1)))
    assert len(seen) == 1
    seen.clear()
    assert asyncio.run(main(rnet.redirect.Policy.none())).status == 302
    assert seen == []


def test_the_redirect_callback_runs_in_the_callers_context_and_may_be_a_coroutine(server):
    seen = []

    async def decide(attempt):
        await asyncio.sleep(0)
        seen.append((who.get(), asyncio.get_running_loop()))
        return attempt.follow()

    async def main():
        who.set("caller")
        client = rnet.Client(redirect=rnet.redirect.Policy.custom(decide))
        resp = await client.get(server.url("/redirect/2"))
        return resp, asyncio.get_running_loop()

    resp, loop = asyncio.run(main())
    assert resp.url == server.url("/get")
    assert seen == [("caller", loop), ("caller", loop)]


def test_before_retry_sees_each_retry_and_may_stop_them(server):
    events = []

    async def main(hook):
        t = uuid.uuid4().hex[:12]
        resp = await rnet.Client(retry=FAST).get(server.url(f"/flaky/{t}/2/503"), hooks={"before_retry": hook})
        return resp

    resp = asyncio.run(main(events.append))
    assert (resp.status, resp.attempts) == (200, 3)
    assert [(e.attempt, e.status, e.error, e.method) for e in events] == [(1, 503, None, "GET"), (2, 503, None, "GET")]
    assert all(e.wait.total_seconds() < 1 for e in events)

    def refuse(event):
        raise PermissionError(f"no retry after {event.status}")

    with pytest.raises(HookError) as info:
        asyncio.run(main(refuse))
    assert str(info.value.__cause__) == "no retry after 503"


def test_before_retry_sees_errors(server):
    events = []

    async def main():
        await rnet.Client(retry=FAST).get(refused_url(), hooks={"before_retry": events.append})

    with pytest.raises(ConnectionError):
        asyncio.run(main())
    assert [e.attempt for e in events] == [1, 2]
    assert events[0].status is None and "127.0.0.1" in events[0].error


def test_on_error_gets_the_error_and_raising_replaces_it(server):
    seen = []

    async def main(hook):
        await rnet.Client(hooks={"on_error": hook}).get(refused_url())

    with pytest.raises(ConnectionError) as info:
        asyncio.run(main(seen.append))
    assert len(seen) == 1 and isinstance(seen[0], ConnectionError)
    assert str(seen[0]) == str(info.value)

    def wrap(err):
        raise LookupError("mapped") from err

    with pytest.raises(HookError) as info:
        asyncio.run(main(wrap))
    assert isinstance(info.value.__cause__, LookupError)
    assert isinstance(info.value.__cause__.__cause__, ConnectionError)


def test_on_error_sees_a_failing_hook(server):
    seen = []

    def bad(req):
        raise ValueError("x")

    async def main():
        await rnet.Client().get(server.url("/get"), hooks={"before_request": bad, "on_error": seen.append})

    with pytest.raises(HookError):
        asyncio.run(main())
    assert len(seen) == 1 and isinstance(seen[0], HookError)


def test_hooks_in_the_blocking_api_plain_and_coroutine(server):
    seen = []

    async def coro(req):
        seen.append(("coro", who.get()))

    def plain(resp):
        seen.append(("plain", who.get(), resp.status))

    who.set("blocking")
    try:
        client = rnet.blocking.Client(hooks={"before_request": coro, "after_response": plain})
        resp = client.get(server.url("/get"))
    finally:
        who.set("nobody")
    assert resp.status == 200
    assert seen == [("coro", "blocking"), ("plain", "blocking", 200)]

    with pytest.raises(HookError) as info:
        client.get(server.url("/get"), hooks={"after_response": lambda r: 1 / 0})
    assert isinstance(info.value.__cause__, ZeroDivisionError)


def test_a_bad_return_value_is_a_hook_error(server):
    async def main():
        await rnet.Client().get(server.url("/get"), hooks={"before_request": lambda req: 42})

    with pytest.raises(HookError, match="must return None or a RequestChange"):
        asyncio.run(main())

    async def bad_change():
        await rnet.Client().get(server.url("/get"), hooks={"before_request": lambda req: {"method": "BAD METHOD"}})

    with pytest.raises(rnet.exceptions.BuilderError, match="invalid method"):
        asyncio.run(bad_change())

    # The URL a hook leaves is the one sent: it is checked as the change is made.
    async def bad_scheme():
        client = rnet.Client(base_url=server.url("/"))
        await client.get("get", hooks={"before_request": lambda req: {"url": "ftp://127.0.0.1/x"}})

    with pytest.raises(rnet.exceptions.BuilderError, match="unsupported URL scheme in ftp://127.0.0.1/x"):
        asyncio.run(bad_scheme())


@pytest.mark.parametrize(
    "hooks, error",
    [
        ({"before_request": 3}, TypeError),
        ({"after_response": [print, "x"]}, TypeError),
        ({"before_sending": print}, (TypeError, ValueError)),
        ("nope", TypeError),
    ],
)
def test_bad_hooks_are_refused(hooks, error):
    with pytest.raises(error):
        rnet.Client(hooks=hooks)
