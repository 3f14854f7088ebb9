"""Citations of an archived snapshot: Robust Links, CSL-JSON, BibTeX, Wikipedia and text styles."""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .pagemeta import NAME_PARTICLES, ROLE_WORDS

__all__ = ["FORMATS", "Citable", "cite", "parse_byline"]

FORMATS = ("robustlinks", "csl-json", "bibtex", "wikipedia", "apa", "chicago", "mla", "bluebook")

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
# MLA 9 and Bluebook table T12 shorten the same months the same way.
SHORT_MONTHS = (
    "Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.",
)  # fmt: skip
ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
BYLINE_PREFIX = re.compile(r"^\s*by\b[:\s]*", re.I)
BYLINE_SPLIT = re.compile(r"\s*(?:,\s*(?:and\s+|&\s*)?|\s&\s|\sand\s)\s*", re.I)
NAME_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
# Articles a citation key skips to reach the title's first meaningful word.
KEY_SKIP_WORDS = frozenset({"a", "an", "the"})
# Quotations inside a quoted title: straight or curly double quotes.
QUOTED = re.compile(r"[\"\u201c]([^\"\u201c\u201d]*)[\"\u201d]")
UNTITLED = "untitled web page"
APA_MAX_AUTHORS = 20
CHICAGO_MAX_AUTHORS = 10
CHICAGO_LISTED_WHEN_TRUNCATED = 7


@dataclass(kw_only=True)
class Citable:
    """One archived source, with what every citation format needs to name it.

    ``published`` is an ISO date (``2019-10-31``, ``2019-10`` or ``2019``); ``captured_at`` the
    capture's ISO datetime in UTC. ``live`` says whether the original address still answered at
    capture time (None: unknown). ``quote`` is the claim's sentence, shown as link text.
    """

    url: str
    captured_at: str
    snapshot_url: str
    title: str | None = None
    publisher: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    archive_name: str = "citevault"
    live: bool | None = None
    quote: str | None = None


@dataclass(frozen=True)
class _Name:
    """An author split for citing: a person's given and family names, or a literal name."""

    given: str = ""
    family: str = ""
    suffix: str = ""
    literal: str = ""


@dataclass(frozen=True)
class _Date:
    """An ISO date, possibly partial: month and day are 0 when unknown."""

    year: int
    month: int = 0
    day: int = 0

    def iso(self) -> str:
        parts = [f"{self.year:04d}", f"{self.month:02d}", f"{self.day:02d}"]
        return "-".join(parts[: 1 + bool(self.month) + bool(self.day)])

    def parts(self) -> list[int]:
        return [self.year, self.month, self.day][: 1 + bool(self.month) + bool(self.day)]


def cite(item: Citable, fmt: str) -> str:
    """The citation of ``item`` in format ``fmt``, one of ``FORMATS``."""
    formatter = _FORMATTERS.get(fmt)
    if formatter is None:
        raise ValueError(f"Unknown citation format {fmt!r}: use one of {', '.join(FORMATS)}.")
    # Every format refuses a capture time that is no date, not only those that print it.
    _captured(item)
    return formatter(item)


def parse_byline(byline: str | None) -> list[str]:
    """The names of a byline: "By A, B and C" is ["A", "B", "C"]."""
    if not byline:
        return []
    text = BYLINE_PREFIX.sub("", " ".join(byline.split()))
    return [name for name in BYLINE_SPLIT.split(text) if name.strip(" .")]


# --- Robust Links ---------------------------------------------------------------------------


def _robustlinks(item: Citable) -> str:
    """A link to the original decorated per the Robust Links spec (its "link to original" form)."""
    text = item.quote or item.title or item.url
    attributes = {
        "href": item.url,
        "data-originalurl": item.url,
        "data-versionurl": item.snapshot_url,
        "data-versiondate": _captured(item).iso(),
    }
    rendered = " ".join(
        f'{key}="{html.escape(value, quote=True)}"' for key, value in attributes.items()
    )
    return f"<a {rendered}>{html.escape(text, quote=False)}</a>"


# --- CSL-JSON -------------------------------------------------------------------------------


def _csl_json(item: Citable) -> str:
    """One CSL-JSON item; CSL has no archived-URL variable: the snapshot is its archive_location."""
    entry: dict[str, Any] = {
        "id": _citation_key(item),
        "type": "article-newspaper" if item.publisher else "webpage",
    }
    if item.title:
        entry["title"] = item.title
    if item.authors:
        entry["author"] = [_csl_name(name) for name in _names(item)]
    if item.publisher:
        entry["container-title"] = item.publisher
    published = _parse_date(item.published)
    if published:
        entry["issued"] = {"date-parts": [published.parts()]}
    entry["URL"] = item.url
    entry["accessed"] = {"date-parts": [_captured(item).parts()]}
    entry["archive"] = item.archive_name
    entry["archive_location"] = item.snapshot_url
    return json.dumps([entry], indent=2, ensure_ascii=False)


