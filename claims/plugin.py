"""The Datasette plugin: archived snapshot, claim and article pages, and friendlier table cells."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from datasette import Response
from datasette import hookimpl as _untyped_hookimpl
from datasette.utils.asgi import NotFound, Request
from jinja2 import ChoiceLoader, Environment, FileSystemLoader
from markupsafe import Markup

import archiver
from archiver.media import is_html

from . import memento
from .claimpage import claim_page
from .marking import highlight_claims, mark_mentions
from .pagekit import (
    PLUGIN_NAME,
    ROUTE_PREFIX,
    kinds_of,
    page_url,
    page_urls,
    published_database_name,
    requested_row,
    rows,
    web_url,
)

if TYPE_CHECKING:
    # Datasette loads this module while datasette.app is still being imported.
    from datasette.app import Datasette

__all__ = [
    "PLUGIN_NAME",
    "ROUTE_PREFIX",
    "SNAPSHOT_CSP",
    "SNAPSHOT_HEADERS",
    "article_page",
    "capture_snapshot",
    "claim_page",
    "highlight_claims",
    "mark_mentions",
]

_Hook = TypeVar("_Hook", bound=Callable[..., Any])
# Datasette ships no type hints; the marker hands back the function it marks, unchanged.
_hookimpl: Callable[[_Hook], _Hook] = _untyped_hookimpl

SNAPSHOT_CSP = "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'"
SNAPSHOT_HEADERS = {
    "content-security-policy": SNAPSHOT_CSP,
    "x-content-type-options": "nosniff",
}
# In the results of a query (canned or not), these columns hold ids the plugin has pages for,
# or rows Datasette shows.
_QUERY_PAGE_COLUMNS = {"claim_id": "claim", "article_id": "article"}
_QUERY_ROW_COLUMNS = {"capture_id": "captures", "source_id": "sources"}

_App = Callable[[dict[str, Any], Any, Any], Awaitable[None]]
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_READ_ONLY = Response.text(
    "This publication is read-only: it answers GET and HEAD requests only.\n",
    status=405,
    headers={"allow": "GET, HEAD, OPTIONS"},
)

_TEMPLATES_DIR = Path(__file__).parent / "templates"
_BODY_TAG = re.compile(rb"<body\b[^>]*>", re.IGNORECASE)
_UNSAFE_HEADER_CHARS = re.compile(r"[\x00-\x1f\x7f]")


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
def register_facet_classes() -> list[type]:
    """The claims' kinds facet, counted from an index instead of every claim's JSON list."""
    # Imported here: datasette.facets needs datasette.app, still loading when this module is.
    from .kindsfacet import ClaimKindsFacet

    return [ClaimKindsFacet]


@_hookimpl
def asgi_wrapper(datasette: Datasette) -> Callable[[_App], _App]:
    """Refuse every request but GET, HEAD and OPTIONS when serving a citevault publication."""

    def wrap(app: _App) -> _App:
        async def read_only(scope: dict[str, Any], receive: Any, send: Any) -> None:
            # Only a publication made by make_datasette names its database: a plain Datasette
            # that merely has this plugin installed keeps its own rules.
            published = published_database_name(datasette)
            if published and scope["type"] == "http" and scope["method"] not in _SAFE_METHODS:
                await _READ_ONLY.asgi_send(send)
                return
            await app(scope, receive, send)

        return read_only

    return wrap


@_hookimpl
def filters_from_request(request: Request, database: str, table: str, datasette: Datasette) -> Any:
    """On the claims table, ``?_kind=date`` keeps the claims of that kind (repeat for several)."""
    if table != "claims" or database != published_database_name(datasette):
        return None
    from datasette.filters import FilterArguments

    from .kindsfacet import kinds_filter

    clauses, params, descriptions = kinds_filter(request)
    return FilterArguments(clauses, params, descriptions) if clauses else None


@_hookimpl
def prepare_jinja2_environment(env: Environment, datasette: Datasette) -> None:
    """Make the plugin's templates loadable, after any the site or Datasette provide."""
    # A plugin that is a module rather than a package gets no templates folder from Datasette.
    if env.loader is not None:
        env.loader = ChoiceLoader([env.loader, FileSystemLoader(str(_TEMPLATES_DIR))])


@_hookimpl
def prepare_connection(conn: Any, database: str, datasette: Datasette) -> None:
    """Make every connection to the published citevault database refuse writes."""
    if database == published_database_name(datasette):
        conn.execute("PRAGMA query_only = 1")


@_hookimpl
def render_cell(
    row: Any, value: Any, column: str, table: str | None, database: str, datasette: Datasette
) -> Markup | str | None:
    """Show claim kinds as a list, and link claims, articles and captures to their pages."""
    if database != published_database_name(datasette):
        return None
    if table is None:
        return _query_cell(datasette, database, column, value)
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
    _, capture = await requested_row(datasette, request, "captures", "Capture")
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


