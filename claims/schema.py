"""The database schema: tables, views and indexes, and bringing older databases up to date."""

from __future__ import annotations

from typing import Any

import sqlite_utils

from .claimindexes import ensure_claim_kinds, ensure_claim_search
from .fragments import snapshot_link
from .passagestore import ensure_passages_table

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
    ("reviews", ["claim_id"]),
]


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
