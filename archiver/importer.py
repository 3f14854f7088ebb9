"""Importing third-party WARC, ARC and WACZ files into the archive folder, record by record.

Each file is copied byte for byte into ``<archive_dir>/imported/`` (a WACZ's WARC files into
``imported/<wacz-stem>/``), so what is imported can be shown to hold what its producer wrote:
a file that is not framed one record per gzip member is reported, never rewritten. Every record
is read and its digests checked; what breaks off midway keeps the records read before the fault.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from .cdxj import (
    ARCHIVE_SUFFIXES,
    CdxjIndex,
    IndexEntry,
    entry_for_raw,
    relative_name,
)
from .errors import RecordError
from .fixity import parse_digest, record_digest_problems
from .httpparse import header_value, status_of
from .reader import RawRecord, is_arc_file, iter_records, read_raw_record
from .urls import normalize_url
from .warcfile import INDEXED_TYPES, sha1_base32

IMPORTED_DIR = "imported"
CAPTURED_SCHEMES = ("http", "https", "ftp", "file")
ZIP_MAGIC = b"PK\x03\x04"
_FULL_DATE = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z")
_PARTIAL_DATE = re.compile(r"(\d{4})-?(\d{2})-?(\d{2})(?:[T ](\d{2}):?(\d{2})(?::?(\d{2}))?)?")


@dataclass
class ImportedRecord:
    """A response, resource or revisit of an imported file, with what a capture records of it.

    For a revisit whose original was found, the location and digests are the original's.
    """

    warc_file: str
    offset: int
    length: int
    record_type: str
    record_id: str
    target_uri: str
    date: str
    status_code: int | None = None
    reason: str = ""
    content_type: str | None = None
    payload_sha256: str | None = None
    payload_sha1: str | None = None
    ip_address: str | None = None


@dataclass
class ImportProblem:
    """Something wrong in an imported file; ``fatal`` when reading stopped there."""

    message: str
    offset: int | None = None
    fatal: bool = False

    def describe(self) -> str:
        """The problem with where it lies."""
        return self.message if self.offset is None else f"{self.message} at offset {self.offset}"


@dataclass
class ImportedFile:
    """What importing one WARC or ARC file (or one WARC of a WACZ) found and kept."""

    source: str
    origin: str
    warc_file: str | None = None
    sha256: str | None = None
    records_read: int = 0
    records: list[ImportedRecord] = field(default_factory=list)
    unresolved_revisits: int = 0
    problems: list[ImportProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    copied: bool = False

    @property
    def malformed(self) -> bool:
        """True when anything was wrong with the file."""
        return bool(self.problems)

    def report_line(self) -> str | None:
        """One line on what went wrong in this file, or None when nothing did."""
        if not self.problems:
            return None
        read = f"read {self.records_read} record{'s' if self.records_read != 1 else ''}"
        fatal = next((p for p in self.problems if p.fatal), None)
        others = [p for p in self.problems if not p.fatal]
        if fatal is not None:
            line = f"{self.source}: {read}, then: {fatal.describe()}"
            return line + (f" (and {len(others)} earlier problems)" if others else "")
        more = f" (and {len(others) - 1} more)" if len(others) > 1 else ""
        count = f"{len(others)} problem{'s' if len(others) != 1 else ''}"
        return f"{self.source}: {read}; {count}: {others[0].describe()}{more}"


def import_archive(path: Path, archive_dir: Path) -> list[ImportedFile]:
    """Import one WARC, ARC or WACZ file: copy it in, read and check every record, index them."""
    path = Path(path)
    archive_dir = Path(archive_dir)
    try:
        with open(path, "rb") as stream:
            if stream.read(4) == ZIP_MAGIC:
                return _import_wacz(path, archive_dir)
            stream.seek(0)
            destination = archive_dir / IMPORTED_DIR
            return [_import_warc(stream, path.name, path.name, destination, archive_dir)]
    except OSError as exc:
        unreadable = ImportedFile(source=path.name, origin=path.name)
        unreadable.problems.append(ImportProblem(f"cannot read the file: {exc}", fatal=True))
        return [unreadable]


def _import_warc(
    stream: IO[bytes], name: str, origin: str, destination: Path, archive_dir: Path
) -> ImportedFile:
    """Copy one WARC/ARC stream under ``destination`` and read it; keep the copy if it serves."""
    result = ImportedFile(source=name if name == origin else f"{origin}:{name}", origin=origin)
    destination.mkdir(parents=True, exist_ok=True)
    temp, result.sha256, size = _copy_to_temp(stream, destination)
    existing = _same_content(destination, result.sha256, size)
    readable = existing or temp
    try:
        entries = _read_records(readable, archive_dir, result)
        if existing is not None:
            final: Path | None = existing
        elif entries or result.records:
            final, result.copied = _publish(temp, destination, name), True
        else:
            final = None
    finally:
        temp.unlink(missing_ok=True)
    if final is None:
        return result
    result.warc_file = relative_name(final, archive_dir)
    readable_name = relative_name(readable, archive_dir)
    for record in result.records:
        if record.warc_file == readable_name:
            record.warc_file = result.warc_file
    CdxjIndex(archive_dir).add(replace(e, filename=result.warc_file) for e in entries)
    if existing is not None:
        result.notes.append(f"{result.source}: already imported as {result.warc_file}")
    return result


def _read_records(path: Path, archive_dir: Path, result: ImportedFile) -> list[IndexEntry]:
    """Read and check every record, filling ``result``; return the index entries of good ones."""
    filename = relative_name(path, archive_dir)
    entries: list[IndexEntry] = []
    by_id: dict[str, ImportedRecord] = {}
    by_digest: dict[tuple[str, str], ImportedRecord] = {}
    try:
        for raw in iter_records(path):
            result.records_read += 1
            problems = record_digest_problems(raw)
            for problem in problems:
                result.problems.append(ImportProblem(f"{raw.record_id} {problem}", raw.offset))
            if problems:
                continue
            record = _imported_record(raw, filename)
            # The index entry reuses the payload digest the record computed.
            entry = entry_for_raw(raw, filename, record.payload_sha1 if record else None)
            if entry is None:
                continue
            entries.append(entry)
            if record is None:
                continue
            _note_partial_date(raw, result.problems)
            if raw.record_type == "revisit":
                original = _original_of(raw, by_id, by_digest, archive_dir)
                if original is None:
                    result.unresolved_revisits += 1
                    continue
                record = _as_revisit_of(record, original)
            by_id[raw.record_id] = record
            if record.payload_sha1:
                by_digest[(normalize_url(record.target_uri), record.payload_sha1)] = record
            if _scheme(record.target_uri) in CAPTURED_SCHEMES:
                result.records.append(record)
    except RecordError as exc:
        message, offset = _split_offset(str(exc))
        if result.records_read == 0 and message.startswith("no "):
            message = "not a WARC, ARC or WACZ file: no record starts"
        result.problems.append(ImportProblem(message, offset, fatal=True))
    except OSError as exc:
        result.problems.append(ImportProblem(f"cannot read: {exc}", fatal=True))
    if result.records_read == 0 and not result.problems:
        result.problems.append(ImportProblem("the file is empty: no records", fatal=True))
    return entries


def _note_partial_date(raw: RawRecord, problems: list[ImportProblem]) -> None:
    """Report a WARC-Date that is not a full UTC date-time, with how it was read."""
    date, well_formed = iso_date(raw.date)
    if not well_formed:
        message = f"{raw.record_id} WARC-Date {raw.date!r} is not a full UTC date-time"
        problems.append(ImportProblem(f"{message}; read as {date}", raw.offset))


def _imported_record(raw: RawRecord, filename: str) -> ImportedRecord | None:
    """The capture view of a response, resource or revisit; None for other records."""
    if raw.record_type not in INDEXED_TYPES or not raw.target_uri:
        return None
    date, _ = iso_date(raw.date)
    head, payload = raw.http_parts()
    status_line, http_headers = raw.http_head
    parts = status_line.split(" ", 2)
    status = status_of(status_line)
    revisit = raw.record_type == "revisit"
    return ImportedRecord(
        warc_file=filename,
        offset=raw.offset,
        length=raw.length,
        record_type=raw.record_type,
        record_id=raw.record_id,
        target_uri=raw.target_uri,
        date=date,
        status_code=status if raw.record_type != "resource" else None,
        reason=parts[2].strip() if len(parts) > 2 else "",
        content_type=header_value(http_headers, "Content-Type")
        if head
        else raw.header("Content-Type"),
        payload_sha256=None if revisit else hashlib.sha256(payload).hexdigest(),
        payload_sha1=_sha1_of(raw.header("WARC-Payload-Digest"))
        or (None if revisit else sha1_base32(payload)),
        ip_address=raw.header("WARC-IP-Address"),
    )


def _original_of(
    revisit: RawRecord,
    by_id: dict[str, ImportedRecord],
    by_digest: dict[tuple[str, str], ImportedRecord],
    archive_dir: Path,
) -> ImportedRecord | None:
    """The record a revisit stands for: by WARC-Refers-To, else by URL and payload digest."""
    refers_to = (revisit.header("WARC-Refers-To") or "").strip()
    if refers_to in by_id:
        return by_id[refers_to]
    digest = _sha1_of(revisit.header("WARC-Payload-Digest"))
    if digest is None:
        return None
    url = revisit.header("WARC-Refers-To-Target-URI") or revisit.target_uri
    found = by_digest.get((normalize_url(url), digest))
    return found or _original_from_index(url, digest, archive_dir)


def _original_from_index(url: str, digest: str, archive_dir: Path) -> ImportedRecord | None:
    """An earlier capture with this payload, found through the archive folder's CDXJ index."""
    for entry in CdxjIndex(archive_dir).originals_of(url, digest, latest=False):
        path = archive_dir / entry.filename
        try:
            with open(path, "rb") as stream:
                raw = read_raw_record(stream, entry.offset, allow_arc=is_arc_file(stream, path))
        except (RecordError, OSError):
            continue
        if raw is not None and not record_digest_problems(raw):
            return _imported_record(raw, entry.filename)
    return None


