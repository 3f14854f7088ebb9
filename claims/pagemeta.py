"""A page's metadata: title, author, publisher, date and address from tags, JSON-LD and bylines."""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml.html import HtmlElement

from .lexicon import AUTHOR_NAME_PARTICLES, ROLE_WORDS, WHITESPACE, split_url
from .periods import MONTHS

# Most trusted first: structured data an editor fills in, then the tags feeds and crawlers read.
AUTHOR_METAS = (
    "author",
    "article:author",
    "og:article:author",
    "byl",
    "dc.creator",
    "dcterms.creator",
    "parsely-author",
    "sailthru.author",
    "citation_author",
    "authors",
)
DATE_METAS = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "publication_date",
    "article:publicationdate",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.date",
    "dcterms.created",
    "citation_publication_date",
    "citation_date",
    "date",
)


def page_metadata(document: HtmlElement, url: str | None = None) -> dict[str, str]:
    """Title, author, publisher, published (an ISO day), url and base of a page, when stated.

    ``url`` is the page's own address, read for a date in its path when the page states none.
    """
    found = _metadata(_head_tags(document))
    if "author" not in found:
        author = _byline_author(document)
        if author:
            found["author"] = author
    if "published" not in found:
        day = _url_day(found.get("url")) or _url_day(url) or _body_day(document)
        if day:
            found["published"] = day
    return found


@dataclass
class _HeadTags:
    """The page's metadata elements, gathered in one walk over the tree."""

    # (attribute, lower-cased value) -> content of the first <meta> so named (None: no content).
    metas: dict[tuple[str, str], str | None] = field(default_factory=dict)
    canonical: str | None = None
    time_datetime: str | None = None
    # The first element marked itemprop="datePublished" that is not a <meta>, or <time pubdate>.
    date_published: str | None = None
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
        elif name == "time":
            _note_time(head, element)
        elif name in seen:
            continue
        elif name == "link":
            if "canonical" in (element.get("rel") or "").split():
                seen.add(name)
                head.canonical = element.get("href")
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
        if value is not None and (attribute, value.lower()) not in head.metas:
            head.metas[(attribute, value.lower())] = element.get("content")


def _note_time(head: _HeadTags, element: HtmlElement) -> None:
    stamp = element.get("datetime")
    if stamp is None:
        return
    if head.time_datetime is None:
        head.time_datetime = stamp
    marked = element.get("itemprop") == "datePublished" or element.get("pubdate") is not None
    if marked and head.date_published is None:
        head.date_published = stamp


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
    """Title, author, publisher, publication day and canonical URL from meta tags and JSON-LD."""
    ld = _json_ld_article(head.json_ld)
    parsely = _parsely_page(_meta(head, "parsely-page"))

    def meta(name: str) -> str | None:
        return _meta(head, name)

    candidates: dict[str, list[Any]] = {
        "title": [meta("og:title"), ld.get("headline"), meta("twitter:title"), head.title],
        "publisher": [
            meta("og:site_name"),
            _ld_name(ld.get("publisher")),
            meta("application-name"),
        ],
        "url": [head.canonical, meta("og:url")],
    }
    found: dict[str, str] = {}
    for key, values in candidates.items():
        for value in values:
            if isinstance(value, str) and value.strip():
                found[key] = WHITESPACE.sub(" ", value).strip()
                break
    if "title" in found:
        # Titles often end with the site's name ("Headline - Site"), which is not the headline.
        found["title"] = _without_site_name(found["title"], found.get("publisher"))
    authors = [_ld_name(ld.get("author")), *map(meta, AUTHOR_METAS), parsely.get("author")]
    author = _first(normalize_author(value) for value in authors if isinstance(value, str))
    days = [ld.get("datePublished"), *map(meta, DATE_METAS), parsely.get("pub_date")]
    days += [head.date_published, ld.get("dateCreated"), head.time_datetime]
    day = _first(iso_day(value) for value in days if isinstance(value, str))
    found.update({k: v for k, v in (("author", author), ("published", day)) if v})
    if head.base_href is not None:
        found["base"] = head.base_href
    return found


def _without_site_name(title: str, site: str | None) -> str:
    """A page title without its " - Site" or " | Site" ending, when the site's name is known."""
    if not site or not site.strip():
        return title
    ending = re.compile(rf"\s+[-|–—:·•]\s+{re.escape(site.strip())}\s*$", re.I)
    shorter = ending.sub("", title)
    return shorter if shorter.strip() else title


def _meta(head: _HeadTags, name: str) -> str | None:
    for attribute in META_NAMING:
        if (attribute, name) in head.metas:
            return head.metas[(attribute, name)]
    return None


def _first(values: Iterator[str | None]) -> str | None:
    return next((value for value in values if value), None)


