"""Verification: how a claim is checked against the archived text of the sources it cites."""

from __future__ import annotations

import datetime
import json
from dataclasses import replace

import pytest

from claims.dates import find_dates
from claims.mentions import find_mentions
from claims.model import Claim, Evidence, Mention, SourceText
from claims.passages import best_passages, split_passages, stem, words
from claims.verify import aggregate_status, verify_claim


def mention(sentence: str, kind: str, text: str, value: str | int | None = None) -> Mention:
    """A mention of TEXT at its place in SENTENCE, its value TEXT unless given."""
    start = sentence.index(text)
    return Mention(kind, text, text if value is None else value, None, start, start + len(text))


def dated(sentence: str, text: str, reference: datetime.date | None = None) -> Mention:
    """The date TEXT in SENTENCE, as the date finder reads it."""
    [found] = find_dates(text, reference)
    start = sentence.index(text)
    return replace(found, start=start + (found.start or 0), end=start + (found.end or 0))


def claim(sentence: str, *mentions: Mention) -> Claim:
    """A claim made of one whole sentence."""
    return Claim(1, sentence, sentence, sorted({m.kind for m in mentions}), list(mentions))


def page(*paragraphs: str, capture_id: int = 1, ok: bool = True) -> SourceText:
    """An archived page whose text is PARAGRAPHS separated by blank lines."""
    return SourceText(capture_id, f"https://example.org/{capture_id}", "\n\n".join(paragraphs), ok)


def check(c: Claim, source: SourceText) -> Evidence:
    """The evidence one source gives about a claim, with its offsets checked."""
    [evidence] = verify_claim(c, [source])
    json.dumps(evidence.details)  # must be storable as it is
    if evidence.passage is not None:
        start, end = evidence.details["start"], evidence.details["end"]
        assert source.text[start:end] == evidence.passage
    return evidence


FILLER = "The weather stayed mild through the weekend, forecasters said."
RECIPE = "Whisk two eggs with sugar, fold in the flour and bake for forty minutes."

RESIGNATION = (
    "Mayor Jana Petrovic announced her resignation at a press conference on October 14, 2021."
)
RESIGNATION_CLAIM = claim(
    RESIGNATION,
    mention(RESIGNATION, "person", "Jana Petrovic"),
    dated(RESIGNATION, "October 14, 2021"),
)


# --- passages -----------------------------------------------------------------------------


def test_passages_are_the_paragraphs_with_their_offsets_in_the_text() -> None:
    text = "  First paragraph.\n\nSecond one, with Mr. Smith.\n \n\nThird.\n"
    passages = split_passages(text)
    assert [p.text for p in passages] == [
        "First paragraph.",
        "Second one, with Mr. Smith.",
        "Third.",
    ]
    assert all(text[p.start : p.end] == p.text for p in passages)


def test_a_very_long_paragraph_is_cut_into_sentence_windows() -> None:
    sentences = [f"Sentence {n} says something about the harbour and its boats." for n in range(60)]
    text = "Short intro.\n\n" + " ".join(sentences)
    passages = split_passages(text)
    assert len(passages) > 4
    assert all(len(p.text) <= 650 for p in passages)
    assert all(text[p.start : p.end] == p.text for p in passages)
    assert all(p.text.endswith("boats.") for p in passages[1:])  # whole sentences only
    assert passages[-1].text.endswith("Sentence 59 says something about the harbour and its boats.")


def test_empty_text_has_no_passages() -> None:
    assert split_passages(" \n\n \n") == []


def test_words_are_folded_and_stemmed_so_a_verb_meets_its_noun() -> None:
    assert [w.fold for w in words("Müller’s ruling")] == ["muller", "ruling"]
    assert stem("conviction") == stem("convicted") == stem("convicting") == "convict"
    assert stem("denial") == stem("denied") == stem("deny")
    assert stem("deportation") == stem("deported")
    assert stem("granted") != stem("denied")


def test_the_passages_sharing_the_rarest_words_rank_first() -> None:
    text = "The council met.\n\nThe council approved the harbour budget.\n\nThe council adjourned."
    passages = split_passages(text)
    terms = {stem(w) for w in ("council", "harbour", "budget")}
    ranked = best_passages(terms, text, passages, limit=2, merged_chars=0)
    assert [p.text for p, _, _ in ranked] == [passages[1].text, passages[0].text]
    assert ranked[0][1] > ranked[1][1] > 0


# --- supported ----------------------------------------------------------------------------


def test_a_day_is_supported_by_the_same_day_without_its_year() -> None:
    sentence = (
        "The Harlow council approved the new transit budget on March 3, 2021, after a debate."
    )
    c = claim(sentence, dated(sentence, "March 3, 2021"))
    source = page(
        "Harlow news roundup.",
        FILLER,
        "On March 3 the council approved the transit budget by seven votes to two.",
        "Residents can comment online.",
    )
    evidence = check(c, source)
    assert evidence.status == "supported"
    assert evidence.passage == source.text.split("\n\n")[2]
    assert {"kind": "date", "claim": "2021-03-03", "source": "March 3"} in evidence.details[
        "matched"
    ]
    assert evidence.details["conflicts"] == []
    assert 0.5 < evidence.score <= 1.0


