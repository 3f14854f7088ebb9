"""Checking an article: captures read back from WARC files, passages indexed, evidence with notes."""

from __future__ import annotations

import datetime
import json

import pytest

from archiver import CrawlOptions
from claims.archiving import archive
from claims.checking import LONG_AFTER_DAYS, time_notes, verify_article
from claims.dates import find_dates
from claims.errors import StorageError
from claims.model import Article, Claim, Mention, SourceRef, SourceText
from claims.sourcetext import capture_page_text
from claims.storage import open_database, save_article, save_claims
from claims.verify import verify_claim

from .conftest import warcio_problems
from .sites import send, serve
from .warcreader import read_warc

RESIGNATION = (
    "Mayor Jana Petrovic announced her resignation at a press conference on October 14, 2021."
)
BUDGET = "The Harlow council approved the new transit budget on March 3, 2021."
SOURCE_PARAGRAPHS = [
    "City hall news from the past week, gathered by our reporters.",
    "The weather stayed mild through the weekend, forecasters said.",
    "Council members will choose an interim leader at their next session, the clerk said.",
    "At a press conference on October 14, Petrovic announced her resignation.",
]
# The same fact told across two paragraphs: the date in one, the act in the next.
SPLIT_PARAGRAPHS = [
    "City hall news from the past week, gathered by our reporters.",
    "The mayor held a press conference on October 14.",
    "There, Petrovic announced her resignation, effective at once.",
    "The weather stayed mild through the weekend, forecasters said.",
]


def mention(sentence: str, kind: str, text: str) -> Mention:
    start = sentence.index(text)
    return Mention(kind, text, text, None, start, start + len(text))


def dated(sentence: str, text: str) -> Mention:
    [found] = find_dates(text, None)
    start = sentence.index(text)
    found.start, found.end = start, start + len(text)
    return found


def claim(seq: int, sentence: str, mentions: list[Mention], cites: list[str]) -> Claim:
    refs = [SourceRef(url, "link") for url in cites]
    kinds = sorted({m.kind for m in mentions})
    return Claim(seq, sentence, sentence, kinds, mentions, refs)


def source_page(paragraphs: list[str]) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        "<!doctype html><html><head><title>Mayor resigns</title>"
        '<meta property="article:published_time" content="2021-10-20T09:00:00Z">'
        f"</head><body><article><h1>Mayor resigns</h1>{body}</article></body></html>"
    ).encode()


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    """An article with four claims, its sources archived over loopback, verified once."""
    site = serve(
        {
            "/resignation": lambda h: send(h, 200, source_page(SOURCE_PARAGRAPHS)),
            "/split": lambda h: send(h, 200, source_page(SPLIT_PARAGRAPHS)),
            "/gone": lambda h: send(h, 404, b"not here"),
        }
    )
    try:
        folder = tmp_path_factory.mktemp("checked")
        db_path, archive_dir = folder / "citevault.db", folder / "archives"
        db = open_database(db_path)
        article = Article(
            "https://news.example/story",
            "Story",
            None,
            "2021-10-15",
            [RESIGNATION, BUDGET],
        )
        claims = [
            claim(
                1,
                RESIGNATION,
                [
                    mention(RESIGNATION, "person", "Jana Petrovic"),
                    dated(RESIGNATION, "October 14, 2021"),
                ],
                [site.url("/resignation")],
            ),
            claim(2, BUDGET, [dated(BUDGET, "March 3, 2021")], []),
            claim(3, RESIGNATION, [dated(RESIGNATION, "October 14, 2021")], [site.url("/gone")]),
            claim(
                4,
                RESIGNATION,
                [
                    mention(RESIGNATION, "person", "Jana Petrovic"),
                    dated(RESIGNATION, "October 14, 2021"),
                ],
                [site.url("/split")],
            ),
            # Its only source is never archived.
            claim(5, BUDGET, [dated(BUDGET, "March 3, 2021")], [site.url("/never")]),
        ]
        with db.conn:
            article_id = save_article(db, article, "2021-10-15T12:00:00Z")
            ids = save_claims(db, article_id, claims)
        options = CrawlOptions(allow_private=True, host_delay=0)
        urls = [site.url("/resignation"), site.url("/gone"), site.url("/split")]
        archive(urls, db_path, archive_dir, options)
        statuses = verify_article(db, article_id, archive_dir)
        yield db, article_id, archive_dir, ids, statuses, site
    finally:
        site.close()


