"""Reading archived records back from WARC (and legacy ARC) files: framing, headers, payloads.

Every record is framed strictly: a gzip member holds exactly one record, an uncompressed WARC
record ends with CRLF CRLF, and an ARC record is exactly as long as its header line says. What
does not frame that way raises ``RecordError`` naming the offset, never a guess at resynchronising.
"""

from __future__ import annotations

import io
import uuid
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import BinaryIO

from .errors import RecordError
from .httpparse import (
    add_field_line,
    dechunk,
    decode_content,
    header_value,
    parse_http_head,
    split_http,
    status_of,
)

GZIP_MAGIC = b"\x1f\x8b"
ARC_SUFFIXES = (".arc", ".arc.gz")
HTTP_RECORD_TYPES = ("response", "revisit", "request")
_ARC_SCHEMES = frozenset({"http", "https", "ftp", "dns", "filedesc", "file", "whois", "gopher"})
_CHUNK = 1 << 16
_MAX_LINE = 1 << 16
_MAX_HEADER = 1 << 20
# Bytes a gzip member may hold after its record (the CRLF CRLF, a stray newline or two).
_MEMBER_SLACK = 64
_RECOMPRESS = "'warcio recompress FILE FIXED' rewrites it with one gzip member per record"


@dataclass
class RawRecord:
    """One record as framed in its file: where it lies, its named fields and its block.

    ``length`` is the gzip member's size for compressed records, else the header and block
    without the separator that follows (as warcio and pywb count it). ARC records get WARC-style
    fields (WARC-Type, WARC-Target-URI, WARC-Date, a stable WARC-Record-ID) so callers need
    not care which format they came from.
    """

    offset: int
    length: int
    format: str
    headers: list[tuple[str, str]]
    block: bytes
    compressed: bool = False

    def header(self, name: str) -> str | None:
        """The value of a named field (case-insensitive), or None."""
        return header_value(self.headers, name)

    @property
    def record_type(self) -> str:
        """WARC-Type, lower-cased."""
        return (self.header("WARC-Type") or "").strip().lower()

    @property
    def record_id(self) -> str:
        """WARC-Record-ID, angle brackets included."""
        return (self.header("WARC-Record-ID") or "").strip()

    @property
    def target_uri(self) -> str:
        """WARC-Target-URI, cleaned as readers expect it."""
        return clean_target_uri(self.header("WARC-Target-URI") or "")

    @property
    def date(self) -> str:
        """WARC-Date as written."""
        return (self.header("WARC-Date") or "").strip()

    @property
    def has_http(self) -> bool:
        """True when the block is an HTTP message (headers, then the payload)."""
        if self.record_type not in HTTP_RECORD_TYPES:
            return False
        content_type = (self.header("Content-Type") or "").lower()
        return content_type.startswith("application/http") or self.block.startswith(b"HTTP/")

    def http_parts(self) -> tuple[bytes, bytes]:
        """The HTTP header block and the payload as stored (no HTTP part: empty, whole block)."""
        if not self.has_http:
            return b"", self.block
        return split_http(self.block)

    @cached_property
    def http_head(self) -> tuple[str, list[tuple[str, str]]]:
        """The HTTP status (or request) line and header fields; empty with no HTTP part.

        Parsed once, as indexing, checking and importing a record all read it.
        """
        head = self.http_parts()[0]
        return parse_http_head(head) if head else ("", [])

    @property
    def payload(self) -> bytes:
        """The payload as stored (after any HTTP headers)."""
        return self.http_parts()[1]


@dataclass
class ArchivedRecord:
    """A WARC record read back: its headers, the HTTP response (if any) and the payload.

    ``payload`` is the body with transfer and content encodings removed (what a browser shows);
    ``raw_payload`` the body exactly as stored.
    """

    target_uri: str
    date: str
    record_type: str
    record_id: str
    status_code: int | None
    http_headers: list[tuple[str, str]] = field(default_factory=list)
    content_type: str | None = None
    payload: bytes = b""
    raw_payload: bytes = b""
    warc_headers: list[tuple[str, str]] = field(default_factory=list)


