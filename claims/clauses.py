"""Cut a sentence into the facts it states, and tell which words hedge or anchor a claim.

A sentence joining independent clauses that are each a claim ("A did X on D1, but B did Y")
gives one fact per clause; a ", who/which ..." clause stating its own dated or counted event
gives a fact of its own about its antecedent, as do a dash aside, a closing appositive summing
up its clause and a date's appositive naming an event; a hedged clause after an unhedged one is cut.
Each fact keeps its offsets in the sentence, so a claim's ``sentence`` stays verbatim.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from .attribution import Attribution, find_attribution, resolve_pronoun
from .model import Mention
from .verdicts import is_verbal

__all__ = [
    "Fact",
    "claim_end",
    "fact_attribution",
    "fact_text",
    "has_event_verb",
    "mentions_inside",
    "split_facts",
]

_HEDGES = re.compile(
    r"\b(?:may|might|could|would|should|ought to|unlikely|likely|probably|perhaps|possibly|"
    r"presumably|arguably|apparently|seem|seems|seemed|seemingly|appears? to|appeared to|"
    r"little but|little more than|nothing more than|quite the|in my view|in our view|i think|"
    r"we think|i believe|we believe|of course|must have|hopefully|supposedly)\b"
    # Characterisation and feeling rather than fact: "seen by many as", "we are thrilled".
    r"|\b(?:seen|regarded|viewed|perceived|reviled|hailed)\s+(?:by\s+[\w\s]{0,40}?\s+)?as\b"
    r"|\b(?:we\s+are|we're|i\s+am|i'm)\s+(?:so\s+|very\s+|deeply\s+)?(?:thrilled|delighted|"
    r"excited|pleased|proud|happy|glad|grateful|saddened|disappointed|hopeful|confident)\b"
    # A capability promised for the future, or work still under way, states no outcome.
    r"|\bwill\s+(?:once\s+again\s+|again\s+|now\s+|soon\s+)?be\s+able\s+to\b"
    r"|\b(?:we\s+are|we're)\s+(?:\w+ly\s+)?(?:reviewing|considering|exploring|monitoring|"
    r"assessing|evaluating|studying|looking\s+into)\b",
    re.IGNORECASE,
)
# Words ending in -ed that are adjectives or nouns, not past events.
_NOT_EVENTS = frozenset(
    "need indeed speed seed feed bed red shed hundred sacred naked wicked beloved kindred based "
    "concerned interested supposed related limited detailed advanced alleged armed aged skilled "
    "used united biased renewed noted talented crooked rugged learned ragged".split()
)
_IRREGULAR_PAST = frozenset(
    """began became came went left met made took gave got told said found held won lost fell rose
    ran saw sent spent built bought brought caught chose drew drove ate fought flew fled forgot
    froze grew hid hung kept knew laid led lent meant paid rode rang sang sank sat shot shook
    slept sold spoke stole stood struck swore swam taught thought threw understood woke wore
    wrote broke bore bent blew bled bred dug dealt fed felt forbade forgave overtook rebuilt
    sought shrank sprang sprung stuck stung swept swung tore upheld withdrew been gone done seen
    taken given written spoken chosen driven known shown grown thrown drawn fallen risen stolen
    broken forgotten frozen hidden ridden sworn torn worn begun sunk shrunk won struck""".split()
)
_EVENT_WORD = re.compile(r"\b[a-z]{2,}ed\b|\b[a-z]+\b")
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
_NOUN_ANTECEDENT = re.compile(r"\b[Tt]he\s+[a-z]+s?\s*$")
_SPEECH_CUE = re.compile(
    r"\b(?:said|says|added|adds|told|argued|stated|announced)(?:\s+(?:in|on|to)\s[^,]{0,30}?)?"
    r"\s+that\b"
)
# A closing "according to X" speaks for the whole sentence, not for the clause it ends.
_CLOSING_SOURCE = re.compile(r"\baccording to\b[^,;]*$", re.IGNORECASE)
# Where a hedged clause may start after an unhedged one.
_HEDGE_BOUNDARY = re.compile(
    r",\s*(?:and|but|while|whereas|who|which|though|although)\s+|\s+but\s+|;\s*|"
    r"(?P<embedded>\s+(?:if|whether|that|(?:announcing|saying|promising|vowing|pledging|"
    r"warning|arguing|insisting)(?:\s+that)?)\s+)"
)
# The rest of a leading attribution clause ("As X reported earlier this month, ").
_LEAD_IN_END = re.compile(r"[^,;:—–]{0,40},\s*")
# Joins between independent clauses: a bare "and" usually joins names or predicates instead.
_CLAUSE_JOIN = re.compile(r",\s*(?:and|but|while|whereas)\s+|\s+but\s+|;\s*")
# A dash that opens or closes a parenthetical: an em or en dash, or a spaced double hyphen.
_DASH = re.compile(r"\s*—\s*|\s+[–-]{1,2}\s+")
# ", a decision he announced ...": an appositive summing up the clause before it, whose own
# relative clause has no pronoun.
_SUMMARY = re.compile(r",\s+(?:an?|the)\s+[a-z]+\s+(?:he|she|they|it|we|i)\s+(?=[a-z]+\b)")
# A clause opening on a condition ("If ...", "Should anyone ...") asserts nothing itself.
_CONDITION = re.compile(
    r"^\W*(?:(?:and|but|so)\s+)?(?:if|unless|even if|should|were|had)\b", re.IGNORECASE
)
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


def _masked(sentence: str, mentions: list[Mention]) -> str:
    """The sentence with names and dates blanked, so "May 2018" or "Theresa May" hedge nothing."""
    chars = list(sentence)
    for mention in mentions:
        if mention.kind in _NAMED + ("date",) and mention.start is not None:
            for position in range(mention.start, mention.end or mention.start):
                chars[position] = " "
    return "".join(chars)


def _has_anchor(text: str, mentions: list[Mention]) -> bool:
    for mention in mentions:
        if mention.kind in ("date", "age"):
            return True
        if mention.kind == "verdict" and is_verbal(mention):
            return True
        if mention.kind == "quantity" and _is_figure(mention):
            return True
    named = any(m.kind in _NAMED for m in mentions)
    return named and has_event_verb(_masked(text, mentions))


def _is_figure(quantity: Mention) -> bool:
    """True for a figure worth checking ("34 percent", "more than a million"), not "two men"."""
    value = str(quantity.value or "")
    digits = value.lstrip("<>=~$€£¥")
    has_digit = any(char.isdigit() for char in quantity.text)
    return has_digit or digits != value or not digits.isdigit() or int(digits) >= 100


def has_event_verb(text: str) -> bool:
    """True when ``text`` holds a past-tense verb: something happened."""
    for match in _EVENT_WORD.finditer(text):
        word = match.group(0)
        if word in _IRREGULAR_PAST or (word.endswith("ed") and word not in _NOT_EVENTS):
            return True
    return False


def claim_end(
    sentence: str, mentions: list[Mention], attribution: Attribution | None
) -> int | None:
    """Where the sentence's claim ends: before a hedged clause it joins, or None for no claim.

    "Ten firms bid, but few would say why" keeps its first clause; a hedge inside an "if",
    "whether" or reported clause ("asked if it could wait", "announcing she would retire")
    hedges nothing the sentence asserts.
    """
    attributed = attribution is not None and attribution.named and attribution.kind != "hearsay"
    if attributed:
        return len(sentence)
    masked = _masked(sentence, mentions)
    hedge = _HEDGES.search(masked, _condition_end(masked))
    if hedge is None:
        return len(sentence) if _has_anchor(sentence, mentions) else None
    boundaries = list(_HEDGE_BOUNDARY.finditer(masked, 0, hedge.start()))
    if not boundaries or _inside_quote_or_brackets(sentence, boundaries[-1].start()):
        return None
    boundary = boundaries[0]
    if _HEDGES.search(masked, 0, boundary.start()):
        return None
    if len(sentence[: boundary.start()].split()) < _MIN_WORDS:
        return None
    if boundary.group("embedded"):
        # The embedded clause is part of what the sentence asserts, anchors and all.
        return len(sentence) if _has_anchor(sentence, mentions) else None
    head = mentions_inside(mentions, 0, boundary.start())
    return boundary.start() if _has_anchor(sentence[: boundary.start()], head) else None


def _condition_end(masked: str) -> int:
    """Where a leading condition ends ("Should anyone ask, ..."): its modal hedges nothing."""
    condition = _CONDITION.match(masked)
    if condition is None:
        return 0
    comma = masked.find(",", condition.end())
    return comma + 1 if comma != -1 else 0


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
            _dash_facts(sentence, mentions, person)
            or _relative_facts(sentence, mentions, person)
            or _summary_facts(sentence, mentions, person)
            or _date_appositive_facts(sentence, mentions, person)
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
        d for d in _DASH.finditer(sentence) if not _inside_quote_or_brackets(sentence, d.start())
    ]
    if len(dashes) < 2:
        return []
    opening, closing = dashes[0], dashes[1]
    aside = (opening.end(), closing.start())
    if not _is_aside_claim(sentence, aside, mentions, person):
        return []
    head = sentence[: opening.start()]
    head_mentions = mentions_inside(mentions, 0, opening.start())
    if has_event_verb(_masked(head, head_mentions)):
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
    if len(masked.split()) < min_words or _HEDGES.search(masked):
        return False
    return has_event_verb(masked)


def _summary_facts(sentence: str, mentions: list[Mention], person: str | None) -> list[Fact]:
    """Split off a closing ", a decision he announced on May 2" summing up the clause before."""
    match = _SUMMARY.search(sentence)
    if match is None or _inside_quote_or_brackets(sentence, match.start()):
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
        if comma is None or _inside_quote_or_brackets(sentence, date.start or 0):
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


def _relative_facts(sentence: str, mentions: list[Mention], person: str | None) -> list[Fact]:
    """Split off a ", who/which ..." clause about a named antecedent that states its own fact.

    The relative clause keeps its antecedent ("X, who resigned on May 2"); a hedged one ("who
    appears to be ...") is cut from the claim instead.
    """
    for match in _RELATIVE.finditer(sentence):
        if _inside_quote_or_brackets(sentence, match.start()):
            continue
        antecedent = _antecedent(sentence, mentions, match.start())
        if antecedent is None:
            continue
        closing = _RELATIVE_END.search(sentence, match.end())
        if _RELATIVE.search(sentence, match.end()):
            continue  # clauses nested in clauses: no clean cut
        if _MAIN_RESUMES.search(
            sentence, match.end(), closing.start() if closing else len(sentence)
        ):
            continue  # the main clause goes on after it ("X, which ..., in 2012 when ...")
        end = closing.start() if closing else len(sentence)
        clause = (match.start(), end)
        inside = mentions_inside(mentions, *clause)
        if _HEDGES.search(_masked_span(sentence, clause, inside)):
            if closing is None:
                return [Fact(0, match.start(), mentions_inside(mentions, 0, match.start()))]
            continue
        if not _is_relative_claim(sentence, (match.end(), end), mentions, person):
            continue
        related = _fact(sentence, mentions, antecedent, end, person)
        if closing is not None:
            main = _fact(sentence, mentions, closing.end(), len(sentence), person)
            return [related, replace(main, mentions=_shared(mentions, antecedent, main))]
        return [_fact(sentence, mentions, 0, match.start(), person), related]
    return []


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
    anchors = [m for m in shifted if m.kind == "date" or (m.kind == "quantity" and _is_figure(m))]
    return bool(anchors)


def mentions_inside(mentions: list[Mention], start: int, end: int) -> list[Mention]:
    """The mentions lying wholly between ``start`` and ``end``."""
    return [m for m in mentions if start <= (m.start or 0) and (m.end or 0) <= end]


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
        if not joins or _inside_quote_or_brackets(sentence, joins[-1].start()):
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
    joins = [
        (match.start(), match.end())
        for match in _CLAUSE_JOIN.finditer(sentence)
        if not _inside_quote_or_brackets(sentence, match.start())
        and not (attribution and attribution.start <= match.start() < attribution.end)
    ]
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


def _is_clause_claim(
    sentence: str, span: tuple[int, int], mentions: list[Mention], person: str | None
) -> bool:
    start, end = span
    text = sentence[start:end]
    inside = mentions_inside(mentions, start, end)
    if len(text.split()) < _MIN_WORDS or _HEDGES.search(_masked_span(sentence, span, inside)):
        return False
    if _own_attribution(sentence, start, end, inside, person) is not None:
        return True
    shifted = [_shifted(m, -start) for m in inside]
    return _has_anchor(text, shifted) and has_event_verb(_masked(text, shifted))


def _masked_span(sentence: str, span: tuple[int, int], mentions: list[Mention]) -> str:
    return _masked(sentence, mentions)[span[0] : span[1]]


def _within(mention: Mention, attribution: Attribution | None) -> bool:
    if attribution is None:
        return False
    return attribution.start <= (mention.start or 0) and (mention.end or 0) <= attribution.end


def _inside_quote_or_brackets(sentence: str, position: int) -> bool:
    before = sentence[:position]
    straight = before.count('"')
    if sentence.count('"') % 2 == 1 and not sentence.lstrip().startswith('"') and straight:
        straight -= 1  # the sentence closes a quotation opened in an earlier one
    straight_open = straight % 2 == 1
    curly_open = before.count("“") > before.count("”")
    return straight_open or curly_open or before.count("(") > before.count(")")
