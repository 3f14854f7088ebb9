"""Tell which words hedge a sentence and which anchor it as a checkable claim.

A claim needs an anchor: a date, an age, a figure, a verbal verdict, or a named person,
organization or place doing something (a past event, or an action under way). A hedge ("may",
"seems", "we believe") drops the clause it governs.
"""

from __future__ import annotations

import re

from .attribution import Attribution
from .model import Mention
from .verdicts import is_verbal

__all__ = [
    "HEDGES",
    "blanked",
    "claim_end",
    "has_anchor",
    "has_event_verb",
    "inside_quote_or_brackets",
    "is_figure",
    "mentions_inside",
]

_NAMED = ("person", "org", "place")
_MIN_WORDS = 4

HEDGES = re.compile(
    r"\b(?:may|might|could|would|should|ought to|unlikely|likely|probably|perhaps|possibly|"
    r"presumably|arguably|apparently|seem|seems|seemed|seemingly|appears? to|appeared to|"
    r"little more than|nothing more than|in my view|in our view|i think|"
    r"we think|i believe|we believe|of course|must have|hopefully|supposedly)\b"
    # Characterisation and feeling rather than fact: "seen by many as", "we are thrilled".
    # The participles are the verbs of judging someone "as" something, praise and blame alike.
    r"|\b(?:seen|regarded|viewed|perceived|hailed|praised|lauded|celebrated|touted|reviled|"
    r"derided|denounced|branded)\s+(?:by\s+[\w\s]{0,40}?\s+)?as\b"
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
    broken forgotten frozen hidden ridden sworn torn worn begun sunk shrunk""".split()
)
_EVENT_WORD = re.compile(r"\b[a-z]{2,}ed\b|\b[a-z]+\b")
# Where a hedged clause may start after an unhedged one.
_HEDGE_BOUNDARY = re.compile(
    r",\s*(?:and|but|while|whereas|who|which|though|although)\s+|\s+(?:but|because)\s+|;\s*|"
    # A closing dash aside judging what came before ("... a week ago - a move seen as ...").
    r"\s[—–-]{1,2}\s+(?=(?:an?|the)\s)|"
    r"(?P<embedded>\s+(?:if|whether|that|(?:announcing|saying|promising|vowing|pledging|"
    r"warning|arguing|insisting)(?:\s+that)?)\s+)"
)
# A clause opening on a condition ("If ...", "Should anyone ...") asserts nothing itself.
_CONDITION = re.compile(
    r"^\W*(?:(?:and|but|so)\s+)?(?:if|unless|even if|should|were|had)\b", re.IGNORECASE
)
_THERE_IS = re.compile(r"\b[Tt]here\s+(?:is|are|was|were)\s+$")
_PROGRESSIVE = re.compile(
    r"\b(?:is|are|was|were)\s+(?:now\s+|still\s+)?(?!going\b|being\b)[a-z]{3,}ing\b"
)


def blanked(sentence: str, mentions: list[Mention]) -> str:
    """The sentence with names and dates blanked, so "May 2018" or "Theresa May" hedge nothing."""
    chars = list(sentence)
    for mention in mentions:
        if mention.kind in _NAMED + ("date",) and mention.start is not None:
            for position in range(mention.start, mention.end or mention.start):
                chars[position] = " "
    return "".join(chars)


def has_anchor(text: str, mentions: list[Mention]) -> bool:
    """True when ``text`` states something checkable: a date, age, figure, verdict or named act."""
    for mention in mentions:
        if mention.kind in ("date", "age"):
            return True
        if mention.kind == "verdict" and is_verbal(mention):
            return True
        if (
            mention.kind == "quantity"
            and is_figure(mention)
            and not _is_vague_presence(text, mention)
        ):
            return True
    # A small count anchors a past event it takes part in ("two pipes burst").
    counted = any(m.kind == "quantity" for m in mentions)
    named = any(m.kind in _NAMED for m in mentions)
    masked = blanked(text, mentions)
    if counted and has_event_verb(masked):
        return True
    return named and (has_event_verb(masked) or _is_under_way(masked))


def _is_vague_presence(text: str, quantity: Mention) -> bool:
    """True for "there are dozens of players": a vague count of what exists, not a figure."""
    if any(char.isdigit() for char in quantity.text):
        return False
    return _THERE_IS.search(text, 0, quantity.start or 0) is not None


def _is_under_way(text: str) -> bool:
    """True for an action in progress ("X is resisting ..."), as concrete as a past event."""
    return _PROGRESSIVE.search(text) is not None


def is_figure(quantity: Mention) -> bool:
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
    sentence: str, mentions: list[Mention], attribution: Attribution | None, plain: bool = False
) -> int | None:
    """Where the sentence's claim ends: before a hedged clause it joins, or None for no claim.

    "Ten firms bid, but few would say why" keeps its first clause; a hedge inside an "if",
    "whether" or reported clause ("asked if it could wait", "announcing she would retire")
    hedges nothing the sentence asserts. ``plain`` marks a sentence whose head states a named
    organisation's act without other anchor ("Acme stores every call, which seems excessive").
    """
    attributed = attribution is not None and attribution.named and attribution.kind != "hearsay"
    if attributed:
        return len(sentence)
    masked = blanked(sentence, mentions)
    hedge = HEDGES.search(masked, _condition_end(masked))
    if hedge is None:
        return len(sentence) if plain or has_anchor(sentence, mentions) else None
    boundaries = list(_HEDGE_BOUNDARY.finditer(masked, 0, hedge.start()))
    if not boundaries or inside_quote_or_brackets(sentence, boundaries[-1].start()):
        return None
    boundary = boundaries[0]
    if HEDGES.search(masked, 0, boundary.start()):
        return None
    if len(sentence[: boundary.start()].split()) < _MIN_WORDS:
        return None
    if boundary.group("embedded"):
        # The embedded clause is part of what the sentence asserts, anchors and all.
        return len(sentence) if has_anchor(sentence, mentions) else None
    head = mentions_inside(mentions, 0, boundary.start())
    anchored = plain or has_anchor(sentence[: boundary.start()], head)
    return boundary.start() if anchored else None


def _condition_end(masked: str) -> int:
    """Where a leading condition ends ("Should anyone ask, ..."): its modal hedges nothing."""
    condition = _CONDITION.match(masked)
    if condition is None:
        return 0
    comma = masked.find(",", condition.end())
    return comma + 1 if comma != -1 else 0


def mentions_inside(mentions: list[Mention], start: int, end: int) -> list[Mention]:
    """The mentions lying wholly between ``start`` and ``end``."""
    return [m for m in mentions if start <= (m.start or 0) and (m.end or 0) <= end]


def inside_quote_or_brackets(sentence: str, position: int) -> bool:
    """True when ``position`` lies inside a quotation or parentheses of ``sentence``."""
    before = sentence[:position]
    if before.count("(") > before.count(")"):
        return True
    # The sentence closes a quotation opened in an earlier one: its first straight mark closes.
    carried = sentence.count('"') % 2 == 1 and not sentence.lstrip().startswith('"')
    inside = False
    for char in before:
        if char == '"' and carried:
            carried = False
        elif char == '"':
            inside = not inside
        elif char in "“”":
            # A straight mark may open what a curly one closes: count marks, not their shapes.
            inside = char == "“"
    return inside
