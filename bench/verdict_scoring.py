"""Scoring a verdict's structure: whether negation, subject and authority agree with the gold.

Among the verdicts of matched claims that share an outcome lemma, each element is counted right
or wrong; a subject or authority agrees when, normalised, one contains the other (or both are
absent). The result is a Score whose precision, recall and F1 all equal the share that agrees.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

# One verdict's structure: (lemma, negated, subject, authority).
VerdictParts = tuple[str, bool, str | None, str | None]
STRUCTURE_KINDS = ("verdict neg.", "verdict subj.", "verdict auth.")

_ARTICLES = re.compile(r"\b(?:the|a|an)\b")
_NON_WORD = re.compile(r"[^\w]+")


def gold_verdict_parts(item: Any) -> VerdictParts:
    """A gold verdict entry as its structure."""
    if not isinstance(item, Mapping):
        return (_lemma(str(item)), str(item).lower().startswith("not "), None, None)
    value = str(item.get("value") or item.get("text") or "")
    negated = bool(item.get("negated")) or value.lower().startswith("not ")
    return (_lemma(value), negated, _text(item.get("subject")), _text(item.get("authority")))


def found_verdict_parts(value: str, details: Mapping[str, Any]) -> VerdictParts:
    """An extracted verdict (its value and details) as its structure."""
    negated = bool(details.get("negated", value.lower().startswith("not ")))
    return (_lemma(value), negated, _text(details.get("subject")), _text(details.get("authority")))


def same_part(gold: str | None, found: str | None) -> bool:
    """True when both are absent, or their normalised forms contain one another."""
    if not gold or not found:
        return not gold and not found
    left, right = _normalized(gold), _normalized(found)
    return bool(left and right) and (left in right or right in left)


def structure_counts(
    gold: Sequence[VerdictParts], found: Sequence[VerdictParts]
) -> dict[str, tuple[int, int]]:
    """Per structure kind, (agreeing, compared) over verdicts paired by lemma in one claim."""
    unused = list(found)
    counts = {kind: [0, 0] for kind in STRUCTURE_KINDS}
    for parts in gold:
        partner = next((f for f in unused if f[0] == parts[0]), None)
        if partner is None:
            continue
        unused.remove(partner)
        agreements = (
            parts[1] == partner[1],
            same_part(parts[2], partner[2]),
            same_part(parts[3], partner[3]),
        )
        for kind, agreed in zip(STRUCTURE_KINDS, agreements, strict=True):
            counts[kind][0] += agreed
            counts[kind][1] += 1
    return {kind: (right, compared) for kind, (right, compared) in counts.items()}


def _lemma(value: str) -> str:
    return " ".join(value.lower().split()).removeprefix("not ")


def _text(value: Any) -> str | None:
    text = str(value).strip() if value is not None else ""
    return text or None


def _normalized(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).casefold().replace("’", "'")
    return " ".join(_NON_WORD.sub(" ", _ARTICLES.sub(" ", folded)).split())
