"""Citations in text styles: APA 7, Chicago 17, MLA 9 and the Bluebook."""

from __future__ import annotations

import re

from .citeparts import (
    MONTHS,
    AuthorName,
    Citable,
    PartialDate,
    author_names,
    captured_date,
    parse_date,
)

__all__ = ["apa", "bluebook", "chicago", "mla"]

# MLA 9 and Bluebook table T12 shorten the same months the same way.
SHORT_MONTHS = (
    "Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.",
)  # fmt: skip
# Quotations inside a quoted title: straight or curly double quotes.
QUOTED = re.compile(r"[\"\u201c]([^\"\u201c\u201d]*)[\"\u201d]")
UNTITLED = "untitled web page"
APA_MAX_AUTHORS = 20
CHICAGO_MAX_AUTHORS = 10
CHICAGO_LISTED_WHEN_TRUNCATED = 7


# --- APA 7 ----------------------------------------------------------------------------------


def apa(item: Citable) -> str:
    """An APA 7 web-page reference pointing at the snapshot; with no author, the title leads."""
    names = author_names(item)
    # APA describes an untitled work in square brackets where its title would be.
    title = _sentence(item.title) if item.title else f"[{UNTITLED.capitalize()}]."
    date = f"({_apa_date(parse_date(item.published))})."
    if names:
        parts = [_sentence(_apa_authors(names)), date, title]
    else:
        parts = [title, date]
    # APA drops the site name when the author already is the site.
    if item.publisher and not _is_sole_author(names, item.publisher):
        parts.append(_sentence(item.publisher))
    parts.append(item.snapshot_url)
    return " ".join(parts)


def _apa_authors(names: list[AuthorName]) -> str:
    written = [_apa_name(name) for name in names]
    if len(written) == 1:
        return written[0]
    if len(written) > APA_MAX_AUTHORS:
        return ", ".join(written[: APA_MAX_AUTHORS - 1]) + ", . . . " + written[-1]
    return ", ".join(written[:-1]) + ", & " + written[-1]


def _apa_name(name: AuthorName) -> str:
    if name.literal:
        return name.literal
    initials = " ".join(_initials(word) for word in name.given.split())
    written = f"{name.family}, {initials}" if initials else name.family
    return f"{written}, {name.suffix}" if name.suffix else written


def _initials(word: str) -> str:
    # A hyphenated given name keeps its hyphen: Jean-Paul is J.-P.
    return "-".join(f"{part[0]}." for part in word.split("-") if part)


def _apa_date(date: PartialDate | None) -> str:
    if date is None:
        return "n.d."
    if not date.month:
        return str(date.year)
    month = MONTHS[date.month - 1]
    return f"{date.year}, {month} {date.day}" if date.day else f"{date.year}, {month}"


# --- Chicago 17 -----------------------------------------------------------------------------


def chicago(item: Citable) -> str:
    """A Chicago 17 bibliography entry, ending "archived DATE, at ARCHIVE, URL"."""
    names = author_names(item)
    parts = [_sentence(_chicago_authors(names))] if names else []
    parts.append(_quoted_title(item.title))
    published = parse_date(item.published)
    if published:
        when = _long_date(published)
        parts.append(f"{item.publisher}, {when}." if item.publisher else f"{when}.")
    else:
        if item.publisher:
            parts.append(_sentence(item.publisher))
        # Chicago gives an access date only for a source that shows no date of its own.
        parts.append(f"Accessed {_long_date(captured_date(item))}.")
    archived = f"archived {_long_date(captured_date(item))}, at {item.archive_name}"
    parts.append(f"{item.url}, {archived}, {item.snapshot_url}.")
    return " ".join(parts)


def _chicago_authors(names: list[AuthorName]) -> str:
    if len(names) > CHICAGO_MAX_AUTHORS:
        listed = names[:CHICAGO_LISTED_WHEN_TRUNCATED]
        return ", ".join([_inverted(listed[0]), *map(_natural, listed[1:])]) + ", et al"
    written = [_inverted(names[0]), *map(_natural, names[1:])]
    if len(written) == 1:
        return written[0]
    if len(written) == 2:
        return f"{written[0]}, and {written[1]}"
    return ", ".join(written[:-1]) + ", and " + written[-1]


def _long_date(date: PartialDate, months: tuple[str, ...] = MONTHS) -> str:
    """``date`` month first: "October 31, 2019", "October 2019" or "2019"."""
    if not date.month:
        return str(date.year)
    month = months[date.month - 1]
    return f"{month} {date.day}, {date.year}" if date.day else f"{month} {date.year}"


# --- MLA 9 ----------------------------------------------------------------------------------


def mla(item: Citable) -> str:
    """An MLA 9 works-cited entry, with the archive as the second container."""
    names = author_names(item)
    parts = [_sentence(_mla_authors(names))] if names else []
    parts.append(_quoted_title(item.title))
    published = parse_date(item.published)
    first_container = [item.publisher or "", _mla_date(published) if published else ""]
    first_container.append(_without_scheme(item.url))
    parts.append(", ".join(piece for piece in first_container if piece) + ".")
    captured = _mla_date(captured_date(item))
    parts.append(f"{item.archive_name}, {captured}, {_without_scheme(item.snapshot_url)}.")
    return " ".join(parts)


def _mla_authors(names: list[AuthorName]) -> str:
    if len(names) == 1:
        return _inverted(names[0])
    if len(names) == 2:
        return f"{_inverted(names[0])}, and {_natural(names[1])}"
    return f"{_inverted(names[0])}, et al"


def _mla_date(date: PartialDate) -> str:
    if not date.month:
        return str(date.year)
    month = SHORT_MONTHS[date.month - 1]
    return f"{date.day} {month} {date.year}" if date.day else f"{month} {date.year}"


def _without_scheme(url: str) -> str:
    # MLA 9 drops the scheme from the addresses it prints.
    return re.sub(r"^https?://", "", url)


# --- Bluebook -------------------------------------------------------------------------------


def bluebook(item: Citable) -> str:
    """A Bluebook rule 18.2.2 citation with the snapshot bracketed after the address."""
    names = author_names(item)
    parts = [_bluebook_authors(names)] if names else []
    if item.title:
        parts.append(item.title)
    if item.publisher:
        parts.append(item.publisher)
    address = f"{item.url} [{item.snapshot_url}]"
    published = parse_date(item.published)
    if published and parts:
        return f"{', '.join(parts)} ({_long_date(published, SHORT_MONTHS)}), {address}."
    if published:
        return f"{address} ({_long_date(published, SHORT_MONTHS)})."
    # Rule 18.2.2 dates an undated page by a last visit, set after the address.
    visited = f"(last visited {_long_date(captured_date(item), SHORT_MONTHS)})"
    return ", ".join([*parts, address]) + f" {visited}."


def _bluebook_authors(names: list[AuthorName]) -> str:
    written = [_natural(name) for name in names]
    if len(written) == 1:
        return written[0]
    if len(written) == 2:
        return f"{written[0]} & {written[1]}"
    return f"{written[0]} et al."


# --- Shared ---------------------------------------------------------------------------------


def _inverted(name: AuthorName) -> str:
    if name.literal:
        return name.literal
    written = f"{name.family}, {name.given}"
    return f"{written}, {name.suffix}" if name.suffix else written


def _natural(name: AuthorName) -> str:
    if name.literal:
        return name.literal
    written = f"{name.given} {name.family}"
    return f"{written} {name.suffix}" if name.suffix else written


def _is_sole_author(names: list[AuthorName], publisher: str) -> bool:
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
