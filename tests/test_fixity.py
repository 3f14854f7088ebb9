"""Fixity: a sound archive passes; a flipped byte, a cut file or a wrong offset is named."""

from __future__ import annotations

import gzip
import zlib
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from archiver import CrawlOptions
from claims import archiving, maintenance
from claims.cli import cli
from claims.cli_archives import fixity_command, import_command
from claims.storage import open_database

from .conftest import shared_dir
from .sites import html_page, send, serve

PAGES = {
    f"/story{n}": html_page(f"Story {n}", f"Paragraph {n} of a story. " * 40) for n in range(4)
}
CITEVAULT = click.Group(
    name="citevault",
    params=cli.params,
    callback=cli.callback,
    commands={**cli.commands, "fixity": fixity_command, "import": import_command},
)


@pytest.fixture(scope="module")
def site():
    server = serve(
        {path: (lambda h, body=body: send(h, 200, body)) for path, body in PAGES.items()}
    )
    yield server
    server.close()


@pytest.fixture
def archive(site, tmp_path):
    """A fresh archive folder holding the site's stories, archived through the pipeline."""
    options = CrawlOptions(
        allow_private=True, host_delay=0, connect_to={("news.example", 80): (site.host, site.port)}
    )
    urls = [f"http://news.example{path}" for path in PAGES]
    archiving.archive(urls, tmp_path / "citevault.db", tmp_path, options)
    return tmp_path


def fixity(archive: Path):
    result = CliRunner().invoke(CITEVAULT, ["--archive-dir", str(archive), "fixity", "-s"])
    assert "Traceback" not in result.output
    return result


def summary(output: str) -> dict[str, str]:
    rows = [line.rsplit("  ", 1) for line in output.splitlines() if "  " in line]
    return {label.strip(): value.strip() for label, value in rows}


def stored(archive: Path) -> list[dict]:
    """The archived captures, last record of the file first."""
    db = open_database(archive / "citevault.db")
    sql = "select * from captures where warc_file is not null order by warc_offset desc"
    return list(db.query(sql))


def flip_payload_byte(path: Path, offset: int, length: int) -> None:
    """Change one payload byte of the gzip member at ``offset``, recompressed in place."""
    data = path.read_bytes()
    record = bytearray(zlib.decompress(data[offset : offset + length], 16 + zlib.MAX_WBITS))
    body = record.index(b"\r\n\r\n", record.index(b"\r\n\r\n") + 4) + 4
    record[body + 10] ^= 0x20
    member = gzip.compress(bytes(record), mtime=0)
    path.write_bytes(data[:offset] + member + data[offset + length :])


def test_a_sound_archive_passes_with_what_was_checked(archive):
    result = fixity(archive)
    assert result.exit_code == 0, result.output
    table = summary(result.stdout)
    assert table["records checked"] == str(len(stored(archive))) and table["problems"] == "0"
    assert float(table["MB"]) > 0 and float(table["MB/s"]) > 0


@pytest.mark.damages_warcs
def test_a_flipped_payload_byte_names_file_offset_record_and_url(archive):
    last = stored(archive)[0]
    warc = archive / last["warc_file"]
    flip_payload_byte(warc, last["warc_offset"], last["warc_length"])
    result = fixity(archive)
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    where = f"{last['warc_file']} offset {last['warc_offset']} {last['warc_record_id']} "
    assert line.startswith(where + last["final_url"] + ": ")
    for problem in ("block digest mismatch", "payload digest mismatch", "payload sha256 mismatch"):
        assert problem in line
    assert summary(result.stdout)["problems"] == "1"


@pytest.mark.damages_warcs
def test_a_truncated_warc_names_the_records_it_lost(archive):
    last, before = stored(archive)[:2]
    warc = archive / last["warc_file"]
    with open(warc, "r+b") as stream:
        stream.truncate(last["warc_offset"] + last["warc_length"] // 2)
    result = fixity(archive)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{last['warc_file']} offset {last['warc_offset']}: gzip member cut short (file truncated)"
    ]
    with open(warc, "r+b") as stream:
        stream.truncate(before["warc_offset"] + 10)
    lines = fixity(archive).stderr.splitlines()
    assert lines[-1] == (
        f"{last['warc_file']} offset {last['warc_offset']}: file ends at byte "
        f"{before['warc_offset'] + 10}, before the record (truncated)"
    )
    assert len(lines) == 2


def test_a_capture_pointing_at_another_record_is_named(archive):
    first, second = stored(archive)[:2]
    db = open_database(archive / "citevault.db")
    db.table("captures").update(
        first["id"], {"warc_offset": second["warc_offset"], "warc_length": second["warc_length"]}
    )
    report = maintenance.fixity(archive / "citevault.db", archive)
    (problem,) = report.problems
    assert problem.problems == [
        f"record is for {second['final_url']}, not {first['final_url']}",
        "payload sha256 mismatch",
        "payload sha1 mismatch",
    ]


def test_a_missing_warc_file_is_named_for_each_capture(archive):
    rows = stored(archive)
    (archive / rows[0]["warc_file"]).unlink()
    report = maintenance.fixity(archive / "citevault.db", archive)
    assert len(report.problems) == len(rows)
    assert {p.describe().split(": ", 1)[1] for p in report.problems} == {"WARC file missing"}


def test_every_record_is_reported_as_it_is_checked(archive):
    seen = []
    report = maintenance.fixity(archive / "citevault.db", archive, seen.append)
    assert len(seen) == report.checked == len(stored(archive))
    assert report.bytes_read == sum(r["warc_length"] for r in stored(archive))


def test_imported_third_party_archives_pass(tmp_path):
    warcs = shared_dir() / "data" / "warcs"
    if not warcs.exists():
        pytest.skip(f"shared test data not found at {warcs}")
    names = [
        "warcio_example.warc",
        "warcio_example.warc.gz",
        "warcio_example.arc.gz",
        "warcio_example-iana.org-chunked.warc",
        "webarchive-commons_IAH-20080430204825-00000-blackbook-truncated.arc",
        "webarchive-commons_IAH-urls-wget.warc.gz",
        "py-wacz_valid_signed_example_1.wacz",
    ]
    report = maintenance.import_files(
        tmp_path / "citevault.db", tmp_path, [warcs / n for n in names]
    )
    assert report.captures_added > 20
    result = fixity(tmp_path)
    assert result.exit_code == 0, result.stderr
    assert summary(result.stdout)["records checked"] == str(report.captures_added)
