"""Date expressions: absolute and relative to the publication date, with precision and interval."""

from __future__ import annotations

import datetime

import pytest

from claims.dates import find_dates
from claims.model import Mention
from claims.periods import FULL_MONTHS, MONTH_ABBREVIATIONS, name_pattern

# A Thursday: its ISO week 2019-W44 runs from Monday 28 October to Sunday 3 November.
PUBLISHED = datetime.date(2019, 10, 31)


def only_date(text: str, reference: datetime.date | None = PUBLISHED) -> Mention:
    """The one date mention of TEXT."""
    [found] = find_dates(text, reference)
    return found


@pytest.mark.parametrize(
    ("text", "written", "value", "precision"),
    [
        ("It happened on October 29, 2019.", "October 29, 2019", "2019-10-29", "day"),
        ("It happened on Oct. 29, 2019.", "Oct. 29, 2019", "2019-10-29", "day"),
        ("It happened on Sept. 9, 2019.", "Sept. 9, 2019", "2019-09-09", "day"),
        ("It happened on Sep 9, 2019.", "Sep 9, 2019", "2019-09-09", "day"),
        ("It happened on Wednesday, May 8.", "Wednesday, May 8", "2019-05-08", "day"),
        ("It happened on 29 October 2019.", "29 October 2019", "2019-10-29", "day"),
        ("It happened on the 3rd of May, 2017.", "the 3rd of May, 2017", "2017-05-03", "day"),
        ("It happened on 2019-10-29.", "2019-10-29", "2019-10-29", "day"),
        ("It happened on 10/29/2019.", "10/29/2019", "2019-10-29", "day"),
        ("It happened on Tuesday, Oct. 29, 2019.", "Tuesday, Oct. 29, 2019", "2019-10-29", "day"),
        ("He was arrested in May 2018.", "May 2018", "2018-05", "month"),
        ("In her July 2018 trial she spoke.", "July 2018", "2018-07", "month"),
        ("She crossed in 2018.", "2018", "2018", "year"),
        ("The 2016 election was close.", "2016", "2016", "year"),
    ],
)
def test_absolute_dates_are_normalized_as_written(
    text: str, written: str, value: str, precision: str
) -> None:
    found = only_date(text)
    assert (found.text, found.value, found.precision) == (written, value, precision)
    assert text[found.start or 0 : found.end] == written


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("in early June 2019", "2019-06", "month"),
        ("by late 2018", "2018", "year"),
        ("from mid-2019", "2019", "year"),
        ("in the middle of March 2015", "2015-03", "month"),
    ],
)
def test_a_qualifier_keeps_the_precision_and_invents_no_day(
    text: str, value: str, precision: str
) -> None:
    found = only_date(text)
    assert (found.value, found.precision) == (value, precision)
    assert found.date_start is not None and found.date_start.endswith("-01")


def test_a_month_and_day_take_the_year_that_keeps_them_before_publication() -> None:
    assert only_date("The shop opened on October 1.").value == "2019-10-01"
    assert only_date("The shop opened on December 12.").value == "2018-12-12"


def test_a_future_tense_moves_a_yearless_date_forward() -> None:
    published = datetime.date(2013, 12, 30)
    assert only_date("Benefits will start January 1.", published).value == "2014-01-01"
    assert only_date("Benefits started January 1.", published).value == "2013-01-01"


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("Earlier this week, two men were granted status.", "2019-W44", "week"),
        ("This week the court met.", "2019-W44", "week"),
        ("Last week the court met.", "2019-W43", "week"),
        ("The court meets next week.", "2019-W45", "week"),
        ("He spoke earlier this month.", "2019-10", "month"),
        ("He spoke last month.", "2019-09", "month"),
        ("It grew this year.", "2019", "year"),
        ("It grew late last year.", "2018", "year"),
        ("It grew earlier this year.", "2019", "year"),
        ("He spoke yesterday.", "2019-10-30", "day"),
        ("He speaks today.", "2019-10-31", "day"),
        ("The pipe burst late last night, neighbours said.", "2019-10-30", "day"),
        ("He spoke on Monday.", "2019-10-28", "day"),
        ("He spoke last Thursday.", "2019-10-24", "day"),
        ("He spoke on Thursday.", "2019-10-31", "day"),
        ("He will speak on Saturday.", "2019-11-02", "day"),
        ("He spoke two weeks ago.", "2019-W42", "week"),
    ],
)
def test_relative_dates_resolve_against_the_publication_date(
    text: str, value: str, precision: str
) -> None:
    found = only_date(text)
    assert (found.value, found.precision) == (value, precision)


