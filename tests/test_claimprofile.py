"""A claim's profile: the people, names and counts it is compared on, read from its sentence."""

from __future__ import annotations

from claims.claimprofile import claim_profile
from claims.model import Claim, Mention

BRIDGE = "Li told the committee the bridge would reopen on March 3, 2022."


def person(sentence: str, name: str) -> Mention:
    start = sentence.index(name)
    return Mention("person", name, name, None, start, start + len(name))


def test_the_reporter_a_claim_is_attributed_to_is_not_one_of_its_people() -> None:
    sentence = "Lisa Morgan said the bridge would reopen on March 3, 2022."
    claim = Claim(1, sentence, sentence, ["person"], [person(sentence, "Lisa Morgan")])
    claim.attribution = "Lisa Morgan"
    assert claim_profile(claim).people == []


def test_a_name_inside_a_longer_word_of_the_attribution_stays_a_person() -> None:
    # "li" is in "lisa" as letters, not as a word: Li is someone else than the reporter.
    claim = Claim(1, BRIDGE, BRIDGE, ["person"], [person(BRIDGE, "Li")], attribution="Lisa Morgan")
    assert [p.name for p in claim_profile(claim).people] == ["Li"]


def test_an_organization_inside_a_longer_word_of_the_attribution_is_kept() -> None:
    sentence = "The IMF lent the city 2 million dollars in 2021."
    start = sentence.index("IMF")
    org = Mention("org", "IMF", "IMF", None, start, start + 3)
    claim = Claim(1, sentence, sentence, ["quantity"], [org], attribution="IMFoundation Weekly")
    assert [m.text for m in claim_profile(claim).organizations] == ["IMF"]


def test_names_are_read_across_the_sentence_when_the_claim_text_is_reworded() -> None:
    sentence = "On Monday the council evacuated residents from Cork."
    claim = Claim(1, sentence, "The council evacuated residents from Cork.", [], [])
    assert [m.text for m in claim_profile(claim).unread_names] == ["Cork"]
