"""Comparing a claim's mentions with what one passage says: dates, ages, figures, names.

Each comparison notes a mention as matched, missing or in conflict on a Reading, which then
says whether the passage supports the claim or contradicts it about the same event.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .claimprofile import (
    CONTEXT_WORDS,
    QUANTITY,
    Person,
    Profile,
    Range,
    likely_range,
    quantity_range,
    small_count,
    unit_of,
)
from .model import Mention
from .namematch import find_name, same_name
from .passages import Dated, Passage, ReadPassage, Word, stem, words
from .slots import is_number, same_place, slot_filler, slot_mention, slot_number

# A passage that repeats this share (and at least MIN_SHARED_UNANCHORED) of the event words
# supports a claim with no date or number to anchor it; anchored claims need MIN_SUPPORT_OVERLAP.
SUPPORT_OVERLAP = 0.5
MIN_SHARED_UNANCHORED = 3
MIN_SUPPORT_OVERLAP = 0.2
# Share of the words saying what a rounded or bounded figure counts that a source's figure
# must repeat to be a count of the same thing.
SAME_COUNT_WORDS = 0.5

_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}
# Outcomes that contradict each other, by the verdict finder's lemma: "convict" and "acquit".
_OPPOSITE_PAIRS = (
    ("convict", "acquit"), ("grant", "deny"), ("grant", "reject"), ("approve", "reject"),
    ("approve", "deny"), ("uphold", "overturn"), ("plead guilty", "plead not guilty"),
)  # fmt: skip
_OPPOSITES: dict[str, set[str]] = {}
for _one, _other in _OPPOSITE_PAIRS:
    _OPPOSITES.setdefault(_one, set()).add(_other)
    _OPPOSITES.setdefault(_other, set()).add(_one)
_SMALL_NUMBERS = "zero one two three four five six seven eight nine ten eleven twelve".split()
_PLACE_PREPOSITIONS = frozenset({"in", "at", "near", "outside"})


@dataclass
class Reading:
    """What one passage says about a claim: each mention matched, missing or in conflict."""

    passage: Passage
    relevance: float
    merged: bool = False
    overlap: float = 0.0
    shared: int = 0
    same_event: bool = False
    exact: bool = True
    anchored: int = 0
    unsaid_outcomes: int = 0
    matched: list[dict[str, Any]] = field(default_factory=list)
    missing: list[dict[str, Any]] = field(default_factory=list)
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    blocking: int = 0

    def supports(self, profile: Profile) -> bool:
        """True when the passage bears the claim out: nothing conflicts, nothing key missing."""
        if self.blocking or self.conflicts:
            return False
        if profile.event and self.overlap < MIN_SUPPORT_OVERLAP:
            return False
        if self.unsaid_outcomes:
            # An outcome is often paraphrased ("given the status" for granted): left unsaid, it
            # is forgiven only where dates or numbers agree about plainly the same event.
            return bool(self.anchored) and self.same_event
        if self.anchored:
            return True
        # Without a date or number, only a real share of the wording shows the same fact.
        return self.overlap >= SUPPORT_OVERLAP and self.shared >= MIN_SHARED_UNANCHORED

    def contradicts(self) -> bool:
        """True when the passage tells the same event with another value."""
        # A contradiction is stated in one paragraph: two read together may mix two stories.
        return self.same_event and bool(self.conflicts) and not self.merged

    def quality(self) -> float:
        """How well the passage matches the claim's words, in 0..1."""
        return 0.5 * self.relevance + 0.5 * self.overlap


def same_outcome(profile: Profile, facts: ReadPassage) -> bool:
    """False when the passage reports only other outcomes: an arrest is not a conviction."""
    claimed = {str(m.value).removeprefix("not ") for m in profile.verdicts}
    found = {str(m.value).removeprefix("not ") for m in facts.mentions if m.kind == "verdict"}
    if not claimed or not found:
        return True
    return bool(claimed.union(*(_OPPOSITES.get(c, set()) for c in claimed)) & found)


def record(
    reading: Reading,
    kind: str,
    claimed: Any,
    source: Any,
    *,
    key: bool,
    conflict: Any = None,
    variant: bool = False,
) -> None:
    """Note one mention as matched (SOURCE given, VARIANT if spelled otherwise), or not."""
    if source is not None:
        reading.matched.append({"kind": kind, "claim": claimed, "source": source})
        if variant:
            reading.matched[-1]["variant"] = True
        if kind in ("date", "age", "quantity"):
            reading.anchored += 1  # a verdict word is too common to anchor a claim alone
    elif conflict is not None and reading.same_event:
        reading.conflicts.append({"kind": kind, "claim": claimed, "source": conflict})
    else:
        reading.missing.append({"kind": kind, "claim": claimed})
        reading.blocking += 1 if key else 0


