"""Name matching: one person or place across spellings and transliterations, never two people."""

from __future__ import annotations

import pytest

from claims.namematch import NameMatch, find_name, fold_name, same_name

VARIANTS = [
    ("Sayragul", "Sairagul"),  # y after a vowel is the vowel i
    ("Sayragul", "Sairagül"),  # accents dropped
    ("Qaster", "Kaster"),  # Kazakh q is a k in most romanizations
    ("Musakhanuly", "Musakhan"),  # patronymic "son of" dropped
    ("Mammadov", "Mammadogly"),  # the same father, as surname and as "son of"
    ("Mohammed", "Muhammad"),  # vowels differ, double letters too
    ("Ahmed", "Ahmad"),
    ("Youssef", "Yusuf"),  # French "ou" for u
    ("Tsvangirai", "Tsvangiray"),
    ("Dmitry", "Dmitriy"),  # a final y is an i
    ("Zharkent", "Jarkent"),  # zh and j write the same sound
    ("Dzhumabaev", "Jumabaev"),
    ("Khalilov", "Halilov"),
    ("Alexandrov", "Aleksandrov"),  # x is ks
    ("Nurlanovna", "Nurlanowna"),  # one slip in a long name
    ("Ivanovich", "Ivanov"),  # a patronymic shortened
]

DIFFERENT = [
    ("Kaster", "Kasper"),  # one consonant apart, but a short name: two names
    ("Smith", "Smyth"),  # a y between consonants is a spelling of its own
    ("Jon", "Jan"),  # a short name gets no vowel slack
    ("Hasan", "Husein"),  # same consonants, too many vowels apart
    ("Ivanov", "Ivanova"),  # husband and wife
    ("Kowalski", "Kowalska"),
    ("Musakhanuly", "Musakhankyzy"),  # his son and his daughter
    ("Nurlanov", "Nurlanovna"),
    ("Petrov", "Petr"),  # too little left once "-ov" is dropped
    ("Hernandez", "Fernandez"),  # another first letter
    ("Zharkent", "Almaty"),
]


@pytest.mark.parametrize(("claimed", "written"), VARIANTS)
def test_spelling_and_transliteration_variants_are_one_name(claimed: str, written: str) -> None:
    assert same_name(claimed, written)
    assert same_name(written, claimed)


@pytest.mark.parametrize(("claimed", "written"), DIFFERENT)
def test_near_misses_are_different_names(claimed: str, written: str) -> None:
    assert not same_name(claimed, written)
    assert not same_name(written, claimed)


def test_the_fold_joins_spellings_of_one_sound() -> None:
    assert fold_name("Sayragul") == fold_name("Sairagül") == "sairagul"
    assert fold_name("Qaster") == fold_name("Kaster") == "kaster"
    assert fold_name("Zharkent") == fold_name("Jarkent") == "jarkent"
    assert fold_name("Philippe") == "filipe"
    assert fold_name("Smyth") == "smyth"


def test_a_place_keeps_no_patronymic() -> None:
    assert same_name("Musakhanuly", "Musakhan")
    assert not same_name("Musakhanuly", "Musakhan", patronymics=False)


def test_a_person_is_found_with_the_given_names_written_before_the_surname() -> None:
    text = "A court later granted Kaster Musakhan asylum, his lawyer said."
    match = find_name("Qaster Musakhanuly", text)
    assert match == NameMatch("Qaster Musakhanuly", "Kaster Musakhan", variant=True)


def test_the_surname_alone_names_the_person() -> None:
    match = find_name("Dr. Farida Nurlanovna", "Nurlanovna testified on Monday.")
    assert match == NameMatch("Dr. Farida Nurlanovna", "Nurlanovna", variant=False)


def test_accents_and_case_alone_are_no_variant() -> None:
    match = find_name("Sairagul Sauytbay", "The court heard Sairagül Sauytbay on Tuesday.")
    assert match == NameMatch("Sairagul Sauytbay", "Sairagül Sauytbay", variant=False)


def test_the_exact_spelling_wins_over_a_variant_in_the_same_text() -> None:
    text = "Sairagul Sauytbai spoke first. Later, Sayragul Sauytbay answered questions."
    match = find_name("Sayragul Sauytbay", text)
    assert match == NameMatch("Sayragul Sauytbay", "Sayragul Sauytbay", variant=False)


def test_a_lower_case_word_is_no_name() -> None:
    assert find_name("Bill Green", "The green field was empty.") is None
    assert find_name("Bill Green", "The field was Green's.") is not None


def test_someone_else_with_a_similar_name_is_not_found() -> None:
    assert find_name("Anna Kaster", "Anna Kasper was elected on Sunday.") is None
    assert find_name("Olga Ivanova", "Sergei Ivanov was elected on Sunday.") is None


def test_a_place_must_be_named_whole() -> None:
    assert find_name("New York", "He moved to York.", whole=True) is None
    match = find_name("Zharkent", "The hearing in Jarkent lasted a day.", whole=True)
    assert match == NameMatch("Zharkent", "Jarkent", variant=True)
