"""Verdicts: which outcomes count, and the structure each one is given."""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils

from bench.verdict_scoring import same_part, structure_counts
from claims.mentions import PeopleIndex, find_mentions
from claims.model import Article, Claim, Mention
from claims.storage import ensure_schema, open_database, save_article, save_claims
from claims.verdict_details import describe_verdicts
from claims.verdicts import find_verdicts

PUBLISHED = datetime.date(2021, 3, 10)


def verdicts(sentence: str, *known: str) -> list[dict[str, Any]]:
    """The details of each verdict in SENTENCE; KNOWN full names resolve surnames."""
    people = PeopleIndex()
    for name in known:
        people.learn(f"{name} spoke.")
    mentions = find_mentions(sentence, PUBLISHED, people)
    describe_verdicts(sentence, mentions)
    return [m.details for m in mentions if m.kind == "verdict"]


def only(sentence: str, *known: str) -> dict[str, Any]:
    [details] = verdicts(sentence, *known)
    return details


# --- subject -----------------------------------------------------------------------------------


def test_a_passive_outcome_befalls_the_subject_before_it() -> None:
    assert only("Dana Keller was arrested in May.")["subject"] == "Dana Keller"


def test_an_active_outcome_befalls_the_person_after_it() -> None:
    assert only("The court convicted Ivo Kask of fraud.")["subject"] == "Ivo Kask"


def test_people_named_together_after_a_decision_are_one_subject() -> None:
    details = only(
        "The ministry decided to grant Tamm and Ruus refugee status.", "Mart Tamm", "Eva Ruus"
    )
    assert details["subject"] == "Mart Tamm and Eva Ruus"
    assert details["object"] == "refugee status"


def test_a_pronoun_becomes_the_only_person_the_sentence_names() -> None:
    sentence = "A judge convicted Ivo Kask but declined to order his deportation."
    assert [d["subject"] for d in verdicts(sentence)] == ["Ivo Kask", "Ivo Kask"]


def test_a_finding_of_guilt_befalls_the_one_found_and_is_decided_by_the_finder() -> None:
    details = only("A jury in Tartu found Ivo Kask guilty of theft.")
    assert (details["outcome"], details["subject"]) == ("convict", "Ivo Kask")
    assert (details["object"], details["authority"]) == ("of theft", "A jury in Tartu")
    assert only("The jury found him not guilty.")["outcome"] == "acquit"


def test_coordinated_outcomes_share_the_passive_subject() -> None:
    sentence = "Ivo Kask was arrested, charged with fraud and later jailed."
    assert [d["subject"] for d in verdicts(sentence)] == ["Ivo Kask"] * 3


def test_an_active_outcome_without_a_name_befalls_the_words_after_it() -> None:
    details = only("Police arrested three men in the harbour.")
    assert (details["subject"], details["authority"]) == ("three men", "Police")


def test_a_group_stays_as_written_when_the_sentence_names_nobody() -> None:
    assert only("The three sailors were detained by the coast guard.")["subject"] == (
        "The three sailors"
    )


# --- object ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Ivo Kask was charged with fraud on Monday.", "with fraud"),
        ("Ivo Kask was denied asylum last year.", "asylum"),
        ("A judge sentenced Ivo Kask to five years in prison.", "to five years"),
        ("Ivo Kask was arrested at home.", None),
        ("He was fined $5,000 by the regulator.", "$5,000"),
    ],
)
def test_the_object_is_what_was_granted_denied_or_charged(
    sentence: str, expected: str | None
) -> None:
    assert only(sentence)["object"] == expected


# --- authority ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("In June 2020, a court in Tartu convicted Ivo Kask of theft.", "a court in Tartu"),
        ("Ivo Kask was granted asylum by Norway in 2019.", "Norway"),
        ("The judge acquitted Ivo Kask.", "The judge"),
        ("Last week the Senate voted to impeach Ivo Kask.", "the Senate"),
        ("Ivo Kask was released on bail.", None),
        ("Judge Ann Lee denied the motion.", "Judge Ann Lee"),
        (
            "Ivo Kask was sentenced by U.S. District Judge Mary Jones.",
            "U.S. District Judge Mary Jones",
        ),
    ],
)
def test_the_authority_is_who_decided(sentence: str, expected: str | None) -> None:
    assert only(sentence)["authority"] == expected


def test_a_date_after_by_is_no_authority() -> None:
    assert only("Ivo Kask was released by March 2020.")["authority"] is None


# --- date --------------------------------------------------------------------------------------


def test_the_date_is_the_one_in_the_outcomes_own_clause() -> None:
    sentence = "Last week Ivo Kask was denied asylum after he crossed the border on May 4, 2020."
    assert only(sentence)["date"] == "2021-W09"


def test_an_outcome_without_a_date_has_none() -> None:
    assert only("Ivo Kask was released.")["date"] is None


# --- negation ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "outcomes"),
    [
        ("The court declined to order her deportation.", [("deport", True)]),
        ("Ivo Kask was not charged.", [("charge", True)]),
        ("Ivo Kask was charged and jailed.", [("charge", False), ("jail", False)]),
        ("He pleaded not guilty.", [("plead not guilty", False)]),
    ],
)
def test_negation_is_a_flag_beside_the_outcome(
    sentence: str, outcomes: list[tuple[str, bool]]
) -> None:
    assert [(d["outcome"], d["negated"]) for d in verdicts(sentence)] == outcomes