def evidence_of(db, claim_id: int) -> list[dict]:
    rows = db.query("select * from evidence where claim_id = ? order by capture_id", [claim_id])
    return [{**row, "details": json.loads(row["details"] or "{}")} for row in rows]


def test_a_claim_is_supported_by_the_passage_the_index_proposes(checked) -> None:
    db, _, _, ids, statuses, _ = checked
    [evidence] = evidence_of(db, ids[1])
    assert evidence["status"] == "supported"
    assert evidence["passage"] == SOURCE_PARAGRAPHS[-1]
    row = db["passages"].get(evidence["details"]["passage_id"])
    assert row["text"] == evidence["passage"]
    assert (row["start"], row["end"]) == (
        evidence["details"]["start"],
        evidence["details"]["end"],
    )
    # The capture's last paragraph, after its headline and the two before it.
    last = db.execute("select max(seq) from passages where capture_id = ?", [row["capture_id"]])
    assert (row["capture_id"], row["seq"]) == (evidence["capture_id"], last.fetchone()[0])
    assert statuses["supported"] == 2


def test_a_fact_split_across_paragraphs_cites_both_passages_rows(checked) -> None:
    db, _, _, ids, _, _ = checked
    [evidence] = evidence_of(db, ids[4])
    assert evidence["status"] == "supported"
    assert evidence["passage"] == "\n\n".join(SPLIT_PARAGRAPHS[1:3])
    rows = [db["passages"].get(i) for i in evidence["details"]["passage_ids"]]
    assert [r["text"] for r in rows] == SPLIT_PARAGRAPHS[1:3]
    assert evidence["details"]["passage_id"] == rows[0]["id"]
    assert (rows[0]["start"], rows[1]["end"]) == (
        evidence["details"]["start"],
        evidence["details"]["end"],
    )


def test_the_captures_were_written_to_valid_warc_files(checked) -> None:
    _, _, archive_dir, _, _, _ = checked
    paths = list(archive_dir.rglob("*.warc.gz"))
    assert paths
    for path in paths:
        assert warcio_problems(path) == []
        read_warc(path)


def test_stored_passages_slice_the_text_read_back_from_the_warc(checked) -> None:
    db, _, archive_dir, _, _, _ = checked
    captures = list(db.query("select * from captures where warc_file is not null order by id"))
    for capture in captures:
        _, page = capture_page_text(archive_dir, capture["warc_file"], capture["warc_offset"])
        sql = "select * from passages where capture_id = ? order by seq"
        rows = list(db.query(sql, [capture["id"]]))
        assert [r["seq"] for r in rows] == list(range(len(rows)))
        assert all(page.text[r["start"] : r["end"]] == r["text"] for r in rows)
    texts = [r["text"] for r in db.query("select text from passages")]
    assert set(SOURCE_PARAGRAPHS) | set(SPLIT_PARAGRAPHS) <= set(texts)
    assert db["passages_fts"].count == len(texts)


def test_evidence_notes_a_source_published_after_the_article(checked) -> None:
    db, _, _, ids, _, _ = checked
    [evidence] = evidence_of(db, ids[1])
    assert evidence["details"]["source_published"].startswith("2021-10-20")
    assert evidence["details"]["published_after_article"] is True
    assert evidence["status"] == "supported"  # it still counts


def test_evidence_notes_a_capture_made_long_after_the_article(checked) -> None:
    db, _, _, ids, _, _ = checked
    [evidence] = evidence_of(db, ids[1])
    capture = db["captures"].get(evidence["capture_id"])
    days = datetime.date.fromisoformat(capture["fetched_at"][:10]) - datetime.date(2021, 10, 15)
    assert evidence["details"]["captured_days_after_article"] == days.days
    assert evidence["details"]["captured_long_after"] is True


def test_a_claim_citing_nothing_is_checked_against_every_source_of_its_article(checked) -> None:
    db, _, _, ids, _, _ = checked
    evidence = evidence_of(db, ids[2])
    assert [e["status"] for e in evidence] == ["not_found", "unavailable", "not_found"]
    assert all(e["details"]["scope"] == "article" for e in evidence)
    assert db["claims"].get(ids[2])["status"] == "not_found"


