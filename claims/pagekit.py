"""What the publication's pages share: the published database, ids from URLs, safe links."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from datasette.utils.asgi import NotFound, Request

# Kept in a module free of datasette so the CLI can build links without loading it.
from .routes import PLUGIN_NAME as PLUGIN_NAME
from .routes import ROUTE_PREFIX as ROUTE_PREFIX

if TYPE_CHECKING:
    # Datasette loads the plugin while datasette.app is still being imported.
    from datasette.app import Datasette
    from datasette.database import Database

PAGE_KINDS = ("claim", "article", "capture")

_ID_PATTERN = re.compile(r"[0-9]{1,18}")
_CSS_WORD = re.compile(r"[^a-z0-9_-]")


def published_database_name(datasette: Datasette) -> str | None:
    """The name of the published citevault database, as configured; None when none is."""
    # Never guessed from the databases served: a plain Datasette with this plugin installed
    # must not turn an unrelated database's claim_id cells into citevault links.
    configured = (datasette.plugin_config(PLUGIN_NAME) or {}).get("database")
    return str(configured) if configured else None


def published_database(datasette: Datasette) -> Database:
    """The published citevault database; a 404 when none is served."""
    name = published_database_name(datasette)
    if name is None or name not in datasette.databases:
        raise NotFound("No citevault database is published here.")
    return datasette.get_database(name)


def id_from(request: Request, what: str) -> int:
    """The whole-number id of the page's URL; a 404 naming WHAT for anything else."""
    raw = request.url_vars["id"]
    if not _ID_PATTERN.fullmatch(raw):
        raise NotFound(f"{what} id must be a whole number, not {raw!r}.")
    return int(raw)


async def requested_row(
    datasette: Datasette, request: Request, table: str, what: str
) -> tuple[Database, dict[str, Any]]:
    """The published database and the row of TABLE whose id the route names; 404 if absent."""
    row_id = id_from(request, what)
    db = published_database(datasette)
    row = await first(db, f"select * from [{table}] where id = ?", [row_id])
    if row is None:
        raise NotFound(f"{what} {row_id} does not exist.")
    return db, row


async def first(db: Database, sql: str, params: list[Any]) -> dict[str, Any] | None:
    """The first row SQL returns, as a dict, or None."""
    found = await rows(db, sql, params)
    return found[0] if found else None


async def rows(db: Database, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    """Every row SQL returns, as dicts."""
    results = await db.execute(sql, params)
    return [dict(row) for row in results.rows]


def page_url(datasette: Datasette, kind: str, item_id: int) -> str:
    """The path of one of the plugin's pages: claim, article or capture (the snapshot)."""
    return str(datasette.urls.path(f"{ROUTE_PREFIX}/{kind}/{int(item_id)}"))


def page_urls(datasette: Datasette) -> dict[str, Callable[[int], str]]:
    """For templates: a function per page kind, from an id to the page's path."""

    def page(kind: str) -> Callable[[int], str]:
        return lambda item_id: page_url(datasette, kind, item_id)

    return {kind: page(kind) for kind in PAGE_KINDS}


def snapshot_path(datasette: Datasette, capture: dict[str, Any]) -> str | None:
    """The snapshot page of a capture that archived something; None for a failed one."""
    if not capture.get("warc_file") or capture.get("id") is None:
        return None
    return page_url(datasette, "capture", int(capture["id"]))


def json_value(value: Any) -> Any:
    """VALUE parsed when it is a JSON string (None when it is not JSON); anything else as is."""
    if not isinstance(value, str):
        return value
    try:
        return json.loads(value)
    except ValueError:
        return None


def kinds_of(value: Any) -> list[str]:
    """A claim's kinds column as a list of words; empty for anything but a JSON list."""
    kinds = json_value(value)
    return [str(kind) for kind in kinds] if isinstance(kinds, list) else []


def web_url(url: Any) -> str | None:
    """URL when it is a web link; None otherwise, so a javascript: or data: URL stays inert text."""
    if isinstance(url, str) and url.lower().startswith(("http://", "https://")):
        return url
    return None


def css_word(value: Any) -> str:
    """VALUE reduced to a safe CSS class word (status, kind)."""
    return _CSS_WORD.sub("", str(value or "").lower()) or "unknown"