def test_last_month_name_is_the_most_recent_one_before_the_current_month() -> None:
    assert only_date("Last October he was denied asylum.").value == "2018-10"
    assert only_date("Last October he was denied asylum.", datetime.date(2019, 11, 5)).value == (
        "2019-10"
    )
    assert only_date("Last March he was denied asylum.").value == "2019-03"


def test_intervals_cover_the_whole_period() -> None:
    week = only_date("Earlier this week they met.")
    assert (week.date_start, week.date_end) == ("2019-10-28", "2019-11-03")
    month = only_date("It was in February 2020.")
    assert (month.date_start, month.date_end) == ("2020-02-01", "2020-02-29")
    year = only_date("It was in 2018.")
    assert (year.date_start, year.date_end) == ("2018-01-01", "2018-12-31")
    day = only_date("It was on March 3, 2020.")
    assert (day.date_start, day.date_end) == ("2020-03-03", "2020-03-03")


def test_without_a_publication_date_relative_dates_keep_no_value() -> None:
    found = only_date("He spoke last week.", reference=None)
    assert (found.text, found.value, found.precision) == ("last week", None, "week")
    assert only_date("He spoke on October 29.", reference=None).value is None
    assert only_date("He spoke on October 29, 2019.", reference=None).value == "2019-10-29"


@pytest.mark.parametrize(
    "text",
    [
        "Prices may keep rising.",
        "May I ask a question?",
        "Rents have risen in the last few months.",
        "More than 2000 people came.",
        "The index rose to 27,934.02 and the note to 1.786%.",
        "It cost 1990 dollars.",
        "Prices rose 7/32 in the 1-1/2 year trade war.",
        "On February 30 nothing happened.",
    ],
)
def test_things_that_are_not_dates(text: str) -> None:
    assert find_dates(text, PUBLISHED) == []


def test_a_bare_month_counts_after_a_cue_word() -> None:
    found = only_date("The trial opened in May and ended quickly.")
    assert (found.text, found.value, found.precision) == ("May", "2019-05", "month")


def test_several_dates_come_back_in_text_order() -> None:
    text = "The ferry left port on March 3, reached the island on March 5 and sailed home in 2018."
    assert [d.value for d in find_dates(text, PUBLISHED)] == ["2019-03-03", "2019-03-05", "2018"]


# --- named days, "this past", years named earlier and weekdays in apposition ----------------------


def test_nine_eleven_is_the_day_it_names() -> None:
    found = only_date("Deaths since 9/11 were counted.")
    assert (found.text, found.value, found.precision) == ("9/11", "2001-09-11", "day")


def test_this_past_month_is_its_latest_occurrence() -> None:
    found = only_date("Even this past January was mild.", datetime.date(2019, 2, 21))
    assert (found.text, found.value) == ("this past January", "2019-01")


def test_a_bare_month_takes_the_year_the_sentence_named() -> None:
    dates = find_dates("After the summer of 2004, she resigned in mid-August.", PUBLISHED)
    assert [(d.text, d.value) for d in dates] == [("2004", "2004"), ("mid-August", "2004-08")]


def test_a_weekday_naming_a_date_just_given_is_not_another_date() -> None:
    dates = find_dates(
        "He was told on Dec. 18, a Wednesday, to leave.", datetime.date(2019, 12, 30)
    )
    assert [(d.text, d.value) for d in dates] == [("Dec. 18", "2019-12-18")]


def test_a_future_cue_far_before_the_weekday_still_points_forward() -> None:
    sentence = (
        "The minister will become the first envoy to address the regional assembly when she "
        "travels on to the capital on Sunday."
    )
    # PUBLISHED is a Thursday: the coming Sunday, not the last one.
    assert only_date(sentence).value == "2019-11-03"


def test_a_month_in_a_habitual_sentence_is_no_date() -> None:
    assert (
        find_dates("During the paving season in early March, crews fill more holes.", PUBLISHED)
        == []
    )
    assert only_date("Crews filled more holes in early March.").value == "2019-03"


# --- decades, centuries, weekends and months naming an event ------------------------------------


