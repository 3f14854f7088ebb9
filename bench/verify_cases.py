"""Source passages made from gold claims, to measure verification decisions against known answers.

For one gold claim (its sentence and annotated mentions) and the other claims of its article:

- a supporting passage: the sentence reworded mechanically (a leading clause or the date phrase
  moved, dates written in another format) between two sentences of unrelated claims;
- one contradicting passage per value it annotates: the sentence with exactly that value changed
  (another day, age +6, quantity x3, another place of the article, the verdict's opposite or
  its negation), between the same two sentences;
- an unrelated passage: sentences of other claims only.

Everything is derived from the gold alone, deterministically: the same gold gives the same cases.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bench.claims_scoring import Score

STATUSES = ("supported", "discrepancy", "not_found", "unavailable", "unchecked")
SCORED = ("supported", "discrepancy")
CHANGED_KINDS = ("date", "age", "quantity", "place", "verdict")
AGE_SHIFT = 6
QUANTITY_FACTOR = 3

_MONTHS = (
    "January February March April May June July August September October November December"
).split()
_MONTH_WORDS = {m.lower() for m in _MONTHS} | {m[:3].lower() for m in _MONTHS} | {"sept"}
_WEEKDAYS = {d.lower() for d in "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()}
_NUMBER_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty"
).split()
_MULTIPLES = {30: "thirty", 36: "thirty-six", 45: "forty-five", 60: "sixty"}
# Outcome words and the word for the opposite outcome, as news copy writes them.
_OPPOSITE_WORDS = {
    "convicted": "acquitted", "acquitted": "convicted", "granted": "denied", "given": "denied",
    "denied": "granted", "approved": "rejected", "rejected": "approved", "upheld": "overturned",
    "overturned": "upheld", "guilty": "not guilty",
}  # fmt: skip
_AUXILIARIES = {"was", "were", "is", "are", "has", "have", "had", "be", "been", "will", "would"}
_PREPOSITIONS = {"on", "in", "of", "since", "during", "by", "until", "before", "after", "from"}
_LEAD_MAX_WORDS = 8
_QUOTES = set('"“”‘’')
_DAY_NUMBER = re.compile(r"\b(\d{1,2})(st|nd|rd|th)?\b")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
_WORD = re.compile(r"[\w'’.-]+")


@dataclass
class Case:
    """One generated source passage for one gold claim, the status it calls for, and why."""

    article: str
    claim: int
    expected: str
    tests: str
    text: str
    changed: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The case for JSON."""
        return {
            "article": self.article,
            "claim": self.claim,
            "expected": self.expected,
            "tests": self.tests,
            "changed": self.changed,
            "text": self.text,
        }


def checkable(gold: Mapping[str, Any]) -> bool:
    """True for a gold claim with a date, age, quantity, place or verdict to check."""
    return any(gold.get(key) for key in ("dates", "ages", "quantities", "places", "verdicts"))


def cases_for(article: str, golds: Sequence[Mapping[str, Any]], index: int) -> list[Case]:
    """The supporting, contradicting and unrelated cases for the ``index``-th gold claim."""
    gold = golds[index]
    around = distractors(golds, index)
    before, after = (around + ["", ""])[:2]
    reworded, how = reworded_sentence(gold)
    cases = [Case(article, index, "supported", f"support: {how}", _joined(before, reworded, after))]
    places = article_places(golds)
    for kind, old, new, changed in perturbations(gold, places):
        tests = f"discrepancy: {kind} {old} -> {new}"
        text = _joined(before, changed, after)
        cases.append(Case(article, index, "discrepancy", tests, text, kind))
    if around:
        unrelated = _joined(*around[:3])
        cases.append(Case(article, index, "not_found", "not found: other claims only", unrelated))
    return cases


def distractors(golds: Sequence[Mapping[str, Any]], index: int, count: int = 3) -> list[str]:
    """Sentences of other claims sharing no annotated value with this one, following it."""
    gold = golds[index]
    found: list[str] = []
    for step in range(1, len(golds)):
        other = golds[(index + step) % len(golds)]
        text = str(other["sentence"])
        if text != gold["sentence"] and text not in found and not related(gold, other):
            found.append(text)
            if len(found) == count:
                break
    return found


def related(one: Mapping[str, Any], other: Mapping[str, Any]) -> bool:
    """True when two gold claims share a name, place, age or quantity, or overlapping dates."""
    if anchors(one) & anchors(other):
        return True
    ours, theirs = _date_values(one), _date_values(other)
    # "2019-10" (a month) overlaps "2019-10-01" (a day in it): one value starts the other.
    return any(a.startswith(b) or b.startswith(a) for a in ours for b in theirs)


def anchors(gold: Mapping[str, Any]) -> set[str]:
    """What a gold claim names, as comparable words: names, places, ages, quantities."""
    keys: set[str] = set()
    for person in gold.get("people") or []:
        keys |= {w.lower() for w in _WORD.findall(str(_value(person)))}
    keys |= {str(_value(place)).lower() for place in gold.get("places") or []}
    for key in ("ages", "quantities"):
        keys |= {f"{key}:{_value(item)}" for item in gold.get(key) or []}
    return keys


