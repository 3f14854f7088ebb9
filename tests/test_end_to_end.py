"""`citevault run` on the bundled example, served on loopback: claims, links, WARCs, statuses, pages."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
import sqlite_utils

from claims.demo import serve_example
from claims.publish import make_datasette

from .warcreader import read_warc

CITEVAULT = str(Path(sys.executable).parent / "citevault")
RFERL_2019 = "http://www.rferl.org/a/two-ethnic-kazakhs-from-china-granted-asylum-seeker-status/30244911.html"
EURASIANET_1 = "http://eurasianet.org/kazakhstan-ethnic-kazakh-defectors-from-china-tell-of-camps"
EURASIANET_2 = "http://eurasianet.org/kazakhstan-china-defectors-detained-after-press-conference"
FACEBOOK = "http://www.facebook.com/atajurtkazakhhumanrights/videos/2475069129419245/"


@pytest.fixture(scope="module")
def job(tmp_path_factory):
    """Run the whole pipeline once, through the installed console script."""
    folder = tmp_path_factory.mktemp("job")
    with serve_example() as site:
        connect_to = [f"--connect-to={h}:80:{site.host}:{site.port}" for h in site.hosts]
        result = subprocess.run(
            [
                CITEVAULT,
                "--archive-dir",
                str(folder / "archives"),
                "run",
                site.article_url,
                "--allow-private",
                "--host-delay",
                "0",
                *connect_to,
            ],
            capture_output=True,
            text=True,
            timeout=300,
        )
    assert result.returncode == 0, result.stderr
    db = sqlite_utils.Database(folder / "archives" / "citevault.db")
    return folder, result, db, site.article_url


def claim_with(db, words: str) -> dict:
    rows = list(db.query("select * from claims where sentence like ?", [f"%{words}%"]))
    assert rows, f"no claim with {words!r}"
    return rows[0]


def sources_of(db, claim_id: int) -> dict[str, str]:
    sql = (
        "select s.url, cs.via from claim_sources cs join sources s on s.id = cs.source_id "
        "where cs.claim_id = ?"
    )
    return {row["url"]: row["via"] for row in db.query(sql, [claim_id])}


def test_the_summary_table_counts_everything(job):
    _, result, db, _ = job
    lines = dict(
        line.rsplit(None, 1)
        for line in result.stdout.splitlines()[1:]
        if line.strip() and not line.startswith("database")
    )
    assert int(lines["claims"]) == db["claims"].count
    assert int(lines["captured"]) + int(lines["failed"]) == int(lines["sources"])
    assert int(lines["failed"]) == 1
    statuses = sum(
        int(lines[s]) for s in ("supported", "discrepancy", "not found", "unavailable", "unchecked")
    )
    assert statuses == db["claims"].count


def test_the_article_and_its_metadata_are_stored(job):
    _, _, db, url = job
    article = next(db.query("select * from articles"))
    assert article["url"] == url
    assert (
        article["title"] == "2 Ethnic Kazakhs from China Granted Asylum-Seeker Status in Kazakhstan"
    )
    assert article["author"] == "Catherine Putz"
    assert article["published"].startswith("2019-10-31")
    assert "Recent Features" not in article["text"], "the sidebar is not article text"
    capture = db["captures"].get(article["capture_id"])
    assert capture["final_url"] == url and capture["status_code"] == 200


def test_claims_keep_their_sentences_verbatim(job):
    _, _, db, _ = job
    article = next(db.query("select text from articles"))
    for claim in db.query("select sentence from claims"):
        assert claim["sentence"] in article["text"]


def test_opinion_is_left_out(job):
    _, _, db, _ = job
    sentences = [c["sentence"] for c in db.query("select sentence from claims")]
    assert not any(s.startswith("Alimuly and Musakhanuly may ultimately") for s in sentences)
    assert not any(s.startswith("It would be quite the surprise") for s in sentences)


def test_the_asylum_claim_has_its_people_ages_date_and_source(job):
    _, _, db, _ = job
    claim = claim_with(db, "were granted asylum-seeker status on October 29")
    mentions = list(db.query("select * from mentions where claim_id = ?", [claim["id"]]))
    values = {(m["kind"], m["value"]) for m in mentions}
    assert {("age", "25"), ("age", "30"), ("date", "2019-10-29")} <= values
    assert {("person", "Murager Alimuly"), ("person", "Qaster Musakhanuly")} <= values
    assert "RFE/RL" in (claim["attribution"] or "")
    assert sources_of(db, claim["id"])[RFERL_2019] == "link"
    assert claim["status"] == "supported"


def test_relative_dates_are_resolved_against_the_publication_date(job):
    _, _, db, _ = job
    week = claim_with(db, "Earlier this week, two ethnic Kazakhs")
    dates = {
        m["value"]: m["precision"]
        for m in db.query(
            "select * from mentions where claim_id = ? and kind = 'date'", [week["id"]]
        )
    }
    assert dates.get("2019-W44") == "week"
    last_october = claim_with(db, "Last October Sauytbay was denied asylum")
    dates = {
        m["value"]: m["precision"]
        for m in db.query(
            "select * from mentions where claim_id = ? and kind = 'date'", [last_october["id"]]
        )
    }
    assert dates == {"2018-10": "month"}


def test_umirbekovs_reports_are_linked_by_attribution(job):
    _, _, db, _ = job
    claim = claim_with(db, "As Darkhan Umirbekov reported for Eurasianet")
    sources = sources_of(db, claim["id"])
    assert EURASIANET_1 in sources
    assert FACEBOOK in sources


def test_the_press_conference_date_disagrees_with_its_source(job):
    _, _, db, _ = job
    claim = claim_with(db, "press conference in Almaty on October 14")
    assert claim["status"] == "discrepancy"
    evidence = list(
        db.query(
            "select * from evidence where claim_id = ? and status = 'discrepancy'", [claim["id"]]
        )
    )
    assert evidence and "October 15" in evidence[0]["passage"]


def test_the_dead_link_is_a_named_failure(job):
    _, _, db, _ = job
    capture = next(
        db.query(
            "select c.* from captures c join sources s on s.id = c.source_id where s.url = ?",
            [FACEBOOK],
        )
    )
    assert (capture["status_code"], capture["error_kind"]) == (404, "http_4xx")


def test_every_capture_is_in_a_valid_warc_with_matching_digests(job):
    folder, _, db, _ = job
    warcs = {path.name: read_warc(path) for path in (folder / "archives").glob("*.warc.gz")}
    assert warcs and not list((folder / "archives").glob("*.open"))
    by_offset = {(name, r.offset): r for name, records in warcs.items() for r in records}
    for capture in db.query("select * from captures where warc_file is not null"):
        record = by_offset[(capture["warc_file"], capture["warc_offset"])]
        assert record.length == capture["warc_length"]
        payload = record.http_parts()[1] if record.type == "response" else record.block
        assert hashlib.sha256(payload).hexdigest() == capture["payload_sha256"]
        assert record.headers["WARC-Payload-Digest"] == capture["payload_sha1"]


def test_every_source_link_was_captured(job):
    _, _, db, _ = job
    uncaptured = list(
        db.query("select url from sources where id not in (select source_id from captures)")
    )
    assert uncaptured == []


def test_statuses_cover_support_discrepancy_and_silence(job):
    _, _, db, _ = job
    statuses = {row["status"] for row in db.query("select status from claims")}
    assert {"supported", "discrepancy", "not_found"} <= statuses
    assert "unchecked" not in statuses


async def test_the_datasette_pages_answer(job):
    folder, _, db, _ = job
    datasette = make_datasette(folder / "archives" / "citevault.db", folder / "archives")
    claim = claim_with(db, "were granted asylum-seeker status on October 29")
    capture_id = next(db.query("select id from captures where error is null order by id"))["id"]
    for path in (
        "/citevault",
        "/citevault/claims",
        f"/-/citevault/claim/{claim['id']}",
        "/-/citevault/article/1",
        f"/-/citevault/capture/{capture_id}",
    ):
        response = await datasette.client.get(path)
        assert response.status_code == 200, path
    facets = await datasette.client.get("/citevault/claims.json?_facet=status")
    assert facets.status_code == 200
    assert json.loads(facets.text)["facet_results"]


def test_each_fetch_records_the_claims_that_cite_it(job):
    folder, _, db, url = job
    metadata = [
        r
        for path in (folder / "archives").glob("*.warc.gz")
        for r in read_warc(path)
        if r.type == "metadata" and r.headers["WARC-Target-URI"] == RFERL_2019
    ]
    claim = claim_with(db, "were granted asylum-seeker status on October 29")
    assert metadata, "a metadata record for the cited source"
    fields = metadata[0].block.decode()
    assert f"citedBy: {url} claims" in fields
    assert str(claim["seq"]) in fields.split("citedBy: ")[1].split("\r\n")[0]


def test_every_claim_about_a_person_is_found_through_their_entity(job):
    _, _, db, _ = job
    entity = next(db.query("select * from entities where kind = 'person' and name = ?",
                           ["Sayragul Sauytbay"]))  # fmt: skip
    aliases = {r["alias"] for r in db.query(
        "select alias from entity_aliases where entity_id = ?", [entity["id"]])}  # fmt: skip
    assert "Sauytbay" in aliases
    sentences = {r["sentence"] for r in db.query(
        "select distinct c.sentence from claims c join mentions m on m.claim_id = c.id "
        "where m.entity_id = ?", [entity["id"]])}  # fmt: skip
    assert "Last October Sauytbay was denied asylum." in sentences
    assert any(s.startswith("Sauytbay was arrested in May 2018") for s in sentences)


def test_an_article_already_in_the_archive_is_run_from_its_capture(tmp_path):
    folder = tmp_path / "archives"
    with serve_example() as site:
        connect_to = [f"--connect-to={h}:80:{site.host}:{site.port}" for h in site.hosts]
        common = ["--allow-private", "--host-delay", "0", "-s", *connect_to]
        archived = subprocess.run(
            [CITEVAULT, "--archive-dir", str(folder), "archive", site.article_url, *common],
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert archived.returncode == 0, archived.stderr
        ran = subprocess.run(
            [CITEVAULT, "--archive-dir", str(folder), "run", "capture:1", *common],
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    db = sqlite_utils.Database(folder / "citevault.db")
    article = next(db.query("select * from articles"))
    assert article["capture_id"] == 1, "the claims point into the capture that was given"
    assert db["captures"].count > 1, "its sources were archived"
    assert db["claims"].count >= 15


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("capture:99", "capture 99 does not exist in the database"),
        ("capture:x", "a capture is named capture:ID, with ID a whole number"),
    ],
)
def test_a_capture_that_cannot_be_read_is_named(tmp_path, source, message):
    folder = tmp_path / "archives"
    folder.mkdir()
    sqlite_utils.Database(folder / "citevault.db").execute("select 1")
    result = subprocess.run(
        [CITEVAULT, "--archive-dir", str(folder), "run", source], capture_output=True, text=True
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert message in result.stderr
