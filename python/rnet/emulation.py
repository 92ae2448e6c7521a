"""Emulation: Profile, Platform and Emulation."""

from ._rnet import Emulation, Platform, Profile  # noqa: F401
