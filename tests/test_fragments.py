"""Text-fragment links: a snapshot address that opens scrolled to the passage it quotes."""

from __future__ import annotations

from urllib.parse import unquote

import pytest

from claims.fragments import EDGE_WORDS, EXACT_MAX_CHARS, snapshot_link, text_fragment

LONG = (
    "The regional court in the border town heard the appeal of the two men on a Tuesday "
    "morning, and after a hearing that lasted most of the day it ruled that they could stay "
    "in the country while their asylum requests were examined by the migration service, "
    "a decision their lawyer called the first of its kind in the region and the prosecutor "
    "said he would not contest, according to a statement published on the court's website."
)


def parameters(fragment: str) -> list[str]:
    """The directive's parameters, percent-decoded (what a browser searches for)."""
    assert fragment.startswith("#:~:text=")
    return [unquote(part) for part in fragment.removeprefix("#:~:text=").split(",")]


def test_a_short_passage_is_quoted_whole() -> None:
    assert text_fragment("The bridge reopened on 12 March.") == (
        "#:~:text=The%20bridge%20reopened%20on%2012%20March."
    )


@pytest.mark.parametrize(
    ("passage", "encoded"),
    [
        ("asylum-seeker status", "asylum%2Dseeker%20status"),
        ("Zhelmar, a border town", "Zhelmar%2C%20a%20border%20town"),
        ("Smith & Sons", "Smith%20%26%20Sons"),
        ("50% more", "50%25%20more"),
        ("a#b?c=d", "a%23b%3Fc%3Dd"),
    ],
)
def test_dashes_commas_ampersands_and_other_reserved_characters_are_percent_encoded(
    passage: str, encoded: str
) -> None:
    # A bare "-" or "," would be read as the directive's own syntax (prefix-, ,textEnd).
    assert text_fragment(passage) == f"#:~:text={encoded}"


def test_unreserved_characters_stay_as_they_are() -> None:
    assert text_fragment("v1.2_final~draft") == "#:~:text=v1.2_final~draft"


def test_unicode_is_percent_encoded_as_utf8() -> None:
    fragment = text_fragment("Aygul Bolatkyzy — Aigül")
    assert fragment == ("#:~:text=Aygul%20Bolatkyzy%20%E2%80%94%20Aig%C3%BCl")
    assert parameters(fragment) == ["Aygul Bolatkyzy — Aigül"]


def test_whitespace_is_collapsed_to_single_spaces() -> None:
    assert parameters(text_fragment("  two\tmen  were\u00a0detained ")) == ["two men were detained"]


def test_a_long_passage_is_named_by_its_first_and_last_words() -> None:
    assert len(LONG) > EXACT_MAX_CHARS
    start, end = parameters(text_fragment(LONG))
    words = LONG.split()
    assert start == " ".join(words[:EDGE_WORDS])
    assert end == " ".join(words[-EDGE_WORDS:])
    assert LONG.startswith(start) and LONG.endswith(end)


def test_a_passage_across_paragraphs_names_a_start_in_the_first_and_an_end_in_the_last() -> None:
    # A browser matches textStart and textEnd each within one block of the page.
    passage = "The court ruled on Tuesday.\n\nTheir lawyer welcomed the decision."
    start, end = parameters(text_fragment(passage))
    assert start == "The court ruled on Tuesday."
    assert end == "Their lawyer welcomed the decision."


def test_a_long_run_without_spaces_is_quoted_whole() -> None:
    token = "x" * (EXACT_MAX_CHARS + 50)
    assert parameters(text_fragment(token)) == [token]


def test_a_blank_passage_has_no_fragment() -> None:
    assert text_fragment(" \n\t ") == ""


def test_a_snapshot_link_points_at_the_plugin_route_scrolled_to_the_passage() -> None:
    link = snapshot_link("", 7, "Two men, 25 and 30.")
    assert link == "/-/citevault/capture/7#:~:text=Two%20men%2C%2025%20and%2030."


def test_a_snapshot_link_can_be_absolute_and_needs_no_passage() -> None:
    assert snapshot_link("https://facts.example/", 3, None) == (
        "https://facts.example/-/citevault/capture/3"
    )
    assert snapshot_link("https://facts.example", 3, "") == (
        "https://facts.example/-/citevault/capture/3"
    )
