"""rnet: a browser-grade HTTP client (wreq + BoringSSL).

Everything is defined in the native module ``rnet._rnet``, generated from the annotated Rust
core by ``#[rnet::export]``; this package only re-exports it.
"""

from ._rnet import *  # noqa: F401,F403
from . import _rnet as _native

__all__ = [name for name in dir(_native) if not name.startswith("_")]
