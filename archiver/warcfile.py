"""Writing WARC files: named, rotated, written as ``.open`` and renamed when complete."""

from __future__ import annotations

import base64
import functools
import hashlib
import io
import os
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import IO, Any

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from . import __version__
from .httpparse import header_value
from .options import DEFAULT_MAX_SIZE
from .recovery import OPEN_SUFFIX, lock_exclusively

# zlib's default level, as wget uses: on web pages level 9 costs about 10% more CPU for 0.1% less.
GZIP_LEVEL = 6
# The record types the CDXJ index holds (pywb's choice).
INDEXED_TYPES = ("response", "resource", "revisit")
SOFTWARE = f"citevault/{__version__} (warcio)"


@dataclass
class RecordLocation:
    """Where a written record lies: file name (relative), offset and length in bytes."""

    warc_file: str
    offset: int
    length: int
    record_id: str


@dataclass
class WrittenRecord:
    """What the index needs to know of one response, resource or revisit record just written."""

    filename: str
    offset: int
    length: int
    uri: str
    date: str
    record_type: str
    status: int | None
    mime: str | None
    digest: str | None


@dataclass
class Revisit:
    """An earlier capture with the same payload, for an identical-payload-digest revisit record."""

    target_uri: str
    date: str
    record_id: str | None = None


@dataclass
class HttpExchange:
    """One request and its response as they went over the wire, ready to be written."""

    url: str
    method: str
    request_target: str
    request_headers: list[tuple[str, str]]
    http_version: str
    status_code: int
    reason: str
    response_headers: list[tuple[str, str]]
    body: bytes
    ip_address: str | None = None
    truncated: str | None = None
    request_version: str = "HTTP/1.1"

    @cached_property
    def payload_digest(self) -> str:
        """The body's WARC-Payload-Digest, computed once for the record, dedup and the database."""
        return sha1_base32(self.body)


def sha1_base32(data: bytes) -> str:
    """The WARC-style digest of bytes: ``sha1:`` and the base32 of the SHA-1."""
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode("ascii")


def warc_date(moment: datetime | None = None) -> str:
    """A WARC-Date (UTC, seconds precision, ``Z``)."""
    moment = moment or datetime.now(UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def stored_headers(headers: list[tuple[str, str]], body_length: int) -> list[tuple[str, str]]:
    """Response headers made consistent with the de-chunked body that is stored.

    Transfer-Encoding is dropped (the framing is gone) and, when the server sent no
    Content-Length, one giving the stored length takes its place, as wget and warcprox do.
    """
    kept = [(k, v) for k, v in headers if k.lower() != "transfer-encoding"]
    if len(kept) != len(headers) and not any(k.lower() == "content-length" for k, _ in kept):
        kept.append(("Content-Length", str(body_length)))
    return kept


def _one_line(value: str) -> str:
    return " ".join(value.split())


@dataclass
class Prepared:
    """A record serialized (uncompressed) and ready to append; ``indexed`` makes its index
    entry once its place is known (None for records the index leaves out)."""

    data: bytes
    record_id: str
    indexed: Callable[[RecordLocation], WrittenRecord] | None


def _prepare(record: Any) -> Prepared:
    buffer = io.BytesIO()
    WARCWriter(buffer, gzip=False, warc_version="1.1").write_record(record)
    indexed = None
    if record.rec_type in INDEXED_TYPES:
        indexed = functools.partial(_written, _index_fields(record))
    return Prepared(buffer.getvalue(), record.rec_headers.get_header("WARC-Record-ID"), indexed)


def gzip_member(data: bytes) -> bytes:
    """One record compressed as its own gzip member, at GZIP_LEVEL."""
    compressor = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, zlib.MAX_WBITS + 16)
    return compressor.compress(data) + compressor.flush()


def _index_fields(record: Any) -> dict[str, Any]:
    headers = record.rec_headers
    http = record.http_headers
    status = http.get_statuscode() if http is not None else None
    return {
        "uri": headers.get_header("WARC-Target-URI") or "",
        "date": headers.get_header("WARC-Date") or "",
        "record_type": record.rec_type,
        "status": int(status) if status and status.isdigit() else None,
        "mime": header_value(list(http.headers), "Content-Type")
        if http is not None
        else record.content_type,
        "digest": headers.get_header("WARC-Payload-Digest"),
    }


def _written(fields: dict[str, Any], location: RecordLocation) -> WrittenRecord:
    return WrittenRecord(
        filename=location.warc_file, offset=location.offset, length=location.length, **fields
    )


