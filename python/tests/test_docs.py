"""Every ```python example in docs/*.md runs, against the fixture server (its address replaces
127.0.0.1:8080 in the example)."""

import pathlib
import re
import subprocess
import sys

import pytest

DOCS = pathlib.Path(__file__).resolve().parents[2] / "docs"
EXAMPLES = [
    (md.name, i, block)
    for md in sorted(DOCS.glob("*.md"))
    for i, block in enumerate(re.findall(r"```python\n(.*?)```", md.read_text(), re.S))
]


def test_the_guide_has_examples():
    assert len([e for e in EXAMPLES if e[0] == "guide-python.md"]) >= 8


@pytest.mark.parametrize("doc,index,code", EXAMPLES, ids=[f"{d}#{i}" for d, i, _ in EXAMPLES])
def test_doc_example_runs(server, doc, index, code):
    code = code.replace("127.0.0.1:8080", f"127.0.0.1:{server.ports['http']}")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, f"{doc} example {index}:\n{code}\n{out.stdout}{out.stderr}"
