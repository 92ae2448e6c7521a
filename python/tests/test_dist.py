"""The release artefacts install and work outside the repo: the abi3 wheel into a brand-new
venv with no Rust toolchain on PATH, and the sdist into another venv, built from source.

`scripts/dist.sh` builds them into target/dist/; the test command runs it first and sets
RNET_DIST_DIR. Without that variable these tests are skipped (a plain `pytest` run)."""

import json
import os
import pathlib
import shutil
import subprocess
import sys
import zipfile

import pytest

from conftest import ROOT

DIST = os.environ.get("RNET_DIST_DIR")
pytestmark = pytest.mark.skipif(not DIST, reason="set RNET_DIST_DIR (scripts/test.sh does)")

# Run by the installed package, never by the repo's: cwd and sys.path are outside the repo.
SMOKE = r"""
import asyncio, json, sys, rnet, rnet.blocking
url = sys.argv[1]
assert "site-packages" in rnet.__file__, rnet.__file__
async def main():
    client = rnet.Client(emulation=rnet.Profile.Firefox139, tls_verify=False)
    resp = await client.get(url)
    return resp.status, await resp.json()
status, seen = asyncio.run(main())
with rnet.blocking.Client(tls_verify=False) as client:
    blocking_status = client.get(url).status
print(json.dumps({"version": rnet.__version__, "status": status, "blocking": blocking_status,
                  "file": rnet.__file__, "ja4": seen["tls"]["ja4"],
                  "akamai": seen["http2"]["akamai"]}))
"""

TYPED = """
import rnet
async def main() -> int:
    resp = await rnet.Client(emulation=rnet.Profile.Chrome149).get("https://example.test/")
    return resp.status
"""


def artefact(pattern):
    found = sorted(pathlib.Path(DIST).glob(pattern))
    assert len(found) == 1, f"expected one {pattern} in {DIST}, found {found}"
    return found[0]


def no_toolchain_env():
    """The environment minus everything Rust: PATH without cargo/rustc, no CARGO_*/RUSTUP_*."""
    path = [
        p for p in os.environ["PATH"].split(os.pathsep)
        if p and not (pathlib.Path(p) / "cargo").exists() and not (pathlib.Path(p) / "rustc").exists()
    ]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CARGO", "RUSTUP", "RUSTC"))}
    env["PATH"] = os.pathsep.join(path)
    env.pop("VIRTUAL_ENV", None)
    env.pop("PYTHONPATH", None)
    return env


def fresh_venv(where, env):
    # Without pip: seeding pip into each venv cost ~6 s; `install` runs this venv's pip into it.
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(where)], check=True, env=env)
    return where / "bin/python"


def install(python, *args, env, **kw):
    """`pip install` into the venv of `python`, offline, by pip's `--python`."""
    # --no-compile: byte-compiling every installed module (scrapy's dependencies are many) is
    # CPU the test does not need; the imports compile what they use.
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-index",
                    "--no-compile", "--disable-pip-version-check", *args], check=True, env=env, **kw)


def smoke(python, server, env, cwd):
    out = subprocess.run(
        [str(python), "-c", SMOKE, server.url("/fingerprint", "https")],
        check=True, capture_output=True, text=True, env=env, cwd=cwd, timeout=120,
    )
    return json.loads(out.stdout)


def rust_reference(server):
    ref = ROOT / "target/x86_64-unknown-linux-gnu/debug/examples/fingerprint"
    out = subprocess.run([str(ref), server.url("/fingerprint", "https"), "Firefox139"],
                         check=True, capture_output=True)
    return json.loads(out.stdout)["Firefox139"]


def test_wheel_is_abi3_and_complete():
    wheel = artefact("rnet-*-cp311-abi3-*.whl")
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
        meta = z.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    for need in ["rnet/__init__.py", "rnet/_rnet.abi3.so", "rnet/_rnet.pyi", "rnet/blocking.pyi", "rnet/py.typed"]:
        assert need in names, need
    assert any(n.endswith("licenses/LICENSE") for n in names), sorted(names)
    fields = [line.split(": ", 1) for line in meta.splitlines() if ": " in line]
    keys = {k for k, _ in fields}
    for need in ["Name", "Version", "License-Expression", "Requires-Python", "Project-URL", "Description-Content-Type"]:
        assert need in keys, f"{need} missing from METADATA"
    extras = {v for k, v in fields if k == "Provides-Extra"}
    assert {"httpx", "requests", "scrapy"} <= extras, extras
    classifiers = [v for k, v in fields if k == "Classifier"]
    assert "Typing :: Typed" in classifiers and "Programming Language :: Rust" in classifiers


