"""Reading an article: main text, metadata and in-body links from HTML, or plain-text paragraphs."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup
from bs4.element import NavigableString, Tag

from .charsets import decode_text
from .citations import is_furniture
from .errors import NotAnArticle
from .model import Article, Link
from .sentences import sentence_spans

BOILERPLATE_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "form",
    "button",
    "iframe",
    "nav",
    "header",
    "footer",
    "aside",
    "select",
    "input",
    "textarea",
)
BOILERPLATE_HINT = re.compile(
    r"(^|[\s_-])(share|sharing|social|related|recommend|newsletter|subscribe|signup|comment|promo|"
    r"advert|ads?|sponsor|sidebar|footer|nav|navbar|menu|breadcrumbs?|byline|author-bio|tags?|"
    r"popular|most-read|trending|outbrain|taboola|cookie|consent|paywall|modal|widget|"
    r"read-more|more-stories|recirc)($|[\s_-])",
    re.I,
)
BLOCK_TAGS = ("p", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "dd")
BODY_HINTS = (
    "articleBody",
    "article-body",
    "article__body",
    "entry-content",
    "story-body",
    "post-content",
    "article-content",
    "story-content",
    "content-body",
    "body-text",
)
MIN_PARAGRAPH_CHARS = 25
WHITESPACE = re.compile(r"\s+")


@dataclass
class _Anchor:
    href: str
    start: int
    end: int


def article_from_html(
    html: bytes | str, url: str | None = None, charset: str | None = None
) -> Article:
    """Main text, metadata and in-body links of an HTML page; NotAnArticle when it has none.

    Bytes are decoded by ``charsets.decode_text``, ``charset`` standing for the HTTP header's.
    """
    if isinstance(html, bytes):
        header = f"text/html; charset={charset}" if charset else None
        html, _ = decode_text(html, header, is_html=True)
    soup = BeautifulSoup(html, "html.parser")
    meta = _metadata(soup)
    base = _base_url(soup, url, meta)
    body = _main_container(soup)
    paragraphs: list[str] = []
    links: list[Link] = []
    for block in _blocks(body) if body is not None else []:
        text, anchors = _flatten(block)
        if not _is_body_paragraph(block, text):
            continue
        index = len(paragraphs)
        paragraphs.append(text)
        links.extend(_links_of(text, anchors, base, index))
    if sum(len(p) for p in paragraphs) < 200 or len(paragraphs) < 2:
        raise NotAnArticle("no article text found (the page has no body of paragraphs)")
    return Article(
        url=meta.get("url") or url,
        title=meta.get("title"),
        author=meta.get("author"),
        published=meta.get("published"),
        paragraphs=paragraphs,
        links=links,
        publisher=meta.get("publisher"),
    )


def article_from_text(text: str, url: str | None = None, published: str | None = None) -> Article:
    """An article from plain text: its first line is the title, blank lines separate paragraphs."""
    paragraphs = list(_text_paragraphs(text))
    if not paragraphs or sum(len(p) for p in paragraphs) < 100:
        raise NotAnArticle("no article text found (the text is empty or too short)")
    return Article(
        url=url, title=paragraphs[0], author=None, published=published, paragraphs=paragraphs
    )


def _text_paragraphs(text: str) -> Iterator[str]:
    for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n")):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        # Hard-wrapped prose (long lines, no sentence end) joins up; short lines stay separate.
        wrapped = all(
            len(line) > 50 and not line.endswith((".", "!", "?", ":", "”", '"'))
            for line in lines[:-1]
        )
        if wrapped and len(lines) > 1:
            yield WHITESPACE.sub(" ", " ".join(lines))
        else:
            yield from (WHITESPACE.sub(" ", line) for line in lines)


# -- metadata ---------------------------------------------------------------------------------


def _metadata(soup: BeautifulSoup) -> dict[str, str]:
    """Title, author, publisher, publication date and canonical URL from meta tags and JSON-LD."""
    found: dict[str, str] = {}
    ld = _json_ld_article(soup)
    candidates: dict[str, list[Any]] = {
        "title": [
            _meta(soup, "og:title"),
            ld.get("headline"),
            _meta(soup, "twitter:title"),
            soup.title.string if soup.title else None,
        ],
        "author": [
            _meta(soup, "author"),
            _meta(soup, "article:author"),
            _ld_name(ld.get("author")),
            _meta(soup, "byl"),
            _meta(soup, "parsely-author"),
        ],
        "published": [
            _meta(soup, "article:published_time"),
            ld.get("datePublished"),
            _meta(soup, "datePublished"),
            _meta(soup, "pubdate"),
            _meta(soup, "date"),
            _meta(soup, "publish-date"),
            _meta(soup, "dc.date"),
            _time_datetime(soup),
        ],
        "publisher": [
            _meta(soup, "og:site_name"),
            _ld_name(ld.get("publisher")),
            _meta(soup, "application-name"),
        ],
        "url": [_link_rel(soup, "canonical"), _meta(soup, "og:url")],
    }
    for key, values in candidates.items():
        for value in values:
            if isinstance(value, str) and value.strip():
                found[key] = WHITESPACE.sub(" ", value).strip()
                break
    if "author" in found and found["author"].startswith(("http://", "https://")):
        del found["author"]
    return found


def _meta(soup: BeautifulSoup, name: str) -> str | None:
    tag = soup.find("meta", attrs={"property": name}) or soup.find("meta", attrs={"name": name})
    if tag is None:
        tag = soup.find("meta", attrs={"itemprop": name})
    content = tag.get("content") if isinstance(tag, Tag) else None
    return content if isinstance(content, str) else None


def _link_rel(soup: BeautifulSoup, rel: str) -> str | None:
    tag = soup.find("link", rel=rel)
    href = tag.get("href") if isinstance(tag, Tag) else None
    return href if isinstance(href, str) else None


def _time_datetime(soup: BeautifulSoup) -> str | None:
    tag = soup.find("time", attrs={"datetime": True})
    value = tag.get("datetime") if isinstance(tag, Tag) else None
    return value if isinstance(value, str) else None


def _json_ld_article(soup: BeautifulSoup) -> dict[str, Any]:
    """The first JSON-LD object of an article type (NewsArticle, Article, BlogPosting, ...)."""
    for script in soup.find_all("script", type="application/ld+json"):
        try:
            data = json.loads(script.string or "")
        except (json.JSONDecodeError, TypeError):
            continue
        for item in _ld_items(data):
            kind = item.get("@type")
            kinds = kind if isinstance(kind, list) else [kind]
            if any(isinstance(k, str) and ("Article" in k or k == "BlogPosting") for k in kinds):
                return item
    return {}


def _ld_items(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _ld_items(item)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _ld_items(data["@graph"])


def _ld_name(value: Any) -> str | None:
    if isinstance(value, list):
        names = [n for n in (_ld_name(v) for v in value) if n]
        return ", ".join(names) or None
    if isinstance(value, dict):
        name = value.get("name")
        return name if isinstance(name, str) else None
    return value if isinstance(value, str) else None


def _base_url(soup: BeautifulSoup, url: str | None, meta: dict[str, str]) -> str | None:
    base = soup.find("base", href=True)
    href = base.get("href") if isinstance(base, Tag) else None
    candidate = url or meta.get("url")
    if isinstance(href, str):
        return urljoin(candidate or "", href)
    return candidate


# -- main text --------------------------------------------------------------------------------


def _is_boilerplate(tag: Tag) -> bool:
    if tag.name in BOILERPLATE_TAGS:
        return True
    if tag.get("role") in ("navigation", "banner", "contentinfo", "complementary"):
        return True
    if tag.get("aria-hidden") == "true" or tag.get("hidden") is not None:
        return True
    hint = " ".join([*(tag.get("class") or []), str(tag.get("id") or "")])
    return bool(hint and BOILERPLATE_HINT.search(hint)) and not _holds_prose(tag)


def _holds_prose(tag: Tag) -> bool:
    """True for an element with several long paragraphs: a layout wrapper, not a widget."""
    long_paragraphs = 0
    for p in tag.find_all("p"):
        if len(p.get_text()) >= 120:
            long_paragraphs += 1
            if long_paragraphs >= 3:
                return True
    return False


def _strip_boilerplate(root: Tag) -> None:
    for tag in list(root.find_all(True)):
        if tag.decomposed or tag.parent is None:
            continue
        if tag.name in ("html", "body", "article", "main"):
            continue
        if _is_boilerplate(tag):
            tag.decompose()


def _main_container(soup: BeautifulSoup) -> Tag | None:
    """The element holding the article body: a marked body, else the densest block of prose."""
    root = soup.body or soup
    for hint in BODY_HINTS:
        marked = root.find(itemprop=hint) or root.find(class_=hint)
        if isinstance(marked, Tag) and len(marked.find_all("p")) >= 2:
            _strip_boilerplate(marked)
            return marked
    _strip_boilerplate(root)
    scores: dict[int, float] = {}
    tags: dict[int, Tag] = {}
    for p in root.find_all("p"):
        length = len(WHITESPACE.sub(" ", p.get_text()).strip())
        if length < MIN_PARAGRAPH_CHARS:
            continue
        grandparent = p.parent.parent if p.parent else None
        for weight, parent in ((1.0, p.parent), (0.5, grandparent)):
            if isinstance(parent, Tag):
                scores[id(parent)] = scores.get(id(parent), 0.0) + weight * length
                tags[id(parent)] = parent
    if not scores:
        return None
    return tags[max(scores, key=lambda k: scores[k])]


def _blocks(container: Tag) -> Iterator[Tag]:
    """The paragraph-level elements of the body, outermost only, in order."""
    for tag in container.find_all(BLOCK_TAGS):
        parent = tag.find_parent(BLOCK_TAGS)
        if parent is not None and (parent is container or container in parent.parents):
            continue
        yield tag


def _is_body_paragraph(block: Tag, text: str) -> bool:
    if block.name in ("h2", "h3", "h4", "h5", "h6"):
        return False
    if block.name == "li":
        return len(text) >= 60
    return len(text) >= MIN_PARAGRAPH_CHARS or text.endswith((".", "!", "?"))


def _flatten(block: Tag) -> tuple[str, list[_Anchor]]:
    """A block's text with whitespace collapsed, and where each link's anchor text lies in it."""
    parts: list[str] = []
    length = 0
    anchors: list[_Anchor] = []
    open_links: list[tuple[Tag, int]] = []

    def add(piece: str) -> None:
        nonlocal length
        piece = WHITESPACE.sub(" ", piece)
        if not piece:
            return
        if (not parts or parts[-1].endswith(" ")) and piece.startswith(" "):
            piece = piece[1:]
        parts.append(piece)
        length += len(piece)

    for node in block.descendants:
        if isinstance(node, NavigableString):
            if node.parent is not None and node.parent.name in ("script", "style"):
                continue
            add(str(node))
            while open_links and node is _last_string(open_links[-1][0]):
                tag, start = open_links.pop()
                anchors.append(_Anchor(str(tag.get("href")), start, length))
        elif isinstance(node, Tag):
            if node.name == "br":
                add(" ")
            elif node.name == "a" and node.get("href"):
                if _last_string(node) is None:
                    continue
                open_links.append((node, length))
    text = "".join(parts)
    stripped = text.lstrip()
    shift = len(text) - len(stripped)
    text = stripped.rstrip()
    for anchor in anchors:
        anchor.start = max(anchor.start - shift, 0)
        anchor.end = min(anchor.end - shift, len(text))
    return text, anchors


def _last_string(tag: Tag) -> NavigableString | None:
    strings = [s for s in tag.descendants if isinstance(s, NavigableString)]
    return strings[-1] if strings else None


def _links_of(text: str, anchors: list[_Anchor], base: str | None, paragraph: int) -> list[Link]:
    spans = sentence_spans(text)
    links = []
    for anchor in anchors:
        url = _absolute(anchor.href, base)
        anchor_text = text[anchor.start : anchor.end].strip()
        if url is None or not anchor_text:
            continue
        sentence = next(
            (text[s:e] for s, e in spans if s <= anchor.start < e),
            text,
        )
        if is_furniture(url, anchor_text, sentence, base):
            continue
        links.append(Link(url=url, anchor_text=anchor_text, sentence=sentence, paragraph=paragraph))
    return links


def _absolute(href: str, base: str | None) -> str | None:
    """An http(s) URL for an href, or None for fragments, mail, scripts and the like."""
    href = href.strip()
    if not href or href.startswith("#"):
        return None
    url = urljoin(base, href) if base else href
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    if base and url.split("#")[0] == base.split("#")[0]:
        return None
    return url
