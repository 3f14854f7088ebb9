"""Memento (RFC 7089): the TimeMap and TimeGate of a source URL, and snapshots as mementos."""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from datasette.app import Datasette
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from claims.memento import (
    BadAcceptDatetime,
    Memento,
    http_date,
    nearest_capture,
    parse_accept_datetime,
    timemap_links,
)
from claims.publish import make_datasette
from claims.storage import open_database

FILING_URL = "https://records.example.org/filing?case=42&year=2021"
PLAIN_URL = "http://plain.example.net/notice"
DOWN_URL = "https://down.example/report"
BASE = "http://localhost/-/citevault"
RFC1123 = re.compile(r"[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT")
_LINK = re.compile(r'\s*<([^>]*)>((?:\s*;\s*[\w-]+="[^"]*")*)\s*(?:,|$)')
_PARAM = re.compile(r'([\w-]+)="([^"]*)"')

# (capture id, URL, fetched at, body, error kind): a dns failure left no record; a 404
# was archived but the fetch still failed. Neither is a memento.
CAPTURES = [
    (1, FILING_URL, "2021-01-10T08:00:00Z", b"<p>Filing, first version.</p>", None),
    (2, FILING_URL, "2021-03-15T12:30:00Z", b"<p>Filing, amended.</p>", None),
    (3, FILING_URL, "2021-06-01T00:00:00Z", b"<p>Filing, final.</p>", None),
    (4, FILING_URL, "2021-07-01T00:00:00Z", None, "dns"),
    (5, FILING_URL, "2021-08-01T00:00:00Z", b"<p>Not found.</p>", "http_4xx"),
    (6, PLAIN_URL, "2020-12-24T18:05:09Z", b"<p>Notice.</p>", None),
    (7, DOWN_URL, "2021-02-02T10:00:00Z", None, "timeout"),
]


def _links(text: str) -> list[tuple[str, dict[str, str]]]:
    """Link-format (RFC 6690) or a Link header, parsed into (target, parameters) pairs."""
    links, position = [], 0
    while position < len(text.rstrip()):
        match = _LINK.match(text, position)
        assert match is not None, f"not link format at {text[position:]!r}"
        links.append((match.group(1), dict(_PARAM.findall(match.group(2)))))
        position = match.end()
    return links


def _by_rel(links: list[tuple[str, dict[str, str]]], rel: str) -> list[str]:
    return [url for url, params in links if rel in params.get("rel", "").split()]


def _record(writer: WARCWriter, url: str, body: bytes, fetched_at: str, status: str) -> object:
    fields = [("Content-Type", "text/html"), ("Content-Length", str(len(body)))]
    return writer.create_warc_record(
        url,
        "response",
        payload=io.BytesIO(body),
        length=len(body),
        http_headers=StatusAndHeaders(status, fields, protocol="HTTP/1.1"),
        warc_headers_dict={"WARC-Date": fetched_at},
    )


def _capture_rows(folder: Path) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    with open(folder / "memento.warc.gz", "wb") as out:
        writer = WARCWriter(out, gzip=True)
        for capture_id, url, fetched_at, body, error_kind in CAPTURES:
            row: dict[str, object] = {
                "id": capture_id,
                "source_id": [FILING_URL, PLAIN_URL, DOWN_URL].index(url) + 1,
                "requested_url": url,
                "fetched_at": fetched_at,
                "error": f"failed: {error_kind}" if error_kind else None,
                "error_kind": error_kind,
            }
            if body is not None:
                status = "404 Not Found" if error_kind else "200 OK"
                offset = out.tell()
                writer.write_record(_record(writer, url, body, fetched_at, status))
                row.update(
                    final_url=url,
                    status_code=int(status[:3]),
                    warc_file="memento.warc.gz",
                    warc_offset=offset,
                    warc_length=out.tell() - offset,
                    payload_sha256=hashlib.sha256(body).hexdigest(),
                    content_type="text/html",
                )
            rows.append(row)
    return rows


@pytest.fixture
async def ds(tmp_path: Path) -> AsyncIterator[Datasette]:
    folder = tmp_path / "archive"
    folder.mkdir()
    path = tmp_path / "citevault.db"
    db = open_database(path)
    db["sources"].insert_all(
        [{"id": 1, "url": FILING_URL}, {"id": 2, "url": PLAIN_URL}, {"id": 3, "url": DOWN_URL}]
    )
    db["captures"].insert_all(_capture_rows(folder), alter=True)
    db.close()
    datasette = make_datasette(path, folder)
    await datasette.invoke_startup()
    yield datasette
    datasette.get_database("citevault").close()


