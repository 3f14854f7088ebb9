"""Asides of a sentence that state a fact of their own.

A ", who/which ..." clause stating its own dated or counted event gives a fact about its
antecedent, as do a dash aside, a closing appositive summing up its clause, a date's appositive
naming an event, a closing participial clause with its own date and a speaker's words after a
lone dash. Each function returns the sentence's facts, or an empty list when its aside is absent.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .anchors import (
    HEDGES,
    blanked,
    has_event_verb,
    inside_quote_or_brackets,
    is_figure,
    mentions_inside,
)
from .facts import MIN_WORDS, Fact, fact_at, masked_span, own_attribution, shift_mention
from .model import Mention

__all__ = [
    "closing_fact",
    "dash_facts",
    "date_appositive_facts",
    "participle_facts",
    "quoted_sequel_facts",
    "relative_facts",
    "summary_facts",
]

_RELATIVE = re.compile(
    r",\s+(?:(?:an?|the|another|one|his|her|its|their)\s+[^,]{0,60}?\s+)?(?:who|which)\s+"
)
# The end of a relative clause inside the sentence: a comma, then the main clause's verb.
_RELATIVE_END = re.compile(r",\s+(?=[a-z]+(?:s|ed)\b)")
# A subordinate clause opening on its subject: "while her brother", "because the judge".
_SUBORDINATE_SUBJECT = re.compile(
    r"\b(?:while|when|as|after|before|because|since|although|though|until|whereas|once)\s+"
    r"(?:[\w’'-]+\s+){0,2}[\w’'-]+$"
)
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
# A dash that opens or closes a parenthetical: an em or en dash, or a spaced double hyphen.
_DASH = re.compile(r"\s*—\s*|\s+[–-]{1,2}\s+")
# ", a decision he announced ...": an appositive summing up the clause before it, whose own
# relative clause has no pronoun.
_SUMMARY = re.compile(r",\s+(?:an?|the)\s+[a-z]+\s+(?:he|she|they|it|we|i)\s+(?=[a-z]+\b)")
# A closing participial clause; reporting participles ("saying") belong to their speaker.
_PARTICIPLE = re.compile(
    r",\s+(?=(?!(?:saying|adding|telling|noting|arguing|claiming|according)\b)[a-z]{3,}ing\s)"
)
_NESTED = re.compile(r"\b(?:that|which|who|whom|whose|when)\b")
_FINITE_VERB = re.compile(r"\b(?:is|are|was|were|has|have|had)\b|\b[a-z]{2,}ed\b")
_OPENING_QUOTE = re.compile(r"[\"“‘']")


def dash_facts(sentence: str, mentions: list[Mention], person: str | None) -> list[Fact]:
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
            fact_at(sentence, mentions, 0, opening.start(), person),
            fact_at(sentence, mentions, *aside, person),
        ]
    tail = (closing.end(), len(sentence))
    if not sentence[closing.end() : closing.end() + 1].islower():
        return []  # a new subject follows: the head was an adverbial, not the subject
    if not head_mentions or not _is_event_span(sentence, tail, mentions):
        return []
    described = fact_at(sentence, mentions, 0, closing.start(), person)
    predicate = fact_at(sentence, mentions, *tail, person)
    return [described, replace(predicate, mentions=head_mentions + predicate.mentions)]


def quoted_sequel_facts(sentence: str, mentions: list[Mention], person: str | None) -> list[Fact]:
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
    sequel = fact_at(sentence, mentions, dash.end(), len(sentence), speaker)
    if sequel.own is None or not _OPENING_QUOTE.match(sentence, dash.end()):
        return []
    return [fact_at(sentence, mentions, 0, dash.start(), person), sequel]


def _is_aside_claim(
    sentence: str, span: tuple[int, int], mentions: list[Mention], person: str | None
) -> bool:
    """True when a parenthetical states an event with its own date, figure or speaker."""
    if not _is_event_span(sentence, span, mentions, MIN_WORDS - 1):
        return False
    return _is_relative_claim(sentence, span, mentions, person)


def _is_event_span(
    sentence: str, span: tuple[int, int], mentions: list[Mention], min_words: int = MIN_WORDS
) -> bool:
    """True when a stretch of the sentence states, unhedged, that something happened."""
    masked = masked_span(sentence, span, mentions_inside(mentions, *span))
    if len(masked.split()) < min_words or HEDGES.search(masked):
        return False
    return has_event_verb(masked)


def summary_facts(sentence: str, mentions: list[Mention], person: str | None) -> list[Fact]:
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
        fact_at(sentence, mentions, 0, match.start(), person),
        fact_at(sentence, mentions, match.start() + 1, len(sentence), person),
    ]


def date_appositive_facts(sentence: str, mentions: list[Mention], person: str | None) -> list[Fact]:
    """Split off a date's closing appositive naming its own event ("on May 2, the day X won")."""
    for date in (m for m in mentions if m.kind == "date"):
        comma = re.match(r",\s+(?:an?|the)\s", sentence[date.end or 0 :])
        if comma is None or inside_quote_or_brackets(sentence, date.start or 0):
            continue
        head = (0, date.start or 0)
        if not has_event_verb(masked_span(sentence, head, mentions_inside(mentions, *head))):
            continue  # the date closes a leading adverbial; the main clause follows it
        start = (date.end or 0) + comma.end()
        if "," in sentence[start:]:
            continue  # not the sentence's closing phrase
        named = [m for m in mentions_inside(mentions, start, len(sentence)) if m.kind != "date"]
        if not named or not _is_event_span(sentence, (start, len(sentence)), mentions, 1):
            continue
        return [
            fact_at(sentence, mentions, 0, date.end or 0, person),
            fact_at(sentence, mentions, date.start or 0, len(sentence), person),
        ]
    return []


