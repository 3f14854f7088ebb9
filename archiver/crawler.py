"""Fetching URLs with httpx under politeness limits, and writing every exchange to WARC."""

from __future__ import annotations

import asyncio
import hashlib
import ssl
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpcore
import httpx

from . import __version__
from .capture import Capture
from .errors import FetchError
from .guard import ConnectTo, GuardedBackend
from .urls import host_of, normalize_url
from .warcfile import DEFAULT_MAX_SIZE, HttpExchange, WarcFile, sha1_base32

DEFAULT_USER_AGENT = f"citevault/{__version__} (source archiving for fact-checking)"
REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})
OnCapture = Callable[[str, Capture], None]


@dataclass
class CrawlOptions:
    """Limits and identity of a crawl; the defaults are polite."""

    concurrency: int = 8
    host_concurrency: int = 1
    host_delay: float = 1.0
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    total_timeout: float = 120.0
    max_bytes: int = 100_000_000
    max_redirects: int = 10
    user_agent: str = DEFAULT_USER_AGENT
    allow_private: bool = False
    connect_to: ConnectTo = field(default_factory=dict)
    warc_prefix: str = "citevault"
    warc_max_size: int = DEFAULT_MAX_SIZE
    operator: str | None = None


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _latin1(value: bytes) -> str:
    return value.decode("latin-1")


def _classify(exc: BaseException) -> tuple[str, str]:
    """Name a fetch failure: (error kind, one-line message)."""
    if isinstance(exc, FetchError):
        return exc.kind, str(exc)
    if isinstance(exc, (httpx.TimeoutException, TimeoutError)):
        return "timeout", f"timed out ({type(exc).__name__})"
    if isinstance(exc, httpx.UnsupportedProtocol):
        return "unsupported_scheme", str(exc) or "unsupported URL scheme"
    if isinstance(exc, httpx.InvalidURL):
        return "invalid_url", str(exc) or "invalid URL"
    if isinstance(exc, ssl.SSLError) or "SSL" in str(exc) or "CERTIFICATE" in str(exc):
        return "tls", f"TLS error: {exc}"
    if isinstance(exc, httpx.RemoteProtocolError):
        return "protocol", f"malformed HTTP response: {exc}"
    if isinstance(exc, httpx.TransportError):
        return "connect", f"connection failed: {exc or type(exc).__name__}"
    return "connect", f"{type(exc).__name__}: {exc}"


def _server_address(response: httpx.Response) -> str | None:
    """The IP address the response came from (for WARC-IP-Address)."""
    stream = response.extensions.get("network_stream")
    address = stream.get_extra_info("server_addr") if stream is not None else None
    return str(address[0]) if address else None


def _check_url(url: str) -> None:
    parsed = httpx.URL(url)
    if parsed.scheme not in ("http", "https"):
        raise FetchError("unsupported_scheme", f"cannot archive {parsed.scheme or 'a'!s}: URLs")
    if not parsed.host:
        raise FetchError("invalid_url", f"not a valid URL: {url!r}")


