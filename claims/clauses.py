"""Cut a sentence into the facts it states.

A sentence joining independent clauses that are each a claim ("A did X on D1, but B did Y", or
"X said A and the army said B") gives one fact per clause, as do a subject's second anchored
predicate ("... and are insisting ...") and a comma-spliced list of anchored clauses; asides
stating a fact of their own (relative clauses, appositives, dash asides) are cut by ``asides``.
A hedged clause after an unhedged one is cut. Each fact keeps its offsets in the sentence, so a
claim's ``sentence`` stays verbatim. ``anchors`` tells hedges from anchors.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from .anchors import (
    HEDGES,
    blanked,
    claim_end,
    has_anchor,
    has_event_verb,
    inside_quote_or_brackets,
    is_figure,
    mentions_inside,
)
from .asides import (
    closing_fact,
    dash_facts,
    date_appositive_facts,
    participle_facts,
    quoted_sequel_facts,
    relative_facts,
    summary_facts,
)
from .attribution import Attribution
from .facts import MIN_WORDS, Fact, fact_at, masked_span, own_attribution, shift_mention
from .model import Mention

__all__ = [
    "Fact",
    "claim_end",
    "closing_fact",
    "fact_attribution",
    "fact_text",
    "has_event_verb",
    "mentions_inside",
    "split_facts",
]

_COORDINATOR = re.compile(r"(?:,\s*|\s+)(?:and|but|while|whereas)\s+|;\s*")
# The rest of a leading attribution clause ("As X reported earlier this month, ").
_LEAD_IN_END = re.compile(r"[^,;:—–]{0,40},\s*")
# Joins between independent clauses: a bare "and" usually joins names or predicates instead.
_CLAUSE_JOIN = re.compile(r",\s*(?:and|but|while|whereas)\s+|\s+but\s+|;\s*")
_LIST_CLOSING_CLAUSE = re.compile(r",\s+and\s+(?P<subject>I|we|he|she|they)\s+[a-z’']+")
_SPLICED_CLAUSE = re.compile(r",\s+(?=(?P<subject>I|we|he|she|they)\s+[a-z’']+)")
# "and" then an auxiliary and a participle: a second predicate of the same subject.
_PREDICATE_JOIN = re.compile(r"\s+and\s+(?=(?:is|are|was|were|has|have|had)\s+[a-z]+(?:ing|ed)\b)")
_BARE_AND = re.compile(r"\s+and\s+")
# A reporting verb's first "that" clause, maybe after a short object or time ("told reporters
# that", "said on Monday that"), and the further ones coordinated with it.
_FIRST_THAT = re.compile(
    r"\b[a-z]+(?:ed|id|ld|ote|ows|ound)(?:\s+(?!that\b)[\w-]+){0,2}?\s+that\s+"
)
# A demonstrative "that" ("and that is why ...", "and that that ...") opens no new clause: it is
# followed by a verb, an auxiliary or another "that".
_NEXT_THAT = re.compile(
    r"(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)that\s+"
    r"(?!(?:that|is|was|are|were|has|had|have|will|would|could|can|may|might|must|should|"
    r"shall|does|did|do|means|meant|left|led|made|makes|leaves|leads|seems|seemed)\b)"
)
_LEAD_IN_SLACK = 3


def fact_text(sentence: str, fact: Fact, count: int, attribution: Attribution | None) -> str:
    """The words of one fact; a split fact drops the shared lead-in and the final stop."""
    start, end = fact.start, fact.end
    if count > 1 and attribution is not None and attribution.start == start == 0:
        lead = _LEAD_IN_END.match(sentence, attribution.end)
        if lead is not None and lead.end() < end:
            start = max(start, lead.end())
    text = sentence[start:end].strip(" ,;")
    return text.rstrip(".") if count > 1 and not text.endswith("..") else text


def fact_attribution(
    fact: Fact, facts: list[Fact], attribution: Attribution | None
) -> Attribution | None:
    """Who asserts one fact of a sentence: its own speaker, else a lead-in shared by all."""
    if fact.own is not None:
        return fact.own
    if attribution is None or len(facts) == 1:
        return attribution
    holder = next((f for f in facts if f.start <= attribution.start < f.end), None)
    if holder is None or holder is fact:
        return attribution
    # Only a lead-in ("As X reported, A and B") covers the clauses after its own; a relative
    # clause about a speaker ("said X, who resigned") states a fact of its own.
    leads = attribution.start - holder.start <= _LEAD_IN_SLACK
    return attribution if leads and holder.end <= fact.start else None


def split_facts(
    sentence: str, mentions: list[Mention], attribution: Attribution | None, person: str | None
) -> Iterator[Fact]:
    """The sentence's facts: one per coordinated clause when each clause is a claim of its own."""
    dated = _cuts(sentence, mentions, attribution)
    cuts = dated or _clause_cuts(sentence, mentions, attribution, person)
    if not cuts:
        parts = (
            _that_clause_facts(sentence, mentions, attribution, person)
            or _predicate_facts(sentence, mentions, person)
            or dash_facts(sentence, mentions, person)
            or quoted_sequel_facts(sentence, mentions, person)
            or relative_facts(sentence, mentions, person)
            or summary_facts(sentence, mentions, person)
            or date_appositive_facts(sentence, mentions, person)
            or participle_facts(sentence, mentions, person)
            or _spliced_facts(sentence, mentions, person)
        )
        if parts:
            yield from parts
            return
    bounds = [0] + [end for _, end in cuts]
    ends = [start for start, _ in cuts] + [len(sentence)]
    for start, end in zip(bounds, ends, strict=True):
        inside = mentions_inside(mentions, start, end)
        own = own_attribution(sentence, start, end, inside, person) if cuts else None
        yield Fact(start, end, inside, own)


