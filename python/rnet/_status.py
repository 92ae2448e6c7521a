"""`StatusCode`: what `Response.status` returns. An `int` (so `== 200`, `int()`, arithmetic,
JSON and dict keys behave as before) with wreq-python's methods. The native module makes
these; this is the one class written in Python, because PyO3 classes cannot derive from
`int`."""


class StatusCode(int):
    """An HTTP status code: an `int` with wreq-python's `is_success()` and kin."""

    __slots__ = ()

    def as_int(self) -> int:
        """The status code as a plain `int`."""
        return int(self)

    def is_informational(self) -> bool:
        """1xx."""
        return 100 <= self < 200

    def is_success(self) -> bool:
        """2xx."""
        return 200 <= self < 300

    def is_redirection(self) -> bool:
        """3xx."""
        return 300 <= self < 400

    def is_client_error(self) -> bool:
        """4xx."""
        return 400 <= self < 500

    def is_server_error(self) -> bool:
        """5xx."""
        return 500 <= self < 600