def test_a_month_is_supported_by_the_same_month() -> None:
    sentence = "Lena Brandt moved her bakery to Lisbon in October 2018."
    c = claim(
        sentence,
        mention(sentence, "person", "Lena Brandt"),
        dated(sentence, "October 2018"),
    )
    source = page(
        FILLER, "In October 2018, Brandt moved the bakery to Lisbon, where it still trades."
    )
    evidence = check(c, source)
    assert evidence.status == "supported"
    assert {"kind": "date", "claim": "2018-10", "source": "October 2018"} in evidence.details[
        "matched"
    ]


def test_a_week_is_supported_by_any_day_inside_it() -> None:
    sentence = "Earlier this week, regulators granted the Oakridge mine a new permit."
    c = claim(sentence, dated(sentence, "Earlier this week", datetime.date(2019, 10, 31)))
    inside = page("Regulators granted the Oakridge mine its new permit on October 29.")
    outside = page("Regulators granted the Oakridge mine its new permit on October 21.")
    assert check(c, inside).status == "supported"
    # A week comes from a relative phrase: another day is no proof, and no contradiction either.
    assert check(c, outside).status == "not_found"


def test_a_person_is_found_by_surname_alone() -> None:
    sentence = "Farida Nurlanovna testified before the commission on 12 May 2020."
    c = claim(
        sentence,
        mention(sentence, "person", "Farida Nurlanovna"),
        dated(sentence, "12 May 2020"),
    )
    evidence = check(c, page("Nurlanovna testified before the commission on May 12, 2020."))
    assert evidence.status == "supported"
    assert {"kind": "person", "claim": "Farida Nurlanovna", "source": "Nurlanovna"} in (
        evidence.details["matched"]
    )


def test_the_same_event_told_of_someone_else_is_no_support() -> None:
    sentence = "Farida Nurlanovna testified before the commission on 12 May 2020."
    c = claim(
        sentence,
        mention(sentence, "person", "Farida Nurlanovna"),
        dated(sentence, "12 May 2020"),
    )
    evidence = check(c, page("Olga Sato testified before the commission on May 12, 2020."))
    assert evidence.status == "not_found"


def test_a_verdict_is_supported_by_another_word_of_its_family() -> None:
    sentence = "A jury convicted Daniel Reyes of insurance fraud in April 2022."
    c = claim(
        sentence,
        mention(sentence, "verdict", "convicted", "convict"),
        mention(sentence, "person", "Daniel Reyes"),
        dated(sentence, "April 2022"),
    )
    paragraph = "Reyes's conviction for insurance fraud in April 2022 ended an investigation."
    evidence = check(c, page(FILLER, paragraph))
    assert evidence.status == "supported"
    assert {"kind": "verdict", "claim": "convict", "source": "conviction"} in (
        evidence.details["matched"]
    )


def test_a_fact_split_over_two_paragraphs_is_read_across_them() -> None:
    source = page(
        FILLER,
        "Petrovic announced her resignation at a crowded press conference.",
        "The conference was held on October 14 at city hall.",
        RECIPE,
    )
    evidence = check(RESIGNATION_CLAIM, source)
    assert evidence.status == "supported"
    assert evidence.passage is not None
    assert evidence.passage.startswith("Petrovic announced") and evidence.passage.endswith("hall.")


def test_a_relative_day_is_weakly_supported_by_the_same_words() -> None:
    sentence = "The flood killed 12 people in Harlow on Monday."
    c = claim(
        sentence,
        mention(sentence, "quantity", "12 people", "12"),
        dated(sentence, "Monday", datetime.date(2021, 11, 3)),
    )
    evidence = check(c, page("Officials said the flood in Harlow on Monday killed 12 people."))
    assert evidence.status == "supported"
    assert {"kind": "date", "claim": "2021-11-01", "source": "Monday"} in evidence.details[
        "matched"
    ]


def test_a_paraphrased_outcome_is_forgiven_where_date_and_people_agree() -> None:
    sentence = "Officials granted Nadia Sorel a residence permit on May 4, 2020."
    c = claim(
        sentence,
        mention(sentence, "verdict", "granted", "grant"),
        mention(sentence, "person", "Nadia Sorel"),
        dated(sentence, "May 4, 2020"),
    )
    evidence = check(c, page("Sorel received a residence permit by officials on May 4, 2020."))
    assert evidence.status == "supported"
    assert {"kind": "verdict", "claim": "grant"} in evidence.details["missing"]
    # Without the date to anchor it, the same wording is not enough.
    undated = claim(sentence, *c.mentions[:2])
    assert check(undated, page("Sorel received a residence permit by officials.")).status == (
        "not_found"
    )


