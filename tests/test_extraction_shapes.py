"""Extraction rules read in shapes other than the sentence each was first written for.

Every rule here is checked on a sentence built another way (another verb, order or register)
and on a near miss it must leave alone, so that a rule holds for articles never seen.
"""

from __future__ import annotations

import datetime
import time

import pytest

from claims.article import article_from_html
from claims.attribution import find_attribution
from claims.citations import is_furniture
from claims.dates import find_dates
from claims.extract import extract_claims
from claims.mentions import find_mentions
from claims.model import Article, Claim
from claims.numbers import find_quantities

from .test_article_parsing import page

PUBLISHED = datetime.date(2021, 3, 10)
PAGE_URL = "https://news.paper.example/2021/05/03/flood-report"


def claims_of(*paragraphs: str) -> list[Claim]:
    return extract_claims(
        Article(
            url="https://news.example.org/story",
            title=None,
            author=None,
            published="2021-03-10",
            paragraphs=list(paragraphs),
            links=[],
        )
    )


def speaker_of(claims: list[Claim], phrase: str) -> str | None:
    return next(claim.attribution for claim in claims if phrase in claim.text)


def attribution(sentence: str) -> tuple[str, tuple[str, ...]] | None:
    found = find_attribution(sentence, find_mentions(sentence, PUBLISHED))
    return None if found is None else (found.phrase, found.sources)


def mentions(sentence: str, kind: str) -> list[str]:
    return [m.text for m in find_mentions(sentence, PUBLISHED) if m.kind == kind]


def texts(*paragraphs: str) -> list[str]:
    return [claim.text for claim in claims_of(*paragraphs)]


# Untagged quotations and the subject of the paragraph before.


def test_an_untagged_quote_continues_the_subject_that_opened_the_paragraph_before() -> None:
    claims = claims_of(
        "Maria Lopez won the mayoral race in 2019 after a long campaign.",
        "“We will rebuild the harbour by 2025.”",
    )
    assert speaker_of(claims, "harbour") == "Maria Lopez"


def test_a_topicalised_subject_is_carried_into_the_next_quote() -> None:
    claims = claims_of(
        "But for Tom Baker, the closure of the mill in 2019 ended a career.",
        "“I had worked there for 31 years.”",
    )
    assert speaker_of(claims, "31 years") == "Tom Baker"


def test_the_object_of_a_verb_is_never_the_speaker_of_the_next_quote() -> None:
    claims = claims_of(
        "Voters elected Maria Lopez as mayor in 2019 after a long campaign.",
        "“We will rebuild the harbour by 2025.”",
    )
    assert speaker_of(claims, "harbour") is None


def test_a_quote_with_its_own_tag_keeps_it_over_the_paragraph_before() -> None:
    claims = claims_of(
        "John Smith was arrested in Leeds on Monday.",
        "“We will not tolerate this kind of violence in 2021,” the police chief said later.",
    )
    assert speaker_of(claims, "tolerate") != "John Smith"


# Quoted descriptions credited through "by".


def test_a_described_by_source_ends_before_its_time_adverbial() -> None:
    sentence = 'The plan was described as "reckless" by the Smith family on Monday.'
    assert attribution(sentence) == ('described as "reckless" by the Smith family', ())


def test_by_the_time_is_a_time_not_the_source_of_a_description() -> None:
    assert attribution('The senator was called "a liar" by the time the polls closed.') is None


def test_a_named_body_credits_a_quoted_label_in_another_verb() -> None:
    found = attribution('The plan was branded "reckless" by the Treasury.')
    assert found == ('branded "reckless" by the Treasury', ("Treasury",))


# Coordinated "that" clauses after one reporting verb.


def test_that_clauses_after_a_verb_with_its_object_are_each_a_claim() -> None:
    found = texts(
        "Maria Lopez told reporters that 40 wards in Leeds closed in May, that 12 clinics in"
        " York lost staff and that 3 hospitals in Hull shut."
    )
    assert found[1:] == ["12 clinics in York lost staff", "3 hospitals in Hull shut"]


