"""Stored passages: written once per capture, indexed for full-text search, ranked for a claim."""

from __future__ import annotations

import json

import pytest
import sqlite_utils

from claims.passagestore import (
    candidate_passages,
    ensure_passages_table,
    match_query,
    store_passages,
    stored_passages,
)
from claims.schema import ensure_schema

TEXT = (
    "Aigül Bolatkyzy told the court in Zhelmar she had crossed the border.\n\n"
    "The weather stayed mild through the weekend, forecasters said.\n\n"
    "The court convicted her of illegal border crossing and gave a suspended sentence."
)


@pytest.fixture
def db(tmp_path) -> sqlite_utils.Database:
    database = sqlite_utils.Database(tmp_path / "passages.db")
    ensure_schema(database)
    return database


def seqs(found) -> list[int]:
    return [p.seq for p in found]


def test_passages_are_stored_with_offsets_that_slice_the_capture_text(db) -> None:
    passages = store_passages(db, 1, TEXT)
    rows = stored_passages(db, 1)
    assert [r.passage for r in rows] == passages
    assert [r.seq for r in rows] == [0, 1, 2]
    assert all(TEXT[r.passage.start : r.passage.end] == r.passage.text for r in rows)
    assert rows[2].passage.text.startswith("The court convicted her")


def test_the_full_text_index_holds_every_stored_passage(db) -> None:
    store_passages(db, 1, TEXT)
    indexed = db.execute("select rowid, text from passages_fts order by rowid").fetchall()
    assert indexed == [(r.id, r.passage.text) for r in stored_passages(db, 1)]


def test_storing_the_same_capture_again_writes_nothing_new(db) -> None:
    store_passages(db, 1, TEXT)
    before = stored_passages(db, 1)
    store_passages(db, 1, TEXT)
    assert stored_passages(db, 1) == before
    assert db.execute("select count(*) from passages_fts").fetchone() == (3,)


def test_a_text_split_differently_replaces_the_capture_rows_and_their_index(db) -> None:
    store_passages(db, 1, TEXT)
    store_passages(db, 1, "Only one paragraph now.")
    assert [r.passage.text for r in stored_passages(db, 1)] == ["Only one paragraph now."]
    assert candidate_passages(db, 1, ["court"], 5) == []
    assert db.execute("select count(*) from passages_fts").fetchone() == (1,)


def test_setting_up_the_table_twice_changes_nothing(db) -> None:
    store_passages(db, 1, TEXT)
    ensure_passages_table(db)
    assert len(stored_passages(db, 1)) == 3


def test_candidates_come_best_bm25_first_and_only_from_the_capture(db) -> None:
    store_passages(db, 1, TEXT)
    store_passages(db, 2, "The court convicted a border guard of crossing the border.")
    found = candidate_passages(db, 1, ["court", "convicted", "border", "sentence"], 5)
    assert seqs(found) == [2, 0]  # passage 1 shares no word and is no candidate
    assert found[0].rank < found[1].rank  # bm25: lower is better
    assert {p.capture_id for p in found} == {1}


def test_a_capture_stored_again_after_others_is_still_found_whole(db) -> None:
    # A capture's rows bound the index query by their ids: rewritten later, they move together.
    store_passages(db, 1, TEXT)
    store_passages(db, 2, "The court convicted a border guard of crossing the border.")
    store_passages(db, 1, TEXT + "\n\nThe court later heard her appeal.")
    store_passages(db, 3, "Another court heard another border case.")
    found = candidate_passages(db, 1, ["court"], 10)
    assert sorted(seqs(found)) == [0, 2, 3]
    assert {p.capture_id for p in found} == {1}
    assert [p.capture_id for p in candidate_passages(db, 2, ["court"], 10)] == [2]


def test_the_limit_keeps_the_best_candidates(db) -> None:
    store_passages(db, 1, TEXT)
    assert seqs(candidate_passages(db, 1, ["court", "convicted", "sentence"], 1)) == [2]
    assert candidate_passages(db, 1, ["court"], 0) == []


def test_words_are_stemmed_so_a_verb_finds_its_noun(db) -> None:
    store_passages(db, 1, "The conviction was upheld.\n\nNothing else happened.")
    assert seqs(candidate_passages(db, 1, ["convicted"], 5)) == [0]


@pytest.mark.parametrize("query", ["Aigul", "Aigül", "AIGUL", "aigül"])
def test_case_and_accents_are_folded_both_ways(db, query: str) -> None:
    store_passages(db, 1, "Aigul spoke in Dorvik.\n\nThe weather was mild.")
    store_passages(db, 2, "Aigül spoke in Dorvik.\n\nThe weather was mild.")
    assert seqs(candidate_passages(db, 1, [query], 5)) == [0]
    assert seqs(candidate_passages(db, 2, [query], 5)) == [0]


@pytest.mark.parametrize(
    "hostile",
    ["AND", "OR", "NOT", "NEAR", "NEAR(a b)", '"', 'a"b', "*", "x*", "-", "-court", "^court",
     "text:court", "(", ")", "+", "{text}", ":"],
)  # fmt: skip
def test_no_claim_word_can_break_the_query(db, hostile: str) -> None:
    store_passages(db, 1, TEXT)
    found = candidate_passages(db, 1, [hostile, "weather"], 5)
    assert 1 in seqs(found)


def test_operator_words_are_searched_as_plain_words(db) -> None:
    store_passages(db, 1, "Salt and pepper.\n\nNear the river.\n\nNothing here.")
    assert seqs(candidate_passages(db, 1, ["AND"], 5)) == [0]
    assert seqs(candidate_passages(db, 1, ["NEAR"], 5)) == [1]


def test_terms_without_letters_or_digits_give_no_query(db) -> None:
    store_passages(db, 1, TEXT)
    assert match_query(["-", '"', "*", ""]) == ""
    assert candidate_passages(db, 1, ["-", "*"], 5) == []
    assert candidate_passages(db, 1, [], 5) == []


def test_the_query_quotes_every_term_and_doubles_quotes() -> None:
    assert match_query(["b", 'say "no"', "a", "b"]) == '"a" OR "b" OR "say ""no"""'


def test_evidence_stops_naming_the_rows_a_new_split_replaced(db) -> None:
    store_passages(db, 1, TEXT)
    store_passages(db, 2, "Another court heard another border case.")
    [first, *_, last] = stored_passages(db, 1)
    [other] = stored_passages(db, 2)
    kept = {"start": first.passage.start, "end": last.passage.end, "matched": []}
    db["evidence"].insert_all(
        [
            {"claim_id": 7, "capture_id": 1, "details": json.dumps(
                {**kept, "passage_id": first.id, "passage_ids": [first.id, last.id]})},
            {"claim_id": 8, "capture_id": 2, "details": json.dumps({"passage_id": other.id})},
            {"claim_id": 9, "capture_id": 1, "details": None},
        ]
    )  # fmt: skip
    store_passages(db, 1, "Only one paragraph now.")
    details = {r["claim_id"]: r["details"] for r in db["evidence"].rows}
    assert json.loads(details[7]) == kept  # its offsets in the capture's text still hold
    assert json.loads(details[8]) == {"passage_id": other.id}  # another capture's rows stay
    assert details[9] is None
    assert db["passages"].get(other.id)["capture_id"] == 2
