"""Reading a capture back for display or checking: revisit records resolve to what they repeat."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from .cdxj import CdxjIndex
from .errors import RecordError
from .reader import ArchivedRecord, read_record


def _header(record: ArchivedRecord, name: str) -> str | None:
    wanted = name.lower()
    return next((v for k, v in record.warc_headers if k.lower() == wanted), None)


def read_capture(archive_dir: str | Path, warc_file: str, offset: int) -> ArchivedRecord:
    """The record at ``offset`` of ``warc_file``, with its payload.

    A revisit record (identical payload digest) stores no payload: the payload, content type
    and body come from the earlier record it points at, found through the folder's CDXJ index;
    the record's own identity (type, id, date, status, headers) is kept.
    """
    archive_dir = Path(archive_dir)
    record = read_record(archive_dir / warc_file, offset)
    if record.record_type != "revisit":
        return record
    target = _header(record, "WARC-Refers-To-Target-URI") or record.target_uri
    digest = _header(record, "WARC-Payload-Digest") or ""
    for entry in reversed(CdxjIndex(archive_dir).lookup(target)):
        if entry.record_type in ("response", "resource") and entry.matches_digest(digest):
            original = read_record(archive_dir / entry.filename, entry.offset)
            return replace(
                original,
                target_uri=record.target_uri,
                date=record.date,
                record_type=record.record_type,
                record_id=record.record_id,
                status_code=record.status_code or original.status_code,
                warc_headers=record.warc_headers,
            )
    raise RecordError(
        f"revisit record at offset {offset} of {warc_file}: the capture it repeats ({target}, "
        f"{digest}) is not in the index; run 'citevault fixity' or rebuild the index"
    )
