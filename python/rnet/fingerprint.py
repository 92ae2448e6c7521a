"""Shows what a server sees when rnet emulates a profile.

    python -m rnet.fingerprint Chrome149 [Firefox151 ...] [--platform Windows] [--json]

Starts the local echo server (`rnet-fixture`, built by `cargo build -p rnet-fixture`; set
RNET_FIXTURE to its path if it is elsewhere), requests it over TLS + HTTP/2 with each profile,
and prints JA4, JA3, the Akamai HTTP/2 fingerprint and the header order it observed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import pathlib
import subprocess
import sys

import rnet

BINARY = "target/x86_64-unknown-linux-gnu/debug/rnet-fixture"


def find_server() -> str:
    if os.environ.get("RNET_FIXTURE"):
        return os.environ["RNET_FIXTURE"]
    for parent in pathlib.Path(__file__).resolve().parents:
        candidate = parent / BINARY
        if os.access(candidate, os.X_OK):
            return str(candidate)
    sys.exit("rnet.fingerprint: the echo server was not found; build it with "
             "`cargo build -p rnet-fixture` in the rnet checkout, or set RNET_FIXTURE")


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


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m rnet.fingerprint", description=__doc__.split("\n")[0])
    parser.add_argument("profiles", nargs="+", help="profile names, e.g. Chrome149")
    parser.add_argument("--platform", help="Windows, MacOS, Linux, Android or IOS")
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args(argv)
    for p in args.profiles:
        if not hasattr(rnet.Profile, p):
            parser.error(f"unknown profile {p!r}")
    server = subprocess.Popen([find_server()], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        port = json.loads(server.stdout.readline())["https"]
        url = f"https://127.0.0.1:{port}/fingerprint"
        results = {p: asyncio.run(fingerprint(url, p, args.platform)) for p in args.profiles}
    finally:
        server.stdin.close()
        server.wait(timeout=10)
    if args.json:
        print(json.dumps(results, indent=2))
        return
    for profile, fields in results.items():
        print(profile + (f" on {args.platform}" if args.platform else ""))
        for key, value in fields.items():
            print(f"  {key:<12} {value}")


if __name__ == "__main__":
    main()
