"""`citevault verify`: claims checked again from the archive alone, with links into the snapshots."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import pytest
import sqlite_utils
from click.testing import CliRunner, Result

from claims.cli import cli
from claims.publish import make_datasette
from claims.storage import open_database

from .conftest import DemoRun

CITEVAULT = str(Path(sys.executable).parent / "citevault")
STATUS_COLUMNS = ("supported", "discrepancy", "not found", "unavailable", "unchecked")


@pytest.fixture
def archived(demo_run: DemoRun) -> tuple[Path, str]:
    """The bundled example's archive, shared, and its article URL; its server is gone."""
    return demo_run.folder, demo_run.article_url


@pytest.fixture
def archive(demo_copy: Path) -> Path:
    """A private copy of the archived run (WARC files and database), for one test to change."""
    return demo_copy


def verify(archive: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--archive-dir", str(archive), "verify", "-s", *args])


def snapshot(archive: Path) -> dict[str, list[dict]]:
    db = sqlite_utils.Database(archive / "citevault.db")
    return {
        "claims": list(db.query("select id, status from claims order by id")),
        "evidence": list(db.query("select * from evidence order by claim_id, capture_id")),
        "captures": list(db.query("select id from captures order by id")),
    }


def test_verifying_again_without_network_gives_the_same_statuses(archive: Path) -> None:
    before = snapshot(archive)
    # The example's server stopped with the fixture: anything fetched now would fail.
    command = [CITEVAULT, "--archive-dir", str(archive), "verify", "-s"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert snapshot(archive) == before
    statuses = {s["status"] for s in before["claims"]}
    assert {"supported", "discrepancy", "not_found"} <= statuses


def test_the_summary_counts_each_articles_claims_by_status(archive: Path) -> None:
    result = verify(archive, "1")
    assert result.exit_code == 0, result.output
    header, row = (re.split(r"\s{2,}", line) for line in result.output.splitlines())
    assert header == ["article", "claims", *STATUS_COLUMNS, "changed", "url"]
    db = sqlite_utils.Database(archive / "citevault.db")
    rows = db.query("select status, count(*) as n from claims group by status")
    counts = {r["status"]: r["n"] for r in rows}
    summary = dict(zip(header, row, strict=True))
    assert int(summary["claims"]) == db["claims"].count
    assert int(summary["supported"]) == counts.get("supported", 0)
    assert int(summary["discrepancy"]) == counts.get("discrepancy", 0) == 1
    assert int(summary["not found"]) == counts.get("not_found", 0)
    assert summary["changed"] == "0"


def test_json_gives_statuses_per_article(archived: tuple[Path, str], archive: Path) -> None:
    result = verify(archive, "--json")
    [article] = json.loads(result.output)["articles"]
    assert (article["id"], article["url"]) == (1, archived[1])
    assert sum(article["statuses"].values()) == article["claims"] > 0
    assert article["changed"] == []


def test_an_article_can_be_named_by_its_url(archived: tuple[Path, str], archive: Path) -> None:
    # Compared as normalized URLs: the host's case and tracking parameters do not matter.
    scheme, rest = archived[1].split("://", 1)
    host, path = rest.split("/", 1)
    url = f"{scheme}://{host.upper()}/{path}?utm_source=newsletter"
    [article] = json.loads(verify(archive, url, "--json").output)["articles"]
    assert (article["id"], article["url"]) == (1, archived[1])


def test_claims_whose_status_changed_are_named(archive: Path) -> None:
    db = sqlite_utils.Database(archive / "citevault.db")
    claim = next(db.query("select id, status from claims where status = 'discrepancy'"))
    db.execute("update claims set status = 'unchecked' where id = ?", [claim["id"]])
    db.conn.commit()
    result = verify(archive)
    assert f"claim {claim['id']}: unchecked -> discrepancy" in result.output.splitlines()
    assert db["claims"].get(claim["id"])["status"] == "discrepancy"


# Evidence links: the snapshot, scrolled to the passage.


def test_evidence_links_open_the_snapshot_at_the_passage(archive: Path) -> None:
    db = sqlite_utils.Database(archive / "citevault.db")
    rows = list(db.query("select * from evidence where passage is not null"))
    assert rows
    for row in rows:
        page, directive = row["link"].split("#:~:text=")
        assert page == f"/-/citevault/capture/{row['capture_id']}"
        start = unquote(directive.split(",")[0])
        assert " ".join(row["passage"].split()).startswith(start)


def test_evidence_from_a_failed_capture_has_no_link(archive: Path) -> None:
    db = sqlite_utils.Database(archive / "citevault.db")
    failed = list(db.query("select link from evidence where status = 'unavailable'"))
    assert failed and all(row["link"] is None for row in failed)


async def test_the_linked_snapshot_is_served(archive: Path) -> None:
    db = sqlite_utils.Database(archive / "citevault.db")
    link = next(db.query("select link from evidence where passage is not null"))["link"]
    datasette = make_datasette(archive / "citevault.db", archive)
    response = await datasette.client.get(link.split("#")[0])
    assert response.status_code == 200


def test_a_database_made_before_links_gets_them_when_opened(archive: Path) -> None:
    path = archive / "citevault.db"
    db = sqlite_utils.Database(path)
    links = [r["link"] for r in db.query("select link from evidence order by rowid")]
    db.execute("alter table evidence drop column link")
    db.close()
    reopened = open_database(path)
    assert [r["link"] for r in reopened.query("select link from evidence order by rowid")] == links


# Errors: one line, a non-zero exit.


def assert_one_line_error(result: Result, expected: str) -> None:
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.exit_code == 1 and lines == [f"Error: {expected}"], result.stderr


def test_an_unknown_article_id_is_a_one_line_error(archive: Path) -> None:
    assert_one_line_error(
        verify(archive, "7"),
        "article 7 does not exist in the database "
        "(give an article id or URL from the articles table)",
    )


def test_an_unknown_article_url_is_a_one_line_error(archive: Path) -> None:
    url = "https://elsewhere.example/story"
    assert_one_line_error(
        verify(archive, url),
        f"article {url} does not exist in the database "
        "(give an article id or URL from the articles table)",
    )


def test_a_missing_database_is_a_one_line_error_and_is_not_created(tmp_path: Path) -> None:
    result = verify(tmp_path / "archives")
    missing = tmp_path / "archives" / "citevault.db"
    assert_one_line_error(
        result, f"database not found: {missing} (run 'citevault run SOURCE' first)"
    )
    assert not missing.exists()


def test_a_database_without_articles_is_a_one_line_error(tmp_path: Path) -> None:
    open_database(tmp_path / "citevault.db").close()
    assert_one_line_error(
        verify(tmp_path),
        "the database holds no article yet (run 'citevault run SOURCE' first)",
    )


def test_a_wrong_archive_dir_is_a_one_line_error_and_keeps_the_evidence(
    archive: Path, tmp_path: Path
) -> None:
    before = snapshot(archive)
    db = sqlite_utils.Database(archive / "citevault.db")
    sql = "select warc_file from captures where warc_file is not null order by id"
    first = next(db.query(sql))["warc_file"]
    empty = tmp_path / "empty"
    empty.mkdir()
    command = ["--db", str(archive / "citevault.db"), "--archive-dir", str(empty), "verify", "-s"]
    assert_one_line_error(
        CliRunner().invoke(cli, command),
        f"WARC file {first} not found in {empty}: is --archive-dir right?",
    )
    assert snapshot(archive) == before


@pytest.mark.damages_warcs
def test_a_warc_file_that_cannot_be_read_makes_its_captures_unavailable(archive: Path) -> None:
    db = sqlite_utils.Database(archive / "citevault.db")
    sql = "select distinct warc_file from captures where warc_file is not null"
    for row in db.query(sql):
        (archive / row["warc_file"]).write_bytes(b"not a WARC record\r\n")
    result = verify(archive)
    assert result.exit_code == 0, result.output
    statuses = {row["status"] for row in db.query("select status from evidence")}
    assert statuses == {"unavailable"}


@pytest.mark.parametrize("article", ["99999999999999999999", "\u0661", "\u00b2"])
def test_an_id_sqlite_cannot_hold_or_in_other_digits_names_no_article(
    archive: Path, article: str
) -> None:
    before = snapshot(archive)
    assert_one_line_error(
        verify(archive, article),
        f"article {article} does not exist in the database "
        "(give an article id or URL from the articles table)",
    )
    assert snapshot(archive) == before


def test_a_file_that_is_no_sqlite_database_is_a_one_line_error(tmp_path: Path) -> None:
    (tmp_path / "citevault.db").write_text("these are my notes, not a database\n" * 20)
    assert_one_line_error(
        verify(tmp_path),
        f"{tmp_path / 'citevault.db'} is not a citevault database (file is not a database)",
    )


def test_another_programs_database_is_refused_and_left_as_it_was(tmp_path: Path) -> None:
    sqlite_utils.Database(tmp_path / "citevault.db")["songs"].insert({"title": "Blue"})
    assert_one_line_error(
        verify(tmp_path),
        f"{tmp_path / 'citevault.db'} is not a citevault database (it has no articles table)",
    )
    assert sqlite_utils.Database(tmp_path / "citevault.db").table_names() == ["songs"]
