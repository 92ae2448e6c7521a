"""Shows what a server sees when rnet emulates a profile, or captures a real browser.

    python -m rnet.fingerprint Chrome149 [Firefox151 ...] [--platform Windows] [--json]
    python -m rnet.fingerprint capture OUT.json [--timeout SECONDS]

Starts the fingerprint echo that ships in the native module (`rnet.FingerprintEcho`). With
profiles, requests it over TLS + HTTP/2 with each and prints JA4, JA3, the Akamai HTTP/2
fingerprint and the header order it observed. With `capture`, prints a URL to open in the
browser to capture and writes what the browser sent (its navigation and the page's fetch()) to
OUT.json, for `Emulation.from_capture`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import pathlib
import re
import sys
import time
import urllib.parse

import rnet


def summary(seen: dict) -> dict:
    """The fields worth comparing, from the server's /fingerprint answer."""
    tls, h2 = seen["tls"], seen["http2"] or {}
    return {
        "ja4": tls["ja4"],
        "ja3_hash": tls["ja3_hash"],
        "ja3n_hash": tls["ja3n_hash"],
        "akamai": h2.get("akamai"),
        "akamai_hash": h2.get("akamai_hash"),
        "header_order": ",".join(name for name, _ in seen["headers"]),
    }


async def fingerprint(url: str, profile: str, platform: str | None) -> dict:
    emulation = getattr(rnet.Profile, profile)
    if platform:
        emulation = rnet.Emulation(emulation, platform=getattr(rnet.Platform, platform))
    client = rnet.Client(emulation=emulation, tls_verify=False)
    return summary(await (await client.get(url)).json())


async def fingerprints(profiles: list[str], platform: str | None) -> dict:
    echo = await rnet.FingerprintEcho.start()
    try:
        # By address, as most tools connect: no SNI (JA4 `t13i…`; a named host gives `t13d…`).
        port = urllib.parse.urlsplit(echo.url).port
        url = f"https://127.0.0.1:{port}/fingerprint"
        return {p: await fingerprint(url, p, platform) for p in profiles}
    finally:
        echo.close()


def browser_of(user_agent: str) -> tuple[str, str]:
    """(browser, version) as the User-Agent names them, newest token first."""
    for name in ["Edg", "OPR", "Firefox", "HeadlessChrome", "Chrome", "Version"]:
        m = re.search(rf"\b{name}/([\d.]+)", user_agent)
        if m:
            return {"Edg": "edge", "OPR": "opera", "Version": "safari"}.get(name, name.lower()), m.group(1)
    return "browser", "unknown"


async def capture(out: str, timeout: float) -> None:
    echo = await rnet.FingerprintEcho.start()
    try:
        print(f"Open {echo.url}/capture-page in the browser to capture.", flush=True)
        print(f"(Firefox: trust the test CA in {echo.ca_pem} first; Chromium: "
              f"--ignore-certificate-errors.) Waiting up to {timeout:.0f} s...", flush=True)
        deadline, got = time.monotonic() + timeout, {}
        while time.monotonic() < deadline and not {"navigate", "fetch"} <= got.keys():
            await asyncio.sleep(0.2)
            got = echo.captures()
    finally:
        echo.close()
    if "navigate" not in got:
        sys.exit(f"rnet.fingerprint: no browser arrived within {timeout:.0f} s")
    ua = dict(got["navigate"]["headers"]).get("user-agent", "")
    browser, version = browser_of(ua)
    doc = {"browser": browser, "version": version, **got}
    pathlib.Path(out).write_text(json.dumps(doc, indent=1) + "\n")
    print(f"wrote {out}: {browser} {version}, JA4 {got['navigate']['tls']['ja4']}", flush=True)


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["capture"]:
        cap = argparse.ArgumentParser(prog="python -m rnet.fingerprint capture")
        cap.add_argument("out", help="the capture file to write")
        cap.add_argument("--timeout", type=float, default=300, help="seconds to wait for the browser")
        args = cap.parse_args(argv[1:])
        asyncio.run(capture(args.out, args.timeout))
        return
    parser = argparse.ArgumentParser(prog="python -m rnet.fingerprint", description=__doc__.split("\n")[0])
    parser.add_argument("profiles", nargs="+", help="profile names, e.g. Chrome149")
    parser.add_argument("--platform", help="Windows, MacOS, Linux, Android or IOS")
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args(argv)
    for p in args.profiles:
        if not hasattr(rnet.Profile, p):
            parser.error(f"unknown profile {p!r}")
    results = asyncio.run(fingerprints(args.profiles, args.platform))
    if args.json:
        print(json.dumps(results, indent=2))
        return
    for profile, fields in results.items():
        print(profile + (f" on {args.platform}" if args.platform else ""))
        for key, value in fields.items():
            print(f"  {key:<12} {value}")


if __name__ == "__main__":
    main()
