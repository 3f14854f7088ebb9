"""Find date expressions in text, absolute or relative to a publication date, and normalize them.

Values are ISO labels: a day ``2019-10-29``, an ISO week ``2019-W44``, a month ``2018-10`` or a
year ``2018``. A qualifier such as "early" or "late" keeps the month or year precision and the
whole period as the interval: no day is ever invented. Expressions that need the reference date
("last week", "on Monday", "October 29" without a year) get value None when there is none.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass

from .model import Mention
from .periods import (
    FULL_MONTHS,
    MONTH_ABBREVIATIONS,
    MONTHS,
    WEEKDAYS,
    Period,
    day_period,
    holiday_weekend,
    month_period,
    name_pattern,
    safe_date,
    shift_month,
    week_period,
    year_period,
    years_period,
)

_FULL_MONTH = name_pattern(FULL_MONTHS)
_ABBR_MONTH = name_pattern(MONTH_ABBREVIATIONS)
# Bare abbreviations ("Oct 29") only count next to a day number; alone they need the period.
_MONTH_BY_DAY = rf"(?P<month>{_FULL_MONTH}|(?:{_ABBR_MONTH})\.?)"
_MONTH_ALONE = rf"(?P<month>{_FULL_MONTH}|(?:{_ABBR_MONTH})\.)"
_WEEKDAY = rf"(?P<weekday>{name_pattern(WEEKDAYS)})"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?![\d:%])"
_YEAR = r"(?P<year>1[89]\d\d|20\d\d)(?![\d%])"
_QUALIFIER = (
    r"(?:(?i:early|mid|late|the end of|the start of|the beginning of|the middle of)[\s-]+"
    r"|(?i:mid)-)"
)
_WEEKDAY_PREFIX = rf"(?:{_WEEKDAY},?\s+)?"
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
# Words before a bare month that show it is the month and not, say, the modal "may".
_MONTH_CUES = (
    "in|since|during|until|till|by|through|throughout|from|before|after|of|between|and|or|to"
    "|early|late|mid|last|this|next|the end of|the start of|the beginning of|the middle of"
)
# Words before a bare year that show it is a year and not a count ("2000 people").
_YEAR_CUES = re.compile(
    r"(?i:\b(?:in|since|during|until|till|by|through|from|before|after|of|between|and|or|to|"
    r"the|for|around|circa|early|late|mid|year|fiscal|summer|winter|spring|autumn|fall)"
    r"[\s-]+)$"
)
_COUNT_BEFORE = re.compile(
    r"(?i:\b(?:than|some|about|nearly|almost|roughly|approximately|least|most|over|under)\s+)$"
)
_COUNT_AFTER = re.compile(
    r"\s+(?:[a-z]+s|people|men|women|children|police|staff|troops|personnel|cattle)\b"
)
_EVENT_NOUNS = (
    "meeting|meetings|conversation|call|phone call|visit|trip|election|elections|vote|hearing|"
    "deadline|report|summit|talks|interview|announcement|speech|session|letter|email|memo|"
    "attack|storm|primary|poll|survey|debate|rally|ruling|decision|order|agreement|deal|"
    "trial|protest|protests|raid|strike|shooting|fire|flood|earthquake|testimony|statement|"
    "conference|briefing|fundraiser|ceremony|launch|release|sale|auction|match|game|race"
)
_FUTURE_CUES = re.compile(
    r"(?i:\b(?:will|shall|'ll|’ll|is to|are to|is due|are due|scheduled|expected to|set to|"
    r"plans? to|going to|upcoming)\b)"
)


_YEAR_BEFORE = re.compile(r"\b(?:of|in|since|during)\s+(?P<year>1[89]\d\d|20\d\d)\b(?!\s*[%-])")
_HABITUAL = re.compile(
    r"\b(?:(?:each|every)\s+(?:year|spring|summer|winter|autumn|fall)|typical(?:ly)?|usually|"
    r"season)\b",
    re.IGNORECASE,
)
_DATE_APPOSITIVE = re.compile(r"\b\d{1,2}(?:st|nd|rd|th)?,\s+an?\s+$")


def _named_event(match: re.Match[str], reference: datetime.date | None, text: str) -> _Found:
    """Days known by a name: "9/11" is 11 September 2001."""
    return _Found(match.start(), match.end(), day_period(datetime.date(2001, 9, 11)), "day")


@dataclass(frozen=True)
class _Found:
    start: int
    end: int
    period: Period | None
    precision: str


_Handler = Callable[[re.Match[str], datetime.date | None, str], _Found | None]


def find_dates(text: str, reference: datetime.date | None) -> list[Mention]:
    """Return every date expression in ``text`` as a Mention of kind ``date``, in text order."""
    candidates: list[_Found] = []
    present = {name for name, cue in _CUES.items() if cue.search(text)}
    for cues, pattern, handler in _RULES:
        if not present.issuperset(cues):
            continue
        for match in pattern.finditer(text):
            found = _placed(handler, match, reference, text)
            if found is not None:
                candidates.append(found)
    return [_to_mention(text, found) for found in _without_overlaps(candidates)]


def _placed(
    handler: _Handler, match: re.Match[str], reference: datetime.date | None, text: str
) -> _Found | None:
    """What ``handler`` reads; unplaced when the day it lands on lies outside years 1 to 9999."""
    try:
        return handler(match, reference, text)
    except (OverflowError, ValueError):
        pass
    try:
        return handler(match, None, text)
    except (OverflowError, ValueError):
        return None


def _to_mention(text: str, found: _Found) -> Mention:
    period = found.period
    return Mention(
        kind="date",
        text=text[found.start : found.end],
        value=period.value if period else None,
        precision=found.precision,
        start=found.start,
        end=found.end,
        date_start=period.first.isoformat() if period else None,
        date_end=period.last.isoformat() if period else None,
    )


def _without_overlaps(candidates: list[_Found]) -> list[_Found]:
    # Longest expression wins: "Tuesday, Oct. 29, 2019" over "Tuesday" and "2019".
    chosen: list[_Found] = []
    for found in sorted(candidates, key=lambda f: (-(f.end - f.start), f.start)):
        if all(found.end <= other.start or found.start >= other.end for other in chosen):
            chosen.append(found)
    return sorted(chosen, key=lambda f: f.start)


def _month_number(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def _expects_future(text: str, start: int) -> bool:
    # The cue may open a long clause: "will become the first ... when he travels on Sunday".
    return _FUTURE_CUES.search(text, max(0, start - 120), start) is not None


def _infer_year(month: int, day: int | None, reference: datetime.date, future: bool) -> int:
    # A date without a year is the latest one not after publication, or, when the sentence
    # speaks of the future ("will testify on Nov. 20"), the first one not before it.
    after_reference = (month, day or 1) > (reference.month, reference.day if day else 1)
    before_reference = (month, day or 31) < (reference.month, reference.day if day else 1)
    if future:
        return reference.year + 1 if before_reference else reference.year
    return reference.year - 1 if after_reference else reference.year


def _iso_day(match: re.Match[str], reference: datetime.date | None, text: str) -> _Found | None:
    day = safe_date(int(match["year"]), int(match["month"]), int(match["day"]))
    return _Found(match.start(), match.end(), day_period(day), "day") if day else None


def _numeric_day(match: re.Match[str], reference: datetime.date | None, text: str) -> _Found | None:
    first, second, year = int(match["first"]), int(match["second"]), int(match["year"])
    if year < 100:
        year += 2000 if year < 70 else 1900
    # US order (month/day) unless the first number cannot be a month.
    month, day = (second, first) if first > 12 else (first, second)
    date = safe_date(year, month, day)
    return _Found(match.start(), match.end(), day_period(date), "day") if date else None


def _named_day(match: re.Match[str], reference: datetime.date | None, text: str) -> _Found | None:
    month, day = _month_number(match["month"]), int(match["day"])
    if not 1 <= day <= 31:
        return None
    if match["year"]:
        year = int(match["year"])
    elif reference is not None:
        year = _infer_year(month, day, reference, _expects_future(text, match.start()))
    else:
        return _Found(match.start(), match.end(), None, "day")
    date = safe_date(year, month, day)
    return _Found(match.start(), match.end(), day_period(date), "day") if date else None


def _month_year(match: re.Match[str], reference: datetime.date | None, text: str) -> _Found:
    period = month_period(int(match["year"]), _month_number(match["month"]))
    return _Found(match.start(), match.end(), period, "month")


def _cued_month(match: re.Match[str], reference: datetime.date | None, text: str) -> _Found | None:
    month = _month_number(match["month"])
    start = match.start("lead") if match["lead"] else match.start("month")
    if match["lead"] is None or match["lead"].lower() in ("early", "late", "mid"):
        if _HABITUAL.search(text):
            return None  # "during the season, in early March": any year's March
    if reference is None:
        return _Found(start, match.end(), None, "month")
    lead = " ".join((match["lead"] or "").lower().split())
    named_year = _YEAR_BEFORE.search(text, 0, match.start())
    if lead in ("last", "this past"):
        year = reference.year if month < reference.month else reference.year - 1
    elif named_year is not None and lead not in ("next", "this"):
        # "in the summer of 2004 ... in mid-August": the year the sentence already named.
        year = int(named_year["year"])
    elif lead == "next":
        year = reference.year if month > reference.month else reference.year + 1
    elif lead == "this":
        year = reference.year
    else:
        year = _infer_year(month, None, reference, _expects_future(text, match.start()))
    return _Found(start, match.end(), month_period(year, month), "month")


def _month_modifier(
    match: re.Match[str], reference: datetime.date | None, text: str
) -> _Found | None:
    month, start, end = _month_number(match["month"]), match.start("month"), match.end("month")
    if reference is None:
        return _Found(start, end, None, "month")
    named_year = _YEAR_BEFORE.search(text, 0, start)
    if named_year is not None:
        year = int(named_year["year"])
    else:
        year = _infer_year(month, None, reference, _expects_future(text, start))
    return _Found(start, end, month_period(year, month), "month")


def _year(match: re.Match[str], reference: datetime.date | None, text: str) -> _Found | None:
    before = text[max(0, match.start() - 30) : match.start()]
    if match["qualifier"] is None and not _YEAR_CUES.search(before):
        # A bare four-digit number that is bounded or followed by a plural noun counts
        # things ("more than 2000 people"), it is no year.
        if _COUNT_BEFORE.search(before) or _COUNT_AFTER.match(text, match.end()):
            return None
    return _Found(match.start(), match.end(), year_period(int(match["year"])), "year")


def _decade(match: re.Match[str], reference: datetime.date | None, text: str) -> _Found:
    start = int(match["decade"])
    # "the 1800s" is a century; "the 1990s" and "the 2000s" are decades, as news uses them.
    span = 100 if start % 100 == 0 and start < 2000 else 10
    return _Found(match.start(), match.end(), years_period(start, start + span - 1), "year")


def _weekend(match: re.Match[str], reference: datetime.date | None, text: str) -> _Found:
    start = match.start("lead") if match["lead"] else match.start("phrase")
    if reference is None:
        return _Found(start, match.end(), None, "week")
    lead = " ".join((match["lead"] or "").lower().split())
    saturday = 5
    if lead in ("next", "this coming") or (lead == "this" and _expects_future(text, match.start())):
        ahead = (saturday - reference.weekday()) % 7
        day = reference + datetime.timedelta(days=ahead)
    else:
        # "over the weekend" in a weekday story is the weekend just gone.
        back = (reference.weekday() - saturday) % 7
        if lead == "last" and reference.weekday() >= saturday:
            back += 7
        day = reference - datetime.timedelta(days=back)
    return _Found(start, match.end(), week_period(day), "week")


def _holiday_weekend(
    match: re.Match[str], reference: datetime.date | None, text: str
) -> _Found | None:
    if reference is None:
        return _Found(match.start(), match.end(), None, "week")
    holiday = match["holiday"]
    year = reference.year + {"last": -1, "this": 0, "next": 1}[(match["year"] or "this").lower()]
    saturday = holiday_weekend(holiday, year)
    lead = (match["lead"] or "").lower()
    if saturday is not None and lead in ("last", "next"):
        # "last Easter weekend" is the latest one before the story, whichever year it fell in.
        step = -1 if lead == "last" else 1
        if (saturday < reference) != (lead == "last"):
            saturday = holiday_weekend(holiday, year + step)
    if saturday is None:
        return None
    return _Found(match.start(), match.end(), week_period(saturday), "week")


def _relative_period(match: re.Match[str], reference: datetime.date | None, text: str) -> _Found:
    unit = match["unit"].lower()
    if reference is None:
        return _Found(match.start(), match.end(), None, unit)
    step = {"this": 0, "last": -1, "next": 1}[match["which"].lower()]
    if unit == "week":
        period = week_period(reference + datetime.timedelta(weeks=step))
    elif unit == "month":
        period = month_period(*shift_month(reference.year, reference.month, step))
    else:
        period = year_period(reference.year + step)
    return _Found(match.start(), match.end(), period, unit)


def _relative_day(
    match: re.Match[str], reference: datetime.date | None, text: str
) -> _Found | None:
    if match["word"].lower().startswith("last") and _NIGHT_OF_SOMETHING.search(
        text[max(0, match.start() - 12) : match.end() + 4]
    ):
        return None  # "its last night of the tour" is a final night, not the night before
    if reference is None:
        return _Found(match.start(), match.end(), None, "day")
    word = " ".join(match["word"].lower().split())
    offset = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1, "last night": -1}[word]
    return _Found(
        match.start(), match.end(), day_period(reference + datetime.timedelta(days=offset)), "day"
    )


def _weekday(match: re.Match[str], reference: datetime.date | None, text: str) -> _Found | None:
    start = match.start("lead") if match["lead"] else match.start("weekday")
    if _DATE_APPOSITIVE.search(text, 0, start):
        return None  # "Dec. 18, a Wednesday": the weekday of a date already read
    if reference is None:
        return _Found(start, match.end(), None, "day")
    lead = (match["lead"] or "").lower()
    target = WEEKDAYS.index(match["weekday"].lower())
    back = (reference.weekday() - target) % 7
    if lead == "last" and back == 0:
        back = 7
    if lead in ("next", "this coming") or (lead != "last" and _expects_future(text, start)):
        ahead = (target - reference.weekday()) % 7 or (7 if lead == "next" else 0)
        day = reference + datetime.timedelta(days=ahead)
    else:
        # News writes "on Tuesday" for the day of publication itself.
        day = reference - datetime.timedelta(days=back)
    return _Found(start, match.end(), day_period(day), "day")


def _ago(match: re.Match[str], reference: datetime.date | None, text: str) -> _Found | None:
    unit = match["unit"].lower().rstrip("s")
    if reference is None:
        return _Found(match.start(), match.end(), None, unit)
    raw = match["count"].lower()
    count = int(raw) if raw.isdigit() else _NUMBER_WORDS[raw]
    if unit == "day":
        period = day_period(reference - datetime.timedelta(days=count))
    elif unit == "week":
        period = week_period(reference - datetime.timedelta(weeks=count))
    elif unit == "month":
        period = month_period(*shift_month(reference.year, reference.month, -count))
    else:
        period = year_period(reference.year - count)
    return _Found(match.start(), match.end(), period, unit)


_NIGHT_OF_SOMETHING = re.compile(
    r"(?i:\b(?:the|its|his|her|their|our|my|your|a)\s+last\s+night|last\s+night\s+of\b)"
)
_NOT_INSIDE_NUMBER = r"(?<![\w$€£.,/#-])"
# What each rule cannot match without, found in one cheap scan apiece: most sentences hold no
# date, and the rules' own scans cost far more than these.
_CUES = {
    "9/11": re.compile("9/11"),
    "digit": re.compile(r"\d"),
    "month": re.compile(f"{_FULL_MONTH}|{_ABBR_MONTH}"),
    "unit": re.compile(r"(?i:week|month|year)"),
    "day word": re.compile(r"(?i:today|tonight|yesterday|tomorrow|night)"),
    "weekday": re.compile("day"),
    "ago": re.compile(r"(?i:ago)"),
    "decade": re.compile(r"\d0s\b"),
    "weekend": re.compile(r"(?i:weekend)"),
}
_RULES: list[tuple[tuple[str, ...], re.Pattern[str], _Handler]] = [
    (("9/11",), re.compile(r"(?<![\w/.])9/11(?![\w/])"), _named_event),
    (
        ("digit",),
        re.compile(
            rf"{_NOT_INSIDE_NUMBER}(?P<year>\d{{4}})-(?P<month>\d\d)-(?P<day>\d\d)(?![\d-])"
        ),
        _iso_day,
    ),
    (
        ("digit",),
        re.compile(
            rf"{_NOT_INSIDE_NUMBER}(?P<first>\d{{1,2}})/(?P<second>\d{{1,2}})/"
            r"(?P<year>\d{4}|\d{2})(?![\d/])"
        ),
        _numeric_day,
    ),
    (
        ("digit", "month"),
        re.compile(
            rf"\b{_WEEKDAY_PREFIX}{_MONTH_BY_DAY}\s+{_DAY}(?:,?\s+{_YEAR})?",
        ),
        _named_day,
    ),
    (
        ("digit", "month"),
        re.compile(
            rf"\b{_WEEKDAY_PREFIX}(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH_BY_DAY}(?:,?\s+{_YEAR})?"
        ),
        _named_day,
    ),
    (
        ("digit", "month"),
        re.compile(rf"(?:{_QUALIFIER})?\b{_MONTH_ALONE},?\s+(?:of\s+)?{_YEAR}"),
        _month_year,
    ),
    (
        ("month",),
        re.compile(
            rf"(?:\b(?i:(?P<lead>this\s+past|last|this|next|early|late|mid)[\s-]+)"
            rf"|(?<![\w-])(?i:(?:{_MONTH_CUES})[\s-]+))\b{_MONTH_ALONE}(?![\w-])"
        ),
        _cued_month,
    ),
    (
        ("month",),
        # A month naming an event ("a key September meeting"): the noun shows it is no name.
        re.compile(rf"\b(?:a|an|the|that)\s+(?:[a-z]+\s+)?{_MONTH_ALONE}\s+(?:{_EVENT_NOUNS})\b"),
        _month_modifier,
    ),
    (
        ("digit",),
        re.compile(
            rf"(?:(?P<qualifier>{_QUALIFIER})|{_NOT_INSIDE_NUMBER})\b{_YEAR}(?![\w,.-]\d|s\b)"
        ),
        _year,
    ),
    (
        ("unit",),
        re.compile(
            r"\b(?i:(?:(?:earlier|later|late|early)\s+)?(?P<which>this|last|next)\s+"
            r"(?P<unit>week|month|year))\b(?!-)"
        ),
        _relative_period,
    ),
    (
        ("decade",),
        re.compile(
            r"(?:\b(?i:the)\s+)?(?:\b(?i:early|mid|late)[\s-]+|(?<![\w$€£.,/#-]))"
            r"(?P<decade>1[89]\d0|20\d0)s\b"
        ),
        _decade,
    ),
    (
        ("weekend",),
        re.compile(
            r"\b(?:(?i:over|during|at|on|through|until|before|after|since|by)\s+"
            r"(?=(?i:the)\s+weekend)|(?P<lead>(?i:this\s+past|this\s+coming|last|this|next))\s+"
            r"(?=weekend))(?P<phrase>(?:(?i:the)\s+)?(?i:weekend))\b"
        ),
        _weekend,
    ),
    (
        ("weekend",),
        re.compile(
            r"\b(?:(?P<lead>(?i:last|this|next))\s+)?"
            r"(?P<holiday>Thanksgiving|Easter|Memorial\s+Day|Labor\s+Day)"
            r"(?:\s+(?i:holiday))?\s+(?i:weekend)(?:\s+(?P<year>(?i:last|this|next))\s+(?i:year))?\b"
        ),
        _holiday_weekend,
    ),
    (
        ("day word",),
        # The night before the day of writing is that day's eve, a date like "yesterday".
        re.compile(r"\b(?i:(?P<word>today|tonight|yesterday|tomorrow|last\s+night))\b"),
        _relative_day,
    ),
    (
        ("weekday",),
        re.compile(
            rf"(?:\b(?i:(?P<lead>last|this|next|this past|this coming)\s+))?\b{_WEEKDAY}"
            r"(?:\s+(?i:morning|afternoon|evening|night))?\b"
        ),
        _weekday,
    ),
    (
        ("ago",),
        re.compile(
            r"\b(?i:(?P<count>\d{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten|"
            r"eleven|twelve)\s+(?P<unit>days?|weeks?|months?|years?)\s+ago)\b"
        ),
        _ago,
    ),
]
