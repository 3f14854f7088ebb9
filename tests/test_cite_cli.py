"""`citevault cite`: citations of the archived snapshots behind a claim, a source or a capture."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from claims.citing import DEFAULT_BASE_URL
from claims.cli import cli

from .conftest import DemoRun, database

BASE = "https://checks.example.org"


@pytest.fixture
def demo_archive(demo_run: DemoRun) -> Path:
    """The bundled example's archive, shared: for a test that only reads it."""
    return demo_run.folder


@pytest.fixture
def archive(demo_copy: Path) -> Path:
    """A private copy of the example's archive, for a test that changes it."""
    return demo_copy


def cite(archive: Path, *args: str, env: dict[str, str | None] | None = None) -> Result:
    environment = {"CITEVAULT_BASE_URL": None, **(env or {})}
    return CliRunner().invoke(cli, ["--archive-dir", str(archive), "cite", *args], env=environment)


def claim_with_sources(archive: Path, count: int) -> int:
    """A claim citing exactly COUNT sources, each captured successfully."""
    sql = """
        select cs.claim_id from claim_sources cs
        group by cs.claim_id
        having count(distinct cs.source_id) = ? and sum(not exists (
            select 1 from captures c where c.source_id = cs.source_id and c.error is null
        )) = 0
        order by cs.claim_id limit 1
    """
    return int(next(database(archive).query(sql, [count]))["claim_id"])


def snapshot_of(archive: Path, source_id: int) -> str:
    sql = "select max(id) as id from captures where source_id = ? and error is null"
    capture_id = next(database(archive).query(sql, [source_id]))["id"]
    return f"{BASE}/-/citevault/capture/{capture_id}"


class _Anchors(HTMLParser):
    """Every <a> element's attributes, as an HTML parser reads them."""

    def __init__(self) -> None:
        super().__init__()
        self.anchors: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.anchors.append(dict(attrs))


# -- a claim ----------------------------------------------------------------------------------


def test_a_claim_is_cited_once_per_source_at_each_sources_snapshot(demo_archive: Path) -> None:
    claim_id = claim_with_sources(demo_archive, 2)
    result = cite(demo_archive, str(claim_id), "--format", "apa", "--base-url", BASE)
    assert result.exit_code == 0, result.output
    sql = "select source_id from claim_sources where claim_id = ? order by rowid"
    sources = list(
        dict.fromkeys(r["source_id"] for r in database(demo_archive).query(sql, [claim_id]))
    )
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    for line, source_id in zip(lines, sources, strict=True):
        assert line.endswith(snapshot_of(demo_archive, source_id))


def test_a_claim_citing_no_source_is_cited_by_its_archived_article(demo_archive: Path) -> None:
    db = database(demo_archive)
    sql = "select id, article_id from claims where id not in (select claim_id from claim_sources)"
    claim = next(db.query(sql + " order by id limit 1"))
    article = db["articles"].get(claim["article_id"])
    result = cite(demo_archive, str(claim["id"]), "--format", "wikipedia", "--base-url", BASE)
    assert result.exit_code == 0, result.output
    assert f"|url={article['url']} " in result.stdout
    assert f"|archive-url={BASE}/-/citevault/capture/{article['capture_id']} " in result.stdout
    assert f"|title={article['title']} " in result.stdout
    assert f"claim {claim['id']} cites no source: citing the article it appears in" in result.stderr


def test_a_cited_source_never_captured_is_named_and_left_out(demo_archive: Path) -> None:
    sql = """
        select cs.claim_id, s.url from claim_sources cs join sources s on s.id = cs.source_id
        where not exists (select 1 from captures c where c.source_id = s.id and c.error is null)
        order by cs.claim_id limit 1
    """
    row = next(database(demo_archive).query(sql))
    result = cite(demo_archive, str(row["claim_id"]), "--format", "mla")
    assert result.exit_code == 0, result.output
    assert f"not cited, never captured successfully: {row['url']}" in result.stderr
    assert row["url"].split("://")[1] not in result.stdout


# -- the formats ------------------------------------------------------------------------------