@pytest.mark.parametrize(
    "sentence",
    [
        "The mayor said that 3 schools closed in Leeds in March and that that left 2 wards in"
        " York without teachers.",
        "The mayor said that 3 schools closed in Leeds in March and that is why 2 wards in York"
        " lost power.",
    ],
)
def test_a_demonstrative_that_opens_no_new_claim(sentence: str) -> None:
    assert texts(sentence) == [sentence]


# Reporting asides and their speakers.


@pytest.mark.parametrize(
    ("sentence", "phrase"),
    [
        ("The quake struck at 3 a.m. on Sunday, geologists said.", "geologists said"),
        ("Turnout fell to 40 percent in May, election officials believed.",
         "election officials believed"),
        ("The dam will hold until 2030, local engineers estimate.", "local engineers estimate"),
    ],
)  # fmt: skip
def test_a_reporting_aside_names_people_as_its_speakers(sentence: str, phrase: str) -> None:
    assert attribution(sentence) == (phrase, ())


@pytest.mark.parametrize(
    "sentence",
    [
        "The river flooded 40 homes in March, the rains said.",
        "The dam will hold until 2030, the floods suggested.",
    ],
)
def test_a_reporting_aside_of_things_is_no_attribution(sentence: str) -> None:
    assert attribution(sentence) is None


# Companions and belief.


def test_a_companion_named_after_the_kin_noun_speaks_with_the_first_person() -> None:
    found = attribution("John Smith and his wife Anna believe the fire started in 2019.")
    assert found == ("John Smith and his wife Anna believe", ("John Smith", "Anna"))


def test_a_named_person_and_their_advisers_speak_in_the_past_tense_too() -> None:
    found = attribution("Maria Lopez and her lawyers believed the contract was signed in 2019.")
    assert found == ("Maria Lopez and her lawyers believed", ("Maria Lopez",))


@pytest.mark.parametrize(
    "sentence",
    [
        "We believed the bridge would close in 2019.",
        "The gunman is believed to have fled to Leeds in 2019.",
    ],
)
def test_the_writers_belief_or_a_passive_belief_credits_no_one(sentence: str) -> None:
    assert attribution(sentence) is None


# Verdicts, dates and counts.


def test_recognition_granted_by_an_authority_in_the_active_voice_is_a_verdict() -> None:
    claims = claims_of("In 2019 the tribunal legally recognised the union as the bargaining agent.")
    assert "verdict" in claims[0].kinds


def test_recognition_without_an_authority_is_no_verdict() -> None:
    claims = claims_of("In 2019 the union was widely recognised as the workers' voice.")
    assert "verdict" not in claims[0].kinds


def test_a_holiday_weekend_of_last_year_is_dated() -> None:
    found = find_dates("Traffic built up over the Labor Day weekend last year.", PUBLISHED)
    assert [(m.text, m.value) for m in found] == [("Labor Day weekend last year", "2020-W36")]


def test_a_holiday_without_its_weekend_is_no_date() -> None:
    assert find_dates("The Easter egg hunt drew crowds.", PUBLISHED) == []


def test_scores_of_opening_a_sentence_is_a_vague_count() -> None:
    assert mentions("Scores of protesters gathered in Leeds.", "quantity") == [
        "Scores of protesters"
    ]


def test_scores_of_a_contest_are_not_a_count_of_scores() -> None:
    assert mentions("The judges' scores of 9.5 stood.", "quantity") == ["9.5"]


# Numbers that open names.


def test_a_capitalised_number_word_after_a_semicolon_is_part_of_a_name() -> None:
    assert find_quantities("The council met; Forty Acre beach reopened.", []) == []