def _as_revisit_of(revisit: ImportedRecord, original: ImportedRecord) -> ImportedRecord:
    """The revisit's capture: its own URL, date and status; the original's bytes and digests."""
    return replace(
        revisit,
        warc_file=original.warc_file,
        offset=original.offset,
        length=original.length,
        record_id=original.record_id,
        payload_sha256=original.payload_sha256,
        payload_sha1=original.payload_sha1,
        content_type=revisit.content_type or original.content_type,
        status_code=revisit.status_code or original.status_code,
    )


def iso_date(value: str) -> tuple[str, bool]:
    """A WARC-Date as ``YYYY-MM-DDTHH:MM:SSZ`` and whether it was a full, valid one."""
    value = value.strip()
    match = _PARTIAL_DATE.match(value)
    if match is None:
        return value, False
    year, month, day, hour, minute, second = (int(p) if p else 0 for p in match.groups())
    try:
        moment = datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    except ValueError:
        return value, False
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ"), bool(_FULL_DATE.fullmatch(value))


def _sha1_of(declared: str | None) -> str | None:
    """A declared SHA-1 digest in WARC's own form (``sha1:`` and base32), whatever its encoding."""
    parsed = parse_digest(declared) if declared else None
    if parsed is None or parsed[0] != "sha1" or parsed[1] is None:
        return None
    return "sha1:" + base64.b32encode(parsed[1]).decode("ascii")


