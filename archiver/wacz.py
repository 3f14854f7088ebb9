"""WACZ packages: chosen records of the archive copied into one ZIP that replay tools open.

A package (WACZ 1.1.1) holds ``archive/<name>.warc.gz`` (a warcinfo record, then a copy of each
chosen record's bytes), ``indexes/index.cdxj`` (offsets in that copy), ``pages/pages.jsonl``,
any extra resources, ``datapackage.json`` (sha256 and size of every member) and
``datapackage-digest.json``. WARC and index members are STORED so replay can read byte ranges.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import tempfile
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from itertools import groupby
from pathlib import Path, PurePosixPath
from typing import IO, BinaryIO

from warcio.warcwriter import WARCWriter

from .cdxj import CdxjIndex, IndexEntry, entry_for_raw
from .errors import ArchiverError, RecordError
from .reader import RawRecord, is_arc_file, locate_warc, read_raw_record
from .warcfile import SOFTWARE, gzip_member, warc_date

WACZ_VERSION = "1.1.1"
WARC_NAME = "data.warc.gz"
INDEX_PATH = "indexes/index.cdxj"
PAGES_PATH = "pages/pages.jsonl"
DATAPACKAGE = "datapackage.json"
DATAPACKAGE_DIGEST = "datapackage-digest.json"
_RESERVED = frozenset({INDEX_PATH, PAGES_PATH, DATAPACKAGE, DATAPACKAGE_DIGEST})
# Records a crawler writes right after the one they describe (request, metadata).
_COMPANION_TYPES = ("request", "metadata")
_MAX_COMPANIONS = 4
_COPY_CHUNK = 1 << 20


class WaczError(ArchiverError):
    """A WACZ package could not be written (bad resource path, unresolvable revisit, ...)."""


@dataclass(frozen=True)
class RecordRef:
    """A record already in the archive: its WARC file, offset and length in bytes."""

    warc_file: Path
    offset: int
    length: int = 0


@dataclass(frozen=True)
class Page:
    """One entry of ``pages.jsonl``: a URL a visitor may open, when it was captured, a title."""

    url: str
    ts: str
    title: str | None = None

    def to_json(self) -> dict[str, str]:
        """The page as a ``json-pages-1.0`` line, with an id stable across exports."""
        page_id = hashlib.sha1(f"{self.ts} {self.url}".encode()).hexdigest()[:32]
        line = {"id": page_id, "url": self.url, "ts": self.ts}
        if self.title:
            line["title"] = self.title
        return line


@dataclass(frozen=True)
class Resource:
    """One member of the package as ``datapackage.json`` lists it."""

    name: str
    path: str
    hash: str
    bytes: int

    def to_json(self) -> dict[str, str | int]:
        """The resource entry of ``datapackage.json``."""
        return {"name": self.name, "path": self.path, "hash": self.hash, "bytes": self.bytes}


@dataclass
class WaczSummary:
    """What a package holds: its path, how many records and pages, and every member."""

    path: Path
    records: int
    pages: int
    resources: list[Resource] = field(default_factory=list)


def write_wacz(
    path: str | Path,
    records: list[RecordRef],
    pages: list[Page],
    extra_resources: Mapping[str, bytes] | None = None,
    *,
    title: str = "citevault export",
    description: str | None = None,
    archive_dir: str | Path | None = None,
    created: datetime | None = None,
) -> WaczSummary:
    """Write a WACZ package of the given records and pages; nothing is left behind on failure.

    Each record comes with the request and metadata records written just after it for the
    same exchange; a revisit comes with the record it refers to, found through the CDXJ index
    of ``archive_dir`` (else in the records' own files). ``extra_resources`` maps paths inside
    the package (``folder/name``) to their bytes.
    """
    out_path = Path(path)
    extras = _checked_extras(extra_resources or {})
    moment = (created or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    raws = _collect(records, Path(archive_dir) if archive_dir is not None else None)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=f".{out_path.name}.", dir=out_path.parent)
    os.close(handle)
    try:
        with tempfile.TemporaryDirectory(prefix=".wacz-", dir=out_path.parent) as work:
            warc_path = Path(work) / WARC_NAME
            entries = _write_warc(warc_path, raws, moment)
            members = _members(warc_path, entries, pages, extras, title)
            resources = _write_zip(Path(temp_name), members, title, description, pages, moment)
        os.replace(temp_name, out_path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    return WaczSummary(out_path, len(raws), len(pages), resources)


# -- choosing records ---------------------------------------------------------------------------


_Key = tuple[Path, int]


def _collect(refs: list[RecordRef], archive_dir: Path | None) -> list[tuple[Path, RawRecord]]:
    """Every record to copy, in order, each once: the chosen ones, companions, originals."""
    chosen: dict[_Key, tuple[Path, RawRecord]] = {}
    for ref in refs:
        warc = locate_warc(ref.warc_file).resolve()
        for key, raw in _with_companions(warc, ref.offset, ref.length):
            if raw.record_type == "revisit":
                for original in _originals(warc, raw, archive_dir):
                    chosen.setdefault(original[0], original[1])
            chosen.setdefault(key, (warc, raw))
    return list(chosen.values())


def _with_companions(warc: Path, offset: int, length: int) -> Iterator[tuple[_Key, RawRecord]]:
    """The record at ``offset``, then the records after it that are WARC-Concurrent-To it."""
    with open(warc, "rb") as stream:
        first = _read_at(stream, warc, offset, length)
        yield (warc, offset), first
        position = offset + first.length
        for _ in range(_MAX_COMPANIONS):
            position = _skip_blank(stream, position)
            try:
                raw = read_raw_record(stream, position)
            except RecordError:
                return
            if raw is None or not _is_companion(raw, first.record_id):
                return
            yield (warc, position), raw
            position += raw.length


def _read_at(stream: BinaryIO, warc: Path, offset: int, length: int) -> RawRecord:
    if is_arc_file(stream, warc):
        raise WaczError(f"{warc} is an ARC file: only WARC records can be packaged")
    try:
        raw = read_raw_record(stream, offset, size_hint=length)
    except RecordError as exc:
        raise RecordError(f"{exc} of {warc}") from exc
    if raw is None:
        raise RecordError(f"no record at offset {offset} of {warc}: the file ends before it")
    return raw


def _skip_blank(stream: BinaryIO, position: int) -> int:
    """The offset of the next record: uncompressed records are followed by CRLF CRLF."""
    stream.seek(position)
    head = stream.read(8)
    return position + len(head) - len(head.lstrip(b"\r\n"))


def _is_companion(raw: RawRecord, record_id: str) -> bool:
    concurrent = (raw.header("WARC-Concurrent-To") or "").strip()
    return raw.record_type in _COMPANION_TYPES and bool(record_id) and concurrent == record_id


def _originals(
    warc: Path, revisit: RawRecord, archive_dir: Path | None
) -> list[tuple[_Key, tuple[Path, RawRecord]]]:
    """The record a revisit refers to (and its companions), or ``WaczError`` if it is gone."""
    found = _original_from_index(revisit, archive_dir) if archive_dir is not None else None
    if found is None:
        found = _original_in_file(warc, revisit)
    if found is None:
        raise WaczError(
            f"the revisit of {revisit.target_uri} at offset {revisit.offset} of {warc} refers "
            "to a record found neither in the archive's index nor in its own file: restore "
            "the WARC file that held the original capture"
        )
    original_warc, offset = found
    return [(key, (original_warc, raw)) for key, raw in _with_companions(original_warc, offset, 0)]


def _original_from_index(revisit: RawRecord, archive_dir: Path) -> _Key | None:
    uri = (revisit.header("WARC-Refers-To-Target-URI") or revisit.target_uri).strip()
    date = (revisit.header("WARC-Refers-To-Date") or "").strip()
    digest = (revisit.header("WARC-Payload-Digest") or "").strip()
    # The capture of the referred date when the index has it, else the latest with the payload.
    chosen = CdxjIndex(archive_dir).original_of(uri, digest or None, date=date or None)
    if chosen is None:
        return None
    return (archive_dir / chosen.filename).resolve(), chosen.offset


def _original_in_file(warc: Path, revisit: RawRecord) -> _Key | None:
    """Search the revisit's own file by record id (a crawl usually revisits within one file)."""
    refers_to = (revisit.header("WARC-Refers-To") or "").strip()
    if not refers_to:
        return None
    with open(warc, "rb") as stream:
        position = 0
        while position < revisit.offset:
            raw = read_raw_record(stream, _skip_blank(stream, position))
            if raw is None:
                return None
            if raw.record_id == refers_to:
                return warc, raw.offset
            position = raw.offset + raw.length
    return None


# -- writing ------------------------------------------------------------------------------------


def _write_warc(
    path: Path, raws: list[tuple[Path, RawRecord]], moment: datetime
) -> list[IndexEntry]:
    """A warcinfo record, then each record's bytes, every record one gzip member.

    The index entries of the copies are made as they are written, not by reading them back.
    """
    entries = []
    with open(path, "wb") as out:
        out.write(_warcinfo(path.name, moment))
        # Each source file is opened once for a run of its records, never once per record.
        for warc, group in groupby(raws, key=lambda pair: pair[0]):
            with open(warc, "rb") as source:
                for _, raw in group:
                    member = _member_bytes(source, raw)
                    entry = entry_for_raw(raw, path.name)
                    if entry is not None:
                        entries.append(replace(entry, offset=out.tell(), length=len(member)))
                    out.write(member)
    return entries


def _warcinfo(name: str, moment: datetime) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True, warc_version="1.1")
    info = {"software": SOFTWARE, "format": "WARC File Format 1.1"}
    record = writer.create_warcinfo_record(name, info)
    record.rec_headers.replace_header("WARC-Date", warc_date(moment))
    record.rec_headers.replace_header("WARC-Record-ID", f"<urn:uuid:{_uuid_of(name, moment)}>")
    writer.write_record(record)
    return buffer.getvalue()


