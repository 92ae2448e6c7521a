"""No Rust panic reaches Python as an abort: a panic in request processing raises RustPanic
(an RnetError, code ERR_RNET_PANIC) in the async, blocking and sync paths, and the process
carries on. The trigger is test-only (rnet/src/testing.rs): armed by RNET_TEST_PANIC=1."""

import os
import subprocess
import sys

SCRIPT = r"""
import asyncio, sys, rnet, rnet.blocking
url = sys.argv[1]
seen = []
async def main():
    try:
        await rnet.get("http://panic.rnet.test/")
    except rnet.RustPanic as e:
        seen.append(("async", e.code))
    try:
        rnet.Client(user_agent="panic.rnet.test")
    except rnet.RustPanic as e:
        seen.append(("sync", e.code))
    # The runtime and the default client survived: a real request still works.
    seen.append(("after", (await rnet.get(url)).status))
asyncio.run(main())
try:
    rnet.blocking.get("http://panic.rnet.test/")
except rnet.RustPanic as e:
    seen.append(("blocking", e.code))
seen.append(("blocking after", rnet.blocking.get(url).status))
print(seen)
"""


def run(server, armed):
    env = dict(os.environ, RNET_TEST_PANIC="1" if armed else "0", RUST_BACKTRACE="0")
    return subprocess.run([sys.executable, "-c", SCRIPT, server.url("/get")],
                          capture_output=True, text=True, env=env, timeout=60)


def test_a_panic_becomes_rust_panic_and_the_process_carries_on(server):
    out = run(server, armed=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == str([
        ("async", "ERR_RNET_PANIC"), ("sync", "ERR_RNET_PANIC"), ("after", 200),
        ("blocking", "ERR_RNET_PANIC"), ("blocking after", 200),
    ])
    assert "test-only panic for panic.rnet.test" in out.stderr  # the panic really happened
    # The blocking call was the default client's first: it ran on the blocking driver
    # (`Client::on_driver`), and its panic crossed back to the caller.
    assert "thread 'rnet-blocking" in out.stderr, out.stderr


def test_the_trigger_is_inert_unless_armed(server):
    code = "import rnet; rnet.Client(user_agent='panic.rnet.test'); print('built')"
    env = dict(os.environ, RNET_TEST_PANIC="0")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert (out.returncode, out.stdout.strip()) == (0, "built"), out.stderr