def participle_facts(sentence: str, mentions: list[Mention], person: str | None) -> list[Fact]:
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
            fact_at(sentence, mentions, 0, match.start(), person),
            fact_at(sentence, mentions, *clause, person),
        ]
    return []


def relative_facts(sentence: str, mentions: list[Mention], person: str | None) -> list[Fact]:
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
        if HEDGES.search(masked_span(sentence, clause, inside)):
            if closing is None:
                return [Fact(0, match.start(), mentions_inside(mentions, 0, match.start()))]
            continue
        if not _is_relative_claim(sentence, (match.end(), end), mentions, person):
            continue
        related = fact_at(sentence, mentions, antecedent, end, person)
        if closing is not None:
            main = fact_at(sentence, mentions, closing.end(), len(sentence), person)
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
        return fact_at(sentence, mentions, 0, match.start(), person)
    start = antecedent
    for mention in mentions:
        if mention.kind == "age" and mention.end is not None and 0 <= antecedent - mention.end <= 1:
            start = mention.start or start
    end = match.end() - len(match.group(0).rstrip().split()[-1]) - 1
    return fact_at(sentence, mentions, start, end, person)


def _relative_end(sentence: str, mentions: list[Mention], start: int) -> re.Match[str] | None:
    """The comma that ends a relative clause, skipping one that closes a subordinate's subject."""
    closing = _RELATIVE_END.search(sentence, start)
    while closing is not None and _closes_subordinate_subject(sentence, mentions, start, closing):
        # "who left while her brother, Tom, was ill": the verb after "Tom" is the "while" clause's.
        closing = _RELATIVE_END.search(sentence, closing.end())
    return closing


def _closes_subordinate_subject(
    sentence: str, mentions: list[Mention], start: int, closing: re.Match[str]
) -> bool:
    """True when the comma closes a name in apposition to a subordinate clause's subject."""
    opening = sentence.rfind(",", start, closing.start())
    if opening < 0 or not _SUBORDINATE_SUBJECT.search(sentence, start, opening):
        return False
    aside = sentence[opening + 1 : closing.start()].strip()
    return any(m.kind == "person" and m.text == aside for m in mentions)


def closing_fact(sentence: str, mentions: list[Mention], person: str | None) -> Fact | None:
    """The closing ", who ..." fact of a sentence asserting nothing else ("X, who led Y")."""
    facts = relative_facts(sentence, mentions, person)
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
    if not _FINITE_VERB.search(masked_span(sentence, main, mentions_inside(mentions, *main))):
        return []  # a leading adverbial ("Last May, which was mild, ..."), not a clause
    return [
        fact_at(sentence, mentions, *main, person),
        fact_at(sentence, mentions, *clause, person),
    ]


def _has_figure(mentions: list[Mention]) -> bool:
    return any(m.kind == "date" or (m.kind == "quantity" and is_figure(m)) for m in mentions)


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
    own = own_attribution(sentence, start, end, inside, person)
    if own is not None and not _CLOSING_SOURCE.search(sentence, own.start, end):
        return True
    if _SPEECH_CUE.search(sentence, start, end):
        return True
    shifted = [shift_mention(m, -start) for m in inside]
    anchors = [m for m in shifted if m.kind == "date" or (m.kind == "quantity" and is_figure(m))]
    return bool(anchors)
