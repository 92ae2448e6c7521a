"""Saving and loading cookie jars: Netscape cookies.txt and Playwright storage state, round trips
that keep host-only and domain scopes, expiry, Secure, HttpOnly and SameSite, corrupt files that
change nothing, and a real headless Chromium's cookies moved into rnet and back
(scripts/chromium_cookies.py drives it)."""

import asyncio
import json
import pathlib
import subprocess
import sys
import urllib.parse

import pytest

import rnet
import rnet.blocking
from rnet.cookie import CookieFormat, Jar

ROOT = pathlib.Path(__file__).resolve().parents[2]
SET_COOKIES = [
    "host=1; Path=/; HttpOnly",
    "dom=2; Domain=example.com; Path=/; Max-Age=3600; SameSite=Strict",
    "sec=3; Secure; Path=/; SameSite=None; Max-Age=7200",
    "lax=4; Path=/scoped; SameSite=Lax",
    "gone=5; Path=/; Max-Age=0",
]
FIELDS = ("name", "value", "domain", "path", "secure", "httpOnly", "sameSite")


def urls(server):
    https, http = server.ports["https"], server.ports["http"]
    return [
        f"https://www.example.com:{https}/cookies",
        f"https://api.example.com:{https}/scoped/cookies",
        f"https://www.example.com:{https}/scoped/cookies",
        f"http://www.example.com:{http}/cookies",
    ]


def chromium(tmp_path, spec):
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(spec))
    out = subprocess.run([sys.executable, str(ROOT / "scripts/chromium_cookies.py"), str(path)],
                         check=True, capture_output=True, text=True, timeout=120)
    return json.loads(out.stdout)


def scope(c):
    """What a cookie is, as a browser lists it: its fields, and whole seconds of expiry."""
    out = {k: c.get(k) for k in FIELDS}
    out["expires"] = int(c["expires"]) if c.get("expires", -1) >= 0 else -1
    return out


def sent_by_rnet(server, jar):
    dns = rnet.DnsOptions()
    for host in ("www.example.com", "api.example.com"):
        dns.add_resolve(host, ["127.0.0.1"])

    async def main():
        client = rnet.Client(cookie_provider=jar, dns_options=dns, tls_verify=False)
        return {u: (await (await client.get(u)).json())["cookies"] for u in urls(server)}

    return asyncio.run(main())


@pytest.fixture(scope="module")
def from_chromium(server, tmp_path_factory):
    """Chromium, told to load a page that sets SET_COOKIES, and what it then sends."""
    https = server.ports["https"]
    query = "&".join("c=" + urllib.parse.quote(c) for c in SET_COOKIES)
    spec = {"set": [f"https://www.example.com:{https}/set-cookie?{query}"], "visit": urls(server)}
    got = chromium(tmp_path_factory.mktemp("chromium"), spec)
    got["sent"] = {u: json.loads(text)["cookies"] for u, text in got["pages"].items()}
    return got


@pytest.mark.slow
def test_chromium_cookies_load_and_rnet_sends_what_chromium_sends(server, from_chromium):
    assert {c["name"] for c in from_chromium["cookies"]} == {"host", "dom", "sec", "lax"}
    # The DevTools / Puppeteer list as it is, and Playwright's storage state made from it.
    playwright = {"cookies": [{k: c[k] for k in (*FIELDS, "expires") if k in c}
                              for c in from_chromium["cookies"]], "origins": []}
    for text in (json.dumps(from_chromium["cookies"]), json.dumps(playwright)):
        jar = Jar()
        jar.loads(text)
        assert jar.len() == 4
        assert sent_by_rnet(server, jar) == from_chromium["sent"]


@pytest.mark.slow
def test_rnet_cookies_load_into_chromium_unchanged(server, from_chromium, tmp_path):
    jar = Jar()
    jar.loads(json.dumps(from_chromium["cookies"]))
    state = json.loads(jar.dumps(CookieFormat.StorageState))
    back = chromium(tmp_path, {"cookies": state["cookies"], "visit": urls(server)})
    assert sorted(map(scope, back["cookies"]), key=lambda c: c["name"]) == \
        sorted(map(scope, from_chromium["cookies"]), key=lambda c: c["name"])
    assert {u: json.loads(t)["cookies"] for u, t in back["pages"].items()} == from_chromium["sent"]


@pytest.mark.slow
@pytest.mark.parametrize("name, fmt", [("cookies.txt", None), ("state.json", None),
                                       ("plain", CookieFormat.StorageState)])
