"""An independent WARC reader for tests: gzip members, headers, lengths and digests, without warcio."""

from __future__ import annotations

import base64
import hashlib
import zlib
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Record:
    """One WARC record as read from disk."""

    offset: int
    length: int
    headers: dict[str, str]
    block: bytes
    header_order: list[str] = field(default_factory=list)

    @property
    def type(self) -> str:
        return self.headers["WARC-Type"]

    def http_parts(self) -> tuple[bytes, bytes]:
        """The HTTP header block and the payload of a request/response record."""
        head, _, body = self.block.partition(b"\r\n\r\n")
        return head, body


def _digest(data: bytes) -> str:
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode()


def read_warc(path: Path) -> list[Record]:
    """Every record of a gzip-per-record WARC file, checking framing, lengths and digests."""
    data = path.read_bytes()
    records = []
    offset = 0
    while offset < len(data):
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        content = inflater.decompress(data[offset:])
        assert inflater.eof, f"truncated gzip member at offset {offset}"
        member_length = len(data) - offset - len(inflater.unused_data)
        head, _, rest = content.partition(b"\r\n\r\n")
        lines = head.decode("utf-8").split("\r\n")
        assert lines[0] in ("WARC/1.0", "WARC/1.1"), lines[0]
        headers = {}
        order = []
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip()] = value.strip()
            order.append(name.strip())
        length = int(headers["Content-Length"])
        block = rest[:length]
        assert len(block) == length, "block shorter than Content-Length"
        assert rest[length:] == b"\r\n\r\n", "record not terminated by CRLF CRLF"
        if "WARC-Block-Digest" in headers:
            assert headers["WARC-Block-Digest"] == _digest(block), "block digest mismatch"
        if "WARC-Payload-Digest" in headers and headers["WARC-Type"] in ("response", "resource"):
            payload = (
                block.partition(b"\r\n\r\n")[2] if headers["WARC-Type"] == "response" else block
            )
            assert headers["WARC-Payload-Digest"] == _digest(payload), "payload digest mismatch"
        records.append(Record(offset, member_length, headers, block, order))
        offset += member_length
    return records
