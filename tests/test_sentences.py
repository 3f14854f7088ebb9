"""Sentence splitting: abbreviations, initials, numbers and quotations stay inside one sentence."""

from __future__ import annotations

import pytest

from claims.sentences import sentence_spans, split_sentences


def test_plain_sentences_are_split_at_their_full_stops() -> None:
    assert split_sentences("The court met. It ruled at once! Was it fair? Nobody knows.") == [
        "The court met.",
        "It ruled at once!",
        "Was it fair?",
        "Nobody knows.",
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "Mr. Smith and Dr. Jones met Gen. Ortiz at St. Mary's hospital.",
        "The author J. K. Rowling spoke at 9 a.m. local time.",
        "She moved to the U.S. Senate in Jan. 2019 after the vote.",
        "Prices rose 3.5% to $1,472.19 an ounce on the exchange.",
        "The rules, e.g. the curfew, and the fines, i.e. the penalties, stay.",
        "He lives at No. 10 and works for Acme Inc. in Ohio.",
    ],
)
def test_abbreviations_initials_and_decimals_do_not_end_a_sentence(sentence: str) -> None:
    assert split_sentences(sentence) == [sentence]


def test_an_abbreviation_ends_a_sentence_when_a_new_one_clearly_starts() -> None:
    text = "The envoy flew to the U.S. The talks began on Monday at 10 a.m. He spoke first."
    assert split_sentences(text) == [
        "The envoy flew to the U.S.",
        "The talks began on Monday at 10 a.m.",
        "He spoke first.",
    ]


def test_quotations_keep_their_attribution() -> None:
    text = '"We will appeal," he said. "Never!" Smith shouted. \u201cWhy?\u201d Holmes asked. Done.'
    assert split_sentences(text) == [
        '"We will appeal," he said.',
        '"Never!" Smith shouted.',
        "\u201cWhy?\u201d Holmes asked.",
        "Done.",
    ]


def test_a_closing_quote_or_bracket_belongs_to_the_sentence_it_ends() -> None:
    text = "He called it \u201ca fraud.\u201d Critics agreed. (Read the ruling here.) It stands."
    assert split_sentences(text) == [
        "He called it \u201ca fraud.\u201d",
        "Critics agreed.",
        "(Read the ruling here.)",
        "It stands.",
    ]


def test_a_parenthesis_after_a_sentence_is_a_sentence_of_its_own() -> None:
    text = "They spoke of the camps. (Read her reports here and here). Later they were held."
    assert split_sentences(text) == [
        "They spoke of the camps.",
        "(Read her reports here and here).",
        "Later they were held.",
    ]


def test_an_ellipsis_ends_a_sentence_only_before_a_capital() -> None:
    assert split_sentences("He paused... and went on. Then... Nothing.") == [
        "He paused... and went on.",
        "Then...",
        "Nothing.",
    ]


def test_paragraph_and_line_breaks_end_sentences() -> None:
    text = "A headline without a stop\n\nThe body starts here\nCredit: Agency\nand wraps here."
    assert split_sentences(text) == [
        "A headline without a stop",
        "The body starts here",
        "Credit: Agency\nand wraps here.",
    ]


def test_spans_are_offsets_of_the_stripped_sentences() -> None:
    text = "  First one.   Second one.\n\n Third "
    spans = sentence_spans(text)
    assert [text[start:end] for start, end in spans] == ["First one.", "Second one.", "Third"]
    assert spans[0] == (2, 12)


def test_empty_text_has_no_sentences() -> None:
    assert split_sentences("") == []
    assert split_sentences(" \n\n ") == []


def test_a_time_of_day_ends_a_sentence_before_a_capital_that_opens_a_new_one() -> None:
    assert split_sentences("The office closed at 5 p.m. Officials left on Monday.") == [
        "The office closed at 5 p.m.",
        "Officials left on Monday.",
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "The vote came at 3 p.m. Tuesday in the capital.",
        "The call began at 9 a.m. ET on Friday.",
        "The call began at 9 a.m. Eastern time on Friday.",
    ],
)
def test_a_time_of_day_followed_by_its_day_or_zone_stays_in_the_sentence(sentence: str) -> None:
    assert split_sentences(sentence) == [sentence]


def test_a_footnote_mark_after_a_full_stop_closes_the_sentence_it_follows() -> None:
    text = "Fares will rise by 3 percent.* The board approved them on Monday."
    assert split_sentences(text) == [
        "Fares will rise by 3 percent.*",
        "The board approved them on Monday.",
    ]


def test_a_leading_footnote_or_bullet_mark_is_not_part_of_the_sentence() -> None:
    text = "The strike ended.\n\n* Trains ran again on all lines by noon."
    assert split_sentences(text) == [
        "The strike ended.",
        "Trains ran again on all lines by noon.",
    ]
