"""rnet: a browser-grade HTTP client (wreq + BoringSSL).

Everything is defined in the native module ``rnet._rnet``, generated from the annotated Rust
core by ``#[rnet::export]``; this package only re-exports it.
"""

from importlib.metadata import version as _version

from ._rnet import *  # noqa: F401,F403
from . import _rnet as _native

__version__ = _version("rnet")  # the workspace Cargo.toml's version (rnet/tests/version.rs)

__all__ = [name for name in dir(_native) if not name.startswith("_")]