def _parsely_page(content: str | None) -> dict[str, Any]:
    """The JSON object Parse.ly's ``parsely-page`` meta tag carries, empty when it has none."""
    data = _loaded_json(content)
    return data if isinstance(data, dict) else {}


def _json_ld_article(scripts: list[str | None]) -> dict[str, Any]:
    """The first JSON-LD object of an article type (NewsArticle, Article, BlogPosting, ...)."""
    for script in scripts:
        for item in _ld_items(_loaded_json(script)):
            kind = item.get("@type")
            kinds = kind if isinstance(kind, list) else [kind]
            if any(isinstance(k, str) and ("Article" in k or k == "BlogPosting") for k in kinds):
                return item
    return {}


def _loaded_json(text: str | None) -> Any:
    """The value a JSON text holds, None when it is broken or nested too deep to read."""
    try:
        return json.loads(text or "")
    except (json.JSONDecodeError, TypeError, RecursionError):
        return None


def _ld_items(data: Any) -> Iterator[dict[str, Any]]:
    """The objects of a JSON-LD value, in order: walked with a stack, as pages nest at will."""
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, list):
            stack.extend(reversed(value))
        elif isinstance(value, dict):
            yield value
            if "@graph" in value:
                stack.append(value["@graph"])


def _ld_name(value: Any) -> str | None:
    if isinstance(value, list):
        names = [n for n in (_ld_name(v) for v in value if not isinstance(v, list)) if n]
        return ", ".join(names) or None
    if isinstance(value, dict):
        name = value.get("name")
        return name if isinstance(name, str) else None
    return value if isinstance(value, str) else None


# --- Authors -------------------------------------------------------------------------------

BYLINE_PREFIX = re.compile(r"^(?:(?:written|words|reported|posted|story)\s+)?by\b[:\s]*", re.I)
LIST_SPLIT = re.compile(r"\s*[,;|]\s*")
CONJUNCTION = re.compile(r"\s*(?:&|\band\b|\bund\b|\bet\b)\s*", re.I)
MAX_BYLINE = 120


def normalize_author(byline: str) -> str | None:
    """The person names of a byline ("By A, B and C, Staff" is "A, B and C"), None for none.

    Outlets and roles go when a person is named beside them; a byline naming no person keeps
    what it names. Addresses and handles are never names.
    """
    text = WHITESPACE.sub(" ", byline.replace("\n", " ; ")).strip(" ;")
    if not text or len(text) > MAX_BYLINE or re.search(r"https?://|www\.|@", text):
        return None
    parts = [name for piece in LIST_SPLIT.split(text) for name in _joined_names(piece)]
    people = [part for part in parts if not _is_role_or_outlet(part)]
    names = list(dict.fromkeys(people or parts))
    return _join_names(names) if names else None


def _joined_names(piece: str) -> list[str]:
    """The names "A and B" joins; none when one side is no name ("A and other officials")."""
    names = [name for name in map(_without_prefix, CONJUNCTION.split(piece)) if name]
    return names if all(_looks_like_name(name) for name in names) else []


def _without_prefix(text: str) -> str:
    return BYLINE_PREFIX.sub("", text.strip(" .:;-–—")).strip()


def _looks_like_name(part: str) -> bool:
    """Whether a byline segment could be a name: a few capitalised words, no digits."""
    words = part.split()
    if not 1 <= len(words) <= 6 or re.search(r"\d", part):
        return False
    return words[0][0].isupper() and all(
        word[0].isupper() or word.lower() in AUTHOR_NAME_PARTICLES or not word[0].isalpha()
        for word in words
    )


def _is_role_or_outlet(part: str) -> bool:
    words = part.split()
    if len(words) == 1 and len(part) > 1 and part.isupper():
        return True
    return any(word.lower().strip(".") in ROLE_WORDS for word in words)


def _join_names(names: list[str]) -> str:
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


# Elements whose text is a byline, most explicit marking first.
_ITEMPROP_AUTHOR = "//*[contains(concat(' ', normalize-space(@itemprop), ' '), ' author ')]"
_REL_AUTHOR = "//a[contains(concat(' ', normalize-space(@rel), ' '), ' author ')]"
_BYLINE_CLASS = (
    "//*[self::div or self::span or self::p or self::a or self::address or self::li"
    " or self::cite or self::em or self::strong or self::h3 or self::h4 or self::header]"
    "[contains(translate(@class, 'BYLINE', 'byline'), 'byline')"
    " or contains(translate(@class, 'AUTHOR', 'author'), 'author')"
    " or contains(translate(@id, 'AUTHOR', 'author'), 'author')]"
    # "authorization" and "authorize" name sign-in boxes, not bylines.
    "[not(contains(translate(concat(@class, ' ', @id), 'AUTHORIZ', 'authoriz'), 'authoriz'))]"
)
# Author names in these places belong to other pieces (related stories, comments, bios).
_ASIDE_TAGS = frozenset({"nav", "footer", "aside", "head", "script", "style", "noscript"})
_ASIDE_CLASS = re.compile(
    r"(?:^|\s)(?:comments?|comment-\S+|related\S*|sidebar|footer|promo\S*|author-bio|bio)(?=\s|$)",
    re.I,
)


