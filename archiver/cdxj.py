"""A CDXJ index of the archive folder (pywb's format), kept sorted so it can be binary-searched.

One line per response, resource or revisit record: ``<SURT urlkey> <14-digit timestamp> {json}``,
the JSON holding url, mime, status, digest, length, offset and filename as pywb writes them
(numbers as strings, a SHA-1 digest without its ``sha1:`` prefix, empty fields left out).
"""

from __future__ import annotations

import fcntl
import heapq
import json
import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from .httpparse import header_value, status_of
from .reader import RawRecord, iter_records
from .warcfile import INDEXED_TYPES, sha1_base32

INDEX_NAME = "index.cdxj"
ARCHIVE_SUFFIXES = (".warc.gz", ".warc", ".arc.gz", ".arc")
REVISIT_MIME = "warc/revisit"
_MIME_END = re.compile(r"[; ]")


@dataclass(frozen=True)
class IndexEntry:
    """One line of the index: where a capture of a URL lies, and what it holds."""

    urlkey: str
    timestamp: str
    url: str
    mime: str | None
    status: int | None
    digest: str | None
    length: int
    offset: int
    filename: str
    record_type: str

    def to_line(self) -> str:
        """The entry as a CDXJ line (without its newline)."""
        fields: dict[str, Any] = {"url": self.url}
        optional = {"mime": self.mime, "status": self.status, "digest": self.digest}
        fields.update({k: str(v) for k, v in optional.items() if v not in (None, "", "-")})
        fields.update(length=str(self.length), offset=str(self.offset), filename=self.filename)
        return f"{self.urlkey} {self.timestamp} {json.dumps(fields)}"

    @classmethod
    def from_line(cls, line: str) -> IndexEntry:
        """Parse a CDXJ line (ours or another tool's); ``ValueError`` if it is not one."""
        urlkey, timestamp, text = line.rstrip("\r\n").split(" ", 2)
        fields = json.loads(text)
        status = str(fields.get("status", ""))
        mime = fields.get("mime")
        if mime == REVISIT_MIME:
            record_type = "revisit"
        else:
            record_type = "response" if status.isdigit() else "resource"
        return cls(
            urlkey=urlkey,
            timestamp=timestamp,
            url=str(fields.get("url", "")),
            mime=mime,
            status=int(status) if status.isdigit() else None,
            digest=fields.get("digest"),
            length=int(fields.get("length", 0)),
            offset=int(fields.get("offset", 0)),
            filename=str(fields.get("filename", "")),
            record_type=record_type,
        )

    def matches_digest(self, payload_digest: str) -> bool:
        """True when this capture's payload has the given WARC digest (``sha1:...``)."""
        return self.digest is not None and self.digest == cdx_digest(payload_digest)


def surt_key(url: str) -> str:
    """The SURT urlkey pywb computes for a URL (the URL itself when it cannot be parsed)."""
    import surt  # pulls in tldextract and requests: loaded on first use, not on every import

    try:
        return str(surt.surt(url))
    except Exception:  # surt raises assorted errors on odd URIs; pywb keeps them as they are
        return url


def cdx_timestamp(warc_date: str) -> str:
    """A WARC-Date (or a partial one) as the 14-digit timestamp of CDX lines."""
    digits = "".join(c for c in warc_date if c.isdigit())
    return (digits + "00000000000000")[:14]


def cdx_digest(payload_digest: str) -> str:
    """A WARC payload digest as pywb indexes it: SHA-1 without its prefix, others as written."""
    digest = payload_digest.strip()
    return digest[5:] if digest.lower().startswith("sha1:") else digest


def cdx_mime(content_type: str | None) -> str | None:
    """The media type alone, without parameters, as CDX lines carry it."""
    mime = _MIME_END.split(content_type.strip(), 1)[0] if content_type else ""
    return mime or None


def entry_for_record(
    *,
    url: str,
    warc_date: str,
    record_type: str,
    filename: str,
    offset: int,
    length: int,
    status: int | None = None,
    content_type: str | None = None,
    payload_digest: str | None = None,
) -> IndexEntry:
    """The index entry for a record just written (``payload_digest`` as in the WARC header)."""
    return IndexEntry(
        urlkey=surt_key(url),
        timestamp=cdx_timestamp(warc_date),
        url=url,
        mime=REVISIT_MIME if record_type == "revisit" else cdx_mime(content_type),
        status=status if record_type == "response" else None,
        digest=cdx_digest(payload_digest) if payload_digest else None,
        length=length,
        offset=offset,
        filename=filename,
        record_type=record_type,
    )


