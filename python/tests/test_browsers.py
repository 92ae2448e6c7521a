"""Fidelity against real browsers: a profile sends what the browser it names sent the same
echo (fixture/captures/, captured headless by scripts/capture-browsers.sh). The cases and every
allowed difference, with its reason, are in fixture/cases/browsers.json, shared with Node."""

import asyncio
import json
import subprocess
import sys

import pytest

import rnet

from conftest import FIXTURE, ROOT

CASES = json.loads((ROOT / "fixture/cases/browsers.json").read_text())["cases"]


def capture(case):
    return json.loads((ROOT / "fixture/captures" / case["capture"]).read_text())["navigate"]


@pytest.fixture(scope="module")
def seen(server):
    url = server.url("/fingerprint", "https", host="localhost")

    async def one(case):
        emulation = rnet.Emulation(
            getattr(rnet.Profile, case["profile"]), platform=getattr(rnet.Platform, case["platform"])
        )
        client = rnet.Client(emulation=emulation, tls_verify=server.ports["ca_pem"])
        return await (await client.get(url)).json()

    async def main():
        return {case["profile"]: await one(case) for case in CASES}

    return asyncio.run(main())


def check_headers(case, real, ours):
    assert [n for n, _ in ours] == [n for n, _ in real]
    allowed = case["platform_values"]
    for (name, want), (_, got) in zip(real, ours):
        rule = allowed.get(name)
        if rule is None:
            assert got == want, name
        elif "ua_replace" in rule:
            assert got == want.replace(*rule["ua_replace"]), name
        elif rule.get("brands_prefix"):
            assert got.startswith(want + ", "), (got, want)
        else:
            assert rule.get("locale"), rule


def check_http2(real, ours):
    assert ours["akamai"] == real["akamai"]
    assert ours["headers_priority"] == real["headers_priority"]


def check_tls(case, real, ours):
    gaps = case["tls_gaps"]
    missing_exts = {int(e) for e in gaps.get("extensions", {})}
    missing_sigs = [int(s) for s in gaps.get("sig_algs", {})]
    for key in ["ciphers", "groups", "key_shares", "alps", "cert_compression", "versions",
                "psk_modes", "record_size_limit", "delegated_credentials", "alpn", "sni"]:
        assert ours[key] == real[key], key
    assert set(ours["extensions"]) == set(real["extensions"]) - missing_exts
    assert ours["sig_algs"] == [
        s for s in real["sig_algs"][1 if "sig_algs_grease" in gaps else 0:] if s not in missing_sigs
    ]
    # JA4 part b (the ciphers) is always equal; with no gaps, the whole of JA4 and JA3n too.
    assert ours["ja4"].split("_")[1] == real["ja4"].split("_")[1]
    if not gaps:
        assert ours["ja4"] == real["ja4"]
        assert ours["ja3n_hash"] == real["ja3n_hash"]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["profile"])
def test_headers_names_order_and_values(case, seen):
    check_headers(case, capture(case)["headers"], seen[case["profile"]]["headers"])


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["profile"])
def test_http2_fingerprint(case, seen):
    check_http2(capture(case)["http2"], seen[case["profile"]]["http2"])


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["profile"])
def test_tls_fingerprint_equal_but_for_the_named_gaps(case, seen):
    check_tls(case, capture(case)["tls"], seen[case["profile"]]["tls"])


@pytest.mark.slow
def test_live_chromium_matches_its_capture_and_its_profile(seen, server, tmp_path):
    # The installed Chromium, driven now: the committed capture of its major version must
    # still describe it, and the profile must reproduce what it sends today.
    subprocess.run(
        [sys.executable, str(ROOT / "scripts/capture_browsers.py"), "chromium",
         "--out", str(tmp_path), "--fixture", FIXTURE],
        check=True, capture_output=True, timeout=120,
    )
    [live_file] = tmp_path.iterdir()
    case = next((c for c in CASES if c["capture"] == live_file.name), None)
    assert case, f"no profile is checked against {live_file.name}: add a capture and a case"
    live = json.loads(live_file.read_text())["navigate"]
    committed = capture(case)
    assert [n for n, _ in live["headers"]] == [n for n, _ in committed["headers"]]
    assert live["tls"]["ja4"] == committed["tls"]["ja4"]
    assert live["http2"]["akamai"] == committed["http2"]["akamai"]
    ours = seen[case["profile"]]
    check_headers(case, live["headers"], ours["headers"])
    check_http2(live["http2"], ours["http2"])
    check_tls(case, live["tls"], ours["tls"])
    # And a profile built from the live capture reproduces it.
    expected = next(c for c in FROM_CAPTURE if c["capture"] == live_file.name)
    emulation, got = reproduce(server, live_file)
    check_reproduced(expected, live, emulation, got)


