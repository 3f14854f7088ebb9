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


def test_a_relative_clause_after_a_speaker_splits_even_when_quote_marks_are_mixed() -> None:
    sentence = '"And who asked for it?” said Jane Roe, who will testify Thursday.'
    assert texts(sentence) == [
        '"And who asked for it?” said Jane Roe',
        "Jane Roe, who will testify Thursday",
    ]


def test_a_lone_dash_before_a_speaker_s_own_words_cuts_the_sentence() -> None:
    sentence = (
        "Yet Jane Roe has already amended her testimony once — “I now recall,” she said, "
        "talking to the board about the contract."
    )
    found = claims_of(sentence)
    assert [claim.text for claim in found] == [
        "Yet Jane Roe has already amended her testimony once",
        "“I now recall,” she said, talking to the board about the contract",
    ]
    assert found[1].attribution == "she said (Jane Roe)"


def test_a_named_person_doing_something_now_is_a_claim_without_a_date() -> None:
    assert texts("Mr Roe is resisting mediation by a local priest over the dispute.") == [
        "Mr Roe is resisting mediation by a local priest over the dispute."
    ]


def test_a_hedged_sentence_keeps_its_closing_dated_relative_clause() -> None:
    sentence = (
        "Nobody can say whether the bridge will reopen soon, a delay that may anger "
        "Maria Lopez, who has run the ferry company since 2004."
    )
    assert texts(sentence) == ["Maria Lopez, who has run the ferry company since 2004"]


def test_a_closing_which_clause_with_its_own_figure_is_a_fact_of_its_own() -> None:
    sentence = (
        "Only 40 percent of the county's roads are paved with asphalt, which leaves 2,500 "
        "miles of gravel."
    )
    assert texts(sentence) == [
        "Only 40 percent of the county's roads are paved with asphalt",
        "which leaves 2,500 miles of gravel",
    ]


def test_a_which_clause_after_a_leading_date_is_no_fact_of_its_own() -> None:
    sentence = (
        "In the winter of 2019, which was unusually dry, there were 42 wildfires, the "
        "forestry office said."
    )
    assert len(texts(sentence)) == 1


def test_a_second_reporting_clause_starts_a_new_attribution() -> None:
    sentence = (
        "The ministry said the minister had met the strikers on Friday and the union said "
        "it was ready to talk."
    )
    found = claims_of(sentence)
    assert [claim.attribution for claim in found] == ["The ministry said", "the union said"]
    assert found[1].text == "the union said it was ready to talk"


def test_a_second_predicate_with_its_own_anchor_is_a_fact_of_its_own() -> None:
    sentence = (
        "Maria Lopez and her brother were fined $500 by the court and are appealing the "
        "2019 ruling, a neighbour said."
    )
    found = claims_of(sentence)
    assert [claim.text for claim in found] == [
        "Maria Lopez and her brother were fined $500 by the court",
        "are appealing the 2019 ruling, a neighbour said",
    ]
    assert "date" in found[1].kinds
    assert "Maria Lopez" in [m.text for m in found[1].mentions]


def test_a_small_count_taking_part_in_a_past_event_anchors_a_claim() -> None:
    assert texts("During the storm, three old oaks fell across the road.") == [
        "During the storm, three old oaks fell across the road."
    ]
    assert texts("Three old oaks are enough shade for the yard.") == []


@pytest.mark.parametrize(
    "aside",
    [
        "a decision hailed by visitors as overdue",
        "a step many visitors regarded as overdue",
        "the latest move seen as a cost cut",
    ],
)
def test_a_closing_dash_aside_judging_the_clause_is_cut_from_the_claim(aside: str) -> None:
    sentence = f"The museum closed its east wing on April 9 — {aside}."
    assert texts(sentence) == ["The museum closed its east wing on April 9"]


def test_a_closing_participle_with_its_own_date_is_a_fact_of_its_own() -> None:
    sentence = (
        "Jane Roe rose quickly through the ranks of the party in the last two years, "
        "culminating in John Poe's removal a week ago."
    )
    assert texts(sentence) == [
        "Jane Roe rose quickly through the ranks of the party in the last two years",
        "culminating in John Poe's removal a week ago",
    ]


def test_a_closing_saying_clause_stays_with_its_speaker() -> None:
    sentence = "Jane Roe resigned on Monday, saying the board had ignored her on May 2."
    assert len(texts(sentence)) == 1


def test_a_comma_spliced_list_of_clauses_gives_one_claim_per_anchored_clause() -> None:
    sentence = (
        "I have run this shop since the late 1980s, I have sold bikes to thousands of riders "
        "across the region, and I fix them for my friends."
    )
    assert texts(sentence) == [
        "I have run this shop since the late 1980s",
        "I have sold bikes to thousands of riders across the region",
    ]


def test_a_lead_in_before_a_subject_is_no_spliced_list() -> None:
    sentence = "In March 2019, we opened a second shop, and we hired 12 staff in 2020."
    assert "In March 2019, we opened a second shop" in texts(sentence)[0]


def test_a_name_set_off_by_commas_in_a_subordinate_clause_does_not_end_the_relative() -> None:
    sentence = (
        "Ivo Kask, who sold the farm in 2012 because his partner, Eva Ruus, was ill, moved to "
        "Tartu in 2014."
    )
    assert texts(sentence) == [
        "Ivo Kask, who sold the farm in 2012 because his partner, Eva Ruus, was ill",
        "moved to Tartu in 2014",
    ]


def test_an_existential_frame_leaves_the_antecedent_as_described() -> None:
    sentence = (
        "There are still questions about 45-year-old Tom Berg, the captain who sank the ferry "
        "in 2015."
    )
    assert texts(sentence) == [
        "45-year-old Tom Berg, the captain",
        "Tom Berg, the captain who sank the ferry in 2015",
    ]


def test_a_name_closing_a_relative_clause_leaves_the_main_verb_to_its_subject() -> None:
    assert texts("Maria Lopez, who married in 1990 a neighbour, Tom Berg, resigned on May 4.") == [
        "Maria Lopez, who married in 1990 a neighbour, Tom Berg",
        "resigned on May 4",
    ]


def test_each_that_clause_a_reporting_verb_governs_is_a_claim_with_its_speaker() -> None:
    sentence = (
        "The state health agency said that 212 patients waited over a day for a bed in March,"
        " that 30% of them were over 80 and that 15% were sent home within hours."
    )
    found = claims_of(sentence)
    assert [claim.text for claim in found] == [
        "The state health agency said that 212 patients waited over a day for a bed in March",
        "30% of them were over 80",
        "15% were sent home within hours",
    ]
    assert {claim.attribution for claim in found} == {"health agency said"}


def test_that_clauses_stay_together_when_one_has_no_anchor() -> None:
    sentence = "Inspectors reported that the wall was unsafe in May and that it should come down."
    assert texts(sentence) == [sentence]