def test_the_reporter_a_claim_is_attributed_to_need_not_be_in_the_source() -> None:
    sentence = "As Jane Roe reported, the ferry sank near Harlow on June 3, 2021."
    c = claim(sentence, mention(sentence, "person", "Jane Roe"), dated(sentence, "June 3, 2021"))
    c.attribution = "As Jane Roe reported"
    evidence = check(c, page("The ferry sank near Harlow on June 3, 2021, the coast guard said."))
    assert evidence.status == "supported"


# --- discrepancy ----------------------------------------------------------------------------


def test_another_day_for_the_same_event_is_a_discrepancy() -> None:
    paragraph = "At a press conference on October 15, Petrovic announced her resignation."
    source = page(FILLER, paragraph)
    evidence = check(RESIGNATION_CLAIM, source)
    assert evidence.status == "discrepancy"
    assert evidence.details["conflicts"] == [
        {"kind": "date", "claim": "2021-10-14", "source": "2021-10-15"}
    ]
    assert evidence.passage is not None and "October 15" in evidence.passage


def test_an_exact_contradicting_day_outweighs_a_mere_month() -> None:
    source = page(
        "In October 2021, Petrovic announced her resignation as mayor.",
        "She made the announcement at a press conference on October 15, Petrovic's office said.",
    )
    assert check(RESIGNATION_CLAIM, source).status == "discrepancy"


def test_another_age_for_the_same_person_is_a_discrepancy() -> None:
    sentence = "Tomas Keller, 52, was arrested at his home in Dunmore on June 2, 2020."
    c = claim(
        sentence,
        mention(sentence, "person", "Tomas Keller"),
        mention(sentence, "age", "52", 52),
        dated(sentence, "June 2, 2020"),
    )
    evidence = check(c, page("Police arrested Keller, 54, at his home in Dunmore on June 2."))
    assert evidence.status == "discrepancy"
    assert evidence.details["conflicts"] == [{"kind": "age", "claim": 52, "source": 54}]
    agreeing = check(c, page("Police arrested Keller, 52, at his home in Dunmore on June 2."))
    assert agreeing.status == "supported"


def test_another_count_of_the_same_thing_is_a_discrepancy() -> None:
    sentence = "The flood killed 12 people in Harlow on November 1, 2021."
    c = claim(
        sentence,
        mention(sentence, "quantity", "12 people", "12"),
        dated(sentence, "November 1, 2021"),
    )
    evidence = check(c, page("The flood in Harlow on November 1 killed 14 people."))
    assert evidence.status == "discrepancy"
    assert evidence.details["conflicts"] == [{"kind": "quantity", "claim": "12", "source": "14"}]
    # A bound is no contradiction: "more than 10" does not deny 12.
    loose = check(c, page("The flood in Harlow on November 1 killed more than 10 people."))
    assert loose.status == "not_found"


def test_ages_are_told_apart_by_the_names_beside_them_even_without_offsets() -> None:
    sentence = "Police said Keller, 52, and Ana Ruiz, 47, were detained on June 2, 2020."
    read = find_mentions(sentence, None)
    # Mentions read back from the database have lost their offsets in the sentence.
    c = claim(sentence, *(replace(m, start=None, end=None) for m in read))
    c.attribution = "Police"
    evidence = check(c, page("Keller, 47, and Ruiz, 52, were detained on June 2, 2020."))
    assert evidence.status == "discrepancy"
    assert evidence.details["conflicts"] == [
        {"kind": "age", "claim": 52, "source": 47},
        {"kind": "age", "claim": 47, "source": 52},
    ]


def test_the_opposite_verdict_is_a_discrepancy() -> None:
    sentence = "A jury convicted Daniel Reyes of insurance fraud in April 2022."
    c = claim(
        sentence,
        mention(sentence, "verdict", "convicted", "convict"),
        mention(sentence, "person", "Daniel Reyes"),
        dated(sentence, "April 2022"),
    )
    evidence = check(c, page("In April 2022 a jury acquitted Reyes of insurance fraud."))
    assert evidence.status == "discrepancy"
    assert evidence.details["conflicts"] == [
        {"kind": "verdict", "claim": "convict", "source": "acquit"}
    ]


def test_a_refusal_contradicted_by_the_act_is_a_discrepancy() -> None:
    sentence = "A judge fined Laura Ortiz for trespassing but declined to order her deportation."
    c = claim(sentence, mention(sentence, "person", "Laura Ortiz"))
    evidence = check(c, page("The judge fined Ortiz for trespassing and ordered her deported."))
    assert evidence.status == "discrepancy"
    assert evidence.details["conflicts"] == [
        {"kind": "negation", "claim": "declined to order", "source": "ordered"}
    ]


