"""Extract an article's checkable claims, with their mentions, attribution and cited sources.

A sentence is a claim when it states a fact with a concrete anchor: a date, an age, a figure, a
legal outcome, or a named person, organization or place doing something; or when it reports
what a named source said. Hedged or judging sentences ("may", "unlikely", "would be") are left
out unless attributed. A sentence joining two dated facts ("entered on October 1 and on
October 9 appeared ...") gives one claim per fact, each keeping the whole sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from .attribution import Attribution, find_attribution
from .linking import claim_sources
from .mentions import PeopleIndex, find_mentions
from .model import CLAIM_KINDS, Article, Claim, Mention
from .periods import parse_reference
from .sentences import split_sentences
from .verdicts import is_verbal

_CREDIT = re.compile(
    r"^\W*(?:credits?|photos?|photograph|images?|picture|illustration|graphics?|source|sourcing|"
    r"caption|video|watch|read more|related|advertisement|file photo|getty images)\s*:",
    re.IGNORECASE,
)
_TERMINAL = re.compile(r"[.!?…][\"'”’)\]]*$")
_HEDGES = re.compile(
    r"\b(?:may|might|could|would|should|ought to|unlikely|likely|probably|perhaps|possibly|"
    r"presumably|arguably|apparently|seem|seems|seemed|seemingly|appears? to|appeared to|"
    r"little but|little more than|nothing more than|quite the|in my view|in our view|i think|"
    r"we think|i believe|we believe|of course|must have|hopefully|supposedly)\b",
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
_OPENING_QUOTE = re.compile(r"^[\"“‘']")
_NAMED = ("person", "org", "place")
_MIN_WORDS = 4
_MIN_WORDS_UNPUNCTUATED = 10


@dataclass(frozen=True)
class _Fact:
    start: int
    end: int
    mentions: list[Mention]


def extract_claims(article: Article) -> list[Claim]:
    """Return the checkable claims of ``article`` in reading order, numbered from 1."""
    reference = parse_reference(article.published)
    people = _people_index(article)
    claims: list[Claim] = []
    seen = {_normalized(article.title)} if article.title else set()
    for index, paragraph in enumerate(article.paragraphs):
        carried: Attribution | None = None
        for sentence in split_sentences(paragraph):
            key = _normalized(sentence)
            if key in seen or _is_label(sentence):
                seen.add(key)
                continue
            seen.add(key)
            mentions = find_mentions(sentence, reference, people)
            own = find_attribution(sentence, mentions)
            attribution = own or _inherited(sentence, carried)
            carried = own if own is not None and own.named else carried
            if _is_claim(sentence, mentions, own) and _kinds(mentions, attribution):
                claims.extend(_claims(article, index, sentence, mentions, attribution, len(claims)))
    return claims


def _people_index(article: Article) -> PeopleIndex:
    people = PeopleIndex()
    publishers = [link.url for link in article.links]
    people.add_publishers([p for p in (article.url, article.publisher) if p] + publishers)
    for paragraph in article.paragraphs:
        for sentence in split_sentences(paragraph):
            people.learn(sentence)
    return people


def _normalized(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()


def _is_label(sentence: str) -> bool:
    """True for credit lines, section labels, headings and fragments that state nothing."""
    words = sentence.split()
    if _CREDIT.match(sentence) or " | " in sentence or len(words) < _MIN_WORDS - 1:
        return True
    if len(words) < _MIN_WORDS and not _has_event_verb(sentence):
        return True
    if not _TERMINAL.search(sentence) and len(words) < _MIN_WORDS_UNPUNCTUATED:
        return True
    return not _TERMINAL.search(sentence) and _is_title_case(words)


def _is_title_case(words: list[str]) -> bool:
    long_words = [w for w in words if len(w) >= 4 and w[0].isalpha()]
    return bool(long_words) and sum(w[0].isupper() for w in long_words) >= 0.75 * len(long_words)


def _inherited(sentence: str, carried: Attribution | None) -> Attribution | None:
    """The attribution a sentence takes over from earlier in its paragraph, if any.

    A report ("As X reported for Y, ...") covers the rest of its paragraph; a speaker covers
    the quotation that continues their words.
    """
    if carried is None:
        return None
    if carried.kind == "report" or _OPENING_QUOTE.match(sentence):
        return carried
    return None


def _is_claim(sentence: str, mentions: list[Mention], attribution: Attribution | None) -> bool:
    if sentence.rstrip("\"'”’) ").endswith("?"):
        return False
    attributed = attribution is not None and attribution.named and attribution.kind != "hearsay"
    if attributed:
        return True
    if _HEDGES.search(_masked(sentence, mentions)):
        return False
    return _has_anchor(sentence, mentions)


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
    return named and _has_event_verb(_masked(text, mentions))


def _is_figure(quantity: Mention) -> bool:
    """True for a figure worth checking ("34 percent", "more than a million"), not "two men"."""
    value = str(quantity.value or "")
    digits = value.lstrip("<>=~$€£¥")
    has_digit = any(char.isdigit() for char in quantity.text)
    return has_digit or digits != value or not digits.isdigit() or int(digits) >= 100


def _has_event_verb(text: str) -> bool:
    for match in _EVENT_WORD.finditer(text):
        word = match.group(0)
        if word in _IRREGULAR_PAST or (word.endswith("ed") and word not in _NOT_EVENTS):
            return True
    return False


def _claims(
    article: Article,
    paragraph: int,
    sentence: str,
    mentions: list[Mention],
    attribution: Attribution | None,
    count: int,
) -> list[Claim]:
    sources = claim_sources(sentence, paragraph, article.links, attribution)
    claims = []
    for number, fact in enumerate(_facts(sentence, mentions, attribution), start=count + 1):
        claims.append(
            Claim(
                seq=number,
                sentence=sentence,
                text=sentence[fact.start : fact.end].strip(" ,;"),
                kinds=_kinds(fact.mentions, attribution),
                mentions=fact.mentions,
                sources=list(sources),
                attribution=attribution.phrase if attribution else None,
                paragraph=paragraph,
            )
        )
    return claims


def _kinds(mentions: list[Mention], attribution: Attribution | None) -> list[str]:
    present = {m.kind for m in mentions}
    if attribution is not None:
        present.add("attribution")
    return [kind for kind in CLAIM_KINDS if kind in present]


def _facts(
    sentence: str, mentions: list[Mention], attribution: Attribution | None
) -> Iterator[_Fact]:
    """The sentence's facts: one per dated clause when coordinated clauses each carry a date."""
    cuts = _cuts(sentence, mentions, attribution)
    bounds = [0] + [end for _, end in cuts]
    ends = [start for start, _ in cuts] + [len(sentence)]
    for start, end in zip(bounds, ends, strict=True):
        inside = [m for m in mentions if start <= (m.start or 0) and (m.end or 0) <= end]
        yield _Fact(start, end, inside)


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
        if _has_event_verb(sentence[previous : cut[0]]) and _has_event_verb(sentence[cut[1] :]):
            cuts.append(cut)
            previous = cut[1]
    return cuts


def _within(mention: Mention, attribution: Attribution | None) -> bool:
    if attribution is None:
        return False
    return attribution.start <= (mention.start or 0) and (mention.end or 0) <= attribution.end


def _inside_quote_or_brackets(sentence: str, position: int) -> bool:
    before = sentence[:position]
    straight_open = before.count('"') % 2 == 1
    curly_open = before.count("“") > before.count("”")
    return straight_open or curly_open or before.count("(") > before.count(")")
