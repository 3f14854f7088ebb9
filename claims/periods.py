"""Calendar periods (day, ISO week, month, year): their ISO labels, bounds and neighbours."""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable
from dataclasses import dataclass

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# An abbreviation begins a longer name of its month: "sep" and "sept" begin "september".
MONTH_ABBREVIATIONS = tuple(n for n in MONTHS if any(o != n and o.startswith(n) for o in MONTHS))
FULL_MONTHS = tuple(name for name in MONTHS if name not in MONTH_ABBREVIATIONS)


@dataclass(frozen=True)
class Period:
    """A calendar period: its ISO label, precision and the first and last day it covers."""

    value: str
    precision: str
    first: datetime.date
    last: datetime.date


def name_pattern(names: Iterable[str]) -> str:
    """Calendar names as a regex alternation, capitalised, longest first ("Sept" before "Sep")."""
    return "|".join(sorted((name.title() for name in names), key=len, reverse=True))


def day_period(day: datetime.date) -> Period:
    """The period of one day, labelled ``YYYY-MM-DD``."""
    return Period(day.isoformat(), "day", day, day)


def week_period(day: datetime.date) -> Period:
    """The ISO week (Monday to Sunday) containing ``day``, labelled ``YYYY-Www``."""
    year, week, weekday = day.isocalendar()
    monday = day - datetime.timedelta(days=weekday - 1)
    return Period(f"{year:04d}-W{week:02d}", "week", monday, monday + datetime.timedelta(days=6))


def month_period(year: int, month: int) -> Period:
    """The period of one month, labelled ``YYYY-MM``."""
    last_day = calendar.monthrange(year, month)[1]
    return Period(
        f"{year:04d}-{month:02d}",
        "month",
        datetime.date(year, month, 1),
        datetime.date(year, month, last_day),
    )


def year_period(year: int) -> Period:
    """The period of one calendar year, labelled ``YYYY``."""
    return Period(f"{year:04d}", "year", datetime.date(year, 1, 1), datetime.date(year, 12, 31))


def years_period(first: int, last: int) -> Period:
    """The years ``first`` to ``last`` inclusive, labelled as the ISO interval ``YYYY/YYYY``."""
    return Period(
        f"{first:04d}/{last:04d}", "year", datetime.date(first, 1, 1), datetime.date(last, 12, 31)
    )


def shift_month(year: int, month: int, months: int) -> tuple[int, int]:
    """The (year, month) ``months`` months after (negative: before) the given one."""
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def safe_date(year: int, month: int, day: int) -> datetime.date | None:
    """The date, or None when the day does not exist (such as February 30)."""
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def parse_reference(published: str | None) -> datetime.date | None:
    """The day of an ISO date or timestamp string such as ``2019-10-31T08:00:00Z``, or None."""
    if not published:
        return None
    try:
        return datetime.date.fromisoformat(published.strip()[:10])
    except ValueError:
        return None


def holiday_weekend(holiday: str, year: int) -> datetime.date | None:
    """The Saturday of the long weekend a movable holiday gives in ``year``, or None if unknown.

    Thanksgiving (fourth Thursday of November) is followed by its weekend; Easter Sunday and the
    Monday holidays (Memorial Day, Labor Day) close theirs.
    """
    name = " ".join(holiday.lower().split())
    if name == "thanksgiving":
        return _nth_weekday(year, 11, 3, 4) + datetime.timedelta(days=2)
    if name == "easter":
        return _easter_sunday(year) - datetime.timedelta(days=1)
    if name == "memorial day":
        last = _nth_weekday(year, 5, 0, 5)
        monday = last if last.month == 5 else last - datetime.timedelta(days=7)
        return monday - datetime.timedelta(days=2)
    if name == "labor day":
        return _nth_weekday(year, 9, 0, 1) - datetime.timedelta(days=2)
    return None


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> datetime.date:
    """The ``nth`` given weekday (Monday is 0) counted from the first of the month."""
    first = datetime.date(year, month, 1)
    offset = (weekday - first.weekday()) % 7
    return first + datetime.timedelta(days=offset + 7 * (nth - 1))


def _easter_sunday(year: int) -> datetime.date:
    """Western Easter Sunday, by the anonymous Gregorian computus."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    month, day = divmod(h + m - 7 * n + 114, 31)
    return datetime.date(year, month, day + 1)
