"""HTTP/1 options."""

from ._rnet import Http1Options  # noqa: F401
