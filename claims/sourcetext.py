"""The readable text of an archived page, read back from its WARC record."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup

from archiver import ArchivedRecord, RecordError, read_record

from .article import article_from_html
from .errors import NotAnArticle

CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)
HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass
class PageText:
    """What verification needs of an archived page: its text, and its own metadata if any."""

    text: str
    title: str | None = None
    publisher: str | None = None
    published: str | None = None


def charset_of(content_type: str | None) -> str | None:
    """The charset parameter of a Content-Type header, if any."""
    match = CHARSET.search(content_type or "")
    return match.group(1) if match else None


def is_html(content_type: str | None, payload: bytes) -> bool:
    """True for an HTML page (by its type, or by its first bytes when the type says nothing)."""
    if content_type:
        return content_type.split(";")[0].strip().lower() in HTML_TYPES
    return payload.lstrip()[:15].lower().startswith((b"<!doctype html", b"<html"))


def page_text(payload: bytes, content_type: str | None, url: str | None) -> PageText:
    """The main text of a page: the article body for HTML, the decoded text otherwise."""
    charset = charset_of(content_type)
    if is_html(content_type, payload):
        try:
            article = article_from_html(payload, url=url, charset=charset)
        except NotAnArticle:
            soup = BeautifulSoup(payload, "html.parser", from_encoding=charset)
            for tag in soup(["script", "style", "noscript", "template"]):
                tag.decompose()
            lines = (" ".join(s.split()) for s in soup.get_text("\n").split("\n"))
            return PageText("\n\n".join(line for line in lines if line))
        return PageText(article.text, article.title, article.publisher, article.published)
    if (content_type or "text/plain").startswith("text/"):
        return PageText(payload.decode(charset or "utf-8", errors="replace"))
    return PageText("")


def capture_page_text(
    archive_dir: str | Path, warc_file: str, warc_offset: int
) -> tuple[ArchivedRecord, PageText]:
    """Read a capture's record from its WARC file and extract its text."""
    record = read_record(Path(archive_dir) / warc_file, warc_offset)
    if record.record_type not in ("response", "resource"):
        raise RecordError(f"record at {warc_file}:{warc_offset} is a {record.record_type} record")
    return record, page_text(record.payload, record.content_type, record.target_uri)
