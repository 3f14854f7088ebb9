"""A seeded corpus for the verification benchmark: source pages in WARCs, an article citing them.

Every run with the same seed writes the same pages and claims: ``SOURCES`` news pages of
``PARAGRAPHS`` paragraphs (names, ages, dates, counts, places, verdicts), archived as real WARC
response records with their capture rows, and one article whose claims each cite one page: a
sentence of that page as written, with one value changed, or a sentence found nowhere.
"""

from __future__ import annotations

import datetime
import html
import random
import re
import sqlite3
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlite_utils

from archiver import Capture, HttpExchange, WarcFile, sha1_base32
from claims.extract import extract_claims
from claims.model import Article, Claim, SourceRef
from claims.storage import open_database, save_article, save_capture, save_claims, upsert_source

SOURCES = 200
PARAGRAPHS = 50
CLAIMS = 500
SITE = "http://sources.bench.test"
ARTICLE_URL = "http://news.bench.test/story"
# Sources are dated a little before the article, so none is "published after" it.
FIRST_DAY = datetime.date(2024, 3, 1)
ARTICLE_DAY = datetime.date(2024, 12, 1)

# First names and surnames, alternating.
_NAMES = """Amara Okafor Lukas Brenner Ines Castellano Tomasz Wierzbicki Hana Sato Mateo Ruiz
Nadia Haddad Oskar Lindqvist Priya Raman Jonas Keller Leila Farouk Marek Dvorak Sofia Moretti
Emil Strand Yara Nasser Pavel Orlov Chloe Martin Dario Conti Mina Park Felix Wagner""".split()
_CITIES = """Lisbon Gdansk Valencia Tampere Brno Porto Split Lyon Ghent Bergen Turin Malmo Graz
Cork Leipzig Bilbao Aarhus Riga Kaunas Plovdiv""".split()
_GROUPS = """residents workers students patients passengers families tenants farmers""".split()
_MONTHS = (
    "January February March April May June July August September October November December"
).split()
_COUNTS = (12, 25, 40, 75, 120, 300, 450, 800, 1200, 2500)
_VERDICTS = ("approved", "rejected", "granted", "denied")
_OFFENCES = ("fraud", "bribery", "arson", "tax evasion", "embezzlement", "assault")
_DEPARTMENTS = ("housing", "transport", "water", "health", "schools", "parks")
_FILLER = (
    "The session ran late into the evening, according to people who attended it.",
    "Local reporters followed the hearings closely over several weeks.",
    "Critics argued that the process had been slow and poorly explained.",
    "A spokesperson declined to give further details when contacted.",
)

# The values each wording of ``sentence_of`` states, in template order.
_STATED = (("day", "age", "city"), ("day", "count", "city"), ("day", "count", "city"),
           ("day", "age", "count", "city"))  # fmt: skip


@dataclass
class Facts:
    """The values one generated sentence states, so that one of them can be changed."""

    person: str
    age: int
    day: datetime.date
    count: int
    city: str
    verdict: int


@dataclass
class Corpus:
    """The generated pages (one list of paragraphs per URL) and the article's claim sentences."""

    pages: dict[str, list[str]]
    published: dict[str, str]
    claim_sentences: list[tuple[str, str, str]]

    @property
    def passages(self) -> int:
        """How many paragraphs the pages hold in all."""
        return sum(len(paragraphs) for paragraphs in self.pages.values())


@dataclass
class Stored:
    """Where the corpus was archived and stored: the database, the article and its claims."""

    db: sqlite_utils.Database
    archive_dir: Path
    article_id: int
    claims: int
    cited_passages: int
    seconds: float


def page_url(index: int) -> str:
    """The URL of the ``index``-th source page."""
    return f"{SITE}/reports/{index:04d}"


def date_text(day: datetime.date) -> str:
    """A day as news copy writes it: "March 4, 2024"."""
    return f"{_MONTHS[day.month - 1]} {day.day}, {day.year}"


def person_name(rng: random.Random) -> str:
    """A full name: a first name and a surname from the generic lists."""
    return f"{rng.choice(_NAMES[0::2])} {rng.choice(_NAMES[1::2])}"


