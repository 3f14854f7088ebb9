"""A page's charset from header, ``<meta>``, BOM or detection, for text extraction.

Stored bytes are never altered: this only decides how to read them. The order is the browsers'
(BOM, then the HTTP header, then ``<meta charset>`` or ``<meta http-equiv>``), then detection
with charset-normalizer, then UTF-8 with replacement characters. Labels are read as browsers read
them (WHATWG Encoding Standard): ``iso-8859-1`` and ``us-ascii`` mean windows-1252, which is what
gives a page labelled latin-1 its curly quotes back.

bs4's ``EncodingDetector`` strips the BOM. Its ``UnicodeDammit`` is not used for the rest: its
detection step calls whichever of cchardet, chardet or charset-normalizer happens to be installed
(so one page could read differently on two machines), it feeds the detector raw markup, applies no
WHATWG label mapping and does not say which step chose the encoding; and its ``<meta>`` pattern
backtracks quadratically on malformed markup, so the declaration is found here with linear ones.
"""

from __future__ import annotations

import codecs
import re
from typing import NamedTuple

from bs4.dammit import EncodingDetector
from charset_normalizer import from_bytes

SOURCES = ("bom", "header", "meta", "detected", "default")
DEFAULT_ENCODING = "utf-8"
# Browsers look for <meta charset> near the start; some pages put it after a big <head> script.
DECLARATION_BYTES = 64 * 1024
# Enough visible text for charset-normalizer to tell code pages apart, little enough to be quick.
DETECTION_SAMPLE_BYTES = 64 * 1024

_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)
# <meta charset="x"> and <meta http-equiv="Content-Type" content="text/html; charset=x">; each
# try stops at the tag's end, so the scan is linear whatever the markup.
_META_CHARSET = re.compile(rb"<meta\b[^<>]*?\bcharset\s*=\s*[\"']?\s*([\w.:-]+)", re.I)
_XML_ENCODING = re.compile(rb"\s*<\?xml\b[^<>]*?\bencoding\s*=\s*[\"']([\w.:-]+)", re.I)
# Labels browsers decode with another, wider encoding (WHATWG Encoding Standard).
_BROWSER_ENCODING = {
    "iso8859-1": "cp1252",
    "ascii": "cp1252",
    "iso8859-9": "cp1254",
    "iso8859-11": "cp874",
    "tis-620": "cp874",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "shift_jis": "cp932",
    "euc_kr": "cp949",
    "big5": "big5hkscs",
}
# A page that could be read by one of these and by a rarer one gets the common one.
_COMMON_ENCODINGS = ("utf_8", "cp1252", "cp1251", "cp1250", "iso8859_15", "koi8_r")
_CODE_OPENING = re.compile(rb"<(script|style)\b|<!--", re.I)
_TAG = re.compile(rb"<[^<>]*>")
_BLANKS = re.compile(rb"\s+")
_NON_ASCII = re.compile(rb"[\x80-\xff]")


class EncodingChoice(NamedTuple):
    """The encoding to read a payload with, and which step chose it (one of ``SOURCES``)."""

    encoding: str
    source: str


def charset_of(content_type: str | None) -> str | None:
    """The charset parameter of a Content-Type header, if any."""
    match = _CHARSET.search(content_type or "")
    return match.group(1) if match else None


def decode_text(payload: bytes, content_type: str | None, is_html: bool) -> tuple[str, str]:
    """The text of a payload and the encoding used: BOM, header, <meta>, detection, else UTF-8."""
    _, body = _strip_bom(payload)
    encoding = choose_encoding(payload, content_type, is_html).encoding
    return body.decode(encoding, errors="replace"), encoding


def choose_encoding(payload: bytes, content_type: str | None, is_html: bool) -> EncodingChoice:
    """The encoding a payload is to be read with, and the step that chose it."""
    bom_encoding, body = _strip_bom(payload)
    if bom_encoding:
        return EncodingChoice(bom_encoding, "bom")
    header = _usable(charset_of(content_type), body)
    if header:
        return EncodingChoice(header, "header")
    declared = _declared_encoding(body, is_html)
    if declared:
        return EncodingChoice(declared, "meta")
    detected = _detected_encoding(body, is_html)
    if detected:
        return EncodingChoice(detected, "detected")
    return EncodingChoice(DEFAULT_ENCODING, "default")