def _csl_name(name: _Name) -> dict[str, str]:
    if name.literal:
        return {"literal": name.literal}
    parts = {"family": name.family, "given": name.given}
    if name.suffix:
        parts["suffix"] = name.suffix
    return parts


# --- BibTeX ---------------------------------------------------------------------------------

_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "#": r"\#",
    "_": r"\_",
    "$": r"\$",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def _bibtex(item: Citable) -> str:
    """A biblatex @online entry; biblatex has no archived-URL field: the snapshot is in its note."""
    captured = _captured(item).iso()
    fields: list[tuple[str, str]] = []
    if item.authors:
        fields.append(("author", " and ".join(_bibtex_name(name) for name in _names(item))))
    fields.append(("title", _bibtex_escape(item.title or item.url)))
    if item.publisher:
        fields.append(("organization", _bibtex_escape(item.publisher)))
    published = _parse_date(item.published)
    if published:
        fields.append(("date", published.iso()))
    fields.append(("url", _brace_safe_url(item.url)))
    fields.append(("urldate", captured))
    snapshot = _brace_safe_url(item.snapshot_url).replace("%", r"\%").replace("#", r"\#")
    fields.append(("note", f"Archived on {captured} at \\url{{{snapshot}}}"))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@online{{{_citation_key(item)},\n{body}\n}}"


def _bibtex_escape(text: str) -> str:
    return "".join(_BIBTEX_SPECIAL.get(char, char) for char in text)


def _bibtex_name(name: _Name) -> str:
    if name.literal:
        # Double braces keep an organisation's name whole instead of split into given and family.
        return "{" + _bibtex_escape(name.literal) + "}"
    family = _bibtex_escape(name.family)
    given = _bibtex_escape(name.given)
    if name.suffix:
        return f"{family}, {_bibtex_escape(name.suffix)}, {given}"
    return f"{family}, {given}"


def _brace_safe_url(url: str) -> str:
    # An unbalanced brace in a URL would end the field early; percent-encoding keeps it an address.
    return url.replace("{", "%7B").replace("}", "%7D")


def _citation_key(item: Citable) -> str:
    """A deterministic ASCII key: first author's surname, year, first title word."""
    names = _names(item)
    if names:
        first = names[0]
        surname = first.family or first.literal
    else:
        surname = item.publisher or "anon"
    published = _parse_date(item.published)
    year = str(published.year) if published else "nd"
    words = [word for word in _ascii_words(item.title or "") if word not in KEY_SKIP_WORDS]
    first_word = words[0] if words else ""
    return "".join(_ascii_words(surname)[:1]) + year + first_word


def _ascii_words(text: str) -> list[str]:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.findall(r"[a-z0-9]+", ascii_text.lower())


# --- Wikipedia ------------------------------------------------------------------------------


def _wikipedia(item: Citable) -> str:
    """A ``{{cite web}}`` template with the snapshot as its ``archive-url``."""
    captured = _captured(item).iso()
    params: list[tuple[str, str]] = [("url", _wiki_url(item.url))]
    params.append(("title", _wiki_text(item.title or item.url)))
    for number, name in enumerate(_names(item), start=1):
        if name.literal:
            params.append((f"author{number}", _wiki_text(name.literal)))
            continue
        # CS1 puts a generational suffix after the given names: |first=Martin Luther Jr.
        given = f"{name.given} {name.suffix}" if name.suffix else name.given
        params.append((f"last{number}", _wiki_text(name.family)))
        params.append((f"first{number}", _wiki_text(given)))
    if item.publisher:
        params.append(("website", _wiki_text(item.publisher)))
    published = _parse_date(item.published)
    if published:
        params.append(("date", _wiki_date(published)))
    params.append(("access-date", captured))
    params.append(("archive-url", _wiki_url(item.snapshot_url)))
    params.append(("archive-date", captured))
    if item.live is not None:
        params.append(("url-status", "live" if item.live else "dead"))
    return "{{cite web " + " ".join(f"|{key}={value}" for key, value in params) + "}}"


def _wiki_text(text: str) -> str:
    # Template:Cite web asks for these entities so a title neither splits the template nor links.
    table = {"|": "&#124;", "[": "&#91;", "]": "&#93;", "{": "&#123;", "}": "&#125;"}
    return "".join(table.get(char, char) for char in " ".join(text.split()))


def _wiki_url(url: str) -> str:
    # The percent-encodings Template:Cite web lists for characters a URL parameter cannot hold.
    table = {" ": "%20", '"': "%22", "'": "%27", "<": "%3C", ">": "%3E", "[": "%5B", "]": "%5D"}
    table.update({"{": "%7B", "|": "%7C", "}": "%7D"})
    return "".join(table.get(char, char) for char in url)


