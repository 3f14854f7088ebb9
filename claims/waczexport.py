"""A WACZ package of one article: its capture, its cited sources' captures, and its claims."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlite_utils

from archiver import RecordError, read_capture
from archiver.cdxj import CdxjIndex
from archiver.wacz import Page, RecordRef, WaczSummary, write_wacz

from .exports import article_rows, decoded_row
from .sourcetext import payload_metadata
from .storage import row_or_fail

CLAIMS_RESOURCE = "data/claims.json"


@dataclass(frozen=True)
class _Packaged:
    """One capture going into the package: where its record lies and the page it opens."""

    record: RecordRef
    page: Page
    hops: tuple[RecordRef, ...] = ()


def export_article_wacz(
    db: sqlite_utils.Database, archive_dir: str | Path, article_id: int, out_path: str | Path
) -> WaczSummary:
    """Package an article's capture and every capture of its cited sources as a WACZ file."""
    archive = Path(archive_dir)
    article = _article_row(db, article_id)
    rows = _article_capture_rows(db, article) + _source_capture_rows(db, article_id)
    # A row without a WARC file or offset names no record that could be packaged.
    packaged = [
        _packaged(archive, row)
        for row in rows
        if row["warc_file"] and row["warc_offset"] is not None
    ]
    records = [ref for item in packaged for ref in (*item.hops, item.record)]
    claims = json.dumps(_claims_document(db, article), indent=2, ensure_ascii=False)
    return write_wacz(
        out_path,
        records,
        [item.page for item in packaged],
        {CLAIMS_RESOURCE: (claims + "\n").encode("utf-8")},
        title=article["title"] or article["url"] or f"article {article_id}",
        description=f"The article {article['url'] or article_id}, the sources its claims "
        "cite as archived, and its claims.",
        archive_dir=archive,
    )


def _article_row(db: sqlite_utils.Database, article_id: int) -> dict[str, Any]:
    return row_or_fail(
        db,
        "articles",
        article_id,
        "article",
        missing="is not in the database: 'citevault run URL' adds it",
    )


def _article_capture_rows(
    db: sqlite_utils.Database, article: dict[str, Any]
) -> list[dict[str, Any]]:
    if article["capture_id"] is None:
        return []
    return list(db.query("select * from captures where id = ?", [article["capture_id"]]))


def _source_capture_rows(db: sqlite_utils.Database, article_id: int) -> list[dict[str, Any]]:
    """Every capture, oldest first, of every source a claim of the article cites."""
    sql = """
        select c.* from captures c
        where c.source_id in (
            select cs.source_id from claim_sources cs join claims cl on cl.id = cs.claim_id
            where cl.article_id = ?
        )
        order by c.source_id, c.fetched_at, c.id
    """
    return list(db.query(sql, [article_id]))


def _packaged(archive: Path, row: dict[str, Any]) -> _Packaged:
    """The record, redirect hops and page entry of one capture row."""
    ref = RecordRef(archive / row["warc_file"], int(row["warc_offset"]), row["warc_length"] or 0)
    url = row["final_url"] or row["requested_url"]
    ts, title = row["fetched_at"], None
    try:
        record = read_capture(archive, row["warc_file"], int(row["warc_offset"]))
    except RecordError:
        pass  # the package step reports the unreadable record; the page keeps the row's facts
    else:
        ts = record.date or ts
        title = _title_of(record.payload, record.content_type, url)
    hops = _redirect_hops(archive, row)
    return _Packaged(ref, Page(url=url, ts=ts, title=title or url), hops)


def _title_of(payload: bytes, content_type: str | None, url: str) -> str | None:
    """The page's own title, when it is an HTML page that states one."""
    return payload_metadata(payload, content_type, url).get("title") or None


def _redirect_hops(archive: Path, row: dict[str, Any]) -> tuple[RecordRef, ...]:
    """The redirect responses that led to the capture, so the cited URL replays too.

    Each hop is the last record of its URL before the final response in the same file.
    """
    hops = json.loads(row["redirects"]) if row["redirects"] else []
    index = CdxjIndex(archive)
    found = []
    for url in hops:
        earlier = [
            entry
            for entry in index.lookup(url)
            if entry.filename == row["warc_file"] and entry.offset < int(row["warc_offset"])
        ]
        if earlier:
            last = max(earlier, key=lambda entry: entry.offset)
            found.append(RecordRef(archive / last.filename, last.offset, last.length))
    return tuple(found)


def _claims_document(db: sqlite_utils.Database, article: dict[str, Any]) -> dict[str, Any]:
    """The article and its claims, each with mentions, sources and evidence, as stored."""
    rows = article_rows(db, int(article["id"]))
    sources = {row["id"]: row for row in rows["sources"]}
    captures = {row["id"]: row for row in rows["captures"]}
    claims = []
    for claim in rows["claims"]:
        mine = claim["id"]
        claims.append(
            {
                **decoded_row(claim),
                "mentions": [decoded_row(row) for row in _of_claim(rows["mentions"], mine)],
                "sources": _claim_sources(_of_claim(rows["claim_sources"], mine), sources),
                "evidence": _claim_evidence(_of_claim(rows["evidence"], mine), captures),
            }
        )
    return {"article": decoded_row(article), "claims": claims}


def _of_claim(rows: list[dict[str, Any]], claim_id: int) -> list[dict[str, Any]]:
    return [row for row in rows if row["claim_id"] == claim_id]


def _claim_sources(
    links: list[dict[str, Any]], sources: dict[int, dict[str, Any]]
) -> list[dict[str, Any]]:
    """The sources a claim cites, with how it cites each, ordered by URL."""
    cited = [
        {
            "source_id": link["source_id"],
            "url": sources[link["source_id"]]["url"],
            "publisher": sources[link["source_id"]]["publisher"],
            "via": link["via"],
            "anchor_text": link["anchor_text"],
        }
        for link in links
        if link["source_id"] in sources
    ]
    return sorted(cited, key=lambda row: (row["url"], row["via"]))


def _claim_evidence(
    evidence: list[dict[str, Any]], captures: dict[int, dict[str, Any]]
) -> list[dict[str, Any]]:
    """A claim's evidence, each with where the capture it was read from lies."""
    found = []
    for row in sorted(evidence, key=lambda row: row["capture_id"]):
        capture = captures.get(row["capture_id"])
        if capture is None:
            continue
        found.append(
            decoded_row(
                {
                    **{key: row[key] for key in _EVIDENCE_COLUMNS},
                    **{key: capture[key] for key in _CAPTURE_COLUMNS},
                }
            )
        )
    return found


_EVIDENCE_COLUMNS = ("capture_id", "status", "passage", "score", "details", "link")
_CAPTURE_COLUMNS = ("final_url", "fetched_at", "warc_file", "warc_offset")
