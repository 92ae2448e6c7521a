"""Zero drift: the fixture server sees the same TLS, HTTP/2 and header fingerprint from
Python as from pure Rust (rnet/examples/fingerprint.rs), per profile."""

import asyncio
import json
import subprocess
import sys

import pytest

import rnet

from conftest import ROOT

# Seconds of setup each: the full test command runs it, --quick does not.
pytestmark = pytest.mark.slow

SPEC = json.loads((ROOT / "fixture/cases/fingerprint.json").read_text())
# Zero drift holds for every profile, wreq-util's and rnet's own: the listed specs (some with a
# platform) and then each remaining profile once.
ALL = [n for n in dir(rnet.Profile) if not n.startswith("_")]
SPECS = SPEC["profiles"] + [p for p in ALL if p not in SPEC["profiles"]]
RUST_REF = ROOT / "target/x86_64-unknown-linux-gnu/debug/examples/fingerprint"


def emulation(spec):
    profile, _, platform = spec.partition(":")
    profile = getattr(rnet.Profile, profile)
    if not platform:
        return profile
    return rnet.Emulation(profile, platform=getattr(rnet.Platform, platform))


async def seen_by_server(url, spec, **request):
    client = rnet.Client(emulation=emulation(spec), tls_verify=False)
    return await (await client.get(url, **request)).json()


# BoringSSL pads a ClientHello whose length falls in a certain range (extension 21), and
# profiles with ECH GREASE vary that length per connection (random payload size), so padding
# comes and goes (Chrome 116-123): they are compared without it.
PADDING = 21


def hello(tls):
    """The ClientHello less padding: everything JA4 and JA3n are made of."""
    return (tls["ciphers"], sorted(e for e in tls["extensions"] if e != PADDING), tls["groups"],
            tls["sig_algs"], tls["alpn"], tls["versions"], tls["key_shares"], tls["alps"])


@pytest.fixture(scope="module")
def rust(server):
    url = server.url("/fingerprint", "https")

    def run():
        out = subprocess.run([str(RUST_REF), url, *SPECS], check=True, capture_output=True)
        return json.loads(out.stdout)

    return run(), run()


@pytest.fixture(scope="module")
def python_seen(server):
    url = server.url("/fingerprint", "https")

    async def main():
        return {spec: await seen_by_server(url, spec) for spec in SPECS}

    return asyncio.run(main())


@pytest.mark.parametrize("spec", SPECS)
def test_same_fingerprint_as_rust(spec, rust, python_seen):
    ref, ref_again = rust[0][spec], rust[1][spec]
    got = python_seen[spec]
    assert hello(got["tls"]) == hello(ref["tls"])
    if PADDING not in got["tls"]["extensions"] + ref["tls"]["extensions"]:
        assert got["tls"]["ja4"] == ref["tls"]["ja4"]
        assert got["tls"]["ja3n_hash"] == ref["tls"]["ja3n_hash"]
        if ref["tls"]["ja3_hash"] == ref_again["tls"]["ja3_hash"]:
            # Profiles without extension permutation: the exact order must match too.
            assert got["tls"]["ja3_hash"] == ref["tls"]["ja3_hash"]
    assert got["http2"]["akamai"] == ref["http2"]["akamai"]
    assert got["http2"]["akamai_hash"] == ref["http2"]["akamai_hash"]
    assert got["headers"] == ref["headers"]


def test_different_profiles_look_different(python_seen):
    looks = {
        spec: (python_seen[spec]["tls"]["ja4"], python_seen[spec]["http2"]["akamai"], json.dumps(python_seen[spec]["headers"]))
        for spec in SPEC["distinct"]
    }
    assert len(set(looks.values())) == len(looks), looks
    # The browser families also differ below the headers: in TLS or HTTP/2.
    families = ["Chrome149", "Firefox151", "Safari26_4", "OkHttp5"]
    assert len({looks[f][:2] for f in families}) == len(families)


def test_platform_changes_platform_headers(python_seen):
    for spec, platform in SPEC["platforms"].items():
        headers = dict(python_seen[spec]["headers"])
        assert headers["sec-ch-ua-platform"] == platform
    uas = {dict(python_seen[s]["headers"])["user-agent"] for s in SPEC["platforms"]}
    assert len(uas) == len(SPEC["platforms"])


