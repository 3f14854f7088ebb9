"""A seeded citevault database of any size, for the serving benchmark: articles, claims, mentions.

Tables, columns and indexes come from ``claims.storage.ensure_schema``, so the database is the one
the publication serves; rows are written with ``executemany`` in one transaction.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlite_utils

from claims.storage import ensure_schema

MONTHS = (
    "January February March April May June July August September October November December"
).split()
# Shares of claims by checked status, roughly as a run over real articles leaves them.
STATUS_WEIGHTS = {
    "supported": 34,
    "not_found": 26,
    "unchecked": 24,
    "discrepancy": 9,
    "unavailable": 7,
}
_STATUSES = list(STATUS_WEIGHTS)
_STATUS_SHARES = list(STATUS_WEIGHTS.values())
_VERDICTS = ("convicted", "acquitted", "sentenced", "fined", "charged", "deported", "released")
_VERBS = ("met", "visited", "announced a plan", "signed the agreement", "spoke", "arrived")
_UNITS = ("people", "residents", "euros", "dollars", "votes", "homes", "jobs", "tonnes")
_REPORTING = ("said", "reported", "told reporters", "announced", "confirmed")
_ORG_WORDS = ("Council", "Ministry", "Court", "Agency", "Authority", "Union", "Police", "Bank")
_CONNECTORS = (" and ", " after ", " while ", " before ", "; ")
_SYLLABLES = (
    "ka ri no ta le mi so ra ven dor al is an ber gu lo ti ne sa mar kel han os tu fe ri"
).split()
_ENTITY_KINDS = ("person", "org", "place")


@dataclass
class Counts:
    """How many rows each table of a generated database holds."""

    articles: int
    claims: int
    mentions: int
    sources: int = 0
    claim_sources: int = 0
    captures: int = 0
    evidence: int = 0
    entities: int = 0
    entity_aliases: int = 0
    jobs: int = 0


@dataclass
class NamePools:
    """The names, places, organisations and source sites claims draw from."""

    people: list[str]
    places: list[str]
    orgs: list[str]
    domains: list[str]


@dataclass
class _Rows:
    """Rows waiting to be written, by table, and the entity ids given so far."""

    tables: dict[str, list[tuple[Any, ...]]] = field(default_factory=dict)
    entities: dict[tuple[str, str], int] = field(default_factory=dict)
    aliases: set[tuple[int, str]] = field(default_factory=set)

    def add(self, table: str, row: tuple[Any, ...]) -> None:
        self.tables.setdefault(table, []).append(row)

    def entity(self, kind: str, name: str, alias: str) -> int:
        """The entity id for (kind, name), new ones numbered in order; aliases are kept."""
        entity_id = self.entities.setdefault((kind, name), len(self.entities) + 1)
        if alias != name:
            self.aliases.add((entity_id, alias))
        return entity_id


_COLUMNS = {
    "jobs": ("id", "kind", "key", "started_at", "finished_at"),
    "articles": ("id", "url", "title", "author", "published", "publisher", "text", "fetched_at"),
    "claims": (
        "id", "article_id", "seq", "sentence", "text", "kinds", "attribution", "publisher",
        "status",
    ),  # fmt: skip
    "mentions": (
        "claim_id", "kind", "text", "value", "precision", "date_start", "date_end",
        "char_start", "char_end", "entity_id", "details",
    ),
    "sources": ("id", "url", "publisher"),
    "claim_sources": ("claim_id", "source_id", "via", "anchor_text"),
    "captures": (
        "id", "source_id", "requested_url", "final_url", "status_code", "fetched_at",
        "warc_file", "warc_offset", "warc_length", "payload_sha256", "content_type", "error",
        "error_kind", "job_id",
    ),
    "evidence": ("claim_id", "capture_id", "status", "passage", "score"),
}  # fmt: skip


def _word(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(syllables)).capitalize()


def _distinct_words(rng: random.Random, count: int, low: int, high: int) -> list[str]:
    words: dict[str, None] = {}
    while len(words) < count:
        words[_word(rng, rng.randint(low, high))] = None
    return list(words)


def name_pools(rng: random.Random, claims: int) -> NamePools:
    """People, places, organisations and source sites, in numbers that grow with the claims."""
    # Pools grow with the database so a name is shared by tens of claims, as in a real archive.
    surnames = _distinct_words(rng, max(20, claims // 20), 2, 3)
    given = _distinct_words(rng, max(10, len(surnames) // 10), 2, 2)
    return NamePools(
        people=[f"{rng.choice(given)} {surname}" for surname in surnames],
        places=_distinct_words(rng, max(10, claims // 250), 2, 3),
        orgs=[f"{_word(rng, 2)} {rng.choice(_ORG_WORDS)}" for _ in range(max(10, claims // 300))],
        domains=[f"{_word(rng, 3).lower()}.example" for _ in range(max(5, claims // 300))],
    )


def split_total(rng: random.Random, total: int, parts: int, spread: float) -> list[int]:
    """``parts`` counts of at least 1 that sum to ``total``, each about total/parts ± spread."""
    if parts < 1 or total < parts:
        raise ValueError(f"cannot split {total} into {parts} parts of at least 1")
    mean = total / parts
    sizes = [max(1, round(rng.gauss(mean, mean * spread))) for _ in range(parts)]
    excess = sum(sizes) - total
    while excess:
        i = rng.randrange(parts)
        if excess > 0 and sizes[i] > 1:
            sizes[i] -= 1
            excess -= 1
        elif excess < 0:
            sizes[i] += 1
            excess += 1
    return sizes


def _date(rng: random.Random) -> tuple[str, str, str, str, str]:
    """A date phrase: (text, value, precision, first day, last day)."""
    day = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(3650))
    month = MONTHS[day.month - 1]
    roll = rng.random()
    if roll < 0.6:
        iso = day.isoformat()
        return f"{day.day} {month} {day.year}", iso, "day", iso, iso
    if roll < 0.85:
        first = day.replace(day=1)
        last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        value = f"{day.year}-{day.month:02d}"
        return f"{month} {day.year}", value, "month", first.isoformat(), last.isoformat()
    return str(day.year), str(day.year), "year", f"{day.year}-01-01", f"{day.year}-12-31"


class _Sentence:
    """A sentence built piece by piece, keeping each mention's offsets in it."""

    def __init__(self) -> None:
        self.text = ""
        self.mentions: list[dict[str, Any]] = []

    def plain(self, words: str) -> None:
        self.text += words

    def mention(self, kind: str, text: str, value: Any = None, **extra: Any) -> None:
        start = len(self.text)
        self.text += text
        self.mentions.append(
            {"kind": kind, "text": text, "value": value, "start": start, "end": len(self.text)}
            | extra
        )