def test_a_capitalised_number_word_opening_a_sentence_counts() -> None:
    found = find_quantities("The council met. Forty residents came.", [])
    assert [m.text for m in found] == ["Forty residents"]


def test_many_number_words_in_a_long_text_stay_fast() -> None:
    started = time.perf_counter()
    find_quantities("Forty Acre, " * 5_000, [])
    assert time.perf_counter() - started < 1.0


@pytest.mark.parametrize(
    "sentence", ["Fifty Cent performed in Leeds.", "Residents of Seven Sisters Road met."]
)
def test_a_name_opened_by_a_number_word_is_no_person(sentence: str) -> None:
    assert mentions(sentence, "person") == []


# Places by landform words, owners and movement verbs.


@pytest.mark.parametrize(
    ("sentence", "place"),
    [
        ("Tourists flocked to Kaiwaka beach in 2019.", "Kaiwaka"),
        ("The family moved to Springvale in 2019.", "Springvale"),
        ("The ferry returned to Port Calder.", "Port Calder"),
    ],
)
def test_landforms_and_movement_verbs_mark_unknown_names_as_places(
    sentence: str, place: str
) -> None:
    assert place in mentions(sentence, "place")


def test_moving_to_a_club_is_no_place() -> None:
    assert mentions("He moved to Chelsea Football Club in 2019.", "place") == []


# Relatives named in full.


def test_a_relative_named_in_full_leaves_the_surname_with_its_first_bearer() -> None:
    claims = claims_of(
        "Anna Baker opened the bakery in Leeds in 2009.",
        "In 2015 her husband, Tom Baker, joined the business.",
        "Baker sold the bakery in 2021.",
    )
    people = [m.value for m in claims[-1].mentions if m.kind == "person"]
    assert people == ["Anna Baker"]


# Headline promos and captions.


def test_a_bare_headline_on_a_sister_subdomain_is_a_promo() -> None:
    headline = "Five ways to beat the airport queues this winter"
    url = "https://travel.paper.example/2021/05/02/airport-queues"
    assert is_furniture(url, headline, headline, PAGE_URL)


def test_a_bare_headline_of_another_publication_under_the_same_country_suffix_is_kept() -> None:
    headline = "Inspectors report on the state of county bridges"
    page_url = "https://www.paper.co.uk/2021/05/03/flood-report"
    assert not is_furniture("https://county.co.uk/reports/bridges", headline, headline, page_url)


def _story(body: str) -> list[str]:
    return article_from_html(page(body=body), url="https://paper.example/story").paragraphs


def test_a_bullet_list_of_sentences_after_a_picture_stays_in_the_story() -> None:
    paragraphs = _story(
        "<figure><img src='/a.jpg' alt=''></figure>"
        "<ul><li>The council will spend four million pounds on the bridge over the next three"
        " years.</li><li>The ferry service to the island will resume in the spring after two"
        " years of repairs.</li></ul>"
    )
    assert any("four million pounds" in paragraph for paragraph in paragraphs)


def test_a_list_of_credited_captions_after_a_picture_is_left_out() -> None:
    paragraphs = _story(
        "<figure><img src='/a.jpg' alt=''></figure>"
        "<ul><li>A fisherman mends his nets on the harbour wall at dawn. Photograph: A Name/"
        "Agency</li><li>Gulls wait on the roof of the fish market for the boats. Photograph:"
        " A Name/Agency</li></ul>"
    )
    assert not any("fisherman" in paragraph for paragraph in paragraphs)


def test_an_invitation_to_tell_of_experiences_links_to_no_source() -> None:
    sentence = "Tell us about your experiences of the storm on our contact page."
    assert is_furniture("https://forms.example/storm", "our contact page", sentence, PAGE_URL)


def test_readers_sharing_photos_in_the_story_is_a_citation() -> None:
    sentence = "Residents shared their photos of the flood on the council's page."
    assert not is_furniture("https://council.example/flood", "page", sentence, PAGE_URL)
