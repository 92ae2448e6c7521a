"""HTTP/2 options, their helper enums, and PRIORITY frames."""

from ._rnet import (  # noqa: F401
    Http2Options,
    Priorities,
    Priority,
    PseudoId,
    SettingId,
    StreamDependency,
    StreamId,
)
