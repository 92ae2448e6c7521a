"""Retries against the fixture's fault endpoints: 503s with and without Retry-After, resets
before an answer, a listener that comes up late, which methods and failures are retried, the
no-replay rule for one-shot streams, and bad settings."""

import asyncio
import json
import time
import urllib.request
import uuid

import pytest

import rnet
import rnet.blocking
from rnet.exceptions import BuilderError, ConnectionError, ConnectionResetError

FAST = rnet.Retry(attempts=3, backoff=0.01, jitter=0)


def tag():
    return uuid.uuid4().hex[:12]


def run(coro):
    return asyncio.run(coro)


async def get(url, client=None, **kwargs):
    client = client or rnet.Client()
    return await client.get(url, **kwargs)


def test_a_503_is_retried_until_it_succeeds(server):
    resp = run(get(server.url(f"/flaky/{tag()}/2/503?retry_after=0"), retry=FAST))
    assert resp.status == 200
    assert resp.attempts == 3
    assert resp.headers["x-try"] == b"3"


def test_attempts_bound_the_tries(server):
    resp = run(get(server.url(f"/flaky/{tag()}/5/503"), retry=FAST))
    assert (resp.status, resp.attempts, resp.headers["x-try"]) == (503, 3, b"3")


def test_retry_after_is_waited_for(server):
    start = time.monotonic()
    resp = run(get(server.url(f"/flaky/{tag()}/1/429?retry_after=1"), retry=rnet.Retry(backoff=0, jitter=0)))
    assert (resp.status, resp.attempts) == (200, 2)
    assert time.monotonic() - start >= 0.9


def test_a_retry_after_past_the_cap_returns_the_response(server):
    t = tag()
    resp = run(get(server.url(f"/flaky/{t}/1/503?retry_after=3600"), retry=rnet.Retry(backoff_max=5)))
    assert (resp.status, resp.attempts) == (503, 1)


def test_an_int_is_the_number_of_tries_and_the_request_overrides_the_client(server):
    client = rnet.Client(retry=rnet.Retry(attempts=4, backoff=0.01, jitter=0))
    resp = run(get(server.url(f"/flaky/{tag()}/3/502"), client))
    assert (resp.status, resp.attempts) == (200, 4)
    resp = run(get(server.url(f"/flaky/{tag()}/3/502"), client, retry=1))
    assert (resp.status, resp.attempts) == (502, 1)
    resp = run(get(server.url(f"/flaky/{tag()}/1/502"), rnet.Client(), retry=2))
    assert (resp.status, resp.attempts) == (200, 2)


def test_only_listed_statuses_are_retried(server):
    resp = run(get(server.url(f"/flaky/{tag()}/1/500"), retry=FAST))
    assert (resp.status, resp.attempts) == (500, 1)
    retry = rnet.Retry(statuses=[500], backoff=0.01)
    resp = run(get(server.url(f"/flaky/{tag()}/1/500"), retry=retry))
    assert (resp.status, resp.attempts) == (200, 2)


def test_a_reset_is_retried(server):
    url = server.url(f"/flaky-reset/{tag()}/2", "faults")
    resp = run(get(url, retry=FAST))
    assert (resp.status, resp.attempts, resp.headers["x-try"]) == (200, 3, b"3")
    with pytest.raises(ConnectionResetError):
        run(get(server.url(f"/flaky-reset/{tag()}/1", "faults")))


def test_only_listed_failures_are_retried(server):
    connect_only = rnet.Retry(errors=[rnet.RetryOn.Connect], backoff=0.01)
    with pytest.raises(ConnectionResetError):
        run(get(server.url(f"/flaky-reset/{tag()}/1", "faults"), retry=connect_only))


def flapping_port(server, ms):
    with urllib.request.urlopen(server.url(f"/flap/{ms}"), timeout=5) as r:
        return json.load(r)["port"]


def test_a_listener_that_comes_up_late_is_reached(server):
    port = flapping_port(server, 300)
    with pytest.raises(ConnectionError):
        run(get(f"http://127.0.0.1:{port}/"))
    retry = rnet.Retry(attempts=10, backoff=0.1, backoff_max=0.1, jitter=0)
    resp = run(get(f"http://127.0.0.1:{port}/", retry=retry))
    assert resp.status == 200
    assert run(resp.text()) == "flapped"
    assert resp.attempts >= 2


def test_post_is_not_retried_unless_listed(server):
    resp = run(rnet.Client().post(server.url(f"/flaky/{tag()}/1/503"), body=b"x", retry=FAST))
    assert (resp.status, resp.attempts) == (503, 1)
    retry = rnet.Retry(methods=[rnet.Method.POST], backoff=0.01)
    resp = run(rnet.Client().post(server.url(f"/flaky/{tag()}/1/503"), body=b"x", retry=retry))
    assert (resp.status, resp.attempts) == (200, 2)
    assert json.loads(run(resp.text()))["data"] == "x", "the bytes body was sent again"


def test_a_stream_body_is_never_sent_twice(server):
    async def chunks():
        yield b"one-"
        yield b"shot"

    async def put(url):
        return await rnet.Client().put(url, body=chunks(), retry=FAST)

    resp = run(put(server.url(f"/flaky/{tag()}/1/503")))
    assert (resp.status, resp.attempts) == (503, 1)
    t = tag()
    with pytest.raises(ConnectionResetError, match="not retried: the request body is a one-shot stream"):
        run(put(server.url(f"/flaky-reset/{t}/1", "faults")))
    # The server saw one try: the next one with the tag is its second.
    resp = run(get(server.url(f"/flaky-reset/{t}/1", "faults")))
    assert resp.headers["x-try"] == b"2"


def test_blocking_client_retries(server):
    client = rnet.blocking.Client(retry=FAST)
    resp = client.get(server.url(f"/flaky/{tag()}/1/503"))
    assert (resp.status, resp.attempts) == (200, 2)
    resp = client.get(server.url(f"/flaky-reset/{tag()}/1", "faults"))
    assert (resp.status, resp.attempts) == (200, 2)


def test_cancelling_during_the_backoff_stops_at_once(server):
    async def main():
        slow = rnet.Retry(attempts=2, backoff=30, backoff_max=30, jitter=0)
        task = asyncio.ensure_future(get(server.url(f"/flaky/{tag()}/1/503"), retry=slow))
        await asyncio.sleep(0.3)
        start = time.monotonic()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        return time.monotonic() - start

    assert run(main()) < 2


@pytest.mark.parametrize(
    "kwargs, error",
    [
        ({"attempts": 0}, BuilderError),
        ({"jitter": 1.5}, BuilderError),
        ({"jitter": float("nan")}, BuilderError),
        ({"statuses": [42]}, BuilderError),
        ({"errors": ["Bogus"]}, TypeError),
        ({"methods": ["FETCH"]}, TypeError),
        ({"attempts": "3"}, TypeError),
        ({"bogus": 1}, TypeError),
    ],
)
def test_bad_settings_are_refused(kwargs, error):
    with pytest.raises(error):
        rnet.Retry(**kwargs)


def test_a_bad_retry_value_is_refused():
    with pytest.raises(TypeError, match="retry"):
        rnet.Client(retry="3")
    with pytest.raises(BuilderError):
        rnet.Client(retry=0)


def test_repr_and_attempts():
    r = rnet.Retry(attempts=5)
    assert r.attempts == 5
    assert "attempts=5" in repr(r)
