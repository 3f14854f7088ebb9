"""Telling what an input is when it is not an article: a PDF, an image, a wall, a page of links."""

from __future__ import annotations

import re

from archiver import detect_soft_failure
from archiver.media import HTML_TYPES, media_type

from .pdftext import is_pdf

# Magic numbers of the image formats pages embed.
IMAGE_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"RIFF", "WebP"),
    (b"<svg", "SVG"),
)
_LINK = re.compile(rb"<a\s[^>]*href", re.I)
_PARAGRAPH = re.compile(rb"<p[\s>]", re.I)
# A home or section page: many links, few paragraphs between them.
LINKS_PER_PARAGRAPH = 8
MIN_LINKS = 40


def image_kind(payload: bytes, content_type: str | None) -> str | None:
    """The image format of a payload (by magic number or type), or None."""
    for magic, kind in IMAGE_MAGIC:
        if payload.startswith(magic) and (kind != "WebP" or payload[8:12] == b"WEBP"):
            return kind
    media = media_type(content_type)
    return media.split("/", 1)[1].upper() if media and media.startswith("image/") else None


def what_it_is(payload: bytes, content_type: str | None, url: str = "") -> str | None:
    """What a payload that holds no article is, in a few words; None when nothing is known.

    Used to say what was found instead of an article, so the user can act on it.
    """
    media = media_type(content_type)
    if is_pdf(content_type, payload):
        return "a PDF document, not an article page (give the page that links to it)"
    image = image_kind(payload, content_type)
    if image:
        return f"an image ({image}), not an article"
    if b"\x00" in payload[:8192]:
        return f"a binary file{f' ({media})' if media else ''}, not an HTML or text article"
    if media and media not in HTML_TYPES and media != "text/plain":
        return f"a {media} file, not an article"
    wall = detect_soft_failure(200, [("Content-Type", "text/html")], payload, url, url)
    if wall:
        kind, _, detail = wall.partition(": ")
        return f"a {kind} ({detail}), not the article" if detail else f"a {kind}, not the article"
    links, paragraphs = len(_LINK.findall(payload)), len(_PARAGRAPH.findall(payload))
    if links >= MIN_LINKS and links > LINKS_PER_PARAGRAPH * max(paragraphs, 1):
        return f"a page of links ({links} links, {paragraphs} paragraphs): a home or section page"
    return None