def _moment(iso: str) -> datetime:
    return datetime.fromisoformat(iso)


MEMENTOS = [Memento(c[0], _moment(c[2])) for c in CAPTURES[:3]]


# Pure helpers


def test_http_date_is_rfc_1123_in_gmt() -> None:
    assert http_date("1994-11-06T08:49:37Z") == "Sun, 06 Nov 1994 08:49:37 GMT"
    assert http_date("2021-03-15T14:30:00+02:00") == "Mon, 15 Mar 2021 12:30:00 GMT"
    assert http_date("2021-03-15T12:30:00") == "Mon, 15 Mar 2021 12:30:00 GMT"


def test_accept_datetime_is_read_as_utc() -> None:
    assert parse_accept_datetime("Sun, 06 Nov 1994 08:49:37 GMT") == datetime(
        1994, 11, 6, 8, 49, 37, tzinfo=UTC
    )


@pytest.mark.parametrize(
    "value",
    [
        "yesterday",
        "1994-11-06T08:49:37Z",
        "Sunday, 06-Nov-94 08:49:37 GMT",
        "Sun Nov  6 08:49:37 1994",
        "Sun, 06 Nov 1994 08:49:37 +0000",
        "Mon, 30 Feb 2021 00:00:00 GMT",
        "",
    ],
)
def test_accept_datetime_must_be_rfc_1123(value: str) -> None:
    with pytest.raises(BadAcceptDatetime, match="send it as 'Sun, 06 Nov 1994 08:49:37 GMT'"):
        parse_accept_datetime(value)


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        ("2021-03-14T00:00:00+00:00", 2),
        ("2021-03-16T00:00:00+00:00", 2),
        ("2021-02-10T00:00:00+00:00", 1),
        ("2021-02-13T00:00:00+00:00", 2),
        ("1999-01-01T00:00:00+00:00", 1),
        ("2030-01-01T00:00:00+00:00", 3),
    ],
)
def test_nearest_capture_is_the_closest_before_or_after(when: str, expected: int) -> None:
    assert nearest_capture(MEMENTOS, _moment(when)).capture_id == expected


def test_nearest_capture_without_a_time_is_the_latest() -> None:
    assert nearest_capture(list(reversed(MEMENTOS)), None).capture_id == 3


def test_nearest_capture_prefers_the_earlier_of_two_equally_near() -> None:
    midway = (
        _moment("2021-01-10T08:00:00+00:00") + (MEMENTOS[1].fetched_at - MEMENTOS[0].fetched_at) / 2
    )
    assert nearest_capture(MEMENTOS, midway).capture_id == 1


def test_timemap_links_lists_original_self_timegate_and_mementos_in_time_order() -> None:
    links = _links(timemap_links("https://a.example/", list(reversed(MEMENTOS)), BASE))
    assert links[0] == ("https://a.example/", {"rel": "original"})
    assert links[1] == (
        f"{BASE}/timemap/link/https://a.example/",
        {
            "rel": "self",
            "type": "application/link-format",
            "from": "Sun, 10 Jan 2021 08:00:00 GMT",
            "until": "Tue, 01 Jun 2021 00:00:00 GMT",
        },
    )
    assert links[2] == (f"{BASE}/timegate/https://a.example/", {"rel": "timegate"})
    assert [(url, params["rel"]) for url, params in links[3:]] == [
        (f"{BASE}/capture/1", "first memento"),
        (f"{BASE}/capture/2", "memento"),
        (f"{BASE}/capture/3", "last memento"),
    ]


def test_a_single_memento_is_both_first_and_last() -> None:
    links = _links(timemap_links("https://a.example/", MEMENTOS[:1], BASE))
    assert _by_rel(links, "first") == _by_rel(links, "last") == [f"{BASE}/capture/1"]


# The TimeMap route


