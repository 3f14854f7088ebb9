"""What one fetch needs besides the crawler: options, failure names, retry delays, records."""

from __future__ import annotations

import email.utils
import ssl
import time
from typing import Any

import httpx

from .errors import FetchError
from .options import CrawlOptions
from .warcfile import HttpExchange

REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})
# What a bad URL or a bad server can raise; anything else is a bug and is not disguised.
FETCH_FAILURES = (httpx.HTTPError, httpx.InvalidURL, FetchError, OSError, TimeoutError)


def classify(exc: BaseException) -> tuple[str, str]:
    """Name a fetch failure: (error kind, one-line message)."""
    if isinstance(exc, FetchError):
        return exc.kind, str(exc)
    if isinstance(exc, httpx.TimeoutException | TimeoutError):
        return "timeout", f"timed out ({type(exc).__name__})"
    if isinstance(exc, httpx.UnsupportedProtocol):
        return "unsupported_scheme", str(exc) or "unsupported URL scheme"
    if isinstance(exc, httpx.InvalidURL):
        return "invalid_url", str(exc) or "invalid URL"
    message = str(exc)
    if isinstance(exc, ssl.SSLError) or "SSL" in message or "CERTIFICATE" in message:
        return "tls", f"TLS error: {message}"
    if isinstance(exc, httpx.RemoteProtocolError):
        return "protocol", f"malformed HTTP response: {message}"
    if isinstance(exc, httpx.TransportError):
        return "connect", f"connection failed: {message or type(exc).__name__}"
    return "connect", f"{type(exc).__name__}: {message}"


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, moment.timestamp() - (time.time() if now is None else now))


def retry_delay(attempt: int, retry_after: str | None, options: CrawlOptions) -> float:
    """How long to wait before retry number ``attempt + 1``."""
    asked = parse_retry_after(retry_after)
    if asked is not None:
        return asked
    return float(options.retry_base_delay * (2**attempt))


def server_address(response: httpx.Response) -> str | None:
    """The IP address the response came from (for WARC-IP-Address)."""
    stream = response.extensions.get("network_stream")
    address = stream.get_extra_info("server_addr") if stream is not None else None
    return str(address[0]) if address else None


def _latin1(value: bytes) -> str:
    return value.decode("latin-1")


def exchange_of(
    request: httpx.Request,
    response: httpx.Response,
    body: bytes,
    truncated: str | None,
    server: str | None,
) -> HttpExchange:
    """The request and response as they went over the wire: raw header names, casing, order."""
    ext: dict[str, Any] = response.extensions
    return HttpExchange(
        url=str(request.url),
        method=request.method,
        request_target=request.url.raw_path.decode("ascii"),
        request_headers=[(_latin1(k), _latin1(v)) for k, v in request.headers.raw],
        http_version=_latin1(ext.get("http_version", b"HTTP/1.1")),
        status_code=response.status_code,
        reason=_latin1(ext.get("reason_phrase", b"")),
        response_headers=[(_latin1(k), _latin1(v)) for k, v in response.headers.raw],
        body=body,
        ip_address=server,
        truncated=truncated,
    )
