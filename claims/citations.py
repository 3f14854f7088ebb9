"""Which in-body links cite a source, and which are page furniture set inside the prose.

An article's body also links to its author's page, its newsletter, tag and section pages, and
"related story" promos. None of those backs a claim, so none is a citation.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# Path segments of pages about the publication itself, not sources.
FURNITURE_SEGMENTS = frozenset(
    {
        "author", "authors", "by", "people", "profile", "profiles", "staff", "contributor",
        "contributors", "writer", "writers", "column", "columnist", "newsletter", "newsletters",
        "subscribe", "subscription", "subscriptions", "signup", "sign-up", "login", "account",
        "reprints", "tag", "tags", "topic", "topics", "category", "categories", "section",
    }
)  # fmt: skip
# "This article originally appeared on X": a syndication notice, not a citation.
SYNDICATION = re.compile(r"\b(originally|first) (appeared|published|ran) (on|in|at)\b", re.I)
SHORT_ANCHOR_WORDS = 3


def _host(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def _segments(url: str) -> list[str]:
    return [s.lower() for s in urlsplit(url).path.split("/") if s]


def is_furniture(url: str, anchor: str, sentence: str, page_url: str | None) -> bool:
    """True for an in-body link that is no citation (author, newsletter, tag, section, ...).

    Only links to the publication's own site are judged by their path: another site's login
    or profile page can well be what a sentence cites.
    """
    same_site = page_url is None or _host(url) == _host(page_url)
    if same_site and any(segment in FURNITURE_SEGMENTS for segment in _segments(url)[:2]):
        return True
    if SYNDICATION.search(sentence):
        return True
    return page_url is not None and _is_section_link(url, anchor, page_url)


def _is_section_link(url: str, anchor: str, page_url: str) -> bool:
    """A short same-site link to a section or glossary page ("New Zealand", "antibiotics").

    Stories and documents carry a date, an id or a long slug in their path; section and
    explainer pages of the same site carry none, two levels deep at most.
    """
    if _host(url) != _host(page_url) or len(anchor.split()) > SHORT_ANCHOR_WORDS:
        return False
    segments = _segments(url)
    return 0 < len(segments) <= 2 and not any(char.isdigit() for char in "".join(segments))