def compare_date(reading: Reading, claimed: Dated, profile: Profile, facts: ReadPassage) -> None:
    """An overlapping date agrees; another date of the same precision near the event conflicts."""
    dates = facts.absolute_dates(claimed.first.year)
    slotted = _date_in_slot(claimed, profile, dates, facts)
    if slotted is not None:
        # The sentence of the event dates it otherwise: a matching date elsewhere dates
        # something else ("last year" holds July, but not "in November, the court granted").
        # Outside the same event, record counts the missing key date as blocking.
        record(reading, "date", claimed.label, None, key=True, conflict=slotted.label)
        return
    about = profile.event | profile.names
    agreeing = [
        d for d in dates if d.overlaps(claimed) and (not about or facts.near(d.mention) & about)
    ]
    if agreeing:
        best = min(agreeing, key=lambda d: d.last - d.first)
        if not (claimed.first <= best.first and best.last <= claimed.last):
            reading.exact = False
        record(reading, "date", claimed.label, best.mention.text, key=True)
        return
    rank = _PRECISION_RANK.get(claimed.mention.precision or "", 0)
    rivals = [
        d
        for d in dates
        if _rivals(rank, _PRECISION_RANK.get(d.mention.precision or "", 3))
        and not any(d.overlaps(other) for other in profile.dates)
        and facts.near(d.mention, CONTEXT_WORDS) & claimed.context
        and not _about_others(facts.people_near(d.mention), profile)
    ]
    rival = min(rivals, key=lambda d: abs((d.first - claimed.first).days), default=None)
    echo = facts.same_wording(claimed.mention) if rival is None else None
    if echo is not None:
        reading.exact = False  # the same relative words may count from another day
    conflict = rival.label if rival else None
    record(reading, "date", claimed.label, echo, key=True, conflict=conflict)


def _date_in_slot(
    claimed: Dated, profile: Profile, dates: list[Dated], facts: ReadPassage
) -> Dated | None:
    """A date sharing no day with the claim's, written where the claim writes its date."""
    if _PRECISION_RANK.get(claimed.mention.precision or "") == _PRECISION_RANK["week"]:
        return None  # "earlier this week" is too loose to be contradicted
    found = slot_mention(profile.claim.sentence, claimed.mention, facts, "date")
    read = next((d for d in dates if d.mention is found), None) if found else None
    if read is None or any(read.overlaps(other) for other in profile.dates):
        return None  # the claim's own other date ("crossed on the 1st, detained on the 14th")
    return read


def _about_others(people: list[Mention], profile: Profile) -> bool:
    """True when the people named beside a date are not the claim's: it dates their story."""
    named = {str(p.value or p.text) for p in people}
    if not named or any({stem(w.fold) for w in words(n)} & profile.names for n in named):
        return False
    if any(find_name(p.name, n) for p in profile.people for n in named):
        return False  # the claim's person, spelled another way
    if profile.people:
        return True
    # "The two men" may be the two people the passage names, but not the one it names.
    return profile.counted is not None and len(named) != profile.counted


def _rivals(claim_rank: int, source_rank: int) -> bool:
    # Same precision contradicts; a precise day also contradicts a month or year it falls outside.
    # A week is always relative ("earlier this week"), too loose to be contradicted.
    if claim_rank == _PRECISION_RANK["week"]:
        return False
    return source_rank == claim_rank or (
        claim_rank >= _PRECISION_RANK["month"] and source_rank == _PRECISION_RANK["day"]
    )


def compare_age(reading: Reading, age: Mention, owner: Person | None, facts: ReadPassage) -> None:
    """The age given its owner agrees or conflicts; any equal age agrees otherwise."""
    ages = [m for m in facts.mentions if m.kind == "age"]
    described = next((m for m in ages if owner and _describes(facts.name_near(m), owner)), None)
    if described is not None:
        # The same person's age settles it, whatever other ages the passage gives.
        agrees = described.value == age.value
        source, conflict = (described.text, None) if agrees else (None, described.value)
    else:
        same = next((m for m in ages if m.value == age.value), None)
        source, conflict = (same.text if same else None), None
    record(reading, "age", age.value, source, key=True, conflict=conflict)