def test_files_round_trip(server, from_chromium, tmp_path, name, fmt):
    jar = Jar()
    jar.loads(json.dumps(from_chromium["cookies"]))
    jar.save(tmp_path / name, fmt)
    again = Jar()
    again.load(tmp_path / name)
    text = (tmp_path / name).read_text()
    if name == "cookies.txt":
        assert text.startswith("# Netscape HTTP Cookie File")
        assert "#HttpOnly_www.example.com\tFALSE\t/\tFALSE\t0\thost\t1" in text
        assert "\n.example.com\tTRUE\t/\tFALSE\t" in text
    else:
        assert json.loads(text)["origins"] == []
    assert sent_by_rnet(server, again) == from_chromium["sent"]
    kept = {c.name: (c.domain, c.path, c.secure, c.http_only, c.same_site, c.expires is None)
            for c in again.get_all()}
    same_site = name != "cookies.txt"  # cookies.txt has no field for it
    assert kept == {
        "lax": (None, "/scoped", False, False, rnet.SameSite.Lax if same_site else None, True),
        "host": (None, "/", False, True, None, True),
        "dom": ("example.com", "/", False, False, rnet.SameSite.Strict if same_site else None, False),
        "sec": (None, "/", True, False, rnet.SameSite.Empty if same_site else None, False),
    }


def test_cookies_a_client_receives_are_saved(server, tmp_path):
    async def main():
        client = rnet.Client(cookie_store=True)
        await client.get(server.url("/set-cookie?c=" + urllib.parse.quote("a=1; Max-Age=60; HttpOnly")))
        return client.cookie_jar

    jar = asyncio.run(main())
    jar.save(tmp_path / "c.txt")
    [line] = [l for l in (tmp_path / "c.txt").read_text().splitlines() if "\ta\t" in l]
    fields = line.split("\t")
    assert fields[:4] == ["#HttpOnly_127.0.0.1", "FALSE", "/", "FALSE"]
    assert int(fields[4]) > 0
    client = rnet.blocking.Client(cookie_provider=Jar())
    client.cookie_jar.load(tmp_path / "c.txt")
    assert client.get(server.url("/cookies")).json()["cookies"] == {"a": "1"}


def test_expired_cookies_are_dropped_on_load():
    jar = Jar()
    jar.loads("h\tFALSE\t/\tFALSE\t1000\told\t1\nh\tFALSE\t/\tFALSE\t0\tnew\t2\n")
    assert [c.name for c in jar.get_all()] == ["new"]
    jar.loads('[{"name": "x", "value": "1", "domain": "h", "expires": 5}]')
    assert jar.len() == 1


@pytest.mark.parametrize("text, message", [
    ("h\tFALSE\t/\tFALSE\t0\tname\n", "line 2: expected 7 tab-separated fields, found 6"),
    ("# c\nh\tYES\t/\tFALSE\t0\ta\tb\n", "line 3: include subdomains must be TRUE or FALSE"),
    ("h\tFALSE\t/\tFALSE\tsoon\ta\tb\n", "expires must be a Unix time"),
    ("h\tFALSE\tnoslash\tFALSE\t0\ta\tb\n", "does not start with '/'"),
    ("h\tFALSE\t/\tFALSE\t0\ta;b\tc\n", "invalid cookie name"),
    ('{"cookies": [{"name": "a", "value": "b"}]}', 'cookie 0: "domain" must be a string'),
    ('{"cookies": [{"name": "a", "value": "b", "domain": "h", "sameSite": "Sometimes"}]}', "unknown sameSite"),
    ('{"cookies": {}}', 'expected a "cookies" list'),
    ("{not json", "not valid JSON"),
])
def test_a_corrupt_file_raises_and_changes_nothing(tmp_path, text, message):
    jar = Jar()
    jar.add("keep=1; Path=/", "http://h/")
    before = jar.dumps()
    # A good cookie before the bad one: it is not added either.
    good = "" if text.startswith("{") else "h\tFALSE\t/\tFALSE\t0\tfirst\tok\n"
    (tmp_path / "bad").write_text(good + text)
    with pytest.raises(rnet.BuilderError, match=message.replace("(", r"\(")):
        jar.load(tmp_path / "bad")
    assert jar.dumps() == before
    with pytest.raises(rnet.BuilderError, match="cannot load cookies from"):
        jar.load(tmp_path / "missing.txt")
    with pytest.raises(rnet.BuilderError, match="cannot save cookies to"):
        jar.save(tmp_path / "no-such-dir" / "c.txt")
    with pytest.raises(TypeError):
        jar.dumps("Netscape-ish")
    assert jar.dumps() == before


def test_add_refuses_what_a_browser_refuses():
    jar = Jar()
    with pytest.raises(rnet.BuilderError, match="may not set"):
        jar.add("a=1; Domain=other.com", "http://example.com/")
    with pytest.raises(rnet.BuilderError, match="may not set"):
        jar.add("s=1; Secure", "http://example.com/")
    jar.add("s=1; Secure", "https://example.com/")
    assert jar.get("s", "https://example.com/x").value == "1"
    assert jar.get("s", "http://example.com/x") is None