def _person(rng: random.Random, pools: NamePools, sentence: _Sentence) -> str:
    full = rng.choice(pools.people)
    written = full.split()[-1] if rng.random() < 0.2 else full
    sentence.mention("person", written, full)
    return full


def _adjunct(rng: random.Random, pools: NamePools, sentence: _Sentence) -> None:
    """One phrase naming exactly one thing: a date, place, organisation, quantity or person."""
    roll = rng.random()
    if roll < 0.3:
        text, value, precision, first, last = _date(rng)
        sentence.plain(" on " if precision == "day" else " in ")
        sentence.mention("date", text, value, precision=precision, date_start=first, date_end=last)
    elif roll < 0.55:
        sentence.plain(" in ")
        place = rng.choice(pools.places)
        sentence.mention("place", place, place)
    elif roll < 0.7:
        sentence.plain(" with the ")
        org = rng.choice(pools.orgs)
        sentence.mention("org", org, org)
    elif roll < 0.85:
        sentence.plain(" for ")
        number = rng.choice((rng.randint(2, 99), rng.randint(100, 99_999)))
        sentence.mention("quantity", f"{number:,} {rng.choice(_UNITS)}", str(number))
    else:
        sentence.plain(" alongside ")
        _person(rng, pools, sentence)


def _clause(rng: random.Random, pools: NamePools, sentence: _Sentence, budget: int) -> int:
    """A subject and predicate using at most ``budget`` mentions; returns how many it used."""
    used = len(sentence.mentions)
    _person(rng, pools, sentence)
    if budget - 1 >= 1 and rng.random() < 0.15:
        sentence.plain(", ")
        age = rng.randint(18, 90)
        sentence.mention("age", str(age), age)
        sentence.plain(",")
    if len(sentence.mentions) - used < budget and rng.random() < 0.12:
        sentence.plain(" was ")
        verdict = rng.choice(_VERDICTS)
        sentence.mention("verdict", verdict, verdict, details={"outcome": verdict})
    else:
        sentence.plain(f" {rng.choice(_VERBS)}")
    while len(sentence.mentions) - used < budget and rng.random() < 0.85:
        _adjunct(rng, pools, sentence)
    return len(sentence.mentions) - used


