"""Checking an article's claims against the latest capture of each source they cite."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import sqlite_utils

from archiver import RecordError

from .model import Claim, Mention, SourceText
from .sourcetext import capture_page_text
from .storage import save_evidence
from .verify import aggregate_status, verify_claim


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


def _source_texts(
    db: sqlite_utils.Database, archive_dir: str | Path, rows: list[dict[str, Any]]
) -> list[SourceText]:
    texts = []
    for row in rows:
        text, ok = "", row["error"] is None and row["warc_file"] is not None
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


def _claim_from_row(db: sqlite_utils.Database, row: dict[str, Any]) -> Claim:
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
        for m in db.query("select * from mentions where claim_id = ? order by id", [row["id"]])
    ]
    return Claim(
        seq=row["seq"],
        sentence=row["sentence"],
        text=row["text"],
        kinds=json.loads(row["kinds"] or "[]"),
        mentions=mentions,
        attribution=row["attribution"],
    )


def verify_article(
    db: sqlite_utils.Database, article_id: int, archive_dir: str | Path
) -> Counter[str]:
    """Check every claim of an article against the latest capture of each source it cites."""
    cited = {
        row["source_id"]
        for row in db.query(
            "select source_id from claim_sources where claim_id in "
            "(select id from claims where article_id = ?)",
            [article_id],
        )
    }
    all_rows = _latest_captures(db, sorted(cited))
    texts = {t.capture_id: t for t in _source_texts(db, archive_dir, all_rows)}
    by_source = {int(r["source_id"]): texts[int(r["id"])] for r in all_rows}
    statuses: Counter[str] = Counter()
    for row in db.query("select * from claims where article_id = ? order by seq", [article_id]):
        source_ids = [
            r["source_id"]
            for r in db.query(
                "select distinct source_id from claim_sources where claim_id = ?", [row["id"]]
            )
        ]
        claim = _claim_from_row(db, row)
        # A claim that cites nothing is checked against every source of its article.
        sources = [by_source[s] for s in source_ids if s in by_source] or list(by_source.values())
        evidence = verify_claim(claim, sources)
        if not source_ids:
            for item in evidence:
                item.details["scope"] = "article"
        status = aggregate_status(evidence)
        with db.conn:
            save_evidence(db, int(row["id"]), evidence, status)
        statuses[status] += 1
    return statuses
