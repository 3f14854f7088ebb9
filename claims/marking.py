"""Marking text for the pages: a claim's mentions in its sentence, claims in their article."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from .pagekit import css_word


@dataclass
class _Span:
    """A stretch of text to wrap in markup: [start, end) and what to wrap it with."""

    start: int
    end: int
    item: dict[str, Any]


def mark_mentions(sentence: str, mentions: Sequence[dict[str, Any]]) -> Markup:
    """The sentence, escaped, with each mention found in it wrapped in ``<mark>``.

    A mention is placed at its stored offsets when the text there is the mention's; otherwise
    it is looked for, longest first.
    """
    spans = _spans_at_offsets(sentence, mentions)
    placed = {id(span.item) for span in spans}
    rest = [(m.get("text") or "", m) for m in mentions if id(m) not in placed]
    spans = _find_spans(sentence, rest, longest_first=True, taken=spans)
    return _wrap_spans(sentence, spans, _mention_markup)


def mention_title(mention: dict[str, Any]) -> str:
    """What a mention means, for a tooltip: its normalized value, a date's precision and days."""
    value = mention.get("value")
    title = str(mention.get("kind") if value in (None, "") else value)
    precision = mention.get("precision")
    interval = date_interval(mention)
    if interval and precision not in (None, ""):
        return f"{title} ({precision}: {interval})"
    if interval:
        return f"{title} ({interval})"
    if precision not in (None, "", "day"):
        return f"{title} ({precision})"
    return title


def date_interval(mention: dict[str, Any]) -> str | None:
    """The days a date covers, "first to last", when it covers more than one."""
    start, end = mention.get("date_start"), mention.get("date_end")
    if start and end and start != end:
        return f"{start} to {end}"
    return None


def highlight_claims(
    text: str, claims: Sequence[dict[str, Any]], claim_url: Callable[[int], str]
) -> Markup:
    """The article text, escaped, with each claim's sentence linked to its page and coloured."""
    spans = _find_spans(text, [(c.get("sentence") or "", c) for c in claims], longest_first=False)

    def claim_markup(inner: Markup, claim: dict[str, Any]) -> Markup:
        return Markup('<a class="claim status-{}" href="{}" title="Claim {}: {}">{}</a>').format(
            css_word(claim.get("status")),
            claim_url(int(claim["id"])),
            claim.get("seq"),
            claim.get("status") or "unchecked",
            inner,
        )

    return _wrap_spans(text, spans, claim_markup)


def _spans_at_offsets(sentence: str, mentions: Sequence[dict[str, Any]]) -> list[_Span]:
    spans: list[_Span] = []
    for mention in sorted(mentions, key=lambda m: -len(m.get("text") or "")):
        start, end, text = mention.get("char_start"), mention.get("char_end"), mention.get("text")
        if not isinstance(start, int) or not isinstance(end, int) or not text:
            continue
        if sentence[start:end] != text or not _free(start, end, spans):
            continue
        spans.append(_Span(start, end, mention))
    return spans


def _find_spans(
    text: str,
    needles: Sequence[tuple[str, dict[str, Any]]],
    *,
    longest_first: bool,
    taken: list[_Span] | None = None,
) -> list[_Span]:
    # Claims come in reading order, so each is looked for after the previous one first;
    # mentions are placed longest first so "29 October 2019" wins over "2019".
    order = sorted(needles, key=lambda n: -len(n[0])) if longest_first else list(needles)
    spans: list[_Span] = list(taken or [])
    cursor = 0
    for needle, item in order:
        if not needle:
            continue
        start = _free_occurrence(text, needle, spans, cursor)
        if start is None and cursor:
            start = _free_occurrence(text, needle, spans, 0)
        if start is None:
            continue
        spans.append(_Span(start, start + len(needle), item))
        if not longest_first:
            cursor = start + len(needle)
    return sorted(spans, key=lambda s: s.start)


def _free(start: int, end: int, taken: list[_Span]) -> bool:
    return all(end <= s.start or start >= s.end for s in taken)


def _free_occurrence(text: str, needle: str, taken: list[_Span], start_at: int) -> int | None:
    start = text.find(needle, start_at)
    while start != -1:
        if _free(start, start + len(needle), taken):
            return start
        start = text.find(needle, start + 1)
    return None


def _wrap_spans(
    text: str, spans: list[_Span], wrap: Callable[[Markup, dict[str, Any]], Markup]
) -> Markup:
    parts: list[Markup] = []
    position = 0
    for span in spans:
        parts.append(escape(text[position : span.start]))
        parts.append(wrap(escape(text[span.start : span.end]), span.item))
        position = span.end
    parts.append(escape(text[position:]))
    return Markup("").join(parts)


def _mention_markup(inner: Markup, mention: dict[str, Any]) -> Markup:
    return Markup('<mark class="mention-{}" title="{}">{}</mark>').format(
        css_word(mention.get("kind")), mention_title(mention), inner
    )