def _cuts(
    sentence: str, mentions: list[Mention], attribution: Attribution | None
) -> list[tuple[int, int]]:
    """Where to cut: a coordinator ("and", "but", ";") between two dates, each side an event."""
    dates = [m for m in mentions if m.kind == "date" and not _within(m, attribution)]
    cuts: list[tuple[int, int]] = []
    previous = 0
    for left, right in zip(dates, dates[1:], strict=False):
        joins = list(_COORDINATOR.finditer(sentence, left.end or 0, right.start or 0))
        if not joins or inside_quote_or_brackets(sentence, joins[-1].start()):
            continue
        cut = (joins[-1].start(), joins[-1].end())
        if re.search(r"[\"“”]", sentence[left.end or 0 : cut[0]]):
            continue  # the first date is inside a quotation the second clause does not share
        if has_event_verb(sentence[previous : cut[0]]) and has_event_verb(sentence[cut[1] :]):
            cuts.append(cut)
            previous = cut[1]
    return cuts


def _clause_cuts(
    sentence: str, mentions: list[Mention], attribution: Attribution | None, person: str | None
) -> list[tuple[int, int]]:
    """Where to cut: ", and", ", but" or ";" between clauses that are each a claim."""
    found = list(_CLAUSE_JOIN.finditer(sentence)) + _speaker_joins(sentence, mentions, person)
    joins = sorted(
        (match.start(), match.end())
        for match in found
        if not inside_quote_or_brackets(sentence, match.start())
        and not (attribution and attribution.start <= match.start() < attribution.end)
    )
    cuts: list[tuple[int, int]] = []
    previous = 0
    for position, join in enumerate(joins):
        following = joins[position + 1][0] if position + 1 < len(joins) else len(sentence)
        left = (previous, join[0])
        right = (join[1], following)
        if all(_is_clause_claim(sentence, span, mentions, person) for span in (left, right)):
            cuts.append(join)
            previous = join[1]
    return cuts


def _spliced_facts(sentence: str, mentions: list[Mention], person: str | None) -> list[Fact]:
    """The anchored clauses of a comma-spliced list that ends ", and <subject> ...".

    "I have used email since 1990, I have accounts on hundreds of services, and I write code":
    the same subject opening each clause shows a list of facts, not a lead-in; clauses with no
    anchor of their own (the code) are no claim.
    """
    closing = _LIST_CLOSING_CLAUSE.search(sentence)
    if closing is None:
        return []
    joins = [
        match.span()
        for match in _SPLICED_CLAUSE.finditer(sentence, 0, closing.start())
        if match["subject"] == closing["subject"]
    ]
    if not joins:
        return []
    joins.append((closing.start(), closing.start("subject")))
    starts = [0] + [end for _, end in joins]
    ends = [start for start, _ in joins] + [len(sentence)]
    facts = [
        fact_at(sentence, mentions, start, end, person)
        for start, end in zip(starts, ends, strict=True)
        if has_anchor(
            sentence[start:end],
            [shift_mention(m, -start) for m in mentions_inside(mentions, start, end)],
        )
    ]
    return facts if len(facts) >= 2 else []


