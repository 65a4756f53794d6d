"""Errors raised by the Scout API client.

Every error carries a short ``title`` and a ``message`` a person can act on.
No error text contains the API key or a URL with its query string, because
the key travels as the ``api_key`` query parameter.

    ScoutError
    ├── QueryError              the query was invalid before anything was sent
    ├── BadRequestError         400, with the server's explanation
    ├── UnauthorizedError       401, a redirect to a login page, or HTML instead of JSON
    ├── NotFoundError           404
    ├── ServerError             5xx, including a gateway that cannot reach an agent
    ├── RequestTimeoutError     no answer within the configured timeout
    ├── ConnectionFailedError   DNS, refused connection, TLS failure
    ├── MalformedResponseError  a body that is not the JSON or image expected
    └── ResponseTooLargeError   a body over the client's size cap
"""

from __future__ import annotations


class ScoutError(Exception):
    """Base class of every error the Scout client raises."""

    title = "Scout server error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return f"{self.title}: {self.message}"


class QueryError(ScoutError, ValueError):
    """A search query failed validation; ``field`` names the offending field."""

    title = "Invalid search"

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class HTTPStatusError(ScoutError):
    """The server returned an error status, stored in ``status_code``."""

    def __init__(self, message: str, *, status_code: int | None) -> None:
        super().__init__(message)
        self.status_code = status_code


class BadRequestError(HTTPStatusError):
    title = "Request rejected by the server"


class UnauthorizedError(HTTPStatusError):
    title = "Not authorized"


class NotFoundError(HTTPStatusError):
    title = "Not found"


class ServerError(HTTPStatusError):
    title = "Server error"


class RequestTimeoutError(ScoutError):
    title = "Request timed out"


class ConnectionFailedError(ScoutError):
    title = "Cannot reach the server"


class MalformedResponseError(ScoutError):
    title = "Unexpected server response"


class ResponseTooLargeError(ScoutError):
    title = "Response too large"

    def __init__(self, message: str, *, limit: int) -> None:
        super().__init__(message)
        self.limit = limit
