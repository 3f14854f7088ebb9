"""What a claim says, ready to compare with passages: its people, dates, ages and counts."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace

from .model import Claim, Mention
from .namematch import TITLES
from .passages import (
    Dated,
    Passage,
    Word,
    dated,
    negated_acts,
    read_passage,
    stem,
    words,
)

# Words either side of a date that tell what it dates: a date agrees when its sentence shares
# a word with the claim, and contradicts only when its neighbourhood shares the claim date's.
CONTEXT_WORDS = 4
QUANTITY = re.compile(r"^(?P<bound>[<>]=?|~)?(?P<amount>\D*?[\d.]+%?)$")
_FIGURE = re.compile(r"\d+(?:\.\d+)?")
# "About 1.2 million" allows a tenth either way: reporters round to one or two figures.
APPROXIMATE = 0.1
# A bound is rounded from a figure up to twice (or half) it: 1.2 million is "more than a
# million", 3 million is "more than two million" or "about three million".
BOUND_REACH = 2.0
SINGULAR_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers"})


@dataclass
class Person:
    """A person the claim names: the name as given, and its folded words without titles."""

    name: str
    tokens: list[str]

    @property
    def surname(self) -> str:
        """The last word of the name."""
        return self.tokens[-1]


@dataclass
class Profile:
    """A claim read once for comparing: its search terms, event words and key mentions."""

    claim: Claim
    terms: set[str]
    event: set[str]
    names: set[str]
    people: list[Person]
    dates: list[Dated]
    ages: list[tuple[Mention, Person | None]]
    quantities: list[tuple[Mention, str | None]]
    verdicts: list[Mention]
    places: list[Mention]
    negated: list[tuple[str, str]]
    counted: int | None
    # Organizations the claim names ("talking to Ukraine"), but not the one it cites.
    organizations: list[Mention] = field(default_factory=list)
    # Capitalized names no mention holds ("evacuated from Cork"): compared in their slot only.
    unread_names: list[Mention] = field(default_factory=list)


def claim_profile(claim: Claim) -> Profile:
    """Read a claim's people, dates, ages, counts, verdicts and names, ready to compare."""
    claim = replace(claim, mentions=_located(claim.mentions, claim.sentence))
    text = claim.text or claim.sentence
    claim_words = words(text)
    # The reporter a claim is attributed to ("as Jane Roe reported") signs the source; it
    # need not name her.
    source_side = [w.fold for w in words(claim.attribution or "")]
    people = [_person(m) for m in claim.mentions if m.kind == "person"]
    people = [p for p in people if p.tokens and not _said_in(p.name, source_side)]
    named = {w.stem for m in claim.mentions if m.kind != "verdict" for w in words(m.text)}
    if claim.attribution:
        named |= {w.stem for w in words(claim.attribution)}
    # Names the mention finder missed are no event words: "Smith" does not tell what happened.
    unnamed = {w.stem for w in claim_words[1:] if w.name_like}
    event = {
        w.stem
        for w in claim_words
        if w.content and not w.temporal and not w.negation and len(w.stem) > 2
    }
    event -= named | unnamed
    terms = {w.stem for w in claim_words if w.content} | {stem(t) for p in people for t in p.tokens}
    verdicts = [m for m in claim.mentions if m.kind == "verdict" and (m.value or m.text)]
    negated = negated_acts(text)
    return Profile(
        claim=claim,
        terms=terms,
        event=event,
        names={stem(t) for p in people for t in p.tokens} | unnamed,
        people=people,
        dates=[
            _with_context(d, claim.sentence, event)
            for d in (dated(m) for m in claim.mentions if m.kind == "date")
            if d
        ],
        ages=_ages_with_people(claim, people),
        quantities=[
            (m, unit_of(m))
            for m in claim.mentions
            if m.kind == "quantity" and QUANTITY.match(str(m.value))
        ],
        verdicts=verdicts,
        places=[m for m in claim.mentions if m.kind == "place"],
        # The verdict finder reads negated outcomes ("not deport") itself.
        negated=[] if any(str(m.value).startswith("not ") for m in verdicts) else negated,
        counted=_people_counted(claim, claim_words, people),
        organizations=[
            m for m in claim.mentions if m.kind == "org" and not _said_in(m.text, source_side)
        ],
        unread_names=_unread_names(claim, source_side),
    )


