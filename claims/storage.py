"""The SQLite database: opening it, and writing articles, claims, sources, captures and evidence."""

from __future__ import annotations

import fcntl
import json
import sqlite3
from collections.abc import Iterable
from contextlib import closing
from pathlib import Path
from typing import Any

import sqlite_utils

from archiver import Capture, normalize_url

from .errors import InputError, StorageError
from .lexicon import letters
from .model import Article, Claim, Evidence

# The schema lives in its own module; its names stay importable from here.
from .schema import INDEXES as INDEXES
from .schema import TABLES as TABLES
from .schema import VIEWS as VIEWS
from .schema import ensure_schema as ensure_schema
from .schema import evidence_link as evidence_link
from .schema import fill_claim_publishers as fill_claim_publishers

BUSY_TIMEOUT_MS = 30_000
# SQLite's largest integer: a larger id names no row, and would overflow its driver.
MAX_ID = 2**63 - 1

# Mentions of these kinds name something that other claims can name too.
ENTITY_KINDS = ("person", "org", "place")


def open_database(path: str | Path) -> sqlite_utils.Database:
    """Open (creating if needed) a citevault database in WAL mode with a busy timeout."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite_utils.Database(path)
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    # In WAL mode NORMAL loses no committed row when a process is killed, only on power loss,
    # and spares a sync per commit (one commit per capture).
    db.execute("PRAGMA synchronous = NORMAL")
    # Two jobs starting at once would race to switch to WAL and create tables: take turns.
    with open(path.with_name(path.name + ".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            db.enable_wal()
            ensure_schema(db)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return db


def open_existing_database(path: str | Path) -> sqlite_utils.Database:
    """Open a citevault database that must already exist, never creating an empty one."""
    if not Path(path).is_file():
        raise StorageError(f"database not found: {path} (run 'citevault run SOURCE' first)")
    try:
        # Checked before opening: opening adds citevault's tables to whatever file it is given.
        if not _has_articles_table(path):
            raise StorageError(f"{path} is not a citevault database (it has no articles table)")
        return open_database(path)
    except sqlite3.DatabaseError as exc:
        raise StorageError(f"{path} is not a citevault database ({exc})") from exc


def _has_articles_table(path: str | Path) -> bool:
    with closing(sqlite3.connect(path)) as conn:
        sql = "select 1 from sqlite_master where type = 'table' and name = 'articles'"
        return conn.execute(sql).fetchone() is not None


# Writes use plain SQL, not sqlite-utils' table methods: those commit as they go, which would
# break the transactions callers open with ``with db.conn:`` (and cost a schema query each).


def _insert(
    db: sqlite_utils.Database, table: str, row: dict[str, Any], or_ignore: bool = False
) -> int:
    """Insert a row in the caller's transaction and return its rowid."""
    columns = ", ".join(f"[{c}]" for c in row)
    marks = ", ".join("?" for _ in row)
    verb = "insert or ignore" if or_ignore else "insert"
    sql = f"{verb} into [{table}] ({columns}) values ({marks})"
    cursor = db.conn.execute(sql, list(row.values()))
    return int(cursor.lastrowid or 0)


def _update(db: sqlite_utils.Database, table: str, row_id: int, row: dict[str, Any]) -> None:
    """Update one row by id in the caller's transaction."""
    assignments = ", ".join(f"[{c}] = ?" for c in row)
    db.conn.execute(f"update [{table}] set {assignments} where id = ?", [*row.values(), row_id])


def upsert_source(db: sqlite_utils.Database, url: str, publisher: str | None = None) -> int:
    """Return the id of the source with this (normalized) URL, creating it if new."""
    url = normalize_url(url)
    row = next(db.query("select id, publisher from sources where url = ?", [url]), None)
    if row is not None:
        if publisher and not row["publisher"]:
            _update(db, "sources", int(row["id"]), {"publisher": publisher})
        return int(row["id"])
    return _insert(db, "sources", {"url": url, "publisher": publisher})


def upsert_entity(db: sqlite_utils.Database, kind: str, name: str, alias: str) -> int:
    """The id of the entity of this kind and canonical name; ``alias`` (as written) is kept."""
    db.conn.execute("insert or ignore into entities (kind, name) values (?, ?)", [kind, name])
    row = db.conn.execute(
        "select id from entities where kind = ? and name = ?", [kind, name]
    ).fetchone()
    entity_id = int(row[0])
    if alias != name:
        _insert(db, "entity_aliases", {"entity_id": entity_id, "alias": alias}, or_ignore=True)
    return entity_id


def save_capture(
    db: sqlite_utils.Database, source_id: int, capture: Capture, job_id: int | None = None
) -> int:
    """Insert one capture row (a success or a named failure) and return its id."""
    row = capture.to_row()
    row["source_id"] = source_id
    row["job_id"] = job_id
    row["warc_record_id"] = capture.record_id
    row["redirects"] = json.dumps(row["redirects"]) if row["redirects"] else None
    return _insert(db, "captures", row)


def save_article(db: sqlite_utils.Database, article: Article, fetched_at: str) -> int:
    """Insert or replace the article row for this URL (its claims are replaced too)."""
    existing = (
        next(db.query("select id from articles where url = ?", [article.url]), None)
        if article.url
        else None
    )
    row = {
        "url": article.url,
        "title": article.title,
        "author": article.author,
        "published": article.published,
        "publisher": article.publisher,
        "text": article.text,
        "fetched_at": fetched_at,
    }
    if existing is not None:
        article_id = int(existing["id"])
        delete_claims(db, article_id)
        _update(db, "articles", article_id, row)
        return article_id
    return _insert(db, "articles", row)


