"""Code written for wreq-python 0.13 runs on rnet with only the import changed.

wreq 0.13 itself is installed beside rnet (python/requirements-dev.txt). Three checks:
- every public name wreq exports at runtime exists at the same place in rnet;
- every call its published stubs allow is accepted by rnet's signature: the same positional
  parameters in the same order, and every keyword (including each key of a `**kwargs`
  TypedDict);
- the same calls run through both modules against the fixture give the same results.

What still differs is listed below with its reason, and in docs/compat.md. A new difference
fails, and so does a listed one that went away.
"""

import ast
import asyncio
import ipaddress
import pathlib

import pytest

import rnet
import wreq

SUBMODULES = ["cookie", "header", "emulation", "http1", "http2", "tls", "dns", "redirect", "proxy",
              "exceptions", "blocking", "runtime"]

# Names wreq exports that rnet does not, and why.
MISSING_NAMES = {
    "PseudoOrder": "see http2.PseudoOrder",
    "SettingsOrder": "see http2.SettingsOrder",
    "TlsInfo": "see tls.TlsInfo",
    "http2.PseudoOrder": "rnet takes the pseudo-header order as a list of PseudoId",
    "http2.SettingsOrder": "rnet takes the SETTINGS order as a list of SettingId",
    "tls.TlsInfo": "rnet puts the peer certificate on Response.peer_certificate",
}

# Calls the stubs allow that rnet refuses, and why ("Class.method: problem").
SIGNATURES = {
    "Proxy.unix: keyword 'username'": "a Unix-socket proxy takes no credentials in rnet",
    "Proxy.unix: keyword 'password'": "a Unix-socket proxy takes no credentials in rnet",
    "Proxy.unix: keyword 'custom_http_auth'": "a Unix-socket proxy takes no credentials in rnet",
    "Proxy.unix: keyword 'custom_http_headers'": "not offered for Unix-socket proxies",
    "Proxy.unix: keyword 'exclusion'": "not offered for Unix-socket proxies",
    "class PseudoOrder: missing": "a list of PseudoId (above)",
    "class SettingsOrder: missing": "a list of SettingId (above)",
    "class TlsInfo: missing": "Response.peer_certificate (above)",
}

WREQ_DIR = pathlib.Path(wreq.__file__).parent
RNET_DIR = pathlib.Path(rnet.__file__).parent


def test_every_public_name_exists_in_rnet():
    missing = set()
    for sub in [None, *SUBMODULES]:
        theirs = wreq if sub is None else getattr(wreq, sub)
        ours = rnet if sub is None else getattr(rnet, sub, None)
        for name in getattr(theirs, "__all__", None) or [n for n in dir(theirs) if not n.startswith("_")]:
            if hasattr(theirs, name) and not hasattr(ours, name):
                missing.add(name if sub is None else f"{sub}.{name}")
    assert missing == set(MISSING_NAMES)


