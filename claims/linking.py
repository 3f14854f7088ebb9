"""Link a claim to the sources its article cites: the links in its sentence and its attribution's.

A claim cites (a) every in-body link sitting in its sentence, and (b) the links of whoever its
attribution names: a link whose host is the publisher ("reuters.com" for "Reuters",
"afp.com" for "AFP"), whose anchor text names it, or, in the same paragraph, a pointer
sentence naming it ("Read Novak's reports here and here"). (c) An attribution that names
someone no link belongs to is kept as a source without URL.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from archiver import normalize_url

from .attribution import Attribution
from .lexicon import host_label, letters
from .model import Link, SourceRef

_POINTER = re.compile(
    r"^\W*(?:read|see|watch|listen|click|more|for more|find|view|follow|here)\b", re.IGNORECASE
)
_POINTER_ANCHORS = frozenset({"here", "this", "these", "this report", "here and here", "link"})
_DOMAIN_NAME = re.compile(r"^[\w-]+(?:\.[\w-]+)+$")


def claim_sources(
    sentence: str,
    paragraph: int,
    links: Iterable[Link],
    attribution: Attribution | None = None,
) -> list[SourceRef]:
    """The sources of one claim, links in its sentence first, without repeating a URL."""
    links = list(links)
    in_sentence = [link for link in links if _in_sentence(link, sentence, paragraph)]
    refs = [SourceRef(link.url, "link", link.anchor_text) for link in in_sentence]
    if attribution is not None:
        cited_hosts = {host_label(link.url) for link in in_sentence}
        refs += attribution_sources(attribution, paragraph, links, cited_hosts)
    return _unique(refs)


def attribution_sources(
    attribution: Attribution,
    paragraph: int,
    links: Iterable[Link],
    cited_hosts: Iterable[str] = (),
) -> list[SourceRef]:
    """The links belonging to whoever ``attribution`` names, or one URL-less ref for it.

    A publisher's link found only by its host is left out when the sentence already links to
    that publisher: the sentence's own link is the report it cites, not the publisher's others.
    """
    cited = set(cited_hosts)
    refs = [
        SourceRef(link.url, "attribution", link.anchor_text)
        for link in links
        if any(_names_link(name, link, paragraph, cited) for name in attribution.sources)
    ]
    already_cited = any(_names_host(name, host) for name in attribution.sources for host in cited)
    if not refs and not already_cited and attribution.named:
        refs.append(SourceRef(None, "attribution", attribution.phrase))
    return refs


def _normalized(text: str) -> str:
    return " ".join(text.split())


def _in_sentence(link: Link, sentence: str, paragraph: int) -> bool:
    mine, theirs = _normalized(sentence), _normalized(link.sentence)
    if mine == theirs:
        return True
    # Another splitter may cut the paragraph slightly differently: accept containment there.
    return link.paragraph == paragraph and len(theirs) >= 20 and (theirs in mine or mine in theirs)


def _names_link(name: str, link: Link, paragraph: int, skip_hosts: set[str]) -> bool:
    label = host_label(link.url)
    if label not in skip_hosts and _names_host(name, label):
        return True
    if _contains_name(link.anchor_text, name):
        return True
    is_pointer = _POINTER.match(link.sentence) or link.anchor_text.lower() in _POINTER_ANCHORS
    return bool(is_pointer) and link.paragraph == paragraph and _contains_name(link.sentence, name)


def _names_host(name: str, label: str) -> bool:
    if len(label) < 3:
        return False
    key = host_label(name) if _DOMAIN_NAME.match(name) else letters(name)
    words = [letters(word) for word in re.split(r"[\W_]+", name) if letters(word)]
    initials = "".join(word[0] for word in words)
    # "New York Times" -> nytimes, "Wall Street Journal" -> wsj, "AP/NORC" -> apnorc.
    short_form = "".join(word[0] for word in words[:-1]) + (words[-1] if words else "")
    return label in (key, short_form) or (len(initials) >= 3 and label == initials)


def _contains_name(text: str, name: str) -> bool:
    """True when ``text`` names ``name`` in full or, for a person, by surname."""
    if not text or not name:
        return False
    candidates = {name}
    parts = name.split()
    if len(parts) >= 2:
        candidates.add(parts[-1])
    return any(re.search(rf"(?<!\w){re.escape(c)}(?!\w)", text) for c in candidates)


def _unique(refs: list[SourceRef]) -> list[SourceRef]:
    # One ref per URL; a link in the sentence says more than the same link found by name.
    chosen: dict[str, SourceRef] = {}
    order: list[str] = []
    for ref in refs:
        key = normalize_url(ref.url) if ref.url is not None else f"attribution:{ref.anchor_text}"
        if key not in chosen:
            chosen[key] = ref
            order.append(key)
        elif chosen[key].via != "link" and ref.via == "link":
            chosen[key] = ref
    return [chosen[key] for key in order]
