"""The Datasette plugin: archived snapshot, claim and article pages, and friendlier table cells."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from datasette import Response
from datasette import hookimpl as _untyped_hookimpl
from datasette.utils.asgi import NotFound, Request
from jinja2 import ChoiceLoader, Environment, FileSystemLoader
from markupsafe import Markup, escape

import archiver
from archiver.media import is_html

from . import memento

if TYPE_CHECKING:
    # Datasette loads this module while datasette.app is still being imported.
    from datasette.app import Datasette
    from datasette.database import Database

_Hook = TypeVar("_Hook", bound=Callable[..., Any])
# Datasette ships no type hints; the marker hands back the function it marks, unchanged.
_hookimpl: Callable[[_Hook], _Hook] = _untyped_hookimpl

PLUGIN_NAME = "citevault"
SNAPSHOT_CSP = "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'"
SNAPSHOT_HEADERS = {
    "content-security-policy": SNAPSHOT_CSP,
    "x-content-type-options": "nosniff",
}
ROUTE_PREFIX = "/-/citevault"

_TEMPLATES_DIR = Path(__file__).parent / "templates"
_ID_PATTERN = re.compile(r"[0-9]{1,18}")
_BODY_TAG = re.compile(rb"<body\b[^>]*>", re.IGNORECASE)
_UNSAFE_HEADER_CHARS = re.compile(r"[\x00-\x1f\x7f]")
_CSS_WORD = re.compile(r"[^a-z0-9_-]")


@dataclass
class _Span:
    """A stretch of text to wrap in markup: [start, end) and what to wrap it with."""

    start: int
    end: int
    item: dict[str, Any]


@_hookimpl
def register_routes(datasette: Datasette) -> list[tuple[str, Any]]:
    """The snapshot, claim and article pages, and Memento TimeMaps and TimeGates."""
    return [
        (rf"^{ROUTE_PREFIX}/capture/(?P<id>[^/]+)$", capture_snapshot),
        (rf"^{ROUTE_PREFIX}/claim/(?P<id>[^/]+)$", claim_page),
        (rf"^{ROUTE_PREFIX}/article/(?P<id>[^/]+)$", article_page),
        *memento.routes(ROUTE_PREFIX),
    ]


@_hookimpl
def prepare_jinja2_environment(env: Environment, datasette: Datasette) -> None:
    """Make the plugin's templates loadable, after any the site or Datasette provide."""
    # A plugin that is a module rather than a package gets no templates folder from Datasette.
    if env.loader is not None:
        env.loader = ChoiceLoader([env.loader, FileSystemLoader(str(_TEMPLATES_DIR))])


@_hookimpl
def prepare_connection(conn: Any, database: str, datasette: Datasette) -> None:
    """Make every connection to the published citevault database refuse writes."""
    if database == (datasette.plugin_config(PLUGIN_NAME) or {}).get("database"):
        conn.execute("PRAGMA query_only = 1")


@_hookimpl
def render_cell(
    row: Any, value: Any, column: str, table: str | None, database: str, datasette: Datasette
) -> Markup | str | None:
    """Show claim kinds as a list, and link claims, articles and captures to their pages."""
    if database != _database_name(datasette):
        return None
    if table == "claims" and column == "kinds":
        return _kinds_list(value)
    if table == "claims" and column == "sentence":
        return _link_cell(datasette, row, "claim", value)
    if table == "articles" and column == "title":
        return _link_cell(datasette, row, "article", value)
    if table == "captures" and column == "warc_file" and value:
        return _link_cell(datasette, row, "capture", "snapshot")
    return None


