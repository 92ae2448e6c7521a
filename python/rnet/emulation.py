"""Emulation: Profile, Platform, RequestMode and Emulation."""

from ._rnet import Emulation, Platform, Profile, RequestMode  # noqa: F401