class Stubs:
    """Classes and functions of a set of stub files, read with `ast`. A `**kwargs: Unpack[T]`
    resolves `T` in the file the function is in (wreq has a `Params` in several)."""

    def __init__(self, files):
        self.classes, self.funcs, self.shared = {}, {}, {}
        for f in files:
            prefix = "blocking." if f.stem == "blocking" else ""
            nodes = ast.parse(f.read_text()).body
            bases = {n.name: [ast.unparse(b) for b in n.bases] for n in nodes if isinstance(n, ast.ClassDef)}
            typed = {}

            def keys(name):
                if name in typed:
                    return typed[name]
                node = next(n for n in nodes if isinstance(n, ast.ClassDef) and n.name == name)
                own = [s.target.id for s in node.body if isinstance(s, ast.AnnAssign)]
                typed[name] = own + [k for b in bases[name] if b in bases for k in keys(b)]
                return typed[name]

            def is_typed(name):
                return any(b == "TypedDict" or (b in bases and is_typed(b)) for b in bases.get(name, []))

            for n in nodes:
                if isinstance(n, ast.ClassDef) and is_typed(n.name):
                    self.shared.setdefault(n.name, keys(n.name))
            for n in nodes:
                if isinstance(n, ast.ClassDef) and not is_typed(n.name):
                    methods = self.classes.setdefault(prefix + n.name, {})
                    for m in n.body:
                        if isinstance(m, (ast.FunctionDef, ast.AsyncFunctionDef)):
                            methods[m.name] = (m, typed)
                elif isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    self.funcs[prefix + n.name] = (n, typed)

    def params(self, entry):
        fn, own = entry
        typed = {**self.shared, **own}  # a file's own first; an imported one from any file
        a = fn.args
        pos = [x.arg for x in a.posonlyargs + a.args if x.arg not in ("self", "cls")]
        required = pos[: len(pos) - len(a.defaults)]
        keywords = pos[len(required):] + [x.arg for x in a.kwonlyargs]
        if a.kwarg is not None and a.kwarg.annotation is not None:
            ann = ast.unparse(a.kwarg.annotation)
            if ann.startswith("Unpack["):
                keywords += typed.get(ann[len("Unpack["):-1].strip("'\""), [])
        return required, pos, keywords, a.vararg is not None


def signature_problems():
    theirs = Stubs(sorted(WREQ_DIR.glob("*.py")))
    ours = Stubs([RNET_DIR / "_rnet.pyi", RNET_DIR / "blocking.pyi"])

    def compare(label, fn, mine):
        req, _, kws, _ = theirs.params(fn)
        _, my_pos, my_kws, my_var = ours.params(mine)
        for i, name in enumerate(req):
            if not (i < len(my_pos) and my_pos[i] == name) and not (my_var and i >= len(my_pos)):
                yield f"{label}: positional {i} {name!r}"
        accepted = set(my_pos) | set(my_kws)
        yield from (f"{label}: keyword {k!r}" for k in kws if k not in accepted)

    for cls, methods in theirs.classes.items():
        if cls.startswith("_") or cls == "StatusCode":  # StatusCode is python/rnet/_status.py
            continue
        if cls not in ours.classes:
            yield f"class {cls}: missing"
            continue
        for name, fn in methods.items():
            if name.startswith("__") and name != "__init__":
                continue
            mine = ours.classes[cls].get(name)
            if mine is None:
                yield f"{cls}.{name}: missing"
            else:
                yield from compare(f"{cls}.{name}", fn, mine)
    for name, fn in theirs.funcs.items():
        mine = ours.funcs.get(name)
        if name.startswith("_"):
            continue
        if mine is None:
            yield f"{name}(): missing"
        else:
            yield from compare(f"{name}()", fn, mine)


def test_every_call_the_stubs_allow_is_accepted():
    assert set(signature_problems()) == set(SIGNATURES)


def test_status_code_matches_wreq_pythons():
    theirs = ast.parse((WREQ_DIR / "wreq.py").read_text())
    methods = next(n for n in theirs.body if isinstance(n, ast.ClassDef) and n.name == "StatusCode").body
    names = {m.name for m in methods if isinstance(m, ast.FunctionDef) and not m.name.startswith("_")}
    assert names and all(callable(getattr(rnet.StatusCode, n)) for n in names)


# --- the same calls through both modules -----------------------------------------------------


def both(scenario):
    """Runs `scenario(module)` with wreq and with rnet; returns (wreq's, rnet's)."""
    return asyncio.run(scenario(wreq)), asyncio.run(scenario(rnet))


def echo_view(data):
    return {k: data[k] for k in ("method", "args", "form", "json", "data")}


