"""Whether a name in a source is the claim's person or place, despite spelling and transliteration.

A name written from another script has several Latin spellings (Aygul and Aigul, Qadir
and Kadir, Zhanar and Janar), keeps or drops a patronymic suffix (Serikuly, Serik) and
may lose its accents (Aigül). Each word is folded to a transliteration skeleton, then two words
are the same name when their skeletons are equal, differ only in a vowel or two, drop a patronymic
suffix, or (for long names) differ by one slip of the pen. Different people must stay apart, so
the first letter must agree, short names get no slack, and the male and female forms of one
surname (Ivanov, Ivanova) are different people.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from .passages import Word, words

# Honorifics and generation marks are no part of what a source must repeat.
TITLES = frozenset({"mr", "mrs", "ms", "dr", "prof", "jr", "sr", "ii", "iii", "iv"})
VOWELS = frozenset("aeiou")
# A vowel or two differ between romanizations (Mohammed, Muhammad); a name this short with a
# different vowel is more often another name (Jon, Jan).
VOWEL_SLACK = ((7, 2), (5, 1))
# One letter more, less or different is a misspelling only in a long name: Kadir and Kamir,
# Smith and Smyth are different people.
SLIP_MIN_LENGTH = 7
# The stem left after a patronymic suffix must still be a name (Serik), not a syllable.
PATRONYMIC_STEM = 4
SLAVIC_STEM = 5

# Letters without a decomposition into a base letter and an accent.
_LETTERS = str.maketrans(
    {"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ð": "d", "ə": "a", "ß": "ss", "æ": "ae", "œ": "oe"}
)
# Ordered so that the longer spelling of a sound is replaced before its parts.
_DIGRAPHS = (
    ("dzh", "j"), ("dj", "j"), ("zh", "j"), ("kh", "h"), ("ph", "f"), ("ck", "k"), ("q", "k"),
    ("x", "ks"), ("ou", "u"), ("oo", "u"),
)  # fmt: skip
# Patronymic and "son of" endings: Kazakh -uly/-kyzy, Azeri and Turkish -ogly/-oglu, Persian
# -zade/-zoda; the short Slavic ones need a longer stem to leave.
_PATRONYMICS = ("uly", "uli", "ulu", "kyzy", "kizi", "qizi", "ogly", "oglu", "ogli", "zade", "zoda")
_SLAVIC = ("ovich", "evich", "ovna", "evna", "ich", "ova", "eva", "ov", "ev")
# Masculine and feminine forms of one surname name different people.
_MASCULINE = ("ovich", "evich", "uly", "ov", "ev", "in", "sky", "ski")
_FEMININE = ("ovna", "evna", "kyzy", "kizi", "ova", "eva", "ina", "skaya", "skaia", "ska")


@dataclass(frozen=True)
class NameMatch:
    """A claim's name as a source writes it; ``variant`` when spelled otherwise than folded."""

    claim: str
    source: str
    variant: bool


@functools.lru_cache(maxsize=65536)
def fold_name(word: str) -> str:
    """A name word's transliteration skeleton: Aygul, Aigül -> aigul; Qadir -> kadir."""
    folded = _plain(word.replace("’", "'")).removesuffix("'s").translate(_LETTERS)
    folded = "".join(c for c in folded if c.isalpha())
    for spelling, sound in _DIGRAPHS:
        folded = folded.replace(spelling, sound)
    return _collapse_doubles(_vowel_y(folded))


@functools.lru_cache(maxsize=65536)
def same_name(claimed: str, written: str, *, patronymics: bool = True) -> bool:
    """True when two name words are one name: spelling variants, not two different names."""
    return _same_folded(fold_name(claimed), fold_name(written), patronymics)


def find_name(
    name: str,
    text: str,
    passage_words: Sequence[Word] | None = None,
    *,
    whole: bool = False,
    patronymics: bool = True,
) -> NameMatch | None:
    """Where TEXT names NAME: its last word (surname) with the given names written before it.

    With WHOLE every word must be there, in order (a place: "New York" is not "York"). Among
    several candidates the exactly spelled and the longest win.
    """
    named = [w for w in words(name) if w.fold not in TITLES]
    # Particles ("de", "al") are no surname; a name stored in lower case keeps all its words.
    tokens = [w for w in named if w.text[:1].isupper()] or named
    if not tokens:
        return None
    found = list(words(text) if passage_words is None else passage_words)
    runs: list[tuple[bool, int, int, int]] = []
    for end, word in enumerate(found):
        surname = same_name(tokens[-1].text, word.text, patronymics=patronymics)
        if not surname or not word.text[:1].isupper():
            continue
        start = _run_start(tokens, found, end, patronymics)
        if whole and end - start + 1 < len(tokens):
            continue
        # Exact spelling first, then the fullest name, then the first in the text.
        runs.append((not _is_variant(tokens, found[start : end + 1]), end - start, -start, end))
    if not runs:
        return None
    exact, length, _, end = max(runs)
    source = text[found[end - length].start : found[end].end]
    return NameMatch(name, source, not exact)


