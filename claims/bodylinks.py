"""The in-body links of an article page: resolving each href and keeping those that may cite."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin

from .citations import is_furniture
from .lexicon import split_url
from .model import Link
from .sentences import sentence_spans


@dataclass
class Anchor:
    """Where a link's anchor text lies in its paragraph's text."""

    href: str
    start: int
    end: int


def base_url(meta: dict[str, str], url: str | None) -> str | None:
    """The URL the page's relative links resolve against: its <base>, else its own address."""
    candidate = url or meta.get("url")
    if candidate is not None and split_url(candidate) is None:
        candidate = None  # an address that cannot be parsed resolves nothing
    if "base" in meta:
        return _joined(candidate or "", meta["base"])
    return candidate


def links_of(
    text: str, anchors: list[Anchor], base: str | None, paragraph: int, site: str | None
) -> list[Link]:
    """The links of one paragraph that may cite a source, each with the sentence it sits in."""
    if not anchors:
        return []
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
        if is_furniture(url, anchor_text, sentence, site):
            continue
        links.append(Link(url=url, anchor_text=anchor_text, sentence=sentence, paragraph=paragraph))
    return links


def _absolute(href: str, base: str | None) -> str | None:
    """An http(s) URL for an href, or None for fragments, mail, scripts and the like."""
    href = href.strip()
    if not href or href.startswith("#"):
        return None
    url = _joined(base, href)
    parts = split_url(url) if url is not None else None
    if url is None or parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    if base and url.split("#")[0] == base.split("#")[0]:
        return None
    return url


def _joined(base: str | None, href: str) -> str | None:
    """``href`` resolved against ``base``, or None when either address cannot be parsed."""
    if not base:
        return href if split_url(href) is not None else None
    try:
        joined = urljoin(base, href)
    except ValueError:
        return None
    return joined if split_url(joined) is not None else None
