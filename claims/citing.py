"""What a citation names: a claim's archived sources, a source or a capture, as ``Citable`` items.

A claim's citation is the archived source(s) that back it: one citation per cited source, each
naming that source's latest successful capture. A claim that cites no source is cited by the
article it appears in, as archived. A source whose latest capture failed is cited by its latest
successful one, marked not live (a dead link).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlite_utils

from archiver import RecordError, read_capture

from .capturestate import is_successful, successful_sql
from .citeformats import Citable, cite, parse_byline
from .errors import InputError
from .fragments import snapshot_link
from .routes import ROUTE_PREFIX
from .sourcetext import payload_metadata
from .storage import row_or_fail

__all__ = [
    "BASE_URL_VARIABLE",
    "DEFAULT_BASE_URL",
    "ClaimCitation",
    "base_url",
    "cite_capture",
    "cite_claim",
    "cite_source",
    "claim_url",
    "render_citations",
    "snapshot_url",
]

BASE_URL_VARIABLE = "CITEVAULT_BASE_URL"
# Where `citevault serve` publishes by default.
DEFAULT_BASE_URL = "http://localhost:8001"


@dataclass
class ClaimCitation:
    """The citations of one claim: one per archived source, and the sources left out."""

    claim_id: int
    citables: list[Citable]
    uncaptured: list[str]
    from_article: bool = False


def base_url(explicit: str | None = None) -> str:
    """The publication's base URL: ``explicit``, else $CITEVAULT_BASE_URL, else serve's default."""
    chosen = (explicit or "").strip() or os.environ.get(BASE_URL_VARIABLE, "").strip()
    return (chosen or DEFAULT_BASE_URL).rstrip("/")


def snapshot_url(base: str, capture_id: int) -> str:
    """The address of a capture's snapshot in the publication."""
    return snapshot_link(base, capture_id, None)


def claim_url(base: str, claim_id: int) -> str:
    """The address of a claim's page in the publication."""
    return f"{base.rstrip('/')}{ROUTE_PREFIX}/claim/{claim_id}"


def cite_claim(
    db: sqlite_utils.Database, archive_dir: str | Path, claim_id: int, base: str
) -> ClaimCitation:
    """The archived sources of a claim as citables (the article itself when it cites none)."""
    claim = row_or_fail(db, "claims", claim_id, "claim", "claim ids are in the claims table")
    sql = """
        select s.* from claim_sources cs join sources s on s.id = cs.source_id
        where cs.claim_id = ? group by s.id order by min(cs.rowid)
    """
    sources = list(db.query(sql, [claim_id]))
    if not sources:
        return ClaimCitation(claim_id, [_article_citable(db, archive_dir, claim, base)], [], True)
    citables, uncaptured = [], []
    for source in sources:
        capture = _latest_successful(db, int(source["id"]))
        if capture is None:
            uncaptured.append(source["url"])
            continue
        citables.append(_citable(db, archive_dir, source, capture, base, claim["sentence"]))
    if not citables:
        raise InputError(
            f"no source of claim {claim_id} was ever captured: "
            "archive them first with 'citevault archive URL'"
        )
    return ClaimCitation(claim_id, citables, uncaptured)


def cite_source(
    db: sqlite_utils.Database, archive_dir: str | Path, source_id: int, base: str
) -> Citable:
    """A source as a citable: its latest successful capture, not live if its latest one failed."""
    source = row_or_fail(db, "sources", source_id, "source", "source ids are in the sources table")
    capture = _latest_successful(db, source_id)
    if capture is None:
        raise InputError(
            f"source {source_id} was never captured successfully: "
            f"archive it with 'citevault archive {source['url']}'"
        )
    return _citable(db, archive_dir, source, capture, base)


def cite_capture(
    db: sqlite_utils.Database, archive_dir: str | Path, capture_id: int, base: str
) -> Citable:
    """One capture as a citable; a failed capture has nothing worth citing and is refused."""
    capture = row_or_fail(
        db, "captures", capture_id, "capture", "capture ids are in the captures table"
    )
    if not is_successful(capture):
        raise InputError(
            f"capture {capture_id} failed ({capture['error'] or 'nothing was archived'}): "
            "cite a successful capture, or the source with --source ID"
        )
    source = None
    if capture["source_id"] is not None:
        source = next(db.query("select * from sources where id = ?", [capture["source_id"]]), None)
    return _citable(db, archive_dir, source or {"url": None, "publisher": None}, capture, base)