def test_another_place_in_the_same_slot_is_a_discrepancy() -> None:
    sentence = "A court in Dunmore sentenced Tomas Keller to two years in prison on June 2, 2020."
    c = claim(
        sentence,
        mention(sentence, "place", "Dunmore"),
        mention(sentence, "person", "Tomas Keller"),
        dated(sentence, "June 2, 2020"),
    )
    evidence = check(
        c, page("On June 2, 2020, a court in Harlow sentenced Keller to two years in prison.")
    )
    assert evidence.status == "discrepancy"
    assert evidence.details["conflicts"] == [
        {"kind": "place", "claim": "Dunmore", "source": "Harlow"}
    ]


# --- not found and unavailable ----------------------------------------------------------------


def test_the_same_people_in_another_event_are_neither_support_nor_discrepancy() -> None:
    source = page(
        "Petrovic was first elected mayor on May 3, 2017, after a campaign about housing."
    )
    evidence = check(RESIGNATION_CLAIM, source)
    assert evidence.status == "not_found"
    assert evidence.details["conflicts"] == []


def test_an_unrelated_page_says_nothing() -> None:
    evidence = check(RESIGNATION_CLAIM, page(RECIPE, FILLER))
    assert evidence.status == "not_found"
    assert evidence.passage is None
    assert evidence.score == 0.0
    assert {"kind": "date", "claim": "2021-10-14"} in evidence.details["missing"]


def test_a_failed_capture_is_unavailable() -> None:
    evidence = check(RESIGNATION_CLAIM, page("", capture_id=7, ok=False))
    assert evidence.capture_id == 7
    assert (evidence.status, evidence.passage, evidence.score) == ("unavailable", None, 0.0)


def test_each_source_gives_one_evidence_in_order() -> None:
    sources = [
        page(RECIPE, capture_id=3),
        page(
            "At a press conference on October 14, Petrovic announced her resignation.", capture_id=4
        ),
        page("", capture_id=5, ok=False),
    ]
    evidence = verify_claim(RESIGNATION_CLAIM, sources)
    statuses = [(e.capture_id, e.status) for e in evidence]
    assert statuses == [(3, "not_found"), (4, "supported"), (5, "unavailable")]
    # The same capture cited twice (a link and an attribution) gives one evidence.
    assert verify_claim(RESIGNATION_CLAIM, sources + sources[:1]) == evidence
    assert aggregate_status(evidence) == "supported"


def test_a_date_in_a_sentence_about_something_else_is_no_support() -> None:
    sentence = "Okafor was denied a visa in March 2020."
    c = claim(
        sentence, mention(sentence, "verdict", "denied", "deny"), dated(sentence, "March 2020")
    )
    source = page("Two other applicants arrived in March 2020.", "Okafor was denied a visa.")
    assert check(c, source).status == "not_found"


def test_a_date_in_someone_elses_story_is_no_rival() -> None:
    sentence = "The two men crossed the border illegally on October 1, 2019."
    c = claim(
        sentence, mention(sentence, "quantity", "two men", "2"), dated(sentence, "October 1, 2019")
    )
    other = "On August 1 a court found Anna Belova guilty of crossing the border illegally."
    assert check(c, page(other)).status == "not_found"
    theirs = "Karim Aziz and Omar Aziz crossed the border illegally on October 2, 2019."
    assert check(c, page(theirs)).status == "discrepancy"  # two named men, for "the two men"


def test_another_outcome_on_another_day_is_another_event() -> None:
    sentence = "Tomas Keller was convicted of bank fraud on March 3, 2021."
    c = claim(
        sentence,
        mention(sentence, "person", "Tomas Keller"),
        mention(sentence, "verdict", "convicted", "convict"),
        dated(sentence, "March 3, 2021"),
    )
    evidence = check(c, page("Keller was arrested for bank fraud on March 5, 2021."))
    assert evidence.status == "not_found"
    assert evidence.details["conflicts"] == []


def test_a_date_for_another_part_of_the_story_is_no_rival() -> None:
    paragraph = (
        "At a press conference, Petrovic announced her resignation, effective on November 30."
    )
    evidence = check(RESIGNATION_CLAIM, page(paragraph))
    assert evidence.status == "not_found"
    assert evidence.details["conflicts"] == []


def test_a_contradiction_must_be_told_in_one_paragraph() -> None:
    source = page(
        "Petrovic announced her resignation at a press conference.",
        "The city's budget conference is on October 20.",
    )
    assert check(RESIGNATION_CLAIM, source).status == "not_found"


def test_one_date_of_a_claim_is_no_rival_of_its_other_date() -> None:
    sentence = "Keller crossed the border on October 1 and was detained on October 14, 2019."
    c = claim(
        sentence,
        mention(sentence, "person", "Keller"),
        dated(sentence, "October 1", datetime.date(2019, 11, 1)),
        dated(sentence, "October 14, 2019"),
    )
    evidence = check(c, page("Keller was detained at the border on October 14."))
    assert evidence.status == "not_found"  # October 1 is not in it, but nothing contradicts it