# --- what is no verdict -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "She has not ruled out running again next year.",
        "After denying the rumours in May, Ivo Kask resigned.",
        "It can't be denied, though, that the tools are hard to use.",
        "Traditional knowledge is being dismissed as folklore.",
        "He raised the idea, and I rejected it.",
        "The mayor appealed to residents for calm.",
    ],
)
def test_words_that_are_not_legal_outcomes_in_context(sentence: str) -> None:
    assert verdicts(sentence) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "The judge dismissed the case against Ivo Kask.",
        "Her visa was extended twice.",
        "Ivo Kask was given refugee status in 2019.",
    ],
)
def test_general_words_are_outcomes_when_they_bear_on_a_case_or_status(sentence: str) -> None:
    assert len(verdicts(sentence)) == 1


# --- model, storage and scoring -----------------------------------------------------------------


def test_a_mention_shows_details_only_when_it_has_some() -> None:
    assert "details" not in Mention("person", "Kask").to_dict()
    verdict = Mention("verdict", "fined", "fine", details={"outcome": "fine"})
    assert verdict.to_dict()["details"] == {"outcome": "fine"}


def test_verdict_details_are_stored_as_json(tmp_path: Path) -> None:
    db = open_database(tmp_path / "c.db")
    article = Article("https://example.org/a", "T", None, "2021-03-10", ["Kask was fined."])
    article_id = save_article(db, article, "2021-03-10T00:00:00Z")
    details = {"outcome": "fine", "negated": False, "subject": "Ivo Kask"}
    verdict = Mention("verdict", "fined", "fine", details=details)
    save_claims(
        db, article_id, [Claim(1, "Kask was fined.", "Kask was fined.", ["verdict"], [verdict])]
    )
    [row] = db.execute("select details from mentions").fetchall()
    assert json.loads(row[0]) == details


def test_an_older_database_gains_the_details_column(tmp_path: Path) -> None:
    db = sqlite_utils.Database(tmp_path / "old.db")
    db.table("mentions").create({"id": int, "claim_id": int, "kind": str}, pk="id")
    ensure_schema(db)
    assert "details" in db.table("mentions").columns_dict


def test_structure_is_compared_leniently_by_lemma() -> None:
    assert same_part("a court in Springfield", "court in Springfield")
    assert same_part(None, None) and not same_part("the judge", None)
    gold = [("grant", False, "Ivo Kask", "Norway"), ("deport", True, "Ivo Kask", None)]
    found = [("deport", False, "Kask", None), ("grant", False, "Eva Ruus", "Norway")]
    assert structure_counts(gold, found) == {
        "verdict neg.": (1, 2),
        "verdict subj.": (1, 2),
        "verdict auth.": (2, 2),
    }


@pytest.mark.parametrize(
    ("sentence", "text", "value"),
    [
        (
            "The former governor has lived under house arrest since the coup.",
            "under house arrest",
            "arrest",
        ),
        ("The general is confined to barracks.", "confined", "confine"),
        ("The suspect was confined to his flat for a month.", "confined", "confine"),
        ("The coach, ousted by the club owners last spring, now works abroad.", "ousted", "oust"),
        ("Her removal from the board surprised investors.", "removal", "remove"),
        ("The deputy was removed from office on Monday.", "removed", "remove"),
    ],
)
def test_confinement_and_removal_from_office_are_verdicts(
    sentence: str, text: str, value: str
) -> None:
    verdicts = [m for m in find_mentions(sentence, None) if m.kind == "verdict"]
    assert [(m.text, m.value) for m in verdicts] == [(text, value)]


@pytest.mark.parametrize(
    "sentence",
    ["Crews began the removal of snow on Monday.", "She removed the cover and left."],
)
def test_removal_of_things_is_no_verdict(sentence: str) -> None:
    assert not [m for m in find_mentions(sentence, None) if m.kind == "verdict"]


def _top_level_alternatives(pattern: str) -> list[str]:
    alternatives, depth, current = [], 0, ""
    for char in pattern:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "|" and depth == 0:
            alternatives.append(current)
            current = ""
        else:
            current += char
    return [*alternatives, current]


def test_every_outcome_form_holds_a_stem_the_quick_scan_looks_for() -> None:
    # The stem scan rules sentences out before the full patterns run: a form it misses is lost.
    from claims.verdicts import _FORMS, _STEMS

    for lemma, forms in _FORMS.items():
        for alternative in _top_level_alternatives(forms):
            consumed = re.sub(r"\(\?<?[!=].*?\)|\(\?P<\w+>|\(\?:|[()?*+]", "", alternative)
            assert _STEMS.search(consumed.lower()), (lemma, alternative)


@pytest.mark.parametrize(
    "sentence",
    ["The court CONVICTED him in 2019.", "He was ſentenced on Monday.", "Her bail was DENIED."],
)
def test_outcomes_are_found_in_any_letter_case(sentence: str) -> None:
    from claims.verdicts import _ANY_FORM, find_verdicts

    assert bool(find_verdicts(sentence)) == bool(_ANY_FORM.search(sentence))
    assert find_verdicts(sentence)


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("Their fishing rights have only been formally recognised since 2004.", "recognise"),
        ("The union was officially recognized by the labour ministry in May.", "recognise"),
        ("The registry has not legally recognised the couple's marriage.", "not recognise"),
    ],
)
def test_a_formal_recognition_is_an_outcome(sentence: str, value: str) -> None:
    assert [m.value for m in find_verdicts(sentence)] == [value]


def test_being_widely_recognised_is_no_outcome() -> None:
    assert find_verdicts("She is widely recognised as a leading expert on tides.") == []
