"""One fact of a sentence: the span a clause covers, its mentions and its own speaker."""

from __future__ import annotations

from dataclasses import dataclass, replace

from .anchors import blanked, mentions_inside
from .attribution import Attribution, find_attribution, resolve_pronoun
from .model import Mention

__all__ = ["MIN_WORDS", "Fact", "fact_at", "masked_span", "own_attribution", "shift_mention"]

# A clause of fewer words is too short to state a claim of its own.
MIN_WORDS = 4


@dataclass(frozen=True)
class Fact:
    """One fact of a sentence: its span, the mentions inside it and its own speaker."""

    start: int
    end: int
    mentions: list[Mention]
    own: Attribution | None = None


def fact_at(
    sentence: str, mentions: list[Mention], start: int, end: int, person: str | None
) -> Fact:
    """The fact a span of the sentence states, with the speaker the span names itself."""
    inside = mentions_inside(mentions, start, end)
    return Fact(start, end, inside, own_attribution(sentence, start, end, inside, person))


def own_attribution(
    sentence: str, start: int, end: int, mentions: list[Mention], person: str | None
) -> Attribution | None:
    """The attribution a clause states itself, with its offsets in the whole sentence."""
    shifted = [shift_mention(m, -start) for m in mentions]
    found = resolve_pronoun(find_attribution(sentence[start:end], shifted), shifted, person)
    if found is None or not found.named:
        return None
    return replace(found, start=found.start + start, end=found.end + start)


def shift_mention(mention: Mention, offset: int) -> Mention:
    """A mention moved by ``offset``: its offsets as seen from a clause starting elsewhere."""
    return replace(mention, start=(mention.start or 0) + offset, end=(mention.end or 0) + offset)


def masked_span(sentence: str, span: tuple[int, int], mentions: list[Mention]) -> str:
    """A span of the sentence with its mentions blanked, so names do not read as verbs."""
    return blanked(sentence, mentions)[span[0] : span[1]]