def test_orig_headers_set_order_and_case_on_http1(server):
    url = server.url("/fingerprint")
    headers = {"x-first": "1", "x-second": "2", "x-third": "3"}

    async def main(orig):
        resp = await rnet.get(url, headers=headers, orig_headers=orig)
        return [name for name, _ in (await resp.json())["headers"] if name.lower().startswith("x-")]

    want = ["X-Third", "x-FIRST", "X-Second"]
    assert asyncio.run(main(want)) == want
    assert asyncio.run(main(rnet.OrigHeaderMap(["X-Second", "X-First", "X-Third"]))) == ["X-Second", "X-First", "X-Third"]


def test_default_headers_false_drops_profile_headers(server):
    url = server.url("/fingerprint", "https")

    async def main():
        with_defaults = await seen_by_server(url, "Chrome149")
        without = await seen_by_server(url, "Chrome149", default_headers=False)
        return dict(with_defaults["headers"]), dict(without["headers"])

    with_defaults, without = asyncio.run(main())
    assert "sec-ch-ua" in with_defaults and "sec-ch-ua" not in without


def test_emulation_object():
    e = rnet.Emulation(rnet.Profile.Firefox151, platform=rnet.Platform.Windows, http2=False)
    assert (e.profile, e.platform, e.http2, e.headers) == (rnet.Profile.Firefox151, rnet.Platform.Windows, False, True)
    r = rnet.Emulation.random()
    assert isinstance(r.profile, rnet.Profile) and isinstance(r.platform, rnet.Platform)
    # A profile may be given by name, as in Node; an unknown name is a TypeError.
    assert rnet.Emulation("Chrome149").profile == rnet.Profile.Chrome149
    with pytest.raises(TypeError):
        rnet.Client(emulation="Chrome999")
    m = rnet.OrigHeaderMap()
    assert m.insert("X-A") and not m.insert("x-a")
    m.extend(["X-B"])
    assert m.names() == ["X-A", "X-B"] and m.len() == 2


def test_fingerprint_command_matches_rust(rust):
    out = subprocess.run(
        [sys.executable, "-m", "rnet.fingerprint", "Chrome149", "OkHttp5", "--json"],
        check=True, capture_output=True,
    )
    got = json.loads(out.stdout)
    for spec in ("Chrome149", "OkHttp5"):
        ref = rust[0][spec]
        assert got[spec]["ja4"] == ref["tls"]["ja4"]
        assert got[spec]["akamai"] == ref["http2"]["akamai"]
        assert got[spec]["header_order"] == ",".join(name for name, _ in ref["headers"])


def test_the_shipped_echo_sees_what_the_fixture_sees(server):
    # rnet.FingerprintEcho (the echo in the native module) answers like the fixture: same
    # fingerprint for the same request, its certificate verifies against its own CA, and the
    # capture page keeps what it saw.
    async def main():
        echo = await rnet.FingerprintEcho.start()
        try:
            em = rnet.Emulation(rnet.Profile.Firefox153, platform=rnet.Platform.Linux)
            ours = rnet.Client(emulation=em, tls_verify=echo.ca_pem)
            fixture = rnet.Client(emulation=em, tls_verify=server.ports["ca_pem"])
            a = await (await ours.get(f"{echo.url}/fingerprint")).json()
            b = await (await fixture.get(server.url("/fingerprint", "https", host="localhost"))).json()
            assert echo.captures() == {}
            await (await ours.get(f"{echo.url}/capture-page")).text()
            await (await ours.get(f"{echo.url}/capture/fetch")).text()
            kept = echo.captures()
            plain = await (await rnet.get(f"{echo.http_url}/x")).json()
        finally:
            echo.close()
        # Closed: refused, or reset if the listener was still going away.
        with pytest.raises((rnet.ConnectionError, rnet.ConnectionResetError)):
            await rnet.Client().get(f"{echo.http_url}/x")
        return a, b, kept, plain

    a, b, kept, plain = asyncio.run(main())
    for key in ("ja4", "ja3n_hash", "ja4_r"):
        assert a["tls"][key] == b["tls"][key]
    assert a["http2"]["akamai"] == b["http2"]["akamai"]
    assert a["headers"] == b["headers"]
    assert set(kept) == {"navigate", "fetch"} and kept["navigate"]["tls"]["ja4"] == a["tls"]["ja4"]
    assert plain["tls"] is None and plain["version"] == "HTTP/1.1"
