"""rnet: a browser-grade HTTP client (wreq + BoringSSL).

Everything is defined in the native module ``rnet._rnet``, generated from the annotated Rust
core by ``#[rnet::export]``; this package only re-exports it, with one class the native side
cannot make: ``StatusCode`` (an ``int`` subclass, ``_status.py``).
"""

from ._rnet import *  # noqa: F401,F403
from . import _rnet as _native
from ._status import StatusCode

__version__: str = _native.__version__  # the workspace Cargo.toml's (rnet/tests/version.rs)

__all__ = [name for name in dir(_native) if not name.startswith("_")] + ["StatusCode"]

# The submodules, so `rnet.cookie.Jar` works after `import rnet` alone (the CLI module
# `rnet.fingerprint` stays out: it is run, not used).
from . import (  # noqa: E402,F401
    blocking,
    cookie,
    dns,
    emulation,
    exceptions,
    header,
    http1,
    http2,
    proxy,
    redirect,
    runtime,
    tls,
)
