"""One article's claims, mentions, sources, captures, evidence and reviews, as JSON or CSV files."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import sqlite_utils

from .reverify import find_articles
from .storage import row_or_fail

__all__ = [
    "CSV_TABLES",
    "article_document",
    "article_id_for",
    "article_rows",
    "decoded_row",
    "write_csv",
]

# Each table an export holds, in the order a reader meets them; claim_sources links the two.
CSV_TABLES = (
    "claims",
    "mentions",
    "claim_sources",
    "sources",
    "captures",
    "evidence",
    "reviews",
)
# Columns holding JSON text: nested in the JSON document, kept as JSON strings in CSV.
_JSON_COLUMNS = frozenset({"kinds", "details", "redirects"})
_CLAIM_IDS = "select id from claims where article_id = :article"
_SOURCE_IDS = f"select source_id from claim_sources where claim_id in ({_CLAIM_IDS})"
_CAPTURE_IDS = f"""
    select id from captures where source_id in ({_SOURCE_IDS})
    union select capture_id from articles where id = :article
"""
_TABLE_SQL = {
    "claims": "select * from claims where article_id = :article order by seq, id",
    "mentions": f"select * from mentions where claim_id in ({_CLAIM_IDS}) order by claim_id, id",
    "claim_sources": f"select * from claim_sources where claim_id in ({_CLAIM_IDS})"
    " order by claim_id, source_id, via",
    "sources": f"select * from sources where id in ({_SOURCE_IDS})"
    f" or id in (select source_id from captures where id in ({_CAPTURE_IDS})) order by id",
    "captures": f"select * from captures where id in ({_CAPTURE_IDS}) order by id",
    "evidence": f"select * from evidence where claim_id in ({_CLAIM_IDS})"
    " order by claim_id, capture_id",
    "reviews": f"select * from reviews where claim_id in ({_CLAIM_IDS}) order by id",
}


def article_id_for(db: sqlite_utils.Database, article: str) -> int:
    """The id of the article ARTICLE names (an id or URL); the latest run of a URL run twice."""
    return max(int(row["id"]) for row in find_articles(db, article))


def article_rows(db: sqlite_utils.Database, article_id: int) -> dict[str, list[dict[str, Any]]]:
    """The rows of every exported table that belong to the article, as stored."""
    _article(db, article_id)
    return _table_rows(db, article_id)


def article_document(db: sqlite_utils.Database, article_id: int) -> dict[str, Any]:
    """The article and its claims, each with its mentions, sources, evidence and reviews.

    Sources and captures are listed once at the top level; claims point at them by id.
    """
    article = _article(db, article_id)
    rows = {
        table: [decoded_row(row) for row in found]
        for table, found in _table_rows(db, article_id).items()
    }
    claims = []
    for claim in rows["claims"]:
        mine = claim["id"]
        claims.append(
            {
                **claim,
                "mentions": _of_claim(rows["mentions"], mine),
                "sources": _of_claim(rows["claim_sources"], mine),
                "evidence": _of_claim(rows["evidence"], mine),
                "reviews": _of_claim(rows["reviews"], mine),
            }
        )
    return {
        "article": decoded_row(article),
        "claims": claims,
        "sources": rows["sources"],
        "captures": rows["captures"],
    }


def write_csv(db: sqlite_utils.Database, article_id: int, folder: str | Path) -> dict[Path, int]:
    """Write one CSV file per table (header row, UTF-8, RFC 4180 quoting); rows written per file."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    written = {}
    for table, rows in article_rows(db, article_id).items():
        path = out / f"{table}.csv"
        columns = list(db[table].columns_dict)
        with path.open("w", encoding="utf-8", newline="") as stream:
            writer = csv.DictWriter(stream, columns, lineterminator="\r\n")
            writer.writeheader()
            writer.writerows(rows)
        written[path] = len(rows)
    return written


def _article(db: sqlite_utils.Database, article_id: int) -> dict[str, Any]:
    return row_or_fail(
        db, "articles", article_id, "article", "give an article id or URL from the articles table"
    )


def _table_rows(db: sqlite_utils.Database, article_id: int) -> dict[str, list[dict[str, Any]]]:
    return {
        table: list(db.query(sql, {"article": article_id})) for table, sql in _TABLE_SQL.items()
    }


def _of_claim(rows: list[dict[str, Any]], claim_id: int) -> list[dict[str, Any]]:
    return [
        {k: v for k, v in row.items() if k != "claim_id"}
        for row in rows
        if row["claim_id"] == claim_id
    ]


def decoded_row(row: dict[str, Any]) -> dict[str, Any]:
    """A row with its JSON-holding columns parsed, so the document nests instead of quoting."""
    decoded = dict(row)
    for column in _JSON_COLUMNS & decoded.keys():
        if isinstance(decoded[column], str):
            try:
                decoded[column] = json.loads(decoded[column])
            except ValueError:
                pass  # a plain string stays as it was written
    return decoded
