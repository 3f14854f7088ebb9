"""The SQLite database: schema, and writing articles, claims, sources, captures and evidence."""

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

from .claimindexes import ensure_claim_kinds, ensure_claim_search
from .errors import StorageError
from .fragments import snapshot_link
from .lexicon import letters
from .model import Article, Claim, Evidence
from .passagestore import ensure_passages_table

BUSY_TIMEOUT_MS = 30_000

TABLES: dict[str, dict[str, Any]] = {
    "articles": {
        "columns": {
            "id": int,
            "url": str,
            "title": str,
            "author": str,
            "published": str,
            "publisher": str,
            "text": str,
            "fetched_at": str,
            "capture_id": int,
        },
        "pk": "id",
    },
    "claims": {
        "columns": {
            "id": int,
            "article_id": int,
            "seq": int,
            "sentence": str,
            "text": str,
            "kinds": str,
            "attribution": str,
            "status": str,
            "publisher": str,
        },
        "pk": "id",
        "foreign_keys": [("article_id", "articles", "id")],
    },
    "claim_kinds": {
        "columns": {"claim_id": int, "kind": str},
        "pk": ("claim_id", "kind"),
        "foreign_keys": [("claim_id", "claims", "id")],
    },
    "mentions": {
        "columns": {
            "id": int,
            "claim_id": int,
            "kind": str,
            "text": str,
            "value": str,
            "precision": str,
            "date_start": str,
            "date_end": str,
            "char_start": int,
            "char_end": int,
            "entity_id": int,
            "details": str,
        },
        "pk": "id",
        "foreign_keys": [("claim_id", "claims", "id")],
    },
    "sources": {
        "columns": {"id": int, "url": str, "publisher": str},
        "pk": "id",
    },
    "claim_sources": {
        "columns": {"claim_id": int, "source_id": int, "via": str, "anchor_text": str},
        "pk": ("claim_id", "source_id", "via"),
        "foreign_keys": [("claim_id", "claims", "id"), ("source_id", "sources", "id")],
    },
    "captures": {
        "columns": {
            "id": int,
            "source_id": int,
            "requested_url": str,
            "final_url": str,
            "status_code": int,
            "fetched_at": str,
            "warc_file": str,
            "warc_offset": int,
            "warc_length": int,
            "payload_sha256": str,
            "payload_sha1": str,
            "content_type": str,
            "error": str,
            "error_kind": str,
            "ip_address": str,
            "redirects": str,
            "job_id": int,
            "warc_record_id": str,
            "imported_from": str,
        },
        "pk": "id",
        "foreign_keys": [("source_id", "sources", "id")],
    },
    "jobs": {
        "columns": {
            "id": int,
            "kind": str,
            "key": str,
            "started_at": str,
            "resumed_at": str,
            "finished_at": str,
        },
        "pk": "id",
    },
    "entities": {
        "columns": {"id": int, "kind": str, "name": str},
        "pk": "id",
    },
    "entity_aliases": {
        "columns": {"entity_id": int, "alias": str},
        "pk": ("entity_id", "alias"),
        "foreign_keys": [("entity_id", "entities", "id")],
    },
    "evidence": {
        "columns": {
            "claim_id": int,
            "capture_id": int,
            "status": str,
            "passage": str,
            "score": float,
            "details": str,
            "link": str,
        },
        "pk": ("claim_id", "capture_id"),
        "foreign_keys": [("claim_id", "claims", "id"), ("capture_id", "captures", "id")],
    },
    "passages": {
        "columns": {
            "id": int,
            "capture_id": int,
            "seq": int,
            "start": int,
            "end": int,
            "text": str,
        },
        "pk": "id",
        "foreign_keys": [("capture_id", "captures", "id")],
    },
    "reviews": {
        "columns": {
            "id": int,
            "claim_id": int,
            "rating": str,
            "note": str,
            "reviewer": str,
            "reviewed_at": str,
            "automatic_status": str,
            "sentence": str,
            "article_id": int,
            "claim_text": str,
        },
        "pk": "id",
        "foreign_keys": [("claim_id", "claims", "id")],
    },
}

