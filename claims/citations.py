"""Which in-body links cite a source, and which are page furniture set inside the prose.

An article's body also links to its author's page, its newsletter, tag, section and glossary
pages, and "related story" promos. None of those backs a claim, so none is a citation.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from urllib.parse import parse_qsl

from .lexicon import SPEECH_VERBS, registrable_domain, split_url

# Path segments of pages about the publication itself, not sources.
FURNITURE_SEGMENTS = frozenset(
    {
        "author", "authors", "by", "people", "profile", "profiles", "staff", "contributor",
        "contributors", "writer", "writers", "column", "columnist", "newsletter", "newsletters",
        "subscribe", "subscription", "subscriptions", "signup", "sign-up", "login", "account",
        "reprints", "tag", "tags", "topic", "topics", "category", "categories", "section",
    }
)  # fmt: skip
# A call for readers' material ("Send us your photos", "Please share your stories at ..."): the
# link is where to send it, not a source of the story.
READER_CALL_OUT = re.compile(
    r"^(?:please\s+)?(?:share|send|submit|upload|tell)\s+(?:us\s+)?(?:your|about your)\s+"
    r"(?:\w+,?\s+){0,3}?(?:photos?|pictures?|videos?|stories|story|experiences?|images?)\b",
    re.I,
)
# "This article originally appeared on X": a syndication notice, not a citation.
SYNDICATION = re.compile(r"\b(originally|first) (appeared|published|ran) (on|in|at)\b", re.I)
SHORT_ANCHOR_WORDS = 3
# A story's address carries its date: a year folder ("/2019/jan/03/") or a run like 20190103.
DATED_PATH = re.compile(r"/(?:19|20)\d\d(?:/|$)|(?<!\d)(?:19|20)\d\d[-_]?[01]\d[-_]?[0-3]\d(?!\d)")
# ... or an id beside a slug of its headline ("/us-tanf-syria/28886915.html").
STORY_ID = re.compile(r"\d{4,}")
SLUG_WORD = re.compile(r"[a-z]+")
SLUG_WORDS = 3
# "Related:", "[Read more: ...]": a label that turns the link after it into a promo.
PROMO_LABEL = re.compile(
    r"^[\W_]*(?:related|read|read more|read also|also read|see also|more|more on this|"
    r"recommended|watch|listen)\s*[:|]",
    re.I,
)
# Characters a link-only paragraph may hold beside its link: brackets, bullets, punctuation.
TRIM = " \t[](){}<>|•·—–-:;,.!?\"'“”‘’»«"
# The site a page without an address belongs to needs this many links, and half of all, to it.
MIN_SITE_LINKS = 10


def is_furniture(url: str, anchor: str, sentence: str, page_url: str | None) -> bool:
    """True for an in-body link that is no citation (author, newsletter, tag, section, ...).

    Only links to the publication's own site are judged by their path: another site's login
    or profile page can well be what a sentence cites. A click-through redirect is judged by
    where it leads; one that leads back to the page itself is a share button.
    """
    target = redirect_target(url)
    if target != url and page_url is not None and _page_key(target) == _page_key(page_url):
        return True
    url = target
    same_site = page_url is None or _host(url) == _host(page_url)
    if same_site and _is_furniture_path(url):
        return True
    if SYNDICATION.search(sentence) or READER_CALL_OUT.match(sentence.strip()):
        return True
    if page_url is not None and _is_headline_promo(url, anchor, sentence, page_url):
        return True
    if page_url is None or _host(url) != _host(page_url):
        return False
    return _is_section_link(url, anchor) or _is_glossary_link(url, anchor)


def _is_headline_promo(url: str, anchor: str, sentence: str, page_url: str) -> bool:
    """A line that is nothing but a link to another page of the publication, with no full stop.

    Stories set other stories' headlines into their body as one-line links; a sentence that
    cites a story of the same site says something around the link, or at least ends.
    """
    line = sentence.strip()
    if anchor.strip() != line or line.endswith((".", "!", "?", '"', "”", "’", ")")):
        return False
    return registrable_domain(url) == registrable_domain(page_url)


def redirect_target(url: str) -> str:
    """The address a click-through redirect leads to (a full URL in its query), else ``url``."""
    for _, value in parse_qsl(_path_part(url, "query")):
        parts = split_url(value)
        if value.startswith(("http://", "https://")) and parts is not None and parts.hostname:
            return value
    return url


def site_of(hrefs: Iterable[str]) -> str | None:
    """The site a page links to most, as ``https://host/``: its own, when its address is unknown.

    None unless one host holds at least half of the page's absolute links, and enough of them
    to tell: a page's navigation, footer and sections point home far more often than elsewhere.
    """
    hosts = Counter(_host(href) for href in hrefs if href.strip().startswith(("http:", "https:")))
    hosts.pop("", None)
    if not hosts:
        return None
    host, count = hosts.most_common(1)[0]
    if count < MIN_SITE_LINKS or count * 2 < sum(hosts.values()):
        return None
    return f"https://{host}/"


def promo_paragraphs(paragraphs: Sequence[tuple[str, Sequence[tuple[int, int]]]]) -> set[int]:
    """Indexes of paragraphs that promote other stories instead of saying something.

    Each paragraph comes as its text and the (start, end) spans of its links' anchor texts.
    A promo is a link alone in its paragraph behind a label ("Related: ..."), or one of two or
    more link-only paragraphs in a row: a list of headlines set into the body.
    """
    link_only = [_link_only(text, spans) for text, spans in paragraphs]
    promos = {
        i for i, (text, _) in enumerate(paragraphs) if link_only[i] and PROMO_LABEL.match(text)
    }
    for i, alone in enumerate(link_only):
        neighbours = link_only[max(i - 1, 0) : i] + link_only[i + 1 : i + 2]
        if alone and any(neighbours):
            promos.add(i)
    return promos


def _link_only(text: str, spans: Sequence[tuple[int, int]]) -> bool:
    """True when one link's anchor is all the paragraph says, bar a label and punctuation."""
    if len(spans) != 1:
        return False
    start, end = spans[0]
    before = PROMO_LABEL.sub("", text[:start]).strip(TRIM)
    return not before and not text[end:].strip(TRIM)