PUBLISHED = json.loads((ROOT / "fixture/cases/browsers.json").read_text())["published"]


@pytest.mark.parametrize("case", PUBLISHED, ids=lambda c: c["profile"])
def test_published_header_sets(case, server):
    async def main():
        client = rnet.Client(emulation=getattr(rnet.Profile, case["profile"]), tls_verify=server.ports["ca_pem"])
        return await (await client.get(server.url("/fingerprint", "https", host="localhost"))).json()

    headers = asyncio.run(main())["headers"]
    assert [n for n, _ in headers] == case["headers"]
    assert dict(headers)["accept-encoding"] == case["accept-encoding"]


def fetch_capture(case):
    # The page's fetch() also sent a `referer` naming the page, which only a caller knows.
    real = json.loads((ROOT / "fixture/captures" / case["capture"]).read_text())["fetch"]
    return {**real, "headers": [h for h in real["headers"] if h[0] != "referer"]}


@pytest.mark.parametrize("per", ["client", "request"])
@pytest.mark.parametrize("case", CASES, ids=lambda c: c["profile"])
def test_fetch_mode_sends_the_browsers_fetch_headers(case, per, server):
    # Per client: Emulation(mode=Fetch) also sets the HEADERS priority of a fetch(). Per
    # request: mode= replaces the profile headers of a navigating client for one request,
    # and the client's own headers stay.
    profile, platform = getattr(rnet.Profile, case["profile"]), getattr(rnet.Platform, case["platform"])
    url = server.url("/fingerprint", "https", host="localhost")

    async def main():
        if per == "client":
            emulation = rnet.Emulation(profile, platform=platform, mode=rnet.RequestMode.Fetch)
            client = rnet.Client(emulation=emulation, tls_verify=server.ports["ca_pem"])
            return await (await client.get(url)).json()
        emulation = rnet.Emulation(profile, platform=platform)
        client = rnet.Client(emulation=emulation, tls_verify=server.ports["ca_pem"], headers={"x-own": "1"})
        return await (await client.get(url, mode=rnet.RequestMode.Fetch)).json()

    seen_now = asyncio.run(main())
    real = fetch_capture(case)
    headers = seen_now["headers"]
    if per == "request":
        assert headers[-1] == ["x-own", "1"]
        headers = headers[:-1]
        # HTTP/2 priority is per connection: the client's (a navigation's).
        assert seen_now["http2"]["headers_priority"] == capture(case)["http2"]["headers_priority"]
    else:
        check_http2(real["http2"], seen_now["http2"])
    check_headers(case, real["headers"], headers)


def test_mode_needs_a_profile_that_has_it(server):
    with pytest.raises(rnet.BuilderError, match="Fetch is not known for Safari26_4"):
        rnet.Emulation(rnet.Profile.Safari26_4, mode=rnet.RequestMode.Fetch)

    async def main():
        await rnet.Client().get(server.url("/get"), mode=rnet.RequestMode.Fetch)

    with pytest.raises(rnet.BuilderError, match="needs a browser profile"):
        asyncio.run(main())
    assert rnet.Emulation(rnet.Profile.Chrome156).mode == rnet.RequestMode.Navigate


FROM_CAPTURE = json.loads((ROOT / "fixture/cases/browsers.json").read_text())["from_capture"]


