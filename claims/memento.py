"""Memento (RFC 7089) for the published archive: a TimeMap and a TimeGate per source URL."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote, urlsplit, urlunsplit

from datasette import Response
from datasette.utils.asgi import Request

from archiver import normalize_url

from .capturestate import is_successful, successful_sql
from .fragments import snapshot_link
from .pagekit import ROUTE_PREFIX, published_database

if TYPE_CHECKING:
    from datasette.app import Datasette
    from datasette.database import Database

LINK_FORMAT = "application/link-format"
RFC1123_EXAMPLE = "Sun, 06 Nov 1994 08:49:37 GMT"

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# RFC 7089 section 2.1.1: an Accept-Datetime value is an rfc1123-date, nothing looser.
_RFC1123 = re.compile(
    rf"(?:{'|'.join(_WEEKDAYS)}), (\d{{2}}) ({'|'.join(_MONTHS)}) (\d{{4}}) "
    r"(\d{2}):(\d{2}):(\d{2}) GMT"
)
# Proxies and browsers may fold the "//" of a URL given in a path into one slash.
_FOLDED_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):/(?!/)")
# Characters that would end or split a URI-Reference inside a Link header's angle brackets,
# and anything beyond ASCII, which a header cannot carry raw.
_LINK_UNSAFE = re.compile(r'[^\x21-\x7e]|[<>"]')
# A memento is a fetch that succeeded and left a record to replay; failures are not states.
# Each branch of the union is an indexed lookup, so no request scans the captures table.
_MEMENTO_SQL = (
    "select id, fetched_at from captures where id in ("
    "select c.id from captures c join sources s on s.id = c.source_id where s.url in ({marks}) "
    "union select id from captures where requested_url in ({marks}) "
    "union select id from captures where final_url in ({marks})"
    f") and fetched_at is not null and {successful_sql()} order by fetched_at, id"
)


@dataclass(frozen=True)
class Memento:
    """One archived state of a source: the capture that holds it and when it was fetched."""

    capture_id: int
    fetched_at: datetime


class BadAcceptDatetime(ValueError):
    """An Accept-Datetime header that is not an RFC 1123 date."""


class BadSourceUrl(ValueError):
    """A source URL in a Memento request's path that cannot be parsed."""


def routes(prefix: str) -> list[tuple[str, Any]]:
    """The TimeMap and TimeGate routes under ``prefix``; the source URL is the rest of the path."""
    return [
        (rf"^{prefix}/timemap/link/(?P<url>.+)$", timemap),
        (rf"^{prefix}/timegate/(?P<url>.+)$", timegate),
    ]


def http_date(iso: str) -> str:
    """An ISO 8601 timestamp as an RFC 1123 date in GMT, e.g. ``Sun, 06 Nov 1994 08:49:37 GMT``."""
    return _rfc1123(_parse_iso(iso))


def parse_accept_datetime(value: str) -> datetime:
    """The UTC datetime of an ``Accept-Datetime`` value; BadAcceptDatetime if it is not RFC 1123."""
    match = _RFC1123.fullmatch(value.strip())
    if match is None:
        raise BadAcceptDatetime(
            f"Accept-Datetime {value!r} is not an RFC 1123 date: send it as {RFC1123_EXAMPLE!r}."
        )
    day, month, year, hour, minute, second = match.groups()
    try:
        return datetime(
            int(year),
            _MONTHS.index(month) + 1,
            int(day),
            int(hour),
            int(minute),
            int(second),
            tzinfo=UTC,
        )
    except ValueError:
        raise BadAcceptDatetime(
            f"Accept-Datetime {value!r} names no real moment: send it as {RFC1123_EXAMPLE!r}."
        ) from None


def nearest_capture(captures: Sequence[Memento], when: datetime | None) -> Memento:
    """The memento nearest ``when`` (the latest one when ``when`` is None); earlier wins ties."""
    if not captures:
        raise ValueError("There is no capture to choose from.")
    in_time = _in_time(captures)
    if when is None:
        return in_time[-1]
    target = when if when.tzinfo else when.replace(tzinfo=UTC)
    return min(in_time, key=lambda m: abs(m.fetched_at - target))


