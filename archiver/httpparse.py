"""The HTTP inside an archived record: header block, status line, chunked framing, encodings."""

from __future__ import annotations

import zlib

# No HTTP header block of a real response is longer than this.
MAX_HEADER = 1 << 20


def split_http(block: bytes) -> tuple[bytes, bytes]:
    """Split an HTTP message into its header block (blank line included) and its body."""
    length = http_head_length(block)
    return block[:length], block[length:]


def http_head_length(block: bytes) -> int:
    """Bytes of an HTTP message's header block, blank line included (all of it if no end)."""
    crlf = block.find(b"\r\n\r\n", 0, MAX_HEADER)
    # A bare-LF head ends at the first empty line; look for one only before any CRLF end.
    lf = block.find(b"\n\n", 0, crlf if crlf >= 0 else MAX_HEADER)
    if lf >= 0:
        return lf + 2
    return crlf + 4 if crlf >= 0 else len(block)


def parse_http_head(head: bytes) -> tuple[str, list[tuple[str, str]]]:
    """The status (or request) line and the header fields of an HTTP header block."""
    lines = head.decode("latin-1").replace("\r\n", "\n").split("\n")
    headers: list[tuple[str, str]] = []
    for line in lines[1:]:
        if line.strip():
            add_field_line(headers, line)
    return lines[0].strip(), headers


def add_field_line(fields: list[tuple[str, str]], line: str) -> None:
    """Add one non-empty ``Name: value`` line to ``fields``; a folded line extends the last one."""
    if line[0] in " \t" and fields:
        name, value = fields[-1]
        fields[-1] = (name, f"{value} {line.strip()}")
    elif ":" in line:
        name, _, value = line.partition(":")
        fields.append((name.strip(), value.strip()))


def status_of(status_line: str) -> int | None:
    """The status code of an HTTP status line, or None when it has none."""
    parts = status_line.split(" ", 2)
    return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None


def header_value(headers: list[tuple[str, str]], name: str) -> str | None:
    """The value of the first field named ``name`` (case-insensitive), or None."""
    wanted = name.lower()
    return next((v for k, v in headers if k.lower() == wanted), None)


def dechunk(body: bytes) -> bytes:
    """Undo HTTP chunked transfer coding; a body that is not validly chunked stays as it is."""
    out = bytearray()
    position = 0
    while True:
        line_end = body.find(b"\n", position)
        if line_end < 0:
            return body
        size_text = body[position:line_end].split(b";")[0].strip()
        try:
            size = int(size_text, 16)
        except ValueError:
            return body
        if size == 0:
            return bytes(out)
        start = line_end + 1
        if start + size > len(body):
            return body
        out += body[start : start + size]
        position = start + size
        position += 2 if body[position : position + 2] == b"\r\n" else 1


def decode_content(body: bytes, encoding: str | None) -> bytes:
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
