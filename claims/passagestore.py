"""Passages of each capture's text kept in SQLite, with a full-text index to rank them for a claim.

The ``passages`` table holds every passage of a capture with its character offsets in the
capture's text; ``passages_fts`` indexes their words (case- and accent-folded, Porter-stemmed).
Triggers keep the index in step with the table, so a passage written or deleted in any
transaction is found or forgotten with it, with no separate rebuild to remember.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from .passages import Passage, passages_of

TABLE = "passages"
# Folding accents lets "Aigül" find "Aigul" (mode 2, unlike 1, also folds letters that
# carry several marks); Porter lets "convicted" find "conviction".
TOKENIZE = "porter unicode61 remove_diacritics 2"

_SEARCHABLE = re.compile(r"\w")


@dataclass(frozen=True)
class StoredPassage:
    """A row of the passages table: ``passage`` is its text and offsets, ``rank`` its bm25 score."""

    id: int
    capture_id: int
    seq: int
    passage: Passage
    rank: float = 0.0


def ensure_passages_table(db: sqlite_utils.Database) -> None:
    """Add the passages table's (capture, seq) and full-text indexes if missing.

    The table itself is defined with the others in the schema, which calls this once created.
    """
    table = db.table(TABLE)
    table.create_index(["capture_id", "seq"], unique=True, if_not_exists=True)
    if not db.table(f"{TABLE}_fts").exists():
        table.enable_fts(["text"], create_triggers=True, tokenize=TOKENIZE)


def store_passages(db: sqlite_utils.Database, capture_id: int, text: str) -> list[Passage]:
    """Write the passages of a capture's TEXT once; later calls with the same text write nothing.

    Offsets are character offsets in TEXT. A text that splits differently (a better extractor)
    replaces the capture's rows, and evidence stops naming the rows it replaced.
    """
    return [row.passage for row in store_passage_rows(db, capture_id, text)]


def store_passage_rows(
    db: sqlite_utils.Database, capture_id: int, text: str
) -> list[StoredPassage]:
    """As ``store_passages``, returning the capture's rows as stored (with their ids)."""
    passages = passages_of(text)
    stored = stored_passages(db, capture_id)
    if [row.passage for row in stored] == passages:
        return stored
    with db.conn:
        _forget_passage_ids(db, capture_id)
        db.conn.execute(f"delete from [{TABLE}] where capture_id = ?", [capture_id])
        db.conn.executemany(
            f"insert into [{TABLE}] (capture_id, seq, start, [end], text) values (?, ?, ?, ?, ?)",
            [(capture_id, seq, p.start, p.end, p.text) for seq, p in enumerate(passages)],
        )
    return stored_passages(db, capture_id)


def _forget_passage_ids(db: sqlite_utils.Database, capture_id: int) -> None:
    # Evidence names passages of its own capture only; the offsets it also keeps stay true.
    if not db.table("evidence").exists():
        return
    db.conn.execute(
        "update evidence set details = nullif("
        "json_remove(details, '$.passage_id', '$.passage_ids'), '{}') "
        "where capture_id = ? and json_valid(details) "
        "and (json_extract(details, '$.passage_id') is not null "
        "or json_extract(details, '$.passage_ids') is not null)",
        [capture_id],
    )


def stored_passages(db: sqlite_utils.Database, capture_id: int) -> list[StoredPassage]:
    """A capture's stored passages in text order."""
    sql = f"select id, capture_id, seq, start, [end], text from [{TABLE}] where capture_id = ?"
    return [_stored(row) for row in db.conn.execute(sql + " order by seq", [capture_id])]


def candidate_passages(
    db: sqlite_utils.Database, capture_id: int, terms: Iterable[str], limit: int
) -> list[StoredPassage]:
    """A capture's passages containing any of TERMS, best bm25 first (at most LIMIT)."""
    query = match_query(terms)
    if not query or limit <= 0:
        return []
    sql = f"""
        select p.id, p.capture_id, p.seq, p.start, p.[end], p.text, bm25([{TABLE}_fts]) as rank
        from [{TABLE}_fts] join [{TABLE}] p on p.id = [{TABLE}_fts].rowid
        where [{TABLE}_fts] match ? and p.capture_id = ?
        and [{TABLE}_fts].rowid between
            (select min(id) from [{TABLE}] where capture_id = ?)
            and (select max(id) from [{TABLE}] where capture_id = ?)
        order by rank, p.seq
        limit ?
    """
    # A capture's rows are written together, so its ids make one range: bounding the index's
    # rowids to it spares scoring every other capture's matches (bm25 still counts them all).
    arguments = [query, capture_id, capture_id, capture_id, limit]
    return [_stored(row) for row in db.conn.execute(sql, arguments)]


def match_query(terms: Iterable[str]) -> str:
    """An FTS5 query matching any of TERMS, each quoted so none is read as an operator."""
    # Inside double quotes FTS5 reads AND, NEAR, *, - and ^ as plain text; a quote is doubled.
    wanted = sorted({t for t in terms if _SEARCHABLE.search(t)})
    return " OR ".join('"' + t.replace('"', '""') + '"' for t in wanted)


def _stored(row: tuple[Any, ...]) -> StoredPassage:
    pid, capture_id, seq, start, end, text, *rank = row
    return StoredPassage(pid, capture_id, seq, Passage(text, start, end), rank[0] if rank else 0.0)