async def article_page(datasette: Datasette, request: Request) -> Response:
    """One article's text with each claim's sentence highlighted by status and linked."""
    db, article = await requested_row(datasette, request, "articles", "Article")
    article_id = int(article["id"])
    claims = await rows(
        db,
        "select id, seq, sentence, status from claims where article_id = ? order by seq, id",
        [article_id],
    )
    urls = page_urls(datasette)
    context = {
        "article": article,
        "article_href": web_url(article["url"]),
        "text_html": highlight_claims(article["text"] or "", claims, urls["claim"]),
        "claims": claims,
        "status_counts": _status_counts(claims),
        "database": db.name,
        "page_urls": urls,
    }
    html = await datasette.render_template("citevault_article.html", context, request=request)
    return Response.html(html)


class _UnreadableSnapshot(Exception):
    """The capture's WARC record is there but cannot be shown as the archived response."""


def _archived_record(datasette: Datasette, capture: dict[str, Any]) -> archiver.ArchivedRecord:
    capture_id, warc_file, offset = capture["id"], capture["warc_file"], capture["warc_offset"]
    if not warc_file or offset is None:
        reason = capture["error"] or "nothing was archived"
        raise NotFound(f"Capture {capture_id} has no archived snapshot: {reason}")
    root = _archive_dir(datasette)
    warc_path = _warc_path(root, warc_file)
    if warc_path is None:
        raise NotFound(f"Capture {capture_id} names a WARC file outside the archive folder.")
    try:
        archiver.locate_warc(warc_path)  # only to tell a missing file from an unreadable one
    except archiver.RecordError:
        raise NotFound(
            f"WARC file {warc_file} of capture {capture_id} is missing from the archive folder."
        ) from None
    try:
        record = archiver.read_capture(root, warc_file, int(offset))
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
    live = web_url(url)
    link = Markup('<a href="{}" style="color:#0645ad">live page</a>').format(live) if live else None
    notes = [Markup("captured {}").format(record.date or capture["fetched_at"])]
    if capture["payload_sha256"]:
        notes.append(Markup("sha256 <code>{}</code>").format(capture["payload_sha256"]))
    status = record.status_code or capture["status_code"]
    if status:
        notes.append(Markup("HTTP {}").format(status))
    if capture["error"]:
        notes.append(Markup("capture error: {}").format(capture["error"]))
    if link is not None:
        notes.append(link)
    record_url = datasette.urls.row(
        published_database_name(datasette), "captures", str(capture["id"])
    )
    notes.append(Markup('<a href="{}" style="color:#0645ad">capture record</a>').format(record_url))
    html = Markup(
        '<div id="citevault-banner" style="display:block;margin:0;padding:6px 10px;'
        "background:#fff4cc;color:#222;border-bottom:2px solid #c9a400;"
        'font:14px/1.4 sans-serif;text-align:left">'
        "Archived copy of <strong>{}</strong> &middot; {}</div>"
    ).format(url, Markup(" &middot; ").join(notes))
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


def _warc_path(root: Path, warc_file: str) -> Path | None:
    path = (root / warc_file).resolve()
    # The row names the file; it must not lead outside the archive folder.
    return path if path.is_relative_to(root) else None


def _query_cell(datasette: Datasette, database: str, column: str, value: Any) -> Markup | None:
    if not isinstance(value, int) or isinstance(value, bool):
        return None
    if column in _QUERY_PAGE_COLUMNS:
        url = page_url(datasette, _QUERY_PAGE_COLUMNS[column], value)
    elif column in _QUERY_ROW_COLUMNS:
        url = datasette.urls.row(database, _QUERY_ROW_COLUMNS[column], str(value))
    else:
        return None
    return Markup('<a href="{}">{}</a>').format(url, value)


def _link_cell(datasette: Datasette, row: Any, kind: str, label: Any) -> Markup | None:
    try:
        row_id = row["id"]
    except (IndexError, KeyError):
        return None
    if row_id is None or label in (None, ""):
        return None
    return Markup('<a href="{}">{}</a>').format(page_url(datasette, kind, int(row_id)), label)


def _kinds_list(value: Any) -> str | None:
    kinds = kinds_of(value)
    return ", ".join(kinds) if kinds else None


def _status_counts(claims: Sequence[dict[str, Any]]) -> list[tuple[str, int]]:
    counts: dict[str, int] = {}
    for claim in claims:
        status = claim.get("status") or "unchecked"
        counts[status] = counts.get(status, 0) + 1
    return sorted(counts.items())


async def _error_page(
    datasette: Datasette, request: Request, message: str, status: int
) -> Response:
    context = {"ok": False, "error": message, "status": status, "title": None}
    html = await datasette.render_template("error.html", context, request=request)
    return Response.html(html, status=status)
