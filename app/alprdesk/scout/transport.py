"""HTTP plumbing for the Scout client: TLS, size-capped reads and error mapping."""

from __future__ import annotations

import asyncio
import logging
import ssl
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx
import truststore

from alprdesk import __version__
from alprdesk.redaction import redact
from alprdesk.scout.errors import (
    BadRequestError,
    ConnectionFailedError,
    MalformedResponseError,
    NotFoundError,
    RequestTimeoutError,
    ResponseTooLargeError,
    ScoutError,
    ServerError,
    UnauthorizedError,
)
from alprdesk.scout.values import clean_text

logger = logging.getLogger(__name__)

# httpx logs every request URL at INFO, and each URL carries the api_key.
for _name in ("httpx", "httpcore"):
    logging.getLogger(_name).setLevel(logging.WARNING)

DEFAULT_TIMEOUT = httpx.Timeout(connect=10.0, read=60.0, write=20.0, pool=30.0)
# The server proxies images from agents; an offline agent should fail fast.
IMAGE_TIMEOUT = httpx.Timeout(connect=10.0, read=20.0, write=20.0, pool=30.0)


def shorter_timeouts(first: httpx.Timeout, second: httpx.Timeout) -> httpx.Timeout:
    """Return the shorter of each pair of per-operation timeouts; None means no limit."""

    def shorter(a: float | None, b: float | None) -> float | None:
        if a is None:
            return b
        return a if b is None else min(a, b)

    return httpx.Timeout(
        connect=shorter(first.connect, second.connect),
        read=shorter(first.read, second.read),
        write=shorter(first.write, second.write),
        pool=shorter(first.pool, second.pool),
    )


USER_AGENT = f"ALPR-Desk/{__version__}"
_SERVER_TEXT_LIMIT = 500
_LOGIN_MARKERS = ("login", "signin", "sign-in", "sign_in", "auth", "sso")


@dataclass(frozen=True)
class Reply:
    """A successful response: status, content type and the whole body."""

    status_code: int
    content_type: str
    body: bytes


def build_ssl_context(verify: bool, ca_bundle: Path | None) -> ssl.SSLContext | bool:
    """Return the TLS setting for httpx: the OS trust store plus an optional CA bundle.

    Reads certificate files, so callers off the GUI thread build it.
    """
    if not verify:
        return False
    context = truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    if ca_bundle is not None:
        try:
            context.load_verify_locations(cafile=str(ca_bundle))
        except (OSError, ssl.SSLError) as exc:
            raise ConnectionFailedError(
                f"The CA bundle {ca_bundle} could not be loaded ({exc.__class__.__name__}). "
                "Choose a PEM file that contains the server's CA certificate."
            ) from None
    return context


def public_url(url: httpx.URL | str) -> str:
    """Return ``url`` without its query string and credentials, for logs and messages."""
    parts = urlsplit(str(url))
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


async def fetch(
    client: httpx.AsyncClient,
    url: str,
    params: Mapping[str, str],
    *,
    secret: str,
    max_bytes: int,
    what: str,
    deadline: float,
    timeouts: httpx.Timeout | None = None,
    from_agent: bool = False,
) -> Reply:
    """GET ``url`` and return the body, or raise the matching ``ScoutError``.

    ``what`` names the requested thing for messages ("plate group 12").
    ``secret`` is masked in any text taken from the server or from httpx.
    ``deadline`` bounds the whole request in seconds, so a server that
    trickles bytes just inside the read timeout cannot hold it forever.
    ``timeouts`` replaces the client's per-operation timeouts for this request.
    ``from_agent`` marks a request the server proxies to an agent, so a
    gateway error names the agent as the likely cause.
    """
    request_timeout = client.timeout if timeouts is None else timeouts
    shown = redact(public_url(url), secret)
    started = time.monotonic()
    failure: ScoutError | None = None
    try:
        async with (
            asyncio.timeout(deadline),
            client.stream("GET", url, params=params, timeout=request_timeout) as response,
        ):
            await _raise_for_status(response, shown, what, secret, from_agent)
            body = await _read_capped(response, max_bytes, shown)
            content_type = response.headers.get("content-type", "")
            status = response.status_code
    except (httpx.TimeoutException, TimeoutError):
        failure = RequestTimeoutError(
            f"{_host(url)} did not respond in time while loading {what}. "
            "The server or the agent may be busy or offline; try again, or narrow the search."
        )
    except httpx.TransportError as exc:
        failure = _transport_error(exc, url, what, secret)
    except httpx.DecodingError:
        failure = MalformedResponseError(
            f"The response for {what} could not be decoded: the server declared a "
            "compression it did not use."
        )
    except (httpx.InvalidURL, ValueError, OverflowError):
        failure = ConnectionFailedError(
            f"The server address {shown} is not a valid URL. Check the profile's base URL."
        )
    # Raised outside the except clauses, so the httpx exception, whose text and
    # request carry the URL with the key, is neither the cause nor the context.
    if failure is not None:
        raise failure

    logger.info(
        "GET %s -> %d, %d bytes in %.0f ms",
        shown,
        status,
        len(body),
        (time.monotonic() - started) * 1000,
    )
    return Reply(status_code=status, content_type=content_type, body=body)