def clean_target_uri(uri: str) -> str:
    """A target URI as readers expect it: no angle brackets (old wget), spaces percent-encoded."""
    uri = uri.strip()
    if uri.startswith("<") and uri.endswith(">"):
        uri = uri[1:-1].strip()
    return uri.replace(" ", "%20")


def locate_warc(path: str | Path) -> Path:
    """The WARC file at ``path``, or its ``.open`` twin while it is still being written."""
    path = Path(path)
    if path.exists():
        return path
    still_open = path.with_name(path.name + ".open")
    if still_open.exists():
        return still_open
    raise RecordError(f"WARC file not found: {path}")


def read_record(path: str | Path, offset: int) -> ArchivedRecord:
    """Read the record that starts at ``offset`` in a WARC (or ARC) file."""
    warc = locate_warc(path)
    try:
        with open(warc, "rb") as stream:
            raw = read_raw_record(stream, offset, allow_arc=is_arc_file(stream, warc))
    except RecordError as exc:
        raise RecordError(f"{exc} of {warc}") from exc
    except OSError as exc:
        raise RecordError(f"cannot read record at offset {offset} of {warc}: {exc}") from exc
    if raw is None:
        raise RecordError(f"no record at offset {offset} of {warc}: the file ends before it")
    return archived_record(raw)


def archived_record(raw: RawRecord) -> ArchivedRecord:
    """The HTTP view of a framed record: status, headers, content type, decoded payload."""
    head, stored = raw.http_parts()
    status_line, http_headers = raw.http_head
    status = status_of(status_line) if raw.record_type in ("response", "revisit") else None
    content_type = (
        header_value(http_headers, "Content-Type") if head else raw.header("Content-Type")
    )
    body = stored
    if "chunked" in (header_value(http_headers, "Transfer-Encoding") or "").lower():
        body = dechunk(stored)
    return ArchivedRecord(
        target_uri=raw.target_uri,
        date=raw.date,
        record_type=raw.record_type,
        record_id=raw.record_id,
        status_code=status,
        http_headers=http_headers,
        content_type=content_type,
        payload=decode_content(body, header_value(http_headers, "Content-Encoding")),
        raw_payload=stored,
        warc_headers=list(raw.headers),
    )


def iter_records(path: str | Path) -> Iterator[RawRecord]:
    """Every record of a WARC or ARC file in order; a framing fault raises ``RecordError``.

    The records before the fault have been yielded by then, so a caller keeps what was read.
    """
    with open(path, "rb") as stream:
        allow_arc = is_arc_file(stream, Path(path))
        offset = 0
        while True:
            record = read_raw_record(stream, offset, allow_arc=allow_arc)
            if record is None:
                return
            yield record
            offset = _next_offset(stream, record)


def is_arc_file(stream: BinaryIO, path: Path) -> bool:
    """True for a legacy ARC file: named ``.arc``/``.arc.gz`` or opening with a filedesc record."""
    if path.name.lower().endswith(ARC_SUFFIXES):
        return True
    stream.seek(0)
    start = stream.read(_CHUNK)
    if start.startswith(GZIP_MAGIC):
        try:
            start = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(start, 64)
        except zlib.error:
            return False
    return start.startswith(b"filedesc://")


def read_raw_record(
    stream: BinaryIO, offset: int, *, allow_arc: bool = False, size_hint: int = 0
) -> RawRecord | None:
    """The record framed at ``offset`` (None at the end of the file); ``RecordError`` if none.

    ``size_hint`` (the record's expected length) lets a compressed record be read in one call.
    """
    stream.seek(offset)
    magic = stream.read(2)
    if not magic:
        return None
    stream.seek(offset)
    try:
        if magic == GZIP_MAGIC:
            return _read_member(stream, offset, allow_arc, size_hint)
        return _parse_record(stream, offset, allow_arc)
    except zlib.error as exc:
        raise RecordError(f"corrupt gzip data ({exc}) at offset {offset}") from exc
    except _Incomplete:
        raise RecordError(
            f"file ends inside a record header (truncated) at offset {offset}"
        ) from None


class _Incomplete(Exception):
    """The bytes at hand end before the record header does."""


_Header = tuple[str, list[tuple[str, str]], int]