# --- with mentions read from the sentence ------------------------------------------------------


def test_a_claim_read_by_the_mention_finder_is_checked_the_same_way() -> None:
    sentence = "Ortiz, 34, was fined by a judge in Westbrook on March 3, 2020."
    c = claim(sentence, *find_mentions(sentence, datetime.date(2020, 3, 10)))
    assert {"age", "date"} <= set(c.kinds)
    assert check(c, page("A judge fined Ortiz, 34, on March 3, 2020.")).status == "supported"
    assert check(c, page("A judge fined Ortiz, 43, on March 3, 2020.")).status == "discrepancy"


def test_a_refused_outcome_read_by_the_mention_finder() -> None:
    sentence = "A judge fined Laura Ortiz but declined to order her deportation."
    c = claim(sentence, *find_mentions(sentence, None))
    done = check(c, page("The judge fined Ortiz and ordered her deported."))
    assert done.status == "discrepancy"
    assert {"kind": "verdict", "claim": "not deport", "source": "deport"} in (
        done.details["conflicts"]
    )
    refused = check(c, page("The judge fined Ortiz but did not deport her."))
    assert refused.status == "supported"


# --- the claim's overall status ----------------------------------------------------------------


def _evidence(*statuses: str) -> list[Evidence]:
    return [Evidence(n, status) for n, status in enumerate(statuses)]


@pytest.mark.parametrize(
    ("statuses", "overall"),
    [
        ((), "unchecked"),
        (("unavailable", "unavailable"), "unavailable"),
        (("supported", "discrepancy", "unavailable"), "discrepancy"),
        (("not_found", "supported", "unavailable"), "supported"),
        (("not_found", "unavailable"), "not_found"),
        (("not_found",), "not_found"),
    ],
)
def test_one_discrepancy_outweighs_any_support(statuses: tuple[str, ...], overall: str) -> None:
    assert aggregate_status(_evidence(*statuses)) == overall


def test_a_sources_relative_dates_count_from_its_own_publication_date():
    sentence = "Last March the council rejected the bridge plan."
    c = claim(
        sentence,
        dated(sentence, "Last March", datetime.date(2021, 1, 10)),
        mention(sentence, "verdict", "rejected", "reject"),
    )
    text = "The city council rejected the bridge plan earlier this month, officials said."
    undated = check(c, page(text))
    assert undated.status != "supported"
    dated_page = replace(page(text), published="2020-03-20T08:00:00Z")
    assert check(c, dated_page).status == "supported"


# --- each mention kind within its precision, bounds and spellings ---------------------------


def test_a_month_is_supported_by_a_day_inside_it() -> None:
    sentence = "The Harlow council approved the transit budget in October 2019."
    c = claim(sentence, dated(sentence, "October 2019"))
    evidence = check(c, page("The council approved the transit budget on October 29, 2019."))
    assert evidence.status == "supported"
    assert {"kind": "date", "claim": "2019-10", "source": "October 29, 2019"} in (
        evidence.details["matched"]
    )


def test_a_figure_inside_a_claimed_bound_supports_it_and_one_outside_contradicts_it() -> None:
    sentence = "The floods displaced more than a million people in Harlow province in 2019."
    c = claim(sentence, *find_mentions(sentence, None))
    inside = check(
        c, page("In 2019 the floods displaced about 1.2 million people in Harlow province.")
    )
    assert inside.status == "supported"
    assert {
        "kind": "quantity",
        "claim": ">1000000",
        "source": "about 1.2 million people",
    } in inside.details["matched"]
    outside = check(c, page("In 2019 the floods displaced 900,000 people in Harlow province."))
    assert outside.status == "discrepancy"
    assert outside.details["conflicts"] == [
        {"kind": "quantity", "claim": ">1000000", "source": "900000"}
    ]


def test_an_approximate_figure_allows_a_tenth_either_way() -> None:
    sentence = "About 50 people were detained in Dunmore on June 2, 2020."
    c = claim(sentence, *find_mentions(sentence, None))
    assert check(c, page("On June 2, 2020, police detained 53 people in Dunmore.")).status == (
        "supported"
    )
    assert check(c, page("On June 2, 2020, police detained 80 people in Dunmore.")).status == (
        "discrepancy"
    )


def test_a_person_is_found_under_a_transliterated_name() -> None:
    sentence = "Qadir Serikuly was granted asylum in Sweden on March 3, 2020."
    c = claim(
        sentence,
        mention(sentence, "person", "Qadir Serikuly"),
        mention(sentence, "verdict", "granted", "grant"),
        dated(sentence, "March 3, 2020"),
    )
    evidence = check(c, page(FILLER, "Kadir Serik was granted asylum in Sweden on March 3."))
    assert evidence.status == "supported"
    assert {
        "kind": "person",
        "claim": "Qadir Serikuly",
        "source": "Kadir Serik",
        "variant": True,
    } in evidence.details["matched"]