@pytest.mark.parametrize(
    ("text", "written", "value"),
    [
        ("She has used email since the early 1990s.", "the early 1990s", "1990/1999"),
        ("They were born in the 1990s.", "the 1990s", "1990/1999"),
        ("Prices peaked in the mid-1970s.", "the mid-1970s", "1970/1979"),
        ("In the late 1800s, the wires were buried.", "the late 1800s", "1800/1899"),
        ("The boom of the 2000s ended.", "the 2000s", "2000/2009"),
    ],
)
def test_decades_and_centuries_are_intervals_of_years(text: str, written: str, value: str) -> None:
    found = only_date(text)
    assert (found.text, found.value, found.precision) == (written, value, "year")
    first, last = value.split("/")
    assert (found.date_start, found.date_end) == (f"{first}-01-01", f"{last}-12-31")


def test_over_the_weekend_is_the_week_of_the_weekend_just_gone() -> None:
    # Wednesday 2019-11-20: the weekend before is 16-17 November, in ISO week 46.
    found = only_date("Over the weekend, the mayor resigned.", datetime.date(2019, 11, 20))
    assert (found.text, found.value, found.precision) == ("the weekend", "2019-W46", "week")


def test_a_coming_weekend_is_the_next_one() -> None:
    found = only_date("The talks will resume this weekend.", datetime.date(2019, 11, 20))
    assert (found.text, found.value) == ("this weekend", "2019-W47")
    assert only_date("They met last weekend.", datetime.date(2019, 11, 20)).value == "2019-W46"


def test_the_weekend_as_a_subject_is_no_date() -> None:
    assert find_dates("The weekend was quiet.", PUBLISHED) == []


def test_a_month_naming_an_event_is_a_month() -> None:
    found = only_date("Officials recalled a tense March meeting with the donors.")
    assert (found.text, found.value, found.precision) == ("March", "2019-03", "month")


def test_a_capitalised_month_before_an_ordinary_noun_is_no_date() -> None:
    assert find_dates("They joined the March on Washington.", PUBLISHED) == []


@pytest.mark.parametrize(
    ("reference", "text", "written"),
    [
        (datetime.date.min, "The board met on Tuesday.", "Tuesday"),
        (datetime.date.min, "The board met last week.", "last week"),
        (datetime.date.min, "The board met in December.", "December"),
        (datetime.date.max, "The board meets next week.", "next week"),
        (datetime.date.max, "The board meets next month.", "next month"),
        (datetime.date.max, "The board meets next year.", "next year"),
        (datetime.date.max, "The board meets tomorrow.", "tomorrow"),
        (datetime.date.max, "The board meets next January.", "next January"),
    ],
)
def test_a_day_beyond_the_calendar_is_left_unplaced(
    reference: datetime.date, text: str, written: str
) -> None:
    found = only_date(text, reference)
    assert (found.text, found.value, found.date_start) == (written, None, None)


def test_a_night_other_than_the_last_is_no_date() -> None:
    assert find_dates("The band played its last night in the old hall.", PUBLISHED) == []
    assert find_dates("Tickets for the last night of the festival sold out.", PUBLISHED) == []


def test_the_calendar_edge_itself_is_still_placed() -> None:
    assert only_date("The board met yesterday.", datetime.date.max).value == "9999-12-30"
    assert only_date("The board meets next week.", datetime.date.min).value == "0001-W02"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # Thanksgiving 2019 fell on 28 November; its weekend is that week's Saturday and Sunday.
        ("Airports braced for the Thanksgiving holiday weekend.", "2019-W48"),
        ("Fewer drivers died over Thanksgiving weekend last year.", "2018-W47"),
        # Easter Sunday 2019 was 21 April; Memorial Day 2019 was Monday 27 May.
        ("The ferry ran full last Easter weekend.", "2019-W16"),
        ("Beaches reopened on Memorial Day weekend.", "2019-W21"),
    ],
)
def test_a_movable_holidays_weekend_is_the_iso_week_of_its_saturday(text: str, value: str) -> None:
    found = only_date(text)
    assert (found.value, found.precision) == (value, "week")


def test_month_names_split_into_full_names_and_abbreviations() -> None:
    assert len(FULL_MONTHS) == 12 and "may" in FULL_MONTHS
    assert set(MONTH_ABBREVIATIONS) == set(
        "jan feb mar apr jun jul aug sep sept oct nov dec".split()
    )


def test_a_name_pattern_tries_longer_names_first() -> None:
    assert name_pattern(["sep", "sept"]) == "Sept|Sep"