def _run_start(tokens: Sequence[Word], found: Sequence[Word], end: int, patronymics: bool) -> int:
    """The first word of the name ending at END: given names right before the surname."""
    start = end
    for token in reversed(tokens[:-1]):
        if start == 0:
            break
        before, current = found[start - 1], found[start]
        adjacent = current.start - before.end <= 1 and before.text[:1].isupper()
        if not adjacent or not same_name(token.text, before.text, patronymics=patronymics):
            break
        start -= 1
    return start


def _is_variant(tokens: Sequence[Word], written: Sequence[Word]) -> bool:
    """True unless each word written is the claim's, once case and accents are folded."""
    claimed = [t.fold for t in tokens[len(tokens) - len(written) :]]
    return claimed != [w.fold for w in written]


def _same_folded(a: str, b: str, patronymics: bool) -> bool:
    if not a or not b:
        return False
    if a == b:
        return True
    # The first letter of a name survives every romanization the fold does not already join.
    if a[0] != b[0] or _gendered_pair(a, b):
        return False
    if _vowel_variant(a, b) or _slip(a, b):
        return True
    return patronymics and _patronymic_variant(a, b)


def _vowel_variant(a: str, b: str) -> bool:
    """Same consonants, a vowel or two swapped: Mohamed and Muhamad, Ahmed and Ahmad."""
    shortest = min(len(a), len(b))
    slack = next((n for length, n in VOWEL_SLACK if shortest >= length), 0)
    ops = Levenshtein.editops(a, b)
    if not slack or len(ops) > slack:
        return False
    return all(
        op.tag == "replace" and a[op.src_pos] in VOWELS and b[op.dest_pos] in VOWELS for op in ops
    )


def _slip(a: str, b: str) -> bool:
    """One letter apart in a long name: a misspelling rather than another name."""
    if min(len(a), len(b)) < SLIP_MIN_LENGTH:
        return False
    return Levenshtein.distance(a, b, score_cutoff=1) <= 1


def _patronymic_variant(a: str, b: str) -> bool:
    """One is the other with a patronymic suffix dropped: Serikuly and Serik."""
    return bool(_stems(a) & ({b} | _stems(b)) or _stems(b) & {a})


@functools.lru_cache(maxsize=16384)
def _stems(folded: str) -> frozenset[str]:
    stems = {folded[: -len(s)] for s in _folded(_PATRONYMICS) if folded.endswith(s)}
    stems = {s for s in stems if len(s) >= PATRONYMIC_STEM}
    slavic = {folded[: -len(s)] for s in _folded(_SLAVIC) if folded.endswith(s)}
    return frozenset(stems | {s for s in slavic if len(s) >= SLAVIC_STEM})


def _gendered_pair(a: str, b: str) -> bool:
    """True for the male and female forms of one surname: Ivanov and Ivanova are two people."""
    for one, other in ((a, b), (b, a)):
        male = [one[: -len(s)] for s in _folded(_MASCULINE) if one.endswith(s)]
        female = [other[: -len(s)] for s in _folded(_FEMININE) if other.endswith(s)]
        if set(male) & set(female):
            return True
    return False


@functools.cache
def _folded(suffixes: tuple[str, ...]) -> tuple[str, ...]:
    # Folded as the end of a word ("b" starts none of them), so that "uly" meets the fold of
    # "Serikuly" and a leading "y" is not read as a word's first letter.
    return tuple(dict.fromkeys(fold_name("b" + s)[1:] for s in suffixes))


def _plain(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _vowel_y(word: str) -> str:
    """Y after a vowel or at the end is the vowel i: Aygul, Nikolay, Dmitry."""
    letters = list(word)
    for index, letter in enumerate(letters):
        if letter != "y" or index == 0:
            continue
        if letters[index - 1] in VOWELS or index == len(letters) - 1:
            letters[index] = "i"
    return "".join(letters)


def _collapse_doubles(word: str) -> str:
    return "".join(c for i, c in enumerate(word) if i == 0 or c != word[i - 1])
