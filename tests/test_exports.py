"""`citevault export json|csv|wacz`: an article's data for other tools, as stored."""

from __future__ import annotations

import csv
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from claims.cli import cli
from claims.exports import CSV_TABLES
from claims.review import record_review

from .conftest import DemoRun, copy_of, database

JSON_COLUMNS = ("kinds", "details", "redirects")


@pytest.fixture(scope="module")
def archived(demo_run: DemoRun, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled example run once, with one claim reviewed; plus a second, empty article."""
    folder = copy_of(demo_run.folder, tmp_path_factory.mktemp("exports"))
    db = database(folder)
    record_review(db, 5, "Mostly false", 'The source says "October 15", not 14', reviewer="ana")
    db["articles"].insert({"url": "https://other.example/story", "title": "Another article"})
    return folder


def export(archive: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--archive-dir", str(archive), "export", *args])


def decoded(row: dict[str, Any]) -> dict[str, Any]:
    return {k: json.loads(v) if k in JSON_COLUMNS and v else v for k, v in row.items()}


# -- json -------------------------------------------------------------------------------------


def test_the_json_document_holds_the_article_and_its_claims_as_stored(archived: Path) -> None:
    result = export(archived, "json", "1")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    db = database(archived)
    assert document["article"] == db["articles"].get(1)
    stored = list(db.query("select * from claims where article_id = 1 order by seq"))
    assert [c["id"] for c in document["claims"]] == [c["id"] for c in stored]
    for claim, row in zip(document["claims"], stored, strict=True):
        assert {k: claim[k] for k in row} == decoded(row)
        mentions = db.query("select * from mentions where claim_id = ? order by id", [row["id"]])
        assert claim["mentions"] == [
            {k: v for k, v in decoded(m).items() if k != "claim_id"} for m in mentions
        ]


def test_claims_point_at_sources_and_captures_listed_once(archived: Path) -> None:
    document = json.loads(export(archived, "json", "1").stdout)
    sources = {s["id"] for s in document["sources"]}
    captures = {c["id"] for c in document["captures"]}
    cited = {s["source_id"] for c in document["claims"] for s in c["sources"]}
    checked = {e["capture_id"] for c in document["claims"] for e in c["evidence"]}
    assert cited <= sources and checked <= captures
    assert document["article"]["capture_id"] in captures
    assert all(isinstance(c["redirects"], list | None) for c in document["captures"])


def test_reviews_ride_along_with_their_claim(archived: Path) -> None:
    document = json.loads(export(archived, "json", "1").stdout)
    reviewed = {c["id"]: c["reviews"] for c in document["claims"] if c["reviews"]}
    assert list(reviewed) == [5]
    assert reviewed[5][0]["rating"] == "Mostly false"


def test_an_article_is_named_by_its_url_as_well(archived: Path, tmp_path: Path) -> None:
    url = database(archived)["articles"].get(1)["url"]
    out = tmp_path / "article.json"
    result = export(archived, "json", url, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text()) == json.loads(export(archived, "json", "1").stdout)


def test_an_article_without_claims_exports_empty_lists(archived: Path) -> None:
    document = json.loads(export(archived, "json", "2").stdout)
    assert document["claims"] == document["sources"] == document["captures"] == []


# -- csv --------------------------------------------------------------------------------------


def test_csv_files_hold_the_tables_rows_under_a_header(archived: Path, tmp_path: Path) -> None:
    result = export(archived, "csv", "1", "-o", str(tmp_path / "csv"))
    assert result.exit_code == 0, result.output
    db = database(archived)
    claim_ids = [r["id"] for r in db.query("select id from claims where article_id = 1")]
    for table in CSV_TABLES:
        with (tmp_path / "csv" / f"{table}.csv").open(encoding="utf-8", newline="") as stream:
            header, *rows = list(csv.reader(stream))
        assert header == list(db[table].columns_dict)
        if "claim_id" in header:
            where = f"claim_id in ({','.join(map(str, claim_ids))})"
            stored = list(db[table].rows_where(where))
            assert len(rows) == len(stored)
        else:
            keys = {row[0] for row in rows}
            stored = [r for r in db[table].rows if str(r["id"]) in keys]
        as_text = sorted([("" if v is None else str(v)) for v in row.values()] for row in stored)
        assert sorted(rows) == as_text, table


def test_csv_quotes_commas_quotes_and_keeps_json_as_text(archived: Path, tmp_path: Path) -> None:
    export(archived, "csv", "1", "-o", str(tmp_path))
    with (tmp_path / "reviews.csv").open(encoding="utf-8", newline="") as stream:
        (review,) = list(csv.DictReader(stream))
    assert review["note"] == 'The source says "October 15", not 14'
    assert '"The source says ""October 15"", not 14"' in (tmp_path / "reviews.csv").read_text()
    with (tmp_path / "claims.csv").open(encoding="utf-8", newline="") as stream:
        assert all(isinstance(json.loads(c["kinds"]), list) for c in csv.DictReader(stream))


def test_csv_reports_the_rows_written_per_file(archived: Path, tmp_path: Path) -> None:
    result = export(archived, "csv", "1", "-o", str(tmp_path))
    counts = {
        Path(line.split()[1]).name: int(line.split()[0]) for line in result.stdout.splitlines()
    }
    assert counts["claims.csv"] == database(archived)["claims"].count_where("article_id = 1")
    assert counts["reviews.csv"] == 1


@pytest.mark.parametrize("fmt", ["csv", "wacz"])
def test_csv_and_wacz_need_an_output(archived: Path, fmt: str) -> None:
    result = export(archived, fmt, "1")
    assert result.exit_code == 2
    wanted = "FOLDER" if fmt == "csv" else "FILE.wacz"
    assert result.output.strip().splitlines()[-1] == f"Error: export {fmt} needs -o {wanted}"


# -- wacz -------------------------------------------------------------------------------------


def test_the_wacz_package_is_written_where_asked(archived: Path, tmp_path: Path) -> None:
    # Its validity is checked once, by py-wacz, in test_wacz.py.
    out = tmp_path / "article.wacz"
    result = export(archived, "wacz", "1", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"{out}: ") and " records, " in result.stdout
    with zipfile.ZipFile(out) as package:
        assert "datapackage.json" in package.namelist()


def test_a_capture_without_a_record_offset_is_left_out_of_the_wacz(
    archived: Path, tmp_path: Path
) -> None:
    copy = copy_of(archived, tmp_path)
    db = database(copy)
    before = export(copy, "wacz", "1", "-o", str(tmp_path / "before.wacz"))
    assert before.exit_code == 0, before.output
    capture_id = next(db.query("select id from captures where source_id is not null"))["id"]
    db.execute("update captures set warc_offset = null where id = ?", [capture_id])
    db.conn.commit()
    result = export(copy, "wacz", "1", "-o", str(tmp_path / "after.wacz"))
    assert result.exit_code == 0, result.output
    with (
        zipfile.ZipFile(tmp_path / "before.wacz") as old,
        zipfile.ZipFile(tmp_path / "after.wacz") as new,
    ):
        pages_before = old.read("pages/pages.jsonl").decode().splitlines()
        pages_after = new.read("pages/pages.jsonl").decode().splitlines()
    assert len(pages_after) == len(pages_before) - 1


# -- errors -----------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "csv", "wacz", "claimreview"])
def test_an_unknown_article_is_one_line(archived: Path, tmp_path: Path, fmt: str) -> None:
    result = export(
        archived, fmt, "https://nowhere.example/", "-o", str(tmp_path / "x"), "--publisher", "X"
    )
    assert result.exit_code == 1
    assert result.output == (
        "Error: article https://nowhere.example/ does not exist in the database "
        "(give an article id or URL from the articles table)\n"
    )


def test_an_unknown_format_is_refused(archived: Path) -> None:
    result = export(archived, "xml", "1")
    assert result.exit_code == 2
    assert "'xml' is not one of 'claimreview', 'json', 'csv', 'wacz'" in result.output
