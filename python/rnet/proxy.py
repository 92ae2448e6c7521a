"""Proxies."""

from ._rnet import Proxy  # noqa: F401