def test_csl_json_is_one_array_with_distinct_ids(demo_archive: Path) -> None:
    claim_id = claim_with_sources(demo_archive, 2)
    result = cite(demo_archive, str(claim_id), "--format", "csl-json", "--base-url", BASE)
    entries = json.loads(result.stdout)
    assert len(entries) == 2
    assert len({entry["id"] for entry in entries}) == 2
    for entry in entries:
        assert entry["archive_location"].startswith(f"{BASE}/-/citevault/capture/")
        assert entry["accessed"]["date-parts"][0][0] >= 2024
        assert entry["URL"].startswith("http")


def test_bibtex_entries_balance_their_braces_and_keep_distinct_keys(demo_archive: Path) -> None:
    claim_id = claim_with_sources(demo_archive, 2)
    result = cite(demo_archive, str(claim_id), "--format", "bibtex")
    entries = result.stdout.strip().split("\n\n")
    assert len(entries) == 2
    for entry in entries:
        depth = 0
        for char in entry:
            depth += {"{": 1, "}": -1}.get(char, 0)
            assert depth >= 0
        assert depth == 0
        assert entry.startswith("@online{") and entry.endswith("}")
    keys = [entry[len("@online{") : entry.index(",")] for entry in entries]
    assert len(set(keys)) == 2


def test_robust_links_carry_the_original_the_snapshot_and_its_date(demo_archive: Path) -> None:
    claim_id = claim_with_sources(demo_archive, 1)
    result = cite(demo_archive, str(claim_id), "--format", "robustlinks", "--base-url", BASE)
    parser = _Anchors()
    parser.feed(result.stdout)
    (anchor,) = parser.anchors
    source = next(
        database(demo_archive).query(
            "select s.id, s.url from sources s join claim_sources cs on cs.source_id = s.id "
            "where cs.claim_id = ?",
            [claim_id],
        )
    )
    assert anchor["href"] == anchor["data-originalurl"] == source["url"]
    assert anchor["data-versionurl"] == snapshot_of(demo_archive, source["id"])
    assert len(anchor["data-versiondate"] or "") == 10  # an ISO day


@pytest.mark.parametrize("fmt", ["apa", "chicago", "mla", "bluebook"])
def test_text_styles_print_one_line_per_source(demo_archive: Path, fmt: str) -> None:
    claim_id = claim_with_sources(demo_archive, 2)
    result = cite(demo_archive, str(claim_id), "--format", fmt, "--base-url", BASE)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    assert all("/-/citevault/capture/" in line for line in lines)


# -- a source or a capture --------------------------------------------------------------------


def test_a_source_whose_latest_capture_failed_is_cited_as_dead(archive: Path) -> None:
    db = database(archive)
    capture = next(db.query("select * from captures where error is null and source_id > 1"))
    later = {"source_id": capture["source_id"], "requested_url": capture["requested_url"]}
    later.update(
        fetched_at="2999-01-01T00:00:00Z", error="HTTP 404 Not Found", error_kind="http_4xx"
    )
    db["captures"].insert(later)
    result = cite(archive, "--source", str(capture["source_id"]), "--format", "wikipedia")
    assert result.exit_code == 0, result.output
    assert "|url-status=dead" in result.stdout
    assert f"/-/citevault/capture/{capture['id']} " in result.stdout


def test_a_source_answering_at_its_latest_capture_is_live(demo_archive: Path) -> None:
    result = cite(demo_archive, "--source", "1", "--format", "wikipedia")
    assert "|url-status=live" in result.stdout


def test_a_capture_is_cited_as_itself(demo_archive: Path) -> None:
    capture = next(database(demo_archive).query("select * from captures where error is null"))
    result = cite(demo_archive, "--capture", str(capture["id"]), "--format", "robustlinks")
    parser = _Anchors()
    parser.feed(result.stdout)
    assert (
        parser.anchors[0]["data-versionurl"]
        == f"{DEFAULT_BASE_URL}/-/citevault/capture/{capture['id']}"
    )


# -- the base URL -----------------------------------------------------------------------------


def test_the_default_base_url_is_where_serve_publishes() -> None:
    serve_port = next(p for p in cli.commands["serve"].params if p.name == "port").default
    assert DEFAULT_BASE_URL == f"http://localhost:{serve_port}"