def timemap_links(original: str, captures: Sequence[Memento], base: str) -> str:
    """The TimeMap of ``original`` in link format (RFC 7089 section 5), every memento listed.

    ``base`` is the absolute URL the plugin's routes hang from, e.g. ``http://host/-/citevault``.
    """
    in_time = _in_time(captures)
    links = [
        _link(original, 'rel="original"'),
        _link(
            _timemap_url(base, original),
            'rel="self"',
            f'type="{LINK_FORMAT}"',
            *_span(in_time),
        ),
        _link(_timegate_url(base, original), 'rel="timegate"'),
    ]
    for position, memento in enumerate(in_time):
        links.append(_memento_link(base, memento, _memento_rel(position, len(in_time))))
    return ",\n".join(links) + "\n"


async def timemap(datasette: Datasette, request: Request) -> Response:
    """The TimeMap of the source URL in the path: every successful capture of it."""
    try:
        original, mementos = await _mementos_of(datasette, request)
    except BadSourceUrl as error:
        return Response.text(str(error), status=400)
    if not mementos:
        return _not_archived(original)
    body = timemap_links(original, mementos, _base(datasette, request))
    return Response(body, content_type=LINK_FORMAT)


async def timegate(datasette: Datasette, request: Request) -> Response:
    """A 302 to the capture of the source URL nearest the request's ``Accept-Datetime``."""
    header = request.headers.get("accept-datetime")
    try:
        when = parse_accept_datetime(header) if header is not None else None
    except BadAcceptDatetime as error:
        return Response.text(str(error), status=400, headers={"Vary": "accept-datetime"})
    try:
        original, mementos = await _mementos_of(datasette, request)
    except BadSourceUrl as error:
        return Response.text(str(error), status=400, headers={"Vary": "accept-datetime"})
    if not mementos:
        return _not_archived(original)
    chosen = nearest_capture(mementos, when)
    base = _base(datasette, request)
    in_time = _in_time(mementos)
    link = ", ".join(
        [
            _link(original, 'rel="original"'),
            _link(
                _timemap_url(base, original),
                'rel="timemap"',
                f'type="{LINK_FORMAT}"',
                *_span(in_time),
            ),
            _memento_link(base, chosen, "memento"),
        ]
    )
    headers = {"Vary": "accept-datetime", "Link": link}
    return Response.redirect(_capture_url(base, chosen.capture_id), headers=headers)


async def memento_headers(
    datasette: Datasette, request: Request, capture: dict[str, Any]
) -> dict[str, str]:
    """``Memento-Datetime`` and ``Link`` headers for a capture's snapshot, if it is a memento."""
    fetched_at = _parse_iso_or_none(capture.get("fetched_at"))
    if not is_successful(capture) or fetched_at is None:
        return {}
    original = await _original_of(published_database(datasette), capture)
    if original is None:
        return {}
    base = _base(datasette, request)
    link = ", ".join(
        [
            _link(original, 'rel="original"'),
            _link(_timegate_url(base, original), 'rel="timegate"'),
            _link(_timemap_url(base, original), 'rel="timemap"', f'type="{LINK_FORMAT}"'),
        ]
    )
    return {"Memento-Datetime": _rfc1123(fetched_at), "Link": link}


def requested_url(request: Request) -> str:
    """The source URL a Memento request names: the rest of its path, plus its query string."""
    url = request.url_vars["url"]
    if "://" not in url and "://" in unquote(url):
        # A client that percent-encoded the whole URL into one path segment.
        url = unquote(url)
    url = _FOLDED_SCHEME.sub(r"\1://", url)
    query = request.query_string
    return f"{url}?{query}" if query else url