def test_a_transliterated_name_beside_another_date_of_the_same_event_is_a_discrepancy() -> None:
    sentence = "Aygul Bolatkyzy testified before the tribunal on 12 May 2020."
    c = claim(
        sentence,
        mention(sentence, "person", "Aygul Bolatkyzy"),
        dated(sentence, "12 May 2020"),
    )
    evidence = check(c, page("Aigul Bolatkizi testified before the tribunal on May 14, 2020."))
    assert evidence.status == "discrepancy"
    assert evidence.details["conflicts"] == [
        {"kind": "date", "claim": "2020-05-12", "source": "2020-05-14"}
    ]
    # The same people on another date, in another story, neither support nor contradict it.
    other = check(c, page("Aigul Bolatkizi moved to Stockholm on May 14, 2020, with her family."))
    assert other.status == "not_found"
    assert other.details["conflicts"] == []


def test_someone_with_a_similar_name_is_not_the_claims_person() -> None:
    sentence = "Anna Kadir testified before the commission on 12 May 2020."
    c = claim(sentence, mention(sentence, "person", "Anna Kadir"), dated(sentence, "12 May 2020"))
    evidence = check(c, page("Anna Kamir testified before the commission on May 12, 2020."))
    assert evidence.status == "not_found"
    assert {"kind": "person", "claim": "Anna Kadir"} in evidence.details["missing"]


def test_an_age_is_read_beside_a_transliterated_name() -> None:
    sentence = "Qadir Serikuly, 30, opened the clinic on April 8, 2019."
    c = claim(
        sentence,
        mention(sentence, "person", "Qadir Serikuly"),
        mention(sentence, "age", "30", 30),
        dated(sentence, "April 8, 2019"),
    )
    agreeing = check(c, page("Kadir Serik, 30, opened the clinic on April 8, 2019."))
    assert agreeing.status == "supported"
    other = check(c, page("Kadir Serik, 31, opened the clinic on April 8, 2019."))
    assert other.status == "discrepancy"
    assert other.details["conflicts"] == [{"kind": "age", "claim": 30, "source": 31}]


def test_a_place_in_another_spelling_is_the_same_place() -> None:
    sentence = "A court in Zhelmar sentenced Tomas Keller to two years in prison on June 2, 2020."
    c = claim(
        sentence,
        mention(sentence, "place", "Zhelmar"),
        mention(sentence, "person", "Tomas Keller"),
        dated(sentence, "June 2, 2020"),
    )
    text = "On June 2, 2020, a court in Jelmar sentenced Keller to two years in prison."
    evidence = check(c, page(text))
    assert evidence.status == "supported"
    assert {"kind": "place", "claim": "Zhelmar", "source": "Jelmar", "variant": True} in (
        evidence.details["matched"]
    )
    accented = check(c, page(text.replace("Jelmar", "Zhelmar")))
    assert {"kind": "place", "claim": "Zhelmar", "source": "Zhelmar"} in (
        accented.details["matched"]
    )


def test_another_place_for_the_same_event_names_both_places() -> None:
    sentence = "A court in Zhelmar sentenced Tomas Keller to two years in prison on June 2, 2020."
    c = claim(
        sentence,
        mention(sentence, "place", "Zhelmar"),
        mention(sentence, "person", "Tomas Keller"),
        dated(sentence, "June 2, 2020"),
    )
    text = "On June 2, 2020, a court in Dorvik sentenced Keller to two years in prison."
    evidence = check(c, page(text))
    assert evidence.status == "discrepancy"
    assert evidence.details["conflicts"] == [
        {"kind": "place", "claim": "Zhelmar", "source": "Dorvik"}
    ]


def test_every_failed_capture_makes_the_claim_unavailable() -> None:
    failed = [page("", capture_id=n, ok=False) for n in (1, 2)]
    evidence = verify_claim(RESIGNATION_CLAIM, failed)
    assert [e.status for e in evidence] == ["unavailable", "unavailable"]
    assert aggregate_status(evidence) == "unavailable"
    read = verify_claim(RESIGNATION_CLAIM, [*failed, page(RECIPE, capture_id=3)])
    assert aggregate_status(read) == "not_found"


def test_a_bound_is_not_borne_out_by_a_figure_far_beyond_it() -> None:
    sentence = "The city repaves more than 6,000 miles of streets in Harlow every year."
    c = claim(sentence, *find_mentions(sentence, None))
    near = check(c, page("Harlow repaves about 7,000 miles of streets every year."))
    assert near.status == "supported"
    far = check(c, page("Harlow repaves 19,000 miles of streets every year."))
    assert far.status != "supported"


def test_a_rounded_figure_of_something_else_is_no_rival() -> None:
    sentence = "Crews replaced nearly 1,600 miles of natural gas lines in Harlow last year."
    c = claim(sentence, *find_mentions(sentence, datetime.date(2020, 3, 1)))
    other = "Crews in Harlow replaced about 100 miles of water lines last year."
    assert check(c, page(other)).details["conflicts"] == []
    same = "Crews in Harlow replaced about 4,800 miles of natural gas lines last year."
    assert check(c, page(same)).status == "discrepancy"


