"""The published database: metadata, snapshot, claim and article pages, read-only serving."""

from __future__ import annotations

import gzip
import hashlib
import html
import io
import json
import sqlite3
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlite_utils
from datasette.app import Datasette
from datasette.utils.asgi import Request
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from claims.cannedqueries import QUERIES
from claims.kindsfacet import is_filtered, kinds_facet_sql
from claims.model import Article, Claim
from claims.passagestore import store_passages
from claims.plugin import SNAPSHOT_CSP, highlight_claims, mark_mentions
from claims.publish import TABLES, build_metadata, make_datasette
from claims.storage import TABLES as SCHEMA
from claims.storage import fill_claim_publishers, open_database, save_article, save_claims

REPORT_URL = "https://news.example.org/2021/bridge-report"
SCAN_URL = "https://council.example.gov/minutes.pdf"
REPORT_HTML = (
    b"<!DOCTYPE html><html><head><title>Bridge report</title></head>"
    b'<body class="page"><p>The bridge reopened on 12 March 2021.</p>'
    b"<script>document.title = 'changed'</script></body></html>"
)
SCAN_PDF = b"%PDF-1.4\n% minutes of the meeting\n%%EOF\n"
ZIPPED_URL = "https://zipped.example/notice"
ZIPPED_HTML = b"<html><body><p>Notice: the road is closed.</p></body></html>"
ZIPPED_BODY = gzip.compress(ZIPPED_HTML, mtime=0)
SENTENCE = "Mayor Ana Lima, 54, said the bridge reopened on 12 March 2021 <b>after repairs</b>."
ARTICLE_TEXT = (
    "Traffic returned to the harbour on Friday.\n\n" + SENTENCE + " Work began in 2019.\n\n"
    "The council voted 7 to 2 to approve the budget."
)

# The archive fixture includes a file that is not a WARC at all, on purpose.
pytestmark = pytest.mark.damages_warcs


@dataclass
class Archive:
    """Where the test WARC lies and what each capture row points at."""

    folder: Path
    warc_file: str
    report: tuple[int, int]
    scan: tuple[int, int]
    corrupt_file: str
    gzipped: tuple[int, int]


def _http_record(
    writer: WARCWriter, url: str, body: bytes, content_type: str, encoding: str | None = None
) -> object:
    fields = [("Content-Type", content_type), ("Content-Length", str(len(body)))]
    if encoding:
        fields.append(("Content-Encoding", encoding))
    headers = StatusAndHeaders("200 OK", fields, protocol="HTTP/1.1")
    return writer.create_warc_record(
        url,
        "response",
        payload=io.BytesIO(body),
        length=len(body),
        http_headers=headers,
        warc_headers_dict={"WARC-Date": "2021-03-15T09:30:00Z"},
    )


def _write_record(writer: WARCWriter, out: io.BufferedWriter, record: object) -> tuple[int, int]:
    start = out.tell()
    writer.write_record(record)
    return start, out.tell() - start