class WarcFile:
    """Appends records to ``<prefix>-<timestamp>-<serial>.warc.gz`` files in one folder.

    A file is written as ``NAME.open`` (locked, so recovery leaves it alone while its writer
    lives) and renamed to ``NAME`` by ``close()`` or on rotation, once it passes ``max_size``
    bytes. Every file opens with a warcinfo record. ``on_close(name, records)`` is called with
    each finished file's response, resource and revisit records, to index them.
    """

    def __init__(
        self,
        directory: str | Path,
        *,
        prefix: str = "citevault",
        max_size: int = DEFAULT_MAX_SIZE,
        info: dict[str, str] | None = None,
        on_close: Callable[[str, list[WrittenRecord]], None] | None = None,
    ) -> None:
        self.directory = Path(directory)
        self.prefix = prefix
        self.max_size = max_size
        self.info = info or {}
        self.serial = 0
        self._stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S%f")
        self._name: str | None = None
        self._out: IO[bytes] | None = None
        self._builder = WARCWriter(io.BytesIO(), gzip=False, warc_version="1.1")
        self.files: list[str] = []
        self.on_close = on_close
        self._written: list[WrittenRecord] = []

    # Building a record (Python work) and appending it (compression and I/O, which release the
    # GIL) are apart, so a crawler can build on its event loop and append on a writer thread.

    def build_exchange(
        self, exchange: HttpExchange, date: str | None = None, revisit: Revisit | None = None
    ) -> list[Prepared]:
        """The response and request records of an exchange, linked by WARC-Concurrent-To.

        With ``revisit``, the response is a revisit record (profile identical-payload-digest)
        that points at the earlier capture instead of a second copy.
        """
        date = date or warc_date()
        request_line = f"{exchange.method} {exchange.request_target} {exchange.request_version}"
        request = self._builder.create_warc_record(
            exchange.url,
            "request",
            payload=io.BytesIO(b""),
            length=0,
            http_headers=StatusAndHeaders(
                request_line, exchange.request_headers, is_http_request=True
            ),
            warc_headers_dict={"WARC-Date": date},
        )
        response_headers: dict[str, str] = {"WARC-Date": date}
        if revisit is None:
            response_headers["WARC-Payload-Digest"] = exchange.payload_digest
        if exchange.ip_address:
            response_headers["WARC-IP-Address"] = exchange.ip_address
        if exchange.truncated:
            response_headers["WARC-Truncated"] = exchange.truncated
        http_headers = StatusAndHeaders(
            f"{exchange.status_code} {exchange.reason}".strip(),
            stored_headers(exchange.response_headers, len(exchange.body)),
            protocol=exchange.http_version,
        )
        if revisit is None:
            response = self._builder.create_warc_record(
                exchange.url,
                "response",
                payload=io.BytesIO(exchange.body),
                length=len(exchange.body),
                http_headers=http_headers,
                warc_headers_dict=response_headers,
            )
        else:
            if revisit.record_id:
                response_headers["WARC-Refers-To"] = revisit.record_id
            response = self._builder.create_revisit_record(
                exchange.url,
                exchange.payload_digest,
                revisit.target_uri,
                revisit.date,
                http_headers=http_headers,
                warc_headers_dict=response_headers,
            )
        request.rec_headers.add_header(
            "WARC-Concurrent-To", response.rec_headers.get_header("WARC-Record-ID")
        )
        return [_prepare(response), _prepare(request)]

    def build_resource(
        self, uri: str, content: bytes, content_type: str, date: str | None = None
    ) -> list[Prepared]:
        """A resource record (a local file archived as it is)."""
        record = self._builder.create_warc_record(
            uri,
            "resource",
            payload=io.BytesIO(content),
            length=len(content),
            warc_content_type=content_type,
            warc_headers_dict={"WARC-Date": date or warc_date()},
        )
        return [_prepare(record)]

    def build_metadata(
        self, uri: str, fields: list[tuple[str, str]], concurrent_to: str | None = None
    ) -> list[Prepared]:
        """A metadata record (``application/warc-fields``) about a fetch."""
        body = "".join(f"{name}: {_one_line(value)}\r\n" for name, value in fields).encode()
        headers = {"WARC-Date": warc_date()}
        if concurrent_to:
            headers["WARC-Concurrent-To"] = concurrent_to
        record = self._builder.create_warc_record(
            uri,
            "metadata",
            payload=io.BytesIO(body),
            length=len(body),
            warc_content_type="application/warc-fields",
            warc_headers_dict=headers,
        )
        return [_prepare(record)]

    def append(self, records: list[Prepared]) -> list[RecordLocation]:
        """Compress each record as its own gzip member and append it; locate each one."""
        out, name = self._open()
        locations = []
        for record in records:
            offset = out.tell()
            out.write(gzip_member(record.data))
            location = RecordLocation(name, offset, out.tell() - offset, record.record_id)
            locations.append(location)
            if record.indexed is not None:
                self._written.append(record.indexed(location))
        out.flush()
        if out.tell() >= self.max_size:
            self.close()
        return locations

    def write_exchange(
        self, exchange: HttpExchange, date: str | None = None, revisit: Revisit | None = None
    ) -> RecordLocation:
        """Build and append an exchange's records; locate the response."""
        return self.append(self.build_exchange(exchange, date, revisit))[0]

    def _open(self) -> tuple[IO[bytes], str]:
        if self._out is not None and self._name is not None:
            return self._out, self._name
        self.directory.mkdir(parents=True, exist_ok=True)
        while True:
            name = f"{self.prefix}-{self._stamp}-{self.serial:05d}.warc.gz"
            self.serial += 1
            try:
                out = open(self.directory / (name + OPEN_SUFFIX), "xb")
            except FileExistsError:
                continue
            lock_exclusively(out)
            break
        self._out, self._name = out, name
        self.files.append(name)
        info = {"software": SOFTWARE, "format": "WARC File Format 1.1", **self.info}
        out.write(gzip_member(_prepare(self._builder.create_warcinfo_record(name, info)).data))
        return out, name

    def close(self) -> None:
        """Finish the current file: close it, drop its ``.open`` suffix, report its records."""
        if self._out is None or self._name is None:
            return
        self._out.close()
        os.replace(self.directory / (self._name + OPEN_SUFFIX), self.directory / self._name)
        name, written = self._name, self._written
        self._out = None
        self._name = None
        self._written = []
        if self.on_close is not None:
            self.on_close(name, written)

    def __enter__(self) -> WarcFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