def compare_quantity(
    reading: Reading,
    quantity: Mention,
    unit: str | None,
    facts: ReadPassage,
    context: frozenset[str],
    sentence: str = "",
) -> None:
    """The same figure, or one the claim's bound allows, agrees; one it excludes conflicts."""
    claimed = QUANTITY.match(str(quantity.value))
    if claimed is None:
        return  # the profile keeps only quantities it can read: nothing to compare
    counts = [(m, QUANTITY.match(str(m.value))) for m in facts.mentions if m.kind == "quantity"]
    read = [(m, c) for m, c in counts if c is not None]
    # "more than 1,200 people" and "1,200 people" agree, as does "1.2 million" with "more
    # than a million"; a figure of the same thing the claim's range excludes contradicts it.
    same = next((m for m, c in read if c["amount"] == claimed["amount"]), None)
    ranged = [(m, quantity_range(m.value)) for m, _ in read if unit and unit_of(m) == unit]
    allowed = quantity_range(quantity.value)
    slotted = _rival_in_slot(quantity, allowed, facts, sentence, context) if allowed else None
    if slotted is not None:
        # The sentence of the event gives another figure: the claim's figure elsewhere in the
        # passage ("the past five years" beside "the next fifteen years") counts something else.
        record(reading, "quantity", quantity.value, None, key=True, conflict=slotted.value)
        return
    if same is None and allowed is not None:
        # "More than 255 percent" is no proof of "more than 85 percent": only a figure is.
        same = next(
            (
                m
                for m, r in ranged
                if r
                and r.bounded
                and r.within(likely_range(allowed))
                and _counts_same(m, r, allowed, facts, context)
            ),
            None,
        )
    rival = None
    if same is None and allowed is not None:
        rival = next(
            (
                m
                for m, r in ranged
                if r and r.apart(allowed) and _counts_same(m, r, allowed, facts, context)
            ),
            None,
        )
    source, conflict = (same.text if same else None), (rival.value if rival else None)
    # A small count in words ("the two men") describes more than it asserts: it may go unsaid.
    key = small_count(quantity) is None
    record(reading, "quantity", quantity.value, source, key=key, conflict=conflict)


def _rival_in_slot(
    quantity: Mention, allowed: Range, facts: ReadPassage, sentence: str, context: frozenset[str]
) -> Mention | None:
    """Another figure where the claim has its own: "more than 60" against "more than 180"."""
    # Bounds of the same figure overlap ("more than 3" and "more than 9"): only the slot shows
    # that the source wrote another figure for the same thing.
    found = slot_mention(sentence, quantity, facts, "quantity")
    figure = quantity_range(found.value) if found is not None else None
    if found is None or figure is None or figure.measure != allowed.measure:
        return None
    # "About 7,000" bears out "more than 6,000"; "more than 180" is another "more than 60".
    bound = QUANTITY.match(str(found.value))
    claimed = QUANTITY.match(str(quantity.value))
    same_bound = bound is not None and claimed is not None and bound["bound"] == claimed["bound"]
    if not figure.apart(allowed) and not (same_bound and figure != allowed):
        return None
    return found if _counts_same(found, figure, allowed, facts, context) else None


def compare_figures(reading: Reading, profile: Profile, facts: ReadPassage) -> None:
    """Numbers no mention holds ("one in-person meeting"), against the source's in their slot."""
    sentence = profile.claim.sentence
    text = profile.claim.text or sentence
    offset = sentence.find(text)
    if offset == -1:
        # A claim text reworded from its sentence: read the sentence's numbers instead.
        text, offset = sentence, 0
    held = [m for m in profile.claim.mentions if m.start is not None and m.end is not None]
    for word in words(sentence[offset : offset + len(text)]):
        start, end = word.start + offset, word.end + offset
        if not is_number(word) or any((m.start or 0) <= start < (m.end or 0) for m in held):
            continue
        placed = Word(word.text, word.fold, word.stem, start, end)
        other = slot_number(sentence, placed, facts)
        if other is not None and _number_value(other) != _number_value(word.text):
            record(reading, "quantity", word.text, None, key=False, conflict=other)
            reading.blocking += 0 if reading.same_event else 1


def _number_value(text: str) -> str:
    folded = text.lower().replace(",", "")
    return str(_SMALL_NUMBERS.index(folded)) if folded in _SMALL_NUMBERS else folded


def _counts_same(
    found: Mention, figure: Range, allowed: Range, facts: ReadPassage, context: frozenset[str]
) -> bool:
    """True when a figure counts what the claim's does: two exact figures, or the same words."""
    if figure.exact and allowed.exact:
        return True
    # A rounded or bounded figure is common; only most of the claim's words for what it counts
    # ("miles of bike lanes", not just "lane") make it the same count.
    shared = facts.near(found, CONTEXT_WORDS) & context
    return bool(shared) and len(shared) >= SAME_COUNT_WORDS * len(context)