def _date_values(gold: Mapping[str, Any]) -> list[str]:
    return [str(_value(item)) for item in gold.get("dates") or []]


def article_places(golds: Iterable[Mapping[str, Any]]) -> list[str]:
    """Every place the article's gold names, in order of first mention."""
    return list(dict.fromkeys(str(_value(p)) for g in golds for p in g.get("places") or []))


def reworded_sentence(gold: Mapping[str, Any]) -> tuple[str, str]:
    """The sentence reworded (dates in another format, a clause moved) and what was done."""
    sentence = str(gold["sentence"])
    done: list[str] = []
    for item in gold.get("dates") or []:
        written = other_date_format(item)
        text = str(item.get("text") or "")
        if written and text and text in sentence and written != text:
            written = _with_preposition(sentence, text, written, item.get("precision"))
            sentence = sentence.replace(text, written, 1)
            done.append(f"date {text!r} as {written!r}")
    names = _name_words(gold)
    moved = moved_clause(sentence, names)
    if moved is not None:
        sentence = moved
        done.append("clause moved")
    return sentence, ", ".join(done) or "as written"


def other_date_format(item: Mapping[str, Any]) -> str | None:
    """A gold date written another way: "October 29" as "29 October 2019" and back."""
    value, precision, text = str(item.get("value")), item.get("precision"), str(item.get("text"))
    if precision == "day":
        day = _iso_day(value)
        if day is None:
            return None
        if text[:1].isdigit():
            return f"{_MONTHS[day.month - 1]} {day.day}, {day.year}"
        return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
    if precision == "month" and re.fullmatch(r"\d{4}-\d\d", value):
        year, month = int(value[:4]), int(value[5:])
        return f"{_MONTHS[month - 1]} {year}"
    return None


def moved_clause(sentence: str, names: set[str]) -> str | None:
    """The sentence with its leading clause moved to the end, or its date phrase to the front."""
    body = sentence.rstrip()
    if not body.endswith((".", "!", "?")) or body[:1] in "\"'“‘":
        return None
    end, body = body[-1], body[:-1]
    lead, comma, rest = body.partition(", ")
    lead_words = lead.split()
    if comma and len(lead_words) <= _LEAD_MAX_WORDS and len(rest.split()) >= 4:
        if not _QUOTES & set(lead) and all(_plain(w) for w in lead_words[1:]):
            return f"{_capital(rest)}, {_lower_first(lead, names)}{end}"
    phrase = re.search(r" (on|in) ((?:\d{1,2} )?[A-Z][a-z]+\.? \d{1,2}(?:, \d{4})?|\d{4})\b", body)
    if phrase and phrase.start() > 0:
        rest = body[: phrase.start()] + body[phrase.end() :]
        return f"{_capital(phrase.group(1))} {phrase.group(2)}, {_lower_first(rest, names)}{end}"
    return None


def perturbations(
    gold: Mapping[str, Any], places: Sequence[str]
) -> list[tuple[str, str, str, str]]:
    """One change per annotated kind: (kind, old text, new text, the changed sentence)."""
    sentence = str(gold["sentence"])
    found: list[tuple[str, str, str, str]] = []
    changes = (
        ("date", [_changed_date(d, sentence) for d in gold.get("dates") or []]),
        ("age", [_changed_age(a) for a in gold.get("ages") or []]),
        ("quantity", [_changed_quantity(q) for q in gold.get("quantities") or []]),
        ("place", [_changed_place(p, sentence, places) for p in gold.get("places") or []]),
        ("verdict", [_changed_verdict(v, sentence) for v in gold.get("verdicts") or []]),
    )
    for kind, options in changes:
        for option in options:
            if option is not None and option[0] in sentence and option[0] != option[1]:
                old, new = option
                found.append((kind, old, new, _replaced(sentence, old, new)))
                break
    return found


def status_score(results: Iterable[tuple[str, str]], status: str) -> Score:
    """Counts for one status over (expected, got) pairs: right, wrongly given, and missed."""
    score = Score()
    for expected, got in results:
        score.tp += expected == status == got
        score.fp += got == status != expected
        score.fn += expected == status != got
    return score


def confusion(results: Iterable[tuple[str, str]]) -> dict[str, dict[str, int]]:
    """How many cases expecting each status got each status: {expected: {got: count}}."""
    counts = Counter(results)
    expected = [s for s in STATUSES if any(e == s for e, _ in counts)]
    return {e: {g: counts[(e, g)] for g in STATUSES if counts[(e, g)]} for e in expected}


