"""Looking after the archive: importing third-party web archives, and checking fixity."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from archiver import (
    Capture,
    ExpectedRecord,
    FixityOk,
    FixityProblem,
    ImportedFile,
    ImportedRecord,
    check_fixity,
    host_of,
    import_archive,
)

from .errors import InputError

if TYPE_CHECKING:
    import sqlite_utils

OnFile = Callable[[Path], None]
OnRecord = Callable[[FixityProblem | FixityOk], None]


@dataclass
class ImportReport:
    """What an import did: files given, records read, captures added, and what went wrong."""

    files: int = 0
    captures_added: int = 0
    imported: list[ImportedFile] = field(default_factory=list)

    @property
    def records(self) -> int:
        """Records read, in every file."""
        return sum(f.records_read for f in self.imported)

    @property
    def problems(self) -> int:
        """Problems found, in every file."""
        return sum(len(f.problems) for f in self.imported)

    @property
    def failed(self) -> bool:
        """True when any file was malformed or could not be read."""
        return any(f.malformed for f in self.imported)

    def rows(self) -> list[tuple[str, int]]:
        """The summary as (label, count) rows."""
        return [
            ("files", self.files),
            ("records", self.records),
            ("captures added", self.captures_added),
            ("revisits without original", sum(f.unresolved_revisits for f in self.imported)),
            ("problems", self.problems),
        ]

    def problem_lines(self) -> list[str]:
        """One line for each file that was malformed or unreadable."""
        return [line for f in self.imported if (line := f.report_line()) is not None]

    def notes(self) -> list[str]:
        """Remarks that are not problems (a file already imported, a signature not checked)."""
        return [note for f in self.imported for note in f.notes]


def import_files(
    db_path: str | Path,
    archive_dir: str | Path,
    paths: Iterable[Path],
    on_file: OnFile | None = None,
) -> ImportReport:
    """Import WARC, ARC and WACZ files as captures; importing a file again adds nothing."""
    from .storage import open_database  # sqlite-utils, needed to write only

    db = open_database(db_path)
    report = ImportReport()
    for path in paths:
        imported = import_archive(Path(path), Path(archive_dir))
        report.files += 1
        report.imported += imported
        with db.conn:
            for result in imported:
                report.captures_added += _save_captures(db, result)
        if on_file is not None:
            on_file(Path(path))
    return report


def _save_captures(db: sqlite_utils.Database, result: ImportedFile) -> int:
    from .storage import save_capture, upsert_source

    added = 0
    for record in result.records:
        if _already_saved(db, record):
            continue
        source_id = upsert_source(db, record.target_uri, _publisher_of(record))
        capture_id = save_capture(db, source_id, capture_of(record))
        db.table("captures").update(capture_id, {"imported_from": result.origin})
        added += 1
    return added


def capture_of(record: ImportedRecord) -> Capture:
    """The capture an imported record stands for; an HTTP error is named as the crawler names it."""
    capture = Capture(
        requested_url=record.target_uri,
        fetched_at=record.date,
        final_url=record.target_uri,
        status_code=record.status_code,
        warc_file=record.warc_file,
        warc_offset=record.offset,
        warc_length=record.length,
        payload_sha256=record.payload_sha256,
        payload_sha1=record.payload_sha1,
        content_type=record.content_type,
        ip_address=record.ip_address,
        record_id=record.record_id or None,
    )
    status = record.status_code or 0
    if status >= 400:
        capture.error_kind = "http_5xx" if status >= 500 else "http_4xx"
        capture.error = f"HTTP {status} {record.reason}".strip()
    return capture


def _already_saved(db: sqlite_utils.Database, record: ImportedRecord) -> bool:
    sql = (
        "select 1 from captures where warc_file = ? and warc_offset = ? "
        "and requested_url = ? and fetched_at = ? limit 1"
    )
    params = [record.warc_file, record.offset, record.target_uri, record.date]
    return next(db.query(sql, params), None) is not None


def _publisher_of(record: ImportedRecord) -> str | None:
    host = host_of(record.target_uri)
    return (host[4:] if host.startswith("www.") else host) or None


@dataclass
class FixityReport:
    """What a fixity check read, how fast, and every record that did not match."""

    checked: int = 0
    bytes_read: int = 0
    seconds: float = 0.0
    problems: list[FixityProblem] = field(default_factory=list)

    @property
    def megabytes(self) -> float:
        """Megabytes of records read."""
        return self.bytes_read / 1_000_000

    @property
    def rate(self) -> float:
        """Megabytes checked per second."""
        return self.megabytes / self.seconds if self.seconds > 0 else 0.0

    def rows(self) -> list[tuple[str, str | int]]:
        """The summary as (label, value) rows."""
        return [
            ("records checked", self.checked),
            ("MB", _figure(self.megabytes)),
            ("seconds", f"{self.seconds:.2f}"),
            ("MB/s", _figure(self.rate)),
            ("problems", len(self.problems)),
        ]


def _figure(value: float) -> str:
    """A figure with enough decimals that a small archive does not read as nothing."""
    return f"{value:.3f}" if value < 1 else f"{value:.1f}"


def expected_records(db: sqlite3.Connection) -> list[ExpectedRecord]:
    """What the database says lies in the WARC files: one entry for each archived capture."""
    sql = (
        "select id, warc_file, warc_offset, warc_length, requested_url, final_url, "
        "payload_sha256, payload_sha1 from captures "
        "where warc_file is not null and warc_offset is not null"
    )
    return [
        ExpectedRecord(
            warc_file=row["warc_file"],
            offset=int(row["warc_offset"]),
            length=row["warc_length"],
            urls=tuple(u for u in (row["final_url"], row["requested_url"]) if u),
            payload_sha256=row["payload_sha256"],
            payload_sha1=row["payload_sha1"],
            capture_id=int(row["id"]),
        )
        for row in _rows(db, sql)
    ]


def _rows(db: sqlite3.Connection, sql: str) -> Iterable[dict[str, Any]]:
    cursor = db.execute(sql)
    names = [column[0] for column in cursor.description]
    return (dict(zip(names, row, strict=True)) for row in cursor)


def fixity(
    db_path: str | Path,
    archive_dir: str | Path,
    on_record: OnRecord | None = None,
    on_total: Callable[[int], None] | None = None,
) -> FixityReport:
    """Re-read every archived capture's record and check it against the database."""
    if not Path(db_path).exists():
        raise InputError(f"database not found: {db_path} (run 'citevault run SOURCE' first)")
    # Read-only: checking the archive never writes to the database.
    with sqlite3.connect(f"{Path(db_path).resolve().as_uri()}?mode=ro", uri=True) as db:
        expected = expected_records(db)
    if on_total is not None:
        on_total(len(expected))
    report = FixityReport()
    seen: set[tuple[str, int]] = set()
    started = time.perf_counter()
    for result in check_fixity(Path(archive_dir), expected):
        report.checked += 1
        place = (result.expected.warc_file, result.expected.offset)
        if place not in seen:
            seen.add(place)
            report.bytes_read += result.size
        if isinstance(result, FixityProblem):
            report.problems.append(result)
        if on_record is not None:
            on_record(result)
    report.seconds = time.perf_counter() - started
    return report
