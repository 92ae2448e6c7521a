"""The synchronous API: ``Client``, ``Response``, ``Streamer``, ``WebSocket`` and the module
functions, each the blocking twin of the async one (generated from the same annotated Rust
methods). Calls release the GIL while they wait, so threads run requests in parallel."""

from ._rnet import blocking as _blocking

Client = _blocking.Client
Response = _blocking.Response
Streamer = _blocking.Streamer
WebSocket = _blocking.WebSocket
get = _blocking.get
post = _blocking.post
put = _blocking.put
patch = _blocking.patch
delete = _blocking.delete
head = _blocking.head
options = _blocking.options
trace = _blocking.trace
request = _blocking.request
websocket = _blocking.websocket

__all__ = [
    "Client", "Response", "Streamer", "WebSocket", "get", "post", "put", "patch", "delete",
    "head", "options", "trace", "request", "websocket",
]