class Crawler:
    """Archive URLs into WARC files in ``archive_dir``; use as an async context manager."""

    def __init__(self, archive_dir: str | Path, options: CrawlOptions | None = None) -> None:
        self.archive_dir = Path(archive_dir)
        self.options = options or CrawlOptions()
        info = {"operator": self.options.operator} if self.options.operator else {}
        info["http-header-user-agent"] = self.options.user_agent
        self.warc = WarcFile(
            self.archive_dir,
            prefix=self.options.warc_prefix,
            max_size=self.options.warc_max_size,
            info=info,
        )
        self._global = asyncio.Semaphore(self.options.concurrency)
        self._hosts: dict[str, asyncio.Semaphore] = {}
        self._last_request: dict[str, float] = {}
        self._client: httpx.AsyncClient | None = None

    async def __aenter__(self) -> Crawler:
        opts = self.options
        transport = httpx.AsyncHTTPTransport()
        # Swap in a pool whose network backend applies the SSRF guard and connect-to overrides.
        transport._pool = httpcore.AsyncConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            max_connections=max(opts.concurrency, 1) * 2,
            network_backend=GuardedBackend(
                allow_private=opts.allow_private, connect_to=opts.connect_to
            ),
        )
        self._client = httpx.AsyncClient(
            transport=transport,
            follow_redirects=False,
            timeout=httpx.Timeout(
                opts.read_timeout, connect=opts.connect_timeout, pool=opts.total_timeout
            ),
            headers={"User-Agent": opts.user_agent},
        )
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._client is not None:
            await self._client.aclose()
        self.warc.close()

    def _host_slot(self, host: str) -> asyncio.Semaphore:
        if host not in self._hosts:
            self._hosts[host] = asyncio.Semaphore(self.options.host_concurrency)
        return self._hosts[host]

    async def _wait_politely(self, host: str) -> None:
        last = self._last_request.get(host)
        if last is not None:
            delay = last + self.options.host_delay - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
        self._last_request[host] = time.monotonic()

    async def fetch(self, url: str) -> Capture:
        """Archive one URL, following and recording redirects; a failure is named, never raised."""
        capture = Capture(requested_url=url, fetched_at=_now())
        try:
            _check_url(url)
            async with asyncio.timeout(self.options.total_timeout):
                await self._follow(url, capture)
        except Exception as exc:  # every failure becomes a named capture error, never a crash
            capture.error_kind, capture.error = _classify(exc)
        return capture

    async def _follow(self, url: str, capture: Capture) -> None:
        seen = {normalize_url(url)}
        current = url
        for _ in range(self.options.max_redirects + 1):
            response, exchange = await self._fetch_one(current)
            location = self.warc.write_exchange(exchange)
            self._describe(capture, response, exchange, location)
            if response.status_code not in REDIRECT_CODES or "location" not in response.headers:
                self._judge(capture, response, exchange)
                return
            capture.redirects.append(current)
            current = str(response.url.join(response.headers["location"]))
            if normalize_url(current) in seen:
                raise FetchError("redirect_loop", f"redirect loop back to {current}")
            seen.add(normalize_url(current))
        raise FetchError("too_many_redirects", f"more than {self.options.max_redirects} redirects")

    async def _fetch_one(self, url: str) -> tuple[httpx.Response, HttpExchange]:
        assert self._client is not None, "use Crawler as an async context manager"
        host = host_of(url)
        async with self._global, self._host_slot(host):
            await self._wait_politely(host)
            request = self._client.build_request("GET", url)
            response = await self._client.send(request, stream=True)
            try:
                server = _server_address(response)
                body, truncated = await self._read_body(response)
            finally:
                await response.aclose()
        return response, self._exchange(request, response, body, truncated, server)

    async def _read_body(self, response: httpx.Response) -> tuple[bytes, str | None]:
        chunks: list[bytes] = []
        size = 0
        async for chunk in response.aiter_raw():
            chunks.append(chunk)
            size += len(chunk)
            if size > self.options.max_bytes:
                return b"".join(chunks)[: self.options.max_bytes], "length"
        return b"".join(chunks), None

    def _exchange(
        self,
        request: httpx.Request,
        response: httpx.Response,
        body: bytes,
        truncated: str | None,
        server: str | None,
    ) -> HttpExchange:
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

    def _describe(
        self, capture: Capture, response: httpx.Response, exchange: HttpExchange, location: Any
    ) -> None:
        capture.final_url = exchange.url
        capture.status_code = response.status_code
        capture.content_type = response.headers.get("content-type")
        capture.ip_address = exchange.ip_address
        capture.warc_file = location.warc_file
        capture.warc_offset = location.offset
        capture.warc_length = location.length
        capture.payload_sha256 = hashlib.sha256(exchange.body).hexdigest()
        capture.payload_sha1 = sha1_base32(exchange.body)

    def _judge(self, capture: Capture, response: httpx.Response, exchange: HttpExchange) -> None:
        if exchange.truncated:
            capture.error_kind = "too_large"
            capture.error = f"body larger than {self.options.max_bytes} bytes; truncated"
        elif response.status_code >= 500:
            capture.error_kind = "http_5xx"
            capture.error = f"HTTP {response.status_code} {exchange.reason}".strip()
        elif response.status_code >= 400:
            capture.error_kind = "http_4xx"
            capture.error = f"HTTP {response.status_code} {exchange.reason}".strip()
        elif response.status_code in REDIRECT_CODES:
            capture.error_kind = "invalid_url"
            capture.error = f"HTTP {response.status_code} redirect without a Location header"

    async def crawl(
        self, urls: Iterable[str], on_capture: OnCapture | None = None
    ) -> dict[str, Capture]:
        """Archive each distinct normalized URL once; return {normalized URL: capture}."""
        unique = list(dict.fromkeys(normalize_url(u) for u in urls))
        results: dict[str, Capture] = {}

        async def one(url: str) -> None:
            capture = await self.fetch(url)
            results[url] = capture
            if on_capture is not None:
                on_capture(url, capture)

        await asyncio.gather(*(one(u) for u in unique))
        return {u: results[u] for u in unique}

    def archive_resource(self, uri: str, content: bytes, content_type: str) -> Capture:
        """Archive local bytes (an article read from a file) as a WARC resource record."""
        location = self.warc.write_resource(uri, content, content_type)
        return Capture(
            requested_url=uri,
            fetched_at=_now(),
            final_url=uri,
            warc_file=location.warc_file,
            warc_offset=location.offset,
            warc_length=location.length,
            payload_sha256=hashlib.sha256(content).hexdigest(),
            payload_sha1=sha1_base32(content),
            content_type=content_type,
        )


def archive_urls(
    urls: Iterable[str],
    archive_dir: str | Path,
    options: CrawlOptions | None = None,
    on_capture: OnCapture | None = None,
) -> dict[str, Capture]:
    """Archive URLs into ``archive_dir`` (blocking); return {normalized URL: capture}."""

    async def run() -> dict[str, Capture]:
        async with Crawler(archive_dir, options) as crawler:
            return await crawler.crawl(urls, on_capture)

    return asyncio.run(run())