# --- the slot a value fills: another name or figure in the claim's place ------------------


EVACUATION = "On March 3, 2021, about 40 families were evacuated from Dornbirn after the flood."
EVACUATION_CLAIM = claim(
    EVACUATION,
    dated(EVACUATION, "March 3, 2021"),
    mention(EVACUATION, "quantity", "about 40 families", "~40"),
    mention(EVACUATION, "place", "Dornbirn"),
)


def test_another_place_after_the_same_words_is_a_discrepancy() -> None:
    text = "On March 3, 2021, about 40 families were evacuated from Feldkirch after the flood."
    evidence = check(EVACUATION_CLAIM, page(text))
    assert evidence.status == "discrepancy"
    assert evidence.details["conflicts"] == [
        {"kind": "place", "claim": "Dornbirn", "source": "Feldkirch"}
    ]


def test_the_claims_place_in_its_slot_supports_it() -> None:
    text = "About 40 families were evacuated from Dornbirn after the flood on 3 March 2021."
    evidence = check(EVACUATION_CLAIM, page(text))
    assert evidence.status == "supported"
    assert {"kind": "place", "claim": "Dornbirn", "source": "Dornbirn"} in (
        evidence.details["matched"]
    )


def test_the_slot_is_read_in_the_sentence_telling_the_event_not_elsewhere() -> None:
    # The claim's place elsewhere in the passage does not rescue the sentence of the event.
    text = (
        "Dornbirn lies on the Rhine valley floor. On March 3, 2021, about 40 families were "
        "evacuated from Feldkirch after the flood."
    )
    evidence = check(EVACUATION_CLAIM, page(text))
    assert evidence.status == "discrepancy"
    assert {"kind": "place", "claim": "Dornbirn", "source": "Feldkirch"} in (
        evidence.details["conflicts"]
    )


def test_a_place_at_the_start_of_a_sentence_is_read_from_the_words_after_it() -> None:
    sentence = "Lisbon soon afterwards began describing the shelters as temporary housing."
    c = claim(sentence, mention(sentence, "place", "Lisbon"))
    text = "Porto soon afterwards began describing the shelters as temporary housing."
    evidence = check(c, page(text))
    assert evidence.status == "discrepancy"
    assert evidence.details["conflicts"] == [
        {"kind": "place", "claim": "Lisbon", "source": "Porto"}
    ]
    assert check(c, page(sentence)).status == "supported"


def test_a_country_written_in_capitals_fills_a_slot() -> None:
    sentence = "Marta Ilic says the reform was passed in Slovenia on May 4, 2021."
    c = claim(
        sentence,
        mention(sentence, "person", "Marta Ilic"),
        mention(sentence, "place", "Slovenia"),
        dated(sentence, "May 4, 2021"),
    )
    evidence = check(c, page("Marta Ilic says the reform was passed in US on May 4, 2021."))
    assert evidence.status == "discrepancy"
    assert evidence.details["conflicts"] == [{"kind": "place", "claim": "Slovenia", "source": "US"}]


def test_an_organization_replaced_in_its_slot_is_a_discrepancy() -> None:
    sentence = "On June 8, 2022, Petra Novak asked the Senate to release the audit."
    c = claim(
        sentence,
        dated(sentence, "June 8, 2022"),
        mention(sentence, "person", "Petra Novak"),
        mention(sentence, "org", "Senate"),
    )
    agreeing = check(c, page(sentence))
    assert agreeing.status == "supported"
    other = check(c, page("On June 8, 2022, Petra Novak asked the Treasury to release the audit."))
    assert other.status == "discrepancy"
    assert other.details["conflicts"] == [{"kind": "org", "claim": "Senate", "source": "Treasury"}]


def test_a_bound_with_another_figure_in_the_same_slot_is_a_discrepancy() -> None:
    # "more than 60" and "more than 180" overlap as ranges, yet the source wrote another figure.
    sentence = "In early March 2021, the repair crews in Harlow grew to more than 60."
    c = claim(sentence, *find_mentions(sentence, None))
    other = check(c, page("In early March 2021, the repair crews in Harlow grew to more than 180."))
    assert other.status == "discrepancy"
    assert other.details["conflicts"] == [{"kind": "quantity", "claim": ">60", "source": ">180"}]
    same = check(c, page("In early March 2021, the repair crews in Harlow grew to more than 60."))
    assert same.status == "supported"


def test_a_number_no_mention_holds_is_compared_in_its_slot() -> None:
    sentence = "On May 2, 2021, Ana Varga said she had one private meeting with the minister."
    c = claim(sentence, dated(sentence, "May 2, 2021"), mention(sentence, "person", "Ana Varga"))
    text = "On May 2, 2021, Ana Varga said she had three private meeting with the minister."
    evidence = check(c, page(text))
    assert evidence.status == "discrepancy"
    assert evidence.details["conflicts"] == [
        {"kind": "quantity", "claim": "one", "source": "three"}
    ]
    assert check(c, page(sentence)).status == "supported"