def browser_encoding(label: str | None) -> str | None:
    """The Python codec a browser would decode a charset label with, or None if unknown."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().strip("\"'").lower()).name
        b"\0\0\0\0".decode(name)  # refuses codecs that are no text encoding (base64, rot13...)
    except (LookupError, ValueError):
        return None
    if name == "utf-7":
        return None  # browsers refuse it: it lets a page smuggle markup past filters
    return codecs.lookup(_BROWSER_ENCODING.get(name, name)).name


# -- the steps --------------------------------------------------------------------------------


def _strip_bom(payload: bytes) -> tuple[str | None, bytes]:
    body, encoding = EncodingDetector.strip_byte_order_mark(payload)
    if encoding is None:
        return None, payload
    return codecs.lookup(encoding).name, body


def _usable(label: str | None, body: bytes) -> str | None:
    """The encoding a label names, if the body reads with it (a stray bad byte is forgiven)."""
    encoding = browser_encoding(label)
    if encoding is None:
        return None
    try:
        body.decode(encoding)
        return encoding
    except UnicodeDecodeError:
        pass
    # A body cut mid-character or with one stray byte still reads right; a wrong label does not.
    errors = body.decode(encoding, errors="replace").count("\ufffd")
    return encoding if errors <= 1 + len(body) // 1000 else None


def _declared_encoding(body: bytes, is_html: bool) -> str | None:
    """The encoding an XML declaration or (in HTML) a <meta> names, if the body reads with it."""
    head = body[:DECLARATION_BYTES]
    found = _XML_ENCODING.match(head) or (_META_CHARSET.search(head) if is_html else None)
    if found is None:
        return None
    label = found.group(1).decode("ascii")
    if (browser_encoding(label) or "").startswith(("utf-16", "utf-32")):
        # A page readable as ASCII to find its own <meta> is not UTF-16, whatever it says.
        label = DEFAULT_ENCODING
    return _usable(label, body)


def _detected_encoding(body: bytes, is_html: bool) -> str | None:
    if body.isascii():
        return DEFAULT_ENCODING
    try:
        body.decode(DEFAULT_ENCODING)
        return DEFAULT_ENCODING  # other encodings' non-ASCII text is almost never valid UTF-8
    except UnicodeDecodeError:
        pass
    match = from_bytes(_detection_sample(body, is_html)).best()
    if match is None:
        return None
    candidates = [match.encoding, *match.could_be_from_charset]
    preferred = next((e for e in _COMMON_ENCODINGS if e in candidates), match.encoding)
    return browser_encoding(preferred)


def _detection_sample(body: bytes, is_html: bool) -> bytes:
    """Text to detect from: a page's words without its markup and scripts, which only dilute
    the evidence; else the stretch of the body where its non-ASCII bytes begin."""
    if is_html:
        sample = body[: DETECTION_SAMPLE_BYTES * 4]
        text = _BLANKS.sub(b" ", _TAG.sub(b" ", _without_code(sample))).strip()
        if not text[:DETECTION_SAMPLE_BYTES].isascii():
            return text[:DETECTION_SAMPLE_BYTES]
    first = _NON_ASCII.search(body)
    start = max(first.start() - 1024, 0) if first else 0
    return body[start : start + DETECTION_SAMPLE_BYTES]


def _without_code(markup: bytes) -> bytes:
    """Markup without its scripts, styles and comments, in one pass (no backtracking)."""
    lower = markup.lower()
    kept: list[bytes] = []
    position = 0
    while (opening := _CODE_OPENING.search(markup, position)) is not None:
        kept.append(markup[position : opening.start()])
        closing = b"-->" if opening.group(1) is None else b"</" + opening.group(1).lower()
        end = lower.find(closing, opening.end())
        if end < 0:
            return b" ".join(kept)
        position = lower.find(b">", end) + 1 or len(markup)
    kept.append(markup[position:])
    return b" ".join(kept)
