"""Reading a capture back for display or checking: revisit records resolve to what they repeat."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from .cdxj import CdxjIndex
from .errors import RecordError
from .httpparse import header_value
from .reader import ArchivedRecord, read_record


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
    target = header_value(record.warc_headers, "WARC-Refers-To-Target-URI") or record.target_uri
    digest = header_value(record.warc_headers, "WARC-Payload-Digest") or ""
    entry = CdxjIndex(archive_dir).original_of(target, digest)
    if entry is not None:
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
        f"{digest}) is not in the index; run 'citevault import' on the WARC file that holds "
        "it to index it again"
    )
