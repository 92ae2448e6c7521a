"""Runtime: threads of a client's own."""

from ._rnet import Runtime  # noqa: F401
