"""Fetching URLs with httpx under politeness limits, and writing every exchange to WARC."""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import httpcore
import httpx

from .capture import Capture
from .cdxj import CdxjIndex, entry_for_record, index_records
from .errors import FetchError
from .fetching import (
    FETCH_FAILURES,
    REDIRECT_CODES,
    classify,
    exchange_of,
    retry_delay,
    server_address,
)
from .guard import GuardedBackend
from .httpparse import decode_content, header_value
from .media import is_html
from .options import CrawlOptions
from .reader import warc_date_of_timestamp
from .recovery import Recovered, recover_open_files
from .requisites import find_requisites
from .robots import RobotsCache
from .softfail import detect_soft_failure
from .urls import host_of, normalize_url
from .warcfile import (
    HttpExchange,
    Prepared,
    RecordLocation,
    Revisit,
    WarcFile,
    WrittenRecord,
    sha1_base32,
    warc_date,
)

OnCapture = Callable[[str, Capture], None]
T = TypeVar("T")


class Crawler:
    """Archive URLs into WARC files in ``archive_dir``; use as an async context manager.

    The folder's CDXJ index is kept current: each WARC file is indexed when it is finished
    (and files a killed job left open are finished and indexed on start). A re-capture whose
    payload has not changed is written as a revisit record pointing at the earlier capture.
    """

    def __init__(self, archive_dir: str | Path, options: CrawlOptions | None = None) -> None:
        self.archive_dir = Path(archive_dir)
        self.options = options or CrawlOptions()
        self.index = CdxjIndex(self.archive_dir)
        self.recovered: list[Recovered] = []
        self.requisites: dict[str, Capture] = {}
        # What each HTML page fetched embeds, read from the body in hand, for --requisites.
        self._embedded: dict[str, list[str]] = {}
        self.warc = WarcFile(
            self.archive_dir,
            prefix=self.options.warc_prefix,
            max_size=self.options.warc_max_size,
            info=self._warcinfo(),
            on_close=self._index_file,
        )
        self._global = asyncio.Semaphore(self.options.concurrency)
        self._backlog = asyncio.Semaphore(self.options.concurrency * 2)
        self._hosts: dict[str, asyncio.Semaphore] = {}
        self._last_request: dict[str, float] = {}
        self._client: httpx.AsyncClient | None = None
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="warc-writer")
        self._robots = RobotsCache(self._fetch_robots, self.options.user_agent)

    def _warcinfo(self) -> dict[str, str]:
        opts = self.options
        info = {
            "robots": "obey" if opts.obey_robots else "ignore",
            "http-header-user-agent": opts.user_agent,
        }
        if opts.operator:
            info["operator"] = opts.operator
        if opts.job:
            info["job"] = opts.job
        return info

    async def __aenter__(self) -> Crawler:
        opts = self.options
        if self.archive_dir.exists():
            self.recovered = recover_open_files(self.archive_dir)
            for recovered in self.recovered:
                path = self.archive_dir / recovered.name
                self.index.add(index_records(path, self.archive_dir))
        transport = httpx.AsyncHTTPTransport()
        # Swap in a pool whose network backend applies the SSRF guard and connect-to overrides.
        transport._pool = httpcore.AsyncConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            max_connections=max(opts.concurrency, 1),
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
        await self._in_writer(self.warc.close)
        self._writer.shutdown()

    def _index_file(self, name: str, records: list[WrittenRecord]) -> None:
        self.index.add(
            entry_for_record(
                url=r.uri,
                warc_date=r.date,
                record_type=r.record_type,
                filename=r.filename,
                offset=r.offset,
                length=r.length,
                status=r.status,
                content_type=r.mime,
                payload_digest=r.digest,
            )
            for r in records
        )

    def _previous(self, url: str, digest: str) -> Revisit | None:
        """The latest earlier capture of ``url`` whose payload has this digest, if any."""
        entry = self.index.original_of(url, digest, record_types=("response",))
        return Revisit(entry.url, warc_date_of_timestamp(entry.timestamp)) if entry else None

    # -- politeness ---------------------------------------------------------------------------

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

    async def _fetch_robots(self, url: str) -> tuple[int, bytes]:
        response, exchange = await self._fetch_with_retries(url)
        await self._append(self.warc.build_exchange(exchange))
        return response.status_code, _decoded_body(exchange)

    # -- one URL ------------------------------------------------------------------------------

    async def fetch(self, url: str, context: Mapping[str, str] | None = None) -> Capture:
        """Archive one URL, following and recording redirects; a failure is named, never raised.

        ``context`` (for example which claims cite the URL) goes into the fetch's metadata record.
        """
        capture = Capture(requested_url=url, fetched_at=warc_date())
        started = time.monotonic()
        concurrent_to = None
        try:
            _check_url(url)
            async with asyncio.timeout(self.options.total_timeout):
                concurrent_to = await self._follow(url, capture)
        except FETCH_FAILURES as exc:  # every failure becomes a named capture error, never a crash
            capture.error_kind, capture.error = classify(exc)
        await self._write_metadata(capture, started, context, concurrent_to)
        return capture

    async def _follow(self, url: str, capture: Capture) -> str | None:
        seen = {normalize_url(url)}
        current = url
        for _ in range(self.options.max_redirects + 1):
            if self.options.obey_robots and not await self._robots.allows(current):
                raise FetchError("robots", f"robots.txt of {host_of(current)} disallows {current}")
            # Bodies fetched but not yet written are bounded, so memory stays flat when the
            # writer falls behind.
            async with self._backlog:
                response, exchange = await self._fetch_with_retries(current)
                location = await self._write_response(exchange, final=_is_final(response))
            _describe(capture, response, exchange, location)
            if _is_final(response):
                # Decoded once, and only a whole 2xx body: the soft-failure check and the
                # requisite scan both read it, and nothing else needs it.
                whole = 200 <= response.status_code < 300 and not exchange.truncated
                body = _decoded_body(exchange) if whole else b""
                self._judge(capture, response, exchange, body)
                if self.options.requisites and capture.ok:
                    self._embedded[url] = _requisites_in(exchange.url, body, capture.content_type)
                return location.record_id
            capture.redirects.append(current)
            current = str(response.url.join(response.headers["location"]))
            if normalize_url(current) in seen:
                raise FetchError("redirect_loop", f"redirect loop back to {current}")
            seen.add(normalize_url(current))
        raise FetchError("too_many_redirects", f"more than {self.options.max_redirects} redirects")

    async def _fetch_with_retries(self, url: str) -> tuple[httpx.Response, HttpExchange]:
        """Fetch, retrying connection errors, 429 and 5xx with backoff (Retry-After honoured)."""
        opts = self.options
        waited = 0.0
        for attempt in range(opts.retries + 1):
            try:
                response, exchange = await self._fetch_one(url)
            except (httpx.TransportError, FetchError) as exc:
                kind, _ = classify(exc)
                delay = retry_delay(attempt, None, opts)
                if kind not in ("connect", "timeout") or not _may_retry(
                    attempt, delay, waited, opts
                ):
                    raise
            else:
                retry_after = response.headers.get("retry-after")
                delay = retry_delay(attempt, retry_after, opts)
                retryable = response.status_code == 429 or response.status_code >= 500
                if not retryable or not _may_retry(attempt, delay, waited, opts):
                    return response, exchange
                # The failed attempt was a real exchange: keep it in the archive too.
                await self._write_response(exchange, final=False)
            waited += delay
            await asyncio.sleep(delay)
        raise AssertionError("unreachable: the last attempt returns or raises")

    async def _fetch_one(self, url: str) -> tuple[httpx.Response, HttpExchange]:
        assert self._client is not None, "use Crawler as an async context manager"
        host = host_of(url)
        async with self._global, self._host_slot(host):
            await self._wait_politely(host)
            request = self._client.build_request("GET", url)
            response = await self._client.send(request, stream=True)
            try:
                server = server_address(response)
                body, truncated = await self._read_body(response)
            finally:
                await response.aclose()
        return response, exchange_of(request, response, body, truncated, server)

    async def _read_body(self, response: httpx.Response) -> tuple[bytes, str | None]:
        chunks: list[bytes] = []
        size = 0
        async for chunk in response.aiter_raw():
            chunks.append(chunk)
            size += len(chunk)
            if size > self.options.max_bytes:
                return b"".join(chunks)[: self.options.max_bytes], "length"
        return b"".join(chunks), None

    # -- writing ------------------------------------------------------------------------------

    async def _in_writer(self, write: Callable[..., T], *args: Any) -> T:
        """Run a WARC file operation on the writer thread: one at a time, in order."""
        return await asyncio.get_running_loop().run_in_executor(self._writer, write, *args)

    async def _append(self, records: list[Prepared]) -> RecordLocation:
        """Append records built here on the writer thread, which compresses them (zlib
        releases the GIL, so the crawl goes on meanwhile); locate the first."""
        return (await self._in_writer(self.warc.append, records))[0]

    async def _write_response(self, exchange: HttpExchange, final: bool) -> RecordLocation:
        revisit = None
        if final and exchange.body:
            revisit = self._previous(exchange.url, exchange.payload_digest)
        return await self._append(self.warc.build_exchange(exchange, None, revisit))

    async def _write_metadata(
        self,
        capture: Capture,
        started: float,
        context: Mapping[str, str] | None,
        concurrent_to: str | None,
    ) -> None:
        fields = [("fetchTimeMs", str(round((time.monotonic() - started) * 1000)))]
        if capture.ip_address:
            fields.append(("ip", capture.ip_address))
        if self.options.job:
            fields.append(("job", self.options.job))
        fields += [("via", hop) for hop in capture.redirects]
        if capture.error:
            fields.append(("outcome", f"{capture.error_kind}: {capture.error}"))
        fields += list((context or {}).items())
        uri = capture.final_url or capture.requested_url
        await self._append(self.warc.build_metadata(uri, fields, concurrent_to))

    def _judge(
        self, capture: Capture, response: httpx.Response, exchange: HttpExchange, body: bytes
    ) -> None:
        """Name what is wrong with a final response; ``body`` is read only for a whole 2xx one."""
        status = response.status_code
        if exchange.truncated:
            capture.error_kind = "too_large"
            capture.error = f"body larger than {self.options.max_bytes} bytes; truncated"
        elif status >= 400:
            capture.error_kind = "http_5xx" if status >= 500 else "http_4xx"
            capture.error = f"HTTP {status} {exchange.reason}".strip()
        elif status in REDIRECT_CODES:
            capture.error_kind = "invalid_url"
            capture.error = f"HTTP {status} redirect without a Location header"
        elif 200 <= status < 300:
            reason = detect_soft_failure(
                status, exchange.response_headers, body, capture.requested_url, exchange.url
            )
            if reason:
                capture.error_kind, capture.error = "soft_failure", reason

    async def archive_resource(self, uri: str, content: bytes, content_type: str) -> Capture:
        """Archive local bytes (an article read from a file) as a WARC resource record."""
        location = await self._append(self.warc.build_resource(uri, content, content_type))
        return Capture(
            requested_url=uri,
            fetched_at=warc_date(),
            final_url=uri,
            warc_file=location.warc_file,
            warc_offset=location.offset,
            warc_length=location.length,
            payload_sha256=hashlib.sha256(content).hexdigest(),
            payload_sha1=sha1_base32(content),
            content_type=content_type,
            record_id=location.record_id,
        )

    # -- many URLs ----------------------------------------------------------------------------

    async def crawl(
        self,
        urls: Iterable[str],
        on_capture: OnCapture | None = None,
        context: Mapping[str, Mapping[str, str]] | None = None,
    ) -> dict[str, Capture]:
        """Archive each distinct normalized URL once; return {normalized URL: capture}.

        With ``requisites`` on, the images, stylesheets and scripts each HTML page embeds are
        archived too (one level); they land in ``self.requisites``, not in the result.
        """
        unique = list(dict.fromkeys(normalize_url(u) for u in urls))
        results: dict[str, Capture] = {}
        embedded: list[str] = []

        async def one(url: str) -> None:
            capture = await self.fetch(url, (context or {}).get(url))
            results[url] = capture
            if on_capture is not None:
                on_capture(url, capture)
            embedded.extend(self._embedded.pop(url, []))

        await asyncio.gather(*(one(u) for u in unique))
        await self._crawl_requisites(embedded, set(unique))
        return {u: results[u] for u in unique}

    async def _crawl_requisites(self, urls: list[str], done: set[str]) -> None:
        todo = [u for u in dict.fromkeys(normalize_url(u) for u in urls) if u not in done]

        async def one(url: str) -> None:
            self.requisites[url] = await self.fetch(url, {"requisite": "yes"})
            self._embedded.pop(url, None)  # one level only

        await asyncio.gather(*(one(u) for u in todo))


