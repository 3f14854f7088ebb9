"""Mentions: people, organizations, places, ages, quantities and verdicts found in a sentence."""

from __future__ import annotations

import datetime

import pytest

from claims.mentions import PeopleIndex, find_mentions
from claims.model import Mention

PUBLISHED = datetime.date(2021, 3, 10)


def found(sentence: str, people: PeopleIndex | None = None) -> list[Mention]:
    """The mentions of SENTENCE, read as published on PUBLISHED."""
    return find_mentions(sentence, PUBLISHED, people)


def of_kind(
    kind: str, sentence: str, people: PeopleIndex | None = None
) -> list[tuple[str, object]]:
    """(text, value) of each mention of KIND in SENTENCE."""
    return [(m.text, m.value) for m in found(sentence, people) if m.kind == kind]


# --- people -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("The judge heard Ana María Gómez-Ruiz on Tuesday.", "Ana María Gómez-Ruiz"),
        ("Investigators questioned Seán O'Brien about the fire.", "Seán O'Brien"),
        ("The book by J. K. Rowling sold well.", "J. K. Rowling"),
        ("Lawyers for Omar al-Bashir appealed.", "Omar al-Bashir"),
        ("The witness, Nguyễn Thị Lan, left early.", "Nguyễn Thị Lan"),
    ],
)
def test_full_names_of_any_origin_are_people(sentence: str, name: str) -> None:
    assert (name, name) in of_kind("person", sentence)


def test_titles_announce_a_person_and_stay_out_of_the_name() -> None:
    assert of_kind("person", "Lt. Col. Marta Ruiz briefed President Ivo Tamm.") == [
        ("Marta Ruiz", "Marta Ruiz"),
        ("Ivo Tamm", "Ivo Tamm"),
    ]


def test_a_surname_alone_resolves_to_the_full_name_the_article_gave() -> None:
    people = PeopleIndex()
    of_kind("person", "The court heard Dana Keller, a teacher from Leeds.", people)
    assert of_kind("person", "Keller was released on Friday.", people) == [
        ("Keller", "Dana Keller")
    ]
    assert of_kind("person", "Keller’s lawyer spoke.", people) == [("Keller", "Dana Keller")]


def test_a_surname_shared_by_two_people_resolves_to_no_one() -> None:
    people = PeopleIndex()
    people.add("Anna Berg")
    people.add("Lars Berg")
    assert people.resolve("Berg") is None
    assert people.resolve("Lars") == "Lars Berg"


def test_a_single_unknown_word_is_a_person_only_with_a_cue() -> None:
    assert of_kind("person", "Moreno said the vote was fair.") == [("Moreno", "Moreno")]
    assert of_kind("person", "His doctor, Lindqvist, was on leave.") == [("Lindqvist", "Lindqvist")]
    assert of_kind("person", "The vote, according to Moreno, was fair.") == [("Moreno", "Moreno")]
    assert of_kind("person", "Shortly after the vote, Traders left.") == []
    assert of_kind("person", "Meanwhile, Workers marched.") == []


def test_capitalised_words_that_open_sentences_or_headings_are_not_people() -> None:
    assert of_kind("person", "Recently, the Court Ruled On Appeals") == []
    assert of_kind("person", "Officials say the road is closed.") == []


def test_a_place_used_as_a_given_name_is_part_of_the_name() -> None:
    assert ("Chad Myers", "Chad Myers") in of_kind("person", "Meteorologist Chad Myers said so.")
    assert of_kind("person", "The ambassador to Jordan Mira Haddad spoke.") == [
        ("Mira Haddad", "Mira Haddad")
    ]


# --- places and organizations ----------------------------------------------------------------


def test_places_come_from_the_gazetteer_and_from_cues() -> None:
    sentence = "A court in Westbrook, near the border with Oregon, heard the case from Kenya."
    assert [text for text, _ in of_kind("place", sentence)] == ["Westbrook", "Oregon", "Kenya"]