def test_a_number_is_compared_even_when_the_claim_text_rewords_its_sentence() -> None:
    sentence = "On May 2, 2021, Ana Varga said she had one private meeting with the minister."
    c = claim(sentence, dated(sentence, "May 2, 2021"), mention(sentence, "person", "Ana Varga"))
    reworded = replace(c, text="Varga met the minister once, in private.")
    text = "On May 2, 2021, Ana Varga said she had three private meeting with the minister."
    evidence = check(reworded, page(text))
    assert evidence.status == "discrepancy"
    assert evidence.details["conflicts"] == [
        {"kind": "quantity", "claim": "one", "source": "three"}
    ]


def test_the_same_number_in_figures_or_words_is_no_conflict() -> None:
    sentence = "On May 2, 2021, Ana Varga said she had two private meetings with the minister."
    c = claim(sentence, dated(sentence, "May 2, 2021"), mention(sentence, "person", "Ana Varga"))
    text = "On May 2, 2021, Ana Varga said she had 2 private meetings with the minister."
    assert check(c, page(text)).status == "supported"


# --- reading each passage once --------------------------------------------------------------


def test_neighbours_read_together_say_what_each_says_alone() -> None:
    first = "Mayor Jana Petrovic spoke to reporters at length."
    second = "She announced her resignation at a press conference on October 14, 2021."
    evidence = check(RESIGNATION_CLAIM, page(RECIPE, first, second, FILLER))
    assert evidence.status == "supported"
    assert evidence.passage == f"{first}\n\n{second}"
    assert {"kind": "date", "claim": "2021-10-14", "source": "October 14, 2021"} in (
        evidence.details["matched"]
    )


def test_a_passage_read_for_one_claim_gives_the_same_evidence_to_the_next() -> None:
    source = page(FILLER, RESIGNATION, RECIPE)
    assert check(RESIGNATION_CLAIM, source) == check(RESIGNATION_CLAIM, source)


def test_another_figure_in_the_slot_outweighs_the_same_figure_elsewhere() -> None:
    sentence = "In 2021 the agency budgeted $2 billion over the next five years for new pipes."
    c = claim(sentence, *find_mentions(sentence, None))
    text = (
        "In 2021 the agency said it had spent $1 billion in the past five years, and budgeted "
        "$2 billion over the next fifteen years for new pipes."
    )
    evidence = check(c, page(text))
    assert evidence.status == "discrepancy"
    assert {"kind": "quantity", "claim": "5", "source": "15"} in evidence.details["conflicts"]


def test_another_date_in_the_slot_outweighs_a_broader_date_elsewhere() -> None:
    # 2019 holds July, but the sentence of the event says November.
    sentence = "In July, the court granted the appeal of Nadia Berg."
    c = claim(sentence, *find_mentions(sentence, datetime.date(2020, 1, 15)))
    text = "Nadia Berg appealed in 2019. In November, the court granted the appeal of Nadia Berg."
    # The source's own date tells which November it means.
    evidence = check(c, replace(page(text), published="2020-01-15"))
    assert evidence.status == "discrepancy"
    assert evidence.details["conflicts"] == [
        {"kind": "date", "claim": "2019-07", "source": "2019-11"}
    ]
    agreeing = replace(page(text.replace("In November", "In July")), published="2020-01-15")
    assert check(c, agreeing).status == "supported"


def test_a_place_the_claim_names_elsewhere_is_no_rival_in_a_slot() -> None:
    # The source names the wider place the claim also names: no contradiction.
    sentence = "Two men from Norway crossed the border from Finnmark illegally on May 3, 2021."
    c = claim(
        sentence,
        mention(sentence, "place", "Norway"),
        mention(sentence, "place", "Finnmark"),
        dated(sentence, "May 3, 2021"),
    )
    text = "The men crossed the border from Norway illegally on May 3, 2021, near Finnmark."
    evidence = check(c, page(text))
    assert evidence.status != "discrepancy"
    assert evidence.details["conflicts"] == []


def test_a_name_no_mention_holds_is_still_compared_in_its_slot() -> None:
    # "Vyborg" is read as no mention here; the words around it still show what replaced it.
    sentence = "On August 30, 2024, 75 workers were evacuated from Vyborg, officials said."
    c = claim(sentence, dated(sentence, "August 30, 2024"))
    text = "On August 30, 2024, 75 workers were evacuated from Tampere, officials said."
    evidence = check(c, page(text))
    assert evidence.status == "discrepancy"
    assert evidence.details["conflicts"] == [
        {"kind": "name", "claim": "Vyborg", "source": "Tampere"}
    ]
    assert check(c, page(sentence)).status == "supported"