async def capture_snapshot(datasette: Datasette, request: Request) -> Response:
    """The archived response of one capture, as it was served, under a banner if HTML."""
    capture_id = _id_from(request, "Capture")
    db = _published_database(datasette)
    capture = await _first(db, "select * from captures where id = ?", [capture_id])
    if capture is None:
        raise NotFound(f"Capture {capture_id} does not exist.")
    try:
        record = _archived_record(datasette, capture)
    except _UnreadableSnapshot as error:
        return await _error_page(datasette, request, str(error), 500)
    content_type = _content_type(record.content_type or capture["content_type"])
    body = record.payload
    if is_html(content_type, body):
        body = _insert_banner(body, _banner(datasette, capture, record), content_type)
    headers = {**SNAPSHOT_HEADERS, **await memento.memento_headers(datasette, request, capture)}
    return Response(body, headers=headers, content_type=content_type)


async def claim_page(datasette: Datasette, request: Request) -> Response:
    """One claim: its sentence with mentions marked, status, sources, captures and evidence."""
    claim_id = _id_from(request, "Claim")
    db = _published_database(datasette)
    claim = await _first(db, "select * from claims where id = ?", [claim_id])
    if claim is None:
        raise NotFound(f"Claim {claim_id} does not exist.")
    mentions = await _rows(
        db,
        "select kind, text, value, precision from mentions where claim_id = ? order by id",
        [claim_id],
    )
    context = {
        "claim": claim,
        "kinds": _kinds(claim["kinds"]),
        "article": await _first(
            db,
            "select id, url, title, publisher, published from articles where id = ?",
            [claim["article_id"]],
        ),
        "sentence_html": mark_mentions(claim["sentence"] or "", mentions),
        "mentions": mentions,
        "sources": await _claim_sources(datasette, db, claim_id),
        "evidence": await _claim_evidence(datasette, db, claim_id),
        "database": db.name,
        "page_urls": _page_urls(datasette),
    }
    html = await datasette.render_template("citevault_claim.html", context, request=request)
    return Response.html(html)


async def article_page(datasette: Datasette, request: Request) -> Response:
    """One article's text with each claim's sentence highlighted by status and linked."""
    article_id = _id_from(request, "Article")
    db = _published_database(datasette)
    article = await _first(db, "select * from articles where id = ?", [article_id])
    if article is None:
        raise NotFound(f"Article {article_id} does not exist.")
    claims = await _rows(
        db,
        "select id, seq, sentence, status from claims where article_id = ? order by seq, id",
        [article_id],
    )
    urls = _page_urls(datasette)
    context = {
        "article": article,
        "article_href": _web_url(article["url"]),
        "text_html": highlight_claims(article["text"] or "", claims, urls["claim"]),
        "claims": claims,
        "status_counts": _status_counts(claims),
        "database": db.name,
        "page_urls": urls,
    }
    html = await datasette.render_template("citevault_article.html", context, request=request)
    return Response.html(html)


def mark_mentions(sentence: str, mentions: Sequence[dict[str, Any]]) -> Markup:
    """The sentence, escaped, with each mention found in it wrapped in ``<mark>``."""
    spans = _find_spans(sentence, [(m.get("text") or "", m) for m in mentions], longest_first=True)
    return _wrap_spans(sentence, spans, _mention_markup)


def highlight_claims(
    text: str, claims: Sequence[dict[str, Any]], claim_url: Callable[[int], str]
) -> Markup:
    """The article text, escaped, with each claim's sentence linked to its page and coloured."""
    spans = _find_spans(text, [(c.get("sentence") or "", c) for c in claims], longest_first=False)

    def claim_markup(inner: Markup, claim: dict[str, Any]) -> Markup:
        return Markup('<a class="claim status-{}" href="{}" title="Claim {}: {}">{}</a>').format(
            _css_word(claim.get("status")),
            claim_url(int(claim["id"])),
            claim.get("seq"),
            claim.get("status") or "unchecked",
            inner,
        )

    return _wrap_spans(text, spans, claim_markup)


