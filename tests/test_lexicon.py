"""The shared vocabularies and the host helpers the rules lean on."""

from __future__ import annotations

import pytest

from claims.lexicon import (
    AUTHOR_NAME_PARTICLES,
    CALENDAR_WORDS,
    NAME_PARTICLES,
    host_label,
    registrable_domain,
)


@pytest.mark.parametrize(
    ("url", "label", "domain"),
    [
        ("https://www.example.org/story", "example", "example.org"),
        ("https://news.bbc.co.uk/1/hi", "bbc", "bbc.co.uk"),
        ("www.abc.net.au", "abc", "abc.net.au"),
        ("localhost", "localhost", "localhost"),
        ("http://[::1/broken", "", ""),
        ("", "", ""),
    ],
)
def test_host_label_and_registrable_domain(url: str, label: str, domain: str) -> None:
    assert (host_label(url), registrable_domain(url)) == (label, domain)


def test_author_fields_know_every_particle_prose_does_and_more() -> None:
    assert NAME_PARTICLES < AUTHOR_NAME_PARTICLES
    assert {"do", "st"} <= AUTHOR_NAME_PARTICLES - NAME_PARTICLES


def test_calendar_words_are_months_and_weekdays_as_written() -> None:
    assert {"Sept", "May", "Tuesday"} <= CALENDAR_WORDS
    assert "tuesday" not in CALENDAR_WORDS