def _said_in(text: str, side: list[str]) -> bool:
    """True when TEXT's words stand together, in order, among SIDE's (folded) words."""
    # Whole words, so that "Li" is not taken for part of "Lisa".
    tokens = [w.fold for w in words(text)]
    size = len(tokens)
    return not tokens or any(side[i : i + size] == tokens for i in range(len(side) - size + 1))


def _claim_span(claim: Claim) -> tuple[int, int]:
    """Where the claim's text sits in its sentence; the whole sentence if it is not found there."""
    start = claim.sentence.find(claim.text) if claim.text else -1
    if start == -1:
        return 0, len(claim.sentence)
    return start, start + len(claim.text)


def _unread_names(claim: Claim, source_side: list[str]) -> list[Mention]:
    """Runs of capitalized words in the claim that no mention holds, but the sentence's first."""
    sentence = claim.sentence
    offset, end = _claim_span(claim)
    held = [(m.start, m.end) for m in claim.mentions if m.start is not None and m.end is not None]
    runs: list[list[Word]] = []
    for word in words(sentence)[1:]:
        inside = offset <= word.start < end
        free = not any(a <= word.start < b for a, b in held)
        if not (inside and free and word.name_like):
            runs.append([])
        elif runs and runs[-1] and word.start - runs[-1][-1].end <= 2:
            runs[-1].append(word)
        else:
            runs.append([word])
    found = [sentence[run[0].start : run[-1].end] for run in runs if run]
    return [
        Mention("name", text, text, None, run[0].start, run[-1].end)
        for run, text in zip([r for r in runs if r], found, strict=True)
        if not _said_in(text, source_side)
    ]


def _located(mentions: list[Mention], sentence: str) -> list[Mention]:
    """The mentions with their offsets in the sentence, found again when stored without them."""
    located: list[Mention] = []
    cursor = 0
    for mention in mentions:
        if mention.start is None or mention.end is None:
            start = sentence.find(mention.text, cursor)
            start = sentence.find(mention.text) if start == -1 else start
            if start != -1:
                mention = replace(mention, start=start, end=start + len(mention.text))
        cursor = mention.start if mention.start is not None else cursor
        located.append(mention)
    return located


def _person(mention: Mention) -> Person:
    name = str(mention.value or mention.text)
    tokens = [w.fold for w in words(name) if w.fold not in TITLES]
    return Person(name, tokens)


def quantity_context(quantity: Mention, sentence: str, event: set[str]) -> frozenset[str]:
    """The words after a quantity that say what it counts: "miles of bike lanes" -> bike, lane."""
    after = words(sentence[quantity.end :])[:CONTEXT_WORDS] if quantity.end is not None else []
    counted = {w.stem for w in after if w.content and not w.temporal} - {unit_of(quantity)}
    if counted:
        return frozenset(counted)
    as_read = read_passage(Passage(sentence, 0, len(sentence)), [])
    return frozenset(as_read.near(quantity, CONTEXT_WORDS) & event or event)


def _with_context(claimed: Dated, sentence: str, event: set[str]) -> Dated:
    as_read = read_passage(Passage(sentence, 0, len(sentence)), [])
    nearby = as_read.near(claimed.mention, CONTEXT_WORDS) & event
    return replace(claimed, context=frozenset(nearby or event))