@pytest.fixture
def archive(tmp_path: Path) -> Archive:
    folder = tmp_path / "archive"
    folder.mkdir()
    name = "test-00001.warc.gz"
    with open(folder / name, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        writer.write_record(writer.create_warcinfo_record(name, {"software": "tests"}))
        report = _write_record(
            writer, out, _http_record(writer, REPORT_URL, REPORT_HTML, "text/html; charset=utf-8")
        )
        scan = _write_record(
            writer, out, _http_record(writer, SCAN_URL, SCAN_PDF, "application/pdf")
        )
        gzipped = _write_record(
            writer,
            out,
            _http_record(writer, ZIPPED_URL, ZIPPED_BODY, "text/html; charset=utf-8", "gzip"),
        )
    corrupt = "corrupt.warc.gz"
    (folder / corrupt).write_bytes(b"this is not a WARC file\n" * 3)
    return Archive(folder, name, report, scan, corrupt, gzipped)


def _capture(
    archive: Archive,
    capture_id: int,
    url: str,
    where: tuple[int, int],
    body: bytes,
    content_type: str,
) -> dict[str, object]:
    return {
        "id": capture_id,
        "source_id": capture_id,
        "requested_url": url,
        "final_url": url,
        "status_code": 200,
        "fetched_at": "2021-03-15T09:30:00Z",
        "warc_file": archive.warc_file,
        "warc_offset": where[0],
        "warc_length": where[1],
        "payload_sha256": hashlib.sha256(body).hexdigest(),
        "content_type": content_type,
    }


@pytest.fixture
def db_path(tmp_path: Path, archive: Archive) -> Path:
    path = tmp_path / "citevault.db"
    db = open_database(path)
    db["articles"].insert(
        {
            "id": 1,
            "url": "https://paper.example.com/harbour",
            "title": "Harbour bridge reopens",
            "author": "Sam Writer",
            "published": "2021-03-16",
            "publisher": "Example Paper",
            "text": ARTICLE_TEXT,
            "fetched_at": "2021-03-16T10:00:00Z",
        }
    )
    db["claims"].insert_all(
        [
            {
                "id": 1,
                "article_id": 1,
                "seq": 1,
                "sentence": SENTENCE,
                "text": "The bridge reopened.",
                "kinds": json.dumps(["date", "person", "age"]),
                "attribution": "Ana Lima",
                "status": "supported",
            },
            {
                "id": 2,
                "article_id": 1,
                "seq": 2,
                "sentence": "The council voted 7 to 2 to approve the budget.",
                "text": "The vote was 7 to 2.",
                "kinds": json.dumps(["quantity"]),
                "attribution": None,
                "status": "not_found",
            },
        ]
    )
    db["mentions"].insert_all(
        [
            {"claim_id": 1, "kind": "person", "text": "Ana Lima", "value": "Ana Lima"},
            {"claim_id": 1, "kind": "age", "text": "54", "value": "54"},
            {
                "claim_id": 1,
                "kind": "date",
                "text": "12 March 2021",
                "value": "2021-03-12",
                "precision": "day",
            },
            {"claim_id": 1, "kind": "date", "text": "2021", "value": "2021", "precision": "year"},
        ]
    )
    db["sources"].insert_all(
        [
            {"id": 1, "url": REPORT_URL},
            {"id": 2, "url": SCAN_URL},
            {"id": 3, "url": "https://gone.example.net/page"},
            {"id": 4, "url": "https://lost.example"},
            {"id": 5, "url": "https://broken.example"},
            {"id": 6, "url": "https://moved.example"},
            {"id": 7, "url": ZIPPED_URL},
        ]
    )
    db["claim_sources"].insert_all(
        [
            {"claim_id": 1, "source_id": 1, "via": "link", "anchor_text": "reopened"},
            {"claim_id": 1, "source_id": 3, "via": "attribution", "anchor_text": "the mayor"},
            {"claim_id": 2, "source_id": 2, "via": "link", "anchor_text": "voted"},
        ]
    )
    db["captures"].insert_all(
        [
            _capture(archive, 1, REPORT_URL, archive.report, REPORT_HTML, "text/html"),
            _capture(archive, 2, SCAN_URL, archive.scan, SCAN_PDF, "application/pdf"),
            {
                "id": 3,
                "source_id": 3,
                "requested_url": "https://gone.example.net/page",
                "fetched_at": "2021-03-15T09:31:00Z",
                "error": "name does not resolve",
                "error_kind": "dns",
            },
            {
                **_capture(archive, 4, "https://lost.example", archive.report, b"", "text/html"),
                "warc_file": "missing.warc.gz",
            },
            {
                **_capture(archive, 5, "https://broken.example", (0, 40), b"", "text/html"),
                "warc_file": archive.corrupt_file,
            },
            {
                **_capture(archive, 6, "https://moved.example", archive.scan, b"", "text/html"),
                "payload_sha256": hashlib.sha256(b"another page").hexdigest(),
            },
            _capture(archive, 7, ZIPPED_URL, archive.gzipped, ZIPPED_BODY, "text/html"),
        ],
        alter=True,
    )
    db["evidence"].insert_all(
        [
            {
                "claim_id": 1,
                "capture_id": 1,
                "status": "supported",
                "passage": "The bridge reopened on 12 March 2021.",
                "score": 0.92,
                "details": json.dumps({"matched": ["2021-03-12"]}),
            },
            {
                "claim_id": 1,
                "capture_id": 3,
                "status": "unavailable",
                "passage": None,
                "score": 0.0,
            },
        ]
    )
    db.close()
    return path


@pytest.fixture
async def ds(db_path: Path, archive: Archive) -> AsyncIterator[Datasette]:
    datasette = make_datasette(db_path, archive.folder)
    await datasette.invoke_startup()
    yield datasette
    datasette.get_database("citevault").close()


# Metadata


def test_metadata_publishes_the_database_under_its_file_name(tmp_path: Path) -> None:
    metadata = build_metadata(tmp_path / "newsroom.db", Path("relative/archive"))
    assert list(metadata["databases"]) == ["newsroom"]
    config = metadata["plugins"]["citevault"]
    assert Path(config["archive_dir"]).is_absolute()
    assert config["archive_dir"].endswith("relative/archive")
    assert config["database"] == "newsroom"


def test_metadata_describes_every_table_and_column_of_the_schema() -> None:
    assert set(TABLES) == set(SCHEMA)
    for table, spec in SCHEMA.items():
        assert TABLES[table]["title"] and TABLES[table]["description"]
        assert set(TABLES[table]["columns"]) == set(spec["columns"]), table


def test_make_datasette_refuses_a_missing_database(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="No citevault database at"):
        make_datasette(tmp_path / "nowhere.db", tmp_path)


async def test_plugin_is_listed(ds: Datasette) -> None:
    plugins = (await ds.client.get("/-/plugins.json")).json()
    ours = [p for p in plugins if "register_routes" in p["hooks"] and "render_cell" in p["hooks"]]
    assert [p["name"] for p in ours] == ["citevault"]


async def test_an_unrelated_database_served_alone_gets_no_citevault_links(
    tmp_path: Path,
) -> None:
    other = sqlite_utils.Database(tmp_path / "inventory.db")
    other["claims"].insert({"id": 1, "sentence": "A crate arrived.", "claim_id": 7}, pk="id")
    other.close()
    plain = Datasette(files=[str(tmp_path / "inventory.db")])
    table = await plain.client.get("/inventory/claims")
    query = await plain.client.get("/inventory?sql=select+claim_id+from+claims")
    assert table.status_code == query.status_code == 200
    assert "/-/citevault/" not in table.text
    assert "/-/citevault/" not in query.text


async def test_database_page_shows_title_and_description(ds: Datasette) -> None:
    response = await ds.client.get("/citevault")
    assert response.status_code == 200
    assert "<h1>citevault</h1>" in response.text
    assert "Checkable claims extracted from news articles" in response.text


@pytest.mark.parametrize("table", sorted(SCHEMA))
async def test_table_pages_show_titles_and_column_descriptions(ds: Datasette, table: str) -> None:
    response = await ds.client.get(f"/citevault/{table}")
    assert response.status_code == 200
    page = html.unescape(response.text)
    assert f"<h1>{TABLES[table]['title']}</h1>" in page
    assert TABLES[table]["description"] in page
    for description in TABLES[table]["columns"].values():
        assert description in page


async def test_claims_are_faceted_by_status_and_kinds(ds: Datasette) -> None:
    facets = (await ds.client.get("/citevault/claims.json")).json()["facet_results"]
    status = {item["value"]: item["count"] for item in facets["status"]["results"]}
    kinds = {item["value"]: item["count"] for item in facets["kinds"]["results"]}
    assert status == {"supported": 1, "not_found": 1}
    assert kinds == {"date": 1, "person": 1, "age": 1, "quantity": 1}


async def test_captures_are_faceted_by_error_kind_and_content_type(ds: Datasette) -> None:
    facets = (await ds.client.get("/citevault/captures.json")).json()["facet_results"]
    assert {i["value"] for i in facets["error_kind"]["results"]} == {"dns"}
    assert {i["value"] for i in facets["content_type"]["results"]} == {
        "text/html",
        "application/pdf",
    }


async def test_foreign_keys_display_label_columns(ds: Datasette) -> None:
    rows = (await ds.client.get("/citevault/claim_sources.json?_labels=on&_shape=array")).json()
    first = rows[0]
    assert first["claim_id"] == {"value": 1, "label": SENTENCE}
    assert first["source_id"] == {"value": 1, "label": REPORT_URL}


# Table cells


async def test_claims_table_shows_kinds_as_a_list_and_links_sentences(ds: Datasette) -> None:
    page = (await ds.client.get("/citevault/claims")).text
    assert "date, person, age" in page
    assert '["date", "person", "age"]' not in html.unescape(page)
    assert '<a href="/-/citevault/claim/2">The council voted 7 to 2' in page


async def test_captures_table_links_each_archived_capture_to_its_snapshot(ds: Datasette) -> None:
    page = (await ds.client.get("/citevault/captures")).text
    assert '<a href="/-/citevault/capture/1">snapshot</a>' in page
    assert '<a href="/-/citevault/capture/3">' not in page


# The snapshot page


async def test_html_snapshot_is_served_sandboxed_under_a_banner(ds: Datasette) -> None:
    response = await ds.client.get("/-/citevault/capture/1")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert response.headers["content-security-policy"] == SNAPSHOT_CSP
    assert response.headers["x-content-type-options"] == "nosniff"
    body = response.content
    banner_at = body.index(b'<div id="citevault-banner"')
    assert body.index(b'<body class="page">') < banner_at < body.index(b"<p>The bridge")
    banner = body[banner_at : body.index(b"</div>", banner_at)].decode()
    assert f'<a href="{REPORT_URL}"' in banner
    assert "2021-03-15T09:30:00Z" in banner
    assert hashlib.sha256(REPORT_HTML).hexdigest() in banner
    assert body.replace(body[banner_at : body.index(b"</div>", banner_at) + 6], b"") == REPORT_HTML


async def test_other_snapshots_are_the_archived_bytes_with_their_type(ds: Datasette) -> None:
    response = await ds.client.get("/-/citevault/capture/2")
    assert response.status_code == 200
    assert response.content == SCAN_PDF
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-security-policy"] == SNAPSHOT_CSP
    assert response.headers["x-content-type-options"] == "nosniff"


async def test_snapshot_is_served_without_its_content_encoding(ds: Datasette) -> None:
    response = await ds.client.get("/-/citevault/capture/7")
    assert response.status_code == 200
    assert "content-encoding" not in response.headers
    assert b'<html><body><div id="citevault-banner"' in response.content
    assert response.content.endswith(b"<p>Notice: the road is closed.</p></body></html>")


@pytest.mark.parametrize(
    ("capture", "message"),
    [
        ("99", "Capture 99 does not exist."),
        ("3", "Capture 3 has no archived snapshot: name does not resolve"),
        ("abc", "Capture id must be a whole number, not &#39;abc&#39;."),
        ("-1", "Capture id must be a whole number"),
        ("1.5", "Capture id must be a whole number"),
        ("4", "WARC file missing.warc.gz of capture 4 is missing from the archive folder."),
    ],
)
async def test_snapshot_is_404_without_an_archived_record(
    ds: Datasette, capture: str, message: str
) -> None:
    response = await ds.client.get(f"/-/citevault/capture/{capture}")
    assert response.status_code == 404
    assert message in response.text


async def test_unreadable_record_is_a_one_line_500(ds: Datasette, archive: Archive) -> None:
    response = await ds.client.get("/-/citevault/capture/5")
    assert response.status_code == 500
    assert (
        "Capture 5 could not be read: no readable WARC record at offset 0 of "
        "corrupt.warc.gz. Archive the source again.</div>"
    ) in response.text
    assert "Traceback" not in response.text
    assert str(archive.folder) not in response.text


async def test_a_record_that_does_not_match_its_digest_is_refused(ds: Datasette) -> None:
    response = await ds.client.get("/-/citevault/capture/6")
    assert response.status_code == 500
    assert "Capture 6 does not match its recorded sha256 digest" in response.text
    assert SCAN_PDF.decode() not in response.text


# The claim and article pages


async def test_claim_page_marks_mentions_in_the_escaped_sentence(ds: Datasette) -> None:
    response = await ds.client.get("/-/citevault/claim/1")
    assert response.status_code == 200
    page = response.text
    assert '<mark class="mention-date" title="2021-03-12">12 March 2021</mark>' in page
    assert '<mark class="mention-person" title="Ana Lima">Ana Lima</mark>' in page
    assert '<mark class="mention-age" title="54">54</mark>' in page
    assert "&lt;b&gt;after repairs&lt;/b&gt;" in page
    assert "<b>after repairs</b>" not in page
    assert '<span class="status status-supported">supported</span>' in page


async def test_claim_page_lists_sources_captures_and_evidence(ds: Datasette) -> None:
    page = (await ds.client.get("/-/citevault/claim/1")).text
    assert f'<a href="{REPORT_URL}">{REPORT_URL}</a>' in page
    assert '<a href="/-/citevault/capture/1">snapshot</a>' in page
    assert hashlib.sha256(REPORT_HTML).hexdigest() in page
    assert "dns: name does not resolve" in page
    assert '<a href="/-/citevault/capture/3">' not in page
    assert '<blockquote class="passage">The bridge reopened on 12 March 2021.</blockquote>' in page
    assert "score 0.92" in page
    assert "Ana Lima" in page and "via attribution" in page


@pytest.mark.parametrize("path", ["/-/citevault/claim/99", "/-/citevault/claim/x"])
async def test_claim_page_is_404_for_unknown_ids(ds: Datasette, path: str) -> None:
    assert (await ds.client.get(path)).status_code == 404


async def test_article_page_highlights_claims_by_status(ds: Datasette) -> None:
    response = await ds.client.get("/-/citevault/article/1")
    assert response.status_code == 200
    page = response.text
    assert "<h1>Harbour bridge reopens</h1>" in page
    assert '<a class="claim status-supported" href="/-/citevault/claim/1"' in page
    assert (
        '<a class="claim status-not_found" href="/-/citevault/claim/2" title="Claim 2: not_found">'
        "The council voted 7 to 2 to approve the budget.</a>"
    ) in page
    assert "&lt;b&gt;after repairs&lt;/b&gt;" in page
    assert "Traffic returned to the harbour on Friday." in page


async def test_article_page_is_404_for_unknown_ids(ds: Datasette) -> None:
    assert (await ds.client.get("/-/citevault/article/7")).status_code == 404


# Read-only serving


async def test_nothing_can_write_to_the_database_through_datasette(ds: Datasette) -> None:
    with pytest.raises(sqlite3.OperationalError, match="readonly|read-only"):
        await ds.get_database("citevault").execute_write("delete from claims")
    response = await ds.client.get("/citevault.json?sql=delete+from+claims")
    assert response.json()["ok"] is False
    assert (await ds.client.get("/citevault/claims.json")).json()["filtered_table_rows_count"] == 2


# Marking and highlighting


def test_longer_mentions_win_over_the_shorter_ones_inside_them() -> None:
    marked = mark_mentions(
        "Opened in May 2020, closed in 2020.",
        [
            {"kind": "date", "text": "2020", "value": "2020", "precision": "year"},
            {"kind": "date", "text": "May 2020", "value": "2020-05", "precision": "month"},
        ],
    )
    assert str(marked) == (
        'Opened in <mark class="mention-date" title="2020-05 (month)">May 2020</mark>, closed in '
        '<mark class="mention-date" title="2020 (year)">2020</mark>.'
    )


def test_mentions_not_in_the_sentence_are_left_out_and_markup_is_escaped() -> None:
    marked = mark_mentions(
        'He said "<hi>" to Bo.',
        [{"kind": "person", "text": "Bo", "value": None}, {"kind": "org", "text": "Acme"}],
    )
    assert str(marked) == (
        'He said &#34;&lt;hi&gt;&#34; to <mark class="mention-person" title="person">Bo</mark>.'
    )


def test_repeated_sentences_are_highlighted_in_reading_order() -> None:
    text = "It rained. It rained. Then it stopped."
    claims = [
        {"id": 4, "seq": 1, "sentence": "It rained.", "status": "supported"},
        {"id": 5, "seq": 2, "sentence": "It rained.", "status": "discrepancy"},
        {"id": 6, "seq": 3, "sentence": "Not in the text.", "status": "unchecked"},
    ]
    highlighted = str(highlight_claims(text, claims, lambda i: f"/c/{i}"))
    assert highlighted == (
        '<a class="claim status-supported" href="/c/4" title="Claim 1: supported">It rained.</a> '
        '<a class="claim status-discrepancy" href="/c/5" title="Claim 2: discrepancy">'
        "It rained.</a> Then it stopped."
    )


# The richer publication: publishers, kinds, search, canned queries, reviews and citations

VERDICT_SENTENCE = "A court convicted Ana Lima of fraud in May 2020, the ministry said."
VERDICT_DETAILS = {
    "outcome": "convicted",
    "negated": False,
    "subject": "Ana Lima",
    "object": "fraud",
    "authority": "A court",
    "date": "2020-05",
}
DISCREPANCY_DETAILS = {
    "matched": [{"kind": "person", "claim": "Ana Lima", "source": "Ana Lima"}],
    "missing": [{"kind": "verdict", "claim": "convicted"}],
    "conflicts": [{"kind": "date", "claim": "2020-05", "source": "2020-06"}],
    "start": 0,
    "end": 37,
    "source_published": "2021-04-02",
    "published_after_article": True,
    "captured_days_after_article": 90,
    "captured_long_after": True,
}
PASSAGE_LINK = "/-/citevault/capture/1#:~:text=The%20bridge%20reopened"


@pytest.fixture
def rich_db_path(db_path: Path) -> Path:
    db = open_database(db_path)
    db["articles"].insert(
        {"id": 2, "url": "https://gazette.example/court", "title": "Court case",
         "publisher": "Other Gazette", "text": VERDICT_SENTENCE, "published": "2021-01-05"}
    )  # fmt: skip
    db["claims"].insert_all(
        [
            {"id": 3, "article_id": 2, "seq": 1, "sentence": VERDICT_SENTENCE,
             "text": VERDICT_SENTENCE, "kinds": json.dumps(["verdict", "person", "date"]),
             "attribution": "the ministry said", "status": "discrepancy"},
            {"id": 4, "article_id": 2, "seq": 2, "sentence": "The ministry spoke to reporters.",
             "text": "The ministry spoke.", "kinds": json.dumps(["attribution"]),
             "status": "unavailable"},
            {"id": 5, "article_id": 2, "seq": 3, "sentence": "Nobody else commented.",
             "text": "Nobody commented.", "kinds": json.dumps([]), "status": "unchecked"},
        ]
    )  # fmt: skip
    fill_claim_publishers(db)
    lima = db["entities"].insert({"kind": "person", "name": "Ana Lima"}).last_pk
    db["entity_aliases"].insert({"entity_id": lima, "alias": "Lima"})
    db.execute("update mentions set entity_id = ? where kind = 'person'", [lima])
    db["mentions"].insert_all(
        [
            {"claim_id": 3, "kind": "person", "text": "Lima", "value": "Ana Lima",
             "entity_id": lima, "char_start": 22, "char_end": 26},
            {"claim_id": 3, "kind": "verdict", "text": "convicted", "value": "convicted",
             "details": json.dumps(VERDICT_DETAILS), "char_start": 8, "char_end": 17},
            {"claim_id": 3, "kind": "date", "text": "May 2020", "value": "2020-05",
             "precision": "month", "date_start": "2020-05-01", "date_end": "2020-05-31"},
        ]
    )  # fmt: skip
    db["sources"].update(1, {"publisher": "News Example"})
    db["sources"].update(3, {"publisher": "News Example"})
    db["claim_sources"].insert_all(
        [
            {"claim_id": 3, "source_id": 1, "via": "attribution", "anchor_text": "the ministry"},
            {"claim_id": 4, "source_id": 3, "via": "link", "anchor_text": "reporters"},
        ]
    )
    # An older failed attempt at a source captured since: not a failed source.
    db["captures"].insert(
        {"id": 8, "source_id": 1, "requested_url": REPORT_URL, "error": "read timed out",
         "error_kind": "timeout", "fetched_at": "2021-03-14T08:00:00Z"}
    )  # fmt: skip
    db["evidence"].insert(
        {"claim_id": 3, "capture_id": 1, "status": "discrepancy", "score": 0.61,
         "passage": "The bridge reopened on 12 March 2021.", "link": PASSAGE_LINK,
         "details": json.dumps(DISCREPANCY_DETAILS)}
    )  # fmt: skip
    db["reviews"].insert_all(
        [
            {"claim_id": 3, "rating": "Half true", "note": "First look", "reviewer": "dana",
             "reviewed_at": "2021-04-01T10:00:00Z", "automatic_status": "discrepancy"},
            {"claim_id": 3, "rating": "Mostly false", "note": "The source dates it June",
             "reviewer": "lee", "reviewed_at": "2021-04-02T11:00:00Z",
             "automatic_status": "discrepancy"},
        ]
    )  # fmt: skip
    store_passages(db, 1, "The bridge reopened on 12 March 2021.\n\nTraffic is back.")
    db.close()
    return db_path


@pytest.fixture
async def rich(rich_db_path: Path, archive: Archive) -> AsyncIterator[Datasette]:
    datasette = make_datasette(rich_db_path, archive.folder)
    await datasette.invoke_startup()
    yield datasette
    datasette.get_database("citevault").close()


async def _query(ds: Datasette, name: str, args: str = "") -> list[dict[str, object]]:
    response = await ds.client.get(f"/citevault/{name}.json?_shape=array{args}")
    assert response.status_code == 200, response.text
    rows: list[dict[str, object]] = response.json()
    return rows


def test_claims_carry_their_article_publisher_from_insert_time(tmp_path: Path) -> None:
    db = open_database(tmp_path / "c.db")
    article = Article("https://a.example/x", "T", None, None, ["It rained on 3 May."],
                      publisher="A Paper")  # fmt: skip
    with db.conn:
        article_id = save_article(db, article, "2021-05-04T00:00:00Z")
        save_claims(db, article_id, [Claim(1, "It rained on 3 May.", "It rained.", ["date"])])
    assert [r["publisher"] for r in db.query("select publisher from claims")] == ["A Paper"]
    assert [r["kind"] for r in db.query("select kind from claim_kinds")] == ["date"]


def test_an_older_database_gains_publishers_kinds_and_claim_search(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    old = sqlite_utils.Database(path)
    old["articles"].insert({"id": 1, "url": "u", "publisher": "Old Paper", "text": "x"}, pk="id")
    old["claims"].insert(
        {"id": 1, "article_id": 1, "seq": 1, "sentence": "Zhanargül Tolqynbek spoke.",
         "text": "She spoke.", "kinds": json.dumps(["person"]), "attribution": None,
         "status": "unchecked"},
        pk="id",
    )  # fmt: skip
    old.close()
    db = open_database(path)
    assert db.execute("select publisher from claims").fetchall() == [("Old Paper",)]
    assert db.execute("select claim_id, kind from claim_kinds").fetchall() == [(1, "person")]
    found = "select rowid from claims_fts where claims_fts match 'zhanargul'"
    assert db.execute(found).fetchall() == [(1,)]


def test_claim_kinds_follow_every_change_to_a_claims_kinds(tmp_path: Path) -> None:
    db = open_database(tmp_path / "k.db")
    db["claims"].insert({"id": 7, "article_id": 1, "kinds": json.dumps(["date", "age"])})
    db.execute("update claims set kinds = ? where id = 7", [json.dumps(["place"])])
    assert db.execute("select kind from claim_kinds").fetchall() == [("place",)]
    db.execute("delete from claims where id = 7")
    assert db.execute("select count(*) from claim_kinds").fetchone() == (0,)


def test_the_kinds_facet_counts_only_the_selected_claims() -> None:
    everything = kinds_facet_sql("select id from claims", False, 31)
    assert "where" not in everything
    selected = kinds_facet_sql("select id from claims where status = :p0", True, 31)
    assert "claim_id in (select id from (select id from claims where status = :p0))" in selected


async def test_claims_are_faceted_by_status_kinds_and_publisher(rich: Datasette) -> None:
    facets = (await rich.client.get("/citevault/claims.json")).json()["facet_results"]
    assert set(facets) == {"status", "kinds", "publisher"}
    kinds = {item["value"]: item["count"] for item in facets["kinds"]["results"]}
    assert kinds == {"person": 2, "date": 2, "age": 1, "quantity": 1, "verdict": 1,
                     "attribution": 1}  # fmt: skip
    publishers = {item["value"]: item["count"] for item in facets["publisher"]["results"]}
    assert publishers == {"Example Paper": 2, "Other Gazette": 3}


async def test_a_selected_kind_filters_the_claims_and_its_facet(rich: Datasette) -> None:
    page = (await rich.client.get("/citevault/claims.json")).json()
    toggle = {i["value"]: i for i in page["facet_results"]["kinds"]["results"]}["date"]
    assert toggle["toggle_url"].endswith("/citevault/claims.json?_kind=date")
    data = (await rich.client.get("/citevault/claims.json?_kind=date&_shape=objects")).json()
    assert [row["id"] for row in data["rows"]] == [1, 3]
    kinds = {i["value"]: i for i in data["facet_results"]["kinds"]["results"]}
    assert kinds["date"]["count"] == 2 and kinds["date"]["selected"] is True
    assert kinds["verdict"]["count"] == 1 and "age" in kinds
    both = (await rich.client.get("/citevault/claims.json?_kind=date&_kind=verdict")).json()
    assert both["filtered_table_rows_count"] == 1
    described = html.unescape((await rich.client.get("/citevault/claims?_kind=verdict")).text)
    assert '1 row where kinds contains "verdict"' in described


async def test_the_kinds_facet_follows_a_where_clause_without_parameters(
    rich: Datasette,
) -> None:
    page = await rich.client.get("/citevault/claims.json?_where=status%3D'discrepancy'")
    kinds = {i["value"]: i["count"] for i in page.json()["facet_results"]["kinds"]["results"]}
    assert kinds == {"verdict": 1, "person": 1, "date": 1}


@pytest.mark.parametrize(
    ("query", "filtered"),
    [
        ("", False),
        ("?_size=5&_sort=seq&_facet=status", False),
        ("?status=unchecked", True),
        ("?_where=1", True),
        ("?_search=council", True),
        ("?_kind=date", True),
    ],
)
def test_a_page_is_filtered_by_its_selecting_arguments_only(query: str, filtered: bool) -> None:
    assert is_filtered(Request.fake(f"/citevault/claims{query}")) is filtered


async def test_facets_are_not_suggested(rich: Datasette) -> None:
    assert rich.setting("suggest_facets") is False
    assert (await rich.client.get("/citevault/claims.json")).json()["suggested_facets"] == []


async def test_claims_and_passages_are_searchable(rich: Datasette) -> None:
    claims = await _query(rich, "claims", "&_search=council")
    assert [row["id"] for row in claims] == [2]
    convictions = await _query(rich, "claims", "&_search=convict")
    assert [row["id"] for row in convictions] == [3]
    passages = await _query(rich, "passages", "&_search=reopened")
    assert [row["text"] for row in passages] == ["The bridge reopened on 12 March 2021."]


async def test_canned_query_claims_with_discrepancy(rich: Datasette) -> None:
    rows = await _query(rich, "claims_with_discrepancy")
    assert [(r["claim_id"], r["publisher"], r["source_passage"]) for r in rows] == [
        (3, "Other Gazette", "The bridge reopened on 12 March 2021.")
    ]


async def test_canned_query_claims_without_archived_evidence(rich: Datasette) -> None:
    rows = await _query(rich, "claims_without_archived_evidence")
    assert [(r["claim_id"], r["reason"]) for r in rows] == [
        (4, "every capture failed"),
        (5, "cites no source"),
    ]


async def test_canned_query_failed_sources(rich: Datasette) -> None:
    rows = await _query(rich, "failed_sources")
    assert [(r["url"], r["error_kind"], r["error"], r["claims"]) for r in rows] == [
        ("https://gone.example.net/page", "dns", "name does not resolve", 2)
    ]


@pytest.mark.parametrize("name", ["lima", "ANA", "Ana Li"])
async def test_canned_query_claims_about_person(rich: Datasette, name: str) -> None:
    rows = await _query(rich, "claims_about_person", f"&name={name}")
    assert [(r["claim_id"], r["person"]) for r in rows] == [(1, "Ana Lima"), (3, "Ana Lima")]
    assert [r["written"] for r in rows] == ["Ana Lima", "Lima"]


async def test_claims_about_nobody_in_particular_is_empty(rich: Datasette) -> None:
    assert await _query(rich, "claims_about_person", "&name=") == []
    assert await _query(rich, "claims_about_person", "&name=Nobody") == []


async def test_canned_query_captures_per_publisher(rich: Datasette) -> None:
    rows = await _query(rich, "captures_per_publisher")
    assert [
        (r["publisher"], r["sources"], r["captures"], r["archived"], r["failed"]) for r in rows
    ] == [("(unknown)", 5, 5, 5, 0), ("News Example", 2, 3, 1, 2)]


async def test_canned_queries_have_titles_descriptions_and_claim_links(rich: Datasette) -> None:
    for name, spec in QUERIES.items():
        page = html.unescape((await rich.client.get(f"/citevault/{name}?name=lima")).text)
        assert spec["title"] in page and spec["description"] in page, name
    page = (await rich.client.get("/citevault/claims_with_discrepancy")).text
    assert '<a href="/-/citevault/claim/3">3</a>' in page
    assert '<a href="/-/citevault/article/2">2</a>' in page
    failed = (await rich.client.get("/citevault/failed_sources")).text
    assert '<a href="/citevault/captures/3">3</a>' in failed


async def test_claim_page_shows_mention_values_and_verdict_details(rich: Datasette) -> None:
    page = (await rich.client.get("/-/citevault/claim/3")).text
    assert '<mark class="mention-verdict" title="convicted">convicted</mark>' in page
    assert (
        '<mark class="mention-date" title="2020-05 (month: 2020-05-01 to 2020-05-31)">'
        "May 2020</mark>"
    ) in page
    assert "from 2020-05-01 to 2020-05-31" in page
    details = page[page.index('<dl class="verdict-details">') :]
    details = details[: details.index("</dl>")]
    for label, value in [
        ("outcome", "convicted"),
        ("negated", "no"),
        ("subject", "Ana Lima"),
        ("object", "fraud"),
        ("authority", "A court"),
        ("date", "2020-05"),
    ]:
        assert f"<dt>{label}</dt><dd>{value}</dd>" in details  # fmt: skip


async def test_claim_page_shows_evidence_as_readable_lists(rich: Datasette) -> None:
    page = html.unescape((await rich.client.get("/-/citevault/claim/3")).text)
    assert "date: the claim says \u201c2020-05\u201d, the source says \u201c2020-06\u201d" in page
    assert "person: \u201cAna Lima\u201d in the claim, \u201cAna Lima\u201d in the source" in page
    assert "verdict: \u201cconvicted\u201d not found in the source" in page
    assert '{"matched": [' not in page and '"conflicts": [' not in page
    assert f'<a class="passage-link" href="{PASSAGE_LINK}">' in page
    assert "The source was published 2021-04-02, after the article" in page
    assert "Captured 90 days after the article was published" in page


@pytest.mark.parametrize(
    "link", ["//elsewhere.example/x", "/-/citevault/claim/3", "https://elsewhere.example/x"]
)
async def test_an_evidence_link_off_the_snapshot_route_is_not_rendered(
    rich_db_path: Path, archive: Archive, link: str
) -> None:
    db = open_database(rich_db_path)
    db.execute("update evidence set link = ? where claim_id = 3", [link])
    db.close()
    datasette = make_datasette(rich_db_path, archive.folder)
    page = (await datasette.client.get("/-/citevault/claim/3")).text
    datasette.get_database("citevault").close()
    assert "passage-link" not in page
    assert "elsewhere.example" not in page


async def test_claim_page_shows_the_latest_review_and_its_history(rich: Datasette) -> None:
    page = (await rich.client.get("/-/citevault/claim/3")).text
    review = page[page.index('<div class="review">') :]
    review = review[: review.index("</div>")]
    assert "<strong>Mostly false</strong> &middot; lee &middot; 2021-04-02T11:00:00Z" in review
    assert "The source dates it June" in review
    history = page[page.index('<table class="review-history">') :]
    assert history.index("Mostly false") < history.index("Half true")
    unreviewed = (await rich.client.get("/-/citevault/claim/1")).text
    assert "Not reviewed yet" in unreviewed


async def test_claim_page_offers_citations_of_each_archived_snapshot(rich: Datasette) -> None:
    page = html.unescape((await rich.client.get("/-/citevault/claim/3")).text)
    snapshot = "http://localhost/-/citevault/capture/1"
    for fmt in ("robustlinks", "apa", "chicago", "mla", "bluebook", "bibtex"):
        start = page.index(f'<textarea readonly class="cite-{fmt}"')
        text = page[start : page.index("</textarea>", start)]
        assert snapshot.removeprefix("http://") in text, fmt
    assert f'data-versionurl="{snapshot}"' in page
    assert f'data-originalurl="{REPORT_URL}"' in page
    # The failed attempt at the same source is not offered for citing.
    assert page.count('<div class="citation">') == 1


async def test_post_to_a_canned_query_or_insert_api_is_refused(rich: Datasette) -> None:
    for path in ("/citevault/claims_with_discrepancy", "/citevault/claims/-/insert", "/-/create"):
        response = await rich.client.post(path, json={"row": {"sentence": "x"}})
        assert response.status_code == 405, path
        assert response.text == (
            "This publication is read-only: it answers GET and HEAD requests only.\n"
        )
    assert (await rich.client.get("/citevault/claims.json")).json()[
        "filtered_table_rows_count"
    ] == 5


async def test_the_database_is_published_under_its_file_name(
    rich_db_path: Path, archive: Archive
) -> None:
    renamed = rich_db_path.rename(rich_db_path.with_name("newsroom.db"))
    datasette = make_datasette(renamed, archive.folder)
    await datasette.invoke_startup()
    try:
        assert (await datasette.client.get("/newsroom/claims.json")).status_code == 200
        assert (await datasette.client.get("/citevault/claims.json")).status_code == 404
        queries = await datasette.client.get("/newsroom/failed_sources.json?_shape=array")
        assert len(queries.json()) == 1
        page = (await datasette.client.get("/-/citevault/claim/3")).text
        assert "Mostly false" in page
    finally:
        datasette.get_database("newsroom").close()
