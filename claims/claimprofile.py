"""What a claim says, ready to compare with passages: its people, dates, ages and counts."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .model import Claim, Mention
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
SINGULAR_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers"})


@dataclass
class Person:
    name: str
    tokens: list[str]

    @property
    def surname(self) -> str:
        return self.tokens[-1]


@dataclass
class Profile:
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


_NAME_STOP = frozenset({"mr", "mrs", "ms", "dr", "prof", "jr", "sr", "ii", "iii", "iv"})


def claim_profile(claim: Claim) -> Profile:
    claim = replace(claim, mentions=_located(claim.mentions, claim.sentence))
    text = claim.text or claim.sentence
    claim_words = words(text)
    # The reporter a claim is attributed to ("as Jane Roe reported") signs the source; it
    # need not name her.
    source_side = (claim.attribution or "").lower()
    people = [_person(m) for m in claim.mentions if m.kind == "person"]
    people = [p for p in people if p.tokens and p.name.lower() not in source_side]
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
    )


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
    tokens = [w.fold for w in words(name) if w.fold not in _NAME_STOP]
    return Person(name, tokens)


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


def unit_of(quantity: Mention) -> str | None:
    """The stem of what a quantity counts: "12 people" -> peopl, "34 percent" -> percent."""
    named = [w for w in words(quantity.text) if w.fold.isalpha() and w.content]
    return named[-1].stem if named else None