def _uuid_of(name: str, moment: datetime) -> str:
    """A record id derived from the package's name and date, so exports compare byte for byte."""
    digest = hashlib.sha1(f"{name} {moment.isoformat()}".encode()).hexdigest()
    return f"{digest[:8]}-{digest[8:12]}-5{digest[13:16]}-8{digest[17:20]}-{digest[20:32]}"


def _member_bytes(source: BinaryIO, raw: RawRecord) -> bytes:
    """The record as a gzip member: copied as it is, or compressed when stored uncompressed."""
    source.seek(raw.offset)
    data = source.read(raw.length)
    return data if raw.compressed else gzip_member(data + b"\r\n\r\n")


_Member = tuple[str, Path | bytes, int]


def _members(
    warc_path: Path,
    entries: list[IndexEntry],
    pages: list[Page],
    extras: dict[str, bytes],
    title: str,
) -> list[_Member]:
    """The package's members before datapackage.json: (path, content, ZIP compression)."""
    index = sorted(entry.to_line() for entry in entries)
    header = {"format": "json-pages-1.0", "id": "pages", "title": title}
    lines = [json.dumps(header)] + [json.dumps(page.to_json()) for page in pages]
    members: list[_Member] = [
        (f"archive/{WARC_NAME}", warc_path, zipfile.ZIP_STORED),
        (INDEX_PATH, "".join(line + "\n" for line in index).encode(), zipfile.ZIP_STORED),
        (PAGES_PATH, "".join(line + "\n" for line in lines).encode(), zipfile.ZIP_DEFLATED),
    ]
    members += [(name, data, zipfile.ZIP_DEFLATED) for name, data in sorted(extras.items())]
    return members


