"""Finishing WARC files a killed job left behind: cut at the last whole record, then rename."""

from __future__ import annotations

import fcntl
import os
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import IO

OPEN_SUFFIX = ".open"
_READ_SIZE = 1 << 20


@dataclass
class Recovered:
    """A WARC file finished after its writer died: its name and what was cut off its end."""

    name: str
    records: int
    dropped_bytes: int


def lock_exclusively(stream: IO[bytes]) -> bool:
    """Take the writer's lock on an open file; False when another live process holds it."""
    try:
        fcntl.flock(stream.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def whole_members_end(path: Path) -> tuple[int, int]:
    """(byte offset after the last complete gzip member, number of complete members)."""
    end = members = 0
    with open(path, "rb") as stream:
        data = stream.read(_READ_SIZE)
        position = 0
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        while data:
            try:
                inflater.decompress(data)
            except zlib.error:
                break
            if inflater.eof:
                used = len(data) - len(inflater.unused_data)
                position += used
                end, members = position, members + 1
                data = inflater.unused_data
                inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
                if not data:
                    data = stream.read(_READ_SIZE)
                continue
            position += len(data)
            data = stream.read(_READ_SIZE)
    return end, members


def recover_open_files(directory: Path) -> list[Recovered]:
    """Finish every ``.open`` WARC file in ``directory`` whose writer is gone.

    A file still locked by a live writer is left alone. Each orphan is truncated after its last
    complete record (gzip member) and renamed without ``.open``; records a dead job recorded in
    the database were flushed before they were recorded, so they survive the cut.
    """
    recovered = []
    for path in sorted(directory.glob(f"*.warc.gz{OPEN_SUFFIX}")):
        with open(path, "r+b") as stream:
            if not lock_exclusively(stream):
                continue
            end, members = whole_members_end(path)
            size = os.fstat(stream.fileno()).st_size
            stream.truncate(end)
            final = path.with_name(path.name[: -len(OPEN_SUFFIX)])
            if members:
                os.replace(path, final)
                recovered.append(Recovered(final.name, members, size - end))
            else:
                path.unlink()
    return recovered