def _find_spans(
    text: str, needles: Sequence[tuple[str, dict[str, Any]]], *, longest_first: bool
) -> list[_Span]:
    # Claims come in reading order, so each is looked for after the previous one first;
    # mentions are placed longest first so "29 October 2019" wins over "2019".
    order = sorted(needles, key=lambda n: -len(n[0])) if longest_first else list(needles)
    spans: list[_Span] = []
    cursor = 0
    for needle, item in order:
        if not needle:
            continue
        start = _free_occurrence(text, needle, spans, cursor)
        if start is None and cursor:
            start = _free_occurrence(text, needle, spans, 0)
        if start is None:
            continue
        spans.append(_Span(start, start + len(needle), item))
        if not longest_first:
            cursor = start + len(needle)
    return sorted(spans, key=lambda s: s.start)


def _free_occurrence(text: str, needle: str, taken: list[_Span], start_at: int) -> int | None:
    start = text.find(needle, start_at)
    while start != -1:
        end = start + len(needle)
        if all(end <= s.start or start >= s.end for s in taken):
            return start
        start = text.find(needle, start + 1)
    return None


def _wrap_spans(
    text: str, spans: list[_Span], wrap: Callable[[Markup, dict[str, Any]], Markup]
) -> Markup:
    parts: list[Markup] = []
    position = 0
    for span in spans:
        parts.append(escape(text[position : span.start]))
        parts.append(wrap(escape(text[span.start : span.end]), span.item))
        position = span.end
    parts.append(escape(text[position:]))
    return Markup("").join(parts)


def _mention_markup(inner: Markup, mention: dict[str, Any]) -> Markup:
    title = mention.get("value")
    title = mention.get("kind") if title in (None, "") else title
    if mention.get("precision") not in (None, "", "day"):
        title = f"{title} ({mention['precision']})"
    return Markup('<mark class="mention-{}" title="{}">{}</mark>').format(
        _css_word(mention.get("kind")), title, inner
    )


async def _claim_sources(datasette: Datasette, db: Database, claim_id: int) -> list[dict[str, Any]]:
    sources = await _rows(
        db,
        "select s.id, s.url, s.publisher, cs.via, cs.anchor_text from claim_sources cs "
        "join sources s on s.id = cs.source_id where cs.claim_id = ? order by s.id, cs.via",
        [claim_id],
    )
    captures = await _rows(
        db,
        "select id, source_id, requested_url, final_url, status_code, fetched_at, "
        "payload_sha256, content_type, error, error_kind, warc_file from captures "
        "where source_id in (select source_id from claim_sources where claim_id = ?) "
        "order by fetched_at desc, id desc",
        [claim_id],
    )
    for capture in captures:
        capture["snapshot_url"] = _snapshot_url(datasette, capture)
    for source in sources:
        source["href"] = _web_url(source["url"])
        source["captures"] = [c for c in captures if c["source_id"] == source["id"]]
    return sources


async def _claim_evidence(
    datasette: Datasette, db: Database, claim_id: int
) -> list[dict[str, Any]]:
    evidence = await _rows(
        db,
        "select e.capture_id, e.status, e.passage, e.score, e.details, c.final_url, "
        "c.requested_url, c.fetched_at, c.warc_file from evidence e "
        "left join captures c on c.id = e.capture_id where e.claim_id = ? "
        "order by e.score desc, e.capture_id",
        [claim_id],
    )
    for item in evidence:
        item["snapshot_url"] = _snapshot_url(datasette, {"id": item["capture_id"], **item})
        item["details_list"] = _details_list(item["details"])
    return evidence


class _UnreadableSnapshot(Exception):
    """The capture's WARC record is there but cannot be shown as the archived response."""


