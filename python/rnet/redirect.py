"""Redirects: Policy and History."""

from ._rnet import Action, Attempt, History, Policy  # noqa: F401