def _changed_date(item: Mapping[str, Any], sentence: str) -> tuple[str, str] | None:
    text, value, precision = str(item.get("text")), str(item.get("value")), item.get("precision")
    if precision == "day":
        named = any(w.lower().rstrip(".") in _MONTH_WORDS for w in _WORD.findall(text))
        number = _DAY_NUMBER.search(text)
        if number and not named:
            return None  # "9/11" names an event as much as a day
        if number:
            day = int(number.group(1))
            other = day + 7 if day <= 21 else day - 9
            return text, text[: number.start(1)] + str(other) + text[number.end(1) :]
        day_value = _iso_day(value)
        if day_value is None:
            return None
        other_day = day_value + datetime.timedelta(days=8)
        written = f"{_MONTHS[other_day.month - 1]} {other_day.day}, {other_day.year}"
        return text, _with_preposition(sentence, text, written, precision)
    if precision == "month" and re.fullmatch(r"\d{4}-\d\d", value):
        month = (int(value[5:]) + 3) % 12
        year = int(value[:4])
        for word in _WORD.findall(text):
            if word.lower().rstrip(".") in _MONTH_WORDS:
                return text, text.replace(word, _MONTHS[month], 1)
        return text, _with_preposition(sentence, text, f"{_MONTHS[month]} {year}", precision)
    if precision == "year":
        year_match = _YEAR.search(text)
        if year_match:
            return text, text.replace(year_match.group(), str(int(year_match.group()) - 3), 1)
    return None


def _changed_age(item: Any) -> tuple[str, str] | None:
    text = str(item.get("text") if isinstance(item, Mapping) else item)
    number = _NUMBER.search(text)
    if number is None:
        return None
    other = int(number.group().replace(",", "")) + AGE_SHIFT
    return text, text[: number.start()] + str(other) + text[number.end() :]


def _changed_quantity(item: Any) -> tuple[str, str] | None:
    text = str(item.get("text") if isinstance(item, Mapping) else item)
    number = _NUMBER.search(text)
    if number is not None:
        digits = number.group()
        whole = digits.replace(",", "")
        if "." in whole:
            return None
        tripled = int(whole) * QUANTITY_FACTOR
        written = f"{tripled:,}" if "," in digits else str(tripled)
        return text, text[: number.start()] + written + text[number.end() :]
    for word in _WORD.findall(text):
        if word.lower() in _NUMBER_WORDS:
            value = _NUMBER_WORDS.index(word.lower()) * QUANTITY_FACTOR
            words = _NUMBER_WORDS[value] if value < len(_NUMBER_WORDS) else _MULTIPLES.get(value)
            if words is None or value == 0:
                return None
            return text, re.sub(rf"\b{re.escape(word)}\b", words, text, count=1)
    return None


def _changed_place(place: Any, sentence: str, places: Sequence[str]) -> tuple[str, str] | None:
    name = str(_value(place))
    others = [p for p in places if p.lower() not in sentence.lower() and name not in p]
    if name not in sentence or not others:
        return None
    return name, others[0]


def _changed_verdict(item: Any, sentence: str) -> tuple[str, str] | None:
    text = str(item.get("text") if isinstance(item, Mapping) else item)
    words = text.split()
    for position, word in enumerate(words):
        opposite = _OPPOSITE_WORDS.get(word.lower())
        if opposite is not None:
            return text, " ".join([*words[:position], opposite, *words[position + 1 :]])
    if text.lower().startswith("not "):
        return text, text[4:]
    where = sentence.find(text)
    before = sentence[:where].split()[-1:] if where > 0 else []
    if before and before[0].lower() in _AUXILIARIES:
        return text, f"not {text}"
    return None


def _replaced(sentence: str, old: str, new: str) -> str:
    """``old`` replaced by ``new`` once, as a whole word where it can be."""
    pattern = re.compile(rf"(?<!\w){re.escape(old)}(?!\w)")
    if pattern.search(sentence):
        return pattern.sub(lambda _: new, sentence, count=1)
    return sentence.replace(old, new, 1)


def _with_preposition(sentence: str, text: str, written: str, precision: Any) -> str:
    """``written`` with "on" or "in" before it when the words it replaces had none before them."""
    where = sentence.find(text)
    before = sentence[:where].split()[-1:] if where > 0 else []
    if before and before[0].lower() in _PREPOSITIONS:
        return written
    with_word = f"{'on' if precision == 'day' else 'in'} {written}"
    return _capital(with_word) if where == 0 else with_word


def _joined(*sentences: str) -> str:
    return " ".join(s for s in sentences if s)


def _value(item: Any) -> Any:
    if isinstance(item, Mapping):
        return item.get("value") if item.get("value") is not None else item.get("text")
    return item


def _name_words(gold: Mapping[str, Any]) -> set[str]:
    names: set[str] = set()
    for key in ("people", "places"):
        for item in gold.get(key) or []:
            names |= set(_WORD.findall(str(_value(item))))
            if isinstance(item, Mapping):
                names |= set(_WORD.findall(str(item.get("text") or "")))
    return names


def _plain(word: str) -> bool:
    """True for a word a leading clause may hold: lowercase, or a month or weekday name."""
    bare = word.strip(",.;:'’")
    return not bare[:1].isupper() or bare.lower() in _MONTH_WORDS | _WEEKDAYS


def _lower_first(text: str, names: set[str]) -> str:
    first = text.split(" ", 1)[0]
    bare = first.strip(",.;:'’")
    if bare in names or bare.isupper() or bare == "I" or bare.lower() in _MONTH_WORDS | _WEEKDAYS:
        return text
    return text[:1].lower() + text[1:]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _iso_day(value: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value[:10])
    except ValueError:
        return None
