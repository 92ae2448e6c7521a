"""Drives headless Chromium over the DevTools protocol (on a pipe, so only the standard library
is needed) for the cookie-jar tests of both suites: a real browser's cookies go into rnet, and
rnet's back into the browser.

    python3 scripts/chromium_cookies.py SPEC.json

SPEC: {"set": [urls to load first], "cookies": [cookies to add first, storage-state shape],
"visit": [urls whose page text to report]}. `*.example.com` resolves to 127.0.0.1. Prints
{"cookies": Storage.getCookies after all of it, "pages": {url: page text}}.
"""

import json
import os
import pathlib
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[1]
FLAGS = json.loads((ROOT / "fixture/cases/browsers.json").read_text())["chromium_flags"]


class Browser:
    def __init__(self, profile):
        to_browser_r, to_browser_w = os.pipe()
        from_browser_r, from_browser_w = os.pipe()

        def fds():
            # Chromium reads commands on fd 3 and writes replies on fd 4.
            a, b = os.dup(to_browser_r), os.dup(from_browser_w)
            os.dup2(a, 3)
            os.dup2(b, 4)

        self.proc = subprocess.Popen(
            ["chromium", *FLAGS, "--remote-debugging-pipe", f"--user-data-dir={profile}",
             "--host-resolver-rules=MAP *.example.com 127.0.0.1, MAP example.com 127.0.0.1",
             "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=fds, close_fds=False,
        )
        os.close(to_browser_r)
        os.close(from_browser_w)
        self.w = os.fdopen(to_browser_w, "wb", buffering=0)
        self.r = os.fdopen(from_browser_r, "rb", buffering=0)
        self.buf = b""
        self.next_id = 0
        self.events = []

    def _read(self):
        while b"\0" not in self.buf:
            chunk = self.r.read(65536)
            if not chunk:
                raise SystemExit("chromium closed the DevTools pipe")
            self.buf += chunk
        msg, self.buf = self.buf.split(b"\0", 1)
        return json.loads(msg)

    def call(self, method, params=None, session=None):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        self.w.write(json.dumps(msg).encode() + b"\0")
        while True:
            reply = self._read()
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise SystemExit(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_event(self, method, session):
        while True:
            for i, e in enumerate(self.events):
                if e.get("method") == method and e.get("sessionId") == session:
                    return self.events.pop(i)
            self.events.append(self._read())

    def page_text(self, url):
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        self.call("Page.enable", session=session)
        self.call("Page.navigate", {"url": url}, session=session)
        self.wait_event("Page.loadEventFired", session)
        text = self.call("Runtime.evaluate", {"expression": "document.body.innerText", "returnByValue": True},
                         session=session)["result"].get("value")
        self.call("Target.closeTarget", {"targetId": target})
        return text

    def close(self):
        try:
            self.call("Browser.close")
        except SystemExit:
            pass
        self.proc.wait(timeout=30)


def cdp_cookie(c):
    """A storage-state cookie as Storage.setCookies takes it. A host-only cookie (no leading
    dot) is given by URL, not by domain, which would make it a domain cookie."""
    p = {k: c[k] for k in ("name", "value", "path", "secure", "httpOnly") if k in c}
    if c.get("sameSite"):
        p["sameSite"] = c["sameSite"]
    if c.get("expires", -1) >= 0:
        p["expires"] = c["expires"]
    if c["domain"].startswith("."):
        p["domain"] = c["domain"]
    else:
        p["url"] = f"{'https' if c.get('secure') else 'http'}://{c['domain']}{c.get('path', '/')}"
    return p


def main():
    spec = json.loads(pathlib.Path(sys.argv[1]).read_text())
    with tempfile.TemporaryDirectory(prefix="rnet-chromium-") as profile:
        b = Browser(profile)
        try:
            if spec.get("cookies"):
                b.call("Storage.setCookies", {"cookies": [cdp_cookie(c) for c in spec["cookies"]]})
            for url in spec.get("set", []):
                b.page_text(url)
            pages = {url: b.page_text(url) for url in spec.get("visit", [])}
            cookies = b.call("Storage.getCookies")["cookies"]
        finally:
            b.close()
    print(json.dumps({"cookies": cookies, "pages": pages}))


if __name__ == "__main__":
    main()