def test_the_base_url_comes_from_the_option_then_the_environment(demo_archive: Path) -> None:
    env = {"CITEVAULT_BASE_URL": "https://env.example/"}
    from_env = cite(demo_archive, "--capture", "1", "--format", "apa", env=env)
    assert from_env.stdout.strip().endswith("https://env.example/-/citevault/capture/1")
    from_option = cite(demo_archive, "--capture", "1", "--base-url", BASE, env=env)
    assert from_option.stdout.strip().endswith(f"{BASE}/-/citevault/capture/1")


# -- errors -----------------------------------------------------------------------------------


def error_line(result: Result) -> str:
    assert result.exit_code != 0
    return result.output.strip().splitlines()[-1]


def test_an_unknown_claim_source_or_capture_is_one_line(demo_archive: Path) -> None:
    assert error_line(cite(demo_archive, "999")) == (
        "Error: claim 999 does not exist in the database (claim ids are in the claims table)"
    )
    assert error_line(cite(demo_archive, "--source", "999")) == (
        "Error: source 999 does not exist in the database (source ids are in the sources table)"
    )
    assert error_line(cite(demo_archive, "--capture", "999")) == (
        "Error: capture 999 does not exist in the database (capture ids are in the captures table)"
    )


def test_a_source_never_captured_successfully_is_refused(demo_archive: Path) -> None:
    sql = """
        select id, url from sources
        where id not in (select source_id from captures where error is null and source_id is not null)
        order by id limit 1
    """
    source = next(database(demo_archive).query(sql))
    assert error_line(cite(demo_archive, "--source", str(source["id"]))) == (
        f"Error: source {source['id']} was never captured successfully: "
        f"archive it with 'citevault archive {source['url']}'"
    )


def test_a_failed_capture_is_refused(demo_archive: Path) -> None:
    capture = next(database(demo_archive).query("select * from captures where error is not null"))
    assert error_line(cite(demo_archive, "--capture", str(capture["id"]))) == (
        f"Error: capture {capture['id']} failed ({capture['error']}): "
        "cite a successful capture, or the source with --source ID"
    )


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["99999999999999999999"], "'[CLAIM]'"),
        (["--source", "99999999999999999999"], "'--source'"),
        (["--capture", "0"], "'--capture'"),
    ],
)
def test_an_id_sqlite_cannot_hold_is_a_usage_error(
    demo_archive: Path, args: list[str], named: str
) -> None:
    result = cite(demo_archive, *args)
    assert result.exit_code == 2
    assert error_line(result).startswith(f"Error: Invalid value for {named}: ")
    assert "is not in the range 1<=x<=9223372036854775807" in error_line(result)


@pytest.mark.parametrize("args", [[], ["1", "--source", "2"], ["--source", "1", "--capture", "1"]])
def test_exactly_one_target_is_needed(demo_archive: Path, args: list[str]) -> None:
    assert error_line(cite(demo_archive, *args)) == (
        "Error: give exactly one of CLAIM, --source ID or --capture ID"
    )
    assert cite(demo_archive, *args).exit_code == 2


def test_a_missing_database_is_named(tmp_path: Path) -> None:
    assert error_line(cite(tmp_path, "1")).startswith("Error: database not found: ")


def test_a_capture_without_a_record_offset_is_no_successful_capture(archive: Path) -> None:
    db = database(archive)
    source = db["sources"].get(1)
    db.execute("update captures set warc_offset = null where source_id = 1")
    db.conn.commit()
    assert error_line(cite(archive, "--source", "1")) == (
        f"Error: source 1 was never captured successfully: "
        f"archive it with 'citevault archive {source['url']}'"
    )


def test_a_claim_citing_no_source_is_refused_when_its_article_capture_failed(
    archive: Path,
) -> None:
    db = database(archive)
    sql = "select id, article_id from claims where id not in (select claim_id from claim_sources)"
    claim = next(db.query(sql + " order by id limit 1"))
    article = db["articles"].get(claim["article_id"])
    db["captures"].update(article["capture_id"], {"error": "HTTP 503", "error_kind": "http_5xx"})
    db.conn.commit()
    assert error_line(cite(archive, str(claim["id"]))) == (
        f"Error: claim {claim['id']} cites no source and its article's capture "
        f"{article['capture_id']} failed (HTTP 503): "
        f"archive it again with 'citevault run {article['url']}'"
    )