def render_citations(citables: list[Citable], fmt: str) -> str:
    """Several citations in one format: one CSL-JSON array, else one citation per paragraph.

    Keys that would clash (one author's two pages of a year) get a, b, c... as BibTeX and CSL
    processors expect of distinct works.
    """
    rendered = [cite(item, fmt) for item in citables]
    if fmt == "csl-json":
        entries = [entry for text in rendered for entry in json.loads(text)]
        for entry, key in zip(entries, _unique([e["id"] for e in entries]), strict=True):
            entry["id"] = key
        return json.dumps(entries, indent=2, ensure_ascii=False)
    if fmt == "bibtex":
        keys = [text[text.index("{") + 1 : text.index(",")] for text in rendered]
        rendered = [
            text.replace(f"{{{old},", f"{{{new},", 1)
            for text, old, new in zip(rendered, keys, _unique(keys), strict=True)
        ]
    # Multi-line entries (BibTeX) need a blank line between them; one-line styles do not.
    separator = "\n\n" if any("\n" in text for text in rendered) else "\n"
    return separator.join(rendered)


def _unique(keys: list[str]) -> list[str]:
    """The keys, those that occur more than once suffixed a, b, c... in order."""
    seen: dict[str, int] = {}
    unique = []
    for key in keys:
        if keys.count(key) == 1:
            unique.append(key)
            continue
        seen[key] = seen.get(key, 0) + 1
        unique.append(key + _letters(seen[key]))
    return unique


def _letters(number: int) -> str:
    """1 is a, 26 is z, 27 is aa: the suffixes citation keys take."""
    text = ""
    while number:
        number, rest = divmod(number - 1, 26)
        text = chr(ord("a") + rest) + text
    return text


def _citable(
    db: sqlite_utils.Database,
    archive_dir: str | Path,
    source: dict[str, Any],
    capture: dict[str, Any],
    base: str,
    quote: str | None = None,
) -> Citable:
    """What every format needs, from the article's row when the capture is an article's."""
    facts = _article_facts(db, int(capture["id"])) or _page_facts(archive_dir, capture)
    return Citable(
        url=source["url"] or capture["requested_url"] or capture["final_url"],
        captured_at=capture["fetched_at"],
        snapshot_url=snapshot_url(base, int(capture["id"])),
        title=facts.get("title"),
        publisher=facts.get("publisher") or source.get("publisher"),
        authors=parse_byline(facts.get("author")),
        published=facts.get("published"),
        live=_is_live(db, capture),
        quote=quote,
    )


def _article_citable(
    db: sqlite_utils.Database, archive_dir: str | Path, claim: dict[str, Any], base: str
) -> Citable:
    article = row_or_fail(
        db, "articles", int(claim["article_id"]), "article", "article ids are in the articles table"
    )
    if article["capture_id"] is None:
        raise InputError(
            f"claim {claim['id']} cites no source and its article was never archived: "
            f"archive it with 'citevault run {article['url']}'"
        )
    capture = row_or_fail(
        db, "captures", int(article["capture_id"]), "capture", "the article's capture is gone"
    )
    if not is_successful(capture):
        raise InputError(
            f"claim {claim['id']} cites no source and its article's capture {capture['id']} "
            f"failed ({capture['error'] or 'nothing was archived'}): "
            f"archive it again with 'citevault run {article['url']}'"
        )
    return _citable(db, archive_dir, article, capture, base, claim["sentence"])


def _article_facts(db: sqlite_utils.Database, capture_id: int) -> dict[str, Any] | None:
    """The stored metadata of the article this capture holds, if it holds one."""
    sql = "select title, author, published, publisher from articles where capture_id = ?"
    return next(db.query(sql + " order by id limit 1", [capture_id]), None)


def _page_facts(archive_dir: str | Path, capture: dict[str, Any]) -> dict[str, Any]:
    """Title, author, publisher and date the archived page states, read from its record."""
    try:
        record = read_capture(archive_dir, capture["warc_file"], int(capture["warc_offset"]))
    except (RecordError, OSError):
        return {}  # a citation without a title beats no citation: the URL still names the page
    url = capture["final_url"] or capture["requested_url"]
    return dict(payload_metadata(record.payload, record.content_type, url))


def _is_live(db: sqlite_utils.Database, capture: dict[str, Any]) -> bool | None:
    """Whether the source answered when last captured; unknown for a capture of no source."""
    if capture["source_id"] is None:
        return None
    sql = "select error from captures where source_id = ? order by fetched_at desc, id desc"
    latest = next(db.query(sql + " limit 1", [capture["source_id"]]))
    return latest["error"] is None


def _latest_successful(db: sqlite_utils.Database, source_id: int) -> dict[str, Any] | None:
    sql = f"select * from captures where source_id = ? and {successful_sql()}"
    return next(db.query(sql + " order by fetched_at desc, id desc limit 1", [source_id]), None)
