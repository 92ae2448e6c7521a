"""A Scrapy download handler that sends through rnet. In a project's settings::

    DOWNLOAD_HANDLERS = {
        "http": "rnet.scrapy.DownloadHandler",
        "https": "rnet.scrapy.DownloadHandler",
    }
    TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
    RNET_CLIENT = {"emulation": "Chrome149"}  # rnet.Client options (optional)

Scrapy's middlewares keep their jobs (cookies, redirects, retries, proxies, compression,
timeouts, concurrency); rnet sends each request with a browser's fingerprint. Per request,
``meta`` may set ``rnet_emulation`` (a profile or an ``rnet.Emulation``), ``rnet_mode`` (a
``RequestMode``) and the usual ``proxy``.

Needs Scrapy 2.13 or later (``pip install rnet[scrapy]``). See docs/integrations.md."""

from __future__ import annotations

try:
    import scrapy  # noqa: F401
    from scrapy.exceptions import (
        CannotResolveHostError,
        DownloadConnectionRefusedError,
        DownloadFailedError,
        DownloadTimeoutError,
        UnsupportedURLSchemeError,
    )
    from scrapy.http import Headers
    from scrapy.responsetypes import responsetypes
except ImportError as e:  # pragma: no cover - exercised by the install tests
    raise ImportError("rnet.scrapy needs Scrapy: pip install 'rnet[scrapy]'") from e


import rnet
from rnet import exceptions as rx

from ._adapt import http_version, outgoing_headers

__all__ = ["DownloadHandler"]

# Set by Scrapy's own middlewares when the project did not: sent only if a request changed them.
_ACCEPT_ENCODING = "gzip, deflate, br, zstd"


def _text(value) -> str:
    return value.decode("latin-1") if isinstance(value, bytes) else str(value)


class DownloadHandler:
    """Scrapy's download handler API (``async download_request`` / ``close``), on an
    ``rnet.Client`` built from the ``RNET_CLIENT`` setting."""

    lazy = False

    def __init__(self, crawler) -> None:
        settings = crawler.settings
        options = dict(settings.getdict("RNET_CLIENT"))
        for key in ("cookie_store", "cookie_provider", "redirect"):
            if key in options:
                raise ValueError(f"RNET_CLIENT: {key} is Scrapy's job (its middlewares), not rnet's")
        self.client = rnet.Client(**options)
        self._maxsize = settings.getint("DOWNLOAD_MAXSIZE")
        self._defaults = {k.lower(): _text(v) for k, v in settings.getdict("DEFAULT_REQUEST_HEADERS").items()}
        self._defaults["user-agent"] = settings.get("USER_AGENT") or ""
        self._defaults["accept-encoding"] = _ACCEPT_ENCODING

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def _options(self, request) -> dict:
        pairs = [(_text(k), _text(v)) for k, values in request.headers.items() for v in values]
        proxy_auth = next((v for k, v in pairs if k.lower() == "proxy-authorization"), None)
        pairs = [(k, v) for k, v in pairs if k.lower() != "proxy-authorization"]
        host = request.url.split("/")[2] if "://" in request.url else None
        opts: dict = {
            "headers": outgoing_headers(pairs, self._defaults, host),
            "redirect": rnet.redirect.Policy.none(),
        }
        if request.body:
            opts["body"] = request.body
        elif request.method in ("POST", "PUT", "PATCH"):
            opts["headers"].append(("content-length", "0"))
        meta = request.meta
        if meta.get("download_timeout"):
            opts["timeout"] = float(meta["download_timeout"])
        maxsize = meta.get("download_maxsize", self._maxsize)
        if maxsize:
            opts["body_limit"] = int(maxsize)
        if meta.get("proxy"):
            proxy_options = {"custom_http_auth": proxy_auth} if proxy_auth else {}
            opts["proxy"] = rnet.Proxy.all(meta["proxy"], **proxy_options)
        if meta.get("rnet_emulation") is not None:
            opts["emulation"] = meta["rnet_emulation"]
        if meta.get("rnet_mode") is not None:
            opts["mode"] = meta["rnet_mode"]
        return opts

    async def download_request(self, request, spider=None):
        try:
            resp = await self.client.request(request.method, request.url, **self._options(request))
            body = await resp.bytes()
        except rx.RnetError as e:
            raise _error(e, request) from e
        headers = Headers(list(resp.headers.items_bytes()))
        cls = responsetypes.from_args(headers=headers, url=resp.url, body=body)
        remote = resp.remote_addr
        return cls(
            url=resp.url,
            status=int(resp.status),
            headers=headers,
            body=body,
            request=request,
            flags=["rnet"],
            ip_address=remote.ip if remote is not None else None,
            protocol=http_version(resp.version),
        )

    async def close(self) -> None:
        self.client.close()


def _error(e: rx.RnetError, request) -> Exception:
    """Scrapy's exception for an rnet one: what its retry middleware and stats know."""
    msg = f"{e} ({request.url})"
    if isinstance(e, rx.TimeoutError):
        return DownloadTimeoutError(msg)
    if isinstance(e, rx.DNSResolverError):
        return CannotResolveHostError(msg)
    if isinstance(e, rx.ConnectionError) and "refused" in str(e).lower():
        return DownloadConnectionRefusedError(msg)
    if isinstance(e, rx.BuilderError) and "scheme" in str(e):
        return UnsupportedURLSchemeError(msg)
    return DownloadFailedError(msg)
