"""Cookies: Cookie, SameSite and Jar."""

from ._rnet import Cookie, Jar, SameSite  # noqa: F401