def entry_for_raw(
    record: RawRecord, filename: str, payload_sha1: str | None = None
) -> IndexEntry | None:
    """The index entry for a framed record, or None when pywb would not index it.

    ``payload_sha1`` (``sha1:...``), when the caller has computed it, is not computed again.
    """
    content_type = record.header("Content-Type") or ""
    if record.record_type not in INDEXED_TYPES or not record.target_uri:
        return None
    if content_type.lower().startswith("application/warc-fields"):
        return None
    head, payload = record.http_parts()
    status_line, http_headers = record.http_head
    if head and record.format == "warc":
        content_type = header_value(http_headers, "Content-Type") or ""
    digest = record.header("WARC-Payload-Digest")
    if not digest and record.record_type != "revisit":
        # pywb computes the digest of records that carry none (ARC records, some resources).
        digest = payload_sha1 or sha1_base32(payload)
    return entry_for_record(
        url=record.target_uri,
        warc_date=record.date,
        record_type=record.record_type,
        filename=filename,
        offset=record.offset,
        length=record.length,
        status=status_of(status_line),
        content_type=content_type,
        payload_digest=digest,
    )


def relative_name(path: Path, archive_dir: Path) -> str:
    """A file's name relative to the archive folder, with forward slashes."""
    try:
        return path.resolve().relative_to(archive_dir.resolve()).as_posix()
    except ValueError:
        return path.name


def index_records(path: Path, archive_dir: Path) -> Iterator[IndexEntry]:
    """Every indexable record of one WARC or ARC file; a framing fault raises ``RecordError``."""
    filename = relative_name(Path(path), Path(archive_dir))
    for record in iter_records(path):
        entry = entry_for_raw(record, filename)
        if entry is not None:
            yield entry


class CdxjIndex:
    """The sorted ``index.cdxj`` of an archive folder, safe to update from several processes."""

    def __init__(self, archive_dir: Path) -> None:
        self.archive_dir = Path(archive_dir)
        self.path = self.archive_dir / INDEX_NAME
        self.lock_path = self.archive_dir / (INDEX_NAME + ".lock")

    def add(self, entries: Iterable[IndexEntry]) -> None:
        """Merge entries into the index, keeping it sorted and free of duplicate lines."""
        lines = sorted({entry.to_line() for entry in entries})
        if not lines:
            return
        with self._locked():
            self._write(heapq.merge(self._existing_lines(), lines))

    def lookup(self, url: str) -> list[IndexEntry]:
        """Every entry for a URL (matched by SURT key), oldest first."""
        if not self.path.exists():
            return []
        key = (surt_key(url) + " ").encode("utf-8")
        entries = []
        with open(self.path, "rb") as stream:
            stream.seek(_first_line_from(stream, key, self.path.stat().st_size))
            for line in stream:
                if not line.startswith(key):
                    break
                entries.append(IndexEntry.from_line(line.decode("utf-8")))
        return entries

    def originals_of(
        self,
        url: str,
        payload_digest: str | None,
        *,
        record_types: tuple[str, ...] = ("response", "resource"),
        date: str | None = None,
        latest: bool = True,
    ) -> list[IndexEntry]:
        """Captures of ``url`` whose payload has this digest (any payload for None), best first.

        Best is the latest, or the oldest with ``latest=False``; with ``date`` (a WARC-Date),
        captures made at that moment come before the others.
        """
        found = [
            entry
            for entry in self.lookup(url)
            if entry.record_type in record_types
            and (payload_digest is None or entry.matches_digest(payload_digest))
        ]
        if latest:
            found.reverse()
        if date:
            stamp = cdx_timestamp(date)
            found.sort(key=lambda entry: entry.timestamp != stamp)
        return found

    def original_of(
        self,
        url: str,
        payload_digest: str | None,
        *,
        record_types: tuple[str, ...] = ("response", "resource"),
        date: str | None = None,
    ) -> IndexEntry | None:
        """The latest capture ``originals_of`` finds (the one made at ``date`` first), or None."""
        found = self.originals_of(url, payload_digest, record_types=record_types, date=date)
        return found[0] if found else None

    @contextmanager
    def _locked(self) -> Iterator[None]:
        self.archive_dir.mkdir(parents=True, exist_ok=True)
        with open(self.lock_path, "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def _existing_lines(self) -> Iterator[str]:
        if not self.path.exists():
            return
        with open(self.path, encoding="utf-8") as stream:
            for line in stream:
                if line.strip():
                    yield line.rstrip("\n")

    def _write(self, lines: Iterator[str]) -> None:
        """Write sorted lines to a temporary file, then swap it in (readers never see half)."""
        handle, temp_name = tempfile.mkstemp(prefix=".index.", dir=self.archive_dir)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                previous = None
                for line in lines:
                    if line != previous:
                        out.write(line + "\n")
                    previous = line
            os.replace(temp_name, self.path)
        except BaseException:
            Path(temp_name).unlink(missing_ok=True)
            raise


def _first_line_from(stream: BinaryIO, key: bytes, size: int) -> int:
    """The offset of the first line not sorting before ``key`` (binary search on the file)."""
    low, high = 0, size
    while low < high:
        middle = (low + high) // 2
        _, line = _line_at(stream, middle)
        if line and line < key:
            low = middle + 1
        else:
            high = middle
    return _line_at(stream, low)[0]


def _line_at(stream: BinaryIO, position: int) -> tuple[int, bytes]:
    """The first line starting at or after ``position``: its offset and its bytes."""
    if position == 0:
        stream.seek(0)
    else:
        stream.seek(position - 1)
        stream.readline()
    start = stream.tell()
    return start, stream.readline()
