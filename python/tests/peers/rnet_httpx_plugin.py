"""A pytest plugin for httpx's own test suite: every httpx client made without a transport of
its own (a `MockTransport`, an `app`, `mounts`) sends through rnet.httpx instead of httpcore."""

import functools

import httpx

import rnet.httpx


def _default_transport(cls, make):
    init = cls.__init__

    @functools.wraps(init)
    def __init__(self, *args, **kwargs):
        if kwargs.get("transport") is None and not kwargs.get("mounts") and kwargs.get("app") is None:
            verify = kwargs.get("verify", True)
            kwargs["transport"] = make() if verify is True else make(tls_verify=verify)
        init(self, *args, **kwargs)

    cls.__init__ = __init__


_default_transport(httpx.Client, rnet.httpx.Transport)
_default_transport(httpx.AsyncClient, rnet.httpx.AsyncTransport)