def _archived_record(datasette: Datasette, capture: dict[str, Any]) -> archiver.ArchivedRecord:
    capture_id, warc_file, offset = capture["id"], capture["warc_file"], capture["warc_offset"]
    if not warc_file or offset is None:
        reason = capture["error"] or "nothing was archived"
        raise NotFound(f"Capture {capture_id} has no archived snapshot: {reason}")
    warc_path = _warc_path(datasette, warc_file)
    if warc_path is None:
        raise NotFound(f"Capture {capture_id} names a WARC file outside the archive folder.")
    try:
        warc_path = archiver.locate_warc(warc_path)
    except archiver.RecordError:
        raise NotFound(
            f"WARC file {warc_file} of capture {capture_id} is missing from the archive folder."
        ) from None
    try:
        record = archiver.read_capture(_archive_dir(datasette), warc_file, int(offset))
    except (archiver.RecordError, OSError):
        record = None
    # warcio reads stray text as an old ARC record: one with no id or URI is no WARC record.
    if record is None or not record.record_id or not record.target_uri:
        # The reader's own message names server paths and raw bytes: not for a public page.
        raise _UnreadableSnapshot(
            f"Capture {capture_id} could not be read: no readable WARC record at offset "
            f"{offset} of {warc_file}. Archive the source again."
        )
    if not _matches_digest(capture, record):
        raise _UnreadableSnapshot(
            f"Capture {capture_id} does not match its recorded sha256 digest: the record at "
            f"offset {offset} of {warc_file} is not the one archived."
        )
    return record


def _banner(
    datasette: Datasette, capture: dict[str, Any], record: archiver.ArchivedRecord
) -> bytes:
    url = record.target_uri or capture["final_url"] or capture["requested_url"] or ""
    live = _web_url(url)
    link = Markup('<a href="{}" style="color:#0645ad">{}</a>').format(live, url) if live else url
    notes = [f"sha256 {capture['payload_sha256']}"] if capture["payload_sha256"] else []
    status = record.status_code or capture["status_code"]
    if status:
        notes.append(f"HTTP {status}")
    if capture["error"]:
        notes.append(f"capture error: {capture['error']}")
    record_url = datasette.urls.row(_database_name(datasette), "captures", str(capture["id"]))
    html = Markup(
        '<div id="citevault-banner" style="display:block;margin:0;padding:6px 10px;'
        "background:#fff4cc;color:#222;border-bottom:2px solid #c9a400;"
        'font:14px/1.4 sans-serif;text-align:left">'
        "Archived copy of {} captured {} &middot; {} &middot; "
        '<a href="{}" style="color:#0645ad">capture record</a></div>'
    ).format(link, record.date or capture["fetched_at"], "; ".join(notes), record_url)
    # Character references keep the banner valid in any ASCII-compatible page encoding.
    return str(html).encode("ascii", "xmlcharrefreplace")


def _insert_banner(payload: bytes, banner: bytes, content_type: str) -> bytes:
    charset = content_type.lower().partition("charset=")[2].strip(" \"'")
    if charset.startswith(("utf-16", "utf-32")):
        return payload
    body = _BODY_TAG.search(payload)
    if body is None:
        return banner + payload
    return payload[: body.end()] + banner + payload[body.end() :]


def _matches_digest(capture: dict[str, Any], record: archiver.ArchivedRecord) -> bool:
    # A wrong offset can still parse as a record; only the digest says it is the right one.
    expected = capture["payload_sha256"]
    if not expected:
        return True
    stored = (record.raw_payload, record.payload)
    return any(hashlib.sha256(body).hexdigest() == expected.lower() for body in stored)


def _content_type(value: str | None) -> str:
    cleaned = _UNSAFE_HEADER_CHARS.sub("", value or "").strip()
    return cleaned or "application/octet-stream"


def _archive_dir(datasette: Datasette) -> Path:
    archive_dir = (datasette.plugin_config(PLUGIN_NAME) or {}).get("archive_dir")
    if not archive_dir:
        raise NotFound("No archive folder is configured: set plugins.citevault.archive_dir.")
    return Path(archive_dir).resolve()


