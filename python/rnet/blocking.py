"""The synchronous API: ``Client``, ``Response``, ``Streamer``, ``WebSocket`` and the module
functions, each the blocking twin of the async one (generated from the same annotated Rust
methods). Calls release the GIL while they wait, so threads run requests in parallel.

Everything the native ``blocking`` submodule exports is re-exported: there is no hand list
(``blocking.pyi``, generated from the same annotations, types it)."""

from ._rnet import blocking as _blocking

__all__ = sorted(name for name in dir(_blocking) if not name.startswith("_"))
globals().update({name: getattr(_blocking, name) for name in __all__})
