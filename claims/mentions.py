"""Find what a sentence names: people, organizations, places, dates, ages, quantities, verdicts.

Dates are read first, then ages, then quantities outside them, so "25-year-old" is an age and
"2018" a year, never a count. Names are read around the dates ("Last October Novak").
"""

from __future__ import annotations

import datetime

from .dates import find_dates
from .model import Mention
from .names import find_names
from .numbers import find_ages, find_quantities
from .people import PeopleIndex
from .verdicts import find_verdicts

__all__ = ["PeopleIndex", "find_mentions"]


def find_mentions(
    sentence: str, reference: datetime.date | None, people: PeopleIndex | None = None
) -> list[Mention]:
    """Return the mentions of ``sentence`` in text order; ``people`` resolves and learns names."""
    dates = find_dates(sentence, reference)
    ages = [age for age in find_ages(sentence) if not _overlaps_any(age, dates)]
    quantities = find_quantities(sentence, dates + ages)
    names = find_names(sentence, people, dates + ages)
    verdicts = [v for v in find_verdicts(sentence) if not _overlaps_any(v, names)]
    mentions = dates + ages + quantities + names + verdicts
    return sorted(mentions, key=lambda mention: (mention.start or 0, mention.end or 0))


def _overlaps_any(mention: Mention, others: list[Mention]) -> bool:
    start, end = mention.start or 0, mention.end or 0
    return any(start < (other.end or 0) and end > (other.start or 0) for other in others)
