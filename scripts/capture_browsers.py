"""Drives real browsers, headless, against the fixture's echo and writes what they send as
`fixture/captures/<browser>-<major>.json`: for a top-level navigation and for a page's fetch(),
the ClientHello (with JA3, JA3n, JA4, JA4_r), the HTTP/2 preface (Akamai) and the headers in
order with their values. Run through scripts/capture-browsers.sh, which installs the browsers.

    python3 scripts/capture_browsers.py [chromium|firefox ...] [--out DIR] [--fixture PATH]
"""

import argparse
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "target/x86_64-unknown-linux-gnu/debug/rnet-fixture"

# How Chromium is started, shared with the suites' live captures.
CHROMIUM_FLAGS = json.loads((ROOT / "fixture/cases/browsers.json").read_text())["chromium_flags"]

# Firefox never trusts a self-signed leaf and has no switch to skip the check: the fixture's
# CA goes into the profile's NSS database instead. These prefs only stop background traffic.
FIREFOX_PREFS = {
    "app.update.enabled": False,
    "app.normandy.enabled": False,
    "browser.shell.checkDefaultBrowser": False,
    "browser.startup.homepage_override.mstone": "ignore",
    "datareporting.policy.dataSubmissionEnabled": False,
    "toolkit.telemetry.enabled": False,
    "network.captive-portal-service.enabled": False,
    "network.connectivity-service.enabled": False,
    "browser.safebrowsing.malware.enabled": False,
    "browser.safebrowsing.phishing.enabled": False,
    "extensions.update.enabled": False,
    "browser.newtabpage.enabled": False,
    "network.prefetch-next": False,
    "network.dns.disablePrefetch": True,
    "network.http.speculative-parallel-limit": 0,
}


class Fixture:
    def __init__(self, path):
        self.proc = subprocess.Popen([str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.ports = json.loads(self.proc.stdout.readline())

    def url(self, p):
        return f"https://localhost:{self.ports['https']}{p}"

    def captures(self):
        plain = f"http://127.0.0.1:{self.ports['http']}/captures"
        with urllib.request.urlopen(plain, timeout=5) as r:
            return json.load(r)

    def close(self):
        self.proc.stdin.close()
        self.proc.wait(timeout=10)


def version_of(cmd):
    out = subprocess.run([cmd, "--version"], capture_output=True, text=True).stdout
    m = re.search(r"(\d+)\.[\d.]+", out)
    if not m:
        raise SystemExit(f"cannot read the version of {cmd}: {out!r}")
    return m.group(0), m.group(1)


def chromium_cmd(url, profile):
    return ["chromium", *CHROMIUM_FLAGS, f"--user-data-dir={profile}", url]


def firefox_cmd(url, profile, ca_pem):
    nss = f"sql:{profile}"
    subprocess.run(["certutil", "-N", "-d", nss, "--empty-password"], check=True)
    subprocess.run(
        ["certutil", "-A", "-n", "rnet-test-ca", "-t", "C,,", "-i", ca_pem, "-d", nss],
        check=True,
    )
    prefs = "".join(f'user_pref("{k}", {json.dumps(v)});\n' for k, v in FIREFOX_PREFS.items())
    pathlib.Path(profile, "user.js").write_text(prefs)
    return ["firefox-esr", "--headless", "--no-remote", "--profile", profile, url]


BROWSERS = {
    "chromium": ("chromium", "chromium"),
    "firefox": ("firefox-esr", "firefox-esr"),
}


def capture(name, fixture_path, timeout=60):
    binary, label = BROWSERS[name]
    full, major = version_of(binary)
    fixture = Fixture(fixture_path)
    profile = tempfile.mkdtemp(prefix=f"rnet-{name}-")
    try:
        url = fixture.url("/capture-page")
        if name == "chromium":
            cmd = chromium_cmd(url, profile)
        else:
            cmd = firefox_cmd(url, profile, fixture.ports["ca_pem"])
        env = dict(os.environ, LANG="en_US.UTF-8", LANGUAGE="en_US", HOME=profile)
        browser = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + timeout
            got = {}
            while time.monotonic() < deadline and not {"navigate", "fetch"} <= got.keys():
                time.sleep(0.2)
                got = fixture.captures()
            if not {"navigate", "fetch"} <= got.keys():
                raise SystemExit(f"{name}: no capture within {timeout}s (got {sorted(got)})")
        finally:
            browser.terminate()
            try:
                browser.wait(timeout=10)
            except subprocess.TimeoutExpired:
                browser.kill()
    finally:
        fixture.close()
        shutil.rmtree(profile, ignore_errors=True)
    return {
        "_doc": "Captured by scripts/capture-browsers.sh: what this browser sent the fixture's "
        "echo, headless, on Linux. Regenerate with that command; do not edit.",
        "browser": label,
        "version": full,
        "major": int(major),
        "navigate": got["navigate"],
        "fetch": got["fetch"],
    }, f"{label}-{major}.json"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("browsers", nargs="*", default=list(BROWSERS))
    ap.add_argument("--out", default=str(ROOT / "fixture/captures"))
    ap.add_argument("--fixture", default=str(FIXTURE))
    args = ap.parse_args()
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for name in args.browsers:
        data, filename = capture(name, args.fixture)
        (out / filename).write_text(json.dumps(data, indent=1) + "\n")
        nav = data["navigate"]
        print(f"{filename}: JA4 {nav['tls']['ja4']}  Akamai {nav['http2'] and nav['http2']['akamai']}")


if __name__ == "__main__":
    sys.exit(main())
