"""Importing other tools' WARC, ARC and WACZ files: every sound file whole, every broken one named."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from archiver import CdxjIndex, CrawlOptions, archive_urls, read_record
from claims import maintenance
from claims.storage import open_database

from .conftest import shared_dir
from .sites import html_page, send, serve

WARCS = shared_dir() / "data" / "warcs"
MANIFEST = json.loads((WARCS / "manifest.json").read_text()) if WARCS.exists() else []
SOUND = [e for e in MANIFEST if e["status"] in ("valid", "quirk")]
# A length-driven reader gets all 9 records of this Heritrix ARC; warcio 1.8.1 stops after 1.
RECORDS_BY_LENGTH = {"webarchive-commons_IAH-20080430204825-00000-blackbook-truncated.arc": 9}
# Malformed files: (records read before the fault or despite it, captures kept).
MALFORMED = {
    "warcio_example-trunc.warc": (2, 0),
    "warcio_example-bad-non-chunked.warc.gz": (0, 0),
    "warcio_example-wrong-chunks.warc.gz": (0, 0),
    "warcio_bad.arc": (0, 0),
    "warcio_example-bad.warc.gz.bad": (0, 0),
    "warcio_example-digest.warc": (4, 0),
    "ukwa_truncated_datetime.warc": (5, 1),
    "py-wacz_invalid_example_1.wacz": (0, 0),
}
# Its hashes all verify; only its signature does not, and signatures are not checked here.
SIGNED = ("py-wacz_valid_signed_example_1.wacz", "py-wacz_invalid_signed_example_1.wacz")
IMPORT = (
    "from claims.cli import cli; "
    "from claims.cli_archives import import_command, fixity_command; "
    "cli.add_command(import_command); cli.add_command(fixity_command); cli()"
)


@pytest.fixture(scope="module")
def everything(tmp_path_factory):
    """Every shared archive file imported once into one archive folder."""
    if not WARCS.exists():
        pytest.skip(f"shared test data not found at {WARCS}")
    archive = tmp_path_factory.mktemp("archive")
    paths = sorted(WARCS / e["file"] for e in MANIFEST)
    report = maintenance.import_files(archive / "citevault.db", archive, paths)
    return archive, report


def results_for(report, name: str) -> list:
    return [f for f in report.imported if f.origin == name]


def captures(archive: Path, where: str = "1", params=()) -> list[dict]:
    db = open_database(archive / "citevault.db")
    return list(db.query(f"select * from captures where {where} order by id", params))


def summary(output: str) -> dict[str, str]:
    """The summary table a command prints, as {label: value}."""
    rows = [line.rsplit("  ", 1) for line in output.splitlines() if "  " in line]
    return {label.strip(): value.strip() for label, value in rows}


def run_cli(archive: Path, *args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-c", IMPORT, "--archive-dir", str(archive), *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("entry", SOUND, ids=[e["file"] for e in SOUND])
def test_every_sound_file_imports_whole(everything, entry):
    _, report = everything
    results = results_for(report, entry["file"])
    assert results and not any(r.problems for r in results), [r.report_line() for r in results]
    if entry["file"].endswith(".wacz"):
        assert sum(len(r.records) for r in results) >= 1
        return
    (result,) = results
    expected = RECORDS_BY_LENGTH.get(entry["file"], entry["warcio_1_8_1_read"]["records"])
    assert result.records_read == expected
    assert result.warc_file == f"imported/{entry['file']}"


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_every_malformed_file_is_named_and_keeps_what_was_read(everything, name):
    archive, report = everything
    results = results_for(report, name)
    lines = [line for r in results if (line := r.report_line())]
    assert len(lines) == 1 and lines[0].startswith(f"{name}: read "), lines
    read, kept = MALFORMED[name]
    assert sum(r.records_read for r in results) == read
    assert len(captures(archive, "imported_from = ?", [name])) == kept


def test_malformed_lines_say_where_reading_stopped(everything):
    _, report = everything
    lines = "\n".join(report.problem_lines())
    assert (
        "warcio_example-trunc.warc: read 2 records, then: record does not end with CRLF CRLF "
        "where its Content-Length (973) says at offset 1197"
    ) in lines
    assert "warcio_bad.arc: read 0 records, then: invalid ARC record length '-1' at offset 0" in (
        lines
    )
    assert "warcio recompress" in lines
    assert "payload digest mismatch (sha1:1112H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ) at offset 0" in lines
    assert "WARC-Date '2019-08-15T01:02' is not a full UTC date-time" in lines
    assert report.failed


@pytest.mark.parametrize("name", SIGNED)
def test_a_signed_wacz_imports_and_its_unchecked_signature_is_noted(everything, name):
    archive, report = everything
    assert not any(r.problems for r in results_for(report, name))
    assert any(name in note and "wacz validate" in note for note in report.notes())
    rows = captures(archive, "imported_from = ?", [name])
    assert rows and all(r["warc_file"].startswith(f"imported/{Path(name).stem}/") for r in rows)


def test_imported_captures_read_back_with_their_payload(everything):
    archive, _ = everything
    rows = captures(archive)
    assert len(rows) > 50
    for row in rows:
        record = read_record(archive / row["warc_file"], row["warc_offset"])
        assert hashlib.sha256(record.raw_payload).hexdigest() == row["payload_sha256"]
        assert record.target_uri == row["final_url"]
        assert record.status_code == row["status_code"]


def test_imported_copies_are_byte_identical_and_indexed(everything):
    archive, _ = everything
    copy = archive / "imported" / "warcio_example.warc.gz"
    assert copy.read_bytes() == (WARCS / "warcio_example.warc.gz").read_bytes()
    files = {e.filename for e in CdxjIndex(archive).lookup("http://example.com/")}
    assert {"imported/warcio_example.warc.gz", "imported/warcio_example.arc.gz"} <= files
    assert "imported/py-wacz_valid_example_1/example-collection.warc" in files


def test_a_revisit_becomes_a_capture_of_the_record_it_revisits(everything):
    archive, _ = everything
    rows = captures(archive, "imported_from = ?", ["warcio_example.warc.gz"])
    assert [r["fetched_at"] for r in rows] == ["2017-03-06T04:02:06Z", "2017-03-06T04:03:48Z"]
    assert len({(r["warc_file"], r["warc_offset"]) for r in rows}) == 1
    assert rows[0]["payload_sha1"] == rows[1]["payload_sha1"]


def test_revisits_whose_original_is_elsewhere_are_counted_not_captured(everything):
    _, report = everything
    (result,) = results_for(report, "ukwa_BL-20140325122341434-00000-32090_opera_8443.warc.gz")
    assert result.unresolved_revisits == 55
    assert ("revisits without original", 55) in report.rows()


def test_quirks_are_read_as_readers_should(everything):
    archive, _ = everything
    (wget,) = captures(archive, "imported_from = ?", ["warcio_example-wget-bad-target-uri.warc.gz"])
    assert wget["requested_url"] == "http://example.com/"
    (spaced,) = captures(
        archive, "imported_from = ?", ["warcio_example-space-in-target-uri.warc.gz"]
    )
    assert spaced["requested_url"] == "file:///example%20with%20spaces.png"
    (chunked,) = captures(archive, "imported_from = ?", ["warcio_example-iana.org-chunked.warc"])
    page = read_record(archive / chunked["warc_file"], chunked["warc_offset"]).payload
    assert page.startswith(b"<!doctype html>") and page.rstrip().endswith(b"</html>")
    arc = captures(archive, "requested_url = ?", ["http://www.archive.org/"])
    assert any(r["warc_file"].endswith(".arc") for r in arc)


def test_importing_again_adds_nothing(everything):
    archive, _ = everything
    before = (len(captures(archive)), sorted(p.name for p in (archive / "imported").rglob("*")))
    lines = (archive / "index.cdxj").read_text()
    paths = [WARCS / "warcio_example.warc.gz", WARCS / "py-wacz_valid_example_2.wacz"]
    again = maintenance.import_files(archive / "citevault.db", archive, paths)
    assert again.captures_added == 0
    assert (len(captures(archive)), sorted(p.name for p in (archive / "imported").rglob("*"))) == (
        before
    )
    assert (archive / "index.cdxj").read_text() == lines
    assert any("already imported" in note for note in again.notes())


def test_a_crawl_of_ours_imports_to_the_same_captures(tmp_path):
    site = serve(
        {
            "/story": lambda h: send(h, 200, html_page("Story", "A story worth keeping.")),
            "/gone": lambda h: send(h, 404, b"<p>gone</p>"),
        }
    )
    try:
        options = CrawlOptions(
            allow_private=True,
            host_delay=0,
            connect_to={("news.example", 80): (site.host, site.port)},
        )
        crawled = archive_urls(
            ["http://news.example/story", "http://news.example/gone"], tmp_path / "crawl", options
        )
    finally:
        site.close()
    (warc,) = (tmp_path / "crawl").glob("*.warc.gz")
    archive = tmp_path / "archive"
    report = maintenance.import_files(archive / "citevault.db", archive, [warc])
    assert not report.failed
    rows = {r["requested_url"]: r for r in captures(archive)}
    for url, capture in crawled.items():
        row = rows[url]
        assert (row["payload_sha256"], row["payload_sha1"]) == (
            capture.payload_sha256,
            capture.payload_sha1,
        )
        assert (row["warc_offset"], row["warc_length"]) == (
            capture.warc_offset,
            capture.warc_length,
        )
        assert row["imported_from"] == warc.name
    assert (
        rows["http://news.example/gone"]["error_kind"],
        rows["http://news.example/gone"]["error"],
    ) == (
        "http_4xx",
        "HTTP 404 Not Found",
    )


def test_the_command_exits_1_naming_each_broken_file(tmp_path):
    if not WARCS.exists():
        pytest.skip(f"shared test data not found at {WARCS}")
    files = [WARCS / "warcio_example.warc.gz", WARCS / "warcio_example-trunc.warc"]
    result = run_cli(tmp_path, "import", "-s", *map(str, files))
    assert result.returncode == 1, result.stderr
    assert result.stderr.splitlines() == [
        "warcio_example-trunc.warc: read 2 records, then: record does not end with CRLF CRLF "
        "where its Content-Length (973) says at offset 1197"
    ]
    assert summary(result.stdout) == {
        "files": "2",
        "records": "8",
        "captures added": "2",
        "revisits without original": "0",
        "problems": "1",
    }


def test_the_command_exits_0_when_every_file_is_sound(tmp_path):
    if not WARCS.exists():
        pytest.skip(f"shared test data not found at {WARCS}")
    files = [WARCS / "warcio_example.arc.gz", WARCS / "py-wacz_valid_example_1.wacz"]
    result = run_cli(tmp_path, "import", *map(str, files))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert summary(result.stdout)["captures added"] == "2"


def test_a_missing_file_is_a_one_line_error(tmp_path):
    result = run_cli(tmp_path, "import", str(tmp_path / "nowhere.warc.gz"))
    assert result.returncode == 1
    assert result.stderr.strip() == f"Error: file not found: {tmp_path / 'nowhere.warc.gz'}"


def test_a_file_that_is_no_archive_is_named(tmp_path):
    page = tmp_path / "page.html"
    page.write_text("<html><body>not an archive</body></html>")
    archive = tmp_path / "archive"
    report = maintenance.import_files(archive / "citevault.db", archive, [page])
    assert report.problem_lines() == [
        "page.html: read 0 records, then: not a WARC, ARC or WACZ file: no record starts "
        "at offset 0"
    ]
    assert not list((archive / "imported").iterdir())