def _wiki_date(date: _Date) -> str:
    # CS1 accepts full ISO dates but not "2019-10", so partial dates are spelled out.
    if date.day:
        return date.iso()
    return f"{MONTHS[date.month - 1]} {date.year}" if date.month else str(date.year)


# --- APA 7 ----------------------------------------------------------------------------------


def _apa(item: Citable) -> str:
    """An APA 7 web-page reference pointing at the snapshot; with no author, the title leads."""
    names = _names(item)
    # APA describes an untitled work in square brackets where its title would be.
    title = _sentence(item.title) if item.title else f"[{UNTITLED.capitalize()}]."
    date = f"({_apa_date(_parse_date(item.published))})."
    if names:
        parts = [_sentence(_apa_authors(names)), date, title]
    else:
        parts = [title, date]
    # APA drops the site name when the author already is the site.
    if item.publisher and not _is_sole_author(names, item.publisher):
        parts.append(_sentence(item.publisher))
    parts.append(item.snapshot_url)
    return " ".join(parts)


def _apa_authors(names: list[_Name]) -> str:
    written = [_apa_name(name) for name in names]
    if len(written) == 1:
        return written[0]
    if len(written) > APA_MAX_AUTHORS:
        return ", ".join(written[: APA_MAX_AUTHORS - 1]) + ", . . . " + written[-1]
    return ", ".join(written[:-1]) + ", & " + written[-1]


def _apa_name(name: _Name) -> str:
    if name.literal:
        return name.literal
    initials = " ".join(_initials(word) for word in name.given.split())
    written = f"{name.family}, {initials}" if initials else name.family
    return f"{written}, {name.suffix}" if name.suffix else written


def _initials(word: str) -> str:
    # A hyphenated given name keeps its hyphen: Jean-Paul is J.-P.
    return "-".join(f"{part[0]}." for part in word.split("-") if part)


def _apa_date(date: _Date | None) -> str:
    if date is None:
        return "n.d."
    if not date.month:
        return str(date.year)
    month = MONTHS[date.month - 1]
    return f"{date.year}, {month} {date.day}" if date.day else f"{date.year}, {month}"


# --- Chicago 17 -----------------------------------------------------------------------------


def _chicago(item: Citable) -> str:
    """A Chicago 17 bibliography entry, ending "archived DATE, at ARCHIVE, URL"."""
    names = _names(item)
    parts = [_sentence(_chicago_authors(names))] if names else []
    parts.append(_quoted_title(item.title))
    published = _parse_date(item.published)
    if published:
        when = _long_date(published)
        parts.append(f"{item.publisher}, {when}." if item.publisher else f"{when}.")
    else:
        if item.publisher:
            parts.append(_sentence(item.publisher))
        # Chicago gives an access date only for a source that shows no date of its own.
        parts.append(f"Accessed {_long_date(_captured(item))}.")
    archived = f"archived {_long_date(_captured(item))}, at {item.archive_name}"
    parts.append(f"{item.url}, {archived}, {item.snapshot_url}.")
    return " ".join(parts)


def _chicago_authors(names: list[_Name]) -> str:
    if len(names) > CHICAGO_MAX_AUTHORS:
        listed = names[:CHICAGO_LISTED_WHEN_TRUNCATED]
        return ", ".join(_inverted(listed[0]), *map(_natural, listed[1:])) + ", et al"
    written = [_inverted(names[0]), *map(_natural, names[1:])]
    if len(written) == 1:
        return written[0]
    if len(written) == 2:
        return f"{written[0]}, and {written[1]}"
    return ", ".join(written[:-1]) + ", and " + written[-1]


def _long_date(date: _Date, months: tuple[str, ...] = MONTHS) -> str:
    """``date`` month first: "October 31, 2019", "October 2019" or "2019"."""
    if not date.month:
        return str(date.year)
    month = months[date.month - 1]
    return f"{month} {date.day}, {date.year}" if date.day else f"{month} {date.year}"


# --- MLA 9 ----------------------------------------------------------------------------------


def _mla(item: Citable) -> str:
    """An MLA 9 works-cited entry, with the archive as the second container."""
    names = _names(item)
    parts = [_sentence(_mla_authors(names))] if names else []
    parts.append(_quoted_title(item.title))
    published = _parse_date(item.published)
    first_container = [item.publisher or "", _mla_date(published) if published else ""]
    first_container.append(_without_scheme(item.url))
    parts.append(", ".join(piece for piece in first_container if piece) + ".")
    captured = _mla_date(_captured(item))
    parts.append(f"{item.archive_name}, {captured}, {_without_scheme(item.snapshot_url)}.")
    return " ".join(parts)


def _mla_authors(names: list[_Name]) -> str:
    if len(names) == 1:
        return _inverted(names[0])
    if len(names) == 2:
        return f"{_inverted(names[0])}, and {_natural(names[1])}"
    return f"{_inverted(names[0])}, et al"