def test_wheel_installs_and_runs_without_a_toolchain(server, tmp_path):
    env = no_toolchain_env()
    assert shutil.which("cargo", path=env["PATH"]) is None
    python = fresh_venv(tmp_path / "venv", env)
    install(python, str(artefact("rnet-*.whl")), env=env)
    got = smoke(python, server, env, tmp_path)
    assert got["file"].startswith(str(tmp_path)), got["file"]
    assert (got["status"], got["blocking"]) == (200, 200)
    # The release build (LTO, stripped) sends exactly what pure-Rust wreq sends.
    ref = rust_reference(server)
    assert (got["ja4"], got["akamai"]) == (ref["tls"]["ja4"], ref["http2"]["akamai"])

    # The fingerprint command runs from the install: its echo ships in the native module.
    fp = subprocess.run([str(python), "-m", "rnet.fingerprint", "Firefox139", "--json"],
                        check=True, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)
    seen = json.loads(fp.stdout)["Firefox139"]
    assert (seen["ja4"], seen["akamai"]) == (ref["tls"]["ja4"], ref["http2"]["akamai"])

    # Its stubs are what mypy sees from that install: a wrong call is an error there.
    # (A cache of its own in target/: test_typing.py's may be in use beside this one.)
    cache = ROOT / "target" / "mypy-cache" / "dist"
    mypy = [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(cache), "--python-executable", str(python)]
    (tmp_path / "ok.py").write_text(TYPED)
    (tmp_path / "bad.py").write_text(TYPED.replace("emulation=rnet.Profile.Chrome149", "emulation=149"))
    ok = subprocess.run([*mypy, "ok.py"], cwd=tmp_path, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout
    bad = subprocess.run([*mypy, "bad.py"], cwd=tmp_path, capture_output=True, text=True)
    assert bad.returncode == 1 and 'bad.py:4: error: Argument "emulation"' in bad.stdout, bad.stdout


INTEGRATIONS = r"""
import rnet.httpx, rnet.requests, rnet.scrapy, httpx, requests
assert "site-packages" in rnet.httpx.__file__
url = __import__("sys").argv[1]
with httpx.Client(transport=rnet.httpx.Transport()) as c:
    assert c.get(url).status_code == 200
s = requests.Session()
s.mount("http://", rnet.requests.Adapter())
assert s.get(url).status_code == 200
print("ok")
"""


def test_the_wheels_extras_install_the_integrations(server, tmp_path):
    env = no_toolchain_env()
    python = fresh_venv(tmp_path / "venv", env)
    wheel = artefact("rnet-*.whl")
    install(python, "--find-links", str(ROOT / ".venv/wheelhouse"), "--find-links", str(wheel.parent),
            "rnet[httpx,requests,scrapy]", env=env)
    # Without its framework an integration says which extra to install.
    bare = fresh_venv(tmp_path / "bare", env)
    install(bare, str(wheel), env=env)
    for name, extra in [("httpx", "httpx"), ("requests", "requests"), ("scrapy", "scrapy")]:
        out = subprocess.run([str(bare), "-c", f"import rnet.{name}"], capture_output=True, text=True,
                             env=env, cwd=tmp_path)
        assert out.returncode == 1 and f"rnet[{extra}]" in out.stderr, out.stderr
    out = subprocess.run([str(python), "-c", INTEGRATIONS, server.url("/get")], capture_output=True,
                         text=True, env=env, cwd=tmp_path, timeout=120)
    assert out.stdout.strip() == "ok", out.stderr


def test_sdist_builds_and_runs(server, tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    # Reuse the dependencies already compiled: same target dir and triple, so only rnet
    # itself is rebuilt from the unpacked sdist.
    env["CARGO_TARGET_DIR"] = str(ROOT / "target")
    env["CARGO_BUILD_TARGET"] = "x86_64-unknown-linux-gnu"
    # From the unpacked sdist's own path, an incremental build reuses nothing; it would only
    # replace the incremental state of the dev build it shares a fingerprint with.
    env["CARGO_INCREMENTAL"] = "0"
    if os.environ.get("RNET_DIST_PROFILE") == "dev":
        # The test command's dev artefacts: build the sdist in the dev profile too, on the
        # debug dependencies setup.sh compiled (release: a whole-program LTO build).
        env["MATURIN_PEP517_ARGS"] = "--profile dev"
        # Without line tables (what a release strips anyway): 13% less compile time here.
        env["CARGO_PROFILE_DEV_DEBUG"] = "false"
    python = fresh_venv(tmp_path / "venv", env)
    # pip's build isolation fetches maturin; --no-index keeps that on the local wheelhouse.
    # --no-cache-dir: a wheel pip cached from an identical sdist would skip the build.
    install(python, "--no-cache-dir", "--find-links", str(ROOT / ".venv/wheelhouse"),
            str(artefact("rnet-*.tar.gz")), env=env, timeout=1800)
    got = smoke(python, server, env, tmp_path)
    assert (got["status"], got["blocking"]) == (200, 200)
    assert got["version"] == artefact("rnet-*.tar.gz").name.removeprefix("rnet-").removesuffix(".tar.gz")
