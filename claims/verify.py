"""Check each claim against the archived text of its sources, passage by passage.

For every capture a claim cites, the source text is cut into passages, the passages sharing
most words with the claim are compared with its key mentions (dates, ages, quantities, verdict,
people), and one Evidence says whether a passage supports the claim, contradicts it about the
same event, bears on nothing in it, or could not be read at all.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .claimprofile import (
    CONTEXT_WORDS,
    QUANTITY,
    Person,
    Profile,
    Range,
    claim_profile,
    likely_range,
    quantity_context,
    quantity_range,
    small_count,
    unit_of,
)
from .mentions import find_mentions
from .model import Claim, Evidence, Mention, SourceText
from .namematch import NameMatch, find_name, same_name
from .passages import (
    Dated,
    Passage,
    ReadPassage,
    best_passages,
    passages_of,
    rank_candidates,
    read_passage,
    stem,
    words,
)

CANDIDATES = 5
# A full-text index proposes this many passages; relevance then keeps the CANDIDATES best.
# Its stemmer is not ours ("denial" and "denied" differ there), hence a wider net.
INDEX_POOL = 4 * CANDIDATES
Ranker = Callable[[int, list[str], int], list[int]]
"""(capture id, query words, limit) -> indices in split_passages(text) of the best passages."""

# Share of the claim's event words (its verbs and nouns, without names, dates or numbers) a
# passage must repeat to be about the same event; below it, different dates are no discrepancy.
SAME_EVENT_OVERLAP = 0.34
# A passage that repeats this share (and at least MIN_SHARED_UNANCHORED) of the event words
# supports a claim with no date or number to anchor it; anchored claims need MIN_SUPPORT_OVERLAP.
SUPPORT_OVERLAP = 0.5
MIN_SHARED_UNANCHORED = 3
MIN_SUPPORT_OVERLAP = 0.2
# Share of the words saying what a rounded or bounded figure counts that a source's figure
# must repeat to be a count of the same thing.
SAME_COUNT_WORDS = 0.5
# The closest passage is still shown for a claim not found when it shares this much.
SHOW_CLOSEST = 0.3
# Neighbouring paragraphs are read together when a fact is split across them.
MERGED_CHARS = 1500

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
_PLACE_PREPOSITIONS = frozenset({"in", "at", "near", "outside"})


def verify_claim(
    claim: Claim, sources: list[SourceText], rank: Ranker | None = None
) -> list[Evidence]:
    """One Evidence per source text, in order: what that capture says about the claim.

    RANK, when given, proposes each capture's candidate passages (a full-text index); without
    it every passage of the text is ranked here.
    """
    profile = claim_profile(claim)
    evidence: list[Evidence] = []
    read: set[int] = set()
    for source in sources:
        # A source cited twice (by a link and by an attribution) is one capture, read once.
        if source.capture_id not in read:
            read.add(source.capture_id)
            evidence.append(_verify_source(profile, source, rank))
    return evidence


def aggregate_status(evidence: list[Evidence]) -> str:
    """A claim's overall status from its evidence: one discrepancy outweighs any support."""
    if not evidence:
        return "unchecked"
    statuses = {e.status for e in evidence}
    if statuses == {"unavailable"}:
        return "unavailable"
    for status in ("discrepancy", "supported"):
        if status in statuses:
            return status
    return "not_found"


# --- reading one source -----------------------------------------------------------------


@dataclass
class _Reading:
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
        # A contradiction is stated in one paragraph: two read together may mix two stories.
        return self.same_event and bool(self.conflicts) and not self.merged

    def quality(self) -> float:
        return 0.5 * self.relevance + 0.5 * self.overlap


def _verify_source(profile: Profile, source: SourceText, rank: Ranker | None = None) -> Evidence:
    if not source.ok:
        return Evidence(source.capture_id, "unavailable", None, 0.0, {})
    passages = passages_of(source.text)
    if rank is None:
        candidates = best_passages(profile.terms, source.text, passages, CANDIDATES, MERGED_CHARS)
    else:
        chosen = rank(source.capture_id, _query_words(profile), INDEX_POOL)
        candidates = rank_candidates(
            profile.terms, source.text, passages, chosen, CANDIDATES, MERGED_CHARS
        )
    reference = _day(source.published)
    readings = [_read(profile, *candidate, reference) for candidate in candidates]
    status, deciding = _decide(profile, readings)
    if deciding is None:
        details: dict[str, Any] = {"matched": [], "missing": _all_missing(profile), "conflicts": []}
        return Evidence(source.capture_id, "not_found", None, 0.0, details)
    details = {
        "matched": deciding.matched,
        "missing": deciding.missing,
        "conflicts": deciding.conflicts if status == "discrepancy" else [],
        "start": deciding.passage.start,
        "end": deciding.passage.end,
    }
    return Evidence(
        source.capture_id, status, deciding.passage.text, _score(status, deciding), details
    )