def _read_member(stream: BinaryIO, offset: int, allow_arc: bool, size_hint: int) -> RawRecord:
    content, member_length, header = _inflate_member(stream, offset, allow_arc, size_hint)
    inner = io.BytesIO(content)
    inner.seek(header[2])
    try:
        record = _finish_record(inner, offset, header)
    except RecordError as exc:
        if "truncated" in str(exc):
            raise RecordError(
                f"record does not fit in its gzip member ({_RECOMPRESS}) at offset {offset}"
            ) from None
        raise
    if content[inner.tell() :].strip(b"\r\n"):
        raise RecordError(
            f"gzip member holds more than one record ({_RECOMPRESS}) at offset {offset}"
        )
    record.length, record.compressed = member_length, True
    return record


def _inflate_member(
    stream: BinaryIO, offset: int, allow_arc: bool, size_hint: int
) -> tuple[bytes, int, _Header]:
    """Decompress the gzip member at ``offset``; stop early when it holds more than one record."""
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    out = bytearray()
    pending = b""
    consumed = 0
    header: _Header | None = None
    needed = _MAX_HEADER
    while not inflater.eof:
        if not pending:
            pending = stream.read(max(size_hint, _CHUNK) if consumed == 0 else _CHUNK)
            if not pending:
                raise RecordError(f"gzip member cut short (file truncated) at offset {offset}")
            consumed += len(pending)
        budget = needed - len(out) if header is None else needed + _MEMBER_SLACK - len(out)
        if budget <= 0:
            raise RecordError(
                f"gzip member holds more than one record ({_RECOMPRESS}) at offset {offset}"
            )
        out += inflater.decompress(pending, budget)
        pending = inflater.unconsumed_tail
        if header is None:
            header = _probe_header(bytes(out[:_MAX_HEADER]), offset, allow_arc)
            if header is not None:
                needed = header[2] + _content_length(header[1], offset)
    if header is None:
        raise RecordError(f"gzip member ends inside a record header at offset {offset}")
    member_length = consumed - len(inflater.unused_data)
    stream.seek(offset + member_length)
    return bytes(out), member_length, header


def _probe_header(head: bytes, offset: int, allow_arc: bool) -> _Header | None:
    """The header that ``head`` starts with, or None while it is not complete yet."""
    try:
        return _read_header(io.BytesIO(head), offset, allow_arc)
    except _Incomplete:
        if len(head) >= _MAX_HEADER:
            raise RecordError(f"no record header ends within 1 MB at offset {offset}") from None
        return None


def _parse_record(stream: BinaryIO, offset: int, allow_arc: bool) -> RawRecord:
    """Read header and block from ``stream`` (positioned at the record), then its separator."""
    return _finish_record(stream, offset, _read_header(stream, offset, allow_arc))


def _finish_record(stream: BinaryIO, offset: int, header: _Header) -> RawRecord:
    """Read the block that follows a parsed header, and check the separator after it."""
    record_format, headers, header_length = header
    declared = _content_length(headers, offset)
    block = stream.read(declared)
    if len(block) < declared:
        raise RecordError(
            f"record truncated: {len(block)} of {declared} block bytes present at offset {offset}"
        )
    if record_format == "arc":
        headers = [*headers, ("WARC-Record-ID", _arc_record_id(headers, offset))]
        if (header_value(headers, "WARC-Target-URI") or "").startswith("filedesc:"):
            headers[0] = ("WARC-Type", "warcinfo")
    end = stream.tell()
    if record_format == "warc" and _skip_separator(stream) == 0:
        raise RecordError(
            f"record does not end with CRLF CRLF where its Content-Length ({declared}) says "
            f"at offset {offset}"
        )
    stream.seek(end)
    return RawRecord(offset, header_length + declared, record_format, headers, block)


def _next_offset(stream: BinaryIO, record: RawRecord) -> int:
    """Where the record after ``record`` starts: past its separator for uncompressed files."""
    if record.compressed:
        return record.offset + record.length
    stream.seek(record.offset + record.length)
    _skip_separator(stream)
    return stream.tell()