def random_facts(rng: random.Random) -> Facts:
    """Values for one sentence, drawn from ``rng``."""
    day = FIRST_DAY + datetime.timedelta(days=rng.randrange(240))
    return Facts(
        person_name(rng),
        rng.randrange(21, 80),
        day,
        rng.choice(_COUNTS),
        rng.choice(_CITIES),
        rng.randrange(len(_VERDICTS)),
    )


def sentence_of(facts: Facts, template: int) -> str:
    """One news sentence stating ``facts`` in the ``template``-th wording."""
    when = date_text(facts.day)
    verdict = _VERDICTS[facts.verdict]
    group = _GROUPS[template % len(_GROUPS)]
    templates = (
        f"{facts.person}, {facts.age}, was convicted of "
        f"{_OFFENCES[template % len(_OFFENCES)]} by a court in {facts.city} on {when}.",
        f"On {when}, {facts.count} {group} were evacuated from {facts.city}, "
        f"{facts.person} told reporters.",
        f"The {_DEPARTMENTS[template % len(_DEPARTMENTS)]} board in {facts.city} {verdict} a "
        f"request from {facts.count} {group} on {when}, its chair {facts.person} said.",
        f"{facts.person}, a {facts.age}-year-old teacher, was arrested in {facts.city} on "
        f"{when} after {facts.count} {group} signed a complaint.",
    )
    return templates[template % len(templates)]


def unrelated_sentence(facts: Facts) -> str:
    """A sentence on a topic no source page covers, with the same kinds of values."""
    return (
        f"{facts.person}, {facts.age}, opened a bakery in {facts.city} on {date_text(facts.day)} "
        f"and sold {facts.count} loaves in its first week."
    )


def changed(facts: Facts, template: int, rng: random.Random) -> Facts:
    """The same facts with one value the template states changed: day, age, count or place."""
    which = rng.choice(_STATED[template % len(_STATED)])
    other = Facts(**vars(facts))
    if which == "day":
        other.day = facts.day + datetime.timedelta(days=rng.randrange(3, 40))
    elif which == "age":
        other.age = facts.age + rng.choice((-9, -6, 6, 9))
    elif which == "count":
        other.count = facts.count * 3
    else:
        other.city = rng.choice([c for c in _CITIES if c != facts.city])
    return other


def build_corpus(
    seed: int = 5, sources: int = SOURCES, paragraphs: int = PARAGRAPHS, claims: int = CLAIMS
) -> Corpus:
    """The pages and claim sentences for ``seed``: the same values on every run."""
    rng = random.Random(seed)
    pages: dict[str, list[str]] = {}
    published: dict[str, str] = {}
    stated: dict[str, list[tuple[Facts, int]]] = {}
    for index in range(sources):
        url = page_url(index)
        published[url] = (FIRST_DAY + datetime.timedelta(days=240 + index % 30)).isoformat()
        pages[url], stated[url] = _page(rng, paragraphs)
    claim_sentences: list[tuple[str, str, str]] = []
    for number in range(claims):
        url = page_url(number % sources)
        facts, template = stated[url][rng.randrange(len(stated[url]))]
        # Half as written, a quarter with one value changed, a quarter stated nowhere.
        intent = ("supported", "supported", "discrepancy", "not_found")[number % 4]
        if intent == "discrepancy":
            facts = changed(facts, template, rng)
        sentence = sentence_of(facts, template)
        if intent == "not_found":
            sentence = unrelated_sentence(random_facts(rng))
        claim_sentences.append((sentence, url, intent))
    return Corpus(pages, published, claim_sentences)


def page_html(title: str, paragraphs: Sequence[str], published: str) -> bytes:
    """A news page around ``paragraphs``, with its publication date in its metadata."""
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title>"
        f"<meta property='article:published_time' content='{published}T09:00:00Z'>"
        "</head><body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article><h1>{html.escape(title)}</h1>{body}</article>"
        "<footer>Copyright the publisher. All rights reserved.</footer></body></html>"
    ).encode()


