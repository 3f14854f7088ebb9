"""Writing WARC files: named, rotated, written as ``.open`` and renamed when complete."""

from __future__ import annotations

import base64
import hashlib
import io
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from . import __version__

DEFAULT_MAX_SIZE = 1_000_000_000
SOFTWARE = f"citevault/{__version__} (warcio)"


@dataclass
class RecordLocation:
    """Where a written record lies: file name (relative), offset and length in bytes."""

    warc_file: str
    offset: int
    length: int
    record_id: str


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


def sha1_base32(data: bytes) -> str:
    """The WARC-style digest of bytes: ``sha1:`` and the base32 of the SHA-1."""
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode("ascii")


def warc_date(moment: datetime | None = None) -> str:
    """A WARC-Date (UTC, seconds precision, ``Z``)."""
    moment = moment or datetime.now(UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _stored_headers(headers: list[tuple[str, str]]) -> list[tuple[str, str]]:
    # The body is stored de-chunked, so a Transfer-Encoding header would lie about it.
    return [(k, v) for k, v in headers if k.lower() != "transfer-encoding"]


class WarcFile:
    """Appends records to ``<prefix>-<timestamp>-<serial>.warc.gz`` files in one folder.

    A file is written as ``NAME.open`` and renamed to ``NAME`` by ``close()`` or on rotation,
    once it passes ``max_size`` bytes. Every file opens with a warcinfo record.
    """

    def __init__(
        self,
        directory: str | Path,
        *,
        prefix: str = "citevault",
        max_size: int = DEFAULT_MAX_SIZE,
        info: dict[str, str] | None = None,
    ) -> None:
        self.directory = Path(directory)
        self.prefix = prefix
        self.max_size = max_size
        self.info = info or {}
        self.serial = 0
        self._stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S%f")
        self._name: str | None = None
        self._out: IO[bytes] | None = None
        self._writer: WARCWriter | None = None
        self.files: list[str] = []

    @property
    def current_name(self) -> str | None:
        return self._name

    def _open(self) -> WARCWriter:
        if self._writer is not None:
            return self._writer
        self.directory.mkdir(parents=True, exist_ok=True)
        while True:
            name = f"{self.prefix}-{self._stamp}-{self.serial:05d}.warc.gz"
            self.serial += 1
            try:
                self._out = open(self.directory / (name + ".open"), "xb")
                break
            except FileExistsError:
                continue
        self._name = name
        self.files.append(name)
        self._writer = WARCWriter(self._out, gzip=True)
        info = {"software": SOFTWARE, "format": "WARC File Format 1.1", **self.info}
        self._writer.write_record(self._writer.create_warcinfo_record(name, info))
        return self._writer

    def _write(self, *records: Any) -> list[RecordLocation]:
        writer = self._open()
        assert self._out is not None and self._name is not None
        locations = []
        for record in records:
            offset = self._out.tell()
            writer.write_record(record)
            locations.append(
                RecordLocation(
                    self._name,
                    offset,
                    self._out.tell() - offset,
                    record.rec_headers.get_header("WARC-Record-ID"),
                )
            )
        self._out.flush()
        if self._out.tell() >= self.max_size:
            self.close()
        return locations

    def write_exchange(self, exchange: HttpExchange, date: str | None = None) -> RecordLocation:
        """Write a request and its response (linked by WARC-Concurrent-To); locate the response."""
        writer = self._open()
        date = date or warc_date()
        request_line = f"{exchange.method} {exchange.request_target} {exchange.request_version}"
        request = writer.create_warc_record(
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
        if exchange.ip_address:
            response_headers["WARC-IP-Address"] = exchange.ip_address
        if exchange.truncated:
            response_headers["WARC-Truncated"] = exchange.truncated
        response = writer.create_warc_record(
            exchange.url,
            "response",
            payload=io.BytesIO(exchange.body),
            length=len(exchange.body),
            http_headers=StatusAndHeaders(
                f"{exchange.status_code} {exchange.reason}".strip(),
                _stored_headers(exchange.response_headers),
                protocol=exchange.http_version,
            ),
            warc_headers_dict=response_headers,
        )
        response_id = response.rec_headers.get_header("WARC-Record-ID")
        request.rec_headers.add_header("WARC-Concurrent-To", response_id)
        response_location, _ = self._write(response, request)
        return response_location

    def write_resource(
        self, uri: str, content: bytes, content_type: str, date: str | None = None
    ) -> RecordLocation:
        """Write a resource record (a local file archived as it is)."""
        writer = self._open()
        record = writer.create_warc_record(
            uri,
            "resource",
            payload=io.BytesIO(content),
            length=len(content),
            warc_content_type=content_type,
            warc_headers_dict={"WARC-Date": date or warc_date()},
        )
        return self._write(record)[0]

    def close(self) -> None:
        """Finish the current file: close it and drop its ``.open`` suffix."""
        if self._out is None or self._name is None:
            return
        self._out.close()
        os.replace(self.directory / (self._name + ".open"), self.directory / self._name)
        self._out = None
        self._writer = None
        self._name = None

    def __enter__(self) -> WarcFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
