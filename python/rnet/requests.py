"""A requests transport adapter that sends through rnet's blocking client:
``session.mount("https://", rnet.requests.Adapter(emulation=...))`` keeps requests' API (its
cookies, redirects, auth, hooks) and puts a browser's fingerprint on the wire.

Needs requests (``pip install rnet[requests]``). See docs/integrations.md."""

from __future__ import annotations

try:
    import requests
    from requests import exceptions as rq
    from requests.adapters import BaseAdapter
    from requests.structures import CaseInsensitiveDict
    from requests.utils import get_encoding_from_headers, select_proxy
except ImportError as e:  # pragma: no cover - exercised by the install tests
    raise ImportError("rnet.requests needs requests: pip install 'rnet[requests]'") from e

import http
import http.client
import io

import rnet
import rnet.blocking
from rnet import exceptions as rx

from ._adapt import client_from, lower_defaults, outgoing_headers

__all__ = ["Adapter"]

_DEFAULTS = lower_defaults(requests.utils.default_headers())


class _Original:
    """What requests' cookie extraction reads from a urllib3 response: the header message."""

    def __init__(self, headers):
        self.msg = http.client.HTTPMessage()
        for name, value in headers:
            self.msg[name] = value.decode("latin-1")

    def isclosed(self):
        return True


class _Raw(io.RawIOBase):
    """``response.raw``: the body, read from rnet's stream as requests asks for it."""

    def __init__(self, resp, request):
        self._resp, self._request = resp, request
        self._chunks = None
        self._buffer = b""
        self._original_response = _Original(resp.headers.items_bytes())
        self.decode_content = True

    def _next(self) -> bytes:
        if self._chunks is None:
            self._chunks = iter(self._resp.stream())
        try:
            return next(self._chunks)
        except StopIteration:
            return b""
        except rx.RnetError as e:
            raise _error(e, self._request) from e

    def stream(self, amt=2**16, decode_content=None):
        while True:
            chunk = self.read(amt)
            if not chunk:
                return
            yield chunk

    def read(self, amt=None, decode_content=None, cache_content=False):
        if amt is None or amt < 0:
            parts = [self._buffer]
            self._buffer = b""
            while chunk := self._next():
                parts.append(chunk)
            return b"".join(parts)
        while len(self._buffer) < amt:
            chunk = self._next()
            if not chunk:
                break
            self._buffer += chunk
        out, self._buffer = self._buffer[:amt], self._buffer[amt:]
        return out

    def readable(self):
        return True

    def release_conn(self):
        self.close()

    def close(self):
        if not self.closed:
            self._resp.close()
        super().close()


def _error(e: rx.RnetError, request) -> Exception:
    """The requests exception for an rnet one, as requests' own adapter would raise it."""
    msg = str(e)
    kw = {"request": request}
    if isinstance(e, rx.TimeoutError):
        return rq.ConnectTimeout(msg, **kw) if "connect" in msg.lower() else rq.ReadTimeout(msg, **kw)
    if isinstance(e, rx.ProxyConnectionError):
        return rq.ProxyError(msg, **kw)
    if isinstance(e, rx.TlsError):
        return rq.SSLError(msg, **kw)
    if isinstance(e, (rx.ConnectionError, rx.DNSResolverError)):
        return rq.ConnectionError(msg, **kw)
    if isinstance(e, (rx.ConnectionResetError, rx.BodyError)):
        return rq.ChunkedEncodingError(msg, **kw)
    if isinstance(e, rx.DecodingError):
        return rq.ContentDecodingError(msg, **kw)
    if isinstance(e, rx.BuilderError):
        return rq.InvalidSchema(msg, **kw) if "scheme" in msg else rq.InvalidURL(msg, **kw)
    return rq.RequestException(msg, **kw)


def _body(body):
    """requests' prepared body as rnet takes it: bytes, or chunks from a generator or file."""
    if body is None or isinstance(body, (bytes, str)):
        return body or None
    if hasattr(body, "read"):
        return iter(lambda: body.read(2**16), b"")
    return iter(body)


class Adapter(BaseAdapter):
    """Sends a ``requests.Session``'s requests with an ``rnet.blocking.Client``: give one, or
    its options (``Adapter(emulation=rnet.Emulation(rnet.Profile.Chrome149))``). ``verify=False``
    on a request uses a second client built with the same options and ``tls_verify=False``."""

    def __init__(self, client: rnet.blocking.Client | None = None, **client_options) -> None:
        super().__init__()
        self._clients = {True: client_from(rnet.blocking.Client, client, client_options)}
        self._options = None if client is not None else client_options

    @property
    def client(self) -> rnet.blocking.Client:
        return self._clients[True]

    def _client_for(self, verify) -> rnet.blocking.Client:
        """``verify=True`` is the client's own setting; ``False`` or a CA bundle's path (as
        requests takes it, also from ``REQUESTS_CA_BUNDLE``) gets a client of its own, unless the
        Adapter was given a client or ``tls_verify``, which then win but for ``False``."""
        if verify is True or (verify is not False and (self._options is None or "tls_verify" in self._options)):
            return self._clients[True]
        if verify not in self._clients:
            if self._options is None:
                raise ValueError(
                    "rnet.requests.Adapter: verify= other than True needs an Adapter built from "
                    "client options (set tls_verify on the client you give instead)"
                )
            self._clients[verify] = rnet.blocking.Client(**{**self._options, "tls_verify": verify})
        return self._clients[verify]

    def send(self, request, stream=False, timeout=None, verify=True, cert=None, proxies=None):
        if cert is not None:
            raise ValueError("rnet.requests.Adapter: give the client certificate as identity= to the Adapter")
        url = request.url
        host = requests.utils.urlparse(url).netloc
        opts: dict = {
            "headers": outgoing_headers(request.headers.items(), _DEFAULTS, host),
            "redirect": rnet.redirect.Policy.none(),
        }
        body = _body(request.body)
        if body is not None:
            opts["body"] = body
        elif request.headers.get("Content-Length") == "0":
            opts["headers"].append(("content-length", "0"))
        if isinstance(timeout, tuple):
            connect, read = timeout
        else:
            connect = read = timeout
        if connect is not None:
            opts["connect_timeout"] = connect
        if read is not None:
            opts["read_timeout"] = read
        proxy = select_proxy(url, proxies or {})
        if proxy:
            opts["proxy"] = rnet.Proxy.all(proxy)
        try:
            resp = self._client_for(verify).request(request.method, url, **opts)
        except rx.RnetError as e:
            raise _error(e, request) from e
        return self._build(request, resp)

    def _build(self, request, resp) -> requests.Response:
        out = requests.Response()
        out.status_code = int(resp.status)
        try:
            out.reason = http.HTTPStatus(out.status_code).phrase
        except ValueError:
            out.reason = ""
        headers = CaseInsensitiveDict()
        for name, value in resp.headers.items_bytes():
            value = value.decode("latin-1")
            headers[name] = f"{headers[name]}, {value}" if name in headers else value
        out.headers = headers
        out.encoding = get_encoding_from_headers(headers)
        out.raw = _Raw(resp, request)
        out.url = request.url
        out.request = request
        out.connection = self
        requests.cookies.extract_cookies_to_jar(out.cookies, request, out.raw)
        return out

    def close(self) -> None:
        for client in self._clients.values():
            client.close()