def _query_words(profile: Profile) -> list[str]:
    """The claim's words as written and as stemmed here, for a full-text index's own stemmer."""
    claim_words = words(profile.claim.text or profile.claim.sentence)
    return sorted(profile.terms | {w.fold for w in claim_words if w.content})


def _decide(profile: Profile, readings: list[_Reading]) -> tuple[str, _Reading | None]:
    """The status and deciding passage: exact support, then discrepancy, then looser support."""
    supporting = [r for r in readings if r.supports(profile)]
    exact = [r for r in supporting if r.exact]
    contradicting = [r for r in readings if r.contradicts()]
    for status, group in (
        ("supported", exact),
        ("discrepancy", contradicting),
        ("supported", supporting),
    ):
        if group:
            # A single paragraph is a clearer citation than two read together.
            return status, max(group, key=lambda r: (not r.merged, r.quality()))
    closest = max(readings, key=lambda r: r.relevance, default=None)
    if closest is not None and closest.relevance >= SHOW_CLOSEST:
        return "not_found", closest
    return "not_found", None


def _score(status: str, reading: _Reading) -> float:
    """How strongly the deciding passage bears on the claim, in 0..1."""
    if status == "supported":
        score = 0.5 + 0.5 * reading.quality() * (1.0 if reading.exact else 0.8)
    elif status == "discrepancy":
        score = 0.5 + 0.5 * reading.quality()
    else:
        score = 0.5 * reading.relevance
    return round(min(1.0, max(0.0, score)), 4)


def _all_missing(profile: Profile) -> list[dict[str, Any]]:
    missing: list[dict[str, Any]] = [{"kind": "date", "claim": d.label} for d in profile.dates]
    missing += [{"kind": "age", "claim": m.value} for m, _ in profile.ages]
    missing += [{"kind": "quantity", "claim": m.value} for m, _ in profile.quantities]
    missing += [{"kind": "verdict", "claim": m.value or m.text} for m in profile.verdicts]
    missing += [{"kind": "person", "claim": p.name} for p in profile.people]
    return missing


# --- comparing the claim with one passage ------------------------------------------------


def _day(published: str | None) -> datetime.date | None:
    """The day a source was published (from its own metadata), to read its relative dates."""
    try:
        return datetime.date.fromisoformat(published[:10]) if published else None
    except ValueError:
        return None


def _read(
    profile: Profile,
    passage: Passage,
    relevance: float,
    merged: bool,
    reference: datetime.date | None = None,
) -> _Reading:
    # A source's relative dates ("earlier this month") count from the source's own date.
    facts = read_passage(passage, find_mentions(passage.text, reference))
    reading = _Reading(passage, relevance, merged)
    shared = profile.event & facts.stems
    reading.shared = len(shared)
    reading.overlap = len(shared) / len(profile.event) if profile.event else 0.0
    named = [_person_named(person, facts) for person in profile.people]
    reading.same_event = _same_event(profile, facts, len(shared), reading.overlap, any(named))
    for person, match in zip(profile.people, named, strict=True):
        source, variant = (match.source, match.variant) if match else (None, False)
        _record(reading, "person", person.name, source, key=True, variant=variant)
    for claimed in profile.dates:
        _compare_date(reading, claimed, profile, facts)
    for age, owner in profile.ages:
        _compare_age(reading, age, owner, facts)
    for quantity, unit in profile.quantities:
        context = quantity_context(quantity, profile.claim.sentence, profile.event)
        _compare_quantity(reading, quantity, unit, facts, context)
    for verdict in profile.verdicts:
        _compare_verdict(reading, verdict, facts)
    for place in profile.places:
        _compare_place(reading, profile.claim.sentence, place, facts)
    for cue, verb in profile.negated:
        _compare_negated(reading, cue, verb, facts)
    return reading


def _same_event(
    profile: Profile, facts: ReadPassage, shared: int, overlap: float, people_present: bool
) -> bool:
    """True when the passage tells of the claim's event: its words, its outcome, its people."""
    if not profile.event:
        return False
    if shared < min(2, len(profile.event)) or overlap < SAME_EVENT_OVERLAP:
        return False
    if not _same_outcome(profile, facts):
        return False
    return people_present or not profile.people


def _same_outcome(profile: Profile, facts: ReadPassage) -> bool:
    """False when the passage reports only other outcomes: an arrest is not a conviction."""
    claimed = {str(m.value).removeprefix("not ") for m in profile.verdicts}
    found = {str(m.value).removeprefix("not ") for m in facts.mentions if m.kind == "verdict"}
    if not claimed or not found:
        return True
    return bool(claimed.union(*(_OPPOSITES.get(c, set()) for c in claimed)) & found)


