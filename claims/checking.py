"""Checking an article's claims against the latest capture of each source they cite.

Each capture's text is stored as passages with a full-text index, which proposes the passages
a claim is compared with. Evidence notes which passage row decided, and when the source was
published and captured relative to the article.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import sqlite_utils

from archiver import RecordError, locate_warc

from .capturestate import is_successful
from .errors import StorageError
from .model import Claim, Evidence, Mention, SourceText
from .passagestore import StoredPassage, candidate_passages, store_passage_rows
from .sourcetext import capture_page_text
from .storage import save_evidence
from .verify import Ranker, aggregate_status, day_of, verify_claim

# A capture made this long after the article may no longer show what its author read.
LONG_AFTER_DAYS = 30


def _latest_captures(db: sqlite_utils.Database, source_ids: list[int]) -> list[dict[str, Any]]:
    if not source_ids:
        return []
    marks = ",".join("?" for _ in source_ids)
    sql = f"""
        select c.*, s.url as source_url from captures c join sources s on s.id = c.source_id
        where c.id in (select max(id) from captures where source_id in ({marks}) group by source_id)
        order by c.id
    """
    return list(db.query(sql, source_ids))


def _cited_source_ids(db: sqlite_utils.Database, article_id: int) -> list[int]:
    sql = (
        "select distinct source_id from claim_sources where claim_id in "
        "(select id from claims where article_id = ?) order by source_id"
    )
    return [int(row["source_id"]) for row in db.query(sql, [article_id])]


def check_warc_files(
    db: sqlite_utils.Database, article_ids: list[int], archive_dir: str | Path
) -> None:
    """Refuse to verify when a capture's WARC file is absent: the archive folder is wrong.

    Read as unavailable, every such capture would overwrite the evidence saved before.
    """
    for article_id in article_ids:
        _check_capture_files(_latest_captures(db, _cited_source_ids(db, article_id)), archive_dir)


def _check_capture_files(rows: list[dict[str, Any]], archive_dir: str | Path) -> None:
    for row in rows:
        if not is_successful(row):
            continue
        try:
            locate_warc(Path(archive_dir) / str(row["warc_file"]))
        except RecordError:
            raise StorageError(
                f"WARC file {row['warc_file']} not found in {archive_dir}: is --archive-dir right?"
            ) from None


def _source_texts(
    db: sqlite_utils.Database, archive_dir: str | Path, rows: list[dict[str, Any]]
) -> list[SourceText]:
    texts = []
    for row in rows:
        text, ok = "", is_successful(row)
        published = None
        if ok:
            try:
                _, page = capture_page_text(
                    archive_dir, str(row["warc_file"]), int(row["warc_offset"])
                )
                text, published = page.text, page.published
                if page.publisher:
                    db.table("sources").update(row["source_id"], {"publisher": page.publisher})
            except RecordError:
                ok = False
        texts.append(SourceText(int(row["id"]), str(row["source_url"]), text, ok, published))
    return texts


def _index_ranker(db: sqlite_utils.Database) -> Ranker:
    """A ranker proposing a capture's passages from the full-text index, best bm25 first."""

    def rank(capture_id: int, terms: list[str], limit: int) -> list[int]:
        return [p.seq for p in candidate_passages(db, capture_id, terms, limit)]

    return rank


def _passage_rows(stored: list[StoredPassage]) -> list[tuple[int, int, int]]:
    return [(p.id, p.passage.start, p.passage.end) for p in stored]


def _passage_notes(item: Evidence, rows: list[tuple[int, int, int]]) -> dict[str, Any]:
    """The passages rows an evidence's passage covers: one, or two read together."""
    start, end = item.details.get("start"), item.details.get("end")
    if start is None or end is None:
        return {}
    covered = [pid for pid, a, b in rows if start <= a and b <= end]
    if not covered:
        return {}
    notes: dict[str, Any] = {"passage_id": covered[0]}
    if len(covered) > 1:
        notes["passage_ids"] = covered
    return notes


def time_notes(
    article_published: str | None, source_published: str | None, captured_at: str | None
) -> dict[str, Any]:
    """When a source was published and captured, measured from the article's publication."""
    notes: dict[str, Any] = {}
    if source_published:
        notes["source_published"] = source_published
    article_day, source_day = day_of(article_published), day_of(source_published)
    captured_day = day_of(captured_at)
    if article_day is None:
        return notes
    if source_day is not None and source_day > article_day:
        # Published later, it cannot be what the article relied on; it still says what it says.
        notes["published_after_article"] = True
    if captured_day is not None:
        days = (captured_day - article_day).days
        notes["captured_days_after_article"] = days
        if days > LONG_AFTER_DAYS:
            notes["captured_long_after"] = True
    return notes


