"""rnet's exception classes; all derive from ``RnetError``."""

from ._rnet import (  # noqa: F401
    RnetError,
    ConnectionError,
    ProxyConnectionError,
    ConnectionResetError,
    TlsError,
    TimeoutError,
    RequestError,
    StatusError,
    RedirectError,
    BodyError,
    DecodingError,
    BuilderError,
    UpgradeError,
    WebSocketError,
    DNSResolverError,
    RustPanic,
)