def test_a_claim_whose_cited_source_was_never_captured_borrows_no_other_source(checked) -> None:
    db, _, _, ids, _, _ = checked
    assert evidence_of(db, ids[5]) == []
    assert db["claims"].get(ids[5])["status"] == "unchecked"


def test_a_failed_capture_is_unavailable_without_passages_or_time_notes(checked) -> None:
    db, _, _, ids, _, _ = checked
    [evidence] = evidence_of(db, ids[3])
    assert evidence["status"] == "unavailable"
    assert evidence["details"] == {}
    assert db["claims"].get(ids[3])["status"] == "unavailable"
    assert db.execute(
        "select count(*) from passages where capture_id = ?", [evidence["capture_id"]]
    ).fetchone() == (0,)


def test_verifying_again_gives_the_same_evidence_and_fetches_nothing(checked) -> None:
    db, article_id, archive_dir, ids, statuses, site = checked
    hits = dict(site.hits)
    before = [evidence_of(db, i) for i in ids.values()]
    passages = list(db.query("select * from passages order by id"))
    assert verify_article(db, article_id, archive_dir) == statuses
    assert [evidence_of(db, i) for i in ids.values()] == before
    assert list(db.query("select * from passages order by id")) == passages
    assert site.hits == hits


def test_a_missing_warc_file_stops_verification_before_anything_is_saved(checked, tmp_path) -> None:
    db, article_id, _, ids, _, _ = checked
    before = [evidence_of(db, i) for i in ids.values()]
    statuses = [db["claims"].get(i)["status"] for i in ids.values()]
    warc_file = next(db.query("select warc_file from captures where warc_file is not null"))
    empty = tmp_path / "elsewhere"
    with pytest.raises(StorageError) as raised:
        verify_article(db, article_id, empty)
    assert str(raised.value) == (
        f"WARC file {warc_file['warc_file']} not found in {empty}: is --archive-dir right?"
    )
    assert [evidence_of(db, i) for i in ids.values()] == before
    assert [db["claims"].get(i)["status"] for i in ids.values()] == statuses


# --- time notes -----------------------------------------------------------------------------


def test_a_source_published_before_the_article_gets_no_warning() -> None:
    notes = time_notes("2021-10-15", "2021-10-14T08:00:00+02:00", "2021-10-16T10:00:00Z")
    assert notes == {"source_published": "2021-10-14T08:00:00+02:00",
                     "captured_days_after_article": 1}  # fmt: skip


def test_a_source_published_the_same_day_is_not_after_the_article() -> None:
    assert "published_after_article" not in time_notes("2021-10-15T20:00", "2021-10-15", None)


def test_a_capture_is_long_after_only_past_the_threshold() -> None:
    article = datetime.date(2021, 10, 15)
    at_limit = (article + datetime.timedelta(days=LONG_AFTER_DAYS)).isoformat()
    past = (article + datetime.timedelta(days=LONG_AFTER_DAYS + 1)).isoformat()
    assert "captured_long_after" not in time_notes("2021-10-15", None, at_limit)
    assert time_notes("2021-10-15", None, past)["captured_long_after"] is True


def test_without_an_article_date_only_the_source_date_is_noted() -> None:
    assert time_notes(None, "2021-10-20", "2026-01-01") == {"source_published": "2021-10-20"}
    assert time_notes("2021", "2021-10-20", None) == {"source_published": "2021-10-20"}


# --- candidates proposed by a ranker ----------------------------------------------------------


def test_verification_reads_only_the_passages_a_ranker_proposes() -> None:
    c = claim(
        1,
        RESIGNATION,
        [mention(RESIGNATION, "person", "Jana Petrovic"), dated(RESIGNATION, "October 14, 2021")],
        [],
    )
    source = SourceText(4, "https://example.org/4", "\n\n".join(SOURCE_PARAGRAPHS))
    asked: list[tuple[int, list[str], int]] = []

    def nothing(capture_id: int, terms: list[str], limit: int) -> list[int]:
        asked.append((capture_id, terms, limit))
        return []

    assert [e.status for e in verify_claim(c, [source], nothing)] == ["not_found"]
    assert asked[0][0] == 4 and "resignation" in asked[0][1] and "petrovic" in asked[0][1]
    [found] = verify_claim(c, [source], lambda *_: [1, 3, 99])  # an unknown index is ignored
    assert (found.status, found.passage) == ("supported", SOURCE_PARAGRAPHS[-1])
