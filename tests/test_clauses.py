"""Cutting a sentence into facts: dash asides, appositives and clauses with their own anchors."""

from __future__ import annotations

import pytest

from claims.extract import extract_claims
from claims.model import Article, Claim


def claims_of(sentence: str) -> list[Claim]:
    """The claims extracted from an article whose only paragraph is SENTENCE."""
    article = Article(
        url="https://news.example.org/story",
        title=None,
        author=None,
        published="2021-03-10",
        paragraphs=[sentence],
        links=[],
    )
    return extract_claims(article)


def texts(sentence: str) -> list[str]:
    """The text of each claim extracted from SENTENCE, in order."""
    return [claim.text for claim in claims_of(sentence)]


def test_a_dash_aside_after_a_clause_is_a_fact_beside_it() -> None:
    sentence = (
        "The city has spent more than $2 million on roads since 2015 — with another "
        "$3 million approved for next year — for repairs."
    )
    assert texts(sentence) == [
        "The city has spent more than $2 million on roads since 2015",
        "with another $3 million approved for next year",
    ]
    assert all(claim.sentence == sentence for claim in claims_of(sentence))


def test_a_dash_aside_about_the_subject_keeps_it_and_the_predicate_shares_it() -> None:
    sentence = (
        "Senator Jane Roe's sudden exit — announced just 12 hours before the deadline in "
        "Ohio — has angered local officials who wanted the seat."
    )
    described, predicate = claims_of(sentence)
    assert described.text == (
        "Senator Jane Roe's sudden exit — announced just 12 hours before the deadline in Ohio"
    )
    assert predicate.text == "has angered local officials who wanted the seat"
    assert [m.text for m in predicate.mentions if m.kind == "person"] == ["Jane Roe"]


@pytest.mark.parametrize(
    "sentence",
    [
        # A bare figure between dashes states no event of its own.
        "Crews have repaired the bridges the county owns — more than 1,200 — since the storm "
        "in 2017.",
        # After a leading adverbial a new subject follows: the aside only situates the clause.
        "Shortly before noon on May 3 — about two hours before John Doe resigned — Jane Roe "
        "posted a statement online.",
    ],
)
def test_a_dash_aside_without_an_event_of_its_own_stays_in_the_claim(sentence: str) -> None:
    assert texts(sentence) == [sentence]


def test_a_closing_appositive_summing_up_the_clause_is_a_fact_of_its_own() -> None:
    sentence = (
        "The mayor will leave office for a post with Governor John Doe, a decision she "
        "announced in an interview published on May 4."
    )
    assert texts(sentence) == [
        "The mayor will leave office for a post with Governor John Doe",
        "a decision she announced in an interview published on May 4",
    ]


def test_a_date_s_closing_appositive_naming_its_own_event_keeps_the_date() -> None:
    sentence = (
        "Jane Roe said she resigned on March 2, the day the council voted to dismiss John Doe."
    )
    said, day = claims_of(sentence)
    assert said.text == "Jane Roe said she resigned on March 2"
    assert day.text == "March 2, the day the council voted to dismiss John Doe"
    assert [m.value for m in day.mentions if m.kind == "date"] == ["2021-03-02"]


def test_a_date_closing_a_leading_adverbial_is_no_appositive() -> None:
    sentence = "After a hearing on March 2, the two men were released by the court."
    assert texts(sentence) == [sentence]


def test_a_closing_according_to_speaks_for_the_sentence_not_its_relative_clause() -> None:
    sentence = (
        "The post went to Jane Roe, a lawyer who is close to the mayor, according to people "
        "who know both."
    )
    (claim,) = claims_of(sentence)
    assert claim.text == sentence
    assert claim.attribution == "according to people who know both"


def test_a_relative_clause_saying_something_in_a_statement_is_reported_speech() -> None:
    sentence = (
        "The contract went to John Doe, a builder who said in a statement that the firm had "
        "finished the work."
    )
    assert texts(sentence) == [
        "The contract went to John Doe",
        "John Doe, a builder who said in a statement that the firm had finished the work",
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "If anyone could doubt the need, the county has paved 400 miles of road since 2016.",
        "And should anyone forget the storm, the county has paved 400 miles of road since 2016.",
    ],
)
def test_a_hedge_inside_a_leading_condition_does_not_hedge_the_main_clause(
    sentence: str,
) -> None:
    assert texts(sentence) == [sentence]


def test_a_hedge_in_the_main_clause_after_a_condition_still_hedges_it() -> None:
    sentence = "If the budget passes, the county could pave 400 miles of road in 2022."
    assert texts(sentence) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Mr Abara, still seen by many voters as a reformer, won the Lagos seat in 2015.",
        "We are thrilled that readers in Peru can take part in the debate again in 2020.",
        "With the ruling, editors in Peru will once again be able to write on 12 May.",
        "We are actively reviewing the full text of the ruling by the Supreme Court of Peru.",
    ],
)
def test_characterisation_feelings_and_promised_abilities_are_not_claims(sentence: str) -> None:
    assert texts(sentence) == []


def test_a_plain_event_with_a_date_is_still_a_claim() -> None:
    assert texts("The Supreme Court of Peru ruled on 12 May 2020 that the block was illegal.")
