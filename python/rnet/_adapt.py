"""What the framework integrations (``rnet.httpx``, ``rnet.requests``, ``rnet.scrapy``) share:
which of a framework's headers to send, and the framework-neutral options of a request."""

from __future__ import annotations

from typing import Iterable, Mapping

# Set per connection by rnet (wreq) itself; a framework's value would be wrong or doubled.
_HOP = {"host", "connection", "content-length", "transfer-encoding", "keep-alive"}


def outgoing_headers(
    headers: Iterable[tuple[str, str]], defaults: Mapping[str, str], url_host: str | None = None
) -> list[tuple[str, str]]:
    """The headers to send: the framework's own defaults (a ``python-httpx`` user agent, an
    ``Accept: */*``) are dropped so the browser profile's are sent instead; a header the user
    set, even one the framework also sets, is kept. A ``Host`` other than the URL's is kept."""
    kept = []
    for name, value in headers:
        lower = name.lower()
        if lower == "host" and url_host is not None and value.lower() != url_host.lower():
            kept.append((name, value))
            continue
        if lower in _HOP:
            continue
        if defaults.get(lower) == value:
            continue
        kept.append((name, value))
    return kept


def client_from(cls, client, options: dict):
    """The rnet client an integration sends with: the one given, or one built from options."""
    if client is not None and options:
        raise TypeError("give a client or client options, not both")
    return client if client is not None else cls(**options)


def lower_defaults(headers: Mapping[str, str]) -> dict[str, str]:
    return {k.lower(): v for k, v in headers.items()}


def http_version(version) -> str:
    """``HTTP/1.1`` from an ``rnet.Version``."""
    return {
        "HTTP_09": "HTTP/0.9",
        "HTTP_10": "HTTP/1.0",
        "HTTP_11": "HTTP/1.1",
        "HTTP_2": "HTTP/2",
        "HTTP_3": "HTTP/3",
    }.get(getattr(version, "name", str(version).split(".")[-1]), "HTTP/1.1")