async def _mementos_of(datasette: Datasette, request: Request) -> tuple[str, list[Memento]]:
    wanted = requested_url(request)
    try:
        canonical = normalize_url(_decoded_host(wanted))
        keys = list(dict.fromkeys([canonical, wanted, *_host_spellings(canonical)]))
    except ValueError:
        raise BadSourceUrl(
            f"{wanted!r} is not a URL that can be parsed: give the source's full address, "
            "e.g. https://example.com/page."
        ) from None
    db = published_database(datasette)
    marks = ", ".join("?" for _ in keys)
    results = await db.execute(_MEMENTO_SQL.format(marks=marks), keys * 3)
    mementos = [
        Memento(int(row["id"]), moment)
        for row in results.rows
        if (moment := _parse_iso_or_none(row["fetched_at"])) is not None
    ]
    # The sources table keys by the same normal form, so it names the original resource.
    return canonical, mementos


def _decoded_host(url: str) -> str:
    # A path carries a non-ASCII host percent-encoded; the archive stores it in Unicode.
    parts = urlsplit(url)
    if "%" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=unquote(parts.netloc)))


def _host_spellings(canonical: str) -> list[str]:
    """The URL with its host in the other IDNA spelling (Unicode or xn--), if it has one."""
    parts = urlsplit(canonical)
    host = parts.hostname or ""
    try:
        other = host.encode("idna").decode("ascii") if not host.isascii() else host
        if other == host and "xn--" in host:
            other = host.encode("ascii").decode("idna")
    except UnicodeError:
        return []
    if other == host:
        return []
    return [urlunsplit(parts._replace(netloc=parts.netloc.replace(host, other, 1)))]


async def _original_of(db: Database, capture: dict[str, Any]) -> str | None:
    if capture.get("source_id") is not None:
        results = await db.execute("select url from sources where id = ?", [capture["source_id"]])
        if results.rows and results.rows[0]["url"]:
            return str(results.rows[0]["url"])
    url = capture.get("requested_url") or capture.get("final_url")
    if not isinstance(url, str) or not url:
        return None
    try:
        return normalize_url(url)
    except ValueError:
        return None


def _not_archived(original: str) -> Response:
    # Raising NotFound would let Datasette turn the 404 into a redirect for URLs ending in "/".
    message = f"No successful capture of {original} is archived here: archive it, then ask again."
    return Response.text(message, status=404)


def _base(datasette: Datasette, request: Request) -> str:
    return str(datasette.absolute_url(request, datasette.urls.path(ROUTE_PREFIX)))


def _in_time(captures: Sequence[Memento]) -> list[Memento]:
    return sorted(captures, key=lambda m: (m.fetched_at, m.capture_id))


def _memento_rel(position: int, count: int) -> str:
    first, last = position == 0, position == count - 1
    if first and last:
        return "first last memento"
    if first:
        return "first memento"
    return "last memento" if last else "memento"


def _memento_link(base: str, memento: Memento, rel: str) -> str:
    url = _capture_url(base, memento.capture_id)
    return _link(url, f'rel="{rel}"', f'datetime="{_rfc1123(memento.fetched_at)}"')


def _span(in_time: Sequence[Memento]) -> list[str]:
    if not in_time:
        return []
    first, last = in_time[0].fetched_at, in_time[-1].fetched_at
    return [f'from="{_rfc1123(first)}"', f'until="{_rfc1123(last)}"']


def _link(url: str, *params: str) -> str:
    return "; ".join([f"<{_link_safe(url)}>", *params])


def _link_safe(url: str) -> str:
    return _LINK_UNSAFE.sub(lambda m: quote(m.group(), safe=""), url)


def _timemap_url(base: str, original: str) -> str:
    return f"{base}/timemap/link/{original}"


def _timegate_url(base: str, original: str) -> str:
    return f"{base}/timegate/{original}"


def _capture_url(base: str, capture_id: int) -> str:
    # BASE ends with the route prefix, which the snapshot link adds again.
    return snapshot_link(base.removesuffix(ROUTE_PREFIX), capture_id, None)


def _rfc1123(moment: datetime) -> str:
    return format_datetime(moment.astimezone(UTC), usegmt=True)


def _parse_iso(iso: str) -> datetime:
    moment = datetime.fromisoformat(iso.strip())
    # Captures are stamped in UTC; a stamp without an offset is read as UTC too.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _parse_iso_or_none(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return _parse_iso(value)
    except ValueError:
        return None
