"""What every citation format shares: the citable source, its authors' names and its dates."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .lexicon import AUTHOR_NAME_PARTICLES, ROLE_WORDS

__all__ = [
    "MONTHS",
    "AuthorName",
    "Citable",
    "PartialDate",
    "author_names",
    "captured_date",
    "parse_date",
]

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
NAME_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})


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
class AuthorName:
    """An author split for citing: a person's given and family names, or a literal name."""

    given: str = ""
    family: str = ""
    suffix: str = ""
    literal: str = ""


@dataclass(frozen=True)
class PartialDate:
    """An ISO date, possibly partial: month and day are 0 when unknown."""

    year: int
    month: int = 0
    day: int = 0

    def iso(self) -> str:
        """The date in ISO 8601, as precise as it is known: "2019-10-31", "2019-10" or "2019"."""
        parts = [f"{self.year:04d}", f"{self.month:02d}", f"{self.day:02d}"]
        return "-".join(parts[: 1 + bool(self.month) + bool(self.day)])

    def parts(self) -> list[int]:
        """The date as CSL date-parts: the year, then the month and day when known."""
        return [self.year, self.month, self.day][: 1 + bool(self.month) + bool(self.day)]


def author_names(item: Citable) -> list[AuthorName]:
    """The authors of ``item``, each split into given and family names or kept whole."""
    return [_split_name(author) for author in item.authors if author.strip()]


def _split_name(author: str) -> AuthorName:
    """A person's name split at the family name (particles such as "van" go with it)."""
    words = author.split()
    if len(words) < 2 or any(word.lower().strip(".") in ROLE_WORDS for word in words):
        return AuthorName(literal=" ".join(words))
    suffix = ""
    if words[-1].lower().strip(",") in NAME_SUFFIXES and len(words) > 2:
        suffix = words.pop().strip(",")
        words[-1] = words[-1].rstrip(",")
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in AUTHOR_NAME_PARTICLES:
        start -= 1
    return AuthorName(given=" ".join(words[:start]), family=" ".join(words[start:]), suffix=suffix)


def parse_date(value: str | None) -> PartialDate | None:
    """The ISO date (or datetime) ``value`` as year, month, day; None for none or no date."""
    match = ISO_DATE.match(value.strip()) if value else None
    if not match:
        return None
    year, month, day = (int(group) if group else 0 for group in match.groups())
    if not 1 <= month <= 12:
        return PartialDate(year)
    return PartialDate(year, month, day if 1 <= day <= 31 else 0)


def captured_date(item: Citable) -> PartialDate:
    """The capture date of ``item``; a ValueError when its capture time is no ISO datetime."""
    date = parse_date(item.captured_at)
    if date is None or not date.day:
        raise ValueError(
            f"Capture time {item.captured_at!r} is not an ISO datetime: "
            "give it as YYYY-MM-DDTHH:MM:SSZ."
        )
    return date
