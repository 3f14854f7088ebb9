"""The text of a PDF source, for verification: its paragraphs in reading order, or "" if unreadable.

pypdf reads the text in the order the file draws it, which keeps the two columns of a page apart
(its layout mode interleaves them). It gives lines, not paragraphs, so paragraphs are rebuilt from
where each line sits: a wider gap than the usual line spacing, an indented next line, a line
clearly shorter than a full line that ends a sentence, or a very short line (a heading, a list
item) closes a paragraph; a line starting in lower case never opens one. Where a paragraph's last
line fills the width and neither a gap nor an indent follows, the layout does not tell two
paragraphs apart and they stay one.
"""

from __future__ import annotations

import io
import logging
import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from statistics import median
from typing import Any

from pypdf import PageObject, PdfReader

from archiver.media import media_type

PDF_TYPES = ("application/pdf", "application/x-pdf")
PDF_MAGIC = b"%PDF-"
# A longer document is a book or a data dump: its first pages hold what a source would be cited for.
MAX_PAGES = 300
# A complete PDF ends with %%EOF, give or take a few bytes of padding a server or tool appends.
EOF_WINDOW = 2048

# Shares of a full line's length, and of the usual line spacing, that mark a paragraph's end.
SHORT_LINE = 0.75
VERY_SHORT_LINE = 0.5
PARAGRAPH_GAP = 1.3
# A first-line indent, in PDF points: more than a stray offset, less than a jump to another column.
INDENT = (6.0, 60.0)
_SENTENCE_END = (".", "!", "?", ":", '"', "”", "’", ")")
_PAGE_FURNITURE = re.compile(r"^(page\s+)?\d{1,4}(\s*(/|of)\s*\d{1,4})?$", re.I)
_SPACES = re.compile(r"[ \t\u00a0]+")


@dataclass
class _Line:
    """One line of text, with where it starts on its page (PDF units, y growing upwards)."""

    text: str
    page: int
    x: float
    y: float


def is_pdf(content_type: str | None, payload: bytes) -> bool:
    """True for a PDF: by its type, or by its first bytes whatever the type says."""
    if media_type(content_type) in PDF_TYPES:
        return True
    return payload[:1024].lstrip().startswith(PDF_MAGIC)


def pdf_text(payload: bytes) -> str:
    """A PDF's text, paragraphs separated by blank lines; "" for a broken or encrypted PDF."""
    if PDF_MAGIC not in payload[:1024] or b"%%EOF" not in payload[-EOF_WINDOW:]:
        return ""  # a truncated file: its cross-reference table, at the end, is gone
    lines = _read_lines(payload)
    return "\n\n".join(_paragraphs(lines))


@contextmanager
def _quiet() -> Iterator[None]:
    """Silence pypdf's warnings on a damaged file: an unreadable source is not the user's fault."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)


def _read_lines(payload: bytes) -> list[_Line]:
    try:
        with _quiet():
            reader = PdfReader(io.BytesIO(payload), strict=False)
            if reader.is_encrypted and not reader.decrypt(""):
                return []  # it needs a password; one with only an owner password still reads
            lines: list[_Line] = []
            for number, page in enumerate(reader.pages[:MAX_PAGES]):
                lines.extend(_without_furniture(_page_lines(page, number)))
            return lines
    except Exception:  # pypdf raises many kinds of error on a damaged file; each means no text
        return []


def _page_lines(page: PageObject, number: int) -> list[_Line]:
    """A page's lines as pypdf orders them, each with the position of its first text."""
    lines: list[_Line] = []
    pieces: list[str] = []
    start: tuple[float, float] | None = None

    def close_line() -> None:
        nonlocal pieces, start
        text = _SPACES.sub(" ", "".join(pieces)).strip()
        if text:
            x, y = start or (0.0, 0.0)
            lines.append(_Line(text, number, x, y))
        pieces, start = [], None

    def visit(text: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
        nonlocal start
        for index, piece in enumerate(text.split("\n")):
            if index:
                close_line()
            if piece.strip() and start is None:
                # The text matrix times the current transformation matrix: where the text starts.
                start = (
                    tm[4] * cm[0] + tm[5] * cm[2] + cm[4],
                    tm[4] * cm[1] + tm[5] * cm[3] + cm[5],
                )
            pieces.append(piece)

    page.extract_text(visitor_text=visit)
    close_line()
    return lines


def _without_furniture(lines: list[_Line]) -> list[_Line]:
    """A page's lines without a page number or "Page 3 of 9" at its top or bottom."""
    while lines and _PAGE_FURNITURE.match(lines[-1].text):
        lines = lines[:-1]
    while lines and _PAGE_FURNITURE.match(lines[0].text):
        lines = lines[1:]
    return lines


def _paragraphs(lines: list[_Line]) -> Iterator[str]:
    width = _usual_width(lines)
    spacing = _usual_spacing(lines)
    paragraph: list[str] = []
    for index, line in enumerate(lines):
        paragraph.append(line.text)
        following = lines[index + 1] if index + 1 < len(lines) else None
        if following is None or _ends_paragraph(line, following, width, spacing):
            yield _join(paragraph)
            paragraph = []


def _usual_width(lines: list[_Line]) -> int:
    """The length of a full line: most body lines are full, headings and last lines are not."""
    lengths = sorted(len(line.text) for line in lines)
    return lengths[int(len(lengths) * 0.8)] if lengths else 0


def _usual_spacing(lines: list[_Line]) -> float:
    """The usual distance from a line down to the next: most lines are inside a paragraph."""
    gaps = [_gap(a, b) for a, b in zip(lines, lines[1:], strict=False)]
    positive = [gap for gap in gaps if gap > 0]
    return median(positive) if positive else 0.0


def _gap(line: _Line, following: _Line) -> float:
    return line.y - following.y if line.page == following.page else 0.0


def _ends_paragraph(line: _Line, following: _Line, width: int, spacing: float) -> bool:
    if following.text[0].islower():
        return False
    gap = _gap(line, following)
    if spacing and gap > PARAGRAPH_GAP * spacing:
        return True
    if 0 < gap and INDENT[0] <= following.x - line.x <= INDENT[1]:
        return True
    if len(line.text) < VERY_SHORT_LINE * width:
        return True
    return len(line.text) < SHORT_LINE * width and line.text.endswith(_SENTENCE_END)


def _join(lines: list[str]) -> str:
    text = lines[0]
    for line in lines[1:]:
        if text.endswith("\u00ad"):
            text = text[:-1] + line  # a soft hyphen is the typesetter's, not the author's
        elif text.endswith("-") and not text.endswith(" -") and line[0].islower():
            # A compound's own hyphen ("long-\nterm") stays; no dictionary tells it from a split.
            text += line
        else:
            text += " " + line
    return text