# An editor's current verdict on a claim is its latest review; earlier ones stay as history.
# A view rather than a column on claims: nothing to keep in sync, and claims stay untouched.
VIEWS = {
    "claim_reviews_latest": """
        select r.id, r.claim_id, c.article_id, c.sentence, r.rating, r.note, r.reviewer,
            r.reviewed_at, r.automatic_status, c.status as current_status
        from reviews r join claims c on c.id = r.claim_id
        where r.id = (select max(id) from reviews where claim_id = r.claim_id)
    """,
}

INDEXES = [
    ("claims", ["article_id"]),
    ("claims", ["status"]),
    ("claims", ["publisher"]),
    ("claim_kinds", ["kind", "claim_id"]),
    ("mentions", ["claim_id"]),
    ("mentions", ["kind", "value"]),
    ("captures", ["source_id"]),
    ("captures", ["job_id"]),
    # Memento looks a source up by the address asked for or landed on, on every request.
    ("captures", ["requested_url"]),
    ("captures", ["final_url"]),
    ("jobs", ["key"]),
    ("claim_sources", ["source_id"]),
    ("evidence", ["capture_id"]),
    ("mentions", ["entity_id"]),
    ("entity_aliases", ["alias"]),
    ("passages", ["capture_id"]),
    ("reviews", ["claim_id"]),
]
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


def ensure_schema(db: sqlite_utils.Database) -> None:
    """Create every table and index citevault uses, adding any missing column."""
    new_tables = {name for name in TABLES if not db.table(name).exists()}
    for name, spec in TABLES.items():
        table = db.table(name)
        if name in new_tables:
            table.create(
                spec["columns"],
                pk=spec["pk"],
                foreign_keys=spec.get("foreign_keys"),
                not_null={"url"} if name == "sources" else None,
            )
        else:
            missing = {c: t for c, t in spec["columns"].items() if c not in table.columns_dict}
            for column, col_type in missing.items():
                table.add_column(column, col_type)
                if (name, column) == ("evidence", "link"):
                    _fill_evidence_links(db)
                if (name, column) == ("claims", "publisher"):
                    fill_claim_publishers(db)
    db.table("sources").create_index(["url"], unique=True, if_not_exists=True)
    db.table("entities").create_index(["kind", "name"], unique=True, if_not_exists=True)
    for table_name, columns in INDEXES:
        db.table(table_name).create_index(columns, if_not_exists=True)
    for view, sql in VIEWS.items():
        db.create_view(view, sql, ignore=True)
    # Created here, under the set-up lock, so two jobs verifying at once never race to make it.
    ensure_passages_table(db)
    ensure_claim_kinds(db, fill="claim_kinds" in new_tables)
    ensure_claim_search(db)


def fill_claim_publishers(db: sqlite_utils.Database) -> None:
    """Copy each article's publisher onto its claims, for claims written without one."""
    with db.conn:
        db.conn.execute(
            "update claims set publisher = (select publisher from articles a "
            "where a.id = claims.article_id) where publisher is null"
        )


def _fill_evidence_links(db: sqlite_utils.Database) -> None:
    """Give the evidence of a database made before links existed its snapshot links."""
    rows = db.execute("select rowid, capture_id, status, passage from evidence").fetchall()
    with db.conn:
        for rowid, capture_id, status, passage in rows:
            link = evidence_link(int(capture_id), status, passage)
            db.conn.execute("update evidence set link = ? where rowid = ?", [link, rowid])


def evidence_link(capture_id: int, status: str, passage: str | None) -> str | None:
    """The snapshot link of one piece of evidence, scrolled to its passage; None if uncaptured."""
    if status == "unavailable":
        return None
    return snapshot_link("", capture_id, passage)


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
