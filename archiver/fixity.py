"""Fixity: re-reading archived records and checking them against the digests recorded for them.

Each file is read once, in offset order, one record per expected capture: its framing and
length, its target URI, its WARC-Block-Digest and WARC-Payload-Digest, and the SHA-256 and SHA-1
of its payload as stored. Decompression and hashing run in C (zlib, hashlib).
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import io
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path
from typing import BinaryIO

from .errors import RecordError
from .httpparse import dechunk, header_value, http_head_length
from .reader import RawRecord, is_arc_file, locate_warc, read_raw_record
from .urls import normalize_url

_READ_BUFFER = 1 << 20
_WORKERS = min(4, os.cpu_count() or 1)
_WINDOW = 4 * _WORKERS


@dataclass(frozen=True)
class ExpectedRecord:
    """What the database says lies at one place of a WARC file."""

    warc_file: str
    offset: int
    length: int | None = None
    urls: tuple[str, ...] = ()
    payload_sha256: str | None = None
    payload_sha1: str | None = None
    capture_id: int | None = None


@dataclass
class FixityOk:
    """A record that matches everything recorded about it."""

    expected: ExpectedRecord
    record_id: str
    size: int


@dataclass
class FixityProblem:
    """A record that is missing, damaged or not the one recorded, with every mismatch found."""

    expected: ExpectedRecord
    record_id: str | None
    target_uri: str | None
    problems: list[str] = field(default_factory=list)
    size: int = 0

    def describe(self) -> str:
        """One line: file, offset, record id and URL, then what is wrong."""
        where = f"{self.expected.warc_file} offset {self.expected.offset}"
        who = " ".join(p for p in (self.record_id, self.target_uri) if p)
        return (
            f"{where} {who}: {'; '.join(self.problems)}"
            if who
            else (f"{where}: {'; '.join(self.problems)}")
        )


def parse_digest(value: str) -> tuple[str, bytes | None] | None:
    """A WARC digest (``algo:value`` in base32, base16 or base64) as (algorithm, raw bytes).

    None when the algorithm is not one hashlib knows; the bytes are None when the value does
    not decode to a digest of that algorithm's size (it can then match nothing).
    """
    algorithm, sep, encoded = value.strip().partition(":")
    algorithm = algorithm.strip().lower().replace("-", "")
    encoded = encoded.strip()
    size = _digest_size(algorithm) if sep else None
    if size is None:
        return None
    for decode in (_from_base32, _from_base16, _from_base64):
        raw = decode(encoded)
        if raw is not None and len(raw) == size:
            return algorithm, raw
    return algorithm, None


@functools.cache
def _digest_size(algorithm: str) -> int | None:
    try:
        return hashlib.new(algorithm).digest_size
    except ValueError:
        return None


def _from_base32(text: str) -> bytes | None:
    try:
        return base64.b32decode(text.upper() + "=" * (-len(text) % 8))
    except (binascii.Error, ValueError):
        return None


def _from_base16(text: str) -> bytes | None:
    try:
        return bytes.fromhex(text)
    except ValueError:
        return None


def _from_base64(text: str) -> bytes | None:
    altchars = b"-_" if "-" in text or "_" in text else None
    try:
        return base64.b64decode(text + "=" * (-len(text) % 4), altchars=altchars, validate=True)
    except (binascii.Error, ValueError):
        return None


def digest_matches(declared: str, *candidates: bytes | _Digests) -> bool | None:
    """Whether any candidate has the declared digest; None when the digest cannot be read."""
    parsed = parse_digest(declared)
    if parsed is None:
        return None
    algorithm, expected = parsed
    if expected is None:
        return False
    return any(_Digests.of(data).get(algorithm) == expected for data in candidates)


class _Digests:
    """Digests of one byte string, each algorithm computed at most once."""

    def __init__(self, data: bytes | memoryview) -> None:
        self.data = data
        self._done: dict[str, bytes] = {}

    @classmethod
    def of(cls, data: bytes | memoryview | _Digests) -> _Digests:
        return data if isinstance(data, _Digests) else cls(data)

    def get(self, algorithm: str) -> bytes:
        if algorithm not in self._done:
            self._done[algorithm] = hashlib.new(algorithm, self.data).digest()
        return self._done[algorithm]


def payload_variants(record: RawRecord) -> tuple[_Digests, ...]:
    """The payload as stored, and de-chunked too when it was stored with chunked coding."""
    head_length = http_head_length(record.block) if record.has_http else 0
    payload = memoryview(record.block)[head_length:]
    if head_length:
        coding = header_value(record.http_head[1], "Transfer-Encoding") or ""
        if "chunked" in coding.lower():
            return _Digests(payload), _Digests(dechunk(bytes(payload)))
    return (_Digests(payload),)


def record_digest_problems(
    record: RawRecord, payloads: tuple[_Digests, ...] | None = None
) -> list[str]:
    """Mismatches between a record and its own WARC-Block-Digest and WARC-Payload-Digest."""
    problems = []
    block_digest = record.header("WARC-Block-Digest")
    if block_digest and digest_matches(block_digest, record.block) is False:
        problems.append(f"block digest mismatch ({block_digest})")
    payload_digest = record.header("WARC-Payload-Digest")
    # A revisit's payload digest is that of the record it revisits, not of its own block.
    segmented = record.header("WARC-Segment-Number") is not None
    if payload_digest and record.record_type != "revisit" and not segmented:
        variants = payloads if payloads is not None else payload_variants(record)
        if digest_matches(payload_digest, *variants) is False:
            problems.append(f"payload digest mismatch ({payload_digest})")
    return problems


def check_fixity(
    archive_dir: Path, expected: Iterable[ExpectedRecord]
) -> Iterator[FixityProblem | FixityOk]:
    """Check each expected record, file by file in offset order; yield one result for each."""
    ordered = sorted(expected, key=lambda e: (e.warc_file, e.offset, e.capture_id or 0))
    for warc_file, group in groupby(ordered, key=lambda e: e.warc_file):
        yield from _check_file(Path(archive_dir), warc_file, list(group))


def _check_file(
    archive_dir: Path, warc_file: str, expected: list[ExpectedRecord]
) -> Iterator[FixityProblem | FixityOk]:
    try:
        path = locate_warc(archive_dir / warc_file)
        stream = open(path, "rb", buffering=_READ_BUFFER)
    except (RecordError, OSError) as exc:
        reason = "WARC file missing" if isinstance(exc, RecordError) else f"cannot open: {exc}"
        for item in expected:
            yield FixityProblem(item, None, None, [reason])
        return
    # The file is read sequentially here; inflating and hashing (which release the GIL) run
    # in worker threads, a bounded window of records ahead.
    with stream, ThreadPoolExecutor(max_workers=_WORKERS) as pool:
        source = _Source(path, is_arc_file(stream, path), path.stat().st_size)
        pending: deque[tuple[ExpectedRecord, Future[_Inspected]]] = deque()
        last: tuple[tuple[int, int | None], Future[_Inspected]] | None = None
        for item in expected:
            # Several captures may share one record (revisits point at their original).
            if last is None or last[0] != (item.offset, item.length):
                chunk = _read_chunk(stream, item, source.size)
                last = ((item.offset, item.length), pool.submit(_inspect, source, item, chunk))
            pending.append((item, last[1]))
            while len(pending) > _WINDOW:
                yield _verdict(*pending.popleft())
        while pending:
            yield _verdict(*pending.popleft())


@dataclass(frozen=True)
class _Source:
    path: Path
    allow_arc: bool
    size: int


@dataclass
class _Inspected:
    """A record read and hashed in a worker, with the verdict for the capture that asked."""

    record: RawRecord | None
    fault: str | None
    payloads: tuple[_Digests, ...]
    first: FixityProblem | FixityOk


def _read_chunk(stream: BinaryIO, item: ExpectedRecord, size: int) -> bytes | None:
    """The recorded bytes of a record, when the database knows its length and the file has them."""
    if not item.length or item.offset + item.length > size:
        return None
    stream.seek(item.offset)
    return stream.read(item.length)


def _inspect(source: _Source, item: ExpectedRecord, chunk: bytes | None) -> _Inspected:
    record, fault = _parse_chunk(source, item, chunk) if chunk else (None, None)
    if record is None:
        # Not where or not as long as recorded: read from the file itself to say what is there.
        with open(source.path, "rb") as stream:
            record, fault = _read_at(stream, item, source.allow_arc, source.size)
    payloads = payload_variants(record) if record is not None else ()
    return _Inspected(record, fault, payloads, _judge(item, record, fault, payloads))


def _parse_chunk(
    source: _Source, item: ExpectedRecord, chunk: bytes
) -> tuple[RawRecord | None, str | None]:
    try:
        record = read_raw_record(io.BytesIO(chunk), 0, allow_arc=source.allow_arc)
    except RecordError:
        return None, None
    if record is None or record.length != len(chunk):
        return None, None
    record.offset = item.offset
    return record, None


def _verdict(item: ExpectedRecord, future: Future[_Inspected]) -> FixityProblem | FixityOk:
    inspected = future.result()
    if inspected.first.expected is item:
        return inspected.first
    return _judge(item, inspected.record, inspected.fault, inspected.payloads)


def _read_at(
    stream: BinaryIO, item: ExpectedRecord, allow_arc: bool, size: int
) -> tuple[RawRecord | None, str | None]:
    if item.offset >= size:
        return None, f"file ends at byte {size}, before the record (truncated)"
    try:
        record = read_raw_record(
            stream, item.offset, allow_arc=allow_arc, size_hint=item.length or 0
        )
    except RecordError as exc:
        return None, str(exc).removesuffix(f" at offset {item.offset}")
    except OSError as exc:
        return None, f"cannot read: {exc}"
    if record is None:
        return None, "no record here: the file ends"
    return record, None


def _judge(
    item: ExpectedRecord,
    record: RawRecord | None,
    fault: str | None,
    payloads: tuple[_Digests, ...],
) -> FixityProblem | FixityOk:
    if record is None:
        return FixityProblem(item, None, None, [fault or "no record"])
    problems = []
    if item.length is not None and record.length != item.length:
        problems.append(f"record length {record.length}, recorded {item.length}")
    if item.urls and not _same_resource(record.target_uri, item.urls):
        problems.append(f"record is for {record.target_uri or 'no URI'}, not {item.urls[0]}")
    problems += record_digest_problems(record, payloads)
    problems += _payload_problems(item, record, payloads)
    if problems:
        return FixityProblem(item, record.record_id, record.target_uri, problems, record.length)
    return FixityOk(item, record.record_id, record.length)


def _payload_problems(
    item: ExpectedRecord, record: RawRecord, variants: tuple[_Digests, ...]
) -> list[str]:
    if record.record_type == "revisit":
        return []
    problems = []
    wanted = item.payload_sha256.lower() if item.payload_sha256 else None
    if wanted and not any(v.get("sha256").hex() == wanted for v in variants):
        problems.append("payload sha256 mismatch")
    if item.payload_sha1 and digest_matches(item.payload_sha1, *variants) is False:
        problems.append("payload sha1 mismatch")
    return problems


def _same_resource(target_uri: str, urls: tuple[str, ...]) -> bool:
    if target_uri in urls:
        return True
    return normalize_url(target_uri) in {normalize_url(u) for u in urls if u}