def _write_zip(
    path: Path,
    members: list[_Member],
    title: str,
    description: str | None,
    pages: list[Page],
    moment: datetime,
) -> list[Resource]:
    stamp = moment.timetuple()[:6]
    resources = []
    with zipfile.ZipFile(path, "w") as package:
        for name, content, compression in members:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = compression
            with package.open(info, "w") as out:
                resources.append(_copy_hashed(name, content, out))
        datapackage = _datapackage(resources, title, description, pages, moment)
        digest = {"path": DATAPACKAGE, "hash": _sha256(datapackage)}
        for name, data in ((DATAPACKAGE, datapackage), (DATAPACKAGE_DIGEST, _json(digest))):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            package.writestr(info, data)
    return resources


def _copy_hashed(name: str, content: Path | bytes, out: IO[bytes]) -> Resource:
    hasher = hashlib.sha256()
    size = 0
    chunks = _chunks_of(content) if isinstance(content, Path) else iter([content])
    for chunk in chunks:
        hasher.update(chunk)
        size += len(chunk)
        out.write(chunk)
    return Resource(PurePosixPath(name).name.lower(), name, "sha256:" + hasher.hexdigest(), size)


def _chunks_of(path: Path) -> Iterator[bytes]:
    with open(path, "rb") as stream:
        while chunk := stream.read(_COPY_CHUNK):
            yield chunk


def _datapackage(
    resources: list[Resource],
    title: str,
    description: str | None,
    pages: list[Page],
    moment: datetime,
) -> bytes:
    package: dict[str, object] = {
        "profile": "data-package",
        "title": title,
        "resources": [resource.to_json() for resource in resources],
        "created": warc_date(moment),
        "wacz_version": WACZ_VERSION,
        "software": SOFTWARE,
    }
    if description:
        package["description"] = description
    if pages:
        # Replay tools open the package on its main page.
        package["mainPageURL"] = pages[0].url
        package["mainPageDate"] = pages[0].ts
    return _json(package)


def _json(data: object) -> bytes:
    return (json.dumps(data, indent=2) + "\n").encode()


def _sha256(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def _checked_extras(extras: Mapping[str, bytes]) -> dict[str, bytes]:
    """Extra resources by path; ``WaczError`` for a path the package cannot hold."""
    checked = {}
    for name, data in extras.items():
        parts = PurePosixPath(name).parts
        if (
            name in _RESERVED
            or len(parts) < 2
            or name.startswith("/")
            or ".." in parts
            or parts[0] == "archive"
        ):
            raise WaczError(
                f"cannot add {name!r} to the package: give a path in a folder of its own, "
                "such as 'data/claims.json'"
            )
        checked[name] = data
    return checked
