"""What a source puts where a claim puts a value: "reached X on March 3" against "reached Y".

A claim's value (a place, an organization, a figure) is read with the words either side of it;
the passage sentence telling most of the claim's event is searched for the same words around
something of the same kind. What fills that slot agrees when it is the claim's value, and
contradicts it otherwise.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from .model import Mention
from .namematch import same_name
from .passages import NUMBER_WORDS, ReadPassage, Word, words

# Words read either side of a value, and the most words a name runs to.
SIDE_WORDS = 2
LONGEST_NAME = 4
# Context words that must repeat around the source's value: two, one of them no stop word, or
# three of any kind ("by X and" alone is too common to place anything).
SLOT_MATCHES = 2
SLOT_MATCHES_PLAIN = 3
# Share of the claim's words a passage sentence must repeat to tell the same event.
SENTENCE_OVERLAP = 0.34

_SKIPPED = frozenset({"the", "a", "an"})
Span = tuple[int, int]


def slot_filler(sentence: str, place_start: int, place_end: int, facts: ReadPassage) -> str | None:
    """The name the passage puts in the slot of the claim's name, as written; None if no slot."""

    def names(told: list[Word]) -> Iterable[Span]:
        for start in range(len(told)):
            for end in range(start + 1, min(len(told), start + LONGEST_NAME) + 1):
                if not _one_name(told[start:end]):
                    break
                yield start, end

    found = _slot(sentence, place_start, place_end, facts, names)
    return _written(facts, found) if found else None


def slot_mention(sentence: str, claimed: Mention, facts: ReadPassage, kind: str) -> Mention | None:
    """The passage's mention of KIND in the slot of the claim's mention, if any."""
    if claimed.start is None or claimed.end is None:
        return None
    told_mentions: dict[Span, Mention] = {}

    def spans(told: list[Word]) -> Iterable[Span]:
        for mention in facts.mentions:
            if mention.kind != kind or mention.start is None or mention.end is None:
                continue
            inside = [i for i, w in enumerate(told) if mention.start <= w.start < mention.end]
            if inside:
                told_mentions[(inside[0], inside[-1] + 1)] = mention
                yield inside[0], inside[-1] + 1

    found = _slot(sentence, claimed.start, claimed.end, facts, spans)
    return told_mentions.get(found[1]) if found else None


def slot_number(sentence: str, number: Word, facts: ReadPassage) -> str | None:
    """The number word or figure the passage puts in the slot of a claim's number, if any."""

    def numbers(told: list[Word]) -> Iterable[Span]:
        return ((i, i + 1) for i, w in enumerate(told) if is_number(w))

    found = _slot(sentence, number.start, number.end, facts, numbers)
    return _written(facts, found) if found else None


def is_number(word: Word) -> bool:
    """True for a figure or a number word: "12", "twelve", "19th"."""
    return word.fold[:1].isdigit() or word.fold in NUMBER_WORDS


def best_sentence(claim_words: Sequence[Word], facts: ReadPassage) -> list[Word] | None:
    """The words of the passage sentence repeating most of the claim's words, if enough do."""
    wanted = {w.stem for w in claim_words if w.content}
    if not wanted:
        return None
    best: tuple[int, list[Word]] | None = None
    for start, end in facts.sentences:
        inside = [w for w in facts.words if start <= w.start < end]
        shared = len(wanted & {w.stem for w in inside})
        if best is None or shared > best[0]:
            best = (shared, inside)
    if best is None or best[0] < 2 or best[0] < SENTENCE_OVERLAP * len(wanted):
        return None
    return best[1]


def same_place(place: str, filler: str) -> bool:
    """True when a filler names the claim's place: the same words, in any spelling."""
    if place.lower() in filler.lower() or filler.lower() in place.lower():
        return True
    return any(
        same_name(a.text, b.text, patronymics=False) for a in words(place) for b in words(filler)
    )


def _slot(
    sentence: str,
    start: int,
    end: int,
    facts: ReadPassage,
    candidates: Callable[[list[Word]], Iterable[Span]],
) -> tuple[list[Word], Span] | None:
    """The candidate span of the best passage sentence whose neighbours are the value's."""
    claim_words = words(sentence)
    before = _context([w for w in claim_words if w.end <= start][::-1])
    after = _context([w for w in claim_words if w.start >= end])
    if not before and not after:
        return None
    told = best_sentence(claim_words, facts)
    if told is None:
        return None
    best: tuple[int, Span] | None = None
    for span in candidates(told):
        score = _slot_score(before, after, told, *span)
        if score is not None and (best is None or score > best[0]):
            best = (score, span)
    return (told, best[1]) if best else None


def _written(facts: ReadPassage, found: tuple[list[Word], Span]) -> str:
    told, (start, end) = found
    return facts.passage.text[told[start].start : told[end - 1].end]


def _context(side: list[Word]) -> list[Word]:
    """The nearest SIDE_WORDS words of one side, articles left out ("in the US" as "in US")."""
    return [w for w in side if w.fold not in _SKIPPED][:SIDE_WORDS]


def _one_name(filler: Sequence[Word]) -> bool:
    """True for consecutive capitalized words joined by a space, hyphen or dot: "Port-Elmar"."""
    if not all(_name_word(w) for w in filler):
        return False
    return all(b.start - a.end <= 2 for a, b in zip(filler, filler[1:], strict=False))


def _name_word(word: Word) -> bool:
    # "US" and "IT" fold to stop words, yet written in capitals they are names.
    return word.name_like or (len(word.text) > 1 and word.text.isupper() and word.text.isalpha())


def _slot_score(
    before: list[Word], after: list[Word], told: list[Word], start: int, end: int
) -> int | None:
    """How many context words repeat around told[start:end], or None if too few do."""
    around_before = _context(told[:start][::-1])
    around_after = _context(told[end:])
    pairs = list(zip(before, around_before, strict=False)) + list(
        zip(after, around_after, strict=False)
    )
    same = [a for a, b in pairs if a.stem == b.stem]
    content = any(w.content for w in same)
    if len(same) >= SLOT_MATCHES_PLAIN or (len(same) >= SLOT_MATCHES and content):
        return len(same)
    return None