def delete_claims(db: sqlite_utils.Database, article_id: int) -> None:
    """Remove an article's claims with their mentions, source links and evidence.

    Reviews are kept, detached: the claim ids may be reused, and a review must never land on
    another claim. ``save_claims`` attaches them again to the claim with the same wording.
    """
    claim_ids = "select id from claims where article_id = ?"
    for table in ("mentions", "claim_sources", "evidence"):
        db.execute(f"delete from {table} where claim_id in ({claim_ids})", [article_id])
    db.execute(f"update reviews set claim_id = null where claim_id in ({claim_ids})", [article_id])
    db.execute("delete from claims where article_id = ?", [article_id])


def _reattach_reviews(
    db: sqlite_utils.Database, article_id: int, claim: Claim, claim_id: int
) -> None:
    """Give a re-extracted claim back the reviews of the claim with the same sentence and text."""
    db.conn.execute(
        "update reviews set claim_id = ? where claim_id is null and article_id = ? "
        "and sentence = ? and (claim_text is null or claim_text = ?)",
        [claim_id, article_id, claim.sentence, claim.text],
    )


def save_claims(
    db: sqlite_utils.Database, article_id: int, claims: Iterable[Claim]
) -> dict[int, int]:
    """Insert claims with their mentions and cited sources; return {claim seq: claim id}.

    Each claim carries its article's publisher, so claims can be faceted by publisher.
    """
    ids: dict[int, int] = {}
    row = db.conn.execute("select publisher from articles where id = ?", [article_id]).fetchone()
    publisher = row[0] if row else None
    for claim in claims:
        claim_id = _insert(
            db,
            "claims",
            {
                "article_id": article_id,
                "seq": claim.seq,
                "sentence": claim.sentence,
                "text": claim.text,
                "kinds": json.dumps(claim.kinds),
                "attribution": claim.attribution,
                "status": "unchecked",
                "publisher": publisher,
            },
        )
        ids[claim.seq] = claim_id
        _reattach_reviews(db, article_id, claim, claim_id)
        for m in claim.mentions:
            mention = {
                "claim_id": claim_id,
                "kind": m.kind,
                "text": m.text,
                "value": None if m.value is None else str(m.value),
                "precision": m.precision,
                "date_start": m.date_start,
                "date_end": m.date_end,
                "char_start": m.start,
                "char_end": m.end,
                "entity_id": upsert_entity(db, m.kind, str(m.value or m.text), m.text)
                if m.kind in ENTITY_KINDS
                else None,
                "details": json.dumps(m.details) if m.details else None,
            }
            _insert(db, "mentions", mention)
        for ref in claim.sources:
            if ref.url is None:
                continue
            link = {
                "claim_id": claim_id,
                "source_id": upsert_source(db, ref.url),
                "via": ref.via,
                "anchor_text": ref.anchor_text,
            }
            _insert(db, "claim_sources", link, or_ignore=True)
    return ids


def save_evidence(
    db: sqlite_utils.Database, claim_id: int, evidence: Iterable[Evidence], status: str
) -> None:
    """Replace a claim's evidence rows and set its aggregated status."""
    db.execute("delete from evidence where claim_id = ?", [claim_id])
    for e in evidence:
        row = {
            "claim_id": claim_id,
            "capture_id": e.capture_id,
            "status": e.status,
            "passage": e.passage,
            "score": round(e.score, 4),
            "details": json.dumps(e.details) if e.details else None,
            "link": evidence_link(e.capture_id, e.status, e.passage),
        }
        _insert(db, "evidence", row)
    _update(db, "claims", claim_id, {"status": status})


def attach_source(
    db: sqlite_utils.Database, name: str, url: str, article_id: int | None = None
) -> list[int]:
    """Link every claim whose attribution names ``name`` to the source at ``url``.

    For plain-text articles, whose attributions ("AB/CD reported") carry no link: names are
    compared on their letters and digits only, so "AB/CD" matches "abcd". Returns the ids
    of the claims linked.
    """
    wanted = letters(name)
    if not wanted:
        raise ValueError("the name has no letters or digits")
    sql = "select id, attribution from claims where attribution is not null"
    params: list[Any] = []
    if article_id is not None:
        sql += " and article_id = ?"
        params.append(article_id)
    claim_ids = [
        int(row["id"]) for row in db.query(sql, params) if wanted in letters(row["attribution"])
    ]
    with db.conn:
        source_id = upsert_source(db, url)
        for claim_id in claim_ids:
            link = {"claim_id": claim_id, "source_id": source_id, "via": "attribution",
                    "anchor_text": name}  # fmt: skip
            _insert(db, "claim_sources", link, or_ignore=True)
    return claim_ids


def row_or_fail(
    db: sqlite_utils.Database,
    table: str,
    row_id: int,
    what: str,
    hint: str = "",
    *,
    missing: str = "does not exist in the database",
) -> dict[str, Any]:
    """The row of TABLE with id ROW_ID, or an InputError naming WHAT is missing and the HINT."""
    row = None
    if 0 <= row_id <= MAX_ID:
        row = next(db.query(f"select * from [{table}] where id = ?", [row_id]), None)
    if row is None:
        raise InputError(f"{what} {row_id} {missing}" + (f" ({hint})" if hint else ""))
    return dict(row)
