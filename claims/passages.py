"""A source's text as passages: where they are, which best match some words, what they say.

Passages are paragraph-sized and keep their offsets in the text; words are case- and
accent-folded and lightly stemmed, so that "conviction" meets "convicted".
"""

from __future__ import annotations

import datetime
import functools
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from .dates import find_dates
from .model import Mention
from .periods import MONTHS
from .sentences import sentence_spans
from .wordforms import NUMBER_WORDS as NUMBER_WORDS
from .wordforms import RELATIVE_LEADS, name_near, negation_before, stem_set
from .wordforms import Word as Word  # the words of passages, as other modules read them here
from .wordforms import negated_acts as negated_acts
from .wordforms import stem as stem
from .wordforms import words as words

WINDOW_CHARS = 600
# A paragraph this much longer than a window is cut; a little over stays whole, so that a
# paragraph of 650 characters is not split into 600 and a stray sentence of 50.
LONG_PARAGRAPH_CHARS = 900

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n")


@dataclass(frozen=True)
class Passage:
    """A stretch of a source's text: ``text == source_text[start:end]``."""

    text: str
    start: int
    end: int


def split_passages(text: str) -> list[Passage]:
    """Split TEXT into paragraphs, cutting very long ones into ~600-character sentence windows."""
    passages: list[Passage] = []
    for start, end in _paragraph_spans(text):
        if end - start <= LONG_PARAGRAPH_CHARS:
            passages.append(Passage(text[start:end], start, end))
            continue
        for window_start, window_end in _windows(_sentence_spans(text, start, end)):
            passages.append(Passage(text[window_start:window_end], window_start, window_end))
    return passages


def passages_of(text: str) -> list[Passage]:
    """split_passages(TEXT), kept for the last few texts: every claim citing a page reads it."""
    return list(_remembered_passages(text))


# Claims visit their sources in the article's order, not source by source: remember enough
# texts for every source of a large article (a few megabytes).
REMEMBERED_TEXTS = 256


@functools.lru_cache(maxsize=REMEMBERED_TEXTS)
def _remembered_passages(text: str) -> tuple[Passage, ...]:
    return tuple(split_passages(text))


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    cursor = 0
    for brk in _PARAGRAPH_BREAK.finditer(text):
        spans.extend(_stripped_span(text, cursor, brk.start()))
        cursor = brk.end()
    spans.extend(_stripped_span(text, cursor, len(text)))
    return spans


