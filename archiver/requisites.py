"""Page requisites: the images, stylesheets, scripts and fonts a page embeds, to replay it whole."""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Iterable
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from .media import HTML_TYPES
from .media import media_type as media_type_of
from .urls import normalize_url

_Attributes = dict[str, str]

_CSS_TYPE = "text/css"
_FETCHABLE_SCHEMES = frozenset({"http", "https"})
_STYLESHEET_RELS = frozenset({"stylesheet"})
_ICON_RELS = frozenset({"icon", "apple-touch-icon", "apple-touch-icon-precomposed"})
_PRELOAD_AS = frozenset({"style", "script", "image", "font"})
# The HTML spec's "ASCII whitespace": what srcset candidates and URL attributes are trimmed of.
_HTML_SPACE = " \t\n\r\f"
# The URL parser drops tabs and newlines anywhere in a URL, so markup may wrap long ones.
_URL_NOISE = str.maketrans("", "", "\t\n\r")
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# The HTML spec's encoding prescan looks no further than the first 1024 bytes.
_PRESCAN_BYTES = 1024
_META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_CHARSET_PARAM = re.compile(r"""charset\s*=\s*["']?([\w.:-]+)""", re.I)
_CSS_COMMENT = re.compile(r"/\*.*?(?:\*/|\Z)", re.S)
_CSS_REFERENCE = re.compile(
    r"""url\(\s*(?:"(?P<double>(?:\\.|[^"\\])*)"|'(?P<single>(?:\\.|[^'\\])*)'"""
    r"""|(?P<bare>(?:\\.|[^)"'\s\\])*))\s*\)"""
    r"""|@import\s+(?:"(?P<import_double>(?:\\.|[^"\\])*)"|'(?P<import_single>(?:\\.|[^'\\])*)')""",
    re.I | re.S,
)
_CSS_ESCAPE = re.compile(r"\\(?:([0-9a-fA-F]{1,6})[ \t\n]?|(.))", re.S)


def find_requisites(html: bytes | str, base_url: str, content_type: str | None = None) -> list[str]:
    """The absolute http(s) URLs a page embeds, de-duplicated, in document order.

    Finds ``<img src|srcset>``, ``<source srcset>``, stylesheet, icon and preload ``<link>``s,
    ``<script src>``, ``<video poster>``, ``<input type=image src>``, ``url()`` in ``style``
    attributes and ``url()``/``@import`` in ``<style>`` blocks, resolved against ``<base href>``
    when the page has one, else ``base_url``. URLs are given as ``normalize_url`` gives them;
    data:, javascript:, blob: and fragment-only references are dropped. ``content_type`` (the
    response's header) supplies the charset of a bytes page; a stylesheet type is read as CSS,
    and any other type that is not HTML has no requisites.
    """
    media_type = media_type_of(content_type)
    if media_type == _CSS_TYPE:
        return find_css_requisites(_as_text(html, content_type), base_url)
    if media_type is not None and media_type not in HTML_TYPES:
        return []
    parser = _RequisiteParser()
    parser.read(_as_text(html, content_type))
    return _absolute_unique(parser.references, _document_base(base_url, parser.base_href))


def find_css_requisites(css: bytes | str, base_url: str) -> list[str]:
    """The http(s) URLs of a stylesheet's ``url()`` and ``@import``, once each, in order."""
    text = css if isinstance(css, str) else _decode(css, None)
    return _absolute_unique(_css_references(text), base_url)