def store_corpus(corpus: Corpus, folder: Path) -> Stored:
    """Archive every page as a WARC response record and store captures, article and claims."""
    started = time.perf_counter()
    archive_dir = folder / "archive"
    db = open_database(folder / "bench.db")
    fetched = f"{ARTICLE_DAY.isoformat()}T12:00:00Z"
    with WarcFile(archive_dir, prefix="bench") as warc, db.conn:
        for url, paragraphs in corpus.pages.items():
            body = page_html(f"Report {url.rsplit('/', 1)[-1]}", paragraphs, corpus.published[url])
            location = warc.write_exchange(_exchange(url, body), date=fetched)
            capture = Capture(
                requested_url=url,
                fetched_at=fetched,
                final_url=url,
                status_code=200,
                warc_file=location.warc_file,
                warc_offset=location.offset,
                warc_length=location.length,
                payload_sha1=sha1_base32(body),
                content_type="text/html; charset=utf-8",
                record_id=location.record_id,
            )
            save_capture(db, upsert_source(db, url), capture)
    article_id, claims = _store_article(db, corpus)
    per_page = {url: len(p) for url, p in corpus.pages.items()}
    cited = sum(per_page[ref.url] for claim in claims for ref in claim.sources if ref.url)
    elapsed = time.perf_counter() - started
    return Stored(db, archive_dir, article_id, len(claims), cited, elapsed)


def fts_floor(corpus: Corpus, claims: Sequence[str], limit: int = 5) -> dict[str, Any]:
    """The retrieval floor: one FTS5 bm25 query per claim over every passage, in plain sqlite3."""
    conn = sqlite3.connect(":memory:")
    try:
        started = time.perf_counter()
        conn.execute("create virtual table passages using fts5(text, url unindexed)")
        conn.executemany(
            "insert into passages (text, url) values (?, ?)",
            [(p, url) for url, paragraphs in corpus.pages.items() for p in paragraphs],
        )
        indexed = time.perf_counter()
        hits = 0
        for claim in claims:
            query = fts_query(claim)
            if query:
                rows = conn.execute(
                    "select rowid from passages where passages match ? order by bm25(passages) "
                    "limit ?",
                    [query, limit],
                ).fetchall()
                hits += len(rows)
        done = time.perf_counter()
    finally:
        conn.close()
    return {
        "passages": corpus.passages,
        "claims": len(claims),
        "index_s": indexed - started,
        "query_s": done - indexed,
        "hits": hits,
    }


def fts_query(text: str) -> str:
    """An FTS5 query matching any word of ``text`` (three letters or more), each quoted."""
    terms = dict.fromkeys(w.lower() for w in re.findall(r"\w{3,}", text))
    return " OR ".join(f'"{term}"' for term in terms)


def _page(rng: random.Random, paragraphs: int) -> tuple[list[str], list[tuple[Facts, int]]]:
    texts: list[str] = []
    stated: list[tuple[Facts, int]] = []
    for _ in range(paragraphs):
        facts, template = random_facts(rng), rng.randrange(4)
        stated.append((facts, template))
        other = sentence_of(random_facts(rng), rng.randrange(4))
        texts.append(f"{sentence_of(facts, template)} {rng.choice(_FILLER)} {other}")
    return texts, stated


def _exchange(url: str, body: bytes) -> HttpExchange:
    path = url.split("/", 3)[3]
    return HttpExchange(
        url=url,
        method="GET",
        request_target=f"/{path}",
        request_headers=[("Host", url.split("/")[2]), ("User-Agent", "bench")],
        http_version="HTTP/1.1",
        status_code=200,
        reason="OK",
        response_headers=[("Content-Type", "text/html; charset=utf-8")],
        body=body,
        ip_address="127.0.0.1",
    )


def _store_article(db: sqlite_utils.Database, corpus: Corpus) -> tuple[int, list[Claim]]:
    """The article (one paragraph per claim sentence), its extracted claims and their sources."""
    article = Article(
        url=ARTICLE_URL,
        title="What the reports say",
        author=None,
        published=ARTICLE_DAY.isoformat(),
        paragraphs=[sentence for sentence, _, _ in corpus.claim_sentences],
    )
    claims = extract_claims(article)
    for claim in claims:
        url = corpus.claim_sentences[claim.paragraph][1]
        claim.sources = [SourceRef(url, "link", anchor_text="report")]
    with db.conn:
        article_id = save_article(db, article, f"{ARTICLE_DAY.isoformat()}T12:00:00Z")
        save_claims(db, article_id, claims)
    return article_id, claims