def compare_verdict(reading: Reading, verdict: Mention, facts: ReadPassage) -> None:
    """Same outcome and polarity agrees; its negation or the opposite outcome contradicts."""
    claimed = str(verdict.value or verdict.text)
    lemma = claimed.removeprefix("not ")
    if claimed != lemma:
        contrary = {lemma}  # "not deport" against "deported"
    else:
        contrary = {f"not {lemma}"} | _OPPOSITES.get(lemma, set())
    found = [m for m in facts.mentions if m.kind == "verdict"]
    same = next((m.text for m in found if m.value == claimed), None)
    if same is None:
        same = facts.family_word(lemma, negated=claimed != lemma)
    conflict = next((m.value for m in found if m.value in contrary), None)
    if same is None and conflict is None:
        reading.unsaid_outcomes += 1
    record(reading, "verdict", claimed, same, key=False, conflict=conflict)


def _describes(surname: str | None, owner: Person) -> bool:
    """True when the name beside an age is its owner's, in any spelling."""
    return surname is not None and same_name(owner.surname, surname)


def compare_place(
    reading: Reading, sentence: str, place: Mention, facts: ReadPassage, others: list[str]
) -> None:
    """The same place in any spelling agrees; another name in its slot contradicts."""
    if _compare_slot(reading, "place", sentence, place, facts, others):
        return
    tokens = [w.fold for w in words(place.text)]
    if facts.all_present(tokens):
        record(reading, "place", place.text, place.text, key=False)
        return
    # A place has no patronymic: "Dorvik" is no shortened "Dorvikuly".
    spelled = find_name(place.text, facts.passage.text, facts.words, whole=True, patronymics=False)
    if spelled is not None:
        record(reading, "place", place.text, spelled.source, key=False, variant=spelled.variant)
        return
    other = _other_place(sentence, place, facts)
    record(reading, "place", place.text, None, key=False, conflict=other)


def compare_organization(
    reading: Reading, sentence: str, organization: Mention, facts: ReadPassage, others: list[str]
) -> None:
    """An organization is compared only in its slot: a passage may well leave it unsaid."""
    _compare_slot(reading, "org", sentence, organization, facts, others)


def compare_name(
    reading: Reading, sentence: str, name: Mention, facts: ReadPassage, others: list[str]
) -> None:
    """A name no mention holds, compared only in its slot: "evacuated from Cork" or elsewhere."""
    _compare_slot(reading, "name", sentence, name, facts, others)


def _compare_slot(
    reading: Reading,
    kind: str,
    sentence: str,
    named: Mention,
    facts: ReadPassage,
    others: list[str],
) -> bool:
    """Compare the name the passage puts where the claim names NAMED; False if it has no slot."""
    if named.start is None or named.end is None:
        return False
    filler = slot_filler(sentence, named.start, named.end, facts)
    if filler is None:
        return False
    if not same_place(named.text, filler) and any(same_place(o, filler) for o in others):
        # A name the claim gives elsewhere ("from Freland ... from Upper Norvia") may be the same
        # place said more broadly: no rival, and the passage is read as before.
        return False
    if same_place(named.text, filler):
        variant = [w.fold for w in words(filler)] != [w.fold for w in words(named.text)]
        record(reading, kind, named.text, filler, key=False, variant=variant)
        return True
    # The sentence telling the claim's event names another place where the claim names its
    # own: never support, and a contradiction when the passage is about the same event.
    record(reading, kind, named.text, None, key=False, conflict=filler)
    reading.blocking += 0 if reading.same_event else 1
    return True


def _other_place(sentence: str, place: Mention, facts: ReadPassage) -> str | None:
    """Another name in the place's slot: "a court in X" in the claim, "a court in Y" here."""
    before = words(sentence[max(0, (place.start or 0) - 60) : place.start or 0])
    if len(before) < 2 or before[-1].fold not in _PLACE_PREPOSITIONS or not before[-2].content:
        return None
    other = facts.name_after(before[-2], before[-1])
    if other is None or other.lower() in place.text.lower():
        return None
    return (
        None
        if any(same_name(w.text, other, patronymics=False) for w in words(place.text))
        else other
    )


def compare_negated(reading: Reading, cue: str, verb: str, facts: ReadPassage) -> None:
    """A claim that something was NOT done, against a passage saying it was."""
    for word in facts.words:
        if word.stem == verb and word.past and facts.negation_before(word) is None:
            if reading.same_event:
                reading.conflicts.append({"kind": "negation", "claim": cue, "source": word.text})
            else:
                reading.blocking += 1
            return
