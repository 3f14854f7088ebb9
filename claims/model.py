"""The plain data passed between citevault's stages: articles, links, claims, mentions, evidence."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

CLAIM_KINDS = ("date", "person", "age", "place", "quantity", "verdict", "attribution")
MENTION_KINDS = ("person", "org", "place", "date", "age", "quantity", "verdict")
STATUSES = ("supported", "discrepancy", "not_found", "unavailable", "unchecked")
PRECISIONS = ("day", "week", "month", "year")


@dataclass
class Link:
    """A hyperlink inside the article body, with the sentence it sits in."""

    url: str
    anchor_text: str
    sentence: str
    paragraph: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Article:
    """An article's main text and metadata, without boilerplate.

    ``paragraphs`` are the body's paragraphs in order; ``text`` is them joined by blank lines.
    ``links`` are the in-body hyperlinks only (no navigation, sharing, related lists or footers).
    """

    url: str | None
    title: str | None
    author: str | None
    published: str | None
    paragraphs: list[str]
    links: list[Link] = field(default_factory=list)
    publisher: str | None = None

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)

    def metadata(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "title": self.title,
            "author": self.author,
            "published": self.published,
        }


@dataclass
class Mention:
    """Something a claim names: a person, org, place, date, age, quantity or verdict.

    ``text`` is as written; ``value`` normalized (ISO date or partial date such as ``2018-10``,
    an integer age, a person's canonical full name, a verdict's outcome word); ``precision`` is
    day/week/month/year for dates and None elsewhere. ``start``/``end`` are offsets in the sentence.
    For dates, ``date_start``/``date_end`` are the first and last ISO days the date covers.
    ``details`` holds a verdict's structure (outcome, negated, subject, object, authority, date).
    """

    kind: str
    text: str
    value: str | int | None = None
    precision: str | None = None
    start: int | None = None
    end: int | None = None
    date_start: str | None = None
    date_end: str | None = None
    details: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "kind": self.kind,
            "text": self.text,
            "value": self.value,
            "precision": self.precision,
        }
        if self.kind == "date":
            data.update(date_start=self.date_start, date_end=self.date_end)
        if self.details:
            data["details"] = dict(self.details)
        return data


@dataclass
class SourceRef:
    """A source a claim cites: a hyperlink in its sentence, or an attribution resolved to a link.

    ``via`` is ``link`` or ``attribution``. An attribution with no matching link keeps ``url`` None.
    """

    url: str | None
    via: str
    anchor_text: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Claim:
    """One checkable fact of an article, with the verbatim sentence it comes from."""

    seq: int
    sentence: str
    text: str
    kinds: list[str]
    mentions: list[Mention] = field(default_factory=list)
    sources: list[SourceRef] = field(default_factory=list)
    attribution: str | None = None
    paragraph: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "sentence": self.sentence,
            "text": self.text,
            "kinds": list(self.kinds),
            "attribution": self.attribution,
            "mentions": [m.to_dict() for m in self.mentions],
            "sources": [s.to_dict() for s in self.sources],
        }


@dataclass
class SourceText:
    """The readable text of one capture, for verification.

    ``ok`` is False for a failed capture; ``published`` is the source's own publication date.
    """

    capture_id: int
    url: str
    text: str
    ok: bool = True
    published: str | None = None


@dataclass
class Evidence:
    """What one capture says about one claim: a status, the deciding passage and a score."""

    capture_id: int
    status: str
    passage: str | None = None
    score: float = 0.0
    details: dict[str, Any] = field(default_factory=dict)