def _requisites_in(url: str, body: bytes, content_type: str | None) -> list[str]:
    """The images, stylesheets and scripts an archived HTML page embeds."""
    if not is_html(content_type):
        return []
    return find_requisites(body, url, content_type)


def _check_url(url: str) -> None:
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL as exc:
        raise FetchError("invalid_url", f"not a valid URL: {url!r} ({exc})") from exc
    if parsed.scheme not in ("http", "https"):
        raise FetchError("unsupported_scheme", f"cannot archive {parsed.scheme or 'a'!s}: URLs")
    if not parsed.host:
        raise FetchError("invalid_url", f"not a valid URL: {url!r}")


def _is_final(response: httpx.Response) -> bool:
    return response.status_code not in REDIRECT_CODES or "location" not in response.headers


def _decoded_body(exchange: HttpExchange) -> bytes:
    """The body with its Content-Encoding undone."""
    return decode_content(
        exchange.body, header_value(exchange.response_headers, "Content-Encoding")
    )


def _may_retry(attempt: int, delay: float, waited: float, options: CrawlOptions) -> bool:
    return attempt < options.retries and waited + delay <= options.retry_max_wait


def _describe(
    capture: Capture, response: httpx.Response, exchange: HttpExchange, location: RecordLocation
) -> None:
    capture.final_url = exchange.url
    capture.status_code = response.status_code
    capture.content_type = response.headers.get("content-type")
    capture.ip_address = exchange.ip_address
    capture.warc_file = location.warc_file
    capture.warc_offset = location.offset
    capture.warc_length = location.length
    capture.payload_sha256 = hashlib.sha256(exchange.body).hexdigest()
    capture.payload_sha1 = exchange.payload_digest
    capture.record_id = location.record_id


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