async def test_timemap_lists_every_successful_capture_with_rfc_1123_datetimes(
    ds: Datasette,
) -> None:
    response = await ds.client.get(f"/-/citevault/timemap/link/{FILING_URL}")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/link-format"
    links = _links(response.text)
    assert _by_rel(links, "original") == [FILING_URL]
    assert _by_rel(links, "self") == [f"{BASE}/timemap/link/{FILING_URL}"]
    assert _by_rel(links, "timegate") == [f"{BASE}/timegate/{FILING_URL}"]
    mementos = [(url, p["datetime"]) for url, p in links if "memento" in p["rel"].split()]
    assert mementos == [
        (f"{BASE}/capture/1", "Sun, 10 Jan 2021 08:00:00 GMT"),
        (f"{BASE}/capture/2", "Mon, 15 Mar 2021 12:30:00 GMT"),
        (f"{BASE}/capture/3", "Tue, 01 Jun 2021 00:00:00 GMT"),
    ]
    assert all(RFC1123.fullmatch(when) for _, when in mementos)
    assert _by_rel(links, "first") == [f"{BASE}/capture/1"]
    assert _by_rel(links, "last") == [f"{BASE}/capture/3"]


async def test_timemap_finds_a_url_written_differently_from_the_stored_one(
    ds: Datasette,
) -> None:
    # The archive keys sources by normalized URL: case, default port and tracking are noise.
    response = await ds.client.get(
        "/-/citevault/timemap/link/HTTP://Plain.Example.NET:80/notice?utm_source=feed"
    )
    assert response.status_code == 200
    links = _links(response.text)
    assert _by_rel(links, "original") == [PLAIN_URL]
    assert _by_rel(links, "first") == _by_rel(links, "last") == [f"{BASE}/capture/6"]


async def test_timemap_of_an_unknown_url_is_404(ds: Datasette) -> None:
    response = await ds.client.get("/-/citevault/timemap/link/https://never.example/")
    assert response.status_code == 404
    assert "No successful capture of https://never.example/ is archived here" in response.text


async def test_timemap_of_a_url_that_only_failed_is_404(ds: Datasette) -> None:
    response = await ds.client.get(f"/-/citevault/timemap/link/{DOWN_URL}")
    assert response.status_code == 404
    assert "No successful capture of https://down.example/report" in response.text


# The TimeGate route


async def _timegate(ds: Datasette, url: str, accept: str | None = None) -> httpx.Response:
    headers = {"Accept-Datetime": accept} if accept is not None else {}
    return await ds.client.get(f"/-/citevault/timegate/{url}", headers=headers)


@pytest.mark.parametrize(
    ("accept", "capture"),
    [
        ("Sun, 14 Mar 2021 00:00:00 GMT", 2),
        ("Tue, 16 Mar 2021 00:00:00 GMT", 2),
        ("Wed, 10 Feb 2021 00:00:00 GMT", 1),
        ("Fri, 01 Jan 1999 00:00:00 GMT", 1),
        ("Wed, 01 Dec 2021 00:00:00 GMT", 3),
    ],
)
async def test_timegate_redirects_to_the_capture_nearest_accept_datetime(
    ds: Datasette, accept: str, capture: int
) -> None:
    response = await _timegate(ds, FILING_URL, accept)
    assert response.status_code == 302
    assert response.headers["location"] == f"{BASE}/capture/{capture}"
    assert "accept-datetime" in [v.strip().lower() for v in response.headers["vary"].split(",")]


async def test_timegate_without_accept_datetime_redirects_to_the_latest(ds: Datasette) -> None:
    response = await _timegate(ds, FILING_URL)
    assert response.status_code == 302
    # Capture 5 is later, but it archived a failed fetch.
    assert response.headers["location"] == f"{BASE}/capture/3"


async def test_timegate_link_header_names_original_timemap_and_memento(ds: Datasette) -> None:
    response = await _timegate(ds, FILING_URL, "Sun, 14 Mar 2021 00:00:00 GMT")
    links = dict(_links(response.headers["link"]))
    assert links[FILING_URL] == {"rel": "original"}
    assert links[f"{BASE}/timemap/link/{FILING_URL}"] == {
        "rel": "timemap",
        "type": "application/link-format",
        "from": "Sun, 10 Jan 2021 08:00:00 GMT",
        "until": "Tue, 01 Jun 2021 00:00:00 GMT",
    }
    assert links[f"{BASE}/capture/2"] == {
        "rel": "memento",
        "datetime": "Mon, 15 Mar 2021 12:30:00 GMT",
    }


async def test_timegate_refuses_an_unparseable_accept_datetime(ds: Datasette) -> None:
    response = await _timegate(ds, FILING_URL, "2021-03-14")
    assert response.status_code == 400
    assert "location" not in response.headers
    assert "is not an RFC 1123 date" in response.text


