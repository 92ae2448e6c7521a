"""A real Scrapy crawl (scrapy_crawl.py, in its own process) of the fixture's small linked site
through rnet.scrapy: the pages it reached, the fingerprint the server saw, Scrapy's middlewares
(cookies, redirects, retries, 404 filtering) still at work, and Scrapy's stats."""

import asyncio
import json
import pathlib
import subprocess
import sys
import urllib.request
import uuid

import pytest

import rnet

# Seconds of setup each: the full test command runs it, --quick does not.
pytestmark = pytest.mark.slow

HERE = pathlib.Path(__file__).parent


@pytest.fixture(scope="module")
def crawl(server, tmp_path_factory):
    out = tmp_path_factory.mktemp("scrapy") / "crawl.json"
    base = server.url("").rstrip("/")
    secure = server.url("", "https").rstrip("/")
    proxy = f"http://127.0.0.1:{server.ports['http_proxy']}"
    with urllib.request.urlopen(server.url("/proxy-log"), timeout=5) as r:
        before = len(json.load(r))
    proc = subprocess.run(
        [sys.executable, str(HERE / "scrapy_crawl.py"), base, secure, uuid.uuid4().hex[:12], proxy, str(out)],
        capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-4000:]
    with urllib.request.urlopen(server.url("/proxy-log"), timeout=5) as r:
        proxied = json.load(r)[before:]
    return {**json.loads(out.read_text()), "proxy_log": proxied}


def pages(crawl):
    return {i["page"]: i for i in crawl["items"] if "page" in i}


def test_the_crawl_reached_every_linked_page(crawl):
    # index -> a, b, moved (301 -> c); a -> b, missing (404, dropped); b -> index (a duplicate).
    assert sorted(pages(crawl)) == ["a", "b", "c", "index"]
    assert all(p["flags"] == ["rnet"] for p in pages(crawl).values())


def test_scrapys_cookies_and_redirects_did_their_jobs(crawl):
    assert pages(crawl)["c"]["cookie"] == "true"
    assert pages(crawl)["c"]["url"].endswith("/site/c")


def test_the_server_saw_rnets_fingerprint(crawl, server):
    async def direct():
        client = rnet.Client(emulation=rnet.Emulation(rnet.Profile.Chrome149), tls_verify=False)
        return await (await client.get(server.url("/fingerprint", "https"))).json()

    seen = next(i for i in crawl["items"] if "fingerprint" in i)
    ours = asyncio.run(direct())
    assert seen["protocol"] == "HTTP/2"
    assert seen["fingerprint"]["tls"]["ja4"] == ours["tls"]["ja4"]
    assert seen["fingerprint"]["http2"]["akamai"] == ours["http2"]["akamai"]
    headers = dict(seen["fingerprint"]["headers"])
    assert headers["user-agent"] == dict(ours["headers"])["user-agent"]
    assert "Scrapy" not in headers["user-agent"]
    fetch_headers = dict(next(i for i in crawl["items"] if "fetch_headers" in i)["fetch_headers"])
    assert fetch_headers["sec-fetch-mode"] == "cors"


def test_meta_sets_the_profile_the_proxy_and_the_timeout(crawl, server):
    firefox = dict(next(i for i in crawl["items"] if "firefox_headers" in i)["firefox_headers"])
    assert "Firefox/151" in firefox["user-agent"]
    assert next(i for i in crawl["items"] if "proxied" in i)["proxied"] == 200
    # Exactly one request went through the fixture's HTTP proxy, to the fixture.
    assert [(e["kind"], e["target"]) for e in crawl["proxy_log"]] == [
        ("http-forward", f"127.0.0.1:{server.ports['http']}")
    ]
    assert next(i for i in crawl["items"] if "timeout" in i)["timeout"] == "DownloadTimeoutError"


def test_scrapys_stats_count_what_happened(crawl):
    stats = crawl["stats"]
    assert next(i for i in crawl["items"] if "flaky" in i)["flaky"] == 200
    # Two retries of the 503s, two of the timeout.
    assert stats["retry/count"] == 4
    assert stats["retry/max_reached"] == 1
    assert stats["downloader/response_status_count/503"] == 2
    assert stats["downloader/response_status_count/301"] == 1
    assert stats["downloader/response_status_count/404"] == 1
    # index, a, b, moved, c, missing; the fingerprint, the flaky one 3 times, the two headers
    # ones, the proxied one; the timed-out one 3 times.
    assert stats["downloader/request_count"] == 16
    assert stats["downloader/response_count"] == 13
    assert stats["downloader/exception_type_count/scrapy.exceptions.DownloadTimeoutError"] == 3
    assert stats["item_scraped_count"] == 10
    assert stats["httperror/response_ignored_count"] == 1
    assert stats["finish_reason"] == "finished"