def _warc_path(datasette: Datasette, warc_file: str) -> Path | None:
    root = _archive_dir(datasette)
    path = (root / warc_file).resolve()
    # The row names the file; it must not lead outside the archive folder.
    return path if path.is_relative_to(root) else None


def _snapshot_url(datasette: Datasette, capture: dict[str, Any]) -> str | None:
    if not capture.get("warc_file") or capture.get("id") is None:
        return None
    return str(datasette.urls.path(f"{ROUTE_PREFIX}/capture/{int(capture['id'])}"))


def _page_urls(datasette: Datasette) -> dict[str, Callable[[int], str]]:
    def page(kind: str) -> Callable[[int], str]:
        return lambda item_id: datasette.urls.path(f"{ROUTE_PREFIX}/{kind}/{int(item_id)}")

    return {kind: page(kind) for kind in ("claim", "article", "capture")}


def _link_cell(datasette: Datasette, row: Any, kind: str, label: Any) -> Markup | None:
    try:
        row_id = row["id"]
    except (IndexError, KeyError):
        return None
    if row_id is None or label in (None, ""):
        return None
    url = datasette.urls.path(f"{ROUTE_PREFIX}/{kind}/{int(row_id)}")
    return Markup('<a href="{}">{}</a>').format(url, label)


def _kinds(value: Any) -> list[str]:
    try:
        kinds = json.loads(value) if isinstance(value, str) else value
    except ValueError:
        return []
    return [str(k) for k in kinds] if isinstance(kinds, list) else []


def _kinds_list(value: Any) -> str | None:
    kinds = _kinds(value)
    return ", ".join(kinds) if kinds else None


def _details_list(value: Any) -> list[tuple[str, str]]:
    try:
        details = json.loads(value) if isinstance(value, str) else value
    except ValueError:
        return [("details", str(value))]
    if not isinstance(details, dict):
        return [] if details in (None, "") else [("details", json.dumps(details))]
    return [
        (str(k), v if isinstance(v, str) else json.dumps(v, ensure_ascii=False))
        for k, v in details.items()
    ]


def _status_counts(claims: Sequence[dict[str, Any]]) -> list[tuple[str, int]]:
    counts: dict[str, int] = {}
    for claim in claims:
        status = claim.get("status") or "unchecked"
        counts[status] = counts.get(status, 0) + 1
    return sorted(counts.items())


def _web_url(url: Any) -> str | None:
    # Only web links become hrefs: a stored javascript: or data: URL must stay inert text.
    if isinstance(url, str) and url.lower().startswith(("http://", "https://")):
        return url
    return None


def _css_word(value: Any) -> str:
    return _CSS_WORD.sub("", str(value or "").lower()) or "unknown"


def _id_from(request: Request, what: str) -> int:
    raw = request.url_vars["id"]
    if not _ID_PATTERN.fullmatch(raw):
        raise NotFound(f"{what} id must be a whole number, not {raw!r}.")
    return int(raw)


def _database_name(datasette: Datasette) -> str | None:
    configured = (datasette.plugin_config(PLUGIN_NAME) or {}).get("database")
    if configured:
        return str(configured)
    names = [name for name in datasette.databases if not name.startswith("_")]
    return str(names[0]) if len(names) == 1 else None


def _published_database(datasette: Datasette) -> Database:
    name = _database_name(datasette)
    if name is None or name not in datasette.databases:
        raise NotFound("No citevault database is published here.")
    return datasette.get_database(name)


async def _first(db: Database, sql: str, params: list[Any]) -> dict[str, Any] | None:
    rows = await _rows(db, sql, params)
    return rows[0] if rows else None


async def _rows(db: Database, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    results = await db.execute(sql, params)
    return [dict(row) for row in results.rows]


async def _error_page(
    datasette: Datasette, request: Request, message: str, status: int
) -> Response:
    context = {"ok": False, "error": message, "status": status, "title": None}
    html = await datasette.render_template("error.html", context, request=request)
    return Response.html(html, status=status)