@pytest.mark.parametrize(
    "name, call",
    [
        ("get with query", lambda m, s: m.get(s.url("/get"), query={"a": "1", "b": 2})),
        ("request with the method as an enum", lambda m, s: m.request(m.Method.DELETE, s.url("/delete"))),
        ("post json", lambda m, s: m.post(s.url("/post"), json={"k": [1, 2]})),
        ("post form", lambda m, s: m.post(s.url("/post"), form=[("a", "1"), ("a", "2")])),
        ("post bytes", lambda m, s: m.post(s.url("/post"), body=b"raw")),
        ("put text", lambda m, s: m.put(s.url("/put"), body="text")),
        ("basic auth", lambda m, s: m.get(s.url("/get"), basic_auth=("u", "p"))),
    ],
)
def test_requests_echo_the_same(server, name, call):
    async def scenario(m):
        resp = await call(m, server)
        data = await resp.json()
        auth = [v for k, v in data["headers"] if k == "authorization"]
        return resp.status.as_int(), resp.status.is_success(), echo_view(data), auth

    theirs, ours = both(scenario)
    assert ours == theirs


def test_a_mapping_body_sends_the_same_bytes_and_rnet_labels_them(server):
    async def scenario(m):
        data = await (await m.post(server.url("/post"), body={"a": "1", "b": "x y"})).json()
        return data["data"], [v for k, v in data["headers"] if k == "content-type"]

    (their_bytes, their_type), (our_bytes, our_type) = both(scenario)
    assert our_bytes == their_bytes == "a=1&b=x+y"
    # A deliberate difference: wreq sends the form unlabelled; rnet says what it is, as `form=` does.
    assert their_type == [] and our_type == ["application/x-www-form-urlencoded"]


def test_responses_read_the_same(server):
    async def scenario(m):
        client = m.Client(cookie_store=True)
        resp = await client.get(server.url("/cookies/set?a=1"))
        first = (
            int(resp.status.as_int()),
            resp.status.is_success(),
            bytes(resp.headers["content-type"]),
            sorted(bytes(v) for v in resp.headers.get_all("set-cookie")),
            [(c.name, c.value) for c in resp.cookies],
        )
        redirected = await client.get(server.url("/redirect/2"), redirect=m.redirect.Policy.limited(5))
        second = (redirected.status.as_int(), len(redirected.history), redirected.url)
        missing = await client.get(server.url("/status/404"))
        third = (missing.status.as_int(), missing.status.is_client_error(), await missing.text())
        text = await (await client.get(server.url("/encoding/latin-1"))).text()
        return first, second, third, text

    theirs, ours = both(scenario)
    assert ours == theirs


def test_multipart_with_a_path_and_bytes(server, tmp_path):
    f = tmp_path / "data.txt"
    f.write_text("from a file")

    async def scenario(m):
        form = m.Multipart(m.Part("a", "text"), m.Part("b", b"bytes", filename="b.bin"), m.Part("c", f))
        return (await (await m.post(server.url("/post"), multipart=form)).json())["multipart"]

    theirs, ours = both(scenario)
    assert ours == theirs


def test_emulation_and_addresses(server):
    async def scenario(m):
        client = m.Client(emulation=m.Emulation.Firefox136, tls_verify=False)
        resp = await client.get(server.url("/get", "https"))
        remote = resp.remote_addr
        return str(remote), remote.ip(), remote.port(), resp.local_addr.ip(), resp.version == m.Version.HTTP_2

    theirs, ours = both(scenario)
    assert ours == theirs
    assert ours[1] == ipaddress.ip_address("127.0.0.1")


@pytest.mark.parametrize(
    "name, call, wreq_error",
    [
        ("timeout", lambda m, s: m.get(s.url("/delay/3"), timeout=__import__("datetime").timedelta(milliseconds=100)), "TimeoutError"),
        ("refused", lambda m, s: m.get(f"http://127.0.0.1:{s.ports['closed']}/"), "ConnectionError"),
        ("status", lambda m, s: raise_for(m.get(s.url("/status/503"))), "StatusError"),
    ],
)
def test_errors_have_the_same_classes(server, name, call, wreq_error):
    async def scenario(m):
        try:
            await call(m, server)
        except Exception as e:  # noqa: BLE001 - the class is what is compared
            return type(e).__name__, isinstance(e, getattr(m, wreq_error))
        return None

    theirs, ours = both(scenario)
    assert ours == theirs == (wreq_error, True)


async def raise_for(pending):
    (await pending).raise_for_status()