def claim_sentence(
    rng: random.Random, pools: NamePools, mentions: int
) -> tuple[str, str, str | None, list[dict[str, Any]]]:
    """A sentence naming exactly ``mentions`` things: (sentence, claim text, attribution, them)."""
    sentence = _Sentence()
    attributed = mentions >= 2 and rng.random() < 0.4
    budget = mentions - 1 if attributed else mentions
    while budget > 0:
        budget -= _clause(rng, pools, sentence, budget)
        if budget > 0:
            sentence.plain(rng.choice(_CONNECTORS))
    claim_text = sentence.text + "."
    attribution = None
    if attributed:
        sentence.plain(", ")
        if rng.random() < 0.5:
            attribution = _person(rng, pools, sentence)
        else:
            attribution = rng.choice(pools.orgs)
            sentence.mention("org", attribution, attribution)
        sentence.plain(f" {rng.choice(_REPORTING)}")
    return sentence.text + ".", claim_text, attribution, sentence.mentions


def _kinds(mentions: list[dict[str, Any]], attribution: str | None) -> list[str]:
    kinds = {m["kind"] for m in mentions if m["kind"] != "org"}
    if attribution:
        kinds.add("attribution")
    return sorted(kinds)


def _mention_row(rows: _Rows, claim_id: int, mention: dict[str, Any]) -> tuple[Any, ...]:
    kind, value = mention["kind"], mention["value"]
    entity_id = rows.entity(kind, str(value), mention["text"]) if kind in _ENTITY_KINDS else None
    details = mention.get("details")
    return (
        claim_id, kind, mention["text"], None if value is None else str(value),
        mention.get("precision"), mention.get("date_start"), mention.get("date_end"),
        mention["start"], mention["end"], entity_id, json.dumps(details) if details else None,
    )  # fmt: skip


def _article_rows(
    rng: random.Random, pools: NamePools, rows: _Rows, article_id: int, mention_counts: list[int]
) -> Iterator[tuple[int, str, str | None]]:
    """Add one article with its claims and mentions; yield each claim's id, sentence and status."""
    published = dt.datetime(2015, 1, 1) + dt.timedelta(minutes=rng.randrange(10 * 365 * 1440))
    domain = rng.choice(pools.domains)
    title_words = " ".join(_word(rng, 2).lower() for _ in range(rng.randint(4, 9)))
    url = f"https://www.{domain}/{published.year}/{title_words.replace(' ', '-')}-{article_id}"
    sentences = []
    first_claim = len(rows.tables.get("claims", [])) + 1
    for seq, count in enumerate(mention_counts, start=1):
        claim_id = first_claim + seq - 1
        sentence, text, attribution, mentions = claim_sentence(rng, pools, count)
        status = rng.choices(_STATUSES, weights=_STATUS_SHARES)[0]
        kinds = json.dumps(_kinds(mentions, attribution))
        claim = (claim_id, article_id, seq, sentence, text, kinds, attribution, domain, status)
        rows.add("claims", claim)
        for mention in mentions:
            rows.add("mentions", _mention_row(rows, claim_id, mention))
        sentences.append(sentence)
        yield claim_id, sentence, attribution
    paragraphs = [" ".join(sentences[i : i + 4]) for i in range(0, len(sentences), 4)]
    author = rng.choice(pools.people)
    stamp = published.isoformat() + "Z"
    rows.add("jobs", (article_id, "run", url, stamp, stamp))
    rows.add(
        "articles",
        (article_id, url, title_words.capitalize(), author, stamp, domain, "\n\n".join(paragraphs),
         stamp),
    )  # fmt: skip


def _capture_row(
    rng: random.Random, capture_id: int, source_id: int, url: str, job_id: int
) -> tuple[Any, ...]:
    """One capture: mostly archived pages, some refused connections kept with their reason."""
    fetched_at = f"2025-06-{1 + capture_id % 28:02d}T10:00:00Z"
    if rng.random() < 0.12:
        return (
            capture_id, source_id, url, None, None, fetched_at, None, None, None, None, None,
            "connection refused", "connect", job_id,
        )  # fmt: skip
    return (
        capture_id, source_id, url, url, 200, fetched_at, f"cv-{job_id}.warc.gz",
        rng.randrange(10**8), rng.randint(2000, 90000), f"{rng.getrandbits(256):064x}",
        "text/html", None, None, job_id,
    )  # fmt: skip


