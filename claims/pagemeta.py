"""A page's metadata: title, author, publisher, date and address from <meta>, <link> and JSON-LD."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml.html import HtmlElement

WHITESPACE = re.compile(r"\s+")


def page_metadata(document: HtmlElement) -> dict[str, str]:
    """Title, author, publisher, published, url and base of a page, each when it states one."""
    return _metadata(_head_tags(document))


@dataclass
class _HeadTags:
    """The page's metadata elements, gathered in one walk over the tree."""

    # (attribute, value) -> content of the first <meta> so named (None when it has no content).
    metas: dict[tuple[str, str], str | None] = field(default_factory=dict)
    canonical: str | None = None
    time_datetime: str | None = None
    title: str | None = None
    base_href: str | None = None
    json_ld: list[str | None] = field(default_factory=list)


META_NAMING = ("property", "name", "itemprop")
HEAD_TAGS = frozenset({"meta", "link", "time", "title", "base", "script"})


def _head_tags(document: HtmlElement) -> _HeadTags:
    """Every metadata element of the page, first of each kind winning, in a single pass."""
    head = _HeadTags()
    seen: set[str] = set()
    for element in document.iter(*HEAD_TAGS):
        name = element.tag
        if name == "meta":
            _note_meta(head, element)
        elif name == "script":
            if element.get("type") == "application/ld+json":
                head.json_ld.append(_only_string(element))
        elif name in seen:
            continue
        elif name == "link":
            if "canonical" in (element.get("rel") or "").split():
                seen.add(name)
                head.canonical = element.get("href")
        elif name == "time":
            if element.get("datetime") is not None:
                seen.add(name)
                head.time_datetime = element.get("datetime")
        elif name == "base":
            if element.get("href") is not None:
                seen.add(name)
                head.base_href = element.get("href")
        else:
            seen.add(name)
            head.title = _only_string(element)
    return head


def _note_meta(head: _HeadTags, element: HtmlElement) -> None:
    for attribute in META_NAMING:
        value = element.get(attribute)
        if value is not None and (attribute, value) not in head.metas:
            head.metas[(attribute, value)] = element.get("content")


def _only_string(element: HtmlElement) -> str | None:
    """An element's text when it is all one piece (a lone child's, going down), else None."""
    children = list(element)
    if not children:
        return element.text or None
    if element.text or len(children) > 1 or children[0].tail:
        return None
    child = children[0]
    if not isinstance(child.tag, str):
        return child.text or None
    return _only_string(child)


def _metadata(head: _HeadTags) -> dict[str, str]:
    """Title, author, publisher, publication date and canonical URL from meta tags and JSON-LD."""
    found: dict[str, str] = {}
    ld = _json_ld_article(head.json_ld)

    def meta(name: str) -> str | None:
        for attribute in META_NAMING:
            if (attribute, name) in head.metas:
                return head.metas[(attribute, name)]
        return None

    candidates: dict[str, list[Any]] = {
        "title": [meta("og:title"), ld.get("headline"), meta("twitter:title"), head.title],
        "author": [
            meta("author"),
            meta("article:author"),
            _ld_name(ld.get("author")),
            meta("byl"),
            meta("parsely-author"),
        ],
        "published": [
            meta("article:published_time"),
            ld.get("datePublished"),
            meta("datePublished"),
            meta("pubdate"),
            meta("date"),
            meta("publish-date"),
            meta("dc.date"),
            head.time_datetime,
        ],
        "publisher": [
            meta("og:site_name"),
            _ld_name(ld.get("publisher")),
            meta("application-name"),
        ],
        "url": [head.canonical, meta("og:url")],
    }
    for key, values in candidates.items():
        for value in values:
            if isinstance(value, str) and value.strip():
                found[key] = WHITESPACE.sub(" ", value).strip()
                break
    if "author" in found and found["author"].startswith(("http://", "https://")):
        del found["author"]
    if head.base_href is not None:
        found["base"] = head.base_href
    return found


def _json_ld_article(scripts: list[str | None]) -> dict[str, Any]:
    """The first JSON-LD object of an article type (NewsArticle, Article, BlogPosting, ...)."""
    for script in scripts:
        try:
            data = json.loads(script or "")
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