def reproduce(server, capture_path, mode=None):
    async def main():
        emulation = rnet.Emulation.from_capture(str(capture_path), mode=mode)
        client = rnet.Client(emulation=emulation, tls_verify=server.ports["ca_pem"])
        got = await (await client.get(server.url("/fingerprint", "https", host="localhost"))).json()
        return emulation, got

    return asyncio.run(main())


def check_reproduced(case, real, emulation, got, first_request=True):
    # Every gap reported is expected, and every expected gap is reported.
    for gap in emulation.gaps:
        assert any(want in gap for want in case["gaps"]), gap
    for want in case["gaps"]:
        assert any(want in gap for gap in emulation.gaps), want
    assert got["headers"] == [h for h in real["headers"] if h[0] != "referer"]
    check_http2(real["http2"], got["http2"])
    if first_request:  # the capture's fetch() was the connection's second request
        assert got["http2"]["stream_id"] == real["http2"]["stream_id"]
    gaps = {"extensions": {"51764": ""}, "sig_algs": {"2308": "", "2309": "", "2310": ""},
            "sig_algs_grease": ""} if case["gaps"] else {}
    check_tls({"tls_gaps": gaps}, real["tls"], got["tls"])


@pytest.mark.parametrize("case", FROM_CAPTURE, ids=lambda c: c["capture"])
def test_from_capture_reproduces_the_browser(case, server):
    path = ROOT / "fixture/captures" / case["capture"]
    for mode, kind in [(None, "navigate"), (rnet.RequestMode.Fetch, "fetch")]:
        emulation, got = reproduce(server, path, mode)
        check_reproduced(case, json.loads(path.read_text())[kind], emulation, got, kind == "navigate")


def test_from_capture_errors(tmp_path):
    chromium = ROOT / "fixture/captures/chromium-156.json"
    with pytest.raises(rnet.BuilderError, match="cannot be reproduced exactly: .*0xca34"):
        rnet.Emulation.from_capture(str(chromium), strict=True)
    assert rnet.Emulation.from_capture(str(ROOT / "fixture/captures/firefox-esr-153.json"), strict=True).gaps == []
    with pytest.raises(rnet.BuilderError, match="cannot read the capture"):
        rnet.Emulation.from_capture(str(tmp_path / "missing.json"))
    with pytest.raises(rnet.BuilderError, match="not JSON"):
        rnet.Emulation.from_capture("{broken")
    with pytest.raises(rnet.BuilderError, match="no `tls` ClientHello"):
        rnet.Emulation.from_capture('{"headers": []}')
    # The echo's JSON for one request has no fetch(): only the navigation set.
    one = json.dumps(json.loads(chromium.read_text())["navigate"])
    assert rnet.Emulation.from_capture(one).profile is None
    with pytest.raises(rnet.BuilderError, match="Fetch is not known"):
        rnet.Emulation.from_capture(one, mode=rnet.RequestMode.Fetch)


@pytest.mark.slow
def test_fingerprint_capture_command_with_live_chromium(server, tmp_path):
    # `python -m rnet.fingerprint capture` prints the URL, the browser opens it, the file is
    # written, and an emulation built from it reproduces the browser.
    out = tmp_path / "live.json"
    cmd = subprocess.Popen(
        [sys.executable, "-m", "rnet.fingerprint", "capture", str(out), "--timeout", "60"],
        stdout=subprocess.PIPE, text=True,
    )
    url = cmd.stdout.readline().split()[1]
    assert url.startswith("https://localhost:") and url.endswith("/capture-page"), url
    flags = json.loads((ROOT / "fixture/cases/browsers.json").read_text())["chromium_flags"]
    browser = subprocess.Popen(
        ["chromium", *flags, f"--user-data-dir={tmp_path / 'profile'}", url],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        rest, _ = cmd.communicate(timeout=90)
    finally:
        browser.kill()
        browser.wait()
    assert cmd.returncode == 0, rest
    doc = json.loads(out.read_text())
    assert doc["browser"] == "headlesschrome" and doc["version"].startswith("156.")
    case = next(c for c in FROM_CAPTURE if c["capture"] == "chromium-156.json")
    emulation, got = reproduce(server, out)
    check_reproduced(case, doc["navigate"], emulation, got)
