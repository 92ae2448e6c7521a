"""httpx transports that send through rnet: ``httpx.Client(transport=rnet.httpx.Transport())``
and ``httpx.AsyncClient(transport=rnet.httpx.AsyncTransport())`` keep httpx's API (its
cookies, redirects, auth, event hooks) and put a browser's fingerprint on the wire.

Needs httpx (``pip install rnet[httpx]``). See docs/integrations.md."""

from __future__ import annotations

try:
    import httpx
except ImportError as e:  # pragma: no cover - exercised by the install tests
    raise ImportError("rnet.httpx needs httpx: pip install 'rnet[httpx]'") from e

import rnet
import rnet.blocking
from rnet import exceptions as rx

from ._adapt import client_from, http_version, lower_defaults, outgoing_headers

__all__ = ["Transport", "AsyncTransport"]

# httpx's own defaults: sent only if the user set them (see `outgoing_headers`).
_DEFAULTS = lower_defaults(httpx.Client().headers)


def _options(request: httpx.Request, stream_type, chunks, mismatch: str) -> dict:
    """rnet's options for an httpx request: its headers, body, timeouts and no redirects
    (httpx follows them itself). A streamed body must be of `stream_type`, as with httpx's
    own transports; `chunks` makes rnet's body stream of it."""
    timeout = request.extensions.get("timeout") or {}
    opts: dict = {
        "headers": outgoing_headers(
            ((k.decode("latin-1"), v.decode("latin-1")) for k, v in request.headers.raw),
            _DEFAULTS,
            request.url.netloc.decode("ascii"),
        ),
        "redirect": rnet.redirect.Policy.none(),
    }
    if _empty_but_sized(request):
        opts["headers"].append(("content-length", "0"))
    content = _content(request)
    if content is None:
        if not isinstance(request.stream, stream_type):
            raise RuntimeError(f"Attempted to send {mismatch} instance.")
        opts["body"] = chunks(request.stream)
    elif content:
        opts["body"] = content
    if timeout.get("connect") is not None:
        opts["connect_timeout"] = timeout["connect"]
    if timeout.get("read") is not None:
        opts["read_timeout"] = timeout["read"]
    return opts


def _error(e: rx.RnetError, request: httpx.Request) -> httpx.TransportError:
    """The httpx exception for an rnet one, as httpx's own transport would raise it."""
    msg = str(e)
    if isinstance(e, rx.TimeoutError):
        if "connect" in msg.lower():
            return httpx.ConnectTimeout(msg, request=request)
        return httpx.ReadTimeout(msg, request=request)
    if isinstance(e, rx.ProxyConnectionError):
        return httpx.ProxyError(msg, request=request)
    if isinstance(e, (rx.ConnectionError, rx.TlsError, rx.DNSResolverError)):
        return httpx.ConnectError(msg, request=request)
    if isinstance(e, (rx.ConnectionResetError, rx.BodyError)):
        return httpx.ReadError(msg, request=request)
    if isinstance(e, rx.DecodingError):
        return httpx.DecodingError(msg, request=request)
    if isinstance(e, rx.BuilderError):
        return httpx.UnsupportedProtocol(msg, request=request) if "scheme" in msg else httpx.LocalProtocolError(msg, request=request)
    return httpx.TransportError(msg, request=request)


def _response(resp, stream, request: httpx.Request) -> httpx.Response:
    return httpx.Response(
        int(resp.status),
        headers=list(resp.headers.items_bytes()),
        stream=stream,
        request=request,
        extensions={"http_version": http_version(resp.version).encode()},
    )


class _AsyncBody(httpx.AsyncByteStream):
    def __init__(self, resp, request):
        self._resp, self._request = resp, request

    async def __aiter__(self):
        try:
            async for chunk in self._resp.stream():
                yield chunk
        except rx.RnetError as e:
            raise _error(e, self._request) from e

    async def aclose(self):
        await self._resp.close()


class _SyncBody(httpx.SyncByteStream):
    def __init__(self, resp, request):
        self._resp, self._request = resp, request

    def __iter__(self):
        try:
            yield from self._resp.stream()
        except rx.RnetError as e:
            raise _error(e, self._request) from e

    def close(self):
        self._resp.close()


class AsyncTransport(httpx.AsyncBaseTransport):
    """Sends httpx's requests with an ``rnet.Client``: give one, or its options
    (``AsyncTransport(emulation=rnet.Emulation.Chrome137, proxies=...)``)."""

    def __init__(self, client: rnet.Client | None = None, **client_options) -> None:
        self.client = client_from(rnet.Client, client, client_options)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        opts = _options(request, httpx.AsyncByteStream, _chunks, "a sync request with an AsyncClient")
        try:
            resp = await self.client.request(request.method, str(request.url), **opts)
        except rx.RnetError as e:
            raise _error(e, request) from e
        return _response(resp, _AsyncBody(resp, request), request)

    async def aclose(self) -> None:
        self.client.close()


class Transport(httpx.BaseTransport):
    """Sends httpx's requests with an ``rnet.blocking.Client``: give one, or its options."""

    def __init__(self, client: rnet.blocking.Client | None = None, **client_options) -> None:
        self.client = client_from(rnet.blocking.Client, client, client_options)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        opts = _options(request, httpx.SyncByteStream, iter, "an async request with a sync Client")
        try:
            resp = self.client.request(request.method, str(request.url), **opts)
        except rx.RnetError as e:
            raise _error(e, request) from e
        return _response(resp, _SyncBody(resp, request), request)

    def close(self) -> None:
        self.client.close()


def _content(request: httpx.Request) -> bytes | None:
    """The body if it is in memory; None for a stream, which is sent as one."""
    try:
        return request.content
    except httpx.RequestNotRead:
        return None


def _empty_but_sized(request: httpx.Request) -> bool:
    """An empty body httpx announces (`Content-Length: 0` on a POST), as browsers do."""
    return request.headers.get("content-length") == "0"


async def _chunks(stream):
    async for chunk in stream:
        yield chunk
