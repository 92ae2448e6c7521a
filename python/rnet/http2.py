"""HTTP/2 options and their helper enums."""

from ._rnet import Http2Options, PseudoId, SettingId  # noqa: F401
