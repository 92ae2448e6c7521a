"""Cookies: Cookie, SameSite, Jar and the CookieFormat a jar saves in."""

from ._rnet import Cookie, CookieFormat, Jar, SameSite  # noqa: F401
