"""The claim page: its sentence and mentions, sources, captures, evidence, reviews, citations."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from datasette import Response
from datasette.utils.asgi import Request

from .capturestate import is_successful
from .citeformats import FORMATS, Citable, cite
from .marking import date_interval, mark_mentions, mention_title
from .pagekit import (
    ROUTE_PREFIX,
    first,
    json_value,
    kinds_of,
    page_urls,
    requested_row,
    rows,
    snapshot_path,
    web_url,
)

if TYPE_CHECKING:
    from datasette.app import Datasette
    from datasette.database import Database

# A verdict's details in reading order, with the label the page gives each.
VERDICT_FIELDS = (
    ("outcome", "outcome"),
    ("negated", "negated"),
    ("subject", "subject"),
    ("object", "object"),
    ("authority", "authority"),
    ("date", "date"),
)
FORMAT_LABELS = {
    "robustlinks": "Robust Links (HTML)",
    "csl-json": "CSL-JSON",
    "bibtex": "BibTeX",
    "wikipedia": "Wikipedia ({{cite web}})",
    "apa": "APA",
    "chicago": "Chicago",
    "mla": "MLA",
    "bluebook": "Bluebook",
}
# Evidence details the page shows in their own way (lists, warnings) or that only locate the
# passage in the capture's text.
_SHOWN_APART = {
    "matched", "missing", "conflicts", "start", "end", "passage_id", "passage_ids", "scope",
    "source_published", "published_after_article", "captured_days_after_article",
    "captured_long_after",
}  # fmt: skip


async def claim_page(datasette: Datasette, request: Request) -> Response:
    """One claim: its sentence with mentions marked, status, sources, captures and evidence."""
    db, claim = await requested_row(datasette, request, "claims", "Claim")
    claim_id = int(claim["id"])
    article = await first(
        db,
        "select id, url, title, author, publisher, published from articles where id = ?",
        [claim["article_id"]],
    )
    mentions = [_mention(m) for m in await _mentions(db, claim_id)]
    sources = await _claim_sources(datasette, db, claim_id)
    reviews = await rows(db, "select * from reviews where claim_id = ? order by id", [claim_id])
    context = {
        "claim": claim,
        "kinds": kinds_of(claim["kinds"]),
        "article": article,
        "sentence_html": mark_mentions(claim["sentence"] or "", mentions),
        "mentions": mentions,
        "sources": sources,
        "evidence": await _claim_evidence(datasette, db, claim_id),
        "review": reviews[-1] if reviews else None,
        "reviews": reviews,
        "citations": _citations(datasette, request, claim, sources),
        "database": db.name,
        "page_urls": page_urls(datasette),
    }
    html = await datasette.render_template("citevault_claim.html", context, request=request)
    return Response.html(html)


async def _mentions(db: Database, claim_id: int) -> list[dict[str, Any]]:
    return await rows(
        db,
        "select id, kind, text, value, precision, date_start, date_end, char_start, char_end, "
        "entity_id, details from mentions where claim_id = ? order by id",
        [claim_id],
    )


def _mention(mention: dict[str, Any]) -> dict[str, Any]:
    details = _json_object(mention.get("details"))
    return {
        **mention,
        "title": mention_title(mention),
        "interval": date_interval(mention),
        "verdict": _verdict_details(details) if mention.get("kind") == "verdict" else [],
    }


def _verdict_details(details: dict[str, Any]) -> list[tuple[str, str]]:
    shown = []
    for key, label in VERDICT_FIELDS:
        value = details.get(key)
        if key == "negated":
            shown.append((label, "yes" if value else "no"))
        elif value not in (None, ""):
            shown.append((label, _readable(value)))
    return shown


async def _claim_sources(datasette: Datasette, db: Database, claim_id: int) -> list[dict[str, Any]]:
    sources = await rows(
        db,
        "select s.id, s.url, s.publisher, cs.via, cs.anchor_text from claim_sources cs "
        "join sources s on s.id = cs.source_id where cs.claim_id = ? order by s.id, cs.via",
        [claim_id],
    )
    captures = await rows(
        db,
        "select id, source_id, requested_url, final_url, status_code, fetched_at, "
        "payload_sha256, payload_sha1, content_type, error, error_kind, warc_file, warc_offset "
        "from captures "
        "where source_id in (select source_id from claim_sources where claim_id = ?) "
        "order by fetched_at desc, id desc",
        [claim_id],
    )
    for capture in captures:
        capture["snapshot_url"] = snapshot_path(datasette, capture)
        capture["archived"] = is_successful(capture)
    for source in sources:
        source["href"] = web_url(source["url"])
        source["captures"] = [c for c in captures if c["source_id"] == source["id"]]
    return sources


async def _claim_evidence(
    datasette: Datasette, db: Database, claim_id: int
) -> list[dict[str, Any]]:
    evidence = await rows(
        db,
        "select e.capture_id, e.status, e.passage, e.score, e.details, e.link, c.final_url, "
        "c.requested_url, c.fetched_at, c.warc_file from evidence e "
        "left join captures c on c.id = e.capture_id where e.claim_id = ? "
        "order by e.score desc, e.capture_id",
        [claim_id],
    )
    for item in evidence:
        details = _json_object(item["details"])
        item["snapshot_url"] = snapshot_path(datasette, {"id": item["capture_id"], **item})
        item["passage_url"] = _passage_url(datasette, item)
        item["matched"] = [_matched(m) for m in _json_list(details.get("matched"))]
        item["missing"] = [_missing(m) for m in _json_list(details.get("missing"))]
        item["conflicts"] = [_conflict(m) for m in _json_list(details.get("conflicts"))]
        item["warnings"] = time_warnings(details)
        item["notes"] = _evidence_notes(details)
    return evidence


def _passage_url(datasette: Datasette, item: dict[str, Any]) -> str | None:
    # The stored link is the snapshot's path with a text fragment: the page must be served,
    # and the link must stay on it ("//host/x" would leave the site).
    link = item.get("link")
    if not link or not item.get("snapshot_url"):
        return None
    if not str(link).startswith(f"{ROUTE_PREFIX}/capture/"):
        return None
    return str(datasette.urls.path(str(link)))


def time_warnings(details: dict[str, Any]) -> list[str]:
    """Warnings about when a source was published and captured, relative to the article."""
    warnings = []
    if details.get("published_after_article"):
        when = details.get("source_published") or "at a later date"
        warnings.append(
            f"The source was published {when}, after the article: the article cannot have "
            "relied on this version of it."
        )
    if details.get("captured_long_after"):
        days = details.get("captured_days_after_article")
        after = f"{days} days" if isinstance(days, int) else "long"
        warnings.append(
            f"Captured {after} after the article was published: the page may have changed "
            "since the article cited it."
        )
    return warnings


def _evidence_notes(details: dict[str, Any]) -> list[tuple[str, str]]:
    notes = []
    if details.get("scope") == "article":
        notes.append(("checked against", "every source of the article (the claim cites none)"))
    if details.get("source_published"):
        notes.append(("source published", _readable(details["source_published"])))
    days = details.get("captured_days_after_article")
    if isinstance(days, int):
        notes.append(("captured", f"{days} days after the article"))
    notes.extend((key, _readable(v)) for key, v in details.items() if key not in _SHOWN_APART)
    return notes


def _matched(item: Any) -> str:
    if not isinstance(item, dict):
        return _readable(item)
    return f"{item.get('kind', 'term')}: {_quoted(item.get('claim'))} in the claim, " + (
        f"{_quoted(item.get('source'))} in the source"
    )


def _missing(item: Any) -> str:
    if not isinstance(item, dict):
        return _readable(item)
    return f"{item.get('kind', 'term')}: {_quoted(item.get('claim'))} not found in the source"


def _conflict(item: Any) -> str:
    if not isinstance(item, dict):
        return _readable(item)
    return (
        f"{item.get('kind', 'term')}: the claim says {_quoted(item.get('claim'))}, "
        f"the source says {_quoted(item.get('source'))}"
    )


def _citations(
    datasette: Datasette, request: Request, claim: dict[str, Any], sources: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    citations = []
    for source in sources:
        for capture in source["captures"]:
            if not capture["archived"]:
                continue
            snapshot = datasette.absolute_url(request, capture["snapshot_url"])
            item = Citable(
                url=source["url"],
                captured_at=capture["fetched_at"] or "",
                snapshot_url=snapshot,
                publisher=source["publisher"],
                live=True,
                quote=claim["sentence"],
            )
            formats = _formats(item)
            if formats:
                citations.append({"capture": capture, "url": source["url"], "formats": formats})
    return citations


def _formats(item: Citable) -> list[tuple[str, str, str]]:
    try:
        return [(fmt, FORMAT_LABELS.get(fmt, fmt), cite(item, fmt)) for fmt in FORMATS]
    except ValueError:
        return []  # a capture time that is no date: nothing can be cited honestly


def _json_object(value: Any) -> dict[str, Any]:
    parsed = json_value(value)
    return parsed if isinstance(parsed, dict) else {}


def _json_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _quoted(value: Any) -> str:
    return f"\u201c{_readable(value)}\u201d"


def _readable(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return ", ".join(_readable(v) for v in value)
    return json.dumps(value, ensure_ascii=False)
