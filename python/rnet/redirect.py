"""Redirects: Policy and History."""

from ._rnet import History, Policy  # noqa: F401