def _scheme(uri: str) -> str:
    return uri.split(":", 1)[0].lower() if ":" in uri else ""


def _split_offset(message: str) -> tuple[str, int | None]:
    head, sep, tail = message.rpartition(" at offset ")
    return (head, int(tail)) if sep and tail.isdigit() else (message, None)


def _copy_to_temp(stream: IO[bytes], directory: Path) -> tuple[Path, str, int]:
    """Copy a stream to a temporary file in ``directory``; return it with its SHA-256 and size."""
    handle, name = tempfile.mkstemp(prefix=".import-", dir=directory)
    digest = hashlib.sha256()
    size = 0
    try:
        with os.fdopen(handle, "wb") as out:
            while chunk := stream.read(1 << 20):
                digest.update(chunk)
                out.write(chunk)
                size += len(chunk)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name), digest.hexdigest(), size


def _same_content(directory: Path, sha256: str, size: int) -> Path | None:
    """A file already in ``directory`` with exactly these bytes, if any."""
    for candidate in sorted(directory.iterdir()):
        if candidate.name.startswith(".") or not candidate.is_file():
            continue
        if candidate.stat().st_size == size and _file_sha256(candidate) == sha256:
            return candidate
    return None


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _publish(temp: Path, directory: Path, name: str) -> Path:
    """Give the copy its name (``name``, else ``stem-2.ext``...), never replacing a file."""
    for candidate in _candidate_names(name):
        target = directory / candidate
        try:
            os.link(temp, target)
        except FileExistsError:
            continue
        return target
    raise RecordError(f"no free name for {name} in {directory}")