def _skip_separator(stream: BinaryIO) -> int | None:
    """Skip the CR/LF bytes after a record and count them; None when the file ends first."""
    count = 0
    while True:
        byte = stream.read(1)
        if not byte:
            return count or None
        if byte not in (b"\r", b"\n"):
            stream.seek(-1, io.SEEK_CUR)
            return count
        count += 1


def _read_header(stream: BinaryIO, offset: int, allow_arc: bool) -> _Header:
    """The record's format, named fields and header size in bytes (blank line included)."""
    first = stream.readline(_MAX_LINE)
    complete = first.endswith(b"\n")
    if first.startswith(b"WARC/") or (not complete and b"WARC/".startswith(first)):
        if not complete:
            raise _Incomplete
        return "warc", *_read_warc_fields(stream, len(first), offset)
    if allow_arc and not complete and len(first) < _MAX_LINE:
        raise _Incomplete
    arc = _arc_fields(first, offset) if allow_arc else None
    if arc is not None:
        return "arc", arc, len(first)
    raise RecordError(f"no {'ARC or ' if allow_arc else ''}WARC record starts at offset {offset}")


def _read_line(stream: BinaryIO, offset: int) -> bytes:
    line = stream.readline(_MAX_LINE)
    if len(line) >= _MAX_LINE and not line.endswith(b"\n"):
        raise RecordError(f"record header line longer than 64 KB at offset {offset}")
    if not line.endswith(b"\n"):
        raise _Incomplete
    return line


def _read_warc_fields(
    stream: BinaryIO, size: int, offset: int
) -> tuple[list[tuple[str, str]], int]:
    headers: list[tuple[str, str]] = []
    while True:
        line = _read_line(stream, offset)
        size += len(line)
        text = line.decode("utf-8", "replace").rstrip("\r\n")
        if not text:
            return headers, size
        if size > _MAX_HEADER:
            raise RecordError(f"no record header ends within 1 MB at offset {offset}")
        add_field_line(headers, text)


def _content_length(headers: list[tuple[str, str]], offset: int) -> int:
    value = header_value(headers, "Content-Length")
    if value is None:
        raise RecordError(f"record has no Content-Length at offset {offset}")
    if not value.strip().isdigit():
        raise RecordError(f"invalid record length {value.strip()!r} at offset {offset}")
    return int(value)


def _arc_fields(line: bytes, offset: int) -> list[tuple[str, str]] | None:
    """WARC-style fields for an ARC header line (v1: URL IP DATE TYPE LENGTH; v2 has more)."""
    parts = line.decode("latin-1").rstrip("\r\n").split(" ")
    # A known scheme keeps an offset inside a header line from passing for a record start.
    if len(parts) < 5 or parts[0].split(":", 1)[0].lower() not in _ARC_SCHEMES:
        return None
    if _is_arc_date(parts[2]):
        url, ip, date, mime = parts[0], parts[1], parts[2], parts[3]
    elif _is_arc_date(parts[-3]):
        url, ip, date, mime = " ".join(parts[:-4]), parts[-4], parts[-3], parts[-2]
    else:
        return None
    length = parts[-1]
    if not length.isdigit():
        raise RecordError(f"invalid ARC record length {length!r} at offset {offset}")
    return [
        ("WARC-Type", "response"),
        ("WARC-Target-URI", url),
        ("WARC-Date", warc_date_of_timestamp(date)),
        ("WARC-IP-Address", ip),
        ("Content-Type", mime),
        ("Content-Length", length),
    ]


def _is_arc_date(value: str) -> bool:
    return value.isdigit() and 12 <= len(value) <= 18


def warc_date_of_timestamp(value: str) -> str:
    """A 14-digit CDX or ARC timestamp (a shorter one padded with zeros) as a WARC-Date."""
    digits = (value + "00000000000000")[:14]
    date, time = digits[:8], digits[8:]
    return f"{date[:4]}-{date[4:6]}-{date[6:]}T{time[:2]}:{time[2:4]}:{time[4:]}Z"


def _arc_record_id(headers: list[tuple[str, str]], offset: int) -> str:
    # ARC records carry no id: derive a stable one, the same every time the record is read.
    fields = dict(headers)
    seed = f"arc:{fields['WARC-Target-URI']} {fields['WARC-Date']} {offset}"
    return f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, seed)}>"