def _is_furniture_path(url: str) -> bool:
    """An author, newsletter or tag page; a dated issue of a newsletter is a story all the same."""
    furniture = any(segment in FURNITURE_SEGMENTS for segment in _segments(url)[:2])
    return furniture and not DATED_PATH.search(_path_part(url, "path").lower())


def _page_key(url: str) -> tuple[str, str]:
    """A page's host and path: what stays when its scheme, query and fragment go."""
    return _host(url), _path_part(url, "path").rstrip("/")


def _path_part(url: str, part: str) -> str:
    """One part of ``url`` ("path", "query"), empty when the address cannot be parsed."""
    parts = split_url(url)
    return str(getattr(parts, part)) if parts is not None else ""


def _host(url: str) -> str:
    parts = split_url(url.strip())
    host = (parts.hostname or "").lower() if parts else ""
    return host[4:] if host.startswith("www.") else host


def _segments(url: str) -> list[str]:
    return [s.lower() for s in _path_part(url, "path").split("/") if s]


def _is_section_link(url: str, anchor: str) -> bool:
    """A short same-site link to a section or glossary page ("New Zealand", "antibiotics").

    Stories and documents carry a date, an id or a long slug in their path; section and
    explainer pages of the same site carry none, two levels deep at most.
    """
    if len(anchor.split()) > SHORT_ANCHOR_WORDS:
        return False
    segments = _segments(url)
    return 0 < len(segments) <= 2 and not any(char.isdigit() for char in "".join(segments))


def _is_glossary_link(url: str, anchor: str) -> bool:
    """A bare lower-case term ("neuroscience") linked to an undated page of the same site.

    Sites link the terms of a story to their explainers, whose address has a title or an id;
    the site's own earlier story, a citation, has a date or both an id and its headline.
    """
    words = [word.strip(TRIM) for word in anchor.split()]
    if len(words) > SHORT_ANCHOR_WORDS or not anchor.islower():
        return False
    return not any(word in SPEECH_VERBS for word in words) and not _is_story_path(url)


def _is_story_path(url: str) -> bool:
    """True for the address of a story: a date in its path, or an id beside a headline slug."""
    path = _path_part(url, "path").lower()
    if DATED_PATH.search(path):
        return True
    slugged = any(len(SLUG_WORD.findall(segment)) >= SLUG_WORDS for segment in path.split("/"))
    return slugged and STORY_ID.search(path) is not None