async def test_timegate_of_an_unknown_url_is_404(ds: Datasette) -> None:
    response = await _timegate(ds, "https://records.example.org/filing?case=43&year=2021")
    assert response.status_code == 404


async def test_timegate_reads_the_query_string_as_part_of_the_url(ds: Datasette) -> None:
    without_query = await _timegate(ds, "https://records.example.org/filing")
    assert without_query.status_code == 404
    tracked = await _timegate(
        ds, "https://records.example.org/filing?case=42&utm_medium=x&year=2021"
    )
    assert tracked.status_code == 302
    assert tracked.headers["location"] == f"{BASE}/capture/3"


@pytest.mark.parametrize(
    "written",
    [
        "http:/plain.example.net/notice",
        quote("http://plain.example.net/notice", safe=""),
    ],
)
async def test_timegate_accepts_folded_or_encoded_urls(ds: Datasette, written: str) -> None:
    response = await _timegate(ds, written)
    assert response.status_code == 302
    assert response.headers["location"] == f"{BASE}/capture/6"


async def test_timegate_accepts_a_url_encoded_with_its_query_string(ds: Datasette) -> None:
    response = await _timegate(ds, quote(FILING_URL, safe=""), "Sun, 10 Jan 2021 08:00:00 GMT")
    assert response.status_code == 302
    assert response.headers["location"] == f"{BASE}/capture/1"


# Snapshots are mementos


async def test_snapshot_carries_memento_datetime_and_links(ds: Datasette) -> None:
    response = await ds.client.get("/-/citevault/capture/2")
    assert response.status_code == 200
    assert response.headers["memento-datetime"] == "Mon, 15 Mar 2021 12:30:00 GMT"
    links = _links(response.headers["link"])
    assert _by_rel(links, "original") == [FILING_URL]
    assert _by_rel(links, "timegate") == [f"{BASE}/timegate/{FILING_URL}"]
    assert _by_rel(links, "timemap") == [f"{BASE}/timemap/link/{FILING_URL}"]


async def test_snapshot_of_a_failed_fetch_is_no_memento(ds: Datasette) -> None:
    response = await ds.client.get("/-/citevault/capture/5")
    assert response.status_code == 200
    assert "memento-datetime" not in response.headers
    assert "link" not in response.headers


# Unusual addresses


UNICODE_URL = "https://b\u00fccher.example/katalog"


def _add_unicode_source(ds: Datasette) -> None:
    db = open_database(str(ds.get_database("citevault").path))
    db["sources"].insert({"id": 4, "url": UNICODE_URL})
    db["captures"].insert(
        {
            "id": 8,
            "source_id": 4,
            "requested_url": UNICODE_URL,
            "final_url": UNICODE_URL,
            "fetched_at": "2022-05-05T05:05:05Z",
            "warc_file": "memento.warc.gz",
            "warc_offset": 0,
        }
    )
    db.close()


async def test_a_malformed_url_is_a_400_naming_it(ds: Datasette) -> None:
    for route in ("timemap/link", "timegate"):
        response = await ds.client.get(f"/-/citevault/{route}/http://[::1")
        assert response.status_code == 400
        assert "'http://[::1' is not a URL that can be parsed" in response.text


@pytest.mark.parametrize(
    "written",
    [quote(UNICODE_URL, safe=":/"), "https://xn--bcher-kva.example/katalog"],
)
async def test_a_non_ascii_host_finds_its_captures(ds: Datasette, written: str) -> None:
    # Both spellings of the host name the stored source; headers carry it percent-encoded.
    _add_unicode_source(ds)
    response = await ds.client.get(f"/-/citevault/timemap/link/{written}")
    assert response.status_code == 200
    links = _links(response.text)
    assert _by_rel(links, "original") == [written]
    assert _by_rel(links, "first") == [f"{BASE}/capture/8"]
    gate = await _timegate(ds, written)
    assert gate.status_code == 302
    assert gate.headers["location"] == f"{BASE}/capture/8"
    assert gate.headers["link"].isascii()
    assert f"<{written}>" in gate.headers["link"]


async def test_memento_lookups_use_indexes_not_a_scan_of_captures(ds: Datasette) -> None:
    from claims.memento import _MEMENTO_SQL

    sql = _MEMENTO_SQL.format(marks="?")
    plan = await ds.get_database("citevault").execute(f"explain query plan {sql}", ["x"] * 3)
    details = [row["detail"] for row in plan.rows]
    assert not [d for d in details if d.startswith("SCAN") and "captures" in d], details