def _candidate_names(name: str) -> Iterator[str]:
    yield name
    lowered = name.lower()
    suffix = next((s for s in ARCHIVE_SUFFIXES if lowered.endswith(s)), Path(name).suffix)
    stem = name[: len(name) - len(suffix)] if suffix else name
    for number in range(2, 10_000):
        yield f"{stem}-{number}{suffix}"


def _import_wacz(path: Path, archive_dir: Path) -> list[ImportedFile]:
    """Import the WARC files of a WACZ package, checking them against its datapackage.json."""
    package = ImportedFile(source=path.name, origin=path.name)
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        package.problems.append(ImportProblem(f"not a readable WACZ (ZIP) file: {exc}", fatal=True))
        return [package]
    results = []
    with archive:
        hashes = _package_hashes(archive, package)
        members = [
            info
            for info in archive.infolist()
            if info.filename.startswith("archive/")
            and info.filename.lower().endswith(ARCHIVE_SUFFIXES)
            and not info.is_dir()
        ]
        if not members:
            message = "no WARC file under archive/ (not a WACZ web archive)"
            package.problems.append(ImportProblem(message, fatal=True))
        destination = archive_dir / IMPORTED_DIR / path.stem
        for info in members:
            try:
                with archive.open(info) as stream:
                    name = Path(info.filename).name
                    result = _import_warc(stream, name, path.name, destination, archive_dir)
            except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
                message = f"cannot unpack {info.filename}: {exc}"
                package.problems.append(ImportProblem(message, fatal=True))
                continue
            declared = hashes.get(info.filename)
            if declared and declared.lower() != f"sha256:{result.sha256}":
                result.problems.append(
                    ImportProblem(f"{info.filename} does not match its hash in datapackage.json")
                )
            results.append(result)
    if destination.is_dir() and not any(destination.iterdir()):
        destination.rmdir()
    return ([package] if package.problems or package.notes else []) + results


def _package_hashes(archive: zipfile.ZipFile, package: ImportedFile) -> dict[str, str]:
    """The hashes datapackage.json declares, by member path; its own problems go to ``package``."""
    try:
        raw = archive.read("datapackage.json")
        manifest: dict[str, Any] = json.loads(raw)
    except (KeyError, ValueError, zipfile.BadZipFile) as exc:
        package.problems.append(ImportProblem(f"datapackage.json missing or unreadable: {exc}"))
        return {}
    resources = manifest.get("resources")
    if not isinstance(resources, list) or not resources:
        package.problems.append(ImportProblem("datapackage.json lists no resources"))
        return {}
    _check_package_digest(archive, raw, package)
    return {
        str(r["path"]): str(r["hash"])
        for r in resources
        if isinstance(r, dict) and r.get("path") and r.get("hash")
    }


def _check_package_digest(archive: zipfile.ZipFile, manifest: bytes, package: ImportedFile) -> None:
    """Check datapackage-digest.json's hash of datapackage.json; note a signature, unchecked."""
    try:
        digest_file: dict[str, Any] = json.loads(archive.read("datapackage-digest.json"))
    except (KeyError, ValueError):
        return
    declared = str(digest_file.get("hash", ""))
    algorithm, _, value = declared.partition(":")
    try:
        matches = hashlib.new(algorithm, manifest).hexdigest() == value.lower()
    except ValueError:
        matches = False
    if not matches:
        message = "datapackage.json does not match the hash in datapackage-digest.json"
        package.problems.append(ImportProblem(message))
    signed = digest_file.get("signedData")
    if isinstance(signed, dict):
        package.notes.append(
            f"{package.source}: signed by {signed.get('domain') or 'an unnamed key'}; the "
            f"signature is not checked here ('wacz validate -f {package.source}' checks it)"
        )