def test_a_possessive_after_in_is_not_a_place() -> None:
    assert of_kind("place", "There was a flaw in Moreno’s plan.") == []


def test_organizations_from_acronyms_name_heads_and_known_lists() -> None:
    sentence = (
        "NATO and the Finnish Defense Ministry told the Daily Courier that the UN and Reuters "
        "agreed with the University of Tartu."
    )
    assert [text for text, _ in of_kind("org", sentence)] == [
        "NATO",
        "Finnish Defense Ministry",
        "Daily Courier",
        "UN",
        "Reuters",
        "University of Tartu",
    ]


def test_publishers_learned_from_link_hosts_are_organizations_not_people() -> None:
    people = PeopleIndex()
    people.add_publishers(["https://www.rferl.org/a/1.html", "https://northwire.net/story"])
    sentence = "RFE/RL and Northwire reported the verdict, Kask said."
    assert of_kind("org", sentence, people) == [("RFE/RL", "RFE/RL"), ("Northwire", "Northwire")]
    assert people.is_publisher("RFE/RL")


def test_dates_and_nationalities_are_not_names() -> None:
    mentions = found("Last October Estonian officials met in Tallinn.")
    assert [(m.kind, m.text) for m in mentions] == [("date", "Last October"), ("place", "Tallinn")]


# --- ages ------------------------------------------------------------------------------------


def test_ages_in_all_their_forms() -> None:
    sentence = (
        "The 25-year-old Ivo Tamm, his sister Mari Tamm, 31, a man aged 40 and a girl "
        "who is nine years old were questioned."
    )
    assert [value for _, value in of_kind("age", sentence)] == [25, 31, 40, 9]


def test_an_age_sits_next_to_the_person_it_describes() -> None:
    mentions = found("Citing his lawyer, the agency said 30-year-old Ivo Tamm was freed.")
    kinds = [(m.kind, m.value) for m in mentions if m.kind in ("age", "person")]
    assert kinds == [("age", 30), ("person", "Ivo Tamm")]


def test_ages_and_years_are_not_quantities() -> None:
    sentence = "In 2019, the 34-year-old Kask, 34, paid 2000 euros."
    assert of_kind("quantity", sentence) == [("2000 euros", "2000")]


# --- quantities ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "text", "value"),
    [
        ("It holds more than a million people.", "more than a million people", ">1000000"),
        ("Two young Basques were arrested.", "Two young Basques", "2"),
        ("At least 10 were hurt.", "At least 10", ">=10"),
        ("Nearly 300 homes burned.", "Nearly 300 homes", "~300"),
        ("The deal is worth $5 billion.", "$5 billion", "$5000000000"),
        ("Turnout was 34 percent.", "34 percent", "34%"),
        ("Oil fell 3.38% to $55.12 per barrel.", "3.38%", "3.38%"),
        ("Up to 40,000 measures apply.", "Up to 40,000 measures", "<=40000"),
        ("Fewer than 15 cents per hour is paid.", "Fewer than 15 cents per hour", "<15"),
        ("Hundreds of protesters gathered.", "Hundreds of protesters", ">100"),
    ],
)
def test_quantities_keep_their_bound_currency_and_scale(
    sentence: str, text: str, value: str
) -> None:
    assert (text, value) in of_kind("quantity", sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "One of them left.",
        "The zone is called area 55.",
        "Bonds rose 7/32 in price.",
        "The 10-year note and the four-year high.",
    ],
)
def test_numbers_that_count_nothing_are_not_quantities(sentence: str) -> None:
    assert of_kind("quantity", sentence) == []


