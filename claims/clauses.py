"""Cut a sentence into the facts it states.

A sentence joining independent clauses that are each a claim ("A did X on D1, but B did Y", or
"X said A and the army said B") gives one fact per clause; a ", who/which ..." clause stating
its own dated or counted event gives a fact of its own about its antecedent, as do a dash aside,
a closing appositive summing up its clause, a date's appositive naming an event, a subject's
second anchored predicate ("... and are insisting ...") and a speaker's words after a lone
dash; a hedged clause after an unhedged one is cut. Each fact keeps its offsets in the
sentence, so a claim's ``sentence`` stays verbatim. ``anchors`` tells hedges from anchors.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

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
from .attribution import Attribution, find_attribution, resolve_pronoun
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
_RELATIVE = re.compile(
    r",\s+(?:(?:an?|the|another|one|his|her|its|their)\s+[^,]{0,60}?\s+)?(?:who|which)\s+"
)
# The end of a relative clause inside the sentence: a comma, then the main clause's verb.
_RELATIVE_END = re.compile(r",\s+(?=[a-z]+(?:s|ed)\b)")
_MAIN_RESUMES = re.compile(
    r",\s+(?:in|on|at|when|after|before|for|with|since|during|until|by|as|while|because)\b"
)
_APPOSITIVE = re.compile(r",\s+(?:an?|the|[a-z])[^,;()]{0,80}")
_EXISTENTIAL = re.compile(r"\b[Tt]here\s+(?:is|are|was|were)\b")
_NOUN_ANTECEDENT = re.compile(r"\b[Tt]he\s+[a-z]+s?\s*$")
_SPEECH_CUE = re.compile(
    r"\b(?:said|says|added|adds|told|argued|stated|announced)(?:\s+(?:in|on|to)\s[^,]{0,30}?)?"
    r"\s+that\b"
)
# A closing "according to X" speaks for the whole sentence, not for the clause it ends.
_CLOSING_SOURCE = re.compile(r"\baccording to\b[^,;]*$", re.IGNORECASE)
# The rest of a leading attribution clause ("As X reported earlier this month, ").
_LEAD_IN_END = re.compile(r"[^,;:—–]{0,40},\s*")
# Joins between independent clauses: a bare "and" usually joins names or predicates instead.
_CLAUSE_JOIN = re.compile(r",\s*(?:and|but|while|whereas)\s+|\s+but\s+|;\s*")
# A dash that opens or closes a parenthetical: an em or en dash, or a spaced double hyphen.
_DASH = re.compile(r"\s*—\s*|\s+[–-]{1,2}\s+")
# ", a decision he announced ...": an appositive summing up the clause before it, whose own
# relative clause has no pronoun.
_SUMMARY = re.compile(r",\s+(?:an?|the)\s+[a-z]+\s+(?:he|she|they|it|we|i)\s+(?=[a-z]+\b)")
# "and" then an auxiliary and a participle: a second predicate of the same subject.
_LIST_CLOSING_CLAUSE = re.compile(r",\s+and\s+(?P<subject>I|we|he|she|they)\s+[a-z’']+")
_SPLICED_CLAUSE = re.compile(r",\s+(?=(?P<subject>I|we|he|she|they)\s+[a-z’']+)")
_PREDICATE_JOIN = re.compile(r"\s+and\s+(?=(?:is|are|was|were|has|have|had)\s+[a-z]+(?:ing|ed)\b)")
# A closing participial clause; reporting participles ("saying") belong to their speaker.
_PARTICIPLE = re.compile(
    r",\s+(?=(?!(?:saying|adding|telling|noting|arguing|claiming|according)\b)[a-z]{3,}ing\s)"
)
_NESTED = re.compile(r"\b(?:that|which|who|whom|whose|when)\b")
_BARE_AND = re.compile(r"\s+and\s+")
_FINITE_VERB = re.compile(r"\b(?:is|are|was|were|has|have|had)\b|\b[a-z]{2,}ed\b")
_OPENING_QUOTE = re.compile(r"[\"“‘']")
_NAMED = ("person", "org", "place")
_LEAD_IN_SLACK = 3
_MIN_WORDS = 4


@dataclass(frozen=True)
class Fact:
    """One fact of a sentence: its span, the mentions inside it and its own speaker."""

    start: int
    end: int
    mentions: list[Mention]
    own: Attribution | None = None


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
            _predicate_facts(sentence, mentions, person)
            or _dash_facts(sentence, mentions, person)
            or _quoted_sequel_facts(sentence, mentions, person)
            or _relative_facts(sentence, mentions, person)
            or _summary_facts(sentence, mentions, person)
            or _date_appositive_facts(sentence, mentions, person)
            or _participle_facts(sentence, mentions, person)
            or _spliced_facts(sentence, mentions, person)
        )
        if parts:
            yield from parts
            return
    bounds = [0] + [end for _, end in cuts]
    ends = [start for start, _ in cuts] + [len(sentence)]
    for start, end in zip(bounds, ends, strict=True):
        inside = mentions_inside(mentions, start, end)
        own = _own_attribution(sentence, start, end, inside, person) if cuts else None
        yield Fact(start, end, inside, own)


def _dash_facts(sentence: str, mentions: list[Mention], person: str | None) -> list[Fact]:
    """Split off a dash parenthetical ("A — with B budgeted in 2020 — C") stating its own fact.

    After a whole clause, the parenthetical is a fact beside it; after a bare subject ("X's
    retirement — revealed 30 hours before the deadline — roiled ..."), it describes that
    subject and keeps it, and the predicate after it becomes a fact sharing the subject.
    """
    dashes = [
        d for d in _DASH.finditer(sentence) if not inside_quote_or_brackets(sentence, d.start())
    ]
    if len(dashes) < 2:
        return []
    opening, closing = dashes[0], dashes[1]
    aside = (opening.end(), closing.start())
    if not _is_aside_claim(sentence, aside, mentions, person):
        return []
    head = sentence[: opening.start()]
    head_mentions = mentions_inside(mentions, 0, opening.start())
    if has_event_verb(blanked(head, head_mentions)):
        if mentions_inside(mentions, closing.end(), len(sentence)):
            return []  # the main clause goes on with facts of its own after the aside
        return [
            _fact(sentence, mentions, 0, opening.start(), person),
            _fact(sentence, mentions, *aside, person),
        ]
    tail = (closing.end(), len(sentence))
    if not sentence[closing.end() : closing.end() + 1].islower():
        return []  # a new subject follows: the head was an adverbial, not the subject
    if not head_mentions or not _is_event_span(sentence, tail, mentions):
        return []
    described = _fact(sentence, mentions, 0, closing.start(), person)
    predicate = _fact(sentence, mentions, *tail, person)
    return [described, replace(predicate, mentions=head_mentions + predicate.mentions)]


def _quoted_sequel_facts(sentence: str, mentions: list[Mention], person: str | None) -> list[Fact]:
    """Cut at a lone dash followed by a speaker's own words ("X did A — "...," he said")."""
    dashes = [
        d for d in _DASH.finditer(sentence) if not inside_quote_or_brackets(sentence, d.start())
    ]
    if len(dashes) != 1:
        return []
    dash = dashes[0]
    if not _is_event_span(sentence, (0, dash.start()), mentions):
        return []
    named = [m for m in mentions_inside(mentions, 0, dash.start()) if m.kind == "person"]
    speaker = str(named[-1].value or named[-1].text) if named else person
    sequel = _fact(sentence, mentions, dash.end(), len(sentence), speaker)
    if sequel.own is None or not _OPENING_QUOTE.match(sentence, dash.end()):
        return []
    return [_fact(sentence, mentions, 0, dash.start(), person), sequel]


def _is_aside_claim(
    sentence: str, span: tuple[int, int], mentions: list[Mention], person: str | None
) -> bool:
    """True when a parenthetical states an event with its own date, figure or speaker."""
    if not _is_event_span(sentence, span, mentions, _MIN_WORDS - 1):
        return False
    return _is_relative_claim(sentence, span, mentions, person)


def _is_event_span(
    sentence: str, span: tuple[int, int], mentions: list[Mention], min_words: int = _MIN_WORDS
) -> bool:
    """True when a stretch of the sentence states, unhedged, that something happened."""
    masked = _masked_span(sentence, span, mentions_inside(mentions, *span))
    if len(masked.split()) < min_words or HEDGES.search(masked):
        return False
    return has_event_verb(masked)


def _summary_facts(sentence: str, mentions: list[Mention], person: str | None) -> list[Fact]:
    """Split off a closing ", a decision he announced on May 2" summing up the clause before."""
    match = _SUMMARY.search(sentence)
    if match is None or inside_quote_or_brackets(sentence, match.start()):
        return []
    summary = (match.start() + 1, len(sentence))
    if not mentions_inside(mentions, 0, match.start()):
        return []
    if not _is_aside_claim(sentence, summary, mentions, person):
        return []
    return [
        _fact(sentence, mentions, 0, match.start(), person),
        _fact(sentence, mentions, match.start() + 1, len(sentence), person),
    ]


def _date_appositive_facts(
    sentence: str, mentions: list[Mention], person: str | None
) -> list[Fact]:
    """Split off a date's closing appositive naming its own event ("on May 2, the day X won")."""
    for date in (m for m in mentions if m.kind == "date"):
        comma = re.match(r",\s+(?:an?|the)\s", sentence[date.end or 0 :])
        if comma is None or inside_quote_or_brackets(sentence, date.start or 0):
            continue
        head = (0, date.start or 0)
        if not has_event_verb(_masked_span(sentence, head, mentions_inside(mentions, *head))):
            continue  # the date closes a leading adverbial; the main clause follows it
        start = (date.end or 0) + comma.end()
        if "," in sentence[start:]:
            continue  # not the sentence's closing phrase
        named = [m for m in mentions_inside(mentions, start, len(sentence)) if m.kind != "date"]
        if not named or not _is_event_span(sentence, (start, len(sentence)), mentions, 1):
            continue
        return [
            _fact(sentence, mentions, 0, date.end or 0, person),
            _fact(sentence, mentions, date.start or 0, len(sentence), person),
        ]
    return []


def _participle_facts(sentence: str, mentions: list[Mention], person: str | None) -> list[Fact]:
    """Split off a closing ", culminating in X on May 2" that dates an event of its own."""
    for match in _PARTICIPLE.finditer(sentence):
        if inside_quote_or_brackets(sentence, match.start()) or "," in sentence[match.end() :]:
            continue
        clause = (match.end(), len(sentence))
        dates = [m for m in mentions_inside(mentions, *clause) if m.kind == "date"]
        if not dates or _NESTED.search(sentence, match.end(), dates[0].start or 0):
            continue  # undated, or dated inside a nested clause ("ending a case that began in May")
        if not _is_event_span(sentence, (0, match.start()), mentions):
            continue
        return [
            _fact(sentence, mentions, 0, match.start(), person),
            _fact(sentence, mentions, *clause, person),
        ]
    return []


def _relative_facts(sentence: str, mentions: list[Mention], person: str | None) -> list[Fact]:
    """Split off a ", who/which ..." clause about a named antecedent that states its own fact.

    The relative clause keeps its antecedent ("X, who resigned on May 2"); a hedged one ("who
    appears to be ...") is cut from the claim instead.
    """
    for match in _RELATIVE.finditer(sentence):
        if inside_quote_or_brackets(sentence, match.start()):
            continue
        antecedent = _antecedent(sentence, mentions, match.start())
        if antecedent is None:
            parts = _clause_relative_facts(sentence, mentions, match, person)
            if parts:
                return parts
            continue
        closing = _relative_end(sentence, mentions, match.end())
        if _RELATIVE.search(sentence, match.end()):
            continue  # clauses nested in clauses: no clean cut
        if _MAIN_RESUMES.search(
            sentence, match.end(), closing.start() if closing else len(sentence)
        ):
            continue  # the main clause goes on after it ("X, which ..., in 2012 when ...")
        end = closing.start() if closing else len(sentence)
        clause = (match.start(), end)
        inside = mentions_inside(mentions, *clause)
        if HEDGES.search(_masked_span(sentence, clause, inside)):
            if closing is None:
                return [Fact(0, match.start(), mentions_inside(mentions, 0, match.start()))]
            continue
        if not _is_relative_claim(sentence, (match.end(), end), mentions, person):
            continue
        related = _fact(sentence, mentions, antecedent, end, person)
        if closing is not None:
            main = _fact(sentence, mentions, closing.end(), len(sentence), person)
            return [related, replace(main, mentions=_shared(mentions, antecedent, main))]
        return [_main_fact(sentence, mentions, match, antecedent, person), related]
    return []


def _main_fact(
    sentence: str,
    mentions: list[Mention],
    match: re.Match[str],
    antecedent: int,
    person: str | None,
) -> Fact:
    """What a sentence asserts besides its closing relative clause.

    An existential frame ("there is little affection for X, a Y who ...") states no fact of its
    own: the fact is the antecedent as described, with its modifiers and appositive.
    """
    if not _EXISTENTIAL.search(sentence, 0, antecedent):
        return _fact(sentence, mentions, 0, match.start(), person)
    start = antecedent
    for mention in mentions:
        if mention.kind == "age" and mention.end is not None and 0 <= antecedent - mention.end <= 1:
            start = mention.start or start
    end = match.end() - len(match.group(0).rstrip().split()[-1]) - 1
    return _fact(sentence, mentions, start, end, person)


def _relative_end(sentence: str, mentions: list[Mention], start: int) -> re.Match[str] | None:
    """The comma that ends a relative clause, skipping one that closes a name set off by commas."""
    closing = _RELATIVE_END.search(sentence, start)
    while closing is not None and _closes_name_aside(sentence, mentions, start, closing.start()):
        # "who wed as his first wife, Sally, was dying": the comma after "Sally" ends the aside.
        closing = _RELATIVE_END.search(sentence, closing.end())
    return closing


def _closes_name_aside(sentence: str, mentions: list[Mention], start: int, comma: int) -> bool:
    opening = sentence.rfind(",", start, comma)
    if opening < 0:
        return False
    aside = sentence[opening + 1 : comma].strip()
    return any(m.kind == "person" and m.text == aside for m in mentions)


def closing_fact(sentence: str, mentions: list[Mention], person: str | None) -> Fact | None:
    """The closing ", who ..." fact of a sentence asserting nothing else ("X, who led Y")."""
    facts = _relative_facts(sentence, mentions, person)
    if len(facts) != 2 or facts[1].end != len(sentence) or facts[1].start <= facts[0].start:
        return None
    return facts[1]


def _clause_relative_facts(
    sentence: str, mentions: list[Mention], match: re.Match[str], person: str | None
) -> list[Fact]:
    """Split a closing ", which ..." about a whole clause when each side has its own figure."""
    if match.group(0).rstrip().split()[-1] != "which" or _RELATIVE.search(sentence, match.end()):
        return []
    main, clause = (0, match.start()), (match.start() + 1, len(sentence))
    if not all(_has_figure(mentions_inside(mentions, *span)) for span in (main, clause)):
        return []
    if not _FINITE_VERB.search(_masked_span(sentence, main, mentions_inside(mentions, *main))):
        return []  # a leading adverbial ("Last May, which was mild, ..."), not a clause
    return [_fact(sentence, mentions, *main, person), _fact(sentence, mentions, *clause, person)]


def _has_figure(mentions: list[Mention]) -> bool:
    return any(m.kind == "date" or (m.kind == "quantity" and is_figure(m)) for m in mentions)


def _fact(sentence: str, mentions: list[Mention], start: int, end: int, person: str | None) -> Fact:
    inside = mentions_inside(mentions, start, end)
    return Fact(start, end, inside, _own_attribution(sentence, start, end, inside, person))


def _shared(mentions: list[Mention], antecedent: int, fact: Fact) -> list[Mention]:
    """A clause's mentions plus its subject's name, which it shares with the relative clause."""
    subject = [m for m in mentions if m.start == antecedent]
    return subject + fact.mentions


def _antecedent(sentence: str, mentions: list[Mention], comma: int) -> int | None:
    """Where the named person or organization a relative clause describes starts, if any."""
    for mention in reversed([m for m in mentions if m.kind in ("person", "org")]):
        if (mention.end or 0) > comma:
            continue
        gap = sentence[mention.end : comma]
        if not gap.strip() or _APPOSITIVE.fullmatch(gap):
            return mention.start
        break
    noun = _NOUN_ANTECEDENT.search(sentence, 0, comma)
    return noun.start() if noun else None


def _is_relative_claim(
    sentence: str, span: tuple[int, int], mentions: list[Mention], person: str | None
) -> bool:
    start, end = span
    inside = mentions_inside(mentions, start, end)
    own = _own_attribution(sentence, start, end, inside, person)
    if own is not None and not _CLOSING_SOURCE.search(sentence, own.start, end):
        return True
    if _SPEECH_CUE.search(sentence, start, end):
        return True
    shifted = [_shifted(m, -start) for m in inside]
    anchors = [m for m in shifted if m.kind == "date" or (m.kind == "quantity" and is_figure(m))]
    return bool(anchors)


def _own_attribution(
    sentence: str, start: int, end: int, mentions: list[Mention], person: str | None
) -> Attribution | None:
    """The attribution a clause states itself, with its offsets in the whole sentence."""
    shifted = [_shifted(m, -start) for m in mentions]
    found = resolve_pronoun(find_attribution(sentence[start:end], shifted), shifted, person)
    if found is None or not found.named:
        return None
    return replace(found, start=found.start + start, end=found.end + start)


def _shifted(mention: Mention, offset: int) -> Mention:
    return replace(mention, start=(mention.start or 0) + offset, end=(mention.end or 0) + offset)


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
        _fact(sentence, mentions, start, end, person)
        for start, end in zip(starts, ends, strict=True)
        if has_anchor(
            sentence[start:end],
            [_shifted(m, -start) for m in mentions_inside(mentions, start, end)],
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
            second = _fact(sentence, mentions, *right, person)
            return [
                _fact(sentence, mentions, *left, person),
                replace(second, mentions=subject[:1] + second.mentions),
            ]
    return []


def _is_predicate_claim(
    sentence: str, span: tuple[int, int], mentions: list[Mention], person: str | None
) -> bool:
    """True when one predicate of a shared subject is unhedged and has its own anchor."""
    inside = mentions_inside(mentions, *span)
    masked = _masked_span(sentence, span, inside)
    if len(masked.split()) < _MIN_WORDS or HEDGES.search(masked):
        return False
    if _own_attribution(sentence, *span, inside, person) is not None:
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
        own = _own_attribution(sentence, match.end(), len(sentence), inside, person)
        if own is not None and own.start - match.end() <= _LEAD_IN_SLACK:
            joins.append(match)
    return joins


def _is_clause_claim(
    sentence: str, span: tuple[int, int], mentions: list[Mention], person: str | None
) -> bool:
    start, end = span
    text = sentence[start:end]
    inside = mentions_inside(mentions, start, end)
    if len(text.split()) < _MIN_WORDS or HEDGES.search(_masked_span(sentence, span, inside)):
        return False
    if _own_attribution(sentence, start, end, inside, person) is not None:
        return True
    shifted = [_shifted(m, -start) for m in inside]
    return has_anchor(text, shifted) and has_event_verb(blanked(text, shifted))


def _masked_span(sentence: str, span: tuple[int, int], mentions: list[Mention]) -> str:
    return blanked(sentence, mentions)[span[0] : span[1]]


def _within(mention: Mention, attribution: Attribution | None) -> bool:
    if attribution is None:
        return False
    return attribution.start <= (mention.start or 0) and (mention.end or 0) <= attribution.end
