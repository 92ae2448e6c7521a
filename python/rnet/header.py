"""Headers: HeaderMap and OrigHeaderMap."""

from ._rnet import HeaderMap, OrigHeaderMap  # noqa: F401