def looks_like_html(reply: Reply) -> bool:
    if "html" in reply.content_type.lower():
        return True
    return reply.body.lstrip()[:1] == b"<"


def login_page_error(shown_url: str) -> UnauthorizedError:
    return UnauthorizedError(
        f"{shown_url} returned a web page instead of data, usually a login page. "
        "Check the API key and that the base URL points at the Scout web server.",
        status_code=200,
    )


async def _raise_for_status(
    response: httpx.Response, shown: str, what: str, secret: str, from_agent: bool
) -> None:
    status = response.status_code
    if status < 300:
        return

    logger.warning("GET %s -> %d", shown, status)
    if 300 <= status < 400:
        location = redact(public_url(response.headers.get("location", "")), secret)
        path = urlsplit(location).path.lower()
        if any(marker in path for marker in _LOGIN_MARKERS):
            raise UnauthorizedError(
                "The server redirected to its login page, so it did not accept the API key. "
                "Check the key in the server profile.",
                status_code=status,
            )
        raise MalformedResponseError(
            f"The server redirected the request to {location or 'another address'}. "
            "If the server has moved, update the profile's base URL."
        )
    if status in (401, 403):
        raise UnauthorizedError(
            f"The server rejected the API key (HTTP {status}). Check the key in the server "
            "profile; each user can create one on the web server under /account/my_account.",
            status_code=status,
        )
    if status == 404:
        raise NotFoundError(f"The server has no {what} (HTTP 404).", status_code=status)
    if status >= 500:
        detail = (
            "The agent that holds it may be offline."
            if status in (502, 503, 504) and from_agent
            else "Try again later; if it keeps failing, tell the server's administrator."
        )
        raise ServerError(
            f"The server failed while loading {what} (HTTP {status}). {detail}",
            status_code=status,
        )
    raw = await _read_prefix(response, _SERVER_TEXT_LIMIT * 4)
    raise BadRequestError(_server_text(raw, secret, status), status_code=status)


def _server_text(raw: bytes, secret: str, status: int) -> str:
    text = redact(raw.decode("utf-8", errors="replace").strip(), secret)
    if text.startswith("<"):
        text = ""  # an HTML error page has nothing useful for one line
    text = " ".join(clean_text(text).split())[:_SERVER_TEXT_LIMIT]
    if text:
        return f"The server rejected the request (HTTP {status}): {text}"
    return f"The server rejected the request (HTTP {status}) without an explanation."


async def _read_prefix(response: httpx.Response, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.aiter_bytes():
        chunks.append(chunk)
        size += len(chunk)
        if size >= limit:
            break
    return b"".join(chunks)[:limit]


async def _read_capped(response: httpx.Response, max_bytes: int, shown: str) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise _too_large(max_bytes, shown)
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.aiter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise _too_large(max_bytes, shown)
        chunks.append(chunk)
    return b"".join(chunks)


def _too_large(limit: int, shown: str) -> ResponseTooLargeError:
    return ResponseTooLargeError(
        f"The response from {shown} exceeded {limit // (1024 * 1024)} MiB and was discarded. "
        "Narrow the search with a shorter period or fewer maximum results.",
        limit=limit,
    )


def _transport_error(
    exc: httpx.TransportError, url: str, what: str, secret: str
) -> ConnectionFailedError:
    host = _host(url)
    detail = clean_text(redact(str(exc), secret))
    if "CERTIFICATE_VERIFY_FAILED" in detail or "certificate verify failed" in detail:
        return ConnectionFailedError(
            f"The TLS certificate of {host} is not trusted. If the server uses a private "
            "certificate authority, add its CA bundle to the server profile."
        )
    if isinstance(exc, httpx.UnsupportedProtocol):
        return ConnectionFailedError(
            f"The server address {public_url(url)} must start with http:// or https://."
        )
    if isinstance(exc, httpx.ProxyError):
        return ConnectionFailedError(f"The proxy refused the connection to {host}: {detail}")
    if isinstance(exc, httpx.ConnectError):
        reason = detail or exc.__class__.__name__
        return ConnectionFailedError(
            f"Could not connect to {host} ({reason}). Check the address, the network and "
            "that the server is running."
        )
    return ConnectionFailedError(
        f"The connection to {host} broke off while loading {what} "
        f"({exc.__class__.__name__}). Try again; if it keeps happening, check the network "
        "or proxy between this workstation and the server."
    )


def _host(url: str) -> str:
    return urlsplit(url).netloc.rpartition("@")[2] or public_url(url)
