"""The words of a text, case- and accent-folded and lightly stemmed, for comparing passages.

"Conviction" meets "convicted", "Aigül" meets "Aigul"; each word keeps its offsets.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from .periods import MONTHS, WEEKDAYS


@dataclass(frozen=True)
class Word:
    """One word: as written, case- and accent-folded, and stemmed, with its offsets."""

    text: str
    fold: str
    stem: str
    start: int
    end: int

    @property
    def content(self) -> bool:
        """True unless a stop word, a reporting verb or a bare number word."""
        return self.fold not in _STOP_WORDS and self.fold not in _NUMBER_WORDS

    @property
    def temporal(self) -> bool:
        """True for calendar words and numbers ("October", "week", "29", "2019")."""
        return self.fold in _TIME_WORDS or self.fold.isdigit() or self.fold in _NUMBER_WORDS

    @property
    def past(self) -> bool:
        """True for a past-tense form: only an accomplished act contradicts a refusal."""
        return self.fold.endswith("ed") or self.fold in _PAST_IRREGULAR

    @property
    def name_like(self) -> bool:
        """True for a capitalized word that is neither a stop word nor a calendar word."""
        return self.text[:1].isupper() and self.content and not self.temporal

    @property
    def negation(self) -> bool:
        """True for a word that denies what follows ("not", "never", "declined" to)."""
        return self.fold in _NEGATIONS or self.stem in _NEGATING_VERBS


def words(text: str) -> list[Word]:
    """The words of TEXT in order, apostrophes unified and possessives dropped."""
    return list(_remembered_words(text))


# Every claim citing a source reads its passages again: their words are read once.
REMEMBERED_WORDS = 32768


@functools.lru_cache(maxsize=REMEMBERED_WORDS)
def _remembered_words(text: str) -> tuple[Word, ...]:
    found: list[Word] = []
    for match in _WORD.finditer(text):
        fold = folded_word(match.group(0))
        if fold:
            found.append(Word(match.group(0), fold, stem(fold), match.start(), match.end()))
    return tuple(found)


@functools.lru_cache(maxsize=65536)
def folded_word(token: str) -> str:
    """A token case- and accent-folded, possessive dropped; kept per spelling, pages repeat them."""
    fold = _fold(token)
    return fold[:-2] if fold.endswith("'s") else fold


def stem_set(text: str) -> frozenset[str]:
    """The stems of TEXT's words, as words() gives them, without building each Word."""
    return frozenset(filter(None, map(_token_stem, _WORD.findall(text))))


@functools.lru_cache(maxsize=65536)
def _token_stem(token: str) -> str:
    fold = folded_word(token)
    return stem(fold) if fold else ""


def negation_before(passage_words: list[Word], word: Word) -> Word | None:
    """The word denying WORD among the three before it ("was not convicted"), if any."""
    index = passage_words.index(word)
    return next((w for w in passage_words[max(0, index - 3) : index] if w.negation), None)


def name_near(passage_words: list[Word], start: int, end: int) -> str | None:
    """The folded last word of the name nearest a span: "Keller, 54," -> keller."""
    best: tuple[int, int] | None = None
    for index, word in enumerate(passage_words):
        if not word.name_like or start <= word.start < end:
            continue
        gap = word.start - end if word.start >= end else start - word.end
        if best is None or gap < best[0]:
            best = (gap, index)
    if best is None:
        return None
    index = best[1]
    # A name after the span ("52-year-old Tomas Keller") is read to its last word.
    while (
        index + 1 < len(passage_words)
        and passage_words[index + 1].name_like
        and passage_words[index + 1].start - passage_words[index].end <= 1
    ):
        index += 1
    return passage_words[index].fold


def negated_acts(text: str) -> list[tuple[str, str]]:
    """(cue, verb stem) for each act TEXT denies: "declined to order" -> order."""
    found: list[tuple[str, str]] = []
    text_words = words(text)
    for index, word in enumerate(text_words):
        # "no" and "without" deny nouns ("without papers"), not acts a source could report.
        if not word.negation or word.fold in ("no", "without"):
            continue
        following = text_words[index + 1 : index + 5]
        verb = next((w for w in following if w.content and not w.fold.endswith("ly")), None)
        if verb is not None:
            found.append((text[word.start : verb.end], verb.stem))
    return found


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light suffix-stripping stem that joins a verb and its noun: conviction -> convict."""
    if not word.isalpha() or len(word) <= 3:
        return word
    for suffix, replacement in _INFLECTIONS:
        if word.endswith(suffix) and len(word) - len(suffix) + len(replacement) >= 3:
            word = word[: -len(suffix)] + replacement
            break
    if word.endswith("ly") and len(word) >= 7:
        word = word[:-2]  # illegally -> illegal, but not family or apply
    for suffix, replacement in _DERIVATIONS:
        if word.endswith(suffix) and len(word) - len(suffix) + len(replacement) >= 4:
            word = word[: -len(suffix)] + replacement
            break
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "lsz":
        word = word[:-1]  # planned -> plann -> plan
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]
    if word.endswith("y") and len(word) > 3:
        word = word[:-1] + "i"  # deny, denied, denial -> deni
    return word


def _fold(token: str) -> str:
    token = token.replace("’", "'").replace("‘", "'").lower()
    decomposed = unicodedata.normalize("NFKD", token)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


RELATIVE_LEADS = frozenset({"last", "this", "next", "past", "coming", "ago"})
_PAST_IRREGULAR = frozenset({"upheld", "found", "held", "gave", "made", "took", "won", "lost"})
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
# Ordered longest first; one inflection, then one derivation, is stripped.
_INFLECTIONS = (
    ("sses", "ss"), ("ies", "i"), ("ied", "i"), ("ings", ""), ("ing", ""), ("ed", ""),
    ("es", ""), ("ss", "ss"), ("us", "us"), ("is", "is"), ("s", ""),
)  # fmt: skip
_DERIVATIONS = (
    ("ations", ""), ("ation", ""), ("ments", ""), ("ment", ""), ("ions", ""), ("ion", ""),
    ("ial", "i"),
)  # fmt: skip
_NUMBER_WORDS = frozenset(
    "one two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty "
    "hundred hundreds thousand thousands million millions billion dozen dozens".split()
)
_TIME_WORDS = (
    frozenset(MONTHS)
    | frozenset(WEEKDAYS)
    | frozenset(
        "day days week weeks month months year years today yesterday tomorrow tonight earlier "
        "later early late last next ago recently shortly soon time".split()
    )
)
_NEGATIONS = frozenset(
    "not never no without cannot can't didn't doesn't don't wasn't weren't isn't aren't won't "
    "wouldn't couldn't shouldn't hasn't haven't hadn't".split()
)
# Verbs that deny the action they introduce: "declined to order", "refused to grant".
_NEGATING_VERBS = frozenset({"declin", "refus", "fail"})
NUMBER_WORDS = _NUMBER_WORDS
_STOP_WORDS = _NEGATIONS | frozenset(
    """a an the and or but nor so yet of in on at to for from by with as into onto about after
    before since until while during over under between among against through than then that
    this these those there here it its it's he him his she her hers they them their theirs we
    us our you your i me my who whom whose which what when where why how whether if also only
    just even still again both each either all any some such more most other another same very
    be been being is are was were am has have had having do does did done will would shall
    should can could may might must not per via up down out off own one's
    said say says saying told tell tells reported report reports reportedly according citing
    cited added adding noted stated wrote claimed explained""".split()
)
