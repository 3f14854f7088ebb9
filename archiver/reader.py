"""Reading one archived record back from its WARC file, by offset."""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from .errors import RecordError


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
    """Read the record that starts at ``offset`` in a WARC file."""
    warc = locate_warc(path)
    try:
        with open(warc, "rb") as stream:
            stream.seek(offset)
            for record in ArchiveIterator(stream, arc2warc=False):
                return _to_archived(record)
    except RecordError as exc:
        raise RecordError(f"{exc}: offset {offset} of {warc}") from exc
    except ArchiveLoadFailed as exc:
        raise RecordError(f"no WARC record starts at offset {offset} of {warc}") from exc
    except (OSError, ValueError, zlib.error, EOFError) as exc:
        reason = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
        raise RecordError(f"cannot read record at offset {offset} of {warc}: {reason}") from exc
    raise RecordError(f"no record at offset {offset} of {warc}")


def _to_archived(record: object) -> ArchivedRecord:
    if not str(getattr(record, "format", "")).startswith("warc"):
        raise RecordError("no WARC record starts at this offset")
    rec_headers = record.rec_headers  # type: ignore[attr-defined]
    if not rec_headers.get_header("WARC-Record-ID"):
        raise RecordError("no WARC record starts at this offset (no WARC-Record-ID)")
    http = record.http_headers  # type: ignore[attr-defined]
    raw = record.raw_stream.read()  # type: ignore[attr-defined]
    payload = _decode_content(raw, http.get_header("Content-Encoding") if http else None)
    status = None
    if http is not None and record.rec_type in ("response", "revisit"):  # type: ignore[attr-defined]
        code = http.get_statuscode()
        status = int(code) if code and code.isdigit() else None
    content_type = (
        http.get_header("Content-Type")
        if http is not None
        else rec_headers.get_header("Content-Type")
    )
    return ArchivedRecord(
        target_uri=rec_headers.get_header("WARC-Target-URI") or "",
        date=rec_headers.get_header("WARC-Date") or "",
        record_type=record.rec_type,  # type: ignore[attr-defined]
        record_id=rec_headers.get_header("WARC-Record-ID") or "",
        status_code=status,
        http_headers=list(http.headers) if http is not None else [],
        content_type=content_type,
        payload=payload,
        raw_payload=raw,
        warc_headers=list(rec_headers.headers),
    )


def _decode_content(body: bytes, encoding: str | None) -> bytes:
    """Undo a Content-Encoding (gzip, deflate, brotli if installed); others stay as stored."""
    encoding = (encoding or "").strip().lower()
    try:
        if encoding in ("gzip", "x-gzip"):
            return zlib.decompress(body, 16 + zlib.MAX_WBITS)
        if encoding == "deflate":
            try:
                return zlib.decompress(body)
            except zlib.error:
                return zlib.decompress(body, -zlib.MAX_WBITS)
        if encoding == "br":
            import brotli

            return bytes(brotli.decompress(body))
    except Exception:
        return body
    return body