# --- verdicts --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "values"),
    [
        (
            "The court convicted Kask but declined to order his deportation.",
            ["convict", "not deport"],
        ),
        ("Tamm was denied asylum and later granted it.", ["deny", "grant"]),
        ("She was arrested, charged with fraud and jailed.", ["arrest", "charge", "jail"]),
        ("He was not charged and was released on bail.", ["not charge", "release"]),
        ("The board voted to approve the plan.", ["approve"]),
        ("He pleaded not guilty; his aide pleaded guilty.", ["plead not guilty", "plead guilty"]),
        ("The judge acquitted him and the court upheld the ruling.", ["acquit", "uphold", "rule"]),
        ("No national legislation was approved.", ["not approve"]),
    ],
)
def test_verdicts_are_outcome_lemmas_with_negation(sentence: str, values: list[str]) -> None:
    assert [value for _, value in of_kind("verdict", sentence)] == values


@pytest.mark.parametrize(
    "sentence",
    [
        "The company released a report on Monday.",
        "It was a politically charged debate.",
        "The ruling party won the vote.",
        "He took it for granted.",
    ],
)
def test_words_that_only_look_like_verdicts(sentence: str) -> None:
    assert of_kind("verdict", sentence) == []


def test_mentions_carry_offsets_into_the_sentence() -> None:
    sentence = "On March 3, 2020, a judge in Westbrook fined Ortiz, 34, $500."
    for mention in found(sentence):
        assert sentence[mention.start or 0 : mention.end] == mention.text
    kinds = [m.kind for m in found(sentence)]
    assert kinds == ["date", "place", "verdict", "person", "age", "quantity"]


# --- names that look like titles, groups and districts -------------------------------------------


def test_a_title_word_closing_a_given_name_is_a_surname() -> None:
    people = PeopleIndex()
    assert of_kind("person", "The staff said Wayne King, the district director, left.", people) == [
        ("Wayne King", "Wayne King")
    ]
    # Once the article has named him, the surname alone is him, not a title.
    assert of_kind("person", "“It was sudden,” said King.", people) == [("King", "Wayne King")]
    assert of_kind("person", "Martin Luther King Jr. spoke.") == [
        ("Martin Luther King Jr.", "Martin Luther King Jr.")
    ]


def test_the_people_of_a_place_are_not_a_person() -> None:
    assert of_kind("person", "The thaw was welcomed by many New Yorkers last week.") == []


def test_a_side_of_a_city_is_a_place() -> None:
    assert ("West Side", "West Side") in of_kind("place", "A main broke on the West Side.")
    assert of_kind("person", "A main broke on the West Side.") == []


def test_a_relative_named_by_first_name_takes_the_surname_of_the_person_before() -> None:
    people = PeopleIndex()
    people.learn("The actor Tomas Okafor arrived at the premiere with his wife Ada on Friday.")
    people.learn("Reporters asked Mr Okafor about his brother, Chidi, at the launch.")
    assert people.resolve("Ada") == "Ada Okafor"
    assert people.resolve("Chidi") == "Chidi Okafor"
    # The shared surname still names the person it named first.
    assert people.resolve("Okafor") == "Tomas Okafor"


def test_an_age_before_a_relatives_first_name_belongs_to_her_full_name() -> None:
    people = PeopleIndex()
    people.learn("The actor Tomas Okafor arrived at the premiere with his wife Ada on Friday.")
    mentions = found("Fans cheered for 52-year-old Ada, a retired nurse, at the door.", people)
    assert ("age", 52) in [(m.kind, m.value) for m in mentions]
    assert ("person", "Ada Okafor") in [(m.kind, m.value) for m in mentions]


