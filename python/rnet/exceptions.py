"""rnet's exception classes; all derive from ``RnetError``. The native module defines them
(from ``rnet::Error``); this list is spelled out for type checkers, and a test fails if it
differs from the native set in either direction."""

from ._rnet import (  # noqa: F401
    RnetError,
    ConnectionError,
    ProxyConnectionError,
    ConnectionResetError,
    TlsError,
    TimeoutError,
    RequestError,
    ClientClosedError,
    AbortError,
    StatusError,
    RedirectError,
    BodyError,
    DecodingError,
    BuilderError,
    UpgradeError,
    WebSocketError,
    DNSResolverError,
    HookError,
    RustPanic,
)