def _claim_from_row(row: dict[str, Any], mention_rows: list[dict[str, Any]]) -> Claim:
    mentions = [
        Mention(
            m["kind"],
            m["text"],
            int(m["value"]) if m["kind"] == "age" and str(m["value"]).isdigit() else m["value"],
            m["precision"],
            start=m["char_start"],
            end=m["char_end"],
            date_start=m["date_start"],
            date_end=m["date_end"],
        )
        for m in mention_rows
    ]
    return Claim(
        seq=row["seq"],
        sentence=row["sentence"],
        text=row["text"],
        kinds=json.loads(row["kinds"] or "[]"),
        mentions=mentions,
        attribution=row["attribution"],
    )


def _by_claim(db: sqlite_utils.Database, sql: str, article_id: int) -> dict[int, list[Any]]:
    """Rows of an article's claims grouped by claim id, in the order SQL gives them."""
    grouped: dict[int, list[Any]] = defaultdict(list)
    for row in db.query(sql, [article_id]):
        grouped[int(row["claim_id"])].append(row)
    return grouped


_MENTIONS_SQL = """
    select * from mentions where claim_id in (select id from claims where article_id = ?)
    order by id
"""
_SOURCE_IDS_SQL = """
    select distinct claim_id, source_id from claim_sources
    where claim_id in (select id from claims where article_id = ?) order by claim_id, source_id
"""


def verify_article(
    db: sqlite_utils.Database, article_id: int, archive_dir: str | Path
) -> Counter[str]:
    """Check every claim of an article against the latest capture of each source it cites.

    Reads the captures already archived (never fetches); running it again gives the same evidence.
    """
    all_rows = _latest_captures(db, _cited_source_ids(db, article_id))
    _check_capture_files(all_rows, archive_dir)
    texts = {t.capture_id: t for t in _source_texts(db, archive_dir, all_rows)}
    by_source = {int(r["source_id"]): texts[int(r["id"])] for r in all_rows}
    notes = _capture_notes(db, article_id, all_rows, texts)
    rank = _index_ranker(db)
    mentions = _by_claim(db, _MENTIONS_SQL, article_id)
    cited = _by_claim(db, _SOURCE_IDS_SQL, article_id)
    statuses: Counter[str] = Counter()
    for row in db.query("select * from claims where article_id = ? order by seq", [article_id]):
        source_ids = [r["source_id"] for r in cited.get(int(row["id"]), [])]
        claim = _claim_from_row(row, mentions.get(int(row["id"]), []))
        # A claim that cites nothing is checked against every source of its article; one whose
        # sources were never captured stays unchecked rather than borrowing other sources.
        if source_ids:
            sources = [by_source[s] for s in source_ids if s in by_source]
        else:
            sources = list(by_source.values())
        evidence = verify_claim(claim, sources, rank)
        for item in evidence:
            time_noted, rows = notes.get(item.capture_id, ({}, []))
            item.details.update(_passage_notes(item, rows))
            item.details.update(time_noted)
            if not source_ids:
                item.details["scope"] = "article"
        status = aggregate_status(evidence)
        with db.conn:
            save_evidence(db, int(row["id"]), evidence, status)
        statuses[status] += 1
    return statuses


def _capture_notes(
    db: sqlite_utils.Database,
    article_id: int,
    rows: list[dict[str, Any]],
    texts: dict[int, SourceText],
) -> dict[int, tuple[dict[str, Any], list[tuple[int, int, int]]]]:
    """For each capture read: its time notes and its passages rows (id, start, end), stored now."""
    article = next(db.query("select published from articles where id = ?", [article_id]), {})
    published = article.get("published")
    notes: dict[int, tuple[dict[str, Any], list[tuple[int, int, int]]]] = {}
    for row in rows:
        source = texts[int(row["id"])]
        if not source.ok:
            continue
        stored = store_passage_rows(db, source.capture_id, source.text)
        times = time_notes(published, source.published, row["fetched_at"])
        notes[source.capture_id] = (times, _passage_rows(stored))
    return notes
