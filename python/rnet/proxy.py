"""Proxies, and pools of them to rotate through."""

from ._rnet import Proxy, ProxyPool, Rotation  # noqa: F401
