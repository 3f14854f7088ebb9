"""The readable text of an archived page, read back from its WARC record."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup
from lxml import html as lxml_html

from archiver import ArchivedRecord, RecordError, read_capture
from archiver.media import is_html

from .article import article_from_html
from .charsets import charset_of as charset_of  # the pipeline reads a record's charset from here
from .charsets import decode_text
from .errors import NotAnArticle
from .pagemeta import page_metadata
from .pdftext import is_pdf, pdf_text


@dataclass
class PageText:
    """What verification needs of an archived page: its text, and its own metadata if any."""

    text: str
    title: str | None = None
    publisher: str | None = None
    published: str | None = None


def page_text(payload: bytes, content_type: str | None, url: str | None) -> PageText:
    """The main text of a page: the article body for HTML, the text of a PDF, else decoded text."""
    if is_pdf(content_type, payload):
        return PageText(pdf_text(payload))
    if is_html(content_type, payload):
        html, _ = decode_text(payload, content_type, is_html=True)
        try:
            article = article_from_html(html, url=url)
        except NotAnArticle:
            return PageText(_visible_text(html))
        return PageText(article.text, article.title, article.publisher, article.published)
    if (content_type or "text/plain").startswith("text/"):
        return PageText(decode_text(payload, content_type, is_html=False)[0])
    return PageText("")


def _visible_text(html: str) -> str:
    """Every visible line of a page that holds no article, one paragraph a line."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "noscript", "template"]):
        tag.decompose()
    lines = (" ".join(s.split()) for s in soup.get_text("\n").split("\n"))
    return "\n\n".join(line for line in lines if line)


def capture_page_text(
    archive_dir: str | Path, warc_file: str, warc_offset: int
) -> tuple[ArchivedRecord, PageText]:
    """Read a capture's record from its WARC file and extract its text."""
    record = read_capture(archive_dir, warc_file, warc_offset)
    if record.record_type not in ("response", "resource", "revisit"):
        raise RecordError(f"record at {warc_file}:{warc_offset} is a {record.record_type} record")
    return record, page_text(record.payload, record.content_type, record.target_uri)


def payload_metadata(payload: bytes, content_type: str | None, url: str | None) -> dict[str, str]:
    """Title, author, publisher and date an archived HTML page states; empty for anything else."""
    if not payload or not is_html(content_type, payload):
        return {}
    try:
        text, _ = decode_text(payload, content_type, is_html=True)
        return page_metadata(lxml_html.document_fromstring(text), url)
    except (ValueError, TypeError):  # lxml refuses empty or odd documents
        return {}
