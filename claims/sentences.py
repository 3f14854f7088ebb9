"""Split article text into sentences, keeping abbreviations, initials and quotations whole."""

from __future__ import annotations

import re
from functools import lru_cache

from .periods import MONTHS, WEEKDAYS

# Titles that always precede a name, so a period after them never ends a sentence.
_TITLES = frozenset(
    "mr mrs ms messrs mmes dr prof gen gov sen rep lt col capt sgt cmdr adm maj rev hon "
    "pres supt atty fr brig cpl pvt insp det amb".split()
)
# Abbreviations that can also close a sentence: they end one only before a word that
# typically opens a sentence ("in the U.S. The ..." but not "the U.S. Senate").
_AMBIGUOUS = frozenset(
    "jan feb mar apr jun jul aug sep sept oct nov dec no nos st jr sr inc corp co ltd "
    "llc plc bros vs etc approx est dept univ mt ft ave blvd rd vol fig ch pp ed eds".split()
)
# Never the end of a sentence: what follows them is always part of the same sentence.
_NEVER_FINAL = frozenset({"e.g", "i.e", "cf", "viz", "al"})
_STARTERS = frozenset(
    """a an the he she it they we i you this that these those there then his her its their
    our my your but and or so yet nor for in on at as after before when while if although
    though however meanwhile moreover furthermore also still now today yesterday tomorrow
    what why how who where which since despite according by with from under among over until
    during both each such not instead even many most some all no one two three several last
    earlier later another other""".split()
)
# Words that go on a time of day ("5 p.m. Tuesday", "9 a.m. ET"); another capital opens a sentence.
_AFTER_TIME = (
    frozenset(WEEKDAYS) | frozenset(MONTHS) | {"eastern", "central", "pacific", "mountain"}
)
_TIMES_OF_DAY = frozenset({"a.m", "p.m"})
_CLOSERS = "\"'”’)]»"
_OPENERS = "\"'“‘([«¿¡"

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
# Footnote markers ("restored.* This ...") belong to the sentence they close.
_CANDIDATE = re.compile(r"(?:\.{3}|…|[.!?]+)[" + re.escape(_CLOSERS) + r"]*[*†‡]*(?=\s)")
# A footnote or bullet marker opening a line ("* We have ...") is not part of its sentence.
_LEADING_MARKER = re.compile(r"[*†‡•]+\s+")
_WORD_BEFORE = re.compile(r"([^\W\d_][\w.'’]*)$")
_ATTRIBUTION_AFTER = re.compile(
    r"(?:[A-Z][\w'’.-]*\s+){1,4}(?:said|says|asked|told|added|wrote|replied|explained|noted|"
    r"recalled|shouted|tweeted|insisted|testified)\b"
)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Return (start, end) offsets of each sentence in ``text``, without surrounding space."""
    spans: list[tuple[int, int]] = []
    for block_start, block_end in _blocks(text):
        for line_start, line_end in _lines(text, block_start, block_end):
            spans.extend(_split_line(text, line_start, line_end))
    return spans


def split_sentences(text: str) -> list[str]:
    """Return the sentences of ``text`` verbatim, stripped, in order."""
    return list(_sentences(text))


@lru_cache(maxsize=1024)
def _sentences(text: str) -> tuple[str, ...]:
    # A paragraph is split once to learn its names and again to read its claims.
    return tuple(text[start:end] for start, end in sentence_spans(text))


def _blocks(text: str) -> list[tuple[int, int]]:
    bounds: list[tuple[int, int]] = []
    start = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        bounds.append((start, match.start()))
        start = match.end()
    bounds.append((start, len(text)))
    return bounds


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    # A single line break ends a sentence unless the next line visibly continues it
    # (starts in lower case), as wrapped text does.
    bounds: list[tuple[int, int]] = []
    line_start = start
    position = text.find("\n", start, end)
    while position != -1:
        following = text[position + 1 : end].lstrip()
        if following and not following[0].islower():
            bounds.append((line_start, position))
            line_start = position + 1
        position = text.find("\n", position + 1, end)
    bounds.append((line_start, end))
    return bounds


def _split_line(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    sentence_start = start
    for match in _CANDIDATE.finditer(text, start, end):
        if _ends_sentence(text, match.start(), match.end(), end):
            spans.append((sentence_start, match.end()))
            sentence_start = match.end()
    spans.append((sentence_start, end))
    return [stripped for stripped in (_strip(text, a, b) for a, b in spans) if stripped]


def _strip(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    marker = _LEADING_MARKER.match(text, start, end)
    if marker is not None:
        start = marker.end()
    return (start, end) if start < end else None


def _ends_sentence(text: str, mark_start: int, mark_end: int, limit: int) -> bool:
    rest = text[mark_end:limit].lstrip()
    if not rest:
        return False
    first = rest[0]
    if first.islower() or first in ",;:-–—" or not (first.isalnum() or first in _OPENERS):
        return False
    mark = text[mark_start:mark_end].rstrip("*†‡").rstrip(_CLOSERS)
    closed_by_quote = any(char in _CLOSERS for char in text[mark_start:mark_end])
    if closed_by_quote and _ATTRIBUTION_AFTER.match(rest):
        return False
    if mark != ".":
        return True
    if closed_by_quote:
        return True
    return _period_ends_sentence(text, mark_start, rest)


def _period_ends_sentence(text: str, period: int, rest: str) -> bool:
    match = _WORD_BEFORE.search(text[max(0, period - 40) : period])
    if match is None:
        return True
    word = match.group(1)
    lowered = word.lower().rstrip(".")
    if lowered in _NEVER_FINAL or lowered in _TITLES:
        return False
    is_initial = len(word) == 1 and word.isupper()
    is_dotted = "." in word  # U.S., a.m., p.m.
    if lowered in _TIMES_OF_DAY:
        return _opens_after_time(rest)
    if is_initial or is_dotted or lowered in _AMBIGUOUS:
        return _opens_sentence(rest)
    return True


def _opens_sentence(rest: str) -> bool:
    if rest[0] in _OPENERS:
        return True
    word = re.match(r"[^\W_]+", rest)
    return word is not None and word.group(0).lower() in _STARTERS


def _opens_after_time(rest: str) -> bool:
    """After "a.m."/"p.m.", a capitalized word opens a sentence unless it names a day or zone."""
    if _opens_sentence(rest):
        return True
    word = re.match(r"[^\W_]+", rest)
    if word is None or not word.group(0)[0].isupper():
        return False
    text = word.group(0)
    return not (text.lower() in _AFTER_TIME or text.isupper())