def _ages_with_people(claim: Claim, people: list[Person]) -> list[tuple[Mention, Person | None]]:
    """Each age with the person it describes: the nearest name ("Keller, 52", "52-year-old X")."""
    ages = [m for m in claim.mentions if m.kind == "age" and isinstance(m.value, int)]
    if len(people) == 1 and len(ages) == 1:
        return [(ages[0], people[0])]
    named = [m for m in claim.mentions if m.kind == "person" and m.start is not None]
    return [(age, _nearest_person(age, named)) for age in ages]


def _nearest_person(age: Mention, named: list[Mention]) -> Person | None:
    if age.start is None or age.end is None or not named:
        return None
    a_start, a_end = age.start, age.end

    def gap(m: Mention) -> int:
        start, end = m.start or 0, m.end or 0
        return start - a_end if start >= a_end else a_start - end

    return _person(min(named, key=gap))


def _people_counted(claim: Claim, claim_words: list[Word], people: list[Person]) -> int | None:
    """How many people an unnamed claim speaks of: "the two men" 2, "she" 1; None if unknown."""
    if people:
        return len(people)
    counts = [n for n in map(small_count, claim.mentions) if n is not None]
    if counts:
        return counts[0]
    return 1 if any(w.fold in SINGULAR_PRONOUNS for w in claim_words) else None


def small_count(mention: Mention) -> int | None:
    """The number of a small count of people or things ("the two men"), not of days or years."""
    amount = QUANTITY.match(str(mention.value)) if mention.kind == "quantity" else None
    counted = [w for w in words(mention.text) if w.fold.isalpha() and w.content]
    if amount is None or not amount["amount"].isdigit() or not counted or counted[-1].temporal:
        return None
    return int(amount["amount"]) if int(amount["amount"]) < 10 else None


@dataclass(frozen=True)
class Range:
    """The figures a quantity allows: "more than a million" is 1,000,000 and up."""

    measure: str
    low: float
    high: float

    @property
    def exact(self) -> bool:
        """True for one figure, neither rounded nor bounded."""
        return self.low == self.high

    @property
    def bounded(self) -> bool:
        """True unless open on one side ("more than", "fewer than"): a figure, if a rounded one."""
        return self.low > 0 and self.high < math.inf

    def within(self, other: Range) -> bool:
        """True when every figure of this range is one OTHER allows: it bears the claim out."""
        return self.measure == other.measure and other.low <= self.low and self.high <= other.high

    def apart(self, other: Range) -> bool:
        """True when no figure is allowed by both: one contradicts the other."""
        if self.measure != other.measure:
            return False
        return self.high < other.low or other.high < self.low


def quantity_range(value: str | int | None) -> Range | None:
    """The Range of a quantity's value ("~1200000", ">=30", "$5"); None if it is no figure."""
    read = QUANTITY.match(str(value))
    figure = _FIGURE.search(read["amount"]) if read else None
    if read is None or figure is None:
        return None
    try:
        number = float(figure.group(0))
    except ValueError:
        return None
    measure = read["amount"].replace(figure.group(0), "")
    # A bound is read inclusively: "more than a million" and "a million" are one loose figure.
    low, high = {
        "~": (number * (1 - APPROXIMATE), number * (1 + APPROXIMATE)),
        ">": (number, math.inf),
        ">=": (number, math.inf),
        "<": (0.0, number),
        "<=": (0.0, number),
    }.get(read["bound"] or "", (number, number))
    return Range(measure, low, high)


def likely_range(allowed: Range) -> Range:
    """The figures a bound is written for: "more than 6,000" is not said of 19,000."""
    if allowed.high == math.inf:
        return Range(allowed.measure, allowed.low, allowed.low * BOUND_REACH)
    if allowed.low == 0.0 and allowed.high > 0:
        return Range(allowed.measure, allowed.high / BOUND_REACH, allowed.high)
    return allowed


def unit_of(quantity: Mention) -> str | None:
    """The stem of what a quantity counts: "12 people" -> peopl, "34 percent" -> percent."""
    named = [w for w in words(quantity.text) if w.fold.isalpha() and w.content]
    return named[-1].stem if named else None