def _person_named(person: Person, facts: ReadPassage) -> NameMatch | None:
    """How the passage names a person: surname alone or with given names, in any spelling."""
    # A name is capitalized: "Green" names Bill Green, "green" does not.
    return find_name(person.name, facts.passage.text, facts.words)


def _record(
    reading: _Reading,
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


def _compare_date(reading: _Reading, claimed: Dated, profile: Profile, facts: ReadPassage) -> None:
    dates = facts.absolute_dates(claimed.first.year)
    about = profile.event | profile.names
    agreeing = [
        d for d in dates if d.overlaps(claimed) and (not about or facts.near(d.mention) & about)
    ]
    if agreeing:
        best = min(agreeing, key=lambda d: d.last - d.first)
        if not (claimed.first <= best.first and best.last <= claimed.last):
            reading.exact = False
        _record(reading, "date", claimed.label, best.mention.text, key=True)
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
    _record(reading, "date", claimed.label, echo, key=True, conflict=conflict)


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


def _compare_age(reading: _Reading, age: Mention, owner: Person | None, facts: ReadPassage) -> None:
    ages = [m for m in facts.mentions if m.kind == "age"]
    described = next((m for m in ages if owner and _describes(facts.name_near(m), owner)), None)
    if described is not None:
        # The same person's age settles it, whatever other ages the passage gives.
        agrees = described.value == age.value
        source, conflict = (described.text, None) if agrees else (None, described.value)
    else:
        same = next((m for m in ages if m.value == age.value), None)
        source, conflict = (same.text if same else None), None
    _record(reading, "age", age.value, source, key=True, conflict=conflict)


def _compare_quantity(
    reading: _Reading,
    quantity: Mention,
    unit: str | None,
    facts: ReadPassage,
    context: frozenset[str],
) -> None:
    claimed = QUANTITY.match(str(quantity.value))
    assert claimed is not None  # the profile keeps only quantities it can read
    counts = [(m, QUANTITY.match(str(m.value))) for m in facts.mentions if m.kind == "quantity"]
    read = [(m, c) for m, c in counts if c is not None]
    # "more than 1,200 people" and "1,200 people" agree, as does "1.2 million" with "more
    # than a million"; a figure of the same thing the claim's range excludes contradicts it.
    same = next((m for m, c in read if c["amount"] == claimed["amount"]), None)
    ranged = [(m, quantity_range(m.value)) for m, _ in read if unit and unit_of(m) == unit]
    allowed = quantity_range(quantity.value)
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
    _record(reading, "quantity", quantity.value, source, key=key, conflict=conflict)


def _counts_same(
    found: Mention, figure: Range, allowed: Range, facts: ReadPassage, context: frozenset[str]
) -> bool:
    """True when a figure counts what the claim's does: two exact figures, or the same words."""
    if figure.exact and allowed.exact:
        return True
    # A rounded or bounded figure is common; only most of the claim's words for what it counts
    # ("miles of natural gas lines", not just "line") make it the same count.
    shared = facts.near(found, CONTEXT_WORDS) & context
    return bool(shared) and len(shared) >= SAME_COUNT_WORDS * len(context)


def _compare_verdict(reading: _Reading, verdict: Mention, facts: ReadPassage) -> None:
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
    _record(reading, "verdict", claimed, same, key=False, conflict=conflict)


def _describes(surname: str | None, owner: Person) -> bool:
    """True when the name beside an age is its owner's, in any spelling."""
    return surname is not None and same_name(owner.surname, surname)


def _compare_place(reading: _Reading, sentence: str, place: Mention, facts: ReadPassage) -> None:
    """The same place in any spelling agrees; another name in its slot contradicts."""
    tokens = [w.fold for w in words(place.text)]
    if facts.all_present(tokens):
        _record(reading, "place", place.text, place.text, key=False)
        return
    # A place has no patronymic: "Almaty" is no shortened "Almatyuly".
    spelled = find_name(place.text, facts.passage.text, facts.words, whole=True, patronymics=False)
    if spelled is not None:
        _record(reading, "place", place.text, spelled.source, key=False, variant=spelled.variant)
        return
    other = _other_place(sentence, place, facts)
    _record(reading, "place", place.text, None, key=False, conflict=other)


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


def _compare_negated(reading: _Reading, cue: str, verb: str, facts: ReadPassage) -> None:
    """A claim that something was NOT done, against a passage saying it was."""
    for word in facts.words:
        if word.stem == verb and word.past and facts.negation_before(word) is None:
            if reading.same_event:
                reading.conflicts.append({"kind": "negation", "claim": cue, "source": word.text})
            else:
                reading.blocking += 1
            return