def _source_rows(
    rng: random.Random, pools: NamePools, rows: _Rows, article_id: int, cited: int
) -> list[tuple[int, list[int]]]:
    """Add the sources an article cites and their captures: [(source id, [capture ids])]."""
    found = []
    for _ in range(cited):
        source_id = len(rows.tables.get("sources", [])) + 1
        domain = rng.choice(pools.domains)
        url = f"https://{domain}/doc/{source_id}"
        rows.add("sources", (source_id, url, domain))
        capture_ids = []
        for _ in range(1 if rng.random() < 0.8 else 2):
            capture_id = len(rows.tables.get("captures", [])) + 1
            rows.add("captures", _capture_row(rng, capture_id, source_id, url, article_id))
            capture_ids.append(capture_id)
        found.append((source_id, capture_ids))
    return found


def _cite(
    rng: random.Random,
    rows: _Rows,
    claim: tuple[int, str, str | None],
    sources: list[tuple[int, list[int]]],
    status: str,
) -> None:
    """Link one claim to 0-3 of its article's sources, with evidence from each capture."""
    claim_id, sentence, attribution = claim
    cited = rng.sample(sources, min(len(sources), rng.choice((0, 1, 1, 1, 2, 2, 3))))
    for source_id, capture_ids in cited:
        via = "attribution" if attribution and rng.random() < 0.3 else "link"
        anchor = attribution if via == "attribution" else sentence.split()[0]
        rows.add("claim_sources", (claim_id, source_id, via, anchor))
        if status == "unchecked":
            continue
        for capture_id in capture_ids:
            passage = sentence if status == "supported" else sentence[: len(sentence) // 2]
            score = round(rng.random(), 4)
            rows.add("evidence", (claim_id, capture_id, status, passage, score))


def build_rows(articles: int, claims: int, mentions: int, seed: int) -> _Rows:
    """Every row of the database, in memory, from a seeded generator."""
    rng = random.Random(seed)
    pools = name_pools(rng, claims)
    rows = _Rows()
    claims_per_article = split_total(rng, claims, articles, spread=0.6)
    mentions_per_claim = iter(split_total(rng, mentions, claims, spread=0.35))
    for article_id, claim_count in enumerate(claims_per_article, start=1):
        counts = [next(mentions_per_claim) for _ in range(claim_count)]
        sources = _source_rows(rng, pools, rows, article_id, max(1, claim_count // 7))
        for claim in _article_rows(rng, pools, rows, article_id, counts):
            status = rows.tables["claims"][claim[0] - 1][-1]
            _cite(rng, rows, claim, sources, status)
    return rows


def generate(
    path: Path,
    articles: int = 1000,
    claims: int = 100_000,
    mentions: int = 1_000_000,
    seed: int = 1,
) -> Counts:
    """Write a new database at ``path`` with the real schema and full-text search on claims."""
    if path.exists():
        raise FileExistsError(f"{path} exists: give the path of a new database file")
    rows = build_rows(articles, claims, mentions, seed)
    db = sqlite_utils.Database(path)
    ensure_schema(db)
    # A throwaway file: no journal or syncs while it is filled, WAL once done, like a real one.
    db.execute("PRAGMA journal_mode = OFF")
    db.execute("PRAGMA synchronous = OFF")
    # Room for the whole database in memory, so the indexes are not written page by page.
    db.execute("PRAGMA cache_size = -1000000")
    with db.conn:
        for table, table_rows in rows.tables.items():
            _insert_many(db, table, _COLUMNS[table], table_rows)
        entities = [(i, kind, name) for (kind, name), i in rows.entities.items()]
        _insert_many(db, "entities", ("id", "kind", "name"), entities)
        _insert_many(db, "entity_aliases", ("entity_id", "alias"), sorted(rows.aliases))
    db.execute("PRAGMA journal_mode = WAL")
    db.conn.close()
    return count_rows(path)


def _insert_many(
    db: sqlite_utils.Database, table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]
) -> None:
    names = ", ".join(f"[{c}]" for c in columns)
    marks = ", ".join("?" for _ in columns)
    db.conn.executemany(f"insert into [{table}] ({names}) values ({marks})", rows)


def count_rows(path: Path) -> Counts:
    """How many rows each table of the database at ``path`` holds."""
    db = sqlite_utils.Database(path)
    try:
        counts = {name: db.table(name).count for name in Counts.__dataclass_fields__}
    finally:
        db.conn.close()
    return Counts(**counts)
