"""Check each claim against the archived text of its sources, passage by passage.

For every capture a claim cites, the source text is cut into passages, the passages sharing
most words with the claim are compared with its key mentions (dates, ages, quantities, verdict,
people), and one Evidence says whether a passage supports the claim, contradicts it about the
same event, bears on nothing in it, or could not be read at all.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from .claimprofile import Person, Profile, claim_profile, quantity_context
from .comparisons import (
    Reading,
    compare_age,
    compare_date,
    compare_figures,
    compare_name,
    compare_negated,
    compare_organization,
    compare_place,
    compare_quantity,
    compare_verdict,
    record,
    same_outcome,
)
from .mentions import find_mentions
from .model import Claim, Evidence, Mention, SourceText
from .namematch import NameMatch, find_name
from .passages import (
    Passage,
    ReadPassage,
    best_passages,
    passages_of,
    rank_candidates,
    read_passage,
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
# The closest passage is still shown for a claim not found when it shares this much.
SHOW_CLOSEST = 0.3
# Neighbouring paragraphs are read together when a fact is split across them.
MERGED_CHARS = 1500


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
    reference = day_of(source.published)
    readings = _readings(profile, candidates, passages, reference)
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


def _readings(
    profile: Profile,
    candidates: list[tuple[Passage, float, bool]],
    passages: list[Passage],
    reference: datetime.date | None,
) -> list[Reading]:
    """The candidates compared with the claim; neighbours read together only when they matter."""
    readings = [
        _read(profile, passage, relevance, merged, reference)
        for passage, relevance, merged in candidates
        if not merged
    ]
    # A single paragraph giving exact support is chosen before any two read together.
    if any(r.exact and r.supports(profile) for r in readings):
        return readings
    return readings + [
        _read(profile, passage, relevance, merged, reference, _parts(passage, passages, merged))
        for passage, relevance, merged in candidates
        if merged
    ]


def _query_words(profile: Profile) -> list[str]:
    """The claim's words as written and as stemmed here, for a full-text index's own stemmer."""
    claim_words = words(profile.claim.text or profile.claim.sentence)
    return sorted(profile.terms | {w.fold for w in claim_words if w.content})


def _decide(profile: Profile, readings: list[Reading]) -> tuple[str, Reading | None]:
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


def _score(status: str, reading: Reading) -> float:
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


def day_of(value: str | None) -> datetime.date | None:
    """The day of an ISO date or timestamp; None for a missing or partial one ("2019-10")."""
    try:
        return datetime.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _read(
    profile: Profile,
    passage: Passage,
    relevance: float,
    merged: bool,
    reference: datetime.date | None = None,
    parts: tuple[Passage, ...] = (),
) -> Reading:
    facts = (
        _merged_facts(passage, parts, reference) if parts else _passage_facts(passage, reference)
    )
    reading = Reading(passage, relevance, merged)
    shared = profile.event & facts.stems
    reading.shared = len(shared)
    reading.overlap = len(shared) / len(profile.event) if profile.event else 0.0
    named = [_person_named(person, facts) for person in profile.people]
    reading.same_event = _same_event(profile, facts, len(shared), reading.overlap, any(named))
    for person, match in zip(profile.people, named, strict=True):
        source, variant = (match.source, match.variant) if match else (None, False)
        record(reading, "person", person.name, source, key=True, variant=variant)
    for claimed in profile.dates:
        compare_date(reading, claimed, profile, facts)
    for age, owner in profile.ages:
        compare_age(reading, age, owner, facts)
    for quantity, unit in profile.quantities:
        context = quantity_context(quantity, profile.claim.sentence, profile.event)
        compare_quantity(reading, quantity, unit, facts, context, profile.claim.sentence)
    for verdict in profile.verdicts:
        compare_verdict(reading, verdict, facts)
    for place in profile.places:
        compare_place(reading, profile.claim.sentence, place, facts, _other_names(profile, place))
    for organization in profile.organizations:
        others = _other_names(profile, organization)
        compare_organization(reading, profile.claim.sentence, organization, facts, others)
    for name in profile.unread_names:
        compare_name(reading, profile.claim.sentence, name, facts, _other_names(profile, name))
    for cue, verb in profile.negated:
        compare_negated(reading, cue, verb, facts)
    if not reading.conflicts:
        compare_figures(reading, profile, facts)
    return reading


# Every claim citing a capture reads the same candidate passages: what a passage says does not
# depend on the claim, so it is read once (a large article's sources hold ~10,000 passages).
PASSAGES_REMEMBERED = 16384


@functools.lru_cache(maxsize=PASSAGES_REMEMBERED)
def _passage_facts(passage: Passage, reference: datetime.date | None) -> ReadPassage:
    """A passage's words and mentions, read once; its relative dates count from REFERENCE."""
    return read_passage(passage, find_mentions(passage.text, reference))


def _other_names(profile: Profile, named: Mention) -> list[str]:
    """The claim's other places and organizations, beside one of them."""
    named_too = profile.places + profile.organizations + profile.unread_names
    return [m.text for m in named_too if m is not named]


def _parts(passage: Passage, passages: list[Passage], merged: bool) -> tuple[Passage, ...]:
    """The passages two neighbours read together are made of; none for a single passage."""
    if not merged:
        return ()
    return tuple(p for p in passages if passage.start <= p.start and p.end <= passage.end)


def _merged_facts(
    passage: Passage, parts: tuple[Passage, ...], reference: datetime.date | None
) -> ReadPassage:
    """Two neighbours read together, from what each says alone (read once, for every claim)."""
    mentions = [
        replace(m, start=m.start + shift, end=m.end + shift)
        if m.start is not None and m.end is not None
        else m
        for part in parts
        for shift in (part.start - passage.start,)
        for m in _passage_facts(part, reference).mentions
    ]
    return read_passage(passage, mentions)


def _same_event(
    profile: Profile, facts: ReadPassage, shared: int, overlap: float, people_present: bool
) -> bool:
    """True when the passage tells of the claim's event: its words, its outcome, its people."""
    if not profile.event:
        return False
    if shared < min(2, len(profile.event)) or overlap < SAME_EVENT_OVERLAP:
        return False
    if not same_outcome(profile, facts):
        return False
    return people_present or not profile.people


def _person_named(person: Person, facts: ReadPassage) -> NameMatch | None:
    """How the passage names a person: surname alone or with given names, in any spelling."""
    # A name is capitalized: "Green" names Bill Green, "green" does not.
    return find_name(person.name, facts.passage.text, facts.words)
