"""Starts the loopback fixture server (the fixture/ crate) once per session."""

import json
import os
import pathlib
import socket
import subprocess
import time
import urllib.request

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
FIXTURE = os.environ.get(
    "RNET_FIXTURE", str(ROOT / "target/x86_64-unknown-linux-gnu/debug/rnet-fixture")
)


class Fixture:
    def __init__(self, ports):
        self.ports = ports

    # The listeners that speak TLS; every other one is plaintext.
    TLS = {"https", "https_mtls", "https_expired", "https_untrusted", "h2_faults"}

    def url(self, path, scheme="http", host="127.0.0.1"):
        port = self.ports[scheme]
        proto = "https" if scheme in self.TLS else "http"
        return f"{proto}://{host}:{port}{path}"

    def stats(self):
        with urllib.request.urlopen(self.url("/stats"), timeout=5) as r:
            return json.load(r)

    def wait_for(self, predicate, timeout=5.0):
        """Polls /stats until `predicate(stats)` holds; returns the last stats either way."""
        deadline = time.monotonic() + timeout
        while True:
            s = self.stats()
            if predicate(s) or time.monotonic() > deadline:
                return s
            time.sleep(0.05)


def pattern(n):
    """The fixture's `/bytes/n` and `/stream-bytes/n` body: the byte pattern `i % 251`."""
    return (bytes(range(251)) * (n // 251 + 1))[:n]


def refused_url():
    """A loopback URL nothing listens on: connecting to it is refused."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{s.getsockname()[1]}/"


@pytest.fixture(scope="session")
def server():
    # The server exits when its stdin closes, so it never outlives the test run.
    proc = subprocess.Popen([FIXTURE], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        ports = json.loads(proc.stdout.readline())
        yield Fixture(ports)
    finally:
        proc.stdin.close()
        proc.wait(timeout=10)


@pytest.fixture(scope="session")
def cases():
    return json.loads((ROOT / "fixture/cases/http.json").read_text())["cases"]
