"""Media types: what a response's Content-Type (or, without one, its first bytes) says it is."""

from __future__ import annotations

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<title")


def media_type(content_type: str | None) -> str | None:
    """The media type of a Content-Type header, lower-cased, without parameters."""
    media = (content_type or "").split(";")[0].strip().lower()
    return media or None


def is_html(content_type: str | None, payload: bytes = b"") -> bool:
    """True for an HTML page: by its type, or by its first bytes when the type says nothing."""
    media = media_type(content_type)
    if media is not None:
        return media in HTML_TYPES
    return payload[:512].lstrip().lower().startswith(_HTML_STARTS)