def _mla_date(date: _Date) -> str:
    if not date.month:
        return str(date.year)
    month = SHORT_MONTHS[date.month - 1]
    return f"{date.day} {month} {date.year}" if date.day else f"{month} {date.year}"


def _without_scheme(url: str) -> str:
    # MLA 9 drops the scheme from the addresses it prints.
    return re.sub(r"^https?://", "", url)


# --- Bluebook -------------------------------------------------------------------------------


def _bluebook(item: Citable) -> str:
    """A Bluebook rule 18.2.2 citation with the snapshot bracketed after the address."""
    names = _names(item)
    parts = [_bluebook_authors(names)] if names else []
    if item.title:
        parts.append(item.title)
    if item.publisher:
        parts.append(item.publisher)
    address = f"{item.url} [{item.snapshot_url}]"
    published = _parse_date(item.published)
    if published and parts:
        return f"{', '.join(parts)} ({_long_date(published, SHORT_MONTHS)}), {address}."
    if published:
        return f"{address} ({_long_date(published, SHORT_MONTHS)})."
    # Rule 18.2.2 dates an undated page by a last visit, set after the address.
    visited = f"(last visited {_long_date(_captured(item), SHORT_MONTHS)})"
    return ", ".join([*parts, address]) + f" {visited}."


def _bluebook_authors(names: list[_Name]) -> str:
    written = [_natural(name) for name in names]
    if len(written) == 1:
        return written[0]
    if len(written) == 2:
        return f"{written[0]} & {written[1]}"
    return f"{written[0]} et al."


# --- Shared ---------------------------------------------------------------------------------


def _names(item: Citable) -> list[_Name]:
    return [_split_name(author) for author in item.authors if author.strip()]


def _split_name(author: str) -> _Name:
    """A person's name split at the family name (particles such as "van" go with it)."""
    words = author.split()
    if len(words) < 2 or any(word.lower().strip(".") in ROLE_WORDS for word in words):
        return _Name(literal=" ".join(words))
    suffix = ""
    if words[-1].lower().strip(",") in NAME_SUFFIXES and len(words) > 2:
        suffix = words.pop().strip(",")
        words[-1] = words[-1].rstrip(",")
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in NAME_PARTICLES:
        start -= 1
    return _Name(given=" ".join(words[:start]), family=" ".join(words[start:]), suffix=suffix)


def _inverted(name: _Name) -> str:
    if name.literal:
        return name.literal
    written = f"{name.family}, {name.given}"
    return f"{written}, {name.suffix}" if name.suffix else written


def _natural(name: _Name) -> str:
    if name.literal:
        return name.literal
    written = f"{name.given} {name.family}"
    return f"{written} {name.suffix}" if name.suffix else written


def _is_sole_author(names: list[_Name], publisher: str) -> bool:
    return len(names) == 1 and names[0].literal.casefold() == publisher.casefold()


def _sentence(text: str) -> str:
    """``text`` closed by a period, unless it already ends in one, a ? or a !."""
    text = text.strip()
    return text if text.endswith((".", "?", "!")) else text + "."


def _quoted_title(title: str | None) -> str:
    """A title in quotation marks, its own quotations made single; a description for none."""
    if not title:
        # Chicago and MLA describe an untitled page in plain words, without quotation marks.
        return f"{UNTITLED.capitalize()}."
    inner = QUOTED.sub("\u2018\\1\u2019", title)
    # Chicago and MLA set the closing period inside the quotation marks, single ones too.
    if inner.endswith("\u2019"):
        return f"\u201c{_sentence(inner[:-1])}\u2019\u201d"
    return f"\u201c{_sentence(inner)}\u201d"


def _parse_date(value: str | None) -> _Date | None:
    """The ISO date (or datetime) ``value`` as year, month, day; None for none or no date."""
    match = ISO_DATE.match(value.strip()) if value else None
    if not match:
        return None
    year, month, day = (int(group) if group else 0 for group in match.groups())
    if not 1 <= month <= 12:
        return _Date(year)
    return _Date(year, month, day if 1 <= day <= 31 else 0)


def _captured(item: Citable) -> _Date:
    date = _parse_date(item.captured_at)
    if date is None or not date.day:
        raise ValueError(
            f"Capture time {item.captured_at!r} is not an ISO datetime: "
            "give it as YYYY-MM-DDTHH:MM:SSZ."
        )
    return date


_FORMATTERS: dict[str, Callable[[Citable], str]] = {
    "robustlinks": _robustlinks,
    "csl-json": _csl_json,
    "bibtex": _bibtex,
    "wikipedia": _wikipedia,
    "apa": _apa,
    "chicago": _chicago,
    "mla": _mla,
    "bluebook": _bluebook,
}