@pytest.mark.parametrize(
    "sentence",
    [
        'Critics dubbed him "Lucky Tomas" after the vote.',
        'Known as "Big Tomas" in the league, he retired in May.',
    ],
)
def test_a_nickname_in_quotes_is_not_a_person(sentence: str) -> None:
    assert not [m for m in found(sentence) if m.kind == "person"]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("He has amended his testimony once — and only then.", [("once", "1")]),
        ("They met twice.", [("twice", "2")]),
        ("Once the vote ended, they left.", []),
        ("She said it once again on Monday.", []),
        ("The parcel held at least one loose battery.", [("at least one loose battery", ">0")]),
        ("She runs dozens of small family bakeries.",
         [("dozens of small family bakeries", ">12")]),
        ("Flooding closed scores of rural schools.", [("scores of rural schools", ">20")]),
        ("Her scores on the test improved.", []),
    ],
)  # fmt: skip
def test_counted_occurrences_and_vague_bounds_are_quantities(
    sentence: str, expected: list[tuple[str, object]]
) -> None:
    assert of_kind("quantity", sentence) == expected


def test_a_lone_name_after_a_verb_aimed_at_people_is_a_person() -> None:
    assert of_kind("person", "On Monday the mayor assailed Okafor in a speech.") == [
        ("Okafor", "Okafor")
    ]
    assert of_kind("person", "The mayor visited Okafor on Monday.") == []


def test_romanisations_of_one_surname_resolve_to_the_same_person() -> None:
    people = PeopleIndex()
    people.add("Anatoliy Kovalevskiy")
    assert people.resolve("Kovalevsky") == "Anatoliy Kovalevskiy"
    assert people.resolve("Kovalevskyy") == "Anatoliy Kovalevskiy"
    assert people.resolve("Kovalev") is None


def test_a_relative_introduced_in_full_leaves_the_surname_to_the_person_before() -> None:
    people = PeopleIndex()
    people.learn("The beekeeper Olga Brandt has tended the same hives for forty years.")
    people.learn("Brandt works alongside her eldest son, Jonas Brandt, every summer.")
    assert people.resolve("Brandt") == "Olga Brandt"
    assert people.resolve("Jonas") == "Jonas Brandt"


def test_an_aged_relative_introduced_in_full_keeps_his_own_name() -> None:
    people = PeopleIndex()
    people.learn("The mayor, Luis Ferrer, opened the bridge on Monday.")
    people.learn("He was joined by his 19-year-old daughter Carla Ferrer and the council.")
    assert people.resolve("Ferrer") == "Luis Ferrer"
    assert people.resolve("Carla Ferrer") == "Carla Ferrer"


def test_two_unrelated_people_sharing_a_surname_still_resolve_to_no_one() -> None:
    people = PeopleIndex()
    people.learn("Anna Novak chaired the meeting while Petr Novak took notes.")
    assert people.resolve("Novak") is None


# --- names opened by numbers, and places by their setting -------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "The Brells bought a house on Twelve Oaks Lane last spring.",
        "Rangers counted gulls along Forty Acre marsh after the storm.",
    ],
)
def test_a_name_opened_by_a_spelled_out_number_is_no_person(sentence: str) -> None:
    assert of_kind("person", sentence) == []


def test_a_spelled_out_number_inside_a_name_counts_nothing() -> None:
    sentence = "Divers found two wrecks off Seven Sisters Point in the spring."
    assert of_kind("quantity", sentence) == [("two wrecks", "2")]


def test_a_spelled_out_number_opening_a_sentence_still_counts() -> None:
    assert of_kind("quantity", "Nine Senators crossed the aisle.") == [("Nine Senators", "9")]


def test_a_lowercase_landform_after_a_name_makes_it_a_place() -> None:
    sentence = "Surfers gathered at dawn on Velmora beach for the contest."
    assert ("Velmora", "Velmora") in of_kind("place", sentence)


def test_a_name_owned_by_a_known_place_after_in_is_a_place() -> None:
    sentence = "Wildfires spread in Canada’s Tarnwick overnight, officials reported."
    assert [text for text, _ in of_kind("place", sentence)] == ["Canada", "Tarnwick"]


def test_a_name_returned_or_moved_to_is_a_place() -> None:
    sentence = "After the war the family moved to Brescora and opened a bakery."
    assert [text for text, _ in of_kind("place", sentence)] == ["Brescora"]