def _stripped_span(text: str, start: int, end: int) -> list[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return [(start, end)] if end > start else []


def _sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans inside text[start:end], as offsets in TEXT; run-on ones cut at spaces."""
    spans: list[tuple[int, int]] = []
    for a, b in sentence_spans(text[start:end]):
        spans.extend(_cut_at_spaces(text, start + a, start + b))
    return spans


def _cut_at_spaces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    # Text without sentence punctuation (lists, tables flattened to text) would otherwise
    # make one passage of any length.
    pieces: list[tuple[int, int]] = []
    while end - start > LONG_PARAGRAPH_CHARS:
        cut = text.rfind(" ", start + WINDOW_CHARS // 2, start + WINDOW_CHARS)
        cut = cut if cut != -1 else start + WINDOW_CHARS
        pieces.extend(_stripped_span(text, start, cut))
        start = cut
    pieces.extend(_stripped_span(text, start, end))
    return pieces


def _windows(sentences: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Group consecutive sentences into windows of about WINDOW_CHARS characters."""
    windows: list[tuple[int, int]] = []
    current: tuple[int, int] | None = None
    for sentence in sentences:
        if current is None:
            current = sentence
        elif sentence[1] - current[0] <= WINDOW_CHARS:
            current = (current[0], sentence[1])
        else:
            windows.append(current)
            current = sentence
    if current is not None:
        windows.append(current)
    return windows


def best_passages(
    terms: set[str], text: str, passages: list[Passage], limit: int, merged_chars: int
) -> list[tuple[Passage, float, bool]]:
    """(passage, relevance 0..1, merged) for the LIMIT passages sharing most stems with TERMS.

    Each of the three best is also read with each neighbour, when the two fit in MERGED_CHARS,
    for facts split across paragraphs.
    """
    held = Counter(t for p in passages for t in _stems_of(p.text) & terms)
    weights = _weights(terms, len(passages), held)
    return _pick(terms, text, passages, range(len(passages)), limit, merged_chars, weights)


def rank_candidates(
    terms: set[str],
    text: str,
    passages: list[Passage],
    chosen: Iterable[int],
    limit: int,
    merged_chars: int,
) -> list[tuple[Passage, float, bool]]:
    """As best_passages, among the CHOSEN passages only (indices, best first on ties).

    PASSAGES are split_passages(TEXT). A term still weighs by how many of them hold it, so a
    candidate scores the same whichever index proposed it; those counts are made once per text.
    """
    weights = _weights(terms, len(passages), _passages_holding(text))
    return _pick(terms, text, passages, chosen, limit, merged_chars, weights)


def _pick(
    terms: set[str],
    text: str,
    passages: list[Passage],
    chosen: Iterable[int],
    limit: int,
    merged_chars: int,
    weights: dict[str, float],
) -> list[tuple[Passage, float, bool]]:
    total = sum(weights.values())
    if not total:
        return []

    def relevance_of(stems: frozenset[str]) -> float:
        return sum(weights[t] for t in terms & stems) / total

    known = (i for i in chosen if 0 <= i < len(passages))
    relevance = {i: relevance_of(_stems_of(passages[i].text)) for i in known}
    order = sorted(relevance, key=lambda i: -relevance[i])  # stable: ties keep CHOSEN's order
    best = [i for i in order[:limit] if relevance[i] > 0]
    picked = [(passages[i], relevance[i], False) for i in best]
    for a, b in sorted({(j, j + 1) for i in best[:3] for j in (i - 1, i)}):
        if a < 0 or b >= len(passages) or passages[b].end - passages[a].start > merged_chars:
            continue
        start, end = passages[a].start, passages[b].end
        merged = relevance_of(_stems_of(passages[a].text) | _stems_of(passages[b].text))
        picked.append((Passage(text[start:end], start, end), merged, True))
    return picked


@functools.lru_cache(maxsize=4096)
def _stems_of(text: str) -> frozenset[str]:
    # Every claim citing a source ranks the same passages again.
    return stem_set(text)


@functools.lru_cache(maxsize=REMEMBERED_TEXTS)
def _passages_holding(text: str) -> Counter[str]:
    """How many passages of TEXT hold each stem (read once per text, not once per claim)."""
    return Counter(t for p in _remembered_passages(text) for t in stem_set(p.text))


def _weights(terms: set[str], count: int, held: Counter[str]) -> dict[str, float]:
    # Words found in every passage of a page (its subject's name) tell passages apart least.
    return {t: math.log(1 + (count + 1) / (1 + held[t])) for t in terms}


# --- what one passage says ----------------------------------------------------------------


@dataclass(frozen=True)
class Dated:
    """A date mention with the first and last day it covers and its ISO label."""

    mention: Mention
    first: datetime.date
    last: datetime.date
    label: str
    # For a claim's date: its event words nearby, which a contradicting date must share.
    context: frozenset[str] = frozenset()

    def overlaps(self, other: Dated) -> bool:
        """True when the two share at least one day."""
        return self.first <= other.last and other.first <= self.last


def dated(mention: Mention, resolved: Mention | None = None) -> Dated | None:
    """The days a date mention covers (those of RESOLVED if given); None if left unresolved."""
    read = resolved or mention
    try:
        first = datetime.date.fromisoformat(read.date_start or "")
        last = datetime.date.fromisoformat(read.date_end or "")
    except ValueError:
        return None
    return Dated(mention, first, last, str(read.value))


@dataclass
class ReadPassage:
    """A passage with its words, sentences and mentions, ready to be compared with a claim."""

    passage: Passage
    words: list[Word]
    folds: set[str]
    stems: set[str]
    mentions: list[Mention]
    sentences: list[tuple[int, int]]

    @property
    def dates(self) -> list[Mention]:
        """The passage's date mentions."""
        return [m for m in self.mentions if m.kind == "date"]

    def all_present(self, folds: list[str]) -> bool:
        """True when every one of FOLDS is a word of the passage."""
        return bool(folds) and all(f in self.folds for f in folds)

    def near(self, mention: Mention, width: int | None = None) -> set[str]:
        """The stems of the WIDTH words either side of a mention (default all), in its sentence."""
        start, end = mention.start or 0, mention.end or 0
        bounds = next(((a, b) for a, b in self.sentences if a <= start < b), (start, end))
        sentence = [w for w in self.words if bounds[0] <= w.start < bounds[1]]
        inside = [i for i, w in enumerate(sentence) if start <= w.start < end]
        if not inside:
            return set()
        if width is None:
            return {w.stem for w in sentence}
        return {w.stem for w in sentence[max(0, inside[0] - width) : inside[-1] + 1 + width]}

    def people_near(self, mention: Mention) -> list[Mention]:
        """The people named in the sentence of a mention."""
        start = mention.start or 0
        bounds = next(((a, b) for a, b in self.sentences if a <= start < b), (start, start))
        people = (m for m in self.mentions if m.kind == "person" and m.start is not None)
        return [m for m in people if bounds[0] <= (m.start or 0) < bounds[1]]

    def absolute_dates(self, year: int) -> list[Dated]:
        """The passage's dates; a month and day without a year is read in YEAR."""
        found = [self._absolute(m, year) for m in self.dates]
        return [d for d in found if d is not None]

    def _absolute(self, mention: Mention, year: int) -> Dated | None:
        if mention.value is not None:
            return dated(mention)
        folded = {w.fold for w in words(mention.text)}
        if folded & RELATIVE_LEADS or not folded & MONTHS.keys():
            return None  # counted from the source's own date, which is unknown
        resolved = find_dates(mention.text, datetime.date(year, 12, 31))
        if len(resolved) != 1 or resolved[0].value is None:
            return None
        return dated(mention, resolved[0])

    def same_wording(self, relative: Mention) -> str | None:
        """The passage's date worded as a relative one ("on Monday" and "Monday"), if any."""
        wording = _relative_wording(relative.text)
        if not wording:
            return None
        echoes = (m for m in self.dates if m.value is None)
        return next((m.text for m in echoes if _relative_wording(m.text) == wording), None)

    def name_near(self, mention: Mention) -> str | None:
        """The folded surname of the name next to a mention: "Keller, 54," -> keller."""
        if mention.start is None or mention.end is None:
            return None
        return name_near(self.words, mention.start, mention.end)

    def negation_before(self, word: Word) -> Word | None:
        """The word denying WORD among the three before it ("was not convicted"), if any."""
        return negation_before(self.words, word)

    def name_after(self, head: Word, preposition: Word) -> str | None:
        """The name filling a slot such as "a court in ___" in the passage, if any."""
        for index, word in enumerate(self.words[:-2]):
            if word.stem != head.stem or self.words[index + 1].fold != preposition.fold:
                continue
            following = self.words[index + 2]
            if following.fold == "the" and index + 3 < len(self.words):
                following = self.words[index + 3]
            if following.name_like:
                return following.text
        return None

    def family_word(self, lemma: str, negated: bool) -> str | None:
        """A word of LEMMA's family, denied or not as asked: "conviction" for convict."""
        family = {stem(w.fold) for w in words(lemma)}
        for word in self.words:
            cue = self.negation_before(word)
            if word.stem in family and (cue is not None) == negated:
                return self.passage.text[cue.start : word.end] if cue else word.text
        return None


def _relative_wording(text: str) -> frozenset[str]:
    """The words of a date counted from the day it was written ("last October", "Monday")."""
    folded = {w.fold for w in words(text)}
    absolute = folded & MONTHS.keys() or any(f.isdigit() for f in folded)
    if absolute and not folded & RELATIVE_LEADS:
        return frozenset()
    return frozenset(folded - {"earlier", "later", "early", "late", "on"})


def read_passage(passage: Passage, mentions: list[Mention]) -> ReadPassage:
    """PASSAGE with its words and sentences, and the MENTIONS found in it."""
    found = words(passage.text)
    return ReadPassage(
        passage,
        found,
        {w.fold for w in found},
        {w.stem for w in found},
        mentions,
        sentence_spans(passage.text),
    )