# The stdlib parser is what BeautifulSoup's "html.parser" wraps, so pages tokenize the same; fed
# directly it skips building a tree, which costs several times the parse on a large page.
class _RequisiteParser(HTMLParser):
    """Collects the raw references of embedded resources, and the first ``<base href>``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.references: list[str] = []
        self.base_href: str | None = None
        self._style_text: list[str] | None = None

    def read(self, text: str) -> None:
        """Parse a whole document; markup broken beyond repair ends it, keeping what came before."""
        try:
            self.feed(text)
            self.close()
        except AssertionError:
            # html.parser still asserts on a few malformed declarations ("<![foo[") instead of
            # recovering; the references found up to there are worth keeping.
            pass
        if self._style_text is not None:
            # A <style> left open runs to the end of the page, as in a browser; html.parser keeps
            # that unterminated text back instead of handing it over.
            self._style_text.append(self.rawdata)
            self._end_style()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        extract = _EXTRACTORS.get(tag)
        if extract is None and tag not in ("base", "style") and not _has_style(attrs):
            return
        values = _first_values(attrs)
        if tag == "base" and self.base_href is None and "href" in values:
            self.base_href = values["href"]
        if extract is not None:
            self.references.extend(extract(values))
        style = values.get("style")
        if style:
            self.references.extend(_css_references(style))
        if tag == "style":
            self._style_text = []

    def handle_data(self, data: str) -> None:
        if self._style_text is not None:
            self._style_text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._end_style()

    def _end_style(self) -> None:
        if self._style_text is not None:
            self.references.extend(_css_references("".join(self._style_text)))
            self._style_text = None


def _has_style(attrs: list[tuple[str, str | None]]) -> bool:
    return any(name == "style" and value for name, value in attrs)


def _first_values(attrs: list[tuple[str, str | None]]) -> _Attributes:
    """_Attributes by name; a repeated attribute keeps its first value, as browsers do."""
    values: _Attributes = {}
    for name, value in attrs:
        values.setdefault(name, value or "")
    return values


def _img(attrs: _Attributes) -> list[str]:
    return [*_present(attrs.get("src")), *_srcset_urls(attrs.get("srcset", ""))]


def _source(attrs: _Attributes) -> list[str]:
    # A <source src> feeds <video>/<audio>: media, not a page requisite.
    return _srcset_urls(attrs.get("srcset", ""))


def _link(attrs: _Attributes) -> list[str]:
    rels = set(attrs.get("rel", "").lower().split())
    kind = attrs.get("as", "").strip().lower()
    if rels & (_STYLESHEET_RELS | _ICON_RELS):
        return _present(attrs.get("href"))
    if "modulepreload" in rels or ("preload" in rels and kind in _PRELOAD_AS):
        urls = _present(attrs.get("href"))
        if kind == "image":
            urls.extend(_srcset_urls(attrs.get("imagesrcset", "")))
        return urls
    return []


def _script(attrs: _Attributes) -> list[str]:
    return _present(attrs.get("src"))


def _video(attrs: _Attributes) -> list[str]:
    return _present(attrs.get("poster"))


def _input(attrs: _Attributes) -> list[str]:
    if attrs.get("type", "").strip().lower() != "image":
        return []
    return _present(attrs.get("src"))


_EXTRACTORS: dict[str, Callable[[_Attributes], list[str]]] = {
    "img": _img,
    "source": _source,
    "link": _link,
    "script": _script,
    "video": _video,
    "input": _input,
}


def _present(value: str | None) -> list[str]:
    return [value] if value else []


def _srcset_urls(srcset: str) -> list[str]:
    """Every candidate URL of a srcset, descriptors ("2x", "480w") dropped, as HTML splits it."""
    urls: list[str] = []
    position, end = 0, len(srcset)
    while True:
        while position < end and (srcset[position] in _HTML_SPACE or srcset[position] == ","):
            position += 1
        if position >= end:
            return urls
        start = position
        while position < end and srcset[position] not in _HTML_SPACE:
            position += 1
        url = srcset[start:position]
        if url.endswith(","):
            # "a.jpg,b.jpg": a trailing comma closes a candidate that has no descriptors.
            url = url.rstrip(",")
        else:
            position = _after_descriptors(srcset, position)
        if url:
            urls.append(url)


def _after_descriptors(srcset: str, position: int) -> int:
    """The index past the comma ending a candidate's descriptors (none inside parentheses)."""
    depth = 0
    while position < len(srcset):
        char = srcset[position]
        position += 1
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(depth - 1, 0)
        elif char == "," and depth == 0:
            break
    return position


def _css_references(css: str) -> list[str]:
    """The raw ``url()`` and ``@import`` references of CSS text, comments skipped."""
    if "url(" not in css.lower() and "@import" not in css.lower():
        return []
    references = []
    for match in _CSS_REFERENCE.finditer(_CSS_COMMENT.sub(" ", css)):
        raw = next((group for group in match.groups() if group is not None), "")
        if raw:
            references.append(_CSS_ESCAPE.sub(_css_unescaped, raw))
    return references


def _css_unescaped(match: re.Match[str]) -> str:
    code, char = match.groups()
    if code is None:
        return "" if char == "\n" else str(char)
    value = int(code, 16)
    return chr(value) if 0 < value <= 0x10FFFF else "\ufffd"


def _document_base(base_url: str, base_href: str | None) -> str:
    """What relative references resolve against: an http(s) ``<base href>``, else the page URL."""
    if not base_href:
        return base_url
    try:
        base = urljoin(base_url, _clean_reference(base_href))
        scheme = urlsplit(base).scheme.lower()
    except ValueError:
        return base_url
    return base if scheme in _FETCHABLE_SCHEMES else base_url


def _absolute_unique(references: Iterable[str], base: str) -> list[str]:
    found: dict[str, None] = {}
    # Pages repeat the same icon or spacer many times; resolve each spelling once.
    for reference in dict.fromkeys(references):
        url = _absolute(reference, base)
        if url is not None:
            found.setdefault(url)
    return list(found)


def _absolute(reference: str, base: str) -> str | None:
    """A reference resolved to a normalized http(s) URL, or None when it names nothing fetchable."""
    reference = _clean_reference(reference)
    if not reference or reference.startswith("#"):
        return None
    try:
        url = urljoin(base, reference)
        parts = urlsplit(url)
        if parts.scheme.lower() not in _FETCHABLE_SCHEMES or not parts.hostname:
            return None
        return normalize_url(url)
    except ValueError:
        # urllib rejects some junk outright (an unclosed "[" in a host); it names nothing.
        return None


def _clean_reference(reference: str) -> str:
    return reference.strip(_HTML_SPACE).translate(_URL_NOISE)


def _as_text(document: bytes | str, content_type: str | None) -> str:
    if isinstance(document, str):
        return document
    match = _CHARSET_PARAM.search(content_type or "")
    return _decode(document, match.group(1) if match else None)


def _decode(data: bytes, charset: str | None) -> str:
    """Bytes as text: by byte-order mark, else declared charset, else UTF-8, else Windows-1252."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    declared = _known_encoding(charset) or _known_encoding(_sniffed_charset(data))
    if declared is not None:
        return data.decode(declared, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # Browsers read undeclared legacy pages as Windows-1252; URLs are mostly ASCII anyway.
        return data.decode("cp1252", errors="replace")


def _sniffed_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:_PRESCAN_BYTES])
    return match.group(1).decode("ascii") if match else None


def _known_encoding(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None