def _byline_author(document: HtmlElement) -> str | None:
    """The author named by the page's byline: itemprop=author, rel=author, then byline classes."""
    for path in (_ITEMPROP_AUTHOR, _REL_AUTHOR, _BYLINE_CLASS):
        for element in document.xpath(path):
            if not isinstance(element, HtmlElement) or _in_aside(element):
                continue
            author = _element_author(element)
            if author:
                return author
    return None


def _in_aside(element: HtmlElement) -> bool:
    for node in (element, *element.iterancestors()):
        if node.tag in _ASIDE_TAGS or _ASIDE_CLASS.search(node.get("class") or ""):
            return True
    return False


def _element_author(element: HtmlElement) -> str | None:
    """The names one byline element gives: its itemprop=name parts, its links', or its text."""
    for path in (".//*[@itemprop='name']", ".//a"):
        names = [normalize_author(_text(node)) for node in element.xpath(path)]
        kept = [name for name in names if name and " " in name]
        if kept:
            return _join_names(list(dict.fromkeys(kept)))
    return normalize_author(_text(element))


def _text(element: HtmlElement) -> str:
    return " ".join(str(piece) for piece in element.itertext())


# --- Dates ---------------------------------------------------------------------------------

_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
ISO_DATE = re.compile(
    r"(?<!\d)(?P<year>(?:19|20)\d\d)[-/.](?P<month>[01]?\d)[-/.](?P<day>[0-3]?\d)(?!\d)"
)
MONTH_FIRST = re.compile(
    rf"\b{_MONTH}\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?:[\d:]+\s+[A-Z]{{2,5}}\s+)?"
    r"(?P<year>(?:19|20)\d\d)\b"
)
DAY_FIRST = re.compile(
    rf"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\.?\s+(?:of\s+)?{_MONTH},?\s+(?P<year>(?:19|20)\d\d)\b"
)
URL_DATE = re.compile(
    r"/(?P<year>(?:19|20)\d\d)/(?P<month>[01]?\d)/(?P<day>[0-3]?\d)(?:/|$|[-_])"
    r"|/(?P<cyear>(?:19|20)\d\d)(?P<cmonth>[01]\d)(?P<cday>[0-3]\d)(?:/|$)"
)
_DATE_CLASS = (
    "//*[contains(translate(@class, 'DATEPUBLISHTIMS', 'datepublishtims'), 'date')"
    " or contains(translate(@class, 'DATEPUBLISHTIMS', 'datepublishtims'), 'publish')"
    " or contains(translate(@class, 'DATEPUBLISHTIMS', 'datepublishtims'), 'timestamp')"
    " or contains(translate(@id, 'DATEPUBLISHTIMS', 'datepublishtims'), 'date')]"
)
MAX_DATE_TEXT = 100


def iso_day(stamp: str) -> str | None:
    """The calendar day a date or date-time string names, as YYYY-MM-DD; None when it names none.

    The day is read as written, in the stamp's own time zone: 2019-02-21T23:00:00-05:00 is the
    21st, as its readers saw it.
    """
    for pattern in (ISO_DATE, MONTH_FIRST, DAY_FIRST):
        for match in pattern.finditer(stamp):
            day = _valid_day(match.group("year"), match.group("month"), match.group("day"))
            if day:
                return day
    return None


def _valid_day(year: str, month: str, day: str) -> str | None:
    number = int(month) if month.isdigit() else MONTHS.get(month.lower())
    if number is None:
        return None
    try:
        return datetime.date(int(year), number, int(day)).isoformat()
    except ValueError:
        return None


def _url_day(url: str | None) -> str | None:
    """The day a URL's path names (/2019/02/21/ or /20190221/), None when it names none."""
    split = split_url(url) if url else None
    for match in URL_DATE.finditer(split.path if split else ""):
        parts = match.group("year", "month", "day")
        if parts[0] is None:
            parts = match.group("cyear", "cmonth", "cday")
        day = _valid_day(*parts)
        if day:
            return day
    return None


def _body_day(document: HtmlElement) -> str | None:
    """The first day a date-classed element of the page shows (its title, or its short text)."""
    for element in document.xpath(_DATE_CLASS):
        if not isinstance(element, HtmlElement) or _in_aside(element):
            continue
        for value in (element.get("datetime"), element.get("title"), element.get("content")):
            if value and iso_day(value):
                return iso_day(value)
        text = WHITESPACE.sub(" ", _text(element)).strip()
        if text and len(text) <= MAX_DATE_TEXT and iso_day(text):
            return iso_day(text)
    return None