def _predicate_facts(sentence: str, mentions: list[Mention], person: str | None) -> list[Fact]:
    """Split a subject's second predicate ("X are held in A and are insisting B") from the first.

    The second predicate shares the first one's named subject.
    """
    for match in _PREDICATE_JOIN.finditer(sentence):
        if inside_quote_or_brackets(sentence, match.start()):
            continue
        left, right = (0, match.start()), (match.end(), len(sentence))
        subject = [m for m in mentions_inside(mentions, *left) if m.kind in ("person", "org")]
        if not subject:
            continue  # no named subject for both predicates to share
        if all(_is_predicate_claim(sentence, span, mentions, person) for span in (left, right)):
            second = fact_at(sentence, mentions, *right, person)
            return [
                fact_at(sentence, mentions, *left, person),
                replace(second, mentions=subject[:1] + second.mentions),
            ]
    return []


def _that_clause_facts(
    sentence: str, mentions: list[Mention], attribution: Attribution | None, person: str | None
) -> list[Fact]:
    """One fact per "that" clause of "X said that A, that B and that C", each a claim."""
    if attribution is None:
        return []
    first = _FIRST_THAT.search(sentence, attribution.start)
    if first is None or first.start() > attribution.end + 1:
        return []
    joins = [
        (m.start(), m.end())
        for m in _NEXT_THAT.finditer(sentence, first.end())
        if not inside_quote_or_brackets(sentence, m.start())
    ]
    if not joins:
        return []
    starts = [0] + [end for _, end in joins]
    ends = [start for start, _ in joins] + [len(sentence)]
    spans = list(zip(starts, ends, strict=True))
    # The first clause is read without its reporting lead, as the later ones are.
    checked = [(first.end(), ends[0]), *spans[1:]]
    if not all(_is_reported_claim(sentence, span, mentions) for span in checked):
        return []
    facts = [fact_at(sentence, mentions, *span, person) for span in spans]
    # Every clause is what the one reporting verb reports.
    return [facts[0], *(replace(f, own=f.own or attribution) for f in facts[1:])]


def _is_reported_claim(sentence: str, span: tuple[int, int], mentions: list[Mention]) -> bool:
    """True when a reported clause is unhedged and anchored: its verb may be a plain "was"."""
    inside = mentions_inside(mentions, *span)
    text = sentence[span[0] : span[1]]
    if len(text.split()) < MIN_WORDS or HEDGES.search(masked_span(sentence, span, inside)):
        return False
    return has_anchor(text, [shift_mention(m, -span[0]) for m in inside])


def _is_predicate_claim(
    sentence: str, span: tuple[int, int], mentions: list[Mention], person: str | None
) -> bool:
    """True when one predicate of a shared subject is unhedged and has its own anchor."""
    inside = mentions_inside(mentions, *span)
    masked = masked_span(sentence, span, inside)
    if len(masked.split()) < MIN_WORDS or HEDGES.search(masked):
        return False
    if own_attribution(sentence, *span, inside, person) is not None:
        return True
    return any(
        m.kind in ("date", "age", "verdict") or m.kind == "quantity" and is_figure(m)
        for m in inside
    )


def _speaker_joins(
    sentence: str, mentions: list[Mention], person: str | None
) -> list[re.Match[str]]:
    """Bare "and"s opening a second reporting clause ("X said A and the army said B")."""
    joins = []
    for match in _BARE_AND.finditer(sentence):
        inside = mentions_inside(mentions, match.end(), len(sentence))
        own = own_attribution(sentence, match.end(), len(sentence), inside, person)
        if own is not None and own.start - match.end() <= _LEAD_IN_SLACK:
            joins.append(match)
    return joins


def _is_clause_claim(
    sentence: str, span: tuple[int, int], mentions: list[Mention], person: str | None
) -> bool:
    start, end = span
    text = sentence[start:end]
    inside = mentions_inside(mentions, start, end)
    if len(text.split()) < MIN_WORDS or HEDGES.search(masked_span(sentence, span, inside)):
        return False
    if own_attribution(sentence, start, end, inside, person) is not None:
        return True
    shifted = [shift_mention(m, -start) for m in inside]
    return has_anchor(text, shifted) and has_event_verb(blanked(text, shifted))


def _within(mention: Mention, attribution: Attribution | None) -> bool:
    if attribution is None:
        return False
    return attribution.start <= (mention.start or 0) and (mention.end or 0) <= attribution.end
