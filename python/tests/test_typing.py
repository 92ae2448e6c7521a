"""The generated stubs (python/rnet/_rnet.pyi, blocking.pyi): mypy --strict accepts a typed
example that uses every public class and rejects wrong calls, the example runs, and the
stubs declare everything the native module has (so hand-written methods cannot drift)."""

import ast
import pathlib
import subprocess
import sys

import pytest

import rnet
import rnet.blocking

PY = pathlib.Path(__file__).resolve().parents[1]
EXAMPLE = PY / "examples" / "typed.py"


def mypy(*args):
    # mypy's cache (in target/, kept between runs) spares re-reading the standard library's
    # stubs each time; a changed stub file is checked again, and errors are reported anew.
    cache = PY.parent / "target" / "mypy-cache" / "typing"
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(cache), *args],
        cwd=PY, capture_output=True, text=True, timeout=300,
    )


@pytest.mark.slow
def test_mypy_strict_accepts_the_typed_example():
    out = mypy(str(EXAMPLE))
    assert out.returncode == 0, out.stdout + out.stderr


@pytest.mark.slow
def test_mypy_strict_rejects_wrong_calls(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text(
        "import rnet\n"
        "rnet.Client(timeout='soon')\n"
        "rnet.Client(no_such_option=1)\n"
        "async def f() -> int:\n"
        "    resp = await rnet.get('http://x', query=5)\n"
        "    return resp.status.upper()\n"
    )
    out = mypy(str(bad))
    assert out.returncode != 0
    for culprit in ['"timeout"', '"no_such_option"', '"query"', '"upper"']:
        assert culprit in out.stdout, out.stdout


def test_the_typed_example_runs(server):
    out = subprocess.run(
        [sys.executable, str(EXAMPLE), server.url("")],
        capture_output=True, text=True, timeout=60,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert "streamed 1000" in out.stdout


def stub_members(path):
    """{class name: {member names}} and the module-level names of a stub file."""
    tree = ast.parse(path.read_text())
    classes, names = {}, set()
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            names.add(node.name)
            members = set()
            for item in node.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    members.add(item.name)
                elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                    members.add(item.target.id)
            classes[node.name] = members
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            names.add(node.name)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return classes, names


PROTOCOLS = {"__aenter__", "__aexit__", "__aiter__", "__anext__", "__enter__", "__exit__",
             "__iter__", "__next__", "__getitem__", "__setitem__", "__delitem__",
             "__contains__", "__len__", "__init__"}


@pytest.mark.parametrize("module,stub", [(rnet._rnet, "_rnet.pyi"), (rnet.blocking, "blocking.pyi")])
def test_stubs_declare_the_whole_runtime(module, stub):
    classes, names = stub_members(PY / "rnet" / stub)
    public = [n for n in dir(module) if not n.startswith("_") and n != "blocking"]
    missing = [n for n in public if n not in names]
    assert not missing, f"{stub} lacks {missing}"
    for name in public:
        obj = getattr(module, name)
        if not isinstance(obj, type) or issubclass(obj, BaseException):
            continue
        runtime = {m for m in vars(obj) if not m.startswith("_") or m in PROTOCOLS}
        if "__new__" in vars(obj):
            runtime.add("__init__")
        extra = runtime - classes[name] - {"_anext"}
        assert not extra, f"{stub}: {name} has {sorted(extra)} at runtime but not in the stub"
